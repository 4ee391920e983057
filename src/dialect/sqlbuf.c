/* SPDX-License-Identifier: MIT */
/*
 * sqlbuf.c - the SQL text buffer of sqlbuf.h: growth from inline storage to the heap, identifier
 * quoting, and placeholder numbering with the parameter list kept alongside the text.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dialect/sqlbuf.h"
#include "expr/alloc.h"

void asql__sqlbuf_init(asql__sqlbuf *b, const asql_dialect *d)
{
    b->d = d;
    b->text = b->inline_text;
    b->len = 0;
    b->cap = sizeof b->inline_text;
    b->text[0] = '\0';
    b->params = b->inline_params;
    b->marks = b->inline_marks;
    b->n_params = b->n_marks = 0;
    b->cap_params = b->cap_marks = SQLBUF_INLINE_PARAMS;
    b->status = ASQL_OK;
    b->errmsg[0] = '\0';
}

void asql__sqlbuf_dispose(asql__sqlbuf *b)
{
    if (b->text != b->inline_text)
        asql__free(b->text);
    if (b->params != b->inline_params)
        asql__free(b->params);
    if (b->marks != b->inline_marks)
        asql__free(b->marks);
    b->text = b->inline_text;
    b->params = b->inline_params;
    b->marks = b->inline_marks;
}

void asql__sqlbuf_fail(asql__sqlbuf *b, asql_status status, const char *fmt, ...)
{
    va_list ap;

    if (b->status != ASQL_OK)
        return;
    b->status = status;
    va_start(ap, fmt);
    vsnprintf(b->errmsg, sizeof b->errmsg, fmt, ap);
    va_end(ap);
}

/* Makes room for `n` more bytes and a NUL; 0 (ENOMEM recorded) on failure. */
static int reserve(asql__sqlbuf *b, size_t n)
{
    size_t cap;
    char *p;

    if (b->status != ASQL_OK)
        return 0;
    if (n < b->cap - b->len)
        return 1;
    cap = b->cap;
    while (cap - b->len <= n) {
        if (cap > SIZE_MAX / 2) {
            asql__sqlbuf_fail(b, ASQL_ENOMEM, "SQL text too long");
            return 0;
        }
        cap *= 2;
    }
    if (b->text == b->inline_text) {
        p = asql__malloc(cap);
        if (p)
            memcpy(p, b->text, b->len + 1);
    } else {
        p = asql__realloc(b->text, cap);
    }
    if (!p) {
        asql__sqlbuf_fail(b, ASQL_ENOMEM, "out of memory while compiling");
        return 0;
    }
    b->text = p;
    b->cap = cap;
    return 1;
}

void asql__sqlbuf_append_slow(asql__sqlbuf *b, const char *s, size_t len)
{
    if (!reserve(b, len))
        return;
    memcpy(b->text + b->len, s, len);
    b->len += len;
    b->text[b->len] = '\0';
}

void asql__sqlbuf_repeat_slow(asql__sqlbuf *b, size_t offset, size_t len)
{
    /* Reserve first: growing may move the text being copied. */
    if (!reserve(b, len))
        return;
    memcpy(b->text + b->len, b->text + offset, len);
    b->len += len;
    b->text[b->len] = '\0';
}

void asql__sqlbuf_ident(asql__sqlbuf *b, const char *name)
{
    char q = b->d->quote;
    size_t i, extra = 2, len = asql__ident_plain_len(b->d, name);

    if (len) {
        asql__sqlbuf_keywordn(b, name, len);
        return;
    }
    for (i = 0; name[i]; i++)
        extra += name[i] == q;
    if (!reserve(b, i + extra))
        return;
    b->text[b->len++] = q;
    for (i = 0; name[i]; i++) {
        if (name[i] == q)
            b->text[b->len++] = q;
        b->text[b->len++] = name[i];
    }
    b->text[b->len++] = q;
    b->text[b->len] = '\0';
}

/* Grows one of the two side arrays (params or marks) held with inline storage. */
static int grow(asql__sqlbuf *b, void **arr, void *inline_arr, int *cap, size_t elem)
{
    int ncap;
    void *p;

    if (*cap > (1 << 24)) {
        asql__sqlbuf_fail(b, ASQL_EINVAL, "too many parameters");
        return 0;
    }
    ncap = *cap * 2;
    if (*arr == inline_arr) {
        p = asql__malloc((size_t)ncap * elem);
        if (p)
            memcpy(p, *arr, (size_t)*cap * elem);
    } else {
        p = asql__realloc(*arr, (size_t)ncap * elem);
    }
    if (!p) {
        asql__sqlbuf_fail(b, ASQL_ENOMEM, "out of memory while compiling");
        return 0;
    }
    *arr = p;
    *cap = ncap;
    return 1;
}

static int same_type(asql_type a, asql_type b)
{
    return a.kind == b.kind && a.length == b.length && a.precision == b.precision &&
           a.scale == b.scale && a.timezone == b.timezone;
}

void asql__sqlbuf_param_slow(asql__sqlbuf *b, const char *name, size_t name_len,
                             const asql_value *value, asql_type type)
{
    int index = -1, i;
    size_t start;

    if (b->status != ASQL_OK)
        return;
    if (b->d->placeholder == ASQL__PH_DOLLAR && name) {
        for (i = 0; i < b->n_params; i++) {
            const asql__pref *p = &b->params[i];
            if (p->name && p->name_len == name_len && memcmp(p->name, name, name_len) == 0 &&
                p->value == value && same_type(p->type, type)) {
                index = i;
                break;
            }
        }
    }
    if (index < 0) {
        if (b->n_params == b->cap_params &&
            !grow(b, (void **)&b->params, b->inline_params, &b->cap_params, sizeof *b->params))
            return;
        index = b->n_params++;
        b->params[index].name = name;
        b->params[index].name_len = name ? name_len : 0;
        b->params[index].value = value;
        b->params[index].type = type;
    }
    if (b->n_marks == b->cap_marks &&
        !grow(b, (void **)&b->marks, b->inline_marks, &b->cap_marks, sizeof *b->marks))
        return;
    /* Room for "$" and ten digits, so that the placeholder is written in place. */
    if (b->cap - b->len <= 12 && !reserve(b, 12))
        return;
    start = b->len;
    if (b->d->placeholder == ASQL__PH_DOLLAR) {
        /* "$n", written by hand: snprintf would dominate the cost of a small statement. */
        unsigned v = (unsigned)index + 1, digits = 1, t;
        for (t = v; t >= 10; t /= 10)
            digits++;
        b->text[b->len] = '$';
        b->len += 1 + digits;
        for (t = 0; t < digits; t++, v /= 10)
            b->text[b->len - 1 - t] = (char)('0' + v % 10);
    } else {
        b->text[b->len++] = '?';
    }
    b->text[b->len] = '\0';
    b->marks[b->n_marks].offset = start;
    b->marks[b->n_marks].len = b->len - start;
    b->marks[b->n_marks].param = index;
    b->n_marks++;
}
