/* SPDX-License-Identifier: MIT */
/*
 * test_text.c - raw SQL (asql_text): `:name` rewritten to each dialect's placeholders, values
 * bound by name, and everything the scanner must leave alone (strings, quoted identifiers,
 * comments, casts, :=, slices, PostgreSQL E'' and dollar quoting, MySQL backslash escapes).
 */
#include <stdlib.h>

#include "sql_check.h"

#define PG asql_dialect_postgresql()
#define MY asql_dialect_mysql()
#define MARIA asql_dialect_mariadb()
#define LITE asql_dialect_sqlite()

/* Compiles raw `sql` for one dialect and compares (no execution: the SQL may be foreign). */
static void text_at(int line, const asql_dialect *d, const char *sql, const char *want,
                    const char *want_params)
{
    asql_stmt *q = asql_text(sql);
    sqlite3 *db = test_db;

    test_db = NULL;
    check_one(__FILE__, line, q, d, want, want_params, NULL);
    test_db = db;
    asql_stmt_free(q);
}
#define TEXT(d, sql, want, params) text_at(__LINE__, (d), (sql), (want), (params))

/* Compiling raw `sql` for `d` fails with EINVAL and a message containing `part`. */
static void text_fails_at(int line, const asql_dialect *d, const char *sql, const char *part)
{
    asql_stmt *q = asql_text(sql);
    asql_compiled *c;
    asql_error err;

    ck_assert_msg(asql_compile(&c, q, d, &err) == ASQL_EINVAL, "line %d: compiled", line);
    ck_assert_msg(strstr(err.message, part) != NULL, "line %d: message [%s]", line, err.message);
    asql_stmt_free(q);
}
#define TEXT_FAILS(d, sql, part) text_fails_at(__LINE__, (d), (sql), (part))

START_TEST(test_text_names_become_placeholders)
{
    asql_params *p;
    asql_stmt *q = asql_text("SELECT id FROM notes WHERE completed = :done AND id > :min "
                             "ORDER BY id");

    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_int_eq(asql_params_bool(p, "done", false), ASQL_OK);
    ck_assert_int_eq(asql_params_int(p, "min", 1), ASQL_OK);
    CHECK_SQL_P(q, "SELECT id FROM notes WHERE completed = $1 AND id > $2 ORDER BY id",
                "SELECT id FROM notes WHERE completed = ? AND id > ? ORDER BY id",
                "SELECT id FROM notes WHERE completed = ? AND id > ? ORDER BY id",
                "UNKNOWN :done; UNKNOWN :min", "UNKNOWN :done; UNKNOWN :min", p);
    ck_assert_str_eq(last_rows, "3");
    asql_params_free(p);
}
END_TEST

START_TEST(test_text_name_used_twice_binds_twice)
{
    asql_stmt *q = asql_text("SELECT id FROM notes WHERE id = :x OR id = :x + 1 ORDER BY id");

    asql_bind(q, "x", asql_int(q, 2));
    CHECK_SQL_P(q, "SELECT id FROM notes WHERE id = $1 OR id = $1 + 1 ORDER BY id",
                "SELECT id FROM notes WHERE id = ? OR id = ? + 1 ORDER BY id",
                "SELECT id FROM notes WHERE id = ? OR id = ? + 1 ORDER BY id", "INTEGER :x=2",
                "INTEGER :x=2; INTEGER :x=2", NULL);
    ck_assert_str_eq(last_rows, "2\n3");
}
END_TEST

START_TEST(test_text_bound_values_are_defaults_that_params_override)
{
    asql_params *p;
    asql_stmt *q = asql_text("SELECT text FROM notes WHERE id = :id");

    asql_bind(q, "id", asql_int(q, 1));
    asql_bind(q, "id", asql_int(q, 2)); /* a second bind replaces the first */
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_int_eq(asql_params_int(p, "id", 3), ASQL_OK);
    CHECK_SQL_P(q, "SELECT text FROM notes WHERE id = $1", "SELECT text FROM notes WHERE id = ?",
                "SELECT text FROM notes WHERE id = ?", "INTEGER :id=2", "INTEGER :id=2", p);
    ck_assert_str_eq(last_rows, "50% off_sale");
    asql_params_free(p);
}
END_TEST

START_TEST(test_text_hostile_values_stay_out_of_the_text)
{
    static const char nasty[] = "'; DROP TABLE notes; -- $1 ? :x \\ \"\xff\xfe\0tail";
    asql_stmt *q = asql_text("INSERT INTO notes (text) VALUES (:v)");
    asql_compiled *c;

    asql_bind(q, "v", asql_strn(q, nasty, sizeof nasty - 1));
    ck_assert_int_eq(asql_compile(&c, q, PG, NULL), ASQL_OK);
    ck_assert_str_eq(asql_compiled_debug_sql(c), "INSERT INTO notes (text) VALUES ($1)");
    asql_compiled_free(c);
    CHECK_SQL_P(q, "INSERT INTO notes (text) VALUES ($1)", "INSERT INTO notes (text) VALUES (?)",
                "INSERT INTO notes (text) VALUES (?)",
                "TEXT :v=''; DROP TABLE notes; -- $1 ? :x \\x5c \"\\xff\\xfe\\x00tail'",
                "TEXT :v=''; DROP TABLE notes; -- $1 ? :x \\x5c \"\\xff\\xfe\\x00tail'", NULL);
    ck_assert_int_eq(atoi(query("SELECT length(CAST(text AS BLOB)) FROM notes WHERE id = 4")),
                     (int)sizeof nasty - 1);
    ck_assert_str_eq(query("SELECT hex(substr(CAST(text AS BLOB), 36, 3)) FROM notes "
                           "WHERE id = 4"),
                     "FFFE00");
    ck_assert_str_eq(query("SELECT count(*) FROM notes"), "4");
}
END_TEST

START_TEST(test_text_strings_identifiers_and_comments_are_left_alone)
{
    const char *sql = "SELECT ':a', \"b:c\", x -- :d\n FROM t /* :e */ WHERE y = :f";
    TEXT(PG, sql, "SELECT ':a', \"b:c\", x -- :d\n FROM t /* :e */ WHERE y = $1", "UNKNOWN :f");
    TEXT(MY, sql, "SELECT ':a', \"b:c\", x -- :d\n FROM t /* :e */ WHERE y = ?", "UNKNOWN :f");
    TEXT(MARIA, sql, "SELECT ':a', \"b:c\", x -- :d\n FROM t /* :e */ WHERE y = ?", "UNKNOWN :f");
    TEXT(LITE, sql, "SELECT ':a', \"b:c\", x -- :d\n FROM t /* :e */ WHERE y = ?", "UNKNOWN :f");
    TEXT(LITE, "SELECT `a:b`, 'it''s :x' FROM t", "SELECT `a:b`, 'it''s :x' FROM t", "");
    TEXT(MY, "SELECT `a``:b` FROM t WHERE c = :c", "SELECT `a``:b` FROM t WHERE c = ?",
         "UNKNOWN :c");
}
END_TEST

START_TEST(test_text_casts_assignments_slices_and_digits_are_left_alone)
{
    TEXT(PG, "SELECT a::text, b[1:2], c[lo:hi], :1, x := 5, :y::int",
         "SELECT a::text, b[1:2], c[lo:hi], :1, x := 5, $1::int", "UNKNOWN :y");
    TEXT(LITE, "SELECT :a_1,:B2", "SELECT ?,?", "UNKNOWN :a_1; UNKNOWN :B2");
    TEXT(LITE, "SELECT 'x'||:tail", "SELECT 'x'||?", "UNKNOWN :tail");
}
END_TEST

START_TEST(test_text_postgresql_strings)
{
    TEXT(PG, "SELECT E'it\\'s :a', :b", "SELECT E'it\\'s :a', $1", "UNKNOWN :b");
    TEXT(PG, "SELECT 'back\\', :b", "SELECT 'back\\', $1", "UNKNOWN :b");
    TEXT(PG, "SELECT $$ :a ' $$, $fn$ :b $$ $fn$, :c", "SELECT $$ :a ' $$, $fn$ :b $$ $fn$, $1",
         "UNKNOWN :c");
    TEXT(PG, "SELECT a$b, :c /* x /* :d */ :e */ :f", "SELECT a$b, $1 /* x /* :d */ :e */ $2",
         "UNKNOWN :c; UNKNOWN :f");
    TEXT(PG, "SELECT data ? 'k', :v", "SELECT data ? 'k', $1", "UNKNOWN :v");
}
END_TEST

START_TEST(test_text_mysql_strings)
{
    TEXT(MY, "SELECT 'it\\'s :a', \"q\\\":b\", :c # :d\n, :e",
         "SELECT 'it\\'s :a', \"q\\\":b\", ? # :d\n, ?", "UNKNOWN :c; UNKNOWN :e");
    TEXT(MARIA, "SELECT $$ :a $$", "SELECT $$ ? $$", "UNKNOWN :a");
    TEXT(LITE, "SELECT 'back\\', :b", "SELECT 'back\\', ?", "UNKNOWN :b");
}
END_TEST

START_TEST(test_text_bad_input_fails)
{
    TEXT_FAILS(PG, "SELECT 'open", "starting at offset 7 never ends");
    TEXT_FAILS(LITE, "SELECT \"open", "starting at offset 7 never ends");
    TEXT_FAILS(MY, "SELECT 'a\\'", "never ends");
    TEXT_FAILS(PG, "SELECT /* /* */", "never ends");
    TEXT_FAILS(PG, "SELECT $tag$ x $tag", "never ends");
    TEXT_FAILS(PG, "SELECT $1", "positional placeholder at offset 7");
    TEXT_FAILS(LITE, "SELECT ?", "positional placeholder '?' at offset 7");
    TEXT_FAILS(MY, "SELECT a FROM t WHERE b = ?", "use :name");
    CHECK_FAILS(asql_text(NULL), ASQL_EINVAL, "asql_text: SQL text is NULL");
    {
        asql_stmt *q = asql_text("SELECT :a");
        asql_bind(q, "1bad", asql_int(q, 1));
        CHECK_FAILS(q, ASQL_EINVAL, "asql_bind: bad parameter name");
        q = asql_text("SELECT :a");
        asql_bind(q, "a", asql_param(q, "b"));
        CHECK_FAILS(q, ASQL_EINVAL, "asql_bind: the value of :a is not a value");
        q = asql_select(&notes.table);
        asql_bind(q, "a", asql_int(q, 1));
        CHECK_FAILS(q, ASQL_EMISUSE, "asql_bind: not allowed");
    }
}
END_TEST

START_TEST(test_text_reports_whether_rows_come_back)
{
    static const struct {
        const char *sql;
        int rows;
    } cases[] = {{"  select 1", 1},    {"WITH x AS (SELECT 1) SELECT * FROM x", 1},
                 {"(SELECT 1)", 1},    {"PRAGMA table_info(notes)", 1},
                 {"DELETE FROM t", 0}, {"INSERT INTO t VALUES (1) RETURNING id", 1},
                 {"selector()", 0},    {"UPDATE t SET a = 1", 0}};
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        asql_stmt *q = asql_text(cases[i].sql);
        asql_compiled *c;
        ck_assert_int_eq(asql_compile(&c, q, PG, NULL), ASQL_OK);
        ck_assert_msg(c->returns_rows == cases[i].rows, "%s", cases[i].sql);
        ck_assert_int_eq(c->kind, ASQL__STMT_TEXT);
        ck_assert_int_eq(asql_compiled_n_columns(c), 0);
        asql_compiled_free(c);
        asql_stmt_free(q);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_text");
    TCase *tc;

    tc = db_tcase("binding");
    tcase_add_test(tc, test_text_names_become_placeholders);
    tcase_add_test(tc, test_text_name_used_twice_binds_twice);
    tcase_add_test(tc, test_text_bound_values_are_defaults_that_params_override);
    tcase_add_test(tc, test_text_hostile_values_stay_out_of_the_text);
    suite_add_tcase(s, tc);
    tc = db_tcase("scanner");
    tcase_add_test(tc, test_text_strings_identifiers_and_comments_are_left_alone);
    tcase_add_test(tc, test_text_casts_assignments_slices_and_digits_are_left_alone);
    tcase_add_test(tc, test_text_postgresql_strings);
    tcase_add_test(tc, test_text_mysql_strings);
    suite_add_tcase(s, tc);
    tc = db_tcase("errors");
    tcase_add_test(tc, test_text_bad_input_fails);
    suite_add_tcase(s, tc);
    tc = db_tcase("kind");
    tcase_add_test(tc, test_text_reports_whether_rows_come_back);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
