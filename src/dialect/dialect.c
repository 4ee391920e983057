/* SPDX-License-Identifier: MIT */
/*
 * dialect.c - looking dialects up by name, and the rule that decides whether an identifier must
 * be quoted (reserved words of the dialect, upper case, characters outside [a-z0-9_], a leading
 * digit), as SQLAlchemy decides it.
 */
#include <stdlib.h>
#include <string.h>

#include "dialect/def.h"

const asql_dialect *asql_dialect_find(const char *name)
{
    if (!name)
        return NULL;
    if (strcmp(name, "postgresql") == 0 || strcmp(name, "postgres") == 0)
        return asql_dialect_postgresql();
    if (strcmp(name, "mysql") == 0)
        return asql_dialect_mysql();
    if (strcmp(name, "mariadb") == 0)
        return asql_dialect_mariadb();
    if (strcmp(name, "sqlite") == 0)
        return asql_dialect_sqlite();
    return NULL;
}

const char *asql_dialect_name(const asql_dialect *d)
{
    return d ? d->name : "";
}

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

int asql__ident_needs_quote(const asql_dialect *d, const char *name)
{
    size_t i;

    if (!name[0] || (name[0] >= '0' && name[0] <= '9'))
        return 1;
    for (i = 0; name[i]; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return 1;
    }
    return bsearch(name, d->reserved, d->n_reserved, sizeof *d->reserved, cmp_word) != NULL;
}
