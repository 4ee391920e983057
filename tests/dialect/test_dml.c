/* SPDX-License-Identifier: MIT */
/*
 * test_dml.c - INSERT (one row, many rows, implicit RETURNING of the autoincrement key on
 * PostgreSQL), UPDATE (values and expressions) and DELETE for every dialect, each run on SQLite
 * with its effect checked; and the inputs that cannot compile.
 */
#include "sql_check.h"

START_TEST(test_insert_one_row_binds_by_column_type)
{
    asql_stmt *q = asql_insert(&notes.table);

    asql_set(q, &notes.text, "it's");
    asql_set(q, &notes.completed, 1);
    asql_set(q, &notes.score, 3);
    CHECK_SQL(q, "INSERT INTO notes (text, completed, score) VALUES ($1, $2, $3) RETURNING id",
              "INSERT INTO notes (text, completed, score) VALUES (?, ?, ?)",
              "INSERT INTO notes (text, completed, score) VALUES (?, ?, ?)",
              "STRING 'it's'; BOOLEAN 1; DOUBLE 3");
    query("SELECT id, text, completed, score FROM notes WHERE id = 4");
    ck_assert_str_eq(last_rows, "4|it's|1|3");
}
END_TEST

START_TEST(test_insert_reports_kind_and_key)
{
    asql_stmt *q = asql_insert(&notes.table);
    asql_compiled *c;

    asql_set(q, &notes.text, "x");
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_int_eq(c->kind, ASQL__STMT_INSERT);
    ck_assert_int_eq(c->implicit_returning, 1);
    ck_assert_int_eq(c->returns_rows, 1);
    ck_assert_ptr_eq(c->autoincrement_key, &notes.id);
    ck_assert_int_eq(asql_compiled_n_columns(c), 1);
    ck_assert_str_eq(asql_compiled_column_name(c, 0), "id");
    asql_compiled_free(c);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_mysql(), NULL), ASQL_OK);
    ck_assert_int_eq(c->implicit_returning, 0);
    ck_assert_int_eq(c->returns_rows, 0);
    ck_assert_ptr_eq(c->autoincrement_key, &notes.id);
    ck_assert_int_eq(asql_compiled_n_columns(c), 0);
    asql_compiled_free(c);
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_insert_without_autoincrement_has_no_returning)
{
    asql_stmt *q = asql_insert(&weird.table);

    asql_set(q, &weird.order, 7);
    asql_set(q, &weird.quote, "\"");
    asql_set(q, &weird.tick, "`");
    CHECK_SQL(q,
              "INSERT INTO \"we\"\"ird`tab\" (\"order\", \"a\"\"b\", \"c`d\") VALUES ($1, $2, $3)",
              "INSERT INTO `we\"ird``tab` (`order`, `a\"b`, `c``d`) VALUES (?, ?, ?)",
              "INSERT INTO \"we\"\"ird`tab\" (\"order\", \"a\"\"b\", \"c`d\") VALUES (?, ?, ?)",
              "INTEGER 7; TEXT '\"'; TEXT '`'");
    query("SELECT \"order\", \"a\"\"b\", \"c`d\" FROM \"we\"\"ird`tab\"");
    ck_assert_str_eq(last_rows, "7|\"|`");
}
END_TEST

START_TEST(test_insert_many_rows_in_one_statement)
{
    asql_stmt *q = asql_insert(&notes.table);

    asql_set(q, &notes.text, "a");
    asql_set(q, &notes.completed, true);
    asql_insert_row(q);
    asql_set(q, &notes.completed, false); /* another order: matched by column */
    asql_set(q, &notes.text, "b");
    asql_insert_row(q); /* a final insert_row is allowed */
    CHECK_SQL(q, "INSERT INTO notes (text, completed) VALUES ($1, $2), ($3, $4)",
              "INSERT INTO notes (text, completed) VALUES (?, ?), (?, ?)",
              "INSERT INTO notes (text, completed) VALUES (?, ?), (?, ?)",
              "STRING 'a'; BOOLEAN 1; STRING 'b'; BOOLEAN 0");
    query("SELECT id, text, completed FROM notes WHERE id > 3");
    ck_assert_str_eq(last_rows, "4|a|1\n5|b|0");
}
END_TEST

START_TEST(test_insert_null_and_placeholder)
{
    asql_params *p;
    asql_stmt *q = asql_insert(&notes.table);

    asql_set(q, &notes.text, asql_param(q, "text"));
    asql_set(q, &notes.score, NULL);
    asql_set(q, &notes.completed, asql_param(q, "done"));
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_int_eq(asql_params_str(p, "text", "from params"), ASQL_OK);
    ck_assert_int_eq(asql_params_int(p, "done", 1), ASQL_OK);
    CHECK_SQL_P(q, "INSERT INTO notes (text, score, completed) VALUES ($1, $2, $3) RETURNING id",
                "INSERT INTO notes (text, score, completed) VALUES (?, ?, ?)",
                "INSERT INTO notes (text, score, completed) VALUES (?, ?, ?)",
                "STRING :text; DOUBLE NULL; BOOLEAN :done",
                "STRING :text; DOUBLE NULL; BOOLEAN :done", p);
    asql_params_free(p);
    query("SELECT text, score, completed FROM notes WHERE id = 4");
    ck_assert_str_eq(last_rows, "from params|NULL|1");
}
END_TEST

START_TEST(test_update_sets_values_and_expressions)
{
    asql_stmt *q = asql_update(&notes.table);

    asql_set(q, &notes.score, asql_mul(q, &notes.score, 2));
    asql_set(q, &notes.completed, true);
    asql_where(q, asql_lt(q, &notes.id, 3));
    CHECK_SQL(q, "UPDATE notes SET score = notes.score * $1, completed = $2 WHERE notes.id < $3",
              "UPDATE notes SET score = notes.score * ?, completed = ? WHERE notes.id < ?",
              "UPDATE notes SET score = notes.score * ?, completed = ? WHERE notes.id < ?",
              "DOUBLE 2; BOOLEAN 1; INTEGER 3");
    query("SELECT id, score, completed FROM notes");
    ck_assert_str_eq(last_rows, "1|3|1\n2|5|1\n3|NULL|0");
}
END_TEST

START_TEST(test_update_without_where_touches_every_row)
{
    asql_stmt *q = asql_update(&notes.table);

    asql_set(q, &notes.text, asql_concat(q, &notes.text, "!"));
    CHECK_SQL(q, "UPDATE notes SET text = notes.text || $1",
              "UPDATE notes SET text = concat(notes.text, ?)",
              "UPDATE notes SET text = notes.text || ?", "STRING '!'");
    query("SELECT text FROM notes");
    ck_assert_str_eq(last_rows, "buy milk!\nwalk dog!\n50% off_sale!");
}
END_TEST

START_TEST(test_delete_with_where)
{
    asql_stmt *q = asql_delete(&notes.table);

    asql_where(q, asql_eq(q, &notes.completed, false));
    asql_where(q, asql_is_not_null(q, &notes.score));
    CHECK_SQL(q, "DELETE FROM notes WHERE notes.completed = $1 AND notes.score IS NOT NULL",
              "DELETE FROM notes WHERE notes.completed = ? AND notes.score IS NOT NULL",
              "DELETE FROM notes WHERE notes.completed = ? AND notes.score IS NOT NULL",
              "BOOLEAN 0");
    query("SELECT id FROM notes");
    ck_assert_str_eq(last_rows, "2\n3");
}
END_TEST

START_TEST(test_delete_everything)
{
    asql_stmt *q = asql_delete(&weird.table);

    CHECK_SQL(q, "DELETE FROM \"we\"\"ird`tab\"", "DELETE FROM `we\"ird``tab`",
              "DELETE FROM \"we\"\"ird`tab\"", "");
    ck_assert_str_eq(query("SELECT count(*) FROM notes"), "3");
}
END_TEST

START_TEST(test_dml_bad_input_fails)
{
    asql_stmt *q = asql_insert(&notes.table);

    CHECK_FAILS(q, ASQL_EINVAL, "INSERT into \"notes\" sets no column");
    q = asql_update(&notes.table);
    CHECK_FAILS(q, ASQL_EINVAL, "UPDATE of \"notes\" sets no column");
    q = asql_update(&notes.table);
    asql_set(q, &weird.user, "x");
    CHECK_FAILS(q, ASQL_EINVAL, "column \"user\" does not belong to table \"notes\"");
    q = asql_update(&notes.table);
    asql_set(q, &notes.text, "x");
    asql_set(q, &notes.text, "y");
    CHECK_FAILS(q, ASQL_EINVAL, "column \"text\" is set twice");
    q = asql_delete(&notes.table);
    asql_where(q, asql_eq(q, &weird.order, 1));
    CHECK_FAILS(q, ASQL_EINVAL, "column \"order\" of table \"we\"ird`tab\" is not in the FROM");
    q = asql_insert(&notes.table);
    asql_set(q, &notes.text, "a");
    asql_insert_row(q);
    asql_set(q, &notes.score, 1.0);
    asql_insert_row(q);
    CHECK_FAILS(q, ASQL_EINVAL, "sets column \"score\", which row 1 does not set");
    q = asql_insert(&notes.table);
    asql_set(q, &notes.text, "a");
    asql_set(q, &notes.score, 1.0);
    asql_insert_row(q);
    asql_set(q, &notes.text, "b");
    CHECK_FAILS(q, ASQL_EINVAL, "row 2 does not set the same columns as row 1");
    q = asql_insert(&notes.table);
    asql_insert_row(q);
    CHECK_FAILS(q, ASQL_EINVAL, "the current row sets no column");
    q = asql_insert(&notes.table);
    asql_where(q, asql_eq(q, &notes.id, 1));
    CHECK_FAILS(q, ASQL_EMISUSE, "asql_where: not allowed");
    q = asql_select(&notes.table);
    asql_set(q, &notes.id, 1);
    CHECK_FAILS(q, ASQL_EMISUSE, "asql_set: not allowed");
    CHECK_FAILS(asql_insert(NULL), ASQL_EINVAL, "asql_insert: table is NULL");
    CHECK_FAILS(asql_update(NULL), ASQL_EINVAL, "asql_update: table is NULL");
    CHECK_FAILS(asql_delete(NULL), ASQL_EINVAL, "asql_delete: table is NULL");
    q = asql_insert(&notes.table);
    asql_set(q, NULL, asql_int(q, 1));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_set: column is NULL");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_dml");
    TCase *tc;

    tc = db_tcase("insert");
    tcase_add_test(tc, test_insert_one_row_binds_by_column_type);
    tcase_add_test(tc, test_insert_reports_kind_and_key);
    tcase_add_test(tc, test_insert_without_autoincrement_has_no_returning);
    tcase_add_test(tc, test_insert_many_rows_in_one_statement);
    tcase_add_test(tc, test_insert_null_and_placeholder);
    suite_add_tcase(s, tc);
    tc = db_tcase("update");
    tcase_add_test(tc, test_update_sets_values_and_expressions);
    tcase_add_test(tc, test_update_without_where_touches_every_row);
    suite_add_tcase(s, tc);
    tc = db_tcase("delete");
    tcase_add_test(tc, test_delete_with_where);
    tcase_add_test(tc, test_delete_everything);
    suite_add_tcase(s, tc);
    tc = db_tcase("errors");
    tcase_add_test(tc, test_dml_bad_input_fails);
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
