#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Prints the ASQL__FOREACH block of include/asql/expr.h (the column-list expander of
# ASQL_TABLE_DEF). Run it and paste its output when the column limit changes.
N = 64
print("#define ASQL_MAX_COLUMNS %d" % N)
print("#define ASQL__NARGS(...) ASQL__NARGS_(__VA_ARGS__, " + ", ".join(str(i) for i in range(N, 0, -1)) + ")")
print("#define ASQL__NARGS_(" + ", ".join("_%d" % i for i in range(1, N + 1)) + ", n, ...) n")
print("#define ASQL__CAT(a, b) ASQL__CAT_(a, b)")
print("#define ASQL__CAT_(a, b) a##b")
print("#define ASQL__FOREACH(F, v, ...) ASQL__CAT(ASQL__FE_, ASQL__NARGS(__VA_ARGS__))(F, v, __VA_ARGS__)")
print("#define ASQL__FE_1(F, v, x) F(v, x)")
for i in range(2, N + 1):
    print("#define ASQL__FE_%d(F, v, x, ...) F(v, x), ASQL__FE_%d(F, v, __VA_ARGS__)" % (i, i - 1))
