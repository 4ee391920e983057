/* SPDX-License-Identifier: MIT */
/*
 * resolve.c - getaddrinfo() on a resolver thread per job, for the backends whose drivers would
 * otherwise look host names up on the loop thread. The job is shared by the loop and the thread;
 * whichever side lets go of it last frees it, decided under its lock, so that a connection closed
 * mid-lookup neither waits for DNS nor leaks. No driver header and no socket here.
 */
#include "exec/resolve.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

typedef struct entry {
    char *name;
    int n_addrs;
    int gai_rc;    /* getaddrinfo's code; 0 when resolved */
    int sys_errno; /* errno for EAI_SYSTEM */
    char addrs[ASQL__RESOLVE_MAX_ADDRS][NI_MAXHOST];
    char error[128]; /* why it failed, filled on the loop side */
} entry;

struct asql__resolve {
    pthread_mutex_t mu;
    pthread_t thread;
    const asql_loop_ops *lops;
    asql_wake *wake;
    int done;      /* the thread finished every name (under mu) */
    int abandoned; /* the loop let go first: the thread frees the job (under mu) */
    int n;
    entry *entries;
};

static void (*_Atomic test_hook)(const char *host);
static atomic_int live;

void asql__resolve_set_test_hook(void (*hook)(const char *host))
{
    atomic_store(&test_hook, hook);
}

int asql__resolve_live(void)
{
    return atomic_load(&live);
}

int asql__resolve_is_numeric(const char *host)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST; /* never a lookup: a name fails at once */
    if (!host || !*host || getaddrinfo(host, NULL, &hints, &res) != 0)
        return 0;
    freeaddrinfo(res);
    return 1;
}

static void job_free(asql__resolve *r)
{
    for (int i = 0; i < r->n; i++)
        asql__free(r->entries[i].name);
    asql__free(r->entries);
    pthread_mutex_destroy(&r->mu);
    asql__free(r);
    atomic_fetch_sub(&live, 1);
}

/* Looks one name up as libpq would (any family, stream sockets) and keeps the distinct numeric
 * addresses in the resolver's order, which follows the system's address preferences. */
static void lookup(entry *e)
{
    struct addrinfo hints, *res = NULL;
    void (*hook)(const char *) = atomic_load(&test_hook);
    if (hook)
        hook(e->name);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    e->gai_rc = getaddrinfo(e->name, NULL, &hints, &res);
    if (e->gai_rc != 0) {
        e->sys_errno = errno;
        return;
    }
    for (struct addrinfo *a = res; a && e->n_addrs < ASQL__RESOLVE_MAX_ADDRS; a = a->ai_next) {
        char *out = e->addrs[e->n_addrs];
        int seen = 0;
        if (getnameinfo(a->ai_addr, a->ai_addrlen, out, NI_MAXHOST, NULL, 0, NI_NUMERICHOST))
            continue;
        for (int k = 0; k < e->n_addrs && !seen; k++)
            seen = strcmp(e->addrs[k], out) == 0;
        if (!seen)
            e->n_addrs++;
    }
    freeaddrinfo(res);
    if (e->n_addrs == 0)
        e->gai_rc = EAI_NONAME;
}

/* The thread: every lookup, then one wake-up, unless the loop let go meanwhile. After the lock
 * is released it touches nothing the loop may free. */
static void *resolver(void *arg)
{
    asql__resolve *r = arg;
    for (int i = 0; i < r->n; i++)
        lookup(&r->entries[i]);
    pthread_mutex_lock(&r->mu);
    int abandoned = r->abandoned;
    r->done = 1;
    if (!abandoned)
        r->lops->wake(r->wake);
    pthread_mutex_unlock(&r->mu);
    if (abandoned)
        job_free(r);
    return NULL;
}

asql_status asql__resolve_start(asql__resolve **out, const char *const *hosts, int n,
                                const asql_loop_ops *lops, asql_wake *wake, asql_error *err)
{
    asql__resolve *r = asql__calloc(1, sizeof(*r));
    sigset_t all, old;
    int rc;

    *out = NULL;
    if (!r || !(r->entries = asql__calloc((size_t)(n > 0 ? n : 1), sizeof(entry)))) {
        asql__free(r);
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    atomic_fetch_add(&live, 1);
    pthread_mutex_init(&r->mu, NULL);
    r->lops = lops;
    r->wake = wake;
    for (int i = 0; i < n; i++, r->n++) {
        if (!(r->entries[i].name = asql__exec_strdup(hosts[i]))) {
            job_free(r);
            asql__err_set(err, ASQL_ENOMEM, "out of memory");
            return ASQL_ENOMEM;
        }
    }
    /* The thread blocks every signal: the program's handlers keep running where it expects. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&r->thread, NULL, resolver, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        job_free(r);
        asql__err_set(err, ASQL_ECONNECT, "could not connect: cannot start a resolver thread");
        return ASQL_ECONNECT;
    }
    *out = r;
    return ASQL_OK;
}

int asql__resolve_done(asql__resolve *r)
{
    pthread_mutex_lock(&r->mu);
    int done = r->done;
    pthread_mutex_unlock(&r->mu);
    return done;
}

int asql__resolve_n_addrs(const asql__resolve *r, int i)
{
    return i >= 0 && i < r->n ? r->entries[i].n_addrs : 0;
}

const char *asql__resolve_addr(const asql__resolve *r, int i, int k)
{
    if (k < 0 || k >= asql__resolve_n_addrs(r, i))
        return NULL;
    return r->entries[i].addrs[k];
}

/* The text is made here, on the loop thread: strerror() need not be thread-safe. */
const char *asql__resolve_error(asql__resolve *r, int i)
{
    if (i < 0 || i >= r->n || r->entries[i].gai_rc == 0)
        return NULL;
    entry *e = &r->entries[i];
    if (!e->error[0]) {
        const char *why =
            e->gai_rc == EAI_SYSTEM ? strerror(e->sys_errno) : gai_strerror(e->gai_rc);
        snprintf(e->error, sizeof(e->error), "%s", why ? why : "unknown error");
    }
    return e->error;
}

void asql__resolve_free(asql__resolve *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    pthread_t thread = r->thread; /* once abandoned, `r` may go at any moment */
    int done = r->done;
    if (!done)
        r->abandoned = 1;
    pthread_mutex_unlock(&r->mu);
    if (done) {
        pthread_join(thread, NULL); /* it has only its return left */
        job_free(r);
    } else {
        pthread_detach(thread); /* it frees the job when its lookup ends */
    }
}
