/* SPDX-License-Identifier: MIT */
/*
 * query.c - statements inside statements: subqueries (scalar, EXISTS, IN, in FROM), common table
 * expressions and set operations. Each is a sub-statement allocated in the top-level statement's
 * arena and freed with it. Nothing here produces SQL text.
 */
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"

/*
 * A SELECT allocated in the arena of q's top-level statement, with that statement as its root:
 * it cannot outlive it, and freeing it alone does nothing.
 */
asql_stmt *asql_subquery(asql_stmt *q, const asql_table *from)
{
    asql_stmt *sub = asql__substmt_new(q, ASQL__STMT_SELECT);

    if (sub->status != ASQL_OK || !from)
        return sub;
    if (asql__table_ok(sub, from, "asql_subquery")) {
        asql__cell *c = asql__list_append(sub, &sub->from, NULL);
        if (c)
            c->table = from;
        sub->table = from;
    }
    return sub;
}

/* Checks a sub-statement argument: a SELECT or set operation of the same top-level statement
 * as `q`, other than `q` itself, without an error of its own. */
static int sub_ok(asql_stmt *q, const asql_stmt *sub, const char *fn)
{
    if (!asql__stmt_ok(q))
        return 0;
    if (!sub || !sub->root || sub == q || !asql__same_root(q, sub)) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "%s: not a subquery of this statement (build it with asql_subquery)", fn);
        return 0;
    }
    if (sub->status != ASQL_OK) {
        asql__stmt_fail(q, sub->status, "%s", sub->errmsg);
        return 0;
    }
    if (sub->kind != ASQL__STMT_SELECT && sub->kind != ASQL__STMT_COMPOUND) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: the subquery is not a SELECT", fn);
        return 0;
    }
    return 1;
}

/* The type of a one-column query: its first select-list item's. */
static asql_type query_type(const asql_stmt *sub)
{
    asql_type none = {ASQL_TYPE_UNKNOWN, 0, 0, 0, 0};

    while (sub && sub->kind == ASQL__STMT_COMPOUND)
        sub = sub->parts ? sub->parts->stmt : NULL;
    if (!sub || !sub->columns.head)
        return none;
    return sub->columns.head->e->type;
}

/* The node that places a subquery in an expression; the subquery itself stays unchanged. */
static asql_expr *sub_node(asql_stmt *q, asql__op op, asql_expr *e, asql_stmt *sub, const char *fn)
{
    asql_expr *node;

    if (!sub_ok(q, sub, fn) || (e && !asql__expr_ok(q, e, fn)))
        return asql__error_node();
    if (e) {
        /* An untyped value IN (SELECT col ...) is bound with col's type. */
        e = asql__adopt_type(q, e, query_type(sub), "the subquery's column");
        if (!asql__stmt_ok(q))
            return asql__error_node();
    }
    node = asql__node_new(q, ASQL__N_SUBQUERY);
    if (!node)
        return asql__error_node();
    node->op = (unsigned char)op;
    node->u.sub.e = e;
    node->u.sub.stmt = sub;
    if (op == ASQL__OP_SCALAR)
        node->type = query_type(sub);
    else
        node->type.kind = ASQL_TYPE_BOOLEAN;
    return node;
}

/* A scalar subquery takes the type of its first column, so comparisons bind by it. */
asql_expr *asql_scalar(asql_stmt *q, asql_stmt *sub)
{
    return sub_node(q, ASQL__OP_SCALAR, NULL, sub, "asql_scalar");
}

asql_expr *asql_exists(asql_stmt *q, asql_stmt *sub)
{
    return sub_node(q, ASQL__OP_EXISTS, NULL, sub, "asql_exists");
}

asql_expr *asql_not_exists(asql_stmt *q, asql_stmt *sub)
{
    return sub_node(q, ASQL__OP_NOT_EXISTS, NULL, sub, "asql_not_exists");
}

/* NULL is rejected here: the shared checks accept a NULL left side for EXISTS. */
asql_expr *(asql_in_select)(asql_stmt *q, asql_expr *e, asql_stmt *sub)
{
    if (asql__stmt_ok(q) && !e) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_in_select: expression argument is NULL");
        return asql__error_node();
    }
    return sub_node(q, ASQL__OP_IN, e, sub, "asql_in_select");
}

asql_expr *(asql_not_in_select)(asql_stmt *q, asql_expr *e, asql_stmt *sub)
{
    if (asql__stmt_ok(q) && !e) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_not_in_select: expression argument is NULL");
        return asql__error_node();
    }
    return sub_node(q, ASQL__OP_NOT_IN, e, sub, "asql_not_in_select");
}

/* The alias owns nothing: the subquery stays a sub-statement of the same root. */
const asql_alias *asql_subquery_alias(asql_stmt *q, asql_stmt *sub, const char *name)
{
    static const asql_alias error_alias = {0};
    asql_alias *a;

    if (!sub_ok(q, sub, "asql_subquery_alias"))
        return &error_alias;
    a = asql__alias_new(q, name, "asql_subquery_alias");
    if (!a)
        return &error_alias;
    a->sub = sub;
    return a;
}

/* --- WITH ------------------------------------------------------------------------------------ */

const asql_alias *asql_cte(asql_stmt *q, const char *name, bool recursive, size_t n_columns,
                           const char *const *columns)
{
    static const asql_alias error_alias = {0};
    const char **names = NULL;
    asql__cte *cte;
    asql_alias *a;
    size_t i;

    if (!asql__clause_ok(q, ASQL__K(SELECT) | ASQL__K(COMPOUND), "asql_cte"))
        return &error_alias;
    if (n_columns && !columns) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_cte: column name array is NULL");
        return &error_alias;
    }
    a = asql__alias_new(q, name, "asql_cte");
    cte = a ? asql__stmt_alloc(q, sizeof *cte) : NULL;
    if (cte && n_columns && n_columns <= SIZE_MAX / sizeof *names)
        names = asql__stmt_alloc(q, n_columns * sizeof *names);
    if (!cte || (n_columns && !names))
        return &error_alias;
    for (i = 0; i < n_columns; i++) {
        if (!columns[i] || !columns[i][0]) {
            asql__stmt_fail(q, ASQL_EINVAL, "asql_cte: column name %zu is NULL or empty", i + 1);
            return &error_alias;
        }
        names[i] = asql__arena_strndup(&q->arena, columns[i], strlen(columns[i]));
        if (!names[i]) {
            asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
            return &error_alias;
        }
    }
    memset(cte, 0, sizeof *cte);
    cte->alias = a;
    cte->column_names = names;
    cte->n_column_names = n_columns;
    a->cte = cte;
    if (recursive)
        q->recursive = 1;
    if (q->last_cte)
        q->last_cte->next = cte;
    else
        q->ctes = cte;
    q->last_cte = cte;
    return a;
}

/* A CTE gets its query once; compiling a CTE without one is ASQL_EINVAL. */
void asql_cte_as(asql_stmt *q, const asql_alias *cte, asql_stmt *sub)
{
    if (!sub_ok(q, sub, "asql_cte_as"))
        return;
    if (!cte || !cte->cte || cte->cte->alias != cte || cte->owner != q) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_cte_as: not a CTE declared on this statement");
        return;
    }
    if (cte->sub) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_cte_as: CTE \"%s\" already has its query", cte->name);
        return;
    }
    /* The alias was allocated writable by asql_cte(); it is const only for the caller. */
    ((asql_alias *)cte)->sub = sub;
}

/* --- set operations -------------------------------------------------------------------------- */

static int compound_kind_ok(asql_stmt *q, asql_compound_kind kind, const char *fn)
{
    if (kind < ASQL_UNION || kind > ASQL_EXCEPT) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: unknown set operation %d", fn, (int)kind);
        return 0;
    }
    return 1;
}

/* A top-level set operation owns the arena its parts are built in. */
asql_stmt *asql_compound(asql_compound_kind kind)
{
    asql_stmt *q = asql__stmt_new(ASQL__STMT_COMPOUND);

    if (q->status == ASQL_OK && compound_kind_ok(q, kind, "asql_compound"))
        q->compound_op = (unsigned)kind;
    return q;
}

/* A set operation inside a statement, for a recursive CTE or a subquery. */
asql_stmt *asql_subcompound(asql_stmt *q, asql_compound_kind kind)
{
    asql_stmt *sub;

    if (!asql__stmt_ok(q) || !compound_kind_ok(q, kind, "asql_subcompound"))
        return asql__enomem_stmt();
    sub = asql__substmt_new(q, ASQL__STMT_COMPOUND);
    if (sub->status == ASQL_OK)
        sub->compound_op = (unsigned)kind;
    return sub;
}

/* Parts are checked for column counts at compile time, when every select list is final. */
void asql_compound_add(asql_stmt *compound, asql_stmt *part)
{
    asql__part *p;

    if (!asql__clause_ok(compound, ASQL__K(COMPOUND), "asql_compound_add") ||
        !sub_ok(compound, part, "asql_compound_add"))
        return;
    if (part->kind != ASQL__STMT_SELECT) {
        asql__stmt_fail(compound, ASQL_EINVAL, "asql_compound_add: a part must be a SELECT");
        return;
    }
    p = asql__stmt_alloc(compound, sizeof *p);
    if (!p)
        return;
    p->next = NULL;
    p->stmt = part;
    if (compound->last_part)
        compound->last_part->next = p;
    else
        compound->parts = p;
    compound->last_part = p;
    compound->n_parts++;
}
