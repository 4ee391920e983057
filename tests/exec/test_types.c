/* SPDX-License-Identifier: MIT */
/*
 * test_types.c - values round-trip through SQLite and read back by their declared types:
 * int64 limits, doubles, text with every non-NUL byte, blobs with every byte, booleans stored as
 * 0/1, dates and times stored as text, time zones normalised to UTC, NUMERIC as text, JSON,
 * UUID, NULL; and the getters' answers for NULL, another type and overflow. Also rows as they
 * travel in batches: across batch boundaries (with NULLs on both sides), values larger than a
 * batch, wide rows, and the column description a cached statement keeps.
 */
#include <float.h>
#include <math.h>

#include "exec_fixture.h"

static const struct vals_table {
    asql_table table;
    asql_column id, i, d, t, b, flag, day, tod, ts, tstz, num, j, u;
} vals = ASQL_TABLE_DEF(
    vals, "vals", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(i, "i", ASQL_BIGINT), ASQL_COLUMN(d, "d", ASQL_DOUBLE),
    ASQL_COLUMN(t, "t", ASQL_TEXT), ASQL_COLUMN(b, "b", ASQL_BLOB),
    ASQL_COLUMN(flag, "flag", ASQL_BOOLEAN), ASQL_COLUMN(day, "day", ASQL_DATE),
    ASQL_COLUMN(tod, "tod", ASQL_TIME), ASQL_COLUMN(ts, "ts", ASQL_DATETIME),
    ASQL_COLUMN(tstz, "tstz", ASQL_DATETIME_TZ), ASQL_COLUMN(num, "num", ASQL_NUMERIC(12, 2)),
    ASQL_COLUMN(j, "j", ASQL_JSON), ASQL_COLUMN(u, "u", ASQL_UUID));

static void setup(void)
{
    fx_setup_memory();
    fx_exec("CREATE TABLE vals (id INTEGER PRIMARY KEY AUTOINCREMENT, i BIGINT, d DOUBLE, t TEXT, "
            "b BLOB, flag BOOLEAN, day DATE, tod TIME, ts DATETIME, tstz TIMESTAMP, "
            "num NUMERIC(12, 2), j JSON, u UUID)");
}

/* Runs `q` (which it frees) for its effect. */
static void run(asql_stmt *q)
{
    fx_res r = {0};
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    fx_res_free(&r);
}

/* Selects every row of vals, ordered by id, with the compiled SELECT. */
static fx_res select_all(void)
{
    fx_res r = {0};
    asql_stmt *q = asql_select(&vals.table);
    asql_order_by(q, asql_col(q, &vals.id));
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    return r;
}

START_TEST(test_int64_limits_round_trip)
{
    const int64_t v[] = {INT64_MIN, -1, 0, 1, INT64_MAX};
    for (size_t k = 0; k < 5; k++) {
        asql_stmt *q = asql_insert(&vals.table);
        asql_set(q, &vals.i, asql_bigint(q, v[k]));
        run(q);
    }
    fx_res r = select_all();
    ck_assert_uint_eq(asql_result_n_rows(r.res), 5);
    for (size_t k = 0; k < 5; k++) {
        int64_t got;
        uint64_t u;
        const asql_row *row = asql_result_row(r.res, k);
        ck_assert_int_eq(asql_row_int64_by_col(row, &vals.i, &got), ASQL_OK);
        ck_assert(got == v[k]);
        ck_assert_int_eq(asql_row_uint64_by_col(row, &vals.i, &u),
                         v[k] < 0 ? ASQL_ERANGE : ASQL_OK);
        if (v[k] >= 0)
            ck_assert(u == (uint64_t)v[k]);
    }
    fx_res_free(&r);
}
END_TEST

START_TEST(test_doubles_round_trip_exactly)
{
    const double v[] = {0.1, -2.5e-300, DBL_MAX, -DBL_MIN, 3.141592653589793};
    for (size_t k = 0; k < 5; k++) {
        asql_stmt *q = asql_insert(&vals.table);
        asql_set(q, &vals.d, asql_double(q, v[k]));
        run(q);
    }
    fx_res r = select_all();
    for (size_t k = 0; k < 5; k++) {
        double got;
        int64_t i;
        const asql_row *row = asql_result_row(r.res, k);
        ck_assert_int_eq(asql_row_double_by_name(row, "d", &got), ASQL_OK);
        ck_assert(got == v[k]);
        ck_assert_int_eq(asql_row_int64_by_name(row, "d", &i), ASQL_ETYPE);
    }
    fx_res_free(&r);
}
END_TEST

START_TEST(test_text_with_every_non_nul_byte_round_trips)
{
    char text[256];
    const char *got;
    size_t len;
    for (int k = 1; k < 256; k++)
        text[k - 1] = (char)k;
    asql_stmt *q = asql_insert(&vals.table);
    asql_set(q, &vals.t, asql_strn(q, text, 255));
    run(q);
    /* The same through a raw statement and a parameter set. */
    asql_params *p;
    asql_params_new(&p);
    asql_params_strn(p, "t", text, 255);
    q = asql_text("INSERT INTO vals (t) VALUES (:t)");
    fx_res r = {0};
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(fx_db), q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    r = select_all();
    for (size_t k = 0; k < 2; k++) {
        ck_assert_int_eq(asql_row_text_by_col(asql_result_row(r.res, k), &vals.t, &got, &len),
                         ASQL_OK);
        ck_assert_uint_eq(len, 255);
        ck_assert(memcmp(got, text, 255) == 0);
        ck_assert_int_eq(got[255], 0);
    }
    fx_res_free(&r);
}
END_TEST

START_TEST(test_blob_with_every_byte_round_trips)
{
    unsigned char bytes[256];
    const void *got;
    size_t len;
    for (int k = 0; k < 256; k++)
        bytes[k] = (unsigned char)k;
    asql_stmt *q = asql_insert(&vals.table);
    asql_set(q, &vals.b, asql_blob(q, bytes, sizeof(bytes)));
    run(q);
    q = asql_insert(&vals.table);
    asql_set(q, &vals.b, asql_blob(q, bytes, 0)); /* empty, not NULL */
    run(q);
    fx_res r = select_all();
    ck_assert_int_eq(asql_row_blob_by_col(asql_result_row(r.res, 0), &vals.b, &got, &len), ASQL_OK);
    ck_assert_uint_eq(len, 256);
    ck_assert(memcmp(got, bytes, 256) == 0);
    ck_assert_int_eq(asql_row_blob_by_col(asql_result_row(r.res, 1), &vals.b, &got, &len), ASQL_OK);
    ck_assert_uint_eq(len, 0);
    ck_assert(!asql_row_is_null(asql_result_row(r.res, 1), 4));
    const char *s;
    ck_assert_int_eq(asql_row_text_by_col(asql_result_row(r.res, 0), &vals.b, &s, NULL),
                     ASQL_ETYPE);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_booleans_stored_as_integers_read_as_bool)
{
    bool b;
    asql_stmt *q = asql_insert(&vals.table);
    asql_set(q, &vals.flag, asql_bool(q, true));
    run(q);
    q = asql_insert(&vals.table);
    asql_set(q, &vals.flag, asql_bool(q, false));
    run(q);
    fx_exec("INSERT INTO vals (flag, i) VALUES (2, 1)");
    fx_res r = select_all();
    ck_assert_int_eq(asql_result_column_kind(r.res, 5), ASQL_TYPE_BOOLEAN);
    ck_assert_int_eq(asql_row_bool_by_col(asql_result_row(r.res, 0), &vals.flag, &b), ASQL_OK);
    ck_assert(b);
    ck_assert_int_eq(asql_row_bool_by_col(asql_result_row(r.res, 1), &vals.flag, &b), ASQL_OK);
    ck_assert(!b);
    ck_assert_int_eq(asql_row_bool_by_col(asql_result_row(r.res, 2), &vals.flag, &b), ASQL_ERANGE);
    ck_assert_int_eq(asql_row_bool_by_col(asql_result_row(r.res, 2), &vals.i, &b), ASQL_OK);
    ck_assert(b); /* any integer 0/1 reads as bool */
    fx_res_free(&r);
}
END_TEST

START_TEST(test_dates_and_times_round_trip)
{
    asql_datetime day = asql_datetime_make(1969, 7, 20, 0, 0, 0, 0);
    asql_datetime ts = asql_datetime_make(2024, 2, 29, 23, 59, 58, 123456);
    asql_datetime tod = {((13 * 60 + 14) * 60 + 15) * 1000000LL + 5, 0};
    asql_datetime got;
    asql_stmt *q = asql_insert(&vals.table);
    asql_set(q, &vals.day, asql_date(q, day));
    asql_set(q, &vals.tod, asql_time(q, tod));
    asql_set(q, &vals.ts, asql_datetime_value(q, ts));
    asql_set(q, &vals.tstz, asql_datetime_tz(q, ts));
    run(q);
    /* Text written by hand, with an offset: normalised to UTC when read. */
    fx_exec("INSERT INTO vals (ts, tstz) VALUES ('2024-01-02T03:04:05', "
            "'2024-01-02 03:04:05.5+02:00')");
    fx_res r = select_all();
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.day, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, day.usec);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.tod, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, tod.usec);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.ts, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, ts.usec);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.tstz, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, ts.usec);
    ck_assert_int_eq(got.offset_s, 0);
    row = asql_result_row(r.res, 1);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.ts, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, asql_datetime_make(2024, 1, 2, 3, 4, 5, 0).usec);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.tstz, &got), ASQL_OK);
    ck_assert_int_eq(got.usec, asql_datetime_make(2024, 1, 2, 1, 4, 5, 500000).usec);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.day, &got), ASQL_ENULL);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_numeric_json_and_uuid_round_trip)
{
    static const unsigned char uuid[16] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
                                           0x0f, 0xed, 0xcb, 0xa9, 0x87, 0x65, 0x43, 0x21};
    unsigned char got[16];
    const char *s;
    size_t len;
    int64_t i;
    asql_stmt *q = asql_insert(&vals.table);
    asql_set(q, &vals.num, asql_numeric(q, "-12.5"));
    asql_set(q, &vals.j, asql_json(q, "{\"a\": [1, \"x\"]}"));
    asql_set(q, &vals.u, asql_uuid(q, uuid));
    run(q);
    q = asql_insert(&vals.table);
    asql_set(q, &vals.num, asql_numeric(q, "42"));
    run(q);
    fx_res r = select_all();
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_numeric_by_col(row, &vals.num, &s, &len), ASQL_OK);
    ck_assert_str_eq(s, "-12.5");
    ck_assert_int_eq(asql_row_int64_by_col(row, &vals.num, &i), ASQL_ETYPE); /* not integral */
    ck_assert_int_eq(asql_row_json_by_col(row, &vals.j, &s, &len), ASQL_OK);
    ck_assert_str_eq(s, "{\"a\": [1, \"x\"]}");
    ck_assert_int_eq(asql_row_uuid_by_col(row, &vals.u, got), ASQL_OK);
    ck_assert(memcmp(got, uuid, 16) == 0);
    row = asql_result_row(r.res, 1);
    ck_assert_int_eq(asql_row_numeric_by_col(row, &vals.num, &s, &len), ASQL_OK);
    ck_assert_str_eq(s, "42");
    ck_assert_int_eq(asql_row_int64_by_col(row, &vals.num, &i), ASQL_OK);
    ck_assert_int_eq(i, 42);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_null_reads_as_enull_from_every_getter)
{
    fx_exec("INSERT INTO vals (i) VALUES (NULL)");
    fx_res r = select_all();
    const asql_row *row = asql_result_row(r.res, 0);
    int64_t i;
    uint64_t u;
    double d;
    bool b;
    const char *s;
    const void *p;
    size_t len;
    asql_datetime dt;
    unsigned char uuid[16];
    for (int col = 1; col < asql_row_n_columns(row); col++) {
        ck_assert(asql_row_is_null(row, col));
        ck_assert_int_eq(asql_row_int64(row, col, &i), ASQL_ENULL);
        ck_assert_int_eq(asql_row_uint64(row, col, &u), ASQL_ENULL);
        ck_assert_int_eq(asql_row_double(row, col, &d), ASQL_ENULL);
        ck_assert_int_eq(asql_row_bool(row, col, &b), ASQL_ENULL);
        ck_assert_int_eq(asql_row_text(row, col, &s, &len), ASQL_ENULL);
        ck_assert_int_eq(asql_row_blob(row, col, &p, &len), ASQL_ENULL);
        ck_assert_int_eq(asql_row_datetime(row, col, &dt), ASQL_ENULL);
        ck_assert_int_eq(asql_row_numeric(row, col, &s, &len), ASQL_ENULL);
        ck_assert_int_eq(asql_row_json(row, col, &s, &len), ASQL_ENULL);
        ck_assert_int_eq(asql_row_uuid(row, col, uuid), ASQL_ENULL);
    }
    ck_assert_int_eq(asql_row_int64(NULL, 0, &i), ASQL_EINVAL);
    ck_assert_int_eq(asql_row_int64_by_name(row, NULL, &i), ASQL_EINVAL);
    fx_res_free(&r);
}
END_TEST

START_TEST(test_wrong_type_reads_as_etype)
{
    int64_t i;
    asql_datetime dt;
    unsigned char uuid[16];
    fx_exec("INSERT INTO vals (t, ts, u) VALUES ('12', 'not a date', 'not-a-uuid')");
    fx_res r = select_all();
    const asql_row *row = asql_result_row(r.res, 0);
    ck_assert_int_eq(asql_row_int64_by_col(row, &vals.t, &i), ASQL_ETYPE);
    ck_assert_int_eq(asql_row_datetime_by_col(row, &vals.ts, &dt), ASQL_ETYPE);
    ck_assert_int_eq(asql_row_uuid_by_col(row, &vals.u, uuid), ASQL_ETYPE);
    ck_assert_int_eq(asql_row_int64_by_col(row, &vals.table.columns[0], &i), ASQL_OK);
    fx_res_free(&r);
}
END_TEST

/* ---- rows in batches: boundaries, NULLs across them, large values, wide rows, the cached
 * description of a statement ------------------------------------------------------------- */

/* Rows x = 1..n of four columns: an integer; a double, a text and a blob with NULLs on a
 * pattern that includes rows on both sides of batch boundaries (16/17, 1024/1025, 4096/4097). */
static void counted_rows_sql(char *sql, size_t size, int n)
{
    snprintf(
        sql, size,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d) "
        "SELECT x, "
        "CASE WHEN x %% 3 = 0 OR x IN (16, 17, 1024, 1025, 4096, 4097) THEN NULL ELSE x * 0.5 END, "
        "CASE WHEN x %% 5 = 0 OR x IN (16, 17, 1024, 1025, 4096, 4097) THEN NULL ELSE 't' || x "
        "END, "
        "CASE WHEN x %% 7 = 0 THEN NULL ELSE CAST('b' || x AS BLOB) END FROM c",
        n);
}

/* Checks every value of row x of counted_rows_sql(). */
static void check_counted_row(const asql_row *row, int64_t x)
{
    int64_t i;
    double d;
    const char *t;
    const void *b;
    size_t len;
    char want[32];
    int special = x == 16 || x == 17 || x == 1024 || x == 1025 || x == 4096 || x == 4097;
    ck_assert_int_eq(asql_row_n_columns(row), 4);
    ck_assert_int_eq(asql_row_int64(row, 0, &i), ASQL_OK);
    ck_assert(i == x);
    if (x % 3 == 0 || special) {
        ck_assert_int_eq(asql_row_double(row, 1, &d), ASQL_ENULL);
    } else {
        ck_assert_int_eq(asql_row_double(row, 1, &d), ASQL_OK);
        ck_assert(d == (double)x * 0.5);
    }
    if (x % 5 == 0 || special) {
        ck_assert_int_eq(asql_row_text(row, 2, &t, &len), ASQL_ENULL);
    } else {
        snprintf(want, sizeof(want), "t%lld", (long long)x);
        ck_assert_int_eq(asql_row_text(row, 2, &t, &len), ASQL_OK);
        ck_assert_uint_eq(len, strlen(want));
        ck_assert_str_eq(t, want);
    }
    if (x % 7 == 0) {
        ck_assert(asql_row_is_null(row, 3));
    } else {
        snprintf(want, sizeof(want), "b%lld", (long long)x);
        ck_assert_int_eq(asql_row_blob(row, 3, &b, &len), ASQL_OK);
        ck_assert_uint_eq(len, strlen(want));
        ck_assert(memcmp(b, want, len) == 0);
        ck_assert_int_eq(asql_row_text(row, 3, &t, &len), ASQL_ETYPE);
    }
}

static fx_res fetch_text(const char *sql)
{
    fx_res r = {0};
    asql_stmt *q = asql_text(sql);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_msg(r.status == ASQL_OK, "%s", asql_result_error(r.res)->message);
    return r;
}

typedef struct walk {
    int rows, ends, stop_after;
    asql_status status;
    void (*check)(const asql_row *row, int64_t x);
} walk;

static int walk_row(const asql_row *row, void *data)
{
    walk *w = data;
    ck_assert_int_eq(w->ends, 0);
    w->rows++;
    if (w->check)
        w->check(row, w->rows);
    return w->stop_after && w->rows >= w->stop_after;
}

static void walk_end(asql_status st, asql_result *res, void *data)
{
    walk *w = data;
    (void)res;
    w->ends++;
    w->status = st;
}

/* Iterates over the rows of `sql`, checking each, and returns how it went. */
static walk iterate_text(const char *sql, void (*check)(const asql_row *, int64_t), int stop_after)
{
    walk w = {0, 0, stop_after, ASQL_OK, check};
    asql_stmt *q = asql_text(sql);
    ck_assert_int_eq(asql_iterate(NULL, ASQL_ON_DB(fx_db), q, NULL, walk_row, walk_end, &w),
                     ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&w.ends);
    ck_assert_int_eq(w.ends, 1);
    return w;
}

START_TEST(test_rows_across_batch_boundaries_read_back_exactly)
{
    const int sizes[] = {1, 15, 16, 17, 1024, 1025, 4095, 4096, 4097, 8193};
    char sql[512];
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        int n = sizes[k];
        counted_rows_sql(sql, sizeof(sql), n);
        fx_res r = fetch_text(sql);
        ck_assert_uint_eq(asql_result_n_rows(r.res), (size_t)n);
        for (int x = 1; x <= n; x++)
            check_counted_row(asql_result_row(r.res, (size_t)x - 1), x);
        ck_assert_ptr_null(asql_result_row(r.res, (size_t)n));
        fx_res_free(&r);
        walk w = iterate_text(sql, check_counted_row, 0);
        ck_assert_int_eq(w.status, ASQL_OK);
        ck_assert_int_eq(w.rows, n);
    }
}
END_TEST

START_TEST(test_iterate_stopped_at_a_batch_boundary_or_last_row_ends_once_with_ok)
{
    const int stops[] = {16, 17, 4096, 4097, 9000};
    char sql[512];
    counted_rows_sql(sql, sizeof(sql), 9000);
    for (size_t k = 0; k < sizeof(stops) / sizeof(stops[0]); k++) {
        walk w = iterate_text(sql, check_counted_row, stops[k]);
        ck_assert_int_eq(w.status, ASQL_OK);
        ck_assert_int_eq(w.rows, stops[k]);
    }
    fx_res r = fetch_text("SELECT 1"); /* the connection is still usable */
    ck_assert_uint_eq(asql_result_n_rows(r.res), 1);
    fx_res_free(&r);
}
END_TEST

/* Row x of the large-values query: text of big_len(x) 'x' characters after "r<x>-", and a
 * blob of x * 40,000 zero bytes (1.2 MB on the last row). */
static size_t big_len(int64_t x)
{
    return x % 4 == 0 ? 200000 : (size_t)x * 10;
}

static void check_big_row(const asql_row *row, int64_t x)
{
    const char *t;
    const void *b;
    size_t len;
    char head[32];
    int h = snprintf(head, sizeof(head), "r%lld-", (long long)x);
    ck_assert_int_eq(asql_row_text(row, 0, &t, &len), ASQL_OK);
    ck_assert_uint_eq(len, (size_t)h + big_len(x));
    ck_assert(memcmp(t, head, (size_t)h) == 0);
    size_t bad = 0; /* counted, not asserted byte by byte: Check logs every assertion */
    for (size_t i = (size_t)h; i < len; i++)
        bad += t[i] != 'x';
    ck_assert_uint_eq(bad, 0);
    ck_assert_int_eq(t[len], 0);
    ck_assert_int_eq(asql_row_blob(row, 1, &b, &len), ASQL_OK);
    ck_assert_uint_eq(len, (size_t)x * 40000);
    for (size_t i = 0; i < len; i++)
        bad += ((const unsigned char *)b)[i] != 0;
    ck_assert_uint_eq(bad, 0);
}

START_TEST(test_values_larger_than_a_batch_read_back_whole)
{
    const char *sql =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30) "
        "SELECT 'r' || x || '-' || replace(hex(zeroblob("
        "CASE WHEN x % 4 = 0 THEN 200000 ELSE x * 10 END)), '00', 'x'), "
        "zeroblob(x * 40000) FROM c";
    fx_res r = fetch_text(sql);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 30);
    for (int x = 1; x <= 30; x++)
        check_big_row(asql_result_row(r.res, (size_t)x - 1), x);
    fx_res_free(&r);
    walk w = iterate_text(sql, check_big_row, 0);
    ck_assert_int_eq(w.status, ASQL_OK);
    ck_assert_int_eq(w.rows, 30);
    /* One row, larger than a fetch_one's first batch. */
    fx_res one = {0};
    asql_stmt *q = asql_text("SELECT 'r4-' || replace(hex(zeroblob(200000)), '00', 'x'), "
                             "zeroblob(160000)");
    ck_assert_int_eq(asql_fetch_one(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_row_cb, &one), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&one.calls);
    ck_assert_int_eq(one.status, ASQL_OK);
    check_big_row(one.row, 4);
    fx_res_free(&one);
}
END_TEST

/* Row x of the wide query: column c holds x * 1000 + c. */
static void check_wide_row(const asql_row *row, int64_t x)
{
    int64_t v;
    ck_assert_int_eq(asql_row_n_columns(row), 300);
    int bad = 0; /* counted: Check logs every assertion */
    for (int c = 0; c < 300; c++)
        bad += asql_row_int64(row, c, &v) != ASQL_OK || v != x * 1000 + c;
    ck_assert_int_eq(bad, 0);
}

START_TEST(test_wide_rows_read_back_exactly)
{
    char *sql = malloc(16384);
    size_t n = (size_t)snprintf(
        sql, 16384,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200) SELECT ");
    for (int c = 0; c < 300; c++)
        n += (size_t)snprintf(sql + n, 16384 - n, "%sx * 1000 + %d", c ? ", " : "", c);
    snprintf(sql + n, 16384 - n, " FROM c");
    fx_res r = fetch_text(sql);
    ck_assert_uint_eq(asql_result_n_rows(r.res), 200);
    for (int x = 1; x <= 200; x++)
        check_wide_row(asql_result_row(r.res, (size_t)x - 1), x);
    fx_res_free(&r);
    walk w = iterate_text(sql, check_wide_row, 0);
    ck_assert_int_eq(w.status, ASQL_OK);
    ck_assert_int_eq(w.rows, 200);
    free(sql);
}
END_TEST

START_TEST(test_cached_statement_sees_columns_added_by_a_schema_change)
{
    const char *t;
    int64_t v;
    fx_exec("CREATE TABLE grows (a INTEGER)");
    fx_exec("INSERT INTO grows (a) VALUES (1), (2)");
    for (int k = 0; k < 2; k++) { /* the second run uses the cached statement */
        fx_res r = fetch_text("SELECT * FROM grows ORDER BY a");
        ck_assert_int_eq(asql_result_n_columns(r.res), 1);
        ck_assert_uint_eq(asql_result_n_rows(r.res), 2);
        fx_res_free(&r);
    }
    fx_exec("ALTER TABLE grows ADD COLUMN b TEXT DEFAULT 'z'");
    for (int k = 0; k < 2; k++) {
        fx_res r = fetch_text("SELECT * FROM grows ORDER BY a");
        ck_assert_int_eq(asql_result_n_columns(r.res), 2);
        ck_assert_str_eq(asql_result_column_name(r.res, 1), "b");
        ck_assert_str_eq(asql_result_column_server_type(r.res, 1), "TEXT");
        ck_assert_uint_eq(asql_result_n_rows(r.res), 2);
        const asql_row *row = asql_result_row(r.res, 1);
        ck_assert_int_eq(asql_row_int64(row, 0, &v), ASQL_OK);
        ck_assert(v == 2);
        ck_assert_int_eq(asql_row_text(row, 1, &t, NULL), ASQL_OK);
        ck_assert_str_eq(t, "z");
        fx_res_free(&r);
    }
}
END_TEST

/* The same SQL text, compiled (declared NUMERIC) and raw (the server's TEXT), shares one cached
 * statement but each reads by its own types. */
static const struct money_table {
    asql_table table;
    asql_column amount;
} money = ASQL_TABLE_DEF(money, "money", ASQL_COLUMN(amount, "amount", ASQL_NUMERIC(10, 2)));

START_TEST(test_same_text_compiled_and_raw_read_by_their_own_types)
{
    asql_compiled *c;
    asql_error err;
    int64_t v;
    fx_exec("CREATE TABLE money (amount TEXT)");
    fx_exec("INSERT INTO money (amount) VALUES ('12.00')");
    asql_stmt *q = asql_select(&money.table);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), &err), ASQL_OK);
    for (int k = 0; k < 2; k++) {
        fx_res r = {0};
        ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_OK);
        fx_run_until(&r.calls);
        ck_assert_int_eq(r.status, ASQL_OK);
        ck_assert_int_eq(asql_result_column_kind(r.res, 0), ASQL_TYPE_NUMERIC);
        ck_assert_int_eq(asql_row_int64(asql_result_row(r.res, 0), 0, &v), ASQL_OK);
        ck_assert(v == 12);
        fx_res_free(&r);
        r = fetch_text(asql_compiled_sql(c)); /* the same text, no declared types */
        ck_assert_int_eq(asql_result_column_kind(r.res, 0), ASQL_TYPE_TEXT);
        ck_assert_int_eq(asql_row_int64(asql_result_row(r.res, 0), 0, &v), ASQL_ETYPE);
        fx_res_free(&r);
    }
    asql_compiled_free(c);
    asql_stmt_free(q);
}
END_TEST

static Suite *types_suite(void)
{
    Suite *s = suite_create("exec_types");
    TCase *tc = tcase_create("round_trip");
    tcase_add_checked_fixture(tc, setup, fx_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_int64_limits_round_trip);
    tcase_add_test(tc, test_doubles_round_trip_exactly);
    tcase_add_test(tc, test_text_with_every_non_nul_byte_round_trips);
    tcase_add_test(tc, test_blob_with_every_byte_round_trips);
    tcase_add_test(tc, test_booleans_stored_as_integers_read_as_bool);
    tcase_add_test(tc, test_dates_and_times_round_trip);
    tcase_add_test(tc, test_numeric_json_and_uuid_round_trip);
    tcase_add_test(tc, test_null_reads_as_enull_from_every_getter);
    tcase_add_test(tc, test_wrong_type_reads_as_etype);
    suite_add_tcase(s, tc);
    tc = tcase_create("batches");
    tcase_add_checked_fixture(tc, setup, fx_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_rows_across_batch_boundaries_read_back_exactly);
    tcase_add_test(tc, test_iterate_stopped_at_a_batch_boundary_or_last_row_ends_once_with_ok);
    tcase_add_test(tc, test_values_larger_than_a_batch_read_back_whole);
    tcase_add_test(tc, test_wide_rows_read_back_exactly);
    tcase_add_test(tc, test_cached_statement_sees_columns_added_by_a_schema_change);
    tcase_add_test(tc, test_same_text_compiled_and_raw_read_by_their_own_types);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(types_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
