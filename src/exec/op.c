/* SPDX-License-Identifier: MIT */
/*
 * op.c - the life of an operation once its query is ready: queueing it for its target, the sink
 * that gathers or streams its rows, its timeout and cancel, and its one completion, which runs
 * the callback exactly once on the loop thread (deferred when it would run inside a public call).
 * Compiling statements and copying parameters is ops.c's job.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "exec/core.h"

/* The FIFO queues of operations: the Database's (any connection) and each connection's own. */
void asql__opq_push(asql__opq *q, asql_op *op)
{
    op->next = NULL;
    if (q->tail)
        q->tail->next = op;
    else
        q->head = op;
    q->tail = op;
}

asql_op *asql__opq_pop(asql__opq *q)
{
    asql_op *op = q->head;
    if (op) {
        q->head = op->next;
        if (!q->head)
            q->tail = NULL;
        op->next = NULL;
    }
    return op;
}

int asql__opq_remove(asql__opq *q, asql_op *op)
{
    asql_op *prev = NULL;
    for (asql_op *it = q->head; it; prev = it, it = it->next) {
        if (it != op)
            continue;
        if (prev)
            prev->next = it->next;
        else
            q->head = it->next;
        if (q->tail == it)
            q->tail = prev;
        it->next = NULL;
        return 1;
    }
    return 0;
}

/* ---- the sink: where the backend delivers columns and rows ------------------------------- */

static asql_op *sink_op(asql__sink *s)
{
    return (asql_op *)((char *)s - offsetof(asql_op, sink));
}

/* Column descriptions arrive before any row; the declared column objects are attached here so
 * that rows can be read by column object. */
static void sink_columns(asql__sink *s, asql__colinfo *cols)
{
    asql_op *op = sink_op(s);
    asql_result *res = op->res;
    if (op->decl_cols && op->n_decl_cols == cols->n)
        for (int i = 0; i < cols->n; i++)
            cols->cols[i] = op->decl_cols[i];
    asql__colinfo_free(res->cols);
    res->cols = cols;
}

/* Streams a batch to iterate's row callback, or keeps it in the result. Returns nonzero when no
 * more rows are wanted. */
static int sink_batch(asql__sink *s, asql__batch *b)
{
    asql_op *op = sink_op(s);
    if (op->kind != OP_ITERATE) {
        if (asql__result_add_batch(op->res, b) != ASQL_OK) {
            op->nomem = 1;
            return 1;
        }
        return 0;
    }
    for (size_t i = 0; i < b->n_rows; i++) {
        asql_row row = {op->res, op->res->cols, b, i};
        if (op->stopped || op->canceled || op->state == OP_DONE)
            break;
        op->in_cb = 1;
        int stop = op->icb(&row, op->data);
        op->in_cb = 0;
        if (stop)
            op->stopped = 1;
    }
    asql__batch_free(b);
    return op->stopped || op->canceled || op->state == OP_DONE;
}

/* ---- creation and queueing ---------------------------------------------------------------- */

static void on_timeout(void *data);

/* An operation with its result and timer; ops.c or pool.c fill in the rest before queueing. */
asql_op *asql__op_new(asql_db *db, int kind)
{
    asql_op *op = asql__calloc(1, sizeof(*op));
    if (!op)
        return NULL;
    op->db = db;
    op->kind = kind;
    op->state = OP_QUEUED;
    op->sink.columns = sink_columns;
    op->sink.batch = sink_batch;
    op->timeout = db->opts.command_timeout;
    if (!(op->res = asql__result_new()) ||
        db->lops->timer_new(db->loop, &op->timer, on_timeout, op) != ASQL_OK) {
        asql__op_destroy(op);
        return NULL;
    }
    return op;
}

/* Frees everything but the handle itself. */
static void op_release_parts(asql_op *op)
{
    if (op->timer) {
        op->timer_free(op->timer);
        op->timer = NULL;
    }
    if (op->res) {
        asql__result_release(op->res);
        op->res = NULL;
    }
    if (op->release_query)
        op->release_query(op);
    op->release_query = NULL;
}

void asql__op_destroy(asql_op *op)
{
    if (!op)
        return;
    if (op->timer && op->db)
        op->timer_free = op->db->lops->timer_free;
    op_release_parts(op);
    asql__free(op);
}

/* Checks that the target exists and accepts work now, and finds its Database and pinned
 * connection. Refusals leave their reason in the Database's last error. */
asql_status asql__op_target(asql_target on, asql_db **db_out, asql_conn **pin_out)
{
    asql_db *db = NULL;
    *pin_out = NULL;
    switch (on.kind) {
    case ASQL_TARGET_DB:
        db = on.ptr;
        break;
    case ASQL_TARGET_CONN: {
        asql_conn *conn = on.ptr;
        if (!conn)
            return ASQL_EINVAL;
        if (!conn->acquired || conn->releasing || conn->state == CONN_CLOSING ||
            conn->state == CONN_DEAD)
            return ASQL_EMISUSE;
        db = conn->db;
        *pin_out = conn;
        break;
    }
    case ASQL_TARGET_TXN: {
        asql_status st = asql__txn_target(on.ptr, &db, pin_out);
        if (st != ASQL_OK)
            return st;
        break;
    }
    default:
        return ASQL_EINVAL;
    }
    if (!db)
        return ASQL_EINVAL;
    *db_out = db;
    asql__err_clear(&db->last_err);
    if (db->closing || db->state == DB_DISCONNECTING) {
        asql__err_set(&db->last_err, ASQL_EPOOL, "the database is disconnecting or closed");
        return ASQL_EPOOL;
    }
    if (db->state == DB_DISCONNECTED) {
        asql__err_set(&db->last_err, ASQL_EMISUSE, "the database is not connected");
        return ASQL_EMISUSE;
    }
    return ASQL_OK;
}

/* Queues the op and starts what can start at once. Any completion this causes is deferred
 * (api_depth), so the submitting call never runs a callback. */
void asql__op_enqueue(asql_op *op, asql_conn *pin, asql_op **out)
{
    asql_db *db = op->db;
    op->pin = pin;
    op->timer_free = db->lops->timer_free;
    asql__opq_push(pin ? &pin->queue : &db->queue, op);
    db->n_active++;
    if (out) {
        *out = op;
        op->owned = 1;
    }
    db->api_depth++;
    asql__db_dispatch(db);
    db->api_depth--;
}

/* ---- completion ----------------------------------------------------------------------------- */

/* fetch_val: keep only the chosen column of the first row, as a one-column result. */
static asql_status project_value(asql_op *op, const asql_row **row_out)
{
    asql_result *res = op->res;
    const asql_row *src = asql_result_row(res, 0);
    int col = op->val_name ? asql_result_column_index(res, op->val_name) : op->val_col;
    *row_out = NULL;
    if (!src)
        return ASQL_OK;
    if (col < 0 || col >= asql_result_n_columns(res)) {
        if (op->val_name)
            asql__err_set(&res->err, ASQL_ENOTFOUND, "no result column named %s", op->val_name);
        else
            asql__err_set(&res->err, ASQL_ENOTFOUND, "no result column %d", col);
        return ASQL_ENOTFOUND;
    }
    asql__colinfo *cols = asql__colinfo_new(1);
    asql__batch *b = asql__batch_new(1);
    const asql__rcell *c = src->b->cells + src->idx * (size_t)src->b->n_cols + col;
    asql_status st = cols && b ? asql__batch_add_row(b) : ASQL_ENOMEM;
    if (st == ASQL_OK) {
        cols->kinds[0] = res->cols->kinds[col];
        cols->cols[0] = res->cols->cols[col];
        st = asql__colinfo_set(cols, 0, res->cols->names[col], res->cols->server_types[col]);
    }
    if (st == ASQL_OK) {
        if (c->tag == ASQL__RCELL_INT)
            asql__batch_set_int(b, 0, c->u.i);
        else if (c->tag == ASQL__RCELL_REAL)
            asql__batch_set_real(b, 0, c->u.f);
        else if (c->tag != ASQL__RCELL_NULL)
            st = asql__batch_set_bytes(b, 0, c->tag, src->b->bytes + c->u.b.off, c->u.b.len);
    }
    if (st != ASQL_OK) {
        asql__colinfo_free(cols);
        asql__batch_free(b);
        asql__err_set(&res->err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    asql__batch_free(res->batches);
    res->batches = res->last = NULL;
    res->n_rows = 0;
    asql__colinfo_free(res->cols);
    res->cols = cols;
    if (asql__result_add_batch(res, b) != ASQL_OK) {
        asql__err_set(&res->err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    *row_out = asql_result_row(res, 0);
    return ASQL_OK;
}

/* Runs the op's callback, once, then drops the Database's hold on it: the op no longer
 * counts as active, its query and result are released, and it is freed unless the caller still
 * holds the handle. */
void asql__op_run_callback(asql_op *op)
{
    asql_db *db = op->db;
    asql_result *res = op->res;
    asql_status st = op->final;
    const asql_row *row = NULL;

    op->in_cb = 1;
    switch (op->kind) {
    case OP_FETCH_ONE:
        if (st == ASQL_OK)
            row = asql_result_row(res, 0);
        op->rowcb(st, row, res, op->data);
        break;
    case OP_FETCH_VAL:
        if (st == ASQL_OK && (st = project_value(op, &row)) != ASQL_OK)
            res->status = st;
        op->rowcb(st, row, res, op->data);
        break;
    case OP_ACQUIRE:
        op->conncb(st, st == ASQL_OK ? op->acquired : NULL, op->data);
        break;
    default:
        if (op->rcb) /* statements of ours may not need to hear back */
            op->rcb(st, res, op->data);
        break;
    }
    op->in_cb = 0;
    op->db = NULL;
    db->n_active--;
    op_release_parts(op);
    if (!op->owned)
        asql__free(op);
}

double asql__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reports a statement that ran to the trace hook: its text and counts, never its values. */
static void trace(asql_op *op, asql_status st)
{
    asql_db *db = op->db;
    asql_trace t;
    if (!db->trace || op->started == 0 || !op->q.sql)
        return;
    t.sql = op->q.sql;
    t.n_params = op->q.n_params;
    t.n_sets = op->q.n_sets;
    t.duration_s = asql__now() - op->started;
    t.status = st;
    db->trace(&t, db->trace_data);
}

void asql_db_set_trace(asql_db *db, asql_trace_cb cb, void *data)
{
    if (!db)
        return;
    db->trace = cb;
    db->trace_data = data;
}

/* Records the final status and runs the callback, or queues it for the next loop turn when we
 * are inside a public call. A second completion of the same op is ignored. */
void asql__op_complete(asql_op *op, asql_status st)
{
    asql_db *db = op->db;
    asql_result *res = op->res;

    if (op->state == OP_DONE)
        return;
    op->state = OP_DONE;
    db->lops->timer_set(op->timer, -1);
    if (st == ASQL_OK && op->nomem)
        st = ASQL_ENOMEM;
    if (st == ASQL_OK && op->kind == OP_FETCH_VAL)
        op->final = ASQL_OK;
    res->status = st;
    if (st != ASQL_OK && res->err.status != st) {
        asql__err_set(&res->err, st, "%s",
                      st == ASQL_ETIMEOUT    ? "operation timed out"
                      : st == ASQL_ECANCELED ? "operation canceled"
                                             : asql_status_str(st));
    }
    if (st == ASQL_OK)
        asql__err_clear(&res->err);
    op->final = st;
    trace(op, st);
    if (db->api_depth > 0) {
        op->next = NULL;
        if (db->deferred_tail)
            db->deferred_tail->next = op;
        else
            db->deferred_head = op;
        db->deferred_tail = op;
        asql__db_defer(db);
        return;
    }
    asql__op_run_callback(op);
}

static void on_timeout(void *data)
{
    asql_op *op = data;
    asql_db *db = op->db;
    if (!db || op->state == OP_DONE)
        return;
    op->timed_out = 1;
    if (op->state == OP_QUEUED) {
        asql__opq_remove(op->pin ? &op->pin->queue : &db->queue, op);
        asql__op_complete(op, ASQL_ETIMEOUT);
        asql__db_progress(db);
        return;
    }
    asql__conn_cancel_running(op->conn, ASQL_ETIMEOUT);
}

static void control_release(asql_op *op)
{
    asql__free(op->query_mem);
    op->query_mem = NULL;
}

asql_status asql__op_control(asql_db *db, asql_conn *conn, const char *sql, asql_result_cb cb,
                             void *data)
{
    asql_op *op = asql__op_new(db, OP_EXECUTE);
    char *text = asql__exec_strdup(sql);
    if (!op || !text) {
        asql__free(text);
        asql__op_destroy(op);
        return ASQL_ENOMEM;
    }
    op->query_mem = text;
    op->release_query = control_release;
    op->q.sql = text;
    op->q.sql_len = strlen(text);
    op->q.n_sets = 1;
    op->rcb = cb;
    op->data = data;
    asql__op_enqueue(op, conn, NULL);
    return ASQL_OK;
}

/* ---- handles ------------------------------------------------------------------------------- */

asql_status asql_op_cancel(asql_op *op)
{
    asql_db *db;
    if (!op)
        return ASQL_EINVAL;
    if (op->state == OP_DONE || !(db = op->db))
        return ASQL_OK;
    if (op->canceled)
        return ASQL_OK;
    op->canceled = 1;
    db->api_depth++;
    if (op->state == OP_QUEUED) {
        asql__opq_remove(op->pin ? &op->pin->queue : &db->queue, op);
        asql__op_complete(op, ASQL_ECANCELED);
    } else {
        asql__conn_cancel_running(op->conn, ASQL_ECANCELED);
    }
    db->api_depth--;
    return ASQL_OK;
}

/* Arms the op's timer from now, replacing the command_timeout default. */
asql_status asql_op_set_timeout(asql_op *op, double seconds)
{
    if (!op || !(seconds >= 0) || !isfinite(seconds))
        return ASQL_EINVAL;
    if (op->state == OP_DONE || !op->db)
        return ASQL_OK;
    op->timeout = seconds;
    op->timeout_set = 1;
    op->db->lops->timer_set(op->timer, seconds > 0 ? seconds : -1);
    return ASQL_OK;
}

bool asql_op_done(const asql_op *op)
{
    return op && op->state == OP_DONE;
}

/* The handle goes; a pending op is freed when its callback has run. */
void asql_op_free(asql_op *op)
{
    if (!op)
        return;
    if (op->state != OP_DONE || op->in_cb || op->db) {
        op->owned = 0; /* freed when its callback has run */
        return;
    }
    asql__free(op);
}
