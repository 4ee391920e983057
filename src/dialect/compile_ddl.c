/* SPDX-License-Identifier: MIT */
/*
 * compile_ddl.c - CREATE TABLE, DROP TABLE and CREATE INDEX from the table declarations, with
 * the dialect's type names (def.h) and autoincrement spelling. Defaults are the program's
 * ASQL_SERVER_DEFAULT text; no value from a statement ever reaches DDL.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/compiler.h"
#include "expr/value.h"

/* SQL text from this file (and the program's ASQL_SERVER_DEFAULT text). */
static void kw(asql__sqlbuf *b, const char *s)
{
    asql__sqlbuf_keyword(b, s);
}

/* The ON DELETE clause of a foreign key; nothing for the server's default. */
static const char *on_delete_sql(asql_fk_action a)
{
    switch (a) {
    case ASQL_FK_CASCADE:
        return " ON DELETE CASCADE";
    case ASQL_FK_SET_NULL:
        return " ON DELETE SET NULL";
    case ASQL_FK_SET_DEFAULT:
        return " ON DELETE SET DEFAULT";
    case ASQL_FK_RESTRICT:
        return " ON DELETE RESTRICT";
    case ASQL_FK_NO_ACTION:
        return " ON DELETE NO ACTION";
    default:
        return "";
    }
}

/* The number of primary-key columns: only a single-column key can be autoincrement. */
static int n_key_columns(const asql_table *t)
{
    int i, n = 0;

    for (i = 0; i < t->n_columns; i++)
        n += t->columns[i].primary_key != 0;
    return n;
}

/* One column definition: name, type, DEFAULT, NOT NULL, UNIQUE; 1 when it holds the key. */
static int column_def(asql__sqlbuf *b, const asql_column *col, int single_key)
{
    const asql__type_names *types = b->d->ddl_types;
    int autoinc = col->autoincrement && col->primary_key && single_key &&
                  asql__type_is_integer(col->type.kind);
    const char *name;
    char buf[48];

    asql__sqlbuf_ident(b, col->name);
    kw(b, " ");
    if (autoinc && types->rowid_key) {
        /* Only this spelling makes the key SQLite's rowid. */
        kw(b, "INTEGER PRIMARY KEY AUTOINCREMENT");
        return 1;
    }
    if (autoinc && types->serial[0])
        name = types->serial[col->type.kind - ASQL_TYPE_SMALLINT];
    else
        name = asql__type_sql(types, col->type, buf, sizeof buf);
    if (!name) {
        asql__sqlbuf_fail(b, ASQL_ENOTSUP, "column \"%s\": type %s is not supported by %s",
                          col->name, asql_type_name(col->type.kind), b->d->name);
        return 0;
    }
    kw(b, name);
    if (col->server_default && !autoinc) {
        kw(b, " DEFAULT ");
        kw(b, col->server_default);
    }
    if (col->not_null || col->primary_key)
        kw(b, " NOT NULL");
    if (autoinc && types->auto_increment)
        kw(b, types->auto_increment);
    if (col->unique && !col->primary_key)
        kw(b, " UNIQUE");
    return 0;
}

/* SQLAlchemy's naming convention for the index of one column: ix_<table>_<column>. */
static void index_name(asql__sqlbuf *b, const asql_column *col)
{
    char name[256];

    snprintf(name, sizeof name, "ix_%s_%s", col->table->name, col->name);
    asql__sqlbuf_ident(b, name);
}

/*
 * 1 when the indexes of a table are declared inside its CREATE TABLE: in a create-all script
 * with IF NOT EXISTS on a dialect without CREATE INDEX IF NOT EXISTS (MySQL), so that a table
 * and its indexes are created together or not at all.
 */
static int inline_indexes(const asql__sqlbuf *b, const asql_stmt *q)
{
    return q->if_exists && !b->d->index_if_not_exists && q->root &&
           q->root->kind == ASQL__STMT_SCRIPT;
}

/*
 * Columns, then the primary key (unless SQLite's rowid key is inline), the indexes where they
 * go inline, then one FOREIGN KEY clause per referencing column. UNIQUE is written on the
 * column itself.
 */
static void create_table(asql__sqlbuf *b, const asql_stmt *q)
{
    const asql_table *t = q->table;
    int if_not_exists = q->if_exists;
    int i, n_keys = n_key_columns(t), rowid = 0, first;

    kw(b, if_not_exists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ");
    asql__sqlbuf_ident(b, t->name);
    kw(b, " (");
    for (i = 0; i < t->n_columns; i++) {
        if (i)
            kw(b, ", ");
        rowid |= column_def(b, &t->columns[i], n_keys == 1);
    }
    if (n_keys && !rowid) {
        kw(b, ", PRIMARY KEY (");
        for (i = 0, first = 1; i < t->n_columns; i++) {
            if (!t->columns[i].primary_key)
                continue;
            if (!first)
                kw(b, ", ");
            first = 0;
            asql__sqlbuf_ident(b, t->columns[i].name);
        }
        kw(b, ")");
    }
    for (i = 0; i < t->n_columns && inline_indexes(b, q); i++) {
        if (!t->columns[i].indexed)
            continue;
        kw(b, ", INDEX ");
        index_name(b, &t->columns[i]);
        kw(b, " (");
        asql__sqlbuf_ident(b, t->columns[i].name);
        kw(b, ")");
    }
    for (i = 0; i < t->n_columns; i++) {
        const asql_column *fk = t->columns[i].foreign_key;
        if (!fk)
            continue;
        if (!fk->table || !fk->name) {
            asql__sqlbuf_fail(b, ASQL_EINVAL,
                              "column \"%s\": its foreign key is not a declared "
                              "column",
                              t->columns[i].name);
            return;
        }
        kw(b, ", FOREIGN KEY (");
        asql__sqlbuf_ident(b, t->columns[i].name);
        kw(b, ") REFERENCES ");
        asql__sqlbuf_ident(b, fk->table->name);
        kw(b, " (");
        asql__sqlbuf_ident(b, fk->name);
        kw(b, ")");
        kw(b, on_delete_sql(t->columns[i].on_delete));
    }
    kw(b, ")");
}

/*
 * A one-column index named as SQLAlchemy names it, quoted as any identifier. Where the index
 * went inside its table's CREATE TABLE, its part of the script does nothing ("DO 0").
 */
static void create_index(asql__sqlbuf *b, const asql_stmt *q)
{
    const asql_column *col = q->index_column;
    int if_not_exists = q->if_exists;

    if (inline_indexes(b, q)) {
        kw(b, "DO 0");
        return;
    }
    if (if_not_exists && !b->d->index_if_not_exists) {
        asql__sqlbuf_fail(b, ASQL_ENOTSUP, "CREATE INDEX IF NOT EXISTS is not supported by %s",
                          b->d->name);
        return;
    }
    kw(b, if_not_exists ? "CREATE INDEX IF NOT EXISTS " : "CREATE INDEX ");
    index_name(b, col);
    kw(b, " ON ");
    asql__sqlbuf_ident(b, col->table->name);
    kw(b, " (");
    asql__sqlbuf_ident(b, col->name);
    kw(b, ")");
}

/* DDL writes names and the program's text only: it has no parameters. */
void asql__compile_ddl(asql__sqlbuf *b, const asql_stmt *q)
{
    switch (q->kind) {
    case ASQL__STMT_CREATE_TABLE:
        create_table(b, q);
        break;
    case ASQL__STMT_DROP_TABLE:
        kw(b, q->if_exists ? "DROP TABLE IF EXISTS " : "DROP TABLE ");
        asql__sqlbuf_ident(b, q->table->name);
        break;
    default:
        create_index(b, q);
        break;
    }
}
