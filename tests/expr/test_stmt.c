/* SPDX-License-Identifier: MIT */
/*
 * test_stmt.c - statements as objects: sticky errors (first error kept, later calls inert),
 * NULL and foreign handles, out-of-memory at every allocation, arena growth, parameter sets,
 * table lookups and dialect lookups.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "asql/asql.h"

static const struct notes_table {
    asql_table table;
    asql_column id, text, completed;
} notes = ASQL_TABLE_DEF(notes, "notes",
                         ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
                         ASQL_COLUMN(text, "text", ASQL_STRING(100)),
                         ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN, ASQL_NOT_NULL));

/* A table using every declaration option, with a composite key and a foreign key. */
static const struct tags_table {
    asql_table table;
    asql_column note_id, tag, created, price, uid;
} tags = ASQL_TABLE_DEF(
    tags, "tags",
    ASQL_COLUMN(note_id, "note_id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_FOREIGN_KEY(&notes.id),
                ASQL_ON_DELETE(CASCADE), ASQL_INDEX),
    ASQL_COLUMN(tag, "tag", ASQL_VARCHAR(20), ASQL_PRIMARY_KEY, ASQL_NOT_NULL),
    ASQL_COLUMN(created, "created", ASQL_TIMESTAMP_TZ, ASQL_SERVER_DEFAULT("CURRENT_TIMESTAMP")),
    ASQL_COLUMN(price, "price", ASQL_NUMERIC(10, 2), ASQL_UNIQUE),
    ASQL_COLUMN(uid, "uid", ASQL_UUID));

static const asql_table *const all_tables[] = {&notes.table, &tags.table};
static const asql_metadata metadata = {all_tables, 2};

START_TEST(test_table_declaration_keeps_every_option)
{
    ck_assert_str_eq(tags.table.name, "tags");
    ck_assert_int_eq(tags.table.n_columns, 5);
    ck_assert_ptr_eq(&tags.table.columns[4], &tags.uid);
    ck_assert_int_eq(tags.note_id.primary_key && tags.tag.primary_key, 1);
    ck_assert_ptr_eq(tags.note_id.foreign_key, &notes.id);
    ck_assert_int_eq(tags.note_id.on_delete, ASQL_FK_CASCADE);
    ck_assert_int_eq(tags.note_id.indexed, 1);
    ck_assert_int_eq(tags.tag.type.kind, ASQL_TYPE_STRING);
    ck_assert_uint_eq(tags.tag.type.length, 20);
    ck_assert_int_eq(tags.tag.not_null, 1);
    ck_assert_int_eq(tags.created.type.timezone, 1);
    ck_assert_str_eq(tags.created.server_default, "CURRENT_TIMESTAMP");
    ck_assert_int_eq(tags.price.type.precision, 10);
    ck_assert_int_eq(tags.price.type.scale, 2);
    ck_assert_int_eq(tags.price.unique, 1);
    ck_assert_int_eq(tags.uid.primary_key | tags.uid.unique | tags.uid.not_null, 0);
    ck_assert_ptr_null(tags.uid.server_default);
    ck_assert_uint_eq(metadata.n_tables, 2);
    ck_assert_ptr_eq(metadata.tables[1], &tags.table);
}
END_TEST

START_TEST(test_first_error_sticks_and_later_calls_are_inert)
{
    asql_stmt *q = asql_select(&notes.table);
    asql_expr *e;

    asql_where(q, asql_eq(q, &notes.completed, 7));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_ERANGE);
    ck_assert_str_eq(asql_stmt_errmsg(q),
                     "value for column \"completed\" does not fit its type BOOLEAN "
                     "(value out of range)");
    e = asql_col(q, NULL); /* would be EINVAL: the first error stays */
    ck_assert_ptr_nonnull(e);
    asql_where(q, e);
    asql_limit(q, -1);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_ERANGE);
    ck_assert_ptr_eq(asql_str(q, "x"), e); /* the one shared inert node */
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_null_arguments_are_einval_not_crashes)
{
    asql_stmt *q = asql_select(&notes.table);

    asql_where(q, NULL);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_where: expression argument is NULL");
    asql_stmt_free(q);
    q = asql_select(&notes.table);
    (asql_eq)(q, asql_col(q, &notes.id), NULL);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_eq: expression argument is NULL");
    asql_stmt_free(q);
    q = asql_select(&notes.table);
    asql_str(q, NULL);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_str: string is NULL");
    asql_stmt_free(q);
    q = asql_select(&notes.table);
    asql_param(q, "9lives");
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_param: bad name (want [A-Za-z_][A-Za-z0-9_]*)");
    asql_stmt_free(q);
    q = asql_select(&notes.table);
    asql_blob(q, NULL, 3);
    ck_assert_str_eq(asql_stmt_errmsg(q), "asql_blob: data is NULL");
    asql_stmt_free(q);
    q = asql_select(&notes.table);
    asql_eq(q, &notes.id, (void *)&notes);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_EINVAL);
    asql_stmt_free(q);

    /* Calls on a NULL statement do nothing and return the inert node. */
    ck_assert_ptr_nonnull(asql_col(NULL, &notes.id));
    asql_where(NULL, NULL);
    asql_limit(NULL, 1);
    asql_set(NULL, &notes.id, NULL);
    ck_assert_int_eq(asql_stmt_status(NULL), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(NULL), "statement is NULL");
    asql_stmt_free(NULL);
}
END_TEST

START_TEST(test_node_of_another_statement_is_einval)
{
    asql_stmt *a = asql_select(&notes.table);
    asql_stmt *b = asql_select(&notes.table);
    asql_expr *from_a = asql_eq(a, &notes.id, 1);

    asql_where(b, from_a);
    ck_assert_int_eq(asql_stmt_status(b), ASQL_EINVAL);
    ck_assert_str_eq(asql_stmt_errmsg(b),
                     "asql_where: expression belongs to another statement or to a failed call");
    ck_assert_int_eq(asql_stmt_status(a), ASQL_OK);
    asql_stmt_free(a);
    asql_stmt_free(b);
}
END_TEST

START_TEST(test_compile_rejects_null_and_errored_statements)
{
    asql_stmt *q = asql_select(&notes.table);
    asql_compiled *c = (asql_compiled *)&q;
    asql_error err;

    ck_assert_int_eq(asql_compile(NULL, q, asql_dialect_sqlite(), &err), ASQL_EINVAL);
    ck_assert_str_eq(err.message, "asql_compile: out is NULL");
    ck_assert_int_eq(asql_compile(&c, NULL, asql_dialect_sqlite(), &err), ASQL_EINVAL);
    ck_assert_ptr_null(c);
    ck_assert_str_eq(err.message, "asql_compile: statement is NULL");
    ck_assert_int_eq(asql_compile(&c, q, NULL, NULL), ASQL_EINVAL);
    asql_offset(q, -1);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), &err), ASQL_EINVAL);
    ck_assert_int_eq(err.status, ASQL_EINVAL);
    ck_assert_str_eq(err.message, "asql_offset: negative offset");
    ck_assert_ptr_null(c);
    asql_stmt_free(q);
    /* Accessors accept NULL. */
    ck_assert_str_eq(asql_compiled_sql(NULL), "");
    ck_assert_int_eq(asql_compiled_n_params(NULL), 0);
    ck_assert_ptr_null(asql_compiled_param_value(NULL, 0));
    asql_compiled_free(NULL);
}
END_TEST

START_TEST(test_big_statement_grows_the_arena)
{
    asql_stmt *q = asql_select(&notes.table);
    asql_compiled *c;
    char big[20000];
    int i;

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (i = 0; i < 500; i++)
        asql_where(q, asql_ne(q, &notes.id, i));
    asql_where(q, asql_ne(q, &notes.text, big));
    ck_assert_int_eq(asql_stmt_status(q), ASQL_OK);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_n_params(c), 501);
    ck_assert_uint_eq(asql_compiled_param_value(c, 500)->u.bytes.len, sizeof big - 1);
    ck_assert_ptr_nonnull(strstr(asql_compiled_sql(c), "notes.id != $500 AND"));
    asql_compiled_free(c);
    asql_stmt_free(q);
}
END_TEST

/* An allocator that fails from the n-th allocation on. */
static long allocs_left;

static void *failing_malloc(size_t n)
{
    return allocs_left-- > 0 ? malloc(n) : NULL;
}

static void *failing_realloc(void *p, size_t n)
{
    return allocs_left-- > 0 ? realloc(p, n) : NULL;
}

/* Builds and compiles a statement that needs arena growth; returns the first failure. */
static asql_status build_and_compile(void)
{
    asql_stmt *q = asql_select(&notes.table);
    asql_compiled *c = NULL;
    asql_status rc;
    int i;

    for (i = 0; i < 100; i++)
        asql_where(q, asql_like(q, &notes.text, "%some longer text for the arena%"));
    rc = asql_compile(&c, q, asql_dialect_mysql(), NULL);
    ck_assert(rc == ASQL_OK || c == NULL);
    if (rc == ASQL_OK)
        (void)asql_compiled_debug_sql(c); /* NULL when out of memory, as documented */
    asql_compiled_free(c);
    asql_stmt_free(q);
    return rc;
}

START_TEST(test_out_of_memory_at_every_allocation_is_enomem)
{
    long n;
    int saw_ok = 0;

    ck_assert_int_eq(asql_set_allocator(failing_malloc, failing_realloc, free), ASQL_OK);
    for (n = 0; n < 50 && !saw_ok; n++) {
        asql_status rc;
        allocs_left = n;
        rc = build_and_compile();
        ck_assert_msg(rc == ASQL_OK || rc == ASQL_ENOMEM, "n=%ld: %s", n, asql_status_name(rc));
        saw_ok = rc == ASQL_OK;
    }
    ck_assert_msg(saw_ok, "never succeeded");
    ck_assert_int_eq(asql_set_allocator(NULL, NULL, NULL), ASQL_OK);
    ck_assert_int_eq(asql_set_allocator(malloc, NULL, free), ASQL_EINVAL);
}
END_TEST

START_TEST(test_enomem_statement_is_shared_and_inert)
{
    asql_stmt *q;

    ck_assert_int_eq(asql_set_allocator(failing_malloc, failing_realloc, free), ASQL_OK);
    allocs_left = 0;
    q = asql_select(&notes.table);
    ck_assert_int_eq(asql_set_allocator(NULL, NULL, NULL), ASQL_OK);
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_ENOMEM);
    asql_where(q, asql_eq(q, &notes.id, 1));
    asql_limit(q, 1);
    ck_assert_int_eq(asql_stmt_status(q), ASQL_ENOMEM);
    asql_stmt_free(q);
    asql_stmt_free(q); /* freeing the shared one is harmless */
}
END_TEST

START_TEST(test_params_hold_sets_of_copied_values)
{
    asql_params *p;
    char name[8] = "txt", text[8] = "abc";
    const asql_value *v;

    ck_assert_int_eq(asql_params_new(NULL), ASQL_EINVAL);
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_uint_eq(asql_params_count(p), 1);
    ck_assert_int_eq(asql_params_str(p, name, text), ASQL_OK);
    strcpy(name, "zzz");
    strcpy(text, "xyz");
    v = asql_params_get(p, 0, "txt");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type.kind, ASQL_TYPE_TEXT);
    ck_assert_uint_eq(v->u.bytes.len, 3);
    ck_assert_int_eq(memcmp(v->u.bytes.ptr, "abc", 3), 0);
    ck_assert_int_eq(asql_params_int(p, "txt", 5), ASQL_OK); /* replaces */
    ck_assert_int_eq(asql_params_get(p, 0, "txt")->u.i64, 5);
    ck_assert_int_eq(asql_params_null(p, "n"), ASQL_OK);
    ck_assert_int_eq(asql_params_get(p, 0, "n")->is_null, 1);
    ck_assert_int_eq(asql_params_bool(p, "b", true), ASQL_OK);
    ck_assert_int_eq(asql_params_double(p, "d", 2.5), ASQL_OK);
    ck_assert_int_eq(asql_params_blob(p, "bl", "\0\1", 2), ASQL_OK);
    ck_assert_int_eq(asql_params_strn(p, "s", "a\0b", 3), ASQL_OK);
    ck_assert_uint_eq(asql_params_get(p, 0, "s")->u.bytes.len, 3);
    ck_assert_int_eq(asql_params_next(p), ASQL_OK);
    ck_assert_uint_eq(asql_params_count(p), 2);
    ck_assert_ptr_null(asql_params_get(p, 1, "txt"));
    ck_assert_int_eq(asql_params_int(p, "txt", 6), ASQL_OK);
    ck_assert_int_eq(asql_params_get(p, 1, "txt")->u.i64, 6);
    ck_assert_int_eq(asql_params_get(p, 0, "txt")->u.i64, 5);
    ck_assert_ptr_null(asql_params_get(p, 2, "txt"));
    ck_assert_int_eq(asql_params_int(p, "bad name", 1), ASQL_EINVAL);
    ck_assert_int_eq(asql_params_int(p, NULL, 1), ASQL_EINVAL);
    ck_assert_int_eq(asql_params_str(p, "x", NULL), ASQL_EINVAL);
    ck_assert_int_eq(asql_params_int(NULL, "x", 1), ASQL_EINVAL);
    {
        asql_value bad;
        memset(&bad, 0, sizeof bad);
        bad.type.kind = ASQL_TYPE_NUMERIC;
        bad.u.bytes.ptr = "1,5";
        bad.u.bytes.len = 3;
        ck_assert_int_eq(asql_params_value(p, "num", &bad), ASQL_EINVAL);
        bad.u.bytes.ptr = "1.5";
        ck_assert_int_eq(asql_params_value(p, "num", &bad), ASQL_OK);
    }
    for (int i = 0; i < 100; i++) /* many sets */
        ck_assert_int_eq(asql_params_next(p), ASQL_OK);
    ck_assert_uint_eq(asql_params_count(p), 102);
    asql_params_free(p);
    asql_params_free(NULL);
}
END_TEST

START_TEST(test_table_and_dialect_lookups)
{
    ck_assert_ptr_eq(asql_table_column(&notes.table, "text"), &notes.text);
    ck_assert_ptr_null(asql_table_column(&notes.table, "nope"));
    ck_assert_ptr_null(asql_table_column(NULL, "id"));
    ck_assert_int_eq(notes.table.n_columns, 3);
    ck_assert_ptr_eq(notes.completed.table, &notes.table);
    ck_assert_int_eq(notes.completed.not_null, 1);
    ck_assert_int_eq(notes.id.autoincrement, 1);
    ck_assert_ptr_eq(asql_dialect_find("postgres"), asql_dialect_postgresql());
    ck_assert_ptr_eq(asql_dialect_find("mariadb"), asql_dialect_mariadb());
    ck_assert_ptr_null(asql_dialect_find("oracle"));
    ck_assert_ptr_null(asql_dialect_find(NULL));
    ck_assert_str_eq(asql_dialect_name(asql_dialect_mysql()), "mysql");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("expr_stmt");
    TCase *tc = tcase_create("sticky_errors");

    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_first_error_sticks_and_later_calls_are_inert);
    tcase_add_test(tc, test_null_arguments_are_einval_not_crashes);
    tcase_add_test(tc, test_node_of_another_statement_is_einval);
    tcase_add_test(tc, test_compile_rejects_null_and_errored_statements);
    suite_add_tcase(s, tc);
    tc = tcase_create("memory");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_big_statement_grows_the_arena);
    tcase_add_test(tc, test_out_of_memory_at_every_allocation_is_enomem);
    tcase_add_test(tc, test_enomem_statement_is_shared_and_inert);
    suite_add_tcase(s, tc);
    tc = tcase_create("params");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_params_hold_sets_of_copied_values);
    suite_add_tcase(s, tc);
    tc = tcase_create("lookups");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_table_and_dialect_lookups);
    tcase_add_test(tc, test_table_declaration_keeps_every_option);
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
