/* SPDX-License-Identifier: MIT */
/*
 * dml.c - the extras of INSERT, UPDATE and DELETE: INSERT ... SELECT, RETURNING, and upsert
 * (the conflict target, the DO UPDATE assignments and the proposed row, `excluded`). Nothing
 * here produces SQL text; which dialect can express what is decided when compiling.
 */
#include <string.h>

#include "asql/expr.h"
#include "expr/stmt.h"

/* Checks that `column` belongs to the statement's table. */
static int own_column(asql_stmt *q, const asql_column *column, const char *fn)
{
    if (!column) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: column is NULL", fn);
        return 0;
    }
    if (column->table != q->table) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: column \"%s\" does not belong to table \"%s\"", fn,
                        column->name ? column->name : "?", q->table->name);
        return 0;
    }
    return 1;
}

/* Appends `n` columns of the statement's table to `list`. */
static int column_list(asql_stmt *q, asql__list *list, size_t n, const asql_column *const *cols,
                       const char *fn)
{
    size_t i;

    if (!n || !cols) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: no columns given", fn);
        return 0;
    }
    for (i = 0; i < n; i++) {
        asql__cell *c;
        if (!own_column(q, cols[i], fn))
            return 0;
        c = asql__list_append(q, list, NULL);
        if (!c)
            return 0;
        c->column = cols[i];
    }
    return 1;
}

/* The SELECT is a sub-statement of the INSERT; its column count is checked when compiling. */
void asql_insert_from(asql_stmt *q, size_t n_columns, const asql_column *const *columns,
                      asql_stmt *select)
{
    if (!asql__clause_ok(q, ASQL__K(INSERT), "asql_insert_from"))
        return;
    if (!select || !select->root || !asql__same_root(q, select) || select == q ||
        (select->kind != ASQL__STMT_SELECT && select->kind != ASQL__STMT_COMPOUND)) {
        asql__stmt_fail(q, ASQL_EINVAL,
                        "asql_insert_from: not a SELECT of this statement (use asql_subquery)");
        return;
    }
    if (q->insert_from || q->rows) {
        asql__stmt_fail(q, ASQL_EINVAL, "asql_insert_from: the INSERT already has its rows");
        return;
    }
    if (column_list(q, &q->insert_columns, n_columns, columns, "asql_insert_from"))
        q->insert_from = select;
}

/* Columns of other tables are found when compiling, where the scope of the statement is known. */
void(asql_returning)(asql_stmt *q, asql_expr *e)
{
    if (asql__clause_ok(q, ASQL__K(INSERT) | ASQL__K(UPDATE) | ASQL__K(DELETE), "asql_returning") &&
        asql__expr_ok(q, e, "asql_returning"))
        asql__list_append(q, &q->returning, e);
}

/* One ON CONFLICT clause per INSERT, with its target columns of the statement's table. */
static void on_conflict(asql_stmt *q, unsigned what, size_t n, const asql_column *const *target,
                        const char *fn)
{
    if (!asql__clause_ok(q, ASQL__K(INSERT), fn))
        return;
    if (q->upsert) {
        asql__stmt_fail(q, ASQL_EINVAL, "%s: the INSERT already has an ON CONFLICT clause", fn);
        return;
    }
    if (column_list(q, &q->conflict, n, target, fn))
        q->upsert = what;
}

void asql_on_conflict_do_nothing(asql_stmt *q, size_t n_target, const asql_column *const *target)
{
    on_conflict(q, ASQL__UPSERT_NOTHING, n_target, target, "asql_on_conflict_do_nothing");
}

void asql_on_conflict_do_update(asql_stmt *q, size_t n_target, const asql_column *const *target)
{
    on_conflict(q, ASQL__UPSERT_UPDATE, n_target, target, "asql_on_conflict_do_update");
}

/* Untyped values take the column's type, as with asql_set(). */
void(asql_upsert_set)(asql_stmt *q, const asql_column *column, asql_expr *value)
{
    asql__cell *c;

    if (!asql__clause_ok(q, ASQL__K(INSERT), "asql_upsert_set"))
        return;
    if (q->upsert != ASQL__UPSERT_UPDATE) {
        asql__stmt_fail(q, ASQL_EMISUSE,
                        "asql_upsert_set: call asql_on_conflict_do_update() first");
        return;
    }
    if (!own_column(q, column, "asql_upsert_set") || !asql__expr_ok(q, value, "asql_upsert_set"))
        return;
    value = asql__adopt_type(q, value, column->type, column->name);
    if (!asql__stmt_ok(q))
        return;
    c = asql__list_append(q, &q->upsert_set, value);
    if (c)
        c->column = column;
}

/* The proposed row is spelled by the dialect: excluded.x or VALUES(x). */
asql_expr *asql_excluded(asql_stmt *q, const asql_column *column)
{
    asql_expr *e;

    if (!asql__clause_ok(q, ASQL__K(INSERT), "asql_excluded") ||
        !own_column(q, column, "asql_excluded"))
        return asql__error_node();
    e = asql__node_new(q, ASQL__N_EXCLUDED);
    if (!e)
        return asql__error_node();
    e->u.column = column;
    e->type = column->type;
    return e;
}
