/* SPDX-License-Identifier: MIT */
/*
 * stmt.c - statements: constructors and destructor, the sticky error, and the clauses (select
 * list, WHERE, ORDER BY, LIMIT, SET, rows, binds of raw SQL). Expression nodes are built in
 * build.c; nothing here produces SQL text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asql/expr.h"
#include "expr/alloc.h"
#include "expr/stmt.h"

/* Returned by the constructors when even the statement cannot be allocated. */
static asql_stmt enomem_stmt = {.kind = ASQL__STMT_NONE,
                                .status = ASQL_ENOMEM,
                                .errmsg = "out of memory while creating a statement"};

/* Returned by failed builder calls; never written to. */
static const asql_expr error_node = {.kind = ASQL__N_ERROR};

asql_expr *asql__error_node(void)
{
    return (asql_expr *)&error_node;
}

asql_status asql__stmt_fail(asql_stmt *q, asql_status status, const char *fmt, ...)
{
    va_list ap;

    if (!q || q == &enomem_stmt || q->status != ASQL_OK)
        return status;
    q->status = status;
    va_start(ap, fmt);
    vsnprintf(q->errmsg, sizeof q->errmsg, fmt, ap);
    va_end(ap);
    /* A sub-statement's error is also the error of the statement that holds it. */
    if (q->root && q->root->status == ASQL_OK) {
        q->root->status = status;
        memcpy(q->root->errmsg, q->errmsg, sizeof q->errmsg);
    }
    return status;
}

int asql__expr_bad(asql_stmt *q, const asql_expr *e, const char *fn)
{
    if (!e) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: expression argument is NULL", fn);
        return 0;
    }
    if (e->owner != q) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "%s: expression belongs to another statement or to a failed call", fn);
        return 0;
    }
    return 1;
}

/* Checks a declared table enough that the compiler can trust it. */
static int table_ok(asql_stmt *q, const asql_table *t, const char *fn)
{
    if (!t) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: table is NULL", fn);
        return 0;
    }
    if (!t->name || !t->name[0] || !t->columns || t->n_columns <= 0) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: table has no name or no columns", fn);
        return 0;
    }
    return 1;
}

/*
 * One allocation per statement: the struct carries the first arena block, so a typical
 * statement needs no other heap memory. On failure the shared ENOMEM statement stands in.
 */
static asql_stmt *stmt_new(asql__stmt_kind kind)
{
    asql_stmt *q = asql__malloc(sizeof *q);

    if (!q)
        return &enomem_stmt;
    /* The embedded arena block needs no clearing. */
    memset(q, 0, offsetof(asql_stmt, inline_block));
    q->kind = kind;
    asql__arena_init(&q->arena, q->inline_block, sizeof q->inline_block);
    return q;
}

asql_stmt *asql_select(const asql_table *from)
{
    asql_stmt *q = stmt_new(ASQL__STMT_SELECT);

    if (q->status != ASQL_OK || !from)
        return q;
    if (table_ok(q, from, "asql_select")) {
        asql__cell *c = asql__list_append(q, &q->from, NULL);
        if (c)
            c->table = from;
        q->table = from;
    }
    return q;
}

/* INSERT, UPDATE and DELETE: a statement on one checked table. */
static asql_stmt *stmt_on_table(asql__stmt_kind kind, const asql_table *t, const char *fn)
{
    asql_stmt *q = stmt_new(kind);

    if (q->status == ASQL_OK && table_ok(q, t, fn))
        q->table = t;
    return q;
}

asql_stmt *asql_insert(const asql_table *into)
{
    return stmt_on_table(ASQL__STMT_INSERT, into, "asql_insert");
}

asql_stmt *asql_update(const asql_table *table)
{
    return stmt_on_table(ASQL__STMT_UPDATE, table, "asql_update");
}

asql_stmt *asql_delete(const asql_table *from)
{
    return stmt_on_table(ASQL__STMT_DELETE, from, "asql_delete");
}

asql_stmt *asql_text(const char *sql)
{
    asql_stmt *q = stmt_new(ASQL__STMT_TEXT);
    size_t len;

    if (q->status != ASQL_OK)
        return q;
    if (!sql) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_text: SQL text is NULL");
        return q;
    }
    len = strlen(sql);
    q->text = asql__arena_strndup(&q->arena, sql, len);
    if (!q->text)
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while copying raw SQL");
    q->text_len = len;
    return q;
}

asql_stmt *asql__enomem_stmt(void)
{
    return &enomem_stmt;
}

asql_stmt *asql__stmt_new(asql__stmt_kind kind)
{
    return stmt_new(kind);
}

asql_stmt *asql__substmt_new(asql_stmt *q, asql__stmt_kind kind)
{
    asql_stmt *root, *sub;

    if (!asql__stmt_ok(q))
        return &enomem_stmt;
    root = q->root ? q->root : q;
    /* Sub-statements never use the embedded block: only the fields before it are allocated. */
    sub = asql__stmt_alloc(root, offsetof(asql_stmt, inline_block));
    if (!sub)
        return &enomem_stmt;
    memset(sub, 0, offsetof(asql_stmt, inline_block));
    sub->kind = kind;
    sub->root = root;
    asql__arena_init_child(&sub->arena, &root->arena);
    return sub;
}

int asql__same_root(const asql_stmt *a, const asql_stmt *b)
{
    return a && b && (a->root ? a->root : a) == (b->root ? b->root : b);
}

int asql__table_ok(asql_stmt *q, const asql_table *t, const char *fn)
{
    return table_ok(q, t, fn);
}

void asql_stmt_free(asql_stmt *q)
{
    if (!q || q == &enomem_stmt || q->root)
        return;
    asql__arena_free(&q->arena);
    asql__free(q);
}

asql_status asql_stmt_status(const asql_stmt *q)
{
    return q ? q->status : ASQL_EINVAL;
}

const char *asql_stmt_errmsg(const asql_stmt *q)
{
    if (!q)
        return "statement is NULL";
    return q->status == ASQL_OK ? "" : q->errmsg;
}

/* Common checks of a clause call: a usable statement of one of the kinds in `kinds`. */
static int clause_ok(asql_stmt *q, unsigned kinds, const char *fn)
{
    if (!asql__stmt_ok(q))
        return 0;
    if (!(kinds & (1u << q->kind))) {
        asql__stmt_fail(q, ASQL_EMISUSE, "%s: not allowed on this kind of statement", fn);
        return 0;
    }
    return 1;
}

#define K(kind) (1u << ASQL__STMT_##kind)

int asql__clause_ok(asql_stmt *q, unsigned kinds, const char *fn)
{
    return clause_ok(q, kinds, fn);
}

/* Appends `e` to a clause after checking the statement kind and the expression. */
static void append_expr(asql_stmt *q, asql__list *list, asql_expr *e, unsigned kinds,
                        const char *fn)
{
    if (clause_ok(q, kinds, fn) && asql__expr_ok(q, e, fn))
        asql__list_append(q, list, e);
}

void(asql_add_column)(asql_stmt *q, asql_expr *e)
{
    append_expr(q, q ? &q->columns : NULL, e, K(SELECT), "asql_add_column");
}

void asql_distinct(asql_stmt *q)
{
    if (clause_ok(q, K(SELECT), "asql_distinct"))
        q->distinct = 1;
}

void asql_where(asql_stmt *q, asql_expr *condition)
{
    append_expr(q, q ? &q->where : NULL, condition, K(SELECT) | K(UPDATE) | K(DELETE),
                "asql_where");
}

void(asql_group_by)(asql_stmt *q, asql_expr *e)
{
    append_expr(q, q ? &q->group_by : NULL, e, K(SELECT), "asql_group_by");
}

void asql_having(asql_stmt *q, asql_expr *condition)
{
    append_expr(q, q ? &q->having : NULL, condition, K(SELECT), "asql_having");
}

void(asql_order_by)(asql_stmt *q, asql_expr *e)
{
    append_expr(q, q ? &q->order_by : NULL, e, K(SELECT) | K(COMPOUND), "asql_order_by");
}

void asql_limit(asql_stmt *q, int64_t n)
{
    if (!clause_ok(q, K(SELECT) | K(COMPOUND), "asql_limit"))
        return;
    if (n < 0) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_limit: negative limit");
        return;
    }
    q->has_limit = 1;
    q->limit = n;
}

void asql_offset(asql_stmt *q, int64_t n)
{
    if (!clause_ok(q, K(SELECT) | K(COMPOUND), "asql_offset"))
        return;
    if (n < 0) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_offset: negative offset");
        return;
    }
    q->has_offset = 1;
    q->offset = n;
}

/* Opens the next INSERT row (or the SET list of an UPDATE). */
static asql__row *new_row(asql_stmt *q)
{
    asql__row *r = asql__stmt_alloc(q, sizeof *r);

    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    if (q->last_row)
        q->last_row->next = r;
    else
        q->rows = r;
    q->last_row = r;
    q->n_rows++;
    return r;
}

/* The cell of `col` in row `r`, or NULL. */
static const asql__cell *row_find(const asql__row *r, const asql_column *col)
{
    const asql__cell *c;

    for (c = r->values.head; c; c = c->next)
        if (c->column == col)
            return c;
    return NULL;
}

void(asql_set)(asql_stmt *q, const asql_column *column, asql_expr *value)
{
    asql__row *row;
    asql__cell *c;

    if (!clause_ok(q, K(INSERT) | K(UPDATE), "asql_set"))
        return;
    if (!column) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_set: column is NULL");
        return;
    }
    if (column->table != q->table) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_set: column \"%s\" does not belong to table \"%s\"",
                        column->name ? column->name : "?", q->table->name);
        return;
    }
    if (!asql__expr_ok(q, value, "asql_set"))
        return;
    row = q->last_row ? q->last_row : new_row(q);
    if (!row)
        return;
    if (row_find(row, column)) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_set: column \"%s\" is set twice", column->name);
        return;
    }
    value = asql__adopt_type(q, value, column->type, column->name);
    if (!asql__stmt_ok(q))
        return;
    c = asql__list_append(q, &row->values, value);
    if (c)
        c->column = column;
}

/* Checks the row being closed against row 1 now, so that the error names the row. */
void asql_insert_row(asql_stmt *q)
{
    const asql__cell *c;

    if (!clause_ok(q, K(INSERT), "asql_insert_row"))
        return;
    if (!q->last_row || q->last_row->values.n == 0) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_insert_row: the current row sets no column");
        return;
    }
    if (q->last_row != q->rows) {
        if (q->last_row->values.n != q->rows->values.n) {
            asql__stmt_fail(q, ASQL_EINVAL,
                            "asql_insert_row: row %zu does not set the same columns as row 1",
                            q->n_rows);
            return;
        }
        for (c = q->last_row->values.head; c; c = c->next) {
            if (!row_find(q->rows, c->column)) {
                asql__stmt_fail(q, ASQL_EINVAL,
                                "asql_insert_row: row %zu sets column \"%s\", which row 1 "
                                "does not set",
                                q->n_rows, c->column->name);
                return;
            }
        }
    }
    new_row(q);
}

int asql__name_ok(const char *s)
{
    size_t i;

    if (!s || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    for (i = 1; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

void(asql_bind)(asql_stmt *q, const char *name, asql_expr *value)
{
    asql__cell *c;

    if (!clause_ok(q, K(TEXT), "asql_bind"))
        return;
    if (!asql__name_ok(name)) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "asql_bind: bad parameter name (want [A-Za-z_][A-Za-z0-9_]*)");
        return;
    }
    if (!asql__expr_ok(q, value, "asql_bind"))
        return;
    if (value->kind != ASQL__N_VALUE) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_bind: the value of :%s is not a value", name);
        return;
    }
    for (c = q->binds.head; c; c = c->next) {
        if (strcmp(c->name, name) == 0) {
            c->e = value;
            return;
        }
    }
    c = asql__list_append(q, &q->binds, value);
    if (c && !(c->name = asql__arena_strndup(&q->arena, name, strlen(name))))
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
}

/* Linear search: tables are small and this is not on a hot path. */
const asql_column *asql_table_column(const asql_table *t, const char *name)
{
    int i;

    if (!t || !name || !t->columns)
        return NULL;
    for (i = 0; i < t->n_columns; i++)
        if (t->columns[i].name && strcmp(t->columns[i].name, name) == 0)
            return &t->columns[i];
    return NULL;
}
