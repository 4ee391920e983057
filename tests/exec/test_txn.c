/* SPDX-License-Identifier: MIT */
/*
 * test_txn.c - what is particular to SQLite among connections and transactions: BEGIN IMMEDIATE
 * waiting for another writer on the worker thread (never on the loop), and the back-off while
 * connections cannot be opened (the database's directory removed). What every backend shares is
 * in test_conformance.c.
 */
#include <sys/stat.h>

#include "exec/core.h" /* db->n_connect_failures */
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

static asql_txn *begin(asql_target on)
{
    fx_txn g = {0};
    ck_assert_int_eq(asql_txn_begin(on, NULL, fx_txn_cb, &g), ASQL_OK);
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

static void commit_later(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    ck_assert_int_eq(asql_txn_commit(w->data, NULL, NULL), ASQL_OK);
}

START_TEST(test_second_writer_waits_on_its_worker_not_on_the_loop)
{
    fx_txn second = {0};
    ev_timer t;
    char got[8];
    asql_txn *first = begin(ASQL_ON_DB(fx_db));
    insert_on(ASQL_ON_TXN(first), 1);
    /* A second connection: its BEGIN IMMEDIATE waits for the first writer's lock. */
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(fx_db), NULL, fx_txn_cb, &second), ASQL_OK);
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

static void stop_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    *(int *)w->data = 1;
}

/* While no connection can be opened (the database's directory is gone), a pool that must grow
 * retries with a growing delay instead of at once, and the waiting operation is served as soon
 * as a connection comes free. */
START_TEST(test_failed_connects_back_off_while_the_pool_cannot_grow)
{
    asql_db *db;
    asql_db_options opts = ASQL_DB_OPTIONS_INIT;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    fx_conn held = {0};
    fx_res r = {0};
    char dir[64], path[96], url[128];
    int fired = 0;
    ev_timer t;
    snprintf(dir, sizeof(dir), "/tmp/asql_backoff_%d", (int)getpid());
    snprintf(path, sizeof(path), "%s/db.sqlite", dir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(url, sizeof(url), "sqlite:///%s", path);
    opts.max_size = 2;
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, &opts), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_OK);
    ck_assert_int_eq(asql_db_acquire(db, fx_conn_cb, &held), ASQL_OK);
    fx_run_until(&held.calls);
    ck_assert_int_eq(held.status, ASQL_OK);
    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0);
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    ev_timer_init(&t, stop_cb, 0.5, 0.);
    t.data = &fired;
    ev_timer_start(fx_loop, &t);
    fx_run_until(&fired);
    /* Retries after 0, 0.05, 0.15 and 0.35 s: a handful, not one per loop turn. */
    ck_assert_int_ge(db->n_connect_failures, 2);
    ck_assert_int_le(db->n_connect_failures, 6);
    ck_assert_int_eq(r.calls, 0); /* still waiting: a connection is alive, only lent out */
    asql_conn_release(held.conn);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    fx_res_free(&r);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
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
    tcase_add_test(file, test_second_writer_waits_on_its_worker_not_on_the_loop);
    tcase_add_test(file, test_failed_connects_back_off_while_the_pool_cannot_grow);
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
