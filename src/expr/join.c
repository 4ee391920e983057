/* SPDX-License-Identifier: MIT */
/*
 * join.c - table aliases, FROM items and joins, with the ON condition inferred from declared
 * foreign keys when none is given. Aliases and joins live in the top-level statement's arena;
 * nothing here produces SQL text.
 */
#include <stdio.h>
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"

/* Returned by failed alias constructors; never written to, and accepted by no call. */
static const asql_alias error_alias = {0};

/* Checks an alias argument: built for the same top-level statement as `q`. */
static int alias_ok(asql_stmt *q, const asql_alias *a, const char *fn)
{
    if (!asql__stmt_ok(q))
        return 0;
    if (!a || !a->owner || !asql__same_root(a->owner, q)) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: alias is NULL, failed or of another statement", fn);
        return 0;
    }
    return 1;
}

/* A copy of a non-empty name in the arena, or NULL (error recorded). */
static const char *name_copy(asql_stmt *q, const char *name, const char *fn)
{
    const char *copy;

    if (!name || !name[0]) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: name is NULL or empty", fn);
        return NULL;
    }
    copy = asql__arena_strndup(&q->arena, name, strlen(name));
    if (!copy)
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
    return copy;
}

/* Shared by the alias constructors of join.c and query.c (tables, subqueries, CTEs). */
asql_alias *asql__alias_new(asql_stmt *q, const char *name, const char *fn)
{
    asql_alias *a;
    const char *copy = name_copy(q, name, fn);

    if (!copy)
        return NULL;
    a = asql__stmt_alloc(q, sizeof *a);
    if (!a)
        return NULL;
    memset(a, 0, sizeof *a);
    a->owner = q;
    a->name = copy;
    return a;
}

/* The inert alias is returned on failure, so that asql_alias_col() on it fails cleanly. */
const asql_alias *asql_alias_table(asql_stmt *q, const asql_table *t, const char *name)
{
    asql_alias *a;

    if (!asql__stmt_ok(q) || !asql__table_ok(q, t, "asql_alias_table"))
        return &error_alias;
    a = asql__alias_new(q, name, "asql_alias_table");
    if (!a)
        return &error_alias;
    a->table = t;
    return a;
}

/*
 * A column read through an alias. The statement must then look for the aliases it uses when
 * compiling (many_tables), as it does for columns of tables other than its own.
 */
static asql_expr *alias_column_node(asql_stmt *q, const asql_alias *a, const asql_column *column,
                                    const char *name, asql_type type)
{
    asql_expr *e = asql__node_new(q, ASQL__N_ACOLUMN);

    if (!e)
        return asql__error_node();
    e->u.acol.alias = a;
    e->u.acol.column = column;
    e->u.acol.name = name;
    e->type = type;
    q->many_tables = 1;
    return e;
}

/* Columns are compared by address: only the aliased table's own column objects are accepted. */
asql_expr *asql_alias_col(asql_stmt *q, const asql_alias *a, const asql_column *column)
{
    if (!alias_ok(q, a, "asql_alias_col"))
        return asql__error_node();
    if (!column || !a->table || column->table != a->table) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "asql_alias_col: column \"%s\" is not a column of alias \"%s\"",
                        column && column->name ? column->name : "?", a->name);
        return asql__error_node();
    }
    return alias_column_node(q, a, column, column->name, column->type);
}

/* The name a select-list item is known by outside its query, or NULL. */
static const char *item_name(const asql_expr *e)
{
    switch (e->kind) {
    case ASQL__N_LABEL:
        return e->u.list.name;
    case ASQL__N_COLUMN:
        return e->u.column->name;
    case ASQL__N_ACOLUMN:
        return e->u.acol.name;
    default:
        return NULL;
    }
}

/* Finds result column `name` of query `sub` (its first part for a set operation). */
static int query_column(const asql_stmt *sub, const char *name, asql_type *type,
                        const asql_column **column)
{
    const asql__cell *c;
    int i;

    while (sub && sub->kind == ASQL__STMT_COMPOUND)
        sub = sub->parts ? sub->parts->stmt : NULL;
    if (!sub)
        return 0;
    for (c = sub->columns.head; c; c = c->next) {
        const char *n = item_name(c->e);
        if (n && strcmp(n, name) == 0) {
            *type = c->e->type;
            *column = c->e->kind == ASQL__N_COLUMN ? c->e->u.column : NULL;
            return 1;
        }
    }
    if (sub->columns.head)
        return 0;
    for (c = sub->from.head; c; c = c->next)
        for (i = 0; i < c->table->n_columns; i++)
            if (strcmp(c->table->columns[i].name, name) == 0) {
                *type = c->table->columns[i].type;
                *column = &c->table->columns[i];
                return 1;
            }
    return 0;
}

/*
 * By name: a CTE's column list wins (its query may not be given yet, as in a recursive CTE);
 * else the subquery's select list, whose item types the reference takes.
 */
asql_expr *asql_alias_ref(asql_stmt *q, const asql_alias *a, const char *name)
{
    const asql_column *column = NULL;
    asql_type type = {ASQL_TYPE_UNKNOWN, 0, 0, 0, 0};
    const char *copy;
    size_t i;

    if (!alias_ok(q, a, "asql_alias_ref"))
        return asql__error_node();
    if (!name) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_alias_ref: name is NULL");
        return asql__error_node();
    }
    if (a->table) {
        column = asql_table_column(a->table, name);
        if (column)
            return alias_column_node(q, a, column, column->name, column->type);
    } else if (a->cte && a->cte->n_column_names) {
        for (i = 0; i < a->cte->n_column_names; i++)
            if (strcmp(a->cte->column_names[i], name) == 0) {
                if (a->sub)
                    query_column(a->sub, name, &type, &column);
                return alias_column_node(q, a, NULL, a->cte->column_names[i], type);
            }
    } else if (a->sub && query_column(a->sub, name, &type, &column)) {
        copy = asql__arena_strndup(&q->arena, name, strlen(name));
        if (!copy) {
            asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
            return asql__error_node();
        }
        return alias_column_node(q, a, NULL, copy, type);
    }
    asql__stmt_fail(q, ASQL_EINVAL, "asql_alias_ref: alias \"%s\" has no column \"%s\"", a->name,
                    name);
    return asql__error_node();
}

/* --- FROM items and joins -------------------------------------------------------------------- */

/* Appends "a.name, b.name" of the tables already in FROM to `buf`, for error messages. */
static void left_names(const asql_stmt *q, char *buf, size_t size)
{
    const asql__cell *c;
    const asql__join *j;
    size_t len;

    buf[0] = '\0';
    for (c = q->from.head; c; c = c->next) {
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s\"%s\"", len ? ", " : "", c->table->name);
    }
    for (j = q->joins; j; j = j->next) {
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s\"%s\"", len ? ", " : "",
                 j->table ? j->table->name : j->alias->name);
    }
}

/* A reference to `column` through FROM item (t, a): the alias column, or the table column. */
static asql_expr *ref(asql_stmt *q, const asql_alias *a, const asql_column *column)
{
    return a ? asql_alias_col(q, a, column) : asql_col(q, column);
}

/* A match found while inferring ON: left.lcol = right.rcol. */
typedef struct fk_match {
    const asql_alias *left_alias;
    const asql_column *lcol, *rcol;
    int n;
} fk_match;

/* Counts the foreign keys between left item (lt, la) and the right table rt. */
static void match_item(fk_match *m, const asql_table *lt, const asql_alias *la,
                       const asql_table *rt)
{
    int i;

    for (i = 0; i < rt->n_columns; i++) {
        const asql_column *fk = rt->columns[i].foreign_key;
        if (fk && fk->table == lt) {
            if (m->n++ == 0) {
                m->left_alias = la;
                m->lcol = fk;
                m->rcol = &rt->columns[i];
            }
        }
    }
    if (lt == rt)
        return; /* a self-reference was counted once above */
    for (i = 0; i < lt->n_columns; i++) {
        const asql_column *fk = lt->columns[i].foreign_key;
        if (fk && fk->table == rt) {
            if (m->n++ == 0) {
                m->left_alias = la;
                m->lcol = &lt->columns[i];
                m->rcol = fk;
            }
        }
    }
}

/* The ON condition from the one foreign key between the FROM items and (rt, ra). */
static asql_expr *infer_on(asql_stmt *q, const asql_table *rt, const asql_alias *ra, const char *fn)
{
    const asql__cell *c;
    const asql__join *j;
    fk_match m = {NULL, NULL, NULL, 0};
    char names[160];

    if (!rt) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: give the ON condition of a join to subquery \"%s\"",
                        fn, ra->name);
        return NULL;
    }
    for (c = q->from.head; c; c = c->next)
        match_item(&m, c->table, NULL, rt);
    for (j = q->joins; j; j = j->next)
        if (j->table || j->alias->table)
            match_item(&m, j->table ? j->table : j->alias->table, j->alias, rt);
    left_names(q, names, sizeof names);
    if (m.n == 0) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: no foreign key links table \"%s\" with %s", fn,
                        rt->name, names[0] ? names : "an empty FROM list");
        return NULL;
    }
    if (m.n > 1) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "%s: %d foreign keys link table \"%s\" with %s; give the ON condition", fn,
                        m.n, rt->name, names);
        return NULL;
    }
    return (asql_eq)(q, ref(q, m.left_alias, m.lcol), ref(q, ra, m.rcol));
}

/* 1 when `t` itself is already an explicit FROM table or joined in `q`. */
static int table_in_from(const asql_stmt *q, const asql_table *t)
{
    const asql__cell *c;
    const asql__join *j;

    for (c = q->from.head; c; c = c->next)
        if (c->table == t)
            return 1;
    for (j = q->joins; j; j = j->next)
        if (j->table == t)
            return 1;
    return 0;
}

/*
 * SQLAlchemy's select(notes.c.text, tags.c.name).join(tags): with nothing in FROM yet, the left
 * side of the first join is the table of the first selected column other than the joined one.
 */
static void from_first_column(asql_stmt *q, const asql_table *joined)
{
    const asql__cell *c;

    if (q->from.head || q->joins)
        return;
    for (c = q->columns.head; c; c = c->next) {
        const asql_expr *e = c->e;
        if (e && e->kind == ASQL__N_LABEL)
            e = e->u.list.e;
        if (e && e->kind == ASQL__N_COLUMN && e->u.column->table != joined) {
            asql__cell *from = asql__list_append(q, &q->from, NULL);
            if (from) {
                from->table = e->u.column->table;
                q->table = from->table;
            }
            return;
        }
    }
}

static void add_join(asql_stmt *q, unsigned kind, const asql_table *t, const asql_alias *a,
                     asql_expr *on, const char *fn)
{
    asql__join *j;

    if (!asql__clause_ok(q, ASQL__K(SELECT), fn))
        return;
    if (a ? !alias_ok(q, a, fn) : !asql__table_ok(q, t, fn))
        return;
    if (kind > ASQL_JOIN_FULL && kind != ASQL__JOIN_FROM) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: unknown join kind %u", fn, kind);
        return;
    }
    if (kind != ASQL__JOIN_FROM)
        from_first_column(q, a ? a->table : t);
    if (t && table_in_from(q, t)) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: table \"%s\" is already in FROM", fn, t->name);
        return;
    }
    if (on && !asql__expr_ok(q, on, fn))
        return;
    if (!on && kind != ASQL__JOIN_FROM && !(on = infer_on(q, a ? a->table : t, a, fn)))
        return;
    if (!asql__stmt_ok(q))
        return;
    j = asql__stmt_alloc(q, sizeof *j);
    if (!j)
        return;
    memset(j, 0, sizeof *j);
    j->kind = (unsigned char)kind;
    j->table = a ? NULL : t;
    j->alias = a;
    j->on = on;
    q->many_tables = 1; /* the compiler must look for every table and alias used */
    if (q->last_join)
        q->last_join->next = j;
    else
        q->joins = j;
    q->last_join = j;
}

/* An alias in FROM is an ASQL__JOIN_FROM entry of the join list, kept in order. */
void asql_from(asql_stmt *q, const asql_alias *a)
{
    if (!alias_ok(q, a, "asql_from"))
        return;
    add_join(q, ASQL__JOIN_FROM, NULL, a, NULL, "asql_from");
}

/* The four join entry points differ only in the kind they record. */
void asql_join(asql_stmt *q, const asql_table *t, asql_expr *on)
{
    add_join(q, ASQL_JOIN_INNER, t, NULL, on, "asql_join");
}

void asql_left_join(asql_stmt *q, const asql_table *t, asql_expr *on)
{
    add_join(q, ASQL_JOIN_LEFT, t, NULL, on, "asql_left_join");
}

void asql_full_join(asql_stmt *q, const asql_table *t, asql_expr *on)
{
    add_join(q, ASQL_JOIN_FULL, t, NULL, on, "asql_full_join");
}

void asql_join_alias(asql_stmt *q, asql_join_kind kind, const asql_alias *a, asql_expr *on)
{
    if (!alias_ok(q, a, "asql_join_alias"))
        return;
    add_join(q, (unsigned)kind, NULL, a, on, "asql_join_alias");
}
