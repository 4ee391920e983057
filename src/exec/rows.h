/* SPDX-License-Identifier: MIT */
/*
 * rows.h - how rows travel from a backend to the caller: cells in batches (built on whichever
 * thread reads them, handed over whole), column descriptions, and the result and row objects
 * behind the public getters. Also the text forms of dates, times and UUIDs shared by backends.
 */
#ifndef ASQL_EXEC_ROWS_H
#define ASQL_EXEC_ROWS_H

#include <string.h>

#include "expr/value.h" /* UUID text forms */
#include "exec/internal.h"

/* The storage class of one value, as SQLite has them; socket backends map their types here. */
enum {
    ASQL__RCELL_NULL = 0,
    ASQL__RCELL_INT,
    ASQL__RCELL_REAL,
    ASQL__RCELL_TEXT,
    ASQL__RCELL_BLOB
};

typedef struct asql__rcell {
    unsigned char tag;
    union {
        int64_t i;
        double f;
        struct {
            size_t off; /* into the batch's bytes, which may move while it grows */
            size_t len;
        } b;
    } u;
} asql__rcell;

/* Rows of one result, n_cols cells each; text and blob bytes (each followed by a NUL) in one
 * buffer. A batch is built by one thread and then handed over; it is never shared. Cells and
 * bytes may sit in the batch's own allocation (asql__batch_new_sized(), one malloc for a batch
 * whose size is known) or in separate ones once they outgrow it; heap_* says which. */
typedef struct asql__batch {
    struct asql__batch *next;
    int n_cols;
    size_t n_rows, cap_rows;
    asql__rcell *cells;
    char *bytes;
    size_t n_bytes, cap_bytes;
    unsigned char heap_cells, heap_bytes;
} asql__batch;

asql__batch *asql__batch_new(int n_cols);
/* A batch with room for `rows` rows and `bytes` bytes of text and blobs, in one allocation. */
asql__batch *asql__batch_new_sized(int n_cols, size_t rows, size_t bytes);
void asql__batch_free(asql__batch *b); /* frees b and every batch chained after it */
/* Appends a row of NULLs; ASQL_ENOMEM. The setters below fill the last row. */
asql_status asql__batch_add_row(asql__batch *b);
void asql__batch_set_int(asql__batch *b, int col, int64_t v);
void asql__batch_set_real(asql__batch *b, int col, double v);
asql_status asql__batch_set_bytes(asql__batch *b, int col, int tag, const void *p, size_t len);
/* Bytes held, to decide when to hand a batch over. */
size_t asql__batch_weight(const asql__batch *b);

/* Room for exactly `rows` rows (never less than the rows held); ASQL_ENOMEM. */
asql_status asql__batch_reserve(asql__batch *b, size_t rows);
/* Room for `more` bytes after those held; ASQL_ENOMEM. */
asql_status asql__batch_reserve_bytes(asql__batch *b, size_t more);

/* The fast path of a backend that reads a whole row at once (sqlite.c): appends a row whose
 * cells are left unset, so the caller must set every one (tag included), and returns it; NULL
 * when out of memory. Cheaper than add_row, which clears the row first. */
static inline asql__rcell *asql__batch_push_row(asql__batch *b)
{
    if (b->n_rows == b->cap_rows && asql__batch_reserve(b, b->cap_rows ? b->cap_rows * 2 : 16))
        return NULL;
    return b->cells + b->n_rows++ * (size_t)(b->n_cols > 0 ? b->n_cols : 1);
}

/* Copies `len` bytes and a NUL into the batch and points cell `c` (of a row already pushed) at
 * them; ASQL_ENOMEM. The buffer grows only when the value does not fit. */
static inline asql_status asql__batch_put_bytes(asql__batch *b, asql__rcell *c, int tag,
                                                const void *p, size_t len)
{
    if (len >= b->cap_bytes - b->n_bytes && asql__batch_reserve_bytes(b, len + 1) != ASQL_OK)
        return ASQL_ENOMEM;
    char *dst = b->bytes + b->n_bytes;
    if (len)
        memcpy(dst, p, len);
    dst[len] = 0;
    c->tag = (unsigned char)tag;
    c->u.b.off = b->n_bytes;
    c->u.b.len = len;
    b->n_bytes += len + 1;
    return ASQL_OK;
}

/* Result column descriptions. `kinds` is the declared type where known, else derived from the
 * server type; `cols` the declared table column behind each one, or NULL. The struct and its
 * arrays are one allocation; the strings are separate ones, except in a packed copy
 * (asql__colinfo_clone), where they follow the arrays in the same allocation. */
typedef struct asql__colinfo {
    int n;
    int packed;
    size_t size; /* of the allocation, when packed */
    char **names;
    char **server_types;
    asql_type_kind *kinds;
    const asql_column **cols;
} asql__colinfo;

asql__colinfo *asql__colinfo_new(int n);
/* Copies name and server type of column i; ASQL_ENOMEM. Not for a packed copy. */
asql_status asql__colinfo_set(asql__colinfo *c, int i, const char *name, const char *server_type);
/* A copy of `c` in a single allocation (packed); NULL when out of memory. */
asql__colinfo *asql__colinfo_clone(const asql__colinfo *c);
void asql__colinfo_free(asql__colinfo *c);
/* The type kind a server type name suggests ("BOOLEAN", "timestamptz", "VARCHAR(10)"...). */
asql_type_kind asql__kind_from_server_type(const char *server_type);

struct asql_row {
    const asql_result *res;
    const asql__colinfo *cols;
    const asql__batch *b;
    size_t idx;
};

struct asql_result {
    int refs;  /* asql_result_retain() calls not yet released */
    int in_cb; /* the core still holds it (during the callback) */
    asql_status status;
    asql_error err;
    asql__colinfo *cols;
    asql__batch *batches, *last;
    asql_row *rows; /* `row0` while at most one row: a fetch_one needs no index allocation */
    size_t n_rows, cap_rows;
    asql_row row0;
    int64_t rows_affected;
    int64_t insert_id;
    int has_insert_id;
};

asql_result *asql__result_new(void);
/* Takes ownership of a batch and indexes its rows; ASQL_ENOMEM (the batch is then freed). */
asql_status asql__result_add_batch(asql_result *res, asql__batch *b);
/* Drops the core's hold after the callback returned; frees unless retained. */
void asql__result_release(asql_result *res);

/* Text forms. Parsing accepts "YYYY-MM-DD", "HH:MM[:SS[.ffffff]]" and a date and time joined by
 * ' ' or 'T' with an optional "Z" or "+HH[:MM]" offset (normalised to UTC). 0 on success. */
int asql__parse_datetime(const char *s, size_t len, asql_datetime *out);
/* Writes DATE "YYYY-MM-DD", TIME "HH:MM:SS.ffffff" or DATETIME "YYYY-MM-DD HH:MM:SS.ffffff";
 * returns the length. buf holds at least ASQL__DT_BUF bytes. */
#define ASQL__DT_BUF 48
size_t asql__format_datetime(asql_type_kind kind, asql_datetime v, char *buf);

#endif /* ASQL_EXEC_ROWS_H */
