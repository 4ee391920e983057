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
    ASQL__STMT_TEXT
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
    ASQL__N_LABEL      /* u.list.e AS u.list.name */
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
    ASQL__OP_NOW
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
    } u;
};

/* How a FROM table is attached. */
enum { ASQL__FROM_LIST = 0, ASQL__JOIN_INNER, ASQL__JOIN_LEFT };

/* A list cell: an expression, a column or a table (FROM: with `join` and its ON in `e`). */
typedef struct asql__cell {
    struct asql__cell *next;
    int join;
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
    asql_status status;         /* sticky: the first error */
    const asql_table *table;    /* INSERT/UPDATE/DELETE target; SELECT's first FROM table */
    asql__list from;            /* SELECT: cells with `table`, in order */
    asql__list columns;         /* SELECT list; empty = every column of every FROM table */
    asql__list where;           /* conditions joined with AND */
    asql__list group_by;
    asql__list having;          /* conditions joined with AND */
    asql__list order_by;
    unsigned distinct : 1;
    unsigned has_limit : 1;
    unsigned has_offset : 1;
    unsigned other_tables : 1;  /* a column of a table other than `table` was referenced */
    unsigned many_tables : 1;   /* ... of two or more tables other than `table` */
    const asql_table *other_table; /* the first of those tables */
    int64_t limit, offset;
    asql__row *rows, *last_row; /* INSERT rows; UPDATE: one row, the SET list */
    size_t n_rows;
    const char *text;           /* TEXT: the SQL, copied, NUL-terminated */
    size_t text_len;
    asql__list binds;           /* TEXT: cells with `name` and `e` (asql_bind) */
    asql__arena arena;
    char errmsg[256];
    alignas(max_align_t) unsigned char inline_block[ASQL__STMT_INLINE];
};

/* The declared type of an expression, or UNKNOWN. */
static inline asql_type asql__expr_type(const asql_expr *e)
{
    return e->type;
}

#endif
