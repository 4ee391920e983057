/* SPDX-License-Identifier: MIT */
/*
 * test_loop.c - the loop seam on libev (src/exec/loop.h): a wake-up from another thread reaches
 * the loop thread, many wakes may arrive as one callback, an idle wake-up does not keep the loop
 * running while an awaited one does, timers fire once and can be stopped, and an io watcher
 * reports readiness.
 */
#include <pthread.h>
#include <time.h>

#include "exec/loop.h"
#include "exec_fixture.h"

static void setup(void)
{
    fx_loop_new();
}

static void teardown(void)
{
    fx_close();
}

typedef struct counter {
    int calls;
    pthread_t thread;
} counter;

static void count_cb(void *data)
{
    counter *c = data;
    c->calls++;
    ck_assert(pthread_equal(pthread_self(), c->thread));
}

typedef struct waker {
    const asql_loop_ops *ops;
    asql_wake *w;
    int n;
} waker;

static void *wake_from_thread(void *arg)
{
    waker *k = arg;
    for (int i = 0; i < k->n; i++)
        k->ops->wake(k->w);
    return NULL;
}

START_TEST(test_wake_from_another_thread_runs_on_the_loop_thread)
{
    const asql_loop_ops *ops = asql__loop_ev();
    counter c = {0, pthread_self()};
    asql_wake *w;
    pthread_t t;
    ck_assert_int_eq(ops->wake_new(fx_loop, &w, count_cb, &c), 0);
    ops->wake_hold(w, 1);
    waker k = {ops, w, 1000};
    ck_assert_int_eq(pthread_create(&t, NULL, wake_from_thread, &k), 0);
    pthread_join(t, NULL);
    fx_run_until(&c.calls);
    ck_assert_int_ge(c.calls, 1);
    ck_assert_int_le(c.calls, 1000); /* several wakes may merge into one callback */
    ops->wake_hold(w, 0);
    ops->wake_free(w);
}
END_TEST

START_TEST(test_idle_wake_does_not_keep_the_loop_alive)
{
    const asql_loop_ops *ops = asql__loop_ev();
    counter c = {0, pthread_self()};
    asql_wake *w;
    ck_assert_int_eq(ops->wake_new(fx_loop, &w, count_cb, &c), 0);
    ev_run(fx_loop, 0); /* returns at once: nothing awaited */
    ck_assert_int_eq(c.calls, 0);
    ops->wake_hold(w, 1);
    ops->wake(w);
    ev_run(fx_loop, EVRUN_ONCE);
    ck_assert_int_eq(c.calls, 1);
    ops->wake_free(w); /* freeing a held wake-up releases the loop too */
    ev_run(fx_loop, 0);
}
END_TEST

START_TEST(test_timer_fires_once_and_can_be_stopped)
{
    const asql_loop_ops *ops = asql__loop_ev();
    counter a = {0, pthread_self()}, b = {0, pthread_self()};
    asql_timer *ta, *tb;
    ck_assert_int_eq(ops->timer_new(fx_loop, &ta, count_cb, &a), 0);
    ck_assert_int_eq(ops->timer_new(fx_loop, &tb, count_cb, &b), 0);
    ops->timer_set(ta, 0);
    ops->timer_set(tb, 0.01);
    ops->timer_set(tb, -1);
    ck_assert_int_eq(a.calls, 0); /* 0 means the next loop turn, not now */
    ev_run(fx_loop, 0);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(b.calls, 0);
    ops->timer_free(ta);
    ops->timer_free(tb);
}
END_TEST

/* The real time now, in seconds (not the loop's cached clock). */
static double real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct stamp {
    int calls;
    double at;
} stamp;

static void stamp_cb(void *data)
{
    stamp *s = data;
    s->calls++;
    s->at = real_now();
}

START_TEST(test_timeout_counts_from_when_it_is_set_not_from_the_last_loop_turn)
{
    const asql_loop_ops *ops = asql__loop_ev();
    stamp s = {0, 0};
    asql_timer *t;
    ck_assert_int_eq(ops->timer_new(fx_loop, &t, stamp_cb, &s), 0);
    ev_run(fx_loop, EVRUN_NOWAIT); /* the loop's clock is read here ... */
    usleep(150000);                /* ... and the program works 150 ms outside the loop */
    double armed = real_now();
    ops->timer_set(t, 0.1);
    fx_run_until(&s.calls);
    ck_assert_msg(s.at - armed >= 0.095, "a 100 ms timeout fired after %.0f ms",
                  (s.at - armed) * 1000);
    ops->timer_free(t);
}
END_TEST

static void io_ready(asql_io *io, unsigned events, void *data)
{
    unsigned *got = data;
    *got = events;
    asql__loop_ev()->io_set(io, -1, 0, 0);
}

START_TEST(test_io_watch_reports_readable_and_timeout)
{
    const asql_loop_ops *ops = asql__loop_ev();
    int fds[2];
    unsigned got = 0;
    asql_io *io;
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(ops->io_new(fx_loop, &io, io_ready, &got), 0);
    ops->io_set(io, fds[0], ASQL_IO_READ, 0.01);
    ev_run(fx_loop, 0);
    ck_assert_uint_eq(got, ASQL_IO_TIMEOUT);
    got = 0;
    ck_assert_int_eq(write(fds[1], "x", 1), 1);
    ops->io_set(io, fds[0], ASQL_IO_READ, 0);
    ev_run(fx_loop, 0);
    ck_assert_uint_eq(got, ASQL_IO_READ);
    ops->io_free(io);
    close(fds[0]);
    close(fds[1]);
}
END_TEST

static Suite *loop_suite(void)
{
    Suite *s = suite_create("exec_loop");
    TCase *tc = tcase_create("libev");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_wake_from_another_thread_runs_on_the_loop_thread);
    tcase_add_test(tc, test_idle_wake_does_not_keep_the_loop_alive);
    tcase_add_test(tc, test_timeout_counts_from_when_it_is_set_not_from_the_last_loop_turn);
    tcase_add_test(tc, test_timer_fires_once_and_can_be_stopped);
    tcase_add_test(tc, test_io_watch_reports_readable_and_timeout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(loop_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
