#!/usr/bin/env bash
# The benchmark of issue 8 (docs/performance.md): on PostgreSQL (started here if it is not running), in the
# database qamqor_bench, it generates the national data set from a seed (20 regions, 5,000 providers,
# 1,000,000 persons, 5,000,000+ journal events at --scale 1) and measures it through gunicorn on loopback.
# Prints a table and writes bench-results/bench-<time>.json.
#
#   scripts/bench.sh [--scale 1] [--seed 8] [--reuse] [run options: --requests 200 --workers 4 --pdfs N ...]
#
# --reuse keeps the data set when qamqor_bench already holds one generated with the same scale and seed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
SCALE=1; SEED=8; REUSE=0; RUN_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --reuse) REUSE=1; shift ;;
    *) RUN_ARGS+=("$1"); shift ;;
  esac
done

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
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
DB="${BENCH_DB:-qamqor_bench}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"

have=""
if [ "$REUSE" = 1 ]; then
  have=$(psql -d "$DB" -Atc "SELECT scale || ' ' || seed FROM bench_dataset ORDER BY id DESC LIMIT 1" 2>/dev/null || true)
fi
if [ -n "$have" ] && [ "$(echo "$have" | awk '{print $1+0, $2+0}')" = "$(echo "$SCALE $SEED" | awk '{print $1+0, $2+0}')" ]; then
  echo "== reusing the data set in $DB (scale $SCALE, seed $SEED)"
else
  echo "== fresh database $DB"
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  $PY manage.py migrate --noinput >/dev/null
  $PY manage.py load_rules >/dev/null
  $PY manage.py load_regions
  echo "== generating the data set (scale $SCALE, seed $SEED)"
  $PY -m qamqor.bench generate --scale "$SCALE" --seed "$SEED"
fi
echo "== measuring"
$PY -m qamqor.bench run --seed "$SEED" "${RUN_ARGS[@]}"
