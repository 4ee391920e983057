/* SPDX-License-Identifier: MIT */
/*
 * convert.c - the text forms of dates, times and UUIDs that backends write and read: SQLite
 * keeps them as text, and socket backends exchange them as text. Pure functions, no I/O.
 */
#include <stdio.h>
#include <string.h>

#include "exec/rows.h"

#define USEC_PER_SEC 1000000LL
#define USEC_PER_DAY (86400LL * USEC_PER_SEC)

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* Reads exactly n digits at *p; -1 when they are not all digits. */
static int digits(const char **p, const char *end, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || (**p < '0' || **p > '9'))
            return -1;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

static int parse_time(const char **p, const char *end, int64_t *usec)
{
    int hh = digits(p, end, 2), mi, ss = 0;
    int64_t frac = 0;
    if (hh < 0 || hh > 24 || *p >= end || **p != ':')
        return -1;
    (*p)++;
    if ((mi = digits(p, end, 2)) < 0 || mi > 59)
        return -1;
    if (*p < end && **p == ':') {
        (*p)++;
        if ((ss = digits(p, end, 2)) < 0 || ss > 60)
            return -1;
        if (*p < end && **p == '.') {
            int n = 0;
            (*p)++;
            while (*p < end && **p >= '0' && **p <= '9') {
                if (n < 6) {
                    frac = frac * 10 + (**p - '0');
                    n++;
                }
                (*p)++;
            }
            if (n == 0)
                return -1;
            while (n++ < 6)
                frac *= 10;
        }
    }
    *usec = ((int64_t)hh * 3600 + mi * 60 + ss) * USEC_PER_SEC + frac;
    return 0;
}

/* A time of day is recognised by its "HH:" start; anything else must be a date, optionally
 * followed by a time and an offset. Values with an offset are normalised to UTC, as every
 * backend reports time-zone-aware values. */
int asql__parse_datetime(const char *s, size_t len, asql_datetime *out)
{
    const char *p = s, *end = s + len;
    int64_t usec = 0, tod = 0;
    int offset = 0;
    if (len >= 5 && s[2] == ':') { /* a time of day */
        if (parse_time(&p, end, &tod) < 0 || p != end)
            return -1;
        out->usec = tod;
        out->offset_s = 0;
        return 0;
    }
    int neg = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    int y = digits(&p, end, 4);
    if (y < 0 || p >= end || *p++ != '-')
        return -1;
    int m = digits(&p, end, 2);
    if (m < 1 || m > 12 || p >= end || *p++ != '-')
        return -1;
    int d = digits(&p, end, 2);
    if (d < 1 || d > 31)
        return -1;
    usec = days_from_civil(neg ? -y : y, (unsigned)m, (unsigned)d) * USEC_PER_DAY;
    if (p < end && (*p == ' ' || *p == 'T')) {
        p++;
        if (parse_time(&p, end, &tod) < 0)
            return -1;
        usec += tod;
        if (p < end && (*p == 'Z' || *p == 'z')) {
            p++;
        } else if (p < end && (*p == '+' || *p == '-')) {
            int sign = *p++ == '-' ? -1 : 1;
            int oh = digits(&p, end, 2), om = 0, os = 0;
            if (oh < 0)
                return -1;
            if (p < end && *p == ':')
                p++;
            if (p < end && (om = digits(&p, end, 2)) < 0)
                return -1;
            if (p < end && *p == ':') {
                p++;
                if ((os = digits(&p, end, 2)) < 0)
                    return -1;
            }
            offset = sign * (oh * 3600 + om * 60 + os);
        }
    }
    if (p != end)
        return -1;
    out->usec = usec - (int64_t)offset * USEC_PER_SEC;
    out->offset_s = 0;
    return 0;
}

/* Splits microseconds into days and time of day, flooring for dates before 1970. */
size_t asql__format_datetime(asql_type_kind kind, asql_datetime v, char *buf)
{
    int64_t days = v.usec / USEC_PER_DAY, rem = v.usec % USEC_PER_DAY;
    int y, m, d, n;
    if (rem < 0) {
        rem += USEC_PER_DAY;
        days--;
    }
    int hh = (int)(rem / (3600 * USEC_PER_SEC)), mi = (int)(rem / (60 * USEC_PER_SEC) % 60);
    int ss = (int)(rem / USEC_PER_SEC % 60), us = (int)(rem % USEC_PER_SEC);
    civil_from_days(days, &y, &m, &d);
    if (kind == ASQL_TYPE_TIME)
        n = snprintf(buf, ASQL__DT_BUF, "%02d:%02d:%02d.%06d", hh, mi, ss, us);
    else if (kind == ASQL_TYPE_DATE)
        n = snprintf(buf, ASQL__DT_BUF, "%04d-%02d-%02d", y, m, d);
    else
        n = snprintf(buf, ASQL__DT_BUF, "%04d-%02d-%02d %02d:%02d:%02d.%06d", y, m, d, hh, mi, ss,
                     us);
    return n < 0 ? 0 : (size_t)n;
}
