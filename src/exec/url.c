/* SPDX-License-Identifier: MIT */
/*
 * url.c - reads database URLs (dialect[+driver]://user:password@hosts/database?options) into
 * their parts, and answers the accessors of asql_url. Checks between parts, the text forms,
 * packing and replace are in url_build.c; option values are read by options.c. No message
 * quotes the password or any text that could be part of it.
 */
#include <string.h>

#include "exec/url_internal.h"

#define MAX_URL_LEN 16384 /* far beyond any real URL; bounds the work spent on hostile input */
#define ENCODE_HINT "percent-encode '/', '?', '#' and '@' in a user name or password"

/* The value of a hexadecimal digit, or -1. */
static int hex_value(int c)
{
    if (asql__url_is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A port: decimal digits only, 1 to 65535. */
static asql_status parse_port(const char *s, size_t n, int *out, asql_error *err)
{
    long v = 0;
    size_t i;
    if (n == 0)
        return asql__url_fail(err, ASQL_EINVAL, "empty port after ':'");
    for (i = 0; i < n; i++) {
        if (!asql__url_is_digit((unsigned char)s[i]))
            return asql__url_fail(err, ASQL_EINVAL, "the port must be a number from 1 to 65535");
        if (v <= 65535)
            v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > 65535)
        return asql__url_fail(err, ASQL_EINVAL, "the port must be a number from 1 to 65535");
    *out = (int)v;
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
            return asql__url_fail(ps->err, ASQL_EINVAL, "malformed percent escape in %s", what);
        if (hex_value((unsigned char)s[i + 1]) < 0 || hex_value((unsigned char)s[i + 2]) < 0)
            return asql__url_fail(ps->err, ASQL_EINVAL, "malformed percent escape in %s", what);
        *d = (char)(hex_value((unsigned char)s[i + 1]) * 16 + hex_value((unsigned char)s[i + 2]));
        if (*d == '\0')
            return asql__url_fail(ps->err, ASQL_EINVAL, "percent escape %%00 (NUL) in %s", what);
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
static asql_status parse_hosts(parser *ps, asql__url_fields *f, const char *s, size_t n)
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
                return asql__url_fail(ps->err, ASQL_EINVAL, "unclosed '[' in an IPv6 host");
            host = s + 1;
            host_end = close;
            if (close + 1 < e && close[1] != ':')
                return asql__url_fail(ps->err, ASQL_EINVAL,
                                      "unexpected characters after an IPv6 host");
            colon = close + 1 < e ? close + 1 : NULL;
            if (!memchr(host, ':', (size_t)(host_end - host)))
                return asql__url_fail(ps->err, ASQL_EINVAL,
                                      "brackets in a host are for IPv6 addresses only");
        } else {
            colon = memchr(s, ':', (size_t)(e - s));
            host_end = colon ? colon : e;
            if (colon && memchr(colon + 1, ':', (size_t)(e - colon - 1)))
                return asql__url_fail(ps->err, ASQL_EINVAL,
                                      "an IPv6 host must be in brackets ([::1])");
            if (host_end == host && !(only && colon))
                return asql__url_fail(ps->err, ASQL_EINVAL, "empty host in the host list");
        }
        if (colon && (rc = parse_port(colon + 1, (size_t)(e - colon - 1), &port, ps->err)))
            return rc;
        if (host_end == host) {
            f->socket_port = port; /* ":port" alone: allowed with a unix socket only */
        } else {
            if ((rc = asql__url_check_host(host, (size_t)(host_end - host), ps->err)) < 0)
                return rc;
            f->hosts[f->n_hosts] = keep(ps, host, (size_t)(host_end - host));
            f->ports[f->n_hosts++] = port;
        }
        s = e + 1;
    }
    return ASQL_OK;
}

/* The query: name=value pairs joined by '&'; host= and unix_socket= name the unix socket. */
static asql_status parse_query(parser *ps, asql__url_fields *f, const char *s, size_t n)
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
            return asql__url_fail(ps->err, ASQL_EINVAL,
                                  "empty option in the query (\"&&\" or a stray '&')");
        if (!eq)
            return asql__url_fail(ps->err, ASQL_EINVAL,
                                  "an option in the query has no '=' and no value");
        if (eq == s)
            return asql__url_fail(ps->err, ASQL_EINVAL, "an option in the query has no name");
        if ((rc = decode(ps, s, (size_t)(eq - s), "an option name", &name)) < 0 ||
            (rc = decode(ps, eq + 1, (size_t)(e - eq - 1), "an option value", &value)) < 0)
            return rc;
        if (strcmp(name, "host") == 0 || strcmp(name, "unix_socket") == 0) {
            if (f->unix_socket)
                return asql__url_fail(ps->err, ASQL_EINVAL,
                                      "the unix socket is given twice in the query");
            if (value[0] != '/')
                return asql__url_fail(
                    ps->err, ASQL_EINVAL, "option %s must be an absolute path to a unix socket%s",
                    name, name[0] == 'h' ? " directory (a host name goes before the path)" : "");
            f->unix_socket = value;
            f->socket_key = name[0] == 'h' ? ASQL__URL_SOCKET_HOST : ASQL__URL_SOCKET_UNIX;
        } else {
            for (i = 0; i < f->n_options; i++)
                if (strcmp(f->names[i], name) == 0)
                    return asql__url_fail(ps->err, ASQL_EINVAL,
                                          "an option is given twice in the query");
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
            return asql__url_fail(err, ASQL_EINVAL,
                                  "the URL contains a space or a control character (at offset %zu)",
                                  i);
        if (c == '#')
            return asql__url_fail(err, ASQL_EINVAL,
                                  "the URL contains '#' (at offset %zu); percent-encode it as %%23",
                                  i);
    }
    return ASQL_OK;
}

static asql_status parse_into(parser *ps, asql__url_fields *f, const char *text)
{
    const char *p = text, *scheme_end, *plus, *auth, *auth_end, *at, *c, *path_end;
    asql_status rc;
    size_t i, dialect_len;

    for (i = 0;
         asql__url_is_alpha((unsigned char)p[i]) || asql__url_is_digit((unsigned char)p[i]) ||
         p[i] == '+' || p[i] == '.' || p[i] == '-' || p[i] == '_';
         i++)
        ; /* RFC 3986 scheme characters, and '_' as SQLAlchemy's driver names use it */
    if (i == 0 || !asql__url_is_alpha((unsigned char)p[0]) || strncmp(p + i, "://", 3) != 0)
        return asql__url_fail(
            ps->err, ASQL_EINVAL,
            "the URL must start with a scheme and \"://\" (postgresql://, mysql://, "
            "mariadb:// or sqlite://)");
    scheme_end = p + i;
    plus = memchr(p, '+', i);
    dialect_len = (size_t)((plus ? plus : scheme_end) - p);
    f->dialect = asql__url_dialect(p, dialect_len);
    if (!f->dialect)
        return asql__url_fail(ps->err, ASQL_EINVAL, "unknown database scheme \"%.*s\"",
                              (int)(dialect_len < 40 ? dialect_len : 40), p);
    if (plus) {
        if ((rc = asql__url_check_driver(plus + 1, (size_t)(scheme_end - plus - 1), ps->err)) < 0)
            return rc;
        f->driver = keep(ps, plus + 1, (size_t)(scheme_end - plus - 1));
    }

    auth = scheme_end + 3;
    auth_end = auth + strcspn(auth, "/?");
    if (strchr(auth_end, '@'))
        return asql__url_fail(ps->err, ASQL_EINVAL, "unencoded '@' after the host; " ENCODE_HINT);
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
    return asql__url_check_fields(f, ps->err);
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
    asql__url_fields f;
    parser ps;
    size_t len, n_hosts, n_opts;
    void *scratch;
    asql_status rc;

    if (out)
        *out = NULL;
    if (!out || !text)
        return asql__url_fail(err, ASQL_EINVAL, "asql_url_parse needs a URL and an out-pointer");
    len = strlen(text);
    if (len == 0)
        return asql__url_fail(err, ASQL_EINVAL, "empty URL");
    if (len > MAX_URL_LEN)
        return asql__url_fail(err, ASQL_EINVAL, "the URL is longer than %d bytes", MAX_URL_LEN);
    if ((rc = precheck(text, len, err)) < 0)
        return rc;

    /* One scratch block: host and option arrays sized by their separators, then the strings. */
    n_hosts = count_char(text, ',') + 1;
    n_opts = count_char(text, '&') + 1;
    scratch = asql__url_malloc((n_hosts + 2 * n_opts) * sizeof(char *) + n_hosts * sizeof(int) +
                               2 * len + 16);
    if (!scratch)
        return asql__url_fail(err, ASQL_ENOMEM, "out of memory while parsing a URL");
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
        rc = asql__url_pack(out, &f, err);
    asql__url_free(scratch);
    return rc;
}

void asql_url_free(asql_url *u)
{
    asql__url_free(u);
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
