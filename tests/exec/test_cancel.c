/* SPDX-License-Identifier: MIT */
/*
 * test_cancel.c - ending operations early: cancel and timeout of a long SQLite query (a
 * recursive CTE counting towards 1e9), cancel of a queued operation, the connection staying
 * usable afterwards (the interrupt only hits the operation it means), and operations pending
 * when the Database is closed, also from inside a callback. Each callback runs exactly once.
 */
#include <ev.h>

#include "exec_fixture.h"

#define LONG_SQL                                                                                   \
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "        \
    "SELECT count(*) FROM c"

static asql_status submit_long(asql_op **op, fx_res *r)
{
    asql_stmt *q = asql_text(LONG_SQL);
    asql_status st = asql_fetch_all(op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, r);
    asql_stmt_free(q);
    return st;
}

static void check_still_usable(void)
{
    fx_res r = {0};
    int64_t v = 0;
    asql_stmt *q = asql_text("SELECT 7");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_int_eq(asql_row_int64(r.row, 0, &v), ASQL_OK);
    ck_assert_int_eq(v, 7);
    fx_res_free(&r);
}

static void cancel_later(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    ck_assert_int_eq(asql_op_cancel(w->data), ASQL_OK);
}

START_TEST(test_cancel_interrupts_a_running_query)
{
    fx_res r = {0};
    asql_op *op;
    ev_timer t;
    ck_assert_int_eq(submit_long(&op, &r), ASQL_OK);
    ev_timer_init(&t, cancel_later, 0.05, 0.);
    t.data = op;
    ev_timer_start(fx_loop, &t);
    ev_tstamp start = ev_time();
    fx_run_until(&r.calls);
    ck_assert_double_lt(ev_time() - start, 5.0);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_ECANCELED);
    ck_assert_int_eq(asql_result_error(r.res)->status, ASQL_ECANCELED);
    ck_assert(asql_op_done(op));
    ck_assert_int_eq(asql_op_cancel(op), ASQL_OK); /* harmless now */
    asql_op_free(op);
    fx_res_free(&r);
    check_still_usable();
}
END_TEST

START_TEST(test_cancel_of_a_queued_operation_completes_it_and_not_inside_the_call)
{
    fx_res running = {0}, queued = {0};
    asql_op *op1, *op2;
    ck_assert_int_eq(submit_long(&op1, &running), ASQL_OK);
    ck_assert_int_eq(submit_long(&op2, &queued), ASQL_OK); /* one connection: it waits */
    ck_assert_int_eq(asql_op_cancel(op2), ASQL_OK);
    ck_assert_int_eq(queued.calls, 0);
    fx_run_until(&queued.calls);
    ck_assert_int_eq(queued.status, ASQL_ECANCELED);
    ck_assert_int_eq(running.calls, 0);
    ck_assert_int_eq(asql_op_cancel(op1), ASQL_OK);
    fx_run_until(&running.calls);
    ck_assert_int_eq(running.status, ASQL_ECANCELED);
    ck_assert_int_eq(queued.calls, 1);
    asql_op_free(op1);
    asql_op_free(op2);
    fx_res_free(&running);
    fx_res_free(&queued);
    check_still_usable();
}
END_TEST

START_TEST(test_timeout_of_a_long_query_gives_etimeout)
{
    fx_res r = {0};
    asql_op *op;
    ck_assert_int_eq(submit_long(&op, &r), ASQL_OK);
    ck_assert_int_eq(asql_op_set_timeout(op, 0.1), ASQL_OK);
    ck_assert_int_eq(asql_op_set_timeout(op, -1), ASQL_EINVAL);
    asql_op_free(op); /* the handle goes; the operation and its callback stay */
    ev_tstamp start = ev_time();
    fx_run_until(&r.calls);
    ck_assert_double_lt(ev_time() - start, 5.0);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_ETIMEOUT);
    fx_res_free(&r);
    check_still_usable();
}
END_TEST

START_TEST(test_command_timeout_option_applies_to_every_operation)
{
    fx_res r = {0};
    asql_db_options opts = ASQL_DB_OPTIONS_INIT;
    fx_done d = {0, ASQL_OK};
    asql_db *db;
    opts.command_timeout = 0.1;
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "sqlite:///:memory:", &opts), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &d), ASQL_OK);
    fx_run_until(&d.calls);
    asql_stmt *q = asql_text(LONG_SQL);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_ETIMEOUT);
    fx_res_free(&r);
    d.calls = 0;
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
}
END_TEST

START_TEST(test_close_with_pending_operations_completes_each_once)
{
    enum { N = 5 };
    fx_res r[N];
    fx_done d = {0, ASQL_OK};
    memset(r, 0, sizeof(r));
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(submit_long(NULL, &r[i]), ASQL_OK);
    asql_db_close(fx_db, fx_done_cb, &d);
    fx_db = NULL;
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(r[i].calls, 0);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(r[i].calls, 1);
        ck_assert_int_eq(r[i].status, ASQL_ECANCELED);
        fx_res_free(&r[i]);
    }
}
END_TEST

static fx_done close_done;

static void close_in_callback(asql_status st, asql_result *res, void *data)
{
    fx_res *r = data;
    fx_res_cb(st, res, data);
    (void)r;
    asql_db_close(fx_db, fx_done_cb, &close_done);
    fx_db = NULL;
}

START_TEST(test_close_from_inside_an_operation_callback)
{
    fx_res first = {0}, second = {0};
    memset(&close_done, 0, sizeof(close_done));
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, close_in_callback, &first),
                     ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(submit_long(NULL, &second), ASQL_OK);
    fx_run_until(&close_done.calls);
    ck_assert_int_eq(first.calls, 1);
    ck_assert_int_eq(first.status, ASQL_OK);
    ck_assert_int_eq(second.calls, 1);
    ck_assert_int_eq(second.status, ASQL_ECANCELED);
    ck_assert_int_eq(close_done.calls, 1);
    fx_res_free(&first);
    fx_res_free(&second);
}
END_TEST

START_TEST(test_close_while_connecting_cancels_the_connect)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "sqlite:///:memory:", NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_int_eq(c.status, ASQL_ECANCELED);
    ck_assert_int_eq(d.calls, 1);
}
END_TEST

START_TEST(test_connect_to_unopenable_file_fails_with_econnect)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "sqlite:////nonexistent/dir/x.db", NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    ck_assert_int_eq(asql_db_last_error(db)->status, ASQL_ECONNECT);
    ck_assert_ptr_nonnull(strstr(asql_db_last_error(db)->message, "SQLite"));
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
}
END_TEST

static Suite *cancel_suite(void)
{
    Suite *s = suite_create("exec_cancel");
    TCase *tc = tcase_create("cancel");
    TCase *life = tcase_create("lifecycle");
    tcase_add_checked_fixture(tc, fx_setup_memory, fx_teardown);
    tcase_add_checked_fixture(life, fx_setup_memory, fx_teardown);
    tcase_set_timeout(tc, 60);
    tcase_set_timeout(life, 60);
    tcase_add_test(tc, test_cancel_interrupts_a_running_query);
    tcase_add_test(tc, test_cancel_of_a_queued_operation_completes_it_and_not_inside_the_call);
    tcase_add_test(tc, test_timeout_of_a_long_query_gives_etimeout);
    tcase_add_test(tc, test_command_timeout_option_applies_to_every_operation);
    tcase_add_test(life, test_close_with_pending_operations_completes_each_once);
    tcase_add_test(life, test_close_from_inside_an_operation_callback);
    tcase_add_test(life, test_close_while_connecting_cancels_the_connect);
    tcase_add_test(life, test_connect_to_unopenable_file_fails_with_econnect);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, life);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cancel_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
