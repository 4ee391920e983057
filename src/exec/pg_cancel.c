/* SPDX-License-Identifier: MIT */
/*
 * pg_cancel.c - one thread per PostgreSQL cancel request: PQcancel, then a bounded wait for the
 * loop to see the statement end, then one wake-up. The request is shared by the loop and the
 * thread; whichever lets go last frees it, decided under its lock (as resolve.c does), so that a
 * connection closed meanwhile never waits. With pg.c, the only file that includes libpq-fe.h.
 */
#include "exec/pg_cancel.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct asql__pg_cancel {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    PGcancel *pgc;
    const asql_loop_ops *lops;
    asql_wake *wake;
    int state;     /* ASQL__PG_CANCEL_* (under mu) */
    int finished;  /* the loop saw the statement end (under mu) */
    int abandoned; /* the loop let go first: the thread frees the request (under mu) */
    char why[256];
};

static void request_free(asql__pg_cancel *k)
{
    PQfreeCancel(k->pgc);
    pthread_cond_destroy(&k->cv);
    pthread_mutex_destroy(&k->mu);
    asql__free(k);
}

/* Now plus `s` seconds on the monotonic clock, capped at `cap` when given. */
static struct timespec after(double s, const struct timespec *cap)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += (time_t)s;
    t.tv_nsec += (long)((s - (double)(time_t)s) * 1e9);
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    if (cap && (t.tv_sec > cap->tv_sec || (t.tv_sec == cap->tv_sec && t.tv_nsec > cap->tv_nsec)))
        t = *cap;
    return t;
}

/* The thread: send the request, then give the statement the grace period to end. A request
 * that reaches the server before the statement has started is dropped there, so it is sent
 * again after 50 ms, 100 ms, ... while the statement runs on. The server may also take the
 * request and not stop (a statement that holds off interrupts): the loop then learns that the
 * connection cannot be trusted with the next statement. */
static void *canceler(void *arg)
{
    asql__pg_cancel *k = arg;
    char why[256];
    int sent = PQcancel(k->pgc, why, sizeof(why));
    struct timespec deadline = after(ASQL__PG_CANCEL_GRACE, NULL);
    double pause = 0.05;

    pthread_mutex_lock(&k->mu);
    while (sent && !k->finished && !k->abandoned) {
        struct timespec until = after(pause, &deadline);
        int rc = 0;
        while (!k->finished && !k->abandoned && rc == 0)
            rc = pthread_cond_timedwait(&k->cv, &k->mu, &until);
        if (k->finished || k->abandoned ||
            (until.tv_sec == deadline.tv_sec && until.tv_nsec == deadline.tv_nsec))
            break;
        pthread_mutex_unlock(&k->mu);
        sent = PQcancel(k->pgc, why, sizeof(why));
        pthread_mutex_lock(&k->mu);
        pause *= 2;
    }
    if (!sent)
        snprintf(k->why, sizeof(k->why), "cannot send the cancel request: %.*s",
                 (int)strcspn(why, "\n"), why);
    else if (!k->finished)
        snprintf(k->why, sizeof(k->why), "the statement did not stop within %g s of its cancel",
                 ASQL__PG_CANCEL_GRACE);
    k->state = sent && k->finished ? ASQL__PG_CANCEL_DONE : ASQL__PG_CANCEL_FAILED;
    int abandoned = k->abandoned;
    if (!abandoned)
        k->lops->wake(k->wake);
    pthread_mutex_unlock(&k->mu);
    if (abandoned)
        request_free(k);
    return NULL;
}

asql_status asql__pg_cancel_start(asql__pg_cancel **out, struct pg_conn *pg,
                                  const asql_loop_ops *lops, asql_wake *wake)
{
    asql__pg_cancel *k = asql__calloc(1, sizeof(*k));
    pthread_condattr_t attr;
    sigset_t all, old;
    int rc;

    *out = NULL;
    if (!k)
        return ASQL_ENOMEM;
    if (!(k->pgc = PQgetCancel(pg))) { /* no connection, or no cancel key */
        asql__free(k);
        return ASQL_ENOTSUP;
    }
    k->lops = lops;
    k->wake = wake;
    pthread_mutex_init(&k->mu, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&k->cv, &attr);
    pthread_condattr_destroy(&attr);
    sigfillset(&all); /* the program's signal handlers keep running where it expects */
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&k->thread, NULL, canceler, k);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        request_free(k);
        return ASQL_ENOTSUP;
    }
    *out = k;
    return ASQL_OK;
}

void asql__pg_cancel_finished(asql__pg_cancel *k)
{
    pthread_mutex_lock(&k->mu);
    k->finished = 1;
    pthread_cond_signal(&k->cv);
    pthread_mutex_unlock(&k->mu);
}

int asql__pg_cancel_state(asql__pg_cancel *k, const char **why)
{
    pthread_mutex_lock(&k->mu);
    int state = k->state;
    pthread_mutex_unlock(&k->mu);
    if (why)
        *why = state == ASQL__PG_CANCEL_FAILED ? k->why : NULL;
    return state;
}

void asql__pg_cancel_free(asql__pg_cancel *k)
{
    if (!k)
        return;
    pthread_mutex_lock(&k->mu);
    pthread_t thread = k->thread; /* once abandoned, `k` may go at any moment */
    int done = k->state != ASQL__PG_CANCEL_RUNNING;
    if (!done) {
        k->abandoned = 1;
        pthread_cond_signal(&k->cv);
    }
    pthread_mutex_unlock(&k->mu);
    if (done) {
        pthread_join(thread, NULL); /* it has only its return left */
        request_free(k);
    } else {
        pthread_detach(thread);
    }
}
