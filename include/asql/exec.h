/* SPDX-License-Identifier: MIT */
/*
 * asql/exec.h - running statements asynchronously on a libev loop, and reading their results.
 *
 * A Database (asql_db) is opened on a loop with a URL, then connected. Operations (execute,
 * execute_many, fetch_all, fetch_one, fetch_val, iterate) run on a *target*: the Database (any
 * free pooled connection), a connection acquired from it, or a transaction. Each takes the
 * statement to run (built with asql/expr.h, or raw text from asql_text()) and its parameters,
 * compiles it for the Database's dialect, copies what it needs and returns at once; the callback
 * runs later, on the loop thread.
 *
 * The async contract, for every function below that takes a callback:
 *   - if the call returns an error, the callback never runs;
 *   - if it returns ASQL_OK, the callback runs exactly once, on the loop thread, and never from
 *     inside the call that submitted it (a fast answer is deferred to the next loop turn), also
 *     when the operation is cancelled, times out, the server dies or the Database is closed.
 *
 * The loop thread never blocks: SQLite runs on one worker thread per connection, socket
 * backends use their drivers' non-blocking APIs. This header never includes <ev.h>.
 *
 * Contents: types; the Database (open, connect, disconnect, close); targets; operations;
 * operation handles; connections; transactions; results and rows; the blocking layer.
 */
#ifndef ASQL_EXEC_H
#define ASQL_EXEC_H

#include <stdbool.h>

#include "common.h"
#include "dialect.h"
#include "expr.h"
#include "url.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ev_loop;

/* ---------------------------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------------------------- */

/** A Database: a URL, options and a pool of connections, bound to one event loop. */
typedef struct asql_db asql_db;

/** A connection acquired from a Database's pool (see asql_db_acquire()). */
typedef struct asql_conn asql_conn;

/** A transaction (or a SAVEPOINT inside one) on one connection. */
typedef struct asql_txn asql_txn;

/** A running operation, when its caller asked for a handle to cancel it. */
typedef struct asql_op asql_op;

/**
 * The outcome of an operation: a status, error details, column descriptions, rows (for
 * fetch_all), rows affected and the new key of an INSERT. Reference counted.
 */
typedef struct asql_result asql_result;

/** One row of a result. Borrowed: it lives as long as the result (or the iterate callback). */
typedef struct asql_row asql_row;

/** What an operation runs on. Build one with asql_on_db(), asql_on_conn() or asql_on_txn(). */
typedef enum asql_target_kind {
    ASQL_TARGET_DB = 1,
    ASQL_TARGET_CONN = 2,
    ASQL_TARGET_TXN = 3
} asql_target_kind;

/** A target: a small value passed by copy. Only the constructors below should fill it. */
typedef struct asql_target {
    asql_target_kind kind;
    void *ptr;
} asql_target;

/**
 * Runs when a Database or connection call (connect, disconnect, close, acquire, commit...)
 * finishes. `status` is ASQL_OK or the error; details are in asql_db_last_error().
 */
typedef void (*asql_done_cb)(asql_status status, void *data);

/**
 * Runs when execute, execute_many or fetch_all finishes, and at the end of iterate.
 *
 * @param status  ASQL_OK, or the error (ASQL_ESQL, ASQL_ECANCELED, ASQL_ETIMEOUT, ...).
 * @param res     the result; never NULL. Valid until the callback returns, unless retained
 *                with asql_result_retain(). Its error details: asql_result_error(res).
 */
typedef void (*asql_result_cb)(asql_status status, asql_result *res, void *data);

/**
 * Runs when fetch_one or fetch_val finishes.
 *
 * @param status  ASQL_OK or the error. ASQL_OK with `row` NULL means "no row".
 * @param row     the first row (fetch_one), or a one-column row holding the chosen value
 *                (fetch_val: read it as column 0); NULL when there was no row or on error.
 * @param res     the result (never NULL), as for asql_result_cb.
 */
typedef void (*asql_row_cb)(asql_status status, const asql_row *row, asql_result *res, void *data);

/**
 * Runs for each row of asql_iterate(). `row` is valid only during the call. Return 0 to go
 * on, or nonzero to stop: no further row is delivered and the end callback follows.
 */
typedef int (*asql_iter_cb)(const asql_row *row, void *data);

/* ---------------------------------------------------------------------------------------------
 * The Database
 * ------------------------------------------------------------------------------------------- */

/**
 * Opens a Database on `loop`. Nothing connects yet: call asql_db_connect().
 *
 * @param out   [out] the Database, to close with asql_db_close(); NULL on failure.
 * @param loop  the libev loop every callback will run on. It must outlive the Database.
 * @param url   the URL (see asql/url.h): "sqlite:///file.db", "sqlite:///:memory:",
 *              "postgresql://user:pw@host:port/db?min_size=2". Copied.
 * @param opts  options (ASQL_DB_OPTIONS_INIT, then your changes), or NULL for the defaults;
 *              options in the URL override them. Copied.
 * @return ASQL_OK; ASQL_EINVAL for a bad URL or option (no handle is returned, so the details
 *         are lost: use asql_url_parse() to see them); ASQL_ENOTSUP for a dialect with no
 *         backend built in; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_db_open(asql_db **out, struct ev_loop *loop, const char *url,
                                     const asql_db_options *opts);

/**
 * Connects: opens `min_size` pooled connections (an in-memory SQLite database has exactly one
 * connection, since each connection would see its own database). Idempotent: when already
 * connected the callback runs with ASQL_OK; when a connect is under way it runs when that
 * finishes.
 *
 * @param cb    called with ASQL_OK, or ASQL_ECONNECT (details in asql_db_last_error()).
 *              May be NULL.
 * @return ASQL_OK; ASQL_EMISUSE while disconnecting or closing; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_db_connect(asql_db *db, asql_done_cb cb, void *data);

/**
 * Disconnects: no new operation is accepted (they fail with ASQL_EPOOL), every operation
 * already submitted runs to its end, acquired connections are waited for until released
 * (asql_conn_release()), then every connection is closed. Idempotent: when not
 * connected the callback runs with ASQL_OK. The Database may be connected again afterwards.
 *
 * @param cb  called once everything is closed. May be NULL.
 * @return ASQL_OK; ASQL_EMISUSE while closing; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_db_disconnect(asql_db *db, asql_done_cb cb, void *data);

/**
 * Closes the Database and frees it. Operations still queued complete with ASQL_ECANCELED;
 * running ones are cancelled and complete (with their result or ASQL_ECANCELED); each callback
 * still runs exactly once. Then the connections are closed, `cb` runs, and the memory is freed
 * after `cb` returns. The handle must not be used after this call, except that callbacks of its
 * pending operations may still read their results; acquired connections are closed too, and
 * neither they nor transactions may be used after `cb` (transaction handles must still be freed
 * with asql_txn_free()). May be called from inside any callback.
 *
 * @param db  the Database; NULL is accepted and ignored (then `cb` does not run).
 * @param cb  called once, with ASQL_OK, when everything is closed. May be NULL.
 */
ASQL_EXPORT void asql_db_close(asql_db *db, asql_done_cb cb, void *data);

/**
 * Test isolation (databases' force_rollback): the Database uses a single connection and runs
 * everything inside one transaction that is never committed, rolled back when it disconnects.
 * Transactions begun by the program nest inside it as savepoints. Call it before connecting.
 *
 * @return ASQL_OK; ASQL_EMISUSE when connected or connecting; ASQL_EINVAL for NULL.
 */
ASQL_EXPORT asql_status asql_db_set_force_rollback(asql_db *db, bool on);

/**
 * The on-connect hook: runs on the loop each time a pooled connection has connected, before it
 * serves anything else. Operations the hook submits on ASQL_ON_CONN(conn) run first, in order;
 * then the connection joins the pool. The hook must not keep `conn` after it returns.
 */
typedef void (*asql_connect_hook)(asql_conn *conn, void *data);

/** Installs (or, with NULL, removes) the on-connect hook, for connections opened next. */
ASQL_EXPORT void asql_db_set_on_connect(asql_db *db, asql_connect_hook hook, void *data);

/** The dialect the Database compiles statements for. */
ASQL_EXPORT const asql_dialect *asql_db_dialect(const asql_db *db);

/** The Database's options after the URL was applied. */
ASQL_EXPORT const asql_db_options *asql_db_get_options(const asql_db *db);

/** The URL with the password masked, for logs. Owned by `db`. */
ASQL_EXPORT const char *asql_db_url_masked(const asql_db *db);

/**
 * The details of the last failure reported by `db` (a submission refused, a connect that
 * failed). Owned by `db`; valid until the next call on `db`. status is ASQL_OK when none.
 */
ASQL_EXPORT const asql_error *asql_db_last_error(const asql_db *db);

/* ---------------------------------------------------------------------------------------------
 * Targets
 * ------------------------------------------------------------------------------------------- */

/** The Database as a target: each operation runs on any free pooled connection. */
static inline asql_target asql_on_db(asql_db *db)
{
    asql_target t;
    t.kind = ASQL_TARGET_DB;
    t.ptr = (void *)db;
    return t;
}

/** An acquired connection as a target: its operations run one after another, in order. */
static inline asql_target asql_on_conn(asql_conn *conn)
{
    asql_target t;
    t.kind = ASQL_TARGET_CONN;
    t.ptr = (void *)conn;
    return t;
}

/** A transaction as a target: its operations run on its connection, in order. */
static inline asql_target asql_on_txn(asql_txn *txn)
{
    asql_target t;
    t.kind = ASQL_TARGET_TXN;
    t.ptr = (void *)txn;
    return t;
}

#define ASQL_ON_DB(db) asql_on_db(db)
#define ASQL_ON_CONN(conn) asql_on_conn(conn)
#define ASQL_ON_TXN(txn) asql_on_txn(txn)

/* ---------------------------------------------------------------------------------------------
 * Operations
 *
 * Common to all of them:
 *   out     [out] may be NULL. When given, it receives a handle that belongs to the caller
 *           until asql_op_free(), usable to cancel the operation or set its timeout.
 *   on      the target.
 *   q       the statement, compiled here for the target's dialect. Raw text (asql_text())
 *           takes `:name` parameters. Only read: free it any time after the call returns.
 *   params  values for the named placeholders (may be NULL when there are none); the first
 *           parameter set is used, except by execute_many. Copied: free it after the call.
 *   data    passed back to the callbacks.
 * Returns ASQL_OK (the callback will run exactly once), or, with no callback ever:
 *   ASQL_EINVAL (NULL statement or callback, a statement that does not compile, a missing or
 *   mistyped parameter value: details in asql_db_last_error()), ASQL_ENOTSUP (a construct the
 *   dialect lacks), ASQL_EPOOL (the Database is disconnecting or closed), ASQL_EMISUSE (not
 *   connected, a finished transaction, a released connection), ASQL_ENOMEM.
 * The operation's own timeout is the Database's `command_timeout` (0: none); see
 * asql_op_set_timeout().
 * ------------------------------------------------------------------------------------------- */

/**
 * Runs a statement for its effect. The result has no rows; asql_result_rows_affected() gives
 * the count, and asql_result_insert_id() the new key of an INSERT into a table with an
 * autoincrement key (on every backend). A statement that returns rows is run and its rows
 * discarded.
 */
ASQL_EXPORT asql_status asql_execute(asql_op **out, asql_target on, const asql_stmt *q,
                                     const asql_params *params, asql_result_cb cb, void *data);

/**
 * Runs one statement once per parameter set of `params`, as one batch: atomically (either every
 * set is applied or none) and in one round trip where the backend allows. The result gives the
 * total rows affected, and the key of the last row inserted.
 */
ASQL_EXPORT asql_status asql_execute_many(asql_op **out, asql_target on, const asql_stmt *q,
                                          const asql_params *params, asql_result_cb cb, void *data);

/** Runs a query and collects every row into the result (asql_result_n_rows(), _row()). */
ASQL_EXPORT asql_status asql_fetch_all(asql_op **out, asql_target on, const asql_stmt *q,
                                       const asql_params *params, asql_result_cb cb, void *data);

/**
 * Runs a query for its first row. The callback gets that row, or NULL with ASQL_OK when the
 * query returned no row. Rows after the first are not fetched.
 */
ASQL_EXPORT asql_status asql_fetch_one(asql_op **out, asql_target on, const asql_stmt *q,
                                       const asql_params *params, asql_row_cb cb, void *data);

/**
 * Runs a query for one value: column `column` of the first row. The callback gets a row of
 * exactly one column (index 0) holding that value, or NULL with ASQL_OK when there was no row.
 * A column index past the end completes with ASQL_ENOTFOUND.
 */
ASQL_EXPORT asql_status asql_fetch_val(asql_op **out, asql_target on, const asql_stmt *q,
                                       const asql_params *params, int column, asql_row_cb cb,
                                       void *data);

/** asql_fetch_val() by column name (the first column of that name); `name` is copied. */
ASQL_EXPORT asql_status asql_fetch_val_by_name(asql_op **out, asql_target on, const asql_stmt *q,
                                               const asql_params *params, const char *name,
                                               asql_row_cb cb, void *data);

/**
 * Streams the rows of a query: `row_cb` runs for each row, in order (rows arrive in batches,
 * without holding the whole result), then `end_cb` runs exactly once with the final status:
 * ASQL_OK when every row was delivered or `row_cb` asked to stop, or the error. `row_cb` never
 * runs after it asked to stop, nor after a cancel.
 */
ASQL_EXPORT asql_status asql_iterate(asql_op **out, asql_target on, const asql_stmt *q,
                                     const asql_params *params, asql_iter_cb row_cb,
                                     asql_result_cb end_cb, void *data);

/* ---------------------------------------------------------------------------------------------
 * Operation handles
 * ------------------------------------------------------------------------------------------- */

/**
 * Cancels the operation: a queued one completes with ASQL_ECANCELED; a running one is
 * interrupted and completes with ASQL_ECANCELED (or with its result, when it finished first).
 * The callback still runs exactly once, never from inside this call. Harmless on a finished
 * operation.
 *
 * @return ASQL_OK; ASQL_EINVAL for NULL.
 */
ASQL_EXPORT asql_status asql_op_cancel(asql_op *op);

/**
 * Sets the operation's timeout in seconds (0: none), counted from now. When it expires the
 * operation is cancelled and completes with ASQL_ETIMEOUT. Harmless on a finished operation.
 *
 * @return ASQL_OK; ASQL_EINVAL for NULL or a negative or non-finite timeout.
 */
ASQL_EXPORT asql_status asql_op_set_timeout(asql_op *op, double seconds);

/** True once the operation's callback has run (or is running). */
ASQL_EXPORT bool asql_op_done(const asql_op *op);

/**
 * Releases the handle. It does not cancel the operation: its callback still runs. Accepts
 * NULL. May be called from inside the operation's own callback.
 */
ASQL_EXPORT void asql_op_free(asql_op *op);

/* ---------------------------------------------------------------------------------------------
 * Connections: one pooled connection for work that must share it. Its operations run one after
 * another, in submission order, however many are submitted at once.
 *
 * The pool: asql_db_connect() opens `min_size` connections; while every one is busy and work is
 * queued, the pool opens more, one at a time, up to `max_size`. Waiters (asql_db_acquire() and
 * operations on the Database) are served in submission order. A connection found broken (the
 * server ended it) is discarded, and a new one is opened when work needs it. When opening one
 * fails, the next attempt waits: 50 ms, doubling up to 2 s, until one succeeds; operations
 * waiting meanwhile stay queued while another connection is alive, and fail with ASQL_ECONNECT
 * when none is. A connection older than `max_lifetime` (counted from its connect) is closed
 * when it next becomes idle, never while acquired or inside a transaction; not under
 * force_rollback, nor the one connection of an in-memory SQLite database.
 * ------------------------------------------------------------------------------------------- */

/**
 * Runs when asql_db_acquire() finishes.
 *
 * @param status  ASQL_OK; ASQL_ETIMEOUT after the `acquire_timeout` option; ASQL_ECANCELED when
 *                the Database closed first; ASQL_ECONNECT when no connection could be opened.
 * @param conn    the connection (NULL on failure). It belongs to the caller until
 *                asql_conn_release().
 */
typedef void (*asql_conn_cb)(asql_status status, asql_conn *conn, void *data);

/**
 * Takes a connection out of the pool for the caller's exclusive use. Requests are served in
 * order with the Database's other queued operations; the pool grows up to `max_size`.
 *
 * @return ASQL_OK (the callback will run once); ASQL_EMISUSE when not connected; ASQL_EPOOL
 *         while disconnecting or closing; ASQL_EINVAL; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_db_acquire(asql_db *db, asql_conn_cb cb, void *data);

/**
 * Gives the connection back to the pool. Operations already submitted on it still run first;
 * new ones are refused (ASQL_EMISUSE). When a transaction is still open on it (tracked locally,
 * with no round trip) it is rolled back before the connection serves anyone else. A
 * transaction begun on it must not be used afterwards. Accepts NULL.
 */
ASQL_EXPORT void asql_conn_release(asql_conn *conn);

/**
 * The driver's own handle: a `PGconn *` for PostgreSQL, to use only while no operation runs on
 * the connection; NULL for SQLite, whose handle belongs to the connection's worker thread.
 */
ASQL_EXPORT void *asql_conn_native(asql_conn *conn);

/** True while a transaction (or savepoint) is open on the connection, as tracked locally. */
ASQL_EXPORT bool asql_conn_in_transaction(const asql_conn *conn);

/* ---------------------------------------------------------------------------------------------
 * Transactions. A transaction begun on the Database takes a connection for itself (released
 * when it ends); one begun on a connection uses that connection; one begun on a transaction is
 * a SAVEPOINT inside it, to any depth. Operations on a transaction run on its connection, in
 * order. On SQLite a transaction starts with BEGIN IMMEDIATE (it takes the write lock at once,
 * so that two writers never deadlock on upgrading), or BEGIN DEFERRED when read-only.
 * ------------------------------------------------------------------------------------------- */

/**
 * Options of asql_txn_begin(). Versioned: start from ASQL_TXN_OPTIONS_INIT. Version 1 structs
 * (without force_rollback) are still accepted.
 */
typedef struct asql_txn_options {
    unsigned version;
    asql_isolation isolation; /* ASQL_ISOLATION_DEFAULT: the Database's `isolation` option */
    int read_only;
    /* Version 2. Test isolation for this one transaction (databases' transaction(force_rollback=
     * True)): asql_txn_commit() rolls it back instead, and reports ASQL_OK. Applies at any depth
     * (a savepoint so marked is rolled back to on commit). */
    int force_rollback;
} asql_txn_options;

#define ASQL_TXN_OPTIONS_VERSION 2
#define ASQL_TXN_OPTIONS_INIT                                                                      \
    {                                                                                              \
        ASQL_TXN_OPTIONS_VERSION, ASQL_ISOLATION_DEFAULT, 0, 0                                     \
    }

/**
 * Runs when asql_txn_begin() finishes. On failure `txn` is NULL and nothing is left to free.
 * On ASQL_OK the handle belongs to the caller until asql_txn_free().
 */
typedef void (*asql_txn_cb)(asql_status status, asql_txn *txn, void *data);

/**
 * Begins a transaction on `on` (a Database, a connection, or a transaction for a savepoint).
 * Isolation and read-only apply to an outermost transaction only (a savepoint inherits them);
 * force_rollback applies at any depth.
 *
 * @param opts  NULL for the defaults.
 * @return ASQL_OK (the callback will run once); ASQL_EMISUSE for a finished or ending
 *         transaction, a released connection, or a Database that is not connected; ASQL_EPOOL;
 *         ASQL_EINVAL; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_txn_begin(asql_target on, const asql_txn_options *opts, asql_txn_cb cb,
                                       void *data);

/**
 * Commits (RELEASE for a savepoint). If COMMIT fails, the transaction is rolled back and the
 * callback gets the commit's error. Either way the transaction has ended when the callback runs.
 *
 * @return ASQL_OK (the callback will run once); ASQL_EMISUSE when the transaction has ended or
 *         is ending, or a transaction begun inside it is still open; ASQL_EINVAL; ASQL_ENOMEM.
 */
ASQL_EXPORT asql_status asql_txn_commit(asql_txn *txn, asql_done_cb cb, void *data);

/** Rolls back (to the savepoint, for a nested one); as asql_txn_commit(). */
ASQL_EXPORT asql_status asql_txn_rollback(asql_txn *txn, asql_done_cb cb, void *data);

/** True until the transaction has ended (committed, rolled back, or failed to begin). */
ASQL_EXPORT bool asql_txn_is_open(const asql_txn *txn);

/** Nesting depth: 1 for an outermost transaction, 2 for a savepoint inside it, ... */
ASQL_EXPORT int asql_txn_depth(const asql_txn *txn);

/**
 * Releases the handle. A transaction still open is rolled back first (in the background), and
 * so are the transactions begun inside it. Accepts NULL.
 */
ASQL_EXPORT void asql_txn_free(asql_txn *txn);

/**
 * The body of asql_transaction(): runs inside the open transaction, submits its work on
 * ASQL_ON_TXN(txn), and calls asql_txn_done() exactly once when that work has finished.
 */
typedef void (*asql_txn_body)(asql_txn *txn, void *data);

/**
 * Runs `body` inside a transaction begun on `on`, then commits when the body reports ASQL_OK to
 * asql_txn_done(), or rolls back otherwise. The transaction handle is freed by the helper.
 *
 * @param cb  called once: with the body's status when it failed (after the rollback), else with
 *            the commit's (ASQL_OK when committed), or with the begin's error (then the body
 *            never ran). May be NULL.
 * @return as asql_txn_begin().
 */
ASQL_EXPORT asql_status asql_transaction(asql_target on, const asql_txn_options *opts,
                                         asql_txn_body body, asql_done_cb cb, void *data);

/**
 * Ends the body of asql_transaction(): ASQL_OK commits, any other status rolls back.
 *
 * @return ASQL_OK; ASQL_EMISUSE for a transaction not run by asql_transaction(), or a second
 *         call.
 */
ASQL_EXPORT asql_status asql_txn_done(asql_txn *txn, asql_status status);

/* ---------------------------------------------------------------------------------------------
 * Tracing
 * ------------------------------------------------------------------------------------------- */

/** What the trace hook learns of each finished statement. Never a bound value. */
typedef struct asql_trace {
    const char *sql;   /* the SQL text as sent, with placeholders */
    int n_params;      /* parameters per set */
    size_t n_sets;     /* parameter sets (execute_many) */
    double duration_s; /* from the start of its execution to its completion */
    asql_status status;
} asql_trace;

/** The trace hook: called on the loop thread after each statement finishes. */
typedef void (*asql_trace_cb)(const asql_trace *trace, void *data);

/** Installs (or, with NULL, removes) the trace hook of `db`, for the operations started next. */
ASQL_EXPORT void asql_db_set_trace(asql_db *db, asql_trace_cb cb, void *data);

/* ---------------------------------------------------------------------------------------------
 * Results
 * ------------------------------------------------------------------------------------------- */

/** Keeps `res` alive after its callback returns; release it with asql_result_free(). */
ASQL_EXPORT asql_result *asql_result_retain(asql_result *res);

/**
 * Releases one asql_result_retain() (or the reference a blocking call handed out). Accepts
 * NULL. Calling it on a result that was never retained is harmless.
 */
ASQL_EXPORT void asql_result_free(asql_result *res);

/** The operation's status: ASQL_OK or the error it completed with. */
ASQL_EXPORT asql_status asql_result_status(const asql_result *res);

/** The error details (status ASQL_OK when none). Owned by `res`. */
ASQL_EXPORT const asql_error *asql_result_error(const asql_result *res);

/** Rows changed by execute (total over all sets for execute_many); 0 for queries. */
ASQL_EXPORT int64_t asql_result_rows_affected(const asql_result *res);

/**
 * The key generated by an INSERT into a table with an autoincrement key.
 *
 * @param out  [out] the key.
 * @return ASQL_OK; ASQL_ENOTFOUND when the statement produced none.
 */
ASQL_EXPORT asql_status asql_result_insert_id(const asql_result *res, int64_t *out);

/** The number of result columns (0 for statements without rows). */
ASQL_EXPORT int asql_result_n_columns(const asql_result *res);

/** The name of column `i` as the server reports it (duplicates kept); NULL when out of range. */
ASQL_EXPORT const char *asql_result_column_name(const asql_result *res, int i);

/**
 * The server-reported type of column `i` ("INTEGER", "int4", "timestamptz"; SQLite reports the
 * declared type of a table column and "" for an expression); NULL when out of range.
 */
ASQL_EXPORT const char *asql_result_column_server_type(const asql_result *res, int i);

/**
 * The type values of column `i` are read with: the statement's declared type where the compiler
 * knows it, else one derived from the server's type; ASQL_TYPE_UNKNOWN when neither says.
 */
ASQL_EXPORT asql_type_kind asql_result_column_kind(const asql_result *res, int i);

/** The index of the first column called `name`, or -1. */
ASQL_EXPORT int asql_result_column_index(const asql_result *res, const char *name);

/** The number of rows held (fetch_all; 0 or 1 for fetch_one; 0 for iterate's end result). */
ASQL_EXPORT size_t asql_result_n_rows(const asql_result *res);

/** Row `i`, or NULL when out of range. Borrowed from `res`. */
ASQL_EXPORT const asql_row *asql_result_row(const asql_result *res, size_t i);

/* ---------------------------------------------------------------------------------------------
 * Rows
 *
 * Every getter comes in three forms: by column index (`col`, 0-based), by column name (`name`,
 * the first column of that name) and by column object (`column`, the declared table column the
 * statement selected; for raw SQL the one result column of the same name). Each returns:
 *   ASQL_OK and the value in `out`;
 *   ASQL_ENULL when the value is NULL (`out` untouched);
 *   ASQL_ETYPE when the value has another type;
 *   ASQL_ERANGE when it does not fit `out`;
 *   ASQL_ENOTFOUND for no such column; ASQL_EINVAL for a NULL argument.
 * Values are read by the statement's declared types, so each backend reads the same value back
 * the same way (a BOOLEAN stored as 0/1 reads as bool; a DATETIME stored as text reads as a
 * date/time). Strings and blobs are borrowed from the row's result.
 * ------------------------------------------------------------------------------------------- */

/** The number of columns of the row. */
ASQL_EXPORT int asql_row_n_columns(const asql_row *row);

/** The index of column `name` in the row (the first of that name), or -1. */
ASQL_EXPORT int asql_row_column_index(const asql_row *row, const char *name);

/** The index of the result column selected from `column`, or -1. */
ASQL_EXPORT int asql_row_column_index_of(const asql_row *row, const asql_column *column);

/** True when the value of column `col` is NULL (false also for no such column). */
ASQL_EXPORT bool asql_row_is_null(const asql_row *row, int col);

/** A signed 64-bit integer; an exact numeric that is integral also reads as one. */
ASQL_EXPORT asql_status asql_row_int64(const asql_row *row, int col, int64_t *out);
/** asql_row_int64() by name. */
ASQL_EXPORT asql_status asql_row_int64_by_name(const asql_row *row, const char *name, int64_t *out);
/** asql_row_int64() by column object. */
ASQL_EXPORT asql_status asql_row_int64_by_col(const asql_row *row, const asql_column *column,
                                              int64_t *out);

/** An unsigned 64-bit integer; a negative value gives ASQL_ERANGE. */
ASQL_EXPORT asql_status asql_row_uint64(const asql_row *row, int col, uint64_t *out);
/** asql_row_uint64() by name. */
ASQL_EXPORT asql_status asql_row_uint64_by_name(const asql_row *row, const char *name,
                                                uint64_t *out);
/** asql_row_uint64() by column object. */
ASQL_EXPORT asql_status asql_row_uint64_by_col(const asql_row *row, const asql_column *column,
                                               uint64_t *out);

/** A double; integers and exact numerics convert (possibly rounding). */
ASQL_EXPORT asql_status asql_row_double(const asql_row *row, int col, double *out);
/** asql_row_double() by name. */
ASQL_EXPORT asql_status asql_row_double_by_name(const asql_row *row, const char *name, double *out);
/** asql_row_double() by column object. */
ASQL_EXPORT asql_status asql_row_double_by_col(const asql_row *row, const asql_column *column,
                                               double *out);

/** A boolean: any integer 0 or 1 reads as false or true; another integer is ASQL_ERANGE. */
ASQL_EXPORT asql_status asql_row_bool(const asql_row *row, int col, bool *out);
/** asql_row_bool() by name. */
ASQL_EXPORT asql_status asql_row_bool_by_name(const asql_row *row, const char *name, bool *out);
/** asql_row_bool() by column object. */
ASQL_EXPORT asql_status asql_row_bool_by_col(const asql_row *row, const asql_column *column,
                                             bool *out);

/**
 * Text (also NUMERIC as its exact text and JSON). `*out` is NUL-terminated, and `len` (may be
 * NULL) receives its length, which counts any NUL bytes inside.
 */
ASQL_EXPORT asql_status asql_row_text(const asql_row *row, int col, const char **out, size_t *len);
/** asql_row_text() by name. */
ASQL_EXPORT asql_status asql_row_text_by_name(const asql_row *row, const char *name,
                                              const char **out, size_t *len);
/** asql_row_text() by column object. */
ASQL_EXPORT asql_status asql_row_text_by_col(const asql_row *row, const asql_column *column,
                                             const char **out, size_t *len);

/** Bytes of a BLOB (text values read as their bytes too). `len` receives the size. */
ASQL_EXPORT asql_status asql_row_blob(const asql_row *row, int col, const void **out, size_t *len);
/** asql_row_blob() by name. */
ASQL_EXPORT asql_status asql_row_blob_by_name(const asql_row *row, const char *name,
                                              const void **out, size_t *len);
/** asql_row_blob() by column object. */
ASQL_EXPORT asql_status asql_row_blob_by_col(const asql_row *row, const asql_column *column,
                                             const void **out, size_t *len);

/**
 * A DATE, TIME or DATETIME (see asql_datetime in asql/common.h). A value with a time zone is
 * normalised to UTC (offset_s 0). Text that is not a date/time gives ASQL_ETYPE.
 */
ASQL_EXPORT asql_status asql_row_datetime(const asql_row *row, int col, asql_datetime *out);
/** asql_row_datetime() by name. */
ASQL_EXPORT asql_status asql_row_datetime_by_name(const asql_row *row, const char *name,
                                                  asql_datetime *out);
/** asql_row_datetime() by column object. */
ASQL_EXPORT asql_status asql_row_datetime_by_col(const asql_row *row, const asql_column *column,
                                                 asql_datetime *out);

/**
 * An exact NUMERIC as decimal text ("-12.50"); integers read as their digits. SQLite keeps no
 * exact decimals: there a NUMERIC column holds an integer or a double, given back as text.
 */
ASQL_EXPORT asql_status asql_row_numeric(const asql_row *row, int col, const char **out,
                                         size_t *len);
/** asql_row_numeric() by name. */
ASQL_EXPORT asql_status asql_row_numeric_by_name(const asql_row *row, const char *name,
                                                 const char **out, size_t *len);
/** asql_row_numeric() by column object. */
ASQL_EXPORT asql_status asql_row_numeric_by_col(const asql_row *row, const asql_column *column,
                                                const char **out, size_t *len);

/** JSON as its text. */
ASQL_EXPORT asql_status asql_row_json(const asql_row *row, int col, const char **out, size_t *len);
/** asql_row_json() by name. */
ASQL_EXPORT asql_status asql_row_json_by_name(const asql_row *row, const char *name,
                                              const char **out, size_t *len);
/** asql_row_json() by column object. */
ASQL_EXPORT asql_status asql_row_json_by_col(const asql_row *row, const asql_column *column,
                                             const char **out, size_t *len);

/** A UUID as 16 bytes in network order (from a 16-byte blob or the 36/32-character text). */
ASQL_EXPORT asql_status asql_row_uuid(const asql_row *row, int col, unsigned char out[16]);
/** asql_row_uuid() by name. */
ASQL_EXPORT asql_status asql_row_uuid_by_name(const asql_row *row, const char *name,
                                              unsigned char out[16]);
/** asql_row_uuid() by column object. */
ASQL_EXPORT asql_status asql_row_uuid_by_col(const asql_row *row, const asql_column *column,
                                             unsigned char out[16]);

/* ---------------------------------------------------------------------------------------------
 * The blocking layer: for tools, tests and simple programs. It runs the same asynchronous core
 * on a private loop owned by the Database, and returns when the operation has completed. Use it
 * only on a Database opened with asql_blocking_open().
 * ------------------------------------------------------------------------------------------- */

/**
 * Opens a Database on a private loop and connects it.
 *
 * @param out  [out] the Database, to close with asql_blocking_close(); NULL on failure.
 * @param err  [out] details on failure (may be NULL).
 * @return ASQL_OK; the errors of asql_db_open() and asql_db_connect().
 */
ASQL_EXPORT asql_status asql_blocking_open(asql_db **out, const char *url,
                                           const asql_db_options *opts, asql_error *err);

/** Closes a Database opened by asql_blocking_open() and its private loop. Accepts NULL. */
ASQL_EXPORT void asql_blocking_close(asql_db *db);

/**
 * asql_execute(), waiting for it.
 *
 * @param out  [out] the result (may be NULL), to release with asql_result_free(); it is set
 *             on failure too when the operation ran, with the error details.
 * @return the operation's status.
 */
ASQL_EXPORT asql_status asql_blocking_execute(asql_result **out, asql_target on, const asql_stmt *q,
                                              const asql_params *params);

/** asql_execute_many(), waiting for it; as asql_blocking_execute(). */
ASQL_EXPORT asql_status asql_blocking_execute_many(asql_result **out, asql_target on,
                                                   const asql_stmt *q, const asql_params *params);

/** asql_fetch_all(), waiting for it; as asql_blocking_execute(). */
ASQL_EXPORT asql_status asql_blocking_fetch_all(asql_result **out, asql_target on,
                                                const asql_stmt *q, const asql_params *params);

/**
 * asql_fetch_one(), waiting for it. On ASQL_OK the result holds the row:
 * asql_result_row(*out, 0). When the query returned no row the result holds none and the
 * return is ASQL_ENOTFOUND.
 */
ASQL_EXPORT asql_status asql_blocking_fetch_one(asql_result **out, asql_target on,
                                                const asql_stmt *q, const asql_params *params);

#ifdef __cplusplus
}
#endif

#endif /* ASQL_EXEC_H */
