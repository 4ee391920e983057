/* SPDX-License-Identifier: MIT */
/*
 * asql/common.h - what every layer of asql shares: the export macro, status codes, the error
 * record and the date/time value type. It declares no handle and does no I/O.
 */
#ifndef ASQL_COMMON_H
#define ASQL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define ASQL_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define ASQL_EXPORT __attribute__((visibility("default")))
#else
#define ASQL_EXPORT
#endif

/** The library version, as major * 10000 + minor * 100 + patch. */
#define ASQL_VERSION_NUMBER 100
#define ASQL_VERSION_STRING "0.1.0"

/**
 * Status codes. Every call that can fail returns one. `ASQL_OK` is 0 and errors are negative.
 * The positive `ASQL_ROW` and `ASQL_DONE` are returned only by step-style calls, and the positive
 * `ASQL_AGAIN` only inside the backend seam; no public operation reports them as errors.
 */
#define ASQL_STATUS_MAP(X)                                                                         \
    X(ENOMEM, -1, "out of memory")                                                                 \
    X(EINVAL, -2, "invalid argument")                                                              \
    X(EMISUSE, -3, "API called in the wrong state")                                                \
    X(ENOTSUP, -4, "not supported by this dialect or backend")                                     \
    X(ECONNECT, -5, "could not connect")                                                           \
    X(ECONNLOST, -6, "connection lost")                                                            \
    X(ESQL, -7, "the server rejected the statement")                                               \
    X(ETIMEOUT, -8, "timed out")                                                                   \
    X(ECANCELED, -9, "operation canceled")                                                         \
    X(EPOOL, -10, "pool exhausted or closed")                                                      \
    X(ETYPE, -11, "value has another type")                                                        \
    X(ENULL, -12, "value is NULL")                                                                 \
    X(ERANGE, -13, "value out of range")                                                           \
    X(ENOTFOUND, -14, "no such row, column or parameter")

/* clang-format off */
typedef enum asql_status {
    ASQL_OK = 0,
#define ASQL__STATUS_ENUM(name, code, text) ASQL_##name = code,
    ASQL_STATUS_MAP(ASQL__STATUS_ENUM)
#undef ASQL__STATUS_ENUM
    ASQL_ROW = 100, /* a step-style call produced a row */
    ASQL_DONE = 101, /* a step-style call has no more rows */
    ASQL_AGAIN = 102 /* backend seam only: waiting for I/O */
} asql_status;
/* clang-format on */

/** The symbolic name of a status ("ASQL_EINVAL"); "ASQL_UNKNOWN" for a code not in the map. */
ASQL_EXPORT const char *asql_status_name(int status);

/** A one-line English description of a status; never NULL. */
ASQL_EXPORT const char *asql_status_str(int status);

/**
 * Replaces the functions asql uses for every heap allocation (as
 * sqlite3_config(SQLITE_CONFIG_MALLOC) does). Call it once, before any other asql call and before
 * any thread uses asql: memory allocated by one set of functions must be freed by the same set. It
 * is not thread-safe.
 *
 * @param malloc_fn   like malloc(); never called with 0.
 * @param realloc_fn  like realloc(); never called with a size of 0.
 * @param free_fn     like free(); never called with NULL.
 * @return ASQL_OK; ASQL_EINVAL when some but not all of the three are NULL (all three NULL
 *         restores the C library's functions).
 */
ASQL_EXPORT asql_status asql_set_allocator(void *(*malloc_fn)(size_t),
                                           void *(*realloc_fn)(void *, size_t),
                                           void (*free_fn)(void *));

/**
 * A portable class for a server error, so that programs can react to "unique violation" or
 * "retry this transaction" the same way on every backend.
 */
typedef enum asql_error_class {
    ASQL_ERRCLASS_NONE = 0,
    ASQL_ERRCLASS_UNIQUE_VIOLATION,
    ASQL_ERRCLASS_FOREIGN_KEY_VIOLATION,
    ASQL_ERRCLASS_NOT_NULL_VIOLATION,
    ASQL_ERRCLASS_CHECK_VIOLATION,
    ASQL_ERRCLASS_SERIALIZATION_FAILURE, /* retryable */
    ASQL_ERRCLASS_DEADLOCK,              /* retryable */
    ASQL_ERRCLASS_SYNTAX,
    ASQL_ERRCLASS_UNDEFINED_OBJECT, /* no such table, column or function */
    ASQL_ERRCLASS_OTHER
} asql_error_class;

/** Size of the message buffer inside `asql_error`, terminating NUL included. */
#define ASQL_ERROR_MESSAGE_SIZE 512

/**
 * The details of a failure. It is plain data: copy it freely. `message` is one line that says
 * what failed and on which identifier; it never contains a bound value or a password.
 */
typedef struct asql_error {
    asql_status status;     /* ASQL_OK when there is no error */
    asql_error_class klass; /* portable class of a server error */
    int retryable;          /* 1 for serialization failures and deadlocks */
    int backend_code;       /* the driver's own code (MySQL errno, SQLite extended code), or 0 */
    char sqlstate[6];       /* five characters and a NUL, or "" when the backend has none */
    char message[ASQL_ERROR_MESSAGE_SIZE];
} asql_error;

/**
 * A date, a time of day or a point in time. One type serves DATE, TIME and DATETIME/TIMESTAMP:
 *
 * - DATE: `usec` is midnight UTC of that day, in microseconds since 1970-01-01.
 * - TIME: `usec` is microseconds since midnight.
 * - DATETIME / TIMESTAMP: microseconds since 1970-01-01 00:00:00. For a type with a time zone the
 *   value is always normalised to UTC and `offset_s` is 0; for a naive one it is the wall time.
 *
 * `offset_s` is a time zone offset in seconds east of UTC, kept only where a backend reports one.
 */
typedef struct asql_datetime {
    int64_t usec;
    int32_t offset_s;
} asql_datetime;

/** The kinds of SQL type a column, a value or a result column can have. */
typedef enum asql_type_kind {
    ASQL_TYPE_UNKNOWN = 0, /* not declared: the server decides (untyped placeholders, raw SQL) */
    ASQL_TYPE_SMALLINT,
    ASQL_TYPE_INTEGER,
    ASQL_TYPE_BIGINT,
    ASQL_TYPE_FLOAT,
    ASQL_TYPE_DOUBLE,
    ASQL_TYPE_NUMERIC, /* exact decimal, carried as text */
    ASQL_TYPE_BOOLEAN,
    ASQL_TYPE_STRING, /* VARCHAR(length) */
    ASQL_TYPE_TEXT,
    ASQL_TYPE_BLOB, /* BINARY / BLOB / BYTEA; length > 0 means fixed-size BINARY(length) */
    ASQL_TYPE_DATE,
    ASQL_TYPE_TIME,
    ASQL_TYPE_DATETIME, /* TIMESTAMP; `timezone` set means WITH TIME ZONE */
    ASQL_TYPE_JSON,
    ASQL_TYPE_UUID
} asql_type_kind;

/**
 * A declared SQL type. Use the `ASQL_INTEGER`, `ASQL_STRING(n)`, ... initialisers of expr.h to
 * write one; the struct is transparent so that table declarations can be static data.
 */
typedef struct asql_type {
    asql_type_kind kind;
    unsigned length;         /* STRING(n), BLOB(n); 0 = unbounded */
    unsigned char precision; /* NUMERIC(p, s); 0 = unspecified */
    unsigned char scale;
    unsigned char timezone; /* DATETIME/TIME WITH TIME ZONE */
} asql_type;

/** The name of a type kind in upper case ("INTEGER"); "UNKNOWN" for kind 0. */
ASQL_EXPORT const char *asql_type_name(asql_type_kind kind);

/**
 * A value as asql carries it: to a server as a bound parameter, and back. Which member of `u`
 * holds the value follows from `type.kind`:
 *
 * | kind                                | member                               |
 * |-------------------------------------|--------------------------------------|
 * | SMALLINT, INTEGER, BIGINT, BOOLEAN  | `i64` (BOOLEAN: 0 or 1)              |
 * | FLOAT, DOUBLE                       | `f64`                                |
 * | NUMERIC, STRING, TEXT, JSON, BLOB   | `bytes` (NUMERIC as exact text)      |
 * | DATE, TIME, DATETIME                | `dt`                                 |
 * | UUID                                | `uuid` (16 bytes, network order)     |
 * | UNKNOWN                             | `bytes`, text the server will parse  |
 *
 * `is_null` overrides all of them. Bytes are not NUL-terminated unless said otherwise.
 */
typedef struct asql_value {
    asql_type type;
    int is_null;
    union {
        int64_t i64;
        double f64;
        asql_datetime dt;
        unsigned char uuid[16];
        struct {
            const char *ptr;
            size_t len;
        } bytes;
    } u;
} asql_value;

/** Transaction isolation levels (asql_db_options, asql_txn_options). */
typedef enum asql_isolation {
    ASQL_ISOLATION_DEFAULT = 0, /* the server's */
    ASQL_ISOLATION_READ_UNCOMMITTED,
    ASQL_ISOLATION_READ_COMMITTED,
    ASQL_ISOLATION_REPEATABLE_READ,
    ASQL_ISOLATION_SERIALIZABLE
} asql_isolation;

/** Builds the `asql_datetime` of a civil date and time (proleptic Gregorian, no time zone). */
ASQL_EXPORT asql_datetime asql_datetime_make(int year, int month, int day, int hour, int minute,
                                             int second, int microsecond);

/**
 * Splits a value back into its civil parts. Any out-pointer may be NULL.
 */
ASQL_EXPORT void asql_datetime_parts(asql_datetime t, int *year, int *month, int *day, int *hour,
                                     int *minute, int *second, int *microsecond);

#ifdef __cplusplus
}
#endif

#endif /* ASQL_COMMON_H */
