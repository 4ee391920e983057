/* SPDX-License-Identifier: MIT */
/*
 * conn.c - drives one backend connection through the backend seam: connecting, running one
 * operation at a time, closing. It re-arms the loop watchers after every step the way the seam
 * asks. Which operation runs next is the pool's business (db.c), not this file's.
 */
#include <string.h>

#include "exec/core.h"

static void drive(asql_conn *conn, unsigned ready);

/* Watches what the backend asked for. The io watcher is re-armed after every step, because a
 * driver may close and reopen its socket under the same number. */
static void arm(asql_conn *conn, unsigned want)
{
    asql_db *db = conn->db;
    int fd = conn->b ? db->be->socket(conn->b) : -1;
    db->lops->io_set(conn->io, fd, want & (ASQL_IO_READ | ASQL_IO_WRITE), 0);
    db->lops->wake_hold(conn->wake, (want & ASQL_IO_WAKE) != 0);
}

static void on_io(asql_io *io, unsigned events, void *data)
{
    (void)io;
    drive(data, events);
}

static void on_wake(void *data)
{
    drive(data, ASQL_IO_WAKE);
}

/* connect_timeout: drivers do not time out a non-blocking connect (libpq's PQconnectPoll waits
 * for the server's answer forever), so the whole connect is bounded here, name lookup included. */
static void on_connect_timeout(void *data)
{
    asql_conn *conn = data;
    if (conn->state != CONN_CONNECTING)
        return;
    asql__err_set(&conn->err, ASQL_ECONNECT, "could not connect: timed out after %g s",
                  conn->db->opts.connect_timeout);
    arm(conn, 0);
    asql__conn_connected(conn, ASQL_ECONNECT);
}

static void stop_connect_timer(asql_conn *conn)
{
    if (conn->connect_timer) {
        conn->db->lops->timer_free(conn->connect_timer);
        conn->connect_timer = NULL;
    }
}

/* Creates a connection object, joins it to the pool and starts connecting. A connect that ends
 * at once (a backend that fails before any I/O) is reported from the loop, through the
 * deferred work of db.c, so that asql_db_connect() never calls back from inside itself. */
asql_status asql__conn_open(asql_db *db, asql_conn **out)
{
    asql_conn *conn = asql__calloc(1, sizeof(*conn));
    asql__bconfig cfg;
    unsigned want = 0;
    asql_status st;

    if (!conn)
        return ASQL_ENOMEM;
    conn->db = db;
    conn->state = CONN_CONNECTING;
    if (db->lops->io_new(db->loop, &conn->io, on_io, conn) != ASQL_OK ||
        db->lops->wake_new(db->loop, &conn->wake, on_wake, conn) != ASQL_OK) {
        asql__conn_free(conn);
        return ASQL_ENOMEM;
    }
    cfg.url = db->url;
    cfg.opts = &db->opts;
    cfg.lops = db->lops;
    cfg.wake = conn->wake;
    if ((st = db->be->create(&conn->b, &cfg, &conn->err)) != ASQL_OK) {
        asql__conn_free(conn);
        return st;
    }
    conn->next = db->conns;
    db->conns = conn;
    db->n_conns++;
    st = db->be->connect_step(conn->b, 0, &want, &conn->err);
    if (st == ASQL_AGAIN) {
        arm(conn, want);
        if (db->opts.connect_timeout > 0 &&
            db->lops->timer_new(db->loop, &conn->connect_timer, on_connect_timeout, conn) ==
                ASQL_OK)
            db->lops->timer_set(conn->connect_timer, db->opts.connect_timeout);
    } else {
        /* Connected or failed at once: report it from the loop, never from inside the call. */
        conn->report_pending = 1;
        conn->report_status = st;
        asql__db_defer(db);
    }
    *out = conn;
    return ASQL_OK;
}

/* Progresses whatever the connection is doing by one step of its backend. */
void asql__conn_connected(asql_conn *conn, asql_status st)
{
    stop_connect_timer(conn);
    conn->report_pending = 0;
    if (st != ASQL_OK) {
        /* Closed before the pool hears of it, so that no operation is handed to it. */
        conn->broken = 1;
        if (conn->err.status == ASQL_OK)
            asql__err_set(&conn->err, st, "could not connect");
        asql__conn_close(conn);
    } else {
        conn->state = CONN_IDLE;
        conn->opened = asql__now(); /* its lifetime counts from here */
    }
    if (st == ASQL_OK && conn->db->on_connect && !conn->db->closing &&
        conn->db->state != DB_DISCONNECTING) {
        /* Lent to the hook as if acquired: its operations queue on the connection itself, run
         * before any shared work, and the release returns it to the pool once they are done. */
        conn->acquired = 1;
        conn->db->on_connect(conn, conn->db->on_connect_data);
        asql_conn_release(conn);
    }
    asql__db_conn_connected(conn->db, conn, st);
}

static void drive(asql_conn *conn, unsigned ready)
{
    asql_db *db = conn->db;
    unsigned want = 0;
    asql_status st;
    asql_op *op;

    switch (conn->state) {
    case CONN_CONNECTING:
        st = db->be->connect_step(conn->b, ready, &want, &conn->err);
        if (st == ASQL_AGAIN) {
            arm(conn, want);
            return;
        }
        arm(conn, 0);
        asql__conn_connected(conn, st);
        return;
    case CONN_BUSY:
        op = conn->cur;
        st = db->be->recv_step(conn->b, ready, &want, &op->sink, &op->res->err);
        if (st == ASQL_AGAIN) {
            arm(conn, want);
            return;
        }
        arm(conn, 0);
        conn->cur = NULL;
        op->conn = NULL;
        if (st == ASQL_ECONNLOST) {
            conn->broken = 1;
            asql__conn_close(conn);
        } else {
            conn->state = CONN_IDLE;
        }
        if (op->timed_out)
            st = ASQL_ETIMEOUT;
        else if (op->stopped && st == ASQL_ECANCELED)
            st = ASQL_OK;
        else if (op->canceled && st == ASQL_ECANCELED)
            st = ASQL_ECANCELED;
        op->res->rows_affected = op->sink.rows_affected;
        op->res->insert_id = op->sink.insert_id;
        op->res->has_insert_id = op->sink.has_insert_id;
        asql__op_complete(op, st);
        asql__db_dispatch(db);
        asql__db_progress(db);
        return;
    case CONN_CLOSING:
        st = db->be->close_step(conn->b, ready, &want);
        if (st == ASQL_AGAIN) {
            arm(conn, want);
            return;
        }
        arm(conn, 0);
        conn->state = CONN_DEAD;
        asql__db_defer(db); /* reaped there */
        return;
    default:
        return; /* a late wake-up for an idle or dead connection: nothing is waiting */
    }
}

/* Hands `op` to the backend. Its timer starts here unless asql_op_set_timeout() armed it. An
 * error from send() completes the op (deferred when inside a public call); a lost connection
 * is closed so that the pool replaces it. */
void asql__conn_start(asql_conn *conn, asql_op *op)
{
    asql_db *db = conn->db;
    unsigned want = 0;
    asql_status st;

    conn->state = CONN_BUSY;
    conn->cur = op;
    op->conn = conn;
    op->state = OP_RUNNING;
    if (db->trace)
        op->started = asql__now();
    if (op->timeout > 0 && !op->timeout_set)
        db->lops->timer_set(op->timer, op->timeout);
    st = db->be->send(conn->b, &op->q, &want, &op->res->err);
    if (st == ASQL_AGAIN || st == ASQL_OK) {
        arm(conn, want | (st == ASQL_OK ? ASQL_IO_READ : 0));
        return;
    }
    conn->cur = NULL;
    op->conn = NULL;
    if (st == ASQL_ECONNLOST) {
        conn->broken = 1;
        asql__conn_close(conn);
    } else {
        conn->state = CONN_IDLE;
    }
    asql__op_complete(op, st); /* deferred when inside the submitting call */
}

void asql__conn_cancel_running(asql_conn *conn, asql_status status)
{
    asql_db *db = conn->db;
    asql_op *op = conn->cur;
    if (!op)
        return;
    if (db->be->cancel(conn->b) == ASQL_OK)
        return; /* it completes through recv_step */
    /* The backend cannot interrupt: give up the connection and complete the operation now. */
    conn->cur = NULL;
    op->conn = NULL;
    conn->broken = 1;
    asql__conn_close(conn);
    asql__op_complete(op, status);
}

/* Starts closing; idempotent. Transactions on the connection end with it (the server rolls
 * them back), and the object is freed by the pool's reaper once the backend says closed. */
void asql__conn_close(asql_conn *conn)
{
    asql_db *db = conn->db;
    unsigned want = 0;
    asql_status st;

    if (conn->state == CONN_CLOSING || conn->state == CONN_DEAD)
        return;
    asql__txn_abandon(conn); /* its transactions end with it */
    conn->txn_depth = 0;
    conn->state = CONN_CLOSING;
    st = db->be->close_step(conn->b, 0, &want);
    if (st == ASQL_AGAIN) {
        arm(conn, want);
        return;
    }
    arm(conn, 0);
    conn->state = CONN_DEAD;
    asql__db_defer(db); /* reaped from the loop, never inside a caller's frame */
}

/* Frees the connection and its watchers; only the reaper calls it, once it is CONN_DEAD. */
void asql__conn_free(asql_conn *conn)
{
    asql_db *db = conn->db;
    stop_connect_timer(conn);
    if (conn->b)
        db->be->free(conn->b);
    if (conn->io)
        db->lops->io_free(conn->io);
    if (conn->wake)
        db->lops->wake_free(conn->wake);
    asql__free(conn);
}
