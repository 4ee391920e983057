/* SPDX-License-Identifier: MIT */
/*
 * test_txn.c - acquired connections and transactions on SQLite: operations on a connection run
 * in submission order, acquire_timeout, release rolling back an open transaction, commit and
 * rollback, savepoints to any depth, misuse answered with ASQL_EMISUSE leaving the state usable,
 * and BEGIN IMMEDIATE waiting for another writer on the worker thread, never on the loop.
 */
#include "exec_fixture.h"

static void mem_setup(void)
{
    fx_setup_memory();
    fx_exec("CREATE TABLE t (v INTEGER)");
}

static void file_setup(void)
{
    fx_setup_file();
    fx_exec("CREATE TABLE t (v INTEGER)");
}

typedef struct got_conn {
    int calls;
    asql_status status;
    asql_conn *conn;
} got_conn;

static void conn_cb(asql_status st, asql_conn *conn, void *data)
{
    got_conn *g = data;
    g->calls++;
    g->status = st;
    g->conn = conn;
}

typedef struct got_txn {
    int calls;
    asql_status status;
    asql_txn *txn;
} got_txn;

static void txn_cb(asql_status st, asql_txn *txn, void *data)
{
    got_txn *g = data;
    g->calls++;
    g->status = st;
    g->txn = txn;
}

static asql_txn *begin(asql_target on)
{
    got_txn g = {0};
    ck_assert_int_eq(asql_txn_begin(on, NULL, txn_cb, &g), ASQL_OK);
    ck_assert_int_eq(g.calls, 0);
    fx_run_until(&g.calls);
    ck_assert_int_eq(g.calls, 1);
    ck_assert_int_eq(g.status, ASQL_OK);
    ck_assert(asql_txn_is_open(g.txn));
    return g.txn;
}

static void end(asql_txn *t, int commit)
{
    fx_done d = {0, ASQL_OK};
    ck_assert_int_eq(commit ? asql_txn_commit(t, fx_done_cb, &d)
                            : asql_txn_rollback(t, fx_done_cb, &d),
                     ASQL_OK);
    ck_assert_int_eq(d.calls, 0);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    ck_assert_int_eq(d.status, ASQL_OK);
    ck_assert(!asql_txn_is_open(t));
}

static void insert_on(asql_target on, int v)
{
    fx_res r = {0};
    asql_params *p;
    asql_stmt *q = asql_text("INSERT INTO t VALUES (:v)");
    asql_params_new(&p);
    asql_params_int(p, "v", v);
    ck_assert_int_eq(asql_execute(NULL, on, q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    fx_res_free(&r);
}

/* The values in t, in order, as digits ("132"). */
static void values(char *out, size_t size)
{
    fx_res r = {0};
    asql_stmt *q = asql_text("SELECT v FROM t ORDER BY rowid");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    size_t n = 0;
    for (size_t i = 0; i < asql_result_n_rows(r.res) && n + 1 < size; i++) {
        int64_t v;
        asql_row_int64(asql_result_row(r.res, i), 0, &v);
        out[n++] = (char)('0' + v % 10);
    }
    out[n] = 0;
    fx_res_free(&r);
}

START_TEST(test_operations_on_a_connection_run_in_submission_order)
{
    enum { N = 40 };
    got_conn g = {0};
    fx_res r[N];
    char got[N + 1], want[N + 1];
    memset(r, 0, sizeof(r));
    ck_assert_int_eq(asql_db_acquire(fx_db, conn_cb, &g), ASQL_OK);
    ck_assert_int_eq(g.calls, 0);
    fx_run_until(&g.calls);
    ck_assert_int_eq(g.status, ASQL_OK);
    asql_stmt *q = asql_text("INSERT INTO t VALUES (:v)");
    for (int i = 0; i < N; i++) {
        asql_params *p;
        asql_params_new(&p);
        asql_params_int(p, "v", i);
        ck_assert_int_eq(asql_execute(NULL, ASQL_ON_CONN(g.conn), q, p, fx_res_cb, &r[i]), ASQL_OK);
        asql_params_free(p);
        want[i] = (char)('0' + i % 10);
    }
    want[N] = 0;
    asql_stmt_free(q);
    fx_run_until(&r[N - 1].calls);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(r[i].calls, 1);
        fx_res_free(&r[i]);
    }
    asql_conn_release(g.conn);
    values(got, sizeof(got));
    ck_assert_str_eq(got, want);
}
END_TEST

START_TEST(test_acquire_times_out_when_the_pool_is_exhausted)
{
    asql_db *db;
    asql_db_options opts = ASQL_DB_OPTIONS_INIT;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    got_conn first = {0}, second = {0};
    opts.acquire_timeout = 0.05;
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "sqlite:///:memory:", &opts), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(asql_db_acquire(db, conn_cb, &first), ASQL_OK);
    ck_assert_int_eq(asql_db_acquire(db, conn_cb, &second), ASQL_OK);
    fx_run_until(&second.calls);
    ck_assert_int_eq(first.status, ASQL_OK);
    ck_assert_int_eq(second.status, ASQL_ETIMEOUT);
    ck_assert_ptr_null(second.conn);
    asql_conn_release(first.conn);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(first.calls + second.calls + d.calls, 3);
}
END_TEST

START_TEST(test_release_rolls_back_an_open_transaction)
{
    got_conn g = {0};
    char got[8];
    ck_assert_int_eq(asql_db_acquire(fx_db, conn_cb, &g), ASQL_OK);
    fx_run_until(&g.calls);
    ck_assert(!asql_conn_in_transaction(g.conn));
    asql_txn *t = begin(ASQL_ON_CONN(g.conn));
    ck_assert(asql_conn_in_transaction(g.conn));
    insert_on(ASQL_ON_TXN(t), 1);
    asql_conn_release(g.conn);
    ck_assert(!asql_txn_is_open(t)); /* abandoned with its connection */
    insert_on(ASQL_ON_DB(fx_db), 2);
    values(got, sizeof(got));
    ck_assert_str_eq(got, "2");
    asql_txn_free(t);
}
END_TEST

START_TEST(test_commit_keeps_and_rollback_discards)
{
    char got[8];
    asql_txn *a = begin(ASQL_ON_DB(fx_db));
    ck_assert_int_eq(asql_txn_depth(a), 1);
    insert_on(ASQL_ON_TXN(a), 1);
    end(a, 1);
    asql_txn *b = begin(ASQL_ON_DB(fx_db));
    insert_on(ASQL_ON_TXN(b), 2);
    end(b, 0);
    values(got, sizeof(got));
    ck_assert_str_eq(got, "1");
    asql_txn_free(a);
    asql_txn_free(b);
}
END_TEST

START_TEST(test_nested_transactions_are_savepoints_to_any_depth)
{
    char got[8];
    asql_txn *outer = begin(ASQL_ON_DB(fx_db));
    insert_on(ASQL_ON_TXN(outer), 1);
    asql_txn *mid = begin(ASQL_ON_TXN(outer));
    ck_assert_int_eq(asql_txn_depth(mid), 2);
    insert_on(ASQL_ON_TXN(mid), 2);
    asql_txn *inner = begin(ASQL_ON_TXN(mid));
    ck_assert_int_eq(asql_txn_depth(inner), 3);
    insert_on(ASQL_ON_TXN(inner), 3);
    end(inner, 0); /* 3 goes */
    asql_txn *again = begin(ASQL_ON_TXN(mid));
    insert_on(ASQL_ON_TXN(again), 4);
    end(again, 1); /* 4 stays */
    end(mid, 1);
    end(outer, 1);
    values(got, sizeof(got));
    ck_assert_str_eq(got, "124");
    asql_txn_free(inner);
    asql_txn_free(again);
    asql_txn_free(mid);
    asql_txn_free(outer);
}
END_TEST

START_TEST(test_misuse_fails_with_emisuse_and_leaves_state_usable)
{
    fx_res r = {0};
    fx_done d = {0, ASQL_OK};
    char got[8];
    asql_txn *outer = begin(ASQL_ON_DB(fx_db));
    asql_txn *inner = begin(ASQL_ON_TXN(outer));
    ck_assert_int_eq(asql_txn_commit(outer, fx_done_cb, &d), ASQL_EMISUSE); /* inner open */
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_TXN(outer), NULL, txn_cb, &d), ASQL_EMISUSE);
    insert_on(ASQL_ON_TXN(inner), 5);
    end(inner, 1);
    ck_assert_int_eq(asql_txn_commit(inner, fx_done_cb, &d), ASQL_EMISUSE); /* second commit */
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_TXN(inner), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE); /* use after the end */
    end(outer, 1);
    ck_assert_int_eq(asql_txn_rollback(outer, fx_done_cb, &d), ASQL_EMISUSE);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_TXN(outer), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE);
    asql_stmt_free(q);
    ev_run(fx_loop, EVRUN_NOWAIT);
    ck_assert_int_eq(r.calls + d.calls, 0);
    values(got, sizeof(got));
    ck_assert_str_eq(got, "5");
    asql_txn_free(inner);
    asql_txn_free(outer);
}
END_TEST

START_TEST(test_freeing_an_open_transaction_rolls_it_back)
{
    char got[8];
    asql_txn *t = begin(ASQL_ON_DB(fx_db));
    insert_on(ASQL_ON_TXN(t), 9);
    asql_txn_free(t);
    values(got, sizeof(got)); /* queued after the rollback on the only connection */
    ck_assert_str_eq(got, "");
}
END_TEST

static void commit_later(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    ck_assert_int_eq(asql_txn_commit(w->data, NULL, NULL), ASQL_OK);
}

START_TEST(test_second_writer_waits_on_its_worker_not_on_the_loop)
{
    got_txn second = {0};
    ev_timer t;
    char got[8];
    asql_txn *first = begin(ASQL_ON_DB(fx_db));
    insert_on(ASQL_ON_TXN(first), 1);
    /* A second connection: its BEGIN IMMEDIATE waits for the first writer's lock. */
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(fx_db), NULL, txn_cb, &second), ASQL_OK);
    ev_timer_init(&t, commit_later, 0.2, 0.);
    t.data = first;
    ev_timer_start(fx_loop, &t);
    fx_run_until(&second.calls);
    ck_assert(!asql_txn_is_open(first)); /* the loop ran the commit while the writer waited */
    ck_assert_int_eq(second.status, ASQL_OK);
    insert_on(ASQL_ON_TXN(second.txn), 2);
    end(second.txn, 1);
    values(got, sizeof(got));
    ck_assert_str_eq(got, "12");
    asql_txn_free(first);
    asql_txn_free(second.txn);
}
END_TEST

START_TEST(test_close_ends_open_transactions_and_their_handles_stay_freeable)
{
    fx_done d = {0, ASQL_OK};
    asql_txn *outer = begin(ASQL_ON_DB(fx_db));
    asql_txn *inner = begin(ASQL_ON_TXN(outer));
    asql_db_close(fx_db, fx_done_cb, &d);
    fx_db = NULL;
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    ck_assert(!asql_txn_is_open(outer));
    ck_assert(!asql_txn_is_open(inner));
    ck_assert_int_eq(asql_txn_commit(inner, fx_done_cb, &d), ASQL_EMISUSE);
    asql_txn_free(inner);
    asql_txn_free(outer);
}
END_TEST

typedef struct body_state {
    fx_done done; /* first: the helper's callback is fx_done_cb on the same data */
    int bodies;
    int fail;
} body_state;

static void on_body_insert(asql_status st, asql_result *res, void *data)
{
    (void)res;
    ck_assert_int_eq(asql_txn_done(data, st), ASQL_OK);
    ck_assert_int_eq(asql_txn_done(data, st), ASQL_EMISUSE);
}

static void body(asql_txn *t, void *data)
{
    body_state *b = data;
    b->bodies++;
    ck_assert_int_eq(b->done.calls, 0);
    asql_stmt *q =
        asql_text(b->fail ? "INSERT INTO t VALUES (8), (9), (nope)" : "INSERT INTO t VALUES (7)");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_TXN(t), q, NULL, on_body_insert, t), ASQL_OK);
    asql_stmt_free(q);
}

START_TEST(test_transaction_helper_commits_on_success_and_rolls_back_on_failure)
{
    body_state ok = {{0, ASQL_OK}, 0, 0}, bad = {{0, ASQL_OK}, 0, 1};
    char got[8];
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), NULL, body, fx_done_cb, &ok), ASQL_OK);
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), NULL, body, fx_done_cb, &bad), ASQL_OK);
    ck_assert_int_eq(ok.bodies + bad.bodies, 0);
    fx_run_until(&ok.done.calls);
    fx_run_until(&bad.done.calls);
    ck_assert_int_eq(ok.done.calls, 1);
    ck_assert_int_eq(ok.bodies, 1);
    ck_assert_int_eq(ok.done.status, ASQL_OK);
    ck_assert_int_eq(bad.done.calls, 1);
    ck_assert_int_eq(bad.bodies, 1);
    ck_assert_int_eq(bad.done.status, ASQL_ESQL);
    values(got, sizeof(got));
    ck_assert_str_eq(got, "7");
}
END_TEST

static void trace_cb(const asql_trace *t, void *data)
{
    int *n = data;
    ck_assert_ptr_nonnull(t->sql);
    ck_assert(t->duration_s >= 0);
    if (strstr(t->sql, "INSERT INTO t"))
        ck_assert_int_eq(t->n_params, 1);
    (*n)++;
}

START_TEST(test_trace_hook_sees_each_statement_without_values)
{
    int n = 0;
    asql_db_set_trace(fx_db, trace_cb, &n);
    insert_on(ASQL_ON_DB(fx_db), 3);
    asql_txn *t = begin(ASQL_ON_DB(fx_db));
    end(t, 0);
    asql_txn_free(t);
    ck_assert_int_eq(n, 3); /* INSERT, BEGIN, ROLLBACK */
    asql_db_set_trace(fx_db, NULL, NULL);
    insert_on(ASQL_ON_DB(fx_db), 4);
    ck_assert_int_eq(n, 3);
}
END_TEST

START_TEST(test_force_rollback_discards_everything_at_disconnect)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK}, x = {0, ASQL_OK};
    char url[128];
    snprintf(url, sizeof(url), "sqlite:///%s", fx_path);
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_set_force_rollback(db, true), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(asql_db_set_force_rollback(db, false), ASQL_EMISUSE);
    asql_db *keep = fx_db;
    fx_db = db; /* the helpers below run on fx_db */
    insert_on(ASQL_ON_DB(db), 1);
    asql_txn *t = begin(ASQL_ON_DB(db));
    ck_assert_int_eq(asql_txn_depth(t), 2); /* a savepoint inside the Database's transaction */
    insert_on(ASQL_ON_TXN(t), 2);
    end(t, 1);
    asql_txn_free(t);
    char got[8];
    values(got, sizeof(got));
    ck_assert_str_eq(got, "12");
    fx_db = keep;
    ck_assert_int_eq(asql_db_disconnect(db, fx_done_cb, &d), ASQL_OK);
    fx_run_until(&d.calls);
    values(got, sizeof(got)); /* through the other Database: nothing was kept */
    ck_assert_str_eq(got, "");
    asql_db_close(db, fx_done_cb, &x);
    fx_run_until(&x.calls);
    ck_assert_int_eq(c.calls + d.calls + x.calls, 3);
}
END_TEST

static void hook_done(asql_status st, asql_result *res, void *data)
{
    (void)res;
    (void)data;
    ck_assert(st == ASQL_OK || st == ASQL_ECANCELED); /* a late connection meets the close */
}

static void on_connect_hook(asql_conn *conn, void *data)
{
    int *calls = data;
    (*calls)++;
    ck_assert_ptr_null(asql_conn_native(conn)); /* SQLite's handle stays on its thread */
    asql_stmt *q = asql_text("CREATE TEMP TABLE hooked (x INTEGER)");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_CONN(conn), q, NULL, hook_done, NULL), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("INSERT INTO hooked VALUES (1)");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_CONN(conn), q, NULL, hook_done, NULL), ASQL_OK);
    asql_stmt_free(q);
}

START_TEST(test_on_connect_hook_runs_before_other_work_on_each_connection)
{
    enum { N = 12 };
    asql_db *db;
    int hooks = 0, all = 0;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    fx_res r[N];
    char url[128];
    memset(r, 0, sizeof(r));
    snprintf(url, sizeof(url), "sqlite:///%s", fx_path);
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    asql_db_set_on_connect(db, on_connect_hook, &hooks);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    asql_stmt *q = asql_text("SELECT count(*) FROM hooked");
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(db), q, NULL, 0, fx_row_cb, &r[i]),
                         ASQL_OK);
    asql_stmt_free(q);
    while (!all) {
        ev_run(fx_loop, EVRUN_ONCE);
        all = 1;
        for (int i = 0; i < N; i++)
            all &= r[i].calls == 1;
    }
    ck_assert_int_ge(hooks, 1);
    for (int i = 0; i < N; i++) {
        int64_t v;
        ck_assert_msg(r[i].status == ASQL_OK, "%s", asql_result_error(r[i].res)->message);
        ck_assert_int_eq(asql_row_int64(r[i].row, 0, &v), ASQL_OK);
        ck_assert_int_eq(v, 1);
        fx_res_free(&r[i]);
    }
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls, 1);
}
END_TEST

static Suite *txn_suite(void)
{
    Suite *s = suite_create("exec_txn");
    TCase *mem = tcase_create("memory");
    TCase *file = tcase_create("file");
    tcase_add_checked_fixture(mem, mem_setup, fx_teardown);
    tcase_add_checked_fixture(file, file_setup, fx_teardown);
    tcase_set_timeout(mem, 30);
    tcase_set_timeout(file, 30);
    tcase_add_test(mem, test_operations_on_a_connection_run_in_submission_order);
    tcase_add_test(mem, test_acquire_times_out_when_the_pool_is_exhausted);
    tcase_add_test(mem, test_release_rolls_back_an_open_transaction);
    tcase_add_test(mem, test_commit_keeps_and_rollback_discards);
    tcase_add_test(mem, test_nested_transactions_are_savepoints_to_any_depth);
    tcase_add_test(mem, test_misuse_fails_with_emisuse_and_leaves_state_usable);
    tcase_add_test(mem, test_freeing_an_open_transaction_rolls_it_back);
    tcase_add_test(mem, test_transaction_helper_commits_on_success_and_rolls_back_on_failure);
    tcase_add_test(mem, test_trace_hook_sees_each_statement_without_values);
    tcase_add_test(mem, test_close_ends_open_transactions_and_their_handles_stay_freeable);
    tcase_add_test(file, test_operations_on_a_connection_run_in_submission_order);
    tcase_add_test(file, test_commit_keeps_and_rollback_discards);
    tcase_add_test(file, test_nested_transactions_are_savepoints_to_any_depth);
    tcase_add_test(file, test_second_writer_waits_on_its_worker_not_on_the_loop);
    tcase_add_test(file, test_force_rollback_discards_everything_at_disconnect);
    tcase_add_test(file, test_on_connect_hook_runs_before_other_work_on_each_connection);
    suite_add_tcase(s, mem);
    suite_add_tcase(s, file);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(txn_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
