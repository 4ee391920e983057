/* SPDX-License-Identifier: MIT */
/*
 * literal.c - the leaves of expression trees: column references, typed and untyped values and
 * named placeholders, and type adoption: an untyped value meeting a typed expression takes its
 * type here, at build time, so that compiling never converts anything. Operators are in
 * operator.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"
#include "expr/value.h"

/* --- type adoption -------------------------------------------------------------------------- */

/*
 * Converts the value of node `n` (a copy of `in`) to `type`. Returns 0 (error recorded, naming
 * `column` when given) when the value does not fit the type.
 */
static int coerce_node(asql_stmt *q, asql_expr *n, const asql_value *in, asql_type type,
                       const char *column)
{
    char buf[ASQL__COERCE_BUF];
    asql_status st = asql__value_coerce(&n->u.value, in, type, buf, sizeof buf);

    if (st != ASQL_OK) {
        if (column)
            asql__stmt_fail(q, st, "value for column \"%s\" does not fit its type %s (%s)", column,
                            asql_type_name(type.kind), asql_status_str(st));
        else
            asql__stmt_fail(q, st, "value for an expression of type %s does not fit it (%s)",
                            asql_type_name(type.kind), asql_status_str(st));
        return 0;
    }
    if (n->u.value.u.bytes.ptr == buf && !n->u.value.is_null) {
        char *copy = asql__arena_strndup(&q->arena, buf, n->u.value.u.bytes.len);
        if (!copy) {
            asql__stmt_fail(q, ASQL_ENOMEM, "out of memory while building a statement");
            return 0;
        }
        n->u.value.u.bytes.ptr = copy;
    }
    n->type = n->u.value.type;
    return 1;
}

/*
 * A converted copy is made rather than changing `v`, because the program may use one literal
 * node in several places, against columns of different types.
 */
asql_expr *asql__adopt_type(asql_stmt *q, asql_expr *v, asql_type type, const char *column)
{
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
    return coerce_node(q, n, &v->u.value, type, column) ? n : asql__error_node();
}

/* The column behind an expression (through labels), or NULL. */
static const char *column_name(const asql_expr *e)
{
    while (e->kind == ASQL__N_LABEL)
        e = e->u.list.e;
    return e->kind == ASQL__N_COLUMN ? e->u.column->name : NULL;
}

void asql__adopt_pair(asql_stmt *q, asql_expr **a, asql_expr **b)
{
    if (((*b)->flags & ASQL__F_UNTYPED) && !((*a)->flags & ASQL__F_UNTYPED))
        *b = asql__adopt_type(q, *b, (*a)->type, column_name(*a));
    else if (((*a)->flags & ASQL__F_UNTYPED) && !((*b)->flags & ASQL__F_UNTYPED))
        *a = asql__adopt_type(q, *a, (*b)->type, column_name(*b));
}

void asql__adopt_own(asql_stmt *q, const asql_expr *a, asql_expr *b)
{
    asql_value in;

    if (!(b->flags & ASQL__F_UNTYPED) || (a->flags & ASQL__F_UNTYPED) ||
        a->type.kind == ASQL_TYPE_UNKNOWN)
        return;
    b->flags &= (unsigned char)~ASQL__F_UNTYPED;
    b->type = a->type;
    if (b->kind == ASQL__N_VALUE) {
        in = b->u.value;
        coerce_node(q, b, &in, a->type, column_name(a));
    }
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
    if (column->table != q->table && column->table != q->other_table) {
        /* The compiler must then look for every table used, unless they are all in FROM. */
        if (q->other_table)
            q->many_tables = 1;
        else
            q->other_table = column->table;
        q->other_tables = 1;
    }
    return e;
}

/* A fresh value node of `kind` (NULL when the statement is unusable or out of memory). */
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

asql_expr *asql__bytes_value(asql_stmt *q, asql_type_kind kind, const void *p, size_t len,
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

int asql__str_arg(asql_stmt *q, const char *s, const char *fn)
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
    if (!asql__str_arg(q, decimal, "asql_numeric"))
        return asql__error_node();
    if (!asql__numeric_valid(decimal, strlen(decimal))) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "asql_numeric: not decimal text (want [-+]digits[.digits])");
        return asql__error_node();
    }
    return asql__bytes_value(q, ASQL_TYPE_NUMERIC, decimal, strlen(decimal), 0, 0, "asql_numeric");
}

asql_expr *asql_str(asql_stmt *q, const char *s)
{
    if (!asql__str_arg(q, s, "asql_str"))
        return asql__error_node();
    return asql__bytes_value(q, ASQL_TYPE_TEXT, s, strlen(s), 0, 0, "asql_str");
}

asql_expr *asql_strn(asql_stmt *q, const char *s, size_t len)
{
    return asql__bytes_value(q, ASQL_TYPE_TEXT, s, len, 0, 0, "asql_strn");
}

asql_expr *asql_str_ref(asql_stmt *q, const char *s)
{
    if (!asql__str_arg(q, s, "asql_str_ref"))
        return asql__error_node();
    return asql__bytes_value(q, ASQL_TYPE_TEXT, s, strlen(s), 1, 0, "asql_str_ref");
}

asql_expr *asql_blob(asql_stmt *q, const void *bytes, size_t len)
{
    return asql__bytes_value(q, ASQL_TYPE_BLOB, bytes, len, 0, 0, "asql_blob");
}

asql_expr *asql_blob_ref(asql_stmt *q, const void *bytes, size_t len)
{
    return asql__bytes_value(q, ASQL_TYPE_BLOB, bytes, len, 1, 0, "asql_blob_ref");
}

asql_expr *asql_json(asql_stmt *q, const char *json)
{
    if (!asql__str_arg(q, json, "asql_json"))
        return asql__error_node();
    return asql__bytes_value(q, ASQL_TYPE_JSON, json, strlen(json), 0, 0, "asql_json");
}

/* DATE, TIME and DATETIME share one representation; `tz` marks WITH TIME ZONE. */
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

    if (!asql__str_arg(q, text, "asql_uuid_str"))
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
        e = asql__bytes_value(q, k, v->u.bytes.ptr, v->u.bytes.len, 0, 0, "asql_value_expr");
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
        asql__stmt_fail(q, ASQL_ERANGE,
                        "asql_lit_uint: value does not fit a signed 64-bit integer");
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
    if (!asql__str_arg(q, s, "asql_lit_str"))
        return asql__error_node();
    return asql__bytes_value(q, ASQL_TYPE_TEXT, s, strlen(s), 0, ASQL__F_UNTYPED, "asql_lit_str");
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
