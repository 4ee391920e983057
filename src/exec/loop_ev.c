/* SPDX-License-Identifier: MIT */
/*
 * loop_ev.c - the loop seam (loop.h) on libev: io and timer watchers, and ev_async as the
 * thread-safe wake-up. The only file of the library that includes <ev.h>.
 */
#include <ev.h>
#include <stdlib.h>

#include "exec/internal.h"
#include "exec/loop.h"

struct asql_io {
    ev_io w;
    ev_timer t; /* optional timeout of the watch */
    struct ev_loop *loop;
    void (*ready)(asql_io *, unsigned, void *);
    void *data;
};

struct asql_timer {
    ev_timer w;
    struct ev_loop *loop;
    void (*fire)(void *);
    void *data;
};

struct asql_wake {
    ev_async w;
    struct ev_loop *loop;
    void (*fn)(void *);
    void *data;
    int held;
};

/* libev's events, translated into the seam's. */
static void io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    asql_io *io = (asql_io *)w;
    unsigned ev = 0;
    (void)loop;
    if (revents & EV_READ)
        ev |= ASQL_IO_READ;
    if (revents & EV_WRITE)
        ev |= ASQL_IO_WRITE;
    io->ready(io, ev, io->data);
}

static void io_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    asql_io *io = (asql_io *)((char *)w - offsetof(asql_io, t));
    (void)loop;
    (void)revents;
    io->ready(io, ASQL_IO_TIMEOUT, io->data);
}

/* An io watcher and the optional timeout that goes with it. */
static int io_new(void *loop, asql_io **out, void (*ready)(asql_io *, unsigned, void *), void *data)
{
    asql_io *io = asql__calloc(1, sizeof(*io));
    if (!io)
        return ASQL_ENOMEM;
    io->loop = loop;
    io->ready = ready;
    io->data = data;
    ev_io_init(&io->w, io_cb, -1, 0);
    ev_timer_init(&io->t, io_timeout_cb, 0., 0.);
    *out = io;
    return ASQL_OK;
}

/* Always stops and restarts the watcher: libev must forget a closed descriptor even when a new
 * socket reuses its number. */
static void io_set(asql_io *io, int fd, unsigned events, double timeout_s)
{
    int ev = 0;
    ev_io_stop(io->loop, &io->w);
    ev_timer_stop(io->loop, &io->t);
    if (events & ASQL_IO_READ)
        ev |= EV_READ;
    if (events & ASQL_IO_WRITE)
        ev |= EV_WRITE;
    if (fd >= 0 && ev) {
        ev_io_set(&io->w, fd, ev);
        ev_io_start(io->loop, &io->w);
    }
    if (timeout_s > 0) {
        ev_now_update(io->loop); /* count from now, not from the loop's last wake-up */
        ev_timer_set(&io->t, timeout_s, 0.);
        ev_timer_start(io->loop, &io->t);
    }
}

static void io_free(asql_io *io)
{
    if (!io)
        return;
    ev_io_stop(io->loop, &io->w);
    ev_timer_stop(io->loop, &io->t);
    asql__free(io);
}

static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    asql_timer *t = (asql_timer *)w;
    (void)loop;
    (void)revents;
    t->fire(t->data);
}

/* A one-shot timer; timer_set() re-arms it or (negative) stops it. */
static int timer_new(void *loop, asql_timer **out, void (*fire)(void *), void *data)
{
    asql_timer *t = asql__calloc(1, sizeof(*t));
    if (!t)
        return ASQL_ENOMEM;
    t->loop = loop;
    t->fire = fire;
    t->data = data;
    ev_timer_init(&t->w, timer_cb, 0., 0.);
    *out = t;
    return ASQL_OK;
}

static void timer_set(asql_timer *t, double after_s)
{
    ev_timer_stop(t->loop, &t->w);
    if (after_s >= 0) {
        /* libev counts from the time cached at the loop's last wake-up, which is stale when the
         * program worked outside the loop since: a timeout would fire early by that long. */
        if (after_s > 0)
            ev_now_update(t->loop);
        ev_timer_set(&t->w, after_s, 0.);
        ev_timer_start(t->loop, &t->w);
    }
}

static void timer_free(asql_timer *t)
{
    if (!t)
        return;
    ev_timer_stop(t->loop, &t->w);
    asql__free(t);
}

static void wake_cb(struct ev_loop *loop, ev_async *w, int revents)
{
    asql_wake *k = (asql_wake *)w;
    (void)loop;
    (void)revents;
    k->fn(k->data);
}

/* The async watcher stays started for its whole life but is unreferenced, so that an idle
 * wake-up does not keep ev_run() going; wake_hold() takes the reference back while awaited. */
static int wake_new(void *loop, asql_wake **out, void (*fn)(void *), void *data)
{
    asql_wake *k = asql__calloc(1, sizeof(*k));
    if (!k)
        return ASQL_ENOMEM;
    k->loop = loop;
    k->fn = fn;
    k->data = data;
    ev_async_init(&k->w, wake_cb);
    ev_async_start(k->loop, &k->w);
    ev_unref(k->loop);
    *out = k;
    return ASQL_OK;
}

/* ev_async_send is the one libev call that is safe from any thread. */
static void wake(asql_wake *k)
{
    ev_async_send(k->loop, &k->w);
}

static void wake_hold(asql_wake *k, int awaited)
{
    awaited = !!awaited;
    if (awaited == k->held)
        return;
    k->held = awaited;
    if (awaited)
        ev_ref(k->loop);
    else
        ev_unref(k->loop);
}

/* Restores the loop's reference count to what ev_async_stop expects. */
static void wake_free(asql_wake *k)
{
    if (!k)
        return;
    if (!k->held)
        ev_ref(k->loop);
    ev_async_stop(k->loop, &k->w);
    asql__free(k);
}

static const asql_loop_ops ev_ops = {
    ASQL__LOOP_OPS_VERSION,
    io_new,
    io_set,
    io_free,
    timer_new,
    timer_set,
    timer_free,
    wake_new,
    wake,
    wake_hold,
    wake_free,
};

const asql_loop_ops *asql__loop_ev(void)
{
    return &ev_ops;
}

void *asql__loop_ev_new(void)
{
    return ev_loop_new(EVFLAG_AUTO);
}

void asql__loop_ev_run_once(void *loop)
{
    ev_run((struct ev_loop *)loop, EVRUN_ONCE);
}

void asql__loop_ev_free(void *loop)
{
    if (loop)
        ev_loop_destroy((struct ev_loop *)loop);
}
