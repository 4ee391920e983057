# SPDX-License-Identifier: MIT
# A thin driver over CMake for the three things people type: `make run` (build and run the quick
# start), `make test` (everything CI checks) and `make bench`. Builds live in build/ (Debug,
# -Werror), build-asan/ (ASan+UBSan) and build-release/ (benchmarks); `make clean` removes them.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := build

JOBS ?= 2
MAKEFLAGS += --no-print-directory
CMAKE ?= cmake
# Arguments for the quick-start program, e.g. `make run ARGS=postgresql://...` (default SQLite).
ARGS ?=
FORMAT_DIRS := src include tests examples bench

.PHONY: run test bench deps build format format-check clean

deps:
	@scripts/install-deps.sh

build: deps
	@$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Debug -DASQL_WERROR=ON
	$(CMAKE) --build build -j$(JOBS)

run: deps
	@$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Debug
	$(CMAKE) --build build -j$(JOBS) --target quickstart
	build/examples/quickstart $(ARGS)

# Rewrites every C file of the tree in place with clang-format (see .clang-format).
format:
	@find $(wildcard $(FORMAT_DIRS)) -name '*.[ch]' | sort | xargs -r clang-format -i

format-check:
	@files=$$(find $(wildcard $(FORMAT_DIRS)) -name '*.[ch]' | sort)
	if clang-format --dry-run --Werror $$files; then
	    echo "format: $$(echo $$files | wc -w) files clean"
	else
	    echo "format: the files above differ from clang-format's output (fix: make format)"
	    exit 1
	fi

# The whole CI run: every step runs even when an earlier test step failed, the servers are
# stopped on any exit, and the exit status is non-zero when anything failed.
test: deps
	@start=$$SECONDS
	failed=()
	step() { echo; echo "=== $$* ($$((SECONDS - start)) s)"; }
	trap 'scripts/servers.sh stop || true' EXIT
	trap 'exit 130' INT TERM

	step "build/: Debug, -Wall -Wextra -Werror"
	$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Debug -DASQL_WERROR=ON -DASQL_SANITIZE=OFF >/dev/null
	$(CMAKE) --build build -j$(JOBS)

	step "clang-format check of $(FORMAT_DIRS)"
	$(MAKE) --no-print-directory format-check || failed+=(format)

	step "servers"
	scripts/servers.sh start
	set -a
	eval "$$(scripts/servers.sh env)"
	set +a
	scripts/servers.sh env

	step "ctest in build/"
	(cd build && ctest --output-on-failure -j$(JOBS)) 2>&1 | tee build/ctest.log || failed+=(ctest)

	step "build-asan/: ASan + UBSan"
	$(CMAKE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DASQL_WERROR=ON -DASQL_SANITIZE=ON \
	    -DASQL_BUILD_BENCH=OFF >/dev/null
	$(CMAKE) --build build-asan -j$(JOBS)
	step "ctest in build-asan/ (ASQL_TEST_SCALE=small, Check timeouts x3)"
	(cd build-asan && ASQL_TEST_SCALE=small CK_TIMEOUT_MULTIPLIER=3 \
	    ctest --output-on-failure -j$(JOBS)) 2>&1 |
	    tee build-asan/ctest.log || failed+=(ctest-asan)

	step "valgrind over the expr, dialect and exec tests (CK_FORK=no, ASQL_TEST_SCALE=small)"
	(cd build && CK_FORK=no ASQL_TEST_SCALE=small \
	    ctest -C Valgrind -L valgrind --output-on-failure -j$(JOBS)) 2>&1 |
	    tee build/ctest-valgrind.log || failed+=(valgrind)

	step "summary"
	for log in build/ctest.log build-asan/ctest.log build/ctest-valgrind.log; do
	    echo "$$log:"
	    grep -E '^[0-9]+% tests passed|^No tests were found|Total Test time|^[[:space:]]+[0-9]+ - ' \
	        "$$log" | sed 's/^/    /' || true
	done
	if [ $${#failed[@]} -gt 0 ]; then
	    echo "make test: FAILED: $${failed[*]} ($$((SECONDS - start)) s)"
	    exit 1
	fi
	echo "make test: all passed ($$((SECONDS - start)) s)"

bench:
	@scripts/install-deps.sh --bench
	$(CMAKE) -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DASQL_BUILD_TESTS=OFF \
	    -DASQL_BUILD_BENCH=ON >/dev/null
	$(CMAKE) --build build-release -j$(JOBS)
	trap 'scripts/servers.sh stop || true' EXIT
	trap 'exit 130' INT TERM
	scripts/servers.sh start
	set -a
	eval "$$(scripts/servers.sh env)"
	set +a
	if [ -x bench/run.sh ]; then
	    bench/run.sh build-release/bench
	    exit
	fi
	status=0 ran=0
	for prog in build-release/bench/*; do
	    [ -x "$$prog" ] || continue
	    echo "=== $$prog"
	    ran=$$((ran + 1))
	    "$$prog" || { echo "$$prog failed"; status=1; }
	done
	echo "bench: ran $$ran program(s)"
	exit $$status

clean:
	rm -rf build build-asan build-release
