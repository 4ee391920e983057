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

/*
 * The reserved-word hash: length, first, second and last characters, mixed by one multiply.
 * It looks at four bytes whatever the length, so that the scan of an identifier, which must
 * look at every byte anyway, is all the per-byte work; the set compares whole words after.
 */
static uint32_t word_hash(const char *w, size_t len)
{
    uint32_t h = (uint32_t)len ^ (uint32_t)(unsigned char)w[0] << 8 ^
                 (uint32_t)(unsigned char)w[1] << 16 ^ (uint32_t)(unsigned char)w[len - 1] << 24;
    return h * 2654435761u;
}

/* The slot a hash starts probing at (its top bits: the multiply mixes those best). */
static size_t word_slot(uint32_t h)
{
    return (size_t)(h >> 22) % ASQL__WORDSET_SLOTS;
}

void asql__wordset_fill(asql__wordset *set, const char *const *words, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        uint32_t h = word_hash(words[i], strlen(words[i]));
        for (j = word_slot(h); set->words[j]; j = (j + 1) % ASQL__WORDSET_SLOTS)
            ;
        set->words[j] = words[i];
        set->hashes[j] = h;
    }
    atomic_store_explicit(&set->ready, 1, memory_order_release);
}

/* The characters of an identifier that needs no quotes: [a-z0-9_] (one load per byte). */
#define PLAIN(ch) [ch] = 1
static const unsigned char plain[256] = {
    PLAIN('a'), PLAIN('b'), PLAIN('c'), PLAIN('d'), PLAIN('e'), PLAIN('f'), PLAIN('g'), PLAIN('h'),
    PLAIN('i'), PLAIN('j'), PLAIN('k'), PLAIN('l'), PLAIN('m'), PLAIN('n'), PLAIN('o'), PLAIN('p'),
    PLAIN('q'), PLAIN('r'), PLAIN('s'), PLAIN('t'), PLAIN('u'), PLAIN('v'), PLAIN('w'), PLAIN('x'),
    PLAIN('y'), PLAIN('z'), PLAIN('0'), PLAIN('1'), PLAIN('2'), PLAIN('3'), PLAIN('4'), PLAIN('5'),
    PLAIN('6'), PLAIN('7'), PLAIN('8'), PLAIN('9'), PLAIN('_'),
};
#undef PLAIN

size_t asql__ident_plain_len(const asql_dialect *d, const char *name)
{
    asql__wordset *set = d->reserved_set;
    size_t i, len = 0;
    uint32_t h;

    if (!name[0] || (name[0] >= '0' && name[0] <= '9'))
        return 0;
    while (plain[(unsigned char)name[len]])
        len++;
    if (name[len])
        return 0;
    h = word_hash(name, len);
    if (!atomic_load_explicit(&set->ready, memory_order_acquire))
        pthread_once(&set->once, d->init_reserved_set);
    for (i = word_slot(h); set->words[i]; i = (i + 1) % ASQL__WORDSET_SLOTS)
        if (set->hashes[i] == h && strcmp(set->words[i], name) == 0)
            return 0;
    return len;
}

int asql__ident_needs_quote(const asql_dialect *d, const char *name)
{
    return asql__ident_plain_len(d, name) == 0;
}
