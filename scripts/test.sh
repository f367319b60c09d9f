#!/usr/bin/env bash
# The whole test suite: lint, SQLite, then PostgreSQL (started here if it is not running).
# Fails loudly if PostgreSQL cannot be reached: it never skips silently.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PYTHONDONTWRITEBYTECODE=1

echo "== lint (ruff)"
.venv/bin/ruff check src tests

echo "== migrations are up to date"
DATABASE_URL="sqlite:///:memory:" $PY manage.py makemigrations --check --dry-run >/dev/null

echo "== translation catalogs compile"
$PY scripts/check_messages.py

echo "== tests on SQLite"
DATABASE_URL="sqlite:///$(mktemp -d)/qamqor-test.sqlite3" $PY -m pytest -q -p no:cacheprovider "$@"

echo "== tests on PostgreSQL"
PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  echo "PostgreSQL is not answering on $PGHOST:$PGPORT; starting it"
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
  fi
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null && break; sleep 1; done
fi
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  echo "FAILED: PostgreSQL cannot be reached on $PGHOST:$PGPORT (set PGHOST/PGPORT/PGUSER)." >&2
  exit 1
fi
# A throwaway database per run: created by the test runner, dropped at the end.
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/postgres"
export DATABASE_TEST_NAME="qamqor_test_$$_$(date +%s)"
$PY -m pytest -q -p no:cacheprovider --create-db "$@"
