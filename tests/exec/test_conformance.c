/* SPDX-License-Identifier: MIT */
/*
 * test_conformance.c - one suite, written once, run unchanged on every backend: SQLite in memory
 * and on disk, and PostgreSQL when ASQL_TEST_PG_URL names a server (test_pg.c insists on it).
 * What differs between backends is data: a capability table and the DDL of the test table.
 * MariaDB joins with one more row in `backends` when its backend lands.
 */
#include "exec_fixture.h"

typedef struct backend {
    const char *name;
    const char *url; /* NULL: from the environment variable `url_env` */
    const char *url_env;
    const char *ddl;   /* CREATE TABLE for conf_notes */
    int exact_numeric; /* NUMERIC keeps its scale ("12.50") */
    int shared_memory; /* one connection only (SQLite :memory:) */
} backend;

static const backend backends[] = {
    {"sqlite_memory", "sqlite:///:memory:", NULL,
     "CREATE TABLE conf_notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text VARCHAR(100) UNIQUE, "
     "completed BOOLEAN, score DOUBLE, price NUMERIC(10, 2), at TIMESTAMP, data BLOB)",
     0, 1},
    {"sqlite_file", NULL, NULL,
     "CREATE TABLE conf_notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text VARCHAR(100) UNIQUE, "
     "completed BOOLEAN, score DOUBLE, price NUMERIC(10, 2), at TIMESTAMP, data BLOB)",
     0, 0},
    {"postgresql", NULL, "ASQL_TEST_PG_URL",
     "CREATE TABLE conf_notes (id SERIAL PRIMARY KEY, text VARCHAR(100) UNIQUE, "
     "completed BOOLEAN, score DOUBLE PRECISION, price NUMERIC(10, 2), at TIMESTAMPTZ, "
     "data BYTEA)",
     1, 0},
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

static void setup_for(const backend *b)
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
    fx_exec("DROP TABLE IF EXISTS conf_notes");
    fx_exec(b->ddl);
}

static void setup_sqlite_memory(void)
{
    setup_for(&backends[0]);
}

static void setup_sqlite_file(void)
{
    setup_for(&backends[1]);
}

static void setup_pg(void)
{
    setup_for(&backends[2]);
}

static void teardown(void)
{
    if (fx_db && be->url_env) /* a server keeps its tables; SQLite's go with the fixture */
        fx_exec("DROP TABLE IF EXISTS conf_notes");
    fx_teardown();
}

static fx_res run_all(asql_stmt *q, const asql_params *p)
{
    fx_res r = {0};
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    ck_assert_int_eq(r.calls, 0);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    return r;
}

static int64_t insert(const char *text, int completed, double score)
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

START_TEST(test_insert_returns_new_keys_and_select_reads_them_back)
{
    const char *s;
    bool done;
    int64_t id;
    ck_assert_int_eq(insert("a", 0, 1.5), 1);
    ck_assert_int_eq(insert("b", 1, 2.5), 2);
    asql_stmt *q = asql_select(&conf.table);
    asql_where(q, asql_eq(q, &conf.completed, asql_bool(q, true)));
    fx_res r = run_all(q, NULL);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_int64_by_col(row, &conf.id, &id), ASQL_OK);
    ck_assert_int_eq(id, 2);
    ck_assert_int_eq(asql_row_text_by_col(row, &conf.text, &s, NULL), ASQL_OK);
    ck_assert_str_eq(s, "b");
    ck_assert_int_eq(asql_row_bool_by_col(row, &conf.completed, &done), ASQL_OK);
    ck_assert(done);
    ck_assert_int_eq(asql_row_int64_by_col(row, &conf.price, &id), ASQL_ENULL);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_execute_many_and_no_row_answers)
{
    fx_res r = {0}, one = {0}, val = {0};
    asql_params *p;
    asql_stmt *q = asql_text("INSERT INTO conf_notes (text, score) VALUES (:t, :s)");
    asql_params_new(&p);
    for (int i = 0; i < 20; i++) {
        char t[8];
        snprintf(t, sizeof(t), "n%d", i);
        if (i)
            asql_params_next(p);
        asql_params_str(p, "t", t);
        asql_params_double(p, "s", i);
    }
    ck_assert_int_eq(asql_execute_many(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    ck_assert_int_eq(asql_result_rows_affected(r.res), 20);
    fx_res_free(&r);
    q = asql_text("SELECT id FROM conf_notes WHERE text = :t");
    asql_params_new(&p);
    asql_params_str(p, "t", "absent");
    ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, p, fx_row_cb, &one), ASQL_OK);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, p, 0, fx_row_cb, &val), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&one.calls);
    fx_run_until(&val.calls);
    ck_assert_int_eq(one.status, ASQL_OK);
    ck_assert_ptr_null(one.row);
    ck_assert_int_eq(val.status, ASQL_OK);
    ck_assert_ptr_null(val.row);
    fx_res_free(&one);
    fx_res_free(&val);
}
END_TEST

START_TEST(test_values_round_trip_the_same_way)
{
    unsigned char bytes[256];
    const void *blob;
    const char *num;
    size_t len;
    double d;
    asql_datetime at = asql_datetime_make(2001, 2, 3, 4, 5, 6, 789), got;
    for (int k = 0; k < 256; k++)
        bytes[k] = (unsigned char)k;
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, "it's \"q\" \\ $1 ? :x"));
    asql_set(q, &conf.score, asql_double(q, -0.1));
    asql_set(q, &conf.price, asql_numeric(q, "12.50"));
    asql_set(q, &conf.at, asql_datetime_tz(q, at));
    asql_set(q, &conf.data, asql_blob(q, bytes, sizeof(bytes)));
    fx_res r = {0};
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    fx_res_free(&r);
    r = run_all(asql_select(&conf.table), NULL);
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_double_by_col(row, &conf.score, &d), ASQL_OK);
    ck_assert(d == -0.1);
    ck_assert_int_eq(asql_row_numeric_by_col(row, &conf.price, &num, &len), ASQL_OK);
    ck_assert_str_eq(num, be->exact_numeric ? "12.50" : "12.5");
    ck_assert_int_eq(asql_row_datetime_by_col(row, &conf.at, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, at.usec);
    ck_assert_int_eq(asql_row_blob_by_col(row, &conf.data, &blob, &len), ASQL_OK);
    ck_assert_uint_eq(len, 256);
    ck_assert(memcmp(blob, bytes, 256) == 0);
    ck_assert_int_eq(asql_row_text_by_col(row, &conf.text, &num, NULL), ASQL_OK);
    ck_assert_str_eq(num, "it's \"q\" \\ $1 ? :x");
    fx_res_free(&r);
}
END_TEST

START_TEST(test_errors_carry_portable_classes)
{
    insert("dup", 0, 0);
    fx_res r = {0}, syn = {0};
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, "dup"));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("SELEC 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &syn), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    fx_run_until(&syn.calls);
    ck_assert_int_eq(r.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(r.res)->klass, ASQL_ERRCLASS_UNIQUE_VIOLATION);
    ck_assert_int_eq(syn.status, ASQL_ESQL);
    ck_assert_int_eq(asql_result_error(syn.res)->klass, ASQL_ERRCLASS_SYNTAX);
    fx_res_free(&r);
    fx_res_free(&syn);
}
END_TEST

typedef struct gtxn {
    int calls;
    asql_status status;
    asql_txn *txn;
} gtxn;

static void gtxn_cb(asql_status st, asql_txn *txn, void *data)
{
    gtxn *g = data;
    g->calls++;
    g->status = st;
    g->txn = txn;
}

static asql_txn *begin(asql_target on)
{
    gtxn g = {0};
    ck_assert_int_eq(asql_txn_begin(on, NULL, gtxn_cb, &g), ASQL_OK);
    fx_run_until(&g.calls);
    ck_assert_msg(g.status == ASQL_OK, "%s: begin failed", be->name);
    return g.txn;
}

static void finish(asql_txn *t, int commit)
{
    fx_done d = {0, ASQL_OK};
    ck_assert_int_eq(commit ? asql_txn_commit(t, fx_done_cb, &d)
                            : asql_txn_rollback(t, fx_done_cb, &d),
                     ASQL_OK);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.status, ASQL_OK);
    asql_txn_free(t);
}

static void insert_in(asql_txn *t, const char *text)
{
    fx_res r = {0};
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, text));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_TXN(t), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
}

START_TEST(test_transactions_and_savepoints_behave_alike)
{
    asql_txn *outer = begin(ASQL_ON_DB(fx_db));
    insert_in(outer, "kept");
    asql_txn *inner = begin(ASQL_ON_TXN(outer));
    insert_in(inner, "dropped");
    ck_assert_int_eq(asql_txn_commit(outer, NULL, NULL), ASQL_EMISUSE);
    finish(inner, 0);
    finish(outer, 1);
    asql_stmt *q = asql_select(&conf.table);
    asql_order_by(q, asql_col(q, &conf.id));
    fx_res r = run_all(q, NULL);
    const char *s;
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    ck_assert_int_eq(asql_row_text_by_col(asql_result_row(r.res, 0), &conf.text, &s, NULL),
                     ASQL_OK);
    ck_assert_str_eq(s, "kept");
    fx_res_free(&r);
}
END_TEST

typedef struct it {
    int rows, ends;
    asql_status status;
} it;

static int it_row(const asql_row *row, void *data)
{
    it *s = data;
    (void)row;
    return ++s->rows == 5;
}

static void it_end(asql_status st, asql_result *res, void *data)
{
    it *s = data;
    (void)res;
    s->ends++;
    s->status = st;
}

START_TEST(test_iterate_stops_early_on_every_backend)
{
    it s = {0};
    for (int i = 0; i < 12; i++) {
        char t[8];
        snprintf(t, sizeof(t), "r%d", i);
        insert(t, i % 2, i);
    }
    asql_stmt *q = asql_select(&conf.table);
    ck_assert_int_eq(asql_iterate(NULL, ASQL_ON_DB(fx_db), q, NULL, it_row, it_end, &s), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&s.ends);
    ck_assert_int_eq(s.ends, 1);
    ck_assert_int_eq(s.rows, 5);
    ck_assert_int_eq(s.status, ASQL_OK);
}
END_TEST

static void add_tests(TCase *tc)
{
    tcase_add_test(tc, test_insert_returns_new_keys_and_select_reads_them_back);
    tcase_add_test(tc, test_execute_many_and_no_row_answers);
    tcase_add_test(tc, test_values_round_trip_the_same_way);
    tcase_add_test(tc, test_errors_carry_portable_classes);
    tcase_add_test(tc, test_transactions_and_savepoints_behave_alike);
    tcase_add_test(tc, test_iterate_stops_early_on_every_backend);
}

static Suite *conformance_suite(void)
{
    Suite *s = suite_create("exec_conformance");
    void (*setups[])(void) = {setup_sqlite_memory, setup_sqlite_file, setup_pg};
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
        if (backends[i].url_env && !getenv(backends[i].url_env))
            continue; /* not configured here; test_pg.c reports a missing PostgreSQL */
        TCase *tc = tcase_create(backends[i].name);
        tcase_add_checked_fixture(tc, setups[i], teardown);
        tcase_set_timeout(tc, 60);
        add_tests(tc);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(conformance_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
