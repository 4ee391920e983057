/* SPDX-License-Identifier: MIT */
/*
 * alloc.c - the allocator hooks behind asql__malloc() and friends, and asql_set_allocator().
 * Nothing else in the library calls malloc/realloc/free directly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asql/common.h"
#include "expr/alloc.h"

static void *(*malloc_hook)(size_t) = malloc;
static void *(*realloc_hook)(void *, size_t) = realloc;
static void (*free_hook)(void *) = free;

asql_status asql_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                               void (*free_fn)(void *))
{
    if (!malloc_fn && !realloc_fn && !free_fn) {
        malloc_hook = malloc;
        realloc_hook = realloc;
        free_hook = free;
        return ASQL_OK;
    }
    if (!malloc_fn || !realloc_fn || !free_fn)
        return ASQL_EINVAL;
    malloc_hook = malloc_fn;
    realloc_hook = realloc_fn;
    free_hook = free_fn;
    return ASQL_OK;
}

void *asql__malloc(size_t n)
{
    return malloc_hook(n ? n : 1);
}

void *asql__calloc(size_t count, size_t size)
{
    void *p;

    if (size && count > SIZE_MAX / size)
        return NULL;
    p = asql__malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *asql__realloc(void *p, size_t n)
{
    return realloc_hook(p, n ? n : 1);
}

void asql__free(void *p)
{
    if (p)
        free_hook(p);
}

char *asql__strndup(const char *s, size_t len)
{
    char *d;

    if (len == SIZE_MAX)
        return NULL;
    d = asql__malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}
