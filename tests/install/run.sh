#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install test, run by ctest: installs the build tree into a temporary prefix, checks what was
# installed (files, SONAME, exported symbols), then builds and runs tests/install/consumer against
# it through pkg-config (shared, then static) and through find_package(asql).
# Usage: run.sh <build-dir> <work-dir> <libdir> <c-compiler> <cmake>
set -euo pipefail

build=$1 work=$2 libdir=$3 cc=$4 cmake=$5
here=$(cd "$(dirname "$0")" && pwd)
prefix=$work/prefix
lib=$prefix/$libdir

fail() { echo "install test: FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }

rm -rf "$work"
mkdir -p "$work"

step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || {
    cat "$work/install.log"; fail "cmake --install failed"; }

step "installed files"
for f in include/asql/asql.h include/asql/common.h include/asql/expr.h include/asql/dialect.h \
         include/asql/exec.h "$libdir/libasql.a" "$libdir/libasql.so" "$libdir/pkgconfig/asql.pc" \
         "$libdir/cmake/asql/asqlConfig.cmake" "$libdir/cmake/asql/asqlConfigVersion.cmake"; do
    [ -e "$prefix/$f" ] || fail "$f was not installed"
done
soname=$(readelf -d "$lib/libasql.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libasql.so.0 ] || fail "SONAME is '$soname', expected libasql.so.0"
[ -e "$lib/libasql.so.0" ] || fail "libasql.so.0 is missing"

# Only the public API is exported (so -fvisibility=hidden is in force): every dynamic symbol the
# library defines starts with asql_ and is named in an installed header. (Some asql__ helpers are
# public on purpose: the header's _Generic macros expand to them.)
step "exported symbols"
exported=$(nm -D --defined-only "$lib/libasql.so" | awk '{print $3}' | grep -vxE '_init|_fini' || true)
foreign=()
for sym in $exported; do
    [[ $sym == asql_* ]] && grep -qw -- "$sym" "$prefix"/include/asql/*.h || foreign+=("$sym")
done
[ ${#foreign[@]} -eq 0 ] || fail "exported but not in a public header: ${foreign[*]}"
echo "$(printf '%s\n' "$exported" | grep -c '^asql_' || true) public symbols"

export PKG_CONFIG_PATH=$lib/pkgconfig
cflags=$(pkg-config --cflags asql) || fail "pkg-config --cflags asql"
libs=$(pkg-config --libs asql) || fail "pkg-config --libs asql"
# What a static link needs: Requires.private and Libs.private, one level deep (a full --static
# expansion would also ask for the drivers' own static dependencies, which Debian does not ship).
requires=$(pkg-config --print-requires-private asql | awk '{print $1}')
private=$(sed -n 's/^Libs.private: *//p' "$lib/pkgconfig/asql.pc")
static_libs="-L$lib -Wl,-Bstatic -lasql -Wl,-Bdynamic $(pkg-config --libs $requires) $private"
strict=(-std=c99 -pedantic -Wall -Wextra -Werror)

step "compile against the installed headers (pkg-config: $cflags)"
"$cc" "${strict[@]}" $cflags -c "$here/consumer/consumer.c" -o "$work/consumer.o"

if [[ $'\n'$exported != *$'\n'asql_* ]]; then
    echo "install test: SKIP: the library exports no function yet (no sources in src/)"
    exit 77
fi

step "link with pkg-config, shared ($libs)"
"$cc" "$work/consumer.o" $libs -Wl,-rpath,"$lib" -o "$work/consumer-shared"
"$work/consumer-shared"
# (ldd's output is captured first: `ldd | grep -q` fails under pipefail when grep exits early.)
loaded=$(ldd "$work/consumer-shared")
[[ $loaded == *"$lib/libasql.so.0"* ]] || fail "consumer-shared does not load $lib/libasql.so.0"

step "link the static library with Requires.private and Libs.private ($static_libs)"
"$cc" "$work/consumer.o" $static_libs -o "$work/consumer-static"
"$work/consumer-static"
loaded=$(ldd "$work/consumer-static")
[[ $loaded != *libasql* ]] || fail "consumer-static loads libasql.so"

step "find_package(asql)"
"$cmake" -S "$here/consumer" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="${strict[*]}" >"$work/cmake.log" 2>&1 || {
    cat "$work/cmake.log"; fail "configuring the find_package consumer failed"; }
"$cmake" --build "$work/cmake-build" >>"$work/cmake.log" 2>&1 || {
    cat "$work/cmake.log"; fail "building the find_package consumer failed"; }
"$work/cmake-build/consumer"
echo "install test: OK"
