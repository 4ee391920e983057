/* SPDX-License-Identifier: MIT */
/*
 * test_url.c - database URL parsing: every accepted form and its parts, the round trip through
 * asql_url_string(), password masking, asql_url_replace(), and a long table of malformed URLs
 * whose messages must never contain the password.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asql/url.h"

/* A distinctive password: neither it nor any 4 characters of it occur in an English message. */
#define PW "Zq9xW7kV"

static void assert_no_secret(const char *text)
{
    const char *pw = PW;
    size_t i;
    ck_assert_ptr_null(strstr(text, pw));
    for (i = 0; i + 4 <= strlen(pw); i++) {
        char gram[5];
        memcpy(gram, pw + i, 4);
        gram[4] = '\0';
        ck_assert_msg(strstr(text, gram) == NULL, "\"%s\" leaks part of the password", text);
    }
}

static asql_url *parse_ok(const char *text)
{
    asql_url *u = NULL;
    asql_error err;
    int rc = asql_url_parse(&u, text, &err);
    ck_assert_msg(rc == ASQL_OK, "parsing \"%s\" failed: %s", text, err.message);
    ck_assert_ptr_nonnull(u);
    return u;
}

/* Parses `text`, expects EINVAL with `expect` in the message and no password anywhere. */
static void parse_fails(const char *text, const char *expect)
{
    asql_url *u = (asql_url *)&u;
    asql_error err;
    int rc = asql_url_parse(&u, text, &err);
    ck_assert_msg(rc == ASQL_EINVAL, "\"%s\" gave %d instead of ASQL_EINVAL", text, rc);
    ck_assert_ptr_null(u);
    ck_assert_int_eq(err.status, ASQL_EINVAL);
    ck_assert_msg(strstr(err.message, expect) != NULL, "\"%s\": message \"%s\" lacks \"%s\"", text,
                  err.message, expect);
    ck_assert_ptr_null(strchr(err.message, '\n'));
    ck_assert_str_eq(err.sqlstate, "");
    ck_assert_int_eq(err.klass, ASQL_ERRCLASS_NONE);
    assert_no_secret(err.message);
}

static void assert_str_or_null(const char *got, const char *want)
{
    if (want == NULL)
        ck_assert_ptr_null(got);
    else
        ck_assert_str_eq(got, want);
}

/* Every accessor of a and b gives the same answer. */
static void assert_same_url(const asql_url *a, const asql_url *b)
{
    int i;
    assert_str_or_null(asql_url_dialect(b), asql_url_dialect(a));
    assert_str_or_null(asql_url_driver(b), asql_url_driver(a));
    assert_str_or_null(asql_url_user(b), asql_url_user(a));
    assert_str_or_null(asql_url_password(b), asql_url_password(a));
    assert_str_or_null(asql_url_database(b), asql_url_database(a));
    assert_str_or_null(asql_url_unix_socket(b), asql_url_unix_socket(a));
    ck_assert_int_eq(asql_url_n_hosts(b), asql_url_n_hosts(a));
    for (i = 0; i < asql_url_n_hosts(a); i++) {
        ck_assert_str_eq(asql_url_host(b, i), asql_url_host(a, i));
        ck_assert_int_eq(asql_url_port(b, i), asql_url_port(a, i));
    }
    ck_assert_int_eq(asql_url_port(b, 0), asql_url_port(a, 0));
    ck_assert_int_eq(asql_url_n_options(b), asql_url_n_options(a));
    for (i = 0; i < asql_url_n_options(a); i++) {
        ck_assert_str_eq(asql_url_option_name(b, i), asql_url_option_name(a, i));
        ck_assert_str_eq(asql_url_option_value(b, i), asql_url_option_value(a, i));
    }
    ck_assert_str_eq(asql_url_string(b), asql_url_string(a));
}

/* ---- scheme ---------------------------------------------------------------------------------- */

START_TEST(test_scheme_names_dialect_and_optional_driver)
{
    static const struct {
        const char *url, *dialect, *driver;
    } cases[] = {
        {"postgresql://h/db", "postgresql", NULL},
        {"postgres://h/db", "postgresql", NULL},
        {"postgresql+asyncpg://h/db", "postgresql", "asyncpg"},
        {"postgres+psycopg_2://h/db", "postgresql", "psycopg_2"},
        {"PostgreSQL://h/db", "postgresql", NULL},
        {"mysql://h/db", "mysql", NULL},
        {"mysql+aiomysql://h/db", "mysql", "aiomysql"},
        {"mariadb://h/db", "mariadb", NULL},
        {"MARIADB+asyncmy://h/db", "mariadb", "asyncmy"},
        {"sqlite:///x.db", "sqlite", NULL},
        {"sqlite+aiosqlite:///x.db", "sqlite", "aiosqlite"},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        asql_url *u = parse_ok(cases[i].url);
        ck_assert_str_eq(asql_url_dialect(u), cases[i].dialect);
        assert_str_or_null(asql_url_driver(u), cases[i].driver);
        asql_url_free(u);
    }
}
END_TEST

START_TEST(test_unknown_scheme_is_einval_naming_it)
{
    parse_fails("oracle://u:" PW "@h/db", "unknown database scheme \"oracle\"");
    parse_fails("sqlite3:///x.db?cache=" PW, "unknown database scheme \"sqlite3\"");
    parse_fails("my.sql://u:" PW "@h/db", "unknown database scheme \"my.sql\"");
}
END_TEST

/* ---- user and password ---------------------------------------------------------------------- */

START_TEST(test_userinfo_is_percent_decoded)
{
    asql_url *u = parse_ok("postgresql://us%40er%3A:p%40ss%3Aw%2Fd%3F%23%25%20%2B@h/db");
    ck_assert_str_eq(asql_url_user(u), "us@er:");
    ck_assert_str_eq(asql_url_password(u), "p@ss:w/d?#% +");
    ck_assert_str_eq(asql_url_host(u, 0), "h");
    asql_url_free(u);

    u = parse_ok("postgresql://us%C3%A9r:p%0Aq%FF@h/db"); /* UTF-8 user, newline and 0xFF */
    ck_assert_str_eq(asql_url_user(u), "us\xc3\xa9r");
    ck_assert_str_eq(asql_url_password(u), "p\nq\xff");
    asql_url_free(u);

    u = parse_ok("postgresql://us\xc3\xa9r@h/db"); /* raw UTF-8 is kept as it is */
    ck_assert_str_eq(asql_url_user(u), "us\xc3\xa9r");
    ck_assert_ptr_null(asql_url_password(u));
    asql_url_free(u);
}
END_TEST

START_TEST(test_last_at_separates_userinfo_and_first_colon_the_password)
{
    asql_url *u = parse_ok("postgresql://scott:p@ss@w@rd@db.example.com:5432/app");
    ck_assert_str_eq(asql_url_user(u), "scott");
    ck_assert_str_eq(asql_url_password(u), "p@ss@w@rd");
    ck_assert_str_eq(asql_url_host(u, 0), "db.example.com");
    ck_assert_int_eq(asql_url_port(u, 0), 5432);
    asql_url_free(u);

    u = parse_ok("mysql://root:a:b:c@h/db");
    ck_assert_str_eq(asql_url_user(u), "root");
    ck_assert_str_eq(asql_url_password(u), "a:b:c");
    asql_url_free(u);
}
END_TEST

START_TEST(test_absent_or_empty_user_and_password_are_null)
{
    asql_url *u = parse_ok("postgresql://h/db");
    ck_assert_ptr_null(asql_url_user(u));
    ck_assert_ptr_null(asql_url_password(u));
    asql_url_free(u);
    u = parse_ok("postgresql://u:@h/db");
    ck_assert_str_eq(asql_url_user(u), "u");
    ck_assert_ptr_null(asql_url_password(u));
    asql_url_free(u);
    u = parse_ok("postgresql://:secret@h/db");
    ck_assert_ptr_null(asql_url_user(u));
    ck_assert_str_eq(asql_url_password(u), "secret");
    ck_assert_str_eq(asql_url_string(u), "postgresql://:secret@h/db");
    asql_url_free(u);
    u = parse_ok("postgresql://@h/db");
    ck_assert_ptr_null(asql_url_user(u));
    ck_assert_str_eq(asql_url_string(u), "postgresql://h/db");
    asql_url_free(u);
}
END_TEST

/* ---- hosts and ports ------------------------------------------------------------------------ */

START_TEST(test_host_and_port_are_read)
{
    asql_url *u = parse_ok("postgresql://db-1.example_net:6543/app");
    ck_assert_int_eq(asql_url_n_hosts(u), 1);
    ck_assert_str_eq(asql_url_host(u, 0), "db-1.example_net");
    ck_assert_int_eq(asql_url_port(u, 0), 6543);
    asql_url_free(u);

    u = parse_ok("mysql://127.0.0.1/app");
    ck_assert_str_eq(asql_url_host(u, 0), "127.0.0.1");
    ck_assert_int_eq(asql_url_port(u, 0), 0);
    asql_url_free(u);

    u = parse_ok("mysql://h:1/a");
    ck_assert_int_eq(asql_url_port(u, 0), 1);
    asql_url_free(u);
    u = parse_ok("mysql://h:65535/a");
    ck_assert_int_eq(asql_url_port(u, 0), 65535);
    asql_url_free(u);
    u = parse_ok("mysql://h:00080/a");
    ck_assert_int_eq(asql_url_port(u, 0), 80);
    asql_url_free(u);

    u = parse_ok("postgresql:///app");
    ck_assert_int_eq(asql_url_n_hosts(u), 0);
    ck_assert_ptr_null(asql_url_host(u, 0));
    ck_assert_str_eq(asql_url_database(u), "app");
    asql_url_free(u);
}
END_TEST

START_TEST(test_ipv6_host_loses_its_brackets)
{
    asql_url *u = parse_ok("postgresql://u@[::1]:5433/db");
    ck_assert_str_eq(asql_url_host(u, 0), "::1");
    ck_assert_int_eq(asql_url_port(u, 0), 5433);
    ck_assert_str_eq(asql_url_string(u), "postgresql://u@[::1]:5433/db");
    asql_url_free(u);

    u = parse_ok("mariadb://[2001:db8::10]/db");
    ck_assert_str_eq(asql_url_host(u, 0), "2001:db8::10");
    ck_assert_int_eq(asql_url_port(u, 0), 0);
    asql_url_free(u);

    u = parse_ok("mysql://[::ffff:127.0.0.1]:3306/db");
    ck_assert_str_eq(asql_url_host(u, 0), "::ffff:127.0.0.1");
    asql_url_free(u);
}
END_TEST

START_TEST(test_postgresql_takes_several_hosts_each_with_its_port)
{
    asql_url *u = parse_ok("postgresql://u:p@h1:5432,h2,[::1]:5434/db?target_session_attrs=any");
    ck_assert_int_eq(asql_url_n_hosts(u), 3);
    ck_assert_str_eq(asql_url_host(u, 0), "h1");
    ck_assert_int_eq(asql_url_port(u, 0), 5432);
    ck_assert_str_eq(asql_url_host(u, 1), "h2");
    ck_assert_int_eq(asql_url_port(u, 1), 0);
    ck_assert_str_eq(asql_url_host(u, 2), "::1");
    ck_assert_int_eq(asql_url_port(u, 2), 5434);
    ck_assert_ptr_null(asql_url_host(u, 3));
    ck_assert_int_eq(asql_url_port(u, 3), 0);
    ck_assert_ptr_null(asql_url_host(u, -1));
    ck_assert_int_eq(asql_url_port(u, -1), 0);
    ck_assert_str_eq(asql_url_string(u),
                     "postgresql://u:p@h1:5432,h2,[::1]:5434/db?target_session_attrs=any");
    asql_url_free(u);
}
END_TEST

/* ---- database ---------------------------------------------------------------------------------
 */

START_TEST(test_database_is_percent_decoded_and_null_when_absent)
{
    asql_url *u = parse_ok("postgresql://h/my%20db%2F%3F%25");
    ck_assert_str_eq(asql_url_database(u), "my db/?%");
    asql_url_free(u);
    u = parse_ok("postgresql://h/");
    ck_assert_ptr_null(asql_url_database(u));
    asql_url_free(u);
    u = parse_ok("postgresql://h");
    ck_assert_ptr_null(asql_url_database(u));
    asql_url_free(u);
    u = parse_ok("postgresql://h?application_name=x");
    ck_assert_ptr_null(asql_url_database(u));
    ck_assert_str_eq(asql_url_option(u, "application_name"), "x");
    asql_url_free(u);
    u = parse_ok("mysql://h/a/b");
    ck_assert_str_eq(asql_url_database(u), "a/b");
    asql_url_free(u);
}
END_TEST

/* ---- unix sockets --------------------------------------------------------------------------- */

START_TEST(test_unix_socket_comes_from_host_or_unix_socket_option)
{
    asql_url *u = parse_ok("postgresql://u@/db?host=/var/run/postgresql");
    ck_assert_str_eq(asql_url_unix_socket(u), "/var/run/postgresql");
    ck_assert_int_eq(asql_url_n_hosts(u), 0);
    ck_assert_int_eq(asql_url_n_options(u), 0); /* consumed, not an option */
    ck_assert_ptr_null(asql_url_option(u, "host"));
    ck_assert_str_eq(asql_url_string(u), "postgresql://u@/db?host=/var/run/postgresql");
    asql_url_free(u);

    u = parse_ok("mysql://u:p@/db?unix_socket=/run/mysqld/mysqld.sock&ssl=false");
    ck_assert_str_eq(asql_url_unix_socket(u), "/run/mysqld/mysqld.sock");
    ck_assert_int_eq(asql_url_n_options(u), 1);
    ck_assert_str_eq(asql_url_string(u),
                     "mysql://u:p@/db?ssl=false&unix_socket=/run/mysqld/mysqld.sock");
    asql_url_free(u);

    u = parse_ok("mariadb://u@/db?host=%2Frun%2Fmy%20sock");
    ck_assert_str_eq(asql_url_unix_socket(u), "/run/my sock");
    asql_url_free(u);
}
END_TEST

START_TEST(test_port_without_host_goes_with_the_unix_socket)
{
    asql_url *u = parse_ok("postgresql://u@:5433/db?host=/tmp/pg");
    ck_assert_int_eq(asql_url_n_hosts(u), 0);
    ck_assert_int_eq(asql_url_port(u, 0), 5433);
    ck_assert_int_eq(asql_url_port(u, 1), 0);
    ck_assert_str_eq(asql_url_unix_socket(u), "/tmp/pg");
    ck_assert_str_eq(asql_url_string(u), "postgresql://u@:5433/db?host=/tmp/pg");
    asql_url_free(u);
}
END_TEST

/* ---- sqlite --------------------------------------------------------------------------------- */

START_TEST(test_sqlite_paths_and_memory)
{
    static const struct {
        const char *url, *database;
    } cases[] = {
        {"sqlite:///relative.db", "relative.db"},
        {"sqlite:///dir/sub/x.db", "dir/sub/x.db"},
        {"sqlite:////abs.db", "/abs.db"},
        {"sqlite:////var/lib/app/x.db", "/var/lib/app/x.db"},
        {"sqlite:///:memory:", ":memory:"},
        {"sqlite://", ":memory:"},
        {"sqlite:///", ":memory:"},
        {"sqlite:///my%20file%23.db", "my file#.db"},
        {"sqlite:///C:/data/x.db", "C:/data/x.db"},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        asql_url *u = parse_ok(cases[i].url);
        ck_assert_str_eq(asql_url_dialect(u), "sqlite");
        ck_assert_str_eq(asql_url_database(u), cases[i].database);
        ck_assert_int_eq(asql_url_n_hosts(u), 0);
        ck_assert_ptr_null(asql_url_user(u));
        asql_url_free(u);
    }
}
END_TEST

START_TEST(test_sqlite_takes_query_options)
{
    asql_url *u = parse_ok("sqlite://?mode=memory&cache=shared");
    ck_assert_str_eq(asql_url_database(u), ":memory:");
    ck_assert_int_eq(asql_url_n_options(u), 2);
    ck_assert_str_eq(asql_url_option(u, "cache"), "shared");
    ck_assert_str_eq(asql_url_string(u), "sqlite:///:memory:?mode=memory&cache=shared");
    asql_url_free(u);
    u = parse_ok("sqlite+aiosqlite:////tmp/x.db?max_size=1");
    ck_assert_str_eq(asql_url_database(u), "/tmp/x.db");
    ck_assert_str_eq(asql_url_option(u, "max_size"), "1");
    ck_assert_str_eq(asql_url_string(u), "sqlite+aiosqlite:////tmp/x.db?max_size=1");
    asql_url_free(u);
}
END_TEST

/* ---- options -------------------------------------------------------------------------------- */

START_TEST(test_options_keep_order_and_are_percent_decoded)
{
    asql_url *u = parse_ok("postgresql://h/db?b=2&a=1&ap%70lication_name=my%20app%26co&"
                           "options=-c%20search_path%3Dx&e=&plus=a+b&eq=x=y");
    ck_assert_int_eq(asql_url_n_options(u), 7);
    ck_assert_str_eq(asql_url_option_name(u, 0), "b");
    ck_assert_str_eq(asql_url_option_value(u, 0), "2");
    ck_assert_str_eq(asql_url_option_name(u, 1), "a");
    ck_assert_str_eq(asql_url_option_name(u, 2), "application_name");
    ck_assert_str_eq(asql_url_option(u, "application_name"), "my app&co");
    ck_assert_str_eq(asql_url_option(u, "options"), "-c search_path=x");
    ck_assert_str_eq(asql_url_option(u, "e"), "");
    ck_assert_str_eq(asql_url_option(u, "plus"), "a+b"); /* '+' is not a space */
    ck_assert_str_eq(asql_url_option(u, "eq"), "x=y");
    ck_assert_ptr_null(asql_url_option(u, "missing"));
    ck_assert_ptr_null(asql_url_option(u, NULL));
    ck_assert_ptr_null(asql_url_option_name(u, 7));
    ck_assert_ptr_null(asql_url_option_value(u, -1));
    asql_url_free(u);

    u = parse_ok("postgresql://h/db?");
    ck_assert_int_eq(asql_url_n_options(u), 0);
    asql_url_free(u);
}
END_TEST

START_TEST(test_hostile_characters_are_kept_as_data)
{
    asql_url *u = parse_ok("postgresql://o'k\"\\:a'b\"c\\d$1:x@h/d'b$1:x?"
                           "application_name=%27%22%5C%241%3F%3Ax%FF&q=b?c&r=:x&s=$1");
    asql_url *v;
    ck_assert_str_eq(asql_url_user(u), "o'k\"\\");
    ck_assert_str_eq(asql_url_password(u), "a'b\"c\\d$1:x");
    ck_assert_str_eq(asql_url_database(u), "d'b$1:x");
    ck_assert_str_eq(asql_url_option(u, "application_name"), "'\"\\$1?:x\xff");
    ck_assert_str_eq(asql_url_option(u, "q"), "b?c");
    ck_assert_str_eq(asql_url_option(u, "r"), ":x");
    ck_assert_str_eq(asql_url_option(u, "s"), "$1");
    v = parse_ok(asql_url_string(u));
    assert_same_url(u, v);
    asql_url_free(v);
    asql_url_free(u);
}
END_TEST

/* ---- text forms ----------------------------------------------------------------------------- */

START_TEST(test_string_is_canonical_and_parses_back_to_the_same_url)
{
    static const struct {
        const char *url, *text;
    } cases[] = {
        {"postgres://u:p@h:5432/db", "postgresql://u:p@h:5432/db"},
        {"POSTGRESQL+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"},
        {"postgresql://u:p@ss@h/db", "postgresql://u:p%40ss@h/db"},
        {"postgresql://u%7e:a%2fb@h/db", "postgresql://u~:a%2Fb@h/db"},
        {"mysql://h:0003306/db?a=%41", "mysql://h:3306/db?a=A"},
        {"sqlite://", "sqlite:///:memory:"},
        {"sqlite:////abs.db", "sqlite:////abs.db"},
        {"postgresql://h/db?x=a%26b%3Dc%2Bd%25", "postgresql://h/db?x=a%26b%3Dc%2Bd%25"},
        {"postgresql:///db?host=/s", "postgresql:///db?host=/s"},
    };
    static const char *const more[] = {
        "postgresql://u:p@h1:5432,h2,[::1]:5434/db?application_name=x",
        "postgresql://us%C3%A9r:p%0Aq%FF%25@[fe80::1]/my%20db?o%20p=v%20w",
        "mysql://u@/db?unix_socket=/run/mysqld/mysqld.sock",
        "mariadb+x://:only@h:1/d",
        "postgresql://u@:5433/db?host=/tmp/pg",
        "sqlite:///relative%20name.db?mode=ro",
        "postgresql://h//leading-slash",
        ("postgresql:///db?password=" PW),
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        asql_url *u = parse_ok(cases[i].url), *v;
        ck_assert_str_eq(asql_url_string(u), cases[i].text);
        v = parse_ok(asql_url_string(u));
        assert_same_url(u, v);
        asql_url_free(v);
        asql_url_free(u);
    }
    for (i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
        asql_url *u = parse_ok(more[i]), *v = parse_ok(asql_url_string(u));
        assert_same_url(u, v);
        asql_url_free(v);
        asql_url_free(u);
    }
}
END_TEST

START_TEST(test_every_byte_in_the_parts_survives_the_round_trip)
{
    char text[256];
    asql_url_parts parts = ASQL_URL_PARTS_INIT;
    asql_url *base = parse_ok("postgresql://h/db"), *u, *v;
    asql_error err;
    int i;
    for (i = 1; i < 256; i++)
        text[i - 1] = (char)i;
    text[255] = '\0';
    parts.user = text;
    parts.password = text;
    parts.database = text;
    ck_assert_int_eq(asql_url_replace(&u, base, &parts, &err), ASQL_OK);
    ck_assert_str_eq(asql_url_password(u), text);
    v = parse_ok(asql_url_string(u));
    ck_assert_str_eq(asql_url_user(v), text);
    ck_assert_str_eq(asql_url_password(v), text);
    ck_assert_str_eq(asql_url_database(v), text);
    assert_same_url(u, v);
    asql_url_free(v);
    asql_url_free(u);
    asql_url_free(base);
}
END_TEST

START_TEST(test_masked_hides_the_password_and_password_options)
{
    asql_url *u = parse_ok("postgresql+asyncpg://admin:" PW "%21@h:5432/db?ssl=require");
    ck_assert_str_eq(asql_url_password(u), PW "!");
    ck_assert_str_eq(asql_url_masked(u),
                     "postgresql+asyncpg://admin:********@h:5432/db?ssl=require");
    ck_assert_str_eq(asql_url_string(u),
                     "postgresql+asyncpg://admin:" PW "%21@h:5432/db?ssl=require");
    assert_no_secret(asql_url_masked(u));
    asql_url_free(u);

    u = parse_ok("postgresql://u@h/db?sslPassword=" PW "&password=" PW "&x=1");
    ck_assert_str_eq(asql_url_masked(u),
                     "postgresql://u@h/db?sslPassword=********&password=********&x=1");
    asql_url_free(u);

    u = parse_ok("postgresql://u@h/db"); /* nothing to hide: the same text */
    ck_assert_str_eq(asql_url_masked(u), asql_url_string(u));
    asql_url_free(u);

    u = parse_ok("postgresql://:" PW "@h/db");
    ck_assert_str_eq(asql_url_masked(u), "postgresql://:********@h/db");
    asql_url_free(u);
}
END_TEST

/* ---- replace -------------------------------------------------------------------------------- */

static asql_url *replace_ok(const asql_url *u, const asql_url_parts *parts)
{
    asql_url *out = NULL;
    asql_error err;
    int rc = asql_url_replace(&out, u, parts, &err);
    ck_assert_msg(rc == ASQL_OK, "replace failed: %s", err.message);
    return out;
}

static void replace_fails(const asql_url *u, const asql_url_parts *parts, const char *expect)
{
    asql_url *out = (asql_url *)&out;
    asql_error err;
    ck_assert_int_eq(asql_url_replace(&out, u, parts, &err), ASQL_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_msg(strstr(err.message, expect) != NULL, "message \"%s\" lacks \"%s\"", err.message,
                  expect);
    assert_no_secret(err.message);
}

START_TEST(test_replace_changes_only_the_given_parts)
{
    asql_url *u = parse_ok("postgresql+asyncpg://u:" PW "@h1:5432,h2:5433/db?application_name=a");
    asql_url_parts parts = ASQL_URL_PARTS_INIT;
    asql_url *r;

    parts.database = "test_db";
    r = replace_ok(u, &parts);
    ck_assert_str_eq(asql_url_string(r),
                     "postgresql+asyncpg://u:" PW "@h1:5432,h2:5433/test_db?application_name=a");
    asql_url_free(r);
    ck_assert_str_eq(asql_url_database(u), "db"); /* the original is untouched */

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.user = "new user";
    parts.password = "p@ss/w";
    parts.driver = "";
    r = replace_ok(u, &parts);
    ck_assert_ptr_null(asql_url_driver(r));
    ck_assert_str_eq(asql_url_user(r), "new user");
    ck_assert_str_eq(asql_url_string(r),
                     "postgresql://new%20user:p%40ss%2Fw@h1:5432,h2:5433/db?application_name=a");
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.host = "[::1]"; /* one host replaces all of them, keeping the first port */
    r = replace_ok(u, &parts);
    ck_assert_int_eq(asql_url_n_hosts(r), 1);
    ck_assert_str_eq(asql_url_host(r, 0), "::1");
    ck_assert_int_eq(asql_url_port(r, 0), 5432);
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.port = 6000; /* every host takes the port */
    r = replace_ok(u, &parts);
    ck_assert_int_eq(asql_url_port(r, 0), 6000);
    ck_assert_int_eq(asql_url_port(r, 1), 6000);
    ck_assert_int_eq(asql_url_port(u, 1), 5433);
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.host = "localhost";
    parts.port = 7000;
    parts.password = "";
    parts.database = "";
    parts.dialect = "postgres";
    r = replace_ok(u, &parts);
    ck_assert_str_eq(asql_url_string(r),
                     "postgresql+asyncpg://u@localhost:7000?application_name=a");
    asql_url_free(r);
    asql_url_free(u);
}
END_TEST

START_TEST(test_replace_dialect_checks_the_new_combination)
{
    asql_url *u = parse_ok("postgresql://u:" PW "@h1,h2/db");
    asql_url *s = parse_ok("sqlite:///x.db");
    asql_url_parts parts = ASQL_URL_PARTS_INIT;
    asql_url *r;

    parts.dialect = "mysql";
    replace_fails(u, &parts, "several hosts are only supported by postgresql");
    parts.host = "h";
    r = replace_ok(u, &parts);
    ck_assert_str_eq(asql_url_string(r), "mysql://u:" PW "@h/db");
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.dialect = "sqlite";
    replace_fails(u, &parts, "sqlite URL takes no user");
    parts.dialect = "oracle";
    replace_fails(u, &parts, "unknown database dialect \"oracle\"");

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.database = "";
    r = replace_ok(s, &parts);
    ck_assert_str_eq(asql_url_database(r), ":memory:");
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.dialect = "mariadb";
    parts.host = "127.0.0.1";
    r = replace_ok(s, &parts);
    ck_assert_str_eq(asql_url_string(r), "mariadb://127.0.0.1");
    asql_url_free(r);
    asql_url_free(s);
    asql_url_free(u);
}
END_TEST

START_TEST(test_replace_keeps_the_unix_socket_and_options)
{
    asql_url *u = parse_ok("mysql://u:" PW "@/db?unix_socket=/run/m.sock&ssl=false");
    asql_url *p = parse_ok("postgresql://u@/db?host=/tmp/pg");
    asql_url_parts parts = ASQL_URL_PARTS_INIT;
    asql_url *r;

    parts.database = "other";
    r = replace_ok(u, &parts);
    ck_assert_str_eq(asql_url_string(r),
                     "mysql://u:" PW "@/other?ssl=false&unix_socket=/run/m.sock");
    ck_assert_str_eq(asql_url_masked(r),
                     "mysql://u:********@/other?ssl=false&unix_socket=/run/m.sock");
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.port = 5433; /* no host: the port goes with the socket */
    r = replace_ok(p, &parts);
    ck_assert_int_eq(asql_url_n_hosts(r), 0);
    ck_assert_int_eq(asql_url_port(r, 0), 5433);
    ck_assert_str_eq(asql_url_string(r), "postgresql://u@:5433/db?host=/tmp/pg");
    asql_url_free(r);

    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.host = "h"; /* a host and a socket exclude each other */
    replace_fails(p, &parts, "both a host and a unix socket");
    asql_url_free(p);
    asql_url_free(u);
}
END_TEST

START_TEST(test_replace_refuses_bad_parts)
{
    asql_url *u = parse_ok("postgresql://u:" PW "@h/db"), *out = NULL;
    asql_url_parts parts = ASQL_URL_PARTS_INIT;
    asql_error err;

    parts.port = 65536;
    replace_fails(u, &parts, "port");
    parts.port = -1;
    replace_fails(u, &parts, "port");
    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.host = "bad host";
    replace_fails(u, &parts, "invalid character in a host name");
    parts.host = "[zz::1]";
    replace_fails(u, &parts, "invalid IPv6 address");
    parts.host = "h1,h2";
    replace_fails(u, &parts, "invalid character in a host name");
    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.driver = "a+b";
    replace_fails(u, &parts, "driver");
    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.version = 99;
    replace_fails(u, &parts, "version 99");
    parts = (asql_url_parts)ASQL_URL_PARTS_INIT;
    parts.host = "";
    parts.port = 5432;
    replace_fails(u, &parts, "a port needs a host");

    ck_assert_int_eq(asql_url_replace(&out, NULL, &parts, &err), ASQL_EINVAL);
    ck_assert_int_eq(asql_url_replace(&out, u, NULL, NULL), ASQL_EINVAL);
    ck_assert_int_eq(asql_url_replace(NULL, u, &parts, NULL), ASQL_EINVAL);
    asql_url_free(u);
}
END_TEST

/* ---- malformed ------------------------------------------------------------------------------ */

START_TEST(test_malformed_urls_are_einval_with_a_clear_message_and_no_password)
{
    static const struct {
        const char *url, *expect;
    } cases[] = {
        {"", "empty URL"},
        {"postgresql", "must start with a scheme"},
        {"localhost/db", "must start with a scheme"},
        {"postgresql:/u:" PW "@h/db", "must start with a scheme"},
        {"postgresql:u:" PW "@h/db", "must start with a scheme"},
        {"1pg://u:" PW "@h/db", "must start with a scheme"},
        {"://u:" PW "@h/db", "must start with a scheme"},
        {"postgresql+://u:" PW "@h/db", "empty driver name"},
        {"postgresql+a-b://u:" PW "@h/db", "invalid character in the driver"},
        {"postgresql+a+b://u:" PW "@h/db", "invalid character in the driver"},
        {"postgresql://u:" PW "@h:0/db", "port must be a number from 1 to 65535"},
        {"postgresql://u:" PW "@h:65536/db", "port must be a number from 1 to 65535"},
        {"postgresql://u:" PW "@h:99999999999999999999/db", "port must be a number"},
        {"postgresql://u:" PW "@h:-1/db", "port must be a number"},
        {"postgresql://u:" PW "@h:+1/db", "port must be a number"},
        {"postgresql://u:" PW "@h:54a/db", "port must be a number"},
        {"postgresql://u:" PW "@h:/db", "empty port"},
        {"postgresql://u:" PW "@[::1]:/db", "empty port"},
        {"postgresql://u:" PW "@:5432/db", "a port needs a host"},
        {"mysql://u:" PW "@:3306/db", "a port needs a host"},
        {"postgresql://u:" PW "@[::1/db", "unclosed '['"},
        {"postgresql://u:" PW "@[::1]x/db", "unexpected characters after an IPv6 host"},
        {"postgresql://u:" PW "@[zz::1]/db", "invalid IPv6 address"},
        {"postgresql://u:" PW "@[]/db", "brackets in a host are for IPv6"},
        {"postgresql://u:" PW "@[localhost]/db", "brackets in a host are for IPv6"},
        {"postgresql://u:" PW "@::1/db", "must be in brackets"},
        {"postgresql://u:" PW "@h:1:2/db", "must be in brackets"},
        {"mysql://u:" PW "@h1,h2/db", "several hosts are only supported by postgresql"},
        {"mariadb://u:" PW "@[::1],h/db", "several hosts are only supported by postgresql"},
        {"postgresql://u:" PW "@h1,,h2/db", "empty host"},
        {"postgresql://u:" PW "@h1,/db", "empty host"},
        {"postgresql://u:" PW "@,h1/db", "empty host"},
        {"postgresql://u:" PW "@h1,:5432/db", "empty host"},
        {"postgresql://u:" PW "@h%41/db", "cannot be percent-encoded"},
        {"postgresql://u:" PW "@h!st/db", "invalid character in a host name"},
        {"postgresql://u:" PW "@h\xff/db", "invalid character in a host name"},
        {"postgresql://u:" PW "@h[1]/db", "invalid character in a host name"},
        {"postgresql://u:" PW "@h/d%4", "malformed percent escape in the database name"},
        {"postgresql://u:" PW "@h/d%", "malformed percent escape in the database name"},
        {"postgresql://u:" PW "@h/d%zz", "malformed percent escape in the database name"},
        {"postgresql://u:" PW "%2@h/db", "malformed percent escape in the password"},
        {"postgresql://u:" PW "%@h/db", "malformed percent escape in the password"},
        {"postgresql://u:" PW "%g0@h/db", "malformed percent escape in the password"},
        {"postgresql://u%:" PW "@h/db", "malformed percent escape in the user name"},
        {"postgresql://u:" PW "%00@h/db", "%00 (NUL) in the password"},
        {"postgresql://u%00:" PW "@h/db", "%00 (NUL) in the user name"},
        {"postgresql://u:" PW "@h/d%00b", "%00 (NUL) in the database name"},
        {"postgresql://u:" PW "@h/db?a=%00", "%00 (NUL) in an option value"},
        {"postgresql://u:" PW "@h/db?a%00=1", "%00 (NUL) in an option name"},
        {"postgresql://u:" PW "@h/db?a=%G1", "malformed percent escape in an option value"},
        {"postgresql://u:" PW "@h/db?%=1", "malformed percent escape in an option name"},
        {"postgresql://u:" PW "@h/db?a=1&&b=2", "empty option"},
        {"postgresql://u:" PW "@h/db?a=1&", "empty option"},
        {"postgresql://u:" PW "@h/db?&a=1", "empty option"},
        {"postgresql://u:" PW "@h/db?a", "has no '='"},
        {"postgresql://u:" PW "@h/db?=1", "has no name"},
        {"postgresql://u:" PW "@h/db?a=1&a=2", "given twice"},
        {"postgresql://u:" PW "@h/db?host=relative", "must be an absolute path"},
        {"postgresql://u:" PW "@h/db?host=", "must be an absolute path"},
        {"mysql://u:" PW "@/db?unix_socket=rel.sock", "must be an absolute path"},
        {"postgresql://u:" PW "@h/db?host=/tmp", "both a host and a unix socket"},
        {"mysql://u:" PW "@h/db?unix_socket=/tmp/s", "both a host and a unix socket"},
        {"postgresql://u:" PW "@/db?host=/a&unix_socket=/b", "unix socket is given twice"},
        {"postgresql://u:" PW "@/db?host=/a&host=/a", "unix socket is given twice"},
        {"postgresql://u:" PW "@h/my db", "space or a control character"},
        {" postgresql://u:" PW "@h/db", "space or a control character (at offset 0)"},
        {"postgresql://u:" PW "@h/db\n", "space or a control character"},
        {"postgresql://u:" PW "@h/db\t", "space or a control character"},
        {"postgresql://u:" PW "@h/db\x7f", "space or a control character"},
        {"postgresql://u:" PW "\x01@h/db", "space or a control character"},
        {"postgresql://u:" PW "@h/db#frag", "contains '#'"},
        {"postgresql://u:" PW "#x@h/db", "contains '#'"},
        {"postgresql://u:" PW "/x@h/db", "unencoded '@' after the host"},
        {"postgresql://u:" PW "?x@h/db", "unencoded '@' after the host"},
        {"postgresql://u:12/" PW "@h/db", "unencoded '@' after the host"},
        {"postgresql://u:" PW "@h/db@x", "unencoded '@' after the host"},
        {"postgresql://u:" PW "@h/db?a=b@c", "unencoded '@' after the host"},
        {"sqlite://u:" PW "@/x.db", "sqlite URL takes no user, password, host"},
        {"sqlite://:" PW "@", "sqlite URL takes no user, password, host"},
        {"sqlite://relative.db?cache=" PW, "sqlite URL takes no user, password, host"},
        {"sqlite://:5/x.db?cache=" PW, "sqlite URL takes no"},
        {"sqlite:///x.db?unix_socket=/tmp/s&cache=" PW, "sqlite URL takes no"},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        parse_fails(cases[i].url, cases[i].expect);
}
END_TEST

#define BIG_PREFIX "postgresql://u:" PW "@h/"

START_TEST(test_urls_up_to_16384_bytes_parse_and_longer_ones_are_einval)
{
    char *big = malloc(16386);
    asql_url *u;
    ck_assert_ptr_nonnull(big);
    memcpy(big, BIG_PREFIX, strlen(BIG_PREFIX));
    memset(big + strlen(BIG_PREFIX), 'd', 16384 - strlen(BIG_PREFIX));
    big[16384] = '\0';
    u = parse_ok(big);
    ck_assert_uint_eq(strlen(asql_url_database(u)), 16384 - strlen(BIG_PREFIX));
    asql_url_free(u);
    big[16384] = 'd';
    big[16385] = '\0';
    parse_fails(big, "longer than 16384 bytes");

    /* A 300-character host name. */
    strcpy(big, "postgresql://u:" PW "@");
    memset(big + strlen(big), 'h', 300);
    strcpy(big + strlen("postgresql://u:" PW "@") + 300, "/db");
    parse_fails(big, "longer than 255");
    free(big);
}
END_TEST

START_TEST(test_many_hosts_and_options_are_all_kept)
{
    char *text = malloc(16384), *p;
    asql_url *u, *v;
    int i;
    ck_assert_ptr_nonnull(text);
    p = text + sprintf(text, "postgresql://u@");
    for (i = 0; i < 300; i++)
        p += sprintf(p, "%sh%d:%d", i ? "," : "", i, 1000 + i);
    p += sprintf(p, "/db");
    for (i = 0; i < 500; i++)
        p += sprintf(p, "%co%d=%d", i ? '&' : '?', i, i * 7);
    u = parse_ok(text);
    ck_assert_int_eq(asql_url_n_hosts(u), 300);
    ck_assert_str_eq(asql_url_host(u, 299), "h299");
    ck_assert_int_eq(asql_url_port(u, 299), 1299);
    ck_assert_int_eq(asql_url_n_options(u), 500);
    ck_assert_str_eq(asql_url_option(u, "o499"), "3493");
    ck_assert_str_eq(asql_url_string(u), text);
    v = parse_ok(asql_url_string(u));
    assert_same_url(u, v);
    asql_url_free(v);
    asql_url_free(u);
    free(text);
}
END_TEST

START_TEST(test_null_arguments_are_einval_and_accessors_null_safe)
{
    asql_url *u = (asql_url *)&u;
    asql_error err;
    ck_assert_int_eq(asql_url_parse(&u, NULL, &err), ASQL_EINVAL);
    ck_assert_ptr_null(u);
    ck_assert_int_eq(asql_url_parse(NULL, "sqlite://", NULL), ASQL_EINVAL);
    ck_assert_int_eq(asql_url_parse(&u, "bogus", NULL), ASQL_EINVAL); /* err may be NULL */
    asql_url_free(NULL);
    ck_assert_ptr_null(asql_url_dialect(NULL));
    ck_assert_ptr_null(asql_url_driver(NULL));
    ck_assert_ptr_null(asql_url_user(NULL));
    ck_assert_ptr_null(asql_url_password(NULL));
    ck_assert_ptr_null(asql_url_database(NULL));
    ck_assert_ptr_null(asql_url_unix_socket(NULL));
    ck_assert_ptr_null(asql_url_host(NULL, 0));
    ck_assert_int_eq(asql_url_port(NULL, 0), 0);
    ck_assert_int_eq(asql_url_n_hosts(NULL), 0);
    ck_assert_int_eq(asql_url_n_options(NULL), 0);
    ck_assert_ptr_null(asql_url_option_name(NULL, 0));
    ck_assert_ptr_null(asql_url_option_value(NULL, 0));
    ck_assert_ptr_null(asql_url_option(NULL, "a"));
    ck_assert_ptr_null(asql_url_string(NULL));
    ck_assert_ptr_null(asql_url_masked(NULL));
}
END_TEST

static Suite *url_suite(void)
{
    Suite *s = suite_create("exec_url");
    struct {
        const char *name;
        const TTest *tests[4];
    } cases[] = {
        {"scheme",
         {test_scheme_names_dialect_and_optional_driver, test_unknown_scheme_is_einval_naming_it}},
        {"userinfo",
         {test_userinfo_is_percent_decoded,
          test_last_at_separates_userinfo_and_first_colon_the_password,
          test_absent_or_empty_user_and_password_are_null}},
        {"hosts",
         {test_host_and_port_are_read, test_ipv6_host_loses_its_brackets,
          test_postgresql_takes_several_hosts_each_with_its_port}},
        {"database", {test_database_is_percent_decoded_and_null_when_absent}},
        {"unix_socket",
         {test_unix_socket_comes_from_host_or_unix_socket_option,
          test_port_without_host_goes_with_the_unix_socket}},
        {"sqlite", {test_sqlite_paths_and_memory, test_sqlite_takes_query_options}},
        {"options",
         {test_options_keep_order_and_are_percent_decoded,
          test_hostile_characters_are_kept_as_data}},
        {"round_trip",
         {test_string_is_canonical_and_parses_back_to_the_same_url,
          test_every_byte_in_the_parts_survives_the_round_trip}},
        {"masking", {test_masked_hides_the_password_and_password_options}},
        {"replace",
         {test_replace_changes_only_the_given_parts,
          test_replace_dialect_checks_the_new_combination,
          test_replace_keeps_the_unix_socket_and_options, test_replace_refuses_bad_parts}},
        {"malformed",
         {test_malformed_urls_are_einval_with_a_clear_message_and_no_password,
          test_urls_up_to_16384_bytes_parse_and_longer_ones_are_einval,
          test_null_arguments_are_einval_and_accessors_null_safe}},
        {"limits", {test_many_hosts_and_options_are_all_kept}},
    };
    size_t i, j;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_set_timeout(tc, 10);
        for (j = 0; j < 4 && cases[i].tests[j]; j++)
            tcase_add_test(tc, cases[i].tests[j]);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(url_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
