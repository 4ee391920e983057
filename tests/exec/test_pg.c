/* SPDX-License-Identifier: MIT */
/*
 * test_pg.c - the backend seam proven on a socket: the minimal PostgreSQL backend connects
 * without blocking (the connect call returns before any I/O completes) and runs statements
 * through the seam against the real server named by ASQL_TEST_PG_URL; host names are resolved off
 * the loop thread (a test hook holds the resolver to prove the loop runs meanwhile). Without that
 * variable the test fails, unless ASQL_TEST_SKIP_PG=1 says to skip it.
 */
#include <pthread.h>
#include <time.h>

#include "exec/resolve.h"
#include "exec_fixture.h"

static const struct items_table {
    asql_table table;
    asql_column id, name, flag, data, at;
} items = ASQL_TABLE_DEF(
    items, "asql_exec_items",
    ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(name, "name", ASQL_TEXT, ASQL_UNIQUE), ASQL_COLUMN(flag, "flag", ASQL_BOOLEAN),
    ASQL_COLUMN(data, "data", ASQL_BLOB), ASQL_COLUMN(at, "at", ASQL_DATETIME_TZ));

static int skipped(void)
{
    const char *skip = getenv("ASQL_TEST_SKIP_PG");
    return !getenv("ASQL_TEST_PG_URL") && skip && strcmp(skip, "1") == 0;
}

static void setup(void)
{
    const char *url = getenv("ASQL_TEST_PG_URL");
    fx_loop_new();
    if (skipped())
        return;
    ck_assert_msg(url != NULL, "ASQL_TEST_PG_URL is not set: start PostgreSQL (scripts/servers.sh) "
                               "and export it, or set ASQL_TEST_SKIP_PG=1 to skip this test");
    fx_connect(url);
    fx_exec("DROP TABLE IF EXISTS asql_exec_items");
    fx_exec("CREATE TABLE asql_exec_items (id SERIAL PRIMARY KEY, name TEXT UNIQUE, "
            "flag BOOLEAN, data BYTEA, at TIMESTAMPTZ)");
}

static void teardown(void)
{
    if (fx_db)
        fx_exec("DROP TABLE IF EXISTS asql_exec_items");
    fx_close();
}

START_TEST(test_pg_connect_does_not_complete_inside_the_call)
{
    asql_db *db;
    fx_done d = {0, ASQL_OK}, c = {0, ASQL_OK};
    if (skipped())
        return;
    ck_assert_int_eq(asql_db_open(&db, fx_loop, getenv("ASQL_TEST_PG_URL"), NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &d), ASQL_OK);
    ck_assert_int_eq(d.calls, 0);
    fx_run_until(&d.calls);
    ck_assert_msg(d.status == ASQL_OK, "%s", asql_db_last_error(db)->message);
    asql_db_close(db, fx_done_cb, &c);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.calls, 1);
}
END_TEST

START_TEST(test_pg_insert_returns_key_and_values_round_trip)
{
    unsigned char bytes[256];
    char text[256];
    const void *blob;
    const char *s;
    size_t len;
    bool flag;
    int64_t id = 0;
    asql_datetime at = asql_datetime_make(2024, 2, 29, 23, 59, 58, 123456), got;
    fx_res r = {0};
    if (skipped())
        return;
    for (int k = 0; k < 256; k++)
        bytes[k] = (unsigned char)k;
    for (int k = 1; k < 128; k++) /* PostgreSQL text must be valid UTF-8 */
        text[k - 1] = (char)k;
    for (int round = 1; round <= 2; round++) {
        asql_stmt *q = asql_insert(&items.table);
        asql_set(q, &items.name, asql_strn(q, text, round == 1 ? 127 : 5));
        asql_set(q, &items.flag, asql_bool(q, round == 1));
        asql_set(q, &items.data, asql_blob(q, bytes, sizeof(bytes)));
        asql_set(q, &items.at, asql_datetime_tz(q, at));
        ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
        asql_stmt_free(q);
        fx_run_until(&r.calls);
        ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
        ck_assert_int_eq(asql_result_rows_affected(r.res), 1);
        ck_assert_int_eq(asql_result_insert_id(r.res, &id), ASQL_OK);
        ck_assert_int_eq(id, round);
        fx_res_free(&r);
        r.calls = 0;
    }
    asql_stmt *q = asql_select(&items.table);
    asql_where(q, asql_eq(q, &items.flag, asql_bool(q, true)));
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    ck_assert_str_eq(asql_result_column_server_type(r.res, 4), "timestamptz");
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_text_by_col(row, &items.name, &s, &len), ASQL_OK);
    ck_assert_uint_eq(len, 127);
    ck_assert(memcmp(s, text, 127) == 0);
    ck_assert_int_eq(asql_row_bool_by_col(row, &items.flag, &flag), ASQL_OK);
    ck_assert(flag);
    ck_assert_int_eq(asql_row_blob_by_col(row, &items.data, &blob, &len), ASQL_OK);
    ck_assert_uint_eq(len, 256);
    ck_assert(memcmp(blob, bytes, 256) == 0);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &items.at, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, at.usec);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_pg_raw_params_errors_and_no_row)
{
    fx_res r = {0}, bad = {0}, none = {0};
    asql_params *p;
    int64_t v;
    if (skipped())
        return;
    asql_stmt *q = asql_text("SELECT :a::bigint + 1 AS x, :s::text AS s");
    asql_params_new(&p);
    asql_params_int(p, "a", INT64_MAX - 1);
    asql_params_str(p, "s", "it's $1 ? :x \\");
    ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, p, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    q = asql_text("SELEC 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &bad), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("SELECT 1 WHERE false");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &none),
                     ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&none.calls); /* several pooled connections: any order */
    fx_run_until(&bad.calls);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls + bad.calls + none.calls, 3);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_row_int64_by_name(r.row, "x", &v), ASQL_OK);
    ck_assert(v == INT64_MAX);
    const char *s;
    ck_assert_int_eq(asql_row_text_by_name(r.row, "s", &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "it's $1 ? :x \\");
    ck_assert_int_eq(bad.status, ASQL_ESQL);
    ck_assert_str_eq(asql_result_error(bad.res)->sqlstate, "42601");
    ck_assert_int_eq(asql_result_error(bad.res)->klass, ASQL_ERRCLASS_SYNTAX);
    ck_assert_int_eq(none.status, ASQL_OK);
    ck_assert_ptr_null(none.row);
    fx_res_free(&r);
    fx_res_free(&bad);
    fx_res_free(&none);
}
END_TEST

START_TEST(test_pg_timeout_ends_the_statement_and_the_pool_goes_on)
{
    fx_res slow = {0}, after = {0};
    asql_op *op;
    int64_t v;
    if (skipped())
        return;
    asql_stmt *q = asql_text("SELECT pg_sleep(30)");
    ck_assert_int_eq(asql_fetch_all(&op, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &slow), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(asql_op_set_timeout(op, 0.1), ASQL_OK);
    asql_op_free(op);
    fx_run_until(&slow.calls);
    ck_assert_int_eq(slow.calls, 1);
    ck_assert_int_eq(slow.status, ASQL_ETIMEOUT);
    q = asql_text("SELECT 5");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &after),
                     ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&after.calls);
    ck_assert_msg(after.status == ASQL_OK, "%s", asql_result_error(after.res)->message);
    ck_assert_int_eq(asql_row_int64(after.row, 0, &v), ASQL_OK);
    ck_assert_int_eq(v, 5);
    fx_res_free(&slow);
    fx_res_free(&after);
}
END_TEST

static void offline_setup(void)
{
    fx_loop_new();
}

START_TEST(test_pg_refused_connection_fails_with_econnect_and_no_password)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&db, fx_loop, "postgresql://u:s3cr3t@127.0.0.1:1/x", NULL),
                     ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    ck_assert_int_eq(c.calls, 0);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    ck_assert_int_eq(asql_db_last_error(db)->status, ASQL_ECONNECT);
    ck_assert_ptr_nonnull(strstr(asql_db_last_error(db)->message, "could not connect"));
    ck_assert_ptr_null(strstr(asql_db_last_error(db)->message, "s3cr3t"));
    ck_assert_ptr_null(strstr(asql_db_url_masked(db), "s3cr3t"));
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls + d.calls, 2);
}
END_TEST

/* ---- host names: resolved on a thread, never on the loop ----------------------------------- */

/* The resolver hook: the lookup waits (at most 5 s) until the loop thread releases it. */
static pthread_mutex_t hold_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cv = PTHREAD_COND_INITIALIZER;
static int hold_entered, hold_released;
static char hold_host[64];

static void holding_hook(const char *host)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&hold_mu);
    hold_entered++;
    snprintf(hold_host, sizeof(hold_host), "%s", host);
    while (!hold_released)
        if (pthread_cond_timedwait(&hold_cv, &hold_mu, &until) != 0)
            break;
    pthread_mutex_unlock(&hold_mu);
}

static int hold_state(int *released_out)
{
    pthread_mutex_lock(&hold_mu);
    int entered = hold_entered;
    if (released_out)
        *released_out = hold_released;
    pthread_mutex_unlock(&hold_mu);
    return entered;
}

static void hold_release(void)
{
    pthread_mutex_lock(&hold_mu);
    hold_released = 1;
    pthread_cond_broadcast(&hold_cv);
    pthread_mutex_unlock(&hold_mu);
}

static void resolve_setup(void)
{
    fx_loop_new();
    hold_entered = hold_released = 0;
    hold_host[0] = 0;
}

static void resolve_teardown(void)
{
    hold_release();
    asql__resolve_set_test_hook(NULL);
    fx_close();
}

/* The test server's URL with `hosts` ("h" or "h1:p1,h2:p2"; "%d" stands for its port). */
static void url_with_hosts(char *buf, size_t size, const char *hosts)
{
    asql_url *u;
    char list[256];
    ck_assert_msg(getenv("ASQL_TEST_PG_URL") != NULL,
                  "ASQL_TEST_PG_URL is not set: start PostgreSQL (scripts/servers.sh) and export "
                  "it, or set ASQL_TEST_SKIP_PG=1 to skip this test");
    ck_assert_int_eq(asql_url_parse(&u, getenv("ASQL_TEST_PG_URL"), NULL), ASQL_OK);
    snprintf(list, sizeof(list), hosts, asql_url_port(u, 0), asql_url_port(u, 0));
    snprintf(buf, size, "postgresql://%s:%s@%s/%s", asql_url_user(u), asql_url_password(u), list,
             asql_url_database(u));
    asql_url_free(u);
}

/* Opens and connects fx_db on `url`, then checks that it runs a statement. */
static void connect_and_select(const char *url)
{
    fx_res r = {0};
    int64_t v = 0;
    fx_connect(url);
    asql_stmt *q = asql_text("SELECT 41 + 1");
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_row_int64(r.row, 0, &v), ASQL_OK);
    ck_assert_int_eq(v, 42);
    fx_res_free(&r);
}

START_TEST(test_pg_connects_by_host_name_resolved_on_a_thread)
{
    char url[512];
    if (skipped())
        return;
    asql__resolve_set_test_hook(holding_hook);
    hold_release(); /* the hook only records that the lookup ran on the resolver */
    url_with_hosts(url, sizeof(url), "localhost:%d");
    connect_and_select(url);
    ck_assert_int_ge(hold_state(NULL), 1);
    ck_assert_str_eq(hold_host, "localhost");
}
END_TEST

START_TEST(test_pg_skips_an_unresolvable_host_of_a_list)
{
    char url[512];
    if (skipped())
        return;
    url_with_hosts(url, sizeof(url), "nonexistent.invalid:%d,localhost:%d");
    connect_and_select(url);
}
END_TEST

START_TEST(test_pg_numeric_host_needs_no_resolver)
{
    char url[512];
    if (skipped())
        return;
    asql__resolve_set_test_hook(holding_hook);
    url_with_hosts(url, sizeof(url), "127.0.0.1:%d");
    connect_and_select(url);
    ck_assert_int_eq(hold_state(NULL), 0);
}
END_TEST

START_TEST(test_pg_unresolvable_host_fails_once_with_econnect_naming_it)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    ck_assert_int_eq(
        asql_db_open(&db, fx_loop, "postgresql://u:s3cr3t@nonexistent.invalid:5432/x", NULL),
        ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    ck_assert_int_eq(c.calls, 0);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    const asql_error *e = asql_db_last_error(db);
    ck_assert_int_eq(e->status, ASQL_ECONNECT);
    ck_assert_msg(strstr(e->message, "could not connect") && strstr(e->message, "resolve") &&
                      strstr(e->message, "\"nonexistent.invalid\""),
                  "%s", e->message);
    ck_assert_ptr_null(strstr(e->message, "s3cr3t"));
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_int_eq(d.calls, 1);
}
END_TEST

START_TEST(test_pg_tries_each_host_of_a_list_in_order)
{
    char url[512];
    if (skipped())
        return;
    /* Port 1 refuses: libpq goes on to the next host, found through the resolver. */
    url_with_hosts(url, sizeof(url), "127.0.0.1:1,localhost:%d");
    connect_and_select(url);
}
END_TEST

START_TEST(test_pg_no_resolvable_host_fails_naming_each)
{
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_open(&db, fx_loop,
                                  "postgresql://u:s3cr3t@first.invalid:5432,second.invalid/x",
                                  NULL),
                     ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    const char *msg = asql_db_last_error(db)->message;
    ck_assert_msg(strstr(msg, "\"first.invalid\"") && strstr(msg, "\"second.invalid\""), "%s", msg);
    ck_assert_ptr_null(strstr(msg, "s3cr3t"));
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls + d.calls, 2);
}
END_TEST

START_TEST(test_pg_blocking_layer_resolves_a_host_name_too)
{
    char url[512];
    asql_db *db;
    asql_result *res = NULL;
    asql_error err;
    int64_t v = 0;
    if (skipped())
        return;
    url_with_hosts(url, sizeof(url), "localhost:%d");
    ck_assert_int_eq(asql_blocking_open(&db, url, NULL, &err), ASQL_OK);
    asql_stmt *q = asql_text("SELECT 6 * 7");
    ck_assert_int_eq(asql_blocking_fetch_one(&res, ASQL_ON_DB(db), q, NULL), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(asql_row_int64(asql_result_row(res, 0), 0, &v), ASQL_OK);
    ck_assert_int_eq(v, 42);
    asql_result_free(res);
    asql_blocking_close(db);
    ck_assert_int_eq(
        asql_blocking_open(&db, "postgresql://u:s3cr3t@nonexistent.invalid/x", NULL, &err),
        ASQL_ECONNECT);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(strstr(err.message, "nonexistent.invalid"));
}
END_TEST

/* Polls every 10 ms until the lookup is held, then releases it while the connect still waits. */
typedef struct probe {
    ev_timer w;
    int fired_while_held;
    int polls;
    const fx_done *connect;
} probe;

static void probe_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    probe *p = (probe *)w;
    (void)revents;
    if (!hold_state(NULL) && ++p->polls < 500) {
        ev_timer_set(w, 0.01, 0.);
        ev_timer_start(loop, w);
        return;
    }
    p->fired_while_held = hold_state(NULL) == 1 && p->connect->calls == 0;
    hold_release();
}

START_TEST(test_pg_loop_runs_timers_while_a_host_name_resolves)
{
    char url[512];
    asql_db *db;
    fx_done c = {0, ASQL_OK};
    probe p = {.connect = &c};
    if (skipped())
        return;
    asql__resolve_set_test_hook(holding_hook);
    url_with_hosts(url, sizeof(url), "localhost:%d");
    ev_timer_init(&p.w, probe_cb, 0.01, 0.);
    ev_timer_start(fx_loop, &p.w);
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    fx_db = db;
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    ck_assert_int_eq(c.calls, 0);
    fx_run_until(&c.calls);
    ck_assert_msg(c.status == ASQL_OK, "%s", asql_db_last_error(db)->message);
    ck_assert_msg(p.fired_while_held, "the timer did not fire while the lookup was held");
    ck_assert_int_eq(c.calls, 1);
}
END_TEST

START_TEST(test_pg_close_while_resolving_drops_the_lookup_safely)
{
    char url[512];
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    int released = 0;
    if (skipped())
        return;
    int live_before = asql__resolve_live();
    asql__resolve_set_test_hook(holding_hook);
    url_with_hosts(url, sizeof(url), "localhost:%d");
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    for (int i = 0; i < 500 && !hold_state(NULL); i++)
        usleep(10000);
    ck_assert_int_eq(hold_state(&released), 1);
    ck_assert_int_eq(asql__resolve_live(), live_before + 1);
    asql_db_close(db, fx_done_cb, &d);
    ck_assert_int_eq(c.calls + d.calls, 0);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_int_eq(c.status, ASQL_ECANCELED);
    ck_assert_int_eq(d.calls, 1);
    ck_assert_int_eq(released, 0); /* closed while the lookup was still held */
    hold_release();                /* the thread ends alone and frees its job */
    for (int i = 0; i < 500 && asql__resolve_live() != live_before; i++)
        usleep(10000);
    ck_assert_int_eq(asql__resolve_live(), live_before);
    usleep(20000); /* let the thread return before the process may end */
    ev_run(fx_loop, EVRUN_NOWAIT);
    ck_assert_int_eq(c.calls + d.calls, 2);
}
END_TEST

/* ---- URL options reach libpq ------------------------------------------------------------- */

/* The test URL with `query` appended. */
static void url_with_query(char *buf, size_t size, const char *query)
{
    const char *url = getenv("ASQL_TEST_PG_URL");
    ck_assert_msg(url != NULL, "ASQL_TEST_PG_URL is not set: start PostgreSQL (scripts/servers.sh) "
                               "and export it, or set ASQL_TEST_SKIP_PG=1 to skip this test");
    snprintf(buf, size, "%s%c%s", url, strchr(url, '?') ? '&' : '?', query);
}

static void text_setting(const char *name, char *out, size_t size)
{
    fx_res r = {0};
    asql_params *p;
    const char *s;
    asql_stmt *q = asql_text("SELECT current_setting(:name)");
    asql_params_new(&p);
    asql_params_str(p, "name", name);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, p, 0, fx_row_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_row_text(r.row, 0, &s, NULL), ASQL_OK);
    snprintf(out, size, "%s", s);
    fx_res_free(&r);
}

START_TEST(test_pg_url_options_reach_the_server_and_session_settings_hold)
{
    char url[512], v[128];
    if (skipped())
        return;
    url_with_query(url, sizeof(url),
                   "application_name=asql_t%27app&sslmode=disable&keepalives=1&"
                   "options=-c%20search_path%3Dpg_catalog%20-c%20TimeZone%3DEurope/Paris");
    fx_connect(url);
    text_setting("application_name", v, sizeof(v));
    ck_assert_str_eq(v, "asql_t'app");
    text_setting("search_path", v, sizeof(v));
    ck_assert_str_eq(v, "pg_catalog");
    text_setting("TimeZone", v, sizeof(v)); /* ours come last and win */
    ck_assert_str_eq(v, "UTC");
}
END_TEST

START_TEST(test_pg_sslmode_require_is_passed_on_and_refused_by_a_plain_server)
{
    char url[512];
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    if (skipped())
        return;
    url_with_query(url, sizeof(url), "sslmode=require");
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    ck_assert_msg(strstr(asql_db_last_error(db)->message, "SSL"), "%s",
                  asql_db_last_error(db)->message);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls + d.calls, 2);
}
END_TEST

START_TEST(test_pg_target_session_attrs_is_passed_on)
{
    char url[512];
    asql_db *db;
    fx_done c = {0, ASQL_OK}, d = {0, ASQL_OK};
    if (skipped())
        return;
    url_with_query(url, sizeof(url), "target_session_attrs=standby"); /* ours is a primary */
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_ECONNECT);
    asql_db_close(db, fx_done_cb, &d);
    fx_run_until(&d.calls);
    ck_assert_int_eq(c.calls + d.calls, 2);
}
END_TEST

static Suite *pg_suite(void)
{
    Suite *s = suite_create("exec_pg");
    TCase *tc = tcase_create("seam");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_pg_connect_does_not_complete_inside_the_call);
    tcase_add_test(tc, test_pg_insert_returns_key_and_values_round_trip);
    tcase_add_test(tc, test_pg_raw_params_errors_and_no_row);
    tcase_add_test(tc, test_pg_timeout_ends_the_statement_and_the_pool_goes_on);
    suite_add_tcase(s, tc);
    TCase *off = tcase_create("offline");
    tcase_add_checked_fixture(off, offline_setup, fx_close);
    tcase_set_timeout(off, 30);
    tcase_add_test(off, test_pg_refused_connection_fails_with_econnect_and_no_password);
    suite_add_tcase(s, off);
    TCase *res = tcase_create("resolve");
    tcase_add_checked_fixture(res, resolve_setup, resolve_teardown);
    tcase_set_timeout(res, 30);
    tcase_add_test(res, test_pg_connects_by_host_name_resolved_on_a_thread);
    tcase_add_test(res, test_pg_skips_an_unresolvable_host_of_a_list);
    tcase_add_test(res, test_pg_numeric_host_needs_no_resolver);
    tcase_add_test(res, test_pg_tries_each_host_of_a_list_in_order);
    tcase_add_test(res, test_pg_no_resolvable_host_fails_naming_each);
    tcase_add_test(res, test_pg_blocking_layer_resolves_a_host_name_too);
    tcase_add_test(res, test_pg_unresolvable_host_fails_once_with_econnect_naming_it);
    tcase_add_test(res, test_pg_loop_runs_timers_while_a_host_name_resolves);
    tcase_add_test(res, test_pg_close_while_resolving_drops_the_lookup_safely);
    suite_add_tcase(s, res);
    TCase *opt = tcase_create("url_options");
    tcase_add_checked_fixture(opt, resolve_setup, resolve_teardown);
    tcase_set_timeout(opt, 30);
    tcase_add_test(opt, test_pg_url_options_reach_the_server_and_session_settings_hold);
    tcase_add_test(opt, test_pg_sslmode_require_is_passed_on_and_refused_by_a_plain_server);
    tcase_add_test(opt, test_pg_target_session_attrs_is_passed_on);
    suite_add_tcase(s, opt);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pg_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
