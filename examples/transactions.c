/* SPDX-License-Identifier: MIT */
/*
 * transactions.c - the README's pool and transaction sections as one program: creating the
 * tables with a script run in a transaction, the transaction helper, begin/commit with a
 * savepoint rolled back, an acquired connection, a force_rollback transaction, then dropping
 * the tables. Each step starts the next from its callback. Usage: transactions [URL]; with
 * ASQL_FORCE_ROLLBACK set in the environment, the whole run is rolled back at the end.
 */
#include <asql/asql.h>
#include <ev.h>
#include <stdio.h>
#include <stdlib.h>

static const struct notes_table {
    asql_table table;
    asql_column id, text;
} notes = ASQL_TABLE_DEF(notes, "tx_notes",
                         ASQL_COLUMN(id, "id", ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
                         ASQL_COLUMN(text, "text", ASQL_STRING(100)));

static const asql_table *const all_tables[] = {&notes.table};
static const asql_metadata metadata = {all_tables, 1};

static asql_db *db;
static int failed;
static void next_step(void);

/* Most steps only need to say how they went, then start the next one. */
static void step_done(asql_status st, void *data)
{
    printf("%-28s %s\n", (const char *)data, asql_status_name(st));
    failed |= st != ASQL_OK;
    next_step();
}

static void step_result(asql_status st, asql_result *res, void *data)
{
    (void)res;
    step_done(st, data);
}

/* ---- Creating tables: every part of a script, in order, inside one transaction ------------ */

typedef struct script_run {
    asql_stmt *script;
    asql_txn *txn;
    size_t n_done;
    asql_status first_error;
} script_run;

static void on_part(asql_status st, asql_result *res, void *data)
{
    script_run *run = data;
    (void)res;
    if (run->first_error == ASQL_OK)
        run->first_error = st;
    if (++run->n_done == asql_stmt_n_parts(run->script))
        asql_txn_done(run->txn, run->first_error); /* commits, or rolls back on an error */
}

static void script_body(asql_txn *txn, void *data)
{
    script_run *run = data;
    run->txn = txn;
    for (size_t i = 0; i < asql_stmt_n_parts(run->script); i++)
        asql_execute(NULL, ASQL_ON_TXN(txn), asql_stmt_part(run->script, i), NULL, on_part, run);
}

static void script_done(asql_status st, void *data)
{
    script_run *run = data;
    asql_stmt_free(run->script);
    free(run);
    step_done(st, "script");
}

/* Runs a script (asql_create_all(), asql_drop_all()) on the Database. */
static void run_script(asql_stmt *script)
{
    script_run *run = calloc(1, sizeof(*run));
    asql_status st = run ? asql_stmt_status(script) : ASQL_ENOMEM;
    if (st == ASQL_OK) {
        *run = (script_run){script, NULL, 0, ASQL_OK};
        st = asql_transaction(ASQL_ON_DB(db), NULL, script_body, script_done, run);
    }
    if (st != ASQL_OK) {
        asql_stmt_free(script);
        free(run);
        step_done(st, "script");
    }
}

/* ---- Transactions ------------------------------------------------------------------------- */

static void insert_note(asql_target on, const char *text, asql_result_cb cb, void *data)
{
    asql_stmt *q = asql_insert(&notes.table);
    asql_set(q, &notes.text, asql_str(q, text));
    asql_execute(NULL, on, q, NULL, cb, data);
    asql_stmt_free(q);
}

/* The helper's body: its last callback calls asql_txn_done() with how the work went. */
static void on_note_inserted(asql_status st, asql_result *res, void *data)
{
    (void)res;
    asql_txn_done(data, st); /* ASQL_OK commits; an error rolls back */
}

static void add_note(asql_txn *txn, void *data)
{
    (void)data;
    insert_note(ASQL_ON_TXN(txn), "written by the helper", on_note_inserted, txn);
}

/* Low level: begin, work, a savepoint rolled back, commit. Operations on a transaction run in
 * submission order, so the whole sequence can be submitted at once. */
static asql_txn *outer, *inner;

static void on_inner(asql_status st, asql_txn *txn, void *data)
{
    (void)data;
    if (st != ASQL_OK)
        return step_done(st, "savepoint");
    inner = txn;
    insert_note(ASQL_ON_TXN(inner), "discarded", step_result, "  insert in the savepoint");
}

static void on_outer(asql_status st, asql_txn *txn, void *data)
{
    (void)data;
    if (st != ASQL_OK)
        return step_done(st, "begin");
    outer = txn;
    insert_note(ASQL_ON_TXN(outer), "kept", step_result, "  insert in the transaction");
}

/* ---- Connections -------------------------------------------------------------------------- */

static void on_acquired(asql_status st, asql_conn *conn, void *data)
{
    (void)data;
    if (st != ASQL_OK)
        return step_done(st, "acquire");
    /* Both run on this connection, one after the other, in this order. */
    insert_note(ASQL_ON_CONN(conn), "first", step_result, "  insert on the connection");
    insert_note(ASQL_ON_CONN(conn), "second", step_result, "  insert on the connection");
    asql_conn_release(conn); /* they still run; then it goes back to the pool */
}

static void on_count(asql_status st, const asql_row *row, asql_result *res, void *data)
{
    int64_t n = -1;
    (void)res;
    if (st == ASQL_OK && row)
        asql_row_int64(row, 0, &n);
    printf("notes kept: %lld (expected 4)\n", (long long)n);
    failed |= n != 4;
    step_done(st, data);
}

/* ---- the program -------------------------------------------------------------------------- */

static int step_no;

static void next_step(void)
{
    static const asql_txn_options test_only = {ASQL_TXN_OPTIONS_VERSION, ASQL_ISOLATION_DEFAULT, 0,
                                               1 /* force_rollback */};
    asql_stmt *q;
    switch (step_no++) {
    case 0:
        run_script(asql_create_all(&metadata, true));
        break;
    case 1:
        asql_transaction(ASQL_ON_DB(db), NULL, add_note, step_done, "transaction helper");
        break;
    case 2:
        asql_txn_begin(ASQL_ON_DB(db), NULL, on_outer, NULL);
        break;
    case 3:
        asql_txn_begin(ASQL_ON_TXN(outer), NULL, on_inner, NULL);
        break;
    case 4:
        asql_txn_rollback(inner, step_done, "  rollback to the savepoint");
        break;
    case 5:
        asql_txn_commit(outer, step_done, "  commit");
        break;
    case 6:
        asql_txn_free(inner);
        asql_txn_free(outer);
        asql_db_acquire(db, on_acquired, NULL);
        break;
    case 7:
        break; /* the first insert on the connection reported; the second follows */
    case 8:
        asql_transaction(ASQL_ON_DB(db), &test_only, add_note, step_done, "force_rollback helper");
        break;
    case 9:
        q = asql_text("SELECT count(*) FROM tx_notes");
        asql_fetch_val(NULL, ASQL_ON_DB(db), q, NULL, 0, on_count, "count");
        asql_stmt_free(q);
        break;
    case 10:
        run_script(asql_drop_all(&metadata, true));
        break;
    default:
        asql_db_close(db, NULL, NULL);
        break;
    }
}

static void on_connected(asql_status st, void *data)
{
    (void)data;
    if (st != ASQL_OK) {
        fprintf(stderr, "connect: %s\n", asql_db_last_error(db)->message);
        failed = 1;
        asql_db_close(db, NULL, NULL);
        return;
    }
    next_step();
}

int main(int argc, char **argv)
{
    struct ev_loop *loop = EV_DEFAULT;
    const char *url = argc > 1 ? argv[1] : "sqlite:///transactions.db";
    asql_db_options opts = ASQL_DB_OPTIONS_INIT;
    opts.max_size = 4;          /* the pool grows up to 4 connections */
    opts.acquire_timeout = 5.0; /* waiting longer for one gives ASQL_ETIMEOUT */
    opts.max_lifetime = 1800.0; /* connections are replaced after 30 minutes */
    if (asql_db_open(&db, loop, url, &opts) != ASQL_OK) {
        fprintf(stderr, "bad URL or options\n");
        return 1;
    }
    if (getenv("ASQL_FORCE_ROLLBACK")) /* the example's switch */
        asql_db_set_force_rollback(db, true);
    asql_db_connect(db, on_connected, NULL);
    ev_run(loop, 0); /* returns once the Database is closed */
    return failed;
}
