"""``python -m qamqor.bench report bench-results/<file>.json``: the figures of a run as the Markdown tables
of docs/performance.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    d = results["data_set"]
    sizes = d["sizes"]
    gen = d["generation"] or {}
    lines = [
        f"Run of {results['started']} – {results['finished']}, scale {d['scale']:g}, seed {d['seed']}; "
        f"region under test {results['region']}.",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} memory, {m['platform']}; Python {m['python']}, "
        f"PostgreSQL {m['postgresql']} (shared_buffers {m['shared_buffers']}); load average at start "
        f"{', '.join(f'{x:.1f}' for x in m['load_average_at_start'])} (shared with other sessions' test runs).",
        "",
        f"Data set: {sizes['providers']:,} providers, {sizes['persons']:,} persons, {sizes['placed_now']:,} placed "
        f"now, {sizes['queue_applications']:,} queue applications, {sizes['journal_events']:,} journal events; "
        f"generated in {gen.get('seconds', {}).get('total', '?')} s "
        f"({', '.join(f'{k} {v} s' for k, v in gen.get('seconds', {}).items() if k != 'total')}).",
        "",
        "| Endpoint | c | median ms | p95 ms | p99 ms | req/s | queries | CPU ms app + db | CPU-bound req/s | "
        "SQL median ms | HTTP ÷ SQL |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in results["endpoints"].values():
        for c in (1, 16):
            r = e[f"c{c}"]
            q = "–".join(map(str, r["queries_per_request"] or []))
            cpu = r.get("cpu_ms_per_request") or {}
            sql = e.get("sql", {}).get("median_ms", "") if c == 1 else ""
            ratio = e.get("ratio_http_to_sql", "") if c == 1 else ""
            lines.append(f"| {e['label'] if c == 1 else ''} | {c} | {r['median_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                         f"{r['throughput_rps']} | {q} | {cpu.get('app', '')} + {cpu.get('db', '')} | "
                         f"{r.get('cpu_bound_capacity_rps', '')} | {sql} | {ratio} |")
    lines += ["", "| Batch | seconds | peak memory (MiB) | details |", "|---|---|---|---|"]
    for key, b in results["batch"].items():
        details = {k: v for k, v in b.items() if k not in ("seconds", "peak_rss_mib")}
        lines.append(f"| {key} | {b.get('seconds', '')} | {b.get('peak_rss_mib', '')} | "
                     f"{json.dumps(details, ensure_ascii=False)[:300]} |")
    return "\n".join(lines)


def main(path: str) -> None:
    print(markdown(json.loads(Path(path).read_text())))
