/* SPDX-License-Identifier: MIT */
/*
 * options.c - reads the query options of a database URL into asql_db_options, over a base, and
 * validates them; knows the short list of driver options each dialect passes on. It does not
 * parse URLs (url.c does) and never connects. Messages name options, never quote their values.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "asql/url.h"
#include "exec/options.h"

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

/* How a driver option's value is checked before it is passed on. */
typedef enum value_rule {
    ANY_VALUE,    /* any text, also empty */
    NON_EMPTY,    /* a path or a name */
    NON_NEGATIVE, /* a non-negative integer */
    ONE_OF        /* one of `choices`, exactly as spelled (drivers compare case-sensitively) */
} value_rule;

typedef struct driver_option {
    const char *family; /* "postgresql", "mysql" (also mariadb) or "sqlite" */
    const char *name;
    value_rule rule;
    const char *choices; /* for ONE_OF: "a|b|c" */
} driver_option;

/* Driver options known to be safe to pass on: they tune the connection, never redirect it. */
static const driver_option driver_options[] = {
    {"postgresql", "application_name", ANY_VALUE, NULL},
    {"postgresql", "options", ANY_VALUE, NULL},
    {"postgresql", "target_session_attrs", ONE_OF,
     "any|read-write|read-only|primary|standby|prefer-standby"},
    {"postgresql", "sslrootcert", NON_EMPTY, NULL},
    {"postgresql", "sslcert", NON_EMPTY, NULL},
    {"postgresql", "sslkey", NON_EMPTY, NULL},
    {"postgresql", "sslcrl", NON_EMPTY, NULL},
    {"postgresql", "keepalives", ONE_OF, "0|1"},
    {"postgresql", "keepalives_idle", NON_NEGATIVE, NULL},
    {"postgresql", "keepalives_interval", NON_NEGATIVE, NULL},
    {"postgresql", "keepalives_count", NON_NEGATIVE, NULL},
    {"postgresql", "tcp_user_timeout", NON_NEGATIVE, NULL},
    {"mysql", "ssl_ca", NON_EMPTY, NULL},
    {"mysql", "ssl_capath", NON_EMPTY, NULL},
    {"mysql", "ssl_cert", NON_EMPTY, NULL},
    {"mysql", "ssl_key", NON_EMPTY, NULL},
    {"sqlite", "mode", ONE_OF, "ro|rw|rwc|memory"},
    {"sqlite", "cache", ONE_OF, "shared|private"},
};

/* The options read into asql_db_options; "sslmode" is libpq's name for "ssl". */
static const char *const common_options[] = {
    "min_size", "max_size", "acquire_timeout",      "connect_timeout", "command_timeout",
    "ssl",      "sslmode",  "statement_cache_size", "isolation",       "max_lifetime",
};

static const char *family_of(const char *dialect)
{
    return strcmp(dialect, "mariadb") == 0 ? "mysql" : dialect;
}

static const driver_option *find_driver_option(const char *dialect, const char *name)
{
    const char *family = family_of(dialect);
    size_t i;
    for (i = 0; i < sizeof(driver_options) / sizeof(driver_options[0]); i++)
        if (strcmp(driver_options[i].family, family) == 0 &&
            strcmp(driver_options[i].name, name) == 0)
            return &driver_options[i];
    return NULL;
}

asql__option_use asql__db_option_use(const char *dialect, const char *name)
{
    size_t i;
    if (!dialect || !name)
        return ASQL__OPTION_UNKNOWN;
    for (i = 0; i < sizeof(common_options) / sizeof(common_options[0]); i++)
        if (strcmp(common_options[i], name) == 0)
            return ASQL__OPTION_COMMON;
    return find_driver_option(dialect, name) ? ASQL__OPTION_DRIVER : ASQL__OPTION_UNKNOWN;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int equals_nocase(const char *a, const char *b)
{
    for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b); a++, b++)
        ;
    return *a == '\0' && *b == '\0';
}

/* Whether a name can be quoted in a one-line message as it is. */
static int is_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f || *s == '"')
            return 0;
    return 1;
}

/* Whether `value` is one of the '|'-separated `choices`, compared exactly. */
static int is_choice(const char *value, const char *choices)
{
    size_t n = strlen(value);
    const char *p = choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, value, n) == 0)
            return 1;
        p += len + (bar != NULL);
    }
    return 0;
}

/* A non-negative decimal integer no larger than INT_MAX; digits only, no sign or space. */
static int parse_int(const char *s, int *out)
{
    long long v = 0;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
        if (v > INT_MAX)
            return 0;
    }
    *out = (int)v;
    return 1;
}

/*
 * A non-negative decimal number of seconds: digits with an optional fraction ("1", "0.25",
 * ".5"). Read by hand rather than with strtod(), whose decimal point follows the locale.
 */
static int parse_seconds(const char *s, double *out)
{
    double v = 0.0, scale = 1.0;
    int digits = 0, dot = 0;
    for (; *s; s++) {
        if (*s == '.' && !dot) {
            dot = 1;
        } else if (*s >= '0' && *s <= '9') {
            digits++;
            if (dot) {
                scale /= 10.0;
                v += (*s - '0') * scale;
            } else {
                v = v * 10.0 + (*s - '0');
            }
        } else {
            return 0;
        }
    }
    if (digits == 0 || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static int parse_ssl(const char *s, asql_ssl_mode *out)
{
    static const struct {
        const char *name;
        asql_ssl_mode mode;
    } modes[] = {{"disable", ASQL_SSL_DISABLE},
                 {"prefer", ASQL_SSL_PREFER},
                 {"require", ASQL_SSL_REQUIRE},
                 {"verify-ca", ASQL_SSL_VERIFY_CA},
                 {"verify-full", ASQL_SSL_VERIFY_FULL},
                 {"true", ASQL_SSL_REQUIRE},
                 {"false", ASQL_SSL_DISABLE}};
    size_t i;
    for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (equals_nocase(s, modes[i].name)) {
            *out = modes[i].mode;
            return 1;
        }
    return 0;
}

static int parse_isolation(const char *s, asql_isolation *out)
{
    static const char *const names[] = {"read_uncommitted", "read_committed", "repeatable_read",
                                        "serializable"};
    size_t i;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (equals_nocase(s, names[i])) {
            *out = (asql_isolation)(ASQL_ISOLATION_READ_UNCOMMITTED + (int)i);
            return 1;
        }
    return 0;
}

/* Reads one common option into `o`. */
static asql_status read_common(asql_db_options *o, const char *dialect, const char *name,
                               const char *value, asql_error *err)
{
    int ok = 1;
    if (strcmp(name, "min_size") == 0)
        ok = parse_int(value, &o->min_size);
    else if (strcmp(name, "max_size") == 0)
        ok = parse_int(value, &o->max_size);
    else if (strcmp(name, "statement_cache_size") == 0)
        ok = parse_int(value, &o->statement_cache_size);
    else if (strcmp(name, "acquire_timeout") == 0)
        ok = parse_seconds(value, &o->acquire_timeout);
    else if (strcmp(name, "connect_timeout") == 0)
        ok = parse_seconds(value, &o->connect_timeout);
    else if (strcmp(name, "command_timeout") == 0)
        ok = parse_seconds(value, &o->command_timeout);
    else if (strcmp(name, "max_lifetime") == 0)
        ok = parse_seconds(value, &o->max_lifetime);
    else if (strcmp(name, "isolation") == 0 && !parse_isolation(value, &o->isolation))
        return fail(err, ASQL_EINVAL,
                    "option \"isolation\" must be read_uncommitted, read_committed, "
                    "repeatable_read or serializable");
    else if (name[0] == 's' && name[1] == 's') { /* ssl, sslmode */
        if (strcmp(dialect, "sqlite") == 0)
            return fail(err, ASQL_EINVAL, "option \"%s\" does not apply to sqlite", name);
        if (!parse_ssl(value, &o->ssl))
            return fail(err, ASQL_EINVAL,
                        "option \"%s\" must be disable, prefer, require, verify-ca, verify-full, "
                        "true or false",
                        name);
    }
    if (!ok)
        return fail(err, ASQL_EINVAL, "option \"%s\" must be a non-negative %s", name,
                    strstr(name, "timeout") || strstr(name, "lifetime") ? "number of seconds"
                                                                        : "integer");
    return ASQL_OK;
}

/* Checks a driver option's value by its rule. */
static asql_status check_driver_value(const driver_option *d, const char *value, asql_error *err)
{
    int n;
    switch (d->rule) {
    case NON_EMPTY:
        if (!value[0])
            return fail(err, ASQL_EINVAL, "option \"%s\" must not be empty", d->name);
        break;
    case NON_NEGATIVE:
        if (!parse_int(value, &n))
            return fail(err, ASQL_EINVAL, "option \"%s\" must be a non-negative integer", d->name);
        break;
    case ONE_OF:
        if (!is_choice(value, d->choices))
            return fail(err, ASQL_EINVAL, "option \"%s\" must be one of %s", d->name, d->choices);
        break;
    case ANY_VALUE:
        break;
    }
    return ASQL_OK;
}

/* The merged options must make sense together, whichever side each value came from. */
static asql_status check_merged(const asql_db_options *o, asql_error *err)
{
    if (o->min_size < 0)
        return fail(err, ASQL_EINVAL, "min_size must not be negative");
    if (o->max_size < 1)
        return fail(err, ASQL_EINVAL, "max_size must be at least 1");
    if (o->min_size > o->max_size)
        return fail(err, ASQL_EINVAL, "min_size (%d) must not exceed max_size (%d)", o->min_size,
                    o->max_size);
    if (o->statement_cache_size < 0)
        return fail(err, ASQL_EINVAL, "statement_cache_size must not be negative");
    if (!(o->acquire_timeout >= 0.0) || !isfinite(o->acquire_timeout))
        return fail(err, ASQL_EINVAL, "acquire_timeout must be a non-negative number of seconds");
    if (!(o->connect_timeout >= 0.0) || !isfinite(o->connect_timeout))
        return fail(err, ASQL_EINVAL, "connect_timeout must be a non-negative number of seconds");
    if (!(o->command_timeout >= 0.0) || !isfinite(o->command_timeout))
        return fail(err, ASQL_EINVAL, "command_timeout must be a non-negative number of seconds");
    if (!(o->max_lifetime >= 0.0) || !isfinite(o->max_lifetime))
        return fail(err, ASQL_EINVAL, "max_lifetime must be a non-negative number of seconds");
    if ((int)o->ssl < ASQL_SSL_DEFAULT || (int)o->ssl > ASQL_SSL_VERIFY_FULL)
        return fail(err, ASQL_EINVAL, "ssl holds an unknown asql_ssl_mode");
    if ((int)o->isolation < ASQL_ISOLATION_DEFAULT ||
        (int)o->isolation > ASQL_ISOLATION_SERIALIZABLE)
        return fail(err, ASQL_EINVAL, "isolation holds an unknown asql_isolation");
    return ASQL_OK;
}

asql_status asql_db_options_from_url(asql_db_options *out, const asql_url *u,
                                     const asql_db_options *base, asql_error *err)
{
    asql_db_options o = ASQL_DB_OPTIONS_INIT;
    const char *dialect;
    int i, n, ssl_name_seen = 0;
    asql_status rc;

    if (!out || !u)
        return fail(err, ASQL_EINVAL, "asql_db_options_from_url needs a URL and an out-pointer");
    if (base) {
        if (base->version == 1) {
            /* A version 1 struct ends before max_lifetime: read only its own fields. */
            memcpy(&o, base, offsetof(asql_db_options, isolation) + sizeof(base->isolation));
            o.version = ASQL_DB_OPTIONS_VERSION;
        } else if (base->version == ASQL_DB_OPTIONS_VERSION) {
            o = *base;
        } else {
            return fail(err, ASQL_EINVAL,
                        "asql_db_options version %u is not supported (expected 1 or %d)",
                        base->version, ASQL_DB_OPTIONS_VERSION);
        }
    }
    dialect = asql_url_dialect(u);
    n = asql_url_n_options(u);
    for (i = 0; i < n; i++) {
        const char *name = asql_url_option_name(u, i), *value = asql_url_option_value(u, i);
        const driver_option *d;
        switch (asql__db_option_use(dialect, name)) {
        case ASQL__OPTION_COMMON:
            if (strncmp(name, "ssl", 3) == 0 && ssl_name_seen++)
                return fail(err, ASQL_EINVAL, "options \"ssl\" and \"sslmode\" are both given");
            if ((rc = read_common(&o, dialect, name, value, err)) < 0)
                return rc;
            break;
        case ASQL__OPTION_DRIVER:
            d = find_driver_option(dialect, name);
            if ((rc = check_driver_value(d, value, err)) < 0)
                return rc;
            break;
        case ASQL__OPTION_UNKNOWN:
        default:
            if (!is_printable(name))
                return fail(err, ASQL_EINVAL,
                            "unknown option (a name with quotes or control characters) for %s",
                            dialect);
            return fail(err, ASQL_EINVAL, "unknown option \"%.64s\" for %s", name, dialect);
        }
    }
    if ((rc = check_merged(&o, err)) < 0)
        return rc;
    *out = o;
    return ASQL_OK;
}
