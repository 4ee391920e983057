/* SPDX-License-Identifier: MIT */
/*
 * asql/dialect.h - compiling a statement into one database's SQL: the text, the ordered bound
 * parameters with their types, and the result columns.
 *
 * Compiling is pure and reentrant: no I/O, no global state, usable with no executor at all.
 * Values never appear in the SQL text; every value is a bound parameter.
 */
#ifndef ASQL_DIALECT_H
#define ASQL_DIALECT_H

#include "common.h"
#include "expr.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A SQL dialect: static data owned by the library, never freed. */
typedef struct asql_dialect asql_dialect;

/** The built-in dialects. */
ASQL_EXPORT const asql_dialect *asql_dialect_postgresql(void);
ASQL_EXPORT const asql_dialect *asql_dialect_mysql(void);
ASQL_EXPORT const asql_dialect *asql_dialect_mariadb(void);
ASQL_EXPORT const asql_dialect *asql_dialect_sqlite(void);

/**
 * The dialect called `name`: "postgresql" (also "postgres"), "mysql", "mariadb" or "sqlite".
 * NULL for any other name.
 */
ASQL_EXPORT const asql_dialect *asql_dialect_find(const char *name);

/** The dialect's canonical name ("postgresql", "mysql", "mariadb", "sqlite"). */
ASQL_EXPORT const char *asql_dialect_name(const asql_dialect *d);

/** A compiled statement: SQL text, parameters and result columns. Immutable once built. */
typedef struct asql_compiled asql_compiled;

/**
 * Compiles `q` for dialect `d`.
 *
 * @param out  [out] the compiled statement, to free with asql_compiled_free(); NULL on failure.
 * @param q    the statement; only read, so one statement may be compiled for several dialects
 *             at once from several threads.
 * @param d    the dialect.
 * @param err  [out] details on failure (may be NULL).
 * @return ASQL_OK; the statement's sticky building error if it has one; ASQL_EINVAL for a
 *         statement that cannot be compiled (an INSERT with no values, a column of another
 *         table, NULL arguments); ASQL_ENOTSUP for a construct the dialect cannot express, with
 *         a message naming the construct and the dialect; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_compile(asql_compiled **out, const asql_stmt *q,
                                     const asql_dialect *d, asql_error *err);

/** Frees a compiled statement. Accepts NULL. */
ASQL_EXPORT void asql_compiled_free(asql_compiled *c);

/** The dialect `c` was compiled for. */
ASQL_EXPORT const asql_dialect *asql_compiled_dialect(const asql_compiled *c);

/** The SQL text, NUL-terminated; owned by `c`. */
ASQL_EXPORT const char *asql_compiled_sql(const asql_compiled *c);

/** The length of the SQL text in bytes. */
ASQL_EXPORT size_t asql_compiled_sql_len(const asql_compiled *c);

/** The number of bound parameters, in placeholder order ($1 is index 0). */
ASQL_EXPORT int asql_compiled_n_params(const asql_compiled *c);

/**
 * The name of parameter `i` when it is a named placeholder (asql_param, `:name`), whose value
 * comes from asql_params at execution (a `:name` given a value with asql_bind() keeps its name,
 * with that value as a default); NULL when its value is fixed in the statement. On PostgreSQL
 * a `:name` used twice is one parameter (`$n` twice); with `?` it is one parameter per use.
 */
ASQL_EXPORT const char *asql_compiled_param_name(const asql_compiled *c, int i);

/**
 * The fixed value of parameter `i`, or NULL for a named placeholder with no value bound yet.
 * Its type is the type it will be bound with. Owned by `c`.
 */
ASQL_EXPORT const asql_value *asql_compiled_param_value(const asql_compiled *c, int i);

/** The type parameter `i` is bound with (the column's type where it met one). */
ASQL_EXPORT asql_type asql_compiled_param_type(const asql_compiled *c, int i);

/**
 * The number of result columns the statement declares (0 for raw SQL and statements without
 * rows), their names (a label, a column name, or an expression's default name) and declared
 * types (ASQL_TYPE_UNKNOWN for an expression of unknown type).
 */
ASQL_EXPORT int asql_compiled_n_columns(const asql_compiled *c);
ASQL_EXPORT const char *asql_compiled_column_name(const asql_compiled *c, int i);
ASQL_EXPORT asql_type asql_compiled_column_type(const asql_compiled *c, int i);
/** The declared table column behind result column `i`, or NULL for an expression. */
ASQL_EXPORT const asql_column *asql_compiled_column(const asql_compiled *c, int i);

/**
 * The SQL with every fixed value written in as a literal, for logs and debugging only: it is
 * never executed. Named placeholders stay as placeholders. Owned by `c`; NULL on ENOMEM.
 */
ASQL_EXPORT const char *asql_compiled_debug_sql(const asql_compiled *c);

#ifdef __cplusplus
}
#endif

#endif /* ASQL_DIALECT_H */
