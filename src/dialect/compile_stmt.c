/* SPDX-License-Identifier: MIT */
/*
 * compile_stmt.c - asql_compile(): sets up a compiler for one statement and dialect, hands the
 * statement to the walker for its kind (compile*.c, text.c for raw SQL), and builds the compiled
 * result or the error record. It writes no SQL itself.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dialect/compiler.h"
#include "expr/alloc.h"

/* Raw SQL returns rows when it starts with one of these words or holds RETURNING (a guess). */
static int text_returns_rows(const char *s)
{
    static const char *const words[] = {"select", "with",    "values",   "show",
                                        "pragma", "explain", "describe", "table"};
    size_t i, n;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '(')
        s++;
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        n = strlen(words[i]);
        if (strncasecmp(s, words[i], n) == 0 &&
            !((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_'))
            return 1;
    }
    for (; *s; s++)
        if (strncasecmp(s, "returning", 9) == 0)
            return 1;
    return 0;
}

/* Fills the caller's error record (when given) with a status and a one-line message. */
static void fill_error(asql_error *err, asql_status status, const char *message)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->status = status;
    err->klass = ASQL_ERRCLASS_NONE;
    snprintf(err->message, sizeof err->message, "%s", message);
}

asql_status asql_compile(asql_compiled **out, const asql_stmt *q, const asql_dialect *d,
                         asql_error *err)
{
    asql__compile_info info;
    asql_status st;
    compiler c;

    if (out)
        *out = NULL;
    if (err)
        fill_error(err, ASQL_OK, "");
    if (!out || !q || !d) {
        fill_error(err, ASQL_EINVAL,
                   !out ? "asql_compile: out is NULL"
                   : !q ? "asql_compile: statement is NULL"
                        : "asql_compile: dialect is NULL");
        return ASQL_EINVAL;
    }
    if (q->status != ASQL_OK) {
        fill_error(err, q->status, q->errmsg);
        return q->status;
    }
    memset(&info, 0, sizeof info);
    info.kind = q->kind;
    c.q = q;
    c.d = d;
    c.n_tables = 0;
    c.qualify = 0;
    memset(c.seen_keys, 0, sizeof c.seen_keys);
    c.cols = c.inline_cols;
    c.n_cols = 0;
    c.cap_cols = INLINE_COLUMNS;
    c.n_aliases = 0;
    c.outer = NULL;
    c.depth = 0;
    c.bare = 0;
    c.upsert = 0;
    c.n_values = 0;
    asql__sqlbuf_init(&c.b, d);
    switch (q->kind) {
    case ASQL__STMT_SELECT:
    case ASQL__STMT_COMPOUND:
        asql__compile_query(&c, q);
        info.returns_rows = 1;
        break;
    case ASQL__STMT_INSERT:
        c.tables[c.n_tables++] = q->table;
        asql__compile_insert(&c, q, &info);
        break;
    case ASQL__STMT_UPDATE:
        c.tables[c.n_tables++] = q->table;
        c.qualify = 1;
        asql__compile_update(&c, q);
        info.returns_rows = q->returning.head != NULL;
        break;
    case ASQL__STMT_DELETE:
        c.tables[c.n_tables++] = q->table;
        c.qualify = 1;
        asql__compile_delete(&c, q);
        info.returns_rows = q->returning.head != NULL;
        break;
    case ASQL__STMT_TEXT:
        asql__compile_text(&c.b, q);
        info.returns_rows = text_returns_rows(q->text);
        break;
    case ASQL__STMT_CREATE_TABLE:
    case ASQL__STMT_DROP_TABLE:
    case ASQL__STMT_CREATE_INDEX:
        asql__compile_ddl(&c.b, q);
        break;
    case ASQL__STMT_SCRIPT:
        asql__sqlbuf_fail(&c.b, ASQL_EINVAL,
                          "a create-all/drop-all script: compile each part (asql_stmt_part)");
        break;
    default:
        asql__sqlbuf_fail(&c.b, ASQL_EINVAL, "statement of no known kind");
        break;
    }
    st = c.b.status;
    if (st == ASQL_OK) {
        info.columns = c.cols;
        info.n_columns = c.n_cols;
        st = asql__compiled_build(out, &c.b, &info);
        if (st != ASQL_OK)
            fill_error(err, st, "out of memory while compiling");
    } else {
        fill_error(err, st, c.b.errmsg);
    }
    if (c.cols != c.inline_cols)
        asql__free(c.cols);
    asql__sqlbuf_dispose(&c.b);
    return st;
}
