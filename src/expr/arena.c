/* SPDX-License-Identifier: MIT */
/*
 * arena.c - the bump allocator of arena.h: one pointer bump per object, blocks of at least
 * ARENA_BLOCK bytes taken from asql__malloc() when the current one is full.
 */
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "expr/alloc.h"
#include "expr/arena.h"

enum { ARENA_ALIGN = alignof(max_align_t), ARENA_BLOCK = 8192 };

struct asql__arena_block {
    asql__arena_block *next;
    alignas(max_align_t) unsigned char data[];
};

static unsigned char *align_up(unsigned char *p)
{
    uintptr_t u = (uintptr_t)p;
    return p + ((ARENA_ALIGN - (u % ARENA_ALIGN)) % ARENA_ALIGN);
}

void asql__arena_init(asql__arena *a, void *first, size_t size)
{
    a->ptr = first;
    a->end = first ? (unsigned char *)first + size : NULL;
    a->blocks = NULL;
}

void *asql__arena_alloc_slow(asql__arena *a, size_t n)
{
    unsigned char *p = a->ptr ? align_up(a->ptr) : NULL;
    asql__arena_block *b;
    size_t size;

    if (p && p <= a->end && n <= (size_t)(a->end - p)) {
        a->ptr = p + n;
        return p;
    }
    if (n > SIZE_MAX - sizeof *b - ARENA_BLOCK)
        return NULL;
    /* A request larger than a block gets a block of its own size. */
    size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    b = asql__malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->next = a->blocks;
    a->blocks = b;
    a->ptr = b->data + n;
    a->end = b->data + size;
    return b->data;
}

char *asql__arena_strndup(asql__arena *a, const char *s, size_t len)
{
    char *d;

    if (len == SIZE_MAX)
        return NULL;
    d = asql__arena_alloc(a, len + 1);
    if (!d)
        return NULL;
    if (len)
        memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void asql__arena_free(asql__arena *a)
{
    asql__arena_block *b = a->blocks, *next;

    for (; b; b = next) {
        next = b->next;
        asql__free(b);
    }
    a->blocks = NULL;
    a->ptr = a->end = NULL;
}
