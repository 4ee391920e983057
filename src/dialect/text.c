/* SPDX-License-Identifier: MIT */
/*
 * text.c - raw SQL (asql_text): finds `:name` parameters and rewrites them into the dialect's
 * placeholders, copying everything else as the program wrote it. The scanner knows each
 * dialect's strings, quoted identifiers and comments so that it never looks inside them, and
 * leaves `::` casts, `:=` and slices such as a[1:2] alone.
 */
#include <string.h>

#include "dialect/compiled.h"

static int ident_start(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

/* Characters that may continue an identifier or a number (bytes >= 0x80: UTF-8 letters). */
static int ident_char(unsigned char ch)
{
    return ident_start(ch) || (ch >= '0' && ch <= '9') || ch == '$' || ch >= 0x80;
}

/*
 * The offset just past the quoted text that starts at s[i] with `q`, where a doubled quote and,
 * with `backslash`, a backslash escape stay inside. 0 when it never ends.
 */
static size_t skip_quoted(const char *s, size_t n, size_t i, char q, int backslash)
{
    size_t j;

    for (j = i + 1; j < n; j++) {
        if (backslash && s[j] == '\\') {
            j++;
        } else if (s[j] == q) {
            if (j + 1 < n && s[j + 1] == q)
                j++;
            else
                return j + 1;
        }
    }
    return 0;
}

/* Past a slash-star comment starting at s[i] (nesting when asked); 0 when it never ends. */
static size_t skip_block_comment(const char *s, size_t n, size_t i, int nested)
{
    size_t j = i + 2;
    int depth = 1;

    while (j < n) {
        if (s[j] == '*' && j + 1 < n && s[j + 1] == '/') {
            j += 2;
            if (--depth == 0)
                return j;
        } else if (nested && s[j] == '/' && j + 1 < n && s[j + 1] == '*') {
            j += 2;
            depth++;
        } else {
            j++;
        }
    }
    return 0;
}

/*
 * PostgreSQL dollar quoting: s[i] is '$'. Returns the offset past the closing $tag$, i when
 * this '$' does not open a dollar-quoted string, or 0 when the string never ends.
 */
static size_t skip_dollar(const char *s, size_t n, size_t i)
{
    size_t j = i + 1, tag_len, k;

    while (j < n && s[j] != '$') {
        if (!(ident_start((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80 ||
              (j > i + 1 && s[j] >= '0' && s[j] <= '9')))
            return i;
        j++;
    }
    if (j >= n)
        return i;
    tag_len = j - i + 1; /* "$tag$" */
    for (k = j + 1; k + tag_len <= n; k++)
        if (s[k] == '$' && memcmp(s + k, s + i, tag_len) == 0)
            return k + tag_len;
    return 0;
}

static const asql__cell *find_bind(const asql_stmt *q, const char *name, size_t len)
{
    const asql__cell *c;

    for (c = q->binds.head; c; c = c->next)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c;
    return NULL;
}

void asql__compile_text(asql__sqlbuf *b, const asql_stmt *q)
{
    static const asql_type unknown = {ASQL_TYPE_UNKNOWN, 0, 0, 0, 0};
    const asql_dialect *d = b->d;
    const char *s = q->text;
    size_t n = q->text_len, i = 0, run = 0, next;

    while (i < n && b->status == ASQL_OK) {
        unsigned char ch = (unsigned char)s[i];
        unsigned char prev = i ? (unsigned char)s[i - 1] : 0;
        next = i + 1;
        if (ch == '\'') {
            int escapes =
                d->backslash_strings || (d->pg_strings && (prev == 'E' || prev == 'e') &&
                                         !(i >= 2 && ident_char((unsigned char)s[i - 2])));
            next = skip_quoted(s, n, i, '\'', escapes);
        } else if (ch == '"') {
            next = skip_quoted(s, n, i, '"', d->backslash_strings);
        } else if (ch == '`') {
            next = skip_quoted(s, n, i, '`', 0);
        } else if ((ch == '-' && i + 1 < n && s[i + 1] == '-') || (ch == '#' && d->hash_comments)) {
            for (next = i; next < n && s[next] != '\n'; next++)
                ;
        } else if (ch == '/' && i + 1 < n && s[i + 1] == '*') {
            next = skip_block_comment(s, n, i, d->nested_comments);
        } else if (ch == '$' && d->pg_strings && !ident_char(prev)) {
            if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
                asql__sqlbuf_fail(b, ASQL_EINVAL,
                                  "raw SQL holds a positional placeholder at offset %zu; "
                                  "use :name",
                                  i);
                return;
            }
            next = skip_dollar(s, n, i);
            if (next == i)
                next = i + 1;
        } else if (ch == '?' && d->placeholder == ASQL__PH_QMARK) {
            asql__sqlbuf_fail(b, ASQL_EINVAL,
                              "raw SQL holds a positional placeholder '?' at offset %zu; use :name",
                              i);
            return;
        } else if (ch == ':' && i + 1 < n && s[i + 1] == ':') {
            next = i + 2; /* a :: cast */
        } else if (ch == ':' && i + 1 < n && ident_start((unsigned char)s[i + 1]) &&
                   !ident_char(prev) && prev != ':' && prev != '\\') {
            const asql__cell *bind;
            size_t start = i + 1, end = start;
            while (end < n &&
                   (ident_start((unsigned char)s[end]) || (s[end] >= '0' && s[end] <= '9')))
                end++;
            asql__sqlbuf_keywordn(b, s + run, i - run);
            bind = find_bind(q, s + start, end - start);
            if (bind)
                asql__sqlbuf_param(b, s + start, end - start, &bind->e->u.value,
                                   bind->e->u.value.type);
            else
                asql__sqlbuf_param(b, s + start, end - start, NULL, unknown);
            run = end;
            next = end;
        }
        if (next == 0) {
            asql__sqlbuf_fail(b, ASQL_EINVAL,
                              "raw SQL: quoted text or comment starting at offset %zu never ends",
                              i);
            return;
        }
        i = next;
    }
    asql__sqlbuf_keywordn(b, s + run, n - run);
}
