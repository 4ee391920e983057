/* SPDX-License-Identifier: MIT */
/*
 * url_internal.h - shared by url.c (parsing, accessors) and url_build.c (checks, text, packing,
 * replace) alone: the layout of a parsed URL, the parts a URL is built from, and the checks and
 * packing that parsing and asql_url_replace() both go through.
 */
#ifndef ASQL_EXEC_URL_INTERNAL_H
#define ASQL_EXEC_URL_INTERNAL_H

#include <stdlib.h>

#include "asql/url.h"

/* The allocator pair of URLs; the one place to switch to the library's own allocator. */
static inline void *asql__url_malloc(size_t n)
{
    return malloc(n);
}

static inline void asql__url_free(void *p)
{
    free(p);
}

/* Which query key named the unix socket, so that the URL's text keeps it. */
enum {
    ASQL__URL_SOCKET_NONE = 0,
    ASQL__URL_SOCKET_HOST,
    ASQL__URL_SOCKET_UNIX
};

/* A parsed URL: this header, then its arrays and strings, in one allocation. */
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
    int socket_key;  /* ASQL__URL_SOCKET_* */
};

/* The parts of a URL before they are packed: parsing and replace both fill one. */
typedef struct asql__url_fields {
    const char *dialect, *driver, *user, *password, *database, *unix_socket;
    const char **hosts, **names, **values;
    int *ports;
    int n_hosts, n_options, socket_port, socket_key;
} asql__url_fields;

#if defined(__GNUC__)
#define ASQL__URL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ASQL__URL_PRINTF(f, a)
#endif

/* Records a one-line message in `err` (which may be NULL) and returns `status`. */
ASQL__URL_PRINTF(3, 4)
asql_status asql__url_fail(asql_error *err, asql_status status, const char *fmt, ...);

static inline int asql__url_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int asql__url_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* The canonical dialect of a scheme word (case-insensitive; "postgres" too), or NULL. */
const char *asql__url_dialect(const char *s, size_t n);

/* Checks a driver name (letters, digits, '_'), a host name or an IPv6 address (no brackets). */
asql_status asql__url_check_driver(const char *s, size_t n, asql_error *err);
asql_status asql__url_check_host(const char *s, size_t n, asql_error *err);

/* Checks the rules between parts (sqlite takes no host, one host except on postgresql...). */
asql_status asql__url_check_fields(asql__url_fields *f, asql_error *err);

/* Packs the parts, their text and their masked text into one new asql_url. */
asql_status asql__url_pack(asql_url **out, const asql__url_fields *f, asql_error *err);

#endif /* ASQL_EXEC_URL_INTERNAL_H */
