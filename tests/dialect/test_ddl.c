/* SPDX-License-Identifier: MIT */
/*
 * test_ddl.c - CREATE TABLE, DROP TABLE and CREATE INDEX from declarations for every dialect
 * (types, autoincrement keys, NOT NULL, defaults, unique, foreign keys with ON DELETE, IF [NOT]
 * EXISTS), and create-all / drop-all in foreign-key order, run on SQLite.
 */
#include "schema.h"

START_TEST(test_create_table_with_autoincrement_key_and_defaults)
{
    query("DROP TABLE orders");
    CHECK_SQL(asql_create_table(&users.table, true),
              "CREATE TABLE IF NOT EXISTS users (id SERIAL NOT NULL, name VARCHAR(50) NOT NULL, "
              "email VARCHAR(100) UNIQUE, manager_id INTEGER, PRIMARY KEY (id), "
              "FOREIGN KEY (manager_id) REFERENCES users (id))",
              "CREATE TABLE IF NOT EXISTS users (id INTEGER NOT NULL AUTO_INCREMENT, "
              "name VARCHAR(50) NOT NULL, email VARCHAR(100) UNIQUE, manager_id INTEGER, "
              "PRIMARY KEY (id), FOREIGN KEY (manager_id) REFERENCES users (id))",
              "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY AUTOINCREMENT, "
              "name VARCHAR(50) NOT NULL, email VARCHAR(100) UNIQUE, manager_id INTEGER, "
              "FOREIGN KEY (manager_id) REFERENCES users (id))",
              "");
    CHECK_SQL(asql_create_table(&orders.table, false),
              "CREATE TABLE orders (id SERIAL NOT NULL, user_id INTEGER, address_id INTEGER, "
              "total DOUBLE PRECISION NOT NULL, status VARCHAR(20) DEFAULT 'new' NOT NULL, "
              "PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES users (id), "
              "FOREIGN KEY (address_id) REFERENCES addresses (id) ON DELETE SET NULL)",
              "CREATE TABLE orders (id INTEGER NOT NULL AUTO_INCREMENT, user_id INTEGER, "
              "address_id INTEGER, total DOUBLE NOT NULL, status VARCHAR(20) DEFAULT 'new' NOT "
              "NULL, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES users (id), "
              "FOREIGN KEY (address_id) REFERENCES addresses (id) ON DELETE SET NULL)",
              "CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, "
              "address_id INTEGER, total DOUBLE NOT NULL, status VARCHAR(20) DEFAULT 'new' NOT "
              "NULL, FOREIGN KEY (user_id) REFERENCES users (id), "
              "FOREIGN KEY (address_id) REFERENCES addresses (id) ON DELETE SET NULL)",
              "");
    /* The default applies and the key counts up on the real database. */
    query("INSERT INTO orders (user_id, total) VALUES (1, 3)");
    query("SELECT id, status FROM orders WHERE total = 3");
    ck_assert_str_eq(last_rows, "1|new");
}
END_TEST

START_TEST(test_create_table_spells_every_type_per_dialect)
{
    static const struct every_table {
        asql_table table;
        asql_column id, small, big, real, dbl, num, num0, flag, vc, txt, blob, bin, day, tm, tmtz,
            dt, dttz, doc, uid;
    } every = ASQL_TABLE_DEF(
        every, "every", ASQL_COLUMN(id, "id", ASQL_BIGINT, ASQL_PRIMARY_KEY),
        ASQL_COLUMN(small, "small", ASQL_SMALLINT), ASQL_COLUMN(big, "big", ASQL_BIGINT),
        ASQL_COLUMN(real, "real", ASQL_FLOAT), ASQL_COLUMN(dbl, "dbl", ASQL_DOUBLE),
        ASQL_COLUMN(num, "num", ASQL_NUMERIC(12, 3)), ASQL_COLUMN(num0, "num0", ASQL_NUMERIC(0, 0)),
        ASQL_COLUMN(flag, "flag", ASQL_BOOLEAN, ASQL_SERVER_DEFAULT("false")),
        ASQL_COLUMN(vc, "vc", ASQL_STRING(7)), ASQL_COLUMN(txt, "txt", ASQL_TEXT),
        ASQL_COLUMN(blob, "blob", ASQL_BLOB), ASQL_COLUMN(bin, "bin", ASQL_BINARY(4)),
        ASQL_COLUMN(day, "day", ASQL_DATE), ASQL_COLUMN(tm, "tm", ASQL_TIME),
        ASQL_COLUMN(tmtz, "tmtz", {ASQL_TYPE_TIME, 0, 0, 0, 1}),
        ASQL_COLUMN(dt, "dt", ASQL_DATETIME), ASQL_COLUMN(dttz, "dttz", ASQL_DATETIME_TZ),
        ASQL_COLUMN(doc, "doc", ASQL_JSON), ASQL_COLUMN(uid, "uid", ASQL_UUID));

    CHECK_SQL(asql_create_table(&every.table, false),
              "CREATE TABLE every (id BIGINT NOT NULL, small SMALLINT, big BIGINT, real REAL, "
              "dbl DOUBLE PRECISION, num NUMERIC(12, 3), num0 NUMERIC, flag BOOLEAN DEFAULT false, "
              "vc VARCHAR(7), txt TEXT, blob BYTEA, bin BYTEA, day DATE, tm TIME, "
              "tmtz TIME WITH TIME ZONE, dt TIMESTAMP, dttz TIMESTAMP WITH TIME ZONE, doc JSON, "
              "uid UUID, PRIMARY KEY (id))",
              "CREATE TABLE every (id BIGINT NOT NULL, small SMALLINT, big BIGINT, `real` FLOAT, "
              "dbl DOUBLE, num NUMERIC(12, 3), num0 NUMERIC, flag BOOL DEFAULT false, "
              "vc VARCHAR(7), txt TEXT, `blob` BLOB, bin BINARY(4), day DATE, tm TIME(6), "
              "tmtz TIME(6), dt DATETIME(6), dttz DATETIME(6), doc JSON, uid BINARY(16), "
              "PRIMARY KEY (id))",
              "CREATE TABLE every (id BIGINT NOT NULL, small SMALLINT, big BIGINT, real FLOAT, "
              "dbl DOUBLE, num NUMERIC(12, 3), num0 NUMERIC, flag BOOLEAN DEFAULT false, "
              "vc VARCHAR(7), txt TEXT, blob BLOB, bin BLOB, day DATE, tm TIME, tmtz TIME, "
              "dt DATETIME, dttz DATETIME, doc JSON, uid BLOB, PRIMARY KEY (id))",
              "");
}
END_TEST

START_TEST(test_create_table_quotes_hostile_names)
{
    static const struct hostile_table {
        asql_table table;
        asql_column order, ref;
    } hostile = ASQL_TABLE_DEF(
        hostile, "Ta\"b`le",
        ASQL_COLUMN(order, "order", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
        ASQL_COLUMN(ref, "we`ird \"ref\"", ASQL_INTEGER, ASQL_UNIQUE, ASQL_FOREIGN_KEY(&users.id),
                    ASQL_ON_DELETE(CASCADE)));

    CHECK_SQL(asql_create_table(&hostile.table, false),
              "CREATE TABLE \"Ta\"\"b`le\" (\"order\" SERIAL NOT NULL, \"we`ird \"\"ref\"\"\" "
              "INTEGER UNIQUE, PRIMARY KEY (\"order\"), FOREIGN KEY (\"we`ird \"\"ref\"\"\") "
              "REFERENCES users (id) ON DELETE CASCADE)",
              "CREATE TABLE `Ta\"b``le` (`order` INTEGER NOT NULL AUTO_INCREMENT, "
              "`we``ird \"ref\"` INTEGER UNIQUE, PRIMARY KEY (`order`), "
              "FOREIGN KEY (`we``ird \"ref\"`) REFERENCES users (id) ON DELETE CASCADE)",
              "CREATE TABLE \"Ta\"\"b`le\" (\"order\" INTEGER PRIMARY KEY AUTOINCREMENT, "
              "\"we`ird \"\"ref\"\"\" INTEGER UNIQUE, FOREIGN KEY (\"we`ird \"\"ref\"\"\") "
              "REFERENCES users (id) ON DELETE CASCADE)",
              "");
    CHECK_SQL(asql_create_index(&hostile.ref, false),
              "CREATE INDEX \"ix_Ta\"\"b`le_we`ird \"\"ref\"\"\" ON \"Ta\"\"b`le\" "
              "(\"we`ird \"\"ref\"\"\")",
              "CREATE INDEX `ix_Ta\"b``le_we``ird \"ref\"` ON `Ta\"b``le` (`we``ird \"ref\"`)",
              "CREATE INDEX \"ix_Ta\"\"b`le_we`ird \"\"ref\"\"\" ON \"Ta\"\"b`le\" "
              "(\"we`ird \"\"ref\"\"\")",
              "");
    query("INSERT INTO \"Ta\"\"b`le\" (\"we`ird \"\"ref\"\"\") VALUES (3)");
    query("DELETE FROM users WHERE id = 3");
    query("SELECT count(*) FROM \"Ta\"\"b`le\"");
    ck_assert_str_eq(last_rows, "0");
}
END_TEST

START_TEST(test_drop_table_and_create_index)
{
    asql_stmt *q;

    CHECK_SQL(asql_create_index(&users.name, false), "CREATE INDEX ix_users_name ON users (name)",
              "CREATE INDEX ix_users_name ON users (name)",
              "CREATE INDEX ix_users_name ON users (name)", "");
    query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' "
          "AND name LIKE 'ix_%' ORDER BY name");
    ck_assert_str_eq(last_rows, "ix_users_name");

    q = asql_create_index(&addresses.city, true);
    CHECK_ONE(q, asql_dialect_postgresql(),
              "CREATE INDEX IF NOT EXISTS ix_addresses_city ON addresses (city)", "");
    CHECK_ONE(q, asql_dialect_mariadb(),
              "CREATE INDEX IF NOT EXISTS ix_addresses_city ON addresses (city)", "");
    CHECK_ONE(q, asql_dialect_sqlite(),
              "CREATE INDEX IF NOT EXISTS ix_addresses_city ON addresses (city)", "");
    CHECK_ONE_FAILS(q, asql_dialect_mysql(), ASQL_ENOTSUP,
                    "CREATE INDEX IF NOT EXISTS is not supported by mysql");
    asql_stmt_free(q);

    CHECK_SQL(asql_drop_table(&orders.table, false), "DROP TABLE orders", "DROP TABLE orders",
              "DROP TABLE orders", "");
    CHECK_SQL(asql_drop_table(&orders.table, true), "DROP TABLE IF EXISTS orders",
              "DROP TABLE IF EXISTS orders", "DROP TABLE IF EXISTS orders", "");
    query("SELECT count(*) FROM sqlite_master WHERE name = 'orders'");
    ck_assert_str_eq(last_rows, "0");
}
END_TEST

/* The SQL of every part of a script for one dialect, joined with "; ". */
static void script_sql(const asql_stmt *s, const asql_dialect *d, char *out, size_t size)
{
    size_t i;

    out[0] = '\0';
    for (i = 0; i < asql_stmt_n_parts(s); i++) {
        asql_compiled *c;
        ck_assert_int_eq(asql_compile(&c, asql_stmt_part(s, i), d, NULL), ASQL_OK);
        if (i)
            append(out, size, "; ", 2);
        append(out, size, asql_compiled_sql(c), asql_compiled_sql_len(c));
        asql_compiled_free(c);
    }
}

START_TEST(test_create_all_and_drop_all_follow_foreign_keys)
{
    asql_stmt *s = asql_create_all(&shop, true);
    asql_compiled *c = (asql_compiled *)1;
    asql_error err;
    char sql[4096];

    ck_assert_int_eq(asql_stmt_status(s), ASQL_OK);
    ck_assert_uint_eq(asql_stmt_n_parts(s), 4);
    ck_assert_ptr_null(asql_stmt_part(s, 4));
    script_sql(s, asql_dialect_sqlite(), sql, sizeof sql);
    ck_assert_str_eq(sql, "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                          "name VARCHAR(50) NOT NULL, email VARCHAR(100) UNIQUE, manager_id "
                          "INTEGER, FOREIGN KEY (manager_id) REFERENCES users (id)); "
                          "CREATE TABLE IF NOT EXISTS addresses (id INTEGER PRIMARY KEY "
                          "AUTOINCREMENT, user_id INTEGER NOT NULL, city VARCHAR(50), FOREIGN KEY "
                          "(user_id) REFERENCES users (id) ON DELETE CASCADE); "
                          "CREATE INDEX IF NOT EXISTS ix_addresses_city ON addresses (city); "
                          "CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY "
                          "AUTOINCREMENT, user_id INTEGER, address_id INTEGER, total DOUBLE NOT "
                          "NULL, status VARCHAR(20) DEFAULT 'new' NOT NULL, FOREIGN KEY (user_id) "
                          "REFERENCES users (id), FOREIGN KEY (address_id) REFERENCES addresses "
                          "(id) ON DELETE SET NULL)");
    /* MySQL has no CREATE INDEX IF NOT EXISTS: the index goes inside CREATE TABLE IF NOT
     * EXISTS and its own part does nothing. MariaDB has it. */
    script_sql(s, asql_dialect_mysql(), sql, sizeof sql);
    ck_assert_str_eq(sql, "CREATE TABLE IF NOT EXISTS users (id INTEGER NOT NULL AUTO_INCREMENT, "
                          "name VARCHAR(50) NOT NULL, email VARCHAR(100) UNIQUE, manager_id "
                          "INTEGER, PRIMARY KEY (id), FOREIGN KEY (manager_id) REFERENCES users "
                          "(id)); CREATE TABLE IF NOT EXISTS addresses (id INTEGER NOT NULL "
                          "AUTO_INCREMENT, user_id INTEGER NOT NULL, city VARCHAR(50), PRIMARY "
                          "KEY (id), INDEX ix_addresses_city (city), FOREIGN KEY (user_id) "
                          "REFERENCES users (id) ON DELETE CASCADE); DO 0; CREATE TABLE IF NOT "
                          "EXISTS orders (id INTEGER NOT NULL AUTO_INCREMENT, user_id INTEGER, "
                          "address_id INTEGER, total DOUBLE NOT NULL, status VARCHAR(20) DEFAULT "
                          "'new' NOT NULL, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES "
                          "users (id), FOREIGN KEY (address_id) REFERENCES addresses (id) ON "
                          "DELETE SET NULL)");
    c = (asql_compiled *)1;
    ck_assert_int_eq(asql_compile(&c, asql_stmt_part(s, 2), asql_dialect_mariadb(), NULL), ASQL_OK);
    ck_assert_str_eq(asql_compiled_sql(c),
                     "CREATE INDEX IF NOT EXISTS ix_addresses_city ON addresses (city)");
    asql_compiled_free(c);
    /* A script is compiled part by part. */
    ck_assert_int_eq(asql_compile(&c, s, asql_dialect_sqlite(), &err), ASQL_EINVAL);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(err.message, "asql_stmt_part"));
    run_script(s); /* IF NOT EXISTS: harmless on the existing tables */

    s = asql_drop_all(&shop, false);
    script_sql(s, asql_dialect_postgresql(), sql, sizeof sql);
    ck_assert_str_eq(sql, "DROP TABLE orders; DROP TABLE addresses; DROP TABLE users");
    run_script(s);
    query("SELECT count(*) FROM sqlite_master WHERE name IN ('users', 'addresses', 'orders')");
    ck_assert_str_eq(last_rows, "0");
}
END_TEST

/* Two tables whose foreign keys point at each other. */
struct cyc_a_table {
    asql_table table;
    asql_column id, b;
};
struct cyc_b_table {
    asql_table table;
    asql_column id, a;
};
static const struct cyc_a_table cyc_a;
static const struct cyc_b_table cyc_b =
    ASQL_TABLE_DEF(cyc_b, "cyc_b", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY),
                   ASQL_COLUMN(a, "a", ASQL_INTEGER, ASQL_FOREIGN_KEY(&cyc_a.id)));
static const struct cyc_a_table cyc_a =
    ASQL_TABLE_DEF(cyc_a, "cyc_a", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY),
                   ASQL_COLUMN(b, "b", ASQL_INTEGER, ASQL_FOREIGN_KEY(&cyc_b.id)));

START_TEST(test_create_all_rejects_cycles_and_bad_input)
{
    const asql_table *tables[] = {&cyc_a.table, &cyc_b.table};
    asql_metadata md = {tables, 2};
    asql_stmt *s;

    s = asql_create_all(&md, false);
    ck_assert_int_eq(asql_stmt_status(s), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(s),
                     "asql_create_all: the foreign keys of the tables form a cycle");
    asql_stmt_free(s);
    /* One of them alone is fine: a reference to a table not in the list is not waited for. */
    md.n_tables = 1;
    s = asql_create_all(&md, false);
    ck_assert_int_eq(asql_stmt_status(s), ASQL_OK);
    ck_assert_uint_eq(asql_stmt_n_parts(s), 1);
    asql_stmt_free(s);
    s = asql_create_all(NULL, false);
    ck_assert_int_eq(asql_stmt_status(s), ASQL_EINVAL);
    asql_stmt_free(s);
    s = asql_create_index(NULL, false);
    ck_assert_int_eq(asql_stmt_status(s), ASQL_EINVAL);
    asql_stmt_free(s);
    ck_assert_uint_eq(asql_stmt_n_parts(NULL), 0);
    ck_assert_ptr_null(asql_stmt_part(NULL, 0));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_ddl");
    TCase *tc = db_tcase("create_table");

    tcase_add_test(tc, test_create_table_spells_every_type_per_dialect);
    suite_add_tcase(s, tc);
    tc = shop_tcase("create_table_shop");
    tcase_add_test(tc, test_create_table_with_autoincrement_key_and_defaults);
    tcase_add_test(tc, test_create_table_quotes_hostile_names);
    suite_add_tcase(s, tc);
    tc = shop_tcase("drop_and_index");
    tcase_add_test(tc, test_drop_table_and_create_index);
    suite_add_tcase(s, tc);
    tc = shop_tcase("create_all");
    tcase_add_test(tc, test_create_all_and_drop_all_follow_foreign_keys);
    tcase_add_test(tc, test_create_all_rejects_cycles_and_bad_input);
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
