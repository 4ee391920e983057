/* SPDX-License-Identifier: MIT */
/*
 * test_conformance.c - the executor's conformance suite, written once and run unchanged on every
 * backend of conformance.h: keys of inserts, execute_many and no-row answers, values read back
 * the same way, portable error classes, iterate stopped early, isolation levels where the backend
 * has them, and create-all/drop-all scripts. Transactions and the pool: test_conformance_txn.c.
 */
#include "conformance.h"

START_TEST(test_insert_returns_new_keys_and_select_reads_them_back)
{
    const char *s;
    bool done;
    int64_t id;
    ck_assert_int_eq(insert("a", 0, 1.5), 1);
    ck_assert_int_eq(insert("b", 1, 2.5), 2);
    asql_stmt *q = asql_select(&conf.table);
    asql_where(q, asql_eq(q, &conf.completed, asql_bool(q, true)));
    fx_res r = run_all(q, NULL);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_int64_by_col(row, &conf.id, &id), ASQL_OK);
    ck_assert_int_eq(id, 2);
    ck_assert_int_eq(asql_row_text_by_col(row, &conf.text, &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "b");
    ck_assert_int_eq(asql_row_bool_by_col(row, &conf.completed, &done), ASQL_OK);
    ck_assert(done);
    ck_assert_int_eq(asql_row_int64_by_col(row, &conf.price, &id), ASQL_ENULL);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_execute_many_and_no_row_answers)
{
    fx_res r = {0}, one = {0}, val = {0};
    asql_params *p;
    asql_stmt *q = asql_text("INSERT INTO conf_notes (text, score) VALUES (:t, :s)");
    asql_params_new(&p);
    for (int i = 0; i < 20; i++) {
        char t[8];
        snprintf(t, sizeof(t), "n%d", i);
        if (i)
            asql_params_next(p);
        asql_params_str(p, "t", t);
        asql_params_double(p, "s", i);
    }
    ck_assert_int_eq(asql_execute_many(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_result_rows_affected(r.res), 20);
    fx_res_free(&r);
    q = asql_text("SELECT id FROM conf_notes WHERE text = :t");
    asql_params_new(&p);
    asql_params_str(p, "t", "absent");
    ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, p, fx_row_cb, &one), ASQL_OK);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, p, 0, fx_row_cb, &val), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&one.calls);
    fx_run_until(&val.calls);
    ck_assert_int_eq(one.status, ASQL_OK);
    ck_assert_ptr_null(one.row);
    ck_assert_int_eq(val.status, ASQL_OK);
    ck_assert_ptr_null(val.row);
    fx_res_free(&one);
    fx_res_free(&val);
}
END_TEST

START_TEST(test_values_round_trip_the_same_way)
{
    unsigned char bytes[256];
    const void *blob;
    const char *num;
    size_t len;
    double d;
    asql_datetime at = asql_datetime_make(2001, 2, 3, 4, 5, 6, 789), got;
    for (int k = 0; k < 256; k++)
        bytes[k] = (unsigned char)k;
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, "it's \"q\" \\ $1 ? :x"));
    asql_set(q, &conf.score, asql_double(q, -0.1));
    asql_set(q, &conf.price, asql_numeric(q, "12.50"));
    asql_set(q, &conf.at, asql_datetime_tz(q, at));
    asql_set(q, &conf.data, asql_blob(q, bytes, sizeof(bytes)));
    fx_res r = {0};
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    fx_res_free(&r);
    r = run_all(asql_select(&conf.table), NULL);
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_double_by_col(row, &conf.score, &d), ASQL_OK);
    ck_assert(d == -0.1);
    ck_assert_int_eq(asql_row_numeric_by_col(row, &conf.price, &num, &len), ASQL_OK);
    ck_assert_str_eq(num, be->exact_numeric ? "12.50" : "12.5");
    ck_assert_int_eq(asql_row_datetime_by_col(row, &conf.at, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, at.usec);
    ck_assert_int_eq(asql_row_blob_by_col(row, &conf.data, &blob, &len), ASQL_OK);
    ck_assert_uint_eq(len, 256);
    ck_assert(memcmp(blob, bytes, 256) == 0);
    ck_assert_int_eq(asql_row_text_by_col(row, &conf.text, &num, NULL), ASQL_OK);
    ck_assert_str_eq(num, "it's \"q\" \\ $1 ? :x");
    fx_res_free(&r);
}
END_TEST

START_TEST(test_errors_carry_portable_classes)
{
    insert("dup", 0, 0);
    fx_res r = {0}, syn = {0};
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, "dup"));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("SELEC 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &syn), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    fx_run_until(&syn.calls);
    ck_assert_int_eq(r.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->klass, ASQL_ERRCLASS_UNIQUE_VIOLATION);
    ck_assert_int_eq(syn.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(syn.res)->klass, ASQL_ERRCLASS_SYNTAX);
    fx_res_free(&r);
    fx_res_free(&syn);
}
END_TEST

typedef struct it {
    int rows, ends;
    asql_status status;
} it;

static int it_row(const asql_row *row, void *data)
{
    it *s = data;
    (void)row;
    return ++s->rows == 5;
}

static void it_end(asql_status st, asql_result *res, void *data)
{
    it *s = data;
    (void)res;
    s->ends++;
    s->status = st;
}

START_TEST(test_iterate_stops_early_on_every_backend)
{
    it s = {0};
    for (int i = 0; i < 12; i++) {
        char t[8];
        snprintf(t, sizeof(t), "r%d", i);
        insert(t, i % 2, i);
    }
    asql_stmt *q = asql_select(&conf.table);
    ck_assert_int_eq(asql_iterate(NULL, ASQL_ON_DB(fx_db), q, NULL, it_row, it_end, &s), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&s.ends);
    ck_assert_int_eq(s.ends, 1);
    ck_assert_int_eq(s.rows, 5);
    ck_assert_int_eq(s.status, ASQL_OK);
}
END_TEST

/* ---- creating tables ----------------------------------------------------------------------- */

static const struct conf_parent_table {
    asql_table table;
    asql_column id, name;
} conf_parent = ASQL_TABLE_DEF(
    conf_parent, "conf_parent", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY),
    ASQL_COLUMN(name, "name", ASQL_STRING(40), ASQL_NOT_NULL, ASQL_INDEX));

static const struct conf_child_table {
    asql_table table;
    asql_column id, parent;
} conf_child = ASQL_TABLE_DEF(
    conf_child, "conf_child", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY),
    ASQL_COLUMN(parent, "parent_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&conf_parent.id)));

/* The README's pattern: every part of a script, in order, inside one transaction; the last
 * part's callback ends the body with the first error met (or ASQL_OK). */
typedef struct script_run {
    fx_done done; /* first: the helper's callback is fx_done_cb on the same data */
    const asql_stmt *script;
    asql_txn *txn;
    size_t n_done;
    asql_status first;
} script_run;

static void on_part(asql_status st, asql_result *res, void *data)
{
    script_run *s = data;
    (void)res;
    if (s->first == ASQL_OK)
        s->first = st;
    if (++s->n_done == asql_stmt_n_parts(s->script))
        ck_assert_int_eq(asql_txn_done(s->txn, s->first), ASQL_OK);
}

static void script_body(asql_txn *t, void *data)
{
    script_run *s = data;
    s->txn = t;
    for (size_t i = 0; i < asql_stmt_n_parts(s->script); i++)
        ck_assert_int_eq(
            asql_execute(NULL, ASQL_ON_TXN(t), asql_stmt_part(s->script, i), NULL, on_part, s),
            ASQL_OK);
}

static asql_status run_script(asql_stmt *script)
{
    script_run s = {{0, ASQL_OK}, script, NULL, 0, ASQL_OK};
    ck_assert_int_eq(asql_stmt_status(script), ASQL_OK);
    ck_assert_uint_gt(asql_stmt_n_parts(script), 0);
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), NULL, script_body, fx_done_cb, &s),
                     ASQL_OK);
    ck_assert_int_eq(s.done.calls, 0);
    fx_run_until(&s.done.calls);
    ck_assert_int_eq(s.done.calls, 1);
    asql_stmt_free(script);
    return s.done.status;
}

START_TEST(test_create_all_and_drop_all_run_as_scripts_in_one_transaction)
{
    static const asql_table *const tables[] = {&conf_child.table, &conf_parent.table};
    static const asql_metadata md = {tables, 2};
    fx_res r = {0};
    ck_assert_int_eq(run_script(asql_create_all(&md, false)), ASQL_OK);
    ck_assert_int_eq(run_script(asql_create_all(&md, true)), ASQL_OK); /* IF NOT EXISTS */
    asql_stmt *q = asql_text("INSERT INTO conf_parent (id, name) VALUES (1, 'p')");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    q = asql_text("INSERT INTO conf_child (id, parent_id) VALUES (1, 1)");
    r = (fx_res){0};
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    /* A failing part rolls the whole script back: the tables exist, so CREATE fails. */
    ck_assert_int_eq(run_script(asql_create_all(&md, false)), ASQL_ESQL);
    ck_assert_int_eq(run_script(asql_drop_all(&md, false)), ASQL_OK);
    ck_assert_int_eq(run_script(asql_drop_all(&md, true)), ASQL_OK);
    ck_assert_int_eq(run_script(asql_drop_all(&md, false)), ASQL_ESQL); /* nothing to drop */
}
END_TEST

/* ---- error classes and isolation ------------------------------------------------------------ */

static void expect_class(asql_target on, const char *sql, asql_error_class klass, int retryable)
{
    fx_res r = exec_text(on, sql);
    ck_assert_msg(r.status == ASQL_ESQL, "%s: %s gave %s", be->name, sql,
                  asql_status_name(r.status));
    ck_assert_msg(asql_result_error(r.res)->klass == klass, "%s: %s: class %d, not %d (%s)",
                  be->name, sql, asql_result_error(r.res)->klass, klass,
                  asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_result_error(r.res)->retryable, retryable);
    fx_res_free(&r);
}

START_TEST(test_constraint_violations_have_portable_classes)
{
    static const asql_table *const tables[] = {&conf_child.table, &conf_parent.table};
    static const asql_metadata md = {tables, 2};
    ck_assert_int_eq(run_script(asql_create_all(&md, false)), ASQL_OK);
    expect_class(ASQL_ON_DB(fx_db), "INSERT INTO conf_parent (id) VALUES (1)",
                 ASQL_ERRCLASS_NOT_NULL_VIOLATION, 0);
    expect_class(ASQL_ON_DB(fx_db), "INSERT INTO conf_child (id, parent_id) VALUES (1, 42)",
                 ASQL_ERRCLASS_FOREIGN_KEY_VIOLATION, 0);
    fx_res r = exec_text(ASQL_ON_DB(fx_db), "INSERT INTO conf_parent (id, name) VALUES (1, 'p')");
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    expect_class(ASQL_ON_DB(fx_db), "INSERT INTO conf_parent (id, name) VALUES (1, 'q')",
                 ASQL_ERRCLASS_UNIQUE_VIOLATION, 0);
    expect_class(ASQL_ON_DB(fx_db), "SELECT * FROM conf_missing", ASQL_ERRCLASS_UNDEFINED_OBJECT,
                 0);
}
END_TEST

/* Needs isolation levels (not SQLite, whose transactions are all serializable). */
START_TEST(test_isolation_levels_read_only_and_retryable_serialization_failures)
{
    static const char *const names[] = {"read uncommitted", "read committed", "repeatable read",
                                        "serializable"};
    asql_txn_options opts = ASQL_TXN_OPTIONS_INIT;
    for (int i = 0; i < 4; i++) {
        const char *s;
        opts.isolation = (asql_isolation)(ASQL_ISOLATION_READ_UNCOMMITTED + i);
        asql_txn *t = begin_with(ASQL_ON_DB(fx_db), &opts);
        fx_res r = exec_text(ASQL_ON_TXN(t), "SHOW transaction_isolation");
        ck_assert_int_eq(r.status, ASQL_OK);
        ck_assert_int_eq(asql_row_text(asql_result_row(r.res, 0), 0, &s, NULL), ASQL_OK);
        ck_assert_str_eq(s, names[i]);
        fx_res_free(&r);
        end_txn(t, 1);
        asql_txn_free(t);
    }
    opts = (asql_txn_options)ASQL_TXN_OPTIONS_INIT;
    opts.read_only = 1;
    asql_txn *ro = begin_with(ASQL_ON_DB(fx_db), &opts);
    fx_res r = exec_text(ASQL_ON_TXN(ro), "INSERT INTO conf_notes (text) VALUES ('no')");
    ck_assert_int_eq(r.status, ASQL_ESQL);
    fx_res_free(&r);
    end_txn(ro, 0);
    asql_txn_free(ro);
    /* A concurrent update under REPEATABLE READ: a serialization failure, marked retryable. */
    insert("x", 0, 0);
    opts = (asql_txn_options)ASQL_TXN_OPTIONS_INIT;
    opts.isolation = ASQL_ISOLATION_REPEATABLE_READ;
    asql_txn *t = begin_with(ASQL_ON_DB(fx_db), &opts);
    r = exec_text(ASQL_ON_TXN(t), "SELECT score FROM conf_notes"); /* takes the snapshot */
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    r = exec_text(ASQL_ON_DB(fx_db), "UPDATE conf_notes SET score = 1 WHERE text = 'x'");
    ck_assert_int_eq(r.status, ASQL_OK); /* on another connection, committed */
    fx_res_free(&r);
    expect_class(ASQL_ON_TXN(t), "UPDATE conf_notes SET score = 2 WHERE text = 'x'",
                 ASQL_ERRCLASS_SERIALIZATION_FAILURE, 1);
    end_txn(t, 0);
    asql_txn_free(t);
}
END_TEST

static void add_tests(TCase *tc, const backend *b)
{
    tcase_add_test(tc, test_insert_returns_new_keys_and_select_reads_them_back);
    tcase_add_test(tc, test_execute_many_and_no_row_answers);
    tcase_add_test(tc, test_values_round_trip_the_same_way);
    tcase_add_test(tc, test_errors_carry_portable_classes);
    tcase_add_test(tc, test_iterate_stops_early_on_every_backend);
    tcase_add_test(tc, test_create_all_and_drop_all_run_as_scripts_in_one_transaction);
    tcase_add_test(tc, test_constraint_violations_have_portable_classes);
    if (b->isolation)
        tcase_add_test(tc, test_isolation_levels_read_only_and_retryable_serialization_failures);
}

int main(void)
{
    return conformance_main(conformance_suite("exec_conformance", add_tests));
}
