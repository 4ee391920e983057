/* SPDX-License-Identifier: MIT */
/*
 * pg_conn.h - what the files of the PostgreSQL backend share: the connection object and the
 * steps that pg_connect.c (connecting) gives pg.c (the backend's vtable, statements, cancel).
 * Only pg.c, pg_connect.c and pg_cancel.c include libpq-fe.h; nothing outside the backend does.
 */
#ifndef ASQL_EXEC_PG_CONN_H
#define ASQL_EXEC_PG_CONN_H

#include <libpq-fe.h>

#include "exec/backend.h"
#include "exec/pg_cancel.h"
#include "exec/resolve.h"

/* One PostgreSQL connection: the libpq handle, the work in flight on threads, and the state of
 * the statement being run. */
struct asql_bconn {
    PGconn *pg;
    const asql_url *url;
    const asql_db_options *opts;
    const asql_loop_ops *lops;
    asql_wake *wake;
    asql__resolve *resolve;  /* the host name lookup in flight, or NULL */
    asql__pg_cancel *cancel; /* the cancel request in flight or not yet reaped, or NULL */
    const asql__query *held; /* a statement waiting for that request to end before it is sent */
    int held_canceled;       /* ...and canceled while it waited */
    int busy;                /* a statement was sent and has not ended */
    unsigned want;           /* what the last step waited for on the socket */
    const asql__query *q;
    size_t set;         /* the parameter set being run */
    asql_status status; /* the first error of the running query */
    asql_error err;
    int cols_sent;
    int stop_rows;
    int64_t changes;
    int64_t last_id;
    int has_id;
    int batch;        /* PG_BATCH_*: where a batch of parameter sets stands */
    int batch_nested; /* the batch runs inside a transaction: a savepoint guards it */
};

/* An execute_many batch is all or nothing: BEGIN (or a savepoint inside a transaction), the
 * sets, then COMMIT or ROLLBACK (to the savepoint). */
enum { PG_BATCH_NONE, PG_BATCH_OPENING, PG_BATCH_SETS, PG_BATCH_CLOSING };

/* Allocates a connection object; no I/O yet. */
asql_status asql__pg_create(asql_bconn **out, const asql__bconfig *cfg, asql_error *err);

/* Connects: resolving host names off the loop thread first, then libpq's own steps. */
asql_status asql__pg_connect_step(asql_bconn *c, unsigned ready, unsigned *want, asql_error *err);

/* Fills *err with the first line of a libpq message after `prefix`. */
void asql__pg_set_error(asql_error *err, asql_status st, const char *prefix, const char *msg);

#endif /* ASQL_EXEC_PG_CONN_H */
