/* SPDX-License-Identifier: MIT */
/*
 * compile_dml.c - the extras of INSERT, UPDATE and DELETE: INSERT ... SELECT, RETURNING (or
 * ASQL_ENOTSUP where the dialect has none), and upserts as ON CONFLICT (PostgreSQL, SQLite) or
 * ON DUPLICATE KEY UPDATE (MySQL, MariaDB).
 */
#include <string.h>

#include "dialect/compiler.h"

static void kw(compiler *c, const char *s)
{
    asql__sqlbuf_keyword(&c->b, s);
}

void asql__compile_insert_from(compiler *c, const asql_stmt *q)
{
    const asql__cell *cell;
    int qualify = c->qualify, n_tables = c->n_tables, n;

    kw(c, "INSERT INTO ");
    asql__sqlbuf_ident(&c->b, q->table->name);
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
                          "INSERT into \"%s\": the SELECT returns %d columns for %zu", q->table->name,
                          n, q->insert_columns.n);
}

void asql__compile_returning(compiler *c, const asql_stmt *q)
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

void asql__compile_upsert(compiler *c, const asql_stmt *q)
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
    for (cell = q->upsert_set.head; cell; cell = cell->next) {
        if (cell != q->upsert_set.head)
            kw(c, ", ");
        asql__sqlbuf_ident(&c->b, cell->column->name);
        kw(c, " = ");
        asql__compile_expr(c, cell->e);
    }
    c->qualify = qualify;
}
