/* SPDX-License-Identifier: MIT */
/*
 * url_build.c - the half of URLs that builds them: checks on parts and between parts, the URL
 * written back as text (plain and masked), packing into one block, and asql_url_replace(). It
 * does not read URL text (url.c does). No message quotes a password or text that may hold one.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exec/url_internal.h"

#define MASK "********"

asql_status asql__url_fail(asql_error *err, asql_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        memset(err, 0, sizeof(*err));
        err->status = status;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return status;
}

static int is_unreserved(int c)
{
    return asql__url_is_alpha(c) || asql__url_is_digit(c) || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive comparison of the n bytes at s with the NUL-terminated word. */
static int span_is(const char *s, size_t n, const char *word)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (word[i] == '\0' || lower((unsigned char)s[i]) != word[i])
            return 0;
    return word[n] == '\0';
}

/* ---------------------------------------------------------------------------------------------
 * Checking parts (for parsing and replace alike).
 * ------------------------------------------------------------------------------------------- */

/* The canonical dialect of a scheme word, or NULL when it names no dialect asql knows. */
const char *asql__url_dialect(const char *s, size_t n)
{
    if (span_is(s, n, "postgresql") || span_is(s, n, "postgres"))
        return "postgresql";
    if (span_is(s, n, "mysql"))
        return "mysql";
    if (span_is(s, n, "mariadb"))
        return "mariadb";
    if (span_is(s, n, "sqlite"))
        return "sqlite";
    return NULL;
}

asql_status asql__url_check_driver(const char *s, size_t n, asql_error *err)
{
    size_t i;
    if (n == 0)
        return asql__url_fail(err, ASQL_EINVAL, "empty driver name after '+' in the scheme");
    for (i = 0; i < n; i++)
        if (!asql__url_is_alpha((unsigned char)s[i]) && !asql__url_is_digit((unsigned char)s[i]) &&
            s[i] != '_')
            return asql__url_fail(err, ASQL_EINVAL,
                                  "invalid character in the driver name of the scheme");
    return ASQL_OK;
}

/* A host name (letters, digits, '.', '-', '_') or an IPv6 address without its brackets. */
asql_status asql__url_check_host(const char *s, size_t n, asql_error *err)
{
    char buf[64];
    unsigned char addr[16];
    size_t i;
    if (n == 0)
        return asql__url_fail(err, ASQL_EINVAL, "empty host name");
    if (memchr(s, ':', n)) {
        if (n >= sizeof(buf))
            return asql__url_fail(err, ASQL_EINVAL, "invalid IPv6 address in the host");
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (inet_pton(AF_INET6, buf, addr) != 1)
            return asql__url_fail(err, ASQL_EINVAL, "invalid IPv6 address in the host");
        return ASQL_OK;
    }
    if (n > 255)
        return asql__url_fail(err, ASQL_EINVAL, "host name longer than 255 characters");
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%')
            return asql__url_fail(
                err, ASQL_EINVAL,
                "a host name cannot be percent-encoded (give a unix socket as ?host=/dir)");
        if (!asql__url_is_alpha(c) && !asql__url_is_digit(c) && c != '.' && c != '-' && c != '_')
            return asql__url_fail(err, ASQL_EINVAL, "invalid character in a host name");
    }
    return ASQL_OK;
}

/* Rules between parts, checked after parsing and after replace. */
asql_status asql__url_check_fields(asql__url_fields *f, asql_error *err)
{
    if (strcmp(f->dialect, "sqlite") == 0) {
        if (f->user || f->password || f->n_hosts > 0 || f->socket_port || f->unix_socket)
            return asql__url_fail(err, ASQL_EINVAL,
                                  "a sqlite URL takes no user, password, host, port or unix socket "
                                  "(write sqlite:///relative.db or sqlite:////absolute.db)");
        if (!f->database)
            f->database = ":memory:";
        return ASQL_OK;
    }
    if (f->n_hosts > 1 && strcmp(f->dialect, "postgresql") != 0)
        return asql__url_fail(err, ASQL_EINVAL,
                              "several hosts are only supported by postgresql, not %s", f->dialect);
    if (f->unix_socket && f->n_hosts > 0)
        return asql__url_fail(err, ASQL_EINVAL, "a URL cannot have both a host and a unix socket");
    if (f->socket_port && !f->unix_socket)
        return asql__url_fail(err, ASQL_EINVAL,
                              "a port needs a host (or a unix socket given as ?host=/dir)");
    return ASQL_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Writing a URL as text. Each writer counts when `buf` is NULL, so that the exact size of the
 * block is known before it is allocated.
 * ------------------------------------------------------------------------------------------- */

typedef struct wbuf {
    char *buf;
    size_t len;
} wbuf;

/* Appends n bytes, or only counts them when there is no buffer yet. */
static void put(wbuf *w, const char *s, size_t n)
{
    if (w->buf)
        memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void puts_(wbuf *w, const char *s)
{
    put(w, s, strlen(s));
}

/* Writes s percent-encoded: unreserved characters and those in `keep` stay as they are. */
static void put_encoded(wbuf *w, const char *s, const char *keep)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (is_unreserved(c) || (c > 0x20 && c < 0x7f && strchr(keep, c))) {
            put(w, (const char *)&c, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            put(w, esc, 3);
        }
    }
}

/* An option whose value is masked too: its name contains "password" in any case. */
static int is_secret_option(const char *name)
{
    size_t n = strlen(name), i;
    for (i = 0; i + 8 <= n; i++)
        if (span_is(name + i, 8, "password"))
            return 1;
    return 0;
}

/*
 * Writes the URL in its canonical form: the dialect's full name, each decoded part encoded again
 * where it must be ('/' and ':' stay as they are in paths and option values, for legibility),
 * IPv6 hosts in brackets and the unix socket last. `masked` writes MASK instead of the password
 * and of password-like option values. Parsing the result gives back the same parts.
 */
static void write_url(wbuf *w, const asql__url_fields *f, int masked)
{
    char num[16];
    int i;
    puts_(w, f->dialect);
    if (f->driver) {
        puts_(w, "+");
        puts_(w, f->driver);
    }
    puts_(w, "://");
    if (f->user || f->password) {
        if (f->user)
            put_encoded(w, f->user, "");
        if (f->password) {
            puts_(w, ":");
            if (masked)
                puts_(w, MASK);
            else
                put_encoded(w, f->password, "");
        }
        puts_(w, "@");
    }
    for (i = 0; i < f->n_hosts; i++) {
        int v6 = strchr(f->hosts[i], ':') != NULL;
        if (i > 0)
            puts_(w, ",");
        puts_(w, v6 ? "[" : "");
        puts_(w, f->hosts[i]);
        puts_(w, v6 ? "]" : "");
        if (f->ports[i]) {
            snprintf(num, sizeof(num), ":%d", f->ports[i]);
            puts_(w, num);
        }
    }
    if (f->n_hosts == 0 && f->socket_port) {
        snprintf(num, sizeof(num), ":%d", f->socket_port);
        puts_(w, num);
    }
    if (f->database) {
        puts_(w, "/");
        put_encoded(w, f->database, "/:");
    }
    for (i = 0; i < f->n_options; i++) {
        puts_(w, i == 0 ? "?" : "&");
        put_encoded(w, f->names[i], "/:,");
        puts_(w, "=");
        if (masked && is_secret_option(f->names[i]))
            puts_(w, MASK);
        else
            put_encoded(w, f->values[i], "/:,");
    }
    if (f->unix_socket) {
        puts_(w, f->n_options == 0 ? "?" : "&");
        puts_(w, f->socket_key == ASQL__URL_SOCKET_UNIX ? "unix_socket=" : "host=");
        put_encoded(w, f->unix_socket, "/:,");
    }
}

/* Whether the masked text differs from the plain one; when not, both share one string. */
static int needs_mask(const asql__url_fields *f)
{
    int i;
    if (f->password)
        return 1;
    for (i = 0; i < f->n_options; i++)
        if (is_secret_option(f->names[i]))
            return 1;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Packing: the URL, its arrays and every string in one allocation.
 * ------------------------------------------------------------------------------------------- */

/* The bytes a string takes in the block, NUL included; none for NULL. */
static size_t opt_len(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* Copies s (NULL stays NULL) to *at and moves *at past it. */
static char *copy_str(char **at, const char *s)
{
    char *r;
    size_t n;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    r = *at;
    memcpy(r, s, n);
    *at += n;
    return r;
}

/*
 * The block holds the struct, the host and option pointer arrays, the ports, then every string
 * and both texts. A counting pass of the same writer measures the texts, so the one allocation
 * is exact and freeing the URL is a single free.
 */
asql_status asql__url_pack(asql_url **out, const asql__url_fields *f, asql_error *err)
{
    wbuf plain = {NULL, 0}, masked = {NULL, 0};
    int mask = needs_mask(f), i;
    size_t n_ptrs = (size_t)f->n_hosts + 2 * (size_t)f->n_options;
    size_t size = sizeof(asql_url) + n_ptrs * sizeof(char *) + (size_t)f->n_hosts * sizeof(int);
    asql_url *u;
    char *at;

    write_url(&plain, f, 0);
    if (mask)
        write_url(&masked, f, 1);
    size += opt_len(f->dialect) + opt_len(f->driver) + opt_len(f->user) + opt_len(f->password) +
            opt_len(f->database) + opt_len(f->unix_socket) + plain.len + 1 +
            (mask ? masked.len + 1 : 0);
    for (i = 0; i < f->n_hosts; i++)
        size += strlen(f->hosts[i]) + 1;
    for (i = 0; i < f->n_options; i++)
        size += strlen(f->names[i]) + strlen(f->values[i]) + 2;

    u = asql__url_malloc(size);
    if (!u)
        return asql__url_fail(err, ASQL_ENOMEM, "out of memory for a URL");
    memset(u, 0, sizeof(*u));
    u->hosts = (const char **)(void *)(u + 1);
    u->option_names = u->hosts + f->n_hosts;
    u->option_values = u->option_names + f->n_options;
    u->ports = (int *)(void *)(u->option_values + f->n_options);
    at = (char *)(u->ports + f->n_hosts);

    u->n_hosts = f->n_hosts;
    u->n_options = f->n_options;
    u->socket_port = f->socket_port;
    u->socket_key = f->socket_key;
    u->dialect = copy_str(&at, f->dialect);
    u->driver = copy_str(&at, f->driver);
    u->user = copy_str(&at, f->user);
    u->password = copy_str(&at, f->password);
    u->database = copy_str(&at, f->database);
    u->unix_socket = copy_str(&at, f->unix_socket);
    for (i = 0; i < f->n_hosts; i++) {
        u->hosts[i] = copy_str(&at, f->hosts[i]);
        u->ports[i] = f->ports[i];
    }
    for (i = 0; i < f->n_options; i++) {
        u->option_names[i] = copy_str(&at, f->names[i]);
        u->option_values[i] = copy_str(&at, f->values[i]);
    }
    plain.buf = at;
    plain.len = 0;
    write_url(&plain, f, 0);
    at[plain.len] = '\0';
    u->string = at;
    at += plain.len + 1;
    u->masked = u->string;
    if (mask) {
        masked.buf = at;
        masked.len = 0;
        write_url(&masked, f, 1);
        at[masked.len] = '\0';
        u->masked = at;
    }
    *out = u;
    return ASQL_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Replace.
 * ------------------------------------------------------------------------------------------- */

/* Sets *slot from a replacement: NULL keeps the part, "" removes it. */
static void replace_str(const char **slot, const char *with)
{
    if (with)
        *slot = with[0] ? with : NULL;
}

asql_status asql_url_replace(asql_url **out, const asql_url *u, const asql_url_parts *parts,
                             asql_error *err)
{
    asql__url_fields f;
    const char *host = NULL;
    char *host_copy = NULL;
    int *ports = NULL, port0 = 0, i;
    size_t n = 0;
    asql_status rc;

    if (out)
        *out = NULL;
    if (!out || !u || !parts)
        return asql__url_fail(err, ASQL_EINVAL,
                              "asql_url_replace needs a URL, parts and an out-pointer");
    if (parts->version != ASQL_URL_PARTS_VERSION)
        return asql__url_fail(err, ASQL_EINVAL,
                              "asql_url_parts version %u is not supported (expected %d)",
                              parts->version, ASQL_URL_PARTS_VERSION);
    f.dialect = u->dialect;
    f.driver = u->driver;
    f.user = u->user;
    f.password = u->password;
    f.database = u->database;
    f.unix_socket = u->unix_socket;
    f.socket_key = u->socket_key;
    f.socket_port = u->socket_port;
    f.hosts = u->hosts;
    f.ports = u->ports;
    f.n_hosts = u->n_hosts;
    f.names = u->option_names;
    f.values = u->option_values;
    f.n_options = u->n_options;

    if (parts->dialect) {
        f.dialect = asql__url_dialect(parts->dialect, strlen(parts->dialect));
        if (!f.dialect)
            return asql__url_fail(err, ASQL_EINVAL, "unknown database dialect \"%.40s\"",
                                  parts->dialect);
    }
    if (parts->driver && parts->driver[0] &&
        (rc = asql__url_check_driver(parts->driver, strlen(parts->driver), err)) < 0)
        return rc;
    if (parts->port < 0 || parts->port > 65535)
        return asql__url_fail(err, ASQL_EINVAL, "the port must be a number from 1 to 65535");
    if (parts->host) {
        host = parts->host;
        n = strlen(host);
        if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
            host++;
            n -= 2;
        }
        if (n > 0 && (rc = asql__url_check_host(host, n, err)) < 0)
            return rc;
    }
    replace_str(&f.driver, parts->driver);
    replace_str(&f.user, parts->user);
    replace_str(&f.password, parts->password);
    replace_str(&f.database, parts->database);
    if (strcmp(u->dialect, "sqlite") == 0 && strcmp(f.dialect, "sqlite") != 0 && !parts->database)
        f.database = NULL; /* a file path is no database name on a server */

    /* The host and port arrays of `u` are read-only: replacements get arrays of their own. */
    if (parts->host && n > 0) {
        host_copy = asql__url_malloc(n + 1);
        if (!host_copy)
            return asql__url_fail(err, ASQL_ENOMEM, "out of memory for a URL");
        memcpy(host_copy, host, n);
        host_copy[n] = '\0';
        host = host_copy;
        port0 = f.n_hosts > 0 ? f.ports[0] : 0;
        f.hosts = &host;
        f.ports = &port0;
        f.n_hosts = 1;
    } else if (parts->host) {
        f.n_hosts = 0;
    }
    if (parts->port && f.n_hosts == 0) {
        f.socket_port = parts->port;
    } else if (parts->port && f.ports == &port0) {
        port0 = parts->port;
    } else if (parts->port) {
        ports = asql__url_malloc((size_t)f.n_hosts * sizeof(int));
        if (!ports) {
            asql__url_free(host_copy);
            return asql__url_fail(err, ASQL_ENOMEM, "out of memory for a URL");
        }
        for (i = 0; i < f.n_hosts; i++)
            ports[i] = parts->port;
        f.ports = ports;
    }
    rc = asql__url_check_fields(&f, err);
    if (rc == ASQL_OK)
        rc = asql__url_pack(out, &f, err);
    asql__url_free(host_copy);
    asql__url_free(ports);
    return rc;
}
