/* SPDX-License-Identifier: MIT */
/*
 * tour.c - the README's tour of the expression API: builds each statement of the tour and prints
 * the SQL and parameters it compiles to for every dialect. It runs nothing.
 */
#include <asql/asql.h>
#include <stdio.h>

static const struct notes_table {
    asql_table table;
    asql_column id, text, completed;
} notes = ASQL_TABLE_DEF(notes, "notes", /* clang-format off */
    ASQL_COLUMN(id,        "id",        ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(text,      "text",      ASQL_STRING(100)),
    ASQL_COLUMN(completed, "completed", ASQL_BOOLEAN));
/* clang-format on */

static const struct tags_table {
    asql_table table;
    asql_column id, note_id, name;
} tags = ASQL_TABLE_DEF(tags, "tags", /* clang-format off */
    ASQL_COLUMN(id,      "id",      ASQL_INTEGER, ASQL_PRIMARY_KEY, ASQL_AUTOINCREMENT),
    ASQL_COLUMN(note_id, "note_id", ASQL_INTEGER, ASQL_FOREIGN_KEY(&notes.id), ASQL_ON_DELETE(CASCADE)),
    ASQL_COLUMN(name,    "name",    ASQL_STRING(30), ASQL_UNIQUE));
/* clang-format on */

/* Prints `q` compiled for each dialect, with its parameters as the debug form shows them. */
static void show(const char *title, asql_stmt *q)
{
    const asql_dialect *dialects[] = {asql_dialect_postgresql(), asql_dialect_mysql(),
                                      asql_dialect_sqlite()};
    printf("-- %s\n", title);
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++) {
        asql_compiled *c;
        asql_error err;
        if (asql_compile(&c, q, dialects[i], &err) != ASQL_OK) {
            printf("%-10s error: %s\n", asql_dialect_name(dialects[i]), err.message);
            continue;
        }
        printf("%-10s %s\n", asql_dialect_name(dialects[i]), asql_compiled_sql(c));
        if (i == 0)
            printf("%-10s %s\n", "(values)", asql_compiled_debug_sql(c));
        asql_compiled_free(c);
    }
    printf("\n");
    asql_stmt_free(q);
}

int main(void)
{
    asql_stmt *q = asql_select(&notes.table);
    asql_where(q, asql_eq(q, &notes.completed, 1));
    asql_where(q, asql_contains(q, &notes.text, "50%"));
    asql_order_by(q, asql_desc(q, &notes.id));
    asql_limit(q, 10);
    show("select with conditions", q);

    q = asql_select(NULL);
    asql_add_column(q, asql_label(q, asql_count(q, NULL), "n"));
    asql_add_column(q, &notes.completed);
    asql_group_by(q, &notes.completed);
    asql_having(q, asql_gt(q, asql_count(q, NULL), 1));
    show("aggregate", q);

    long long ids[] = {1, 2, 3};
    q = asql_update(&notes.table);
    asql_set(q, &notes.text, asql_concat(q, &notes.text, " (done)"));
    asql_set(q, &notes.completed, true);
    asql_where(q, asql_in_ints(q, &notes.id, 3, ids));
    show("update", q);

    q = asql_insert(&notes.table);
    asql_set(q, &notes.text, asql_param(q, "text"));
    asql_set(q, &notes.completed, asql_param(q, "completed"));
    show("insert with named placeholders", q);

    q = asql_text("SELECT * FROM notes WHERE text = :text AND note = 'not :a param'");
    show("raw SQL", q);

    q = asql_select(NULL); /* the ON clause comes from the declared foreign key */
    asql_add_column(q, &notes.text);
    asql_add_column(q, &tags.name);
    asql_join(q, &tags.table, NULL);
    asql_stmt *tagged = asql_subquery(q, &tags.table); /* built in q's arena, freed with q */
    asql_add_column(tagged, &tags.note_id);
    asql_where(tagged, asql_eq(tagged, &tags.name, "urgent"));
    asql_where(q, asql_in_select(q, &notes.id, tagged));
    show("join and subquery", q);

    q = asql_select(NULL);
    asql_expr *by_id = asql_asc(q, &notes.id);
    asql_add_column(q, &notes.text);
    asql_add_column(q, asql_label(q, asql_over(q, asql_row_number(q), 0, NULL, 1, &by_id), "n"));
    show("window function", q);

    const asql_column *key[] = {&tags.name};
    q = asql_insert(&tags.table);
    asql_set(q, &tags.name, "urgent");
    asql_set(q, &tags.note_id, 1);
    asql_on_conflict_do_update(q, 1, key);
    asql_upsert_set(q, &tags.note_id, asql_excluded(q, &tags.note_id));
    show("upsert", q);

    q = asql_create_table(&tags.table, true);
    show("CREATE TABLE from the declaration", q);
    return 0;
}
