/* SPDX-License-Identifier: MIT */
/*
 * test_ops.c - every operation (execute, execute_many, fetch_all, fetch_one, fetch_val,
 * iterate) with compiled and raw statements on SQLite in memory and on disk: results, no-row
 * answers, early stop, errors, refused submissions, and the async contract (each callback once,
 * never inside the submitting call). Also the blocking layer.
 */
#include "exec_fixture.h"

static const struct notes_table {
    asql_table table;
    asql_column id, text, completed;
} notes = ASQL_TABLE_DEF(notes, "notes",
                         ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
                         ASQL_COLUMN(text, "text", ASQL_STRING(100), ASQL_NOT_NULL, ASQL_UNIQUE),
                         ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN));

static void setup_notes(void)
{
    fx_exec("CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "text VARCHAR(100) NOT NULL UNIQUE, completed BOOLEAN)");
}

static void mem_setup(void)
{
    fx_setup_memory();
    setup_notes();
}

static void file_setup(void)
{
    fx_setup_file();
    setup_notes();
}

/* Inserts one note with the compiled INSERT and returns its new key. */
static int64_t insert_note(const char *text, int completed)
{
    fx_res r = {0};
    int64_t id = -1;
    asql_stmt *q = asql_insert(&notes.table);
    asql_set(q, &notes.text, asql_str(q, text));
    asql_set(q, &notes.completed, asql_bool(q, completed));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_result_rows_affected(r.res), 1);
    ck_assert_int_eq(asql_result_insert_id(r.res, &id), ASQL_OK);
    fx_res_free(&r);
    return id;
}

static int64_t count_notes(void)
{
    fx_res r = {0};
    int64_t n = -1;
    asql_stmt *q = asql_text("SELECT count(*) FROM notes");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_int_eq(asql_row_int64(r.row, 0, &n), ASQL_OK);
    fx_res_free(&r);
    return n;
}

START_TEST(test_execute_compiled_insert_returns_new_key)
{
    ck_assert_int_eq(insert_note("buy milk", 0), 1);
    ck_assert_int_eq(insert_note("walk dog", 1), 2);
    ck_assert_int_eq(count_notes(), 2);
}
END_TEST

START_TEST(test_execute_raw_with_named_params_returns_rows_affected)
{
    fx_res r = {0};
    asql_params *p;
    int64_t id;
    insert_note("a", 0);
    insert_note("b", 0);
    asql_stmt *q = asql_text("UPDATE notes SET completed = :done WHERE id >= :from");
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    asql_params_bool(p, "done", true);
    asql_params_int(p, "from", 1);
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q); /* the op copied what it needs */
    asql_params_free(p);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_int_eq(asql_result_rows_affected(r.res), 2);
    ck_assert_int_eq(asql_result_insert_id(r.res, &id), ASQL_ENOTFOUND);
    ck_assert_int_eq(asql_result_n_columns(r.res), 0);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_execute_raw_insert_returns_new_key)
{
    fx_res r = {0};
    int64_t id = 0;
    asql_params *p;
    asql_stmt *q = asql_text("INSERT INTO notes (text, completed) VALUES (:t, 0)");
    asql_params_new(&p);
    asql_params_str(p, "t", "it's \"quoted\" \\ $1 ? :x");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_int_eq(asql_result_insert_id(r.res, &id), ASQL_OK);
    ck_assert_int_eq(id, 1);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_execute_many_applies_every_set_as_one_batch)
{
    fx_res r = {0};
    asql_params *p;
    int64_t id;
    asql_stmt *q = asql_insert(&notes.table);
    asql_set(q, &notes.text, asql_param(q, "text"));
    asql_set(q, &notes.completed, asql_param(q, "completed"));
    asql_params_new(&p);
    for (int i = 0; i < 5; i++) {
        char t[16];
        snprintf(t, sizeof(t), "note %d", i);
        if (i)
            asql_params_next(p);
        asql_params_str(p, "text", t);
        asql_params_int(p, "completed", i % 2);
    }
    ck_assert_int_eq(asql_execute_many(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(asql_result_rows_affected(r.res), 5);
    ck_assert_int_eq(asql_result_insert_id(r.res, &id), ASQL_OK);
    ck_assert_int_eq(id, 5);
    fx_res_free(&r);
    ck_assert_int_eq(count_notes(), 5);
}
END_TEST

START_TEST(test_execute_many_failing_set_applies_none)
{
    fx_res r = {0};
    asql_params *p;
    asql_stmt *q = asql_text("INSERT INTO notes (text) VALUES (:t)");
    asql_params_new(&p);
    asql_params_str(p, "t", "one");
    asql_params_next(p);
    asql_params_str(p, "t", "two");
    asql_params_next(p);
    asql_params_str(p, "t", "one"); /* unique violation */
    ck_assert_int_eq(asql_execute_many(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->klass, ASQL_ERRCLASS_UNIQUE_VIOLATION);
    fx_res_free(&r);
    ck_assert_int_eq(count_notes(), 0);
}
END_TEST

START_TEST(test_fetch_all_compiled_select_reads_rows_in_order)
{
    fx_res r = {0};
    const char *s;
    size_t len;
    bool b;
    int64_t id;
    insert_note("buy milk", 0);
    insert_note("walk dog", 1);
    insert_note("call mom", 1);
    asql_stmt *q = asql_select(&notes.table);
    asql_where(q, asql_eq(q, &notes.completed, asql_bool(q, true)));
    asql_order_by(q, asql_desc(q, asql_col(q, &notes.id)));
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 2);
    ck_assert_int_eq(asql_result_n_columns(r.res), 3);
    ck_assert_str_eq(asql_result_column_name(r.res, 1), "text");
    ck_assert_int_eq(asql_result_column_kind(r.res, 2), ASQL_TYPE_BOOLEAN);
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_int64_by_col(row, &notes.id, &id), ASQL_OK);
    ck_assert_int_eq(id, 3);
    ck_assert_int_eq(asql_row_text_by_name(row, "text", &s, &len), ASQL_OK);
    ck_assert_str_eq(s, "call mom");
    ck_assert_uint_eq(len, 8);
    ck_assert_int_eq(asql_row_bool_by_col(row, &notes.completed, &b), ASQL_OK);
    ck_assert(b);
    row = asql_result_row(r.res, 1);
    ck_assert_int_eq(asql_row_text(row, 1, &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "walk dog");
    ck_assert_ptr_null(asql_result_row(r.res, 2));
    fx_res_free(&r);
}
END_TEST

START_TEST(test_fetch_all_of_no_rows_gives_columns_and_no_row)
{
    fx_res r = {0};
    asql_stmt *q = asql_text("SELECT id, text FROM notes WHERE id = :id");
    asql_params *p;
    asql_params_new(&p);
    asql_params_int(p, "id", 42);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 0);
    ck_assert_int_eq(asql_result_n_columns(r.res), 2);
    ck_assert_str_eq(asql_result_column_server_type(r.res, 1), "VARCHAR(100)");
    fx_res_free(&r);
}
END_TEST

START_TEST(test_fetch_all_keeps_duplicate_column_names)
{
    fx_res r = {0};
    int64_t a, b;
    asql_stmt *q = asql_text("SELECT 1 AS x, 2 AS x");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(asql_result_n_columns(r.res), 2);
    ck_assert_str_eq(asql_result_column_name(r.res, 0), "x");
    ck_assert_str_eq(asql_result_column_name(r.res, 1), "x");
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_int64(row, 0, &a), ASQL_OK);
    ck_assert_int_eq(asql_row_int64(row, 1, &b), ASQL_OK);
    ck_assert_int_eq(asql_row_int64_by_name(row, "x", &a), ASQL_OK);
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 2);
    ck_assert_int_eq(asql_row_int64_by_name(row, "nope", &a), ASQL_ENOTFOUND);
    ck_assert_int_eq(asql_row_int64(row, 2, &a), ASQL_ENOTFOUND);
    ck_assert_int_eq(asql_row_int64(row, -1, &a), ASQL_ENOTFOUND);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_fetch_one_returns_first_row_or_null_for_none)
{
    fx_res r = {0}, none = {0};
    const char *s;
    insert_note("first", 0);
    insert_note("second", 0);
    asql_stmt *q = asql_select(&notes.table);
    asql_order_by(q, asql_col(q, &notes.id));
    ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    q = asql_select(&notes.table);
    asql_where(q, asql_eq(q, &notes.text, asql_str(q, "absent")));
    ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_row_cb, &none), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(r.calls + none.calls, 0);
    fx_run_until(&none.calls);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(none.calls, 1);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_ptr_nonnull(r.row);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    ck_assert_int_eq(asql_row_text_by_col(r.row, &notes.text, &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "first");
    ck_assert_int_eq(none.status, ASQL_OK);
    ck_assert_ptr_null(none.row);
    fx_res_free(&r);
    fx_res_free(&none);
}
END_TEST

START_TEST(test_fetch_val_by_index_and_name)
{
    fx_res a = {0}, b = {0}, none = {0}, bad = {0};
    const char *s;
    int64_t v;
    insert_note("x", 1);
    asql_stmt *q = asql_text("SELECT id, text FROM notes ORDER BY id");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 1, fx_row_cb, &a), ASQL_OK);
    ck_assert_int_eq(asql_fetch_val_by_name(NULL, ASQL_ON_DB(fx_db), q, NULL, "id", fx_row_cb, &b),
                     ASQL_OK);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 7, fx_row_cb, &bad), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("SELECT id FROM notes WHERE id < 0");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &none),
                     ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&none.calls); /* on a file, several connections: any order */
    fx_run_until(&a.calls);
    fx_run_until(&b.calls);
    fx_run_until(&bad.calls);
    ck_assert_int_eq(a.calls + b.calls + bad.calls + none.calls, 4);
    ck_assert_int_eq(asql_row_n_columns(a.row), 1);
    ck_assert_int_eq(asql_row_text(a.row, 0, &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "x");
    ck_assert_int_eq(asql_row_int64(b.row, 0, &v), ASQL_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(bad.status, ASQL_ENOTFOUND);
    ck_assert_ptr_null(bad.row);
    ck_assert_int_eq(none.status, ASQL_OK);
    ck_assert_ptr_null(none.row);
    fx_res_free(&a);
    fx_res_free(&b);
    fx_res_free(&bad);
    fx_res_free(&none);
}
END_TEST

typedef struct iter_state {
    int rows, ends, stop_after;
    int64_t sum;
    asql_status status;
} iter_state;

static int iter_row(const asql_row *row, void *data)
{
    iter_state *s = data;
    int64_t v;
    ck_assert_int_eq(s->ends, 0);
    ck_assert_int_eq(asql_row_int64(row, 0, &v), ASQL_OK);
    s->sum += v;
    s->rows++;
    return s->stop_after && s->rows >= s->stop_after;
}

static void iter_end(asql_status st, asql_result *res, void *data)
{
    iter_state *s = data;
    (void)res;
    s->ends++;
    s->status = st;
}

static void run_iterate(iter_state *s, int64_t n)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %lld) "
             "SELECT x FROM c",
             (long long)n);
    asql_stmt *q = asql_text(sql);
    ck_assert_int_eq(asql_iterate(NULL, ASQL_ON_DB(fx_db), q, NULL, iter_row, iter_end, s),
                     ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(s->rows + s->ends, 0);
    fx_run_until(&s->ends);
    ck_assert_int_eq(s->ends, 1);
}

START_TEST(test_iterate_streams_every_row_then_ends_once)
{
    iter_state s = {0};
    int64_t n = fx_small() ? 2000 : 100000;
    run_iterate(&s, n);
    ck_assert_int_eq(s.status, ASQL_OK);
    ck_assert_int_eq(s.rows, n);
    ck_assert_int_eq(s.sum, n * (n + 1) / 2);
}
END_TEST

START_TEST(test_iterate_stopped_early_ends_once_with_ok)
{
    iter_state s = {0};
    s.stop_after = 3;
    run_iterate(&s, 1000000000);
    ck_assert_int_eq(s.status, ASQL_OK);
    ck_assert_int_eq(s.rows, 3);
    ck_assert_int_eq(s.sum, 6);
    ck_assert_int_eq(count_notes(), 0); /* the connection is still usable */
}
END_TEST

START_TEST(test_bad_sql_fails_with_esql_and_message)
{
    fx_res r = {0};
    asql_stmt *q = asql_text("SELEC oops FROM");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->klass, ASQL_ERRCLASS_SYNTAX);
    ck_assert_ptr_nonnull(strstr(asql_result_error(r.res)->message, "syntax error"));
    fx_res_free(&r);
}
END_TEST

START_TEST(test_constraint_violations_carry_their_class)
{
    fx_res r = {0}, nn = {0}, nt = {0};
    insert_note("dup", 0);
    asql_stmt *q = asql_insert(&notes.table);
    asql_set(q, &notes.text, asql_str(q, "dup"));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("INSERT INTO notes (text) VALUES (NULL)");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &nn), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("SELECT * FROM no_such_table");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &nt), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&nt.calls);
    fx_run_until(&nn.calls);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls + nn.calls + nt.calls, 3);
    ck_assert_int_eq(r.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->klass, ASQL_ERRCLASS_UNIQUE_VIOLATION);
    ck_assert_int_eq(nn.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(nn.res)->klass, ASQL_ERRCLASS_NOT_NULL_VIOLATION);
    ck_assert_int_eq(asql_result_error(nt.res)->klass, ASQL_ERRCLASS_UNDEFINED_OBJECT);
    fx_res_free(&r);
    fx_res_free(&nn);
    fx_res_free(&nt);
}
END_TEST

START_TEST(test_refused_submission_never_runs_its_callback)
{
    fx_res r = {0};
    asql_op *op = (asql_op *)&r;
    asql_stmt *q = asql_text("SELECT :missing");
    ck_assert_int_eq(asql_fetch_all(&op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_EINVAL);
    ck_assert_ptr_null(op);
    ck_assert_ptr_nonnull(strstr(asql_db_last_error(fx_db)->message, ":missing"));
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), NULL, NULL, fx_res_cb, &r),
                     ASQL_EINVAL);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, NULL, &r), ASQL_EINVAL);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(NULL), q, NULL, fx_res_cb, &r), ASQL_EINVAL);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_TXN(NULL), q, NULL, fx_res_cb, &r), ASQL_EINVAL);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_CONN(NULL), q, NULL, fx_res_cb, &r), ASQL_EINVAL);
    asql_stmt_free(q);
    ev_run(fx_loop, EVRUN_NOWAIT);
    ck_assert_int_eq(r.calls, 0);
}
END_TEST

START_TEST(test_not_connected_database_refuses_operations)
{
    asql_db *db;
    fx_res r = {0};
    fx_done d = {0, ASQL_OK};
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "sqlite:///:memory:", NULL), ASQL_OK);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(db), q, NULL, fx_res_cb, &r), ASQL_EMISUSE);
    asql_stmt_free(q);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    ck_assert_int_eq(r.calls, 0);
}
END_TEST

START_TEST(test_open_refuses_bad_url_and_unknown_backend)
{
    asql_db *db = (asql_db *)&db;
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "nosuch://x/y", NULL), ASQL_EINVAL);
    ck_assert_ptr_null(db);
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "mysql://u@127.0.0.1/db", NULL), ASQL_ENOTSUP);
    ck_assert_int_eq(asql_db_open(&db, NULL, "sqlite://", NULL), ASQL_EINVAL);
    ck_assert_int_eq(asql_db_open(NULL, fx_loop, "sqlite://", NULL), ASQL_EINVAL);
}
END_TEST

static void free_op_in_callback(asql_status st, asql_result *res, void *data)
{
    asql_op **op = data;
    (void)st;
    (void)res;
    ck_assert(asql_op_done(*op));
    asql_op_free(*op);
    *op = NULL;
}

START_TEST(test_op_handle_may_be_freed_inside_its_callback)
{
    asql_op *op = NULL, *kept = NULL;
    fx_res r = {0};
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(&op, ASQL_ON_DB(fx_db), q, NULL, free_op_in_callback, &op),
                     ASQL_OK);
    ck_assert_int_eq(asql_fetch_all(&kept, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_ptr_nonnull(op);
    ck_assert(!asql_op_done(kept));
    fx_run_until(&r.calls);
    while (op)
        ev_run(fx_loop, EVRUN_ONCE);
    ck_assert(asql_op_done(kept));
    ck_assert_int_eq(asql_op_cancel(kept), ASQL_OK); /* harmless once finished */
    ck_assert_int_eq(r.calls, 1);
    asql_op_free(kept);
    asql_op_free(NULL);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_many_concurrent_operations_each_complete_once)
{
    enum { N = 60 };
    static fx_res r[N];
    int all = 0;
    memset(r, 0, sizeof(r));
    asql_stmt *q = asql_text("SELECT :i");
    for (int i = 0; i < N; i++) {
        asql_params *p;
        asql_params_new(&p);
        asql_params_int(p, "i", i);
        ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, p, fx_row_cb, &r[i]), ASQL_OK);
        asql_params_free(p);
    }
    asql_stmt_free(q);
    while (!all) {
        ev_run(fx_loop, EVRUN_ONCE);
        all = 1;
        for (int i = 0; i < N; i++)
            all &= r[i].calls > 0;
    }
    for (int i = 0; i < N; i++) {
        int64_t v;
        ck_assert_int_eq(r[i].calls, 1);
        ck_assert_int_eq(asql_row_int64(r[i].row, 0, &v), ASQL_OK);
        ck_assert_int_eq(v, i);
        fx_res_free(&r[i]);
    }
}
END_TEST

START_TEST(test_connect_and_disconnect_are_idempotent)
{
    fx_done c = {0, ASQL_OK}, d1 = {0, ASQL_OK}, d2 = {0, ASQL_OK}, c2 = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_connect(fx_db, fx_done_cb, &c), ASQL_OK);
    ck_assert_int_eq(c.calls, 0);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_OK);
    ck_assert_int_eq(asql_db_disconnect(fx_db, fx_done_cb, &d1), ASQL_OK);
    ck_assert_int_eq(asql_db_disconnect(fx_db, fx_done_cb, &d2), ASQL_OK);
    fx_run_until(&d2.calls);
    fx_run_until(&d1.calls);
    ck_assert_int_eq(d1.calls, 1);
    ck_assert_int_eq(d2.calls, 1);
    ck_assert_int_eq(asql_db_connect(fx_db, fx_done_cb, &c2), ASQL_OK);
    fx_run_until(&c2.calls);
    ck_assert_int_eq(c2.status, ASQL_OK);
    ck_assert_int_eq(c.calls, 1);
}
END_TEST

START_TEST(test_disconnect_lets_submitted_operations_finish)
{
    fx_res r = {0}, late = {0};
    fx_done d = {0, ASQL_OK};
    asql_stmt *q = asql_text("SELECT 42");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    ck_assert_int_eq(asql_db_disconnect(fx_db, fx_done_cb, &d), ASQL_OK);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &late),
                     ASQL_EPOOL);
    asql_stmt_free(q);
    fx_run_until(&d.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_int_eq(d.calls, 1);
    ck_assert_int_eq(late.calls, 0);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_blocking_layer_runs_operations)
{
    asql_db *db;
    asql_error err;
    asql_result *res;
    const char *s;
    ck_assert_int_eq(asql_blocking_open(&db, "sqlite:///:memory:", NULL, &err), ASQL_OK);
    asql_stmt *q = asql_text("CREATE TABLE t (v TEXT)");
    ck_assert_int_eq(asql_blocking_execute(NULL, ASQL_ON_DB(db), q, NULL), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("INSERT INTO t VALUES ('hi')");
    ck_assert_int_eq(asql_blocking_execute(&res, ASQL_ON_DB(db), q, NULL), ASQL_OK);
    ck_assert_int_eq(asql_result_rows_affected(res), 1);
    asql_result_free(res);
    asql_stmt_free(q);
    q = asql_text("SELECT v FROM t");
    ck_assert_int_eq(asql_blocking_fetch_one(&res, ASQL_ON_DB(db), q, NULL), ASQL_OK);
    ck_assert_int_eq(asql_row_text(asql_result_row(res, 0), 0, &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "hi");
    asql_result_free(res);
    asql_stmt_free(q);
    q = asql_text("SELECT v FROM t WHERE v = 'absent'");
    ck_assert_int_eq(asql_blocking_fetch_one(&res, ASQL_ON_DB(db), q, NULL), ASQL_ENOTFOUND);
    asql_result_free(res);
    asql_stmt_free(q);
    q = asql_text("SELECT nope FROM t");
    ck_assert_int_eq(asql_blocking_fetch_all(&res, ASQL_ON_DB(db), q, NULL), ASQL_ESQL);
    ck_assert_ptr_nonnull(strstr(asql_result_error(res)->message, "nope"));
    asql_result_free(res);
    asql_stmt_free(q);
    /* A Database on the caller's loop is not for the blocking layer. */
    ck_assert_int_eq(asql_blocking_fetch_all(&res, ASQL_ON_DB(fx_db), q, NULL), ASQL_EMISUSE);
    asql_blocking_close(db);
}
END_TEST

START_TEST(test_operations_submitted_while_connecting_run_once_connected)
{
    asql_db *db;
    fx_res r = {0};
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    int64_t v;
    asql_stmt *q = asql_text("SELECT 40 + 2");
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "sqlite:///:memory:", NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(db), q, NULL, 0, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_int_eq(asql_row_int64(r.row, 0, &v), ASQL_OK);
    ck_assert_int_eq(v, 42);
    fx_res_free(&r);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
}
END_TEST

static void add_op_tests(TCase *tc)
{
    tcase_add_test(tc, test_execute_compiled_insert_returns_new_key);
    tcase_add_test(tc, test_execute_raw_with_named_params_returns_rows_affected);
    tcase_add_test(tc, test_execute_raw_insert_returns_new_key);
    tcase_add_test(tc, test_execute_many_applies_every_set_as_one_batch);
    tcase_add_test(tc, test_execute_many_failing_set_applies_none);
    tcase_add_test(tc, test_fetch_all_compiled_select_reads_rows_in_order);
    tcase_add_test(tc, test_fetch_all_of_no_rows_gives_columns_and_no_row);
    tcase_add_test(tc, test_fetch_all_keeps_duplicate_column_names);
    tcase_add_test(tc, test_fetch_one_returns_first_row_or_null_for_none);
    tcase_add_test(tc, test_fetch_val_by_index_and_name);
    tcase_add_test(tc, test_iterate_streams_every_row_then_ends_once);
    tcase_add_test(tc, test_iterate_stopped_early_ends_once_with_ok);
    tcase_add_test(tc, test_bad_sql_fails_with_esql_and_message);
    tcase_add_test(tc, test_constraint_violations_carry_their_class);
    tcase_add_test(tc, test_refused_submission_never_runs_its_callback);
    tcase_add_test(tc, test_op_handle_may_be_freed_inside_its_callback);
    tcase_add_test(tc, test_many_concurrent_operations_each_complete_once);
    tcase_add_test(tc, test_disconnect_lets_submitted_operations_finish);
}

static Suite *ops_suite(void)
{
    Suite *s = suite_create("exec_ops");
    TCase *mem = tcase_create("memory");
    TCase *file = tcase_create("file");
    TCase *db = tcase_create("database");
    tcase_add_checked_fixture(mem, mem_setup, fx_teardown);
    tcase_add_checked_fixture(file, file_setup, fx_teardown);
    tcase_add_checked_fixture(db, fx_setup_memory, fx_teardown);
    tcase_set_timeout(mem, 60);
    tcase_set_timeout(file, 60);
    tcase_set_timeout(db, 60);
    add_op_tests(mem);
    add_op_tests(file);
    tcase_add_test(db, test_not_connected_database_refuses_operations);
    tcase_add_test(db, test_open_refuses_bad_url_and_unknown_backend);
    tcase_add_test(db, test_connect_and_disconnect_are_idempotent);
    tcase_add_test(db, test_operations_submitted_while_connecting_run_once_connected);
    tcase_add_test(db, test_blocking_layer_runs_operations);
    suite_add_tcase(s, mem);
    suite_add_tcase(s, file);
    suite_add_tcase(s, db);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ops_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
