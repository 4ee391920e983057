/* SPDX-License-Identifier: MIT */
/*
 * blocking.c - the blocking layer: the same asynchronous operations, run on a private loop owned
 * by the Database, turning the loop until the callback has run. A thin wrapper, never a second
 * implementation.
 */
#include "exec/core.h"

typedef struct waiter {
    int done;
    asql_status status;
    asql_result *res;
} waiter;

static void on_done(asql_status st, void *data)
{
    waiter *w = data;
    w->done = 1;
    w->status = st;
}

static void on_result(asql_status st, asql_result *res, void *data)
{
    waiter *w = data;
    w->done = 1;
    w->status = st;
    w->res = asql_result_retain(res);
}

static void on_row(asql_status st, const asql_row *row, asql_result *res, void *data)
{
    waiter *w = data;
    w->done = 1;
    w->status = st == ASQL_OK && !row ? ASQL_ENOTFOUND : st;
    w->res = asql_result_retain(res);
}

static void wait_for(void *loop, waiter *w)
{
    while (!w->done)
        asql__loop_ev_run_once(loop);
}

asql_status asql_blocking_open(asql_db **out, const char *url, const asql_db_options *opts,
                               asql_error *err)
{
    asql_db *db = NULL;
    waiter w = {0};
    asql_status st;
    void *loop;

    asql__err_clear(err);
    if (!out)
        return ASQL_EINVAL;
    *out = NULL;
    if (!(loop = asql__loop_ev_new())) {
        asql__err_set(err, ASQL_ENOMEM, "cannot create an event loop");
        return ASQL_ENOMEM;
    }
    if ((st = asql_db_open(&db, loop, url, opts)) != ASQL_OK) {
        asql__err_set(err, st, "cannot open the database: %s", asql_status_str(st));
        asql__loop_ev_free(loop);
        return st;
    }
    db->owns_loop = 1;
    if ((st = asql_db_connect(db, on_done, &w)) == ASQL_OK) {
        wait_for(loop, &w);
        st = w.status;
    }
    if (st != ASQL_OK) {
        if (err)
            *err = db->last_err;
        asql_blocking_close(db);
        return st;
    }
    *out = db;
    return ASQL_OK;
}

void asql_blocking_close(asql_db *db)
{
    waiter w = {0};
    void *loop;
    if (!db || !db->owns_loop)
        return;
    loop = db->loop;
    asql_db_close(db, on_done, &w);
    wait_for(loop, &w); /* the Database is freed before its loop */
    asql__loop_ev_free(loop);
}

/* The private loop of the target's Database, or NULL for any other target. */
static void *target_loop(asql_target on)
{
    asql_db *db = NULL;
    if (on.kind == ASQL_TARGET_DB)
        db = on.ptr;
    else if (on.kind == ASQL_TARGET_CONN && on.ptr)
        db = ((asql_conn *)on.ptr)->db;
    return db && db->owns_loop ? db->loop : NULL;
}

static asql_status finish(asql_status st, void *loop, waiter *w, asql_result **out)
{
    if (out)
        *out = NULL;
    if (st != ASQL_OK)
        return st;
    wait_for(loop, w);
    if (out)
        *out = w->res;
    else
        asql_result_free(w->res);
    return w->status;
}

asql_status asql_blocking_execute(asql_result **out, asql_target on, const asql_stmt *q,
                                  const asql_params *params)
{
    waiter w = {0};
    void *loop = target_loop(on);
    if (!loop)
        return ASQL_EMISUSE;
    return finish(asql_execute(NULL, on, q, params, on_result, &w), loop, &w, out);
}

asql_status asql_blocking_execute_many(asql_result **out, asql_target on, const asql_stmt *q,
                                       const asql_params *params)
{
    waiter w = {0};
    void *loop = target_loop(on);
    if (!loop)
        return ASQL_EMISUSE;
    return finish(asql_execute_many(NULL, on, q, params, on_result, &w), loop, &w, out);
}

asql_status asql_blocking_fetch_all(asql_result **out, asql_target on, const asql_stmt *q,
                                    const asql_params *params)
{
    waiter w = {0};
    void *loop = target_loop(on);
    if (!loop)
        return ASQL_EMISUSE;
    return finish(asql_fetch_all(NULL, on, q, params, on_result, &w), loop, &w, out);
}

asql_status asql_blocking_fetch_one(asql_result **out, asql_target on, const asql_stmt *q,
                                    const asql_params *params)
{
    waiter w = {0};
    void *loop = target_loop(on);
    if (!loop)
        return ASQL_EMISUSE;
    return finish(asql_fetch_one(NULL, on, q, params, on_row, &w), loop, &w, out);
}
