/* SPDX-License-Identifier: MIT */
/*
 * asql/url.h - database URLs and connection options, read the way databases.DatabaseURL reads
 * them. Parsing only: nothing here connects. Part of the exec layer; included by asql/exec.h.
 *
 *     dialect[+driver]://user:password@host:port/database?option=value&...
 *     postgresql://u:p@h1:5432,h2:5433/db        several hosts (PostgreSQL)
 *     postgresql://u@[::1]:5432/db               IPv6 host in brackets
 *     mysql://u:p@/db?unix_socket=/run/mysqld/mysqld.sock
 *     postgresql://u@/db?host=/var/run/postgresql
 *     sqlite:///relative.db  sqlite:////absolute.db  sqlite:///:memory:  sqlite://
 *
 * The password never appears in any message, log or trace: use asql_url_masked() for those.
 *
 * Reading rules. The scheme is case-insensitive. The user information ends at the LAST '@'
 * before the path, and the password starts after the first ':' in it, so a password may hold
 * ':' and '@' unencoded but '/', '?' and '#' only percent-encoded (%2F, %3F, %23); '#' is
 * refused anywhere, and so is an unencoded '@' after the hosts (a password left unencoded). User,
 * password, database and option names and values are percent-decoded ('+' stays '+'; %00 is
 * refused); host names are not. Spaces and control characters are refused; so are an empty
 * port, a port outside 1-65535, an empty host in a host list, a port with no host (unless a unix
 * socket is given), an option without '=', an empty option ("&&"), an option given twice and
 * a URL longer than 16384 bytes.
 */
#ifndef ASQL_URL_H
#define ASQL_URL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed URL. Immutable; every string it hands out is owned by it. */
typedef struct asql_url asql_url;

/**
 * Parses `text`.
 *
 * @param out  [out] the URL, to free with asql_url_free(); NULL on failure.
 * @param err  [out] details on failure (may be NULL); the message never contains the password.
 * @return ASQL_OK; ASQL_EINVAL for a malformed URL (unknown scheme, bad port, bad percent
 *         escape, unclosed IPv6 bracket, several hosts where the dialect takes one...);
 *         ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_url_parse(asql_url **out, const char *text, asql_error *err);

/** Frees a URL. Accepts NULL. */
ASQL_EXPORT void asql_url_free(asql_url *u);

/** The dialect: "postgresql" (also for postgres://), "mysql", "mariadb" or "sqlite". */
ASQL_EXPORT const char *asql_url_dialect(const asql_url *u);
/** The driver after '+' in the scheme ("asyncpg" in postgresql+asyncpg://), or NULL. */
ASQL_EXPORT const char *asql_url_driver(const asql_url *u);
/** User name and password, percent-decoded; NULL when absent. */
ASQL_EXPORT const char *asql_url_user(const asql_url *u);
ASQL_EXPORT const char *asql_url_password(const asql_url *u);
/** Number of hosts (0 when none is given), and each host with its brackets removed, or NULL. */
ASQL_EXPORT int asql_url_n_hosts(const asql_url *u);
ASQL_EXPORT const char *asql_url_host(const asql_url *u, int i);
/**
 * The port of host `i`; 0 for the default or an index out of range. With no host and a unix
 * socket, asql_url_port(u, 0) is the port given for the socket, as libpq reads
 * `postgresql://u@:5433/db?host=/dir` (the socket file `.s.PGSQL.5433` in /dir).
 */
ASQL_EXPORT int asql_url_port(const asql_url *u, int i);
/**
 * The database name, percent-decoded; for SQLite the file path (":memory:" for an in-memory
 * database, also for `sqlite://`). NULL when absent.
 */
ASQL_EXPORT const char *asql_url_database(const asql_url *u);
/**
 * A unix socket directory (?host=/dir) or path (?unix_socket=/path), or NULL. Both options take
 * an absolute path, are consumed by the URL (they are not among the query options below) and
 * exclude a host; sqlite takes neither.
 */
ASQL_EXPORT const char *asql_url_unix_socket(const asql_url *u);
/** The query options, in order, percent-decoded; asql_url_option() gives NULL when absent. */
ASQL_EXPORT int asql_url_n_options(const asql_url *u);
ASQL_EXPORT const char *asql_url_option_name(const asql_url *u, int i);
ASQL_EXPORT const char *asql_url_option_value(const asql_url *u, int i);
ASQL_EXPORT const char *asql_url_option(const asql_url *u, const char *name);

/** The URL as text, password included. Owned by `u`. Never log it: use asql_url_masked(). */
ASQL_EXPORT const char *asql_url_string(const asql_url *u);
/**
 * The URL as text with the password replaced by "********", and the value of every option
 * whose name contains "password" (any case) too. Owned by `u`.
 */
ASQL_EXPORT const char *asql_url_masked(const asql_url *u);

/**
 * Parts to replace in asql_url_replace(): each non-NULL string (or nonzero port) replaces the
 * part of the original, and "" removes it (`driver`, `user`, `password`, `host`, `database`; an
 * sqlite database removed is ":memory:"). Strings are plain, not percent-encoded. `host` is one
 * host name or IPv6 address (brackets optional) replacing every host and keeping the first
 * host's port; `port` applies to every host (or to the unix socket when there is no host).
 * Versioned: start from ASQL_URL_PARTS_INIT.
 */
typedef struct asql_url_parts {
    unsigned version;
    const char *dialect;
    const char *driver;
    const char *user;
    const char *password;
    const char *host; /* replaces every host with this one */
    int port;
    const char *database;
} asql_url_parts;

#define ASQL_URL_PARTS_VERSION 1
/* clang-format off */
#define ASQL_URL_PARTS_INIT {ASQL_URL_PARTS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, NULL}
/* clang-format on */

/**
 * A copy of `u` with the given parts replaced (the databases `DatabaseURL.replace`), checked as
 * asql_url_parse() checks a URL (so that switching the dialect of a multi-host URL to mysql, or
 * of a URL with a host to sqlite, is refused).
 *
 * @param out  [out] the new URL, to free with asql_url_free(); NULL on failure.
 * @param err  [out] details on failure (may be NULL); never the password.
 * @return ASQL_OK; ASQL_EINVAL (bad part, unknown `version`); ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_url_replace(asql_url **out, const asql_url *u,
                                         const asql_url_parts *parts, asql_error *err);

/* ---------------------------------------------------------------------------------------------
 * Connection options: from the URL's query, or from this struct (databasez's config form).
 * ------------------------------------------------------------------------------------------- */

/** TLS use, as libpq's sslmode. */
typedef enum asql_ssl_mode {
    ASQL_SSL_DEFAULT = 0, /* the driver's */
    ASQL_SSL_DISABLE,
    ASQL_SSL_PREFER,
    ASQL_SSL_REQUIRE,
    ASQL_SSL_VERIFY_CA,
    ASQL_SSL_VERIFY_FULL
} asql_ssl_mode;

/**
 * Options of a Database. URL options of the same name override the struct's values:
 * min_size, max_size, acquire_timeout, connect_timeout, command_timeout (seconds, decimals
 * allowed), ssl (disable|prefer|require|verify-ca|verify-full, also true/false),
 * statement_cache_size, isolation (read_uncommitted|read_committed|repeatable_read|serializable),
 * max_lifetime (seconds, decimals allowed; 0 = none).
 * Option names are case-sensitive; the ssl and isolation values are not. `sslmode` is accepted
 * for `ssl` (not both; neither on sqlite). Other URL options are passed to the driver where the
 * backend knows them, else refused: postgresql takes application_name, options,
 * target_session_attrs, sslrootcert, sslcert, sslkey, sslcrl, keepalives, keepalives_idle,
 * keepalives_interval, keepalives_count and tcp_user_timeout; mysql and mariadb take ssl_ca,
 * ssl_capath, ssl_cert and ssl_key; sqlite takes mode (ro|rw|rwc|memory) and cache
 * (shared|private).
 */
typedef struct asql_db_options {
    unsigned version;
    int min_size;           /* connections opened by connect; default 1 */
    int max_size;           /* pool limit; default 10 */
    double acquire_timeout; /* seconds to wait for a pooled connection; 0 = no limit */
    double connect_timeout; /* seconds; 0 = no limit */
    double command_timeout; /* default per-operation timeout in seconds; 0 = none */
    asql_ssl_mode ssl;
    int statement_cache_size; /* prepared statements kept per connection; default 100 */
    asql_isolation isolation;
    /* Version 2. Seconds a pooled connection may live: one older than this is closed when it
     * next becomes idle (never while in use) and replaced as needed; 0 = no limit. */
    double max_lifetime;
} asql_db_options;

/* Version 1 structs (without max_lifetime) are still accepted, and read as max_lifetime 0. */
#define ASQL_DB_OPTIONS_VERSION 2
/* clang-format off */
#define ASQL_DB_OPTIONS_INIT                                                                       \
    {ASQL_DB_OPTIONS_VERSION, 1, 10, 0.0, 0.0, 0.0, ASQL_SSL_DEFAULT, 100, ASQL_ISOLATION_DEFAULT,  \
     0.0}
/* clang-format on */

/**
 * The options of `u` applied over `base` (NULL = ASQL_DB_OPTIONS_INIT).
 *
 * @param out  [out] the merged options; left untouched on failure.
 * @param err  [out] details on failure (may be NULL); messages name options, never values.
 * @return ASQL_OK; ASQL_EINVAL naming the option for an unknown option (one the dialect's
 *         driver does not take either), a malformed value (integers are non-negative decimal
 *         digits, timeouts non-negative decimals such as 1.5), min_size > max_size,
 *         max_size < 1, a negative or non-finite timeout or max_lifetime, or an unknown
 *         `version` (1 and 2 are known; a version 1 struct has no max_lifetime).
 */
ASQL_EXPORT asql_status asql_db_options_from_url(asql_db_options *out, const asql_url *u,
                                                 const asql_db_options *base, asql_error *err);

#ifdef __cplusplus
}
#endif

#endif /* ASQL_URL_H */
