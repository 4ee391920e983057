/* SPDX-License-Identifier: MIT */
/*
 * compiled.h - the layout of asql_compiled, for the executor: the statement kind, whether it
 * returns rows, the implicit RETURNING of an autoincrement key, and the parameters with their
 * values and types. Everything else goes through the public accessors of asql/dialect.h.
 */
#ifndef ASQL_SRC_DIALECT_COMPILED_H
#define ASQL_SRC_DIALECT_COMPILED_H

#include <stdatomic.h>

#include "asql/dialect.h"
#include "dialect/sqlbuf.h"
#include "expr/node.h"

/* One bound parameter of a compiled statement. */
typedef struct asql__cparam {
    const char *name; /* named placeholder (asql_param, `:name`), or NULL for a fixed value */
    int has_value;    /* a fixed value, or the asql_bind() default of a `:name` */
    asql_value value; /* value.type is the type to bind with, even without a value */
} asql__cparam;

/* One result column. */
typedef struct asql__ccol {
    const char *name;
    asql_type type;
    const asql_column *column; /* the declared column behind it, or NULL */
} asql__ccol;

struct asql_compiled {
    const asql_dialect *dialect;
    asql__stmt_kind kind; /* SELECT, INSERT, UPDATE, DELETE, TEXT, COMPOUND or a DDL kind */
    /* 1 when the statement yields rows: SELECT, a set operation, INSERT/UPDATE/DELETE with a
     * RETURNING (explicit or the implicit one of an INSERT), and raw SQL that starts with
     * SELECT, WITH, VALUES, SHOW, PRAGMA, EXPLAIN or contains RETURNING (a guess for raw SQL:
     * the server's answer is what counts). */
    int returns_rows;
    int implicit_returning;               /* an INSERT with "RETURNING <autoincrement key>" added */
    const asql_column *autoincrement_key; /* INSERT: the table's autoincrement key, or NULL */
    const char *sql;
    size_t sql_len;
    int n_params;
    const asql__cparam *params;
    int n_columns;
    const asql__ccol *columns;
    int n_marks;
    const asql__mark *marks;   /* where each placeholder sits in `sql` */
    _Atomic(char *) debug_sql; /* built on first request */
};

/* What compile.c hands over to build the compiled statement. */
typedef struct asql__compile_info {
    asql__stmt_kind kind;
    int returns_rows;
    int implicit_returning;
    const asql_column *autoincrement_key;
    const asql__ccol *columns;
    int n_columns;
} asql__compile_info;

/* Copies the text, parameters (values included) and columns into one allocation. */
asql_status asql__compiled_build(asql_compiled **out, const asql__sqlbuf *b,
                                 const asql__compile_info *info);

/* Raw SQL: rewrites `:name` into placeholders (text.c). Errors are recorded on `b`. */
void asql__compile_text(asql__sqlbuf *b, const asql_stmt *q);

#endif
