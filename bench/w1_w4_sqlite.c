/* SPDX-License-Identifier: MIT */
/*
 * w1_w4_sqlite.c - benchmarks W1-W4 of shared/BENCH.md on SQLite: asql (through its blocking
 * layer, i.e. the asynchronous core on a private loop, the worker thread and the hand-offs) and
 * the raw sqlite3 floor (one prepared statement reused, on the calling thread), run alternately
 * for several rounds; prints the median of each and the ratio.
 *
 *   W1 execute_many: 10,000 inserts, one statement, one batch (raw: one transaction)
 *   W2 fetch_all of 100,000 rows, every value read into a C variable
 *   W3 10,000 fetch_one point queries by primary key
 *   W4 iterate over 100,000 rows, counting them
 *
 * Also W4 at 1,000,000 rows for peak memory: each contender runs in a child process, which
 * reports how far its peak RSS (VmHWM) grew over what it was before the work.
 *
 * Build: cc -O2 -Iinclude bench/w1_w4_sqlite.c build-rel/libasql.a \
 *          $(pkg-config --libs sqlite3 libpq) -lev -lpthread -lm -o build-rel/w1_w4_sqlite
 * Run:   build-rel/w1_w4_sqlite [rounds [workloads]]   (workloads: digits, e.g. 24 for W2 and W4)
 *        build-rel/w1_w4_sqlite rss [rows]             (W4 peak memory; default 1,000,000 rows)
 * Database files live under /tmp and are removed after.
 */
#include <ev.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "asql/asql.h"

#define N_INSERT 10000
#define N_ROWS 100000
#define N_POINT 10000
#define PATH "/tmp/asql_bench_w.db"

static const struct notes_table {
    asql_table table;
    asql_column id, text, completed, score;
} notes = ASQL_TABLE_DEF(
    notes, "notes", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(text, "text", ASQL_STRING(100)), ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN),
    ASQL_COLUMN(score, "score", ASQL_DOUBLE));

static const char *ddl = "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "text VARCHAR(100), completed BOOLEAN, score DOUBLE)";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void must(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "failed: %s\n", what);
        exit(1);
    }
}

/* A fresh file holding `rows` notes (made with raw sqlite3: setup is not measured). */
static void fresh(int rows)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    unlink(PATH);
    must(sqlite3_open(PATH, &db) == SQLITE_OK, "open");
    sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
    sqlite3_exec(db, ddl, NULL, NULL, NULL);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO notes (text, completed, score) VALUES (?, ?, ?)", -1, &st,
                       NULL);
    for (int i = 0; i < rows; i++) {
        sqlite3_bind_text(st, 1, "a note of some length", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, i & 1);
        sqlite3_bind_double(st, 3, i * 0.5);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
}

/* ---- asql ------------------------------------------------------------------------------------ */

static asql_db *open_asql(void)
{
    asql_db *db;
    must(asql_blocking_open(&db, "sqlite:///" PATH, NULL, NULL) == ASQL_OK, "asql open");
    return db;
}

static double asql_w1(void)
{
    asql_db *db;
    asql_params *p;
    fresh(0);
    db = open_asql();
    double t0 = now();
    asql_stmt *q = asql_insert(&notes.table);
    asql_set(q, &notes.text, asql_param(q, "text"));
    asql_set(q, &notes.completed, asql_param(q, "completed"));
    asql_set(q, &notes.score, asql_param(q, "score"));
    asql_params_new(&p);
    for (int i = 0; i < N_INSERT; i++) {
        if (i)
            asql_params_next(p);
        asql_params_str(p, "text", "a note of some length");
        asql_params_bool(p, "completed", i & 1);
        asql_params_double(p, "score", i * 0.5);
    }
    must(asql_blocking_execute_many(NULL, ASQL_ON_DB(db), q, p) == ASQL_OK, "W1");
    double t = now() - t0;
    asql_params_free(p);
    asql_stmt_free(q);
    asql_blocking_close(db);
    return t;
}

static double asql_w2(asql_db *db)
{
    asql_result *res;
    int64_t sum = 0;
    double t0 = now();
    asql_stmt *q = asql_select(&notes.table);
    must(asql_blocking_fetch_all(&res, ASQL_ON_DB(db), q, NULL) == ASQL_OK, "W2");
    for (size_t i = 0; i < asql_result_n_rows(res); i++) {
        const asql_row *r = asql_result_row(res, i);
        int64_t id;
        const char *text;
        bool done;
        double score;
        asql_row_int64(r, 0, &id);
        asql_row_text(r, 1, &text, NULL);
        asql_row_bool(r, 2, &done);
        asql_row_double(r, 3, &score);
        sum += id + done + (int64_t)score + text[0];
    }
    double t = now() - t0;
    must(asql_result_n_rows(res) == N_ROWS && sum > 0, "W2 rows");
    asql_result_free(res);
    asql_stmt_free(q);
    return t;
}

static double asql_w3(asql_db *db)
{
    double t0 = now();
    asql_stmt *q = asql_select(&notes.table);
    asql_where(q, asql_eq(q, asql_col(q, &notes.id), asql_param(q, "id")));
    asql_params *p;
    asql_params_new(&p);
    for (int i = 1; i <= N_POINT; i++) {
        asql_result *res;
        asql_params_int(p, "id", i);
        must(asql_blocking_fetch_one(&res, ASQL_ON_DB(db), q, p) == ASQL_OK, "W3");
        asql_result_free(res);
    }
    double t = now() - t0;
    asql_params_free(p);
    asql_stmt_free(q);
    return t;
}

typedef struct counter {
    int64_t rows;
    int done;
} counter;

static int count_row(const asql_row *row, void *data)
{
    (void)row;
    ((counter *)data)->rows++;
    return 0;
}

static void count_end(asql_status st, asql_result *res, void *data)
{
    (void)res;
    must(st == ASQL_OK, "W4");
    ((counter *)data)->done = 1;
}

static void connected(asql_status st, void *data)
{
    must(st == ASQL_OK, "connect");
    *(int *)data = 1;
}

/* W4 on the asynchronous API itself: iterate has no blocking form. */
static double asql_w4(int64_t n_rows)
{
    struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
    asql_db *db;
    counter c = {0, 0};
    int up = 0;
    must(asql_db_open(&db, loop, "sqlite:///" PATH, NULL) == ASQL_OK, "open");
    asql_db_connect(db, connected, &up);
    while (!up)
        ev_run(loop, EVRUN_ONCE);
    double t0 = now();
    asql_stmt *q = asql_select(&notes.table);
    must(asql_iterate(NULL, ASQL_ON_DB(db), q, NULL, count_row, count_end, &c) == ASQL_OK, "W4");
    asql_stmt_free(q);
    while (!c.done)
        ev_run(loop, EVRUN_ONCE);
    double t = now() - t0;
    must(c.rows == n_rows, "W4 rows");
    asql_db_close(db, NULL, NULL);
    ev_run(loop, 0);
    ev_loop_destroy(loop);
    return t;
}

/* ---- raw sqlite3 ------------------------------------------------------------------------------
 */

static double raw_w1(void)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    fresh(0);
    sqlite3_open(PATH, &db);
    double t0 = now();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO notes (text, completed, score) VALUES (?, ?, ?)", -1, &st,
                       NULL);
    for (int i = 0; i < N_INSERT; i++) {
        sqlite3_bind_text(st, 1, "a note of some length", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, i & 1);
        sqlite3_bind_double(st, 3, i * 0.5);
        must(sqlite3_step(st) == SQLITE_DONE, "raw W1");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double t = now() - t0;
    sqlite3_close(db);
    return t;
}

static double raw_scan(sqlite3 *db, int read_values, int64_t n_rows)
{
    sqlite3_stmt *st;
    int64_t sum = 0, rows = 0;
    double t0 = now();
    sqlite3_prepare_v2(db, "SELECT id, text, completed, score FROM notes", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        if (read_values)
            sum += sqlite3_column_int64(st, 0) + sqlite3_column_int(st, 2) +
                   (int64_t)sqlite3_column_double(st, 3) + sqlite3_column_text(st, 1)[0];
    }
    sqlite3_finalize(st);
    double t = now() - t0;
    must(rows == n_rows && (sum > 0 || !read_values), "raw scan");
    return t;
}

static double raw_w3(sqlite3 *db)
{
    sqlite3_stmt *st;
    double t0 = now();
    sqlite3_prepare_v2(db, "SELECT id, text, completed, score FROM notes WHERE id = ?", -1, &st,
                       NULL);
    for (int i = 1; i <= N_POINT; i++) {
        sqlite3_bind_int(st, 1, i);
        must(sqlite3_step(st) == SQLITE_ROW, "raw W3");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return now() - t0;
}

/* ---- driver -------------------------------------------------------------------------------- */

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Peak resident memory of this process so far, in KiB (Linux: VmHWM). */
static long peak_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = atol(line + 6);
    fclose(f);
    return kib;
}

/* Runs W4 over `rows` rows in a child process (asql, or raw sqlite3 stepping every row) and
 * returns how far the child's peak RSS grew over its peak before the work, in KiB. */
static long rss_growth(int use_asql, int64_t rows)
{
    int fds[2];
    long growth = -1;
    must(pipe(fds) == 0, "pipe");
    pid_t pid = fork();
    must(pid >= 0, "fork");
    if (pid == 0) {
        long before = peak_kib();
        if (use_asql) {
            asql_w4(rows);
        } else {
            sqlite3 *raw;
            sqlite3_open(PATH, &raw);
            raw_scan(raw, 0, rows);
            sqlite3_close(raw);
        }
        growth = peak_kib() - before;
        must(write(fds[1], &growth, sizeof(growth)) == (ssize_t)sizeof(growth), "write");
        _exit(0);
    }
    must(read(fds[0], &growth, sizeof(growth)) == (ssize_t)sizeof(growth), "read");
    waitpid(pid, NULL, 0);
    close(fds[0]);
    close(fds[1]);
    return growth;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "rss") == 0) {
        int64_t rows = argc > 2 ? atoll(argv[2]) : 1000000;
        fresh((int)rows);
        long a = rss_growth(1, rows), r = rss_growth(0, rows);
        printf("W4 sqlite %lld rows: peak RSS growth asql %.1f MiB, raw %.1f MiB\n",
               (long long)rows, a / 1024.0, r / 1024.0);
        unlink(PATH);
        return 0;
    }
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    const char *only = argc > 2 ? argv[2] : "1234";
    double a[4][64], r[4][64];
    if (rounds < 1 || rounds > 64)
        rounds = 5;
    for (int k = 0; k < rounds; k++) {
        if (strchr(only, '1')) {
            a[0][k] = asql_w1();
            r[0][k] = raw_w1();
        }
        fresh(N_ROWS);
        asql_db *db = open_asql();
        sqlite3 *raw;
        sqlite3_open(PATH, &raw);
        if (strchr(only, '2')) {
            a[1][k] = asql_w2(db);
            r[1][k] = raw_scan(raw, 1, N_ROWS);
        }
        if (strchr(only, '3')) {
            a[2][k] = asql_w3(db);
            r[2][k] = raw_w3(raw);
        }
        asql_blocking_close(db);
        if (strchr(only, '4')) {
            a[3][k] = asql_w4(N_ROWS);
            r[3][k] = raw_scan(raw, 0, N_ROWS);
        }
        sqlite3_close(raw);
    }
    printf("%-4s %-8s %12s %12s %8s   (median of %d rounds)\n", "id", "backend", "asql s", "raw s",
           "ratio", rounds);
    for (int w = 0; w < 4; w++) {
        if (!strchr(only, '1' + w))
            continue;
        double ma = median(a[w], rounds), mr = median(r[w], rounds);
        printf("W%-3d %-8s %12.4f %12.4f %7.2fx\n", w + 1, "sqlite", ma, mr, ma / mr);
    }
    unlink(PATH);
    return 0;
}
