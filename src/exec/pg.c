/* SPDX-License-Identifier: MIT */
/*
 * pg.c - the PostgreSQL backend on libpq's non-blocking API: PQsendQueryParams, then
 * PQconsumeInput/PQisBusy/PQgetResult, saying after each step which socket events it waits for.
 * Connecting is pg_connect.c's job (host names resolved off the loop); cancel requests go out
 * from a thread (pg_cancel.c) and the connection is kept. Not yet here: pipelined batches,
 * prepared statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/pg_conn.h"

/* ---- running a statement ------------------------------------------------------------------- */

static Oid oid_for(const asql_type *t)
{
    switch (t->kind) {
    case ASQL_TYPE_SMALLINT:
    case ASQL_TYPE_INTEGER:
    case ASQL_TYPE_BIGINT:
        return 20;
    case ASQL_TYPE_BOOLEAN:
        return 16;
    case ASQL_TYPE_FLOAT:
    case ASQL_TYPE_DOUBLE:
        return 701;
    case ASQL_TYPE_NUMERIC:
        return 1700;
    case ASQL_TYPE_STRING:
    case ASQL_TYPE_TEXT:
        return 25;
    case ASQL_TYPE_BLOB:
        return 17;
    case ASQL_TYPE_DATE:
        return 1082;
    case ASQL_TYPE_TIME:
        return 1083;
    case ASQL_TYPE_DATETIME:
        return t->timezone ? 1184 : 1114;
    case ASQL_TYPE_JSON:
        return 114;
    case ASQL_TYPE_UUID:
        return 2950;
    default:
        return 0;
    }
}

/* Sends parameter set `c->set`. Values travel as text, blobs in binary. */
static asql_status send_set(asql_bconn *c, unsigned *want, asql_error *err)
{
    const asql__query *q = c->q;
    int n = q->n_params, ok;
    Oid *types = asql__calloc((size_t)n + 1, sizeof(Oid));
    const char **vals = asql__calloc((size_t)n + 1, sizeof(char *));
    int *lens = asql__calloc((size_t)n + 1, sizeof(int));
    int *fmts = asql__calloc((size_t)n + 1, sizeof(int));
    char **owned = asql__calloc((size_t)n + 1, sizeof(char *));
    asql_status st = ASQL_OK;

    if (!types || !vals || !lens || !fmts || !owned) {
        st = ASQL_ENOMEM;
        goto done;
    }
    for (int i = 0; i < n && st == ASQL_OK; i++) {
        const asql_value *v = &q->values[c->set * (size_t)n + i];
        char buf[ASQL__DT_BUF + 8];
        types[i] = oid_for(&v->type);
        if (v->is_null)
            continue;
        switch (v->type.kind) {
        case ASQL_TYPE_SMALLINT:
        case ASQL_TYPE_INTEGER:
        case ASQL_TYPE_BIGINT:
            snprintf(buf, sizeof(buf), "%lld", (long long)v->u.i64);
            break;
        case ASQL_TYPE_BOOLEAN:
            strcpy(buf, v->u.i64 ? "t" : "f");
            break;
        case ASQL_TYPE_FLOAT:
        case ASQL_TYPE_DOUBLE:
            snprintf(buf, sizeof(buf), "%.17g", v->u.f64);
            break;
        case ASQL_TYPE_DATE:
        case ASQL_TYPE_TIME:
        case ASQL_TYPE_DATETIME: {
            size_t k = asql__format_datetime(v->type.kind, v->u.dt, buf);
            if (v->type.kind == ASQL_TYPE_DATETIME && v->type.timezone)
                memcpy(buf + k, "+00", 4);
            break;
        }
        case ASQL_TYPE_UUID:
            asql__uuid_format(v->u.uuid, buf);
            break;
        case ASQL_TYPE_BLOB:
            vals[i] = v->u.bytes.len ? v->u.bytes.ptr : "";
            lens[i] = (int)v->u.bytes.len;
            fmts[i] = 1;
            continue;
        default: /* text kinds: libpq wants NUL-terminated text (send_query refused NULs) */
            owned[i] = asql__strndup(v->u.bytes.ptr ? v->u.bytes.ptr : "", v->u.bytes.len);
            if (!owned[i])
                st = ASQL_ENOMEM;
            vals[i] = owned[i];
            continue;
        }
        if (!(owned[i] = asql__exec_strdup(buf)))
            st = ASQL_ENOMEM;
        vals[i] = owned[i];
    }
    if (st != ASQL_OK)
        goto done;
    ok = PQsendQueryParams(c->pg, q->sql, n, types, vals, lens, fmts, 0);
    if (!ok) {
        asql__pg_set_error(err, ASQL_ECONNLOST, "", PQerrorMessage(c->pg));
        st = PQstatus(c->pg) == CONNECTION_BAD ? ASQL_ECONNLOST : ASQL_ESQL;
        err->status = st;
        goto done;
    }
    int f = PQflush(c->pg);
    if (f < 0) {
        asql__pg_set_error(err, ASQL_ECONNLOST, "", PQerrorMessage(c->pg));
        st = ASQL_ECONNLOST;
        goto done;
    }
    *want = ASQL_IO_READ | (f == 1 ? ASQL_IO_WRITE : 0);
    st = ASQL_AGAIN;
done:
    if (st == ASQL_ENOMEM)
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
    for (int i = 0; owned && i < n; i++)
        asql__free(owned[i]);
    asql__free(owned);
    asql__free(types);
    asql__free(vals);
    asql__free(lens);
    asql__free(fmts);
    return st;
}

/* Sends one statement of ours (no parameters) and says what to wait for. */
static asql_status send_control(asql_bconn *c, const char *sql, unsigned *want, asql_error *err)
{
    int f = PQsendQuery(c->pg, sql) ? PQflush(c->pg) : -1;
    if (f < 0) {
        asql__pg_set_error(err, ASQL_ECONNLOST, "connection lost: ", PQerrorMessage(c->pg));
        return ASQL_ECONNLOST;
    }
    *want = ASQL_IO_READ | (f == 1 ? ASQL_IO_WRITE : 0);
    return ASQL_AGAIN;
}

/* The next step of a batch once a statement of it has completed: the first set after BEGIN,
 * the next set, then COMMIT, or ROLLBACK after the first error. ASQL_OK once the batch is over
 * (c->status then holds its outcome). */
static asql_status batch_next(asql_bconn *c, unsigned *want, asql_error *err)
{
    asql_status st;
    if (c->batch == PG_BATCH_OPENING && c->status != ASQL_OK)
        return ASQL_OK; /* BEGIN failed: nothing to undo */
    if (c->batch == PG_BATCH_OPENING ||
        (c->batch == PG_BATCH_SETS && c->status == ASQL_OK && c->q->n_sets > c->set + 1)) {
        c->set += c->batch == PG_BATCH_SETS;
        c->batch = PG_BATCH_SETS;
        if ((st = send_set(c, want, err)) == ASQL_AGAIN || st == ASQL_ECONNLOST)
            return st;
        c->status = st; /* not sent (out of memory): undo what was done */
        c->err = *err;
    }
    if (c->batch == PG_BATCH_SETS) {
        c->batch = PG_BATCH_CLOSING;
        if (c->status == ASQL_OK)
            return send_control(c, c->batch_nested ? "RELEASE SAVEPOINT asql_batch" : "COMMIT",
                                want, err);
        return send_control(c,
                            c->batch_nested ? "ROLLBACK TO SAVEPOINT asql_batch; "
                                              "RELEASE SAVEPOINT asql_batch"
                                            : "ROLLBACK",
                            want, err);
    }
    return ASQL_OK;
}

/* 1 when a value travels as text (everything but blobs and NULLs). */
static int is_text(const asql_value *v)
{
    switch (v->type.kind) {
    case ASQL_TYPE_SMALLINT:
    case ASQL_TYPE_INTEGER:
    case ASQL_TYPE_BIGINT:
    case ASQL_TYPE_BOOLEAN:
    case ASQL_TYPE_FLOAT:
    case ASQL_TYPE_DOUBLE:
    case ASQL_TYPE_DATE:
    case ASQL_TYPE_TIME:
    case ASQL_TYPE_DATETIME:
    case ASQL_TYPE_UUID:
    case ASQL_TYPE_BLOB:
        return 0;
    default:
        return !v->is_null;
    }
}

/* Resets the per-query state and sends the first parameter set. Text with a NUL byte is refused
 * before anything is sent (in any set): libpq takes text NUL-terminated and would cut it. */
static asql_status send_query(asql_bconn *c, const asql__query *q, unsigned *want, asql_error *err)
{
    for (size_t k = 0; k < q->n_sets * (size_t)q->n_params; k++) {
        const asql_value *v = &q->values[k];
        if (is_text(v) && v->u.bytes.len && memchr(v->u.bytes.ptr, 0, v->u.bytes.len)) {
            asql__err_set(err, ASQL_EINVAL,
                          "parameter %d: PostgreSQL text cannot hold a NUL byte (bind a blob)",
                          (int)(k % (size_t)q->n_params) + 1);
            return ASQL_EINVAL;
        }
    }
    c->q = q;
    c->set = 0;
    c->status = ASQL_OK;
    asql__err_clear(&c->err);
    c->cols_sent = 0;
    c->stop_rows = 0;
    c->changes = 0;
    c->has_id = 0;
    if (c->cancel) {
        /* A cancel request still on its way could stop this statement instead: hold it until
         * the request's thread is done (it wakes the loop). */
        if (asql__pg_cancel_state(c->cancel, NULL) == ASQL__PG_CANCEL_RUNNING) {
            c->held = q;
            c->held_canceled = 0;
            *want = ASQL_IO_WAKE;
            return ASQL_AGAIN;
        }
        asql__pg_cancel_free(c->cancel);
        c->cancel = NULL;
    }
    asql_status st;
    c->batch = PG_BATCH_NONE;
    if ((q->flags & ASQL__Q_BATCH) && q->n_sets > 1) {
        c->batch_nested = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
        c->batch = PG_BATCH_OPENING;
        st = send_control(c, c->batch_nested ? "SAVEPOINT asql_batch" : "BEGIN", want, err);
    } else {
        st = send_set(c, want, err);
    }
    c->busy = st == ASQL_AGAIN;
    c->want = *want;
    return st;
}

static const char *type_name(Oid oid, char *buf, size_t size)
{
    switch (oid) {
    case 16:
        return "bool";
    case 17:
        return "bytea";
    case 20:
        return "int8";
    case 21:
        return "int2";
    case 23:
        return "int4";
    case 25:
        return "text";
    case 114:
        return "json";
    case 700:
        return "float4";
    case 701:
        return "float8";
    case 1042:
        return "bpchar";
    case 1043:
        return "varchar";
    case 1082:
        return "date";
    case 1083:
        return "time";
    case 1114:
        return "timestamp";
    case 1184:
        return "timestamptz";
    case 1266:
        return "timetz";
    case 1700:
        return "numeric";
    case 2950:
        return "uuid";
    case 3802:
        return "jsonb";
    default:
        snprintf(buf, size, "oid:%u", (unsigned)oid);
        return buf;
    }
}

/* Portable error classes from SQLSTATE; serialization failures and deadlocks are retryable. */
static void classify(asql_error *err, const char *state)
{
    static const struct {
        const char *state;
        asql_error_class klass;
        int retryable;
    } map[] = {
        {"23505", ASQL_ERRCLASS_UNIQUE_VIOLATION, 0},
        {"23503", ASQL_ERRCLASS_FOREIGN_KEY_VIOLATION, 0},
        {"23502", ASQL_ERRCLASS_NOT_NULL_VIOLATION, 0},
        {"23514", ASQL_ERRCLASS_CHECK_VIOLATION, 0},
        {"40001", ASQL_ERRCLASS_SERIALIZATION_FAILURE, 1},
        {"40P01", ASQL_ERRCLASS_DEADLOCK, 1},
        {"42601", ASQL_ERRCLASS_SYNTAX, 0},
        {"42P01", ASQL_ERRCLASS_UNDEFINED_OBJECT, 0},
        {"42703", ASQL_ERRCLASS_UNDEFINED_OBJECT, 0},
        {"42883", ASQL_ERRCLASS_UNDEFINED_OBJECT, 0},
    };
    err->klass = ASQL_ERRCLASS_OTHER;
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state ? state : "");
    for (size_t i = 0; state && i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(state, map[i].state) == 0) {
            err->klass = map[i].klass;
            err->retryable = map[i].retryable;
        }
}

/* Converts a text-format result into cells by column type; also picks up the implicit
 * RETURNING key of an INSERT. */
static asql_status read_tuples(asql_bconn *c, PGresult *r, asql__sink *sink)
{
    int nf = PQnfields(r), nt = PQntuples(r);
    char buf[32];
    if (c->q->flags & ASQL__Q_INSERT_ID && nt > 0 && nf > 0 && !PQgetisnull(r, nt - 1, 0)) {
        c->last_id = strtoll(PQgetvalue(r, nt - 1, 0), NULL, 10);
        c->has_id = 1;
    }
    if (!(c->q->flags & ASQL__Q_ROWS) || c->stop_rows)
        return ASQL_OK;
    if (!c->cols_sent) {
        asql__colinfo *cols = asql__colinfo_new(nf);
        if (!cols)
            return ASQL_ENOMEM;
        for (int i = 0; i < nf; i++) {
            if (c->q->n_decl == nf)
                cols->kinds[i] = c->q->decl[i].kind;
            if (asql__colinfo_set(cols, i, PQfname(r, i),
                                  type_name(PQftype(r, i), buf, sizeof(buf)))) {
                asql__colinfo_free(cols);
                return ASQL_ENOMEM;
            }
        }
        sink->columns(sink, cols);
        c->cols_sent = 1;
    }
    asql__batch *b = asql__batch_new(nf);
    if (!b)
        return ASQL_ENOMEM;
    size_t limit = c->q->max_rows ? c->q->max_rows : (size_t)nt;
    for (int t = 0; t < nt && (size_t)t < limit; t++) {
        if (asql__batch_add_row(b) != ASQL_OK)
            goto nomem;
        for (int i = 0; i < nf; i++) {
            if (PQgetisnull(r, t, i))
                continue;
            const char *v = PQgetvalue(r, t, i);
            size_t len = (size_t)PQgetlength(r, t, i);
            switch (PQftype(r, i)) {
            case 20:
            case 21:
            case 23:
                asql__batch_set_int(b, i, strtoll(v, NULL, 10));
                break;
            case 16:
                asql__batch_set_int(b, i, v[0] == 't');
                break;
            case 700:
            case 701:
                asql__batch_set_real(b, i, strtod(v, NULL));
                break;
            case 17: {
                size_t n = 0;
                unsigned char *raw = PQunescapeBytea((const unsigned char *)v, &n);
                asql_status st =
                    raw ? asql__batch_set_bytes(b, i, ASQL__RCELL_BLOB, raw, n) : ASQL_ENOMEM;
                PQfreemem(raw);
                if (st != ASQL_OK)
                    goto nomem;
                break;
            }
            default:
                if (asql__batch_set_bytes(b, i, ASQL__RCELL_TEXT, v, len) != ASQL_OK)
                    goto nomem;
            }
        }
    }
    if (sink->batch(sink, b))
        c->stop_rows = 1;
    return ASQL_OK;
nomem:
    asql__batch_free(b);
    return ASQL_ENOMEM;
}

/* Flushes, reads what arrived, and takes results while libpq can give them without waiting.
 * After the last result of a set, the next parameter set is sent (sets run one by one here). */
static asql_status recv_results(asql_bconn *c, unsigned ready, unsigned *want, asql__sink *sink,
                                asql_error *err)
{
    *want = 0;
    if (ready & ASQL_IO_WRITE) {
        int f = PQflush(c->pg);
        if (f < 0)
            goto lost;
        if (f == 1) {
            *want = ASQL_IO_READ | ASQL_IO_WRITE;
            return ASQL_AGAIN;
        }
    }
    if ((ready & ASQL_IO_READ) && !PQconsumeInput(c->pg))
        goto lost;
    while (!PQisBusy(c->pg)) {
        PGresult *r = PQgetResult(c->pg);
        if (!r && c->batch != PG_BATCH_NONE) { /* a statement of a batch is complete */
            asql_status st = batch_next(c, want, err);
            if (st == ASQL_AGAIN)
                continue;
            if (st != ASQL_OK)
                return st;
            c->batch = PG_BATCH_NONE; /* over: reported below */
        }
        if (!r) { /* this set is complete */
            if (c->status == ASQL_OK && c->q->n_sets > c->set + 1 &&
                !(c->q->flags & ASQL__Q_BATCH)) {
                c->set++;
                asql_status st = send_set(c, want, err);
                if (st != ASQL_AGAIN)
                    return st;
                continue;
            }
            sink->rows_affected = c->changes;
            sink->insert_id = c->last_id;
            sink->has_insert_id = c->has_id;
            if (c->status != ASQL_OK)
                *err = c->err;
            return c->status;
        }
        switch (PQresultStatus(r)) {
        case PGRES_TUPLES_OK:
            if (c->status == ASQL_OK && read_tuples(c, r, sink) != ASQL_OK) {
                c->status = ASQL_ENOMEM;
                asql__err_set(&c->err, ASQL_ENOMEM, "out of memory reading rows");
            }
            c->changes += strtoll(PQcmdTuples(r), NULL, 10); /* INSERT ... RETURNING counts */
            break;
        case PGRES_COMMAND_OK:
            c->changes += strtoll(PQcmdTuples(r), NULL, 10);
            break;
        default:
            if (c->status == ASQL_OK) {
                const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
                const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
                c->status = state && strcmp(state, "57014") == 0 ? ASQL_ECANCELED : ASQL_ESQL;
                asql__pg_set_error(&c->err, c->status, "", msg ? msg : PQresultErrorMessage(r));
                classify(&c->err, state);
            }
        }
        PQclear(r);
    }
    if (PQstatus(c->pg) == CONNECTION_BAD)
        goto lost;
    int f = PQflush(c->pg); /* a statement sent above may not have gone out whole */
    if (f < 0)
        goto lost;
    *want = ASQL_IO_READ | (f == 1 ? ASQL_IO_WRITE : 0);
    return ASQL_AGAIN;
lost:
    asql__pg_set_error(err, ASQL_ECONNLOST, "connection lost: ", PQerrorMessage(c->pg));
    return ASQL_ECONNLOST;
}

/* What the cancel request's thread reported, seen when its wake-up arrives: a held statement is
 * sent now (or ends canceled); a running one the server would not stop ends the connection. */
static asql_status after_cancel(asql_bconn *c, unsigned *want, asql_error *err)
{
    const char *why = NULL;
    int state = asql__pg_cancel_state(c->cancel, &why);
    if (state == ASQL__PG_CANCEL_RUNNING) { /* an early wake-up: wait on */
        *want = c->held ? ASQL_IO_WAKE : c->want;
        return ASQL_AGAIN;
    }
    if (c->held) {
        const asql__query *q = c->held;
        c->held = NULL;
        if (c->held_canceled) {
            asql__err_set(err, ASQL_ECANCELED, "canceled before it was sent");
            return ASQL_ECANCELED;
        }
        return send_query(c, q, want, err); /* reaps the request */
    }
    if (state == ASQL__PG_CANCEL_FAILED && c->busy) {
        asql__err_set(err, ASQL_ECONNLOST, "connection given up: %s", why);
        return ASQL_ECONNLOST;
    }
    asql__pg_cancel_free(c->cancel);
    c->cancel = NULL;
    *want = c->want;
    return ASQL_AGAIN;
}

/* Results as they come; a wake-up is news from the cancel request's thread. The thread waits
 * for the statement to end, so it is told as soon as it does. */
static asql_status recv_step(asql_bconn *c, unsigned ready, unsigned *want, asql__sink *sink,
                             asql_error *err)
{
    asql_status st;
    *want = 0;
    if (c->cancel && ((ready & ASQL_IO_WAKE) || c->held))
        st = after_cancel(c, want, err);
    else
        st = recv_results(c, ready, want, sink, err);
    if (st == ASQL_AGAIN) {
        c->want = *want & (ASQL_IO_READ | ASQL_IO_WRITE) ? *want : c->want;
    } else {
        c->busy = 0;
        if (c->cancel)
            asql__pg_cancel_finished(c->cancel);
    }
    return st;
}

static int sock(const asql_bconn *c)
{
    return c->pg ? PQsocket(c->pg) : -1;
}

/* Sends a cancel request from a thread (PQcancel blocks); the statement then ends through
 * recv_step, with ECANCELED when the server stopped it. ENOTSUP (no request possible) makes
 * the core give up the connection instead. */
static asql_status cancel(asql_bconn *c)
{
    if (c->held) { /* not sent yet: it ends when the earlier request's thread is done */
        c->held_canceled = 1;
        return ASQL_OK;
    }
    if (!c->busy || !c->pg)
        return ASQL_ENOTSUP;
    if (c->cancel) {
        if (asql__pg_cancel_state(c->cancel, NULL) == ASQL__PG_CANCEL_RUNNING)
            return ASQL_OK; /* one request on its way is enough */
        asql__pg_cancel_free(c->cancel);
        c->cancel = NULL;
    }
    return asql__pg_cancel_start(&c->cancel, c->pg, c->lops, c->wake) == ASQL_OK ? ASQL_OK
                                                                                 : ASQL_ENOTSUP;
}

/* PQfinish sends Terminate on a non-blocking socket and frees: nothing to wait for. */
static asql_status close_step(asql_bconn *c, unsigned ready, unsigned *want)
{
    (void)ready;
    *want = 0;
    asql__resolve_free(c->resolve); /* a lookup in flight is abandoned, never waited for */
    c->resolve = NULL;
    asql__pg_cancel_free(c->cancel); /* so is a cancel request */
    c->cancel = NULL;
    if (c->pg)
        PQfinish(c->pg);
    c->pg = NULL;
    return ASQL_OK;
}

static void bfree(asql_bconn *c)
{
    if (!c)
        return;
    asql__resolve_free(c->resolve);
    asql__pg_cancel_free(c->cancel);
    if (c->pg)
        PQfinish(c->pg);
    asql__free(c);
}

static void *native(asql_bconn *c)
{
    return c->pg;
}

static const asql_dialect *dialect(void)
{
    return asql_dialect_postgresql();
}

const asql_backend asql__backend_pg = {
    ASQL__BACKEND_VERSION,
    "postgresql",
    dialect,
    asql__pg_create,
    asql__pg_connect_step,
    send_query,
    recv_step,
    sock,
    cancel,
    close_step,
    bfree,
    native,
};
