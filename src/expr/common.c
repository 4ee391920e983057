/* SPDX-License-Identifier: MIT */
/*
 * common.c - the small shared helpers declared in asql/common.h: status names and texts, type
 * names, and conversions between civil dates and asql_datetime. No allocation, no I/O.
 */
#include "asql/common.h"

const char *asql_status_name(int status)
{
    switch (status) {
    case ASQL_OK:
        return "ASQL_OK";
#define STATUS_NAME(name, code, text)                                                              \
    case code:                                                                                     \
        return "ASQL_" #name;
        ASQL_STATUS_MAP(STATUS_NAME)
#undef STATUS_NAME
    case ASQL_ROW:
        return "ASQL_ROW";
    case ASQL_DONE:
        return "ASQL_DONE";
    case ASQL_AGAIN:
        return "ASQL_AGAIN";
    default:
        return "ASQL_UNKNOWN";
    }
}

const char *asql_status_str(int status)
{
    switch (status) {
    case ASQL_OK:
        return "success";
#define STATUS_TEXT(name, code, text)                                                              \
    case code:                                                                                     \
        return text;
        ASQL_STATUS_MAP(STATUS_TEXT)
#undef STATUS_TEXT
    case ASQL_ROW:
        return "a row is available";
    case ASQL_DONE:
        return "no more rows";
    case ASQL_AGAIN:
        return "waiting for I/O";
    default:
        return "unknown status";
    }
}

const char *asql_type_name(asql_type_kind kind)
{
    static const char *const names[] = {
        "UNKNOWN", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE",   "NUMERIC", "BOOLEAN",
        "STRING",  "TEXT",     "BLOB",    "DATE",   "TIME",  "DATETIME", "JSON",    "UUID",
    };
    if ((unsigned)kind >= sizeof names / sizeof names[0])
        return "UNKNOWN";
    return names[kind];
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date. Years are counted from March so that the
 * leap day falls at the end of the cycle; eras are the 400-year Gregorian cycles.
 */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void civil_from_days(int64_t z, int *y_out, int *m_out, int *d_out)
{
    int64_t era, doe, yoe, y, doy, mp, d, m;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    *y_out = (int)(y + (m <= 2));
    *m_out = (int)m;
    *d_out = (int)d;
}

asql_datetime asql_datetime_make(int year, int month, int day, int hour, int minute, int second,
                                 int microsecond)
{
    asql_datetime t;
    int64_t days = days_from_civil(year, month, day);

    t.usec = ((days * 86400 + (int64_t)hour * 3600 + (int64_t)minute * 60 + second) * 1000000) +
             microsecond;
    t.offset_s = 0;
    return t;
}

void asql_datetime_parts(asql_datetime t, int *year, int *month, int *day, int *hour, int *minute,
                         int *second, int *microsecond)
{
    int64_t days = t.usec / 86400000000LL;
    int64_t rest = t.usec % 86400000000LL;
    int y, m, d;

    if (rest < 0) {
        rest += 86400000000LL;
        days -= 1;
    }
    civil_from_days(days, &y, &m, &d);
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    if (hour)
        *hour = (int)(rest / 3600000000LL);
    if (minute)
        *minute = (int)(rest / 60000000LL % 60);
    if (second)
        *second = (int)(rest / 1000000 % 60);
    if (microsecond)
        *microsecond = (int)(rest % 1000000);
}
