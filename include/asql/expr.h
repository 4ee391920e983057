/* SPDX-License-Identifier: MIT */
/*
 * asql/expr.h - declaring tables and building statements.
 *
 * Tables are static data. Statements are trees of expression nodes that live in the statement's
 * own arena. Nothing here produces SQL text or performs I/O: asql/dialect.h compiles a statement
 * for one database, asql/exec.h runs it.
 *
 * Errors while building are sticky (as on a cairo context): a builder call never returns NULL;
 * on failure it records the first error on the statement and returns an inert node. Check once,
 * with asql_stmt_status(), or let compile/execute report it.
 */
#ifndef ASQL_EXPR_H
#define ASQL_EXPR_H

#include <stdbool.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Declaring tables
 * ------------------------------------------------------------------------------------------- */

typedef struct asql_table asql_table;
typedef struct asql_column asql_column;

/** What a foreign key does when the row it points to is deleted. */
typedef enum asql_fk_action {
    ASQL_FK_NONE = 0, /* no ON DELETE clause: the server's default (NO ACTION) */
    ASQL_FK_CASCADE,
    ASQL_FK_SET_NULL,
    ASQL_FK_SET_DEFAULT,
    ASQL_FK_RESTRICT,
    ASQL_FK_NO_ACTION
} asql_fk_action;

/**
 * A column of a declared table. Write it with ASQL_COLUMN() inside ASQL_TABLE_DEF(); the library
 * never writes to it or frees it. Columns are compared by address: always use the one object.
 */
struct asql_column {
    const asql_table *table; /* the table this column belongs to */
    const char *name;        /* its SQL name, as written (quoted when the dialect needs it) */
    asql_type type;
    unsigned char primary_key; /* part of the primary key (several columns: a composite key) */
    unsigned char autoincrement;
    unsigned char not_null;
    unsigned char unique;
    unsigned char indexed; /* CREATE INDEX on this column */
    asql_fk_action on_delete;
    const asql_column *foreign_key; /* the column this one references, or NULL */
    const char *server_default;     /* SQL text of a DEFAULT clause, from the program, or NULL */
};

/** A declared table: its name and its columns, which follow it in the declaring struct. */
struct asql_table {
    const char *name;
    const asql_column *columns;
    int n_columns;
};

/**
 * Type initialisers for ASQL_COLUMN() (and for any `asql_type` variable).
 */
/* clang-format off */
#define ASQL_SMALLINT {ASQL_TYPE_SMALLINT, 0, 0, 0, 0}
#define ASQL_INTEGER {ASQL_TYPE_INTEGER, 0, 0, 0, 0}
#define ASQL_BIGINT {ASQL_TYPE_BIGINT, 0, 0, 0, 0}
#define ASQL_FLOAT {ASQL_TYPE_FLOAT, 0, 0, 0, 0}
#define ASQL_DOUBLE {ASQL_TYPE_DOUBLE, 0, 0, 0, 0}
#define ASQL_NUMERIC(p, s) {ASQL_TYPE_NUMERIC, 0, (p), (s), 0}
#define ASQL_BOOLEAN {ASQL_TYPE_BOOLEAN, 0, 0, 0, 0}
#define ASQL_STRING(n) {ASQL_TYPE_STRING, (n), 0, 0, 0}
#define ASQL_VARCHAR(n) ASQL_STRING(n)
#define ASQL_TEXT {ASQL_TYPE_TEXT, 0, 0, 0, 0}
#define ASQL_BLOB {ASQL_TYPE_BLOB, 0, 0, 0, 0}
#define ASQL_BINARY(n) {ASQL_TYPE_BLOB, (n), 0, 0, 0}
#define ASQL_DATE {ASQL_TYPE_DATE, 0, 0, 0, 0}
#define ASQL_TIME {ASQL_TYPE_TIME, 0, 0, 0, 0}
#define ASQL_DATETIME {ASQL_TYPE_DATETIME, 0, 0, 0, 0}
#define ASQL_TIMESTAMP ASQL_DATETIME
#define ASQL_DATETIME_TZ {ASQL_TYPE_DATETIME, 0, 0, 0, 1}
#define ASQL_TIMESTAMP_TZ ASQL_DATETIME_TZ
#define ASQL_JSON {ASQL_TYPE_JSON, 0, 0, 0, 0}
#define ASQL_UUID {ASQL_TYPE_UUID, 0, 0, 0, 0}
/* clang-format on */

/**
 * Column options, given after the type in ASQL_COLUMN(), in any order.
 * ASQL_SERVER_DEFAULT takes SQL text written by the program (never user input): it is the one
 * place where declared text reaches DDL as is.
 */
#define ASQL_PRIMARY_KEY .primary_key = 1
#define ASQL_AUTOINCREMENT .autoincrement = 1
#define ASQL_NOT_NULL .not_null = 1
#define ASQL_UNIQUE .unique = 1
#define ASQL_INDEX .indexed = 1
#define ASQL_SERVER_DEFAULT(sql) .server_default = (sql)
#define ASQL_FOREIGN_KEY(column_ptr) .foreign_key = (column_ptr)
#define ASQL_ON_DELETE(action) .on_delete = ASQL_FK_##action

/**
 * ASQL_COLUMN(member, "sql_name", TYPE, options...) declares one column for ASQL_TABLE_DEF.
 *
 * ASQL_TABLE_DEF(var, "sql_name", columns...) initialises a struct whose first member is an
 * `asql_table` named `table`, followed by one `asql_column` member per column, in the same
 * order as the ASQL_COLUMN() list (at most ASQL_MAX_COLUMNS):
 *
 *     const struct notes_table notes = ASQL_TABLE_DEF(notes, "notes",
 *         ASQL_COLUMN(id,   "id",        ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
 *         ASQL_COLUMN(text, "text",      ASQL_STRING(100)),
 *         ASQL_COLUMN(done, "completed", ASQL_BOOLEAN));
 *
 * Define it once, in one .c file, and declare it `extern` in a header: every translation unit
 * must share the same column objects.
 */
/* clang-format off */
#define ASQL_COLUMN(member, sql_name, ...) (member, sql_name, __VA_ARGS__)
#define ASQL_TABLE_DEF(var, sql_name, ...)                                                         \
    {{(sql_name), (const asql_column *)(const void *)(&(var).table + 1),                          \
      ASQL__NARGS(__VA_ARGS__)},                                                                   \
     ASQL__FOREACH(ASQL__COLUMN_INIT, var, __VA_ARGS__)}
/* clang-format on */

/** A list of tables, for creating and dropping them together (in foreign-key order). */
typedef struct asql_metadata {
    const asql_table *const *tables;
    size_t n_tables;
} asql_metadata;

/** Finds a column of `t` by SQL name; NULL when there is none. */
ASQL_EXPORT const asql_column *asql_table_column(const asql_table *t, const char *name);

/* ---------------------------------------------------------------------------------------------
 * Statements
 * ------------------------------------------------------------------------------------------- */

/** A statement under construction, with the arena that holds all its nodes. */
typedef struct asql_stmt asql_stmt;

/** A node of a statement's expression tree. It belongs to the statement that built it. */
typedef struct asql_expr asql_expr;

/**
 * SELECT every column of `from` FROM `from`. With `from` NULL the select list starts empty and
 * the FROM clause is taken from the columns added with asql_add_column(). In both cases a table
 * whose columns appear anywhere in the statement (select list, WHERE, GROUP BY, HAVING, ORDER
 * BY) is added to FROM, in order of first appearance, as SQLAlchemy does.
 *
 * Never returns NULL: on allocation failure it returns a shared statement whose status is
 * ASQL_ENOMEM, which every other call accepts and asql_stmt_free() ignores.
 */
ASQL_EXPORT asql_stmt *asql_select(const asql_table *from);

/**
 * INSERT INTO `into`; give values with asql_set() (and asql_insert_row() for more rows). An
 * INSERT of one row into a table with an autoincrement primary key gets an implicit
 * `RETURNING <key>` on PostgreSQL so that the executor can report the new key; an INSERT of
 * several rows does not (the executor reports no key for it).
 */
ASQL_EXPORT asql_stmt *asql_insert(const asql_table *into);

/** UPDATE `table`; give new values with asql_set() and the rows with asql_where(). */
ASQL_EXPORT asql_stmt *asql_update(const asql_table *table);

/** DELETE FROM `from`; restrict the rows with asql_where() (none deletes every row). */
ASQL_EXPORT asql_stmt *asql_delete(const asql_table *from);

/**
 * A raw SQL statement. `:name` marks a parameter bound by name (asql_bind() or asql_params);
 * the compiler rewrites it to each dialect's placeholders. The scanner leaves alone string
 * literals (also E'...' and $tag$...$tag$ on PostgreSQL, backslash escapes on MySQL), quoted
 * identifiers, comments, `::` casts, `:=` and array slices such as `a[1:2]`. `sql` is copied.
 */
ASQL_EXPORT asql_stmt *asql_text(const char *sql);

/**
 * Frees a statement and every node built for it, sub-statements (subqueries, CTEs, parts of a
 * set operation or of a script) and aliases included. Accepts NULL and the shared ENOMEM one;
 * on a sub-statement it does nothing, as its top-level statement owns it.
 */
ASQL_EXPORT void asql_stmt_free(asql_stmt *q);

/** The first error met while building `q`, or ASQL_OK. */
ASQL_EXPORT asql_status asql_stmt_status(const asql_stmt *q);

/**
 * The message of that first error (what failed, on which identifier), or "" when there is none.
 * Owned by `q`.
 */
ASQL_EXPORT const char *asql_stmt_errmsg(const asql_stmt *q);

/* --- clauses ------------------------------------------------------------------------------- */

/** Adds `e` to the select list. The first call replaces the default "every column" list. */
ASQL_EXPORT void asql_add_column(asql_stmt *q, asql_expr *e);

/**
 * SELECT ... FROM ... JOIN `table` ON `on` (an inner join); asql_left_join() writes LEFT OUTER
 * JOIN and asql_full_join() FULL OUTER JOIN (ASQL_ENOTSUP on MySQL and MariaDB). Joins follow
 * the first FROM table in the order they are added; `on` may use columns of any table of the
 * statement. With `on` NULL the condition comes from the declared foreign key between `table`
 * and the tables already in FROM (explicit or joined): none, or more than one, is ASQL_EINVAL
 * with a message naming the tables. Joining a table already in FROM is ASQL_EINVAL (join an
 * alias, asql_join_alias(), for a self-join). On asql_select(NULL) with nothing in FROM yet,
 * the left side is the table of the first selected column other than `table` (as SQLAlchemy's
 * select(a.c.x, b.c.y).join(b)). The default select list holds the columns of the joined tables
 * too, in FROM order.
 */
ASQL_EXPORT void asql_join(asql_stmt *q, const asql_table *table, asql_expr *on);
ASQL_EXPORT void asql_left_join(asql_stmt *q, const asql_table *table, asql_expr *on);
ASQL_EXPORT void asql_full_join(asql_stmt *q, const asql_table *table, asql_expr *on);

/** SELECT DISTINCT. */
ASQL_EXPORT void asql_distinct(asql_stmt *q);

/** Adds a WHERE condition; several calls are joined with AND. */
ASQL_EXPORT void asql_where(asql_stmt *q, asql_expr *condition);

/** Adds a GROUP BY expression. */
ASQL_EXPORT void asql_group_by(asql_stmt *q, asql_expr *e);

/** Adds a HAVING condition; several calls are joined with AND. */
ASQL_EXPORT void asql_having(asql_stmt *q, asql_expr *condition);

/** Adds an ORDER BY term; wrap it in asql_asc()/asql_desc() to give a direction. */
ASQL_EXPORT void asql_order_by(asql_stmt *q, asql_expr *e);

/** LIMIT n (n >= 0). */
ASQL_EXPORT void asql_limit(asql_stmt *q, int64_t n);

/** OFFSET n (n >= 0), with or without a LIMIT. */
ASQL_EXPORT void asql_offset(asql_stmt *q, int64_t n);

/**
 * INSERT: the value of `column` in the current row. UPDATE: SET column = value. `column` must
 * belong to the statement's table (else ASQL_EINVAL). A value built with an untyped
 * constructor (asql_lit_*) or a placeholder is bound with the column's declared type.
 */
ASQL_EXPORT void asql_set(asql_stmt *q, const asql_column *column, asql_expr *value);

/**
 * INSERT of several rows in one statement: ends the current row and starts the next one.
 * Every row must set the same columns (else ASQL_EINVAL).
 */
ASQL_EXPORT void asql_insert_row(asql_stmt *q);

/**
 * Binds a value to `:name` in a raw SQL statement (asql_text) for every execution. Values in
 * an asql_params given at execution time take precedence: the compiled parameter keeps its
 * name and carries this value as its default (asql_compiled_param_name/param_value). `value`
 * must be a value (not a column or a placeholder), else ASQL_EINVAL; binding a name again
 * replaces the earlier value. Only on asql_text statements (else ASQL_EMISUSE).
 */
ASQL_EXPORT void asql_bind(asql_stmt *q, const char *name, asql_expr *value);

/* --- expressions: columns, values, placeholders --------------------------------------------- */

/** A column reference. */
ASQL_EXPORT asql_expr *asql_col(asql_stmt *q, const asql_column *column);

/** SQL NULL. Compared with `=`/`!=` it compiles to IS NULL / IS NOT NULL. */
ASQL_EXPORT asql_expr *asql_null(asql_stmt *q);

/* Typed values: bound with exactly this type. Strings and blobs are copied into the statement;
 * the `_ref` variants borrow, and the memory must outlive every compile and execute of `q`. */
ASQL_EXPORT asql_expr *asql_smallint(asql_stmt *q, int16_t v);
ASQL_EXPORT asql_expr *asql_int(asql_stmt *q, int32_t v);
ASQL_EXPORT asql_expr *asql_bigint(asql_stmt *q, int64_t v);
ASQL_EXPORT asql_expr *asql_float(asql_stmt *q, float v);
ASQL_EXPORT asql_expr *asql_double(asql_stmt *q, double v);
/** NUMERIC from exact decimal text such as "-12.50" (validated: digits, one '.', a sign). */
ASQL_EXPORT asql_expr *asql_numeric(asql_stmt *q, const char *decimal);
ASQL_EXPORT asql_expr *asql_bool(asql_stmt *q, bool v);
/** Text; NUL-terminated, or `len` bytes with asql_strn (which may contain NUL bytes). */
ASQL_EXPORT asql_expr *asql_str(asql_stmt *q, const char *s);
ASQL_EXPORT asql_expr *asql_strn(asql_stmt *q, const char *s, size_t len);
ASQL_EXPORT asql_expr *asql_str_ref(asql_stmt *q, const char *s);
ASQL_EXPORT asql_expr *asql_blob(asql_stmt *q, const void *bytes, size_t len);
ASQL_EXPORT asql_expr *asql_blob_ref(asql_stmt *q, const void *bytes, size_t len);
ASQL_EXPORT asql_expr *asql_date(asql_stmt *q, asql_datetime v);
ASQL_EXPORT asql_expr *asql_time(asql_stmt *q, asql_datetime v);
ASQL_EXPORT asql_expr *asql_datetime_value(asql_stmt *q, asql_datetime v);
ASQL_EXPORT asql_expr *asql_datetime_tz(asql_stmt *q, asql_datetime v);
/** JSON, as JSON text (not validated). */
ASQL_EXPORT asql_expr *asql_json(asql_stmt *q, const char *json);
ASQL_EXPORT asql_expr *asql_uuid(asql_stmt *q, const unsigned char bytes[16]);
/** A UUID from its text form "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (validated). */
ASQL_EXPORT asql_expr *asql_uuid_str(asql_stmt *q, const char *text);
/** Any value; copied (strings and blobs too). */
ASQL_EXPORT asql_expr *asql_value_expr(asql_stmt *q, const asql_value *v);

/*
 * Untyped literals: a C value whose SQL type is taken from the column it is compared with or
 * assigned to (so 1 against a BOOLEAN column binds a boolean, as in SQLAlchemy); alone, the type
 * its C type suggests. These are what the C11 convenience macros below use for plain C values.
 */
ASQL_EXPORT asql_expr *asql_lit_int(asql_stmt *q, long long v);
ASQL_EXPORT asql_expr *asql_lit_uint(asql_stmt *q, unsigned long long v);
ASQL_EXPORT asql_expr *asql_lit_double(asql_stmt *q, double v);
ASQL_EXPORT asql_expr *asql_lit_str(asql_stmt *q, const char *s);

/**
 * A named placeholder (SQLAlchemy's bindparam): its value comes from the asql_params given at
 * execution, which makes one statement reusable with many parameter sets. It takes the type of
 * the column it meets, as untyped literals do. Names are [A-Za-z_][A-Za-z0-9_]*.
 */
ASQL_EXPORT asql_expr *asql_param(asql_stmt *q, const char *name);

/* --- expressions: operators ----------------------------------------------------------------- */

ASQL_EXPORT asql_expr *asql_eq(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_ne(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_lt(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_le(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_gt(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_ge(asql_stmt *q, asql_expr *a, asql_expr *b);

ASQL_EXPORT asql_expr *asql_and(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_or(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_not(asql_stmt *q, asql_expr *a);

/**
 * e IN (items...) / e NOT IN (items...). An empty list is allowed: IN () is always false and
 * NOT IN () always true, compiled to a constant condition.
 */
ASQL_EXPORT asql_expr *asql_in(asql_stmt *q, asql_expr *e, size_t n_items, asql_expr *const *items);
ASQL_EXPORT asql_expr *asql_not_in(asql_stmt *q, asql_expr *e, size_t n_items,
                                   asql_expr *const *items);
/** IN over C integers or strings, each bound like an untyped literal. */
ASQL_EXPORT asql_expr *asql_in_ints(asql_stmt *q, asql_expr *e, size_t n, const long long *vs);
ASQL_EXPORT asql_expr *asql_in_strs(asql_stmt *q, asql_expr *e, size_t n, const char *const *vs);

ASQL_EXPORT asql_expr *asql_between(asql_stmt *q, asql_expr *e, asql_expr *low, asql_expr *high);

ASQL_EXPORT asql_expr *asql_like(asql_stmt *q, asql_expr *e, asql_expr *pattern);
ASQL_EXPORT asql_expr *asql_not_like(asql_stmt *q, asql_expr *e, asql_expr *pattern);
/** Case-insensitive LIKE: ILIKE on PostgreSQL, lower(e) LIKE lower(pattern) elsewhere. */
ASQL_EXPORT asql_expr *asql_ilike(asql_stmt *q, asql_expr *e, asql_expr *pattern);
ASQL_EXPORT asql_expr *asql_not_ilike(asql_stmt *q, asql_expr *e, asql_expr *pattern);
/**
 * LIKE 'text%' / '%text' / '%text%' with `%`, `_` and the escape character '/' in `text`
 * escaped, so that they match themselves (SQLAlchemy's autoescape). `text` is copied.
 */
ASQL_EXPORT asql_expr *asql_startswith(asql_stmt *q, asql_expr *e, const char *text);
ASQL_EXPORT asql_expr *asql_endswith(asql_stmt *q, asql_expr *e, const char *text);
ASQL_EXPORT asql_expr *asql_contains(asql_stmt *q, asql_expr *e, const char *text);

ASQL_EXPORT asql_expr *asql_is_null(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_is_not_null(asql_stmt *q, asql_expr *e);

ASQL_EXPORT asql_expr *asql_add(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_sub(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_mul(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_div(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_mod(asql_stmt *q, asql_expr *a, asql_expr *b);
ASQL_EXPORT asql_expr *asql_neg(asql_stmt *q, asql_expr *a);
/** String concatenation: `a || b`, or CONCAT(a, b) on MySQL/MariaDB. */
ASQL_EXPORT asql_expr *asql_concat(asql_stmt *q, asql_expr *a, asql_expr *b);

/* --- expressions: functions, labels, ordering ----------------------------------------------- */

/**
 * A call of the SQL function `name` (an identifier: [A-Za-z_][A-Za-z0-9_.]*, else ASQL_EINVAL)
 * with `n_args` arguments.
 */
ASQL_EXPORT asql_expr *asql_func(asql_stmt *q, const char *name, size_t n_args,
                                 asql_expr *const *args);
/** count(e), or count(*) when `e` is NULL (no C11 macro: NULL must not become SQL NULL). */
ASQL_EXPORT asql_expr *asql_count(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_sum(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_avg(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_min(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_max(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_lower(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_upper(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_coalesce(asql_stmt *q, asql_expr *a, asql_expr *b);
/** The current timestamp: now() / CURRENT_TIMESTAMP as each dialect spells it. */
ASQL_EXPORT asql_expr *asql_now(asql_stmt *q);

/** `e AS name`: names a select-list column (quoted when needed). */
ASQL_EXPORT asql_expr *asql_label(asql_stmt *q, asql_expr *e, const char *name);
/** Ordering terms for asql_order_by(). */
ASQL_EXPORT asql_expr *asql_asc(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_desc(asql_stmt *q, asql_expr *e);

/* ---------------------------------------------------------------------------------------------
 * Joins, aliases and subqueries
 *
 * Every sub-statement (a subquery, a CTE, a part of a set operation) is built in the arena of
 * one top-level statement and freed with it: asql_stmt_free() on a sub-statement does nothing.
 * A sub-statement, alias or expression of another top-level statement passed in is ASQL_EINVAL.
 * ------------------------------------------------------------------------------------------- */

/** The kinds of join. FULL OUTER JOIN is ASQL_ENOTSUP on MySQL and MariaDB. */
typedef enum asql_join_kind { ASQL_JOIN_INNER = 0, ASQL_JOIN_LEFT, ASQL_JOIN_FULL } asql_join_kind;

/**
 * A table under another name (`users AS u2`, for self-joins), or a subquery or CTE in FROM.
 * It lives in the top-level statement's arena; its columns are read with asql_alias_col() and
 * asql_alias_ref(). An alias whose columns are used is added to FROM unless it is joined.
 */
typedef struct asql_alias asql_alias;

/**
 * Declares `t AS name` for `q` (and its sub-statements). `name` is copied and quoted when
 * needed. On failure the error is recorded on `q` and an inert alias is returned.
 */
ASQL_EXPORT const asql_alias *asql_alias_table(asql_stmt *q, const asql_table *t, const char *name);

/** The column `column` (of the aliased table) read through alias `a`: `name.column`. */
ASQL_EXPORT asql_expr *asql_alias_col(asql_stmt *q, const asql_alias *a, const asql_column *column);

/**
 * The column called `name` of alias `a`: a result column of a subquery or CTE (a label or a
 * column name), or a column of an aliased table. Unknown names are ASQL_EINVAL.
 */
ASQL_EXPORT asql_expr *asql_alias_ref(asql_stmt *q, const asql_alias *a, const char *name);

/**
 * Adds alias `a` (a table alias, a subquery or a CTE) to the FROM list of `q`, after its tables.
 * An alias adds no column to the default select list: name the columns with asql_add_column().
 */
ASQL_EXPORT void asql_from(asql_stmt *q, const asql_alias *a);

/**
 * A join of kind `kind` to alias `a` (a table alias, a subquery or a CTE), with `on` as for
 * asql_join(): NULL infers it from a foreign key of an aliased table (a self-join through an
 * alias usually needs it given); a subquery or a CTE needs it given (else ASQL_EINVAL).
 */
ASQL_EXPORT void asql_join_alias(asql_stmt *q, asql_join_kind kind, const asql_alias *a,
                                 asql_expr *on);

/**
 * A SELECT sub-statement of `q` (see asql_select() for `from`), built in q's arena: use it with
 * asql_scalar(), asql_exists(), asql_in_select(), asql_subquery_alias(), asql_cte_as() or
 * asql_compound_add(). Columns of tables in the FROM of an enclosing statement are correlated:
 * those tables are not repeated in the subquery's FROM. Returns the shared ENOMEM statement
 * (or one with an error) on failure, which also records the error on `q`.
 */
ASQL_EXPORT asql_stmt *asql_subquery(asql_stmt *q, const asql_table *from);

/**
 * `(SELECT ...)` as a value: the subquery should return one column and at most one row. Its
 * type is that column's, so that values compared with it are bound by it.
 */
ASQL_EXPORT asql_expr *asql_scalar(asql_stmt *q, asql_stmt *sub);
/** `EXISTS (SELECT ...)` and `NOT EXISTS (SELECT ...)`. */
ASQL_EXPORT asql_expr *asql_exists(asql_stmt *q, asql_stmt *sub);
ASQL_EXPORT asql_expr *asql_not_exists(asql_stmt *q, asql_stmt *sub);
/** `e IN (SELECT ...)` and `e NOT IN (SELECT ...)`. */
ASQL_EXPORT asql_expr *asql_in_select(asql_stmt *q, asql_expr *e, asql_stmt *sub);
ASQL_EXPORT asql_expr *asql_not_in_select(asql_stmt *q, asql_expr *e, asql_stmt *sub);

/** `(SELECT ...) AS name` for FROM (asql_from) or a join; `name` is copied. */
ASQL_EXPORT const asql_alias *asql_subquery_alias(asql_stmt *q, asql_stmt *sub, const char *name);

/* ---------------------------------------------------------------------------------------------
 * WITH and set operations
 * ------------------------------------------------------------------------------------------- */

/**
 * Declares a common table expression `name` in the WITH clause of `q` (a SELECT or a set
 * operation, top-level or not), with an optional column list (`n_columns` names, copied).
 * Give its query with asql_cte_as(); with `recursive`, the WITH becomes WITH RECURSIVE and the
 * query may read the CTE itself (usually through asql_subcompound(q, ASQL_UNION_ALL)). Read it
 * as any alias; with a column list, its columns may be read before its query is given.
 */
ASQL_EXPORT const asql_alias *asql_cte(asql_stmt *q, const char *name, bool recursive,
                                       size_t n_columns, const char *const *columns);

/** The query of CTE `cte`: a sub-statement of `q` (asql_subquery or asql_subcompound). */
ASQL_EXPORT void asql_cte_as(asql_stmt *q, const asql_alias *cte, asql_stmt *sub);

/**
 * Set operations. INTERSECT and EXCEPT need MySQL 8.0.31 or later (MariaDB 10.3 or later); the
 * compiled SQL is the same on every version. Every part must return the same number of
 * columns (else ASQL_EINVAL at compile time) and have no ORDER BY or LIMIT of its own.
 */
typedef enum asql_compound_kind {
    ASQL_UNION = 1,
    ASQL_UNION_ALL,
    ASQL_INTERSECT,
    ASQL_EXCEPT
} asql_compound_kind;

/**
 * A top-level set operation; add its parts (asql_subquery(q, ...)) with asql_compound_add().
 * asql_order_by(), asql_limit() and asql_offset() apply to the whole; ORDER BY terms are
 * written as bare column names (a column or a label of the first part). Free with
 * asql_stmt_free().
 */
ASQL_EXPORT asql_stmt *asql_compound(asql_compound_kind kind);

/** A set operation as a sub-statement of `q` (for a recursive CTE or a subquery). */
ASQL_EXPORT asql_stmt *asql_subcompound(asql_stmt *q, asql_compound_kind kind);

/** Appends SELECT `part`, a sub-statement of the same top-level statement, to `compound`. */
ASQL_EXPORT void asql_compound_add(asql_stmt *compound, asql_stmt *part);

/* ---------------------------------------------------------------------------------------------
 * CASE, CAST, window functions, ordering and locking
 * ------------------------------------------------------------------------------------------- */

/**
 * `CASE WHEN ... END` (searched, `subject` NULL) or `CASE subject WHEN ... END` (simple). Add
 * branches with asql_when() and an optional ELSE with asql_else(); both return the CASE node.
 * Its type is the type of the first THEN result; untyped values take it.
 */
ASQL_EXPORT asql_expr *asql_case(asql_stmt *q, asql_expr *subject);
ASQL_EXPORT asql_expr *asql_when(asql_stmt *q, asql_expr *case_expr, asql_expr *when,
                                 asql_expr *then);
ASQL_EXPORT asql_expr *asql_else(asql_stmt *q, asql_expr *case_expr, asql_expr *value);

/**
 * `CAST(e AS type)`, with the type spelled for the dialect (MySQL: SIGNED for integers and
 * booleans, CHAR(n) for strings, DECIMAL, DATETIME(6), BINARY(16) for UUID; MariaDB has no
 * CAST to JSON: ASQL_ENOTSUP).
 */
ASQL_EXPORT asql_expr *asql_cast(asql_stmt *q, asql_expr *e, asql_type type);

/**
 * `fn OVER (PARTITION BY partition... ORDER BY order...)`: a window function (asql_row_number,
 * asql_rank, asql_dense_rank, or an aggregate). `order` terms may be asql_asc()/asql_desc().
 */
ASQL_EXPORT asql_expr *asql_over(asql_stmt *q, asql_expr *fn, size_t n_partition,
                                 asql_expr *const *partition, size_t n_order,
                                 asql_expr *const *order);
ASQL_EXPORT asql_expr *asql_row_number(asql_stmt *q);
ASQL_EXPORT asql_expr *asql_rank(asql_stmt *q);
ASQL_EXPORT asql_expr *asql_dense_rank(asql_stmt *q);

/**
 * Ordering terms with NULLs first or last; `e` may be an asql_asc()/asql_desc() term. MySQL and
 * MariaDB have no NULLS FIRST/LAST: it is emulated as `e IS NULL DESC, e` (first) and
 * `e IS NULL, e` (last).
 */
ASQL_EXPORT asql_expr *asql_nulls_first(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql_nulls_last(asql_stmt *q, asql_expr *e);

/**
 * SELECT ... FOR UPDATE. SQLite has no row locks: the clause is left out there (begin the
 * transaction with BEGIN IMMEDIATE to hold the write lock instead).
 */
ASQL_EXPORT void asql_for_update(asql_stmt *q);

/* ---------------------------------------------------------------------------------------------
 * INSERT ... SELECT, RETURNING and upsert
 * ------------------------------------------------------------------------------------------- */

/**
 * INSERT INTO table (columns...) SELECT ...: `select`, a sub-statement of `q`, gives the rows.
 * It replaces asql_set() rows; its column count must be `n_columns` at compile time.
 */
ASQL_EXPORT void asql_insert_from(asql_stmt *q, size_t n_columns, const asql_column *const *columns,
                                  asql_stmt *select);

/**
 * Adds `e`, an expression on the statement's own table, to `RETURNING` of an INSERT, UPDATE or
 * DELETE. Supported on PostgreSQL and SQLite (3.35+); on MariaDB for INSERT and DELETE; else
 * ASQL_ENOTSUP at compile time. A column of another table is ASQL_EINVAL at compile time. On
 * PostgreSQL it replaces the implicit RETURNING of the autoincrement key.
 */
ASQL_EXPORT void asql_returning(asql_stmt *q, asql_expr *e);

/**
 * Upsert of an INSERT: on a conflict on the unique `target` columns, do nothing, or update the
 * columns given with asql_upsert_set() (asql_excluded() reads the proposed row). PostgreSQL
 * and SQLite write ON CONFLICT (target) DO NOTHING / DO UPDATE SET; MySQL and MariaDB write ON
 * DUPLICATE KEY UPDATE, which reacts to any unique key (the target is not written), with
 * VALUES(x) for the proposed row and `first target = first target` for DO NOTHING.
 */
ASQL_EXPORT void asql_on_conflict_do_nothing(asql_stmt *q, size_t n_target,
                                             const asql_column *const *target);
ASQL_EXPORT void asql_on_conflict_do_update(asql_stmt *q, size_t n_target,
                                            const asql_column *const *target);
/** One assignment of the DO UPDATE / ON DUPLICATE KEY UPDATE list. */
ASQL_EXPORT void asql_upsert_set(asql_stmt *q, const asql_column *column, asql_expr *value);
/** The value the conflicting INSERT proposed for `column`: excluded.column / VALUES(column). */
ASQL_EXPORT asql_expr *asql_excluded(asql_stmt *q, const asql_column *column);

/* ---------------------------------------------------------------------------------------------
 * DDL from the declarations
 * ------------------------------------------------------------------------------------------- */

/**
 * CREATE TABLE [IF NOT EXISTS] with the types of the dialect: the autoincrement key as SERIAL
 * (PostgreSQL), AUTO_INCREMENT (MySQL/MariaDB) or INTEGER PRIMARY KEY AUTOINCREMENT (SQLite);
 * DOUBLE and DATETIME(6)/TIME(6) on MySQL/MariaDB; NOT NULL, DEFAULT (ASQL_SERVER_DEFAULT text
 * as written), UNIQUE, the primary key and FOREIGN KEY ... REFERENCES ... ON DELETE.
 */
ASQL_EXPORT asql_stmt *asql_create_table(const asql_table *t, bool if_not_exists);

/** DROP TABLE [IF EXISTS]. */
ASQL_EXPORT asql_stmt *asql_drop_table(const asql_table *t, bool if_exists);

/**
 * CREATE INDEX [IF NOT EXISTS] ix_<table>_<column> ON table (column). IF NOT EXISTS is
 * ASQL_ENOTSUP on MySQL (MariaDB has it).
 */
ASQL_EXPORT asql_stmt *asql_create_index(const asql_column *column, bool if_not_exists);

/**
 * Every table of `md` with its indexes (ASQL_INDEX columns), referenced tables first; or every
 * DROP TABLE, referencing tables first. The result is a script: compile each part
 * (asql_stmt_part) and run them in order; compiling the script itself is ASQL_EINVAL. Foreign
 * keys that form a cycle are ASQL_EINVAL. With `if_not_exists` on MySQL, which has no CREATE
 * INDEX IF NOT EXISTS, the indexes are declared inside CREATE TABLE IF NOT EXISTS (created with
 * their table or not at all) and each CREATE INDEX part compiles to `DO 0`, which does nothing.
 */
ASQL_EXPORT asql_stmt *asql_create_all(const asql_metadata *md, bool if_not_exists);
ASQL_EXPORT asql_stmt *asql_drop_all(const asql_metadata *md, bool if_exists);

/** The number of parts of a script (0 for other statements). */
ASQL_EXPORT size_t asql_stmt_n_parts(const asql_stmt *q);
/** Part `i` of a script, owned by it; NULL when out of range. */
ASQL_EXPORT const asql_stmt *asql_stmt_part(const asql_stmt *q, size_t i);

/* ---------------------------------------------------------------------------------------------
 * Parameter sets
 * ------------------------------------------------------------------------------------------- */

/**
 * Values for the named placeholders of a statement (asql_param, `:name` in raw SQL). An
 * asql_params holds one or more parameter sets: execute and the fetch calls use the first;
 * execute_many runs the statement once per set, as one batch. Values are copied.
 */
typedef struct asql_params asql_params;

/** Creates an empty list holding one (empty) parameter set. */
ASQL_EXPORT asql_status asql_params_new(asql_params **out);

/** Frees the list and every value in it. Accepts NULL. */
ASQL_EXPORT void asql_params_free(asql_params *p);

/** Starts the next parameter set; the setters below then fill it. */
ASQL_EXPORT asql_status asql_params_next(asql_params *p);

/** The number of parameter sets (at least 1). */
ASQL_EXPORT size_t asql_params_count(const asql_params *p);

/* Setters for the current set. A second value for the same name replaces the first. Integer and
 * string values are bound with the type of the placeholder's column where it has one: an
 * integer becomes a BOOLEAN only as 0 or 1 (else ASQL_ERANGE at execution), a SMALLINT or
 * INTEGER only within range, a DOUBLE or exact NUMERIC text; a string becomes NUMERIC or UUID
 * only when it is valid text for one (else ASQL_EINVAL); a string for a DATE, TIME or DATETIME
 * column is sent as untyped text for the server to parse. Each setter returns ASQL_OK,
 * ASQL_EINVAL (bad name, NULL data) or ASQL_ENOMEM. */
ASQL_EXPORT asql_status asql_params_null(asql_params *p, const char *name);
ASQL_EXPORT asql_status asql_params_int(asql_params *p, const char *name, int64_t v);
ASQL_EXPORT asql_status asql_params_double(asql_params *p, const char *name, double v);
ASQL_EXPORT asql_status asql_params_bool(asql_params *p, const char *name, bool v);
ASQL_EXPORT asql_status asql_params_str(asql_params *p, const char *name, const char *s);
ASQL_EXPORT asql_status asql_params_strn(asql_params *p, const char *name, const char *s,
                                         size_t len);
ASQL_EXPORT asql_status asql_params_blob(asql_params *p, const char *name, const void *bytes,
                                         size_t len);
ASQL_EXPORT asql_status asql_params_value(asql_params *p, const char *name, const asql_value *v);

/**
 * The value given for `name` in parameter set `set`, or NULL when there is none. The pointer is
 * owned by `p` and valid until `p` is changed or freed.
 */
ASQL_EXPORT const asql_value *asql_params_get(const asql_params *p, size_t set, const char *name);

/* ---------------------------------------------------------------------------------------------
 * C11 conveniences: columns and plain C values wherever an expression is expected.
 *
 *     asql_where(q, asql_eq(q, &notes.done, 1));        // C11
 *     asql_where(q, asql_eq(q, asql_col(q, &notes.done), asql_lit_int(q, 1)));   // C99, C++
 *
 * Each macro below shadows the function of the same name; (asql_eq)(...) calls the function.
 * ------------------------------------------------------------------------------------------- */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L &&           \
    !defined(ASQL_NO_GENERIC)

/* The expression for any of: an asql_expr *, a column pointer, a C integer, floating point value
 * or string, or NULL (SQL NULL). */
#define ASQL_E(q, x)                                                                               \
    _Generic((x),                                                                                  \
        asql_expr *: asql__e_expr,                                                                 \
        const asql_column *: asql_col,                                                             \
        asql_column *: asql__e_mcol,                                                               \
        _Bool: asql__e_bool,                                                                       \
        char: asql_lit_int,                                                                        \
        signed char: asql_lit_int,                                                                 \
        unsigned char: asql_lit_uint,                                                              \
        short: asql_lit_int,                                                                       \
        unsigned short: asql_lit_uint,                                                             \
        int: asql_lit_int,                                                                         \
        unsigned: asql_lit_uint,                                                                   \
        long: asql_lit_int,                                                                        \
        unsigned long: asql_lit_uint,                                                              \
        long long: asql_lit_int,                                                                   \
        unsigned long long: asql_lit_uint,                                                         \
        float: asql_lit_double,                                                                    \
        double: asql_lit_double,                                                                   \
        char *: asql__e_mstr,                                                                      \
        const char *: asql_lit_str,                                                                \
        void *: asql__e_null)(q, x)

ASQL_EXPORT asql_expr *asql__e_expr(asql_stmt *q, asql_expr *e);
ASQL_EXPORT asql_expr *asql__e_mcol(asql_stmt *q, asql_column *c);
ASQL_EXPORT asql_expr *asql__e_bool(asql_stmt *q, _Bool b);
ASQL_EXPORT asql_expr *asql__e_mstr(asql_stmt *q, char *s);
ASQL_EXPORT asql_expr *asql__e_null(asql_stmt *q, void *must_be_null);

#define asql_eq(q, a, b) (asql_eq)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_ne(q, a, b) (asql_ne)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_lt(q, a, b) (asql_lt)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_le(q, a, b) (asql_le)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_gt(q, a, b) (asql_gt)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_ge(q, a, b) (asql_ge)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_not(q, a) (asql_not)((q), ASQL_E((q), a))
#define asql_between(q, e, lo, hi)                                                                 \
    (asql_between)((q), ASQL_E((q), e), ASQL_E((q), lo), ASQL_E((q), hi))
#define asql_like(q, e, p) (asql_like)((q), ASQL_E((q), e), ASQL_E((q), p))
#define asql_not_like(q, e, p) (asql_not_like)((q), ASQL_E((q), e), ASQL_E((q), p))
#define asql_ilike(q, e, p) (asql_ilike)((q), ASQL_E((q), e), ASQL_E((q), p))
#define asql_not_ilike(q, e, p) (asql_not_ilike)((q), ASQL_E((q), e), ASQL_E((q), p))
#define asql_startswith(q, e, s) (asql_startswith)((q), ASQL_E((q), e), (s))
#define asql_endswith(q, e, s) (asql_endswith)((q), ASQL_E((q), e), (s))
#define asql_contains(q, e, s) (asql_contains)((q), ASQL_E((q), e), (s))
#define asql_is_null(q, e) (asql_is_null)((q), ASQL_E((q), e))
#define asql_is_not_null(q, e) (asql_is_not_null)((q), ASQL_E((q), e))
#define asql_in(q, e, n, items) (asql_in)((q), ASQL_E((q), e), (n), (items))
#define asql_not_in(q, e, n, items) (asql_not_in)((q), ASQL_E((q), e), (n), (items))
#define asql_in_ints(q, e, n, vs) (asql_in_ints)((q), ASQL_E((q), e), (n), (vs))
#define asql_in_strs(q, e, n, vs) (asql_in_strs)((q), ASQL_E((q), e), (n), (vs))
#define asql_add(q, a, b) (asql_add)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_sub(q, a, b) (asql_sub)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_mul(q, a, b) (asql_mul)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_div(q, a, b) (asql_div)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_mod(q, a, b) (asql_mod)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_neg(q, a) (asql_neg)((q), ASQL_E((q), a))
#define asql_concat(q, a, b) (asql_concat)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_sum(q, e) (asql_sum)((q), ASQL_E((q), e))
#define asql_avg(q, e) (asql_avg)((q), ASQL_E((q), e))
#define asql_min(q, e) (asql_min)((q), ASQL_E((q), e))
#define asql_max(q, e) (asql_max)((q), ASQL_E((q), e))
#define asql_lower(q, e) (asql_lower)((q), ASQL_E((q), e))
#define asql_upper(q, e) (asql_upper)((q), ASQL_E((q), e))
#define asql_coalesce(q, a, b) (asql_coalesce)((q), ASQL_E((q), a), ASQL_E((q), b))
#define asql_label(q, e, name) (asql_label)((q), ASQL_E((q), e), (name))
#define asql_asc(q, e) (asql_asc)((q), ASQL_E((q), e))
#define asql_desc(q, e) (asql_desc)((q), ASQL_E((q), e))
#define asql_add_column(q, e) (asql_add_column)((q), ASQL_E((q), e))
#define asql_group_by(q, e) (asql_group_by)((q), ASQL_E((q), e))
#define asql_order_by(q, e) (asql_order_by)((q), ASQL_E((q), e))
#define asql_set(q, column, v) (asql_set)((q), (column), ASQL_E((q), v))
#define asql_bind(q, name, v) (asql_bind)((q), (name), ASQL_E((q), v))
#define asql_in_select(q, e, sub) (asql_in_select)((q), ASQL_E((q), e), (sub))
#define asql_not_in_select(q, e, sub) (asql_not_in_select)((q), ASQL_E((q), e), (sub))
#define asql_when(q, c, w, t) (asql_when)((q), (c), ASQL_E((q), w), ASQL_E((q), t))
#define asql_else(q, c, v) (asql_else)((q), (c), ASQL_E((q), v))
#define asql_cast(q, e, type) (asql_cast)((q), ASQL_E((q), e), (type))
#define asql_nulls_first(q, e) (asql_nulls_first)((q), ASQL_E((q), e))
#define asql_nulls_last(q, e) (asql_nulls_last)((q), ASQL_E((q), e))
#define asql_returning(q, e) (asql_returning)((q), ASQL_E((q), e))
#define asql_upsert_set(q, column, v) (asql_upsert_set)((q), (column), ASQL_E((q), v))

#endif /* C11 conveniences */

/* ---------------------------------------------------------------------------------------------
 * Implementation of ASQL_TABLE_DEF (not part of the API).
 * ------------------------------------------------------------------------------------------- */
#define ASQL__UNWRAP(...) __VA_ARGS__
#define ASQL__CALL(m, args) m args
#define ASQL__COLUMN_INIT(var, col) ASQL__CALL(ASQL__COLUMN_FIELDS, (var, ASQL__UNWRAP col))
/* All designated, so that a column without options leaves no field silently unnamed (clang's
 * -Wmissing-field-initializers): the type binds to .type, the options name their fields. */
#define ASQL__COLUMN_FIELDS(var, member, sql_name, ...)                                            \
    .member = {.table = &(var).table, .name = (sql_name), .type = __VA_ARGS__}

/* clang-format off */
#define ASQL_MAX_COLUMNS 64
#define ASQL__NARGS(...) ASQL__NARGS_(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
#define ASQL__NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, _59, _60, _61, _62, _63, _64, n, ...) n
#define ASQL__CAT(a, b) ASQL__CAT_(a, b)
#define ASQL__CAT_(a, b) a##b
#define ASQL__FOREACH(F, v, ...) ASQL__CAT(ASQL__FE_, ASQL__NARGS(__VA_ARGS__))(F, v, __VA_ARGS__)
#define ASQL__FE_1(F, v, x) F(v, x)
#define ASQL__FE_2(F, v, x, ...) F(v, x), ASQL__FE_1(F, v, __VA_ARGS__)
#define ASQL__FE_3(F, v, x, ...) F(v, x), ASQL__FE_2(F, v, __VA_ARGS__)
#define ASQL__FE_4(F, v, x, ...) F(v, x), ASQL__FE_3(F, v, __VA_ARGS__)
#define ASQL__FE_5(F, v, x, ...) F(v, x), ASQL__FE_4(F, v, __VA_ARGS__)
#define ASQL__FE_6(F, v, x, ...) F(v, x), ASQL__FE_5(F, v, __VA_ARGS__)
#define ASQL__FE_7(F, v, x, ...) F(v, x), ASQL__FE_6(F, v, __VA_ARGS__)
#define ASQL__FE_8(F, v, x, ...) F(v, x), ASQL__FE_7(F, v, __VA_ARGS__)
#define ASQL__FE_9(F, v, x, ...) F(v, x), ASQL__FE_8(F, v, __VA_ARGS__)
#define ASQL__FE_10(F, v, x, ...) F(v, x), ASQL__FE_9(F, v, __VA_ARGS__)
#define ASQL__FE_11(F, v, x, ...) F(v, x), ASQL__FE_10(F, v, __VA_ARGS__)
#define ASQL__FE_12(F, v, x, ...) F(v, x), ASQL__FE_11(F, v, __VA_ARGS__)
#define ASQL__FE_13(F, v, x, ...) F(v, x), ASQL__FE_12(F, v, __VA_ARGS__)
#define ASQL__FE_14(F, v, x, ...) F(v, x), ASQL__FE_13(F, v, __VA_ARGS__)
#define ASQL__FE_15(F, v, x, ...) F(v, x), ASQL__FE_14(F, v, __VA_ARGS__)
#define ASQL__FE_16(F, v, x, ...) F(v, x), ASQL__FE_15(F, v, __VA_ARGS__)
#define ASQL__FE_17(F, v, x, ...) F(v, x), ASQL__FE_16(F, v, __VA_ARGS__)
#define ASQL__FE_18(F, v, x, ...) F(v, x), ASQL__FE_17(F, v, __VA_ARGS__)
#define ASQL__FE_19(F, v, x, ...) F(v, x), ASQL__FE_18(F, v, __VA_ARGS__)
#define ASQL__FE_20(F, v, x, ...) F(v, x), ASQL__FE_19(F, v, __VA_ARGS__)
#define ASQL__FE_21(F, v, x, ...) F(v, x), ASQL__FE_20(F, v, __VA_ARGS__)
#define ASQL__FE_22(F, v, x, ...) F(v, x), ASQL__FE_21(F, v, __VA_ARGS__)
#define ASQL__FE_23(F, v, x, ...) F(v, x), ASQL__FE_22(F, v, __VA_ARGS__)
#define ASQL__FE_24(F, v, x, ...) F(v, x), ASQL__FE_23(F, v, __VA_ARGS__)
#define ASQL__FE_25(F, v, x, ...) F(v, x), ASQL__FE_24(F, v, __VA_ARGS__)
#define ASQL__FE_26(F, v, x, ...) F(v, x), ASQL__FE_25(F, v, __VA_ARGS__)
#define ASQL__FE_27(F, v, x, ...) F(v, x), ASQL__FE_26(F, v, __VA_ARGS__)
#define ASQL__FE_28(F, v, x, ...) F(v, x), ASQL__FE_27(F, v, __VA_ARGS__)
#define ASQL__FE_29(F, v, x, ...) F(v, x), ASQL__FE_28(F, v, __VA_ARGS__)
#define ASQL__FE_30(F, v, x, ...) F(v, x), ASQL__FE_29(F, v, __VA_ARGS__)
#define ASQL__FE_31(F, v, x, ...) F(v, x), ASQL__FE_30(F, v, __VA_ARGS__)
#define ASQL__FE_32(F, v, x, ...) F(v, x), ASQL__FE_31(F, v, __VA_ARGS__)
#define ASQL__FE_33(F, v, x, ...) F(v, x), ASQL__FE_32(F, v, __VA_ARGS__)
#define ASQL__FE_34(F, v, x, ...) F(v, x), ASQL__FE_33(F, v, __VA_ARGS__)
#define ASQL__FE_35(F, v, x, ...) F(v, x), ASQL__FE_34(F, v, __VA_ARGS__)
#define ASQL__FE_36(F, v, x, ...) F(v, x), ASQL__FE_35(F, v, __VA_ARGS__)
#define ASQL__FE_37(F, v, x, ...) F(v, x), ASQL__FE_36(F, v, __VA_ARGS__)
#define ASQL__FE_38(F, v, x, ...) F(v, x), ASQL__FE_37(F, v, __VA_ARGS__)
#define ASQL__FE_39(F, v, x, ...) F(v, x), ASQL__FE_38(F, v, __VA_ARGS__)
#define ASQL__FE_40(F, v, x, ...) F(v, x), ASQL__FE_39(F, v, __VA_ARGS__)
#define ASQL__FE_41(F, v, x, ...) F(v, x), ASQL__FE_40(F, v, __VA_ARGS__)
#define ASQL__FE_42(F, v, x, ...) F(v, x), ASQL__FE_41(F, v, __VA_ARGS__)
#define ASQL__FE_43(F, v, x, ...) F(v, x), ASQL__FE_42(F, v, __VA_ARGS__)
#define ASQL__FE_44(F, v, x, ...) F(v, x), ASQL__FE_43(F, v, __VA_ARGS__)
#define ASQL__FE_45(F, v, x, ...) F(v, x), ASQL__FE_44(F, v, __VA_ARGS__)
#define ASQL__FE_46(F, v, x, ...) F(v, x), ASQL__FE_45(F, v, __VA_ARGS__)
#define ASQL__FE_47(F, v, x, ...) F(v, x), ASQL__FE_46(F, v, __VA_ARGS__)
#define ASQL__FE_48(F, v, x, ...) F(v, x), ASQL__FE_47(F, v, __VA_ARGS__)
#define ASQL__FE_49(F, v, x, ...) F(v, x), ASQL__FE_48(F, v, __VA_ARGS__)
#define ASQL__FE_50(F, v, x, ...) F(v, x), ASQL__FE_49(F, v, __VA_ARGS__)
#define ASQL__FE_51(F, v, x, ...) F(v, x), ASQL__FE_50(F, v, __VA_ARGS__)
#define ASQL__FE_52(F, v, x, ...) F(v, x), ASQL__FE_51(F, v, __VA_ARGS__)
#define ASQL__FE_53(F, v, x, ...) F(v, x), ASQL__FE_52(F, v, __VA_ARGS__)
#define ASQL__FE_54(F, v, x, ...) F(v, x), ASQL__FE_53(F, v, __VA_ARGS__)
#define ASQL__FE_55(F, v, x, ...) F(v, x), ASQL__FE_54(F, v, __VA_ARGS__)
#define ASQL__FE_56(F, v, x, ...) F(v, x), ASQL__FE_55(F, v, __VA_ARGS__)
#define ASQL__FE_57(F, v, x, ...) F(v, x), ASQL__FE_56(F, v, __VA_ARGS__)
#define ASQL__FE_58(F, v, x, ...) F(v, x), ASQL__FE_57(F, v, __VA_ARGS__)
#define ASQL__FE_59(F, v, x, ...) F(v, x), ASQL__FE_58(F, v, __VA_ARGS__)
#define ASQL__FE_60(F, v, x, ...) F(v, x), ASQL__FE_59(F, v, __VA_ARGS__)
#define ASQL__FE_61(F, v, x, ...) F(v, x), ASQL__FE_60(F, v, __VA_ARGS__)
#define ASQL__FE_62(F, v, x, ...) F(v, x), ASQL__FE_61(F, v, __VA_ARGS__)
#define ASQL__FE_63(F, v, x, ...) F(v, x), ASQL__FE_62(F, v, __VA_ARGS__)
#define ASQL__FE_64(F, v, x, ...) F(v, x), ASQL__FE_63(F, v, __VA_ARGS__)

/* clang-format on */

#ifdef __cplusplus
}
#endif

#endif /* ASQL_EXPR_H */
