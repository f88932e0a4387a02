#!/usr/bin/env bash
# Set everything up (Python packages, PostgreSQL) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# The browser tests drive Debian's Chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installerer Chromium (Debian-pakken) for nettlesartestane …" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "Chromium manglar: installer Debian-pakken chromium (sudo apt-get install chromium)." >&2
    exit 1
  fi
fi
pgdir=$(mktemp -d /tmp/trappa-pg.XXXXXX)
pg_bin=""
cleanup() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$pg_bin" ] && [ -f "$pgdir/data/postmaster.pid" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true
    else "$pg_bin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$pgdir"
}
trap cleanup EXIT
TRAPPA_TEST_POSTGRES_URL=$(./scripts/postgres.sh "$pgdir")
export TRAPPA_TEST_POSTGRES_URL
echo "== ruff"
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check --quiet src tests benchmarks scripts
echo "== mypy"
.venv/bin/mypy src
echo "== pytest on every core (SQLite and PostgreSQL at ${TRAPPA_TEST_POSTGRES_URL%%/trappa_test})"
.venv/bin/python -m pytest -n auto "$@"
