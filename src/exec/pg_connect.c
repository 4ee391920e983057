/* SPDX-License-Identifier: MIT */
/*
 * pg_connect.c - connecting a PostgreSQL connection without blocking the loop: host names go to
 * the resolver thread (resolve.c) and reach libpq as numeric hostaddr values, one per address,
 * in order, so that libpq looks nothing up itself; then PQconnectStartParams/PQconnectPoll,
 * saying after each step what it waits for. Running statements is pg.c's job.
 */
#include <stdio.h>
#include <string.h>

#include "exec/pg_conn.h"

/* One server for libpq to try, in order: the host as the URL names it (kept for TLS host name
 * checks and messages), its numeric address (NULL for a unix socket) and its port (0: default). */
typedef struct target {
    const char *host;
    const char *addr;
    int port;
} target;

asql_status asql__pg_create(asql_bconn **out, const asql__bconfig *cfg, asql_error *err)
{
    asql_bconn *c = asql__calloc(1, sizeof(*c));
    if (!c) {
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    c->url = cfg->url;
    c->opts = cfg->opts;
    c->lops = cfg->lops;
    c->wake = cfg->wake;
    *out = c;
    return ASQL_OK;
}

/* The first line of a libpq message, without its trailing newline. */
void asql__pg_set_error(asql_error *err, asql_status st, const char *prefix, const char *msg)
{
    size_t n = strcspn(msg ? msg : "", "\n");
    asql__err_set(err, st, "%s%.*s", prefix, (int)n, msg ? msg : "");
}

/* Field `field` of a target as libpq spells it: 0 the host, 1 its address, 2 its port; "" for
 * the default. `num` holds a port's digits. */
static const char *field_of(const target *t, int field, char num[16])
{
    if (field == 0)
        return t->host;
    if (field == 1)
        return t->addr ? t->addr : "";
    if (t->port <= 0)
        return "";
    snprintf(num, 16, "%d", t->port);
    return num;
}

/* One field of every target, comma-separated as libpq reads its host, hostaddr and port lists.
 * NULL on ENOMEM. */
static char *join(const target *t, int n, int field)
{
    size_t size = 1, len;
    char num[16];
    for (int i = 0; i < n; i++)
        size += strlen(field_of(&t[i], field, num)) + 1;
    char *out = asql__malloc(size), *p = out;
    for (int i = 0; out && i < n; i++) {
        const char *v = field_of(&t[i], field, num);
        if (i > 0)
            *p++ = ',';
        len = strlen(v);
        memcpy(p, v, len);
        p += len;
    }
    if (out)
        *p = 0;
    return out;
}

/* libpq's sslmode for each asql_ssl_mode. */
static const char *const ssl_modes[] = {NULL,      "disable",   "prefer",
                                        "require", "verify-ca", "verify-full"};

/* URL options passed to libpq as they are (options.c has checked their values); `options` and
 * `application_name` are merged with ours. None of them can redirect the connection. */
static const char *const driver_options[] = {
    "target_session_attrs",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
};

/* The URL's `options` (may be NULL), then our session settings. NULL on ENOMEM. */
static char *session_options(const char *user)
{
    static const char ours[] = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c extra_float_digits=3";
    size_t n = user ? strlen(user) + 1 : 0;
    char *out = asql__malloc(n + sizeof(ours));
    if (!out)
        return NULL;
    if (user) {
        memcpy(out, user, n - 1);
        out[n - 1] = ' ';
    }
    memcpy(out + n, ours, sizeof(ours));
    return out;
}

/* Starts a non-blocking connect to the targets (none: libpq's default socket). Every TCP target
 * carries its numeric address as hostaddr, so libpq looks no name up on the loop thread. */
static asql_status start_connect(asql_bconn *c, const target *t, int n, unsigned *want,
                                 asql_error *err)
{
    const char *keys[32], *vals[32];
    char *hosts = NULL, *addrs = NULL, *ports = NULL, *options = NULL, timeout[32];
    int k = 0, any_addr = 0, any_port = 0;
    asql_status st = ASQL_AGAIN;

    for (int i = 0; i < n; i++) {
        any_addr |= t[i].addr != NULL;
        any_port |= t[i].port > 0;
    }
    if (n > 0 && (!(hosts = join(t, n, 0)) || (any_addr && !(addrs = join(t, n, 1))) ||
                  (any_port && !(ports = join(t, n, 2))))) {
        st = ASQL_ENOMEM;
        goto done;
    }
    if (hosts) {
        keys[k] = "host";
        vals[k++] = hosts;
    }
    if (addrs) {
        keys[k] = "hostaddr";
        vals[k++] = addrs;
    }
    if (ports) {
        keys[k] = "port";
        vals[k++] = ports;
    }
    if (asql_url_user(c->url)) {
        keys[k] = "user";
        vals[k++] = asql_url_user(c->url);
    }
    if (asql_url_password(c->url)) {
        keys[k] = "password";
        vals[k++] = asql_url_password(c->url);
    }
    if (asql_url_database(c->url)) {
        keys[k] = "dbname";
        vals[k++] = asql_url_database(c->url);
    }
    if (c->opts->connect_timeout > 0) {
        snprintf(timeout, sizeof(timeout), "%d", (int)(c->opts->connect_timeout + 0.999));
        keys[k] = "connect_timeout";
        vals[k++] = timeout;
    }
    if (c->opts->ssl != ASQL_SSL_DEFAULT && c->opts->ssl <= ASQL_SSL_VERIFY_FULL) {
        keys[k] = "sslmode";
        vals[k++] = ssl_modes[c->opts->ssl];
    }
    for (size_t i = 0; i < sizeof(driver_options) / sizeof(driver_options[0]); i++)
        if (asql_url_option(c->url, driver_options[i])) {
            keys[k] = driver_options[i];
            vals[k++] = asql_url_option(c->url, driver_options[i]);
        }
    /* Known session settings on every connection: UTF-8, UTC, ISO dates. The URL's own
     * `options` come first, so that these win. */
    if (!(options = session_options(asql_url_option(c->url, "options")))) {
        st = ASQL_ENOMEM;
        goto done;
    }
    keys[k] = "client_encoding";
    vals[k++] = "UTF8";
    keys[k] = "options";
    vals[k++] = options;
    keys[k] = "application_name";
    vals[k++] = asql_url_option(c->url, "application_name")
                    ? asql_url_option(c->url, "application_name")
                    : "asql";
    keys[k] = NULL;
    vals[k] = NULL;
    c->pg = PQconnectStartParams(keys, vals, 0);
    if (!c->pg) {
        st = ASQL_ENOMEM;
        goto done;
    }
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        asql__pg_set_error(err, ASQL_ECONNECT, "could not connect: ", PQerrorMessage(c->pg));
        st = ASQL_ECONNECT;
        goto done;
    }
    *want = ASQL_IO_WRITE; /* libpq: behave as if PQconnectPoll had said PGRES_POLLING_WRITING */
done:
    if (st == ASQL_ENOMEM)
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
    asql__free(hosts);
    asql__free(addrs);
    asql__free(ports);
    asql__free(options);
    return st;
}

/* The first step: a unix socket, no host or numeric hosts connect at once; a host name sends
 * every host to the resolver thread, and the connect waits for its wake-up. */
static asql_status begin(asql_bconn *c, unsigned *want, asql_error *err)
{
    int n = asql_url_n_hosts(c->url), numeric = 1;
    const char *sock = asql_url_unix_socket(c->url);
    target one = {sock, NULL, asql_url_port(c->url, 0)};

    if (sock || n == 0)
        return start_connect(c, sock ? &one : NULL, sock ? 1 : 0, want, err);
    for (int i = 0; i < n && numeric; i++)
        numeric = asql__resolve_is_numeric(asql_url_host(c->url, i));
    if (numeric) {
        target *t = asql__calloc((size_t)n, sizeof(*t));
        if (!t) {
            asql__err_set(err, ASQL_ENOMEM, "out of memory");
            return ASQL_ENOMEM;
        }
        for (int i = 0; i < n; i++) {
            t[i].host = t[i].addr = asql_url_host(c->url, i);
            t[i].port = asql_url_port(c->url, i);
        }
        asql_status st = start_connect(c, t, n, want, err);
        asql__free(t);
        return st;
    }
    const char **names = asql__calloc((size_t)n, sizeof(*names));
    if (!names) {
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    for (int i = 0; i < n; i++)
        names[i] = asql_url_host(c->url, i);
    asql_status st = asql__resolve_start(&c->resolve, names, n, c->lops, c->wake, err);
    asql__free(names);
    if (st != ASQL_OK)
        return st;
    *want = ASQL_IO_WAKE;
    return ASQL_AGAIN;
}

/* The resolver is done: one target per address of each host, in order, so that libpq tries
 * every address as it would have on its own. Fails only when no host gave an address. */
static asql_status resolved(asql_bconn *c, unsigned *want, asql_error *err)
{
    int n = asql_url_n_hosts(c->url), m = 0;
    char msg[ASQL_ERROR_MESSAGE_SIZE];
    size_t used = 0;
    asql_status st;
    target *t = asql__calloc((size_t)n * ASQL__RESOLVE_MAX_ADDRS, sizeof(*t));

    if (!t) {
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        st = ASQL_ENOMEM;
        goto done;
    }
    msg[0] = 0;
    for (int i = 0; i < n; i++) {
        const char *why = asql__resolve_error(c->resolve, i);
        if (why && used < sizeof(msg)) {
            int w = snprintf(msg + used, sizeof(msg) - used, "%scannot resolve host \"%s\": %s",
                             used ? "; " : "", asql_url_host(c->url, i), why);
            used += w > 0 ? (size_t)w : 0;
        }
        for (int k = 0; k < asql__resolve_n_addrs(c->resolve, i); k++) {
            t[m].host = asql_url_host(c->url, i);
            t[m].addr = asql__resolve_addr(c->resolve, i, k);
            t[m++].port = asql_url_port(c->url, i);
        }
    }
    if (m == 0) {
        asql__err_set(err, ASQL_ECONNECT, "could not connect: %s", msg);
        st = ASQL_ECONNECT;
        goto done;
    }
    st = start_connect(c, t, m, want, err);
done:
    asql__free(t);
    asql__resolve_free(c->resolve); /* libpq has copied the addresses */
    c->resolve = NULL;
    return st;
}

/* Server notices (NOTICE, WARNING) are not errors; libpq would print them to stderr. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Drives PQconnectPoll, waiting for whichever socket event it asks for. */
static asql_status connect_poll(asql_bconn *c, unsigned ready, unsigned *want, asql_error *err)
{
    if (ready == 0)
        return begin(c, want, err);
    if (ready & ASQL_IO_TIMEOUT) {
        asql__err_set(err, ASQL_ECONNECT, "could not connect: timed out");
        return ASQL_ECONNECT;
    }
    if (c->resolve) {
        if (!asql__resolve_done(c->resolve)) {
            *want = ASQL_IO_WAKE;
            return ASQL_AGAIN;
        }
        return resolved(c, want, err);
    }
    if (!(ready & (ASQL_IO_READ | ASQL_IO_WRITE))) { /* a late wake-up: nothing to poll for */
        *want = c->want;
        return ASQL_AGAIN;
    }
    switch (PQconnectPoll(c->pg)) {
    case PGRES_POLLING_READING:
        *want = ASQL_IO_READ;
        return ASQL_AGAIN;
    case PGRES_POLLING_WRITING:
        *want = ASQL_IO_WRITE;
        return ASQL_AGAIN;
    case PGRES_POLLING_OK:
        PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
        if (PQsetnonblocking(c->pg, 1) != 0) {
            asql__pg_set_error(err, ASQL_ECONNECT, "could not connect: ", PQerrorMessage(c->pg));
            return ASQL_ECONNECT;
        }
        return ASQL_OK;
    default:
        asql__pg_set_error(err, ASQL_ECONNECT, "could not connect: ", PQerrorMessage(c->pg));
        return ASQL_ECONNECT;
    }
}

/* Connects in steps: resolving host names off the loop thread first, then libpq's own. */
asql_status asql__pg_connect_step(asql_bconn *c, unsigned ready, unsigned *want, asql_error *err)
{
    *want = 0;
    asql_status st = connect_poll(c, ready, want, err);
    c->want = st == ASQL_AGAIN ? *want : 0;
    return st;
}
