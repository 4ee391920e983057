/* SPDX-License-Identifier: MIT */
/*
 * def.h - what a dialect is: a static table of data (placeholder style, identifier quoting,
 * reserved words, LIMIT/OFFSET form, ILIKE and concatenation spelling, raw-SQL lexical rules).
 * pg.c, mysql.c and sqlite.c each define such tables; compile.c reads them.
 */
#ifndef ASQL_SRC_DIALECT_DEF_H
#define ASQL_SRC_DIALECT_DEF_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "asql/dialect.h"

/*
 * A dialect's reserved words as an open-addressing hash set, built once (pthread_once) from
 * its sorted list, so that deciding whether an identifier needs quotes costs one hash.
 */
#define ASQL__WORDSET_SLOTS 1024
typedef struct asql__wordset {
    pthread_once_t once;
    atomic_int ready; /* set once filled: lets the hot path skip the pthread_once call */
    uint32_t hashes[ASQL__WORDSET_SLOTS];
    const char *words[ASQL__WORDSET_SLOTS];
} asql__wordset;

/* Fills `set` with `words` (called from a dialect's pthread_once routine). */
void asql__wordset_fill(asql__wordset *set, const char *const *words, size_t n);

typedef enum asql__placeholder_style {
    ASQL__PH_DOLLAR, /* $1, $2, ... (a number may be used twice) */
    ASQL__PH_QMARK   /* ?, one per value in order */
} asql__placeholder_style;

/* SQL type names of a dialect, for CREATE TABLE or for CAST; printf formats take the lengths. */
typedef struct asql__type_names {
    const char *names[ASQL_TYPE_UUID + 1]; /* by kind; NULL: the dialect cannot express it */
    const char *varchar;                   /* "VARCHAR(%u)"; length 0 uses names[STRING] */
    const char *numeric;                   /* "NUMERIC(%u, %u)"; precision 0: names[NUMERIC] */
    const char *binary;                    /* "BINARY(%u)" for a sized BLOB; NULL: names[BLOB] */
    const char *time_tz, *datetime_tz;     /* TIME / DATETIME with a time zone */
    const char *serial[3]; /* the type of a SMALLINT/INTEGER/BIGINT autoincrement key, or NULL */
    const char *auto_increment; /* written after the type of an autoincrement key, or NULL */
    unsigned rowid_key : 1;     /* SQLite: "INTEGER PRIMARY KEY AUTOINCREMENT" in the column */
} asql__type_names;

struct asql_dialect {
    const char *name;
    asql__placeholder_style placeholder;
    char quote;                  /* identifier quote character; doubled inside */
    const char *const *reserved; /* lower-case reserved words, sorted (strcmp) */
    size_t n_reserved;
    asql__wordset *reserved_set;      /* built from `reserved` on first use */
    void (*init_reserved_set)(void);  /* fills reserved_set; run through pthread_once */
    const char *true_sql, *false_sql; /* boolean literals, for asql_compiled_debug_sql only */
    /* What to write as the LIMIT when only an OFFSET is given; NULL: OFFSET may stand alone. */
    const char *limit_all;
    const char *now_sql;             /* the current timestamp */
    unsigned native_ilike : 1;       /* ILIKE exists; else lower(a) LIKE lower(b) */
    unsigned concat_function : 1;    /* concat(a, b); else a || b */
    unsigned implicit_returning : 1; /* INSERT gets RETURNING <autoincrement key> */
    /* Lexical rules of raw SQL (asql_text), for the :name scanner. */
    unsigned pg_strings : 1;        /* E'...' with backslash escapes, $tag$...$tag$ */
    unsigned backslash_strings : 1; /* backslash escapes in '...' and "..." */
    unsigned hash_comments : 1;     /* '#' starts a comment to the end of the line */
    unsigned nested_comments : 1;   /* slash-star comments nest */
    /* The rest of SQL (compile_query.c, compile_ddl.c). */
    unsigned full_join : 1;        /* FULL OUTER JOIN; else ASQL_ENOTSUP */
    unsigned nulls_order : 1;      /* NULLS FIRST/LAST; else emulated with `e IS NULL` */
    unsigned for_update : 1;       /* FOR UPDATE; else left out (SQLite locks the file) */
    unsigned returning_insert : 1; /* RETURNING on INSERT, UPDATE, DELETE */
    unsigned returning_update : 1;
    unsigned returning_delete : 1;
    unsigned on_conflict : 1;         /* ON CONFLICT ... excluded.x; else ON DUPLICATE KEY */
    unsigned index_if_not_exists : 1; /* CREATE INDEX IF NOT EXISTS */
    const asql__type_names *ddl_types;
    const asql__type_names *cast_types;
    /* Transactions (txn.c): SQLite has no isolation levels and takes the write lock with BEGIN
     * IMMEDIATE; MySQL spells BEGIN as START TRANSACTION and cannot name a level in it. */
    unsigned begin_locking : 1;     /* BEGIN IMMEDIATE / DEFERRED */
    unsigned start_transaction : 1; /* START TRANSACTION [READ ONLY], no level */
};

/* 1 when `name` must be quoted in dialect `d`. */
int asql__ident_needs_quote(const asql_dialect *d, const char *name);

/* The length of `name` when it may be written bare in dialect `d`; 0 when it must be quoted. */
size_t asql__ident_plain_len(const asql_dialect *d, const char *name);

#endif
