/* SPDX-License-Identifier: MIT */
/*
 * w0_compile.c - benchmark W0 (shared/BENCH.md): build and compile one SELECT per dialect and
 * report the median time per statement and the heap allocations per statement (counted through
 * asql_set_allocator). The statement: SELECT of three columns from notes JOIN tags, three WHERE
 * conditions (=, IN of 3 values, LIKE), ORDER BY and LIMIT (bench/w0_sqlalchemy.py builds the
 * same one with SQLAlchemy).
 *
 * Build (optimised library):
 *   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j2
 *   cc -O2 -Iinclude bench/w0_compile.c build-rel/libasql_static.a \
 *      $(pkg-config --libs sqlite3 libpq) -lev -lpthread -lm -o build-rel/w0_compile
 * Run: build-rel/w0_compile [rounds] [iterations]   (--machine prints "dialect ns ns allocs")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asql/asql.h"

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
                        ASQL_COLUMN(note_id, "note_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&notes.id)),
                        ASQL_COLUMN(name, "name", ASQL_STRING(20)));

/* Counting allocator: every malloc and realloc is one heap allocation. */
static unsigned long n_allocs;

static void *count_malloc(size_t n)
{
    n_allocs++;
    return malloc(n);
}

static void *count_realloc(void *p, size_t n)
{
    n_allocs++;
    return realloc(p, n);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The W0 statement. */
static asql_stmt *build(void)
{
    static const long long ids[] = {1, 2, 3};
    asql_stmt *q = asql_select(&notes.table);

    asql_add_column(q, &notes.id);
    asql_add_column(q, &notes.text);
    asql_add_column(q, &tags.name);
    asql_join(q, &tags.table, asql_eq(q, &tags.note_id, &notes.id));
    asql_where(q, asql_eq(q, &notes.completed, true));
    asql_where(q, asql_in_ints(q, &notes.id, 3, ids));
    asql_where(q, asql_like(q, &notes.text, "%milk%"));
    asql_order_by(q, asql_desc(q, &notes.id));
    asql_limit(q, 10);
    return q;
}

static void fail(const char *what)
{
    fprintf(stderr, "w0_compile: %s\n", what);
    exit(1);
}

/* Mean nanoseconds per build+compile (or compile only) over `iterations`. */
static double run(const asql_dialect *d, long iterations, int compile_only)
{
    asql_stmt *q = compile_only ? build() : NULL;
    asql_compiled *c;
    double t0 = now_ns();
    long i;

    for (i = 0; i < iterations; i++) {
        asql_stmt *s = compile_only ? q : build();
        if (asql_compile(&c, s, d, NULL) != ASQL_OK)
            fail("compile failed");
        asql_compiled_free(c);
        if (!compile_only)
            asql_stmt_free(s);
    }
    t0 = now_ns() - t0;
    asql_stmt_free(q);
    return t0 / (double)iterations;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"postgresql", "mysql", "mariadb", "sqlite"};
    int machine = argc > 1 && strcmp(argv[1], "--machine") == 0;
    int rounds = argc > 1 + machine ? atoi(argv[1 + machine]) : 7;
    long iterations = argc > 2 + machine ? atol(argv[2 + machine]) : 200000;
    double full[64], only[64];
    size_t i;
    int r;

    if (rounds < 1 || rounds > 64 || iterations < 1)
        fail("usage: w0_compile [--machine] [rounds 1-64] [iterations]");
    if (asql_set_allocator(count_malloc, count_realloc, free) != ASQL_OK)
        fail("asql_set_allocator failed");
    if (!machine)
        printf("W0, %d rounds x %ld statements, medians\n", rounds, iterations);
    for (i = 0; i < 4; i++) {
        const asql_dialect *d = asql_dialect_find(names[i]);
        unsigned long before;
        asql_stmt *q;
        asql_compiled *c;
        double allocs;

        for (r = 0; r < rounds; r++) {
            full[r] = run(d, iterations, 0);
            only[r] = run(d, iterations, 1);
        }
        qsort(full, (size_t)rounds, sizeof full[0], cmp_double);
        qsort(only, (size_t)rounds, sizeof only[0], cmp_double);
        before = n_allocs;
        q = build();
        if (asql_compile(&c, q, d, NULL) != ASQL_OK)
            fail("compile failed");
        allocs = (double)(n_allocs - before);
        if (machine) {
            printf("%s %.1f %.1f %.0f\n", names[i], full[rounds / 2], only[rounds / 2], allocs);
        } else {
            printf("%-10s build+compile %8.0f ns   compile only %8.0f ns   heap allocations %.0f"
                   "\n           %s\n",
                   names[i], full[rounds / 2], only[rounds / 2], allocs, asql_compiled_sql(c));
        }
        asql_compiled_free(c);
        asql_stmt_free(q);
    }
    return 0;
}
