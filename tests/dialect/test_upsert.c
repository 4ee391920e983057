/* SPDX-License-Identifier: MIT */
/*
 * test_upsert.c - INSERT ... SELECT, INSERT / UPDATE / DELETE ... RETURNING (PostgreSQL, SQLite,
 * MariaDB for INSERT and DELETE; ASQL_ENOTSUP elsewhere) and upserts: ON CONFLICT DO NOTHING /
 * DO UPDATE with `excluded` on PostgreSQL and SQLite, ON DUPLICATE KEY UPDATE on MySQL/MariaDB;
 * each SQLite compilation runs on the seeded shop tables and its effect is checked.
 */
#include "schema.h"

START_TEST(test_insert_from_select)
{
    asql_stmt *q = asql_insert(&addresses.table);
    asql_stmt *sel = asql_subquery(q, &users.table);
    const asql_column *cols[] = {&addresses.user_id, &addresses.city};

    asql_add_column(sel, &users.id);
    asql_add_column(sel, asql_concat(sel, &users.name, "'s place"));
    asql_where(sel, asql_is_null(sel, &users.email));
    asql_insert_from(q, 2, cols, sel);
    CHECK_SQL(q,
              "INSERT INTO addresses (user_id, city) SELECT users.id, users.name || $1 FROM users "
              "WHERE users.email IS NULL",
              "INSERT INTO addresses (user_id, city) SELECT users.id, concat(users.name, ?) FROM "
              "users WHERE users.email IS NULL",
              "INSERT INTO addresses (user_id, city) SELECT users.id, users.name || ? FROM users "
              "WHERE users.email IS NULL",
              "STRING ''s place'");
    query("SELECT user_id, city FROM addresses WHERE id > 3");
    ck_assert_str_eq(last_rows, "3|carol's place");

    /* The column counts must agree. */
    q = asql_insert(&addresses.table);
    sel = asql_subquery(q, &users.table);
    asql_add_column(sel, &users.id);
    asql_insert_from(q, 2, cols, sel);
    CHECK_FAILS(q, ASQL_EINVAL, "INSERT into \"addresses\": the SELECT returns 1 columns for 2");
    /* The SELECT must be a sub-statement of the INSERT. */
    q = asql_insert(&addresses.table);
    sel = asql_select(&users.table);
    asql_insert_from(q, 2, cols, sel);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);
    asql_stmt_free(sel);
}
END_TEST

START_TEST(test_insert_returning)
{
    asql_stmt *q = asql_insert(&users.table);
    asql_compiled *c;

    asql_set(q, &users.name, "eve \"the\" 'spy'");
    asql_returning(q, &users.id);
    asql_returning(q, asql_label(q, asql_upper(q, &users.name), "select"));
    CHECK_ONE(q, asql_dialect_postgresql(),
              "INSERT INTO users (name) VALUES ($1) RETURNING id, upper(name) AS \"select\"",
              "STRING 'eve \"the\" 'spy''");
    CHECK_ONE(q, asql_dialect_mariadb(),
              "INSERT INTO users (name) VALUES (?) RETURNING id, upper(name) AS `select`",
              "STRING 'eve \"the\" 'spy''");
    CHECK_ONE(q, asql_dialect_sqlite(),
              "INSERT INTO users (name) VALUES (?) RETURNING id, upper(name) AS \"select\"",
              "STRING 'eve \"the\" 'spy''");
    ck_assert_str_eq(last_rows, "5|EVE \"THE\" 'SPY'");
    CHECK_ONE_FAILS(q, asql_dialect_mysql(), ASQL_ENOTSUP,
                    "RETURNING on INSERT is not supported by mysql");
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_int_eq(c->returns_rows, 1);
    ck_assert_int_eq(c->implicit_returning, 0);
    ck_assert_int_eq(asql_compiled_n_columns(c), 2);
    ck_assert_str_eq(asql_compiled_column_name(c, 1), "select");
    ck_assert_ptr_eq(asql_compiled_column(c, 0), &users.id);
    asql_compiled_free(c);
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_update_and_delete_returning)
{
    asql_stmt *q = asql_update(&orders.table);
    asql_compiled *c;

    asql_set(q, &orders.status, "shipped");
    asql_where(q, asql_eq(q, &orders.status, "paid"));
    asql_returning(q, &orders.id);
    CHECK_ONE(q, asql_dialect_postgresql(),
              "UPDATE orders SET status = $1 WHERE orders.status = $2 RETURNING id",
              "STRING 'shipped'; STRING 'paid'");
    CHECK_ONE(q, asql_dialect_sqlite(),
              "UPDATE orders SET status = ? WHERE orders.status = ? RETURNING id",
              "STRING 'shipped'; STRING 'paid'");
    ck_assert_str_eq(last_rows, "2\n3");
    CHECK_ONE_FAILS(q, asql_dialect_mysql(), ASQL_ENOTSUP,
                    "RETURNING on UPDATE is not supported by mysql");
    CHECK_ONE_FAILS(q, asql_dialect_mariadb(), ASQL_ENOTSUP,
                    "RETURNING on UPDATE is not supported by mariadb");
    asql_stmt_free(q);

    q = asql_delete(&orders.table);
    asql_where(q, asql_lt(q, &orders.total, 8));
    asql_returning(q, &orders.id);
    asql_returning(q, &orders.total);
    CHECK_ONE(q, asql_dialect_postgresql(),
              "DELETE FROM orders WHERE orders.total < $1 RETURNING id, total", "DOUBLE 8");
    CHECK_ONE(q, asql_dialect_mariadb(),
              "DELETE FROM orders WHERE orders.total < ? RETURNING id, total", "DOUBLE 8");
    CHECK_ONE(q, asql_dialect_sqlite(),
              "DELETE FROM orders WHERE orders.total < ? RETURNING id, total", "DOUBLE 8");
    ck_assert_str_eq(last_rows, "3|5\n4|7.25");
    CHECK_ONE_FAILS(q, asql_dialect_mysql(), ASQL_ENOTSUP,
                    "RETURNING on DELETE is not supported by mysql");
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    ck_assert_int_eq(c->returns_rows, 1);
    asql_compiled_free(c);
    asql_stmt_free(q);

    /* A column of another table. */
    q = asql_delete(&orders.table);
    asql_returning(q, &users.name);
    CHECK_ONE_FAILS(q, asql_dialect_postgresql(), ASQL_EINVAL,
                    "column \"name\" of table \"users\" is not in the FROM list");
    CHECK_ONE_FAILS(q, asql_dialect_mariadb(), ASQL_EINVAL,
                    "column \"name\" of table \"users\" is not in the FROM list");
    CHECK_ONE_FAILS(q, asql_dialect_sqlite(), ASQL_EINVAL,
                    "column \"name\" of table \"users\" is not in the FROM list");
    asql_stmt_free(q);
    q = asql_select(&orders.table);
    asql_returning(q, &orders.id);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EMISUSE);
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_upsert_do_nothing)
{
    asql_stmt *q = asql_insert(&users.table);
    const asql_column *target[] = {&users.email};

    asql_set(q, &users.name, "imposter");
    asql_set(q, &users.email, "a@x");
    asql_on_conflict_do_nothing(q, 1, target);
    CHECK_SQL(q,
              "INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING "
              "RETURNING id",
              "INSERT INTO users (name, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE email = "
              "email",
              "INSERT INTO users (name, email) VALUES (?, ?) ON CONFLICT (email) DO NOTHING",
              "STRING 'imposter'; STRING 'a@x'");
    query("SELECT id, name FROM users WHERE email = 'a@x'");
    ck_assert_str_eq(last_rows, "1|alice");
    query("SELECT count(*) FROM users");
    ck_assert_str_eq(last_rows, "4");
}
END_TEST

START_TEST(test_upsert_do_update_with_excluded)
{
    asql_stmt *q = asql_insert(&users.table);
    const asql_column *target[] = {&users.email};

    asql_set(q, &users.name, "Bobby");
    asql_set(q, &users.email, "b@x");
    asql_on_conflict_do_update(q, 1, target);
    asql_upsert_set(q, &users.name,
                    asql_concat(q, asql_col(q, &users.name), asql_excluded(q, &users.name)));
    asql_upsert_set(q, &users.manager_id, asql_null(q));
    CHECK_SQL(q,
              "INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET "
              "name = users.name || excluded.name, manager_id = $3 RETURNING id",
              "INSERT INTO users (name, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = "
              "concat(users.name, VALUES(name)), manager_id = ?",
              "INSERT INTO users (name, email) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET "
              "name = users.name || excluded.name, manager_id = ?",
              "STRING 'Bobby'; STRING 'b@x'; INTEGER NULL");
    query("SELECT id, name, manager_id FROM users WHERE email = 'b@x'");
    ck_assert_str_eq(last_rows, "2|bobBobby|NULL");

    /* Misuse: DO UPDATE without assignments, assignments without DO UPDATE, other tables. */
    q = asql_insert(&users.table);
    asql_set(q, &users.name, "x");
    asql_on_conflict_do_update(q, 1, target);
    CHECK_FAILS(q, ASQL_EINVAL, "DO UPDATE sets no column");
    q = asql_insert(&users.table);
    asql_upsert_set(q, &users.name, "x");
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EMISUSE);
    asql_stmt_free(q);
    q = asql_insert(&users.table);
    asql_on_conflict_do_update(q, 1, target);
    asql_upsert_set(q, &users.name, asql_excluded(q, &orders.status));
    ck_assert_str_eq(asql_stmt_errmsg(q),
                     "asql_excluded: column \"status\" does not belong to table \"users\"");
    asql_stmt_free(q);
    q = asql_insert(&users.table);
    asql_set(q, &users.name, asql_excluded(q, &users.email));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_excluded(\"email\") used outside the upsert assignments");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_upsert");
    TCase *tc = shop_tcase("insert_select");

    tcase_add_test(tc, test_insert_from_select);
    suite_add_tcase(s, tc);
    tc = shop_tcase("returning");
    tcase_add_test(tc, test_insert_returning);
    tcase_add_test(tc, test_update_and_delete_returning);
    suite_add_tcase(s, tc);
    tc = shop_tcase("upsert");
    tcase_add_test(tc, test_upsert_do_nothing);
    tcase_add_test(tc, test_upsert_do_update_with_excluded);
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
