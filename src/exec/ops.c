/* SPDX-License-Identifier: MIT */
/*
 * ops.c - the public operations (execute, execute_many, fetch_all, fetch_one, fetch_val,
 * iterate): each compiles its statement for the target's dialect, resolves and copies the
 * parameter values (coerced to each placeholder's declared type), and hands a self-contained
 * query to op.c. After it returns, nothing of the caller's memory is used.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dialect/compiled.h"
#include "exec/core.h"
#include "expr/value.h"

/* Bytes of the values copied for one operation, in chunks freed together. */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
} chunk;

static void *mem_alloc(asql_op *op, size_t n)
{
    chunk *c = op->query_mem;
    n = (n + 15) & ~(size_t)15;
    if (!c || c->size - c->used < n) {
        size_t size = n > 4096 ? n : 4096;
        chunk *k = asql__malloc(sizeof(chunk) + size);
        if (!k)
            return NULL;
        k->next = c;
        k->used = 0;
        k->size = size;
        op->query_mem = c = k;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

/* Frees what prepare() built, when the op is done with it. */
static void release_query(asql_op *op)
{
    chunk *c = op->query_mem;
    while (c) {
        chunk *next = c->next;
        asql__free(c);
        c = next;
    }
    op->query_mem = NULL;
    asql_compiled_free(op->comp);
    op->comp = NULL;
    asql__free(op->values);
    asql__free(op->decl);
    asql__free(op->decl_cols);
    asql__free(op->val_name);
    op->values = NULL;
    op->decl = NULL;
    op->decl_cols = NULL;
    op->val_name = NULL;
}

static int is_byte_kind(asql_type_kind k)
{
    return k == ASQL_TYPE_NUMERIC || k == ASQL_TYPE_STRING || k == ASQL_TYPE_TEXT ||
           k == ASQL_TYPE_JSON || k == ASQL_TYPE_BLOB || k == ASQL_TYPE_UNKNOWN;
}

/* Copies `v` into the op, bytes included. */
static asql_status copy_value(asql_op *op, asql_value *dst, const asql_value *v)
{
    *dst = *v;
    if (!v->is_null && is_byte_kind(v->type.kind)) {
        char *p = mem_alloc(op, v->u.bytes.len + 1);
        if (!p)
            return ASQL_ENOMEM;
        if (v->u.bytes.len)
            memcpy(p, v->u.bytes.ptr, v->u.bytes.len);
        p[v->u.bytes.len] = 0;
        dst->u.bytes.ptr = p;
    }
    return ASQL_OK;
}

/* Raw SQL has no statement kind: an INSERT (or REPLACE) is recognised by its first keyword. */
static int text_is_insert(const char *sql)
{
    while (*sql && isspace((unsigned char)*sql))
        sql++;
    return strncasecmp(sql, "insert", 6) == 0 || strncasecmp(sql, "replace", 7) == 0;
}

/* Compiles `q` and builds the op's self-contained query: SQL text from the compiled statement,
 * each parameter's value (a fixed one, or from `params`, coerced to the placeholder's type)
 * copied per set, and the declared result columns. Errors go to the Database's last error. */
static asql_status prepare(asql_op *op, asql_db *db, const asql_stmt *q, const asql_params *params,
                           int many)
{
    asql_error *err = &db->last_err;
    asql_status st;
    const asql_compiled *c;
    size_t sets = many && params ? asql_params_count(params) : 1;

    if (!q) {
        asql__err_set(err, ASQL_EINVAL, "no statement given");
        return ASQL_EINVAL;
    }
    if ((st = asql_compile(&op->comp, q, db->be->dialect(), err)) != ASQL_OK)
        return st;
    c = op->comp;
    int n = c->n_params;
    if (n > 0 && !(op->values = asql__calloc((size_t)n * sets, sizeof(asql_value))))
        return ASQL_ENOMEM;
    for (size_t s = 0; s < sets; s++) {
        for (int i = 0; i < n; i++) {
            const asql__cparam *p = &c->params[i];
            const asql_value *v = NULL;
            asql_value tmp;
            char buf[ASQL__COERCE_BUF];
            if (!p->name) {
                v = &p->value;
            } else {
                v = params ? asql_params_get(params, s, p->name) : NULL;
                if (!v && p->has_value)
                    v = &p->value;
                if (!v) {
                    asql__err_set(err, ASQL_EINVAL, "no value for parameter :%s", p->name);
                    return ASQL_EINVAL;
                }
                st = asql__value_coerce(&tmp, v, p->value.type, buf, sizeof(buf));
                if (st == ASQL_ENOMEM)
                    return st;
                if (st != ASQL_OK) {
                    asql__err_set(err, ASQL_EINVAL, "value for parameter :%s cannot be bound as %s",
                                  p->name, asql_type_name(p->value.type.kind));
                    return ASQL_EINVAL;
                }
                v = &tmp;
            }
            if ((st = copy_value(op, &op->values[s * (size_t)n + i], v)) != ASQL_OK)
                return st;
        }
    }
    if (c->n_columns > 0) {
        op->decl = asql__calloc((size_t)c->n_columns, sizeof(asql_type));
        op->decl_cols = asql__calloc((size_t)c->n_columns, sizeof(asql_column *));
        if (!op->decl || !op->decl_cols)
            return ASQL_ENOMEM;
        for (int i = 0; i < c->n_columns; i++) {
            op->decl[i] = c->columns[i].type;
            op->decl_cols[i] = c->columns[i].column;
        }
        op->n_decl_cols = c->n_columns;
    }
    op->q.sql = c->sql;
    op->q.sql_len = c->sql_len;
    op->q.n_params = n;
    op->q.n_sets = sets;
    op->q.values = op->values;
    op->q.n_decl = c->n_columns;
    op->q.decl = op->decl;
    if (op->kind != OP_EXECUTE && op->kind != OP_EXECUTE_MANY)
        op->q.flags |= ASQL__Q_ROWS;
    if (many)
        op->q.flags |= ASQL__Q_BATCH;
    if ((c->kind == ASQL__STMT_INSERT && (c->autoincrement_key || c->implicit_returning)) ||
        (c->kind == ASQL__STMT_TEXT && text_is_insert(c->sql)))
        op->q.flags |= ASQL__Q_INSERT_ID;
    if (op->kind == OP_FETCH_ONE || op->kind == OP_FETCH_VAL)
        op->q.max_rows = 1;
    return ASQL_OK;
}

/* The one path of every operation: check the target, build the op, queue it. */
static asql_status submit(asql_op **out, asql_target on, int kind, const asql_stmt *q,
                          const asql_params *params, int has_cb, void *data, asql_op **built)
{
    asql_db *db;
    asql_conn *pin;
    asql_status st;
    asql_op *op;

    if (out)
        *out = NULL;
    if (!has_cb)
        return ASQL_EINVAL;
    if ((st = asql__op_target(on, &db, &pin)) != ASQL_OK)
        return st;
    if (!(op = asql__op_new(db, kind))) {
        asql__err_set(&db->last_err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    op->release_query = release_query;
    op->pin_hint = pin;
    op->data = data;
    if ((st = prepare(op, db, q, params, kind == OP_EXECUTE_MANY)) != ASQL_OK) {
        if (st == ASQL_ENOMEM)
            asql__err_set(&db->last_err, ASQL_ENOMEM, "out of memory");
        asql__op_destroy(op);
        return st;
    }
    *built = op;
    return ASQL_OK;
}

/* The operations whose callback takes the whole result: execute, execute_many, fetch_all. */
static asql_status submit_for_result(asql_op **out, asql_target on, int kind, const asql_stmt *q,
                                     const asql_params *params, asql_result_cb cb, void *data)
{
    asql_op *op;
    asql_status st = submit(out, on, kind, q, params, cb != NULL, data, &op);
    if (st != ASQL_OK)
        return st;
    op->rcb = cb;
    asql__op_enqueue(op, op->pin_hint, out);
    return ASQL_OK;
}

asql_status asql_execute(asql_op **out, asql_target on, const asql_stmt *q,
                         const asql_params *params, asql_result_cb cb, void *data)
{
    return submit_for_result(out, on, OP_EXECUTE, q, params, cb, data);
}

asql_status asql_execute_many(asql_op **out, asql_target on, const asql_stmt *q,
                              const asql_params *params, asql_result_cb cb, void *data)
{
    return submit_for_result(out, on, OP_EXECUTE_MANY, q, params, cb, data);
}

asql_status asql_fetch_all(asql_op **out, asql_target on, const asql_stmt *q,
                           const asql_params *params, asql_result_cb cb, void *data)
{
    return submit_for_result(out, on, OP_FETCH_ALL, q, params, cb, data);
}

asql_status asql_fetch_one(asql_op **out, asql_target on, const asql_stmt *q,
                           const asql_params *params, asql_row_cb cb, void *data)
{
    asql_op *op;
    asql_status st = submit(out, on, OP_FETCH_ONE, q, params, cb != NULL, data, &op);
    if (st != ASQL_OK)
        return st;
    op->rowcb = cb;
    asql__op_enqueue(op, op->pin_hint, out);
    return ASQL_OK;
}

/* fetch_val: the query runs like fetch_one; the chosen column is cut out at completion. */
asql_status asql_fetch_val(asql_op **out, asql_target on, const asql_stmt *q,
                           const asql_params *params, int column, asql_row_cb cb, void *data)
{
    asql_op *op;
    asql_status st;
    if (column < 0)
        return ASQL_EINVAL;
    if ((st = submit(out, on, OP_FETCH_VAL, q, params, cb != NULL, data, &op)) != ASQL_OK)
        return st;
    op->rowcb = cb;
    op->val_col = column;
    asql__op_enqueue(op, op->pin_hint, out);
    return ASQL_OK;
}

asql_status asql_fetch_val_by_name(asql_op **out, asql_target on, const asql_stmt *q,
                                   const asql_params *params, const char *name, asql_row_cb cb,
                                   void *data)
{
    asql_op *op;
    asql_status st;
    if (!name)
        return ASQL_EINVAL;
    if ((st = submit(out, on, OP_FETCH_VAL, q, params, cb != NULL, data, &op)) != ASQL_OK)
        return st;
    if (!(op->val_name = asql__exec_strdup(name))) {
        asql__op_destroy(op);
        return ASQL_ENOMEM;
    }
    op->rowcb = cb;
    asql__op_enqueue(op, op->pin_hint, out);
    return ASQL_OK;
}

/* iterate: rows go to `row_cb` batch by batch as they arrive; `end_cb` runs once at the end. */
asql_status asql_iterate(asql_op **out, asql_target on, const asql_stmt *q,
                         const asql_params *params, asql_iter_cb row_cb, asql_result_cb end_cb,
                         void *data)
{
    asql_op *op;
    asql_status st;
    if (!row_cb)
        return ASQL_EINVAL;
    if ((st = submit(out, on, OP_ITERATE, q, params, end_cb != NULL, data, &op)) != ASQL_OK)
        return st;
    op->icb = row_cb;
    op->rcb = end_cb;
    asql__op_enqueue(op, op->pin_hint, out);
    return ASQL_OK;
}
