/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c - the SQLite backend: one worker thread per connection runs every sqlite3 call (open,
 * prepare, step, close); the loop thread never does. Jobs go to the worker through a locked
 * queue; columns, row batches and completions come back through another, announced with the
 * loop seam's thread-safe wake-up. Cancel uses sqlite3_interrupt, guarded so that it can only
 * hit the job it means. The only file of the library that includes <sqlite3.h>.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/backend.h"

/* Rows per batch and bytes per batch before a batch is handed to the loop, and how many
 * undelivered batches the worker may queue before it waits for the loop to drain them. */
#define BATCH_ROWS 1024
#define BATCH_BYTES (64 * 1024)
#define MAX_PENDING_BATCHES 8
#define BUSY_TIMEOUT_MS 5000

enum { JOB_OPEN, JOB_QUERY, JOB_CLOSE };
enum { ITEM_COLUMNS, ITEM_BATCH, ITEM_DONE };

typedef struct job {
    struct job *next;
    int kind;
    uint64_t id;
    const asql__query *q; /* owned by the core until the job's ITEM_DONE is drained */
    atomic_int cancel;
    struct item *done; /* allocated with the job, so that completion cannot fail */
} job;

typedef struct item {
    struct item *next;
    int kind;
    job *job;
    asql__colinfo *cols;
    asql__batch *batch;
    asql_status status;
    asql_error err;
    int64_t changes;
    int64_t last_id;
    int has_id;
} item;

struct asql_bconn {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int thread_started;
    job *jobs_head, *jobs_tail;    /* loop -> worker */
    item *items_head, *items_tail; /* worker -> loop */
    int pending_batches;
    uint64_t next_id;
    uint64_t running_id; /* the job whose statement may be interrupted now; 0: none */
    sqlite3 *db;         /* the worker's alone, except sqlite3_interrupt() under `mu` */
    job *cur;            /* loop side: the job in flight (open, query or close) */
    int stop_rows;       /* loop side: the sink wants no more rows of `cur` */
    char *path;
    /* Prepared statements kept by SQL text (the worker's alone), least recently used last. */
    struct cached {
        char *sql;
        size_t len;
        sqlite3_stmt *stmt;
        uint64_t used;
    } * cache;
    int cache_size, n_cached;
    uint64_t clock;
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
        asql__format_uuid(v->u.uuid, buf);
        return sqlite3_bind_text(st, i, buf, 36, SQLITE_TRANSIENT);
    default: /* NUMERIC, STRING, TEXT, JSON, UNKNOWN: text */
        return sqlite3_bind_text64(st, i, v->u.bytes.ptr ? v->u.bytes.ptr : "", v->u.bytes.len,
                                   SQLITE_STATIC, SQLITE_UTF8);
    }
}

/* A number in a NUMERIC column, as the shortest text that reads back as the same number. */
static asql_status set_numeric_text(asql__batch *b, int col, sqlite3_stmt *st, int i)
{
    char buf[40];
    if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
        snprintf(buf, sizeof(buf), "%lld", (long long)sqlite3_column_int64(st, i));
    } else {
        double d = sqlite3_column_double(st, i);
        snprintf(buf, sizeof(buf), "%.15g", d);
        if (strtod(buf, NULL) != d)
            snprintf(buf, sizeof(buf), "%.17g", d);
    }
    return asql__batch_set_bytes(b, col, ASQL__RCELL_TEXT, buf, strlen(buf));
}

/* Copies the current row into the batch by storage class; NUMERIC columns become text. */
static asql_status read_row(asql__batch *b, sqlite3_stmt *st, const asql_type_kind *kinds)
{
    asql_status rc = asql__batch_add_row(b);
    for (int i = 0; rc == ASQL_OK && i < b->n_cols; i++) {
        int t = sqlite3_column_type(st, i);
        if (t == SQLITE_NULL)
            continue;
        if (kinds[i] == ASQL_TYPE_NUMERIC && (t == SQLITE_INTEGER || t == SQLITE_FLOAT)) {
            rc = set_numeric_text(b, i, st, i);
        } else if (t == SQLITE_INTEGER) {
            asql__batch_set_int(b, i, sqlite3_column_int64(st, i));
        } else if (t == SQLITE_FLOAT) {
            asql__batch_set_real(b, i, sqlite3_column_double(st, i));
        } else if (t == SQLITE_BLOB) {
            const void *p = sqlite3_column_blob(st, i);
            rc = asql__batch_set_bytes(b, i, ASQL__RCELL_BLOB, p,
                                       (size_t)sqlite3_column_bytes(st, i));
        } else {
            const unsigned char *p = sqlite3_column_text(st, i);
            rc = asql__batch_set_bytes(b, i, ASQL__RCELL_TEXT, p,
                                       (size_t)sqlite3_column_bytes(st, i));
        }
    }
    return rc;
}

/* Column names, declared types as SQLite reports them, and the kinds values are read with. */
static asql__colinfo *describe(sqlite3_stmt *st, const asql__query *q)
{
    int n = sqlite3_column_count(st);
    asql__colinfo *cols = asql__colinfo_new(n);
    if (!cols)
        return NULL;
    for (int i = 0; i < n; i++) {
        if (q->n_decl == n)
            cols->kinds[i] = q->decl[i].kind;
        if (asql__colinfo_set(cols, i, sqlite3_column_name(st, i),
                              sqlite3_column_decltype(st, i))) {
            asql__colinfo_free(cols);
            return NULL;
        }
    }
    return cols;
}

/* Hands a full batch to the loop, then waits while too many are undelivered (back-pressure:
 * a slow iterate callback must not let the worker buffer a whole table). */
static void push_batch(asql_bconn *c, job *j, asql__batch **b)
{
    item *it = asql__calloc(1, sizeof(*it));
    if (!it)
        return; /* the rows stay in *b and go with the next push */
    it->kind = ITEM_BATCH;
    it->job = j;
    it->batch = *b;
    *b = NULL;
    pthread_mutex_lock(&c->mu);
    post_locked(c, it);
    while (c->pending_batches >= MAX_PENDING_BATCHES && !atomic_load(&j->cancel))
        pthread_cond_wait(&c->cv, &c->mu);
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

/* A prepared statement for exactly this text, taken out of the cache (so that it is in one
 * place only while it runs), or NULL. */
static sqlite3_stmt *cache_take(asql_bconn *c, const char *sql, size_t len)
{
    for (int i = 0; i < c->n_cached; i++) {
        struct cached *e = &c->cache[i];
        if (e->len == len && memcmp(e->sql, sql, len) == 0) {
            sqlite3_stmt *st = e->stmt;
            asql__free(e->sql);
            *e = c->cache[--c->n_cached];
            return st;
        }
    }
    return NULL;
}

/* Keeps a finished single statement for the next time the same text comes; else finalizes. */
static void cache_put(asql_bconn *c, const char *sql, size_t len, sqlite3_stmt *st)
{
    char *copy;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (c->cache_size <= 0 || !(copy = asql__strndup(sql, len))) {
        sqlite3_finalize(st);
        return;
    }
    if (c->n_cached == c->cache_size) { /* evict the least recently used */
        int old = 0;
        for (int i = 1; i < c->n_cached; i++)
            if (c->cache[i].used < c->cache[old].used)
                old = i;
        sqlite3_finalize(c->cache[old].stmt);
        asql__free(c->cache[old].sql);
        c->cache[old] = c->cache[--c->n_cached];
    }
    struct cached *e = &c->cache[c->n_cached++];
    e->sql = copy;
    e->len = len;
    e->stmt = st;
    e->used = ++c->clock;
}

static void cache_clear(asql_bconn *c)
{
    for (int i = 0; i < c->n_cached; i++) {
        sqlite3_finalize(c->cache[i].stmt);
        asql__free(c->cache[i].sql);
    }
    c->n_cached = 0;
}

/* Runs every statement of the SQL text once per parameter set. Parameters are consumed in
 * order across the statements, as the compiler numbered them. */
static asql_status run_query(asql_bconn *c, job *j, item *done)
{
    const asql__query *q = j->q;
    asql_status st = ASQL_OK;
    asql_type_kind *kinds = NULL; /* how to read each column (NUMERIC becomes text) */
    int n_cols = 0;
    asql__batch *batch = NULL;
    size_t delivered = 0;
    int cols_sent = 0, savepoint = 0, rc;
    sqlite3_stmt *reuse = NULL;

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
            } else if (sql == q->sql && (stmt = cache_take(c, q->sql, q->sql_len))) {
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
            if (st == ASQL_OK && !cols_sent && sqlite3_column_count(stmt) > 0) {
                /* The description goes to the loop; the worker keeps only the kinds. */
                item *it = asql__calloc(1, sizeof(*it));
                asql__colinfo *desc = it ? describe(stmt, q) : NULL;
                if (desc)
                    kinds = asql__malloc(sizeof(*kinds) * (size_t)(desc->n > 0 ? desc->n : 1));
                if (kinds)
                    batch = asql__batch_new(desc->n);
                if (!batch) {
                    asql__free(it);
                    asql__colinfo_free(desc);
                    st = ASQL_ENOMEM;
                } else {
                    n_cols = desc->n;
                    memcpy(kinds, desc->kinds, sizeof(*kinds) * (size_t)n_cols);
                    it->kind = ITEM_COLUMNS;
                    it->job = j;
                    it->cols = desc;
                    pthread_mutex_lock(&c->mu);
                    post_locked(c, it);
                    pthread_mutex_unlock(&c->mu);
                    cols_sent = 1;
                }
            }
            while (st == ASQL_OK) {
                if (atomic_load(&j->cancel)) {
                    st = fail(c, j, SQLITE_INTERRUPT, &done->err);
                    break;
                }
                rc = sqlite3_step(stmt);
                if (rc == SQLITE_DONE)
                    break;
                if (rc != SQLITE_ROW) {
                    st = fail(c, j, rc, &done->err);
                    break;
                }
                if (!(q->flags & ASQL__Q_ROWS) || !batch ||
                    sqlite3_data_count(stmt) != batch->n_cols)
                    continue;
                if ((st = read_row(batch, stmt, kinds)) != ASQL_OK)
                    break;
                delivered++;
                if (q->max_rows && delivered >= q->max_rows)
                    break;
                if (batch->n_rows >= BATCH_ROWS || asql__batch_weight(batch) >= BATCH_BYTES) {
                    push_batch(c, j, &batch);
                    if (!batch && !(batch = asql__batch_new(n_cols)))
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
            } else if (only) {
                cache_put(c, q->sql, q->sql_len, stmt);
            } else {
                sqlite3_finalize(stmt);
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
        cache_put(c, q->sql, q->sql_len, reuse);
    if (savepoint) {
        if (st != ASQL_OK)
            exec_simple(c, "ROLLBACK TO asql_batch");
        exec_simple(c, "RELEASE asql_batch");
    }
    if (batch && batch->n_rows > 0)
        push_batch(c, j, &batch);
    asql__batch_free(batch);
    asql__free(kinds);
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

/* The worker thread: runs jobs one at a time, in order, until the close job. `running_id` marks
 * the job whose statement sqlite3_interrupt() may hit; it changes only under `mu`. */
static void *worker(void *arg)
{
    asql_bconn *c = arg;
    for (;;) {
        pthread_mutex_lock(&c->mu);
        while (!c->jobs_head)
            pthread_cond_wait(&c->cv, &c->mu);
        job *j = c->jobs_head;
        c->jobs_head = j->next;
        if (!c->jobs_head)
            c->jobs_tail = NULL;
        if (j->kind == JOB_QUERY)
            c->running_id = j->id;
        pthread_mutex_unlock(&c->mu);

        item *d = j->done;
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
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    c->lops = cfg->lops;
    c->wake = cfg->wake;
    *out = c;
    return ASQL_OK;
}

/* Queues a job for the worker; it becomes the connection's current job. */
static job *submit(asql_bconn *c, int kind, const asql__query *q)
{
    job *j = asql__calloc(1, sizeof(*j));
    if (!j || !(j->done = asql__calloc(1, sizeof(item)))) {
        asql__free(j);
        return NULL;
    }
    j->kind = kind;
    j->q = q;
    atomic_init(&j->cancel, 0);
    pthread_mutex_lock(&c->mu);
    j->id = ++c->next_id;
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

/* Takes every completion item at once and lets a worker blocked on back-pressure go on. */
static item *take_items(asql_bconn *c)
{
    pthread_mutex_lock(&c->mu);
    item *it = c->items_head;
    c->items_head = c->items_tail = NULL;
    c->pending_batches = 0;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return it;
}

static void item_free(item *it)
{
    asql__colinfo_free(it->cols);
    asql__batch_free(it->batch);
    asql__free(it);
}

/* Drains the completion queue, delivering to `sink` (NULL: discard). Returns the status of the
 * current job once its ITEM_DONE arrived, else ASQL_AGAIN. */
static asql_status drain(asql_bconn *c, asql__sink *sink, asql_error *err)
{
    asql_status st = ASQL_AGAIN;
    item *it = take_items(c);
    while (it) {
        item *next = it->next;
        if (it->kind == ITEM_COLUMNS && sink && it->job == c->cur) {
            sink->columns(sink, it->cols);
            it->cols = NULL;
        } else if (it->kind == ITEM_BATCH && sink && it->job == c->cur && !c->stop_rows) {
            if (sink->batch(sink, it->batch)) {
                c->stop_rows = 1;
                atomic_store(&c->cur->cancel, 1);
                pthread_mutex_lock(&c->mu);
                if (c->running_id == c->cur->id)
                    sqlite3_interrupt(c->db);
                pthread_cond_broadcast(&c->cv);
                pthread_mutex_unlock(&c->mu);
            }
            it->batch = NULL;
        } else if (it->kind == ITEM_DONE) {
            if (it->job == c->cur) {
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
            asql__free(it->job);
        }
        item_free(it);
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
    pthread_cond_broadcast(&c->cv);
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
        asql__free(it->job);
        item_free(it);
        it = next;
    }
    while (c->jobs_head) {
        job *j = c->jobs_head;
        c->jobs_head = j->next;
        asql__free(j);
    }
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
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
