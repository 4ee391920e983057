/* SPDX-License-Identifier: MIT */
/*
 * forms.c - the special forms of the expression language: CASE (searched and simple), CAST,
 * window functions with OVER, NULLS FIRST/LAST ordering terms and SELECT ... FOR UPDATE.
 * Nothing here produces SQL text.
 */
#include <stdint.h>
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"

/* A CASE node starts empty; asql_when() and asql_else() fill it in place. */
asql_expr *asql_case(asql_stmt *q, asql_expr *subject)
{
    asql_expr *e;

    if (!asql__stmt_ok(q) || (subject && !asql__expr_ok(q, subject, "asql_case")))
        return asql__error_node();
    e = asql__node_new(q, ASQL__N_CASE);
    if (!e)
        return asql__error_node();
    e->u.cases.e = subject;
    return e;
}

/* Checks that `c` is a CASE node of `q`. */
static int case_ok(asql_stmt *q, const asql_expr *c, const char *fn)
{
    if (!asql__stmt_ok(q) || !asql__expr_ok(q, c, fn))
        return 0;
    if (c->kind != ASQL__N_CASE) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: the expression is not an asql_case()", fn);
        return 0;
    }
    return 1;
}

/* Gives an untyped result the CASE's type, or the CASE the type of its first typed result. */
static asql_expr *case_result(asql_stmt *q, asql_expr *c, asql_expr *v)
{
    if (c->type.kind == ASQL_TYPE_UNKNOWN && !(v->flags & ASQL__F_UNTYPED))
        c->type = v->type;
    else if (c->type.kind != ASQL_TYPE_UNKNOWN)
        v = asql__adopt_type(q, v, c->type, "a CASE result");
    return v;
}

asql_expr *(asql_when)(asql_stmt *q, asql_expr *case_expr, asql_expr *when, asql_expr *then)
{
    asql_expr **items;
    size_t n;

    if (!case_ok(q, case_expr, "asql_when") || !asql__expr_ok(q, when, "asql_when") ||
        !asql__expr_ok(q, then, "asql_when"))
        return asql__error_node();
    n = case_expr->u.cases.n;
    if (n > SIZE_MAX / sizeof *items - 2) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_when: too many branches");
        return asql__error_node();
    }
    /* Branches are few: the array is copied into a larger one on each call. */
    items = asql__stmt_alloc(q, (n + 2) * sizeof *items);
    if (!items)
        return asql__error_node();
    if (n)
        memcpy(items, case_expr->u.cases.items, n * sizeof *items);
    if (case_expr->u.cases.e && (when->flags & ASQL__F_UNTYPED))
        when = asql__adopt_type(q, when, case_expr->u.cases.e->type, "a CASE value");
    then = case_result(q, case_expr, then);
    if (!asql__stmt_ok(q))
        return asql__error_node();
    items[n] = when;
    items[n + 1] = then;
    case_expr->u.cases.items = items;
    case_expr->u.cases.n = n + 2;
    return case_expr;
}

/* A second asql_else() replaces the first: a CASE has one ELSE. */
asql_expr *(asql_else)(asql_stmt *q, asql_expr *case_expr, asql_expr *value)
{
    if (!case_ok(q, case_expr, "asql_else") || !asql__expr_ok(q, value, "asql_else"))
        return asql__error_node();
    value = case_result(q, case_expr, value);
    if (!asql__stmt_ok(q))
        return asql__error_node();
    case_expr->u.cases.other = value;
    return case_expr;
}

/* The target type is the node's type: results are read back by it. */
asql_expr *(asql_cast)(asql_stmt *q, asql_expr *e, asql_type type)
{
    asql_expr *node;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, "asql_cast"))
        return asql__error_node();
    if (type.kind == ASQL_TYPE_UNKNOWN || (unsigned)type.kind > ASQL_TYPE_UUID) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_cast: no target type");
        return asql__error_node();
    }
    node = asql__node_new(q, ASQL__N_CAST);
    if (!node)
        return asql__error_node();
    node->type = type;
    node->u.ops.a = e;
    return node;
}

/* --- window functions ------------------------------------------------------------------------ */

asql_expr *asql_over(asql_stmt *q, asql_expr *fn, size_t n_partition, asql_expr *const *partition,
                     size_t n_order, asql_expr *const *order)
{
    asql_expr *node, **items = NULL;
    size_t i, n = n_partition + n_order;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, fn, "asql_over"))
        return asql__error_node();
    if ((n_partition && !partition) || (n_order && !order) || n < n_partition ||
        n > SIZE_MAX / sizeof *items) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_over: a term array is NULL or too long");
        return asql__error_node();
    }
    if (fn->kind != ASQL__N_FUNC) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_over: the window function is not a function call");
        return asql__error_node();
    }
    if (n && !(items = asql__stmt_alloc(q, n * sizeof *items)))
        return asql__error_node();
    for (i = 0; i < n; i++) {
        items[i] = i < n_partition ? partition[i] : order[i - n_partition];
        if (!asql__expr_ok(q, items[i], "asql_over"))
            return asql__error_node();
    }
    node = asql__node_new(q, ASQL__N_OVER);
    if (!node)
        return asql__error_node();
    node->type = fn->type;
    node->u.over.fn = fn;
    node->u.over.items = items;
    node->u.over.n = n;
    node->u.over.n_partition = n_partition;
    return node;
}

/* Ranking functions count rows: their type is BIGINT on every database. */
static asql_expr *ranking(asql_stmt *q, const char *name)
{
    asql_expr *e = asql_func(q, name, 0, NULL);

    if (e->kind == ASQL__N_FUNC)
        e->type.kind = ASQL_TYPE_BIGINT;
    return e;
}

asql_expr *asql_row_number(asql_stmt *q)
{
    return ranking(q, "row_number");
}

asql_expr *asql_rank(asql_stmt *q)
{
    return ranking(q, "rank");
}

asql_expr *asql_dense_rank(asql_stmt *q)
{
    return ranking(q, "dense_rank");
}

/* --- ordering and locking -------------------------------------------------------------------- */

static asql_expr *nulls(asql_stmt *q, asql__op op, asql_expr *e, const char *fn)
{
    asql_expr *node;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, fn))
        return asql__error_node();
    if (e->kind == ASQL__N_UNARY &&
        (e->op == ASQL__OP_NULLS_FIRST || e->op == ASQL__OP_NULLS_LAST)) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: the term already says where NULLs go", fn);
        return asql__error_node();
    }
    node = asql__node_new(q, ASQL__N_UNARY);
    if (!node)
        return asql__error_node();
    node->op = (unsigned char)op;
    node->type = e->type;
    node->u.ops.a = e;
    return node;
}

asql_expr *(asql_nulls_first)(asql_stmt *q, asql_expr *e)
{
    return nulls(q, ASQL__OP_NULLS_FIRST, e, "asql_nulls_first");
}

asql_expr *(asql_nulls_last)(asql_stmt *q, asql_expr *e)
{
    return nulls(q, ASQL__OP_NULLS_LAST, e, "asql_nulls_last");
}

/* Only a SELECT locks rows; dialects without row locks leave the clause out. */
void asql_for_update(asql_stmt *q)
{
    if (asql__clause_ok(q, ASQL__K(SELECT), "asql_for_update"))
        q->for_update = 1;
}
