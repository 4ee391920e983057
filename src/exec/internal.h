/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what every file of the exec layer shares: the allocator and small helpers for
 * error records. The core's own structures live in core.h, rows and results in rows.h.
 */
#ifndef ASQL_EXEC_INTERNAL_H
#define ASQL_EXEC_INTERNAL_H

#include <stdarg.h>

#include "asql/exec.h"
#include "expr/alloc.h"

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
