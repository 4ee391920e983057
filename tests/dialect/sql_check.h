/* SPDX-License-Identifier: MIT */
/*
 * sql_check.h - helpers for the dialect tests: compile one statement for every dialect and
 * compare the SQL and the parameters (sea-query style), and run the SQLite compilation on a real
 * SQLite database, binding the compiled parameters with sqlite3_bind_*, to check its effect.
 * Header-only: each test file is its own program.
 */
#ifndef ASQL_TESTS_SQL_CHECK_H
#define ASQL_TESTS_SQL_CHECK_H

#include <check.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "asql/asql.h"
#include "dialect/compiled.h"
#include "expr/value.h"

/* The tables every dialect test uses; `weird` has hostile names everywhere. */
static const struct notes_table {
    asql_table table;
    asql_column id, text, completed, score;
} notes = ASQL_TABLE_DEF(
    notes, "notes", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(text, "text", ASQL_STRING(100)), ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN),
    ASQL_COLUMN(score, "score", ASQL_DOUBLE));

static const struct tags_table {
    asql_table table;
    asql_column id, note_id, name;
} tags = ASQL_TABLE_DEF(tags, "tags",
                        ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
                        ASQL_COLUMN(note_id, "note_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&notes.id),
                                    ASQL_ON_DELETE(CASCADE)),
                        ASQL_COLUMN(name, "name", ASQL_STRING(20)));

static const struct weird_table {
    asql_table table;
    asql_column order, select, user, quote, tick, upper, digit, space;
} weird = ASQL_TABLE_DEF(
    weird, "we\"ird`tab", ASQL_COLUMN(order, "order", ASQL_INTEGER, ASQL_PRIMARY_KEY),
    ASQL_COLUMN(select, "select", ASQL_TEXT), ASQL_COLUMN(user, "user", ASQL_TEXT),
    ASQL_COLUMN(quote, "a\"b", ASQL_TEXT), ASQL_COLUMN(tick, "c`d", ASQL_TEXT),
    ASQL_COLUMN(upper, "Upper", ASQL_TEXT), ASQL_COLUMN(digit, "1st", ASQL_TEXT),
    ASQL_COLUMN(space, "two words", ASQL_TEXT));

static const struct kinds_table {
    asql_table table;
    asql_column id, small, big, real, num, flag, blob, day, moment, moment_tz, doc, uid, tm;
} kinds = ASQL_TABLE_DEF(
    kinds, "kinds", ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY),
    ASQL_COLUMN(small, "small", ASQL_SMALLINT), ASQL_COLUMN(big, "big", ASQL_BIGINT),
    ASQL_COLUMN(real, "real", ASQL_FLOAT), ASQL_COLUMN(num, "num", ASQL_NUMERIC(10, 2)),
    ASQL_COLUMN(flag, "flag", ASQL_BOOLEAN), ASQL_COLUMN(blob, "blob", ASQL_BLOB),
    ASQL_COLUMN(day, "day", ASQL_DATE), ASQL_COLUMN(moment, "moment", ASQL_DATETIME),
    ASQL_COLUMN(moment_tz, "moment_tz", ASQL_DATETIME_TZ), ASQL_COLUMN(doc, "doc", ASQL_JSON),
    ASQL_COLUMN(uid, "uid", ASQL_UUID), ASQL_COLUMN(tm, "tm", ASQL_TIME));

/* The SQLite database of the current test (a checked fixture opens it). */
static sqlite3 *test_db;
/* Rows of the last statement run on SQLite: "a|b\nc|d", NULL as NULL, blobs as x'..'. */
static char last_rows[8192];

static inline void append(char *buf, size_t size, const char *s, size_t n)
{
    size_t len = strlen(buf);
    if (len + n + 1 > size)
        n = size - len - 1;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

/* Printable form of bytes: printable ASCII as is, anything else as \xNN. */
static inline void append_bytes(char *buf, size_t size, const char *s, size_t n)
{
    char tmp[8];
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
            append(buf, size, (const char *)&s[i], 1);
        } else {
            snprintf(tmp, sizeof tmp, "\\x%02x", ch);
            append(buf, size, tmp, strlen(tmp));
        }
    }
}

/*
 * The parameters of `c` as one line: "TYPE value" per parameter joined by "; ", where a named
 * placeholder shows as "TYPE :name" (and "TYPE :name=value" with a default). Text shows in
 * single quotes with non-printable bytes as \xNN.
 */
static inline void describe_params(const asql_compiled *c, char *out, size_t size)
{
    int i;
    out[0] = '\0';
    for (i = 0; i < asql_compiled_n_params(c); i++) {
        const asql_value *v = asql_compiled_param_value(c, i);
        const char *name = asql_compiled_param_name(c, i);
        asql_type t = asql_compiled_param_type(c, i);
        char tmp[96];
        if (i)
            append(out, size, "; ", 2);
        append(out, size, asql_type_name(t.kind), strlen(asql_type_name(t.kind)));
        append(out, size, " ", 1);
        if (name) {
            append(out, size, ":", 1);
            append(out, size, name, strlen(name));
            if (!v)
                continue;
            append(out, size, "=", 1);
        }
        if (!v) {
            append(out, size, "?", 1);
        } else if (v->is_null) {
            append(out, size, "NULL", 4);
        } else {
            switch (v->type.kind) {
            case ASQL_TYPE_SMALLINT:
            case ASQL_TYPE_INTEGER:
            case ASQL_TYPE_BIGINT:
            case ASQL_TYPE_BOOLEAN:
                snprintf(tmp, sizeof tmp, "%" PRId64, v->u.i64);
                append(out, size, tmp, strlen(tmp));
                break;
            case ASQL_TYPE_FLOAT:
            case ASQL_TYPE_DOUBLE:
                snprintf(tmp, sizeof tmp, "%g", v->u.f64);
                append(out, size, tmp, strlen(tmp));
                break;
            case ASQL_TYPE_DATE:
            case ASQL_TYPE_TIME:
            case ASQL_TYPE_DATETIME:
                snprintf(tmp, sizeof tmp, "@%" PRId64, v->u.dt.usec);
                append(out, size, tmp, strlen(tmp));
                break;
            case ASQL_TYPE_UUID:
                asql__uuid_format(v->u.uuid, tmp);
                append(out, size, tmp, strlen(tmp));
                break;
            default:
                append(out, size, "'", 1);
                append_bytes(out, size, v->u.bytes.ptr, v->u.bytes.len);
                append(out, size, "'", 1);
                break;
            }
        }
    }
}

/* Binds parameter i of `c` (its value, or the one in `params` for a named placeholder). */
static inline int bind_sqlite(sqlite3_stmt *st, const asql_compiled *c, int i,
                              const asql_params *params)
{
    const asql_value *v = asql_compiled_param_value(c, i);
    const char *name = asql_compiled_param_name(c, i);
    char buf[ASQL__COERCE_BUF], tmp[64];
    asql_value conv;
    int y, mo, d, h, mi, s, us;

    if (name && params && asql_params_get(params, 0, name)) {
        asql_status rc = asql__value_coerce(&conv, asql_params_get(params, 0, name),
                                            asql_compiled_param_type(c, i), buf, sizeof buf);
        ck_assert_msg(rc == ASQL_OK, "coercing :%s failed: %s", name, asql_status_name(rc));
        v = &conv;
    }
    ck_assert_msg(v != NULL, "no value for parameter %d", i);
    if (v->is_null)
        return sqlite3_bind_null(st, i + 1);
    switch (v->type.kind) {
    case ASQL_TYPE_SMALLINT:
    case ASQL_TYPE_INTEGER:
    case ASQL_TYPE_BIGINT:
    case ASQL_TYPE_BOOLEAN:
        return sqlite3_bind_int64(st, i + 1, v->u.i64);
    case ASQL_TYPE_FLOAT:
    case ASQL_TYPE_DOUBLE:
        return sqlite3_bind_double(st, i + 1, v->u.f64);
    case ASQL_TYPE_BLOB:
        return sqlite3_bind_blob(st, i + 1, v->u.bytes.ptr, (int)v->u.bytes.len, SQLITE_TRANSIENT);
    case ASQL_TYPE_UUID:
        return sqlite3_bind_blob(st, i + 1, v->u.uuid, 16, SQLITE_TRANSIENT);
    case ASQL_TYPE_DATE:
    case ASQL_TYPE_TIME:
    case ASQL_TYPE_DATETIME:
        asql_datetime_parts(v->u.dt, &y, &mo, &d, &h, &mi, &s, &us);
        if (v->type.kind == ASQL_TYPE_DATE)
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, d);
        else if (v->type.kind == ASQL_TYPE_TIME)
            snprintf(tmp, sizeof tmp, "%02d:%02d:%02d", h, mi, s);
        else
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
        return sqlite3_bind_text(st, i + 1, tmp, -1, SQLITE_TRANSIENT);
    default:
        return sqlite3_bind_text(st, i + 1, v->u.bytes.ptr, (int)v->u.bytes.len, SQLITE_TRANSIENT);
    }
}

/* Runs compiled SQLite SQL on test_db; the rows go to last_rows. */
static inline void run_compiled(const asql_compiled *c, const asql_params *params)
{
    sqlite3_stmt *st = NULL;
    int rc, i, n, first_row = 1;

    last_rows[0] = '\0';
    rc =
        sqlite3_prepare_v2(test_db, asql_compiled_sql(c), (int)asql_compiled_sql_len(c), &st, NULL);
    ck_assert_msg(rc == SQLITE_OK, "sqlite3_prepare failed on [%s]: %s", asql_compiled_sql(c),
                  sqlite3_errmsg(test_db));
    ck_assert_int_eq(sqlite3_bind_parameter_count(st), asql_compiled_n_params(c));
    for (i = 0; i < asql_compiled_n_params(c); i++)
        ck_assert_int_eq(bind_sqlite(st, c, i, params), SQLITE_OK);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n = sqlite3_column_count(st);
        if (!first_row)
            append(last_rows, sizeof last_rows, "\n", 1);
        first_row = 0;
        for (i = 0; i < n; i++) {
            char tmp[64];
            const unsigned char *p;
            int len, k;
            if (i)
                append(last_rows, sizeof last_rows, "|", 1);
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                append(last_rows, sizeof last_rows, "NULL", 4);
                break;
            case SQLITE_INTEGER:
                snprintf(tmp, sizeof tmp, "%lld", (long long)sqlite3_column_int64(st, i));
                append(last_rows, sizeof last_rows, tmp, strlen(tmp));
                break;
            case SQLITE_FLOAT:
                snprintf(tmp, sizeof tmp, "%g", sqlite3_column_double(st, i));
                append(last_rows, sizeof last_rows, tmp, strlen(tmp));
                break;
            case SQLITE_BLOB:
                p = sqlite3_column_blob(st, i);
                len = sqlite3_column_bytes(st, i);
                append(last_rows, sizeof last_rows, "x'", 2);
                for (k = 0; k < len; k++) {
                    snprintf(tmp, sizeof tmp, "%02x", p[k]);
                    append(last_rows, sizeof last_rows, tmp, 2);
                }
                append(last_rows, sizeof last_rows, "'", 1);
                break;
            default:
                p = sqlite3_column_text(st, i);
                len = sqlite3_column_bytes(st, i);
                append_bytes(last_rows, sizeof last_rows, (const char *)p, (size_t)len);
                break;
            }
        }
    }
    ck_assert_msg(rc == SQLITE_DONE, "sqlite3_step failed on [%s]: %s", asql_compiled_sql(c),
                  sqlite3_errmsg(test_db));
    sqlite3_finalize(st);
}

/* Runs plain SQL (test setup and checks) on test_db; the rows go to last_rows. */
static inline const char *query(const char *sql)
{
    asql_stmt *q = asql_text(sql);
    asql_compiled *c = NULL;
    asql_error err;
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), &err), ASQL_OK);
    run_compiled(c, NULL);
    asql_compiled_free(c);
    asql_stmt_free(q);
    return last_rows;
}

static inline void check_one(const char *file, int line, const asql_stmt *q, const asql_dialect *d,
                             const char *want_sql, const char *want_params,
                             const asql_params *params)
{
    asql_compiled *c = NULL;
    asql_error err;
    char got[4096];
    asql_status rc = asql_compile(&c, q, d, &err);

    ck_assert_msg(rc == ASQL_OK, "%s:%d: %s: compile failed: %s %s", file, line,
                  asql_dialect_name(d), asql_status_name(rc), err.message);
    ck_assert_msg(strcmp(asql_compiled_sql(c), want_sql) == 0,
                  "%s:%d: %s SQL:\n  got  [%s]\n  want [%s]", file, line, asql_dialect_name(d),
                  asql_compiled_sql(c), want_sql);
    ck_assert_uint_eq(asql_compiled_sql_len(c), strlen(want_sql));
    describe_params(c, got, sizeof got);
    ck_assert_msg(strcmp(got, want_params) == 0, "%s:%d: %s params:\n  got  [%s]\n  want [%s]",
                  file, line, asql_dialect_name(d), got, want_params);
    ck_assert_ptr_eq(asql_compiled_dialect(c), d);
    if (d == asql_dialect_sqlite() && test_db)
        run_compiled(c, params);
    asql_compiled_free(c);
}

/*
 * Compiles `q` for postgresql, mysql, mariadb and sqlite and compares with the expected SQL and
 * parameters (`pg_params` for PostgreSQL, where `$n` may be reused; `params` for the others).
 * The SQLite compilation also runs on test_db (when open), with `exec_params` for named
 * placeholders; its rows are then in last_rows. Frees `q`.
 */
static inline void check_sql_at(const char *file, int line, asql_stmt *q, const char *pg,
                                const char *my, const char *lite, const char *pg_params,
                                const char *params, const asql_params *exec_params)
{
    ck_assert_msg(asql_stmt_status(q) == ASQL_OK, "%s:%d: statement failed: %s", file, line,
                  asql_stmt_errmsg(q));
    check_one(file, line, q, asql_dialect_postgresql(), pg, pg_params, exec_params);
    check_one(file, line, q, asql_dialect_mysql(), my, params, exec_params);
    check_one(file, line, q, asql_dialect_mariadb(), my, params, exec_params);
    check_one(file, line, q, asql_dialect_sqlite(), lite, params, exec_params);
    asql_stmt_free(q);
}

#define CHECK_SQL(q, pg, my, lite, params)                                                         \
    check_sql_at(__FILE__, __LINE__, (q), (pg), (my), (lite), (params), (params), NULL)
#define CHECK_SQL_P(q, pg, my, lite, pg_params, params, exec_params)                               \
    check_sql_at(__FILE__, __LINE__, (q), (pg), (my), (lite), (pg_params), (params), (exec_params))

/*
 * Compiling `q` for every dialect fails with `status` and a message containing `part`.
 * Frees `q`.
 */
static inline void check_fails_at(const char *file, int line, asql_stmt *q, asql_status status,
                                  const char *part)
{
    const asql_dialect *ds[] = {asql_dialect_postgresql(), asql_dialect_mysql(),
                                asql_dialect_mariadb(), asql_dialect_sqlite()};
    size_t i;
    for (i = 0; i < 4; i++) {
        asql_compiled *c = (asql_compiled *)1;
        asql_error err;
        asql_status rc = asql_compile(&c, q, ds[i], &err);
        ck_assert_msg(rc == status, "%s:%d: %s: got %s (%s), want %s", file, line,
                      asql_dialect_name(ds[i]), asql_status_name(rc), err.message,
                      asql_status_name(status));
        ck_assert_ptr_null(c);
        ck_assert_int_eq(err.status, status);
        ck_assert_msg(strstr(err.message, part) != NULL, "%s:%d: message [%s] lacks [%s]", file,
                      line, err.message, part);
    }
    asql_stmt_free(q);
}

#define CHECK_FAILS(q, status, part) check_fails_at(__FILE__, __LINE__, (q), (status), (part))

/* Fixture: an in-memory SQLite database with the test tables and three notes. */
static inline void db_setup(void)
{
    ck_assert_int_eq(sqlite3_open(":memory:", &test_db), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(
            test_db,
            "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text VARCHAR(100),"
            " completed BOOLEAN, score DOUBLE);"
            "INSERT INTO notes (text, completed, score) VALUES ('buy milk', 0, 1.5),"
            " ('walk dog', 1, 2.5), ('50% off_sale', 0, NULL);"
            "CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, note_id INTEGER"
            " REFERENCES notes (id) ON DELETE CASCADE, name VARCHAR(20));"
            "INSERT INTO tags (note_id, name) VALUES (1, 'shop'), (1, 'food'),"
            " (2, 'pets');"
            "CREATE TABLE \"we\"\"ird`tab\" (\"order\" INTEGER PRIMARY KEY, \"select\" TEXT,"
            " \"user\" TEXT, \"a\"\"b\" TEXT, \"c`d\" TEXT, \"Upper\" TEXT, \"1st\" TEXT,"
            " \"two words\" TEXT);"
            "CREATE TABLE kinds (id INTEGER PRIMARY KEY, small SMALLINT, big BIGINT,"
            " real FLOAT, num NUMERIC(10,2), flag BOOLEAN, blob BLOB, day DATE,"
            " moment DATETIME, moment_tz DATETIME, doc JSON, uid BLOB, tm TIME);",
            NULL, NULL, NULL),
        SQLITE_OK);
}

static inline void db_teardown(void)
{
    sqlite3_close(test_db);
    test_db = NULL;
}

/* A TCase with the database fixture and a timeout. */
static inline TCase *db_tcase(const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, db_setup, db_teardown);
    tcase_set_timeout(tc, 10);
    return tc;
}

#endif
