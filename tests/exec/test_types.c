/* SPDX-License-Identifier: MIT */
/*
 * test_types.c - values round-trip through SQLite and read back by their declared types:
 * int64 limits, doubles, text with every non-NUL byte, blobs with every byte, booleans stored as
 * 0/1, dates and times stored as text, time zones normalised to UTC, NUMERIC as text, JSON,
 * UUID, NULL; and the getters' answers for NULL, another type and overflow.
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
