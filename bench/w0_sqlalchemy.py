# SPDX-License-Identifier: MIT
"""W0 with SQLAlchemy 1.4 Core, alternating with asql's bench/w0_compile, and the ratios.

Builds and compiles the same statement as bench/w0_compile.c (W0: notes JOIN tags, three WHERE
conditions, ORDER BY, LIMIT) for each dialect, several rounds, and prints per-statement medians of
SQLAlchemy's compile alone and of build + compile. Given the path of the w0_compile program it
runs it between its own rounds and prints asql's figures and the ratio
SQLAlchemy compile / asql build+compile (the BENCH.md target is >= 300).

Run with Debian's python: /usr/bin/python3 bench/w0_sqlalchemy.py [build-rel/w0_compile]
"""
import statistics
import subprocess
import sys
import time

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.dialects.mysql import mariadbconnector

ROUNDS = 7
ITERATIONS = 2000

metadata = sa.MetaData()
notes = sa.Table(
    "notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("text", sa.String(100)),
    sa.Column("completed", sa.Boolean),
    sa.Column("score", sa.Float),
)
tags = sa.Table(
    "tags", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("note_id", sa.Integer, sa.ForeignKey("notes.id")),
    sa.Column("name", sa.String(20)),
)

DIALECTS = [
    ("postgresql", postgresql.dialect()),
    ("mysql", mysql.dialect()),
    ("mariadb", mariadbconnector.dialect()),
    ("sqlite", sqlite.dialect()),
]


def build():
    return (
        sa.select(notes.c.id, notes.c.text, tags.c.name)
        .select_from(notes.join(tags, tags.c.note_id == notes.c.id))
        .where(notes.c.completed == True)  # noqa: E712 (SQLAlchemy's operator)
        .where(notes.c.id.in_([1, 2, 3]))
        .where(notes.c.text.like("%milk%"))
        .order_by(notes.c.id.desc())
        .limit(10)
    )


def per_statement_us(fn):
    t0 = time.perf_counter()
    for _ in range(ITERATIONS):
        fn()
    return (time.perf_counter() - t0) / ITERATIONS * 1e6


def sqlalchemy_round(results):
    for name, dialect in DIALECTS:
        stmt = build()
        # compile_kwargs off, no cache: each compile does the whole work, as asql does.
        compile_only = per_statement_us(lambda: stmt.compile(dialect=dialect))
        full = per_statement_us(lambda: build().compile(dialect=dialect))
        results.setdefault(name, {"compile": [], "full": []})
        results[name]["compile"].append(compile_only)
        results[name]["full"].append(full)


def asql_round(program, results):
    out = subprocess.run([program, "--machine", "1", "200000"], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        name, full_ns, compile_ns, allocs = line.split()
        r = results.setdefault(name, {"full": [], "compile": [], "allocs": 0})
        r["full"].append(float(full_ns) / 1000)
        r["compile"].append(float(compile_ns) / 1000)
        r["allocs"] = int(allocs)


def main():
    program = sys.argv[1] if len(sys.argv) > 1 else None
    sa_results, asql_results = {}, {}
    print("SQLAlchemy %s, W0, %d rounds, medians per statement" %
          (sa.__version__, ROUNDS))
    print(str(build().compile(dialect=DIALECTS[0][1])).replace("\n", " "))
    for _ in range(ROUNDS):
        sqlalchemy_round(sa_results)
        if program:
            asql_round(program, asql_results)
    for name, _ in DIALECTS:
        s = sa_results[name]
        sa_compile = statistics.median(s["compile"])
        sa_full = statistics.median(s["full"])
        line = "%-10s SQLAlchemy compile %7.1f us  build+compile %7.1f us" % (
            name, sa_compile, sa_full)
        if program:
            a = asql_results[name]
            asql_full = statistics.median(a["full"])
            asql_compile = statistics.median(a["compile"])
            line += ("  | asql build+compile %.3f us, compile %.3f us, %d allocations"
                     "  | SQLAlchemy compile / asql build+compile = %.0fx"
                     " (build+compile / build+compile = %.0fx)" % (
                         asql_full, asql_compile, a["allocs"], sa_compile / asql_full,
                         sa_full / asql_full))
        print(line)


if __name__ == "__main__":
    main()
