/* SPDX-License-Identifier: MIT */
/*
 * test_value.c - asql__value_coerce (binding a value with a placeholder's declared type), the
 * NUMERIC and UUID text checks, civil date conversions, and status and type names.
 */
#include <check.h>
#include <string.h>

#include "asql/asql.h"
#include "expr/value.h"

static asql_type type_of(asql_type_kind k)
{
    asql_type t = {k, 0, 0, 0, 0};
    return t;
}

static asql_value int_value(int64_t v)
{
    asql_value x;
    memset(&x, 0, sizeof x);
    x.type.kind = ASQL_TYPE_BIGINT;
    x.u.i64 = v;
    return x;
}

static asql_value text_value(const char *s)
{
    asql_value x;
    memset(&x, 0, sizeof x);
    x.type.kind = ASQL_TYPE_TEXT;
    x.u.bytes.ptr = s;
    x.u.bytes.len = strlen(s);
    return x;
}

static asql_status coerce(asql_value *out, asql_value in, asql_type_kind to)
{
    static char buf[ASQL__COERCE_BUF];
    return asql__value_coerce(out, &in, type_of(to), buf, sizeof buf);
}

START_TEST(test_coerce_int_to_integer_types_checks_range)
{
    asql_value out;

    ck_assert_int_eq(coerce(&out, int_value(32767), ASQL_TYPE_SMALLINT), ASQL_OK);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_SMALLINT);
    ck_assert_int_eq(out.u.i64, 32767);
    ck_assert_int_eq(coerce(&out, int_value(32768), ASQL_TYPE_SMALLINT), ASQL_ERANGE);
    ck_assert_int_eq(coerce(&out, int_value(-32769), ASQL_TYPE_SMALLINT), ASQL_ERANGE);
    ck_assert_int_eq(coerce(&out, int_value(INT32_MIN), ASQL_TYPE_INTEGER), ASQL_OK);
    ck_assert_int_eq(coerce(&out, int_value((int64_t)INT32_MAX + 1), ASQL_TYPE_INTEGER),
                     ASQL_ERANGE);
    ck_assert_int_eq(coerce(&out, int_value(INT64_MIN), ASQL_TYPE_BIGINT), ASQL_OK);
    ck_assert_int_eq(coerce(&out, text_value("5"), ASQL_TYPE_INTEGER), ASQL_ETYPE);
}
END_TEST

START_TEST(test_coerce_int_to_boolean_only_zero_or_one)
{
    asql_value out;

    ck_assert_int_eq(coerce(&out, int_value(1), ASQL_TYPE_BOOLEAN), ASQL_OK);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_BOOLEAN);
    ck_assert_int_eq(out.u.i64, 1);
    ck_assert_int_eq(coerce(&out, int_value(0), ASQL_TYPE_BOOLEAN), ASQL_OK);
    ck_assert_int_eq(coerce(&out, int_value(2), ASQL_TYPE_BOOLEAN), ASQL_ERANGE);
    ck_assert_int_eq(coerce(&out, int_value(-1), ASQL_TYPE_BOOLEAN), ASQL_ERANGE);
    ck_assert_int_eq(coerce(&out, text_value("true"), ASQL_TYPE_BOOLEAN), ASQL_ETYPE);
}
END_TEST

START_TEST(test_coerce_int_to_double_and_numeric)
{
    asql_value out, d;
    char buf[ASQL__COERCE_BUF];
    asql_value in = int_value(-9007199254740993LL);

    ck_assert_int_eq(coerce(&out, int_value(3), ASQL_TYPE_DOUBLE), ASQL_OK);
    ck_assert(out.u.f64 == 3.0);
    ck_assert_int_eq(asql__value_coerce(&out, &in, type_of(ASQL_TYPE_NUMERIC), buf, sizeof buf),
                     ASQL_OK);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_NUMERIC);
    ck_assert_uint_eq(out.u.bytes.len, 17);
    ck_assert_int_eq(memcmp(out.u.bytes.ptr, "-9007199254740993", 17), 0);
    ck_assert_int_eq(asql__value_coerce(&out, &in, type_of(ASQL_TYPE_NUMERIC), buf, 4),
                     ASQL_EINVAL);
    memset(&d, 0, sizeof d);
    d.type.kind = ASQL_TYPE_DOUBLE;
    d.u.f64 = 1.5;
    ck_assert_int_eq(coerce(&out, d, ASQL_TYPE_NUMERIC), ASQL_ETYPE);
    ck_assert_int_eq(coerce(&out, d, ASQL_TYPE_INTEGER), ASQL_ETYPE);
    ck_assert_int_eq(coerce(&out, d, ASQL_TYPE_FLOAT), ASQL_OK);
}
END_TEST

START_TEST(test_coerce_text_to_numeric_uuid_and_dates)
{
    asql_value out;

    ck_assert_int_eq(coerce(&out, text_value("-12.50"), ASQL_TYPE_NUMERIC), ASQL_OK);
    ck_assert_int_eq(coerce(&out, text_value("12.5.0"), ASQL_TYPE_NUMERIC), ASQL_EINVAL);
    ck_assert_int_eq(coerce(&out, text_value("1e5"), ASQL_TYPE_NUMERIC), ASQL_EINVAL);
    ck_assert_int_eq(
        coerce(&out, text_value("6ba7b810-9dad-11d1-80B4-00c04fd430c8"), ASQL_TYPE_UUID), ASQL_OK);
    ck_assert_int_eq(out.u.uuid[0], 0x6b);
    ck_assert_int_eq(out.u.uuid[9], 0xb4);
    ck_assert_int_eq(
        coerce(&out, text_value("6ba7b810-9dad-11d1-80b4-00c04fd430c"), ASQL_TYPE_UUID),
        ASQL_EINVAL);
    ck_assert_int_eq(coerce(&out, text_value("2024-02-29"), ASQL_TYPE_DATE), ASQL_OK);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_UNKNOWN); /* the server parses it */
    ck_assert_uint_eq(out.u.bytes.len, 10);
    ck_assert_int_eq(coerce(&out, text_value("x"), ASQL_TYPE_STRING), ASQL_OK);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_STRING);
    ck_assert_int_eq(coerce(&out, text_value("x"), ASQL_TYPE_BLOB), ASQL_OK);
    ck_assert_int_eq(coerce(&out, int_value(1), ASQL_TYPE_TEXT), ASQL_ETYPE);
    ck_assert_int_eq(coerce(&out, int_value(1), ASQL_TYPE_UUID), ASQL_ETYPE);
}
END_TEST

START_TEST(test_coerce_null_and_unknown_target)
{
    asql_value out, in = int_value(5);

    in.is_null = 1;
    ck_assert_int_eq(coerce(&out, in, ASQL_TYPE_UUID), ASQL_OK);
    ck_assert_int_eq(out.is_null, 1);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_UUID);
    ck_assert_int_eq(coerce(&out, int_value(7), ASQL_TYPE_UNKNOWN), ASQL_OK);
    ck_assert_int_eq(out.type.kind, ASQL_TYPE_BIGINT);
    ck_assert_int_eq(out.u.i64, 7);
}
END_TEST

START_TEST(test_numeric_and_uuid_text)
{
    char text[37];
    unsigned char u[16];

    ck_assert(asql__numeric_valid("0", 1));
    ck_assert(asql__numeric_valid("+.5", 3));
    ck_assert(asql__numeric_valid("-12.", 4));
    ck_assert(!asql__numeric_valid("", 0));
    ck_assert(!asql__numeric_valid("-", 1));
    ck_assert(!asql__numeric_valid(".", 1));
    ck_assert(!asql__numeric_valid("1 ", 2));
    ck_assert(!asql__numeric_valid("1\0", 2));
    ck_assert(!asql__numeric_valid(NULL, 0));
    ck_assert(asql__uuid_parse("00112233-4455-6677-8899-aabbccddeeff", 36, u));
    asql__uuid_format(u, text);
    ck_assert_str_eq(text, "00112233-4455-6677-8899-aabbccddeeff");
    ck_assert(!asql__uuid_parse("00112233x4455-6677-8899-aabbccddeeff", 36, u));
    ck_assert(!asql__uuid_parse("0011223g-4455-6677-8899-aabbccddeeff", 36, u));
    memset(u, 0, sizeof u); /* the 32-digit form SQLAlchemy stores reads the same */
    ck_assert(asql__uuid_parse("00112233445566778899AABBCCDDEEFF", 32, u));
    asql__uuid_format(u, text);
    ck_assert_str_eq(text, "00112233-4455-6677-8899-aabbccddeeff");
    ck_assert(!asql__uuid_parse("00112233445566778899aabbccddeef", 31, u));
    ck_assert(!asql__uuid_parse("00112233-4455-6677-8899-aabbccddeef", 35, u));
    ck_assert(!asql__uuid_parse("0011223344556677-8899aabbccddeeff0", 33, u));
}
END_TEST

START_TEST(test_datetime_round_trips)
{
    int y, mo, d, h, mi, s, us;
    asql_datetime t = asql_datetime_make(1970, 1, 1, 0, 0, 0, 0);

    ck_assert_int_eq(t.usec, 0);
    t = asql_datetime_make(2024, 2, 29, 23, 59, 58, 123456);
    asql_datetime_parts(t, &y, &mo, &d, &h, &mi, &s, &us);
    ck_assert_int_eq(y, 2024);
    ck_assert_int_eq(mo, 2);
    ck_assert_int_eq(d, 29);
    ck_assert_int_eq(h, 23);
    ck_assert_int_eq(mi, 59);
    ck_assert_int_eq(s, 58);
    ck_assert_int_eq(us, 123456);
    t = asql_datetime_make(1969, 12, 31, 23, 59, 59, 999999);
    ck_assert_int_eq(t.usec, -1);
    asql_datetime_parts(t, &y, &mo, &d, &h, NULL, NULL, &us);
    ck_assert_int_eq(y, 1969);
    ck_assert_int_eq(d, 31);
    ck_assert_int_eq(us, 999999);
    t = asql_datetime_make(2000, 3, 1, 0, 0, 0, 0);
    ck_assert_int_eq(t.usec, 951868800LL * 1000000);
}
END_TEST

START_TEST(test_status_and_type_names)
{
    ck_assert_str_eq(asql_status_name(ASQL_EINVAL), "ASQL_EINVAL");
    ck_assert_str_eq(asql_status_name(ASQL_OK), "ASQL_OK");
    ck_assert_str_eq(asql_status_name(-999), "ASQL_UNKNOWN");
    ck_assert_str_eq(asql_status_str(ASQL_ENOMEM), "out of memory");
    ck_assert_str_eq(asql_status_str(12345), "unknown status");
    ck_assert_str_eq(asql_type_name(ASQL_TYPE_UUID), "UUID");
    ck_assert_str_eq(asql_type_name((asql_type_kind)99), "UNKNOWN");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("expr_value");
    TCase *tc = tcase_create("coerce");

    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_coerce_int_to_integer_types_checks_range);
    tcase_add_test(tc, test_coerce_int_to_boolean_only_zero_or_one);
    tcase_add_test(tc, test_coerce_int_to_double_and_numeric);
    tcase_add_test(tc, test_coerce_text_to_numeric_uuid_and_dates);
    tcase_add_test(tc, test_coerce_null_and_unknown_target);
    suite_add_tcase(s, tc);
    tc = tcase_create("text_forms");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_numeric_and_uuid_text);
    suite_add_tcase(s, tc);
    tc = tcase_create("datetime");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_datetime_round_trips);
    suite_add_tcase(s, tc);
    tc = tcase_create("names");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_status_and_type_names);
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
