/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c - the SQLite backend: one worker thread per connection runs every sqlite3 call (open,
 * prepare, step, close); the loop thread never does. Jobs go to the worker through a locked
 * queue; columns, row batches and completions come back through another, announced with the
 * loop seam's thread-safe wake-up. Cancel uses sqlite3_interrupt, guarded so that it can only
 * hit the job it means. The only file of the library that includes <sqlite3.h>.
 */
#include <pthread.h>
#include <sched.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec/backend.h"

/* A batch is handed to the loop when it holds BATCH_ROWS rows, BATCH_CELL_BYTES of cells (fewer
 * rows when they are wide) or BATCH_BYTES of text and blobs; the worker may queue
 * MAX_PENDING_BATCHES undelivered batches before it waits for the loop to drain them. This
 * bounds what a streaming query holds to about 8 x 460 KiB, plus one oversized value. Batches
 * of 4096 rows rather than 1024 halve the hand-offs of a large result (W2, W4: 5-8% faster). */
#define BATCH_ROWS 4096
#define BATCH_CELL_BYTES (384 * 1024)
#define BATCH_BYTES (64 * 1024)
#define FIRST_BATCH_ROWS 16 /* the first batch of a query grows from here: most are small */
#define MAX_PENDING_BATCHES 8
/* How long a worker that finished a job polls for the next one before it sleeps. Waking a
 * sleeping thread costs more than a point query itself (an idle CPU, in a VM above all): W3,
 * 10,000 sequential fetch_one, took 0.57 s sleeping at once and 0.23 s with this (raw: 0.064).
 * Bounded, so that an idle connection costs at most this much CPU after its last query. */
#define SPIN_NS 20000
#define BUSY_TIMEOUT_MS 5000

enum { JOB_OPEN, JOB_QUERY, JOB_CLOSE };
enum { ITEM_BATCH, ITEM_DONE };

/* What the worker hands to the loop. The column description rides on the first item of a job
 * that goes out (a batch, or the completion), and the last batch on the completion, so that a
 * small query costs one item and one wake-up. */
typedef struct item {
    struct item *next;
    int kind;
    struct job *job;
    asql__colinfo *cols;
    asql__batch *batch;
    asql_status status;
    asql_error err;
    int64_t changes;
    int64_t last_id;
    int has_id;
} item;

typedef struct job {
    struct job *next;
    int kind;
    uint64_t id;
    const asql__query *q; /* owned by the core until the job's ITEM_DONE is drained */
    atomic_int cancel;
    item done; /* part of the job, so that completion cannot fail */
} job;

struct asql_bconn {
    pthread_mutex_t mu;
    pthread_cond_t cv;   /* a job was queued (the worker waits for one) */
    pthread_cond_t room; /* batches were taken or the job cancelled (back-pressure wait) */
    pthread_t thread;
    int thread_started;
    job *jobs_head, *jobs_tail;    /* loop -> worker */
    atomic_int n_jobs;             /* jobs queued, also changed under `mu`: read while spinning */
    item *items_head, *items_tail; /* worker -> loop */
    int pending_batches;
    uint64_t next_id;
    uint64_t running_id; /* the job whose statement may be interrupted now; 0: none */
    sqlite3 *db;         /* the worker's alone, except sqlite3_interrupt() under `mu` */
    job *cur;            /* loop side: the job in flight (open, query or close) */
    int stop_rows;       /* loop side: the sink wants no more rows of `cur` */
    job *spare;          /* loop side: a finished job kept for the next submit */
    char *path;
    /* Prepared statements kept by SQL text (the worker's alone), with the description of their
     * result columns, made once per statement (kinds from the server types alone). An entry
     * whose statement is running has stmt NULL. */
    struct cached {
        char *sql;
        size_t len;
        sqlite3_stmt *stmt;
        asql__colinfo *desc;
        int desc_gen; /* SQLITE_STMTSTATUS_REPREPARE when described: a new schema re-describes */
        uint64_t used;
    } * cache;
    int cache_size, n_cached;
    uint64_t clock;
    asql_type_kind *kinds; /* the worker's: how the running query reads each column */
    int cap_kinds;
    const asql_loop_ops *lops;
    asql_wake *wake;
};

/* ---- worker side ------------------------------------------------------------------------ */

/* Queues an item for the loop and wakes it. Called with `mu` held. */
static void post_locked(asql_bconn *c, item *it)
{
    if (c->items_tail)
        c->items_tail->next = it;
    else
        c->items_head = it;
    c->items_tail = it;
    if (it->kind == ITEM_BATCH)
        c->pending_batches++;
    c->lops->wake(c->wake);
}

static void classify(asql_error *err, int ext, const char *msg)
{
    err->backend_code = ext;
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        err->klass = ASQL_ERRCLASS_UNIQUE_VIOLATION;
        break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        err->klass = ASQL_ERRCLASS_FOREIGN_KEY_VIOLATION;
        break;
    case SQLITE_CONSTRAINT_NOTNULL:
        err->klass = ASQL_ERRCLASS_NOT_NULL_VIOLATION;
        break;
    case SQLITE_CONSTRAINT_CHECK:
        err->klass = ASQL_ERRCLASS_CHECK_VIOLATION;
        break;
    default:
        if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED) {
            err->klass = ASQL_ERRCLASS_DEADLOCK;
            err->retryable = 1;
        } else if (strstr(msg, "syntax error") || strstr(msg, "incomplete input")) {
            err->klass = ASQL_ERRCLASS_SYNTAX;
        } else if (strncmp(msg, "no such ", 8) == 0) {
            err->klass = ASQL_ERRCLASS_UNDEFINED_OBJECT;
        } else {
            err->klass = ASQL_ERRCLASS_OTHER;
        }
    }
}

/* The status and details of the last failed sqlite3 call. */
static asql_status fail(asql_bconn *c, job *j, int rc, asql_error *err)
{
    if ((rc & 0xff) == SQLITE_INTERRUPT || atomic_load(&j->cancel)) {
        asql__err_set(err, ASQL_ECANCELED, "statement canceled");
        return ASQL_ECANCELED;
    }
    if ((rc & 0xff) == SQLITE_NOMEM) {
        asql__err_set(err, ASQL_ENOMEM, "out of memory in sqlite");
        return ASQL_ENOMEM;
    }
    const char *msg = c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc);
    asql__err_set(err, ASQL_ESQL, "%s", msg);
    classify(err, c->db ? sqlite3_extended_errcode(c->db) : rc, msg);
    return ASQL_ESQL;
}

static int bind_value(sqlite3_stmt *st, int i, const asql_value *v)
{
    char buf[ASQL__DT_BUF];
    if (v->is_null)
        return sqlite3_bind_null(st, i);
    switch (v->type.kind) {
    case ASQL_TYPE_SMALLINT:
    case ASQL_TYPE_INTEGER:
    case ASQL_TYPE_BIGINT:
    case ASQL_TYPE_BOOLEAN:
        return sqlite3_bind_int64(st, i, v->u.i64);
    case ASQL_TYPE_FLOAT:
    case ASQL_TYPE_DOUBLE:
        return sqlite3_bind_double(st, i, v->u.f64);
    case ASQL_TYPE_BLOB:
        if (v->u.bytes.len == 0)
            return sqlite3_bind_zeroblob(st, i, 0);
        return sqlite3_bind_blob64(st, i, v->u.bytes.ptr, v->u.bytes.len, SQLITE_STATIC);
    case ASQL_TYPE_DATE:
    case ASQL_TYPE_TIME:
    case ASQL_TYPE_DATETIME: {
        size_t n = asql__format_datetime(v->type.kind, v->u.dt, buf);
        return sqlite3_bind_text(st, i, buf, (int)n, SQLITE_TRANSIENT);
    }
    case ASQL_TYPE_UUID:
        asql__uuid_format(v->u.uuid, buf);
        return sqlite3_bind_text(st, i, buf, 36, SQLITE_TRANSIENT);
    default: /* NUMERIC, STRING, TEXT, JSON, UNKNOWN: text */
        return sqlite3_bind_text64(st, i, v->u.bytes.ptr ? v->u.bytes.ptr : "", v->u.bytes.len,
                                   SQLITE_STATIC, SQLITE_UTF8);
    }
}

/* A number in a NUMERIC column, as the shortest text that reads back as the same number. */
static asql_status put_numeric_text(asql__batch *b, asql__rcell *cell, sqlite3_value *v, int type)
{
    char buf[40];
    if (type == SQLITE_INTEGER) {
        snprintf(buf, sizeof(buf), "%lld", (long long)sqlite3_value_int64(v));
    } else {
        double d = sqlite3_value_double(v);
        snprintf(buf, sizeof(buf), "%.15g", d);
        if (strtod(buf, NULL) != d)
            snprintf(buf, sizeof(buf), "%.17g", d);
    }
    return asql__batch_put_bytes(b, cell, ASQL__RCELL_TEXT, buf, strlen(buf));
}

/* Copies the current row into the batch by storage class; NUMERIC columns become text. Each
 * value is fetched once with sqlite3_column_value() and read with sqlite3_value_*(), which is
 * half the API calls of sqlite3_column_type() plus sqlite3_column_<type>(). The value is
 * "unprotected" (no database mutex held), which is safe here: the connection is opened with
 * SQLITE_OPEN_NOMUTEX and only this thread ever uses it. */
static asql_status read_row(asql__batch *b, sqlite3_stmt *st, const asql_type_kind *kinds)
{
    asql__rcell *row = asql__batch_push_row(b);
    asql_status rc = ASQL_OK;
    if (!row)
        return ASQL_ENOMEM;
    for (int i = 0; rc == ASQL_OK && i < b->n_cols; i++) {
        sqlite3_value *v = sqlite3_column_value(st, i);
        asql__rcell *cell = &row[i];
        int t = sqlite3_value_type(v);
        if (kinds[i] == ASQL_TYPE_NUMERIC && (t == SQLITE_INTEGER || t == SQLITE_FLOAT)) {
            rc = put_numeric_text(b, cell, v, t);
        } else if (t == SQLITE_INTEGER) {
            cell->tag = ASQL__RCELL_INT;
            cell->u.i = sqlite3_value_int64(v);
        } else if (t == SQLITE_FLOAT) {
            cell->tag = ASQL__RCELL_REAL;
            cell->u.f = sqlite3_value_double(v);
        } else if (t == SQLITE_TEXT) {
            const unsigned char *p = sqlite3_value_text(v); /* before _bytes(), as SQLite asks */
            rc =
                asql__batch_put_bytes(b, cell, ASQL__RCELL_TEXT, p, (size_t)sqlite3_value_bytes(v));
        } else if (t == SQLITE_BLOB) {
            const void *p = sqlite3_value_blob(v);
            rc =
                asql__batch_put_bytes(b, cell, ASQL__RCELL_BLOB, p, (size_t)sqlite3_value_bytes(v));
        } else {
            cell->tag = ASQL__RCELL_NULL;
        }
    }
    if (rc != ASQL_OK) /* the row is dropped: its later cells were never set */
        b->n_rows--;
    return rc;
}

/* Column names and declared types as SQLite reports them, and the kinds their server types
 * suggest; no declared types of the query yet (those differ between queries of the same text).
 * Packed, so that copies handed to the loop cost one allocation. */
static asql__colinfo *describe(sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    asql__colinfo *cols = asql__colinfo_new(n), *packed;
    if (!cols)
        return NULL;
    for (int i = 0; i < n; i++) {
        if (asql__colinfo_set(cols, i, sqlite3_column_name(st, i),
                              sqlite3_column_decltype(st, i))) {
            asql__colinfo_free(cols);
            return NULL;
        }
    }
    packed = asql__colinfo_clone(cols);
    asql__colinfo_free(cols);
    return packed;
}

/* The description of the query's columns for the loop (a copy of `base` with the declared
 * types of the query), and the kinds the worker reads values with, in c->kinds. */
static asql__colinfo *describe_for(asql_bconn *c, const asql__colinfo *base, const asql__query *q)
{
    asql__colinfo *cols;
    if (base->n > c->cap_kinds) {
        asql_type_kind *k = asql__realloc(c->kinds, sizeof(*k) * (size_t)base->n);
        if (!k)
            return NULL;
        c->kinds = k;
        c->cap_kinds = base->n;
    }
    if (!(cols = asql__colinfo_clone(base)))
        return NULL;
    for (int i = 0; i < cols->n; i++) {
        if (q->n_decl == cols->n && q->decl[i].kind != ASQL_TYPE_UNKNOWN)
            cols->kinds[i] = q->decl[i].kind;
        c->kinds[i] = cols->kinds[i];
    }
    return cols;
}

/* Hands a full batch to the loop (with the column description when it has not gone yet), then
 * waits while too many are undelivered (back-pressure: a slow iterate callback must not let the
 * worker buffer a whole table). */
static void push_batch(asql_bconn *c, job *j, asql__batch **b, asql__colinfo **cols)
{
    item *it = asql__calloc(1, sizeof(*it));
    if (!it)
        return; /* the rows stay in *b and go with the next push */
    it->kind = ITEM_BATCH;
    it->job = j;
    it->batch = *b;
    it->cols = *cols;
    *b = NULL;
    *cols = NULL;
    pthread_mutex_lock(&c->mu);
    post_locked(c, it);
    while (c->pending_batches >= MAX_PENDING_BATCHES && !atomic_load(&j->cancel))
        pthread_cond_wait(&c->room, &c->mu);
    pthread_mutex_unlock(&c->mu);
}

/* 1 when only white space and semicolons are left: the text held a single statement. */
static int blank(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ';' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

static int exec_simple(asql_bconn *c, const char *sql)
{
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

/* The cache entry for exactly this text, or NULL. */
static struct cached *cache_find(asql_bconn *c, const char *sql, size_t len)
{
    for (int i = 0; i < c->n_cached; i++) {
        struct cached *e = &c->cache[i];
        if (e->len == len && memcmp(e->sql, sql, len) == 0)
            return e;
    }
    return NULL;
}

/* Keeps a finished single statement (and its description) for the next time the same text
 * comes: in its own entry `e` when it came from the cache, else in a new one, evicting the
 * least recently used. Finalizes what it cannot keep. */
static void cache_put(asql_bconn *c, struct cached *e, const char *sql, size_t len,
                      sqlite3_stmt *st, asql__colinfo *desc, int desc_gen)
{
    char *copy = NULL;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!e && (c->cache_size <= 0 || !(copy = asql__strndup(sql, len)))) {
        sqlite3_finalize(st);
        asql__colinfo_free(desc);
        return;
    }
    if (!e && c->n_cached == c->cache_size) { /* evict the least recently used */
        int old = 0;
        for (int i = 1; i < c->n_cached; i++)
            if (c->cache[i].used < c->cache[old].used)
                old = i;
        sqlite3_finalize(c->cache[old].stmt);
        asql__colinfo_free(c->cache[old].desc);
        asql__free(c->cache[old].sql);
        c->cache[old] = c->cache[--c->n_cached];
    }
    if (!e) {
        e = &c->cache[c->n_cached++];
        e->sql = copy;
        e->len = len;
        e->desc = NULL;
    }
    e->stmt = st;
    if (desc && desc != e->desc) { /* none made this time: keep the one it has */
        asql__colinfo_free(e->desc);
        e->desc = desc;
        e->desc_gen = desc_gen;
    }
    e->used = ++c->clock;
}

static void cache_clear(asql_bconn *c)
{
    for (int i = 0; i < c->n_cached; i++) {
        sqlite3_finalize(c->cache[i].stmt);
        asql__colinfo_free(c->cache[i].desc);
        asql__free(c->cache[i].sql);
    }
    c->n_cached = 0;
}

/* Rows the next batch of a query makes room for: the first batch grows from a few rows (most
 * results are small), later ones start full size. Wide rows get fewer rows per batch. */
static size_t batch_rows(int n_cols, int first, const asql__query *q, size_t delivered)
{
    size_t rows = BATCH_CELL_BYTES / ((size_t)(n_cols > 0 ? n_cols : 1) * sizeof(asql__rcell));
    if (rows > BATCH_ROWS)
        rows = BATCH_ROWS;
    if (rows < 1)
        rows = 1;
    if (first && rows > FIRST_BATCH_ROWS)
        rows = FIRST_BATCH_ROWS;
    if (q->max_rows && rows > q->max_rows - delivered)
        rows = q->max_rows - delivered;
    return rows;
}

/* Starts reading rows: the statement's own description (the cache entry's when it was made for
 * the statement as it is now, else a new one, in *desc and *gen), the copy for the loop with
 * the query's declared types (*cols), and the first batch. */
static asql_status start_rows(asql_bconn *c, const asql__query *q, sqlite3_stmt *stmt,
                              const struct cached *entry, asql__colinfo **desc, int *gen,
                              asql__colinfo **cols, asql__batch **batch)
{
    *gen = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 0);
    if (entry && entry->desc && entry->desc_gen == *gen &&
        entry->desc->n == sqlite3_column_count(stmt))
        *desc = entry->desc;
    else
        *desc = describe(stmt);
    if (*desc)
        *cols = describe_for(c, *desc, q);
    if (*cols)
        *batch = asql__batch_new_sized((*cols)->n, batch_rows((*cols)->n, 1, q, 0), 256);
    if (!*batch) {
        asql__colinfo_free(*cols);
        *cols = NULL;
        return ASQL_ENOMEM;
    }
    return ASQL_OK;
}

/* Runs every statement of the SQL text once per parameter set. Parameters are consumed in
 * order across the statements, as the compiler numbered them. */
static asql_status run_query(asql_bconn *c, job *j, item *done)
{
    const asql__query *q = j->q;
    asql_status st = ASQL_OK;
    asql__colinfo *cols = NULL; /* the description for the loop, until it goes out */
    asql__batch *batch = NULL;
    size_t delivered = 0, full_rows = 0, next_bytes = 0;
    int n_cols = 0, described = 0, savepoint = 0, rc;
    sqlite3_stmt *reuse = NULL;
    struct cached *entry = NULL; /* the cache entry of the text, when it has one */
    int from_cache = 0;          /* the statement running is entry's */

    if ((q->flags & ASQL__Q_BATCH) && q->n_sets > 1) {
        if ((rc = exec_simple(c, "SAVEPOINT asql_batch")) != SQLITE_OK)
            return fail(c, j, rc, &done->err);
        savepoint = 1;
    }
    for (size_t set = 0; st == ASQL_OK && set < q->n_sets; set++) {
        const char *sql = q->sql, *end = q->sql + q->sql_len;
        int base = 0;
        while (st == ASQL_OK && sql < end) {
            sqlite3_stmt *stmt = NULL;
            const char *tail = NULL;
            if (reuse && sql == q->sql) { /* execute_many: prepared once, bound per set */
                stmt = reuse;
                tail = end;
                reuse = NULL;
                sqlite3_clear_bindings(stmt);
            } else if (sql == q->sql && (entry = cache_find(c, q->sql, q->sql_len)) &&
                       entry->stmt) {
                stmt = entry->stmt;
                entry->stmt = NULL; /* running: in one place only */
                from_cache = 1;
                tail = end;
            } else if ((rc = sqlite3_prepare_v2(c->db, sql, (int)(end - sql), &stmt, &tail))) {
                st = fail(c, j, rc, &done->err);
                break;
            }
            int only = sql == q->sql && blank(tail, end);
            sql = tail;
            if (!stmt) /* only whitespace or a comment was left */
                continue;
            int np = sqlite3_bind_parameter_count(stmt);
            if (base + np > q->n_params) {
                asql__err_set(&done->err, ASQL_EINVAL,
                              "statement has more placeholders than values (%d)", q->n_params);
                sqlite3_finalize(stmt);
                st = ASQL_EINVAL;
                break;
            }
            for (int i = 0; i < np && st == ASQL_OK; i++)
                if ((rc = bind_value(stmt, i + 1, &q->values[set * q->n_params + base + i])))
                    st = fail(c, j, rc, &done->err);
            base += np;
            /* The description is made after the first step: a step re-prepares a statement
             * whose schema changed, which may change its columns. */
            asql__colinfo *desc = NULL;
            int gen = 0, describe_now = st == ASQL_OK && !described;
            while (st == ASQL_OK) {
                if (atomic_load(&j->cancel)) {
                    st = fail(c, j, SQLITE_INTERRUPT, &done->err);
                    break;
                }
                rc = sqlite3_step(stmt);
                if (describe_now) {
                    describe_now = 0;
                    if (sqlite3_column_count(stmt) > 0) {
                        if ((st = start_rows(c, q, stmt, from_cache ? entry : NULL, &desc, &gen,
                                             &cols, &batch)) != ASQL_OK)
                            break;
                        n_cols = cols->n;
                        full_rows = batch_rows(n_cols, 0, q, 0);
                        described = 1;
                    }
                }
                if (rc == SQLITE_DONE)
                    break;
                if (rc != SQLITE_ROW) {
                    st = fail(c, j, rc, &done->err);
                    break;
                }
                if (!(q->flags & ASQL__Q_ROWS) || !batch ||
                    sqlite3_data_count(stmt) != batch->n_cols)
                    continue;
                /* The first batch doubles up to full size; later ones are made full size. */
                if (batch->n_rows == batch->cap_rows) {
                    size_t want = batch->cap_rows * 2 < full_rows ? batch->cap_rows * 2 : full_rows;
                    if (asql__batch_reserve(batch, want) != ASQL_OK) {
                        st = ASQL_ENOMEM;
                        break;
                    }
                }
                if ((st = read_row(batch, stmt, c->kinds)) != ASQL_OK)
                    break;
                delivered++;
                if (q->max_rows && delivered >= q->max_rows)
                    break;
                if (batch->n_rows >= full_rows || batch->n_bytes >= BATCH_BYTES) {
                    /* The next batch's bytes: about what this one needed, at most a full
                     * batch's worth (one huge value does not make every batch huge). */
                    next_bytes = batch->n_bytes + batch->n_bytes / 8 + 64;
                    if (next_bytes > BATCH_BYTES + BATCH_BYTES / 8)
                        next_bytes = BATCH_BYTES + BATCH_BYTES / 8;
                    push_batch(c, j, &batch, &cols);
                    if (!batch && !(batch = asql__batch_new_sized(
                                        n_cols, batch_rows(n_cols, 0, q, delivered), next_bytes)))
                        st = ASQL_ENOMEM;
                }
            }
            /* The statement stays active until it is finalized, so an interrupt aimed at this
             * job can land no later than here; stale flags are cleared by SQLite when the next
             * statement starts with none active. */
            if (st == ASQL_OK && only && set + 1 < q->n_sets) {
                sqlite3_reset(stmt); /* inactive, like finalized, but kept for the next set */
                reuse = stmt;
                sql = end;
                if (desc && (!entry || desc != entry->desc))
                    asql__colinfo_free(desc); /* execute_many returns no rows */
            } else if (only) {
                cache_put(c, entry, q->sql, q->sql_len, stmt, desc, gen);
            } else {
                sqlite3_finalize(stmt);
                if (desc && (!entry || desc != entry->desc))
                    asql__colinfo_free(desc);
            }
            if (st == ASQL_OK) {
                done->changes += sqlite3_changes64(c->db);
                if (q->flags & ASQL__Q_INSERT_ID) {
                    done->last_id = sqlite3_last_insert_rowid(c->db);
                    done->has_id = 1;
                }
            }
            if (q->max_rows && delivered >= q->max_rows)
                break;
        }
    }
    if (reuse)
        cache_put(c, entry, q->sql, q->sql_len, reuse, entry ? entry->desc : NULL,
                  entry ? entry->desc_gen : 0);
    if (savepoint) {
        if (st != ASQL_OK)
            exec_simple(c, "ROLLBACK TO asql_batch");
        exec_simple(c, "RELEASE asql_batch");
    }
    /* The last rows and a description not sent yet travel with the completion. */
    if (batch && batch->n_rows > 0)
        done->batch = batch;
    else
        asql__batch_free(batch);
    done->cols = cols;
    if (st == ASQL_ENOMEM && done->err.status == ASQL_OK)
        asql__err_set(&done->err, ASQL_ENOMEM, "out of memory reading rows");
    return st;
}

/* Opens the database on the worker, with a busy timeout (waiting here never blocks the loop)
 * and foreign keys enforced, as other servers do. */
static asql_status run_open(asql_bconn *c, job *j, item *done)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    int rc = sqlite3_open_v2(c->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        asql__err_set(&done->err, ASQL_ECONNECT, "cannot open SQLite database: %s",
                      c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        done->err.backend_code = rc;
        sqlite3_close_v2(c->db);
        c->db = NULL;
        return ASQL_ECONNECT;
    }
    (void)j;
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(c->db, 1);
    exec_simple(c, "PRAGMA foreign_keys = ON");
    return ASQL_OK;
}

/* Polls (without the lock) for a job for up to SPIN_NS, so that a query submitted right after
 * the last one finds the worker awake: see SPIN_NS. It yields rather than spins in place, so
 * that it never keeps the loop thread off a shared CPU. */
static void spin_for_job(asql_bconn *c)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (atomic_load_explicit(&c->n_jobs, memory_order_relaxed) == 0) {
        clock_gettime(CLOCK_MONOTONIC, &t); /* each turn costs a system call: check each time */
        if ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) > SPIN_NS)
            return;
        sched_yield(); /* a thread runnable on this CPU (the loop's, say) goes first */
    }
}

/* The worker thread: runs jobs one at a time, in order, until the close job. `running_id` marks
 * the job whose statement sqlite3_interrupt() may hit; it changes only under `mu`. */
static void *worker(void *arg)
{
    asql_bconn *c = arg;
    for (;;) {
        spin_for_job(c);
        pthread_mutex_lock(&c->mu);
        while (!c->jobs_head)
            pthread_cond_wait(&c->cv, &c->mu);
        job *j = c->jobs_head;
        atomic_fetch_sub_explicit(&c->n_jobs, 1, memory_order_relaxed);
        c->jobs_head = j->next;
        if (!c->jobs_head)
            c->jobs_tail = NULL;
        if (j->kind == JOB_QUERY)
            c->running_id = j->id;
        pthread_mutex_unlock(&c->mu);

        item *d = &j->done;
        int kind = j->kind; /* the loop frees `j` once it drained its ITEM_DONE */
        if (j->kind == JOB_OPEN) {
            d->status = run_open(c, j, d);
        } else if (j->kind == JOB_QUERY) {
            d->status = run_query(c, j, d);
        } else {
            cache_clear(c);
            sqlite3_close_v2(c->db);
            c->db = NULL;
        }
        pthread_mutex_lock(&c->mu);
        c->running_id = 0;
        d->kind = ITEM_DONE;
        d->job = j;
        post_locked(c, d);
        pthread_mutex_unlock(&c->mu);
        if (kind == JOB_CLOSE)
            return NULL;
    }
}

/* ---- loop side -------------------------------------------------------------------------- */

static asql_status create(asql_bconn **out, const asql__bconfig *cfg, asql_error *err)
{
    asql_bconn *c = asql__calloc(1, sizeof(*c));
    const char *path = asql_url_database(cfg->url);
    if (!c || !(c->path = asql__exec_strdup(path && *path ? path : ":memory:"))) {
        asql__free(c);
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    c->cache_size = cfg->opts->statement_cache_size > 0 ? cfg->opts->statement_cache_size : 0;
    if (c->cache_size && !(c->cache = asql__calloc((size_t)c->cache_size, sizeof(*c->cache)))) {
        asql__free(c->path);
        asql__free(c);
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    atomic_init(&c->n_jobs, 0);
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    pthread_cond_init(&c->room, NULL);
    c->lops = cfg->lops;
    c->wake = cfg->wake;
    *out = c;
    return ASQL_OK;
}

/* Queues a job for the worker; it becomes the connection's current job. The job of the last
 * completion is reused, so that a query costs no allocation here. */
static job *submit(asql_bconn *c, int kind, const asql__query *q)
{
    job *j = c->spare;
    if (j) {
        c->spare = NULL;
        memset(j, 0, sizeof(*j));
    } else if (!(j = asql__calloc(1, sizeof(*j)))) {
        return NULL;
    }
    j->kind = kind;
    j->q = q;
    atomic_init(&j->cancel, 0);
    pthread_mutex_lock(&c->mu);
    j->id = ++c->next_id;
    atomic_fetch_add_explicit(&c->n_jobs, 1, memory_order_relaxed);
    if (c->jobs_tail)
        c->jobs_tail->next = j;
    else
        c->jobs_head = j;
    c->jobs_tail = j;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    c->cur = j;
    c->stop_rows = 0;
    return j;
}

/* Takes every completion item at once and lets a worker blocked on back-pressure go on. Only
 * that wait is signalled: waking a worker that waits for a job would cost two needless context
 * switches per query. */
static item *take_items(asql_bconn *c)
{
    pthread_mutex_lock(&c->mu);
    item *it = c->items_head;
    c->items_head = c->items_tail = NULL;
    if (c->pending_batches >= MAX_PENDING_BATCHES)
        pthread_cond_signal(&c->room);
    c->pending_batches = 0;
    pthread_mutex_unlock(&c->mu);
    return it;
}

/* Frees an item and what it still carries; a completion is part of its job, freed with it. */
static void item_free(asql_bconn *c, item *it)
{
    asql__colinfo_free(it->cols);
    asql__batch_free(it->batch);
    if (it->kind != ITEM_DONE) {
        asql__free(it);
    } else if (c && !c->spare) {
        c->spare = it->job;
    } else {
        asql__free(it->job);
    }
}

/* Drains the completion queue, delivering to `sink` (NULL: discard). Columns, then rows, then
 * the end, in the order the worker made them. Returns the status of the current job once its
 * ITEM_DONE arrived, else ASQL_AGAIN. */
static asql_status drain(asql_bconn *c, asql__sink *sink, asql_error *err)
{
    asql_status st = ASQL_AGAIN;
    item *it = take_items(c);
    while (it) {
        item *next = it->next;
        int mine = sink && it->job == c->cur;
        if (it->cols && mine) {
            sink->columns(sink, it->cols);
            it->cols = NULL;
        }
        if (it->batch && mine && !c->stop_rows) {
            if (sink->batch(sink, it->batch)) {
                c->stop_rows = 1;
                atomic_store(&c->cur->cancel, 1);
                pthread_mutex_lock(&c->mu);
                if (c->running_id == c->cur->id)
                    sqlite3_interrupt(c->db);
                pthread_cond_signal(&c->room);
                pthread_mutex_unlock(&c->mu);
            }
            it->batch = NULL;
        }
        if (it->kind == ITEM_DONE && it->job == c->cur) {
            st = it->status;
            if (err)
                *err = it->err;
            if (sink) {
                sink->rows_affected = it->changes;
                sink->insert_id = it->last_id;
                sink->has_insert_id = it->has_id;
            }
            c->cur = NULL;
        }
        item_free(c, it);
        it = next;
    }
    return st;
}

/* Starts the worker and its open job; then waits for the open job's completion item. */
static asql_status connect_step(asql_bconn *c, unsigned ready, unsigned *want, asql_error *err)
{
    *want = ASQL_IO_WAKE;
    if (ready == 0) {
        if (!c->thread_started) {
            if (pthread_create(&c->thread, NULL, worker, c) != 0) {
                asql__err_set(err, ASQL_ECONNECT, "cannot start the SQLite worker thread");
                return ASQL_ECONNECT;
            }
            c->thread_started = 1;
        }
        if (!submit(c, JOB_OPEN, NULL)) {
            asql__err_set(err, ASQL_ENOMEM, "out of memory");
            return ASQL_ENOMEM;
        }
        return ASQL_AGAIN;
    }
    asql_status st = drain(c, NULL, err);
    if (st != ASQL_AGAIN)
        *want = 0;
    return st;
}

static asql_status send_query(asql_bconn *c, const asql__query *q, unsigned *want, asql_error *err)
{
    *want = ASQL_IO_WAKE;
    if (!submit(c, JOB_QUERY, q)) {
        asql__err_set(err, ASQL_ENOMEM, "out of memory");
        return ASQL_ENOMEM;
    }
    return ASQL_AGAIN;
}

static asql_status recv_step(asql_bconn *c, unsigned ready, unsigned *want, asql__sink *sink,
                             asql_error *err)
{
    (void)ready;
    asql_status st = drain(c, sink, err);
    *want = st == ASQL_AGAIN ? ASQL_IO_WAKE : 0;
    return st;
}

static int sock(const asql_bconn *c)
{
    (void)c;
    return -1;
}

/* Sets the job's own flag (seen between rows and statements) and interrupts the statement only
 * while the worker is running that very job: `running_id` changes under the same lock. */
static asql_status cancel(asql_bconn *c)
{
    if (!c->cur || c->cur->kind != JOB_QUERY)
        return ASQL_OK;
    atomic_store(&c->cur->cancel, 1);
    pthread_mutex_lock(&c->mu);
    if (c->running_id == c->cur->id)
        sqlite3_interrupt(c->db);
    pthread_cond_signal(&c->room);
    pthread_mutex_unlock(&c->mu);
    return ASQL_OK;
}

/* Queues the close job behind whatever runs (cancelled first), waits for its completion, then
 * joins the worker, which returns right after posting it. */
static asql_status close_step(asql_bconn *c, unsigned ready, unsigned *want)
{
    *want = 0;
    if (!c->thread_started)
        return ASQL_OK;
    if (ready == 0) {
        cancel(c);
        if (!submit(c, JOB_CLOSE, NULL)) {
            /* Without memory for a job, stop the worker the hard way is not possible: keep
             * waiting for the loop to retry on the next wake. */
            *want = ASQL_IO_WAKE;
            return ASQL_AGAIN;
        }
    }
    /* ITEM_DONE of the close job clears `cur`. Earlier jobs' items are discarded. */
    asql_status st = drain(c, NULL, NULL);
    if (st == ASQL_AGAIN || c->cur) {
        *want = ASQL_IO_WAKE;
        return ASQL_AGAIN;
    }
    pthread_join(c->thread, NULL);
    c->thread_started = 0;
    return ASQL_OK;
}

static void bfree(asql_bconn *c)
{
    if (!c)
        return;
    if (c->thread_started) { /* never closed: stop the worker (a short blocking join) */
        cancel(c);
        if (submit(c, JOB_CLOSE, NULL))
            pthread_join(c->thread, NULL);
        else
            pthread_detach(c->thread);
    }
    item *it = c->items_head;
    while (it) {
        item *next = it->next;
        item_free(NULL, it);
        it = next;
    }
    while (c->jobs_head) {
        job *j = c->jobs_head;
        c->jobs_head = j->next;
        asql__free(j);
    }
    asql__free(c->spare);
    asql__free(c->kinds);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    pthread_cond_destroy(&c->room);
    asql__free(c->path);
    asql__free(c->cache);
    asql__free(c);
}

static void *native(asql_bconn *c)
{
    return c->db;
}

static const asql_dialect *dialect(void)
{
    return asql_dialect_sqlite();
}

const asql_backend asql__backend_sqlite = {
    ASQL__BACKEND_VERSION,
    "sqlite",
    dialect,
    create,
    connect_step,
    send_query,
    recv_step,
    sock,
    cancel,
    close_step,
    bfree,
    native,
};
