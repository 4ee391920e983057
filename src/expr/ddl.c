/* SPDX-License-Identifier: MIT */
/*
 * ddl.c - DDL statements from the declarations: CREATE TABLE, DROP TABLE and CREATE INDEX, and
 * the create-all / drop-all scripts over a metadata list in foreign-key order. Types and syntax
 * per dialect are chosen when compiling (dialect/compile_ddl.c); nothing here writes SQL.
 */
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"

/* DDL statements are top-level statements that only name a table; `if_exists` is the flag. */
static asql_stmt *ddl_new(asql__stmt_kind kind, const asql_table *t, bool if_exists, const char *fn)
{
    asql_stmt *q = asql__stmt_new(kind);

    if (q->status == ASQL_OK && asql__table_ok(q, t, fn)) {
        q->table = t;
        q->if_exists = if_exists ? 1 : 0;
    }
    return q;
}

asql_stmt *asql_create_table(const asql_table *t, bool if_not_exists)
{
    return ddl_new(ASQL__STMT_CREATE_TABLE, t, if_not_exists, "asql_create_table");
}

asql_stmt *asql_drop_table(const asql_table *t, bool if_exists)
{
    return ddl_new(ASQL__STMT_DROP_TABLE, t, if_exists, "asql_drop_table");
}

/* A NULL column still returns a statement, carrying the error, as every constructor does. */
asql_stmt *asql_create_index(const asql_column *column, bool if_not_exists)
{
    asql_stmt *q;

    if (!column) {
        q = asql__stmt_new(ASQL__STMT_CREATE_INDEX);
        asql__stmt_fail(q, ASQL_EINVAL, "asql_create_index: column is NULL");
        return q;
    }
    q = ddl_new(ASQL__STMT_CREATE_INDEX, column->table, if_not_exists, "asql_create_index");
    if (q->status == ASQL_OK)
        q->index_column = column;
    return q;
}

/* Appends a DDL part of `kind` on table `t` (and `column`) to script `q`. */
static void add_part(asql_stmt *q, asql__stmt_kind kind, const asql_table *t,
                     const asql_column *column)
{
    asql_stmt *sub = asql__substmt_new(q, kind);
    asql__part *p;

    if (sub->status != ASQL_OK)
        return;
    sub->table = t;
    sub->index_column = column;
    sub->if_exists = q->if_exists;
    p = asql__stmt_alloc(q, sizeof *p);
    if (!p)
        return;
    p->next = NULL;
    p->stmt = sub;
    if (q->last_part)
        q->last_part->next = p;
    else
        q->parts = p;
    q->last_part = p;
    q->n_parts++;
}

/* 1 when every table `t` references (other than itself) is in done[0..n_done) or not in md. */
static int references_done(const asql_metadata *md, const asql_table *t,
                           const asql_table *const *done, size_t n_done)
{
    size_t i, k;
    int c;

    for (c = 0; c < t->n_columns; c++) {
        const asql_column *fk = t->columns[c].foreign_key;
        int listed = 0, placed = 0;
        if (!fk || fk->table == t)
            continue;
        for (i = 0; i < md->n_tables; i++)
            listed |= md->tables[i] == fk->table;
        for (k = 0; k < n_done; k++)
            placed |= done[k] == fk->table;
        if (listed && !placed)
            return 0;
    }
    return 1;
}

/*
 * The tables of `md` with referenced tables first (a stable topological sort), into a script
 * statement of `kind` whose parts are made in that order or its reverse.
 */
static asql_stmt *script(const asql_metadata *md, bool flag, int drop, const char *fn)
{
    asql_stmt *q = asql__stmt_new(ASQL__STMT_SCRIPT);
    const asql_table **order;
    size_t n = 0, i, k;
    int c;

    if (q->status != ASQL_OK)
        return q;
    q->if_exists = flag ? 1 : 0;
    if (!md || (md->n_tables && !md->tables)) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: metadata or its table array is NULL", fn);
        return q;
    }
    for (i = 0; i < md->n_tables; i++)
        if (!asql__table_ok(q, md->tables[i], fn))
            return q;
    order = asql__stmt_alloc(q, (md->n_tables ? md->n_tables : 1) * sizeof *order);
    if (!order)
        return q;
    while (n < md->n_tables) {
        size_t before = n;
        for (i = 0; i < md->n_tables; i++) {
            int placed = 0;
            for (k = 0; k < n; k++)
                placed |= order[k] == md->tables[i];
            if (!placed && references_done(md, md->tables[i], order, n))
                order[n++] = md->tables[i];
        }
        if (n == before) {
            asql__stmt_fail(q, ASQL_EINVAL, "%s: the foreign keys of the tables form a cycle", fn);
            return q;
        }
    }
    for (i = 0; i < n; i++) {
        const asql_table *t = order[drop ? n - 1 - i : i];
        add_part(q, drop ? ASQL__STMT_DROP_TABLE : ASQL__STMT_CREATE_TABLE, t, NULL);
        for (c = 0; !drop && c < t->n_columns; c++)
            if (t->columns[c].indexed)
                add_part(q, ASQL__STMT_CREATE_INDEX, t, &t->columns[c]);
    }
    return q;
}

asql_stmt *asql_create_all(const asql_metadata *md, bool if_not_exists)
{
    return script(md, if_not_exists, 0, "asql_create_all");
}

asql_stmt *asql_drop_all(const asql_metadata *md, bool if_exists)
{
    return script(md, if_exists, 1, "asql_drop_all");
}

/* Parts are kept in order in a list; scripts are short, so reading part i walks it. */
size_t asql_stmt_n_parts(const asql_stmt *q)
{
    return q && q->kind == ASQL__STMT_SCRIPT ? q->n_parts : 0;
}

const asql_stmt *asql_stmt_part(const asql_stmt *q, size_t i)
{
    const asql__part *p;

    if (!q || q->kind != ASQL__STMT_SCRIPT)
        return NULL;
    for (p = q->parts; p; p = p->next, i--)
        if (i == 0)
            return p->stmt;
    return NULL;
}
