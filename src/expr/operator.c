/* SPDX-License-Identifier: MIT */
/*
 * operator.c - the inner nodes of expression trees: comparisons (with `= NULL` turned into
 * IS NULL), logic, IN and BETWEEN, the LIKE family with escaped patterns, arithmetic and
 * concatenation, functions, labels and ordering terms. Each gives untyped operands the type of
 * the column they meet (asql__adopt_pair). Nothing here knows how SQL spells them.
 */
#include <stdint.h>
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"

/* --- operators ---------------------------------------------------------------------------- */

/* A one-operand node; NOT and IS NULL are boolean, the others keep the operand's type. */
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

/* 1 for an SQL NULL value (asql_null or a NULL from the C11 macros). */
static int is_null_value(const asql_expr *e)
{
    return e->kind == ASQL__N_VALUE && e->u.value.is_null;
}

/*
 * A two-operand node. `x = NULL` and `x != NULL` become IS [NOT] NULL, untyped operands take
 * the other side's type (a LIKE pattern only from a text column), and arithmetic takes the type
 * of its typed operand.
 */
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
        asql__adopt_pair(q, &a, &b);
    } else if (a->type.kind == ASQL_TYPE_STRING || a->type.kind == ASQL_TYPE_TEXT) {
        /* A LIKE pattern takes the type of a text column only. */
        asql__adopt_pair(q, &a, &b);
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
        e->type =
            a->type.kind != ASQL_TYPE_UNKNOWN && !(a->flags & ASQL__F_UNTYPED) ? a->type : b->type;
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

/*
 * e IN (items) with each item given the type of e. Items of our own making (`own`) are converted
 * in place and their array kept; the program's are copied, as it may use them elsewhere.
 */
static asql_expr *in_list(asql_stmt *q, asql__op op, asql_expr *e, size_t n,
                          asql_expr *const *items, int own, const char *fn)
{
    asql_expr *node, **copy = NULL;
    size_t i;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, fn))
        return asql__error_node();
    if (n && !items) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: item array is NULL", fn);
        return asql__error_node();
    }
    if (own) {
        copy = (asql_expr **)items;
        for (i = 0; i < n; i++)
            asql__adopt_own(q, e, copy[i]);
        if (!asql__stmt_ok(q))
            return asql__error_node();
    } else if (n) {
        if (n > SIZE_MAX / sizeof *copy) {
            asql__stmt_fail(q, ASQL_EINVAL, "%s: too many items", fn);
            return asql__error_node();
        }
        copy = asql__stmt_alloc(q, n * sizeof *copy);
        if (!copy)
            return asql__error_node();
    }
    for (i = 0; i < n && !own; i++) {
        asql_expr *a = e, *b = items[i];
        if (!asql__expr_ok(q, b, fn))
            return asql__error_node();
        asql__adopt_pair(q, &a, &b);
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
    return in_list(q, ASQL__OP_IN, e, n_items, items, 0, "asql_in");
}

asql_expr *(asql_not_in)(asql_stmt *q, asql_expr *e, size_t n_items, asql_expr *const *items)
{
    return in_list(q, ASQL__OP_NOT_IN, e, n_items, items, 0, "asql_not_in");
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

    return items ? in_list(q, ASQL__OP_IN, e, n, items, 1, "asql_in_ints") : asql__error_node();
}

asql_expr *(asql_in_strs)(asql_stmt *q, asql_expr *e, size_t n, const char *const *vs)
{
    asql_expr **items = literal_items(q, n, vs, 1, "asql_in_strs");

    return items ? in_list(q, ASQL__OP_IN, e, n, items, 1, "asql_in_strs") : asql__error_node();
}

asql_expr *(asql_between)(asql_stmt *q, asql_expr *e, asql_expr *low, asql_expr *high)
{
    asql_expr *node, *a = e, *b = e;

    if (!asql__stmt_ok(q) || !asql__expr_ok(q, e, "asql_between") ||
        !asql__expr_ok(q, low, "asql_between") || !asql__expr_ok(q, high, "asql_between"))
        return asql__error_node();
    asql__adopt_pair(q, &a, &low);
    asql__adopt_pair(q, &b, &high);
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

    if (!asql__str_arg(q, text, fn) || !asql__expr_ok(q, e, fn))
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
    p = asql__bytes_value(q, ASQL_TYPE_TEXT, pat, o, 1, 0, fn);
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
        asql__stmt_fail(q, ASQL_EINVAL, "%s: bad function name (want [A-Za-z_][A-Za-z0-9_.]*)", fn);
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
    asql__adopt_pair(q, &a, &b);
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
