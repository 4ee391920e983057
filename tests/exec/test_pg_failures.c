/* SPDX-License-Identifier: MIT */
/*
 * test_pg_failures.c - the unhappy paths of the PostgreSQL backend against the real server named
 * by ASQL_TEST_PG_URL: a server that goes away mid-query, statements the server rejects (syntax,
 * constraints, a serialization failure), refused logins, hostile values through bound
 * parameters, and cancel and timeout of a running statement. Every callback is counted and must
 * run exactly once. Without the variable the tests fail, unless ASQL_TEST_SKIP_PG=1.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "exec_fixture.h"

static int skipped(void)
{
    const char *skip = getenv("ASQL_TEST_SKIP_PG");
    return !getenv("ASQL_TEST_PG_URL") && skip && strcmp(skip, "1") == 0;
}

static const char *pg_url(void)
{
    const char *url = getenv("ASQL_TEST_PG_URL");
    ck_assert_msg(url != NULL, "ASQL_TEST_PG_URL is not set: start PostgreSQL (scripts/servers.sh) "
                               "and export it, or set ASQL_TEST_SKIP_PG=1 to skip this test");
    return url;
}

/* The test URL with one more query option. */
static void url_with(char *buf, size_t size, const char *option)
{
    const char *url = pg_url();
    snprintf(buf, size, "%s%c%s", url, strchr(url, '?') ? '&' : '?', option);
}

static void setup(void)
{
    char url[512];
    fx_loop_new();
    if (skipped())
        return;
    url_with(url, sizeof(url), "max_size=1"); /* one connection: "the same one" is provable */
    fx_connect(url);
}

static void teardown(void)
{
    fx_close();
}

static void offline_setup(void)
{
    fx_loop_new();
    if (!skipped())
        pg_url();
}

/* Runs raw SQL on `on` with `p` (may be NULL) and waits for its one callback. */
static asql_status run(asql_target on, const char *sql, const asql_params *p, fx_res *r)
{
    asql_stmt *q = asql_text(sql);
    memset(r, 0, sizeof(*r));
    ck_assert_int_eq(asql_fetch_all(NULL, on, q, p, fx_res_cb, r), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(r->calls, 0); /* never inside the submitting call */
    fx_run_until(&r->calls);
    ck_assert_int_eq(r->calls, 1);
    return r->status;
}

/* The single integer a statement returns. */
static int64_t fetch_int(asql_target on, const char *sql)
{
    fx_res r;
    int64_t v = -1;
    ck_assert_msg(run(on, sql, NULL, &r) == ASQL_OK, "%s: %s", sql,
                  asql_result_error(r.res)->message);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    ck_assert_int_eq(asql_row_int64(asql_result_row(r.res, 0), 0, &v), ASQL_OK);
    fx_res_free(&r);
    return v;
}

/* ---- the server goes away ------------------------------------------------------------------ */

/* Another Database that terminates backend `pid` once it is running pg_sleep. */
static void terminate_when_sleeping(int64_t pid)
{
    asql_db *killer;
    fx_done d = {0, ASQL_OK}, c = {0, ASQL_OK};
    asql_params *p;
    int done = 0;
    ck_assert_int_eq(asql_db_open(&killer, fx_loop, pg_url(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(killer, fx_done_cb, &d), ASQL_OK);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.status, ASQL_OK);
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_int_eq(asql_params_int(p, "pid", pid), ASQL_OK);
    for (int tries = 0; tries < 200 && !done; tries++) {
        fx_res r;
        ck_assert_int_eq(run(ASQL_ON_DB(killer),
                             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE pid = :pid AND state = 'active' AND query LIKE '%pg_sleep%'",
                             p, &r),
                         ASQL_OK);
        done = asql_result_n_rows(r.res) == 1;
        fx_res_free(&r);
        if (!done)
            usleep(10000);
    }
    ck_assert_msg(done, "backend %lld never ran pg_sleep", (long long)pid);
    asql_params_free(p);
    asql_db_close(killer, fx_done_cb, &c);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.calls, 1);
}

START_TEST(test_pg_server_gone_mid_query_is_econnlost_and_next_op_reconnects)
{
    fx_res slow = {0};
    if (skipped())
        return;
    int64_t pid = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    asql_stmt *q = asql_text("SELECT pg_sleep(5)");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &slow), ASQL_OK);
    asql_stmt_free(q);
    terminate_when_sleeping(pid);
    fx_run_until(&slow.calls);
    ck_assert_int_eq(slow.calls, 1);
    ck_assert_msg(slow.status == ASQL_ECONNLOST, "%s: %s", asql_status_name(slow.status),
                  asql_result_error(slow.res)->message);
    ck_assert_int_eq(asql_result_error(slow.res)->status, ASQL_ECONNLOST);
    ck_assert_ptr_nonnull(strstr(asql_result_error(slow.res)->message, "connection lost"));
    fx_res_free(&slow);
    int64_t pid2 = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    ck_assert_int_ne(pid2, pid); /* a fresh connection serves the next operation */
    ck_assert_int_eq(slow.calls, 1);
}
END_TEST

/* An acquired connection or a transaction whose server goes away. */
/* Runs the loop for a few turns, so that deferred work (reaping dead connections) happens. */
static void spin(void)
{
    for (int i = 0; i < 5; i++)
        ev_run(fx_loop, EVRUN_NOWAIT);
}

START_TEST(test_pg_acquired_connection_whose_server_dies_stays_valid_until_released)
{
    fx_conn g = {0};
    fx_res r;
    if (skipped())
        return;
    ck_assert_int_eq(asql_db_acquire(fx_db, fx_conn_cb, &g), ASQL_OK);
    fx_run_until(&g.calls);
    ck_assert_int_eq(g.status, ASQL_OK);
    int64_t pid = fetch_int(ASQL_ON_CONN(g.conn), "SELECT pg_backend_pid()");
    ck_assert_int_eq(
        run(ASQL_ON_CONN(g.conn), "SELECT pg_terminate_backend(pg_backend_pid())", NULL, &r),
        ASQL_ECONNLOST);
    fx_res_free(&r);
    spin(); /* the Database reaps dead connections on its next turns */
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_CONN(g.conn), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE); /* refused, not a read of freed memory */
    asql_stmt_free(q);
    asql_conn_release(g.conn);
    asql_conn_release(g.conn); /* a second release is harmless */
    int64_t pid2 = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    ck_assert_int_ne(pid2, pid); /* the only pooled connection was replaced */
    ck_assert_int_eq(g.calls, 1);
}
END_TEST

START_TEST(test_pg_transaction_whose_server_dies_fails_and_frees_cleanly)
{
    fx_txn g = {0};
    fx_done c = {0, ASQL_OK};
    fx_res r;
    if (skipped())
        return;
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(fx_db), NULL, fx_txn_cb, &g), ASQL_OK);
    fx_run_until(&g.calls);
    ck_assert_int_eq(g.status, ASQL_OK);
    int64_t pid = fetch_int(ASQL_ON_TXN(g.txn), "SELECT pg_backend_pid()");
    ck_assert_int_eq(
        run(ASQL_ON_TXN(g.txn), "SELECT pg_terminate_backend(pg_backend_pid())", NULL, &r),
        ASQL_ECONNLOST);
    fx_res_free(&r);
    spin();
    asql_status st = asql_txn_commit(g.txn, fx_done_cb, &c);
    if (st == ASQL_OK) { /* accepted: it must then fail, once */
        fx_run_until(&c.calls);
        ck_assert_int_eq(c.calls, 1);
        ck_assert_int_ne(c.status, ASQL_OK);
    } else {
        ck_assert_int_eq(c.calls, 0);
    }
    asql_txn_free(g.txn);
    int64_t pid2 = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    ck_assert_int_ne(pid2, pid);
    ck_assert_int_eq(g.calls, 1);
}
END_TEST

/* ---- statements the server rejects --------------------------------------------------------- */

START_TEST(test_pg_bad_sql_is_esql_42601_syntax_and_the_connection_stays)
{
    fx_res r;
    if (skipped())
        return;
    int64_t pid = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    ck_assert_int_eq(run(ASQL_ON_DB(fx_db), "SELEC 'it''s', \\", NULL, &r), ASQL_ESQL);
    const asql_error *e = asql_result_error(r.res);
    ck_assert_int_eq(e->status, ASQL_ESQL);
    ck_assert_str_eq(e->sqlstate, "42601");
    ck_assert_int_eq(e->klass, ASQL_ERRCLASS_SYNTAX);
    ck_assert_int_eq(e->retryable, 0);
    ck_assert_ptr_nonnull(strstr(e->message, "syntax error"));
    ck_assert_ptr_null(strchr(e->message, '\n'));
    fx_res_free(&r);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()"), pid);
}
END_TEST

static void make_constraint_tables(void)
{
    fx_exec("DROP TABLE IF EXISTS asql_pgf_child, asql_pgf_parent");
    fx_exec("CREATE TABLE asql_pgf_parent (id INTEGER PRIMARY KEY)");
    fx_exec("CREATE TABLE asql_pgf_child (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
            "parent_id INTEGER NOT NULL REFERENCES asql_pgf_parent (id))");
    fx_exec("INSERT INTO asql_pgf_parent VALUES (1)");
}

/* Inserts a child row; the hostile name is a bound value and must never reach the message. */
static void insert_child(fx_res *r, int64_t id, const char *name, int64_t parent, int null_parent)
{
    asql_params *p;
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    asql_params_int(p, "id", id);
    asql_params_str(p, "name", name);
    if (null_parent)
        asql_params_null(p, "parent");
    else
        asql_params_int(p, "parent", parent);
    run(ASQL_ON_DB(fx_db),
        "INSERT INTO asql_pgf_child (id, name, parent_id) VALUES (:id, :name, :parent::integer)", p,
        r);
    asql_params_free(p);
}

static void expect_violation(fx_res *r, const char *sqlstate, asql_error_class klass)
{
    const asql_error *e = asql_result_error(r->res);
    ck_assert_msg(r->status == ASQL_ESQL, "%s: %s", asql_status_name(r->status), e->message);
    ck_assert_str_eq(e->sqlstate, sqlstate);
    ck_assert_int_eq(e->klass, klass);
    ck_assert_int_eq(e->retryable, 0);
    ck_assert_ptr_null(strstr(e->message, "s3cr3t"));
    fx_res_free(r);
}

START_TEST(test_pg_constraint_violations_have_portable_classes)
{
    fx_res r;
    if (skipped())
        return;
    make_constraint_tables();
    insert_child(&r, 1, "s3cr3t 'quoted'", 1, 0);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    fx_res_free(&r);
    insert_child(&r, 2, "s3cr3t 'quoted'", 1, 0);
    expect_violation(&r, "23505", ASQL_ERRCLASS_UNIQUE_VIOLATION);
    insert_child(&r, 3, "other s3cr3t", 0, 1);
    expect_violation(&r, "23502", ASQL_ERRCLASS_NOT_NULL_VIOLATION);
    insert_child(&r, 4, "third s3cr3t", 424242, 0);
    expect_violation(&r, "23503", ASQL_ERRCLASS_FOREIGN_KEY_VIOLATION);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT count(*) FROM asql_pgf_child"), 1);
    fx_exec("DROP TABLE asql_pgf_child, asql_pgf_parent");
}
END_TEST

/* A transaction callback that keeps the handle. */
START_TEST(test_pg_serialization_failure_is_retryable)
{
    char url[512];
    asql_db *other;
    fx_done d = {0, ASQL_OK}, c = {0, ASQL_OK}, rb = {0, ASQL_OK};
    fx_txn t = {0};
    asql_txn_options opts = ASQL_TXN_OPTIONS_INIT;
    fx_res r;
    if (skipped())
        return;
    fx_exec("DROP TABLE IF EXISTS asql_pgf_acct");
    fx_exec("CREATE TABLE asql_pgf_acct (id INTEGER PRIMARY KEY, v INTEGER)");
    fx_exec("INSERT INTO asql_pgf_acct VALUES (1, 10)");
    opts.isolation = ASQL_ISOLATION_SERIALIZABLE;
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(fx_db), &opts, fx_txn_cb, &t), ASQL_OK);
    ck_assert_int_eq(t.calls, 0);
    fx_run_until(&t.calls);
    ck_assert_int_eq(t.status, ASQL_OK);
    /* The first read fixes the transaction's snapshot. */
    ck_assert_int_eq(fetch_int(ASQL_ON_TXN(t.txn), "SELECT v FROM asql_pgf_acct WHERE id = 1"), 10);
    /* Another connection changes the row and commits. */
    url_with(url, sizeof(url), "max_size=1");
    ck_assert_int_eq(asql_db_open(&other, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(other, fx_done_cb, &d), ASQL_OK);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.status, ASQL_OK);
    ck_assert_int_eq(
        run(ASQL_ON_DB(other), "UPDATE asql_pgf_acct SET v = 20 WHERE id = 1", NULL, &r), ASQL_OK);
    fx_res_free(&r);
    asql_db_close(other, fx_done_cb, &c);
    fx_run_until(&c.calls);
    /* Writing the row the snapshot predates cannot be serialized. */
    run(ASQL_ON_TXN(t.txn), "UPDATE asql_pgf_acct SET v = v + 1 WHERE id = 1", NULL, &r);
    const asql_error *e = asql_result_error(r.res);
    ck_assert_msg(r.status == ASQL_ESQL, "%s: %s", asql_status_name(r.status), e->message);
    ck_assert_str_eq(e->sqlstate, "40001");
    ck_assert_int_eq(e->klass, ASQL_ERRCLASS_SERIALIZATION_FAILURE);
    ck_assert_int_eq(e->retryable, 1);
    fx_res_free(&r);
    ck_assert_int_eq(asql_txn_rollback(t.txn, fx_done_cb, &rb), ASQL_OK);
    fx_run_until(&rb.calls);
    ck_assert_int_eq(rb.calls, 1);
    asql_txn_free(t.txn);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT v FROM asql_pgf_acct WHERE id = 1"), 20);
    fx_exec("DROP TABLE asql_pgf_acct");
    ck_assert_int_eq(t.calls + d.calls + c.calls, 3);
}
END_TEST

/* Runs INSERT INTO asql_pgf_batch with one set per name on `on`; waits for the callback. */
static asql_status insert_batch(asql_target on, const char *const *names, int n, fx_res *r)
{
    asql_params *p;
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            asql_params_next(p);
        asql_params_str(p, "name", names[i]);
    }
    asql_stmt *q = asql_text("INSERT INTO asql_pgf_batch (name) VALUES (:name)");
    memset(r, 0, sizeof(*r));
    ck_assert_int_eq(asql_execute_many(NULL, on, q, p, fx_res_cb, r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    ck_assert_int_eq(r->calls, 0);
    fx_run_until(&r->calls);
    ck_assert_int_eq(r->calls, 1);
    return r->status;
}

START_TEST(test_pg_execute_many_is_all_or_nothing)
{
    static const char *const good[] = {"a", "b", "c"}, *const bad[] = {"d", "a", "e"};
    fx_res r;
    if (skipped())
        return;
    fx_exec("DROP TABLE IF EXISTS asql_pgf_batch");
    fx_exec("CREATE TABLE asql_pgf_batch (id SERIAL PRIMARY KEY, name TEXT UNIQUE)");
    ck_assert_int_eq(insert_batch(ASQL_ON_DB(fx_db), good, 3, &r), ASQL_OK);
    ck_assert_int_eq(asql_result_rows_affected(r.res), 3);
    fx_res_free(&r);
    ck_assert_int_eq(insert_batch(ASQL_ON_DB(fx_db), bad, 3, &r), ASQL_ESQL);
    ck_assert_str_eq(asql_result_error(r.res)->sqlstate, "23505");
    fx_res_free(&r);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT count(*) FROM asql_pgf_batch"), 3);
    /* Nothing was left open: a plain insert now is committed, as another Database sees. */
    fx_exec("INSERT INTO asql_pgf_batch (name) VALUES ('z')");
    asql_db *other;
    fx_done d = {0, ASQL_OK}, c = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&other, fx_loop, pg_url(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(other, fx_done_cb, &d), ASQL_OK);
    fx_run_until(&d.calls);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(other), "SELECT count(*) FROM asql_pgf_batch"), 4);
    asql_db_close(other, fx_done_cb, &c);
    fx_run_until(&c.calls);
    fx_exec("DROP TABLE asql_pgf_batch");
}
END_TEST

START_TEST(test_pg_failed_batch_inside_a_transaction_leaves_it_usable)
{
    static const char *const bad[] = {"x", "x"}, *const one[] = {"y"};
    fx_txn t = {0};
    fx_done cm = {0, ASQL_OK};
    fx_res r;
    if (skipped())
        return;
    fx_exec("DROP TABLE IF EXISTS asql_pgf_batch");
    fx_exec("CREATE TABLE asql_pgf_batch (id SERIAL PRIMARY KEY, name TEXT UNIQUE)");
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(fx_db), NULL, fx_txn_cb, &t), ASQL_OK);
    fx_run_until(&t.calls);
    ck_assert_int_eq(t.status, ASQL_OK);
    ck_assert_int_eq(insert_batch(ASQL_ON_TXN(t.txn), one, 1, &r), ASQL_OK);
    fx_res_free(&r);
    ck_assert_int_eq(insert_batch(ASQL_ON_TXN(t.txn), bad, 2, &r), ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->klass, ASQL_ERRCLASS_UNIQUE_VIOLATION);
    fx_res_free(&r);
    /* Rolled back to before the batch only: the transaction goes on and commits. */
    ck_assert_int_eq(fetch_int(ASQL_ON_TXN(t.txn), "SELECT count(*) FROM asql_pgf_batch"), 1);
    ck_assert_int_eq(asql_txn_commit(t.txn, fx_done_cb, &cm), ASQL_OK);
    fx_run_until(&cm.calls);
    ck_assert_int_eq(cm.status, ASQL_OK);
    asql_txn_free(t.txn);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT count(*) FROM asql_pgf_batch"), 1);
    fx_exec("DROP TABLE asql_pgf_batch");
}
END_TEST

/* ---- refused logins ------------------------------------------------------------------------ */

/* Connects to `url`, expecting ECONNECT exactly once; returns the message. */
static void expect_econnect(const char *url, char *msg, size_t size)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    ck_assert_int_eq(c.calls, 0);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    ck_assert_int_eq(asql_db_last_error(db)->status, ASQL_ECONNECT);
    snprintf(msg, size, "%s", asql_db_last_error(db)->message);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_int_eq(d.calls, 1);
}

START_TEST(test_pg_wrong_password_is_econnect_without_the_password)
{
    char url[512], msg[ASQL_ERROR_MESSAGE_SIZE];
    asql_url *u, *bad;
    asql_url_parts parts = ASQL_URL_PARTS_INIT;
    if (skipped())
        return;
    ck_assert_int_eq(asql_url_parse(&u, pg_url(), NULL), ASQL_OK);
    parts.password = "Wr0ng-s3cr3t";
    ck_assert_int_eq(asql_url_replace(&bad, u, &parts, NULL), ASQL_OK);
    snprintf(url, sizeof(url), "%s", asql_url_string(bad));
    asql_url_free(bad);
    asql_url_free(u);
    expect_econnect(url, msg, sizeof(msg));
    ck_assert_msg(strstr(msg, "could not connect") && strstr(msg, "password"), "%s", msg);
    ck_assert_ptr_null(strstr(msg, "Wr0ng-s3cr3t"));
}
END_TEST

START_TEST(test_pg_nothing_listening_is_econnect)
{
    char url[128], msg[ASQL_ERROR_MESSAGE_SIZE];
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    /* A port that was free a moment ago: bound, never listened on, closed. */
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    snprintf(url, sizeof(url), "postgresql://u:s3cr3t@127.0.0.1:%d/x", ntohs(a.sin_port));
    expect_econnect(url, msg, sizeof(msg));
    ck_assert_msg(strstr(msg, "could not connect"), "%s", msg);
    ck_assert_ptr_null(strstr(msg, "s3cr3t"));
}
END_TEST

START_TEST(test_pg_connect_timeout_ends_a_connect_the_server_never_answers)
{
    char url[160], msg[ASQL_ERROR_MESSAGE_SIZE];
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    /* Listening but never accepting: the kernel completes the TCP handshake, then nothing ever
     * answers libpq, which does not time out by itself in non-blocking mode. */
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    snprintf(url, sizeof(url), "postgresql://u:s3cr3t@127.0.0.1:%d/x?connect_timeout=0.3",
             ntohs(a.sin_port));
    double t0 = ev_time();
    expect_econnect(url, msg, sizeof(msg));
    double took = ev_time() - t0;
    close(fd);
    ck_assert_msg(took >= 0.25 && took < 5.0, "connect ended after %.2f s", took);
    ck_assert_msg(strstr(msg, "timed out"), "%s", msg);
    ck_assert_ptr_null(strstr(msg, "s3cr3t"));
}
END_TEST

/* ---- hostile values through bound parameters ----------------------------------------------- */

START_TEST(test_pg_hostile_text_round_trips_through_parameters)
{
    static const char *const values[] = {
        "it's",
        "\"double\"",
        "back\\slash\\",
        "$1",
        "$1::text",
        "?",
        "??",
        ":x",
        ":x::int",
        "'); DROP TABLE asql_pgf_vals; --",
        "E'\\x00'",
        "\\x41",
        "%_",
        "caf\xc3\xa9 \xe2\x82\xac",
        "",
    };
    if (skipped())
        return;
    fx_exec("DROP TABLE IF EXISTS asql_pgf_vals");
    fx_exec("CREATE TABLE asql_pgf_vals (id INTEGER PRIMARY KEY, s TEXT)");
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        asql_params *p;
        fx_res r;
        const char *s;
        size_t len;
        ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
        asql_params_int(p, "id", (int64_t)i);
        asql_params_str(p, "s", values[i]);
        ck_assert_int_eq(
            run(ASQL_ON_DB(fx_db), "INSERT INTO asql_pgf_vals VALUES (:id, :s)", p, &r), ASQL_OK);
        fx_res_free(&r);
        ck_assert_int_eq(run(ASQL_ON_DB(fx_db),
                             "SELECT s, s = :s AS same FROM asql_pgf_vals WHERE id = :id", p, &r),
                         ASQL_OK);
        asql_params_free(p);
        ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
        const asql_row *row = asql_result_row(r.res, 0);
        ck_assert_int_eq(asql_row_text(row, 0, &s, &len), ASQL_OK);
        ck_assert_uint_eq(len, strlen(values[i]));
        ck_assert(memcmp(s, values[i], len) == 0);
        bool same = false;
        ck_assert_int_eq(asql_row_bool(row, 1, &same), ASQL_OK);
        ck_assert(same);
        fx_res_free(&r);
    }
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT count(*) FROM asql_pgf_vals"),
                     (int64_t)(sizeof(values) / sizeof(values[0])));
    fx_exec("DROP TABLE asql_pgf_vals");
}
END_TEST

START_TEST(test_pg_invalid_utf8_text_is_a_server_error_not_a_crash)
{
    static const char *const bad[] = {"\xff", "ok\xc3", "\xc0\xaf", "\xed\xa0\x80"};
    if (skipped())
        return;
    int64_t pid = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        asql_params *p;
        fx_res r;
        ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
        asql_params_str(p, "s", bad[i]);
        ck_assert_int_eq(run(ASQL_ON_DB(fx_db), "SELECT length(:s)", p, &r), ASQL_ESQL);
        asql_params_free(p);
        ck_assert_str_eq(asql_result_error(r.res)->sqlstate, "22021"); /* bad encoding */
        fx_res_free(&r);
    }
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()"), pid);
}
END_TEST

START_TEST(test_pg_nul_in_text_is_refused_never_truncated)
{
    asql_params *p;
    fx_res r;
    if (skipped())
        return;
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_int_eq(asql_params_strn(p, "s", "before\0after", 12), ASQL_OK);
    asql_status st = run(ASQL_ON_DB(fx_db), "SELECT :s::text AS s", p, &r);
    asql_params_free(p);
    /* Either refused here or by the server; a result would be the truncated "before". */
    ck_assert_msg(st == ASQL_EINVAL || st == ASQL_ESQL, "got %s", asql_status_name(st));
    ck_assert_int_eq(asql_result_n_rows(r.res), 0);
    ck_assert_ptr_nonnull(strstr(asql_result_error(r.res)->message, "NUL"));
    fx_res_free(&r);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT 7"), 7); /* the connection goes on */
}
END_TEST

START_TEST(test_pg_nul_in_a_later_set_refuses_the_whole_batch)
{
    asql_params *p;
    fx_res r = {0};
    if (skipped())
        return;
    fx_exec("DROP TABLE IF EXISTS asql_pgf_nul");
    fx_exec("CREATE TABLE asql_pgf_nul (s TEXT)");
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    asql_params_str(p, "s", "fine");
    asql_params_next(p);
    asql_params_strn(p, "s", "cut\0here", 8);
    asql_stmt *q = asql_text("INSERT INTO asql_pgf_nul VALUES (:s)");
    ck_assert_int_eq(asql_execute_many(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.status, ASQL_EINVAL);
    ck_assert_ptr_nonnull(strstr(asql_result_error(r.res)->message, "parameter 1"));
    fx_res_free(&r);
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT count(*) FROM asql_pgf_nul"), 0);
    fx_exec("DROP TABLE asql_pgf_nul");
}
END_TEST

START_TEST(test_pg_every_byte_round_trips_through_bytea)
{
    unsigned char bytes[512];
    asql_params *p;
    fx_res r;
    const void *got;
    size_t len;
    if (skipped())
        return;
    for (int k = 0; k < 512; k++)
        bytes[k] = (unsigned char)(k < 256 ? k : 255 - (k - 256)); /* up, then down again */
    fx_exec("DROP TABLE IF EXISTS asql_pgf_bytes");
    fx_exec("CREATE TABLE asql_pgf_bytes (id INTEGER PRIMARY KEY, b BYTEA)");
    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    asql_params_blob(p, "b", bytes, sizeof(bytes));
    ck_assert_int_eq(run(ASQL_ON_DB(fx_db), "INSERT INTO asql_pgf_bytes VALUES (1, :b)", p, &r),
                     ASQL_OK);
    fx_res_free(&r);
    ck_assert_int_eq(
        run(ASQL_ON_DB(fx_db), "SELECT b, length(b), b = :b FROM asql_pgf_bytes", p, &r), ASQL_OK);
    asql_params_free(p);
    const asql_row *row = asql_result_row(r.res, 0);
    int64_t n = 0;
    bool same = false;
    ck_assert_int_eq(asql_row_blob(row, 0, &got, &len), ASQL_OK);
    ck_assert_uint_eq(len, sizeof(bytes));
    ck_assert(memcmp(got, bytes, len) == 0);
    ck_assert_int_eq(asql_row_int64(row, 1, &n), ASQL_OK);
    ck_assert_int_eq(n, 512); /* the server stored every byte, NULs included */
    ck_assert_int_eq(asql_row_bool(row, 2, &same), ASQL_OK);
    ck_assert(same);
    fx_res_free(&r);
    fx_exec("DROP TABLE asql_pgf_bytes");
}
END_TEST

/* ---- cancel and timeout -------------------------------------------------------------------- */

typedef struct canceler {
    ev_timer w;
    asql_op *op;
} canceler;

static void cancel_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    canceler *k = (canceler *)w;
    (void)loop;
    (void)revents;
    ck_assert_int_eq(asql_op_cancel(k->op), ASQL_OK);
}

START_TEST(test_pg_cancel_of_pg_sleep_is_ecanceled_and_keeps_the_connection)
{
    fx_res slow = {0};
    canceler k;
    if (skipped())
        return;
    int64_t pid = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    asql_stmt *q = asql_text("SELECT pg_sleep(5)");
    ck_assert_int_eq(asql_fetch_all(&k.op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &slow), ASQL_OK);
    asql_stmt_free(q);
    ev_timer_init(&k.w, cancel_cb, 0.2, 0.);
    ev_timer_start(fx_loop, &k.w);
    double t0 = ev_time();
    fx_run_until(&slow.calls);
    ck_assert_int_eq(slow.calls, 1);
    ck_assert_int_eq(slow.status, ASQL_ECANCELED);
    ck_assert_msg(ev_time() - t0 < 4.0, "the cancel waited for the statement");
    ck_assert(asql_op_done(k.op));
    asql_op_free(k.op);
    fx_res_free(&slow);
    int64_t pid2 = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    ck_assert_int_eq(pid2, pid); /* the server stopped it: the connection is kept */
    ck_assert_int_eq(slow.calls, 1);
}
END_TEST

START_TEST(test_pg_timeout_of_pg_sleep_is_etimeout_and_keeps_the_connection)
{
    fx_res slow = {0};
    asql_op *op;
    if (skipped())
        return;
    int64_t pid = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    asql_stmt *q = asql_text("SELECT pg_sleep(5)");
    ck_assert_int_eq(asql_fetch_all(&op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &slow), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(asql_op_set_timeout(op, 0.2), ASQL_OK);
    double t0 = ev_time();
    fx_run_until(&slow.calls);
    ck_assert_int_eq(slow.calls, 1);
    ck_assert_int_eq(slow.status, ASQL_ETIMEOUT);
    ck_assert_msg(ev_time() - t0 < 4.0, "the timeout waited for the statement");
    asql_op_free(op);
    fx_res_free(&slow);
    int64_t pid2 = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    ck_assert_int_eq(pid2, pid); /* the server stopped it: the connection is kept */
    ck_assert_int_eq(slow.calls, 1);
}
END_TEST

START_TEST(test_pg_late_cancel_never_stops_the_next_statement)
{
    int rounds = fx_small() ? 5 : 25;
    if (skipped())
        return;
    int64_t pid = fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()");
    for (int i = 0; i < rounds; i++) {
        fx_res slow = {0}, next = {0};
        asql_op *op;
        int64_t v = 0;
        /* Canceled at once (the request's thread is still on its way), then a statement that
         * must not be hit by it; every other round the first one is quick and wins the race. */
        asql_stmt *q = asql_text(i % 2 ? "SELECT 1" : "SELECT pg_sleep(5)");
        ck_assert_int_eq(asql_fetch_all(&op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &slow),
                         ASQL_OK);
        asql_stmt_free(q);
        ck_assert_int_eq(asql_op_cancel(op), ASQL_OK);
        q = asql_text("SELECT 7 FROM pg_sleep(0.01)");
        ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &next),
                         ASQL_OK);
        asql_stmt_free(q);
        ck_assert_int_eq(slow.calls + next.calls, 0);
        fx_run_until(&next.calls);
        ck_assert_int_eq(slow.calls, 1);
        ck_assert_int_eq(next.calls, 1);
        ck_assert_msg(slow.status == ASQL_ECANCELED || (i % 2 && slow.status == ASQL_OK), "%s",
                      asql_status_name(slow.status));
        ck_assert_msg(next.status == ASQL_OK, "round %d: %s", i,
                      asql_result_error(next.res)->message);
        ck_assert_int_eq(asql_row_int64(next.row, 0, &v), ASQL_OK);
        ck_assert_int_eq(v, 7);
        asql_op_free(op);
        fx_res_free(&slow);
        fx_res_free(&next);
    }
    ck_assert_int_eq(fetch_int(ASQL_ON_DB(fx_db), "SELECT pg_backend_pid()"), pid);
}
END_TEST

START_TEST(test_pg_close_with_a_cancel_in_flight_completes_everything_once)
{
    fx_res slow = {0}, queued = {0};
    fx_done d = {0, ASQL_OK};
    asql_op *op;
    if (skipped())
        return;
    asql_stmt *q = asql_text("SELECT pg_sleep(5)");
    ck_assert_int_eq(asql_fetch_all(&op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &slow), ASQL_OK);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &queued), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(asql_op_cancel(op), ASQL_OK);
    asql_db_close(fx_db, fx_done_cb, &d);
    fx_db = NULL;
    double t0 = ev_time();
    fx_run_until(&d.calls);
    ck_assert_msg(ev_time() - t0 < 4.0, "close waited for the statement");
    ck_assert_int_eq(slow.calls, 1);
    ck_assert_int_eq(slow.status, ASQL_ECANCELED);
    ck_assert_int_eq(queued.calls, 1);
    ck_assert_int_eq(queued.status, ASQL_ECANCELED);
    ck_assert_int_eq(d.calls, 1);
    asql_op_free(op);
    fx_res_free(&slow);
    fx_res_free(&queued);
}
END_TEST

static Suite *pg_failures_suite(void)
{
    Suite *s = suite_create("exec_pg_failures");
    TCase *gone = tcase_create("server_gone");
    tcase_add_checked_fixture(gone, setup, teardown);
    tcase_set_timeout(gone, 30);
    tcase_add_test(gone, test_pg_server_gone_mid_query_is_econnlost_and_next_op_reconnects);
    tcase_add_test(gone, test_pg_acquired_connection_whose_server_dies_stays_valid_until_released);
    tcase_add_test(gone, test_pg_transaction_whose_server_dies_fails_and_frees_cleanly);
    suite_add_tcase(s, gone);
    TCase *rejected = tcase_create("rejected");
    tcase_add_checked_fixture(rejected, setup, teardown);
    tcase_set_timeout(rejected, 30);
    tcase_add_test(rejected, test_pg_bad_sql_is_esql_42601_syntax_and_the_connection_stays);
    tcase_add_test(rejected, test_pg_constraint_violations_have_portable_classes);
    tcase_add_test(rejected, test_pg_serialization_failure_is_retryable);
    tcase_add_test(rejected, test_pg_execute_many_is_all_or_nothing);
    tcase_add_test(rejected, test_pg_failed_batch_inside_a_transaction_leaves_it_usable);
    suite_add_tcase(s, rejected);
    TCase *login = tcase_create("login");
    tcase_add_checked_fixture(login, offline_setup, teardown);
    tcase_set_timeout(login, 30);
    tcase_add_test(login, test_pg_wrong_password_is_econnect_without_the_password);
    tcase_add_test(login, test_pg_nothing_listening_is_econnect);
    tcase_add_test(login, test_pg_connect_timeout_ends_a_connect_the_server_never_answers);
    suite_add_tcase(s, login);
    TCase *values = tcase_create("hostile_values");
    tcase_add_checked_fixture(values, setup, teardown);
    tcase_set_timeout(values, 30);
    tcase_add_test(values, test_pg_hostile_text_round_trips_through_parameters);
    tcase_add_test(values, test_pg_invalid_utf8_text_is_a_server_error_not_a_crash);
    tcase_add_test(values, test_pg_nul_in_text_is_refused_never_truncated);
    tcase_add_test(values, test_pg_nul_in_a_later_set_refuses_the_whole_batch);
    tcase_add_test(values, test_pg_every_byte_round_trips_through_bytea);
    suite_add_tcase(s, values);
    TCase *stop = tcase_create("cancel_timeout");
    tcase_add_checked_fixture(stop, setup, teardown);
    tcase_set_timeout(stop, 30);
    tcase_add_test(stop, test_pg_cancel_of_pg_sleep_is_ecanceled_and_keeps_the_connection);
    tcase_add_test(stop, test_pg_timeout_of_pg_sleep_is_etimeout_and_keeps_the_connection);
    tcase_add_test(stop, test_pg_late_cancel_never_stops_the_next_statement);
    tcase_add_test(stop, test_pg_close_with_a_cancel_in_flight_completes_everything_once);
    suite_add_tcase(s, stop);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pg_failures_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
