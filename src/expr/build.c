/* SPDX-License-Identifier: MIT */
/*
 * build.c - expression nodes: column references, values (typed and untyped), placeholders,
 * operators, functions, labels and ordering terms. Untyped values meeting a typed expression take
 * its type here, at build time, so that compiling never converts anything.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"
#include "expr/value.h"

/* --- type adoption -------------------------------------------------------------------------- */

asql_expr *asql__adopt_type(asql_stmt *q, asql_expr *v, asql_type type, const char *what)
{
    char buf[ASQL__COERCE_BUF];
    asql_status st;
    asql_expr *n;

    if (!(v->flags & ASQL__F_UNTYPED) || type.kind == ASQL_TYPE_UNKNOWN)
        return v;
    n = asql__node_new(q, (asql__node_kind)v->kind);
    if (!n)
        return asql__error_node();
    *n = *v;
    n->flags &= (unsigned char)~ASQL__F_UNTYPED;
    n->type = type;
    if (v->kind != ASQL__N_VALUE)
        return n;
    st = asql__value_coerce(&n->u.value, &v->u.value, type, buf, sizeof buf);
    if (st != ASQL_OK) {
        asql__stmt_fail(q, st, "value for %s does not fit its type %s (%s)", what,
                        asql_type_name(type.kind), asql_status_str(st));
        return asql__error_node();
    }
    if (n->u.value.u.bytes.ptr == buf && !n->u.value.is_null) {
        char *copy = asql__arena_strndup(&q->arena, buf, n->u.value.u.bytes.len);
        if (!copy) {
            asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
            return asql__error_node();
        }
        n->u.value.u.bytes.ptr = copy;
    }
    n->type = n->u.value.type;
    return n;
}

/* Describes the typed side of a pair for error messages: "column \"x\"" or "an expression". */
static const char *describe(const asql_expr *typed, char *buf, size_t size)
{
    const asql_expr *e = typed;

    while (e->kind == ASQL__N_LABEL)
        e = e->u.list.e;
    if (e->kind == ASQL__N_COLUMN) {
        snprintf(buf, size, "column \"%s\"", e->u.column->name);
        return buf;
    }
    return "an expression";
}

/* Gives the untyped one of a and b the type of the other one. */
static void adopt_pair(asql_stmt *q, asql_expr **a, asql_expr **b)
{
    char what[160];

    if (((*b)->flags & ASQL__F_UNTYPED) && !((*a)->flags & ASQL__F_UNTYPED))
        *b = asql__adopt_type(q, *b, (*a)->type, describe(*a, what, sizeof what));
    else if (((*a)->flags & ASQL__F_UNTYPED) && !((*b)->flags & ASQL__F_UNTYPED))
        *a = asql__adopt_type(q, *a, (*b)->type, describe(*b, what, sizeof what));
}

/* --- columns, values, placeholders ------------------------------------------------------- */

asql_expr *asql_col(asql_stmt *q, const asql_column *column)
{
    asql_expr *e;

    if (!asql__stmt_ok(q))
        return asql__error_node();
    if (!column || !column->table || !column->name) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_col: column is NULL or not declared in a table");
        return asql__error_node();
    }
    e = asql__node_new(q, ASQL__N_COLUMN);
    if (!e)
        return asql__error_node();
    e->u.column = column;
    e->type = column->type;
    return e;
}

static asql_expr *value_node(asql_stmt *q, asql_type_kind kind, unsigned flags)
{
    asql_expr *e;

    if (!asql__stmt_ok(q))
        return NULL;
    e = asql__node_new(q, ASQL__N_VALUE);
    if (!e)
        return NULL;
    e->flags = (unsigned char)flags;
    e->type.kind = kind;
    e->u.value.type = e->type;
    return e;
}

asql_expr *asql_null(asql_stmt *q)
{
    asql_expr *e = value_node(q, ASQL_TYPE_UNKNOWN, ASQL__F_UNTYPED);

    if (!e)
        return asql__error_node();
    e->u.value.is_null = 1;
    return e;
}

static asql_expr *int_value(asql_stmt *q, asql_type_kind kind, int64_t v, unsigned flags)
{
    asql_expr *e = value_node(q, kind, flags);

    if (!e)
        return asql__error_node();
    e->u.value.u.i64 = v;
    return e;
}

asql_expr *asql_smallint(asql_stmt *q, int16_t v)
{
    return int_value(q, ASQL_TYPE_SMALLINT, v, 0);
}

asql_expr *asql_int(asql_stmt *q, int32_t v)
{
    return int_value(q, ASQL_TYPE_INTEGER, v, 0);
}

asql_expr *asql_bigint(asql_stmt *q, int64_t v)
{
    return int_value(q, ASQL_TYPE_BIGINT, v, 0);
}

asql_expr *asql_bool(asql_stmt *q, bool v)
{
    return int_value(q, ASQL_TYPE_BOOLEAN, v ? 1 : 0, 0);
}

static asql_expr *double_value(asql_stmt *q, asql_type_kind kind, double v, unsigned flags)
{
    asql_expr *e = value_node(q, kind, flags);

    if (!e)
        return asql__error_node();
    e->u.value.u.f64 = v;
    return e;
}

asql_expr *asql_float(asql_stmt *q, float v)
{
    return double_value(q, ASQL_TYPE_FLOAT, v, 0);
}

asql_expr *asql_double(asql_stmt *q, double v)
{
    return double_value(q, ASQL_TYPE_DOUBLE, v, 0);
}

/* A value carried as bytes; copied into the arena unless `borrow`. */
static asql_expr *bytes_value(asql_stmt *q, asql_type_kind kind, const void *p, size_t len,
                              int borrow, unsigned flags, const char *fn)
{
    asql_expr *e;

    if (!asql__stmt_ok(q))
        return asql__error_node();
    if (!p && len) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: data is NULL", fn);
        return asql__error_node();
    }
    e = value_node(q, kind, flags);
    if (!e)
        return asql__error_node();
    if (!borrow) {
        p = asql__arena_strndup(&q->arena, p ? p : "", len);
        if (!p) {
            asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
            return asql__error_node();
        }
    }
    e->u.value.u.bytes.ptr = p ? p : "";
    e->u.value.u.bytes.len = len;
    return e;
}

/* A NUL-terminated string argument, or EINVAL recorded. */
static int str_arg(asql_stmt *q, const char *s, const char *fn)
{
    if (!asql__stmt_ok(q))
        return 0;
    if (!s) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: string is NULL", fn);
        return 0;
    }
    return 1;
}

asql_expr *asql_numeric(asql_stmt *q, const char *decimal)
{
    if (!str_arg(q, decimal, "asql_numeric"))
        return asql__error_node();
    if (!asql__numeric_valid(decimal, strlen(decimal))) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_numeric: not decimal text (want [-+]digits[.digits])");
        return asql__error_node();
    }
    return bytes_value(q, ASQL_TYPE_NUMERIC, decimal, strlen(decimal), 0, 0, "asql_numeric");
}

asql_expr *asql_str(asql_stmt *q, const char *s)
{
    if (!str_arg(q, s, "asql_str"))
        return asql__error_node();
    return bytes_value(q, ASQL_TYPE_TEXT, s, strlen(s), 0, 0, "asql_str");
}

asql_expr *asql_strn(asql_stmt *q, const char *s, size_t len)
{
    return bytes_value(q, ASQL_TYPE_TEXT, s, len, 0, 0, "asql_strn");
}

asql_expr *asql_str_ref(asql_stmt *q, const char *s)
{
    if (!str_arg(q, s, "asql_str_ref"))
        return asql__error_node();
    return bytes_value(q, ASQL_TYPE_TEXT, s, strlen(s), 1, 0, "asql_str_ref");
}

asql_expr *asql_blob(asql_stmt *q, const void *bytes, size_t len)
{
    return bytes_value(q, ASQL_TYPE_BLOB, bytes, len, 0, 0, "asql_blob");
}

asql_expr *asql_blob_ref(asql_stmt *q, const void *bytes, size_t len)
{
    return bytes_value(q, ASQL_TYPE_BLOB, bytes, len, 1, 0, "asql_blob_ref");
}

asql_expr *asql_json(asql_stmt *q, const char *json)
{
    if (!str_arg(q, json, "asql_json"))
        return asql__error_node();
    return bytes_value(q, ASQL_TYPE_JSON, json, strlen(json), 0, 0, "asql_json");
}

static asql_expr *dt_value(asql_stmt *q, asql_type_kind kind, int tz, asql_datetime v)
{
    asql_expr *e = value_node(q, kind, 0);

    if (!e)
        return asql__error_node();
    e->type.timezone = (unsigned char)tz;
    e->u.value.type = e->type;
    e->u.value.u.dt = v;
    return e;
}

asql_expr *asql_date(asql_stmt *q, asql_datetime v)
{
    return dt_value(q, ASQL_TYPE_DATE, 0, v);
}

asql_expr *asql_time(asql_stmt *q, asql_datetime v)
{
    return dt_value(q, ASQL_TYPE_TIME, 0, v);
}

asql_expr *asql_datetime_value(asql_stmt *q, asql_datetime v)
{
    return dt_value(q, ASQL_TYPE_DATETIME, 0, v);
}

asql_expr *asql_datetime_tz(asql_stmt *q, asql_datetime v)
{
    return dt_value(q, ASQL_TYPE_DATETIME, 1, v);
}

asql_expr *asql_uuid(asql_stmt *q, const unsigned char bytes[16])
{
    asql_expr *e;

    if (!asql__stmt_ok(q))
        return asql__error_node();
    if (!bytes) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_uuid: bytes are NULL");
        return asql__error_node();
    }
    e = value_node(q, ASQL_TYPE_UUID, 0);
    if (!e)
        return asql__error_node();
    memcpy(e->u.value.u.uuid, bytes, 16);
    return e;
}

asql_expr *asql_uuid_str(asql_stmt *q, const char *text)
{
    unsigned char u[16];

    if (!str_arg(q, text, "asql_uuid_str"))
        return asql__error_node();
    if (!asql__uuid_parse(text, strlen(text), u)) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "asql_uuid_str: not a UUID (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        return asql__error_node();
    }
    return asql_uuid(q, u);
}

asql_expr *asql_value_expr(asql_stmt *q, const asql_value *v)
{
    asql_expr *e;
    asql_type_kind k;

    if (!asql__stmt_ok(q))
        return asql__error_node();
    if (!v || (unsigned)v->type.kind > ASQL_TYPE_UUID) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_value_expr: value is NULL or of no known type");
        return asql__error_node();
    }
    k = v->type.kind;
    if (!v->is_null && (asql__type_is_text(k) || k == ASQL_TYPE_NUMERIC || k == ASQL_TYPE_BLOB)) {
        if (k == ASQL_TYPE_NUMERIC && !asql__numeric_valid(v->u.bytes.ptr, v->u.bytes.len)) {
            asql__stmt_fail(q, ASQL_EINVAL, "asql_value_expr: NUMERIC value is not decimal text");
            return asql__error_node();
        }
        e = bytes_value(q, k, v->u.bytes.ptr, v->u.bytes.len, 0, 0, "asql_value_expr");
        if (e->kind == ASQL__N_ERROR)
            return e;
    } else {
        e = value_node(q, k, 0);
        if (!e)
            return asql__error_node();
        e->u.value = *v;
    }
    e->type = v->type;
    e->u.value.type = v->type;
    e->u.value.is_null = v->is_null ? 1 : 0;
    return e;
}

asql_expr *asql_lit_int(asql_stmt *q, long long v)
{
    return int_value(q, ASQL_TYPE_BIGINT, v, ASQL__F_UNTYPED);
}

asql_expr *asql_lit_uint(asql_stmt *q, unsigned long long v)
{
    if (asql__stmt_ok(q) && v > INT64_MAX) {
        asql__stmt_fail(q, ASQL_ERANGE, "asql_lit_uint: value does not fit a signed 64-bit integer");
        return asql__error_node();
    }
    return int_value(q, ASQL_TYPE_BIGINT, (int64_t)v, ASQL__F_UNTYPED);
}

asql_expr *asql_lit_double(asql_stmt *q, double v)
{
    return double_value(q, ASQL_TYPE_DOUBLE, v, ASQL__F_UNTYPED);
}

asql_expr *asql_lit_str(asql_stmt *q, const char *s)
{
    if (!str_arg(q, s, "asql_lit_str"))
        return asql__error_node();
    return bytes_value(q, ASQL_TYPE_TEXT, s, strlen(s), 0, ASQL__F_UNTYPED, "asql_lit_str");
}

asql_expr *asql_param(asql_stmt *q, const char *name)
{
    asql_expr *e;

    if (!asql__stmt_ok(q))
        return asql__error_node();
    if (!asql__name_ok(name)) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_param: bad name (want [A-Za-z_][A-Za-z0-9_]*)");
        return asql__error_node();
    }
    e = asql__node_new(q, ASQL__N_PARAM);
    if (!e)
        return asql__error_node();
    e->flags = ASQL__F_UNTYPED;
    e->u.param = asql__arena_strndup(&q->arena, name, strlen(name));
    if (!e->u.param) {
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
        return asql__error_node();
    }
    return e;
}

/* --- operators ---------------------------------------------------------------------------- */

static asql_expr *unary(asql_stmt *q, asql__op op, asql_expr *a, const char *fn)
{
    asql_expr *e;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, a, fn))
        return asql__error_node();
    e = asql__node_new(q, ASQL__N_UNARY);
    if (!e)
        return asql__error_node();
    e->op = (unsigned char)op;
    e->u.ops.a = a;
    if (op == ASQL__OP_NEG || op == ASQL__OP_ASC || op == ASQL__OP_DESC)
        e->type = a->type;
    else
        e->type.kind = ASQL_TYPE_BOOLEAN;
    return e;
}

static int is_null_value(const asql_expr *e)
{
    return e->kind == ASQL__N_VALUE && e->u.value.is_null;
}

static asql_expr *binary(asql_stmt *q, asql__op op, asql_expr *a, asql_expr *b, const char *fn)
{
    asql_expr *e;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, a, fn) || !asql__expr_ok(q, b, fn))
        return asql__error_node();
    if (op == ASQL__OP_EQ || op == ASQL__OP_NE) {
        /* `x = NULL` is never true in SQL: write what the program means. */
        asql__op nop = op == ASQL__OP_EQ ? ASQL__OP_IS_NULL : ASQL__OP_IS_NOT_NULL;
        if (is_null_value(b))
            return unary(q, nop, a, fn);
        if (is_null_value(a))
            return unary(q, nop, b, fn);
    }
    if (op < ASQL__OP_LIKE || op > ASQL__OP_NOT_ILIKE) {
        adopt_pair(q, &a, &b);
    } else if (a->type.kind == ASQL_TYPE_STRING || a->type.kind == ASQL_TYPE_TEXT) {
        /* A LIKE pattern takes the type of a text column only. */
        adopt_pair(q, &a, &b);
    }
    if (!asql__stmt_ok(q))
        return asql__error_node();
    e = asql__node_new(q, ASQL__N_BINARY);
    if (!e)
        return asql__error_node();
    e->op = (unsigned char)op;
    e->u.ops.a = a;
    e->u.ops.b = b;
    if (op >= ASQL__OP_ADD && op <= ASQL__OP_CONCAT)
        e->type = a->type.kind != ASQL_TYPE_UNKNOWN && !(a->flags & ASQL__F_UNTYPED) ? a->type
                                                                                    : b->type;
    else
        e->type.kind = ASQL_TYPE_BOOLEAN;
    if (op == ASQL__OP_CONCAT && e->type.kind == ASQL_TYPE_UNKNOWN)
        e->type.kind = ASQL_TYPE_TEXT;
    return e;
}

asql_expr *(asql_eq)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_EQ, a, b, "asql_eq");
}

asql_expr *(asql_ne)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_NE, a, b, "asql_ne");
}

asql_expr *(asql_lt)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_LT, a, b, "asql_lt");
}

asql_expr *(asql_le)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_LE, a, b, "asql_le");
}

asql_expr *(asql_gt)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_GT, a, b, "asql_gt");
}

asql_expr *(asql_ge)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_GE, a, b, "asql_ge");
}

asql_expr *asql_and(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_AND, a, b, "asql_and");
}

asql_expr *asql_or(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_OR, a, b, "asql_or");
}

asql_expr *(asql_not)(asql_stmt *q, asql_expr *a)
{
    return unary(q, ASQL__OP_NOT, a, "asql_not");
}

/* e IN (items) with each item given the type of e. */
static asql_expr *in_list(asql_stmt *q, asql__op op, asql_expr *e, size_t n,
                          asql_expr *const *items, const char *fn)
{
    asql_expr *node, **copy = NULL;
    size_t i;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, fn))
        return asql__error_node();
    if (n && !items) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: item array is NULL", fn);
        return asql__error_node();
    }
    if (n) {
        if (n > SIZE_MAX / sizeof *copy) {
            asql__stmt_fail(q, ASQL_EINVAL, "%s: too many items", fn);
            return asql__error_node();
        }
        copy = asql__stmt_alloc(q, n * sizeof *copy);
        if (!copy)
            return asql__error_node();
    }
    for (i = 0; i < n; i++) {
        asql_expr *a = e, *b = items[i];
        if (!asql__expr_ok(q, b, fn))
            return asql__error_node();
        adopt_pair(q, &a, &b);
        if (!asql__stmt_ok(q))
            return asql__error_node();
        copy[i] = b;
    }
    node = asql__node_new(q, ASQL__N_IN);
    if (!node)
        return asql__error_node();
    node->op = (unsigned char)op;
    node->type.kind = ASQL_TYPE_BOOLEAN;
    node->u.list.e = e;
    node->u.list.items = copy;
    node->u.list.n = n;
    return node;
}

asql_expr *(asql_in)(asql_stmt *q, asql_expr *e, size_t n_items, asql_expr *const *items)
{
    return in_list(q, ASQL__OP_IN, e, n_items, items, "asql_in");
}

asql_expr *(asql_not_in)(asql_stmt *q, asql_expr *e, size_t n_items, asql_expr *const *items)
{
    return in_list(q, ASQL__OP_NOT_IN, e, n_items, items, "asql_not_in");
}

/* IN over C values: the literals go in a temporary array in the arena. */
static asql_expr **literal_items(asql_stmt *q, size_t n, const void *vs, int strings,
                                 const char *fn)
{
    asql_expr **items;
    size_t i;

    if (!asql__stmt_ok(q))
        return NULL;
    if (n && !vs) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: value array is NULL", fn);
        return NULL;
    }
    if (n > SIZE_MAX / sizeof *items) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: too many items", fn);
        return NULL;
    }
    items = asql__stmt_alloc(q, (n ? n : 1) * sizeof *items);
    if (!items)
        return NULL;
    for (i = 0; i < n; i++) {
        if (strings)
            items[i] = asql_lit_str(q, ((const char *const *)vs)[i]);
        else
            items[i] = asql_lit_int(q, ((const long long *)vs)[i]);
    }
    return asql__stmt_ok(q) ? items : NULL;
}

asql_expr *(asql_in_ints)(asql_stmt *q, asql_expr *e, size_t n, const long long *vs)
{
    asql_expr **items = literal_items(q, n, vs, 0, "asql_in_ints");

    return items ? in_list(q, ASQL__OP_IN, e, n, items, "asql_in_ints") : asql__error_node();
}

asql_expr *(asql_in_strs)(asql_stmt *q, asql_expr *e, size_t n, const char *const *vs)
{
    asql_expr **items = literal_items(q, n, vs, 1, "asql_in_strs");

    return items ? in_list(q, ASQL__OP_IN, e, n, items, "asql_in_strs") : asql__error_node();
}

asql_expr *(asql_between)(asql_stmt *q, asql_expr *e, asql_expr *low, asql_expr *high)
{
    asql_expr *node, *a = e, *b = e;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, "asql_between") ||
        !asql__expr_ok(q, low, "asql_between") || !asql__expr_ok(q, high, "asql_between"))
        return asql__error_node();
    adopt_pair(q, &a, &low);
    adopt_pair(q, &b, &high);
    if (!asql__stmt_ok(q))
        return asql__error_node();
    node = asql__node_new(q, ASQL__N_BETWEEN);
    if (!node)
        return asql__error_node();
    node->type.kind = ASQL_TYPE_BOOLEAN;
    node->u.ops.a = e;
    node->u.ops.b = low;
    node->u.ops.c = high;
    return node;
}

asql_expr *(asql_like)(asql_stmt *q, asql_expr *e, asql_expr *pattern)
{
    return binary(q, ASQL__OP_LIKE, e, pattern, "asql_like");
}

asql_expr *(asql_not_like)(asql_stmt *q, asql_expr *e, asql_expr *pattern)
{
    return binary(q, ASQL__OP_NOT_LIKE, e, pattern, "asql_not_like");
}

asql_expr *(asql_ilike)(asql_stmt *q, asql_expr *e, asql_expr *pattern)
{
    return binary(q, ASQL__OP_ILIKE, e, pattern, "asql_ilike");
}

asql_expr *(asql_not_ilike)(asql_stmt *q, asql_expr *e, asql_expr *pattern)
{
    return binary(q, ASQL__OP_NOT_ILIKE, e, pattern, "asql_not_ilike");
}

/*
 * LIKE with a pattern made of `text` with its wildcards and the escape character escaped, and
 * `%` added before and/or after.
 */
static asql_expr *like_escaped(asql_stmt *q, asql_expr *e, const char *text, int lead, int trail,
                               const char *fn)
{
    size_t len, i, o = 0;
    char *pat;
    asql_expr *p, *node;

    if (!str_arg(q, text, fn) || !asql__expr_ok(q, e, fn))
        return asql__error_node();
    len = strlen(text);
    if (len > (SIZE_MAX - 3) / 2) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: text too long", fn);
        return asql__error_node();
    }
    pat = asql__stmt_alloc(q, 2 * len + 3);
    if (!pat)
        return asql__error_node();
    if (lead)
        pat[o++] = '%';
    for (i = 0; i < len; i++) {
        if (text[i] == '%' || text[i] == '_' || text[i] == ASQL__LIKE_ESCAPE)
            pat[o++] = ASQL__LIKE_ESCAPE;
        pat[o++] = text[i];
    }
    if (trail)
        pat[o++] = '%';
    pat[o] = '\0';
    p = bytes_value(q, ASQL_TYPE_TEXT, pat, o, 1, 0, fn);
    if (p->kind == ASQL__N_ERROR)
        return p;
    if (e->type.kind == ASQL_TYPE_STRING || e->type.kind == ASQL_TYPE_TEXT) {
        p->type = e->type;
        p->u.value.type = e->type;
    }
    node = binary(q, ASQL__OP_LIKE, e, p, fn);
    if (node->kind != ASQL__N_ERROR)
        node->flags |= ASQL__F_ESCAPE;
    return node;
}

asql_expr *(asql_startswith)(asql_stmt *q, asql_expr *e, const char *text)
{
    return like_escaped(q, e, text, 0, 1, "asql_startswith");
}

asql_expr *(asql_endswith)(asql_stmt *q, asql_expr *e, const char *text)
{
    return like_escaped(q, e, text, 1, 0, "asql_endswith");
}

asql_expr *(asql_contains)(asql_stmt *q, asql_expr *e, const char *text)
{
    return like_escaped(q, e, text, 1, 1, "asql_contains");
}

asql_expr *(asql_is_null)(asql_stmt *q, asql_expr *e)
{
    return unary(q, ASQL__OP_IS_NULL, e, "asql_is_null");
}

asql_expr *(asql_is_not_null)(asql_stmt *q, asql_expr *e)
{
    return unary(q, ASQL__OP_IS_NOT_NULL, e, "asql_is_not_null");
}

asql_expr *(asql_add)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_ADD, a, b, "asql_add");
}

asql_expr *(asql_sub)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_SUB, a, b, "asql_sub");
}

asql_expr *(asql_mul)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_MUL, a, b, "asql_mul");
}

asql_expr *(asql_div)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_DIV, a, b, "asql_div");
}

asql_expr *(asql_mod)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_MOD, a, b, "asql_mod");
}

asql_expr *(asql_neg)(asql_stmt *q, asql_expr *a)
{
    return unary(q, ASQL__OP_NEG, a, "asql_neg");
}

asql_expr *(asql_concat)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    return binary(q, ASQL__OP_CONCAT, a, b, "asql_concat");
}

/* --- functions, labels, ordering ---------------------------------------------------------- */

/* 1 for a function name: [A-Za-z_][A-Za-z0-9_.]*. */
static int func_name_ok(const char *s)
{
    size_t i;

    if (!s || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    for (i = 1; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.'))
            return 0;
    return 1;
}

/* A function call; `name` is static text from our code unless `copy_name`. */
static asql_expr *func(asql_stmt *q, const char *name, int copy_name, size_t n,
                       asql_expr *const *args, const char *fn)
{
    asql_expr *e, **copy = NULL;
    size_t i;

    if (!asql__stmt_ok(q))
        return asql__error_node();
    if (!func_name_ok(name)) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: bad function name (want [A-Za-z_][A-Za-z0-9_.]*)",
                        fn);
        return asql__error_node();
    }
    if (n && !args) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: argument array is NULL", fn);
        return asql__error_node();
    }
    for (i = 0; i < n; i++)
        if (!asql__expr_ok(q, args[i], fn))
            return asql__error_node();
    if (n) {
        if (n > SIZE_MAX / sizeof *copy) {
            asql__stmt_fail(q, ASQL_EINVAL, "%s: too many arguments", fn);
            return asql__error_node();
        }
        copy = asql__stmt_alloc(q, n * sizeof *copy);
        if (!copy)
            return asql__error_node();
        memcpy(copy, args, n * sizeof *copy);
    }
    e = asql__node_new(q, ASQL__N_FUNC);
    if (!e)
        return asql__error_node();
    if (copy_name && !(name = asql__arena_strndup(&q->arena, name, strlen(name)))) {
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
        return asql__error_node();
    }
    e->u.list.name = name;
    e->u.list.items = copy;
    e->u.list.n = n;
    return e;
}

asql_expr *asql_func(asql_stmt *q, const char *name, size_t n_args, asql_expr *const *args)
{
    return func(q, name, 1, n_args, args, "asql_func");
}

asql_expr *asql_count(asql_stmt *q, asql_expr *e)
{
    asql_expr *node = func(q, "count", 0, e ? 1 : 0, e ? &e : NULL, "asql_count");

    if (node->kind == ASQL__N_FUNC) {
        node->type.kind = ASQL_TYPE_BIGINT;
        if (!e)
            node->op = ASQL__OP_COUNT_STAR;
    }
    return node;
}

/* A one-argument function whose type is its argument's (when `typed`). */
static asql_expr *func1(asql_stmt *q, const char *name, asql_expr *a, int typed, const char *fn)
{
    asql_expr *node;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, a, fn))
        return asql__error_node();
    node = func(q, name, 0, 1, &a, fn);
    if (node->kind == ASQL__N_FUNC && typed)
        node->type = a->type;
    return node;
}

asql_expr *(asql_sum)(asql_stmt *q, asql_expr *e)
{
    return func1(q, "sum", e, 1, "asql_sum");
}

asql_expr *(asql_avg)(asql_stmt *q, asql_expr *e)
{
    return func1(q, "avg", e, 0, "asql_avg");
}

asql_expr *(asql_min)(asql_stmt *q, asql_expr *e)
{
    return func1(q, "min", e, 1, "asql_min");
}

asql_expr *(asql_max)(asql_stmt *q, asql_expr *e)
{
    return func1(q, "max", e, 1, "asql_max");
}

asql_expr *(asql_lower)(asql_stmt *q, asql_expr *e)
{
    return func1(q, "lower", e, 1, "asql_lower");
}

asql_expr *(asql_upper)(asql_stmt *q, asql_expr *e)
{
    return func1(q, "upper", e, 1, "asql_upper");
}

asql_expr *(asql_coalesce)(asql_stmt *q, asql_expr *a, asql_expr *b)
{
    asql_expr *args[2], *node;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, a, "asql_coalesce") ||
        !asql__expr_ok(q, b, "asql_coalesce"))
        return asql__error_node();
    adopt_pair(q, &a, &b);
    args[0] = a;
    args[1] = b;
    node = func(q, "coalesce", 0, 2, args, "asql_coalesce");
    if (node->kind == ASQL__N_FUNC)
        node->type = a->type.kind != ASQL_TYPE_UNKNOWN ? a->type : b->type;
    return node;
}

asql_expr *asql_now(asql_stmt *q)
{
    asql_expr *e = func(q, "now", 0, 0, NULL, "asql_now");

    if (e->kind == ASQL__N_FUNC) {
        e->op = ASQL__OP_NOW;
        e->type.kind = ASQL_TYPE_DATETIME;
        e->type.timezone = 1;
    }
    return e;
}

asql_expr *(asql_label)(asql_stmt *q, asql_expr *e, const char *name)
{
    asql_expr *node;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, "asql_label"))
        return asql__error_node();
    if (!name || !name[0]) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_label: name is NULL or empty");
        return asql__error_node();
    }
    node = asql__node_new(q, ASQL__N_LABEL);
    if (!node)
        return asql__error_node();
    node->type = e->type;
    node->flags = e->flags & ASQL__F_UNTYPED;
    node->u.list.e = e;
    node->u.list.name = asql__arena_strndup(&q->arena, name, strlen(name));
    if (!node->u.list.name) {
        asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
        return asql__error_node();
    }
    return node;
}

asql_expr *(asql_asc)(asql_stmt *q, asql_expr *e)
{
    return unary(q, ASQL__OP_ASC, e, "asql_asc");
}

asql_expr *(asql_desc)(asql_stmt *q, asql_expr *e)
{
    return unary(q, ASQL__OP_DESC, e, "asql_desc");
}

/* --- C11 convenience helpers ---------------------------------------------------------------- */

asql_expr *asql__e_expr(asql_stmt *q, asql_expr *e)
{
    (void)q;
    return e;
}

asql_expr *asql__e_mcol(asql_stmt *q, asql_column *c)
{
    return asql_col(q, c);
}

asql_expr *asql__e_bool(asql_stmt *q, _Bool b)
{
    return asql_bool(q, b);
}

asql_expr *asql__e_mstr(asql_stmt *q, char *s)
{
    return asql_lit_str(q, s);
}

asql_expr *asql__e_null(asql_stmt *q, void *must_be_null)
{
    if (must_be_null) {
        asql__stmt_fail(q, ASQL_EINVAL, "a non-NULL void pointer was given as an expression");
        return asql__error_node();
    }
    return asql_null(q);
}
