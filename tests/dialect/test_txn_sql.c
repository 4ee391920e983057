/* SPDX-License-Identifier: MIT */
/*
 * test_txn_sql.c - the transaction-control statements each dialect spells for the executor:
 * BEGIN with isolation level and access mode, COMMIT, ROLLBACK, and savepoints for nested levels.
 */
#include <check.h>
#include <stdlib.h>

#include "dialect/txn.h"

static const char *sql_of(const asql_dialect *d, asql__txn_verb verb, int depth, asql_isolation iso,
                          int read_only)
{
    static char buf[ASQL__TXN_SQL_SIZE];
    ck_assert_int_eq(asql__txn_sql(d, verb, depth, iso, read_only, buf), ASQL_OK);
    return buf;
}

START_TEST(test_postgresql_begin_names_level_and_access_mode)
{
    const asql_dialect *d = asql_dialect_postgresql();
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_DEFAULT, 0), "BEGIN");
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_SERIALIZABLE, 1),
                     "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY");
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_READ_UNCOMMITTED, 0),
                     "BEGIN ISOLATION LEVEL READ UNCOMMITTED");
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_READ_COMMITTED, 0),
                     "BEGIN ISOLATION LEVEL READ COMMITTED");
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_REPEATABLE_READ, 0),
                     "BEGIN ISOLATION LEVEL REPEATABLE READ");
}
END_TEST

START_TEST(test_sqlite_begin_takes_the_write_lock_unless_read_only)
{
    const asql_dialect *d = asql_dialect_sqlite();
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_DEFAULT, 0), "BEGIN IMMEDIATE");
    ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_SERIALIZABLE, 1),
                     "BEGIN DEFERRED");
}
END_TEST

START_TEST(test_mysql_starts_a_transaction_and_cannot_name_a_level_on_it)
{
    const asql_dialect *ds[] = {asql_dialect_mysql(), asql_dialect_mariadb()};
    char buf[ASQL__TXN_SQL_SIZE];
    for (int i = 0; i < 2; i++) {
        ck_assert_str_eq(sql_of(ds[i], ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_DEFAULT, 0),
                         "START TRANSACTION");
        ck_assert_str_eq(sql_of(ds[i], ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_DEFAULT, 1),
                         "START TRANSACTION READ ONLY");
        ck_assert_int_eq(
            asql__txn_sql(ds[i], ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_SERIALIZABLE, 0, buf),
            ASQL_ENOTSUP);
    }
}
END_TEST

START_TEST(test_every_dialect_ends_levels_and_nests_savepoints_alike)
{
    const asql_dialect *ds[] = {asql_dialect_postgresql(), asql_dialect_mysql(),
                                asql_dialect_mariadb(), asql_dialect_sqlite()};
    char buf[ASQL__TXN_SQL_SIZE];
    for (int i = 0; i < 4; i++) {
        const asql_dialect *d = ds[i];
        ck_assert_str_eq(sql_of(d, ASQL__TXN_COMMIT, 1, ASQL_ISOLATION_DEFAULT, 0), "COMMIT");
        ck_assert_str_eq(sql_of(d, ASQL__TXN_ROLLBACK, 1, ASQL_ISOLATION_DEFAULT, 0), "ROLLBACK");
        ck_assert_str_eq(sql_of(d, ASQL__TXN_BEGIN, 2, ASQL_ISOLATION_SERIALIZABLE, 1),
                         "SAVEPOINT asql_sp_2"); /* a level and a mode apply to depth 1 only */
        ck_assert_str_eq(sql_of(d, ASQL__TXN_COMMIT, 7, ASQL_ISOLATION_DEFAULT, 0),
                         "RELEASE SAVEPOINT asql_sp_7");
        ck_assert_str_eq(sql_of(d, ASQL__TXN_ROLLBACK, 3, ASQL_ISOLATION_DEFAULT, 0),
                         "ROLLBACK TO SAVEPOINT asql_sp_3");
        ck_assert_str_eq(sql_of(d, ASQL__TXN_RELEASE, 3, ASQL_ISOLATION_DEFAULT, 0),
                         "RELEASE SAVEPOINT asql_sp_3");
        ck_assert_int_eq(asql__txn_sql(d, ASQL__TXN_RELEASE, 1, ASQL_ISOLATION_DEFAULT, 0, buf),
                         ASQL_EINVAL);
        ck_assert_int_eq(asql__txn_sql(d, ASQL__TXN_COMMIT, 0, ASQL_ISOLATION_DEFAULT, 0, buf),
                         ASQL_EINVAL);
    }
    ck_assert_int_eq(asql__txn_sql(NULL, ASQL__TXN_COMMIT, 1, ASQL_ISOLATION_DEFAULT, 0, buf),
                     ASQL_EINVAL);
}
END_TEST

static Suite *txn_sql_suite(void)
{
    Suite *s = suite_create("dialect_txn_sql");
    TCase *tc = tcase_create("statements");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_postgresql_begin_names_level_and_access_mode);
    tcase_add_test(tc, test_sqlite_begin_takes_the_write_lock_unless_read_only);
    tcase_add_test(tc, test_mysql_starts_a_transaction_and_cannot_name_a_level_on_it);
    tcase_add_test(tc, test_every_dialect_ends_levels_and_nests_savepoints_alike);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(txn_sql_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
