/* SPDX-License-Identifier: MIT */
/*
 * pg.c - the PostgreSQL dialect as data: $n placeholders, double-quoted identifiers, native
 * ILIKE, || concatenation, OFFSET allowed alone, an implicit RETURNING of the autoincrement key,
 * and E'...' / $tag$...$tag$ strings in raw SQL.
 */
#include "dialect/def.h"

/* Reserved key words (those PostgreSQL does not accept as a bare column name). */
static const char *const reserved[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
    "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign",
    "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
    "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit",
    "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only",
    "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right",
    "select", "session_user", "similar", "some", "symmetric", "table", "tablesample", "then", "to",
    "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where",
    "window", "with",
};

static asql__wordset reserved_set = {.once = PTHREAD_ONCE_INIT};

static void init_reserved_set(void)
{
    asql__wordset_fill(&reserved_set, reserved, sizeof reserved / sizeof reserved[0]);
}

static const asql_dialect postgresql = {
    .name = "postgresql",
    .placeholder = ASQL__PH_DOLLAR,
    .quote = '"',
    .reserved = reserved,
    .n_reserved = sizeof reserved / sizeof reserved[0],
    .reserved_set = &reserved_set,
    .init_reserved_set = init_reserved_set,
    .true_sql = "true",
    .false_sql = "false",
    .limit_all = NULL,
    .now_sql = "now()",
    .native_ilike = 1,
    .concat_function = 0,
    .implicit_returning = 1,
    .pg_strings = 1,
    .nested_comments = 1,
};

const asql_dialect *asql_dialect_postgresql(void)
{
    return &postgresql;
}
