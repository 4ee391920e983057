/* SPDX-License-Identifier: MIT */
/*
 * test_operators.c - every expression construct for every dialect: comparisons, NULL
 * comparisons, AND/OR/NOT and their parentheses, IN/NOT IN (also empty), BETWEEN, the LIKE
 * family with ILIKE emulation and escaped startswith/endswith/contains, arithmetic,
 * concatenation and functions. Each SQLite compilation runs on SQLite and its rows are checked.
 */
#include "sql_check.h"

/* SELECT notes.id FROM notes WHERE <cond> ORDER BY notes.id, ready for CHECK_SQL. */
static asql_stmt *ids_where(asql_stmt *q, asql_expr *cond)
{
    asql_add_column(q, &notes.id);
    asql_where(q, cond);
    asql_order_by(q, &notes.id);
    return q;
}

#define PG_IDS "SELECT notes.id FROM notes WHERE "
#define IDS "SELECT notes.id FROM notes WHERE "
#define ORDER " ORDER BY notes.id"

START_TEST(test_comparisons)
{
    static const struct {
        asql_expr *(*fn)(asql_stmt *, asql_expr *, asql_expr *);
        const char *op, *rows;
    } cases[] = {{(asql_eq), " = ", "2"}, {(asql_ne), " != ", "1\n3"},
                 {(asql_lt), " < ", "1"}, {(asql_le), " <= ", "1\n2"},
                 {(asql_gt), " > ", "3"}, {(asql_ge), " >= ", "2\n3"}};
    size_t i;
    char pg[256], other[256];

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        asql_stmt *q = asql_select(NULL);
        ids_where(q, cases[i].fn(q, asql_col(q, &notes.id), asql_lit_int(q, 2)));
        snprintf(pg, sizeof pg, PG_IDS "notes.id%s$1" ORDER, cases[i].op);
        snprintf(other, sizeof other, IDS "notes.id%s?" ORDER, cases[i].op);
        CHECK_SQL_P(q, pg, other, other, "INTEGER 2", "INTEGER 2", NULL);
        ck_assert_str_eq(last_rows, cases[i].rows);
    }
}
END_TEST

START_TEST(test_compare_with_null_is_is_null)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_eq(q, &notes.score, NULL));
    CHECK_SQL(q, PG_IDS "notes.score IS NULL" ORDER, IDS "notes.score IS NULL" ORDER,
              IDS "notes.score IS NULL" ORDER, "");
    ck_assert_str_eq(last_rows, "3");
    q = asql_select(NULL);
    ids_where(q, asql_ne(q, asql_null(q), &notes.score));
    CHECK_SQL(q, PG_IDS "notes.score IS NOT NULL" ORDER, IDS "notes.score IS NOT NULL" ORDER,
              IDS "notes.score IS NOT NULL" ORDER, "");
    ck_assert_str_eq(last_rows, "1\n2");
    q = asql_select(NULL);
    ids_where(q, asql_is_null(q, &notes.text));
    CHECK_SQL(q, PG_IDS "notes.text IS NULL" ORDER, IDS "notes.text IS NULL" ORDER,
              IDS "notes.text IS NULL" ORDER, "");
    ck_assert_str_eq(last_rows, "");
}
END_TEST

START_TEST(test_and_or_not_parenthesise_by_precedence)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_and(q, asql_or(q, asql_eq(q, &notes.id, 1), asql_eq(q, &notes.id, 3)),
                          asql_not(q, asql_eq(q, &notes.completed, true))));
    CHECK_SQL(q, PG_IDS "(notes.id = $1 OR notes.id = $2) AND NOT (notes.completed = $3)" ORDER,
              IDS "(notes.id = ? OR notes.id = ?) AND NOT (notes.completed = ?)" ORDER,
              IDS "(notes.id = ? OR notes.id = ?) AND NOT (notes.completed = ?)" ORDER,
              "INTEGER 1; INTEGER 3; BOOLEAN 1");
    ck_assert_str_eq(last_rows, "1\n3");
    q = asql_select(NULL);
    ids_where(q, asql_or(q, asql_and(q, asql_eq(q, &notes.id, 1), asql_eq(q, &notes.id, 3)),
                         asql_not(q, &notes.completed)));
    CHECK_SQL(q, PG_IDS "notes.id = $1 AND notes.id = $2 OR NOT notes.completed" ORDER,
              IDS "notes.id = ? AND notes.id = ? OR NOT notes.completed" ORDER,
              IDS "notes.id = ? AND notes.id = ? OR NOT notes.completed" ORDER,
              "INTEGER 1; INTEGER 3");
    ck_assert_str_eq(last_rows, "1\n3");
}
END_TEST

START_TEST(test_in_and_not_in)
{
    const char *words[] = {"walk dog", "x'y"};
    asql_expr *items[2];
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_in_strs(q, &notes.text, 2, words));
    CHECK_SQL(q, PG_IDS "notes.text IN ($1, $2)" ORDER, IDS "notes.text IN (?, ?)" ORDER,
              IDS "notes.text IN (?, ?)" ORDER, "STRING 'walk dog'; STRING 'x'y'");
    ck_assert_str_eq(last_rows, "2");
    q = asql_select(NULL);
    items[0] = asql_lit_int(q, 1);
    items[1] = asql_add(q, asql_int(q, 1), asql_int(q, 1));
    ids_where(q, asql_not_in(q, &notes.id, 2, items));
    CHECK_SQL(q, PG_IDS "notes.id NOT IN ($1, $2 + $3)" ORDER,
              IDS "notes.id NOT IN (?, ? + ?)" ORDER, IDS "notes.id NOT IN (?, ? + ?)" ORDER,
              "INTEGER 1; INTEGER 1; INTEGER 1");
    ck_assert_str_eq(last_rows, "3");
}
END_TEST

START_TEST(test_empty_in_is_constant_and_binds_nothing)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_in(q, asql_add(q, &notes.id, asql_param(q, "never")), 0, NULL));
    CHECK_SQL(q, PG_IDS "1 != 1" ORDER, IDS "1 != 1" ORDER, IDS "1 != 1" ORDER, "");
    ck_assert_str_eq(last_rows, "");
    q = asql_select(NULL);
    ids_where(q, asql_not_in(q, &notes.id, 0, NULL));
    CHECK_SQL(q, PG_IDS "1 = 1" ORDER, IDS "1 = 1" ORDER, IDS "1 = 1" ORDER, "");
    ck_assert_str_eq(last_rows, "1\n2\n3");
    q = asql_select(NULL);
    ids_where(q, asql_not(q, asql_in_ints(q, &notes.id, 0, NULL)));
    CHECK_SQL(q, PG_IDS "NOT (1 != 1)" ORDER, IDS "NOT (1 != 1)" ORDER, IDS "NOT (1 != 1)" ORDER,
              "");
    ck_assert_str_eq(last_rows, "1\n2\n3");
}
END_TEST

START_TEST(test_between)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_between(q, &notes.score, 1, 2));
    CHECK_SQL(q, PG_IDS "notes.score BETWEEN $1 AND $2" ORDER,
              IDS "notes.score BETWEEN ? AND ?" ORDER, IDS "notes.score BETWEEN ? AND ?" ORDER,
              "DOUBLE 1; DOUBLE 2");
    ck_assert_str_eq(last_rows, "1");
}
END_TEST

START_TEST(test_like_and_not_like)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_like(q, &notes.text, "%o%"));
    CHECK_SQL(q, PG_IDS "notes.text LIKE $1" ORDER, IDS "notes.text LIKE ?" ORDER,
              IDS "notes.text LIKE ?" ORDER, "STRING '%o%'");
    ck_assert_str_eq(last_rows, "2\n3");
    q = asql_select(NULL);
    ids_where(q, asql_not_like(q, &notes.text, "%o%"));
    CHECK_SQL(q, PG_IDS "notes.text NOT LIKE $1" ORDER, IDS "notes.text NOT LIKE ?" ORDER,
              IDS "notes.text NOT LIKE ?" ORDER, "STRING '%o%'");
    ck_assert_str_eq(last_rows, "1");
}
END_TEST

START_TEST(test_ilike_is_emulated_with_lower)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_ilike(q, &notes.text, "BUY%"));
    CHECK_SQL(q, PG_IDS "notes.text ILIKE $1" ORDER, IDS "lower(notes.text) LIKE lower(?)" ORDER,
              IDS "lower(notes.text) LIKE lower(?)" ORDER, "STRING 'BUY%'");
    ck_assert_str_eq(last_rows, "1");
    q = asql_select(NULL);
    ids_where(q, asql_not_ilike(q, &notes.text, "BUY%"));
    CHECK_SQL(q, PG_IDS "notes.text NOT ILIKE $1" ORDER,
              IDS "lower(notes.text) NOT LIKE lower(?)" ORDER,
              IDS "lower(notes.text) NOT LIKE lower(?)" ORDER, "STRING 'BUY%'");
    ck_assert_str_eq(last_rows, "2\n3");
}
END_TEST

START_TEST(test_startswith_endswith_contains_escape_wildcards)
{
    asql_stmt *q = asql_select(NULL);

    ids_where(q, asql_contains(q, &notes.text, "% off_"));
    CHECK_SQL(q, PG_IDS "notes.text LIKE $1 ESCAPE '/'" ORDER,
              IDS "notes.text LIKE ? ESCAPE '/'" ORDER, IDS "notes.text LIKE ? ESCAPE '/'" ORDER,
              "STRING '%/% off/_%'");
    ck_assert_str_eq(last_rows, "3");
    q = asql_select(NULL);
    ids_where(q, asql_contains(q, &notes.text, "_"));
    CHECK_SQL(q, PG_IDS "notes.text LIKE $1 ESCAPE '/'" ORDER,
              IDS "notes.text LIKE ? ESCAPE '/'" ORDER, IDS "notes.text LIKE ? ESCAPE '/'" ORDER,
              "STRING '%/_%'");
    ck_assert_str_eq(last_rows, "3");
    q = asql_select(NULL);
    ids_where(q, asql_startswith(q, &notes.text, "walk"));
    CHECK_SQL(q, PG_IDS "notes.text LIKE $1 ESCAPE '/'" ORDER,
              IDS "notes.text LIKE ? ESCAPE '/'" ORDER, IDS "notes.text LIKE ? ESCAPE '/'" ORDER,
              "STRING 'walk%'");
    ck_assert_str_eq(last_rows, "2");
    q = asql_select(NULL);
    ids_where(q, asql_endswith(q, &notes.text, "a/b"));
    CHECK_SQL(q, PG_IDS "notes.text LIKE $1 ESCAPE '/'" ORDER,
              IDS "notes.text LIKE ? ESCAPE '/'" ORDER, IDS "notes.text LIKE ? ESCAPE '/'" ORDER,
              "STRING '%a//b'");
    ck_assert_str_eq(last_rows, "");
}
END_TEST

START_TEST(test_arithmetic_keeps_grouping)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(
        q, asql_label(q, asql_mul(q, asql_add(q, &notes.id, 1), asql_sub(q, 5, &notes.id)), "a"));
    asql_add_column(q, asql_label(q, asql_sub(q, &notes.id, asql_sub(q, &notes.id, 1)), "b"));
    asql_add_column(q, asql_label(q, asql_neg(q, asql_neg(q, &notes.id)), "c"));
    asql_add_column(q, asql_label(q, asql_mod(q, asql_div(q, &notes.id, 2), 2), "d"));
    asql_order_by(q, &notes.id);
    CHECK_SQL(q,
              "SELECT (notes.id + $1) * ($2 - notes.id) AS a, notes.id - (notes.id - $3) AS b, "
              "-(-notes.id) AS c, notes.id / $4 % $5 AS d FROM notes ORDER BY notes.id",
              "SELECT (notes.id + ?) * (? - notes.id) AS a, notes.id - (notes.id - ?) AS b, "
              "-(-notes.id) AS c, notes.id / ? % ? AS d FROM notes ORDER BY notes.id",
              "SELECT (notes.id + ?) * (? - notes.id) AS a, notes.id - (notes.id - ?) AS b, "
              "-(-notes.id) AS c, notes.id / ? % ? AS d FROM notes ORDER BY notes.id",
              "INTEGER 1; INTEGER 5; INTEGER 1; INTEGER 2; INTEGER 2");
    ck_assert_str_eq(last_rows, "8|1|1|0\n9|1|2|1\n8|1|3|1");
}
END_TEST

START_TEST(test_concat)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, asql_concat(q, asql_concat(q, &notes.text, ":"), &notes.id));
    asql_where(q, asql_eq(q, &notes.id, 1));
    CHECK_SQL(q, "SELECT (notes.text || $1) || notes.id FROM notes WHERE notes.id = $2",
              "SELECT concat(concat(notes.text, ?), notes.id) FROM notes WHERE notes.id = ?",
              "SELECT (notes.text || ?) || notes.id FROM notes WHERE notes.id = ?",
              "STRING ':'; INTEGER 1");
    ck_assert_str_eq(last_rows, "buy milk:1");
}
END_TEST

START_TEST(test_functions)
{
    asql_expr *args[3];
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, asql_count(q, NULL));
    asql_add_column(q, asql_sum(q, &notes.id));
    asql_add_column(q, asql_avg(q, &notes.id));
    asql_add_column(q, asql_min(q, &notes.text));
    asql_add_column(q, asql_max(q, asql_upper(q, &notes.text)));
    asql_add_column(q, asql_max(q, asql_lower(q, "ABC")));
    asql_add_column(q, asql_sum(q, asql_coalesce(q, &notes.score, 10)));
    args[0] = asql_col(q, &notes.text);
    args[1] = asql_int(q, 1);
    args[2] = asql_int(q, 3);
    asql_add_column(q, asql_min(q, asql_func(q, "substr", 3, args)));
    CHECK_SQL(q,
              "SELECT count(*), sum(notes.id), avg(notes.id), min(notes.text), "
              "max(upper(notes.text)), max(lower($1)), sum(coalesce(notes.score, $2)), "
              "min(substr(notes.text, $3, $4)) FROM notes",
              "SELECT count(*), sum(notes.id), avg(notes.id), min(notes.text), "
              "max(upper(notes.text)), max(lower(?)), sum(coalesce(notes.score, ?)), "
              "min(substr(notes.text, ?, ?)) FROM notes",
              "SELECT count(*), sum(notes.id), avg(notes.id), min(notes.text), "
              "max(upper(notes.text)), max(lower(?)), sum(coalesce(notes.score, ?)), "
              "min(substr(notes.text, ?, ?)) FROM notes",
              "TEXT 'ABC'; DOUBLE 10; INTEGER 1; INTEGER 3");
    ck_assert_str_eq(last_rows, "3|6|2|50% off_sale|WALK DOG|abc|14|50%");
}
END_TEST

START_TEST(test_now_per_dialect)
{
    asql_stmt *q = asql_select(NULL);
    asql_compiled *c;

    asql_add_column(q, asql_label(q, asql_now(q), "t"));
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_column_type(c, 0).kind, ASQL_TYPE_DATETIME);
    ck_assert_int_eq(asql_compiled_column_type(c, 0).timezone, 1);
    asql_compiled_free(c);
    CHECK_SQL(q, "SELECT now() AS t", "SELECT now() AS t", "SELECT CURRENT_TIMESTAMP AS t", "");
    ck_assert_uint_eq(strlen(last_rows), 19); /* YYYY-MM-DD HH:MM:SS */
}
END_TEST

START_TEST(test_bad_function_names_fail)
{
    asql_stmt *q = asql_select(&notes.table);

    asql_add_column(q, asql_func(q, "drop table x; --", 0, NULL));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_func: bad function name");
    q = asql_select(&notes.table);
    asql_add_column(q, asql_func(q, NULL, 0, NULL));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_func: bad function name");
    q = asql_select(&notes.table);
    asql_add_column(q, asql_func(q, "f", 2, NULL));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_func: argument array is NULL");
    q = asql_select(&notes.table);
    asql_where(q, asql_in(q, asql_col(q, &notes.id), 2, NULL));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_in: item array is NULL");
    q = asql_select(NULL);
    asql_add_column(q, asql_func(q, "pg_catalog.now", 0, NULL));
    asql_add_column(q, asql_label(q, asql_int(q, 1), ""));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_label: name is NULL or empty");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_operators");
    TCase *tc;

    tc = db_tcase("comparisons");
    tcase_add_test(tc, test_comparisons);
    tcase_add_test(tc, test_compare_with_null_is_is_null);
    suite_add_tcase(s, tc);
    tc = db_tcase("logic");
    tcase_add_test(tc, test_and_or_not_parenthesise_by_precedence);
    suite_add_tcase(s, tc);
    tc = db_tcase("in_between");
    tcase_add_test(tc, test_in_and_not_in);
    tcase_add_test(tc, test_empty_in_is_constant_and_binds_nothing);
    tcase_add_test(tc, test_between);
    suite_add_tcase(s, tc);
    tc = db_tcase("like");
    tcase_add_test(tc, test_like_and_not_like);
    tcase_add_test(tc, test_ilike_is_emulated_with_lower);
    tcase_add_test(tc, test_startswith_endswith_contains_escape_wildcards);
    suite_add_tcase(s, tc);
    tc = db_tcase("arithmetic");
    tcase_add_test(tc, test_arithmetic_keeps_grouping);
    tcase_add_test(tc, test_concat);
    suite_add_tcase(s, tc);
    tc = db_tcase("functions");
    tcase_add_test(tc, test_functions);
    tcase_add_test(tc, test_now_per_dialect);
    tcase_add_test(tc, test_bad_function_names_fail);
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
