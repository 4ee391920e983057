/* SPDX-License-Identifier: MIT */
/*
 * test_forms.c - the special forms for every dialect: CASE (searched and simple), CAST to every
 * declared type, window functions (row_number, rank, aggregates OVER PARTITION BY / ORDER BY),
 * NULLS FIRST / LAST (emulated on MySQL and MariaDB) and FOR UPDATE (left out on SQLite); run on
 * the seeded SQLite shop tables.
 */
#include "schema.h"

START_TEST(test_searched_case_with_else)
{
    asql_stmt *q = asql_select(NULL);
    asql_expr *size = asql_case(q, NULL);

    asql_when(q, size, asql_ge(q, &orders.total, 10), "big");
    asql_when(q, size, asql_ge(q, &orders.total, 7), "medium");
    asql_else(q, size, "small");
    asql_add_column(q, &orders.id);
    asql_add_column(q, asql_label(q, size, "size"));
    asql_order_by(q, &orders.id);
    CHECK_SQL(q,
              "SELECT orders.id, CASE WHEN orders.total >= $1 THEN $2 WHEN orders.total >= $3 "
              "THEN $4 ELSE $5 END AS size FROM orders ORDER BY orders.id",
              "SELECT orders.id, CASE WHEN orders.total >= ? THEN ? WHEN orders.total >= ? "
              "THEN ? ELSE ? END AS size FROM orders ORDER BY orders.id",
              "SELECT orders.id, CASE WHEN orders.total >= ? THEN ? WHEN orders.total >= ? "
              "THEN ? ELSE ? END AS size FROM orders ORDER BY orders.id",
              "DOUBLE 10; TEXT 'big'; DOUBLE 7; TEXT 'medium'; TEXT 'small'");
    ck_assert_str_eq(last_rows, "1|big\n2|big\n3|small\n4|medium");
}
END_TEST

START_TEST(test_simple_case_binds_by_subject_type)
{
    asql_stmt *q = asql_select(NULL);
    asql_expr *c = asql_case(q, asql_col(q, &orders.status));

    asql_when(q, c, "paid", 1);
    asql_add_column(q, asql_label(q, asql_sum(q, c), "paid"));
    CHECK_SQL(q, "SELECT sum(CASE orders.status WHEN $1 THEN $2 END) AS paid FROM orders",
              "SELECT sum(CASE orders.status WHEN ? THEN ? END) AS paid FROM orders",
              "SELECT sum(CASE orders.status WHEN ? THEN ? END) AS paid FROM orders",
              "STRING 'paid'; BIGINT 1");
    ck_assert_str_eq(last_rows, "2");

    q = asql_select(&orders.table);
    asql_add_column(q, asql_case(q, NULL)); /* no WHEN */
    CHECK_FAILS(q, ASQL_EINVAL, "CASE without a WHEN branch");
    q = asql_select(&orders.table);
    asql_when(q, asql_col(q, &orders.id), 1, 2);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_when: the expression is not an asql_case()");
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_cast_spells_types_per_dialect)
{
    asql_stmt *q = asql_select(NULL);
    asql_type varchar5 = ASQL_STRING(5), num = ASQL_NUMERIC(6, 1), integer = ASQL_INTEGER;

    asql_add_column(q, asql_label(q, asql_cast(q, &orders.total, integer), "i"));
    asql_add_column(q, asql_label(q, asql_cast(q, &orders.total, num), "n"));
    asql_add_column(q, asql_label(q, asql_cast(q, &orders.status, varchar5), "s"));
    asql_where(q, asql_eq(q, &orders.id, 2));
    CHECK_SQL(q,
              "SELECT CAST(orders.total AS INTEGER) AS i, CAST(orders.total AS NUMERIC(6, 1)) AS "
              "n, CAST(orders.status AS VARCHAR(5)) AS s FROM orders WHERE orders.id = $1",
              "SELECT CAST(orders.total AS SIGNED) AS i, CAST(orders.total AS DECIMAL(6, 1)) AS "
              "n, CAST(orders.status AS CHAR(5)) AS s FROM orders WHERE orders.id = ?",
              "SELECT CAST(orders.total AS INTEGER) AS i, CAST(orders.total AS NUMERIC(6, 1)) AS "
              "n, CAST(orders.status AS VARCHAR(5)) AS s FROM orders WHERE orders.id = ?",
              "INTEGER 2");
    ck_assert_str_eq(last_rows, "20|20|paid");
}
END_TEST

START_TEST(test_cast_to_every_declared_type)
{
    static const asql_type types[] = {
        ASQL_SMALLINT,      ASQL_INTEGER, ASQL_BIGINT,    ASQL_FLOAT,    ASQL_DOUBLE,
        ASQL_NUMERIC(0, 0), ASQL_BOOLEAN, ASQL_STRING(0), ASQL_TEXT,     ASQL_BLOB,
        ASQL_BINARY(2),     ASQL_DATE,    ASQL_TIME,      ASQL_DATETIME, ASQL_DATETIME_TZ,
        ASQL_JSON,          ASQL_UUID};
    static const char *const pg[] = {
        "SMALLINT", "INTEGER", "BIGINT",  "REAL",      "DOUBLE PRECISION",
        "NUMERIC",  "BOOLEAN", "VARCHAR", "TEXT",      "BYTEA",
        "BYTEA",    "DATE",    "TIME",    "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
        "JSON",     "UUID"};
    static const char *const my[] = {
        "SIGNED",  "SIGNED",      "SIGNED",      "FLOAT",  "DOUBLE",    "DECIMAL",
        "SIGNED",  "CHAR",        "CHAR",        "BINARY", "BINARY(2)", "DATE",
        "TIME(6)", "DATETIME(6)", "DATETIME(6)", "JSON",   "BINARY(16)"};
    static const char *const lite[] = {"SMALLINT", "INTEGER", "BIGINT",  "FLOAT",    "DOUBLE",
                                       "NUMERIC",  "BOOLEAN", "VARCHAR", "TEXT",     "BLOB",
                                       "BLOB",     "DATE",    "TIME",    "DATETIME", "DATETIME",
                                       "JSON",     "BLOB"};
    size_t i;

    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        asql_stmt *q = asql_select(NULL);
        char want_pg[96], want_my[96], want_lite[96];
        /* Text casts to every type on PostgreSQL (integers do not cast to dates). */
        asql_add_column(q, asql_cast(q, asql_col(q, &orders.status), types[i]));
        asql_where(q, asql_eq(q, &orders.id, 1));
        snprintf(want_pg, sizeof want_pg,
                 "SELECT CAST(orders.status AS %s) FROM orders WHERE orders.id = $1", pg[i]);
        snprintf(want_my, sizeof want_my,
                 "SELECT CAST(orders.status AS %s) FROM orders WHERE orders.id = ?", my[i]);
        snprintf(want_lite, sizeof want_lite,
                 "SELECT CAST(orders.status AS %s) FROM orders WHERE orders.id = ?", lite[i]);
        CHECK_ONE(q, asql_dialect_postgresql(), want_pg, "INTEGER 1");
        CHECK_ONE(q, asql_dialect_mysql(), want_my, "INTEGER 1");
        CHECK_ONE(q, asql_dialect_sqlite(), want_lite, "INTEGER 1");
        ck_assert_str_ne(last_rows, ""); /* one row, whatever SQLite makes of 'new' */
        if (types[i].kind == ASQL_TYPE_JSON)
            CHECK_ONE_FAILS(q, asql_dialect_mariadb(), ASQL_ENOTSUP,
                            "CAST to JSON is not supported by mariadb");
        else
            CHECK_ONE(q, asql_dialect_mariadb(), want_my, "INTEGER 1");
        asql_stmt_free(q);
    }
}
END_TEST

START_TEST(test_window_functions_over_partitions)
{
    asql_stmt *q = asql_select(NULL);
    asql_expr *part[1], *order[2];

    part[0] = asql_col(q, &orders.user_id);
    order[0] = asql_desc(q, &orders.total);
    order[1] = asql_col(q, &orders.id);
    asql_add_column(q, &orders.id);
    asql_add_column(q, asql_label(q, asql_over(q, asql_row_number(q), 1, part, 2, order), "rn"));
    asql_add_column(q, asql_label(q, asql_over(q, asql_rank(q), 0, NULL, 1, part), "rank"));
    asql_add_column(
        q, asql_label(q, asql_over(q, asql_sum(q, &orders.total), 1, part, 0, NULL), "user total"));
    asql_order_by(q, &orders.id);
    CHECK_SQL(q,
              "SELECT orders.id, row_number() OVER (PARTITION BY orders.user_id ORDER BY "
              "orders.total DESC, orders.id) AS rn, rank() OVER (ORDER BY orders.user_id) AS "
              "rank, sum(orders.total) OVER (PARTITION BY orders.user_id) AS \"user total\" FROM "
              "orders ORDER BY orders.id",
              "SELECT orders.id, row_number() OVER (PARTITION BY orders.user_id ORDER BY "
              "orders.total DESC, orders.id) AS rn, rank() OVER (ORDER BY orders.user_id) AS "
              "`rank`, sum(orders.total) OVER (PARTITION BY orders.user_id) AS `user total` FROM "
              "orders ORDER BY orders.id",
              "SELECT orders.id, row_number() OVER (PARTITION BY orders.user_id ORDER BY "
              "orders.total DESC, orders.id) AS rn, rank() OVER (ORDER BY orders.user_id) AS "
              "rank, sum(orders.total) OVER (PARTITION BY orders.user_id) AS \"user total\" FROM "
              "orders ORDER BY orders.id",
              "");
    ck_assert_str_eq(last_rows, "1|2|1|37.75\n2|1|1|37.75\n3|1|4|5\n4|3|1|37.75");

    q = asql_select(&orders.table);
    asql_add_column(q, asql_over(q, asql_col(q, &orders.id), 0, NULL, 0, NULL));
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_over: the window function is not a function call");
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_nulls_first_and_last_are_emulated_on_mysql)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &users.name);
    asql_order_by(q, asql_nulls_first(q, asql_desc(q, &users.email)));
    CHECK_SQL(q, "SELECT users.name FROM users ORDER BY users.email DESC NULLS FIRST",
              "SELECT users.name FROM users ORDER BY users.email IS NULL DESC, users.email DESC",
              "SELECT users.name FROM users ORDER BY users.email DESC NULLS FIRST", "");
    ck_assert_str_eq(last_rows, "carol\ndave\nbob\nalice");

    q = asql_select(NULL);
    asql_add_column(q, asql_label(q, asql_col(q, &users.manager_id), "m"));
    asql_add_column(q, &users.name);
    asql_order_by(q, asql_nulls_last(q, asql_col(q, &users.manager_id)));
    asql_order_by(q, asql_desc(q, &users.id));
    CHECK_SQL(q,
              "SELECT users.manager_id AS m, users.name FROM users ORDER BY users.manager_id "
              "NULLS LAST, users.id DESC",
              "SELECT users.manager_id AS m, users.name FROM users ORDER BY users.manager_id IS "
              "NULL, users.manager_id, users.id DESC",
              "SELECT users.manager_id AS m, users.name FROM users ORDER BY users.manager_id "
              "NULLS LAST, users.id DESC",
              "");
    ck_assert_str_eq(last_rows, "1|carol\n1|bob\n2|dave\nNULL|alice");

    q = asql_select(&users.table);
    asql_order_by(q, asql_nulls_last(q, asql_nulls_first(q, &users.id)));
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_nulls_last: the term already says where NULLs go");
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_for_update_is_left_out_on_sqlite)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &users.name);
    asql_where(q, asql_eq(q, &users.id, 2));
    asql_for_update(q);
    CHECK_SQL(q, "SELECT users.name FROM users WHERE users.id = $1 FOR UPDATE",
              "SELECT users.name FROM users WHERE users.id = ? FOR UPDATE",
              "SELECT users.name FROM users WHERE users.id = ?", "INTEGER 2");
    ck_assert_str_eq(last_rows, "bob");
    q = asql_update(&users.table);
    asql_for_update(q);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EMISUSE);
    asql_stmt_free(q);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_forms");
    TCase *tc = shop_tcase("case");

    tcase_add_test(tc, test_searched_case_with_else);
    tcase_add_test(tc, test_simple_case_binds_by_subject_type);
    suite_add_tcase(s, tc);
    tc = shop_tcase("cast");
    tcase_add_test(tc, test_cast_spells_types_per_dialect);
    tcase_add_test(tc, test_cast_to_every_declared_type);
    suite_add_tcase(s, tc);
    tc = shop_tcase("window");
    tcase_add_test(tc, test_window_functions_over_partitions);
    suite_add_tcase(s, tc);
    tc = shop_tcase("ordering_locking");
    tcase_add_test(tc, test_nulls_first_and_last_are_emulated_on_mysql);
    tcase_add_test(tc, test_for_update_is_left_out_on_sqlite);
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
