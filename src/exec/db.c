/* SPDX-License-Identifier: MIT */
/*
 * db.c - the Database: opening it on a loop, connecting and disconnecting its pool, closing it,
 * handing queued operations to free connections, and the deferred work that keeps callbacks out
 * of the calls that caused them. Backends are reached only through the seam (backend.h).
 */
#include <string.h>

#include "dialect/txn.h"
#include "exec/core.h"

static void on_defer(void *data);
static void on_retry(void *data);

/* Back-off bounds, in seconds, for reconnecting while the server is down. */
#define BACKOFF_FIRST 0.05
#define BACKOFF_MAX 2.0

void asql__db_defer(asql_db *db)
{
    db->lops->timer_set(db->defer_timer, 0);
}

static const asql_backend *backend_for(const char *dialect)
{
    if (strcmp(dialect, "sqlite") == 0)
        return &asql__backend_sqlite;
    if (strcmp(dialect, "postgresql") == 0)
        return &asql__backend_pg;
    return NULL;
}

/* Parses the URL and options, picks the backend, and makes the deferred-work timer. No I/O. */
asql_status asql_db_open(asql_db **out, struct ev_loop *loop, const char *url,
                         const asql_db_options *opts)
{
    asql_db *db = NULL;
    asql_error err;
    asql_status st;

    if (!out)
        return ASQL_EINVAL;
    *out = NULL;
    if (!loop || !url)
        return ASQL_EINVAL;
    if (opts && opts->version != 1 && opts->version != ASQL_DB_OPTIONS_VERSION)
        return ASQL_EINVAL;
    if (!(db = asql__calloc(1, sizeof(*db))))
        return ASQL_ENOMEM;
    db->loop = loop;
    db->lops = asql__loop_ev();
    if ((st = asql_url_parse(&db->url, url, &err)) != ASQL_OK)
        goto fail;
    if ((st = asql_db_options_from_url(&db->opts, db->url, opts, &err)) != ASQL_OK)
        goto fail;
    if (!(db->be = backend_for(asql_url_dialect(db->url)))) {
        st = ASQL_ENOTSUP;
        goto fail;
    }
    db->max_conns = db->opts.max_size > 0 ? db->opts.max_size : 1;
    if (db->be == &asql__backend_sqlite) {
        const char *path = asql_url_database(db->url);
        /* Each connection to ":memory:" would open its own empty database. */
        if (!path || !*path || strcmp(path, ":memory:") == 0) {
            db->max_conns = 1;
            db->memory_only = 1;
        }
    }
    if ((st = db->lops->timer_new(loop, &db->defer_timer, on_defer, db)) != ASQL_OK)
        goto fail;
    if ((st = db->lops->timer_new(loop, &db->retry_timer, on_retry, db)) != ASQL_OK) {
        db->lops->timer_free(db->defer_timer);
        goto fail;
    }
    *out = db;
    return ASQL_OK;
fail:
    asql_url_free(db->url);
    asql__free(db);
    return st;
}

const asql_dialect *asql_db_dialect(const asql_db *db)
{
    return db ? db->be->dialect() : NULL;
}

const asql_db_options *asql_db_get_options(const asql_db *db)
{
    return db ? &db->opts : NULL;
}

const char *asql_db_url_masked(const asql_db *db)
{
    return db ? asql_url_masked(db->url) : NULL;
}

const asql_error *asql_db_last_error(const asql_db *db)
{
    return db ? &db->last_err : NULL;
}

/* Queues a done-callback to run from the loop (never inside the calling function). */
static asql_status push_cb(asql__donecb **list, asql_done_cb cb, void *data)
{
    asql__donecb *d = asql__calloc(1, sizeof(*d));
    if (!d)
        return ASQL_ENOMEM;
    d->cb = cb;
    d->data = data;
    while (*list)
        list = &(*list)->next;
    *list = d;
    return ASQL_OK;
}

/* Moves every waiter of `list` to the ready list with `status`. */
static void release_waiters(asql_db *db, asql__donecb **list, asql_status status)
{
    asql__donecb **tail = &db->ready_cbs;
    while (*tail)
        tail = &(*tail)->next;
    for (asql__donecb *d = *list; d; d = d->next)
        d->status = status;
    *tail = *list;
    *list = NULL;
    if (db->ready_cbs)
        asql__db_defer(db);
}

asql_status asql__db_defer_cb(asql_db *db, asql_done_cb cb, void *data, asql_status status)
{
    asql__donecb *d = asql__calloc(1, sizeof(*d));
    asql__donecb **tail = &db->ready_cbs;
    if (!d)
        return ASQL_ENOMEM;
    d->cb = cb;
    d->data = data;
    d->status = status;
    while (*tail)
        tail = &(*tail)->next;
    *tail = d;
    asql__db_defer(db);
    return ASQL_OK;
}

static int min_conns(const asql_db *db)
{
    int n = db->opts.min_size;
    if (db->force_rollback)
        return 1;
    if (n < 1)
        n = 1;
    return n < db->max_conns ? n : db->max_conns;
}

/* Opens min_size connections; the callback waits for all of them (all or nothing). */
asql_status asql_db_connect(asql_db *db, asql_done_cb cb, void *data)
{
    asql_status st;
    if (!db)
        return ASQL_EINVAL;
    if (db->closing || db->state == DB_DISCONNECTING)
        return ASQL_EMISUSE;
    if ((st = push_cb(&db->connect_waiters, cb, data)) != ASQL_OK)
        return st;
    if (db->state == DB_CONNECTED) {
        release_waiters(db, &db->connect_waiters, ASQL_OK);
        return ASQL_OK;
    }
    if (db->state == DB_CONNECTING)
        return ASQL_OK;
    db->state = DB_CONNECTING;
    db->retry_at = 0; /* a connect asked for is tried at once, back-off or not */
    asql__err_clear(&db->connect_err);
    db->api_depth++;
    for (int i = 0, n = min_conns(db); i < n; i++) {
        asql_conn *conn;
        if ((st = asql__conn_open(db, &conn)) != ASQL_OK) {
            asql__err_set(&db->connect_err, st, "cannot create a connection");
            break;
        }
        conn->counts_for_connect = 1;
        db->n_connect_pending++;
    }
    db->api_depth--;
    if (db->n_connect_pending == 0) { /* not even one could be created */
        db->state = DB_DISCONNECTED;
        db->last_err = db->connect_err;
        release_waiters(db, &db->connect_waiters, db->connect_err.status);
    }
    return ASQL_OK;
}

static void on_base_begun(asql_status st, asql_result *res, void *data)
{
    asql_conn *conn = data;
    if (st != ASQL_OK) { /* then nothing is isolated: say so, and run without it */
        conn->db->last_err = res->err;
        conn->txn_depth = conn->base_depth = 0;
    }
}

/* force_rollback: the one connection starts a transaction that is never committed; closing the
 * connection at disconnect rolls it back. Transactions of the caller nest inside as savepoints,
 * since the connection's depth starts at 1. Queued first, it runs before any operation. */
static void begin_base_transaction(asql_db *db)
{
    char sql[ASQL__TXN_SQL_SIZE];
    asql__txn_sql(db->be->dialect(), ASQL__TXN_BEGIN, 1, ASQL_ISOLATION_DEFAULT, 0, sql);
    for (asql_conn *c = db->conns; c; c = c->next) {
        if (c->state != CONN_IDLE || c->base_depth)
            continue;
        if (asql__op_control(db, c, sql, on_base_begun, c) == ASQL_OK)
            c->txn_depth = c->base_depth = 1;
    }
}

asql_status asql_db_set_force_rollback(asql_db *db, bool on)
{
    if (!db)
        return ASQL_EINVAL;
    if (db->state != DB_DISCONNECTED || db->n_conns > 0 || db->closing)
        return ASQL_EMISUSE;
    db->force_rollback = on;
    return ASQL_OK;
}

/* A connection finished connecting. For asql_db_connect() it counts toward the all-or-nothing
 * answer; for one opened to grow the pool, a failure with no connection left fails the queue. */
void asql__db_conn_connected(asql_db *db, asql_conn *conn, asql_status st)
{
    if (st != ASQL_OK && db->connect_err.status == ASQL_OK) {
        db->connect_err = conn->err;
        db->connect_err.status = ASQL_ECONNECT;
    }
    if (st != ASQL_OK) {
        db->last_err = conn->err;
        db->last_err.status = ASQL_ECONNECT;
        db->n_connect_failures++;
        db->backoff = db->backoff > 0 ? db->backoff * 2 : BACKOFF_FIRST;
        if (db->backoff > BACKOFF_MAX)
            db->backoff = BACKOFF_MAX;
        db->retry_at = asql__now() + db->backoff;
    } else {
        db->backoff = 0;
        db->retry_at = 0;
    }
    if (conn->counts_for_connect) {
        conn->counts_for_connect = 0;
        if (--db->n_connect_pending == 0 && db->state == DB_CONNECTING) {
            if (db->connect_err.status != ASQL_OK) {
                /* All or nothing: close what did connect, fail what was queued. */
                for (asql_conn *c = db->conns; c; c = c->next)
                    asql__conn_close(c);
                db->state = DB_DISCONNECTED;
                db->last_err = db->connect_err;
                asql_op *op;
                db->api_depth++;
                while ((op = asql__opq_pop(&db->queue)))
                    asql__op_complete(op, ASQL_ECONNECT);
                db->api_depth--;
                release_waiters(db, &db->connect_waiters, ASQL_ECONNECT);
            } else {
                db->state = DB_CONNECTED;
                if (db->force_rollback)
                    begin_base_transaction(db);
                release_waiters(db, &db->connect_waiters, ASQL_OK);
            }
        }
    } else if (st != ASQL_OK && db->queue.head) {
        /* A connection opened to serve the queue failed: if none is left, fail the waiting. */
        int live = 0;
        for (asql_conn *c = db->conns; c; c = c->next)
            live += c != conn && c->state != CONN_CLOSING && c->state != CONN_DEAD;
        if (!live) {
            asql_op *op;
            db->api_depth++;
            while ((op = asql__opq_pop(&db->queue))) {
                op->res->err = conn->err;
                asql__op_complete(op, ASQL_ECONNECT);
            }
            db->api_depth--;
        }
    }
    asql__db_dispatch(db);
    asql__db_progress(db);
}

/* True while queued work is served: when connected, and while disconnecting, which lets
 * every operation already submitted run to its end (close cancels them instead). */
static int serving(const asql_db *db)
{
    return db->state == DB_CONNECTED || (db->state == DB_DISCONNECTING && !db->closing);
}

/* True when an idle pooled connection has outlived max_lifetime and should be closed rather
 * than reused. The one connection of an in-memory SQLite database holds the data, and the one
 * of force_rollback holds the transaction: neither is ever retired. */
static int expired(const asql_db *db, const asql_conn *c, double now)
{
    return db->opts.max_lifetime > 0 && !db->memory_only && !db->force_rollback && !c->acquired &&
           !c->queue.head && c->txn_depth == 0 && now - c->opened >= db->opts.max_lifetime;
}

static void on_retry(void *data)
{
    asql_db *db = data;
    asql__db_dispatch(db);
    asql__db_progress(db);
}

/* Starts queued operations on free connections, and opens another connection when every one is
 * busy and the pool may grow (not before the back-off after a failed connect has passed). */
void asql__db_dispatch(asql_db *db)
{
    double now = db->opts.max_lifetime > 0 ? asql__now() : 0;
    for (asql_conn *c = db->conns; c; c = c->next) {
        if (c->state != CONN_IDLE || c->report_pending)
            continue;
        if (expired(db, c, now)) {
            asql__conn_close(c);
            continue;
        }
        if (asql__pool_offer(db, c))
            continue;
        asql_op *op = asql__opq_pop(&c->queue);
        if (!op && !c->acquired && serving(db) && db->queue.head &&
            db->queue.head->kind != OP_ACQUIRE)
            op = asql__opq_pop(&db->queue);
        if (op)
            asql__conn_start(c, op);
    }
    if (db->queue.head && serving(db) && !db->closing) {
        int live = 0, connecting = 0;
        for (asql_conn *c = db->conns; c; c = c->next) {
            live += c->state != CONN_CLOSING && c->state != CONN_DEAD;
            connecting += c->state == CONN_CONNECTING;
        }
        if (live < (db->force_rollback ? 1 : db->max_conns) && connecting == 0) {
            asql_conn *conn;
            double wait = db->retry_at > 0 ? db->retry_at - asql__now() : 0;
            if (wait > 0) {
                db->lops->timer_set(db->retry_timer, wait); /* on_retry() comes back here */
                return;
            }
            db->api_depth++;
            asql__conn_open(db, &conn);
            db->api_depth--;
        }
    }
}

/* Moves disconnect and close forward: cancels what close must cancel, closes connections once
 * no operation is left, and reports when everything is closed. */
void asql__db_progress(asql_db *db)
{
    int want_down = db->closing || db->state == DB_DISCONNECTING;
    if (!want_down || db->state == DB_CONNECTING)
        return;
    if (db->closing) {
        asql_op *op;
        db->api_depth++;
        for (asql_conn *c = db->conns; c; c = c->next) {
            while ((op = asql__opq_pop(&c->queue))) {
                op->canceled = 1;
                asql__op_complete(op, ASQL_ECANCELED);
            }
            if (c->cur && !c->cur->canceled) {
                c->cur->canceled = 1;
                asql__conn_cancel_running(c, ASQL_ECANCELED);
            }
        }
        while ((op = asql__opq_pop(&db->queue))) {
            op->canceled = 1;
            asql__op_complete(op, ASQL_ECANCELED);
        }
        db->api_depth--;
    }
    if (db->n_active > 0)
        return;
    /* Disconnect waits for acquired connections to be released; close takes them too. */
    for (asql_conn *c = db->conns; c; c = c->next)
        if (c->state == CONN_IDLE && !c->report_pending && (!c->acquired || db->closing))
            asql__conn_close(c);
    if (db->n_conns > 0)
        return;
    db->state = DB_DISCONNECTED;
    db->lops->timer_set(db->retry_timer, -1);
    release_waiters(db, &db->disconnect_waiters, ASQL_OK);
    if (db->closing)
        asql__db_defer(db); /* on_defer frees it once the callbacks have run */
}

/* Marks the Database as going down; db_progress() does the rest as operations finish. */
asql_status asql_db_disconnect(asql_db *db, asql_done_cb cb, void *data)
{
    asql_status st;
    if (!db)
        return ASQL_EINVAL;
    if (db->closing)
        return ASQL_EMISUSE;
    if ((st = push_cb(&db->disconnect_waiters, cb, data)) != ASQL_OK)
        return st;
    if (db->state == DB_DISCONNECTED && db->n_conns == 0) {
        release_waiters(db, &db->disconnect_waiters, ASQL_OK);
        return ASQL_OK;
    }
    if (db->state == DB_CONNECTED)
        db->state = DB_DISCONNECTING;
    else if (db->state == DB_DISCONNECTED)
        db->state = DB_DISCONNECTING; /* failed connect still closing its connections */
    db->api_depth++;
    asql__db_progress(db);
    db->api_depth--;
    asql__db_defer(db);
    return ASQL_OK;
}

/* Like disconnect, but cancels instead of waiting; the Database is freed after `cb`. */
void asql_db_close(asql_db *db, asql_done_cb cb, void *data)
{
    if (!db || db->closing)
        return;
    db->closing = 1;
    db->close_cb = cb;
    db->close_data = data;
    if (db->state == DB_CONNECTING) {
        /* Stop waiting for the connect: its callbacks get ECANCELED; every connection closes. */
        db->state = DB_DISCONNECTING;
        for (asql_conn *c = db->conns; c; c = c->next)
            c->counts_for_connect = 0;
        db->n_connect_pending = 0;
        release_waiters(db, &db->connect_waiters, ASQL_ECANCELED);
        for (asql_conn *c = db->conns; c; c = c->next)
            if (c->state == CONN_CONNECTING)
                asql__conn_close(c);
    } else if (db->state != DB_DISCONNECTED) {
        db->state = DB_DISCONNECTING;
    }
    db->api_depth++;
    asql__db_progress(db);
    db->api_depth--;
    asql__db_defer(db);
}

/* Only on_defer() calls it, after the close callback, when nothing is left. */
static void db_free(asql_db *db)
{
    asql__donecb *d;
    db->lops->timer_free(db->defer_timer);
    db->lops->timer_free(db->retry_timer);
    while ((d = db->connect_waiters)) {
        db->connect_waiters = d->next;
        asql__free(d);
    }
    asql_url_free(db->url);
    asql__free(db);
}

/* Frees connections that finished closing. */
static void reap(asql_db *db)
{
    asql_conn **p = &db->conns;
    while (*p) {
        asql_conn *c = *p;
        if (c->report_pending) {
            asql__conn_connected(c, c->report_status);
        } else if (c->state == CONN_DEAD && (!c->acquired || c->releasing || db->closing)) {
            /* A dead connection the caller still holds (acquired, or a transaction's) stays
             * until it is released: freeing it now would leave the caller's handle dangling. */
            *p = c->next;
            db->n_conns--;
            asql__conn_free(c);
            continue;
        }
        p = &c->next;
    }
}

/* The next-loop-turn work: deferred completions and callbacks, reaping, progress, and freeing
 * the Database after its close callback. */
static void on_defer(void *data)
{
    asql_db *db = data;
    for (int round = 0; round < 2; round++) {
        asql_op *op;
        while ((op = db->deferred_head)) {
            db->deferred_head = op->next;
            if (!db->deferred_head)
                db->deferred_tail = NULL;
            op->next = NULL;
            asql__op_run_callback(op);
        }
        asql__donecb *d;
        while ((d = db->ready_cbs)) {
            db->ready_cbs = d->next;
            if (d->cb)
                d->cb(d->status, d->data);
            asql__free(d);
        }
        reap(db);
        asql__db_dispatch(db);
        asql__db_progress(db);
    }
    if (db->closing && db->state == DB_DISCONNECTED && db->n_conns == 0 && db->n_active == 0 &&
        !db->deferred_head && !db->ready_cbs) {
        asql_done_cb cb = db->close_cb;
        void *cb_data = db->close_data;
        db->close_cb = NULL;
        if (cb)
            cb(ASQL_OK, cb_data);
        db_free(db);
        return;
    }
    if (db->deferred_head || db->ready_cbs)
        asql__db_defer(db);
}
