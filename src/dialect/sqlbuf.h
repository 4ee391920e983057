/* SPDX-License-Identifier: MIT */
/*
 * sqlbuf.h - the only way SQL text is written. Three writers: sqlbuf_keyword (SQL written in
 * our code, or raw SQL the program gave to asql_text), sqlbuf_ident (an identifier, quoted when
 * the dialect needs it) and sqlbuf_param (a placeholder, recording the value it stands for).
 * Values never reach the text. Errors are sticky, as in sqlite3_str.
 */
#ifndef ASQL_SRC_DIALECT_SQLBUF_H
#define ASQL_SRC_DIALECT_SQLBUF_H

#include <stddef.h>
#include <string.h>

#include "asql/common.h"
#include "dialect/def.h"
#include "expr/stmt.h"

/* A parameter recorded by sqlbuf_param: its value lives in the statement being compiled. */
typedef struct asql__pref {
    const char *name; /* named placeholder (not NUL-terminated), or NULL */
    size_t name_len;
    const asql_value *value; /* fixed (or default) value, or NULL */
    asql_type type;          /* the type it is bound with */
} asql__pref;

/* Where a placeholder was written, for asql_compiled_debug_sql(). */
typedef struct asql__mark {
    size_t offset, len;
    int param;
} asql__mark;

enum { SQLBUF_INLINE_TEXT = 1024, SQLBUF_INLINE_PARAMS = 16 };

typedef struct asql__sqlbuf {
    const asql_dialect *d;
    char *text;
    size_t len, cap;
    asql__pref *params;
    asql__mark *marks;
    int n_params, n_marks, cap_params, cap_marks;
    asql_status status;
    char errmsg[ASQL_ERROR_MESSAGE_SIZE];
    char inline_text[SQLBUF_INLINE_TEXT];
    asql__pref inline_params[SQLBUF_INLINE_PARAMS];
    asql__mark inline_marks[SQLBUF_INLINE_PARAMS];
} asql__sqlbuf;

void asql__sqlbuf_init(asql__sqlbuf *b, const asql_dialect *d);
void asql__sqlbuf_dispose(asql__sqlbuf *b);

/* Records the first error (later ones are dropped). */
void asql__sqlbuf_fail(asql__sqlbuf *b, asql_status status, const char *fmt, ...)
    ASQL__PRINTF(3, 4);

/* The slow path of asql__sqlbuf_keywordn: grows the buffer first. */
void asql__sqlbuf_append_slow(asql__sqlbuf *b, const char *s, size_t len);

/* SQL text from our code, or `len` bytes of program-written raw SQL (asql_text). */
static inline void asql__sqlbuf_keywordn(asql__sqlbuf *b, const char *s, size_t len)
{
    if (len < b->cap - b->len && b->status == ASQL_OK) {
        memcpy(b->text + b->len, s, len);
        b->len += len;
        b->text[b->len] = '\0';
    } else {
        asql__sqlbuf_append_slow(b, s, len);
    }
}

/* SQL text from our code, NUL-terminated (strlen of a literal folds at compile time). */
static inline void asql__sqlbuf_keyword(asql__sqlbuf *b, const char *kw)
{
    asql__sqlbuf_keywordn(b, kw, strlen(kw));
}

/* The slow path of asql__sqlbuf_repeat: grows the buffer first. */
void asql__sqlbuf_repeat_slow(asql__sqlbuf *b, size_t offset, size_t len);

/* Writes again the `len` bytes written at `offset` (text this buffer already holds). */
static inline void asql__sqlbuf_repeat(asql__sqlbuf *b, size_t offset, size_t len)
{
    if (len < b->cap - b->len && b->status == ASQL_OK) {
        /* No growth, so the text copied from stays where it is. */
        memcpy(b->text + b->len, b->text + offset, len);
        b->len += len;
        b->text[b->len] = '\0';
    } else {
        asql__sqlbuf_repeat_slow(b, offset, len);
    }
}

/* An identifier, quoted (quote character doubled) when the dialect needs it. */
void asql__sqlbuf_ident(asql__sqlbuf *b, const char *name);

/* The general path of asql__sqlbuf_param. */
void asql__sqlbuf_param_slow(asql__sqlbuf *b, const char *name, size_t name_len,
                             const asql_value *value, asql_type type);

/*
 * A placeholder for a value: `$n` or `?`. With `$n`, a named placeholder met again with the same
 * value and type reuses its number. `value` and `name` must outlive the buffer.
 * Inline for the common case, a value of a built statement: a new parameter, `?` or `$1`-`$9`,
 * with room to spare; anything else takes the general path.
 */
static inline void asql__sqlbuf_param(asql__sqlbuf *b, const char *name, size_t name_len,
                                      const asql_value *value, asql_type type)
{
    int dollar = b->d->placeholder == ASQL__PH_DOLLAR;
    asql__pref *p;
    asql__mark *m;

    if (name || b->n_params == b->cap_params || b->n_marks == b->cap_marks ||
        (dollar && b->n_params >= 9) || b->cap - b->len <= 3 || b->status != ASQL_OK) {
        asql__sqlbuf_param_slow(b, name, name_len, value, type);
        return;
    }
    p = &b->params[b->n_params];
    p->name = NULL;
    p->name_len = 0;
    p->value = value;
    p->type = type;
    m = &b->marks[b->n_marks++];
    m->offset = b->len;
    m->param = b->n_params++;
    if (dollar) {
        b->text[b->len++] = '$';
        b->text[b->len++] = (char)('0' + b->n_params);
    } else {
        b->text[b->len++] = '?';
    }
    b->text[b->len] = '\0';
    m->len = b->len - m->offset;
}

#endif
