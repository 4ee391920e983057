/* SPDX-License-Identifier: MIT */
/*
 * test_rest_memory.c - memory of the rest of SQL: sub-statements, aliases and CTEs live in the
 * top-level statement's arena (freeing a sub-statement does nothing, freeing the statement
 * frees all), and running out of memory at any allocation while building or compiling joins,
 * subqueries, CTEs, set operations and DDL scripts gives ASQL_ENOMEM, never a crash or a leak.
 */
#include <stdlib.h>

#include "schema.h"

static long allocs_left;

static void *failing_malloc(size_t n)
{
    return allocs_left-- > 0 ? malloc(n) : NULL;
}

static void *failing_realloc(void *p, size_t n)
{
    return allocs_left-- > 0 ? realloc(p, n) : NULL;
}

/* Compiles `q` for every dialect; returns the first failure. */
static asql_status compile_all(const asql_stmt *q)
{
    const asql_dialect *ds[] = {asql_dialect_postgresql(), asql_dialect_mysql(),
                                asql_dialect_mariadb(), asql_dialect_sqlite()};
    asql_status rc = ASQL_OK;
    size_t i;

    for (i = 0; i < 4 && rc == ASQL_OK; i++) {
        asql_compiled *c = NULL;
        rc = asql_compile(&c, q, ds[i], NULL);
        ck_assert(rc == ASQL_OK || c == NULL);
        asql_compiled_free(c);
    }
    return rc;
}

/* A statement with a CTE, a join to it, a correlated subquery and long labels. */
static asql_status build_query(void)
{
    static const char *const cols[] = {"uid", "spent"};
    asql_stmt *q = asql_select(&users.table), *sub, *corr;
    const asql_alias *cte, *boss;
    asql_status rc;
    int i;

    cte = asql_cte(q, "spending", false, 2, cols);
    sub = asql_subquery(q, &orders.table);
    asql_add_column(sub, &orders.user_id);
    asql_add_column(sub, asql_sum(sub, &orders.total));
    asql_group_by(sub, &orders.user_id);
    asql_cte_as(q, cte, sub);
    boss = asql_alias_table(q, &users.table, "boss");
    asql_left_join(q, &addresses.table, NULL);
    asql_join_alias(q, ASQL_JOIN_LEFT, cte,
                    asql_eq(q, asql_alias_ref(q, cte, "uid"), asql_col(q, &users.id)));
    asql_join_alias(q, ASQL_JOIN_LEFT, boss,
                    asql_eq(q, asql_alias_col(q, boss, &users.id), asql_col(q, &users.manager_id)));
    corr = asql_subquery(q, NULL);
    asql_add_column(corr, asql_count(corr, NULL));
    asql_where(corr, asql_eq(corr, &orders.user_id, asql_col(corr, &users.id)));
    for (i = 0; i < 30; i++)
        asql_add_column(q, asql_label(q, asql_scalar(q, corr),
                                      "a label long enough to fill the arena quickly"));
    asql_order_by(q, asql_nulls_last(q, asql_alias_ref(q, cte, "spent")));
    rc = asql_stmt_status(q);
    if (rc == ASQL_OK)
        rc = compile_all(q);
    asql_stmt_free(q);
    return rc;
}

/* A set operation of many parts, and the create-all script with each part compiled. */
static asql_status build_compound_and_script(void)
{
    asql_stmt *q = asql_compound(ASQL_UNION_ALL), *s;
    asql_status rc;
    size_t i;

    for (i = 0; i < 20; i++) {
        asql_stmt *part = asql_subquery(q, &users.table);
        asql_add_column(part, &users.name);
        asql_where(part, asql_gt(part, &users.id, (int)i));
        asql_compound_add(q, part);
    }
    asql_limit(q, 5);
    rc = asql_stmt_status(q);
    if (rc == ASQL_OK)
        rc = compile_all(q);
    asql_stmt_free(q);
    if (rc != ASQL_OK)
        return rc;
    s = asql_create_all(&shop, true);
    rc = asql_stmt_status(s);
    for (i = 0; i < asql_stmt_n_parts(s) && rc == ASQL_OK; i++)
        rc = compile_all(asql_stmt_part(s, i));
    asql_stmt_free(s);
    return rc;
}

static void run_until_ok(asql_status (*build)(void))
{
    long n;
    int saw_ok = 0;

    ck_assert_int_eq(asql_set_allocator(failing_malloc, failing_realloc, free), ASQL_OK);
    for (n = 0; n < 400 && !saw_ok; n++) {
        asql_status rc;
        allocs_left = n;
        rc = build();
        ck_assert_msg(rc == ASQL_OK || rc == ASQL_ENOMEM, "n=%ld: %s", n, asql_status_name(rc));
        saw_ok = rc == ASQL_OK;
    }
    ck_assert_int_eq(asql_set_allocator(NULL, NULL, NULL), ASQL_OK);
    ck_assert_msg(saw_ok, "never succeeded");
    /* The statements grow past the embedded arena block: failures were met on the way. */
    ck_assert_msg(n > 10, "succeeded after only %ld failures", n - 1);
}

START_TEST(test_out_of_memory_in_subqueries_and_joins_is_enomem)
{
    run_until_ok(build_query);
}
END_TEST

START_TEST(test_out_of_memory_in_set_operations_and_scripts_is_enomem)
{
    run_until_ok(build_compound_and_script);
}
END_TEST

START_TEST(test_sub_statements_belong_to_the_top_statement)
{
    asql_stmt *q = asql_select(&users.table);
    asql_stmt *sub = asql_subquery(q, &orders.table);
    asql_stmt *subsub = asql_subquery(sub, &addresses.table);
    asql_stmt *failed;

    /* Freeing a sub-statement does nothing: q still uses it below. */
    asql_stmt_free(subsub);
    asql_stmt_free(sub);
    asql_add_column(subsub, &addresses.id);
    asql_where(sub, asql_exists(sub, subsub));
    asql_where(q, asql_exists(q, sub));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_OK);
    ck_assert_int_eq(compile_all(q), ASQL_OK);
    /* A grandchild used in the grandparent is fine: one top-level statement owns them all. */
    asql_where(q, asql_not_exists(q, subsub));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_OK);
    asql_stmt_free(q);

    /* Sub-statements of a failed statement are the shared inert one. */
    failed = asql_select(&users.table);
    asql_limit(failed, -1);
    sub = asql_subquery(failed, &orders.table);
    ck_assert_int_eq(asql_stmt_status(sub), ASQL_ENOMEM);
    ck_assert_ptr_eq(asql_subcompound(failed, ASQL_UNION), sub);
    asql_stmt_free(sub);
    asql_stmt_free(failed);
    /* NULL everywhere. */
    ck_assert_int_eq(asql_stmt_status(asql_subquery(NULL, &orders.table)), ASQL_ENOMEM);
    failed = asql_create_table(NULL, false);
    ck_assert_int_eq(asql_stmt_status(failed), ASQL_EINVAL);
    asql_stmt_free(failed);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_rest_memory");
    TCase *tc = tcase_create("ownership");

    tcase_add_test(tc, test_sub_statements_belong_to_the_top_statement);
    suite_add_tcase(s, tc);
    tc = tcase_create("enomem");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_out_of_memory_in_subqueries_and_joins_is_enomem);
    tcase_add_test(tc, test_out_of_memory_in_set_operations_and_scripts_is_enomem);
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
