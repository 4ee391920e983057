/* SPDX-License-Identifier: MIT */
/*
 * test_compound.c - set operations (UNION, UNION ALL, INTERSECT, EXCEPT) with ORDER BY / LIMIT
 * on the whole, and common table expressions, plain and RECURSIVE with a column list, for every
 * dialect; run on the seeded SQLite shop tables. Also misuse: parts of other statements, column
 * counts that differ, ORDER BY on a part, a CTE without its query.
 */
#include "schema.h"

START_TEST(test_union_with_order_and_limit_on_the_whole)
{
    asql_stmt *q = asql_compound(ASQL_UNION);
    asql_stmt *a = asql_subquery(q, NULL), *b = asql_subquery(q, NULL);
    asql_compiled *c;

    asql_add_column(a, asql_label(a, asql_col(a, &users.name), "Word"));
    asql_where(a, asql_lt(a, &users.id, 3));
    asql_add_column(b, &addresses.city);
    asql_compound_add(q, a);
    asql_compound_add(q, b);
    asql_order_by(q, asql_desc(q, asql_label(q, asql_col(q, &users.name), "Word")));
    asql_limit(q, 3);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_n_columns(c), 1);
    ck_assert_str_eq(asql_compiled_column_name(c, 0), "Word");
    ck_assert_int_eq(c->returns_rows, 1);
    asql_compiled_free(c);
    CHECK_SQL(q,
              "SELECT users.name AS \"Word\" FROM users WHERE users.id < $1 UNION SELECT "
              "addresses.city FROM addresses ORDER BY \"Word\" DESC LIMIT $2",
              "SELECT users.name AS `Word` FROM users WHERE users.id < ? UNION SELECT "
              "addresses.city FROM addresses ORDER BY `Word` DESC LIMIT ?",
              "SELECT users.name AS \"Word\" FROM users WHERE users.id < ? UNION SELECT "
              "addresses.city FROM addresses ORDER BY \"Word\" DESC LIMIT ?",
              "INTEGER 3; BIGINT 3");
    ck_assert_str_eq(last_rows, "bob\nalice\nRome");
}
END_TEST

/* SELECT <column> FROM <its table> as a part of `q`. */
static asql_stmt *part(asql_stmt *q, const asql_column *col)
{
    asql_stmt *p = asql_subquery(q, col->table);

    asql_add_column(p, col);
    return p;
}

START_TEST(test_union_all_intersect_except)
{
    asql_stmt *q = asql_compound(ASQL_UNION_ALL);

    asql_compound_add(q, part(q, &orders.user_id));
    asql_compound_add(q, part(q, &addresses.user_id));
    asql_order_by(q, &orders.user_id);
    asql_offset(q, 5);
    CHECK_SQL(q,
              "SELECT orders.user_id FROM orders UNION ALL SELECT addresses.user_id FROM "
              "addresses ORDER BY user_id OFFSET $1",
              "SELECT orders.user_id FROM orders UNION ALL SELECT addresses.user_id FROM "
              "addresses ORDER BY user_id LIMIT 18446744073709551615 OFFSET ?",
              "SELECT orders.user_id FROM orders UNION ALL SELECT addresses.user_id FROM "
              "addresses ORDER BY user_id LIMIT -1 OFFSET ?",
              "BIGINT 5");
    ck_assert_str_eq(last_rows, "2\n2"); /* 1 five times, then 2 twice */

    /* INTERSECT and EXCEPT: MySQL 8.0.31+ and MariaDB 10.3+ (the SQL is the same). */
    q = asql_compound(ASQL_INTERSECT);
    asql_compound_add(q, part(q, &orders.user_id));
    asql_compound_add(q, part(q, &addresses.user_id));
    asql_order_by(q, &orders.user_id);
    CHECK_SQL(q,
              "SELECT orders.user_id FROM orders INTERSECT SELECT addresses.user_id FROM "
              "addresses ORDER BY user_id",
              "SELECT orders.user_id FROM orders INTERSECT SELECT addresses.user_id FROM "
              "addresses ORDER BY user_id",
              "SELECT orders.user_id FROM orders INTERSECT SELECT addresses.user_id FROM "
              "addresses ORDER BY user_id",
              "");
    ck_assert_str_eq(last_rows, "1\n2");

    q = asql_compound(ASQL_EXCEPT);
    asql_compound_add(q, part(q, &users.id));
    asql_compound_add(q, part(q, &orders.user_id));
    CHECK_SQL(q, "SELECT users.id FROM users EXCEPT SELECT orders.user_id FROM orders",
              "SELECT users.id FROM users EXCEPT SELECT orders.user_id FROM orders",
              "SELECT users.id FROM users EXCEPT SELECT orders.user_id FROM orders", "");
    ck_assert_str_eq(last_rows, "3\n4");
}
END_TEST

START_TEST(test_set_operation_misuse_fails)
{
    asql_stmt *q = asql_compound(ASQL_UNION), *other = asql_compound(ASQL_UNION), *p;

    /* Parts with different column counts. */
    asql_compound_add(q, part(q, &users.id));
    p = part(q, &users.name);
    asql_add_column(p, &users.email);
    asql_compound_add(q, p);
    CHECK_FAILS(q, ASQL_EINVAL, "set operation: part 2 returns 2 columns, part 1 returns 1");
    /* A part with its own ORDER BY. */
    q = asql_compound(ASQL_UNION);
    p = part(q, &users.id);
    asql_order_by(p, &users.id);
    asql_compound_add(q, p);
    CHECK_FAILS(q, ASQL_EINVAL, "part 1 has its own ORDER BY, LIMIT or OFFSET");
    /* No parts; a part of another statement; a top-level SELECT as a part; a bad kind. */
    CHECK_FAILS(asql_compound(ASQL_EXCEPT), ASQL_EINVAL, "set operation has no parts");
    q = asql_compound(ASQL_UNION);
    asql_compound_add(q, part(other, &users.id));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    q = asql_compound(ASQL_UNION);
    p = asql_select(&users.table);
    asql_compound_add(q, p);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    asql_stmt_free(p);
    q = asql_compound((asql_compound_kind)9);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    q = asql_select(&users.table);
    asql_compound_add(q, part(q, &users.id));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EMISUSE);
    asql_stmt_free(q);
    asql_stmt_free(other);
}
END_TEST

START_TEST(test_with_cte_joined_by_name)
{
    asql_stmt *q = asql_select(&users.table);
    const asql_alias *big = asql_cte(q, "big one", false, 0, NULL);
    asql_stmt *sub = asql_subquery(q, &orders.table);

    asql_add_column(sub, &orders.user_id);
    asql_add_column(sub, &orders.total);
    asql_where(sub, asql_gt(sub, &orders.total, 6));
    asql_cte_as(q, big, sub);
    asql_add_column(q, &users.name);
    asql_add_column(q, asql_alias_ref(q, big, "total"));
    asql_join_alias(q, ASQL_JOIN_INNER, big,
                    asql_eq(q, asql_alias_ref(q, big, "user_id"), asql_col(q, &users.id)));
    asql_order_by(q, asql_alias_ref(q, big, "total"));
    CHECK_SQL(q,
              "WITH \"big one\" AS (SELECT orders.user_id, orders.total FROM orders WHERE "
              "orders.total > $1) SELECT users.name, \"big one\".total FROM users JOIN "
              "\"big one\" ON \"big one\".user_id = users.id ORDER BY \"big one\".total",
              "WITH `big one` AS (SELECT orders.user_id, orders.total FROM orders WHERE "
              "orders.total > ?) SELECT users.name, `big one`.total FROM users JOIN "
              "`big one` ON `big one`.user_id = users.id ORDER BY `big one`.total",
              "WITH \"big one\" AS (SELECT orders.user_id, orders.total FROM orders WHERE "
              "orders.total > ?) SELECT users.name, \"big one\".total FROM users JOIN "
              "\"big one\" ON \"big one\".user_id = users.id ORDER BY \"big one\".total",
              "DOUBLE 6");
    ck_assert_str_eq(last_rows, "alice|7.25\nalice|10.5\nalice|20");

    /* A CTE without its query, and a query given twice. */
    q = asql_select(&users.table);
    big = asql_cte(q, "x", false, 0, NULL);
    asql_add_column(q, asql_alias_ref(q, big, "id"));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL); /* its columns are not known yet */
    asql_stmt_free(q);
    q = asql_select(&users.table);
    asql_cte(q, "x", false, 0, NULL);
    CHECK_FAILS(q, ASQL_EINVAL, "CTE \"x\" has no query (asql_cte_as)");
    q = asql_select(&users.table);
    big = asql_cte(q, "x", false, 0, NULL);
    asql_cte_as(q, big, part(q, &users.id));
    asql_cte_as(q, big, part(q, &users.id));
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_cte_as: CTE \"x\" already has its query");
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_with_recursive_and_a_column_list)
{
    static const char *const names[] = {"id", "Depth"};
    asql_stmt *q = asql_select(NULL);
    const asql_alias *chain = asql_cte(q, "chain", true, 2, names);
    asql_stmt *body = asql_subcompound(q, ASQL_UNION_ALL);
    asql_stmt *base = asql_subquery(body, &users.table);
    asql_stmt *step = asql_subquery(body, &users.table);

    asql_add_column(base, &users.id);
    asql_add_column(base, asql_int(base, 0));
    asql_where(base, asql_is_null(base, &users.manager_id));
    asql_add_column(step, &users.id);
    /* INTEGER like the base term's: PostgreSQL wants one type for both terms. */
    asql_add_column(step, asql_add(step, asql_alias_ref(step, chain, "Depth"), asql_int(step, 1)));
    asql_join_alias(step, ASQL_JOIN_INNER, chain,
                    asql_eq(step, &users.manager_id, asql_alias_ref(step, chain, "id")));
    asql_compound_add(body, base);
    asql_compound_add(body, step);
    asql_cte_as(q, chain, body);
    asql_add_column(q, asql_alias_ref(q, chain, "id"));
    asql_add_column(q, asql_alias_ref(q, chain, "Depth"));
    asql_order_by(q, asql_alias_ref(q, chain, "id"));
    CHECK_SQL(q,
              "WITH RECURSIVE chain (id, \"Depth\") AS (SELECT users.id, $1 FROM users WHERE "
              "users.manager_id IS NULL UNION ALL SELECT users.id, chain.\"Depth\" + $2 FROM "
              "users JOIN chain ON users.manager_id = chain.id) SELECT chain.id, chain.\"Depth\" "
              "FROM chain ORDER BY chain.id",
              "WITH RECURSIVE chain (id, `Depth`) AS (SELECT users.id, ? FROM users WHERE "
              "users.manager_id IS NULL UNION ALL SELECT users.id, chain.`Depth` + ? FROM "
              "users JOIN chain ON users.manager_id = chain.id) SELECT chain.id, chain.`Depth` "
              "FROM chain ORDER BY chain.id",
              "WITH RECURSIVE chain (id, \"Depth\") AS (SELECT users.id, ? FROM users WHERE "
              "users.manager_id IS NULL UNION ALL SELECT users.id, chain.\"Depth\" + ? FROM "
              "users JOIN chain ON users.manager_id = chain.id) SELECT chain.id, chain.\"Depth\" "
              "FROM chain ORDER BY chain.id",
              "INTEGER 0; INTEGER 1");
    ck_assert_str_eq(last_rows, "1|0\n2|1\n3|1\n4|2");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_compound");
    TCase *tc = shop_tcase("set_operations");

    tcase_add_test(tc, test_union_with_order_and_limit_on_the_whole);
    tcase_add_test(tc, test_union_all_intersect_except);
    tcase_add_test(tc, test_set_operation_misuse_fails);
    suite_add_tcase(s, tc);
    tc = shop_tcase("with");
    tcase_add_test(tc, test_with_cte_joined_by_name);
    tcase_add_test(tc, test_with_recursive_and_a_column_list);
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
