/* SPDX-License-Identifier: MIT */
/*
 * compile_query.c - compiling queries inside queries and the special forms: FROM with aliases
 * and joins, correlated and uncorrelated subqueries, WITH, set operations, CASE, CAST, window
 * functions and the `excluded` row of an upsert. The walker itself is compile.c.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/compiler.h"

/* SQL text from this file: keywords and punctuation. */
static void kw(compiler *c, const char *s)
{
    asql__sqlbuf_keyword(&c->b, s);
}

/* Once an error is recorded the walk only unwinds. */
static int failed(const compiler *c)
{
    return c->b.status != ASQL_OK;
}

/* --- scopes: which FROM items a column may come from ------------------------------------------ */

int asql__compile_table_in_outer(const compiler *c, const asql_table *t)
{
    const asql__scope *s;
    int i;

    for (s = c->outer; s; s = s->outer)
        for (i = 0; i < s->n_tables; i++)
            if (s->tables[i] == t)
                return 1;
    return 0;
}

static int alias_in(const asql_alias *const *aliases, int n, const asql_alias *a)
{
    int i;

    for (i = 0; i < n; i++)
        if (aliases[i] == a)
            return 1;
    return 0;
}

/* The same for aliases: a subquery may read an alias of the query around it. */
static int alias_in_outer(const compiler *c, const asql_alias *a)
{
    const asql__scope *s;

    for (s = c->outer; s; s = s->outer)
        if (alias_in(s->aliases, s->n_aliases, a))
            return 1;
    return 0;
}

/* An alias may be read when this query or an enclosing one has it in FROM. */
static int alias_allowed(const compiler *c, const asql_alias *a)
{
    return alias_in(c->aliases, c->n_aliases, a) || alias_in_outer(c, a);
}

/* Adds `a` to the current FROM items, unless an enclosing query has it (correlation). */
static void add_alias(compiler *c, const asql_alias *a)
{
    if (alias_allowed(c, a))
        return;
    if (c->n_aliases == MAX_TABLES) {
        asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "more than %d aliases in one SELECT", MAX_TABLES);
        return;
    }
    c->aliases[c->n_aliases++] = a;
}

/*
 * Joined tables and aliases are FROM items of this query before the walk for columns, so that
 * the walk neither lists them after a comma nor mistakes them for correlated ones.
 */
void asql__compile_join_scope(compiler *c, const asql_stmt *q)
{
    const asql__join *j;
    int i, seen;

    for (j = q->joins; j; j = j->next) {
        if (j->alias) {
            /* An explicit FROM item belongs to this query even when an outer one has it. */
            if (!alias_in(c->aliases, c->n_aliases, j->alias) && c->n_aliases < MAX_TABLES)
                c->aliases[c->n_aliases++] = j->alias;
            continue;
        }
        for (i = 0, seen = 0; i < c->n_tables; i++)
            seen |= c->tables[i] == j->table;
        if (!seen && c->n_tables < MAX_TABLES)
            c->tables[c->n_tables++] = j->table;
        else if (!seen)
            asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "more than %d tables in one SELECT", MAX_TABLES);
    }
}

/*
 * Compiles sub-statement `sub` with a scope of its own. A correlated one (in an expression) can
 * read the FROM items of the enclosing queries; one in FROM or WITH cannot. Result columns are
 * recorded only for the first part of a top-level set operation (`record`).
 */
static int nested(compiler *c, const asql_stmt *sub, int correlated, int record)
{
    const asql__scope *outer = c->outer;
    int qualify = c->qualify, bare = c->bare, n;
    asql__scope scope;

    memcpy(scope.tables, c->tables, sizeof scope.tables);
    memcpy(scope.aliases, c->aliases, sizeof scope.aliases);
    scope.n_tables = c->n_tables;
    scope.n_aliases = c->n_aliases;
    scope.outer = outer;
    c->outer = correlated ? &scope : NULL;
    c->n_tables = c->n_aliases = 0;
    c->bare = 0;
    if (!record)
        c->depth++;
    n = asql__compile_query(c, sub);
    if (!record)
        c->depth--;
    memcpy(c->tables, scope.tables, sizeof scope.tables);
    memcpy(c->aliases, scope.aliases, sizeof scope.aliases);
    c->n_tables = scope.n_tables;
    c->n_aliases = scope.n_aliases;
    c->outer = outer;
    c->qualify = qualify;
    c->bare = bare;
    return n;
}

/* --- FROM and joins --------------------------------------------------------------------------- */

int asql__compile_table_joined(const asql_stmt *q, const asql_table *t)
{
    const asql__join *j;

    for (j = q->joins; j; j = j->next)
        if (j->table == t)
            return 1;
    return 0;
}

/* An alias given to asql_from() is a plain FROM item; a joined one is written in its JOIN. */
static int alias_joined(const asql_stmt *q, const asql_alias *a)
{
    const asql__join *j;

    for (j = q->joins; j; j = j->next)
        if (j->alias == a && j->kind != ASQL__JOIN_FROM)
            return 1;
    return 0;
}

/* A FROM item: a table, `t AS a`, `(SELECT ...) AS a`, or a CTE by name. */
static void from_item(compiler *c, const asql_table *t, const asql_alias *a)
{
    if (t) {
        asql__compile_table_name(c, t);
    } else if (a->cte) {
        asql__sqlbuf_ident(&c->b, a->name);
    } else if (a->table) {
        asql__sqlbuf_ident(&c->b, a->table->name);
        kw(c, " AS ");
        asql__sqlbuf_ident(&c->b, a->name);
    } else {
        kw(c, "(");
        nested(c, a->sub, 0, 0);
        kw(c, ") AS ");
        asql__sqlbuf_ident(&c->b, a->name);
    }
}

/*
 * FROM: PostgreSQL and MySQL bind JOIN before the comma, so the joins follow the first item,
 * whose columns their ON conditions may use, and the other items come after them.
 */
void asql__compile_from(compiler *c, const asql_stmt *q)
{
    static const char *const join_sql[] = {" JOIN ", " LEFT OUTER JOIN ", " FULL OUTER JOIN "};
    const asql__join *j;
    int i, n = 0;

    /* The first plain item, then the joins (which may read it), then the other items. */
    for (i = 0; i < c->n_tables && !failed(c); i++) {
        if (asql__compile_table_joined(q, c->tables[i]))
            continue;
        kw(c, n++ ? ", " : " FROM ");
        from_item(c, c->tables[i], NULL);
        for (j = q->joins; j && n == 1 && !failed(c); j = j->next) {
            if (j->kind == ASQL__JOIN_FROM)
                continue;
            if (j->kind == ASQL_JOIN_FULL && !c->d->full_join) {
                asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "FULL OUTER JOIN is not supported by %s",
                                  c->d->name);
                return;
            }
            kw(c, join_sql[j->kind]);
            from_item(c, j->table, j->alias);
            kw(c, " ON ");
            asql__compile_expr(c, j->on);
        }
    }
    for (i = 0; i < c->n_aliases && !failed(c); i++) {
        if (alias_joined(q, c->aliases[i]))
            continue;
        kw(c, n++ ? ", " : " FROM ");
        from_item(c, NULL, c->aliases[i]);
    }
    for (j = q->joins; j && n == 0 && !failed(c); j = j->next)
        if (j->kind != ASQL__JOIN_FROM)
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "JOIN of \"%s\" has no table to join to",
                              j->table ? j->table->name : j->alias->name);
}

/* --- WITH, set operations, queries ------------------------------------------------------------ */

/* WITH [RECURSIVE] name (columns) AS (query), ... before a query. */
static void with_clause(compiler *c, const asql_stmt *q)
{
    const asql__cte *cte;
    size_t i;

    if (!q->ctes)
        return;
    kw(c, q->recursive ? "WITH RECURSIVE " : "WITH ");
    for (cte = q->ctes; cte && !failed(c); cte = cte->next) {
        if (!cte->alias->sub) {
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "CTE \"%s\" has no query (asql_cte_as)",
                              cte->alias->name);
            return;
        }
        if (cte != q->ctes)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cte->alias->name);
        for (i = 0; i < cte->n_column_names; i++) {
            kw(c, i ? ", " : " (");
            asql__sqlbuf_ident(&c->b, cte->column_names[i]);
        }
        kw(c, cte->n_column_names ? ") AS (" : " AS (");
        nested(c, cte->alias->sub, 0, 0);
        kw(c, ")");
    }
    kw(c, " ");
}

/*
 * Parts are written without parentheses (SQLite accepts none around them), so a part may not
 * have its own ORDER BY or LIMIT. ORDER BY of the whole names output columns, written bare.
 */
int asql__compile_compound(compiler *c, const asql_stmt *q)
{
    static const char *const op_sql[] = {"", " UNION ", " UNION ALL ", " INTERSECT ", " EXCEPT "};
    const asql__part *p;
    int n, first_n = 0, i = 0;

    if (!q->parts) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "set operation has no parts (asql_compound_add)");
        return 0;
    }
    for (p = q->parts; p && !failed(c); p = p->next) {
        i++;
        if (p->stmt->order_by.head || p->stmt->has_limit || p->stmt->has_offset) {
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                              "set operation: part %d has its own ORDER BY, LIMIT or OFFSET; "
                              "give them to the whole",
                              i);
            return 0;
        }
        if (p != q->parts)
            kw(c, op_sql[q->compound_op]);
        n = nested(c, p->stmt, 0, p == q->parts && c->depth == 0);
        if (p == q->parts)
            first_n = n;
        else if (n != first_n && !failed(c))
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                              "set operation: part %d returns %d columns, part 1 returns %d", i, n,
                              first_n);
    }
    c->bare = 1;
    asql__compile_order_by(c, q);
    c->bare = 0;
    return first_n;
}

/* A sub-statement's own sticky error is reported when it is compiled. */
int asql__compile_query(compiler *c, const asql_stmt *q)
{
    if (q->status != ASQL_OK) {
        asql__sqlbuf_fail(&c->b, q->status, "%s", q->errmsg);
        return 0;
    }
    with_clause(c, q);
    if (q->kind == ASQL__STMT_COMPOUND)
        return asql__compile_compound(c, q);
    return asql__compile_select(c, q);
}

/* --- special forms ---------------------------------------------------------------------------- */

/* Writes `e`, in parentheses unless it is a single term. */
static void term(compiler *c, const asql_expr *e)
{
    int simple = e->kind == ASQL__N_COLUMN || e->kind == ASQL__N_ACOLUMN ||
                 e->kind == ASQL__N_VALUE || e->kind == ASQL__N_PARAM || e->kind == ASQL__N_FUNC ||
                 e->kind == ASQL__N_CAST || e->kind == ASQL__N_CASE;

    if (!simple)
        kw(c, "(");
    asql__compile_expr(c, e);
    if (!simple)
        kw(c, ")");
}

/* `alias.column`; bare in the ORDER BY of a set operation. */
static void alias_column(compiler *c, const asql_expr *e)
{
    const asql_alias *a = e->u.acol.alias;

    if (c->bare) {
        asql__sqlbuf_ident(&c->b, e->u.acol.name);
        return;
    }
    if (!alias_allowed(c, a)) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                          "column \"%s\" of alias \"%s\" is not in the FROM list of this statement",
                          e->u.acol.name, a->name);
        return;
    }
    asql__sqlbuf_ident(&c->b, a->name);
    kw(c, ".");
    asql__sqlbuf_ident(&c->b, e->u.acol.name);
}

/* Subqueries in expressions are correlated: they may read the enclosing FROM items. */
static void subquery(compiler *c, const asql_expr *e)
{
    switch (e->op) {
    case ASQL__OP_IN:
    case ASQL__OP_NOT_IN:
        term(c, e->u.sub.e);
        kw(c, e->op == ASQL__OP_IN ? " IN (" : " NOT IN (");
        break;
    case ASQL__OP_EXISTS:
        kw(c, "EXISTS (");
        break;
    case ASQL__OP_NOT_EXISTS:
        kw(c, "NOT EXISTS (");
        break;
    default:
        kw(c, "(");
        break;
    }
    nested(c, e->u.sub.stmt, 1, 0);
    kw(c, ")");
}

/* A simple CASE's subject is written once; each WHEN compares with it. */
static void case_expr(compiler *c, const asql_expr *e)
{
    size_t i;

    if (e->u.cases.n == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "CASE without a WHEN branch (asql_when)");
        return;
    }
    kw(c, "CASE");
    if (e->u.cases.e) {
        kw(c, " ");
        term(c, e->u.cases.e);
    }
    for (i = 0; i + 1 < e->u.cases.n; i += 2) {
        kw(c, " WHEN ");
        asql__compile_expr(c, e->u.cases.items[i]);
        kw(c, " THEN ");
        asql__compile_expr(c, e->u.cases.items[i + 1]);
    }
    if (e->u.cases.other) {
        kw(c, " ELSE ");
        asql__compile_expr(c, e->u.cases.other);
    }
    kw(c, " END");
}

/* The name of type `t` in table `names`, into buf; NULL when the dialect has none. */
const char *asql__type_sql(const asql__type_names *names, asql_type t, char *buf, size_t size)
{
    const char *fmt = names->names[t.kind];

    if (t.kind == ASQL_TYPE_STRING && t.length && names->varchar)
        snprintf(buf, size, names->varchar, t.length);
    else if (t.kind == ASQL_TYPE_NUMERIC && t.precision && names->numeric)
        snprintf(buf, size, names->numeric, (unsigned)t.precision, (unsigned)t.scale);
    else if (t.kind == ASQL_TYPE_BLOB && t.length && names->binary)
        snprintf(buf, size, names->binary, t.length);
    else if (t.kind == ASQL_TYPE_TIME && t.timezone)
        return names->time_tz;
    else if (t.kind == ASQL_TYPE_DATETIME && t.timezone)
        return names->datetime_tz;
    else
        return fmt;
    return buf;
}

/* The cast type table of the dialect: MySQL accepts only a few type names in CAST. */
static void cast(compiler *c, const asql_expr *e)
{
    char buf[48];
    const char *name = asql__type_sql(c->d->cast_types, e->type, buf, sizeof buf);

    if (!name) {
        asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "CAST to %s is not supported by %s",
                          asql_type_name(e->type.kind), c->d->name);
        return;
    }
    kw(c, "CAST(");
    asql__compile_expr(c, e->u.ops.a);
    kw(c, " AS ");
    kw(c, name);
    kw(c, ")");
}

/* Window ORDER BY terms are ordering terms: ASC, DESC and NULLS FIRST/LAST apply. */
static void over(compiler *c, const asql_expr *e)
{
    size_t i, np = e->u.over.n_partition;

    asql__compile_expr(c, e->u.over.fn);
    kw(c, " OVER (");
    for (i = 0; i < e->u.over.n; i++) {
        if (i == 0 && np)
            kw(c, "PARTITION BY ");
        else if (i == np)
            kw(c, np ? " ORDER BY " : "ORDER BY ");
        else
            kw(c, ", ");
        if (i < np)
            asql__compile_expr(c, e->u.over.items[i]);
        else
            asql__compile_order_term(c, e->u.over.items[i]);
    }
    kw(c, ")");
}

/* The node kinds of the rest of SQL, dispatched from the walker in compile.c. */
void asql__compile_node(compiler *c, const asql_expr *e)
{
    switch (e->kind) {
    case ASQL__N_ACOLUMN:
        alias_column(c, e);
        break;
    case ASQL__N_SUBQUERY:
        subquery(c, e);
        break;
    case ASQL__N_CASE:
        case_expr(c, e);
        break;
    case ASQL__N_CAST:
        cast(c, e);
        break;
    case ASQL__N_OVER:
        over(c, e);
        break;
    case ASQL__N_EXCLUDED:
        if (!c->upsert) {
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                              "asql_excluded(\"%s\") used outside the upsert assignments",
                              e->u.column->name);
        } else if (c->d->on_conflict) {
            kw(c, "excluded.");
            asql__sqlbuf_ident(&c->b, e->u.column->name);
        } else {
            kw(c, "VALUES(");
            asql__sqlbuf_ident(&c->b, e->u.column->name);
            kw(c, ")");
        }
        break;
    default:
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "statement holds an expression of no known kind");
        break;
    }
}

/*
 * Finds the FROM items of the new node kinds: an alias read through a column, and the tables
 * inside CASE, CAST and OVER. A subquery's own tables stay its own.
 */
void asql__compile_collect_node(compiler *c, const asql_expr *e)
{
    size_t i;

    switch (e->kind) {
    case ASQL__N_ACOLUMN:
        add_alias(c, e->u.acol.alias);
        break;
    case ASQL__N_SUBQUERY:
        if (e->u.sub.e)
            asql__compile_collect(c, e->u.sub.e);
        break;
    case ASQL__N_CASE:
        if (e->u.cases.e)
            asql__compile_collect(c, e->u.cases.e);
        for (i = 0; i < e->u.cases.n; i++)
            asql__compile_collect(c, e->u.cases.items[i]);
        if (e->u.cases.other)
            asql__compile_collect(c, e->u.cases.other);
        break;
    case ASQL__N_CAST:
        asql__compile_collect(c, e->u.ops.a);
        break;
    case ASQL__N_OVER:
        asql__compile_collect(c, e->u.over.fn);
        for (i = 0; i < e->u.over.n; i++)
            asql__compile_collect(c, e->u.over.items[i]);
        break;
    default:
        break;
    }
}
