/* SPDX-License-Identifier: MIT */
/*
 * stmt.h - internal helpers shared by the builder files of src/expr: recording the sticky error,
 * the shared inert node, argument checks and list appends in the statement's arena.
 */
#ifndef ASQL_SRC_EXPR_STMT_H
#define ASQL_SRC_EXPR_STMT_H

#include <string.h>

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

/*
 * The helpers below are inline: every builder call goes through them, and a call across
 * files costs as much as their work.
 */

/* 1 when `q` can take more building: not NULL and without an error. */
static inline int asql__stmt_ok(const asql_stmt *q)
{
    return q && q->status == ASQL_OK;
}

/* Records why `e` is not a usable argument of `fn` (asql__expr_ok's slow path); returns 0. */
int asql__expr_bad(asql_stmt *q, const asql_expr *e, const char *fn);

/*
 * Checks an expression argument of function `fn`: not NULL and built for `q` (else records
 * ASQL_EINVAL). Returns 1 when usable.
 */
static inline int asql__expr_ok(asql_stmt *q, const asql_expr *e, const char *fn)
{
    return e && e->owner == q ? 1 : asql__expr_bad(q, e, fn);
}

/* Allocates from the statement's arena; records ASQL_ENOMEM and returns NULL on failure. */
static inline void *asql__stmt_alloc(asql_stmt *q, size_t n)
{
    void *p = asql__arena_alloc(&q->arena, n);

    if (!p)
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
    return p;
}

/* A new node of kind `kind` owned by `q`, zeroed; NULL (ENOMEM recorded) on failure. */
static inline asql_expr *asql__node_new(asql_stmt *q, asql__node_kind kind)
{
    asql_expr *e = asql__stmt_alloc(q, sizeof *e);

    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->kind = (unsigned char)kind;
    e->owner = q;
    return e;
}

/* Appends a cell to `list`; returns it (zeroed but for what is given) or NULL on ENOMEM. */
static inline asql__cell *asql__list_append(asql_stmt *q, asql__list *list, asql_expr *e)
{
    asql__cell *c = asql__stmt_alloc(q, sizeof *c);

    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    c->e = e;
    if (list->tail)
        list->tail->next = c;
    else
        list->head = c;
    list->tail = c;
    list->n++;
    return c;
}

/*
 * Gives an untyped literal or placeholder `v` the declared `type` of what it meets (`column`,
 * when a column, names it in errors). Returns `v` itself when nothing changes, a converted copy
 * otherwise, or the error node (error recorded) when the value does not fit the type.
 */
asql_expr *asql__adopt_type(asql_stmt *q, asql_expr *v, asql_type type, const char *column);

/* Gives the untyped one of `*a` and `*b` the declared type of the other (see adopt_type). */
void asql__adopt_pair(asql_stmt *q, asql_expr **a, asql_expr **b);

/* Gives an untyped `b` the declared type of `a` in place, without the copy: only for a literal
 * no one else can reach (the items asql_in_ints and asql_in_strs make). */
void asql__adopt_own(asql_stmt *q, const asql_expr *a, asql_expr *b);

/* A value node carried as bytes (text, blob, numeric), copied into the arena unless `borrow`;
 * the error node (EINVAL or ENOMEM recorded) on failure. */
asql_expr *asql__bytes_value(asql_stmt *q, asql_type_kind kind, const void *p, size_t len,
                             int borrow, unsigned flags, const char *fn);

/* 1 when `q` is usable and `s` is not NULL (else EINVAL recorded, naming `fn`). */
int asql__str_arg(asql_stmt *q, const char *s, const char *fn);

/* The shared statement returned when even a statement cannot be allocated. */
asql_stmt *asql__enomem_stmt(void);

/* A new top-level statement of `kind` (the shared ENOMEM one on failure). */
asql_stmt *asql__stmt_new(asql__stmt_kind kind);

/*
 * A sub-statement of `kind` in the arena of q's top-level statement; on failure the shared
 * ENOMEM statement (the error is recorded on `q`), on which every later call is inert.
 */
asql_stmt *asql__substmt_new(asql_stmt *q, asql__stmt_kind kind);

/* 1 when `a` and `b` belong to the same top-level statement. */
int asql__same_root(const asql_stmt *a, const asql_stmt *b);

/* Checks a declared table (name and columns); records ASQL_EINVAL naming `fn` if not. */
int asql__table_ok(asql_stmt *q, const asql_table *t, const char *fn);

/* Checks a clause call: a usable statement of a kind in the bit set `kinds` (else EMISUSE). */
int asql__clause_ok(asql_stmt *q, unsigned kinds, const char *fn);
#define ASQL__K(kind) (1u << ASQL__STMT_##kind)

/* A new alias named `name` (copied) owned by `q`, zeroed otherwise; NULL (error recorded). */
struct asql_alias *asql__alias_new(asql_stmt *q, const char *name, const char *fn);

/* 1 for a parameter name: [A-Za-z_][A-Za-z0-9_]*. */
int asql__name_ok(const char *s);

#endif
