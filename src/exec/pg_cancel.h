/* SPDX-License-Identifier: MIT */
/*
 * pg_cancel.h - PostgreSQL cancel requests off the loop thread, for pg.c: PQcancel opens a
 * connection of its own and blocks, so it runs on a thread that reports through the loop seam's
 * wake-up. It does not read results: the canceled statement still ends through pg.c.
 */
#ifndef ASQL_EXEC_PG_CANCEL_H
#define ASQL_EXEC_PG_CANCEL_H

#include "exec/internal.h"
#include "exec/loop.h"

struct pg_conn; /* libpq's PGconn */

/* Seconds the thread waits, after the server took the request, for pg.c to see the statement
 * end; past that the request has failed (the server did not stop it). */
#define ASQL__PG_CANCEL_GRACE 5.0

enum {
    ASQL__PG_CANCEL_RUNNING = 0, /* the thread still works */
    ASQL__PG_CANCEL_DONE = 1,    /* sent, and the statement ended in time */
    ASQL__PG_CANCEL_FAILED = -1  /* not sent, or the statement outlived the grace period */
};

typedef struct asql__pg_cancel asql__pg_cancel;

/* Starts a cancel request for the statement running on `pg`; lops->wake(wake) is called once
 * when the thread is done, unless the request was freed first. ASQL_ENOTSUP when no request can
 * be made (no cancel key, no thread), ASQL_ENOMEM. */
asql_status asql__pg_cancel_start(asql__pg_cancel **out, struct pg_conn *pg,
                                  const asql_loop_ops *lops, asql_wake *wake);

/* Tells the thread that the statement has ended: it stops waiting. */
void asql__pg_cancel_finished(asql__pg_cancel *k);

/* ASQL__PG_CANCEL_*; for FAILED, *why (when not NULL) says why, owned by the request. */
int asql__pg_cancel_state(asql__pg_cancel *k, const char **why);

/* Frees the request; accepts NULL. A thread still working is abandoned, never waited for: it
 * frees the request itself when done, without waking the loop. */
void asql__pg_cancel_free(asql__pg_cancel *k);

#endif /* ASQL_EXEC_PG_CANCEL_H */
