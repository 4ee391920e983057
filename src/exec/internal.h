/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what every file of the exec layer shares: the allocator and small helpers for
 * error records. The core's own structures live in core.h, rows and results in rows.h.
 */
#ifndef ASQL_EXEC_INTERNAL_H
#define ASQL_EXEC_INTERNAL_H

#include <stdarg.h>

#include "asql/exec.h"
/* Until the expr layer's allocator lands on this branch, fall back to libc (removed at merge). */
#if defined(__has_include)
#if __has_include("expr/alloc.h")
#include "expr/alloc.h"
#define ASQL__EXEC_HAVE_ALLOC 1
#endif
#endif
#ifndef ASQL__EXEC_HAVE_ALLOC
#include <stdlib.h>
#include <string.h>
static inline void *asql__malloc(size_t n) { return malloc(n); }
static inline void *asql__calloc(size_t c, size_t n) { return calloc(c, n); }
static inline void *asql__realloc(void *p, size_t n) { return realloc(p, n); }
static inline void asql__free(void *p) { free(p); }
static inline char *asql__strndup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = 0;
    }
    return d;
}
#endif

/* Fills *err (when not NULL) with a status, class and a printf-style one-line message. */
void asql__err_set(asql_error *err, asql_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Resets *err to "no error". */
void asql__err_clear(asql_error *err);

/* Copies a string with the library allocator; NULL on ENOMEM (or for NULL). */
char *asql__exec_strdup(const char *s);

#endif /* ASQL_EXEC_INTERNAL_H */
