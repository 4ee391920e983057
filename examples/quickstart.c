/* SPDX-License-Identifier: MIT */
/*
 * quickstart.c - the README quickstart: declare a table, create it, insert, insert many, and
 * read back with fetch_all, fetch_one, fetch_val and iterate, on a libev loop. Runs against
 * $ASQL_DATABASE_URL, or a fresh SQLite file quickstart.db in the current directory.
 *
 * Each step starts the next from its callback; `step()` holds the sequence in one place.
 */
#include <asql/asql.h>
#include <ev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct notes_table {
    asql_table table;
    asql_column id, text, completed;
} notes = ASQL_TABLE_DEF(notes, "notes", /* clang-format off */
    ASQL_COLUMN(id,        "id",        ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(text,      "text",      ASQL_STRING(100)),
    ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN));
/* clang-format on */

typedef struct app {
    asql_db *db;
    int step;
    int failed;
} app;

static void step(app *a);

/* Stops at the first failure, printing what the server said. */
static int ok(app *a, asql_status st, const asql_result *res, const char *what)
{
    if (st == ASQL_OK)
        return 1;
    fprintf(stderr, "%s failed: %s\n", what,
            res ? asql_result_error(res)->message : asql_db_last_error(a->db)->message);
    a->failed = 1;
    asql_db_close(a->db, NULL, NULL);
    return 0;
}

static void print_note(const asql_row *row)
{
    int64_t id;
    const char *text;
    bool done;
    asql_row_int64_by_col(row, &notes.id, &id);
    asql_row_text_by_col(row, &notes.text, &text, NULL);
    asql_row_bool_by_col(row, &notes.completed, &done);
    printf("  #%lld %-16s %s\n", (long long)id, text, done ? "done" : "to do");
}

static void on_connected(asql_status st, void *data)
{
    app *a = data;
    if (ok(a, st, NULL, "connect")) {
        printf("connected to %s\n", asql_db_url_masked(a->db));
        step(a);
    }
}

static void on_executed(asql_status st, asql_result *res, void *data)
{
    app *a = data;
    int64_t id;
    if (!ok(a, st, res, "execute"))
        return;
    if (asql_result_insert_id(res, &id) == ASQL_OK)
        printf("inserted %lld row(s), last new id %lld\n",
               (long long)asql_result_rows_affected(res), (long long)id);
    step(a);
}

static void on_all(asql_status st, asql_result *res, void *data)
{
    app *a = data;
    if (!ok(a, st, res, "fetch_all"))
        return;
    printf("fetch_all: %zu completed note(s)\n", asql_result_n_rows(res));
    for (size_t i = 0; i < asql_result_n_rows(res); i++)
        print_note(asql_result_row(res, i));
    step(a);
}

static void on_one(asql_status st, const asql_row *row, asql_result *res, void *data)
{
    app *a = data;
    if (!ok(a, st, res, "fetch_one"))
        return;
    printf("fetch_one: the first note\n");
    if (row)
        print_note(row);
    step(a);
}

static void on_val(asql_status st, const asql_row *row, asql_result *res, void *data)
{
    app *a = data;
    int64_t n = 0;
    if (!ok(a, st, res, "fetch_val"))
        return;
    asql_row_int64(row, 0, &n);
    printf("fetch_val: %lld notes in all\n", (long long)n);
    step(a);
}

static int on_each(const asql_row *row, void *data)
{
    (void)data;
    print_note(row);
    return 0; /* nonzero would stop the iteration */
}

static void on_iterated(asql_status st, asql_result *res, void *data)
{
    app *a = data;
    if (ok(a, st, res, "iterate"))
        step(a);
}

static void on_disconnected(asql_status st, void *data)
{
    app *a = data;
    printf("disconnected\n");
    (void)st;
    asql_db_close(a->db, NULL, NULL);
}

/* The quickstart, one step per callback. Statements and parameters may be freed as soon as the
 * call that takes them returns. */
static void step(app *a)
{
    asql_target on = ASQL_ON_DB(a->db);
    asql_stmt *q = NULL;
    asql_params *p = NULL;

    switch (a->step++) {
    case -1: /* a server keeps the table between runs */
        printf("dropping the notes table left by an earlier run\n");
        q = asql_drop_table(&notes.table, true);
        asql_execute(NULL, on, q, NULL, on_executed, a);
        break;
    case 0: /* CREATE TABLE from the declaration, in the Database's dialect */
        printf("creating table notes\n");
        q = asql_create_table(&notes.table, true);
        asql_execute(NULL, on, q, NULL, on_executed, a);
        break;
    case 1: /* one row, built with the expression API */
        q = asql_insert(&notes.table);
        asql_set(q, &notes.text, asql_str(q, "buy milk"));
        asql_set(q, &notes.completed, asql_bool(q, false));
        asql_execute(NULL, on, q, NULL, on_executed, a);
        break;
    case 2: { /* one statement, many parameter sets, one batch */
        static const char *texts[] = {"walk the dog", "write the report", "call mom"};
        q = asql_insert(&notes.table);
        asql_set(q, &notes.text, asql_param(q, "text"));
        asql_set(q, &notes.completed, asql_param(q, "completed"));
        asql_params_new(&p);
        for (int i = 0; i < 3; i++) {
            if (i > 0)
                asql_params_next(p);
            asql_params_str(p, "text", texts[i]);
            asql_params_bool(p, "completed", i != 1);
        }
        asql_execute_many(NULL, on, q, p, on_executed, a);
        break;
    }
    case 3:
        q = asql_select(&notes.table);
        asql_where(q, asql_eq(q, asql_col(q, &notes.completed), asql_bool(q, true)));
        asql_fetch_all(NULL, on, q, NULL, on_all, a);
        break;
    case 4:
        q = asql_select(&notes.table);
        asql_order_by(q, asql_col(q, &notes.id));
        asql_fetch_one(NULL, on, q, NULL, on_one, a);
        break;
    case 5: /* raw SQL with a named parameter */
        q = asql_text("SELECT count(*) FROM notes WHERE id > :min_id");
        asql_params_new(&p);
        asql_params_int(p, "min_id", 0);
        asql_fetch_val(NULL, on, q, p, 0, on_val, a);
        break;
    case 6:
        printf("iterate:\n");
        q = asql_select(&notes.table);
        asql_order_by(q, asql_desc(q, asql_col(q, &notes.id)));
        asql_iterate(NULL, on, q, NULL, on_each, on_iterated, a);
        break;
    default:
        asql_db_disconnect(a->db, on_disconnected, a);
        break;
    }
    asql_stmt_free(q);
    asql_params_free(p);
}

int main(void)
{
    struct ev_loop *loop = EV_DEFAULT;
    const char *url = getenv("ASQL_DATABASE_URL");
    app a = {0};

    if (!url || !*url) {
        url = "sqlite:///quickstart.db";
        unlink("quickstart.db"); /* a fresh file each run, so the output stays the same */
    }
    if (asql_db_open(&a.db, loop, url, NULL) != ASQL_OK) {
        fprintf(stderr, "cannot open %s\n", url);
        return 1;
    }
    if (strncmp(url, "postgres", 8) == 0) /* a server keeps the table between runs */
        a.step = -1;
    asql_db_connect(a.db, on_connected, &a);
    ev_run(loop, 0);
    return a.failed ? 1 : 0;
}
