/* SPDX-License-Identifier: MIT */
/*
 * compile.c - the one walker: turns a statement tree into SQL for a dialect through sqlbuf,
 * collecting the parameters and result columns. Dialect differences are read from the dialect's
 * data (def.h); nothing here writes a value into the text. The public entry, asql_compile(),
 * is in compile_stmt.c; INSERT/UPDATE/DELETE, queries and DDL have their own compile_*.c files.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dialect/compiler.h"
#include "expr/alloc.h"

/* Binding strength of an expression, to decide where parentheses are needed. */
enum {
    PREC_NONE = 0,
    PREC_OR = 1,
    PREC_AND = 2,
    PREC_NOT = 3,
    PREC_CMP = 4,
    PREC_CONCAT = 5,
    PREC_ADD = 6,
    PREC_MUL = 7,
    PREC_NEG = 8,
    PREC_ATOM = 9
};

/* SQL text from this file: keywords, operators and punctuation. */
static void kw(compiler *c, const char *s)
{
    asql__sqlbuf_keyword(&c->b, s);
}

/* Once an error is recorded the walk only unwinds: nothing more is written. */
static int failed(const compiler *c)
{
    return c->b.status != ASQL_OK;
}

/* Appends a result column; the array starts inline and moves to the heap past 16 columns. */
static void add_result_column(compiler *c, const char *name, asql_type type,
                              const asql_column *column)
{
    if (c->depth > 0)
        return; /* a subquery's columns are not the statement's */
    if (c->n_cols == c->cap_cols) {
        int cap = c->cap_cols * 2;
        asql__ccol *p = c->cols == c->inline_cols ? asql__malloc((size_t)cap * sizeof *p)
                                                  : asql__realloc(c->cols, (size_t)cap * sizeof *p);
        if (!p) {
            asql__sqlbuf_fail(&c->b, ASQL_ENOMEM, "out of memory while compiling");
            return;
        }
        if (c->cols == c->inline_cols)
            memcpy(p, c->inline_cols, sizeof c->inline_cols);
        c->cols = p;
        c->cap_cols = cap;
    }
    c->cols[c->n_cols].name = name;
    c->cols[c->n_cols].type = type;
    c->cols[c->n_cols].column = column;
    c->n_cols++;
}

/* --- expressions ---------------------------------------------------------------------------- */

/*
 * How tightly `e` binds once written: parentheses are added around an operand that binds
 * less tightly than its context requires, so the tree's grouping survives in the text.
 */
static int prec(const compiler *c, const asql_expr *e)
{
    switch (e->kind) {
    case ASQL__N_UNARY:
        switch (e->op) {
        case ASQL__OP_NOT:
            return PREC_NOT;
        case ASQL__OP_NEG:
            return PREC_NEG;
        case ASQL__OP_ASC:
        case ASQL__OP_DESC:
            return PREC_NONE;
        default:
            return PREC_CMP;
        }
    case ASQL__N_BINARY:
        switch (e->op) {
        case ASQL__OP_OR:
            return PREC_OR;
        case ASQL__OP_AND:
            return PREC_AND;
        case ASQL__OP_ADD:
        case ASQL__OP_SUB:
            return PREC_ADD;
        case ASQL__OP_MUL:
        case ASQL__OP_DIV:
        case ASQL__OP_MOD:
            return PREC_MUL;
        case ASQL__OP_CONCAT:
            return c->d->concat_function ? PREC_ATOM : PREC_CONCAT;
        default:
            return PREC_CMP;
        }
    case ASQL__N_IN:
    case ASQL__N_BETWEEN:
        return PREC_CMP;
    case ASQL__N_SUBQUERY:
        return e->op == ASQL__OP_IN || e->op == ASQL__OP_NOT_IN ? PREC_CMP : PREC_ATOM;
    case ASQL__N_LABEL:
        return prec(c, e->u.list.e);
    default:
        return PREC_ATOM;
    }
}

/* Writes any expression; values and placeholders go through sqlbuf_param only. */
static void expr(compiler *c, const asql_expr *e);

/* Writes a column reference. */
static void column_ref(compiler *c, const asql_column *col);

/*
 * Writes `e`, in parentheses when it binds less tightly than `min`. Columns and values, most
 * operands, are written here: they never need parentheses, and the call to expr() would cost
 * more than writing them.
 */
static void operand(compiler *c, const asql_expr *e, int min)
{
    if (e->kind == ASQL__N_COLUMN) {
        column_ref(c, e->u.column);
    } else if (e->kind == ASQL__N_VALUE) {
        asql__sqlbuf_param(&c->b, NULL, 0, &e->u.value, e->u.value.type);
    } else if (prec(c, e) < min) {
        kw(c, "(");
        expr(c, e);
        kw(c, ")");
    } else {
        expr(c, e);
    }
}

/* 1 when columns of `t` may appear: it is in the FROM list (or the statement's table). */
static int table_allowed(const compiler *c, const asql_table *t)
{
    int i;

    for (i = 0; i < c->n_tables; i++)
        if (c->tables[i] == t)
            return 1;
    return 0;
}

/*
 * A statement names the same few columns and tables again and again: one met again in this
 * compile is copied from where it was first written instead of being checked and quoted anew.
 * Writes it again and returns 1 when `key` was written before; else returns 0 and its slot.
 */
static int remembered(compiler *c, const void *key, size_t *slot)
{
    /* Fibonacci hashing of the address: declarations sit next to each other. */
    *slot = (size_t)(((uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15u) >> 60) % SEEN;
    if (c->seen_keys[*slot] != key)
        return 0;
    asql__sqlbuf_repeat(&c->b, c->seen[*slot].offset, c->seen[*slot].len);
    return 1;
}

/* Records that the text from `start` to the end was written for `key`. */
static void remember(compiler *c, size_t slot, const void *key, size_t start)
{
    c->seen_keys[slot] = key;
    c->seen[slot].offset = start;
    c->seen[slot].len = c->b.len - start;
}

/* A table's name, quoted as needed. */
static void table_name(compiler *c, const asql_table *t)
{
    size_t slot, start = c->b.len;

    if (remembered(c, t, &slot))
        return;
    asql__sqlbuf_ident(&c->b, t->name);
    remember(c, slot, t, start);
}

/*
 * A column as `table.column` (SELECT, WHERE of UPDATE/DELETE) or bare (INSERT, RETURNING, the
 * ORDER BY of a set operation).
 */
static void column_ref(compiler *c, const asql_column *col)
{
    size_t slot = 0, start = c->b.len;
    int cache;

    if (c->bare) {
        asql__sqlbuf_ident(&c->b, col->name);
        return;
    }
    /* Only qualified columns of the top query are remembered: RETURNING and upserts write a
     * column bare, and a subquery checks its own scope every time. */
    cache = c->qualify && c->depth == 0;
    if (cache && remembered(c, col, &slot))
        return;
    if (!table_allowed(c, col->table) && !asql__compile_table_in_outer(c, col->table)) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                          "column \"%s\" of table \"%s\" is not in the FROM list of this statement",
                          col->name, col->table->name);
        return;
    }
    if (c->qualify) {
        table_name(c, col->table);
        kw(c, ".");
    }
    asql__sqlbuf_ident(&c->b, col->name);
    if (cache)
        remember(c, slot, col, start);
}

/* The spelling of a binary operator, spaces included. */
static const char *binary_op(asql__op op)
{
    switch (op) {
    case ASQL__OP_EQ:
        return " = ";
    case ASQL__OP_NE:
        return " != ";
    case ASQL__OP_LT:
        return " < ";
    case ASQL__OP_LE:
        return " <= ";
    case ASQL__OP_GT:
        return " > ";
    case ASQL__OP_GE:
        return " >= ";
    case ASQL__OP_LIKE:
    case ASQL__OP_ILIKE:
        return " LIKE ";
    case ASQL__OP_NOT_LIKE:
    case ASQL__OP_NOT_ILIKE:
        return " NOT LIKE ";
    case ASQL__OP_AND:
        return " AND ";
    case ASQL__OP_OR:
        return " OR ";
    case ASQL__OP_ADD:
        return " + ";
    case ASQL__OP_SUB:
        return " - ";
    case ASQL__OP_MUL:
        return " * ";
    case ASQL__OP_DIV:
        return " / ";
    case ASQL__OP_MOD:
        return " % ";
    default:
        return " || ";
    }
}

/* LIKE and ILIKE; without a native ILIKE both sides are lowered, which keeps the meaning. */
static void like(compiler *c, const asql_expr *e)
{
    int ilike = e->op == ASQL__OP_ILIKE || e->op == ASQL__OP_NOT_ILIKE;

    if (ilike && c->d->native_ilike) {
        operand(c, e->u.ops.a, PREC_CONCAT);
        kw(c, e->op == ASQL__OP_ILIKE ? " ILIKE " : " NOT ILIKE ");
        operand(c, e->u.ops.b, PREC_CONCAT);
    } else if (ilike) {
        kw(c, "lower(");
        expr(c, e->u.ops.a);
        kw(c, ")");
        kw(c, binary_op((asql__op)e->op));
        kw(c, "lower(");
        expr(c, e->u.ops.b);
        kw(c, ")");
    } else {
        operand(c, e->u.ops.a, PREC_CONCAT);
        kw(c, binary_op((asql__op)e->op));
        operand(c, e->u.ops.b, PREC_CONCAT);
    }
    if (e->flags & ASQL__F_ESCAPE)
        kw(c, " ESCAPE '/'");
}

/* Any binary node: logic, comparison, arithmetic, concatenation. */
static void binary(compiler *c, const asql_expr *e)
{
    int p = prec(c, e);

    switch (e->op) {
    case ASQL__OP_LIKE:
    case ASQL__OP_NOT_LIKE:
    case ASQL__OP_ILIKE:
    case ASQL__OP_NOT_ILIKE:
        like(c, e);
        return;
    case ASQL__OP_CONCAT:
        if (c->d->concat_function) {
            kw(c, "concat(");
            expr(c, e->u.ops.a);
            kw(c, ", ");
            expr(c, e->u.ops.b);
            kw(c, ")");
        } else {
            /* || binds differently on each database: parenthesise all but atoms. */
            operand(c, e->u.ops.a, PREC_ATOM);
            kw(c, " || ");
            operand(c, e->u.ops.b, PREC_ATOM);
        }
        return;
    case ASQL__OP_AND:
    case ASQL__OP_OR:
        operand(c, e->u.ops.a, p);
        kw(c, binary_op((asql__op)e->op));
        operand(c, e->u.ops.b, p);
        return;
    default:
        /* Comparisons do not chain; arithmetic is left-associative. */
        operand(c, e->u.ops.a, p == PREC_CMP ? p + 1 : p);
        kw(c, binary_op((asql__op)e->op));
        operand(c, e->u.ops.b, p + 1);
        return;
    }
}

/* NOT, unary minus and IS [NOT] NULL; ASC/DESC are only valid at the top of ORDER BY. */
static void unary(compiler *c, const asql_expr *e)
{
    switch (e->op) {
    case ASQL__OP_NOT:
        kw(c, "NOT ");
        operand(c, e->u.ops.a, PREC_ATOM);
        break;
    case ASQL__OP_NEG:
        kw(c, "-");
        operand(c, e->u.ops.a, PREC_ATOM);
        break;
    case ASQL__OP_IS_NULL:
        operand(c, e->u.ops.a, PREC_CMP + 1);
        kw(c, " IS NULL");
        break;
    case ASQL__OP_IS_NOT_NULL:
        operand(c, e->u.ops.a, PREC_CMP + 1);
        kw(c, " IS NOT NULL");
        break;
    default:
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "asql_asc/asql_desc used outside ORDER BY");
        break;
    }
}

static void in_list(compiler *c, const asql_expr *e)
{
    size_t i;

    if (e->u.list.n == 0) {
        /* IN () is always false and NOT IN () always true; e is not evaluated. */
        kw(c, e->op == ASQL__OP_IN ? "1 != 1" : "1 = 1");
        return;
    }
    operand(c, e->u.list.e, PREC_CMP + 1);
    kw(c, e->op == ASQL__OP_IN ? " IN (" : " NOT IN (");
    for (i = 0; i < e->u.list.n; i++) {
        if (i)
            kw(c, ", ");
        operand(c, e->u.list.items[i], PREC_NONE);
    }
    kw(c, ")");
}

/* A function call; count(*) and now() are the two spelled specially. */
static void func(compiler *c, const asql_expr *e)
{
    size_t i;

    if (e->op == ASQL__OP_NOW) {
        kw(c, c->d->now_sql);
        return;
    }
    kw(c, e->u.list.name);
    kw(c, "(");
    if (e->op == ASQL__OP_COUNT_STAR)
        kw(c, "*");
    for (i = 0; i < e->u.list.n; i++) {
        if (i)
            kw(c, ", ");
        expr(c, e->u.list.items[i]);
    }
    kw(c, ")");
}

static void expr(compiler *c, const asql_expr *e)
{
    if (failed(c))
        return;
    switch (e->kind) {
    case ASQL__N_COLUMN:
        column_ref(c, e->u.column);
        break;
    case ASQL__N_VALUE:
        asql__sqlbuf_param(&c->b, NULL, 0, &e->u.value, e->u.value.type);
        break;
    case ASQL__N_PARAM:
        asql__sqlbuf_param(&c->b, e->u.param, strlen(e->u.param), NULL, e->type);
        break;
    case ASQL__N_UNARY:
        unary(c, e);
        break;
    case ASQL__N_BINARY:
        binary(c, e);
        break;
    case ASQL__N_BETWEEN:
        operand(c, e->u.ops.a, PREC_CMP + 1);
        kw(c, " BETWEEN ");
        operand(c, e->u.ops.b, PREC_CMP + 1);
        kw(c, " AND ");
        operand(c, e->u.ops.c, PREC_CMP + 1);
        break;
    case ASQL__N_IN:
        in_list(c, e);
        break;
    case ASQL__N_FUNC:
        func(c, e);
        break;
    case ASQL__N_LABEL:
        expr(c, e->u.list.e);
        break;
    case ASQL__N_ACOLUMN:
    case ASQL__N_SUBQUERY:
    case ASQL__N_CASE:
    case ASQL__N_CAST:
    case ASQL__N_OVER:
    case ASQL__N_EXCLUDED:
        asql__compile_node(c, e);
        break;
    default:
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "statement holds an expression from a failed call");
        break;
    }
}

/* Conditions of a list joined with AND. */
static void conditions(compiler *c, const char *clause, const asql__list *list)
{
    const asql__cell *cell;

    if (!list->head)
        return;
    kw(c, clause);
    for (cell = list->head; cell; cell = cell->next) {
        if (cell != list->head)
            kw(c, " AND ");
        operand(c, cell->e, list->n > 1 ? PREC_AND : PREC_NONE);
    }
}

/* --- SELECT --------------------------------------------------------------------------------- */

/* Adds `t` to the FROM list once. */
static void add_table(compiler *c, const asql_table *t)
{
    if (table_allowed(c, t) || asql__compile_table_in_outer(c, t))
        return; /* a table of an enclosing query is correlated, not repeated */
    if (c->n_tables == MAX_TABLES) {
        asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "more than %d tables in one SELECT", MAX_TABLES);
        return;
    }
    c->tables[c->n_tables++] = t;
}

/* Adds an explicit FROM table of the query being compiled, correlated or not. */
static void add_own_table(compiler *c, const asql_table *t)
{
    if (table_allowed(c, t))
        return;
    if (c->n_tables == MAX_TABLES) {
        asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "more than %d tables in one SELECT", MAX_TABLES);
        return;
    }
    c->tables[c->n_tables++] = t;
}

/* Adds the table of every column `e` refers to, in order of appearance (SQLAlchemy's FROM). */
static void collect_tables(compiler *c, const asql_expr *e)
{
    size_t i;

    switch (e->kind) {
    case ASQL__N_COLUMN:
        add_table(c, e->u.column->table);
        break;
    case ASQL__N_UNARY:
        collect_tables(c, e->u.ops.a);
        break;
    case ASQL__N_BINARY:
        collect_tables(c, e->u.ops.a);
        collect_tables(c, e->u.ops.b);
        break;
    case ASQL__N_BETWEEN:
        collect_tables(c, e->u.ops.a);
        collect_tables(c, e->u.ops.b);
        collect_tables(c, e->u.ops.c);
        break;
    case ASQL__N_IN:
    case ASQL__N_FUNC:
    case ASQL__N_LABEL:
        if (e->u.list.e && (e->kind != ASQL__N_IN || e->u.list.n))
            collect_tables(c, e->u.list.e);
        for (i = 0; i < e->u.list.n && e->kind != ASQL__N_LABEL; i++)
            collect_tables(c, e->u.list.items[i]);
        break;
    default:
        asql__compile_collect_node(c, e);
        break;
    }
}

/* collect_tables() over every expression of a clause. */
static void collect_list(compiler *c, const asql__list *list)
{
    const asql__cell *cell;

    for (cell = list->head; cell; cell = cell->next)
        collect_tables(c, cell->e);
}

/* The result-column name of a select-list item without a label. */
static const char *default_name(const asql_expr *e)
{
    switch (e->kind) {
    case ASQL__N_COLUMN:
        return e->u.column->name;
    case ASQL__N_LABEL:
        return e->u.list.name;
    case ASQL__N_FUNC:
        return e->u.list.name;
    case ASQL__N_PARAM:
        return e->u.param;
    case ASQL__N_ACOLUMN:
        return e->u.acol.name;
    case ASQL__N_OVER:
        return e->u.over.fn->u.list.name;
    default:
        return "expr";
    }
}

/* One select-list item, recorded as a result column. */
static void select_item(compiler *c, const asql_expr *e)
{
    const asql_expr *inner = e->kind == ASQL__N_LABEL ? e->u.list.e : e;

    operand(c, inner, PREC_NONE);
    if (e->kind == ASQL__N_LABEL) {
        kw(c, " AS ");
        asql__sqlbuf_ident(&c->b, e->u.list.name);
    }
    add_result_column(c, default_name(e), e->type,
                      inner->kind == ASQL__N_COLUMN ? inner->u.column : NULL);
}

static void order_item(compiler *c, const asql_expr *e);

/*
 * A term with NULLS FIRST/LAST. Without the clause (MySQL, MariaDB), NULLs sort as the smallest
 * value, so a first key `x IS NULL` (DESC for first) puts them where asked.
 */
static void nulls_item(compiler *c, const asql_expr *e)
{
    const asql_expr *term = e->u.ops.a, *x = term;

    if (c->d->nulls_order) {
        order_item(c, term);
        kw(c, e->op == ASQL__OP_NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
        return;
    }
    if (x->kind == ASQL__N_UNARY && (x->op == ASQL__OP_ASC || x->op == ASQL__OP_DESC))
        x = x->u.ops.a;
    operand(c, x, PREC_CMP + 1);
    kw(c, e->op == ASQL__OP_NULLS_FIRST ? " IS NULL DESC, " : " IS NULL, ");
    order_item(c, term);
}

/* An ORDER BY or GROUP BY term: a label stands for its select-list column. */
static void order_item(compiler *c, const asql_expr *e)
{
    const asql_expr *inner = e;

    if (e->kind == ASQL__N_UNARY &&
        (e->op == ASQL__OP_NULLS_FIRST || e->op == ASQL__OP_NULLS_LAST)) {
        nulls_item(c, e);
        return;
    }
    if (e->kind == ASQL__N_UNARY && (e->op == ASQL__OP_ASC || e->op == ASQL__OP_DESC))
        inner = e->u.ops.a;
    if (inner->kind == ASQL__N_LABEL)
        asql__sqlbuf_ident(&c->b, inner->u.list.name);
    else
        operand(c, inner, PREC_NONE);
    if (inner != e)
        kw(c, e->op == ASQL__OP_ASC ? " ASC" : " DESC");
}

void asql__compile_int_param(compiler *c, int64_t v)
{
    asql_value *value;

    if (c->n_values == MAX_VALUES) {
        asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP,
                          "more than %d LIMIT and OFFSET values in one "
                          "statement",
                          MAX_VALUES);
        return;
    }
    value = &c->values[c->n_values++];
    memset(value, 0, sizeof *value);
    value->type.kind = ASQL_TYPE_BIGINT;
    value->u.i64 = v;
    /* LIMIT and OFFSET are values too: bound, never written into the text. */
    asql__sqlbuf_param(&c->b, NULL, 0, value, value->type);
}

/* LIMIT and OFFSET of a SELECT or of a set operation. */
static void limit_offset(compiler *c, const asql_stmt *q)
{
    if (q->has_limit) {
        kw(c, " LIMIT ");
        asql__compile_int_param(c, q->limit);
    } else if (q->has_offset && c->d->limit_all) {
        kw(c, " LIMIT ");
        kw(c, c->d->limit_all);
    }
    if (q->has_offset) {
        kw(c, " OFFSET ");
        asql__compile_int_param(c, q->offset);
    }
}

/* Writes the columns of table `t`; returns how many. */
static int table_columns(compiler *c, const asql_table *t, int n_before)
{
    int j;

    for (j = 0; j < t->n_columns; j++) {
        if (n_before + j)
            kw(c, ", ");
        column_ref(c, &t->columns[j]);
        add_result_column(c, t->columns[j].name, t->columns[j].type, &t->columns[j]);
    }
    return t->n_columns;
}

/*
 * The default select list: every column of every FROM table, in FROM order (the first plain
 * table, the joined ones, then the other plain ones, as asql__compile_from writes them).
 */
static int every_column(compiler *c, const asql_stmt *q)
{
    const asql__join *jn;
    int i, n = 0, first = -1;

    for (i = 0; i < c->n_tables && first < 0; i++)
        if (!asql__compile_table_joined(q, c->tables[i]))
            first = i;
    if (first >= 0)
        n += table_columns(c, c->tables[first], n);
    for (jn = q->joins; jn; jn = jn->next)
        if (jn->table)
            n += table_columns(c, jn->table, n);
    for (i = 0; i < c->n_tables; i++)
        if (i != first && !asql__compile_table_joined(q, c->tables[i]))
            n += table_columns(c, c->tables[i], n);
    return n;
}

/*
 * SELECT [DISTINCT] list FROM tables [JOIN ...] [WHERE] [GROUP BY] [HAVING] [ORDER BY] [LIMIT]
 * [OFFSET] [FOR UPDATE], without its WITH clause. The FROM list is computed first (explicit
 * tables and joins, then the tables of every column used). When only an OFFSET is given,
 * dialects that cannot write OFFSET alone get their "no limit" LIMIT (MySQL's 2^64-1, SQLite's
 * -1). Returns the number of select-list items.
 */
static int compile_select(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;
    const asql__join *jn;
    int n_items = 0;

    /* Explicit tables first: they belong to this query even when an enclosing one has them. */
    for (cell = q->from.head; cell; cell = cell->next)
        add_own_table(c, cell->table);
    asql__compile_join_scope(c, q);
    /* The walk finds the tables of columns from outside FROM; with at most one other table
     * than the statement's, the builder has named it (node.h), and it may be in FROM already.
     * Joins, aliases and subqueries set many_tables. */
    if (!q->table || q->many_tables || (q->other_table && !table_allowed(c, q->other_table))) {
        for (jn = q->joins; jn; jn = jn->next)
            if (jn->on)
                collect_tables(c, jn->on);
        collect_list(c, &q->columns);
        collect_list(c, &q->where);
        collect_list(c, &q->group_by);
        collect_list(c, &q->having);
        collect_list(c, &q->order_by);
    }
    if (failed(c))
        return 0;
    if (!q->columns.head && c->n_tables == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "SELECT has no columns and no table");
        return 0;
    }
    c->qualify = 1;
    kw(c, q->distinct ? "SELECT DISTINCT " : "SELECT ");
    if (q->columns.head) {
        for (cell = q->columns.head; cell; cell = cell->next) {
            if (cell != q->columns.head)
                kw(c, ", ");
            select_item(c, cell->e);
            n_items++;
        }
    } else {
        n_items = every_column(c, q);
    }
    asql__compile_from(c, q);
    conditions(c, " WHERE ", &q->where);
    for (cell = q->group_by.head; cell; cell = cell->next) {
        kw(c, cell == q->group_by.head ? " GROUP BY " : ", ");
        order_item(c, cell->e);
    }
    conditions(c, " HAVING ", &q->having);
    for (cell = q->order_by.head; cell; cell = cell->next) {
        kw(c, cell == q->order_by.head ? " ORDER BY " : ", ");
        order_item(c, cell->e);
    }
    limit_offset(c, q);
    if (q->for_update && c->d->for_update)
        kw(c, " FOR UPDATE");
    return n_items;
}

/* --- shared with the other compile_*.c files -------------------------------------------------- */

void asql__compile_expr(compiler *c, const asql_expr *e)
{
    expr(c, e);
}

void asql__compile_table_name(compiler *c, const asql_table *t)
{
    table_name(c, t);
}

void asql__compile_conditions(compiler *c, const char *clause, const asql__list *list)
{
    conditions(c, clause, list);
}

void asql__compile_collect(compiler *c, const asql_expr *e)
{
    collect_tables(c, e);
}

int asql__compile_select(compiler *c, const asql_stmt *q)
{
    return compile_select(c, q);
}

void asql__compile_result_column(compiler *c, const char *name, asql_type type,
                                 const asql_column *column)
{
    add_result_column(c, name, type, column);
}

void asql__compile_select_item(compiler *c, const asql_expr *e)
{
    select_item(c, e);
}

void asql__compile_order_term(compiler *c, const asql_expr *e)
{
    order_item(c, e);
}

void asql__compile_order_by(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;

    for (cell = q->order_by.head; cell; cell = cell->next) {
        kw(c, cell == q->order_by.head ? " ORDER BY " : ", ");
        order_item(c, cell->e);
    }
    limit_offset(c, q);
}
