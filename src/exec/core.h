/* SPDX-License-Identifier: MIT */
/*
 * core.h - the executor core's structures, shared by db.c (the Database and its pool), conn.c
 * (driving one backend connection), op.c (operations) and blocking.c. Backends never see them.
 */
#ifndef ASQL_EXEC_CORE_H
#define ASQL_EXEC_CORE_H

#include "exec/backend.h"
#include "exec/internal.h"
#include "exec/loop.h"
#include "exec/rows.h"

enum {
    OP_EXECUTE,
    OP_EXECUTE_MANY,
    OP_FETCH_ALL,
    OP_FETCH_ONE,
    OP_FETCH_VAL,
    OP_ITERATE,
    OP_ACQUIRE /* waits in the Database's queue for a connection; runs no statement */
};
enum { OP_QUEUED, OP_RUNNING, OP_DONE };

typedef struct asql__opq {
    asql_op *head, *tail;
} asql__opq;

struct asql_op {
    asql_op *next; /* in a queue, or in the deferred list */
    asql_db *db;   /* NULL once done: a finished op never touches its Database */
    int kind;
    int state;
    int owned;    /* the caller holds the handle (asql_op_free not called yet) */
    int in_cb;    /* its callback is running */
    int canceled; /* asql_op_cancel() or close: complete with ECANCELED */
    int timed_out;
    int stopped; /* iterate's row callback asked to stop */
    asql_status final;
    asql_conn *pin;      /* the connection it must run on (conn/txn targets), or NULL */
    asql_conn *pin_hint; /* the target's connection, until asql__op_enqueue() sets `pin` */
    asql_conn *conn;     /* the connection running it */
    asql_compiled *comp;
    asql__query q;
    asql_value *values;
    asql_type *decl;
    int val_col;
    char *val_name;
    asql_result_cb rcb;
    asql_row_cb rowcb;
    asql_iter_cb icb;
    asql_conn_cb conncb;
    asql_conn *acquired; /* OP_ACQUIRE: the connection handed out */
    void *data;
    asql_result *res;
    asql__sink sink;
    asql_timer *timer;
    void (*timer_free)(asql_timer *t);
    double timeout;
    double started;                /* monotonic seconds when it started running (tracing) */
    int timeout_set;               /* asql_op_set_timeout() armed the timer already */
    int nomem;                     /* a batch could not be kept */
    const asql_column **decl_cols; /* declared column behind each result column, or NULL */
    int n_decl_cols;
    void (*release_query)(asql_op *op); /* frees what ops.c built (compiled, values) */
    void *query_mem;
};

enum { CONN_CONNECTING, CONN_IDLE, CONN_BUSY, CONN_CLOSING, CONN_DEAD };

/* One pooled connection. Handed to users as asql_conn by the pool (next issue): then
 * `acquired` is set, it takes no shared work, and its own FIFO queue feeds it. */
struct asql_conn {
    asql_conn *next; /* in db->conns */
    asql_db *db;
    asql_bconn *b;
    int state;
    asql_io *io;
    asql_wake *wake;
    asql_timer *connect_timer; /* connect_timeout, while connecting; NULL when not set */
    asql_op *cur;              /* the operation running on it */
    asql__opq queue;           /* operations pinned to it, run in submission order */
    int acquired;
    int releasing;          /* asql_conn_release() called: returns to the pool once drained */
    int txn_depth;          /* transaction state, tracked locally: 0 none, n nested levels */
    asql_txn *top_txn;      /* the innermost transaction object open on it, or NULL */
    int base_depth;         /* 1 under force_rollback: the Database's own transaction */
    int counts_for_connect; /* opened by asql_db_connect(): reports to its callback */
    int broken;
    int report_pending; /* connect finished inside asql__conn_open(): report from the loop */
    double opened;      /* monotonic seconds when it connected (max_lifetime) */
    asql_status report_status;
    asql_error err;
};

typedef struct asql__donecb {
    struct asql__donecb *next;
    asql_done_cb cb;
    void *data;
    asql_status status;
} asql__donecb;

enum { DB_DISCONNECTED, DB_CONNECTING, DB_CONNECTED, DB_DISCONNECTING };

struct asql_db {
    void *loop;
    const asql_loop_ops *lops;
    const asql_backend *be;
    asql_url *url;
    asql_db_options opts;
    int max_conns;
    int state;
    asql_error last_err;
    asql_conn *conns;
    int n_conns;           /* not yet reaped */
    int n_connect_pending; /* connections asql_db_connect() still waits for */
    asql_error connect_err;
    asql__opq queue; /* operations for any connection, FIFO */
    int n_active;    /* operations submitted and not completed */
    asql__donecb *connect_waiters, *disconnect_waiters, *ready_cbs;
    asql_done_cb close_cb;
    void *close_data;
    int closing;   /* asql_db_close() was called */
    int api_depth; /* inside a public call: completions are deferred */
    asql_op *deferred_head, *deferred_tail;
    asql_timer *defer_timer;
    int owns_loop;      /* opened by asql_blocking_open(): the loop is private */
    int force_rollback; /* one connection, inside one transaction never committed */
    int memory_only;    /* SQLite ":memory:": its one connection holds the data; never retired */
    /* Back-off while the server is down: after a failed connect to grow the pool, no new
     * connection is opened before retry_at; the delay doubles per failure, reset by a success. */
    double retry_at;
    double backoff;
    int n_connect_failures; /* connects that failed since open (for tests and diagnostics) */
    asql_timer *retry_timer;
    asql_trace_cb trace;
    void *trace_data;
    asql_connect_hook on_connect;
    void *on_connect_data;
};

/* db.c */
void asql__db_defer(asql_db *db);
/* Runs cb(status, data) from the loop on its next turn. */
asql_status asql__db_defer_cb(asql_db *db, asql_done_cb cb, void *data, asql_status status);
void asql__db_dispatch(asql_db *db);
void asql__db_progress(asql_db *db);
void asql__db_conn_connected(asql_db *db, asql_conn *conn, asql_status st);
/* conn.c */
asql_status asql__conn_open(asql_db *db, asql_conn **out);
/* Reports the end of connecting to the pool (and closes a connection that failed). */
void asql__conn_connected(asql_conn *conn, asql_status st);
void asql__conn_start(asql_conn *conn, asql_op *op);
void asql__conn_close(asql_conn *conn);
void asql__conn_free(asql_conn *conn);
/* Cancels the connection's running operation; discards the connection when the backend cannot
 * cancel (the operation then completes at once with `status`). */
void asql__conn_cancel_running(asql_conn *conn, asql_status status);
/* pool.c */
/* Hands an idle connection to the OP_ACQUIRE at the head of the queue, or returns a drained
 * released connection to the pool. Returns 1 when it used the connection. */
int asql__pool_offer(asql_db *db, asql_conn *conn);
/* txn.c */
asql_status asql__txn_target(asql_txn *txn, asql_db **db_out, asql_conn **pin_out);
/* Marks every transaction object open on `conn` as ended (the connection rolled back). */
void asql__txn_abandon(asql_conn *conn);
/* op.c */
double asql__now(void);
/* Queues a statement of ours (BEGIN, COMMIT, ROLLBACK...) on a connection, after what is
 * already queued there. `sql` is copied. */
asql_status asql__op_control(asql_db *db, asql_conn *conn, const char *sql, asql_result_cb cb,
                             void *data);
asql_op *asql__op_new(asql_db *db, int kind);
void asql__op_destroy(asql_op *op); /* an op never enqueued */
/* Resolves a target and checks that it takes operations; details in db->last_err. */
asql_status asql__op_target(asql_target on, asql_db **db_out, asql_conn **pin_out);
/* Queues a ready op for its target (pin: a connection, or NULL) and starts what can start. */
void asql__op_enqueue(asql_op *op, asql_conn *pin, asql_op **out);
void asql__op_complete(asql_op *op, asql_status status);
void asql__op_run_callback(asql_op *op);
void asql__opq_push(asql__opq *q, asql_op *op);
asql_op *asql__opq_pop(asql__opq *q);
int asql__opq_remove(asql__opq *q, asql_op *op);

#endif /* ASQL_EXEC_CORE_H */
