/* SPDX-License-Identifier: MIT */
/*
 * error.c - filling asql_error records for the exec layer, and its small string helper.
 */
#include <stdio.h>
#include <string.h>

#include "exec/internal.h"

void asql__err_clear(asql_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

void asql__err_set(asql_error *err, asql_status status, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
    err->status = status;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

char *asql__exec_strdup(const char *s)
{
    return s ? asql__strndup(s, strlen(s)) : NULL;
}
