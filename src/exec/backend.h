/* SPDX-License-Identifier: MIT */
/*
 * backend.h - the seam between the executor core and one database driver: a versioned static
 * const vtable per backend (sqlite.c, pg.c). Every call is made on the loop thread, does what it
 * can without blocking, and says what it waits for next (ASQL_IO_READ/WRITE on its socket, or
 * ASQL_IO_WAKE for a backend that works on its own thread). Driver return conventions stop here:
 * only asql_status and asql_error come out.
 */
#ifndef ASQL_EXEC_BACKEND_H
#define ASQL_EXEC_BACKEND_H

#include "asql/exec.h"
#include "exec/loop.h"
#include "exec/rows.h"

typedef struct asql_bconn asql_bconn;

/* What a backend connection is given at creation. Strings are owned by the core and outlive
 * the connection. A backend that works on another thread wakes the loop with
 * lops->wake(wake), and must not call it once close_step() has begun. */
typedef struct asql__bconfig {
    const asql_url *url;
    const asql_db_options *opts;
    const asql_loop_ops *lops;
    asql_wake *wake;
} asql__bconfig;

/* Flags of a query. */
enum {
    ASQL__Q_ROWS = 1,      /* deliver rows to the sink (else they are discarded) */
    ASQL__Q_INSERT_ID = 2, /* report the key of the last row inserted */
    ASQL__Q_BATCH = 4      /* n_sets parameter sets, applied atomically as one batch */
};

/* One statement to run, ready for the wire: the core owns every byte until the backend reports
 * completion. `values` holds n_sets rows of n_params values, each already of the type its
 * placeholder was declared with. `decl` gives the declared type of each result column the
 * compiler knows (n_decl may be 0), so that a backend can normalise what it reads. */
typedef struct asql__query {
    const char *sql;
    size_t sql_len;
    int n_params;
    size_t n_sets;
    const asql_value *values;
    int n_decl;
    const asql_type *decl;
    unsigned flags;
    size_t max_rows; /* stop after this many rows; 0 = all */
} asql__query;

/* Where a backend delivers what a statement returns, on the loop thread. The backend hands
 * over ownership of `cols` and of each batch; the sink returns nonzero to ask for no more rows
 * (the backend then cancels or drains quietly). At the end the backend fills the counters. */
typedef struct asql__sink asql__sink;
struct asql__sink {
    void (*columns)(asql__sink *s, asql__colinfo *cols);
    int (*batch)(asql__sink *s, asql__batch *b);
    int64_t rows_affected;
    int64_t insert_id;
    int has_insert_id;
};

#define ASQL__BACKEND_VERSION 1

typedef struct asql_backend {
    unsigned version;
    const char *name; /* "postgresql", "sqlite" */
    const asql_dialect *(*dialect)(void);
    /* Allocates a connection object; no I/O yet. */
    asql_status (*create)(asql_bconn **out, const asql__bconfig *cfg, asql_error *err);
    /* Connects. The first call (ready 0) starts; ASQL_AGAIN while waiting for *want. */
    asql_status (*connect_step)(asql_bconn *c, unsigned ready, unsigned *want, asql_error *err);
    /* Starts running q; ASQL_AGAIN (then recv_step) or an error with details in *err. */
    asql_status (*send)(asql_bconn *c, const asql__query *q, unsigned *want, asql_error *err);
    /* Progresses the running statement, delivering to `sink`. ASQL_AGAIN while waiting; ASQL_OK
     * when complete; ASQL_ECANCELED after cancel(); ASQL_ECONNLOST when the connection broke
     * (the core then discards it); another error with details in *err. */
    asql_status (*recv_step)(asql_bconn *c, unsigned ready, unsigned *want, asql__sink *sink,
                             asql_error *err);
    int (*socket)(const asql_bconn *c); /* may change between steps: re-read; -1 when none */
    /* Asks the running statement to stop; it then completes through recv_step (ECANCELED, or
     * its result if it finished first). Affects only the statement sent last. ASQL_ENOTSUP when
     * the backend cannot: the core then discards the connection. */
    asql_status (*cancel)(asql_bconn *c);
    /* Closes: the first call (ready 0) starts, ASQL_AGAIN while waiting for *want, ASQL_OK when
     * closed. Never blocks the loop. Then free() releases the object. */
    asql_status (*close_step)(asql_bconn *c, unsigned ready, unsigned *want);
    void (*free)(asql_bconn *c);
    /* The driver's own handle (sqlite3 *, PGconn *), for asql_conn_native(). */
    void *(*native)(asql_bconn *c);
} asql_backend;

extern const asql_backend asql__backend_sqlite;
extern const asql_backend asql__backend_pg;

#endif /* ASQL_EXEC_BACKEND_H */
