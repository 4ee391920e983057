/* SPDX-License-Identifier: MIT */
/*
 * value.h - internal helpers on asql_value shared by the layers: converting a value to the type
 * a placeholder was declared with, and validating the text forms of NUMERIC and UUID values.
 */
#ifndef ASQL_SRC_EXPR_VALUE_H
#define ASQL_SRC_EXPR_VALUE_H

#include <stddef.h>

#include "asql/common.h"

/* Scratch bytes asql__value_coerce() may need (an integer written as NUMERIC text). */
#define ASQL__COERCE_BUF 32

/*
 * Converts `in` to a value of type `to` into `out` (SQLAlchemy's "bind by the column's type").
 * `out` may borrow `in`'s bytes and `buf` (at least ASQL__COERCE_BUF bytes): keep both alive as
 * long as `out`. A NULL stays NULL with type `to`; `to` UNKNOWN keeps `in` as it is.
 *
 * - integers (SMALLINT, INTEGER, BIGINT, BOOLEAN) to an integer type: range-checked (ERANGE);
 *   to BOOLEAN: only 0 and 1 (else ERANGE); to FLOAT/DOUBLE: converted; to NUMERIC: exact text.
 * - FLOAT/DOUBLE to FLOAT/DOUBLE only.
 * - text (STRING, TEXT, JSON, UNKNOWN) to STRING, TEXT, JSON or BLOB: the same bytes; to NUMERIC:
 *   validated decimal text (EINVAL); to UUID: parsed (EINVAL); to DATE, TIME or DATETIME: the
 *   text is kept with type UNKNOWN, for the server to parse.
 * - DATE/TIME/DATETIME to any of the three: the same microseconds; UUID and BLOB to themselves.
 * - Anything else: ASQL_ETYPE.
 */
asql_status asql__value_coerce(asql_value *out, const asql_value *in, asql_type to, char *buf,
                               size_t bufsize);

/* 1 when s[0..len) is decimal text: an optional sign, digits, at most one '.', some digit. */
int asql__numeric_valid(const char *s, size_t len);

/* Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" or the 32-digit form (hex of either case);
 * 1 on success. */
int asql__uuid_parse(const char *s, size_t len, unsigned char out[16]);

/* Writes the 36-character text form of a UUID and a NUL into `out`. */
void asql__uuid_format(const unsigned char uuid[16], char out[37]);

/* 1 for SMALLINT, INTEGER and BIGINT. */
int asql__type_is_integer(asql_type_kind k);

/* 1 for STRING, TEXT and JSON and UNKNOWN: the kinds carried as text. */
int asql__type_is_text(asql_type_kind k);

#endif
