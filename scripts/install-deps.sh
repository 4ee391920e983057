#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages asql needs to build and test (with --bench, also those the
# Python comparison in bench/ needs), and only those missing: when everything is present it only
# asks dpkg and returns. It never upgrades or removes a package.
# Usage: scripts/install-deps.sh [--bench]
set -euo pipefail

packages=(gcc g++ make cmake pkg-config libpq-dev libmariadb-dev libsqlite3-dev libev-dev check
          postgresql-15 mariadb-server valgrind clang-format)
if [ "${1:-}" = --bench ]; then
    packages+=(python3-databases python3-asyncpg python3-aiomysql python3-aiosqlite
               python3-sqlalchemy)
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--bench]" >&2
    exit 2
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
