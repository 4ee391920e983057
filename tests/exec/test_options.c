/* SPDX-License-Identifier: MIT */
/*
 * test_options.c - asql_db_options_from_url(): defaults, merging over a base, every option and
 * its spellings, refused values and combinations, unknown options per dialect, and the driver
 * options each dialect passes on.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "asql/url.h"
#include "exec/options.h"

#define PW "Zq9xW7kV"

static asql_url *parse_ok(const char *text)
{
    asql_url *u = NULL;
    asql_error err;
    int rc = asql_url_parse(&u, text, &err);
    ck_assert_msg(rc == ASQL_OK, "parsing \"%s\" failed: %s", text, err.message);
    return u;
}

/* The options of `url` over `base`, which must succeed. */
static asql_db_options options_ok(const char *url, const asql_db_options *base)
{
    asql_url *u = parse_ok(url);
    asql_db_options o;
    asql_error err;
    int rc = asql_db_options_from_url(&o, u, base, &err);
    ck_assert_msg(rc == ASQL_OK, "options of \"%s\" failed: %s", url, err.message);
    asql_url_free(u);
    return o;
}

/* The options of `url` over `base` must fail with EINVAL, `expect` in the message, `out` kept. */
static void options_fail(const char *url, const asql_db_options *base, const char *expect)
{
    asql_url *u = parse_ok(url);
    asql_db_options o, before;
    asql_error err;
    int rc;
    memset(&o, 0x5a, sizeof(o));
    before = o;
    rc = asql_db_options_from_url(&o, u, base, &err);
    ck_assert_msg(rc == ASQL_EINVAL, "options of \"%s\" gave %d, not ASQL_EINVAL", url, rc);
    ck_assert_int_eq(err.status, ASQL_EINVAL);
    ck_assert_msg(strstr(err.message, expect) != NULL, "\"%s\": message \"%s\" lacks \"%s\"", url,
                  err.message, expect);
    ck_assert_ptr_null(strstr(err.message, PW));
    ck_assert_msg(memcmp(&o, &before, sizeof(o)) == 0, "out was written on failure");
    asql_url_free(u);
}

/* ---- defaults and merging ------------------------------------------------------------------- */

START_TEST(test_no_options_and_no_base_give_the_defaults)
{
    asql_db_options o = options_ok("postgresql://u:" PW "@h/db", NULL);
    ck_assert_uint_eq(o.version, ASQL_DB_OPTIONS_VERSION);
    ck_assert_int_eq(o.min_size, 1);
    ck_assert_int_eq(o.max_size, 10);
    ck_assert(o.acquire_timeout == 0.0);
    ck_assert(o.connect_timeout == 0.0);
    ck_assert(o.command_timeout == 0.0);
    ck_assert_int_eq(o.ssl, ASQL_SSL_DEFAULT);
    ck_assert_int_eq(o.statement_cache_size, 100);
    ck_assert_int_eq(o.isolation, ASQL_ISOLATION_DEFAULT);
    ck_assert(o.max_lifetime == 0.0);
}
END_TEST

/* A program built against version 1 passes a struct that ends before max_lifetime. */
START_TEST(test_version_1_struct_is_read_without_max_lifetime)
{
    struct {
        asql_db_options v1;
        unsigned char after[sizeof(asql_db_options)];
    } mem;
    asql_db_options *base = &mem.v1, o;
    memset(&mem, 0xff, sizeof(mem)); /* bytes past a version 1 struct are garbage */
    base->version = 1;
    base->min_size = 2;
    base->max_size = 3;
    base->acquire_timeout = base->connect_timeout = base->command_timeout = 0.5;
    base->ssl = ASQL_SSL_DISABLE;
    base->statement_cache_size = 7;
    base->isolation = ASQL_ISOLATION_SERIALIZABLE;
    o = options_ok("postgresql://h/db", base);
    ck_assert_uint_eq(o.version, ASQL_DB_OPTIONS_VERSION);
    ck_assert_int_eq(o.min_size, 2);
    ck_assert_int_eq(o.max_size, 3);
    ck_assert(o.command_timeout == 0.5);
    ck_assert_int_eq(o.statement_cache_size, 7);
    ck_assert_int_eq(o.isolation, ASQL_ISOLATION_SERIALIZABLE);
    ck_assert(o.max_lifetime == 0.0);
    o = options_ok("postgresql://h/db?max_lifetime=60", base);
    ck_assert(o.max_lifetime == 60.0);
}
END_TEST

START_TEST(test_url_options_override_the_base_and_keep_the_rest)
{
    asql_db_options base = ASQL_DB_OPTIONS_INIT, o;
    base.max_size = 20;
    base.command_timeout = 7.5;
    base.ssl = ASQL_SSL_REQUIRE;
    base.isolation = ASQL_ISOLATION_SERIALIZABLE;
    o = options_ok("postgresql://h/db?min_size=2&ssl=disable", &base);
    ck_assert_int_eq(o.min_size, 2);
    ck_assert_int_eq(o.max_size, 20);
    ck_assert(o.command_timeout == 7.5);
    ck_assert_int_eq(o.ssl, ASQL_SSL_DISABLE);
    ck_assert_int_eq(o.isolation, ASQL_ISOLATION_SERIALIZABLE);
    ck_assert_int_eq(base.min_size, 1); /* the base is not written */
}
END_TEST

START_TEST(test_min_size_is_checked_against_the_merged_max_size)
{
    asql_db_options base = ASQL_DB_OPTIONS_INIT, o;
    base.max_size = 3;
    options_fail("postgresql://h/db?min_size=4", &base,
                 "min_size (4) must not exceed max_size (3)");
    o = options_ok("postgresql://h/db?min_size=4&max_size=4", &base);
    ck_assert_int_eq(o.min_size, 4);
    ck_assert_int_eq(o.max_size, 4);
    base.min_size = 5;
    base.max_size = 10;
    options_fail("postgresql://h/db?max_size=4", &base,
                 "min_size (5) must not exceed max_size (4)");
    o = options_ok("postgresql://h/db?min_size=0", NULL);
    ck_assert_int_eq(o.min_size, 0);
}
END_TEST

/* ---- each option ---------------------------------------------------------------------------- */

START_TEST(test_integer_options_are_read)
{
    asql_db_options o =
        options_ok("mysql://h/db?min_size=3&max_size=2147483647&statement_cache_size=0", NULL);
    ck_assert_int_eq(o.min_size, 3);
    ck_assert_int_eq(o.max_size, 2147483647);
    ck_assert_int_eq(o.statement_cache_size, 0);
}
END_TEST

START_TEST(test_timeouts_are_non_negative_decimals)
{
    asql_db_options o = options_ok(
        "postgresql://h/db?acquire_timeout=1.5&connect_timeout=.25&command_timeout=30", NULL);
    ck_assert(fabs(o.acquire_timeout - 1.5) < 1e-12);
    ck_assert(fabs(o.connect_timeout - 0.25) < 1e-12);
    ck_assert(o.command_timeout == 30.0);
    o = options_ok("sqlite://?command_timeout=0&acquire_timeout=2.&connect_timeout=0.001", NULL);
    ck_assert(o.command_timeout == 0.0);
    ck_assert(o.acquire_timeout == 2.0);
    ck_assert(fabs(o.connect_timeout - 0.001) < 1e-15);
    o = options_ok("postgresql://h/db?max_lifetime=1800.5", NULL);
    ck_assert(o.max_lifetime == 1800.5);
    o = options_ok("sqlite://?max_lifetime=0", NULL);
    ck_assert(o.max_lifetime == 0.0);
}
END_TEST

START_TEST(test_ssl_spellings_are_case_insensitive)
{
    static const struct {
        const char *value;
        asql_ssl_mode mode;
    } cases[] = {
        {"disable", ASQL_SSL_DISABLE},         {"PREFER", ASQL_SSL_PREFER},
        {"Require", ASQL_SSL_REQUIRE},         {"verify-ca", ASQL_SSL_VERIFY_CA},
        {"VERIFY-FULL", ASQL_SSL_VERIFY_FULL}, {"true", ASQL_SSL_REQUIRE},
        {"False", ASQL_SSL_DISABLE},
    };
    char url[128];
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        asql_db_options o;
        strcpy(url, "postgresql://h/db?ssl=");
        strcat(url, cases[i].value);
        o = options_ok(url, NULL);
        ck_assert_int_eq(o.ssl, cases[i].mode);
        strcpy(url, "mariadb://h/db?sslmode=");
        strcat(url, cases[i].value);
        o = options_ok(url, NULL);
        ck_assert_int_eq(o.ssl, cases[i].mode);
    }
}
END_TEST

START_TEST(test_isolation_spellings_are_case_insensitive)
{
    static const struct {
        const char *value;
        asql_isolation level;
    } cases[] = {
        {"read_uncommitted", ASQL_ISOLATION_READ_UNCOMMITTED},
        {"READ_COMMITTED", ASQL_ISOLATION_READ_COMMITTED},
        {"Repeatable_Read", ASQL_ISOLATION_REPEATABLE_READ},
        {"serializable", ASQL_ISOLATION_SERIALIZABLE},
    };
    char url[128];
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        asql_db_options o;
        strcpy(url, "sqlite:///x.db?isolation=");
        strcat(url, cases[i].value);
        o = options_ok(url, NULL);
        ck_assert_int_eq(o.isolation, cases[i].level);
    }
}
END_TEST

/* ---- refused values ------------------------------------------------------------------------- */

START_TEST(test_malformed_values_are_einval_naming_the_option)
{
    static const struct {
        const char *url, *expect;
    } cases[] = {
        {"postgresql://u:" PW "@h/db?min_size=-1", "\"min_size\" must be a non-negative integer"},
        {"postgresql://u:" PW "@h/db?min_size=abc", "\"min_size\" must be a non-negative integer"},
        {"postgresql://u:" PW "@h/db?min_size=", "\"min_size\" must be a non-negative integer"},
        {"postgresql://u:" PW "@h/db?min_size=1.5", "\"min_size\" must be a non-negative integer"},
        {"postgresql://u:" PW "@h/db?min_size=%201", "\"min_size\" must be a non-negative integer"},
        {"postgresql://u:" PW "@h/db?min_size=%2B1", "\"min_size\" must be a non-negative integer"},
        {"postgresql://u:" PW "@h/db?max_size=2147483648", "\"max_size\" must be a non-negative"},
        {"postgresql://u:" PW "@h/db?max_size=0", "max_size must be at least 1"},
        {"postgresql://u:" PW "@h/db?statement_cache_size=x", "\"statement_cache_size\" must be"},
        {"postgresql://u:" PW "@h/db?acquire_timeout=-1", "\"acquire_timeout\" must be a non-neg"},
        {"postgresql://u:" PW "@h/db?connect_timeout=1e3", "\"connect_timeout\" must be a non-neg"},
        {"postgresql://u:" PW "@h/db?command_timeout=inf", "number of seconds"},
        {"postgresql://u:" PW "@h/db?command_timeout=nan", "number of seconds"},
        {"postgresql://u:" PW "@h/db?command_timeout=1.2.3", "number of seconds"},
        {"postgresql://u:" PW "@h/db?command_timeout=.", "number of seconds"},
        {"postgresql://u:" PW "@h/db?command_timeout=", "number of seconds"},
        {"postgresql://u:" PW "@h/db?command_timeout=1,5", "number of seconds"},
        {"postgresql://u:" PW "@h/db?max_lifetime=-1", "\"max_lifetime\" must be a non-negative "
                                                       "number of seconds"},
        {"postgresql://u:" PW "@h/db?max_lifetime=inf", "\"max_lifetime\" must be"},
        {"postgresql://u:" PW "@h/db?max_lifetime=", "\"max_lifetime\" must be"},
        {"sqlite:///x.db?max_lifetime=1e3", "\"max_lifetime\" must be"},
        {"postgresql://u:" PW "@h/db?ssl=yes", "\"ssl\" must be disable, prefer, require"},
        {"postgresql://u:" PW "@h/db?ssl=", "\"ssl\" must be"},
        {"postgresql://u:" PW "@h/db?sslmode=allow", "\"sslmode\" must be"},
        {"postgresql://u:" PW "@h/db?ssl=require&sslmode=require", "are both given"},
        {"sqlite:///x.db?ssl=require", "\"ssl\" does not apply to sqlite"},
        {"postgresql://u:" PW "@h/db?isolation=snapshot", "\"isolation\" must be read_uncommitted"},
        {"postgresql://u:" PW "@h/db?isolation=read%20committed", "\"isolation\" must be"},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        options_fail(cases[i].url, NULL, cases[i].expect);
}
END_TEST

START_TEST(test_invalid_base_is_einval)
{
    asql_db_options base = ASQL_DB_OPTIONS_INIT;
    base.version = 3;
    options_fail("postgresql://h/db", &base, "version 3 is not supported");
    base.version = 0;
    options_fail("postgresql://h/db", &base, "version 0 is not supported");
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.connect_timeout = -0.5;
    options_fail("postgresql://h/db", &base, "connect_timeout must be a non-negative");
    base.connect_timeout = NAN;
    options_fail("postgresql://h/db", &base, "connect_timeout must be a non-negative");
    base.connect_timeout = 1.0;
    base.acquire_timeout = INFINITY;
    options_fail("postgresql://h/db", &base, "acquire_timeout must be a non-negative");
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.max_lifetime = -1.0;
    options_fail("postgresql://h/db", &base, "max_lifetime must be a non-negative");
    base.max_lifetime = NAN;
    options_fail("postgresql://h/db", &base, "max_lifetime must be a non-negative");
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.min_size = -1;
    options_fail("postgresql://h/db", &base, "min_size must not be negative");
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.statement_cache_size = -1;
    options_fail("postgresql://h/db", &base, "statement_cache_size must not be negative");
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.ssl = (asql_ssl_mode)42;
    options_fail("postgresql://h/db", &base, "unknown asql_ssl_mode");
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.isolation = (asql_isolation)-1;
    options_fail("postgresql://h/db", &base, "unknown asql_isolation");
    /* A URL value fixes what the base got wrong. */
    base = (asql_db_options)ASQL_DB_OPTIONS_INIT;
    base.max_size = 0;
    ck_assert_int_eq(options_ok("postgresql://h/db?max_size=5", &base).max_size, 5);
}
END_TEST

START_TEST(test_null_arguments_are_einval)
{
    asql_url *u = parse_ok("sqlite://");
    asql_db_options o;
    asql_error err;
    ck_assert_int_eq(asql_db_options_from_url(NULL, u, NULL, &err), ASQL_EINVAL);
    ck_assert_int_eq(asql_db_options_from_url(&o, NULL, NULL, &err), ASQL_EINVAL);
    ck_assert_int_eq(asql_db_options_from_url(&o, u, NULL, NULL), ASQL_OK);
    asql_url_free(u);
}
END_TEST

/* ---- unknown and driver options ------------------------------------------------------------- */

START_TEST(test_unknown_options_are_einval_naming_option_and_dialect)
{
    options_fail("postgresql://u:" PW "@h/db?foo=1", NULL, "unknown option \"foo\" for postgresql");
    options_fail("postgres://u:" PW "@h/db?charset=utf8", NULL,
                 "unknown option \"charset\" for postgresql");
    options_fail("postgresql://u:" PW "@h/db?password=" PW, NULL,
                 "unknown option \"password\" for postgresql");
    options_fail("postgresql://u:" PW "@h/db?Min_Size=1", NULL, "unknown option \"Min_Size\"");
    options_fail("postgresql://u:" PW "@h/db?ssl_ca=/x", NULL, "unknown option \"ssl_ca\"");
    options_fail("mysql://u:" PW "@h/db?application_name=x", NULL,
                 "unknown option \"application_name\" for mysql");
    options_fail("mariadb://u:" PW "@h/db?sslrootcert=/x", NULL,
                 "unknown option \"sslrootcert\" for mariadb");
    options_fail("sqlite:///x.db?application_name=x", NULL,
                 "unknown option \"application_name\" for sqlite");
    options_fail("mysql://u:" PW "@h/db?mode=ro", NULL, "unknown option \"mode\" for mysql");
    options_fail("postgresql://u:" PW "@h/db?a%0Ab=1", NULL, "unknown option (a name with quotes");
    options_fail("postgresql://u:" PW "@h/db?a%22b=1", NULL, "unknown option (a name with quotes");
}
END_TEST

START_TEST(test_driver_options_pass_per_dialect_with_checked_values)
{
    static const char *const urls[] = {
        "postgresql://h/db?application_name=my%20app&options=-c%20x%3Dy&"
        "target_session_attrs=read-write&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem&"
        "sslcrl=/crl.pem&keepalives=1&keepalives_idle=30&keepalives_interval=5&"
        "keepalives_count=3&tcp_user_timeout=0&application_name2=x",
        "postgresql://h/db?application_name=&target_session_attrs=prefer-standby&keepalives=0",
        "mysql://h/db?ssl_ca=/ca.pem&ssl_capath=/certs&ssl_cert=/c.pem&ssl_key=/k.pem",
        "mariadb://h/db?ssl_ca=/ca.pem&ssl_capath=/certs&ssl_cert=/c.pem&ssl_key=/k.pem",
        "sqlite:///x.db?mode=ro&cache=private",
        "sqlite://?mode=memory&cache=shared",
    };
    size_t i;
    for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
        asql_db_options o;
        if (i == 0) { /* one unknown name among known ones is still refused */
            options_fail(urls[i], NULL, "unknown option \"application_name2\" for postgresql");
            continue;
        }
        o = options_ok(urls[i], NULL);
        ck_assert_int_eq(o.min_size, 1); /* driver options leave ours alone */
        ck_assert_int_eq(o.ssl, ASQL_SSL_DEFAULT);
    }
    /* The same list without the unknown name passes. */
    ck_assert_int_eq(
        options_ok("postgresql://h/db?application_name=my%20app&options=-c%20x%3Dy&"
                   "target_session_attrs=read-write&sslrootcert=/ca.pem&sslcert=/c.pem&"
                   "sslkey=/k.pem&sslcrl=/crl.pem&keepalives=1&keepalives_idle=30&"
                   "keepalives_interval=5&keepalives_count=3&tcp_user_timeout=0&max_size=3",
                   NULL)
            .max_size,
        3);
}
END_TEST

START_TEST(test_driver_option_values_are_checked)
{
    static const struct {
        const char *url, *expect;
    } cases[] = {
        {"postgresql://u:" PW "@h/db?keepalives=2", "\"keepalives\" must be one of 0|1"},
        {"postgresql://u:" PW "@h/db?keepalives_idle=-1",
         "\"keepalives_idle\" must be a non-negative"},
        {"postgresql://u:" PW "@h/db?tcp_user_timeout=1.5",
         "\"tcp_user_timeout\" must be a non-negative"},
        {"postgresql://u:" PW "@h/db?target_session_attrs=Read-Write",
         "\"target_session_attrs\" must be"},
        {"postgresql://u:" PW "@h/db?sslrootcert=", "\"sslrootcert\" must not be empty"},
        {"mysql://u:" PW "@h/db?ssl_ca=", "\"ssl_ca\" must not be empty"},
        {"sqlite:///x.db?mode=rwx", "\"mode\" must be one of ro|rw|rwc|memory"},
        {"sqlite:///x.db?cache=SHARED", "\"cache\" must be one of shared|private"},
    };
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        options_fail(cases[i].url, NULL, cases[i].expect);
}
END_TEST

START_TEST(test_option_use_tells_backends_what_to_pass_on)
{
    ck_assert_int_eq(asql__db_option_use("postgresql", "min_size"), ASQL__OPTION_COMMON);
    ck_assert_int_eq(asql__db_option_use("sqlite", "sslmode"), ASQL__OPTION_COMMON);
    ck_assert_int_eq(asql__db_option_use("postgresql", "application_name"), ASQL__OPTION_DRIVER);
    ck_assert_int_eq(asql__db_option_use("mariadb", "ssl_key"), ASQL__OPTION_DRIVER);
    ck_assert_int_eq(asql__db_option_use("mysql", "ssl_key"), ASQL__OPTION_DRIVER);
    ck_assert_int_eq(asql__db_option_use("sqlite", "cache"), ASQL__OPTION_DRIVER);
    ck_assert_int_eq(asql__db_option_use("mysql", "application_name"), ASQL__OPTION_UNKNOWN);
    ck_assert_int_eq(asql__db_option_use("postgresql", "host"), ASQL__OPTION_UNKNOWN);
    ck_assert_int_eq(asql__db_option_use(NULL, "min_size"), ASQL__OPTION_UNKNOWN);
    ck_assert_int_eq(asql__db_option_use("postgresql", NULL), ASQL__OPTION_UNKNOWN);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("exec_options");
    struct {
        const char *name;
        const TTest *tests[4];
    } cases[] = {
        {"merging",
         {test_no_options_and_no_base_give_the_defaults,
          test_url_options_override_the_base_and_keep_the_rest,
          test_min_size_is_checked_against_the_merged_max_size,
          test_version_1_struct_is_read_without_max_lifetime}},
        {"values",
         {test_integer_options_are_read, test_timeouts_are_non_negative_decimals,
          test_ssl_spellings_are_case_insensitive, test_isolation_spellings_are_case_insensitive}},
        {"validation",
         {test_malformed_values_are_einval_naming_the_option, test_invalid_base_is_einval,
          test_null_arguments_are_einval}},
        {"unknown", {test_unknown_options_are_einval_naming_option_and_dialect}},
        {"driver",
         {test_driver_options_pass_per_dialect_with_checked_values,
          test_driver_option_values_are_checked, test_option_use_tells_backends_what_to_pass_on}},
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
    SRunner *sr = srunner_create(options_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
