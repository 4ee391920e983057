/* SPDX-License-Identifier: MIT */
/*
 * stmt.h - internal helpers shared by the builder files of src/expr: recording the sticky error,
 * the shared inert node, argument checks and list appends in the statement's arena.
 */
#ifndef ASQL_SRC_EXPR_STMT_H
#define ASQL_SRC_EXPR_STMT_H

#include "expr/node.h"

#if defined(__GNUC__)
#define ASQL__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ASQL__PRINTF(f, a)
#endif

/* Records the first error of `q` (later ones are dropped) and returns `status`. */
asql_status asql__stmt_fail(asql_stmt *q, asql_status status, const char *fmt, ...)
    ASQL__PRINTF(3, 4);

/* The shared inert node that failed builder calls return. */
asql_expr *asql__error_node(void);

/* 1 when `q` can take more building: not NULL and without an error. */
int asql__stmt_ok(const asql_stmt *q);

/*
 * Checks an expression argument of function `fn`: not NULL and built for `q` (else records
 * ASQL_EINVAL). Returns 1 when usable.
 */
int asql__expr_ok(asql_stmt *q, const asql_expr *e, const char *fn);

/* Allocates from the statement's arena; records ASQL_ENOMEM and returns NULL on failure. */
void *asql__stmt_alloc(asql_stmt *q, size_t n);

/* A new node of kind `kind` owned by `q`, zeroed; NULL (ENOMEM recorded) on failure. */
asql_expr *asql__node_new(asql_stmt *q, asql__node_kind kind);

/* Appends a cell to `list`; returns it (zeroed but for what is given) or NULL on ENOMEM. */
asql__cell *asql__list_append(asql_stmt *q, asql__list *list, asql_expr *e);

/*
 * Gives an untyped literal or placeholder `v` the declared type of `other` (the column it is
 * compared with or assigned to). Returns `v` itself when nothing changes, a converted copy
 * otherwise, or the error node (error recorded) when the value does not fit the type.
 */
asql_expr *asql__adopt_type(asql_stmt *q, asql_expr *v, asql_type type, const char *what);

/* 1 for a parameter name: [A-Za-z_][A-Za-z0-9_]*. */
int asql__name_ok(const char *s);

#endif
