/* SPDX-License-Identifier: MIT */
/*
 * conformance.h - what the conformance suites share: the backends they run on (a capability
 * table: SQLite in memory and on disk, PostgreSQL when ASQL_TEST_PG_URL names a server; MariaDB
 * joins with one more row), the test table, per-backend fixtures and helpers. Each suite is
 * written once and run unchanged on every backend.
 */
#ifndef ASQL_TESTS_EXEC_CONFORMANCE_H
#define ASQL_TESTS_EXEC_CONFORMANCE_H

#include "exec/core.h" /* db->n_conns and friends, to check what the pool did */
#include "exec_fixture.h"

typedef struct backend {
    const char *name;
    const char *url; /* NULL: from the environment variable `url_env` */
    const char *url_env;
    const char *ddl;      /* CREATE TABLE for conf_notes */
    int exact_numeric;    /* NUMERIC keeps its scale ("12.50") */
    int shared_memory;    /* one connection only (SQLite :memory:): no second connection to see */
    const char *pid_sql;  /* the connection's server-side id, or NULL */
    const char *kill_sql; /* ends the connection :pid from another one, or NULL when it can't */
    int isolation;        /* has isolation levels and read-only transactions (not SQLite) */
} backend;

static const backend backends[] = {
    {"sqlite_memory", "sqlite:///:memory:", NULL,
     "CREATE TABLE conf_notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text VARCHAR(100) UNIQUE, "
     "completed BOOLEAN, score DOUBLE, price NUMERIC(10, 2), at TIMESTAMP, data BLOB)",
     0, 1, NULL, NULL, 0},
    {"sqlite_file", NULL, NULL,
     "CREATE TABLE conf_notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text VARCHAR(100) UNIQUE, "
     "completed BOOLEAN, score DOUBLE, price NUMERIC(10, 2), at TIMESTAMP, data BLOB)",
     0, 0, NULL, NULL, 0},
    {"postgresql", NULL, "ASQL_TEST_PG_URL",
     "CREATE TABLE conf_notes (id SERIAL PRIMARY KEY, text VARCHAR(100) UNIQUE, "
     "completed BOOLEAN, score DOUBLE PRECISION, price NUMERIC(10, 2), at TIMESTAMPTZ, "
     "data BYTEA)",
     1, 0, "SELECT pg_backend_pid()", "SELECT pg_terminate_backend(CAST(:pid AS INTEGER))", 1},
};

static const backend *be;

static const struct conf_table {
    asql_table table;
    asql_column id, text, completed, score, price, at, data;
} conf = ASQL_TABLE_DEF(
    conf, "conf_notes", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(text, "text", ASQL_STRING(100), ASQL_UNIQUE),
    ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN), ASQL_COLUMN(score, "score", ASQL_DOUBLE),
    ASQL_COLUMN(price, "price", ASQL_NUMERIC(10, 2)), ASQL_COLUMN(at, "at", ASQL_DATETIME_TZ),
    ASQL_COLUMN(data, "data", ASQL_BLOB));

static inline void setup_for(const backend *b)
{
    char url[160];
    be = b;
    if (b->url_env) {
        snprintf(url, sizeof(url), "%s", getenv(b->url_env));
        fx_loop_new();
        fx_connect(url);
    } else if (b->url) {
        fx_setup_memory();
    } else {
        fx_setup_file();
    }
    fx_exec("DROP TABLE IF EXISTS conf_child");
    fx_exec("DROP TABLE IF EXISTS conf_parent");
    fx_exec("DROP TABLE IF EXISTS conf_notes");
    fx_exec(b->ddl);
}

static inline void setup_sqlite_memory(void)
{
    setup_for(&backends[0]);
}

static inline void setup_sqlite_file(void)
{
    setup_for(&backends[1]);
}

static inline void setup_pg(void)
{
    setup_for(&backends[2]);
}

static inline void teardown(void)
{
    if (fx_db && be->url_env) { /* a server keeps its tables; SQLite's go with the fixture */
        fx_exec("DROP TABLE IF EXISTS conf_child");
        fx_exec("DROP TABLE IF EXISTS conf_parent");
        fx_exec("DROP TABLE IF EXISTS conf_notes");
    }
    fx_teardown();
}

static inline fx_res run_all(asql_stmt *q, const asql_params *p)
{
    fx_res r = {0};
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    return r;
}

static inline int64_t insert(const char *text, int completed, double score)
{
    fx_res r = {0};
    int64_t id = 0;
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, text));
    asql_set(q, &conf.completed, asql_bool(q, completed));
    asql_set(q, &conf.score, asql_double(q, score));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s: %s", be->name, asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_result_insert_id(r.res, &id), ASQL_OK);
    fx_res_free(&r);
    return id;
}

/* ---- helpers for the pool and transaction tests ------------------------------------------- */

/* The URL of the backend under test, for a second Database on the same data (on SQLite in
 * memory that is another, empty, database). */
static inline void backend_url(char *buf, size_t size)
{
    if (be->url_env)
        snprintf(buf, size, "%s", getenv(be->url_env));
    else if (be->url)
        snprintf(buf, size, "%s", be->url);
    else
        snprintf(buf, size, "sqlite:///%s", fx_path);
}

/* Opens and connects a second Database with `opts` (NULL = defaults). */
static inline asql_db *open_second(const asql_db_options *opts, int force_rollback)
{
    asql_db *db;
    char url[200];
    fx_done c = {0, ASQL_OK};
    backend_url(url, sizeof(url));
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, opts), ASQL_OK);
    if (force_rollback)
        ck_assert_int_eq(asql_db_set_force_rollback(db, true), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_msg(c.status == ASQL_OK, "%s", asql_db_last_error(db)->message);
    return db;
}

static inline void close_db(asql_db *db)
{
    fx_done d = {0, ASQL_OK};
    asql_db_close(db, fx_done_cb, &d);
    ck_assert_int_eq(d.calls, 0);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
}

static inline void sleep_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)loop;
    (void)revents;
    *(int *)w->data = 1;
}

/* Turns the loop until *count reaches n (with the fixture's guard against a lost callback). */
static inline void run_until_count(const int *count, int n)
{
    ev_timer_stop(fx_loop, &fx_guard); /* the fixture's static guard, see fx_run_until() */
    ev_timer_init(&fx_guard, fx_guard_cb, 20., 0.);
    ev_timer_start(fx_loop, &fx_guard);
    while (*count < n)
        ev_run(fx_loop, EVRUN_ONCE);
    ev_timer_stop(fx_loop, &fx_guard);
}

/* Turns the loop for `seconds`, so that everything due meanwhile runs. */
static inline void run_for(double seconds)
{
    int fired = 0;
    ev_timer t;
    ev_timer_init(&t, sleep_cb, seconds, 0.);
    t.data = &fired;
    ev_timer_start(fx_loop, &t);
    fx_run_until(&fired);
}

static inline asql_conn *acquire(asql_db *db)
{
    fx_conn g = {0};
    ck_assert_int_eq(asql_db_acquire(db, fx_conn_cb, &g), ASQL_OK);
    ck_assert_int_eq(g.calls, 0);
    fx_run_until(&g.calls);
    ck_assert_int_eq(g.calls, 1);
    ck_assert_int_eq(g.status, ASQL_OK);
    return g.conn;
}

static inline asql_txn *begin_with(asql_target on, const asql_txn_options *opts)
{
    fx_txn g = {0};
    ck_assert_int_eq(asql_txn_begin(on, opts, fx_txn_cb, &g), ASQL_OK);
    ck_assert_int_eq(g.calls, 0);
    fx_run_until(&g.calls);
    ck_assert_int_eq(g.calls, 1);
    ck_assert_msg(g.status == ASQL_OK, "%s: begin failed", be->name);
    ck_assert(asql_txn_is_open(g.txn));
    return g.txn;
}

/* Commits or rolls back without freeing, checking the one callback. */
static inline void end_txn(asql_txn *t, int commit)
{
    fx_done d = {0, ASQL_OK};
    ck_assert_int_eq(commit ? asql_txn_commit(t, fx_done_cb, &d)
                            : asql_txn_rollback(t, fx_done_cb, &d),
                     ASQL_OK);
    ck_assert_int_eq(d.calls, 0);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    ck_assert_int_eq(d.status, ASQL_OK);
    ck_assert(!asql_txn_is_open(t));
}

static inline void insert_on(asql_target on, const char *text)
{
    fx_res r = {0};
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, text));
    ck_assert_int_eq(asql_execute(NULL, on, q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_msg(r.status == ASQL_OK, "%s: %s", be->name, asql_result_error(r.res)->message);
    fx_res_free(&r);
}

/* The texts of conf_notes in id order, joined by ',' ("a,b"), read on `on`. */
static inline void texts_on(asql_target on, char *out, size_t size)
{
    fx_res r = {0};
    size_t n = 0;
    asql_stmt *q = asql_select(&conf.table);
    asql_order_by(q, asql_col(q, &conf.id));
    ck_assert_int_eq(asql_fetch_all(NULL, on, q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_msg(r.status == ASQL_OK, "%s: %s", be->name, asql_result_error(r.res)->message);
    out[0] = 0;
    for (size_t i = 0; i < asql_result_n_rows(r.res); i++) {
        const char *s;
        ck_assert_int_eq(asql_row_text_by_col(asql_result_row(r.res, i), &conf.text, &s, NULL),
                         ASQL_OK);
        n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%s", i ? "," : "", s);
    }
    ck_assert_uint_lt(n, size);
    fx_res_free(&r);
}

static inline void texts(char *out, size_t size)
{
    texts_on(ASQL_ON_DB(fx_db), out, size);
}

/* Runs raw SQL on `on` and waits for its one callback. */
static inline fx_res exec_text(asql_target on, const char *sql)
{
    fx_res r = {0};
    asql_stmt *q = asql_text(sql);
    ck_assert_int_eq(asql_fetch_all(NULL, on, q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    return r;
}

/* One TCase per configured backend, each filled by `add_tests`. */
static inline Suite *conformance_suite(const char *name,
                                       void (*add_tests)(TCase *, const backend *))
{
    Suite *s = suite_create(name);
    void (*setups[])(void) = {setup_sqlite_memory, setup_sqlite_file, setup_pg};
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
        if (backends[i].url_env && !getenv(backends[i].url_env))
            continue; /* not configured here; test_pg.c reports a missing PostgreSQL */
        TCase *tc = tcase_create(backends[i].name);
        tcase_add_checked_fixture(tc, setups[i], teardown);
        tcase_set_timeout(tc, 60);
        add_tests(tc, &backends[i]);
        suite_add_tcase(s, tc);
    }
    return s;
}

static inline int conformance_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
