/* SPDX-License-Identifier: MIT */
/*
 * txn.h - the SQL that controls transactions in each dialect, for the executor: BEGIN with its
 * isolation level and access mode, COMMIT, ROLLBACK, and the savepoints that stand for nested
 * levels. Text only; running it is the executor's job.
 */
#ifndef ASQL_SRC_DIALECT_TXN_H
#define ASQL_SRC_DIALECT_TXN_H

#include "asql/dialect.h"

typedef enum asql__txn_verb {
    ASQL__TXN_BEGIN,    /* BEGIN (depth 1) or SAVEPOINT */
    ASQL__TXN_COMMIT,   /* COMMIT (depth 1) or RELEASE SAVEPOINT */
    ASQL__TXN_ROLLBACK, /* ROLLBACK (depth 1) or ROLLBACK TO SAVEPOINT, which keeps it open */
    ASQL__TXN_RELEASE   /* RELEASE SAVEPOINT: ends a savepoint after ROLLBACK TO (depth > 1) */
} asql__txn_verb;

/* Large enough for every statement asql__txn_sql() writes. */
#define ASQL__TXN_SQL_SIZE 96

/*
 * Writes to `buf` (ASQL__TXN_SQL_SIZE bytes) the statement that does `verb` at nesting level
 * `depth` (1 = the outermost transaction; each deeper level is savepoint asql_sp_<depth>).
 * `isolation` and `read_only` apply to BEGIN at depth 1, where the dialect has them: SQLite has
 * no levels (a writer takes the lock at once with BEGIN IMMEDIATE, a reader defers it).
 * Returns ASQL_OK, or ASQL_ENOTSUP when the dialect cannot name the level on BEGIN (MySQL).
 */
asql_status asql__txn_sql(const asql_dialect *d, asql__txn_verb verb, int depth,
                          asql_isolation isolation, int read_only, char *buf);

#endif
