/* SPDX-License-Identifier: MIT */
/*
 * loop.h - the core's only view of an event loop: watch a file descriptor, run a timer, and a
 * wake-up that any thread may trigger. loop_ev.c implements it on libev; nothing else in the
 * library knows which loop runs underneath. It does no I/O of its own.
 */
#ifndef ASQL_EXEC_LOOP_H
#define ASQL_EXEC_LOOP_H

enum {
    ASQL_IO_READ = 1,
    ASQL_IO_WRITE = 2,
    ASQL_IO_TIMEOUT = 4,
    ASQL_IO_WAKE = 8 /* backend seam only: waiting for its thread-safe wake-up */
};

typedef struct asql_io asql_io;
typedef struct asql_timer asql_timer;
typedef struct asql_wake asql_wake;

typedef struct asql_loop_ops {
    unsigned version;
    int (*io_new)(void *loop, asql_io **out, void (*ready)(asql_io *, unsigned events, void *),
                  void *data);
    /* Watch fd for `events` (0 = stop). Call it after every driver step: a driver may close and
     * reopen its socket under the same number, so the watcher is re-armed each time, never
     * skipped as "unchanged". Stop it before the driver closes the fd. */
    void (*io_set)(asql_io *io, int fd, unsigned events, double timeout_s);
    void (*io_free)(asql_io *io);
    int (*timer_new)(void *loop, asql_timer **out, void (*fire)(void *), void *data);
    /* Fires once, `after_s` seconds from now; a negative value stops the timer. 0 fires on the
     * next loop turn, which is how the core defers a fast answer. */
    void (*timer_set)(asql_timer *t, double after_s);
    void (*timer_free)(asql_timer *t);
    /* Thread-safe wake-up. Several wakes may arrive as one callback: drain a locked queue. The
     * wake-up must outlive every thread that may call it. An idle one does not keep the loop
     * alive; wake_hold(w, 1) marks it as awaited (the loop keeps running), wake_hold(w, 0)
     * as idle again. */
    int (*wake_new)(void *loop, asql_wake **out, void (*fn)(void *), void *data);
    void (*wake)(asql_wake *w); /* the one function safe from any thread */
    void (*wake_hold)(asql_wake *w, int awaited);
    void (*wake_free)(asql_wake *w);
} asql_loop_ops;

#define ASQL__LOOP_OPS_VERSION 1

/* The libev implementation (loop_ev.c); `loop` arguments are `struct ev_loop *`. */
const asql_loop_ops *asql__loop_ev(void);

/* A private loop for the blocking layer: create, run one iteration (blocking until an event),
 * free. Only loop_ev.c knows what they are. */
void *asql__loop_ev_new(void);
void asql__loop_ev_run_once(void *loop);
void asql__loop_ev_free(void *loop);

#endif /* ASQL_EXEC_LOOP_H */
