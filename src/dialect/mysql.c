/* SPDX-License-Identifier: MIT */
/*
 * mysql.c - the MySQL and MariaDB dialects as data: ? placeholders, backquoted identifiers,
 * concat() for concatenation, ILIKE emulated with lower(), a LIMIT of 2^64-1 when only an OFFSET
 * is given, and backslash escapes and # comments in raw SQL.
 */
#include "dialect/def.h"

/* Reserved words of MySQL 8 and MariaDB 10/11 together, so that one spelling suits both. */
static const char *const reserved[] = {
    "accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "asensitive", "before",
    "between", "bigint", "binary", "blob", "both", "by", "call", "cascade", "case", "change",
    "char", "character", "check", "collate", "column", "condition", "constraint", "continue",
    "convert", "create", "cross", "cube", "cume_dist", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "cursor", "database", "databases",
    "day_hour", "day_microsecond", "day_minute", "day_second", "dec", "decimal", "declare",
    "default", "delayed", "delete", "dense_rank", "desc", "describe", "deterministic", "distinct",
    "distinctrow", "div", "do_domain_ids", "double", "drop", "dual", "each", "else", "elseif",
    "empty", "enclosed", "escaped", "except", "exists", "exit", "explain", "false", "fetch",
    "first_value", "float", "float4", "float8", "for", "force", "foreign", "from", "fulltext",
    "function", "general", "generated", "get", "grant", "group", "grouping", "groups", "having",
    "high_priority", "hour_microsecond", "hour_minute", "hour_second", "if", "ignore",
    "ignore_domain_ids", "ignore_server_ids", "in", "index", "infile", "inner", "inout",
    "insensitive", "insert", "int", "int1", "int2", "int3", "int4", "int8", "integer", "intersect",
    "interval", "into", "io_after_gtids", "io_before_gtids", "is", "iterate", "join", "json_table",
    "key", "keys", "kill", "lag", "last_value", "lateral", "lead", "leading", "leave", "left",
    "like", "limit", "linear", "lines", "load", "localtime", "localtimestamp", "lock", "long",
    "longblob", "longtext", "loop", "low_priority", "master_bind", "master_heartbeat_period",
    "master_ssl_verify_server_cert", "match", "maxvalue", "mediumblob", "mediumint", "mediumtext",
    "middleint", "minute_microsecond", "minute_second", "mod", "modifies", "natural",
    "no_write_to_binlog", "not", "nth_value", "ntile", "null", "numeric", "of", "offset", "on",
    "optimize", "optimizer_costs", "option", "optionally", "or", "order", "out", "outer",
    "outfile", "over", "page_checksum", "parse_vcol_expr", "partition", "percent_rank", "position",
    "precision", "primary", "procedure", "purge", "range", "rank", "read", "read_write", "reads",
    "real", "recursive", "ref_system_id", "references", "regexp", "release", "rename", "repeat",
    "replace", "require", "resignal", "restrict", "return", "returning", "revoke", "right",
    "rlike", "row", "row_number", "rows", "schema", "schemas", "second_microsecond", "select",
    "sensitive", "separator", "set", "show", "signal", "slow", "smallint", "spatial", "specific",
    "sql", "sql_big_result", "sql_calc_found_rows", "sql_small_result", "sqlexception", "sqlstate",
    "sqlwarning", "ssl", "starting", "stats_auto_recalc", "stats_persistent", "stats_sample_pages",
    "stored", "straight_join", "system", "table", "terminated", "then", "tinyblob", "tinyint",
    "tinytext", "to", "trailing", "trigger", "true", "undo", "union", "unique", "unlock",
    "unsigned", "update", "usage", "use", "using", "utc_date", "utc_time", "utc_timestamp",
    "values", "varbinary", "varchar", "varcharacter", "varying", "virtual", "when", "where",
    "while", "window", "with", "write", "xor", "year_month", "zerofill",
};

static asql__wordset reserved_set = {.once = PTHREAD_ONCE_INIT};

static void init_reserved_set(void)
{
    asql__wordset_fill(&reserved_set, reserved, sizeof reserved / sizeof reserved[0]);
}

static const asql_dialect mysql = {
    .name = "mysql",
    .placeholder = ASQL__PH_QMARK,
    .quote = '`',
    .reserved = reserved,
    .n_reserved = sizeof reserved / sizeof reserved[0],
    .reserved_set = &reserved_set,
    .init_reserved_set = init_reserved_set,
    .true_sql = "true",
    .false_sql = "false",
    .limit_all = "18446744073709551615",
    .now_sql = "now()",
    .native_ilike = 0,
    .concat_function = 1,
    .implicit_returning = 0,
    .backslash_strings = 1,
    .hash_comments = 1,
};

static const asql_dialect mariadb = {
    .name = "mariadb",
    .placeholder = ASQL__PH_QMARK,
    .quote = '`',
    .reserved = reserved,
    .n_reserved = sizeof reserved / sizeof reserved[0],
    .reserved_set = &reserved_set,
    .init_reserved_set = init_reserved_set,
    .true_sql = "true",
    .false_sql = "false",
    .limit_all = "18446744073709551615",
    .now_sql = "now()",
    .native_ilike = 0,
    .concat_function = 1,
    .implicit_returning = 0,
    .backslash_strings = 1,
    .hash_comments = 1,
};

const asql_dialect *asql_dialect_mysql(void)
{
    return &mysql;
}

const asql_dialect *asql_dialect_mariadb(void)
{
    return &mariadb;
}
