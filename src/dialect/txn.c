/* SPDX-License-Identifier: MIT */
/*
 * txn.c - spells the statements that begin, commit and roll back a transaction or one of its
 * savepoints, from the dialect's data (def.h). It writes only text of its own: no identifier or
 * value from the program reaches it.
 */
#include <stdio.h>

#include "dialect/def.h"
#include "dialect/txn.h"

static const char *isolation_words(asql_isolation i)
{
    switch (i) {
    case ASQL_ISOLATION_READ_UNCOMMITTED:
        return " ISOLATION LEVEL READ UNCOMMITTED";
    case ASQL_ISOLATION_READ_COMMITTED:
        return " ISOLATION LEVEL READ COMMITTED";
    case ASQL_ISOLATION_REPEATABLE_READ:
        return " ISOLATION LEVEL REPEATABLE READ";
    case ASQL_ISOLATION_SERIALIZABLE:
        return " ISOLATION LEVEL SERIALIZABLE";
    default:
        return "";
    }
}

static asql_status begin_sql(const asql_dialect *d, asql_isolation iso, int read_only, char *buf)
{
    if (d->begin_locking) {
        snprintf(buf, ASQL__TXN_SQL_SIZE, "%s", read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    } else if (d->start_transaction) {
        if (iso != ASQL_ISOLATION_DEFAULT)
            return ASQL_ENOTSUP; /* MySQL sets the level with a SET TRANSACTION of its own */
        snprintf(buf, ASQL__TXN_SQL_SIZE, "START TRANSACTION%s", read_only ? " READ ONLY" : "");
    } else {
        snprintf(buf, ASQL__TXN_SQL_SIZE, "BEGIN%s%s", isolation_words(iso),
                 read_only ? " READ ONLY" : "");
    }
    return ASQL_OK;
}

asql_status asql__txn_sql(const asql_dialect *d, asql__txn_verb verb, int depth,
                          asql_isolation isolation, int read_only, char *buf)
{
    static const char *const top[] = {NULL, "COMMIT", "ROLLBACK", NULL};
    static const char *const nested[] = {"SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT",
                                         "RELEASE SAVEPOINT"};

    if (!d || depth < 1 || (verb == ASQL__TXN_RELEASE && depth == 1))
        return ASQL_EINVAL;
    if (depth > 1) {
        snprintf(buf, ASQL__TXN_SQL_SIZE, "%s asql_sp_%d", nested[verb], depth);
        return ASQL_OK;
    }
    if (verb == ASQL__TXN_BEGIN)
        return begin_sql(d, isolation, read_only, buf);
    snprintf(buf, ASQL__TXN_SQL_SIZE, "%s", top[verb]);
    return ASQL_OK;
}
