/* SPDX-License-Identifier: MIT */
/*
 * test_subquery.c - subqueries for every dialect: scalar and correlated ones (the outer FROM is
 * not repeated inside), IN / NOT IN, EXISTS / NOT EXISTS, and subqueries in FROM under an
 * alias; all built in the parent's arena, run on the seeded SQLite shop tables. Also misuse:
 * a subquery of another statement, and errors inside a subquery.
 */
#include "schema.h"

START_TEST(test_correlated_scalar_subquery_does_not_repeat_outer_from)
{
    asql_stmt *q = asql_select(NULL);
    asql_stmt *sub = asql_subquery(q, NULL);

    asql_add_column(sub, asql_count(sub, NULL));
    asql_where(sub, asql_eq(sub, &orders.user_id, asql_col(sub, &users.id)));
    asql_add_column(q, &users.name);
    asql_add_column(q, asql_label(q, asql_scalar(q, sub), "n"));
    asql_order_by(q, &users.id);
    asql_stmt_free(sub); /* does nothing: q owns it */
    CHECK_SQL(q,
              "SELECT users.name, (SELECT count(*) FROM orders WHERE orders.user_id = users.id) "
              "AS n FROM users ORDER BY users.id",
              "SELECT users.name, (SELECT count(*) FROM orders WHERE orders.user_id = users.id) "
              "AS n FROM users ORDER BY users.id",
              "SELECT users.name, (SELECT count(*) FROM orders WHERE orders.user_id = users.id) "
              "AS n FROM users ORDER BY users.id",
              "");
    ck_assert_str_eq(last_rows, "alice|3\nbob|1\ncarol|0\ndave|0");
}
END_TEST

START_TEST(test_scalar_subquery_compares_with_a_value)
{
    asql_stmt *q = asql_select(NULL);
    asql_stmt *sub = asql_subquery(q, &orders.table);
    asql_compiled *c;

    /* With its own FROM the subquery is not correlated, though orders is in the outer FROM. */
    asql_add_column(sub, asql_max(sub, &orders.total));
    asql_add_column(q, &orders.id);
    asql_where(q, asql_eq(q, &orders.total, asql_scalar(q, sub)));
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_n_columns(c), 1); /* the subquery's column is not one */
    ck_assert_int_eq(asql_compiled_column_type(c, 0).kind, ASQL_TYPE_INTEGER);
    asql_compiled_free(c);
    CHECK_SQL(q,
              "SELECT orders.id FROM orders WHERE orders.total = (SELECT max(orders.total) FROM "
              "orders)",
              "SELECT orders.id FROM orders WHERE orders.total = (SELECT max(orders.total) FROM "
              "orders)",
              "SELECT orders.id FROM orders WHERE orders.total = (SELECT max(orders.total) FROM "
              "orders)",
              "");
    ck_assert_str_eq(last_rows, "2");
}
END_TEST

START_TEST(test_in_and_not_in_subquery)
{
    asql_stmt *q = asql_select(NULL);
    asql_stmt *sub = asql_subquery(q, &orders.table);

    asql_add_column(sub, &orders.user_id);
    asql_where(sub, asql_eq(sub, &orders.status, "paid"));
    asql_add_column(q, &users.name);
    asql_where(q, asql_in_select(q, &users.id, sub));
    asql_where(q, asql_ne(q, &users.name, "x'; --"));
    asql_order_by(q, &users.id);
    CHECK_SQL(q,
              "SELECT users.name FROM users WHERE users.id IN (SELECT orders.user_id FROM orders "
              "WHERE orders.status = $1) AND users.name != $2 ORDER BY users.id",
              "SELECT users.name FROM users WHERE users.id IN (SELECT orders.user_id FROM orders "
              "WHERE orders.status = ?) AND users.name != ? ORDER BY users.id",
              "SELECT users.name FROM users WHERE users.id IN (SELECT orders.user_id FROM orders "
              "WHERE orders.status = ?) AND users.name != ? ORDER BY users.id",
              "STRING 'paid'; STRING 'x'; --'");
    ck_assert_str_eq(last_rows, "alice\nbob");

    q = asql_select(NULL);
    sub = asql_subquery(q, &addresses.table);
    asql_add_column(sub, &addresses.user_id);
    asql_add_column(q, &users.name);
    asql_where(q, asql_not_in_select(q, asql_add(q, &users.id, 0), sub));
    asql_order_by(q, &users.id);
    CHECK_SQL(q,
              "SELECT users.name FROM users WHERE (users.id + $1) NOT IN (SELECT "
              "addresses.user_id FROM addresses) ORDER BY users.id",
              "SELECT users.name FROM users WHERE (users.id + ?) NOT IN (SELECT "
              "addresses.user_id FROM addresses) ORDER BY users.id",
              "SELECT users.name FROM users WHERE (users.id + ?) NOT IN (SELECT "
              "addresses.user_id FROM addresses) ORDER BY users.id",
              "INTEGER 0");
    ck_assert_str_eq(last_rows, "carol\ndave");
}
END_TEST

START_TEST(test_exists_and_not_exists)
{
    asql_stmt *q = asql_select(NULL);
    asql_stmt *sub = asql_subquery(q, NULL);

    asql_add_column(sub, &addresses.id);
    asql_where(sub, asql_eq(sub, &addresses.user_id, asql_col(sub, &users.id)));
    asql_add_column(q, &users.name);
    asql_where(q, asql_or(q, asql_not_exists(q, sub), asql_eq(q, &users.id, 1)));
    asql_order_by(q, &users.id);
    CHECK_SQL(q,
              "SELECT users.name FROM users WHERE NOT EXISTS (SELECT addresses.id FROM addresses "
              "WHERE addresses.user_id = users.id) OR users.id = $1 ORDER BY users.id",
              "SELECT users.name FROM users WHERE NOT EXISTS (SELECT addresses.id FROM addresses "
              "WHERE addresses.user_id = users.id) OR users.id = ? ORDER BY users.id",
              "SELECT users.name FROM users WHERE NOT EXISTS (SELECT addresses.id FROM addresses "
              "WHERE addresses.user_id = users.id) OR users.id = ? ORDER BY users.id",
              "INTEGER 1");
    ck_assert_str_eq(last_rows, "alice\ncarol\ndave");

    q = asql_select(&users.table);
    sub = asql_subquery(q, NULL);
    asql_add_column(sub, &addresses.id);
    asql_where(sub, asql_eq(sub, &addresses.user_id, asql_col(sub, &users.id)));
    asql_where(sub, asql_eq(sub, &addresses.city, "Rome"));
    asql_add_column(q, &users.name);
    asql_where(q, asql_exists(q, sub));
    CHECK_SQL(q,
              "SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
              "WHERE addresses.user_id = users.id AND addresses.city = $1)",
              "SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
              "WHERE addresses.user_id = users.id AND addresses.city = ?)",
              "SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
              "WHERE addresses.user_id = users.id AND addresses.city = ?)",
              "STRING 'Rome'");
    ck_assert_str_eq(last_rows, "bob");
}
END_TEST

START_TEST(test_subquery_in_from_under_an_alias)
{
    asql_stmt *q = asql_select(&users.table);
    asql_stmt *sub = asql_subquery(q, &orders.table);
    const asql_alias *t;
    asql_compiled *c;

    asql_add_column(sub, &orders.user_id);
    asql_add_column(sub, asql_label(sub, asql_sum(sub, &orders.total), "Spent \"$1\""));
    asql_where(sub, asql_gt(sub, &orders.total, 1));
    asql_group_by(sub, &orders.user_id);
    t = asql_subquery_alias(q, sub, "t`1");
    asql_add_column(q, &users.name);
    asql_add_column(q, asql_alias_ref(q, t, "Spent \"$1\""));
    asql_join_alias(q, ASQL_JOIN_INNER, t,
                    asql_eq(q, asql_alias_ref(q, t, "user_id"), asql_col(q, &users.id)));
    asql_order_by(q, asql_desc(q, asql_alias_ref(q, t, "Spent \"$1\"")));
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_str_eq(asql_compiled_column_name(c, 1), "Spent \"$1\"");
    ck_assert_int_eq(asql_compiled_column_type(c, 1).kind, ASQL_TYPE_DOUBLE);
    asql_compiled_free(c);
    CHECK_SQL(q,
              "SELECT users.name, \"t`1\".\"Spent \"\"$1\"\"\" FROM users JOIN (SELECT "
              "orders.user_id, sum(orders.total) AS \"Spent \"\"$1\"\"\" FROM orders WHERE "
              "orders.total > $1 GROUP BY orders.user_id) AS \"t`1\" ON \"t`1\".user_id = "
              "users.id ORDER BY \"t`1\".\"Spent \"\"$1\"\"\" DESC",
              "SELECT users.name, `t``1`.`Spent \"$1\"` FROM users JOIN (SELECT "
              "orders.user_id, sum(orders.total) AS `Spent \"$1\"` FROM orders WHERE "
              "orders.total > ? GROUP BY orders.user_id) AS `t``1` ON `t``1`.user_id = "
              "users.id ORDER BY `t``1`.`Spent \"$1\"` DESC",
              "SELECT users.name, \"t`1\".\"Spent \"\"$1\"\"\" FROM users JOIN (SELECT "
              "orders.user_id, sum(orders.total) AS \"Spent \"\"$1\"\"\" FROM orders WHERE "
              "orders.total > ? GROUP BY orders.user_id) AS \"t`1\" ON \"t`1\".user_id = "
              "users.id ORDER BY \"t`1\".\"Spent \"\"$1\"\"\" DESC",
              "DOUBLE 1");
    ck_assert_str_eq(last_rows, "alice|37.75\nbob|5");

    /* The same subquery, only in FROM (a comma-listed item). */
    q = asql_select(NULL);
    sub = asql_subquery(q, &orders.table);
    asql_add_column(sub, asql_label(sub, asql_count(sub, NULL), "n"));
    t = asql_subquery_alias(q, sub, "c");
    asql_from(q, t);
    asql_add_column(q, asql_alias_ref(q, t, "n"));
    CHECK_SQL(q, "SELECT c.n FROM (SELECT count(*) AS n FROM orders) AS c",
              "SELECT c.n FROM (SELECT count(*) AS n FROM orders) AS c",
              "SELECT c.n FROM (SELECT count(*) AS n FROM orders) AS c", "");
    ck_assert_str_eq(last_rows, "4");
}
END_TEST

START_TEST(test_subquery_misuse_fails)
{
    asql_stmt *q = asql_select(&users.table), *other = asql_select(&orders.table);
    asql_stmt *foreign = asql_subquery(other, &orders.table), *sub;

    /* A subquery of another statement. */
    asql_where(q, asql_exists(q, foreign));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_exists: not a subquery of this statement "
                                          "(build it with asql_subquery)");
    asql_stmt_free(q);
    /* A top-level statement is not a subquery, not even of itself. */
    q = asql_select(&users.table);
    asql_add_column(q, asql_scalar(q, other));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    q = asql_select(&users.table);
    asql_add_column(q, asql_scalar(q, q));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    /* An error inside a subquery is the statement's error. */
    q = asql_select(&users.table);
    sub = asql_subquery(q, &orders.table);
    asql_where(sub, asql_param(sub, "bad name"));
    ck_assert_int_eq(asql_stmt_status(sub), ASQL_EINVAL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(q), asql_stmt_errmsg(sub));
    asql_stmt_free(q);
    /* An expression of the subquery used in the parent. */
    q = asql_select(&users.table);
    sub = asql_subquery(q, &orders.table);
    asql_where(q, asql_eq(q, asql_col(sub, &orders.id), 1));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    /* A subquery of a failed statement is inert. */
    q = asql_select(NULL);
    asql_limit(q, -1);
    sub = asql_subquery(q, &orders.table);
    asql_add_column(sub, &orders.id);
    ck_assert_int_ne(asql_stmt_status(sub), ASQL_OK);
    asql_stmt_free(q);
    asql_stmt_free(other);
}
END_TEST

START_TEST(test_many_nested_subqueries_live_in_the_parent_arena)
{
    asql_stmt *q = asql_select(NULL), *inner = q, *sub;
    asql_compiled *c;
    char label[1000];
    int i;

    /* Far more than the statement's embedded block: every sub-statement's nodes go to q's
     * arena, which grows with heap blocks, all freed by asql_stmt_free(q) (valgrind checks). */
    memset(label, 'x', sizeof label - 1);
    label[sizeof label - 1] = '\0';
    for (i = 0; i < 10; i++) { /* SQLite's parser takes about 10 nested subqueries */
        sub = asql_subquery(inner, &orders.table);
        asql_add_column(sub, asql_label(sub, asql_col(sub, &orders.id), label));
        asql_where(sub, asql_gt(sub, &orders.total, i));
        if (inner == q) {
            asql_add_column(q, &users.name);
            asql_where(q, asql_exists(q, sub));
        } else {
            asql_where(inner, asql_exists(inner, sub));
        }
        inner = sub;
    }
    asql_where(q, asql_eq(q, &users.id, 1));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_OK);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_n_params(c), 11);
    ck_assert_int_eq(asql_compiled_n_columns(c), 1);
    run_compiled(c, NULL);
    ck_assert_str_eq(last_rows, "alice"); /* the innermost: an order over 9 exists */
    asql_compiled_free(c);
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_update_and_delete_with_subqueries)
{
    asql_stmt *q = asql_update(&users.table);
    asql_stmt *sub = asql_subquery(q, &orders.table);

    asql_add_column(sub, &orders.user_id);
    asql_where(sub, asql_gt(sub, &orders.total, 15));
    asql_set(q, &users.email, "big@x");
    asql_where(q, asql_in_select(q, &users.id, sub));
    CHECK_SQL(q,
              "UPDATE users SET email = $1 WHERE users.id IN (SELECT orders.user_id FROM orders "
              "WHERE orders.total > $2)",
              "UPDATE users SET email = ? WHERE users.id IN (SELECT orders.user_id FROM orders "
              "WHERE orders.total > ?)",
              "UPDATE users SET email = ? WHERE users.id IN (SELECT orders.user_id FROM orders "
              "WHERE orders.total > ?)",
              "STRING 'big@x'; DOUBLE 15");
    query("SELECT name FROM users WHERE email = 'big@x'");
    ck_assert_str_eq(last_rows, "alice");

    /* Correlated: the subquery reads the row being deleted. */
    q = asql_delete(&users.table);
    sub = asql_subquery(q, NULL);
    asql_add_column(sub, &orders.id);
    asql_where(sub, asql_eq(sub, &orders.user_id, asql_col(sub, &users.id)));
    asql_where(q, asql_not_exists(q, sub));
    asql_where(q, asql_is_null(q, &users.email));
    CHECK_SQL(q,
              "DELETE FROM users WHERE NOT EXISTS (SELECT orders.id FROM orders WHERE "
              "orders.user_id = users.id) AND users.email IS NULL",
              "DELETE FROM users WHERE NOT EXISTS (SELECT orders.id FROM orders WHERE "
              "orders.user_id = users.id) AND users.email IS NULL",
              "DELETE FROM users WHERE NOT EXISTS (SELECT orders.id FROM orders WHERE "
              "orders.user_id = users.id) AND users.email IS NULL",
              "");
    query("SELECT name FROM users ORDER BY id");
    ck_assert_str_eq(last_rows, "alice\nbob\ndave");

    /* An untyped value IN a subquery takes the type of its column. */
    q = asql_select(NULL);
    sub = asql_subquery(q, &orders.table);
    asql_add_column(sub, &orders.status);
    asql_add_column(q, &users.name);
    asql_where(q, asql_in_select(q, "paid", sub));
    asql_where(q, asql_eq(q, &users.id, 2));
    CHECK_SQL(q,
              "SELECT users.name FROM users WHERE $1 IN (SELECT orders.status FROM orders) AND "
              "users.id = $2",
              "SELECT users.name FROM users WHERE ? IN (SELECT orders.status FROM orders) AND "
              "users.id = ?",
              "SELECT users.name FROM users WHERE ? IN (SELECT orders.status FROM orders) AND "
              "users.id = ?",
              "STRING 'paid'; INTEGER 2");
    ck_assert_str_eq(last_rows, "bob");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_subquery");
    TCase *tc = shop_tcase("scalar");

    tcase_add_test(tc, test_correlated_scalar_subquery_does_not_repeat_outer_from);
    tcase_add_test(tc, test_scalar_subquery_compares_with_a_value);
    suite_add_tcase(s, tc);
    tc = shop_tcase("in_exists");
    tcase_add_test(tc, test_in_and_not_in_subquery);
    tcase_add_test(tc, test_exists_and_not_exists);
    tcase_add_test(tc, test_update_and_delete_with_subqueries);
    suite_add_tcase(s, tc);
    tc = shop_tcase("from");
    tcase_add_test(tc, test_subquery_in_from_under_an_alias);
    tcase_add_test(tc, test_many_nested_subqueries_live_in_the_parent_arena);
    suite_add_tcase(s, tc);
    tc = shop_tcase("errors");
    tcase_add_test(tc, test_subquery_misuse_fails);
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
