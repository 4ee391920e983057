/* SPDX-License-Identifier: MIT */
/*
 * compiler.h - the state of one compilation, shared by the walker (compile.c) and the files that
 * compile the rest of SQL: queries inside queries, joins, set operations, CTEs and special forms
 * (compile_query.c), INSERT/UPDATE/DELETE (compile_dml.c) and DDL (compile_ddl.c).
 */
#ifndef ASQL_SRC_DIALECT_COMPILER_H
#define ASQL_SRC_DIALECT_COMPILER_H

#include "dialect/compiled.h"

enum { MAX_TABLES = 16, INLINE_COLUMNS = 16, SEEN = 16, MAX_VALUES = 32 };

/* The FROM items a column may come from, saved while a subquery is compiled (correlation). */
typedef struct asql__scope {
    const asql_table *tables[MAX_TABLES];
    int n_tables;
    const asql_alias *aliases[MAX_TABLES];
    int n_aliases;
    const struct asql__scope *outer;
} asql__scope;

typedef struct compiler {
    asql__sqlbuf b;
    const asql_stmt *q;
    const asql_dialect *d;
    const asql_table *tables[MAX_TABLES]; /* tables a column may come from */
    int n_tables;
    int qualify; /* write columns as table.column */
    /* Where recently written column references and table names sit in the text, by the
     * address of their column or table (see remembered in compile.c); valid for this compile
     * only, and for qualified columns of the top query only. */
    const void *seen_keys[SEEN]; /* apart, so that clearing them is all the set-up */
    struct {
        size_t offset, len;
    } seen[SEEN];
    asql__ccol *cols;
    int n_cols, cap_cols;
    asql__ccol inline_cols[INLINE_COLUMNS];
    /* The rest of SQL. */
    const asql_alias *aliases[MAX_TABLES]; /* aliases a column may come from */
    int n_aliases;
    const asql__scope *outer; /* the enclosing queries' FROM items, for correlated columns */
    int depth;                /* > 0 inside a subquery: no result columns are recorded */
    int bare;                 /* write columns unqualified and unchecked (ORDER BY of a UNION) */
    int upsert;               /* in the DO UPDATE assignments: `excluded` may be read */
    asql_value values[MAX_VALUES]; /* LIMIT and OFFSET values, alive until the end */
    int n_values;
} compiler;

/* The walker (compile.c). */
void asql__compile_expr(compiler *c, const asql_expr *e);
/* A table's name, quoted as needed (copied when written before in this compile). */
void asql__compile_table_name(compiler *c, const asql_table *t);
void asql__compile_conditions(compiler *c, const char *clause, const asql__list *list);
void asql__compile_collect(compiler *c, const asql_expr *e);
int asql__compile_select(compiler *c, const asql_stmt *q);
void asql__compile_result_column(compiler *c, const char *name, asql_type type,
                                 const asql_column *column);
/* A select-list item (a label written as AS name), recorded as a result column at depth 0. */
void asql__compile_select_item(compiler *c, const asql_expr *e);
/* An ORDER BY / GROUP BY term (ASC, DESC, NULLS FIRST/LAST; a label by its name). */
void asql__compile_order_term(compiler *c, const asql_expr *e);
/* ORDER BY, LIMIT and OFFSET of `q` (a set operation's, with c->bare set by the caller). */
void asql__compile_order_by(compiler *c, const asql_stmt *q);
/* Writes a bound BIGINT parameter for `v` (LIMIT, OFFSET), kept alive in the compiler. */
void asql__compile_int_param(compiler *c, int64_t v);

/* Queries inside queries and special forms (compile_query.c). A query (with its WITH clause);
 * returns the number of its columns. */
int asql__compile_query(compiler *c, const asql_stmt *q);
void asql__compile_node(compiler *c, const asql_expr *e);
void asql__compile_collect_node(compiler *c, const asql_expr *e);
int asql__compile_table_in_outer(const compiler *c, const asql_table *t);
/* The FROM clause of `q` with its joins; the tables and aliases are in the compiler. */
void asql__compile_from(compiler *c, const asql_stmt *q);
/* 1 when `t` is joined (JOIN t ON ...) in `q`: it is then not listed after a comma. */
int asql__compile_table_joined(const asql_stmt *q, const asql_table *t);
/* Adds the joined tables and aliases of `q` to the compiler's scope. */
void asql__compile_join_scope(compiler *c, const asql_stmt *q);
/* A set operation; returns the number of columns of its first part. */
int asql__compile_compound(compiler *c, const asql_stmt *q);
/* The name of type `t` in `names` (formatted into buf when sized), or NULL when it has none. */
const char *asql__type_sql(const asql__type_names *names, asql_type t, char *buf, size_t size);

/* INSERT, UPDATE and DELETE (compile_dml.c). */
void asql__compile_insert(compiler *c, const asql_stmt *q, asql__compile_info *info);
void asql__compile_update(compiler *c, const asql_stmt *q);
void asql__compile_delete(compiler *c, const asql_stmt *q);

/* DDL (compile_ddl.c). */
void asql__compile_ddl(asql__sqlbuf *b, const asql_stmt *q);

#endif
