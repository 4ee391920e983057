/* SPDX-License-Identifier: MIT */
/*
 * dialect.c - looking dialects up by name, and the rule that decides whether an identifier must
 * be quoted (reserved words of the dialect, upper case, characters outside [a-z0-9_], a leading
 * digit), as SQLAlchemy decides it.
 */
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

/* FNV-1a: short identifiers, one multiply per byte. */
static uint32_t hash_step(uint32_t h, unsigned char ch)
{
    return (h ^ ch) * 16777619u;
}

void asql__wordset_fill(asql__wordset *set, const char *const *words, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        uint32_t h = 2166136261u;
        for (j = 0; words[i][j]; j++)
            h = hash_step(h, (unsigned char)words[i][j]);
        for (j = h % ASQL__WORDSET_SLOTS; set->words[j]; j = (j + 1) % ASQL__WORDSET_SLOTS)
            ;
        set->words[j] = words[i];
        set->hashes[j] = h;
    }
}

int asql__ident_needs_quote(const asql_dialect *d, const char *name)
{
    uint32_t h = 2166136261u;
    size_t i;

    if (!name[0] || (name[0] >= '0' && name[0] <= '9'))
        return 1;
    for (i = 0; name[i]; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return 1;
        h = hash_step(h, (unsigned char)ch);
    }
    pthread_once(&d->reserved_set->once, d->init_reserved_set);
    for (i = h % ASQL__WORDSET_SLOTS; d->reserved_set->words[i]; i = (i + 1) % ASQL__WORDSET_SLOTS)
        if (d->reserved_set->hashes[i] == h && strcmp(d->reserved_set->words[i], name) == 0)
            return 1;
    return 0;
}
