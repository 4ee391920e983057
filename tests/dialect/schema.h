/* SPDX-License-Identifier: MIT */
/*
 * schema.h - the related tables of the "rest of SQL" tests (users, addresses, orders) and a
 * fixture that creates them on the test's SQLite database with asql's own CREATE TABLE
 * (create-all in foreign-key order) and seeds a few rows. Header-only, like sql_check.h.
 */
#ifndef ASQL_TESTS_SCHEMA_H
#define ASQL_TESTS_SCHEMA_H

#include "sql_check.h"

extern const struct users_table {
    asql_table table;
    asql_column id, name, email, manager_id;
} users;
extern const struct addresses_table {
    asql_table table;
    asql_column id, user_id, city;
} addresses;
extern const struct orders_table {
    asql_table table;
    asql_column id, user_id, address_id, total, status;
} orders;

const struct users_table users = ASQL_TABLE_DEF(
    users, "users", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(name, "name", ASQL_STRING(50), ASQL_NOT_NULL),
    ASQL_COLUMN(email, "email", ASQL_STRING(100), ASQL_UNIQUE),
    ASQL_COLUMN(manager_id, "manager_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&users.id)));

const struct addresses_table addresses =
    ASQL_TABLE_DEF(addresses, "addresses",
                   ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
                   ASQL_COLUMN(user_id, "user_id", ASQL_INTEGER, ASQL_NOT_NULL,
                               ASQL_FOREIGN_KEY(&users.id), ASQL_ON_DELETE(CASCADE)),
                   ASQL_COLUMN(city, "city", ASQL_STRING(50), ASQL_INDEX));

const struct orders_table orders = ASQL_TABLE_DEF(
    orders, "orders", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(user_id, "user_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&users.id)),
    ASQL_COLUMN(address_id, "address_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&addresses.id),
                ASQL_ON_DELETE(SET_NULL)),
    ASQL_COLUMN(total, "total", ASQL_DOUBLE, ASQL_NOT_NULL),
    ASQL_COLUMN(status, "status", ASQL_STRING(20), ASQL_NOT_NULL, ASQL_SERVER_DEFAULT("'new'")));

/* Listed children first on purpose: create-all must sort them. */
static const asql_table *const shop_tables[] = {&orders.table, &addresses.table, &users.table};
static const asql_metadata shop = {shop_tables, 3};

/* Runs every part of a create-all/drop-all script on test_db. */
static inline void run_script(asql_stmt *script)
{
    size_t i;

    ck_assert_msg(asql_stmt_status(script) == ASQL_OK, "script: %s", asql_stmt_errmsg(script));
    for (i = 0; i < asql_stmt_n_parts(script); i++) {
        asql_compiled *c = NULL;
        asql_error err;
        ck_assert_msg(asql_compile(&c, asql_stmt_part(script, i), asql_dialect_sqlite(), &err) ==
                          ASQL_OK,
                      "part %zu: %s", i, err.message);
        run_compiled(c, NULL);
        asql_compiled_free(c);
    }
    asql_stmt_free(script);
}

/* Fixture: the notes tables of sql_check.h, then the shop tables with a few rows. */
static inline void shop_setup(void)
{
    db_setup();
    ck_assert_int_eq(sqlite3_exec(test_db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL),
                     SQLITE_OK);
    run_script(asql_create_all(&shop, false));
    ck_assert_int_eq(
        sqlite3_exec(test_db,
                     "INSERT INTO users (name, email, manager_id) VALUES ('alice', 'a@x', NULL),"
                     " ('bob', 'b@x', 1), ('carol', NULL, 1), ('dave', 'd@x', 2);"
                     "INSERT INTO addresses (user_id, city) VALUES (1, 'Paris'), (1, 'Lyon'),"
                     " (2, 'Rome');"
                     "INSERT INTO orders (user_id, address_id, total, status) VALUES"
                     " (1, 1, 10.5, 'new'), (1, 2, 20, 'paid'), (2, 3, 5, 'paid'),"
                     " (1, NULL, 7.25, 'new');",
                     NULL, NULL, NULL),
        SQLITE_OK);
}

/* A TCase with the shop fixture and a timeout. */
static inline TCase *shop_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, shop_setup, db_teardown);
    tcase_set_timeout(tc, 10);
    return tc;
}

/* Compiles `q` for one dialect and checks SQL and parameters (runs it when it is SQLite). */
#define CHECK_ONE(q, d, sql, params) check_one(__FILE__, __LINE__, (q), (d), (sql), (params), NULL)

/* Compiling `q` for dialect `d` fails with `status` and a message containing `part`. */
static inline void check_one_fails_at(const char *file, int line, const asql_stmt *q,
                                      const asql_dialect *d, asql_status status, const char *part)
{
    asql_compiled *c = (asql_compiled *)1;
    asql_error err;
    asql_status rc = asql_compile(&c, q, d, &err);

    ck_assert_msg(rc == status, "%s:%d: %s: got %s (%s), want %s", file, line, asql_dialect_name(d),
                  asql_status_name(rc), err.message, asql_status_name(status));
    ck_assert_ptr_null(c);
    ck_assert_msg(strstr(err.message, part) != NULL, "%s:%d: message [%s] lacks [%s]", file, line,
                  err.message, part);
}

#define CHECK_ONE_FAILS(q, d, status, part)                                                        \
    check_one_fails_at(__FILE__, __LINE__, (q), (d), (status), (part))

#endif
