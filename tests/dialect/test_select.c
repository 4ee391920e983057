/* SPDX-License-Identifier: MIT */
/*
 * test_select.c - SELECT for every dialect: select lists, FROM, WHERE, ORDER BY, LIMIT/OFFSET
 * forms, DISTINCT, GROUP BY/HAVING, labels and result columns; each SQLite compilation is run
 * on a real SQLite database and its rows checked.
 */
#include "sql_check.h"

START_TEST(test_select_table_lists_every_column)
{
    CHECK_SQL(asql_select(&notes.table),
              "SELECT notes.id, notes.text, notes.completed, notes.score FROM notes",
              "SELECT notes.id, notes.text, notes.completed, notes.score FROM notes",
              "SELECT notes.id, notes.text, notes.completed, notes.score FROM notes", "");
    ck_assert_str_eq(last_rows, "1|buy milk|0|1.5\n2|walk dog|1|2.5\n3|50% off_sale|0|NULL");
}
END_TEST

START_TEST(test_select_reports_result_columns)
{
    asql_stmt *q = asql_select(&notes.table);
    asql_compiled *c;

    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_postgresql(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_n_columns(c), 4);
    ck_assert_str_eq(asql_compiled_column_name(c, 1), "text");
    ck_assert_int_eq(asql_compiled_column_type(c, 1).kind, ASQL_TYPE_STRING);
    ck_assert_uint_eq(asql_compiled_column_type(c, 1).length, 100);
    ck_assert_ptr_eq(asql_compiled_column(c, 2), &notes.completed);
    ck_assert_ptr_null(asql_compiled_column(c, 4));
    ck_assert_ptr_null(asql_compiled_column_name(c, -1));
    ck_assert_int_eq(c->kind, ASQL__STMT_SELECT);
    ck_assert_int_eq(c->returns_rows, 1);
    asql_compiled_free(c);
    asql_stmt_free(q);
}
END_TEST

START_TEST(test_select_columns_and_labels)
{
    asql_stmt *q = asql_select(NULL);
    asql_compiled *c;

    asql_add_column(q, &notes.text);
    asql_add_column(q, asql_label(q, asql_col(q, &notes.score), "Points"));
    asql_add_column(q, asql_label(q, asql_count(q, NULL), "n"));
    asql_group_by(q, &notes.text);
    asql_group_by(q, asql_col(q, &notes.score));
    asql_order_by(q, &notes.text);
    ck_assert_int_eq(asql_compile(&c, q, asql_dialect_sqlite(), NULL), ASQL_OK);
    ck_assert_int_eq(asql_compiled_n_columns(c), 3);
    ck_assert_str_eq(asql_compiled_column_name(c, 0), "text");
    ck_assert_str_eq(asql_compiled_column_name(c, 1), "Points");
    ck_assert_ptr_eq(asql_compiled_column(c, 1), &notes.score);
    ck_assert_int_eq(asql_compiled_column_type(c, 1).kind, ASQL_TYPE_DOUBLE);
    ck_assert_str_eq(asql_compiled_column_name(c, 2), "n");
    ck_assert_int_eq(asql_compiled_column_type(c, 2).kind, ASQL_TYPE_BIGINT);
    ck_assert_ptr_null(asql_compiled_column(c, 2));
    asql_compiled_free(c);
    CHECK_SQL(q,
              "SELECT notes.text, notes.score AS \"Points\", count(*) AS n FROM notes "
              "GROUP BY notes.text, notes.score ORDER BY notes.text",
              "SELECT notes.text, notes.score AS `Points`, count(*) AS n FROM notes "
              "GROUP BY notes.text, notes.score ORDER BY notes.text",
              "SELECT notes.text, notes.score AS \"Points\", count(*) AS n FROM notes "
              "GROUP BY notes.text, notes.score ORDER BY notes.text",
              "");
    ck_assert_str_eq(last_rows, "50% off_sale|NULL|1\nbuy milk|1.5|1\nwalk dog|2.5|1");
}
END_TEST

START_TEST(test_select_without_table_takes_from_of_its_columns)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, asql_max(q, &notes.score));
    CHECK_SQL(q, "SELECT max(notes.score) FROM notes", "SELECT max(notes.score) FROM notes",
              "SELECT max(notes.score) FROM notes", "");
    ck_assert_str_eq(last_rows, "2.5");

    q = asql_select(NULL);
    asql_add_column(q, asql_label(q, asql_add(q, asql_int(q, 1), asql_int(q, 2)), "three"));
    CHECK_SQL(q, "SELECT $1 + $2 AS three", "SELECT ? + ? AS three", "SELECT ? + ? AS three",
              "INTEGER 1; INTEGER 2");
    ck_assert_str_eq(last_rows, "3");
}
END_TEST

START_TEST(test_select_where_conditions_join_with_and)
{
    asql_stmt *q = asql_select(&notes.table);
    long long ids[] = {1, 2, 3};

    asql_where(q, asql_eq(q, &notes.completed, 0));
    asql_where(q, asql_or(q, asql_in_ints(q, &notes.id, 3, ids), asql_gt(q, &notes.score, 2)));
    asql_where(q, asql_like(q, &notes.text, "%milk%"));
    CHECK_SQL(q,
              "SELECT notes.id, notes.text, notes.completed, notes.score FROM notes WHERE "
              "notes.completed = $1 AND (notes.id IN ($2, $3, $4) OR notes.score > $5) AND "
              "notes.text LIKE $6",
              "SELECT notes.id, notes.text, notes.completed, notes.score FROM notes WHERE "
              "notes.completed = ? AND (notes.id IN (?, ?, ?) OR notes.score > ?) AND "
              "notes.text LIKE ?",
              "SELECT notes.id, notes.text, notes.completed, notes.score FROM notes WHERE "
              "notes.completed = ? AND (notes.id IN (?, ?, ?) OR notes.score > ?) AND "
              "notes.text LIKE ?",
              "BOOLEAN 0; INTEGER 1; INTEGER 2; INTEGER 3; DOUBLE 2; STRING '%milk%'");
    ck_assert_str_eq(last_rows, "1|buy milk|0|1.5");
}
END_TEST

START_TEST(test_select_order_by_directions)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.id);
    asql_order_by(q, asql_asc(q, &notes.completed));
    asql_order_by(q, asql_desc(q, &notes.id));
    CHECK_SQL(q, "SELECT notes.id FROM notes ORDER BY notes.completed ASC, notes.id DESC",
              "SELECT notes.id FROM notes ORDER BY notes.completed ASC, notes.id DESC",
              "SELECT notes.id FROM notes ORDER BY notes.completed ASC, notes.id DESC", "");
    ck_assert_str_eq(last_rows, "3\n1\n2");
}
END_TEST

START_TEST(test_select_order_by_label_uses_its_name)
{
    asql_stmt *q = asql_select(NULL);
    asql_expr *neg = asql_label(q, asql_neg(q, &notes.id), "neg id");

    asql_add_column(q, neg);
    asql_order_by(q, asql_desc(q, neg));
    CHECK_SQL(q, "SELECT -notes.id AS \"neg id\" FROM notes ORDER BY \"neg id\" DESC",
              "SELECT -notes.id AS `neg id` FROM notes ORDER BY `neg id` DESC",
              "SELECT -notes.id AS \"neg id\" FROM notes ORDER BY \"neg id\" DESC", "");
    ck_assert_str_eq(last_rows, "-1\n-2\n-3");
}
END_TEST

START_TEST(test_select_limit_alone)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.id);
    asql_limit(q, 2);
    CHECK_SQL(q, "SELECT notes.id FROM notes LIMIT $1", "SELECT notes.id FROM notes LIMIT ?",
              "SELECT notes.id FROM notes LIMIT ?", "BIGINT 2");
    ck_assert_str_eq(last_rows, "1\n2");
}
END_TEST

START_TEST(test_select_offset_alone)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.id);
    asql_offset(q, 1);
    CHECK_SQL(q, "SELECT notes.id FROM notes OFFSET $1",
              "SELECT notes.id FROM notes LIMIT 18446744073709551615 OFFSET ?",
              "SELECT notes.id FROM notes LIMIT -1 OFFSET ?", "BIGINT 1");
    ck_assert_str_eq(last_rows, "2\n3");
}
END_TEST

START_TEST(test_select_limit_and_offset)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.id);
    asql_order_by(q, asql_desc(q, &notes.id));
    asql_offset(q, 1);
    asql_limit(q, 1);
    CHECK_SQL(q, "SELECT notes.id FROM notes ORDER BY notes.id DESC LIMIT $1 OFFSET $2",
              "SELECT notes.id FROM notes ORDER BY notes.id DESC LIMIT ? OFFSET ?",
              "SELECT notes.id FROM notes ORDER BY notes.id DESC LIMIT ? OFFSET ?",
              "BIGINT 1; BIGINT 1");
    ck_assert_str_eq(last_rows, "2");
}
END_TEST

START_TEST(test_select_limit_zero_returns_nothing)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.id);
    asql_limit(q, 0);
    CHECK_SQL(q, "SELECT notes.id FROM notes LIMIT $1", "SELECT notes.id FROM notes LIMIT ?",
              "SELECT notes.id FROM notes LIMIT ?", "BIGINT 0");
    ck_assert_str_eq(last_rows, "");
}
END_TEST

START_TEST(test_select_distinct)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.completed);
    asql_distinct(q);
    asql_order_by(q, &notes.completed);
    CHECK_SQL(q, "SELECT DISTINCT notes.completed FROM notes ORDER BY notes.completed",
              "SELECT DISTINCT notes.completed FROM notes ORDER BY notes.completed",
              "SELECT DISTINCT notes.completed FROM notes ORDER BY notes.completed", "");
    ck_assert_str_eq(last_rows, "0\n1");
}
END_TEST

START_TEST(test_select_group_by_having)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.completed);
    asql_add_column(q, asql_label(q, asql_count(q, asql_col(q, &notes.id)), "n"));
    asql_group_by(q, &notes.completed);
    asql_having(q, asql_gt(q, asql_count(q, asql_col(q, &notes.id)), asql_lit_int(q, 1)));
    asql_having(q, asql_lt(q, asql_count(q, NULL), asql_lit_int(q, 5)));
    CHECK_SQL(q,
              "SELECT notes.completed, count(notes.id) AS n FROM notes GROUP BY notes.completed "
              "HAVING count(notes.id) > $1 AND count(*) < $2",
              "SELECT notes.completed, count(notes.id) AS n FROM notes GROUP BY notes.completed "
              "HAVING count(notes.id) > ? AND count(*) < ?",
              "SELECT notes.completed, count(notes.id) AS n FROM notes GROUP BY notes.completed "
              "HAVING count(notes.id) > ? AND count(*) < ?",
              "BIGINT 1; BIGINT 5");
    ck_assert_str_eq(last_rows, "0|2");
}
END_TEST

START_TEST(test_select_hostile_identifiers_are_quoted)
{
    asql_stmt *q = asql_select(&weird.table);

    asql_where(q, asql_eq(q, &weird.select, "x"));
    asql_order_by(q, &weird.order);
    CHECK_SQL(
        q,
        "SELECT \"we\"\"ird`tab\".\"order\", \"we\"\"ird`tab\".\"select\", "
        "\"we\"\"ird`tab\".\"user\", \"we\"\"ird`tab\".\"a\"\"b\", \"we\"\"ird`tab\".\"c`d\", "
        "\"we\"\"ird`tab\".\"Upper\", \"we\"\"ird`tab\".\"1st\", "
        "\"we\"\"ird`tab\".\"two words\" FROM \"we\"\"ird`tab\" WHERE "
        "\"we\"\"ird`tab\".\"select\" = $1 ORDER BY \"we\"\"ird`tab\".\"order\"",
        "SELECT `we\"ird``tab`.`order`, `we\"ird``tab`.`select`, `we\"ird``tab`.user, "
        "`we\"ird``tab`.`a\"b`, `we\"ird``tab`.`c``d`, `we\"ird``tab`.`Upper`, "
        "`we\"ird``tab`.`1st`, `we\"ird``tab`.`two words` FROM `we\"ird``tab` WHERE "
        "`we\"ird``tab`.`select` = ? ORDER BY `we\"ird``tab`.`order`",
        "SELECT \"we\"\"ird`tab\".\"order\", \"we\"\"ird`tab\".\"select\", "
        "\"we\"\"ird`tab\".user, \"we\"\"ird`tab\".\"a\"\"b\", \"we\"\"ird`tab\".\"c`d\", "
        "\"we\"\"ird`tab\".\"Upper\", \"we\"\"ird`tab\".\"1st\", "
        "\"we\"\"ird`tab\".\"two words\" FROM \"we\"\"ird`tab\" WHERE "
        "\"we\"\"ird`tab\".\"select\" = ? ORDER BY \"we\"\"ird`tab\".\"order\"",
        "TEXT 'x'");
    ck_assert_str_eq(last_rows, "");
}
END_TEST

START_TEST(test_select_of_two_tables_lists_both_in_from)
{
    asql_stmt *q = asql_select(NULL);

    asql_add_column(q, &notes.id);
    asql_where(q, asql_eq(q, &notes.id, &weird.order));
    CHECK_SQL(q,
              "SELECT notes.id FROM notes, \"we\"\"ird`tab\" WHERE notes.id = "
              "\"we\"\"ird`tab\".\"order\"",
              "SELECT notes.id FROM notes, `we\"ird``tab` WHERE notes.id = `we\"ird``tab`.`order`",
              "SELECT notes.id FROM notes, \"we\"\"ird`tab\" WHERE notes.id = "
              "\"we\"\"ird`tab\".\"order\"",
              "");
}
END_TEST

START_TEST(test_select_columns_of_other_tables_add_them_to_from)
{
    asql_stmt *q = asql_select(&notes.table);

    /* One table besides the statement's, not joined: it is listed after it. */
    asql_add_column(q, &tags.name);
    asql_where(q, asql_eq(q, &tags.note_id, &notes.id));
    CHECK_SQL(q, "SELECT tags.name FROM notes, tags WHERE tags.note_id = notes.id",
              "SELECT tags.name FROM notes, tags WHERE tags.note_id = notes.id",
              "SELECT tags.name FROM notes, tags WHERE tags.note_id = notes.id", "");
    ck_assert_str_eq(last_rows, "shop\nfood\npets");

    /* Two tables besides the statement's, one of them joined: the other is still listed, after
     * the join, whose ON may name the first table (PostgreSQL and MySQL reject
     * "FROM notes, weird JOIN tags ON tags.note_id = notes.id": JOIN binds before the comma). */
    q = asql_select(&notes.table);
    asql_add_column(q, &tags.name);
    asql_join(q, &tags.table, asql_eq(q, &tags.note_id, &notes.id));
    asql_where(q, asql_eq(q, &weird.order, &notes.id));
    CHECK_SQL(q,
              "SELECT tags.name FROM notes JOIN tags ON tags.note_id = notes.id, \"we\"\"ird`tab\" "
              "WHERE \"we\"\"ird`tab\".\"order\" = notes.id",
              "SELECT tags.name FROM notes JOIN tags ON tags.note_id = notes.id, `we\"ird``tab` "
              "WHERE `we\"ird``tab`.`order` = notes.id",
              "SELECT tags.name FROM notes JOIN tags ON tags.note_id = notes.id, \"we\"\"ird`tab\" "
              "WHERE \"we\"\"ird`tab\".\"order\" = notes.id",
              "");
}
END_TEST

/* Appends `n` copies of `item`, comma-separated, to `out` (of `size` bytes). */
static void repeat_list(char *out, size_t size, const char *item, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        if (i)
            strncat(out, ", ", size - strlen(out) - 1);
        strncat(out, item, size - strlen(out) - 1);
    }
}

START_TEST(test_select_repeated_columns_past_the_inline_text_are_written_whole)
{
    /* 60 references to one column: copies of the first one must survive the buffer's growth. */
    static char pg[4096], my[4096];
    asql_stmt *q = asql_select(&weird.table);
    int i;

    for (i = 0; i < 60; i++)
        asql_add_column(q, &weird.space);
    pg[0] = my[0] = '\0';
    strcat(pg, "SELECT ");
    repeat_list(pg, sizeof pg, "\"we\"\"ird`tab\".\"two words\"", 60);
    strcat(pg, " FROM \"we\"\"ird`tab\"");
    strcat(my, "SELECT ");
    repeat_list(my, sizeof my, "`we\"ird``tab`.`two words`", 60);
    strcat(my, " FROM `we\"ird``tab`");
    ck_assert_int_gt((int)strlen(pg), 1024);
    CHECK_SQL(q, pg, my, pg, "");
}
END_TEST

START_TEST(test_select_inner_join)
{
    asql_stmt *q = asql_select(&notes.table);

    asql_add_column(q, &notes.text);
    asql_add_column(q, &tags.name);
    asql_join(q, &tags.table, asql_eq(q, &tags.note_id, &notes.id));
    asql_where(q, asql_ne(q, &tags.name, "food"));
    asql_order_by(q, &tags.id);
    CHECK_SQL(q,
              "SELECT notes.text, tags.name FROM notes JOIN tags ON tags.note_id = notes.id "
              "WHERE tags.name != $1 ORDER BY tags.id",
              "SELECT notes.text, tags.name FROM notes JOIN tags ON tags.note_id = notes.id "
              "WHERE tags.name != ? ORDER BY tags.id",
              "SELECT notes.text, tags.name FROM notes JOIN tags ON tags.note_id = notes.id "
              "WHERE tags.name != ? ORDER BY tags.id",
              "STRING 'food'");
    ck_assert_str_eq(last_rows, "buy milk|shop\nwalk dog|pets");
}
END_TEST

START_TEST(test_select_left_join_lists_every_column)
{
    asql_stmt *q = asql_select(&tags.table);

    asql_left_join(
        q, &notes.table,
        asql_and(q, asql_eq(q, &notes.id, &tags.note_id), asql_eq(q, &notes.completed, true)));
    asql_order_by(q, &tags.id);
    CHECK_SQL(q,
              "SELECT tags.id, tags.note_id, tags.name, notes.id, notes.text, notes.completed, "
              "notes.score FROM tags LEFT OUTER JOIN notes ON notes.id = tags.note_id AND "
              "notes.completed = $1 ORDER BY tags.id",
              "SELECT tags.id, tags.note_id, tags.name, notes.id, notes.text, notes.completed, "
              "notes.score FROM tags LEFT OUTER JOIN notes ON notes.id = tags.note_id AND "
              "notes.completed = ? ORDER BY tags.id",
              "SELECT tags.id, tags.note_id, tags.name, notes.id, notes.text, notes.completed, "
              "notes.score FROM tags LEFT OUTER JOIN notes ON notes.id = tags.note_id AND "
              "notes.completed = ? ORDER BY tags.id",
              "BOOLEAN 1");
    ck_assert_str_eq(last_rows, "1|1|shop|NULL|NULL|NULL|NULL\n2|1|food|NULL|NULL|NULL|NULL\n"
                                "3|2|pets|2|walk dog|1|2.5");
}
END_TEST

START_TEST(test_select_join_errors)
{
    asql_stmt *q = asql_select(&notes.table);

    asql_join(q, &notes.table, asql_eq(q, &notes.id, 1));
    CHECK_FAILS(q, ASQL_EINVAL, "asql_join: table \"notes\" is already in FROM");
    q = asql_select(NULL);
    asql_add_column(q, &tags.name);
    asql_join(q, &tags.table, asql_eq(q, &tags.id, 1));
    CHECK_FAILS(q, ASQL_EINVAL, "JOIN of \"tags\" has no table to join to");
    q = asql_select(&notes.table);
    asql_left_join(q, &weird.table, NULL); /* no ON and no foreign key to infer it from */
    CHECK_FAILS(q, ASQL_EINVAL,
                "asql_left_join: no foreign key links table \"we\"ird`tab\" with \"notes\"");
    q = asql_update(&notes.table);
    asql_join(q, &tags.table, asql_eq(q, &tags.id, 1));
    CHECK_FAILS(q, ASQL_EMISUSE, "asql_join: not allowed");
}
END_TEST

START_TEST(test_select_bad_input_fails)
{
    asql_stmt *q = asql_select(NULL);

    CHECK_FAILS(q, ASQL_EINVAL, "SELECT has no columns and no table");
    q = asql_select(&notes.table);
    asql_where(q, asql_desc(q, &notes.id));
    CHECK_FAILS(q, ASQL_EINVAL, "outside ORDER BY");
    q = asql_select(&notes.table);
    asql_limit(q, -1);
    CHECK_FAILS(q, ASQL_EINVAL, "asql_limit: negative limit");
    q = asql_select(&notes.table);
    asql_offset(q, -5);
    CHECK_FAILS(q, ASQL_EINVAL, "asql_offset: negative offset");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dialect_select");
    TCase *tc;

    tc = db_tcase("columns");
    tcase_add_test(tc, test_select_table_lists_every_column);
    tcase_add_test(tc, test_select_reports_result_columns);
    tcase_add_test(tc, test_select_columns_and_labels);
    tcase_add_test(tc, test_select_without_table_takes_from_of_its_columns);
    suite_add_tcase(s, tc);
    tc = db_tcase("where");
    tcase_add_test(tc, test_select_where_conditions_join_with_and);
    suite_add_tcase(s, tc);
    tc = db_tcase("order_by");
    tcase_add_test(tc, test_select_order_by_directions);
    tcase_add_test(tc, test_select_order_by_label_uses_its_name);
    suite_add_tcase(s, tc);
    tc = db_tcase("limit_offset");
    tcase_add_test(tc, test_select_limit_alone);
    tcase_add_test(tc, test_select_offset_alone);
    tcase_add_test(tc, test_select_limit_and_offset);
    tcase_add_test(tc, test_select_limit_zero_returns_nothing);
    suite_add_tcase(s, tc);
    tc = db_tcase("distinct_group_having");
    tcase_add_test(tc, test_select_distinct);
    tcase_add_test(tc, test_select_group_by_having);
    suite_add_tcase(s, tc);
    tc = db_tcase("identifiers");
    tcase_add_test(tc, test_select_hostile_identifiers_are_quoted);
    tcase_add_test(tc, test_select_of_two_tables_lists_both_in_from);
    suite_add_tcase(s, tc);
    tc = db_tcase("join");
    tcase_add_test(tc, test_select_columns_of_other_tables_add_them_to_from);
    tcase_add_test(tc, test_select_repeated_columns_past_the_inline_text_are_written_whole);
    tcase_add_test(tc, test_select_inner_join);
    tcase_add_test(tc, test_select_left_join_lists_every_column);
    tcase_add_test(tc, test_select_join_errors);
    suite_add_tcase(s, tc);
    tc = db_tcase("errors");
    tcase_add_test(tc, test_select_bad_input_fails);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
