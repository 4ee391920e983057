#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh DIR - runs the benchmarks built in DIR (make bench calls it): W0 asql against
# SQLAlchemy 1.4 in one run, then W1-W4 on SQLite against the raw sqlite3 floor. Medians and
# ratios are printed by the programs themselves.
set -euo pipefail
dir=${1:?usage: bench/run.sh BUILD_BENCH_DIR}
here=$(cd "$(dirname "$0")" && pwd)
status=0

echo "=== W0: build + compile, asql vs SQLAlchemy $(/usr/bin/python3 -c 'import sqlalchemy; print(sqlalchemy.__version__)')"
/usr/bin/python3 "$here/w0_sqlalchemy.py" "$dir/w0_compile" || status=1

echo
echo "=== W1-W4 on SQLite: asql vs raw sqlite3"
"$dir/w1_w4_sqlite" || status=1

exit $status
