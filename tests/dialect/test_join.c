/* SPDX-License-Identifier: MIT */
/*
 * test_join.c - joins for every dialect: INNER / LEFT OUTER / FULL OUTER with an explicit ON or
 * one inferred from the foreign key, several joins in one FROM, table aliases (self-joins) and
 * hostile labels; each SQLite compilation runs on the seeded shop tables and its rows are
 * checked. Also the errors: no or several foreign keys, FULL JOIN on MySQL, foreign aliases.
 */
#include "schema.h"

START_TEST(test_join_infers_on_from_the_foreign_key)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &addresses.city); /* only the joined table: no left side to infer */
    asql_join(q, &addresses.table, NULL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_join: no foreign key links table \"addresses\" "
                                          "with an empty FROM list");
    asql_stmt_free(q);

    /* As SQLAlchemy's select(users.c.name, addresses.c.city).join(addresses): the left side is
     * the table of the first selected column. */
    q = asql_select(NULL);
    asql_add_column(q, asql_label(q, asql_col(q, &users.name), "who"));
    asql_add_column(q, &addresses.city);
    asql_join(q, &addresses.table, NULL);
    asql_order_by(q, &addresses.id);
    CHECK_SQL(q,
              "SELECT users.name AS who, addresses.city FROM users JOIN addresses ON "
              "users.id = addresses.user_id ORDER BY addresses.id",
              "SELECT users.name AS who, addresses.city FROM users JOIN addresses ON "
              "users.id = addresses.user_id ORDER BY addresses.id",
              "SELECT users.name AS who, addresses.city FROM users JOIN addresses ON "
              "users.id = addresses.user_id ORDER BY addresses.id",
              "");
    ck_assert_str_eq(last_rows, "alice|Paris\nalice|Lyon\nbob|Rome");

    q = asql_select(&users.table);
    asql_join(q, &addresses.table, NULL);
    asql_order_by(q, &addresses.id);
    CHECK_SQL(q,
              "SELECT users.id, users.name, users.email, users.manager_id, addresses.id, "
              "addresses.user_id, addresses.city FROM users JOIN addresses ON "
              "users.id = addresses.user_id ORDER BY addresses.id",
              "SELECT users.id, users.name, users.email, users.manager_id, addresses.id, "
              "addresses.user_id, addresses.city FROM users JOIN addresses ON "
              "users.id = addresses.user_id ORDER BY addresses.id",
              "SELECT users.id, users.name, users.email, users.manager_id, addresses.id, "
              "addresses.user_id, addresses.city FROM users JOIN addresses ON "
              "users.id = addresses.user_id ORDER BY addresses.id",
              "");
    ck_assert_str_eq(last_rows, "1|alice|a@x|NULL|1|1|Paris\n1|alice|a@x|NULL|2|1|Lyon\n"
                                "2|bob|b@x|1|3|2|Rome");
}
END_TEST

START_TEST(test_join_with_explicit_on_and_columns_of_both)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &users.name);
    asql_add_column(q, asql_label(q, asql_col(q, &orders.total), "select"));
    asql_join(q, &orders.table,
              asql_and(q, asql_eq(q, &orders.user_id, asql_col(q, &users.id)),
                       asql_gt(q, &orders.total, 6)));
    asql_order_by(q, asql_desc(q, asql_col(q, &orders.total)));
    /* users is in FROM through the select list; orders only as the joined table. */
    CHECK_SQL(q,
              "SELECT users.name, orders.total AS \"select\" FROM users JOIN orders ON "
              "orders.user_id = users.id AND orders.total > $1 ORDER BY orders.total DESC",
              "SELECT users.name, orders.total AS `select` FROM users JOIN orders ON "
              "orders.user_id = users.id AND orders.total > ? ORDER BY orders.total DESC",
              "SELECT users.name, orders.total AS \"select\" FROM users JOIN orders ON "
              "orders.user_id = users.id AND orders.total > ? ORDER BY orders.total DESC",
              "DOUBLE 6");
    ck_assert_str_eq(last_rows, "alice|20\nalice|10.5\nalice|7.25");
}
END_TEST

START_TEST(test_left_outer_join_keeps_rows_without_match)
{
    asql_stmt *q = asql_select(&users.table);
    asql_add_column(q, &users.name);
    asql_add_column(q, asql_label(q, asql_count(q, asql_col(q, &addresses.id)), "n"));
    asql_left_join(q, &addresses.table, NULL);
    asql_group_by(q, &users.name);
    asql_order_by(q, &users.name);
    CHECK_SQL(q,
              "SELECT users.name, count(addresses.id) AS n FROM users LEFT OUTER JOIN addresses "
              "ON users.id = addresses.user_id GROUP BY users.name ORDER BY users.name",
              "SELECT users.name, count(addresses.id) AS n FROM users LEFT OUTER JOIN addresses "
              "ON users.id = addresses.user_id GROUP BY users.name ORDER BY users.name",
              "SELECT users.name, count(addresses.id) AS n FROM users LEFT OUTER JOIN addresses "
              "ON users.id = addresses.user_id GROUP BY users.name ORDER BY users.name",
              "");
    ck_assert_str_eq(last_rows, "alice|2\nbob|1\ncarol|0\ndave|0");
}
END_TEST

START_TEST(test_full_outer_join_is_enotsup_on_mysql)
{
    asql_stmt *q = asql_select(&addresses.table);
    asql_add_column(q, &addresses.city);
    asql_add_column(q, &orders.id);
    asql_full_join(q, &orders.table, NULL);
    asql_order_by(q, asql_nulls_first(q, &addresses.city));
    asql_order_by(q, &orders.id);
    CHECK_ONE(q, asql_dialect_postgresql(),
              "SELECT addresses.city, orders.id FROM addresses FULL OUTER JOIN orders ON "
              "addresses.id = orders.address_id ORDER BY addresses.city NULLS FIRST, orders.id",
              "");
    CHECK_ONE(q, asql_dialect_sqlite(),
              "SELECT addresses.city, orders.id FROM addresses FULL OUTER JOIN orders ON "
              "addresses.id = orders.address_id ORDER BY addresses.city NULLS FIRST, orders.id",
              "");
    ck_assert_str_eq(last_rows, "NULL|4\nLyon|2\nParis|1\nRome|3");
    CHECK_ONE_FAILS(q, asql_dialect_mysql(), ASQL_ENOTSUP,
                    "FULL OUTER JOIN is not supported by mysql");
    CHECK_ONE_FAILS(q, asql_dialect_mariadb(), ASQL_ENOTSUP,
                    "FULL OUTER JOIN is not supported by mariadb");
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_several_joins_in_one_from)
{
    asql_stmt *q = asql_select(&users.table);

    asql_add_column(q, &users.name);
    asql_add_column(q, &addresses.city);
    asql_add_column(q, &orders.total);
    asql_join(q, &addresses.table, NULL);
    /* orders links to users and to addresses: say which. */
    asql_join(q, &orders.table, asql_eq(q, &orders.address_id, asql_col(q, &addresses.id)));
    asql_where(q, asql_eq(q, &orders.status, "paid"));
    asql_order_by(q, &orders.id);
    CHECK_SQL(q,
              "SELECT users.name, addresses.city, orders.total FROM users JOIN addresses ON "
              "users.id = addresses.user_id JOIN orders ON orders.address_id = addresses.id "
              "WHERE orders.status = $1 ORDER BY orders.id",
              "SELECT users.name, addresses.city, orders.total FROM users JOIN addresses ON "
              "users.id = addresses.user_id JOIN orders ON orders.address_id = addresses.id "
              "WHERE orders.status = ? ORDER BY orders.id",
              "SELECT users.name, addresses.city, orders.total FROM users JOIN addresses ON "
              "users.id = addresses.user_id JOIN orders ON orders.address_id = addresses.id "
              "WHERE orders.status = ? ORDER BY orders.id",
              "STRING 'paid'");
    ck_assert_str_eq(last_rows, "alice|Lyon|20\nbob|Rome|5");
}
END_TEST

START_TEST(test_self_join_through_an_alias)
{
    asql_stmt *q = asql_select(NULL);
    const asql_alias *boss = asql_alias_table(q, &users.table, "bo\"ss`");

    asql_add_column(q, asql_label(q, asql_col(q, &users.name), "user"));
    asql_add_column(q, asql_label(q, asql_alias_col(q, boss, &users.name), "Boss Name"));
    asql_join_alias(q, ASQL_JOIN_INNER, boss,
                    asql_eq(q, asql_alias_col(q, boss, &users.id), asql_col(q, &users.manager_id)));
    asql_order_by(q, &users.id);
    CHECK_SQL(q,
              "SELECT users.name AS \"user\", \"bo\"\"ss`\".name AS \"Boss Name\" FROM users "
              "JOIN users AS \"bo\"\"ss`\" ON \"bo\"\"ss`\".id = users.manager_id "
              "ORDER BY users.id",
              "SELECT users.name AS user, `bo\"ss```.name AS `Boss Name` FROM users "
              "JOIN users AS `bo\"ss``` ON `bo\"ss```.id = users.manager_id ORDER BY users.id",
              "SELECT users.name AS user, \"bo\"\"ss`\".name AS \"Boss Name\" FROM users "
              "JOIN users AS \"bo\"\"ss`\" ON \"bo\"\"ss`\".id = users.manager_id "
              "ORDER BY users.id",
              "");
    ck_assert_str_eq(last_rows, "bob|alice\ncarol|alice\ndave|bob");
}
END_TEST

START_TEST(test_alias_in_from_without_join)
{
    asql_stmt *q = asql_select(NULL);
    const asql_alias *u = asql_alias_table(q, &users.table, "u");

    asql_add_column(q, asql_alias_col(q, u, &users.name));
    asql_where(q, asql_is_null(q, asql_alias_ref(q, u, "email")));
    CHECK_SQL(q, "SELECT u.name FROM users AS u WHERE u.email IS NULL",
              "SELECT u.name FROM users AS u WHERE u.email IS NULL",
              "SELECT u.name FROM users AS u WHERE u.email IS NULL", "");
    ck_assert_str_eq(last_rows, "carol");
}
END_TEST

START_TEST(test_join_errors_name_the_tables)
{
    asql_stmt *q = asql_select(&users.table), *other;

    asql_join(q, &notes.table, NULL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(q),
                     "asql_join: no foreign key links table \"notes\" with \"users\"");
    asql_stmt_free(q);

    q = asql_select(&users.table);
    asql_join(q, &addresses.table, NULL);
    asql_left_join(q, &orders.table, NULL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_left_join: 2 foreign keys link table \"orders\" "
                                          "with \"users\", \"addresses\"; give the ON condition");
    asql_stmt_free(q);

    /* An alias of another statement, and a column that is not the alias's. */
    other = asql_select(&users.table);
    q = asql_select(&users.table);
    asql_add_column(q, asql_alias_col(q, asql_alias_table(other, &users.table, "x"), &users.id));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    q = asql_select(&users.table);
    asql_add_column(q, asql_alias_col(q, asql_alias_table(q, &users.table, "x"), &orders.id));
    ck_assert_str_eq(asql_stmt_errmsg(q),
                     "asql_alias_col: column \"id\" is not a column of alias \"x\"");
    asql_stmt_free(q);
    q = asql_select(&users.table);
    asql_add_column(q, asql_alias_ref(q, asql_alias_table(q, &users.table, "x"), "nope"));
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_alias_ref: alias \"x\" has no column \"nope\"");
    asql_stmt_free(q);
    q = asql_select(&users.table);
    asql_join_alias(q, ASQL_JOIN_INNER, asql_alias_table(q, &users.table, ""), NULL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    q = asql_insert(&users.table);
    asql_join(q, &addresses.table, NULL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EMISUSE);
    asql_stmt_free(q);
    asql_stmt_free(other);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_join");
    TCase *tc = shop_tcase("inner");

    tcase_add_test(tc, test_join_infers_on_from_the_foreign_key);
    tcase_add_test(tc, test_join_with_explicit_on_and_columns_of_both);
    tcase_add_test(tc, test_several_joins_in_one_from);
    suite_add_tcase(s, tc);
    tc = shop_tcase("outer");
    tcase_add_test(tc, test_left_outer_join_keeps_rows_without_match);
    tcase_add_test(tc, test_full_outer_join_is_enotsup_on_mysql);
    suite_add_tcase(s, tc);
    tc = shop_tcase("aliases");
    tcase_add_test(tc, test_self_join_through_an_alias);
    tcase_add_test(tc, test_alias_in_from_without_join);
    suite_add_tcase(s, tc);
    tc = shop_tcase("errors");
    tcase_add_test(tc, test_join_errors_name_the_tables);
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
