/* SPDX-License-Identifier: MIT */
/*
 * arena.h - a bump allocator made of a chain of blocks. Its first block may be memory the owner
 * embeds in itself (a statement does), so that small users cost no allocation beyond their own.
 * Memory is released all at once with asql__arena_free(); there is no per-object free.
 */
#ifndef ASQL_SRC_EXPR_ARENA_H
#define ASQL_SRC_EXPR_ARENA_H

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

typedef struct asql__arena_block asql__arena_block;

typedef struct asql__arena {
    unsigned char *ptr;         /* next free byte of the current block */
    unsigned char *end;         /* end of the current block */
    asql__arena_block *blocks;  /* heap blocks, newest first */
    struct asql__arena *parent; /* when set, every allocation is made from it instead */
} asql__arena;

/* Starts an arena whose first block is `first` (`size` bytes, may be 0). */
void asql__arena_init(asql__arena *a, void *first, size_t size);

/* Starts an arena that allocates from `parent` (a sub-statement's), owning no block itself. */
void asql__arena_init_child(asql__arena *a, asql__arena *parent);

/* The slow path of asql__arena_alloc(): starts a new block. */
void *asql__arena_alloc_slow(asql__arena *a, size_t n);

/*
 * `n` bytes aligned for any type, or NULL on ENOMEM. Never fails for n == 0 (returns ptr).
 * Inline: a statement makes a few dozen of these, and the common case is one pointer bump.
 */
static inline void *asql__arena_alloc(asql__arena *a, size_t n)
{
    const uintptr_t mask = alignof(max_align_t) - 1;
    uintptr_t p = ((uintptr_t)a->ptr + mask) & ~mask, end = (uintptr_t)a->end;

    if (a->ptr && p <= end && n <= end - p) {
        a->ptr = (unsigned char *)p + n;
        return (void *)p;
    }
    return asql__arena_alloc_slow(a, n);
}

/* A NUL-terminated copy of `len` bytes of `s`, or NULL on ENOMEM. */
char *asql__arena_strndup(asql__arena *a, const char *s, size_t len);

/* Frees every heap block; the arena must be initialised again before reuse. */
void asql__arena_free(asql__arena *a);

#endif
