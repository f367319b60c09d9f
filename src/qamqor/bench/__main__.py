"""``python -m qamqor.bench generate|run|report`` (scripts/bench.sh runs both; see docs/performance.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys


def _dsn() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to the PostgreSQL bench database (postgres://.../qamqor_bench)")
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qamqor.bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="generate the national data set into an empty migrated database")
    gen.add_argument("--scale", type=float, default=1.0)
    gen.add_argument("--seed", type=int, default=8)
    gen.add_argument("--fk-checks", action=argparse.BooleanOptionalAction, default=None,
                     help="keep foreign-key triggers on during COPY (default: on below scale 0.05)")
    run = sub.add_parser("run", help="measure (the data set must have been generated)")
    run.add_argument("--seed", type=int, default=8)
    run.add_argument("--requests", type=int, default=200, help="requests per endpoint and concurrency level")
    run.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--pdfs", type=int, default=None, help="PDFs to generate (default: 1000 x scale, at least 20)")
    run.add_argument("--out", default="bench-results")
    run.add_argument("--skip-batch", action="store_true")
    run.add_argument("--only", default="", help="comma-separated endpoint names to measure")
    rep = sub.add_parser("report", help="print a result file as the Markdown tables of docs/performance.md")
    rep.add_argument("path")
    args = parser.parse_args(argv)
    if args.command == "report":
        from qamqor.bench.report import main as report

        report(args.path)
        return 0
    dsn = _dsn()
    if args.command == "generate":
        from qamqor.bench.generate import generate

        result = generate(dsn=dsn, scale=args.scale, seed=args.seed, fk_checks=args.fk_checks)
        print(json.dumps(result, indent=2))
        return 0
    from qamqor.bench.run import run_all

    return run_all(args)


if __name__ == "__main__":
    raise SystemExit(main())
