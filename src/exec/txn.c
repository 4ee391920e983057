/* SPDX-License-Identifier: MIT */
/*
 * txn.c - transactions and savepoints. Each is a handful of statements of ours (BEGIN, SAVEPOINT,
 * COMMIT, RELEASE, ROLLBACK) queued on the transaction's connection in order with the caller's
 * operations; the nesting depth is tracked locally on the connection, so that releasing it needs
 * no round trip to know whether to roll back. Misuse fails with ASQL_EMISUSE and changes nothing.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dialect/txn.h"
#include "exec/core.h"

enum { TXN_BEGINNING, TXN_OPEN, TXN_ENDING, TXN_ENDED };

struct asql_txn {
    asql_db *db;
    asql_conn *conn;
    asql_txn *parent;
    asql_txn *child; /* the transaction open inside this one, or NULL */
    int depth;       /* 1: BEGIN; n > 1: SAVEPOINT asql_sp_n */
    int state;
    int owns_conn; /* begun on the Database: the connection is released at the end */
    int freed;     /* asql_txn_free() called: freed once it has ended */
    int committing;
    asql_status end_status;
    asql_txn_options opts;
    asql_txn_cb begin_cb;
    void *begin_data;
    asql_done_cb end_cb;
    void *end_data;
    /* asql_transaction(): the body, the caller's callback, and whether asql_txn_done() ran. */
    asql_txn_body body;
    asql_done_cb helper_cb;
    void *helper_data;
    int body_done;
    asql_status body_status;
    int in_cb; /* its end callback is running: asql_txn_free() there is deferred */
};

/* The statement that opens this level (src/dialect spells it). */
static asql_status begin_sql(const asql_txn *t, char *buf)
{
    asql_isolation iso = t->opts.isolation ? t->opts.isolation : t->db->opts.isolation;
    return asql__txn_sql(t->db->be->dialect(), ASQL__TXN_BEGIN, t->depth, iso, t->opts.read_only,
                         buf);
}

/* The statement that does `verb` at this level. */
static const char *level_sql(const asql_txn *t, asql__txn_verb verb, char *buf)
{
    asql__txn_sql(t->db->be->dialect(), verb, t->depth, ASQL_ISOLATION_DEFAULT, 0, buf);
    return buf;
}

static void txn_destroy(asql_txn *t)
{
    asql__free(t);
}

/* The level has ended, well or not: unlink it, give back an owned connection. */
static void txn_ended(asql_txn *t)
{
    asql_conn *conn = t->conn;
    t->state = TXN_ENDED;
    if (t->parent && t->parent->child == t)
        t->parent->child = NULL;
    if (conn) {
        if (conn->top_txn == t)
            conn->top_txn = t->parent;
        if (conn->txn_depth >= t->depth)
            conn->txn_depth = t->depth - 1;
        if (t->owns_conn)
            asql_conn_release(conn);
    }
}

void asql__txn_abandon(asql_conn *conn)
{
    for (asql_txn *t = conn->top_txn; t; t = t->parent) {
        t->state = TXN_ENDED;
        t->child = NULL;
    }
    conn->top_txn = NULL;
}

/* BEGIN or SAVEPOINT finished: hand the transaction out, or unwind it. */
static void on_begun(asql_status st, asql_result *res, void *data)
{
    asql_txn *t = data;
    (void)res;
    if (st == ASQL_OK && t->state == TXN_BEGINNING) {
        t->state = TXN_OPEN;
        t->begin_cb(ASQL_OK, t, t->begin_data);
        return;
    }
    if (st == ASQL_OK)
        st = ASQL_ECANCELED; /* abandoned while beginning (connection released or closed) */
    txn_ended(t);
    t->begin_cb(st, NULL, t->begin_data);
    txn_destroy(t);
}

/* Links a new level on its connection and queues its BEGIN or SAVEPOINT. */
static asql_status start(asql_txn *t)
{
    char sql[ASQL__TXN_SQL_SIZE];
    asql_conn *conn = t->conn;
    t->depth = conn->txn_depth + 1;
    t->parent = conn->top_txn;
    asql_status st = begin_sql(t, sql);
    if (st != ASQL_OK) {
        asql__err_set(&t->db->last_err, st, "this backend cannot set the isolation level on BEGIN");
        return st;
    }
    st = asql__op_control(t->db, conn, sql, on_begun, t);
    if (st != ASQL_OK)
        return st;
    conn->txn_depth = t->depth;
    conn->top_txn = t;
    if (t->parent)
        t->parent->child = t;
    return ASQL_OK;
}

static void on_acquired(asql_status st, asql_conn *conn, void *data)
{
    asql_txn *t = data;
    if (st == ASQL_OK) {
        t->conn = conn;
        if ((st = start(t)) == ASQL_OK)
            return;
        asql_conn_release(conn);
    }
    t->begin_cb(st, NULL, t->begin_data);
    txn_destroy(t);
}

asql_status asql__txn_target(asql_txn *t, asql_db **db_out, asql_conn **pin_out)
{
    if (!t)
        return ASQL_EINVAL;
    if (t->state != TXN_OPEN || t->freed || !t->conn || t->conn->releasing)
        return ASQL_EMISUSE;
    *db_out = t->db;
    *pin_out = t->conn;
    return ASQL_OK;
}

/* Begins on a Database (acquiring a connection), a connection, or inside a transaction. */
asql_status asql_txn_begin(asql_target on, const asql_txn_options *opts, asql_txn_cb cb, void *data)
{
    asql_db *db;
    asql_conn *pin;
    asql_status st;
    asql_txn *t;

    if (!cb || (opts && opts->version != 1 && opts->version != ASQL_TXN_OPTIONS_VERSION))
        return ASQL_EINVAL;
    if ((st = asql__op_target(on, &db, &pin)) != ASQL_OK)
        return st;
    if (on.kind == ASQL_TARGET_TXN && ((asql_txn *)on.ptr)->child)
        return ASQL_EMISUSE; /* a savepoint goes inside the innermost open level */
    if (!(t = asql__calloc(1, sizeof(*t))))
        return ASQL_ENOMEM;
    t->db = db;
    t->state = TXN_BEGINNING;
    t->begin_cb = cb;
    t->begin_data = data;
    if (opts && opts->version == 1) /* a version 1 struct ends before force_rollback */
        memcpy(&t->opts, opts, offsetof(asql_txn_options, read_only) + sizeof(opts->read_only));
    else if (opts)
        t->opts = *opts;
    db->api_depth++;
    if (pin) {
        t->conn = pin;
        st = start(t);
    } else {
        t->owns_conn = 1;
        st = asql_db_acquire(db, on_acquired, t);
    }
    db->api_depth--;
    if (st != ASQL_OK)
        txn_destroy(t);
    return st;
}

/* The transaction has ended: unlink it, tell the caller, and free it if asked to already. */
static void finish(asql_txn *t)
{
    asql_done_cb cb = t->end_cb;
    void *cb_data = t->end_data;
    txn_ended(t);
    t->in_cb = 1;
    if (cb)
        cb(t->end_status, cb_data);
    t->in_cb = 0;
    if (t->freed)
        txn_destroy(t);
}

static void on_after_failed_commit(asql_status st, asql_result *res, void *data)
{
    (void)st;
    (void)res;
    finish(data);
}

/* COMMIT, RELEASE or ROLLBACK finished. */
static void on_ended(asql_status st, asql_result *res, void *data)
{
    asql_txn *t = data;
    char sql[ASQL__TXN_SQL_SIZE];
    (void)res;
    if (t->end_status == ASQL_OK)
        t->end_status = st;
    /* A failed COMMIT leaves SQLite's transaction open: roll it back so the state is known. */
    if (st != ASQL_OK && t->committing && t->depth == 1 && t->conn && t->conn->state != CONN_DEAD &&
        t->conn->state != CONN_CLOSING &&
        asql__op_control(t->db, t->conn, level_sql(t, ASQL__TXN_ROLLBACK, sql),
                         on_after_failed_commit, t) == ASQL_OK)
        return;
    finish(t);
}

static void on_rolled_back_to(asql_status st, asql_result *res, void *data)
{
    asql_txn *t = data;
    char sql[ASQL__TXN_SQL_SIZE];
    (void)res;
    t->end_status = st;
    if (asql__op_control(t->db, t->conn, level_sql(t, ASQL__TXN_RELEASE, sql), on_ended, t) !=
        ASQL_OK)
        finish(t);
}

/* Commit or rollback, checked for misuse first so that a refusal changes nothing. */
static asql_status end(asql_txn *t, int commit, asql_done_cb cb, void *data)
{
    char sql[ASQL__TXN_SQL_SIZE];
    asql_status st;
    if (!t)
        return ASQL_EINVAL;
    if (t->state != TXN_OPEN || t->child || (t->freed && cb))
        return ASQL_EMISUSE;
    if (t->opts.force_rollback)
        commit = 0; /* test isolation: a commit rolls back, and reports success */
    level_sql(t, commit ? ASQL__TXN_COMMIT : ASQL__TXN_ROLLBACK, sql);
    t->db->api_depth++;
    st = asql__op_control(t->db, t->conn, sql,
                          !commit && t->depth > 1 ? on_rolled_back_to : on_ended, t);
    t->db->api_depth--;
    if (st != ASQL_OK)
        return st;
    t->state = TXN_ENDING;
    t->committing = commit;
    t->end_status = ASQL_OK;
    t->end_cb = cb;
    t->end_data = data;
    return ASQL_OK;
}

asql_status asql_txn_commit(asql_txn *txn, asql_done_cb cb, void *data)
{
    return end(txn, 1, cb, data);
}

asql_status asql_txn_rollback(asql_txn *txn, asql_done_cb cb, void *data)
{
    return end(txn, 0, cb, data);
}

bool asql_txn_is_open(const asql_txn *txn)
{
    return txn && (txn->state == TXN_OPEN || txn->state == TXN_BEGINNING);
}

int asql_txn_depth(const asql_txn *txn)
{
    return txn ? txn->depth : 0;
}

void asql_txn_free(asql_txn *txn)
{
    if (!txn || txn->freed)
        return;
    txn->freed = 1;
    if (txn->in_cb)
        return; /* destroyed by finish() when the callback returns */
    if (txn->state == TXN_ENDED) {
        txn_destroy(txn);
        return;
    }
    if (txn->state == TXN_ENDING)
        return; /* freed by finish() */
    /* Still open: roll back this level (which discards those inside it) in the background. */
    for (asql_txn *c = txn->child; c; c = c->child)
        c->state = TXN_ENDED;
    txn->child = NULL;
    if (txn->conn)
        txn->conn->top_txn = txn;
    if (end(txn, 0, NULL, NULL) != ASQL_OK) {
        txn_ended(txn);
        txn_destroy(txn);
    }
}

/* ---- asql_transaction(): begin, run the body, commit or roll back ----------------------- */

static void helper_ended(asql_status st, void *data)
{
    asql_txn *t = data;
    asql_done_cb cb = t->helper_cb;
    void *cb_data = t->helper_data;
    asql_status result = t->body_status != ASQL_OK ? t->body_status : st;
    asql_txn_free(t);
    if (cb)
        cb(result, cb_data);
}

static void helper_begun(asql_status st, asql_txn *t, void *data)
{
    if (st != ASQL_OK) {
        /* `data` is the helper's own record: the transaction never opened. */
        asql_txn *proto = data;
        if (proto->helper_cb)
            proto->helper_cb(st, proto->helper_data);
        asql__free(proto);
        return;
    }
    asql_txn *proto = data;
    t->body = proto->body;
    t->helper_cb = proto->helper_cb;
    t->helper_data = proto->helper_data;
    asql__free(proto);
    t->body(t, t->helper_data);
}

asql_status asql_transaction(asql_target on, const asql_txn_options *opts, asql_txn_body body,
                             asql_done_cb cb, void *data)
{
    asql_txn *proto;
    asql_status st;
    if (!body)
        return ASQL_EINVAL;
    if (!(proto = asql__calloc(1, sizeof(*proto))))
        return ASQL_ENOMEM;
    proto->body = body;
    proto->helper_cb = cb;
    proto->helper_data = data;
    if ((st = asql_txn_begin(on, opts, helper_begun, proto)) != ASQL_OK)
        asql__free(proto);
    return st;
}

asql_status asql_txn_done(asql_txn *txn, asql_status status)
{
    asql_status st;
    if (!txn)
        return ASQL_EINVAL;
    if (!txn->body || txn->body_done)
        return ASQL_EMISUSE;
    txn->body_done = 1;
    txn->body_status = status;
    st = end(txn, status == ASQL_OK, helper_ended, txn);
    if (st != ASQL_OK) {
        /* Already ended (its connection went away): report from the loop, never from here. */
        txn->body_status = status != ASQL_OK ? status : ASQL_ECONNLOST;
        if (asql__db_defer_cb(txn->db, helper_ended, txn, ASQL_OK) != ASQL_OK) {
            txn->body_done = 0;
            return ASQL_ENOMEM;
        }
    }
    return ASQL_OK;
}
