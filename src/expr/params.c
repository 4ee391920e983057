/* SPDX-License-Identifier: MIT */
/*
 * params.c - asql_params: the values of named placeholders for one or more executions. Each
 * value is copied; a set is a small array searched by name (statements have few parameters).
 */
#include <string.h>

#include "asql/expr.h"
#include "expr/alloc.h"
#include "expr/stmt.h"
#include "expr/value.h"

typedef struct entry {
    char *mem; /* the name, NUL, then the value's bytes: one allocation */
    asql_value value;
} entry;

typedef struct pset {
    entry *items;
    size_t n, cap;
} pset;

struct asql_params {
    pset *sets;
    size_t n, cap;
};

/* A list starts with one empty set, so setters work right away. */
asql_status asql_params_new(asql_params **out)
{
    asql_params *p;

    if (!out)
        return ASQL_EINVAL;
    *out = NULL;
    p = asql__calloc(1, sizeof *p);
    if (!p)
        return ASQL_ENOMEM;
    p->sets = asql__calloc(4, sizeof *p->sets);
    if (!p->sets) {
        asql__free(p);
        return ASQL_ENOMEM;
    }
    p->cap = 4;
    p->n = 1;
    *out = p;
    return ASQL_OK;
}

void asql_params_free(asql_params *p)
{
    size_t i, j;

    if (!p)
        return;
    for (i = 0; i < p->n; i++) {
        for (j = 0; j < p->sets[i].n; j++)
            asql__free(p->sets[i].items[j].mem);
        asql__free(p->sets[i].items);
    }
    asql__free(p->sets);
    asql__free(p);
}

/* Sets grow by doubling; each set owns its entries. */
asql_status asql_params_next(asql_params *p)
{
    if (!p)
        return ASQL_EINVAL;
    if (p->n == p->cap) {
        size_t cap = p->cap * 2;
        pset *sets;
        if (cap < p->cap || cap > SIZE_MAX / sizeof *sets)
            return ASQL_ENOMEM;
        sets = asql__realloc(p->sets, cap * sizeof *sets);
        if (!sets)
            return ASQL_ENOMEM;
        p->sets = sets;
        p->cap = cap;
    }
    memset(&p->sets[p->n], 0, sizeof p->sets[p->n]);
    p->n++;
    return ASQL_OK;
}

size_t asql_params_count(const asql_params *p)
{
    return p ? p->n : 0;
}

/* 1 when the value's payload is bytes that must be copied. */
static int has_bytes(const asql_value *v)
{
    asql_type_kind k = v->type.kind;
    return !v->is_null && (asql__type_is_text(k) || k == ASQL_TYPE_NUMERIC || k == ASQL_TYPE_BLOB);
}

/* Stores a copy of `v` under `name` in the current set, replacing an earlier value. */
static asql_status put(asql_params *p, const char *name, const asql_value *v)
{
    pset *s;
    size_t name_len, data_len, i;
    char *mem;
    entry *slot = NULL;

    if (!p || !v || !asql__name_ok(name) || (unsigned)v->type.kind > ASQL_TYPE_UUID)
        return ASQL_EINVAL;
    if (has_bytes(v) && !v->u.bytes.ptr && v->u.bytes.len)
        return ASQL_EINVAL;
    s = &p->sets[p->n - 1];
    name_len = strlen(name);
    data_len = has_bytes(v) ? v->u.bytes.len : 0;
    if (data_len > SIZE_MAX - name_len - 2)
        return ASQL_ENOMEM;
    mem = asql__malloc(name_len + 1 + data_len + 1);
    if (!mem)
        return ASQL_ENOMEM;
    memcpy(mem, name, name_len + 1);
    if (data_len)
        memcpy(mem + name_len + 1, v->u.bytes.ptr, data_len);
    mem[name_len + 1 + data_len] = '\0';
    for (i = 0; i < s->n; i++)
        if (strcmp(s->items[i].mem, name) == 0)
            slot = &s->items[i];
    if (!slot) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 8;
            entry *items = asql__realloc(s->items, cap * sizeof *items);
            if (!items) {
                asql__free(mem);
                return ASQL_ENOMEM;
            }
            s->items = items;
            s->cap = cap;
        }
        slot = &s->items[s->n++];
    } else {
        asql__free(slot->mem);
    }
    slot->mem = mem;
    slot->value = *v;
    slot->value.is_null = v->is_null ? 1 : 0;
    if (has_bytes(v))
        slot->value.u.bytes.ptr = mem + name_len + 1;
    return ASQL_OK;
}

/* The typed setters build an asql_value and store a copy through put(). */
asql_status asql_params_null(asql_params *p, const char *name)
{
    asql_value v;

    memset(&v, 0, sizeof v);
    v.is_null = 1;
    return put(p, name, &v);
}

asql_status asql_params_int(asql_params *p, const char *name, int64_t i)
{
    asql_value v;

    memset(&v, 0, sizeof v);
    v.type.kind = ASQL_TYPE_BIGINT;
    v.u.i64 = i;
    return put(p, name, &v);
}

asql_status asql_params_double(asql_params *p, const char *name, double d)
{
    asql_value v;

    memset(&v, 0, sizeof v);
    v.type.kind = ASQL_TYPE_DOUBLE;
    v.u.f64 = d;
    return put(p, name, &v);
}

asql_status asql_params_bool(asql_params *p, const char *name, bool b)
{
    asql_value v;

    memset(&v, 0, sizeof v);
    v.type.kind = ASQL_TYPE_BOOLEAN;
    v.u.i64 = b ? 1 : 0;
    return put(p, name, &v);
}

asql_status asql_params_strn(asql_params *p, const char *name, const char *s, size_t len)
{
    asql_value v;

    if (!s && len)
        return ASQL_EINVAL;
    memset(&v, 0, sizeof v);
    v.type.kind = ASQL_TYPE_TEXT;
    v.u.bytes.ptr = s ? s : "";
    v.u.bytes.len = len;
    return put(p, name, &v);
}

asql_status asql_params_str(asql_params *p, const char *name, const char *s)
{
    if (!s)
        return ASQL_EINVAL;
    return asql_params_strn(p, name, s, strlen(s));
}

asql_status asql_params_blob(asql_params *p, const char *name, const void *bytes, size_t len)
{
    asql_value v;

    if (!bytes && len)
        return ASQL_EINVAL;
    memset(&v, 0, sizeof v);
    v.type.kind = ASQL_TYPE_BLOB;
    v.u.bytes.ptr = bytes ? bytes : "";
    v.u.bytes.len = len;
    return put(p, name, &v);
}

asql_status asql_params_value(asql_params *p, const char *name, const asql_value *v)
{
    if (v && v->type.kind == ASQL_TYPE_NUMERIC && !v->is_null &&
        !asql__numeric_valid(v->u.bytes.ptr, v->u.bytes.len))
        return ASQL_EINVAL;
    return put(p, name, v);
}

/* Linear search by name: a set holds a handful of values. */
const asql_value *asql_params_get(const asql_params *p, size_t set, const char *name)
{
    const pset *s;
    size_t i;

    if (!p || !name || set >= p->n)
        return NULL;
    s = &p->sets[set];
    for (i = 0; i < s->n; i++)
        if (strcmp(s->items[i].mem, name) == 0)
            return &s->items[i].value;
    return NULL;
}
