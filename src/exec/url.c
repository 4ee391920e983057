/* SPDX-License-Identifier: MIT */
/*
 * url.c - parses database URLs (dialect[+driver]://user:password@hosts/database?options) into one
 * immutable block, writes them back as text (plain, and with the password masked) and makes
 * modified copies. It does not interpret option values (options.c does) and never connects.
 * No error message ever quotes the password or any text that could be part of it.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asql/url.h"

/* The allocator pair; one place to switch to the library's own allocator later. */
static void *url_malloc(size_t n)
{
    return malloc(n);
}

static void url_free(void *p)
{
    free(p);
}

enum {
    SOCKET_NONE = 0,
    SOCKET_HOST_KEY,
    SOCKET_UNIX_KEY
};

#define MASK "********"
#define MAX_URL_LEN 16384 /* far beyond any real URL; bounds the work spent on hostile input */
#define ENCODE_HINT "percent-encode '/', '?', '#' and '@' in a user name or password"

struct asql_url {
    const char *dialect;
    const char *driver;
    const char *user;
    const char *password;
    const char *database;
    const char *unix_socket;
    const char *string;
    const char *masked;
    const char **hosts;
    const char **option_names;
    const char **option_values;
    int *ports;
    int n_hosts;
    int n_options;
    int socket_port; /* a port given with no host, for the unix socket */
    int socket_key;  /* which query key named the socket, so that the text keeps it */
};

/* The parts of a URL before they are packed: parse and replace both build one, then pack it. */
typedef struct url_fields {
    const char *dialect, *driver, *user, *password, *database, *unix_socket;
    const char **hosts, **names, **values;
    int *ports;
    int n_hosts, n_options, socket_port, socket_key;
} url_fields;

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Records a one-line message in `err` (which may be NULL) and returns `status`. */
static PRINTF_LIKE(3, 4) asql_status fail(asql_error *err, asql_status status, const char *fmt, ...)
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

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_unreserved(int c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
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
 * Validating single parts (shared by parse and replace).
 * ------------------------------------------------------------------------------------------- */

/* The canonical dialect of a scheme word, or NULL when it names no dialect asql knows. */
static const char *canonical_dialect(const char *s, size_t n)
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

static asql_status check_driver(const char *s, size_t n, asql_error *err)
{
    size_t i;
    if (n == 0)
        return fail(err, ASQL_EINVAL, "empty driver name after '+' in the scheme");
    for (i = 0; i < n; i++)
        if (!is_alpha((unsigned char)s[i]) && !is_digit((unsigned char)s[i]) && s[i] != '_')
            return fail(err, ASQL_EINVAL, "invalid character in the driver name of the scheme");
    return ASQL_OK;
}

/* A host name (letters, digits, '.', '-', '_') or an IPv6 address without its brackets. */
static asql_status check_host(const char *s, size_t n, asql_error *err)
{
    char buf[64];
    unsigned char addr[16];
    size_t i;
    if (n == 0)
        return fail(err, ASQL_EINVAL, "empty host name");
    if (memchr(s, ':', n)) {
        if (n >= sizeof(buf))
            return fail(err, ASQL_EINVAL, "invalid IPv6 address in the host");
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (inet_pton(AF_INET6, buf, addr) != 1)
            return fail(err, ASQL_EINVAL, "invalid IPv6 address in the host");
        return ASQL_OK;
    }
    if (n > 255)
        return fail(err, ASQL_EINVAL, "host name longer than 255 characters");
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%')
            return fail(err, ASQL_EINVAL,
                        "a host name cannot be percent-encoded (give a unix socket as ?host=/dir)");
        if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-' && c != '_')
            return fail(err, ASQL_EINVAL, "invalid character in a host name");
    }
    return ASQL_OK;
}

/* A port: decimal digits only, 1 to 65535. */
static asql_status parse_port(const char *s, size_t n, int *out, asql_error *err)
{
    long v = 0;
    size_t i;
    if (n == 0)
        return fail(err, ASQL_EINVAL, "empty port after ':'");
    for (i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]))
            return fail(err, ASQL_EINVAL, "the port must be a number from 1 to 65535");
        if (v <= 65535)
            v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > 65535)
        return fail(err, ASQL_EINVAL, "the port must be a number from 1 to 65535");
    *out = (int)v;
    return ASQL_OK;
}

/* Rules between parts, checked after parse and after replace. */
static asql_status check_fields(url_fields *f, asql_error *err)
{
    if (strcmp(f->dialect, "sqlite") == 0) {
        if (f->user || f->password || f->n_hosts > 0 || f->socket_port || f->unix_socket)
            return fail(err, ASQL_EINVAL,
                        "a sqlite URL takes no user, password, host, port or unix socket "
                        "(write sqlite:///relative.db or sqlite:////absolute.db)");
        if (!f->database)
            f->database = ":memory:";
        return ASQL_OK;
    }
    if (f->n_hosts > 1 && strcmp(f->dialect, "postgresql") != 0)
        return fail(err, ASQL_EINVAL, "several hosts are only supported by postgresql, not %s",
                    f->dialect);
    if (f->unix_socket && f->n_hosts > 0)
        return fail(err, ASQL_EINVAL, "a URL cannot have both a host and a unix socket");
    if (f->socket_port && !f->unix_socket)
        return fail(err, ASQL_EINVAL, "a port needs a host (or a unix socket given as ?host=/dir)");
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

static void write_url(wbuf *w, const url_fields *f, int masked)
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
        puts_(w, f->socket_key == SOCKET_UNIX_KEY ? "unix_socket=" : "host=");
        put_encoded(w, f->unix_socket, "/:,");
    }
}

static int needs_mask(const url_fields *f)
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

static size_t opt_len(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

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

static asql_status pack(asql_url **out, const url_fields *f, asql_error *err)
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

    u = url_malloc(size);
    if (!u)
        return fail(err, ASQL_ENOMEM, "out of memory for a URL");
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
 * Parsing.
 * ------------------------------------------------------------------------------------------- */

typedef struct parser {
    char *buf; /* decoded strings, each NUL-terminated */
    size_t used;
    asql_error *err;
} parser;

/* Percent-decodes s[0..n) into the parser's buffer. `what` names the part in messages. */
static asql_status decode(parser *ps, const char *s, size_t n, const char *what, const char **out)
{
    char *d = ps->buf + ps->used, *start = d;
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] != '%') {
            *d++ = s[i];
            continue;
        }
        if (i + 2 >= n)
            return fail(ps->err, ASQL_EINVAL, "malformed percent escape in %s", what);
        if (hex_value((unsigned char)s[i + 1]) < 0 || hex_value((unsigned char)s[i + 2]) < 0)
            return fail(ps->err, ASQL_EINVAL, "malformed percent escape in %s", what);
        *d = (char)(hex_value((unsigned char)s[i + 1]) * 16 + hex_value((unsigned char)s[i + 2]));
        if (*d == '\0')
            return fail(ps->err, ASQL_EINVAL, "percent escape %%00 (NUL) in %s", what);
        d++;
        i += 2;
    }
    *d++ = '\0';
    ps->used += (size_t)(d - start);
    *out = start;
    return ASQL_OK;
}

/* Copies s[0..n) as it is into the parser's buffer. */
static const char *keep(parser *ps, const char *s, size_t n)
{
    char *d = ps->buf + ps->used;
    memcpy(d, s, n);
    d[n] = '\0';
    ps->used += n + 1;
    return d;
}

/* The hosts part: host[:port][,host[:port]...], each host a name or a bracketed IPv6 address. */
static asql_status parse_hosts(parser *ps, url_fields *f, const char *s, size_t n)
{
    const char *end = s + n;
    asql_status rc;
    int only = memchr(s, ',', n) == NULL;
    while (s <= end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *e = comma ? comma : end, *host = s, *host_end, *colon;
        int port = 0;
        if (s < e && s[0] == '[') {
            const char *close = memchr(s, ']', (size_t)(e - s));
            if (!close)
                return fail(ps->err, ASQL_EINVAL, "unclosed '[' in an IPv6 host");
            host = s + 1;
            host_end = close;
            if (close + 1 < e && close[1] != ':')
                return fail(ps->err, ASQL_EINVAL, "unexpected characters after an IPv6 host");
            colon = close + 1 < e ? close + 1 : NULL;
            if (!memchr(host, ':', (size_t)(host_end - host)))
                return fail(ps->err, ASQL_EINVAL, "brackets in a host are for IPv6 addresses only");
        } else {
            colon = memchr(s, ':', (size_t)(e - s));
            host_end = colon ? colon : e;
            if (colon && memchr(colon + 1, ':', (size_t)(e - colon - 1)))
                return fail(ps->err, ASQL_EINVAL, "an IPv6 host must be in brackets ([::1])");
            if (host_end == host && !(only && colon))
                return fail(ps->err, ASQL_EINVAL, "empty host in the host list");
        }
        if (colon && (rc = parse_port(colon + 1, (size_t)(e - colon - 1), &port, ps->err)))
            return rc;
        if (host_end == host) {
            f->socket_port = port; /* ":port" alone: allowed with a unix socket only */
        } else {
            if ((rc = check_host(host, (size_t)(host_end - host), ps->err)) < 0)
                return rc;
            f->hosts[f->n_hosts] = keep(ps, host, (size_t)(host_end - host));
            f->ports[f->n_hosts++] = port;
        }
        s = e + 1;
    }
    return ASQL_OK;
}

/* The query: name=value pairs joined by '&'; host= and unix_socket= name the unix socket. */
static asql_status parse_query(parser *ps, url_fields *f, const char *s, size_t n)
{
    const char *end = s + n;
    asql_status rc;
    int i;
    if (n == 0)
        return ASQL_OK;
    while (s <= end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *e = amp ? amp : end, *eq = memchr(s, '=', (size_t)(e - s));
        const char *name, *value;
        if (e == s)
            return fail(ps->err, ASQL_EINVAL, "empty option in the query (\"&&\" or a stray '&')");
        if (!eq)
            return fail(ps->err, ASQL_EINVAL, "an option in the query has no '=' and no value");
        if (eq == s)
            return fail(ps->err, ASQL_EINVAL, "an option in the query has no name");
        if ((rc = decode(ps, s, (size_t)(eq - s), "an option name", &name)) < 0 ||
            (rc = decode(ps, eq + 1, (size_t)(e - eq - 1), "an option value", &value)) < 0)
            return rc;
        if (strcmp(name, "host") == 0 || strcmp(name, "unix_socket") == 0) {
            if (f->unix_socket)
                return fail(ps->err, ASQL_EINVAL, "the unix socket is given twice in the query");
            if (value[0] != '/')
                return fail(ps->err, ASQL_EINVAL,
                            "option %s must be an absolute path to a unix socket%s", name,
                            name[0] == 'h' ? " directory (a host name goes before the path)" : "");
            f->unix_socket = value;
            f->socket_key = name[0] == 'h' ? SOCKET_HOST_KEY : SOCKET_UNIX_KEY;
        } else {
            for (i = 0; i < f->n_options; i++)
                if (strcmp(f->names[i], name) == 0)
                    return fail(ps->err, ASQL_EINVAL, "an option is given twice in the query");
            f->names[f->n_options] = name;
            f->values[f->n_options++] = value;
        }
        s = e + 1;
    }
    return ASQL_OK;
}

/* Checks the text as a whole: no space, no control character and no '#' anywhere. */
static asql_status precheck(const char *text, size_t len, asql_error *err)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c <= 0x20 || c == 0x7f)
            return fail(err, ASQL_EINVAL,
                        "the URL contains a space or a control character (at offset %zu)", i);
        if (c == '#')
            return fail(err, ASQL_EINVAL,
                        "the URL contains '#' (at offset %zu); percent-encode it as %%23", i);
    }
    return ASQL_OK;
}

static asql_status parse_into(parser *ps, url_fields *f, const char *text)
{
    const char *p = text, *scheme_end, *plus, *auth, *auth_end, *at, *c, *path_end;
    asql_status rc;
    size_t i, dialect_len;

    for (i = 0; is_alpha((unsigned char)p[i]) || is_digit((unsigned char)p[i]) || p[i] == '+' ||
                p[i] == '.' || p[i] == '-' || p[i] == '_';
         i++)
        ; /* RFC 3986 scheme characters, and '_' as SQLAlchemy's driver names use it */
    if (i == 0 || !is_alpha((unsigned char)p[0]) || strncmp(p + i, "://", 3) != 0)
        return fail(ps->err, ASQL_EINVAL,
                    "the URL must start with a scheme and \"://\" (postgresql://, mysql://, "
                    "mariadb:// or sqlite://)");
    scheme_end = p + i;
    plus = memchr(p, '+', i);
    dialect_len = (size_t)((plus ? plus : scheme_end) - p);
    f->dialect = canonical_dialect(p, dialect_len);
    if (!f->dialect)
        return fail(ps->err, ASQL_EINVAL, "unknown database scheme \"%.*s\"",
                    (int)(dialect_len < 40 ? dialect_len : 40), p);
    if (plus) {
        if ((rc = check_driver(plus + 1, (size_t)(scheme_end - plus - 1), ps->err)) < 0)
            return rc;
        f->driver = keep(ps, plus + 1, (size_t)(scheme_end - plus - 1));
    }

    auth = scheme_end + 3;
    auth_end = auth + strcspn(auth, "/?");
    if (strchr(auth_end, '@'))
        return fail(ps->err, ASQL_EINVAL, "unencoded '@' after the host; " ENCODE_HINT);
    for (at = NULL, c = auth; c < auth_end; c++) /* the last '@' ends the user information */
        if (*c == '@')
            at = c;
    if (at) {
        const char *sep = memchr(auth, ':', (size_t)(at - auth));
        const char *user_end = sep ? sep : at;
        if ((rc = decode(ps, auth, (size_t)(user_end - auth), "the user name", &f->user)) < 0)
            return rc;
        if (sep &&
            (rc = decode(ps, sep + 1, (size_t)(at - sep - 1), "the password", &f->password)) < 0)
            return rc;
        if (f->user && !f->user[0])
            f->user = NULL;
        if (f->password && !f->password[0])
            f->password = NULL;
        auth = at + 1;
    }
    if (auth < auth_end && (rc = parse_hosts(ps, f, auth, (size_t)(auth_end - auth))) < 0)
        return rc;

    p = auth_end;
    path_end = p + strcspn(p, "?");
    if (*p == '/') {
        if ((rc = decode(ps, p + 1, (size_t)(path_end - p - 1), "the database name",
                         &f->database)) < 0)
            return rc;
        if (!f->database[0])
            f->database = NULL;
    }
    if (*path_end == '?' && (rc = parse_query(ps, f, path_end + 1, strlen(path_end + 1))) < 0)
        return rc;
    return check_fields(f, ps->err);
}

static size_t count_char(const char *s, int c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

asql_status asql_url_parse(asql_url **out, const char *text, asql_error *err)
{
    url_fields f;
    parser ps;
    size_t len, n_hosts, n_opts;
    void *scratch;
    asql_status rc;

    if (out)
        *out = NULL;
    if (!out || !text)
        return fail(err, ASQL_EINVAL, "asql_url_parse needs a URL and an out-pointer");
    len = strlen(text);
    if (len == 0)
        return fail(err, ASQL_EINVAL, "empty URL");
    if (len > MAX_URL_LEN)
        return fail(err, ASQL_EINVAL, "the URL is longer than %d bytes", MAX_URL_LEN);
    if ((rc = precheck(text, len, err)) < 0)
        return rc;

    /* One scratch block: host and option arrays sized by their separators, then the strings. */
    n_hosts = count_char(text, ',') + 1;
    n_opts = count_char(text, '&') + 1;
    scratch =
        url_malloc((n_hosts + 2 * n_opts) * sizeof(char *) + n_hosts * sizeof(int) + 2 * len + 16);
    if (!scratch)
        return fail(err, ASQL_ENOMEM, "out of memory while parsing a URL");
    memset(&f, 0, sizeof(f));
    f.hosts = scratch;
    f.names = f.hosts + n_hosts;
    f.values = f.names + n_opts;
    f.ports = (int *)(void *)(f.values + n_opts);
    ps.buf = (char *)(f.ports + n_hosts);
    ps.used = 0;
    ps.err = err;

    rc = parse_into(&ps, &f, text);
    if (rc == ASQL_OK)
        rc = pack(out, &f, err);
    url_free(scratch);
    return rc;
}

void asql_url_free(asql_url *u)
{
    url_free(u);
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
    url_fields f;
    const char *host = NULL;
    char *host_copy = NULL;
    int *ports = NULL, port0 = 0, i;
    size_t n = 0;
    asql_status rc;

    if (out)
        *out = NULL;
    if (!out || !u || !parts)
        return fail(err, ASQL_EINVAL, "asql_url_replace needs a URL, parts and an out-pointer");
    if (parts->version != ASQL_URL_PARTS_VERSION)
        return fail(err, ASQL_EINVAL, "asql_url_parts version %u is not supported (expected %d)",
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
        f.dialect = canonical_dialect(parts->dialect, strlen(parts->dialect));
        if (!f.dialect)
            return fail(err, ASQL_EINVAL, "unknown database dialect \"%.40s\"", parts->dialect);
    }
    if (parts->driver && parts->driver[0] &&
        (rc = check_driver(parts->driver, strlen(parts->driver), err)) < 0)
        return rc;
    if (parts->port < 0 || parts->port > 65535)
        return fail(err, ASQL_EINVAL, "the port must be a number from 1 to 65535");
    if (parts->host) {
        host = parts->host;
        n = strlen(host);
        if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
            host++;
            n -= 2;
        }
        if (n > 0 && (rc = check_host(host, n, err)) < 0)
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
        host_copy = url_malloc(n + 1);
        if (!host_copy)
            return fail(err, ASQL_ENOMEM, "out of memory for a URL");
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
        ports = url_malloc((size_t)f.n_hosts * sizeof(int));
        if (!ports) {
            url_free(host_copy);
            return fail(err, ASQL_ENOMEM, "out of memory for a URL");
        }
        for (i = 0; i < f.n_hosts; i++)
            ports[i] = parts->port;
        f.ports = ports;
    }
    rc = check_fields(&f, err);
    if (rc == ASQL_OK)
        rc = pack(out, &f, err);
    url_free(host_copy);
    url_free(ports);
    return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Accessors.
 * ------------------------------------------------------------------------------------------- */

const char *asql_url_dialect(const asql_url *u)
{
    return u ? u->dialect : NULL;
}

const char *asql_url_driver(const asql_url *u)
{
    return u ? u->driver : NULL;
}

const char *asql_url_user(const asql_url *u)
{
    return u ? u->user : NULL;
}

const char *asql_url_password(const asql_url *u)
{
    return u ? u->password : NULL;
}

int asql_url_n_hosts(const asql_url *u)
{
    return u ? u->n_hosts : 0;
}

const char *asql_url_host(const asql_url *u, int i)
{
    return u && i >= 0 && i < u->n_hosts ? u->hosts[i] : NULL;
}

int asql_url_port(const asql_url *u, int i)
{
    if (!u || i < 0)
        return 0;
    if (i < u->n_hosts)
        return u->ports[i];
    return i == 0 && u->n_hosts == 0 ? u->socket_port : 0;
}

const char *asql_url_database(const asql_url *u)
{
    return u ? u->database : NULL;
}

const char *asql_url_unix_socket(const asql_url *u)
{
    return u ? u->unix_socket : NULL;
}

int asql_url_n_options(const asql_url *u)
{
    return u ? u->n_options : 0;
}

const char *asql_url_option_name(const asql_url *u, int i)
{
    return u && i >= 0 && i < u->n_options ? u->option_names[i] : NULL;
}

const char *asql_url_option_value(const asql_url *u, int i)
{
    return u && i >= 0 && i < u->n_options ? u->option_values[i] : NULL;
}

const char *asql_url_option(const asql_url *u, const char *name)
{
    int i;
    if (!u || !name)
        return NULL;
    for (i = 0; i < u->n_options; i++)
        if (strcmp(u->option_names[i], name) == 0)
            return u->option_values[i];
    return NULL;
}

const char *asql_url_string(const asql_url *u)
{
    return u ? u->string : NULL;
}

const char *asql_url_masked(const asql_url *u)
{
    return u ? u->masked : NULL;
}
