/* SPDX-License-Identifier: MIT */
/*
 * resolve.h - host names to numeric addresses on a thread of their own, so that the loop thread
 * never waits for DNS; completion is announced once through the loop seam's wake-up. It neither
 * connects nor knows any driver: a backend hands the addresses to its driver (libpq's hostaddr).
 */
#ifndef ASQL_EXEC_RESOLVE_H
#define ASQL_EXEC_RESOLVE_H

#include "exec/internal.h"
#include "exec/loop.h"

/* Addresses kept per host name (the first ones, in getaddrinfo's order). */
#define ASQL__RESOLVE_MAX_ADDRS 8

typedef struct asql__resolve asql__resolve;

/* 1 when `host` is a numeric IPv4 or IPv6 address: it needs no lookup (checked without any). */
int asql__resolve_is_numeric(const char *host);

/* Starts resolving hosts[0..n) (copied) for TCP on a new thread, which calls lops->wake(wake)
 * once when every name is done, unless the job was freed first. ASQL_ECONNECT (no thread) or
 * ASQL_ENOMEM, with details in *err. */
asql_status asql__resolve_start(asql__resolve **out, const char *const *hosts, int n,
                                const asql_loop_ops *lops, asql_wake *wake, asql_error *err);

/* 1 once the thread has finished every name; until then the results below must not be read. */
int asql__resolve_done(asql__resolve *r);

/* Host i's numeric addresses (0 when it failed), address k, and why it failed (NULL if not). */
int asql__resolve_n_addrs(const asql__resolve *r, int i);
const char *asql__resolve_addr(const asql__resolve *r, int i, int k);
const char *asql__resolve_error(asql__resolve *r, int i);

/* Frees the job; accepts NULL. A finished thread is joined (it is only returning). A running
 * one is abandoned, never waited for: it then neither wakes the loop nor touches anything but
 * its own job, which it frees when its lookup ends. */
void asql__resolve_free(asql__resolve *r);

/* For tests: a function each lookup calls first, on the resolver thread (NULL: none), and the
 * number of jobs not yet freed by either side. */
void asql__resolve_set_test_hook(void (*hook)(const char *host));
int asql__resolve_live(void);

#endif /* ASQL_EXEC_RESOLVE_H */
