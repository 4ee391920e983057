/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_txn.c - the conformance suite of transactions and the pool, written once and
 * run unchanged on every backend of conformance.h: low-level, nested and helper transactions,
 * force_rollback at both levels, isolation between connections, FIFO order under load, pool
 * exhaustion, acquire timeout, max_lifetime, a broken connection replaced, disconnect and close
 * with work pending, every misuse error, and the hooks. Every callback is counted.
 */
#include "conformance.h"

/* ---- transactions -------------------------------------------------------------------------- */

START_TEST(test_low_level_commit_keeps_and_rollback_discards)
{
    char got[64];
    asql_txn *a = begin_with(ASQL_ON_DB(fx_db), NULL);
    ck_assert_int_eq(asql_txn_depth(a), 1);
    insert_on(ASQL_ON_TXN(a), "a");
    end_txn(a, 1);
    asql_txn *b = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(b), "b");
    end_txn(b, 0);
    /* The same on an acquired connection, which tracks its state locally. */
    asql_conn *conn = acquire(fx_db);
    ck_assert(!asql_conn_in_transaction(conn));
    asql_txn *c = begin_with(ASQL_ON_CONN(conn), NULL);
    ck_assert(asql_conn_in_transaction(conn));
    insert_on(ASQL_ON_TXN(c), "c");
    end_txn(c, 1);
    ck_assert(!asql_conn_in_transaction(conn));
    asql_txn *d = begin_with(ASQL_ON_CONN(conn), NULL);
    insert_on(ASQL_ON_TXN(d), "d");
    end_txn(d, 0);
    asql_conn_release(conn);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "a,c");
    asql_txn_free(a);
    asql_txn_free(b);
    asql_txn_free(c);
    asql_txn_free(d);
}
END_TEST

START_TEST(test_nested_transactions_commit_and_roll_back_to_any_depth)
{
    char got[64];
    asql_txn *outer = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(outer), "1");
    asql_txn *mid = begin_with(ASQL_ON_TXN(outer), NULL);
    ck_assert_int_eq(asql_txn_depth(mid), 2);
    insert_on(ASQL_ON_TXN(mid), "2");
    asql_txn *inner = begin_with(ASQL_ON_TXN(mid), NULL);
    ck_assert_int_eq(asql_txn_depth(inner), 3);
    insert_on(ASQL_ON_TXN(inner), "3");
    end_txn(inner, 0); /* 3 goes */
    asql_txn *again = begin_with(ASQL_ON_TXN(mid), NULL);
    asql_txn *deep = begin_with(ASQL_ON_TXN(again), NULL);
    ck_assert_int_eq(asql_txn_depth(deep), 4);
    insert_on(ASQL_ON_TXN(deep), "4");
    end_txn(deep, 1); /* 4 stays with its parent */
    end_txn(again, 1);
    end_txn(mid, 1);
    asql_txn *dropped = begin_with(ASQL_ON_TXN(outer), NULL);
    insert_on(ASQL_ON_TXN(dropped), "5");
    end_txn(dropped, 0);
    texts_on(ASQL_ON_TXN(outer), got, sizeof(got)); /* seen inside before the commit */
    ck_assert_str_eq(got, "1,2,4");
    end_txn(outer, 1);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "1,2,4");
    /* Rolling back the outermost level discards what its committed savepoints kept. */
    asql_txn *gone = begin_with(ASQL_ON_DB(fx_db), NULL);
    asql_txn *kept = begin_with(ASQL_ON_TXN(gone), NULL);
    insert_on(ASQL_ON_TXN(kept), "6");
    end_txn(kept, 1);
    end_txn(gone, 0);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "1,2,4");
    asql_txn *all[] = {outer, mid, inner, again, deep, dropped, gone, kept};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        asql_txn_free(all[i]);
}
END_TEST

typedef struct body_state {
    fx_done done; /* first: the helper's callback is fx_done_cb on the same data */
    int bodies;
    const char *text;
    int firsts; /* callbacks of the body's first insert */
} body_state;

static void on_first_insert(asql_status st, asql_result *res, void *data)
{
    body_state *b = data;
    (void)res;
    ck_assert_int_eq(st, ASQL_OK);
    b->firsts++;
}

static void on_body_insert(asql_status st, asql_result *res, void *data)
{
    (void)res;
    ck_assert_int_eq(asql_txn_done(data, st), ASQL_OK);
    ck_assert_int_eq(asql_txn_done(data, st), ASQL_EMISUSE); /* once only */
}

/* Inserts two rows: its own text, then b->text, which fails when it is a duplicate. */
static void body(asql_txn *t, void *data)
{
    body_state *b = data;
    b->bodies++;
    ck_assert_int_eq(b->done.calls, 0);
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, b->text));
    char mine[32];
    snprintf(mine, sizeof(mine), "%s-first", b->text);
    asql_stmt *first = asql_insert(&conf.table);
    asql_set(first, &conf.text, asql_str(first, mine));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_TXN(t), first, NULL, NULL, NULL), ASQL_EINVAL);
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_TXN(t), first, NULL, on_first_insert, b), ASQL_OK);
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_TXN(t), q, NULL, on_body_insert, t), ASQL_OK);
    asql_stmt_free(first);
    asql_stmt_free(q);
}

START_TEST(test_transaction_helper_commits_on_success_and_rolls_back_on_failure)
{
    body_state ok = {{0, ASQL_OK}, 0, "ok", 0}, bad = {{0, ASQL_OK}, 0, "dup", 0};
    char got[64];
    insert("dup", 0, 0);
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), NULL, body, fx_done_cb, &ok), ASQL_OK);
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), NULL, body, fx_done_cb, &bad), ASQL_OK);
    ck_assert_int_eq(ok.bodies + bad.bodies, 0); /* never inside the call */
    fx_run_until(&ok.done.calls);
    fx_run_until(&bad.done.calls);
    ck_assert_int_eq(ok.done.calls, 1);
    ck_assert_int_eq(ok.bodies, 1);
    ck_assert_int_eq(ok.done.status, ASQL_OK);
    ck_assert_int_eq(bad.done.calls, 1);
    ck_assert_int_eq(bad.bodies, 1);
    ck_assert_int_eq(bad.done.status, ASQL_ESQL);
    ck_assert_int_eq(ok.firsts + bad.firsts, 2);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "dup,ok-first,ok");
    /* Inside a transaction the helper makes a savepoint, rolled back alone on failure. */
    body_state inner = {{0, ASQL_OK}, 0, "dup", 0};
    asql_txn *outer = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(outer), "outer");
    ck_assert_int_eq(asql_transaction(ASQL_ON_TXN(outer), NULL, body, fx_done_cb, &inner), ASQL_OK);
    fx_run_until(&inner.done.calls);
    ck_assert_int_eq(inner.done.status, ASQL_ESQL);
    end_txn(outer, 1);
    asql_txn_free(outer);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "dup,ok-first,ok,outer");
}
END_TEST

START_TEST(test_force_rollback_database_discards_everything_at_disconnect)
{
    char got[64];
    fx_done d = {0, ASQL_OK};
    asql_db *db = open_second(NULL, 1);
    ck_assert_int_eq(asql_db_set_force_rollback(db, false), ASQL_EMISUSE); /* connected */
    asql_db *keep = fx_db;
    fx_db = db;            /* insert(), fx_exec() and texts() run on fx_db */
    if (be->shared_memory) /* a second in-memory Database is another, empty, database */
        fx_exec(be->ddl);
    insert("1", 0, 0);
    asql_txn *t = begin_with(ASQL_ON_DB(db), NULL);
    ck_assert_int_eq(asql_txn_depth(t), 2); /* a savepoint inside the Database's transaction */
    insert_on(ASQL_ON_TXN(t), "2");
    end_txn(t, 1);
    asql_txn_free(t);
    t = begin_with(ASQL_ON_DB(db), NULL);
    insert_on(ASQL_ON_TXN(t), "3");
    end_txn(t, 0); /* back to the savepoint only */
    asql_txn_free(t);
    asql_conn *conn = acquire(db); /* the one connection, still inside the transaction */
    ck_assert(asql_conn_in_transaction(conn));
    t = begin_with(ASQL_ON_CONN(conn), NULL);
    ck_assert_int_eq(asql_txn_depth(t), 2);
    insert_on(ASQL_ON_TXN(t), "4");
    asql_conn_release(conn); /* rolls back to the Database's transaction, not past it */
    asql_txn_free(t);
    texts(got, sizeof(got));
    fx_db = keep;
    ck_assert_str_eq(got, "1,2");
    ck_assert_int_eq(asql_db_disconnect(db, fx_done_cb, &d), ASQL_OK);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    if (!be->shared_memory) {
        texts(got, sizeof(got)); /* through the other Database: nothing was kept */
        ck_assert_str_eq(got, "");
    }
    close_db(db);
}
END_TEST

static void helper_insert_body(asql_txn *t, void *data)
{
    (void)data;
    asql_stmt *q = asql_insert(&conf.table);
    asql_set(q, &conf.text, asql_str(q, "helper"));
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_TXN(t), q, NULL, on_body_insert, t), ASQL_OK);
    asql_stmt_free(q);
}

START_TEST(test_force_rollback_transaction_rolls_back_on_commit)
{
    char got[64];
    fx_done h = {0, ASQL_OK};
    asql_txn_options fr = ASQL_TXN_OPTIONS_INIT;
    fr.force_rollback = 1;
    asql_txn *t = begin_with(ASQL_ON_DB(fx_db), &fr);
    insert_on(ASQL_ON_TXN(t), "gone");
    asql_txn *in = begin_with(ASQL_ON_TXN(t), NULL);
    insert_on(ASQL_ON_TXN(in), "gone-too");
    end_txn(in, 1);
    end_txn(t, 1); /* reports ASQL_OK, and rolled back */
    /* A savepoint marked so is rolled back to on commit; its parent keeps its own work. */
    asql_txn *outer = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(outer), "kept");
    asql_txn *sp = begin_with(ASQL_ON_TXN(outer), &fr);
    insert_on(ASQL_ON_TXN(sp), "gone-sp");
    end_txn(sp, 1);
    end_txn(outer, 1);
    /* The helper with force_rollback: the body succeeds, nothing stays. */
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), &fr, helper_insert_body, fx_done_cb, &h),
                     ASQL_OK);
    fx_run_until(&h.calls);
    ck_assert_int_eq(h.calls, 1);
    ck_assert_int_eq(h.status, ASQL_OK);
    /* A version 1 struct ends before force_rollback: whatever follows it is not read. */
    asql_txn_options v1 = fr;
    v1.version = 1;
    asql_txn *old = begin_with(ASQL_ON_DB(fx_db), &v1);
    insert_on(ASQL_ON_TXN(old), "v1");
    end_txn(old, 1);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "kept,v1");
    v1.version = 3;
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(fx_db), &v1, fx_txn_cb, &h), ASQL_EINVAL);
    asql_txn *all[] = {t, in, outer, sp, old};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        asql_txn_free(all[i]);
}
END_TEST

/* Needs two connections: not on a single in-memory SQLite connection. */
START_TEST(test_two_connections_do_not_see_each_others_uncommitted_writes)
{
    char got[64];
    asql_txn *writer = begin_with(ASQL_ON_DB(fx_db), NULL);
    asql_conn *reader = acquire(fx_db);
    insert_on(ASQL_ON_TXN(writer), "uncommitted");
    texts_on(ASQL_ON_TXN(writer), got, sizeof(got));
    ck_assert_str_eq(got, "uncommitted");
    texts_on(ASQL_ON_CONN(reader), got, sizeof(got));
    ck_assert_str_eq(got, "");
    end_txn(writer, 1);
    texts_on(ASQL_ON_CONN(reader), got, sizeof(got));
    ck_assert_str_eq(got, "uncommitted");
    asql_txn *dropped = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(dropped), "rolled-back");
    end_txn(dropped, 0);
    texts_on(ASQL_ON_CONN(reader), got, sizeof(got));
    ck_assert_str_eq(got, "uncommitted");
    asql_conn_release(reader);
    asql_txn_free(writer);
    asql_txn_free(dropped);
}
END_TEST

/* ---- FIFO ----------------------------------------------------------------------------------- */

typedef struct fifo_op {
    int idx;
    int *next; /* the index expected to complete next */
    int *calls;
    asql_status status;
} fifo_op;

static void fifo_cb(asql_status st, asql_result *res, void *data)
{
    fifo_op *f = data;
    (void)res;
    ck_assert_int_eq(f->idx, *f->next); /* completions come in submission order */
    (*f->next)++;
    (*f->calls)++;
    f->status = st;
}

/* Submits n inserts at once on `on` (nothing runs before the loop turns), then checks that they
 * completed one by one in submission order and that the rows went in in that order. */
static void submit_many_and_check_order(asql_target on, const char *prefix, int n)
{
    fifo_op *ops = calloc((size_t)n, sizeof(*ops));
    int next = 0, calls = 0;
    asql_params *p;
    asql_stmt *q = asql_text("INSERT INTO conf_notes (text, score) VALUES (:t, :s)");
    ck_assert_ptr_nonnull(ops);
    for (int i = 0; i < n; i++) {
        char t[32];
        snprintf(t, sizeof(t), "%s%04d", prefix, i);
        asql_params_new(&p);
        asql_params_str(p, "t", t);
        asql_params_double(p, "s", i);
        ops[i] = (fifo_op){i, &next, &calls, ASQL_OK};
        ck_assert_int_eq(asql_execute(NULL, on, q, p, fifo_cb, &ops[i]), ASQL_OK);
        asql_params_free(p);
    }
    asql_stmt_free(q);
    ck_assert_int_eq(calls, 0);
    run_until_count(&calls, n);
    ck_assert_int_eq(calls, n);
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(ops[i].status, ASQL_OK);
    free(ops);
}

/* Checks the rows starting with `prefix` have ascending ids in text order. */
static void check_row_order(asql_target on, const char *prefix, int n)
{
    fx_res r = {0};
    asql_params *p;
    char like[16];
    asql_stmt *q = asql_text("SELECT text FROM conf_notes WHERE text LIKE :p ORDER BY id");
    snprintf(like, sizeof(like), "%s%%", prefix);
    asql_params_new(&p);
    asql_params_str(p, "p", like);
    ck_assert_int_eq(asql_fetch_all(NULL, on, q, p, fx_res_cb, &r), ASQL_OK);
    asql_stmt_free(q);
    asql_params_free(p);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    ck_assert_uint_eq(asql_result_n_rows(r.res), (size_t)n);
    for (int i = 0; i < n; i++) {
        const char *s;
        char want[32];
        snprintf(want, sizeof(want), "%s%04d", prefix, i);
        ck_assert_int_eq(asql_row_text(asql_result_row(r.res, (size_t)i), 0, &s, NULL), ASQL_OK);
        ck_assert_str_eq(s, want);
    }
    fx_res_free(&r);
}

START_TEST(test_operations_submitted_at_once_run_in_order_on_a_connection_and_a_transaction)
{
    int n = fx_small() ? 40 : 200;
    asql_conn *conn = acquire(fx_db);
    submit_many_and_check_order(ASQL_ON_CONN(conn), "c", n);
    check_row_order(ASQL_ON_CONN(conn), "c", n);
    asql_txn *t = begin_with(ASQL_ON_CONN(conn), NULL);
    submit_many_and_check_order(ASQL_ON_TXN(t), "t", n);
    check_row_order(ASQL_ON_TXN(t), "t", n);
    end_txn(t, 1);
    asql_txn_free(t);
    asql_conn_release(conn);
    /* A transaction on the Database pins its own connection. */
    t = begin_with(ASQL_ON_DB(fx_db), NULL);
    submit_many_and_check_order(ASQL_ON_TXN(t), "d", n);
    end_txn(t, 1);
    asql_txn_free(t);
    check_row_order(ASQL_ON_DB(fx_db), "d", n);
}
END_TEST

/* ---- the pool ------------------------------------------------------------------------------ */

START_TEST(test_pool_exhausted_acquire_times_out_and_release_serves_the_queue)
{
    asql_db_options opts = ASQL_DB_OPTIONS_INIT;
    fx_conn late = {0}, next = {0};
    fx_res waiting = {0};
    opts.min_size = opts.max_size = 2; /* both open before the clock starts */
    opts.acquire_timeout = 0.1;
    asql_db *db = open_second(&opts, 0);
    int n = be->shared_memory ? 1 : 2; /* an in-memory database has one connection */
    asql_conn *held[2] = {NULL, NULL};
    for (int i = 0; i < n; i++)
        held[i] = acquire(db);
    ck_assert_int_eq(db->n_conns, n);
    double t0 = asql__now();
    ck_assert_int_eq(asql_db_acquire(db, fx_conn_cb, &late), ASQL_OK);
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(db), q, NULL, fx_res_cb, &waiting), ASQL_OK);
    asql_stmt_free(q);
    fx_run_until(&late.calls);
    ck_assert_int_eq(late.calls, 1);
    ck_assert_int_eq(late.status, ASQL_ETIMEOUT);
    ck_assert_ptr_null(late.conn);
    ck_assert(asql__now() - t0 >= 0.09);
    ck_assert_int_eq(waiting.calls, 0); /* an operation waits without acquire_timeout */
    ck_assert_int_eq(db->n_conns, n);   /* the pool did not grow past max_size */
    asql_conn_release(held[0]);
    fx_run_until(&waiting.calls);
    ck_assert_int_eq(waiting.calls, 1);
    ck_assert_int_eq(waiting.status, ASQL_OK);
    fx_res_free(&waiting);
    ck_assert_int_eq(asql_db_acquire(db, fx_conn_cb, &next), ASQL_OK);
    fx_run_until(&next.calls);
    ck_assert_int_eq(next.status, ASQL_OK);
    asql_conn_release(next.conn);
    asql_conn_release(held[1]);
    close_db(db);
}
END_TEST

typedef struct counted {
    int calls, ok, canceled, other;
} counted;

static void counted_cb(asql_status st, asql_result *res, void *data)
{
    counted *c = data;
    (void)res;
    c->calls++;
    if (st == ASQL_OK)
        c->ok++;
    else if (st == ASQL_ECANCELED)
        c->canceled++;
    else
        c->other++;
}

static void counted_done(asql_status st, void *data)
{
    counted *c = data;
    c->calls++;
    c->ok += st == ASQL_OK;
    c->other += st != ASQL_OK;
}

/* Submits n inserts on the Database and n on an acquired connection (released at once). */
static void submit_pending(asql_db *db, int n, counted *c)
{
    asql_conn *conn = acquire(db);
    asql_stmt *q = asql_text("INSERT INTO conf_notes (score) VALUES (1)");
    for (int i = 0; i < n; i++) {
        ck_assert_int_eq(asql_execute(NULL, ASQL_ON_DB(db), q, NULL, counted_cb, c), ASQL_OK);
        ck_assert_int_eq(asql_execute(NULL, ASQL_ON_CONN(conn), q, NULL, counted_cb, c), ASQL_OK);
    }
    asql_stmt_free(q);
    asql_conn_release(conn);
}

START_TEST(test_disconnect_and_close_complete_every_pending_operation_once)
{
    int n = fx_small() ? 10 : 50;
    counted ops = {0}, disc = {0}, refused = {0};
    fx_res r = {0};
    char url[200];
    submit_pending(fx_db, n, &ops);
    ck_assert_int_eq(asql_db_disconnect(fx_db, counted_done, &disc), ASQL_OK);
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r), ASQL_EPOOL);
    ck_assert_int_eq(asql_db_acquire(fx_db, fx_conn_cb, &refused), ASQL_EPOOL);
    ck_assert_int_eq(ops.calls + disc.calls, 0);
    fx_run_until(&disc.calls);
    ck_assert_int_eq(disc.calls, 1);
    ck_assert_int_eq(disc.ok, 1);
    ck_assert_int_eq(ops.calls, 2 * n); /* every one ran before the disconnect finished */
    ck_assert_int_eq(ops.ok, 2 * n);
    ck_assert_int_eq(fx_db->n_conns, 0);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE); /* not connected */
    /* Connect again (a new, empty database for SQLite in memory), for the close below. */
    fx_done c = {0, ASQL_OK};
    ck_assert_int_eq(asql_db_connect(fx_db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(c.status, ASQL_OK);
    if (be->shared_memory)
        fx_exec(be->ddl);
    /* Close with work pending: each completes, finished or canceled, exactly once. */
    counted pending = {0}, closed = {0};
    submit_pending(fx_db, n, &pending);
    asql_db_close(fx_db, counted_done, &closed);
    fx_db = NULL;
    ck_assert_int_eq(pending.calls + closed.calls, 0);
    fx_run_until(&closed.calls);
    ck_assert_int_eq(closed.calls, 1);
    ck_assert_int_eq(pending.calls, 2 * n);
    ck_assert_int_eq(pending.ok + pending.canceled, 2 * n);
    ck_assert_int_eq(pending.other, 0);
    asql_stmt_free(q);
    ck_assert_int_eq(r.calls + refused.calls, 0);
    /* The fixture's teardown expects a Database (to drop the table on a server). */
    backend_url(url, sizeof(url));
    fx_connect(url);
}
END_TEST

static void count_hook(asql_conn *conn, void *data)
{
    (void)conn;
    (*(int *)data)++;
}

START_TEST(test_connection_past_max_lifetime_is_replaced_when_idle)
{
    asql_db_options opts = ASQL_DB_OPTIONS_INIT;
    int hooks = 0;
    fx_res r = {0};
    opts.max_lifetime = 0.5;
    asql_db *db;
    char url[200];
    fx_done c = {0, ASQL_OK};
    backend_url(url, sizeof(url));
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, &opts), ASQL_OK);
    asql_db_set_on_connect(db, count_hook, &hooks);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    fx_run_until(&c.calls);
    ck_assert_int_eq(hooks, 1);
    asql_conn *conn = acquire(db);
    run_for(0.6); /* in use: it is not retired while acquired */
    ck_assert_int_eq(db->n_conns, 1);
    asql_stmt *q = asql_text("SELECT 1");
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_CONN(conn), q, NULL, fx_res_cb, &r), ASQL_OK);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    asql_conn_release(conn);
    r = (fx_res){0};
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(db), q, NULL, fx_res_cb, &r), ASQL_OK);
    fx_run_until(&r.calls);
    ck_assert_int_eq(r.status, ASQL_OK);
    fx_res_free(&r);
    asql_stmt_free(q);
    /* On an in-memory database the one connection holds the data: it is never retired. */
    ck_assert_int_eq(hooks, (be->shared_memory ? 1 : 2));
    close_db(db);
}
END_TEST

/* Needs a way to end a connection from another one (PostgreSQL: pg_terminate_backend). */
START_TEST(test_broken_connection_is_discarded_and_replaced)
{
    fx_res pid = {0}, kill = {0}, dead = {0}, after = {0};
    int64_t victim, now;
    asql_params *p;
    asql_conn *conn = acquire(fx_db);
    asql_stmt *q = asql_text(be->pid_sql);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_CONN(conn), q, NULL, 0, fx_row_cb, &pid),
                     ASQL_OK);
    fx_run_until(&pid.calls);
    ck_assert_int_eq(asql_row_int64(pid.row, 0, &victim), ASQL_OK);
    fx_res_free(&pid);
    asql_stmt *k = asql_text(be->kill_sql);
    asql_params_new(&p);
    asql_params_int(p, "pid", victim);
    /* Runs on another connection: the acquired one is not the pool's to use. */
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(fx_db), k, p, fx_res_cb, &kill), ASQL_OK);
    asql_stmt_free(k);
    asql_params_free(p);
    fx_run_until(&kill.calls);
    ck_assert_msg(kill.status == ASQL_OK, "%s", asql_result_error(kill.res)->message);
    fx_res_free(&kill);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_CONN(conn), q, NULL, 0, fx_row_cb, &dead),
                     ASQL_OK);
    fx_run_until(&dead.calls);
    ck_assert_int_eq(dead.calls, 1);
    ck_assert_msg(dead.status == ASQL_ECONNLOST, "got %s: %s", asql_status_name(dead.status),
                  asql_result_error(dead.res)->message);
    fx_res_free(&dead);
    ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_CONN(conn), q, NULL, 0, fx_row_cb, &dead),
                     ASQL_EMISUSE); /* discarded: it takes no more work */
    asql_conn_release(conn);
    for (int i = 0; i < 3; i++) { /* the pool goes on serving, on live connections */
        memset(&after, 0, sizeof(after));
        ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(fx_db), q, NULL, 0, fx_row_cb, &after),
                         ASQL_OK);
        fx_run_until(&after.calls);
        ck_assert_msg(after.status == ASQL_OK, "%s", asql_result_error(after.res)->message);
        ck_assert_int_eq(asql_row_int64(after.row, 0, &now), ASQL_OK);
        ck_assert_int_ne(now, victim);
        fx_res_free(&after);
    }
    asql_stmt_free(q);
}
END_TEST

/* ---- misuse --------------------------------------------------------------------------------- */

static void misuse_body(asql_txn *t, void *data)
{
    (void)data;
    ck_assert_int_eq(asql_txn_done(t, ASQL_OK), ASQL_OK);
}

START_TEST(test_every_misuse_fails_with_emisuse_and_leaves_the_state_usable)
{
    fx_res r = {0};
    fx_done d = {0, ASQL_OK};
    fx_txn g = {0};
    fx_conn gc = {0};
    char got[64];
    asql_stmt *q = asql_text("SELECT 1");
    /* Transactions: commit of an outer level with an inner one open, a second savepoint beside
     * the open one, a second commit, use after the end, asql_txn_done outside the helper. */
    asql_txn *outer = begin_with(ASQL_ON_DB(fx_db), NULL);
    asql_txn *inner = begin_with(ASQL_ON_TXN(outer), NULL);
    ck_assert_int_eq(asql_txn_commit(outer, fx_done_cb, &d), ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_rollback(outer, fx_done_cb, &d), ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_TXN(outer), NULL, fx_txn_cb, &g), ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_done(inner, ASQL_OK), ASQL_EMISUSE);
    ck_assert(asql_txn_is_open(outer));
    insert_on(ASQL_ON_TXN(inner), "5");
    end_txn(inner, 1);
    ck_assert_int_eq(asql_txn_commit(inner, fx_done_cb, &d), ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_rollback(inner, fx_done_cb, &d), ASQL_EMISUSE);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_TXN(inner), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_TXN(inner), NULL, fx_txn_cb, &g), ASQL_EMISUSE);
    texts_on(ASQL_ON_TXN(outer), got, sizeof(got)); /* the outer level is still usable */
    ck_assert_str_eq(got, "5");
    end_txn(outer, 1);
    ck_assert_int_eq(asql_txn_rollback(outer, fx_done_cb, &d), ASQL_EMISUSE);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_TXN(outer), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE);
    /* The helper's asql_txn_done() twice is checked in the helper's own test; a body that
     * ends at once is fine. */
    ck_assert_int_eq(asql_transaction(ASQL_ON_DB(fx_db), NULL, misuse_body, fx_done_cb, &d),
                     ASQL_OK);
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.status, ASQL_OK);
    d.calls = 0;
    /* Connections: work on a released one, a second release (harmless). */
    asql_conn *conn = acquire(fx_db);
    asql_txn *on_conn = begin_with(ASQL_ON_CONN(conn), NULL);
    asql_conn_release(conn);
    asql_conn_release(conn);
    ck_assert(!asql_txn_is_open(on_conn)); /* ended with the release */
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_CONN(conn), q, NULL, fx_res_cb, &r),
                     ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_CONN(conn), NULL, fx_txn_cb, &g), ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_commit(on_conn, fx_done_cb, &d), ASQL_EMISUSE);
    /* The Database: force_rollback once connected; work before connecting. */
    ck_assert_int_eq(asql_db_set_force_rollback(fx_db, true), ASQL_EMISUSE);
    asql_db *idle;
    char url[200];
    backend_url(url, sizeof(url));
    ck_assert_int_eq(asql_db_open(&idle, fx_loop, url, NULL), ASQL_OK);
    ck_assert_int_eq(asql_fetch_all(NULL, ASQL_ON_DB(idle), q, NULL, fx_res_cb, &r), ASQL_EMISUSE);
    ck_assert_int_eq(asql_db_last_error(idle)->status, ASQL_EMISUSE);
    ck_assert_int_eq(asql_txn_begin(ASQL_ON_DB(idle), NULL, fx_txn_cb, &g), ASQL_EMISUSE);
    ck_assert_int_eq(asql_db_acquire(idle, fx_conn_cb, &gc), ASQL_EMISUSE);
    close_db(idle);
    ev_run(fx_loop, EVRUN_NOWAIT);
    ck_assert_int_eq(r.calls + d.calls + g.calls + gc.calls, 0); /* no refused call called back */
    /* Everything still works. */
    asql_txn *after = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(after), "6");
    end_txn(after, 1);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "5,6");
    asql_stmt_free(q);
    asql_txn *all[] = {outer, inner, on_conn, after};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        asql_txn_free(all[i]);
}
END_TEST

/* ---- release, free and close end open transactions; hooks ---------------------------------- */

START_TEST(test_release_and_free_roll_back_an_open_transaction)
{
    char got[64];
    asql_conn *conn = acquire(fx_db);
    asql_txn *t = begin_with(ASQL_ON_CONN(conn), NULL);
    ck_assert(asql_conn_in_transaction(conn));
    insert_on(ASQL_ON_TXN(t), "released");
    asql_conn_release(conn); /* ROLLBACK queued, known locally */
    ck_assert(!asql_txn_is_open(t));
    asql_txn_free(t);
    insert_on(ASQL_ON_DB(fx_db), "2");
    t = begin_with(ASQL_ON_DB(fx_db), NULL);
    insert_on(ASQL_ON_TXN(t), "freed");
    asql_txn_free(t);                        /* rolled back in the background */
    t = begin_with(ASQL_ON_DB(fx_db), NULL); /* on SQLite in memory: after that rollback */
    texts_on(ASQL_ON_TXN(t), got, sizeof(got));
    ck_assert_str_eq(got, "2");
    end_txn(t, 1);
    asql_txn_free(t);
    texts(got, sizeof(got));
    ck_assert_str_eq(got, "2");
}
END_TEST

START_TEST(test_close_ends_open_transactions_and_their_handles_stay_freeable)
{
    fx_done d = {0, ASQL_OK};
    char url[200], got_buf[64];
    asql_txn *outer = begin_with(ASQL_ON_DB(fx_db), NULL);
    asql_txn *inner = begin_with(ASQL_ON_TXN(outer), NULL);
    insert_on(ASQL_ON_TXN(inner), "never");
    asql_db_close(fx_db, fx_done_cb, &d);
    fx_db = NULL;
    fx_run_until(&d.calls);
    ck_assert_int_eq(d.calls, 1);
    ck_assert(!asql_txn_is_open(outer));
    ck_assert(!asql_txn_is_open(inner));
    ck_assert_int_eq(asql_txn_commit(inner, fx_done_cb, &d), ASQL_EMISUSE);
    asql_txn_free(inner);
    asql_txn_free(outer);
    backend_url(url, sizeof(url));
    fx_connect(url);
    if (!be->shared_memory) {
        texts(got_buf, sizeof(got_buf));
        ck_assert_str_eq(got_buf, "");
    }
}
END_TEST

static void trace_cb(const asql_trace *t, void *data)
{
    int *n = data;
    ck_assert_ptr_nonnull(t->sql);
    ck_assert(t->duration_s >= 0);
    ck_assert_int_eq(t->n_sets, 1);
    if (strstr(t->sql, "INSERT INTO"))
        ck_assert_int_eq(t->n_params, 1); /* counted, never shown */
    (*n)++;
}

START_TEST(test_trace_hook_sees_each_statement_without_values)
{
    int n = 0;
    asql_db_set_trace(fx_db, trace_cb, &n);
    insert_on(ASQL_ON_DB(fx_db), "traced");
    asql_txn *t = begin_with(ASQL_ON_DB(fx_db), NULL);
    end_txn(t, 0);
    asql_txn_free(t);
    ck_assert_int_eq(n, 3); /* INSERT, BEGIN, ROLLBACK */
    asql_db_set_trace(fx_db, NULL, NULL);
    insert_on(ASQL_ON_DB(fx_db), "untraced");
    ck_assert_int_eq(n, 3);
}
END_TEST

static void hook_done(asql_status st, asql_result *res, void *data)
{
    (void)res;
    (void)data;
    ck_assert(st == ASQL_OK || st == ASQL_ECANCELED); /* a late connection meets the close */
}

static void on_connect_hook(asql_conn *conn, void *data)
{
    int *calls = data;
    (*calls)++;
    if (be->pid_sql)
        ck_assert_ptr_nonnull(asql_conn_native(conn)); /* the driver's handle */
    else
        ck_assert_ptr_null(asql_conn_native(conn)); /* SQLite's stays on its thread */
    asql_stmt *q = asql_text("CREATE TEMP TABLE hooked (x INTEGER)");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_CONN(conn), q, NULL, hook_done, NULL), ASQL_OK);
    asql_stmt_free(q);
    q = asql_text("INSERT INTO hooked VALUES (1)");
    ck_assert_int_eq(asql_execute(NULL, ASQL_ON_CONN(conn), q, NULL, hook_done, NULL), ASQL_OK);
    asql_stmt_free(q);
}

START_TEST(test_on_connect_hook_runs_before_other_work_on_each_connection)
{
    enum { N = 12 };
    asql_db *db;
    int hooks = 0, done = 0;
    fx_done c = {0, ASQL_OK};
    fx_res r[N];
    char url[200];
    memset(r, 0, sizeof(r));
    backend_url(url, sizeof(url));
    ck_assert_int_eq(asql_db_open(&db, fx_loop, url, NULL), ASQL_OK);
    asql_db_set_on_connect(db, on_connect_hook, &hooks);
    ck_assert_int_eq(asql_db_connect(db, fx_done_cb, &c), ASQL_OK);
    asql_stmt *q = asql_text("SELECT count(*) FROM hooked");
    for (int i = 0; i < N; i++) /* queued while connecting; the pool grows for them */
        ck_assert_int_eq(asql_fetch_val(NULL, ASQL_ON_DB(db), q, NULL, 0, fx_row_cb, &r[i]),
                         ASQL_OK);
    asql_stmt_free(q);
    while (done < N) {
        ev_run(fx_loop, EVRUN_ONCE);
        done = 0;
        for (int i = 0; i < N; i++)
            done += r[i].calls;
    }
    ck_assert_int_ge(hooks, 1);
    ck_assert_int_le(hooks, db->n_conns); /* a connection opened late may still be connecting */
    for (int i = 0; i < N; i++) {
        int64_t v;
        ck_assert_int_eq(r[i].calls, 1);
        ck_assert_msg(r[i].status == ASQL_OK, "%s", asql_result_error(r[i].res)->message);
        ck_assert_int_eq(asql_row_int64(r[i].row, 0, &v), ASQL_OK);
        ck_assert_int_eq(v, 1);
        fx_res_free(&r[i]);
    }
    close_db(db);
    ck_assert_int_eq(c.calls, 1);
}
END_TEST

static void trace_sql_cb(const asql_trace *t, void *data)
{
    char *log = data;
    size_t n = strlen(log);
    snprintf(log + n, 512 - n, "%.8s;", t->sql);
}

START_TEST(test_release_sends_rollback_only_when_a_transaction_is_open)
{
    char log[512] = "";
    fx_res r = {0};
    asql_db_set_trace(fx_db, trace_sql_cb, log);
    asql_conn *conn = acquire(fx_db);
    r = exec_text(ASQL_ON_CONN(conn), "SELECT 1");
    fx_res_free(&r);
    asql_conn_release(conn); /* no transaction: no round trip */
    r = exec_text(ASQL_ON_DB(fx_db), "SELECT 2");
    fx_res_free(&r);
    ck_assert_str_eq(log, "SELECT 1;SELECT 2;");
    log[0] = 0;
    conn = acquire(fx_db);
    asql_txn *t = begin_with(ASQL_ON_CONN(conn), NULL);
    asql_conn_release(conn); /* a transaction is open: ROLLBACK before anyone else */
    r = exec_text(ASQL_ON_DB(fx_db), "SELECT 3");
    fx_res_free(&r);
    asql_txn_free(t);
    const char *rollback = strstr(log, "ROLLBACK;"), *after = strstr(log, "SELECT 3;");
    ck_assert_msg(strncmp(log, "BEGIN", 5) == 0 && rollback && after, "%s", log);
    if (be->shared_memory) /* one connection: the rollback runs before anything else on it */
        ck_assert_msg(rollback < after, "%s", log);
    asql_db_set_trace(fx_db, NULL, NULL);
}
END_TEST

static void add_tests(TCase *tc, const backend *b)
{
    tcase_add_test(tc, test_low_level_commit_keeps_and_rollback_discards);
    tcase_add_test(tc, test_nested_transactions_commit_and_roll_back_to_any_depth);
    tcase_add_test(tc, test_transaction_helper_commits_on_success_and_rolls_back_on_failure);
    tcase_add_test(tc, test_force_rollback_database_discards_everything_at_disconnect);
    tcase_add_test(tc, test_force_rollback_transaction_rolls_back_on_commit);
    if (!b->shared_memory)
        tcase_add_test(tc, test_two_connections_do_not_see_each_others_uncommitted_writes);
    tcase_add_test(
        tc, test_operations_submitted_at_once_run_in_order_on_a_connection_and_a_transaction);
    tcase_add_test(tc, test_pool_exhausted_acquire_times_out_and_release_serves_the_queue);
    tcase_add_test(tc, test_disconnect_and_close_complete_every_pending_operation_once);
    tcase_add_test(tc, test_connection_past_max_lifetime_is_replaced_when_idle);
    if (b->kill_sql)
        tcase_add_test(tc, test_broken_connection_is_discarded_and_replaced);
    tcase_add_test(tc, test_every_misuse_fails_with_emisuse_and_leaves_the_state_usable);
    tcase_add_test(tc, test_release_and_free_roll_back_an_open_transaction);
    tcase_add_test(tc, test_close_ends_open_transactions_and_their_handles_stay_freeable);
    tcase_add_test(tc, test_trace_hook_sees_each_statement_without_values);
    tcase_add_test(tc, test_release_sends_rollback_only_when_a_transaction_is_open);
    tcase_add_test(tc, test_on_connect_hook_runs_before_other_work_on_each_connection);
}

int main(void)
{
    return conformance_main(conformance_suite("exec_conformance_txn", add_tests));
}
