/* SPDX-License-Identifier: MIT */
/*
 * compile_dml.c - INSERT (rows of values or a SELECT), UPDATE and DELETE, with RETURNING (or
 * ASQL_ENOTSUP where the dialect has none), the implicit RETURNING of an autoincrement key, and
 * upserts as ON CONFLICT (PostgreSQL, SQLite) or ON DUPLICATE KEY UPDATE (MySQL, MariaDB).
 */
#include <string.h>

#include "dialect/compiler.h"

/* SQL text from this file: keywords and punctuation. */
static void kw(compiler *c, const char *s)
{
    asql__sqlbuf_keyword(&c->b, s);
}

/* INSERT INTO t (columns) SELECT ...: the SELECT is compiled in a scope of its own. */
static void insert_from(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;
    int qualify = c->qualify, n_tables = c->n_tables, n;

    kw(c, "INSERT INTO ");
    asql__compile_table_name(c, q->table);
    for (cell = q->insert_columns.head; cell; cell = cell->next) {
        kw(c, cell == q->insert_columns.head ? " (" : ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
    }
    kw(c, ") ");
    /* The SELECT has a scope of its own: the target table is not one of its FROM items. */
    c->n_tables = 0;
    c->depth++;
    n = asql__compile_query(c, q->insert_from);
    c->depth--;
    c->n_tables = n_tables;
    c->tables[0] = q->table;
    c->qualify = qualify;
    if (c->b.status == ASQL_OK && (size_t)n != q->insert_columns.n)
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                          "INSERT into \"%s\": the SELECT returns %d columns for %zu",
                          q->table->name, n, q->insert_columns.n);
}

/* RETURNING items of an INSERT, UPDATE or DELETE, or ASQL_ENOTSUP naming the dialect. */
static void compile_returning(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;
    int ok, qualify = c->qualify;

    if (!q->returning.head)
        return;
    ok = q->kind == ASQL__STMT_INSERT   ? c->d->returning_insert
         : q->kind == ASQL__STMT_UPDATE ? c->d->returning_update
                                        : c->d->returning_delete;
    if (!ok) {
        asql__sqlbuf_fail(&c->b, ASQL_ENOTSUP, "RETURNING on %s is not supported by %s",
                          q->kind == ASQL__STMT_INSERT   ? "INSERT"
                          : q->kind == ASQL__STMT_UPDATE ? "UPDATE"
                                                         : "DELETE",
                          c->d->name);
        return;
    }
    /* Unqualified: MariaDB and SQLite accept only the bare names of the target's columns. */
    c->qualify = 0;
    kw(c, " RETURNING ");
    for (cell = q->returning.head; cell; cell = cell->next) {
        if (cell != q->returning.head)
            kw(c, ", ");
        asql__compile_select_item(c, cell->e);
    }
    c->qualify = qualify;
}

/* ON CONFLICT ... DO NOTHING / DO UPDATE SET, or ON DUPLICATE KEY UPDATE. */
static void compile_upsert(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;
    int qualify = c->qualify;

    if (!q->upsert)
        return;
    if (q->upsert == ASQL__UPSERT_UPDATE && !q->upsert_set.head) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                          "INSERT into \"%s\": DO UPDATE sets no column (asql_upsert_set)",
                          q->table->name);
        return;
    }
    if (c->d->on_conflict) {
        for (cell = q->conflict.head; cell; cell = cell->next) {
            kw(c, cell == q->conflict.head ? " ON CONFLICT (" : ", ");
            asql__sqlbuf_ident(&c->b, cell->column->name);
        }
        kw(c, q->upsert == ASQL__UPSERT_NOTHING ? ") DO NOTHING" : ") DO UPDATE SET ");
    } else {
        kw(c, " ON DUPLICATE KEY UPDATE ");
        if (q->upsert == ASQL__UPSERT_NOTHING) {
            /* No DO NOTHING here: assigning a key column to itself changes nothing. */
            asql__sqlbuf_ident(&c->b, q->conflict.head->column->name);
            kw(c, " = ");
            asql__sqlbuf_ident(&c->b, q->conflict.head->column->name);
            return;
        }
    }
    if (q->upsert == ASQL__UPSERT_NOTHING)
        return;
    /* Values read the existing row qualified: a bare name is ambiguous with `excluded`. */
    c->qualify = 1;
    c->upsert = 1;
    for (cell = q->upsert_set.head; cell; cell = cell->next) {
        if (cell != q->upsert_set.head)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
        kw(c, " = ");
        asql__compile_expr(c, cell->e);
    }
    c->qualify = qualify;
    c->upsert = 0;
}

/* The first primary-key column marked autoincrement, or NULL. */
static const asql_column *autoincrement_key(const asql_table *t)
{
    int i;

    for (i = 0; i < t->n_columns; i++)
        if (t->columns[i].primary_key && t->columns[i].autoincrement)
            return &t->columns[i];
    return NULL;
}

/* The cell of `col` in row `r`, or NULL. */
static const asql__cell *row_find(const asql__row *r, const asql_column *col)
{
    const asql__cell *cell;

    for (cell = r->values.head; cell; cell = cell->next)
        if (cell->column == col)
            return cell;
    return NULL;
}

/*
 * INSERT INTO t (columns of row 1) VALUES (...), (...); returns the number of rows. Later rows
 * are written in row 1's column order whatever order they were set in.
 */
static size_t insert_values(compiler *c, const asql_stmt *q)
{
    const asql__row *first = q->rows, *row;
    const asql__cell *cell;
    size_t n_rows = 0, r = 0;

    if (!first || first->values.n == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "INSERT into \"%s\" sets no column", q->table->name);
        return 0;
    }
    for (row = first; row; row = row->next)
        if (row->values.n)
            n_rows++;
    kw(c, "INSERT INTO ");
    asql__compile_table_name(c, q->table);
    kw(c, " (");
    for (cell = first->values.head; cell; cell = cell->next) {
        if (cell != first->values.head)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
    }
    kw(c, ") VALUES ");
    for (row = first; row && c->b.status == ASQL_OK; row = row->next) {
        if (!row->values.n)
            continue; /* the empty row opened by a final asql_insert_row() */
        r++;
        if (row->values.n != first->values.n) {
            asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                              "INSERT into \"%s\": row %zu does not set the same columns as row 1",
                              q->table->name, r);
            return 0;
        }
        kw(c, row == first ? "(" : ", (");
        for (cell = first->values.head; cell; cell = cell->next) {
            const asql__cell *v = row_find(row, cell->column);
            if (!v) {
                asql__sqlbuf_fail(&c->b, ASQL_EINVAL,
                                  "INSERT into \"%s\": row %zu does not set column \"%s\"",
                                  q->table->name, r, cell->column->name);
                return 0;
            }
            if (cell != first->values.head)
                kw(c, ", ");
            asql__compile_expr(c, v->e);
        }
        kw(c, ")");
    }
    return n_rows;
}

/*
 * INSERT of rows or of a SELECT, then the upsert clause, then RETURNING: the program's own, or
 * on PostgreSQL the implicit RETURNING of the autoincrement key of a one-row INSERT.
 */
void asql__compile_insert(compiler *c, const asql_stmt *q, asql__compile_info *info)
{
    size_t n_rows = 0;

    if (q->insert_from)
        insert_from(c, q);
    else
        n_rows = insert_values(c, q);
    compile_upsert(c, q);
    info->autoincrement_key = autoincrement_key(q->table);
    if (q->returning.head) {
        compile_returning(c, q);
        info->returns_rows = 1;
    } else if (info->autoincrement_key && c->d->implicit_returning && n_rows == 1) {
        kw(c, " RETURNING ");
        asql__sqlbuf_ident(&c->b, info->autoincrement_key->name);
        asql__compile_result_column(c, info->autoincrement_key->name, info->autoincrement_key->type,
                                    info->autoincrement_key);
        info->implicit_returning = 1;
        info->returns_rows = 1;
    }
}

/* UPDATE t SET column = value, ... [WHERE ...] [RETURNING ...]. */
void asql__compile_update(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;

    if (!q->rows || q->rows->values.n == 0) {
        asql__sqlbuf_fail(&c->b, ASQL_EINVAL, "UPDATE of \"%s\" sets no column", q->table->name);
        return;
    }
    kw(c, "UPDATE ");
    asql__compile_table_name(c, q->table);
    kw(c, " SET ");
    for (cell = q->rows->values.head; cell; cell = cell->next) {
        if (cell != q->rows->values.head)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
        kw(c, " = ");
        asql__compile_expr(c, cell->e);
    }
    asql__compile_conditions(c, " WHERE ", &q->where);
    compile_returning(c, q);
}

/* DELETE FROM t [WHERE ...] [RETURNING ...]. */
void asql__compile_delete(compiler *c, const asql_stmt *q)
{
    kw(c, "DELETE FROM ");
    asql__compile_table_name(c, q->table);
    asql__compile_conditions(c, " WHERE ", &q->where);
    compile_returning(c, q);
}
