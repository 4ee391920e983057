/* SPDX-License-Identifier: MIT */
/*
 * compile.c - the one walker: turns a statement tree into SQL for a dialect through sqlbuf,
 * collecting the parameters and result columns. Dialect differences are read from the dialect's
 * data (def.h); nothing here writes a value into the text. Raw SQL is handed to text.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dialect/compiled.h"
#include "expr/alloc.h"

enum { MAX_TABLES = 16, INLINE_COLUMNS = 16, SEEN = 16 };

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

typedef struct compiler {
    asql__sqlbuf b;
    const asql_stmt *q;
    const asql_dialect *d;
    const asql_table *tables[MAX_TABLES]; /* tables a column may come from */
    int n_tables;
    int qualify; /* write columns as table.column */
    /* Where recently written column references and table names sit in the text, by the
     * address of their column or table (see remembered); valid for this compile only, as
     * `qualify` does not change once set. */
    const void *seen_keys[SEEN]; /* apart, so that clearing them is all the set-up */
    struct {
        size_t offset, len;
    } seen[SEEN];
    asql__ccol *cols;
    int n_cols, cap_cols;
    asql__ccol inline_cols[INLINE_COLUMNS];
} compiler;

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

/* A column as `table.column` (SELECT, WHERE of UPDATE/DELETE) or bare (INSERT). */
static void column_ref(compiler *c, const asql_column *col)
{
    size_t slot, start = c->b.len;

    if (remembered(c, col, &slot))
        return;
    if (!table_allowed(c, col->table)) {
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

/* An ORDER BY or GROUP BY term: a label stands for its select-list column. */
static void order_item(compiler *c, const asql_expr *e)
{
    const asql_expr *inner = e;

    if (e->kind == ASQL__N_UNARY && (e->op == ASQL__OP_ASC || e->op == ASQL__OP_DESC))
        inner = e->u.ops.a;
    if (inner->kind == ASQL__N_LABEL)
        asql__sqlbuf_ident(&c->b, inner->u.list.name);
    else
        operand(c, inner, PREC_NONE);
    if (inner != e)
        kw(c, e->op == ASQL__OP_ASC ? " ASC" : " DESC");
}

/*
 * SELECT [DISTINCT] list FROM tables [WHERE] [GROUP BY] [HAVING] [ORDER BY] [LIMIT] [OFFSET].
 * The FROM list is computed first (explicit table, then the tables of every column used).
 * When only an OFFSET is given, dialects that cannot write OFFSET alone get their
 * "no limit" LIMIT (MySQL's 2^64-1, SQLite's -1).
 */
static void compile_select(compiler *c, const asql_stmt *q, const asql_value *limit,
                           const asql_value *offset)
{
    const asql__cell *cell;
    int i, j, k, n_joined;

    /* Joined tables first, so that the walk below does not list them again after a comma. */
    for (cell = q->from.head; cell; cell = cell->next)
        if (cell->join)
            add_table(c, cell->table);
    n_joined = c->n_tables;
    for (cell = q->from.head; cell; cell = cell->next)
        if (!cell->join)
            add_table(c, cell->table);
    /* The walk finds the tables of columns from outside FROM; with at most one other table
     * than the statement's, the builder has named it (node.h), and it may be in FROM already. */
    if (!q->table || q->many_tables || (q->other_table && !table_allowed(c, q->other_table))) {
        for (cell = q->from.head; cell; cell = cell->next)
            if (cell->join)
                collect_tables(c, cell->e);
        collect_list(c, &q->columns);
        collect_list(c, &q->where);
        collect_list(c, &q->group_by);
        collect_list(c, &q->having);
        collect_list(c, &q->order_by);
    }
    if (failed(c))
        return;
    if (n_joined && c->n_tables == n_joined) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "JOIN of \"%s\" has no table to join to",
                          c->tables[0]->name);
        return;
    }
    if (!q->columns.head && c->n_tables == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "SELECT has no columns and no table");
        return;
    }
    c->qualify = 1;
    kw(c, q->distinct ? "SELECT DISTINCT " : "SELECT ");
    if (q->columns.head) {
        for (cell = q->columns.head; cell; cell = cell->next) {
            if (cell != q->columns.head)
                kw(c, ", ");
            select_item(c, cell->e);
        }
    } else {
        for (k = 0; k < c->n_tables; k++) {
            /* In FROM order: the comma-listed tables, then the joined ones. */
            const asql_table *t = c->tables[(k + n_joined) % c->n_tables];
            for (j = 0; j < t->n_columns; j++) {
                if (k || j)
                    kw(c, ", ");
                column_ref(c, &t->columns[j]);
                add_result_column(c, t->columns[j].name, t->columns[j].type, &t->columns[j]);
            }
        }
    }
    if (c->n_tables > n_joined)
        kw(c, " FROM ");
    for (i = n_joined; i < c->n_tables; i++) {
        if (i > n_joined)
            kw(c, ", ");
        table_name(c, c->tables[i]);
    }
    for (cell = q->from.head; cell; cell = cell->next) {
        if (!cell->join)
            continue;
        kw(c, cell->join == ASQL__JOIN_LEFT ? " LEFT OUTER JOIN " : " JOIN ");
        table_name(c, cell->table);
        kw(c, " ON ");
        expr(c, cell->e);
    }
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
    if (q->has_limit) {
        kw(c, " LIMIT ");
        asql__sqlbuf_param(&c->b, NULL, 0, limit, limit->type);
    } else if (q->has_offset && c->d->limit_all) {
        kw(c, " LIMIT ");
        kw(c, c->d->limit_all);
    }
    if (q->has_offset) {
        /* LIMIT and OFFSET are values too: bound, never written into the text. */
        kw(c, " OFFSET ");
        asql__sqlbuf_param(&c->b, NULL, 0, offset, offset->type);
    }
}

/* --- INSERT, UPDATE, DELETE ------------------------------------------------------------------ */

/* The first primary-key column marked autoincrement, or NULL. */
static const asql_column *autoincrement_key(const asql_table *t)
{
    int i;

    for (i = 0; i < t->n_columns; i++)
        if (t->columns[i].primary_key && t->columns[i].autoincrement)
            return &t->columns[i];
    return NULL;
}

static const asql__cell *row_find(const asql__row *r, const asql_column *col)
{
    const asql__cell *cell;

    for (cell = r->values.head; cell; cell = cell->next)
        if (cell->column == col)
            return cell;
    return NULL;
}

/*
 * INSERT INTO t (columns of row 1) VALUES (...), (...). Later rows are written in row 1's
 * column order whatever order they were set in. One row into a table with an autoincrement key
 * gets RETURNING <key> where the dialect asks for it (PostgreSQL).
 */
static void compile_insert(compiler *c, const asql_stmt *q, asql__compile_info *info)
{
    const asql__row *first = q->rows, *row;
    const asql__cell *cell;
    size_t n_rows = 0, r = 0;

    if (!first || first->values.n == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "INSERT into \"%s\" sets no column",
                          q->table->name);
        return;
    }
    for (row = first; row; row = row->next)
        if (row->values.n)
            n_rows++;
    kw(c, "INSERT INTO ");
    table_name(c, q->table);
    kw(c, " (");
    for (cell = first->values.head; cell; cell = cell->next) {
        if (cell != first->values.head)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
    }
    kw(c, ") VALUES ");
    for (row = first; row && !failed(c); row = row->next) {
        if (!row->values.n)
            continue; /* the empty row opened by a final asql_insert_row() */
        r++;
        if (row->values.n != first->values.n) {
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                              "INSERT into \"%s\": row %zu does not set the same columns as row 1",
                              q->table->name, r);
            return;
        }
        kw(c, row == first ? "(" : ", (");
        for (cell = first->values.head; cell; cell = cell->next) {
            const asql__cell *v = row_find(row, cell->column);
            if (!v) {
                asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                                  "INSERT into \"%s\": row %zu does not set column \"%s\"",
                                  q->table->name, r, cell->column->name);
                return;
            }
            if (cell != first->values.head)
                kw(c, ", ");
            operand(c, v->e, PREC_NONE);
        }
        kw(c, ")");
    }
    info->autoincrement_key = autoincrement_key(q->table);
    if (info->autoincrement_key && c->d->implicit_returning && n_rows == 1) {
        kw(c, " RETURNING ");
        asql__sqlbuf_ident(&c->b, info->autoincrement_key->name);
        add_result_column(c, info->autoincrement_key->name, info->autoincrement_key->type,
                          info->autoincrement_key);
        info->implicit_returning = 1;
        info->returns_rows = 1;
    }
}

/* UPDATE t SET column = value, ... [WHERE ...]. */
static void compile_update(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;

    if (!q->rows || q->rows->values.n == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "UPDATE of \"%s\" sets no column", q->table->name);
        return;
    }
    kw(c, "UPDATE ");
    table_name(c, q->table);
    kw(c, " SET ");
    for (cell = q->rows->values.head; cell; cell = cell->next) {
        if (cell != q->rows->values.head)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
        kw(c, " = ");
        operand(c, cell->e, PREC_NONE);
    }
    conditions(c, " WHERE ", &q->where);
}

/* DELETE FROM t [WHERE ...]. */
static void compile_delete(compiler *c, const asql_stmt *q)
{
    kw(c, "DELETE FROM ");
    table_name(c, q->table);
    conditions(c, " WHERE ", &q->where);
}

/* Raw SQL returns rows when it starts with one of these words or holds RETURNING (a guess). */
static int text_returns_rows(const char *s)
{
    static const char *const words[] = {"select", "with", "values", "show", "pragma", "explain",
                                        "describe", "table"};
    size_t i, n;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '(')
        s++;
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        n = strlen(words[i]);
        if (strncasecmp(s, words[i], n) == 0 &&
            !((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_'))
            return 1;
    }
    for (; *s; s++)
        if (strncasecmp(s, "returning", 9) == 0)
            return 1;
    return 0;
}

/* Fills the caller's error record (when given) with a status and a one-line message. */
static void fill_error(asql_error *err, asql_status status, const char *message)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->status = status;
    err->klass = ASQL_ERRCLASS_NONE;
    snprintf(err->message, sizeof err->message, "%s", message);
}

asql_status asql_compile(asql_compiled **out, const asql_stmt *q, const asql_dialect *d,
                         asql_error *err)
{
    asql__compile_info info;
    asql_value limit, offset;
    asql_status st;
    compiler c;

    if (out)
        *out = NULL;
    if (err)
        fill_error(err, ASQL_OK, "");
    if (!out || !q || !d) {
        fill_error(err, ASQL_EINVAL, !out ? "asql_compile: out is NULL"
                                     : !q ? "asql_compile: statement is NULL"
                                          : "asql_compile: dialect is NULL");
        return ASQL_EINVAL;
    }
    if (q->status != ASQL_OK) {
        fill_error(err, q->status, q->errmsg);
        return q->status;
    }
    memset(&info, 0, sizeof info);
    info.kind = q->kind;
    c.q = q;
    c.d = d;
    c.n_tables = 0;
    c.qualify = 0;
    memset(c.seen_keys, 0, sizeof c.seen_keys);
    c.cols = c.inline_cols;
    c.n_cols = 0;
    c.cap_cols = INLINE_COLUMNS;
    asql__sqlbuf_init(&c.b, d);
    switch (q->kind) {
    case ASQL__STMT_SELECT:
        memset(&limit, 0, sizeof limit);
        memset(&offset, 0, sizeof offset);
        limit.type.kind = offset.type.kind = ASQL_TYPE_BIGINT;
        limit.u.i64 = q->limit;
        offset.u.i64 = q->offset;
        compile_select(&c, q, &limit, &offset);
        info.returns_rows = 1;
        break;
    case ASQL__STMT_INSERT:
        c.tables[c.n_tables++] = q->table;
        compile_insert(&c, q, &info);
        break;
    case ASQL__STMT_UPDATE:
        c.tables[c.n_tables++] = q->table;
        c.qualify = 1;
        compile_update(&c, q);
        break;
    case ASQL__STMT_DELETE:
        c.tables[c.n_tables++] = q->table;
        c.qualify = 1;
        compile_delete(&c, q);
        break;
    case ASQL__STMT_TEXT:
        asql__compile_text(&c.b, q);
        info.returns_rows = text_returns_rows(q->text);
        break;
    default:
        asql__sqlbuf_fail(&c.b, ASQL_EINVAL, "statement of no known kind");
        break;
    }
    st = c.b.status;
    if (st == ASQL_OK) {
        info.columns = c.cols;
        info.n_columns = c.n_cols;
        st = asql__compiled_build(out, &c.b, &info);
        if (st != ASQL_OK)
            fill_error(err, st, "out of memory while compiling");
    } else {
        fill_error(err, st, c.b.errmsg);
    }
    if (c.cols != c.inline_cols)
        asql__free(c.cols);
    asql__sqlbuf_dispose(&c.b);
    return st;
}
