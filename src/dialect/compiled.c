/* SPDX-License-Identifier: MIT */
/*
 * compiled.c - asql_compiled: building it in one allocation from the SQL buffer, its public
 * accessors, and asql_compiled_debug_sql(), the one place where values are written as literals
 * (for logs, never executed).
 */
#include <inttypes.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "dialect/compiled.h"
#include "expr/alloc.h"
#include "expr/value.h"

/* Rounds a part of the single allocation up so the next part is aligned for any type. */
static size_t align_size(size_t n)
{
    size_t a = alignof(max_align_t);
    return (n + a - 1) / a * a;
}

/* 1 for a value carried as bytes (text, JSON, NUMERIC, blob), which the copy must hold too. */
static int value_has_bytes(const asql_value *v)
{
    switch (v->type.kind) {
    case ASQL_TYPE_UNKNOWN:
    case ASQL_TYPE_STRING:
    case ASQL_TYPE_TEXT:
    case ASQL_TYPE_JSON:
    case ASQL_TYPE_NUMERIC:
    case ASQL_TYPE_BLOB:
        return !v->is_null;
    default:
        return 0;
    }
}

/*
 * 1 when result column `col` is named after its declared column: the name is then borrowed
 * from the table declaration, static data the compiled statement points at anyway.
 */
static int name_is_declared(const asql__ccol *col)
{
    return col->column && col->name == col->column->name;
}

asql_status asql__compiled_build(asql_compiled **out, const asql__sqlbuf *b,
                                 const asql__compile_info *info)
{
    size_t strings = b->len + 1, size, i;
    asql__cparam *params;
    asql__ccol *cols;
    asql__mark *marks;
    asql_compiled *c;
    char *s;

    for (i = 0; i < (size_t)b->n_params; i++) {
        const asql__pref *p = &b->params[i];
        if (p->name)
            strings += p->name_len + 1;
        if (p->value && value_has_bytes(p->value))
            strings += p->value->u.bytes.len + 1;
    }
    for (i = 0; i < (size_t)info->n_columns; i++)
        if (!name_is_declared(&info->columns[i]))
            strings += strlen(info->columns[i].name) + 1;
    size = align_size(sizeof *c) + align_size((size_t)b->n_params * sizeof *params) +
           align_size((size_t)info->n_columns * sizeof *cols) +
           align_size((size_t)b->n_marks * sizeof *marks) + strings;
    c = asql__malloc(size);
    if (!c)
        return ASQL_ENOMEM;
    params = (asql__cparam *)((char *)c + align_size(sizeof *c));
    cols = (asql__ccol *)((char *)params + align_size((size_t)b->n_params * sizeof *params));
    marks = (asql__mark *)((char *)cols + align_size((size_t)info->n_columns * sizeof *cols));
    s = (char *)marks + align_size((size_t)b->n_marks * sizeof *marks);

    c->dialect = b->d;
    c->kind = info->kind;
    c->returns_rows = info->returns_rows;
    c->implicit_returning = info->implicit_returning;
    c->autoincrement_key = info->autoincrement_key;
    memcpy(s, b->text, b->len + 1);
    c->sql = s;
    c->sql_len = b->len;
    s += b->len + 1;
    for (i = 0; i < (size_t)b->n_params; i++) {
        const asql__pref *p = &b->params[i];
        asql__cparam *cp = &params[i];
        cp->name = NULL;
        if (p->name) {
            memcpy(s, p->name, p->name_len);
            s[p->name_len] = '\0';
            cp->name = s;
            s += p->name_len + 1;
        }
        cp->has_value = p->value != NULL;
        if (p->value) {
            cp->value = *p->value;
            if (value_has_bytes(p->value)) {
                size_t n = p->value->u.bytes.len;
                if (n)
                    memcpy(s, p->value->u.bytes.ptr, n);
                s[n] = '\0';
                cp->value.u.bytes.ptr = s;
                s += n + 1;
            }
        } else {
            memset(&cp->value, 0, sizeof cp->value);
        }
        cp->value.type = p->type;
    }
    for (i = 0; i < (size_t)info->n_columns; i++) {
        size_t n;
        cols[i] = info->columns[i];
        if (name_is_declared(&cols[i]))
            continue;
        n = strlen(info->columns[i].name) + 1;
        memcpy(s, info->columns[i].name, n);
        cols[i].name = s;
        s += n;
    }
    if (b->n_marks)
        memcpy(marks, b->marks, (size_t)b->n_marks * sizeof *marks);
    c->n_params = b->n_params;
    c->params = params;
    c->n_columns = info->n_columns;
    c->columns = cols;
    c->n_marks = b->n_marks;
    c->marks = marks;
    atomic_init(&c->debug_sql, NULL);
    *out = c;
    return ASQL_OK;
}

void asql_compiled_free(asql_compiled *c)
{
    if (!c)
        return;
    asql__free(atomic_load(&c->debug_sql));
    asql__free(c);
}

const asql_dialect *asql_compiled_dialect(const asql_compiled *c)
{
    return c ? c->dialect : NULL;
}

const char *asql_compiled_sql(const asql_compiled *c)
{
    return c ? c->sql : "";
}

size_t asql_compiled_sql_len(const asql_compiled *c)
{
    return c ? c->sql_len : 0;
}

int asql_compiled_n_params(const asql_compiled *c)
{
    return c ? c->n_params : 0;
}

const char *asql_compiled_param_name(const asql_compiled *c, int i)
{
    return c && i >= 0 && i < c->n_params ? c->params[i].name : NULL;
}

const asql_value *asql_compiled_param_value(const asql_compiled *c, int i)
{
    if (!c || i < 0 || i >= c->n_params || !c->params[i].has_value)
        return NULL;
    return &c->params[i].value;
}

asql_type asql_compiled_param_type(const asql_compiled *c, int i)
{
    asql_type unknown = {ASQL_TYPE_UNKNOWN, 0, 0, 0, 0};
    return c && i >= 0 && i < c->n_params ? c->params[i].value.type : unknown;
}

int asql_compiled_n_columns(const asql_compiled *c)
{
    return c ? c->n_columns : 0;
}

const char *asql_compiled_column_name(const asql_compiled *c, int i)
{
    return c && i >= 0 && i < c->n_columns ? c->columns[i].name : NULL;
}

asql_type asql_compiled_column_type(const asql_compiled *c, int i)
{
    asql_type unknown = {ASQL_TYPE_UNKNOWN, 0, 0, 0, 0};
    return c && i >= 0 && i < c->n_columns ? c->columns[i].type : unknown;
}

const asql_column *asql_compiled_column(const asql_compiled *c, int i)
{
    return c && i >= 0 && i < c->n_columns ? c->columns[i].column : NULL;
}

/* --- debug SQL ----------------------------------------------------------------------------- */

/* A growable string for the debug text; errors make it return NULL at the end. */
typedef struct dbuf {
    char *p;
    size_t len, cap;
    int failed;
} dbuf;

static void dput(dbuf *d, const char *s, size_t n)
{
    if (d->failed)
        return;
    if (d->len + n + 1 > d->cap) {
        size_t cap = d->cap ? d->cap : 256;
        char *p;
        while (cap < d->len + n + 1)
            cap *= 2;
        p = asql__realloc(d->p, cap);
        if (!p) {
            d->failed = 1;
            return;
        }
        d->p = p;
        d->cap = cap;
    }
    memcpy(d->p + d->len, s, n);
    d->len += n;
    d->p[d->len] = '\0';
}

static void dputs(dbuf *d, const char *s)
{
    dput(d, s, strlen(s));
}

/* A quoted string literal: quotes doubled, backslashes doubled where they escape, NUL as \0. */
static void dput_string(dbuf *d, const asql_dialect *dl, const char *s, size_t n)
{
    size_t i;

    int escape = 0;

    for (i = 0; i < n && dl->pg_strings; i++)
        escape |= s[i] == '\\' || s[i] == '\0';
    dputs(d, escape ? "E'" : "'");
    for (i = 0; i < n; i++) {
        if (s[i] == '\'')
            dputs(d, "''");
        else if (s[i] == '\\' && (escape || dl->backslash_strings))
            dputs(d, "\\\\");
        else if (s[i] == '\0')
            dputs(d, "\\0");
        else
            dput(d, &s[i], 1);
    }
    dputs(d, "'");
}

/* A value as a literal of the dialect: for logs only, never executed. */
static void dput_value(dbuf *d, const asql_dialect *dl, const asql_value *v)
{
    char tmp[64];
    int y, mo, da, h, mi, se, us;
    size_t i;

    if (v->is_null) {
        dputs(d, "NULL");
        return;
    }
    switch (v->type.kind) {
    case ASQL_TYPE_SMALLINT:
    case ASQL_TYPE_INTEGER:
    case ASQL_TYPE_BIGINT:
        snprintf(tmp, sizeof tmp, "%" PRId64, v->u.i64);
        dputs(d, tmp);
        break;
    case ASQL_TYPE_BOOLEAN:
        dputs(d, v->u.i64 ? dl->true_sql : dl->false_sql);
        break;
    case ASQL_TYPE_FLOAT:
    case ASQL_TYPE_DOUBLE:
        snprintf(tmp, sizeof tmp, "%.17g", v->u.f64);
        dputs(d, tmp);
        break;
    case ASQL_TYPE_NUMERIC:
        dput(d, v->u.bytes.ptr, v->u.bytes.len);
        break;
    case ASQL_TYPE_BLOB:
        dputs(d, "X'");
        for (i = 0; i < v->u.bytes.len; i++) {
            snprintf(tmp, sizeof tmp, "%02X", (unsigned char)v->u.bytes.ptr[i]);
            dputs(d, tmp);
        }
        dputs(d, "'");
        break;
    case ASQL_TYPE_DATE:
    case ASQL_TYPE_TIME:
    case ASQL_TYPE_DATETIME:
        asql_datetime_parts(v->u.dt, &y, &mo, &da, &h, &mi, &se, &us);
        if (v->type.kind == ASQL_TYPE_DATE)
            snprintf(tmp, sizeof tmp, "'%04d-%02d-%02d'", y, mo, da);
        else if (v->type.kind == ASQL_TYPE_TIME)
            snprintf(tmp, sizeof tmp, "'%02d:%02d:%02d.%06d'", h, mi, se, us);
        else
            snprintf(tmp, sizeof tmp, "'%04d-%02d-%02d %02d:%02d:%02d.%06d'", y, mo, da, h, mi, se,
                     us);
        dputs(d, tmp);
        break;
    case ASQL_TYPE_UUID:
        asql__uuid_format(v->u.uuid, tmp + 1);
        tmp[0] = '\'';
        strcpy(tmp + 37, "'");
        dputs(d, tmp);
        break;
    default:
        dput_string(d, dl, v->u.bytes.ptr, v->u.bytes.len);
        break;
    }
}

const char *asql_compiled_debug_sql(const asql_compiled *c)
{
    asql_compiled *mc = (asql_compiled *)c;
    char *expected = NULL;
    dbuf d = {NULL, 0, 0, 0};
    size_t pos = 0;
    int i;

    if (!c)
        return NULL;
    if ((expected = atomic_load(&mc->debug_sql)) != NULL)
        return expected;
    dput(&d, "", 0);
    for (i = 0; i < c->n_marks; i++) {
        const asql__mark *m = &c->marks[i];
        const asql__cparam *p = &c->params[m->param];
        dput(&d, c->sql + pos, m->offset - pos);
        if (p->has_value && !p->name)
            dput_value(&d, c->dialect, &p->value);
        else
            dput(&d, c->sql + m->offset, m->len);
        pos = m->offset + m->len;
    }
    dput(&d, c->sql + pos, c->sql_len - pos);
    if (d.failed) {
        asql__free(d.p);
        return NULL;
    }
    /* Another thread may have built it meanwhile: keep the first one. */
    expected = NULL;
    if (!atomic_compare_exchange_strong(&mc->debug_sql, &expected, d.p)) {
        asql__free(d.p);
        return expected;
    }
    return d.p;
}
