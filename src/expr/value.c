/* SPDX-License-Identifier: MIT */
/*
 * value.c - conversion of a value to a declared type (asql__value_coerce) and the validation of
 * NUMERIC and UUID text. Used when an untyped literal meets a column and when the executor merges
 * asql_params values into placeholders.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "expr/value.h"

int asql__type_is_integer(asql_type_kind k)
{
    return k == ASQL_TYPE_SMALLINT || k == ASQL_TYPE_INTEGER || k == ASQL_TYPE_BIGINT;
}

int asql__type_is_text(asql_type_kind k)
{
    return k == ASQL_TYPE_STRING || k == ASQL_TYPE_TEXT || k == ASQL_TYPE_JSON ||
           k == ASQL_TYPE_UNKNOWN;
}

int asql__numeric_valid(const char *s, size_t len)
{
    size_t i = 0;
    int digits = 0, dots = 0;

    if (!s)
        return 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dots)
            dots++;
        else
            return 0;
    }
    return digits > 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Accepts the dashed form (8-4-4-4-12) and the 32-digit form SQLAlchemy stores. */
int asql__uuid_parse(const char *s, size_t len, unsigned char out[16])
{
    int dashed = len == 36;

    if (!s || (len != 36 && len != 32))
        return 0;
    for (size_t i = 0, j = 0; i < 16; i++) {
        if (dashed && (j == 8 || j == 13 || j == 18 || j == 23)) {
            if (s[j] != '-')
                return 0;
            j++;
        }
        int hi = hex_value(s[j]), lo = hex_value(s[j + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        out[i] = (unsigned char)(hi << 4 | lo);
        j += 2;
    }
    return 1;
}

void asql__uuid_format(const unsigned char uuid[16], char out[37])
{
    static const char digits[] = "0123456789abcdef";
    size_t i, o = 0;

    for (i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = digits[uuid[i] >> 4];
        out[o++] = digits[uuid[i] & 15];
    }
    out[o] = '\0';
}

/* Range check of an integer against an integer or boolean type. */
static asql_status int_fits(int64_t v, asql_type_kind to)
{
    switch (to) {
    case ASQL_TYPE_SMALLINT:
        return v >= INT16_MIN && v <= INT16_MAX ? ASQL_OK : ASQL_ERANGE;
    case ASQL_TYPE_INTEGER:
        return v >= INT32_MIN && v <= INT32_MAX ? ASQL_OK : ASQL_ERANGE;
    case ASQL_TYPE_BOOLEAN:
        return v == 0 || v == 1 ? ASQL_OK : ASQL_ERANGE;
    default:
        return ASQL_OK;
    }
}

asql_status asql__value_coerce(asql_value *out, const asql_value *in, asql_type to, char *buf,
                               size_t bufsize)
{
    asql_type_kind from = in->type.kind;
    int from_int = asql__type_is_integer(from) || from == ASQL_TYPE_BOOLEAN;
    int from_text = asql__type_is_text(from);
    int n;

    *out = *in;
    if (to.kind == ASQL_TYPE_UNKNOWN)
        return ASQL_OK;
    out->type = to;
    if (in->is_null)
        return ASQL_OK;
    switch (to.kind) {
    case ASQL_TYPE_SMALLINT:
    case ASQL_TYPE_INTEGER:
    case ASQL_TYPE_BIGINT:
    case ASQL_TYPE_BOOLEAN:
        return from_int ? int_fits(in->u.i64, to.kind) : ASQL_ETYPE;
    case ASQL_TYPE_FLOAT:
    case ASQL_TYPE_DOUBLE:
        if (from_int) {
            out->u.f64 = (double)in->u.i64;
            return ASQL_OK;
        }
        return from == ASQL_TYPE_FLOAT || from == ASQL_TYPE_DOUBLE ? ASQL_OK : ASQL_ETYPE;
    case ASQL_TYPE_NUMERIC:
        if (from_int) {
            if (!buf || bufsize < ASQL__COERCE_BUF)
                return ASQL_EINVAL;
            n = snprintf(buf, bufsize, "%" PRId64, in->u.i64);
            out->u.bytes.ptr = buf;
            out->u.bytes.len = (size_t)n;
            return ASQL_OK;
        }
        if (from == ASQL_TYPE_NUMERIC || from_text)
            return asql__numeric_valid(in->u.bytes.ptr, in->u.bytes.len) ? ASQL_OK : ASQL_EINVAL;
        return ASQL_ETYPE;
    case ASQL_TYPE_STRING:
    case ASQL_TYPE_TEXT:
    case ASQL_TYPE_JSON:
        return from_text ? ASQL_OK : ASQL_ETYPE;
    case ASQL_TYPE_BLOB:
        return from_text || from == ASQL_TYPE_BLOB ? ASQL_OK : ASQL_ETYPE;
    case ASQL_TYPE_DATE:
    case ASQL_TYPE_TIME:
    case ASQL_TYPE_DATETIME:
        if (from == ASQL_TYPE_DATE || from == ASQL_TYPE_TIME || from == ASQL_TYPE_DATETIME)
            return ASQL_OK;
        if (from_text) {
            /* Text for a date or time is left for the server to parse. */
            out->type.kind = ASQL_TYPE_UNKNOWN;
            return ASQL_OK;
        }
        return ASQL_ETYPE;
    case ASQL_TYPE_UUID:
        if (from == ASQL_TYPE_UUID)
            return ASQL_OK;
        if (from_text)
            return asql__uuid_parse(in->u.bytes.ptr, in->u.bytes.len, out->u.uuid) ? ASQL_OK
                                                                                   : ASQL_EINVAL;
        return ASQL_ETYPE;
    default:
        return ASQL_ETYPE;
    }
}
