/* SPDX-License-Identifier: MIT */
/*
 * node.h - the tree a statement is built into: statement, node and list layouts. src/expr writes
 * them; src/dialect only reads them (through const pointers) to produce SQL. Nothing here knows
 * how anything is spelled in SQL.
 */
#ifndef ASQL_SRC_EXPR_NODE_H
#define ASQL_SRC_EXPR_NODE_H

#include <stdalign.h>
#include <stddef.h>

#include "asql/expr.h"
#include "expr/arena.h"

typedef enum asql__stmt_kind {
    ASQL__STMT_NONE = 0, /* the shared ENOMEM statement */
    ASQL__STMT_SELECT,
    ASQL__STMT_INSERT,
    ASQL__STMT_UPDATE,
    ASQL__STMT_DELETE,
    ASQL__STMT_TEXT,
    ASQL__STMT_COMPOUND,     /* UNION / INTERSECT / EXCEPT of `parts` (compound.c) */
    ASQL__STMT_CREATE_TABLE, /* DDL of `table` (ddl.c) */
    ASQL__STMT_DROP_TABLE,
    ASQL__STMT_CREATE_INDEX, /* on `index_column` */
    ASQL__STMT_SCRIPT        /* create-all / drop-all: `parts`, compiled one by one */
} asql__stmt_kind;

typedef enum asql__node_kind {
    ASQL__N_ERROR = 0, /* the shared inert node returned by failed builder calls */
    ASQL__N_COLUMN,    /* u.column */
    ASQL__N_VALUE,     /* u.value (is_null for SQL NULL) */
    ASQL__N_PARAM,     /* u.param: a named placeholder */
    ASQL__N_UNARY,     /* op, u.ops.a */
    ASQL__N_BINARY,    /* op, u.ops.a, u.ops.b */
    ASQL__N_BETWEEN,   /* u.ops.a BETWEEN u.ops.b AND u.ops.c */
    ASQL__N_IN,        /* op IN / NOT_IN; u.list.e, u.list.items */
    ASQL__N_FUNC,      /* u.list.name (NULL for now()), u.list.items; op COUNT_STAR or NOW */
    ASQL__N_LABEL,     /* u.list.e AS u.list.name */
    ASQL__N_ACOLUMN,   /* u.acol: a column of a table alias or of a subquery in FROM */
    ASQL__N_SUBQUERY,  /* op SCALAR, EXISTS, NOT_EXISTS, IN, NOT_IN; u.sub */
    ASQL__N_CASE,      /* u.cases: CASE [e] WHEN items[2i] THEN items[2i+1] ... ELSE other END */
    ASQL__N_CAST,      /* CAST(u.ops.a AS type) */
    ASQL__N_OVER,      /* u.over: fn OVER (PARTITION BY ... ORDER BY ...) */
    ASQL__N_EXCLUDED   /* u.column of the row an upsert proposed (excluded.x / VALUES(x)) */
} asql__node_kind;

typedef enum asql__op {
    ASQL__OP_NONE = 0,
    /* binary, comparisons */
    ASQL__OP_EQ,
    ASQL__OP_NE,
    ASQL__OP_LT,
    ASQL__OP_LE,
    ASQL__OP_GT,
    ASQL__OP_GE,
    ASQL__OP_LIKE,
    ASQL__OP_NOT_LIKE,
    ASQL__OP_ILIKE,
    ASQL__OP_NOT_ILIKE,
    /* binary, logic and arithmetic */
    ASQL__OP_AND,
    ASQL__OP_OR,
    ASQL__OP_ADD,
    ASQL__OP_SUB,
    ASQL__OP_MUL,
    ASQL__OP_DIV,
    ASQL__OP_MOD,
    ASQL__OP_CONCAT,
    /* unary */
    ASQL__OP_NOT,
    ASQL__OP_NEG,
    ASQL__OP_IS_NULL,
    ASQL__OP_IS_NOT_NULL,
    ASQL__OP_ASC,
    ASQL__OP_DESC,
    /* lists and functions */
    ASQL__OP_IN,
    ASQL__OP_NOT_IN,
    ASQL__OP_COUNT_STAR,
    ASQL__OP_NOW,
    /* ordering terms wrapping ASC/DESC or an expression */
    ASQL__OP_NULLS_FIRST,
    ASQL__OP_NULLS_LAST,
    /* subqueries */
    ASQL__OP_SCALAR,
    ASQL__OP_EXISTS,
    ASQL__OP_NOT_EXISTS
} asql__op;

enum {
    ASQL__F_UNTYPED = 1, /* untyped literal or placeholder: takes the type of what it meets */
    ASQL__F_ESCAPE = 2   /* LIKE pattern escaped with '/' (startswith, endswith, contains) */
};

/* The escape character used by asql_startswith/endswith/contains patterns. */
#define ASQL__LIKE_ESCAPE '/'

struct asql_expr {
    unsigned char kind;     /* asql__node_kind */
    unsigned char op;       /* asql__op */
    unsigned char flags;    /* ASQL__F_* */
    const asql_stmt *owner; /* the statement whose arena holds this node */
    asql_type type;         /* declared type; kind UNKNOWN when not known */
    union {
        const asql_column *column;
        asql_value value;
        const char *param;
        struct {
            asql_expr *a, *b, *c;
        } ops;
        struct {
            asql_expr *e;
            asql_expr **items;
            size_t n;
            const char *name;
        } list;
        struct {
            const struct asql_alias *alias;
            const asql_column *column; /* NULL for a subquery column known by name only */
            const char *name;
        } acol;
        struct {
            asql_expr *e; /* IN: the left side */
            const asql_stmt *stmt;
        } sub;
        struct {
            asql_expr *e; /* the subject of a simple CASE, or NULL */
            asql_expr **items;
            size_t n; /* 2 per WHEN */
            asql_expr *other;
        } cases;
        struct {
            asql_expr *fn;
            asql_expr **items; /* PARTITION BY terms, then ORDER BY terms */
            size_t n, n_partition;
        } over;
    } u;
};

/* A table alias, or a subquery in FROM, with its name (asql_alias, asql_subquery_alias). */
struct asql_alias {
    const asql_stmt *owner;
    const asql_table *table;     /* the aliased table, or NULL */
    const asql_stmt *sub;        /* the subquery or the CTE's query, or NULL */
    const struct asql__cte *cte; /* set for a CTE: written by name alone */
    const char *name;
};

/* Join kinds beyond the public asql_join_kind: a plain FROM item (an alias), no ON. */
#define ASQL__JOIN_FROM 255

/* One JOIN of a SELECT, in order, after the FROM tables; or an alias added to FROM. */
typedef struct asql__join {
    struct asql__join *next;
    unsigned char kind;      /* asql_join_kind, or ASQL__JOIN_FROM */
    const asql_table *table; /* the joined table, or NULL for an alias */
    const struct asql_alias *alias;
    asql_expr *on;
} asql__join;

/* A part of a set operation or of a DDL script. */
typedef struct asql__part {
    struct asql__part *next;
    asql_stmt *stmt;
} asql__part;

/* A common table expression of a WITH clause. */
typedef struct asql__cte {
    struct asql__cte *next;
    const struct asql_alias *alias; /* alias->sub is the query, alias->name its name */
    const char *const *column_names;
    size_t n_column_names;
} asql__cte;

/* A list cell: an expression, a column or a table, with an optional name. */
typedef struct asql__cell {
    struct asql__cell *next;
    asql_expr *e;
    const asql_column *column;
    const asql_table *table;
    const char *name;
} asql__cell;

typedef struct asql__list {
    asql__cell *head, *tail;
    size_t n;
} asql__list;

/* One row of an INSERT, or the SET list of an UPDATE: cells of (column, e). */
typedef struct asql__row {
    struct asql__row *next;
    asql__list values;
} asql__row;

/* Bytes of the first arena block embedded in every statement. */
#define ASQL__STMT_INLINE 3584

struct asql_stmt {
    asql__stmt_kind kind;
    asql_status status;      /* sticky: the first error */
    const asql_table *table; /* INSERT/UPDATE/DELETE target; SELECT's first FROM table */
    asql__list from;         /* SELECT: cells with `table`, in order */
    asql__list columns;      /* SELECT list; empty = every column of every FROM table */
    asql__list where;        /* conditions joined with AND */
    asql__list group_by;
    asql__list having; /* conditions joined with AND */
    asql__list order_by;
    unsigned distinct : 1;
    unsigned has_limit : 1;
    unsigned has_offset : 1;
    unsigned other_tables : 1;     /* a column of a table other than `table` was referenced */
    unsigned many_tables : 1;      /* ... of two or more tables other than `table` */
    const asql_table *other_table; /* the first of those tables */
    int64_t limit, offset;
    asql__row *rows, *last_row; /* INSERT rows; UPDATE: one row, the SET list */
    size_t n_rows;
    const char *text; /* TEXT: the SQL, copied, NUL-terminated */
    size_t text_len;
    asql__list binds; /* TEXT: cells with `name` and `e` (asql_bind) */
    /* The rest of SQL: sub-statements, joins, CTEs, set operations, RETURNING, upsert, DDL. */
    asql_stmt *root; /* the top-level statement whose arena holds this one; or NULL */
    asql__join *joins, *last_join;
    asql__cte *ctes, *last_cte;
    unsigned recursive : 1; /* WITH RECURSIVE */
    unsigned for_update : 1;
    unsigned if_exists : 1;        /* DDL: IF [NOT] EXISTS */
    unsigned upsert : 2;           /* ASQL__UPSERT_* */
    unsigned compound_op : 3;      /* COMPOUND: asql_compound_kind */
    asql__list returning;          /* INSERT/UPDATE/DELETE ... RETURNING */
    asql__list conflict;           /* upsert: cells with `column` (the conflict target) */
    asql__list upsert_set;         /* upsert DO UPDATE SET: cells with `column` and `e` */
    asql__part *parts, *last_part; /* COMPOUND / SCRIPT */
    size_t n_parts;
    asql__list insert_columns;       /* INSERT ... SELECT: cells with `column` */
    const asql_stmt *insert_from;    /* INSERT ... SELECT */
    const asql_column *index_column; /* CREATE INDEX */
    asql__arena arena;
    char errmsg[256];
    alignas(max_align_t) unsigned char inline_block[ASQL__STMT_INLINE];
};

enum { ASQL__UPSERT_NONE = 0, ASQL__UPSERT_NOTHING, ASQL__UPSERT_UPDATE };

/* The declared type of an expression, or UNKNOWN. */
static inline asql_type asql__expr_type(const asql_expr *e)
{
    return e->type;
}

#endif
