/* SPDX-License-Identifier: MIT */
/*
 * result.c - batches of rows, column descriptions, results and the typed row getters. Values
 * are read by the column's declared (or server-derived) type, so that every backend reads the
 * same value back the same way. No I/O and no backend knowledge beyond the cell storage classes.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec/rows.h"

/* ---- batches --------------------------------------------------------------------------- */

asql__batch *asql__batch_new(int n_cols)
{
    return asql__batch_new_sized(n_cols, 0, 0);
}

/* Header, cells and bytes in one block: the header's size keeps the cells aligned. */
asql__batch *asql__batch_new_sized(int n_cols, size_t rows, size_t bytes)
{
    size_t per_row = (size_t)(n_cols > 0 ? n_cols : 1) * sizeof(asql__rcell);
    if (rows > (SIZE_MAX - sizeof(asql__batch) - bytes) / per_row)
        return NULL;
    asql__batch *b = asql__malloc(sizeof(*b) + rows * per_row + bytes);
    if (!b)
        return NULL;
    memset(b, 0, sizeof(*b));
    b->n_cols = n_cols;
    b->cells = rows ? (asql__rcell *)(b + 1) : NULL;
    b->cap_rows = rows;
    b->bytes = bytes ? (char *)(b + 1) + rows * per_row : NULL;
    b->cap_bytes = bytes;
    return b;
}

/* Batches of one result are chained, so one call frees them all. */
void asql__batch_free(asql__batch *b)
{
    while (b) {
        asql__batch *next = b->next;
        if (b->heap_cells)
            asql__free(b->cells);
        if (b->heap_bytes)
            asql__free(b->bytes);
        asql__free(b);
        b = next;
    }
}

/* Storage inside the batch's own block cannot be resized: the first growth moves it out. */
static void *grow(void *p, int *heap, size_t used, size_t size)
{
    if (*heap)
        return asql__realloc(p, size);
    char *n = asql__malloc(size);
    if (n && used)
        memcpy(n, p, used);
    if (n)
        *heap = 1;
    return n;
}

asql_status asql__batch_reserve(asql__batch *b, size_t rows)
{
    size_t per_row = (size_t)(b->n_cols > 0 ? b->n_cols : 1) * sizeof(asql__rcell);
    int heap = b->heap_cells;
    if (rows < b->n_rows)
        rows = b->n_rows;
    if (rows == 0 || rows > SIZE_MAX / per_row)
        return rows == 0 ? ASQL_OK : ASQL_ENOMEM;
    asql__rcell *c = grow(b->cells, &heap, b->n_rows * per_row, rows * per_row);
    if (!c)
        return ASQL_ENOMEM;
    b->cells = c;
    b->heap_cells = (unsigned char)heap;
    b->cap_rows = rows;
    return ASQL_OK;
}

/* Doubles, so that appending many values costs amortised constant time. */
asql_status asql__batch_reserve_bytes(asql__batch *b, size_t more)
{
    size_t cap = b->cap_bytes ? b->cap_bytes : 256;
    int heap = b->heap_bytes;
    if (more > SIZE_MAX / 2 - b->n_bytes)
        return ASQL_ENOMEM;
    if (more <= b->cap_bytes - b->n_bytes)
        return ASQL_OK;
    while (cap - b->n_bytes < more)
        cap *= 2;
    char *n = grow(b->bytes, &heap, b->n_bytes, cap);
    if (!n)
        return ASQL_ENOMEM;
    b->bytes = n;
    b->heap_bytes = (unsigned char)heap;
    b->cap_bytes = cap;
    return ASQL_OK;
}

/* Rows grow by doubling; every cell of a new row starts as NULL. */
asql_status asql__batch_add_row(asql__batch *b)
{
    size_t n = (size_t)(b->n_cols > 0 ? b->n_cols : 1);
    asql__rcell *row = asql__batch_push_row(b);
    if (!row)
        return ASQL_ENOMEM;
    memset(row, 0, n * sizeof(asql__rcell));
    return ASQL_OK;
}

static asql__rcell *last_cell(asql__batch *b, int col)
{
    return b->cells + (b->n_rows - 1) * (size_t)b->n_cols + col;
}

void asql__batch_set_int(asql__batch *b, int col, int64_t v)
{
    asql__rcell *c = last_cell(b, col);
    c->tag = ASQL__RCELL_INT;
    c->u.i = v;
}

void asql__batch_set_real(asql__batch *b, int col, double v)
{
    asql__rcell *c = last_cell(b, col);
    c->tag = ASQL__RCELL_REAL;
    c->u.f = v;
}

/* Appends bytes and a NUL to the batch's buffer, so that text can be handed out as a C string. */
asql_status asql__batch_set_bytes(asql__batch *b, int col, int tag, const void *p, size_t len)
{
    return asql__batch_put_bytes(b, last_cell(b, col), tag, p, len);
}

size_t asql__batch_weight(const asql__batch *b)
{
    return b->n_bytes + b->n_rows * (size_t)b->n_cols * sizeof(asql__rcell);
}

/* ---- column descriptions --------------------------------------------------------------- */

/* The arrays follow the struct in one allocation, pointers first so that each stays aligned. */
static asql__colinfo *colinfo_alloc(int n, size_t extra)
{
    size_t k = (size_t)(n > 0 ? n : 1);
    size_t arrays = k * (2 * sizeof(char *) + sizeof(asql_column *)) + k * sizeof(asql_type_kind);
    asql__colinfo *c = asql__malloc(sizeof(*c) + arrays + extra);
    if (!c)
        return NULL;
    memset(c, 0, sizeof(*c) + arrays);
    c->n = n;
    c->names = (char **)(c + 1);
    c->server_types = c->names + k;
    c->cols = (const asql_column **)(c->server_types + k);
    c->kinds = (asql_type_kind *)(c->cols + k);
    return c;
}

asql__colinfo *asql__colinfo_new(int n)
{
    return colinfo_alloc(n, 0);
}

asql_status asql__colinfo_set(asql__colinfo *c, int i, const char *name, const char *server_type)
{
    c->names[i] = asql__exec_strdup(name ? name : "");
    c->server_types[i] = asql__exec_strdup(server_type ? server_type : "");
    if (!c->names[i] || !c->server_types[i])
        return ASQL_ENOMEM;
    if (c->kinds[i] == ASQL_TYPE_UNKNOWN)
        c->kinds[i] = asql__kind_from_server_type(server_type);
    return ASQL_OK;
}

/* One allocation for what a backend hands over per query: SQLite keeps a packed description
 * of each cached statement and sends each query a copy, which costs one malloc, one memcpy and
 * the moving of the string pointers. */
asql__colinfo *asql__colinfo_clone(const asql__colinfo *src)
{
    asql__colinfo *c;
    if (src->packed) {
        if (!(c = asql__malloc(src->size)))
            return NULL;
        memcpy(c, src, src->size);
        c->names = (char **)(c + 1);
        c->server_types = c->names + (src->server_types - src->names);
        c->cols = (const asql_column **)((char *)c + ((const char *)src->cols - (const char *)src));
        c->kinds = (asql_type_kind *)((char *)c + ((const char *)src->kinds - (const char *)src));
        for (int i = 0; i < c->n; i++) {
            c->names[i] = (char *)c + (src->names[i] - (const char *)src);
            c->server_types[i] = (char *)c + (src->server_types[i] - (const char *)src);
        }
        return c;
    }
    size_t strings = 0;
    for (int i = 0; i < src->n; i++)
        strings += strlen(src->names[i]) + strlen(src->server_types[i]) + 2;
    if (!(c = colinfo_alloc(src->n, strings)))
        return NULL;
    char *p = (char *)(c->kinds + (src->n > 0 ? src->n : 1));
    c->packed = 1;
    c->size = (size_t)(p - (char *)c) + strings;
    for (int i = 0; i < src->n; i++) {
        size_t a = strlen(src->names[i]) + 1, b = strlen(src->server_types[i]) + 1;
        c->names[i] = memcpy(p, src->names[i], a);
        c->server_types[i] = memcpy(p + a, src->server_types[i], b);
        p += a + b;
        c->kinds[i] = src->kinds[i];
        c->cols[i] = src->cols[i];
    }
    return c;
}

void asql__colinfo_free(asql__colinfo *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n && !c->packed; i++) {
        asql__free(c->names[i]);
        asql__free(c->server_types[i]);
    }
    asql__free(c);
}

/* SQLite's type affinity rules, extended with the names other servers report. The name is
 * lowered once, then matched by prefix, then by the substrings SQLite's affinity uses. */
asql_type_kind asql__kind_from_server_type(const char *t)
{
    static const struct {
        const char *prefix;
        unsigned char len;
        asql_type_kind kind;
    } prefixes[] = {
        {"bool", 4, ASQL_TYPE_BOOLEAN},      {"timestamp", 9, ASQL_TYPE_DATETIME},
        {"datetime", 8, ASQL_TYPE_DATETIME}, {"date", 4, ASQL_TYPE_DATE},
        {"time", 4, ASQL_TYPE_TIME},         {"json", 4, ASQL_TYPE_JSON},
        {"uuid", 4, ASQL_TYPE_UUID},         {"numeric", 7, ASQL_TYPE_NUMERIC},
        {"decimal", 7, ASQL_TYPE_NUMERIC},   {"bytea", 5, ASQL_TYPE_BLOB},
        {"int2", 4, ASQL_TYPE_SMALLINT},     {"smallint", 8, ASQL_TYPE_SMALLINT},
        {"int8", 4, ASQL_TYPE_BIGINT},       {"bigint", 6, ASQL_TYPE_BIGINT},
        {"float4", 6, ASQL_TYPE_FLOAT},      {"float8", 6, ASQL_TYPE_DOUBLE},
        {"double", 6, ASQL_TYPE_DOUBLE},     {"real", 4, ASQL_TYPE_DOUBLE},
        {"float", 5, ASQL_TYPE_DOUBLE},
    };
    char low[64];
    size_t n = 0;
    if (!t || !*t)
        return ASQL_TYPE_UNKNOWN;
    for (; t[n] && n < sizeof(low) - 1; n++)
        low[n] = (char)tolower((unsigned char)t[n]);
    low[n] = 0;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (prefixes[i].prefix[0] == low[0] &&
            strncmp(low, prefixes[i].prefix, prefixes[i].len) == 0)
            return prefixes[i].kind;
    if (strstr(low, "int"))
        return ASQL_TYPE_BIGINT;
    if (strstr(low, "char") || strstr(low, "clob") || strstr(low, "text"))
        return ASQL_TYPE_TEXT;
    if (strstr(low, "blob") || strstr(low, "binary"))
        return ASQL_TYPE_BLOB;
    return ASQL_TYPE_UNKNOWN;
}

/* ---- results ----------------------------------------------------------------------------- */

asql_result *asql__result_new(void)
{
    asql_result *r = asql__calloc(1, sizeof(*r));
    if (r)
        r->in_cb = 1;
    return r;
}

/* Keeps the batch and indexes its rows, so that asql_result_row() is O(1). A result of one row
 * indexes it in place (row0), which spares a fetch_one an allocation. */
asql_status asql__result_add_batch(asql_result *res, asql__batch *b)
{
    size_t need = res->n_rows + b->n_rows;
    if (need > res->cap_rows) {
        if (!res->rows && need == 1) {
            res->rows = &res->row0;
            res->cap_rows = 1;
        } else {
            size_t cap = res->cap_rows > 1 ? res->cap_rows : 16;
            while (cap < need)
                cap *= 2;
            asql_row *rows = res->rows == &res->row0
                                 ? asql__malloc(cap * sizeof(*rows))
                                 : asql__realloc(res->rows, cap * sizeof(*rows));
            if (!rows) {
                asql__batch_free(b);
                return ASQL_ENOMEM;
            }
            if (res->rows == &res->row0)
                memcpy(rows, &res->row0, res->n_rows * sizeof(*rows));
            res->rows = rows;
            res->cap_rows = cap;
        }
    }
    asql_row *r = res->rows + res->n_rows;
    for (size_t i = 0; i < b->n_rows; i++, r++) {
        r->res = res;
        r->cols = res->cols;
        r->b = b;
        r->idx = i;
    }
    res->n_rows = need;
    if (res->last)
        res->last->next = b;
    else
        res->batches = b;
    res->last = b;
    return ASQL_OK;
}

static void result_destroy(asql_result *res)
{
    asql__colinfo_free(res->cols);
    asql__batch_free(res->batches);
    if (res->rows != &res->row0)
        asql__free(res->rows);
    asql__free(res);
}

/* The callback returned: free unless the caller retained it. */
void asql__result_release(asql_result *res)
{
    if (!res)
        return;
    res->in_cb = 0;
    if (res->refs == 0)
        result_destroy(res);
}

asql_result *asql_result_retain(asql_result *res)
{
    if (res)
        res->refs++;
    return res;
}

void asql_result_free(asql_result *res)
{
    if (!res || res->refs == 0)
        return;
    if (--res->refs == 0 && !res->in_cb)
        result_destroy(res);
}

asql_status asql_result_status(const asql_result *res)
{
    return res ? res->status : ASQL_EINVAL;
}

const asql_error *asql_result_error(const asql_result *res)
{
    return res ? &res->err : NULL;
}

int64_t asql_result_rows_affected(const asql_result *res)
{
    return res ? res->rows_affected : 0;
}

/* Distinguishes "no key" (ENOTFOUND) from a key of 0. */
asql_status asql_result_insert_id(const asql_result *res, int64_t *out)
{
    if (!res || !out)
        return ASQL_EINVAL;
    if (!res->has_insert_id)
        return ASQL_ENOTFOUND;
    *out = res->insert_id;
    return ASQL_OK;
}

int asql_result_n_columns(const asql_result *res)
{
    return res && res->cols ? res->cols->n : 0;
}

const char *asql_result_column_name(const asql_result *res, int i)
{
    if (i < 0 || i >= asql_result_n_columns(res))
        return NULL;
    return res->cols->names[i];
}

const char *asql_result_column_server_type(const asql_result *res, int i)
{
    if (i < 0 || i >= asql_result_n_columns(res))
        return NULL;
    return res->cols->server_types[i];
}

asql_type_kind asql_result_column_kind(const asql_result *res, int i)
{
    if (i < 0 || i >= asql_result_n_columns(res))
        return ASQL_TYPE_UNKNOWN;
    return res->cols->kinds[i];
}

static int cols_index(const asql__colinfo *c, const char *name)
{
    if (!c || !name)
        return -1;
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return i;
    return -1;
}

int asql_result_column_index(const asql_result *res, const char *name)
{
    return res ? cols_index(res->cols, name) : -1;
}

size_t asql_result_n_rows(const asql_result *res)
{
    return res ? res->n_rows : 0;
}

const asql_row *asql_result_row(const asql_result *res, size_t i)
{
    if (!res || i >= res->n_rows)
        return NULL;
    return &res->rows[i];
}

/* ---- rows -------------------------------------------------------------------------------- */

int asql_row_n_columns(const asql_row *row)
{
    return row && row->cols ? row->cols->n : 0;
}

int asql_row_column_index(const asql_row *row, const char *name)
{
    return row ? cols_index(row->cols, name) : -1;
}

/* By identity first; for raw SQL (no declared columns) by name, when exactly one matches. */
int asql_row_column_index_of(const asql_row *row, const asql_column *column)
{
    int found = -1;
    if (!row || !column || !row->cols)
        return -1;
    for (int i = 0; i < row->cols->n; i++)
        if (row->cols->cols[i] == column)
            return i;
    for (int i = 0; i < row->cols->n; i++) {
        if (row->cols->cols[i] == NULL && column->name &&
            strcmp(row->cols->names[i], column->name) == 0) {
            if (found >= 0)
                return -1;
            found = i;
        }
    }
    return found;
}

/* The cell of column `col`, or a status for a bad argument, no such column or NULL. Every
 * getter starts here, once per value read: it reads the row's fields directly rather than
 * through the public accessors. */
static inline asql_status cell_at(const asql_row *row, int col, const asql__rcell **out)
{
    if (!row)
        return ASQL_EINVAL;
    if (!row->cols || (unsigned)col >= (unsigned)row->cols->n) /* also col < 0 */
        return ASQL_ENOTFOUND;
    *out = row->b->cells + row->idx * (size_t)row->b->n_cols + col;
    return (*out)->tag == ASQL__RCELL_NULL ? ASQL_ENULL : ASQL_OK;
}

static inline const char *cell_bytes(const asql_row *row, const asql__rcell *c)
{
    return row->b->bytes + c->u.b.off;
}

/* The getters' common start: the cell (ASQL_ENULL, ASQL_ENOTFOUND...), then a NULL out-pointer is
 * ASQL_EINVAL. */
static inline asql_status cell_for(const asql_row *row, int col, const void *out,
                                   const asql__rcell **c)
{
    asql_status st = cell_at(row, col, c);
    if (st != ASQL_OK)
        return st;
    return out ? ASQL_OK : ASQL_EINVAL;
}

bool asql_row_is_null(const asql_row *row, int col)
{
    const asql__rcell *c;
    return cell_at(row, col, &c) == ASQL_ENULL;
}

/* The getters' conversions of exact numerics are kept out of line: the common reads (a cell of
 * the getter's own type) then need no stack frame, which is a third of their instructions. */
#define COLD __attribute__((noinline, cold))

/* Exact decimal text to an integer: "12", "-12.000" are integral; "12.5" is not (ETYPE). */
COLD static asql_status decimal_to_int(const char *s, size_t len, int is_unsigned, int64_t *i_out,
                                       uint64_t *u_out)
{
    char buf[64];
    size_t n = 0;
    while (n < len && s[n] != '.' && s[n] != 'e' && s[n] != 'E')
        n++;
    for (size_t k = n + (n < len && s[n] == '.'); k < len; k++)
        if (s[k] != '0')
            return ASQL_ETYPE;
    if (n == 0 || n >= sizeof(buf))
        return n == 0 ? ASQL_ETYPE : ASQL_ERANGE;
    memcpy(buf, s, n);
    buf[n] = 0;
    char *end;
    errno = 0;
    if (is_unsigned) {
        if (buf[0] == '-')
            return strspn(buf + 1, "0") == n - 1 ? (*u_out = 0, ASQL_OK) : ASQL_ERANGE;
        unsigned long long v = strtoull(buf, &end, 10);
        if (*end)
            return ASQL_ETYPE;
        if (errno == ERANGE)
            return ASQL_ERANGE;
        *u_out = v;
    } else {
        long long v = strtoll(buf, &end, 10);
        if (*end)
            return ASQL_ETYPE;
        if (errno == ERANGE)
            return ASQL_ERANGE;
        *i_out = v;
    }
    return ASQL_OK;
}

static int col_kind(const asql_row *row, int col)
{
    return row->cols->kinds[col];
}

/* The typed getters: the cell's storage class and the column's kind decide what converts. */
asql_status asql_row_int64(const asql_row *row, int col, int64_t *out)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag == ASQL__RCELL_INT) {
        *out = c->u.i;
        return ASQL_OK;
    }
    if (c->tag == ASQL__RCELL_TEXT && col_kind(row, col) == ASQL_TYPE_NUMERIC)
        return decimal_to_int(cell_bytes(row, c), c->u.b.len, 0, out, NULL);
    return ASQL_ETYPE;
}

asql_status asql_row_uint64(const asql_row *row, int col, uint64_t *out)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag == ASQL__RCELL_INT) {
        if (c->u.i < 0)
            return ASQL_ERANGE;
        *out = (uint64_t)c->u.i;
        return ASQL_OK;
    }
    if (c->tag == ASQL__RCELL_TEXT && col_kind(row, col) == ASQL_TYPE_NUMERIC)
        return decimal_to_int(cell_bytes(row, c), c->u.b.len, 1, NULL, out);
    return ASQL_ETYPE;
}

COLD static asql_status decimal_to_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return ASQL_ETYPE;
    if (errno == ERANGE && isinf(v))
        return ASQL_ERANGE;
    *out = v;
    return ASQL_OK;
}

/* Integers convert to double; exact numerics are parsed from their text. */
asql_status asql_row_double(const asql_row *row, int col, double *out)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag == ASQL__RCELL_REAL) {
        *out = c->u.f;
        return ASQL_OK;
    }
    if (c->tag == ASQL__RCELL_INT) {
        *out = (double)c->u.i;
        return ASQL_OK;
    }
    if (c->tag == ASQL__RCELL_TEXT && col_kind(row, col) == ASQL_TYPE_NUMERIC)
        return decimal_to_double(cell_bytes(row, c), out);
    return ASQL_ETYPE;
}

/* Any integer 0/1 is a bool (SQLite and MySQL store BOOLEAN so); other integers are ERANGE. */
asql_status asql_row_bool(const asql_row *row, int col, bool *out)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag != ASQL__RCELL_INT)
        return ASQL_ETYPE;
    if (c->u.i != 0 && c->u.i != 1)
        return ASQL_ERANGE;
    *out = c->u.i == 1;
    return ASQL_OK;
}

/* Text cells only: a number or a blob is not silently turned into text. */
asql_status asql_row_text(const asql_row *row, int col, const char **out, size_t *len)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag != ASQL__RCELL_TEXT)
        return ASQL_ETYPE;
    *out = cell_bytes(row, c);
    if (len)
        *len = c->u.b.len;
    return ASQL_OK;
}

asql_status asql_row_blob(const asql_row *row, int col, const void **out, size_t *len)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, len ? out : NULL, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag != ASQL__RCELL_BLOB && c->tag != ASQL__RCELL_TEXT)
        return ASQL_ETYPE;
    *out = cell_bytes(row, c);
    *len = c->u.b.len;
    return ASQL_OK;
}

asql_status asql_row_datetime(const asql_row *row, int col, asql_datetime *out)
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag != ASQL__RCELL_TEXT)
        return ASQL_ETYPE;
    return asql__parse_datetime(cell_bytes(row, c), c->u.b.len, out) == 0 ? ASQL_OK : ASQL_ETYPE;
}

/* Backends store NUMERIC columns as text cells (exact), read as text is; a number computed by an
 * expression arrives as a number with no exact text form to borrow (ASQL_ETYPE). */
asql_status asql_row_numeric(const asql_row *row, int col, const char **out, size_t *len)
{
    return asql_row_text(row, col, out, len);
}

asql_status asql_row_json(const asql_row *row, int col, const char **out, size_t *len)
{
    return asql_row_text(row, col, out, len);
}

/* 16 raw bytes, or the text forms SQLite stores. */
asql_status asql_row_uuid(const asql_row *row, int col, unsigned char out[16])
{
    const asql__rcell *c;
    asql_status st = cell_for(row, col, out, &c);
    if (st != ASQL_OK)
        return st;
    if (c->tag == ASQL__RCELL_BLOB && c->u.b.len == 16) {
        memcpy(out, cell_bytes(row, c), 16);
        return ASQL_OK;
    }
    if (c->tag == ASQL__RCELL_TEXT)
        return asql__uuid_parse(cell_bytes(row, c), c->u.b.len, out) ? ASQL_OK : ASQL_ETYPE;
    return ASQL_ETYPE;
}

/* The by-name and by-column forms: look the index up, then call the index form. */
#define BY_NAME_AND_COL(fn, params, args)                                                          \
    asql_status fn##_by_name(const asql_row *row, const char *name, ASQL__UNWRAP params)           \
    {                                                                                              \
        if (!row || !name)                                                                         \
            return ASQL_EINVAL;                                                                    \
        return fn(row, asql_row_column_index(row, name), ASQL__UNWRAP args);                       \
    }                                                                                              \
    asql_status fn##_by_col(const asql_row *row, const asql_column *column, ASQL__UNWRAP params)   \
    {                                                                                              \
        if (!row || !column)                                                                       \
            return ASQL_EINVAL;                                                                    \
        return fn(row, asql_row_column_index_of(row, column), ASQL__UNWRAP args);                  \
    }

BY_NAME_AND_COL(asql_row_int64, (int64_t * out), (out))
BY_NAME_AND_COL(asql_row_uint64, (uint64_t * out), (out))
BY_NAME_AND_COL(asql_row_double, (double *out), (out))
BY_NAME_AND_COL(asql_row_bool, (bool *out), (out))
BY_NAME_AND_COL(asql_row_text, (const char **out, size_t *len), (out, len))
BY_NAME_AND_COL(asql_row_blob, (const void **out, size_t *len), (out, len))
BY_NAME_AND_COL(asql_row_datetime, (asql_datetime * out), (out))
BY_NAME_AND_COL(asql_row_numeric, (const char **out, size_t *len), (out, len))
BY_NAME_AND_COL(asql_row_json, (const char **out, size_t *len), (out, len))
BY_NAME_AND_COL(asql_row_uuid, (unsigned char out[16]), (out))
