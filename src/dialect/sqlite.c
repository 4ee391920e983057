/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c - the SQLite dialect as data: ? placeholders, double-quoted identifiers, ILIKE
 * emulated with lower(), || concatenation, LIMIT -1 when only an OFFSET is given, and
 * CURRENT_TIMESTAMP for now().
 */
#include "dialect/def.h"

/* Every SQLite key word: SQLite accepts some of them bare, but quoting them is always safe. */
static const char *const reserved[] = {
    "abort", "action", "add", "after", "all", "alter", "always", "analyze", "and", "as", "asc",
    "attach", "autoincrement", "before", "begin", "between", "by", "cascade", "case", "cast",
    "check", "collate", "column", "commit", "conflict", "constraint", "create", "cross", "current",
    "current_date", "current_time", "current_timestamp", "database", "default", "deferrable",
    "deferred", "delete", "desc", "detach", "distinct", "do", "drop", "each", "else", "end",
    "escape", "except", "exclude", "exclusive", "exists", "explain", "fail", "filter", "first",
    "following", "for", "foreign", "from", "full", "generated", "glob", "group", "groups",
    "having", "if", "ignore", "immediate", "in", "index", "indexed", "initially", "inner",
    "insert", "instead", "intersect", "into", "is", "isnull", "join", "key", "last", "left",
    "like", "limit", "match", "materialized", "natural", "no", "not", "nothing", "notnull", "null",
    "nulls", "of", "offset", "on", "or", "order", "others", "outer", "over", "partition", "plan",
    "pragma", "preceding", "primary", "query", "raise", "range", "recursive", "references",
    "regexp", "reindex", "release", "rename", "replace", "restrict", "returning", "right",
    "rollback", "row", "rows", "savepoint", "select", "set", "table", "temp", "temporary", "then",
    "ties", "to", "transaction", "trigger", "unbounded", "union", "unique", "update", "using",
    "vacuum", "values", "view", "virtual", "when", "where", "window", "with", "without",
};

static asql__wordset reserved_set = {.once = PTHREAD_ONCE_INIT};

static void init_reserved_set(void)
{
    asql__wordset_fill(&reserved_set, reserved, sizeof reserved / sizeof reserved[0]);
}

static const asql_dialect sqlite = {
    .name = "sqlite",
    .placeholder = ASQL__PH_QMARK,
    .quote = '"',
    .reserved = reserved,
    .n_reserved = sizeof reserved / sizeof reserved[0],
    .reserved_set = &reserved_set,
    .init_reserved_set = init_reserved_set,
    .true_sql = "1",
    .false_sql = "0",
    .limit_all = "-1",
    .now_sql = "CURRENT_TIMESTAMP",
    .native_ilike = 0,
    .concat_function = 0,
    .implicit_returning = 0,
};

const asql_dialect *asql_dialect_sqlite(void)
{
    return &sqlite;
}
