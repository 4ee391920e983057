/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the one door to the heap for every layer of asql. Each allocation goes through the
 * functions installed with asql_set_allocator() (libc's by default), so that allocators are
 * never mixed and a program or benchmark can count or redirect them.
 */
#ifndef ASQL_SRC_EXPR_ALLOC_H
#define ASQL_SRC_EXPR_ALLOC_H

#include <stddef.h>

void *asql__malloc(size_t n);
void *asql__calloc(size_t count, size_t size);
void *asql__realloc(void *p, size_t n);
void asql__free(void *p);

/* A copy of `len` bytes of `s` with a NUL added, or NULL on ENOMEM (asql__free() it). */
char *asql__strndup(const char *s, size_t len);

#endif
