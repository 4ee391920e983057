/* SPDX-License-Identifier: MIT */
/*
 * test_values.c - values: every typed constructor bound with its type, untyped literals and
 * placeholders taking the column's type, hostile strings and bytes kept out of the SQL text
 * and stored intact by SQLite, asql_compiled_debug_sql, and bad values rejected.
 */
#include "sql_check.h"

START_TEST(test_typed_values_keep_their_type)
{
    static const unsigned char uid[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                          0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    asql_datetime day = asql_datetime_make(2024, 2, 29, 0, 0, 0, 0);
    asql_datetime at = asql_datetime_make(2024, 2, 29, 13, 14, 15, 0);
    asql_stmt *q = asql_insert(&kinds.table);

    asql_set(q, &kinds.id, asql_int(q, 1));
    asql_set(q, &kinds.small, asql_smallint(q, -32768));
    asql_set(q, &kinds.big, asql_bigint(q, INT64_MAX));
    asql_set(q, &kinds.real, asql_float(q, 0.5f));
    asql_set(q, &kinds.num, asql_numeric(q, "-12.50"));
    asql_set(q, &kinds.flag, asql_bool(q, true));
    asql_set(q, &kinds.blob, asql_blob(q, "\0\xff", 2));
    asql_set(q, &kinds.day, asql_date(q, day));
    asql_set(q, &kinds.moment, asql_datetime_value(q, at));
    asql_set(q, &kinds.moment_tz, asql_datetime_tz(q, at));
    asql_set(q, &kinds.doc, asql_json(q, "{\"a\": [1, \"x\"]}"));
    asql_set(q, &kinds.uid, asql_uuid(q, uid));
    asql_set(q, &kinds.tm, asql_time(q, asql_datetime_make(1970, 1, 1, 1, 2, 3, 0)));
    CHECK_SQL(q,
              "INSERT INTO kinds (id, small, big, real, num, flag, blob, day, moment, "
              "moment_tz, doc, uid, tm) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
              "$12, $13)",
              "INSERT INTO kinds (id, small, big, `real`, num, flag, `blob`, day, moment, "
              "moment_tz, doc, uid, tm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "INSERT INTO kinds (id, small, big, real, num, flag, blob, day, moment, "
              "moment_tz, doc, uid, tm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              "INTEGER 1; SMALLINT -32768; BIGINT 9223372036854775807; FLOAT 0.5; "
              "NUMERIC '-12.50'; BOOLEAN 1; BLOB '\\x00\\xff'; DATE @1709164800000000; "
              "DATETIME @1709212455000000; DATETIME @1709212455000000; "
              "JSON '{\"a\": [1, \"x\"]}'; UUID 6ba7b810-9dad-11d1-80b4-00c04fd430c8; "
              "TIME @3723000000");
    query("SELECT small, big, real, num, flag, blob, day, moment, doc, uid, tm FROM kinds");
    ck_assert_str_eq(last_rows, "-32768|9223372036854775807|0.5|-12.5|1|x'00ff'|2024-02-29|"
                                "2024-02-29 13:14:15|{\"a\": [1, \"x\"]}|"
                                "x'6ba7b8109dad11d180b400c04fd430c8'|01:02:03");
}
END_TEST

START_TEST(test_untyped_values_take_the_column_type)
{
    asql_stmt *q = asql_insert(&kinds.table);
    asql_params *p;

    ck_assert_int_eq(asql_params_new(&p), ASQL_OK);
    ck_assert_int_eq(asql_params_int(p, "big", -5), ASQL_OK);

    asql_set(q, &kinds.id, 2);
    asql_set(q, &kinds.small, 7);
    asql_set(q, &kinds.real, 2);
    asql_set(q, &kinds.num, 42);
    asql_set(q, &kinds.flag, 0);
    asql_set(q, &kinds.day, "2024-01-02");
    asql_set(q, &kinds.uid, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    asql_set(q, &kinds.doc, "[]");
    asql_set(q, &kinds.big, asql_param(q, "big"));
    CHECK_SQL_P(q,
                "INSERT INTO kinds (id, small, real, num, flag, day, uid, doc, big) VALUES "
                "($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                "INSERT INTO kinds (id, small, `real`, num, flag, day, uid, doc, big) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "INSERT INTO kinds (id, small, real, num, flag, day, uid, doc, big) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "INTEGER 2; SMALLINT 7; FLOAT 2; NUMERIC '42'; BOOLEAN 0; UNKNOWN '2024-01-02'; "
                "UUID 6ba7b810-9dad-11d1-80b4-00c04fd430c8; JSON '[]'; BIGINT :big",
                "INTEGER 2; SMALLINT 7; FLOAT 2; NUMERIC '42'; BOOLEAN 0; UNKNOWN '2024-01-02'; "
                "UUID 6ba7b810-9dad-11d1-80b4-00c04fd430c8; JSON '[]'; BIGINT :big",
                p);
    asql_params_free(p);
    query("SELECT id, small, real, num, flag, day, hex(uid), doc, big FROM kinds");
    ck_assert_str_eq(last_rows, "2|7|2|42|0|2024-01-02|6BA7B8109DAD11D180B400C04FD430C8|[]|-5");
}
END_TEST

START_TEST(test_in_list_items_take_the_column_type)
{
    static const long long small_ids[] = {7, 8}, nums[] = {42, -1};
    static const char *const uids[] = {"6ba7b810-9dad-11d1-80b4-00c04fd430c8"};
    static const long long too_big[] = {7, 40000};
    static const char *const bad_uids[] = {"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "nope"};
    asql_stmt *q = asql_select(&kinds.table);

    /* asql_in_ints and asql_in_strs convert their own items in place: each to the column's type. */
    asql_add_column(q, &kinds.id);
    asql_where(q, asql_in_ints(q, &kinds.small, 2, small_ids));
    asql_where(q, asql_in_ints(q, &kinds.num, 2, nums));
    asql_where(q, asql_in_strs(q, &kinds.uid, 1, uids));
    CHECK_SQL(q,
              "SELECT kinds.id FROM kinds WHERE kinds.small IN ($1, $2) AND kinds.num IN ($3, $4) "
              "AND kinds.uid IN ($5)",
              "SELECT kinds.id FROM kinds WHERE kinds.small IN (?, ?) AND kinds.num IN (?, ?) "
              "AND kinds.uid IN (?)",
              "SELECT kinds.id FROM kinds WHERE kinds.small IN (?, ?) AND kinds.num IN (?, ?) "
              "AND kinds.uid IN (?)",
              "SMALLINT 7; SMALLINT 8; NUMERIC '42'; NUMERIC '-1'; "
              "UUID 6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    q = asql_select(&kinds.table);
    asql_where(q, asql_in_ints(q, &kinds.small, 2, too_big));
    CHECK_FAILS(q, ASQL_ERANGE, "value for column \"small\" does not fit its type SMALLINT");
    q = asql_select(&kinds.table);
    asql_where(q, asql_in_strs(q, &kinds.uid, 2, bad_uids));
    CHECK_FAILS(q, ASQL_EINVAL, "value for column \"uid\" does not fit its type UUID");
}
END_TEST

START_TEST(test_values_that_do_not_fit_the_column_fail)
{
    asql_stmt *q = asql_insert(&kinds.table);

    asql_set(q, &kinds.small, 40000);
    CHECK_FAILS(q, ASQL_ERANGE, "value for column \"small\" does not fit its type SMALLINT");
    q = asql_insert(&kinds.table);
    asql_set(q, &kinds.flag, 2);
    CHECK_FAILS(q, ASQL_ERANGE, "value for column \"flag\" does not fit its type BOOLEAN");
    q = asql_insert(&kinds.table);
    asql_set(q, &kinds.uid, "not-a-uuid");
    CHECK_FAILS(q, ASQL_EINVAL, "value for column \"uid\" does not fit its type UUID");
    q = asql_insert(&kinds.table);
    asql_set(q, &kinds.num, "12,5");
    CHECK_FAILS(q, ASQL_EINVAL, "value for column \"num\" does not fit its type NUMERIC");
    q = asql_select(&kinds.table);
    asql_where(q, asql_eq(q, &kinds.id, "one"));
    CHECK_FAILS(q, ASQL_ETYPE, "value for column \"id\" does not fit its type INTEGER");
    q = asql_select(&kinds.table);
    asql_where(q, asql_eq(q, asql_numeric(q, "1.5x"), &kinds.num));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_numeric: not decimal text");
    q = asql_select(&kinds.table);
    asql_where(q, asql_eq(q, &kinds.uid, asql_uuid_str(q, "6ba7b810-9dad-11d1-80b4")));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_uuid_str: not a UUID");
    q = asql_select(&kinds.table);
    asql_where(q, asql_eq(q, &kinds.big, asql_lit_uint(q, UINT64_MAX)));
    CHECK_FAILS(q, ASQL_ERANGE, "asql_lit_uint");
}
END_TEST

/* Compiles `q` for SQLite and runs it on test_db (rows in last_rows); frees `q`. */
static void run_on_sqlite(asql_stmt *q)
{
    asql_compiled *c;

    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    run_compiled(c, NULL);
    asql_compiled_free(c);
    asql_stmt_free(q);
}

START_TEST(test_hostile_strings_stay_out_of_sql_and_round_trip)
{
    static const char *const hostile[] = {"it's",
                                          "\\",
                                          "\\'",
                                          "$1",
                                          "?",
                                          ":x",
                                          "\"; DROP TABLE notes; --",
                                          "`",
                                          "caf\xc3\xa9",
                                          "\xff\xfe not utf-8",
                                          "%_/",
                                          "a\nb"};
    size_t i;

    for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        asql_stmt *q = asql_insert(&notes.table);
        char want[256];
        want[0] = '\0';
        append(want, sizeof want, "STRING '", 8);
        append_bytes(want, sizeof want, hostile[i], strlen(hostile[i]));
        append(want, sizeof want, "'", 1);
        asql_set(q, &notes.text, hostile[i]);
        CHECK_SQL(q, "INSERT INTO notes (text) VALUES ($1) RETURNING id",
                  "INSERT INTO notes (text) VALUES (?)", "INSERT INTO notes (text) VALUES (?)",
                  want);
        q = asql_select(NULL);
        asql_add_column(q, &notes.text);
        asql_where(q, asql_eq(q, &notes.id, (int)(4 + i)));
        run_on_sqlite(q);
        want[0] = '\0';
        append_bytes(want, sizeof want, hostile[i], strlen(hostile[i]));
        ck_assert_str_eq(last_rows, want);
    }
}
END_TEST

START_TEST(test_nul_bytes_are_kept)
{
    asql_stmt *q = asql_insert(&notes.table);

    asql_set(q, &notes.text, asql_strn(q, "a\0b", 3));
    CHECK_SQL(q, "INSERT INTO notes (text) VALUES ($1) RETURNING id",
              "INSERT INTO notes (text) VALUES (?)", "INSERT INTO notes (text) VALUES (?)",
              "TEXT 'a\\x00b'");
    ck_assert_str_eq(query("SELECT hex(CAST(text AS BLOB)) FROM notes WHERE id = 4"), "610062");
}
END_TEST

START_TEST(test_debug_sql_inlines_values_for_logs_only)
{
    asql_stmt *q = asql_select(NULL);
    asql_compiled *c;
    const char *dbg;

    asql_add_column(q, &notes.id);
    asql_where(q, asql_eq(q, &notes.text, "it's \\ $1"));
    asql_where(q, asql_eq(q, &notes.completed, true));
    asql_where(q, asql_eq(q, &notes.id, asql_param(q, "id")));
    asql_where(q, asql_ne(q, &notes.score, 1.5));
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_str_eq(asql_compiled_sql(c),
                     "SELECT notes.id FROM notes WHERE notes.text = $1 AND notes.completed = $2 "
                     "AND notes.id = $3 AND notes.score != $4");
    dbg = asql_compiled_debug_sql(c);
    ck_assert_str_eq(dbg, "SELECT notes.id FROM notes WHERE notes.text = E'it''s \\\\ $1' AND "
                          "notes.completed = true AND notes.id = $3 AND notes.score != 1.5");
    ck_assert_ptr_eq(asql_compiled_debug_sql(c), dbg); /* built once */
    asql_compiled_free(c);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_mysql(), NULL), ASQL_OK);
    ck_assert_str_eq(asql_compiled_debug_sql(c),
                     "SELECT notes.id FROM notes WHERE notes.text = 'it''s \\\\ $1' AND "
                     "notes.completed = true AND notes.id = ? AND notes.score != 1.5");
    asql_compiled_free(c);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    ck_assert_str_eq(asql_compiled_debug_sql(c),
                     "SELECT notes.id FROM notes WHERE notes.text = 'it''s \\ $1' AND "
                     "notes.completed = 1 AND notes.id = ? AND notes.score != 1.5");
    asql_compiled_free(c);
    asql_stmt_free(q);
    ck_assert_ptr_null(asql_compiled_debug_sql(NULL));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_values");
    TCase *tc;

    tc = db_tcase("typed");
    tcase_add_test(tc, test_typed_values_keep_their_type);
    suite_add_tcase(s, tc);
    tc = db_tcase("untyped");
    tcase_add_test(tc, test_untyped_values_take_the_column_type);
    tcase_add_test(tc, test_in_list_items_take_the_column_type);
    tcase_add_test(tc, test_values_that_do_not_fit_the_column_fail);
    suite_add_tcase(s, tc);
    tc = db_tcase("hostile");
    tcase_add_test(tc, test_hostile_strings_stay_out_of_sql_and_round_trip);
    tcase_add_test(tc, test_nul_bytes_are_kept);
    suite_add_tcase(s, tc);
    tc = db_tcase("debug_sql");
    tcase_add_test(tc, test_debug_sql_inlines_values_for_logs_only);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
