/* SPDX-License-Identifier: MIT */
/*
 * pool.c - handing pooled connections to callers and taking them back: asql_db_acquire() waits
 * in the Database's FIFO queue like any operation; asql_conn_release() lets the connection's own
 * queue drain, rolls back a transaction left open (known locally, with no round trip), and
 * returns it to the pool. Opening, growing and closing connections is db.c's job.
 */
#include <stdio.h>

#include "dialect/txn.h"
#include "exec/core.h"

int asql__pool_offer(asql_db *db, asql_conn *conn)
{
    if (conn->acquired) {
        if (!conn->releasing || conn->queue.head || conn->cur)
            return 0;
        conn->releasing = 0; /* drained: back in the pool, for the next waiter too */
        conn->acquired = 0;
    }
    if (!db->queue.head || db->queue.head->kind != OP_ACQUIRE || db->closing ||
        (db->state != DB_CONNECTED && db->state != DB_DISCONNECTING))
        return 0;
    asql_op *op = asql__opq_pop(&db->queue);
    conn->acquired = 1;
    op->acquired = conn;
    asql__op_complete(op, ASQL_OK);
    return 1;
}

asql_status asql_db_acquire(asql_db *db, asql_conn_cb cb, void *data)
{
    asql_conn *pin;
    asql_op *op;
    asql_status st;

    if (!db || !cb)
        return ASQL_EINVAL;
    if ((st = asql__op_target(asql_on_db(db), &db, &pin)) != ASQL_OK)
        return st;
    if (!(op = asql__op_new(db, OP_ACQUIRE)))
        return ASQL_ENOMEM;
    op->conncb = cb;
    op->data = data;
    if (db->opts.acquire_timeout > 0) {
        op->timeout = db->opts.acquire_timeout;
        op->timeout_set = 1;
        db->lops->timer_set(op->timer, op->timeout);
    }
    asql__op_enqueue(op, NULL, NULL);
    return ASQL_OK;
}

static void on_release_rollback(asql_status st, asql_result *res, void *data)
{
    asql_conn *conn = data;
    (void)st;
    (void)res;
    conn->txn_depth = conn->base_depth; /* rolled back, or the connection is gone */
}

void asql_conn_release(asql_conn *conn)
{
    asql_db *db;
    if (!conn || !conn->acquired || conn->releasing)
        return;
    db = conn->db;
    conn->releasing = 1;
    if (conn->state == CONN_DEAD) { /* its server is gone: nothing to roll back, reap it */
        asql__txn_abandon(conn);
        asql__db_defer(db);
        return;
    }
    db->api_depth++;
    if (conn->txn_depth > conn->base_depth) {
        const asql_dialect *d = db->be->dialect();
        int level = conn->base_depth + 1; /* under force_rollback: the Database's own is kept */
        char sql[ASQL__TXN_SQL_SIZE];
        asql_status st;
        asql__txn_abandon(conn);
        asql__txn_sql(d, ASQL__TXN_ROLLBACK, level, ASQL_ISOLATION_DEFAULT, 0, sql);
        if (level == 1) {
            st = asql__op_control(db, conn, sql, on_release_rollback, conn);
        } else { /* ROLLBACK TO keeps the savepoint: release it too */
            st = asql__op_control(db, conn, sql, NULL, NULL);
            asql__txn_sql(d, ASQL__TXN_RELEASE, level, ASQL_ISOLATION_DEFAULT, 0, sql);
            if (st == ASQL_OK)
                st = asql__op_control(db, conn, sql, on_release_rollback, conn);
        }
        if (st != ASQL_OK)
            asql__conn_close(conn); /* cannot roll back: the connection goes instead */
    }
    asql__db_dispatch(db);
    db->api_depth--;
}

bool asql_conn_in_transaction(const asql_conn *conn)
{
    return conn && conn->txn_depth > 0;
}

void *asql_conn_native(asql_conn *conn)
{
    if (!conn || !conn->b || conn->db->be == &asql__backend_sqlite)
        return NULL;
    return conn->db->be->native(conn->b);
}

void asql_db_set_on_connect(asql_db *db, asql_connect_hook hook, void *data)
{
    if (!db)
        return;
    db->on_connect = hook;
    db->on_connect_data = data;
}
