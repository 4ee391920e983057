/* SPDX-License-Identifier: MIT */
/*
 * exec_fixture.h - what the exec tests share: a fresh libev loop per test (a checked fixture),
 * a Database on it, helpers that turn the loop until a condition holds (with a guard so that a
 * lost callback fails the test instead of hanging it), and callback counters.
 */
#ifndef ASQL_TESTS_EXEC_FIXTURE_H
#define ASQL_TESTS_EXEC_FIXTURE_H

#include <check.h>
#include <ev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asql/asql.h"

static struct ev_loop *fx_loop;
static asql_db *fx_db;
static char fx_path[64];

/* 1 when ASQL_TEST_SCALE=small (sanitizer and valgrind runs): heavy loops shrink. */
static inline int fx_small(void)
{
    const char *s = getenv("ASQL_TEST_SCALE");
    return s && strcmp(s, "small") == 0;
}

static inline void fx_guard_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)w;
    (void)revents;
    ev_break(loop, EVBREAK_ALL);
    ck_abort_msg("the loop waited 20 s for a callback that never came");
}

/* The guard of fx_run_until(). Not on the stack: with CK_FORK=no a failed assertion inside a
 * callback jumps out of ev_run() past the stop, and a stack watcher would stay in the loop's
 * timer heap, to be written through from a dead frame by the teardown. */
static ev_timer fx_guard;

/* Turns the loop until *flag is nonzero. */
static inline void fx_run_until(const int *flag)
{
    ev_timer_stop(fx_loop, &fx_guard); /* left active by an assertion that jumped out */
    ev_timer_init(&fx_guard, fx_guard_cb, 20., 0.);
    ev_timer_start(fx_loop, &fx_guard);
    while (!*flag)
        ev_run(fx_loop, EVRUN_ONCE);
    ev_timer_stop(fx_loop, &fx_guard);
}

typedef struct fx_done {
    int calls;
    asql_status status;
} fx_done;

static inline void fx_done_cb(asql_status st, void *data)
{
    fx_done *d = data;
    d->calls++;
    d->status = st;
}

static inline void fx_loop_new(void)
{
    fx_loop = ev_loop_new(EVFLAG_AUTO);
    ck_assert_ptr_nonnull(fx_loop);
}

/* Opens and connects fx_db on `url`. */
static inline void fx_connect(const char *url)
{
    fx_done d = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&fx_db, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(fx_db, fx_done_cb, &d), ASQL_OK);
    ck_assert_int_eq(d.calls, 0); /* never inside the call */
    fx_run_until(&d.calls);
    ck_assert_msg(d.status == ASQL_OK, "connect: %s", asql_db_last_error(fx_db)->message);
    ck_assert_int_eq(d.calls, 1);
}

/* Closes fx_db, checks its callback ran once, then runs the loop dry and frees it. */
static inline void fx_close(void)
{
    fx_done d = {0, ASQL_OK};
    ev_timer_stop(fx_loop, &fx_guard);
    if (fx_db) {
        asql_db_close(fx_db, fx_done_cb, &d);
        ck_assert_int_eq(d.calls, 0);
        fx_run_until(&d.calls);
        ck_assert_int_eq(d.calls, 1);
        fx_db = NULL;
    }
    ev_run(fx_loop, 0); /* returns only when nothing of ours is left active */
    ev_loop_destroy(fx_loop);
    fx_loop = NULL;
}

static inline void fx_setup_memory(void)
{
    fx_loop_new();
    fx_connect("sqlite:///:memory:");
}

static inline void fx_setup_file(void)
{
    char url[128];
    snprintf(fx_path, sizeof(fx_path), "/tmp/asql_exec_test_%d.db", (int)getpid());
    unlink(fx_path);
    fx_loop_new();
    snprintf(url, sizeof(url), "sqlite:///%s", fx_path);
    fx_connect(url);
}

static inline void fx_teardown(void)
{
    fx_close();
    if (fx_path[0]) {
        char side[80];
        unlink(fx_path);
        snprintf(side, sizeof(side), "%s-journal", fx_path);
        unlink(side);
        fx_path[0] = 0;
    }
}

/* Records of asql_db_acquire() and asql_txn_begin() callbacks: count, status, handle. */
typedef struct fx_conn {
    int calls;
    asql_status status;
    asql_conn *conn;
} fx_conn;

static inline void fx_conn_cb(asql_status st, asql_conn *conn, void *data)
{
    fx_conn *g = data;
    g->calls++;
    g->status = st;
    g->conn = conn;
}

typedef struct fx_txn {
    int calls;
    asql_status status;
    asql_txn *txn;
} fx_txn;

static inline void fx_txn_cb(asql_status st, asql_txn *txn, void *data)
{
    fx_txn *g = data;
    g->calls++;
    g->status = st;
    g->txn = txn;
}

/* A result callback that records what it got, retaining the result. */
typedef struct fx_res {
    int calls;
    asql_status status;
    asql_result *res;
    const asql_row *row;
    int row_given;
} fx_res;

static inline void fx_res_cb(asql_status st, asql_result *res, void *data)
{
    fx_res *r = data;
    r->calls++;
    r->status = st;
    ck_assert_ptr_nonnull(res);
    ck_assert_int_eq(asql_result_status(res), st);
    r->res = asql_result_retain(res);
}

static inline void fx_row_cb(asql_status st, const asql_row *row, asql_result *res, void *data)
{
    fx_res *r = data;
    r->calls++;
    r->status = st;
    r->row = row;
    r->row_given = row != NULL;
    r->res = asql_result_retain(res);
}

static inline void fx_res_free(fx_res *r)
{
    asql_result_free(r->res);
    r->res = NULL;
}

/* Runs raw SQL with no parameters for its effect and asserts success. */
static inline void fx_exec(const char *sql)
{
    fx_res r = {0};
    asql_stmt *q = asql_text(sql);
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s: %s", sql, asql_result_error(r.res)->message);
    ck_assert_int_eq(r.calls, 1);
    fx_res_free(&r);
}

#endif /* ASQL_TESTS_EXEC_FIXTURE_H */
