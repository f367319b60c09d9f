"""The load generator: a separate process (no Django) that replays prepared requests against the server
with N threads, each on its own ``http.client`` connection, and reports latencies, statuses and the
server's ``X-Bench-Queries`` header.

Input (stdin, JSON): {"host", "port", "concurrency", "warmup", "requests": [{"method", "path", "headers",
"body"}...]}; every request is sent once, in order, shared out among the threads. Output (stdout, JSON):
{"latencies_ms": [...], "statuses": {...}, "queries": [...], "wall_s": ..., "errors": [...]}."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from typing import Any


def _send(conn: http.client.HTTPConnection, req: dict[str, Any]) -> tuple[int, float, int | None, bytes]:
    body = req.get("body")
    data = body.encode() if isinstance(body, str) else None
    t0 = time.perf_counter()
    conn.request(req["method"], req["path"], body=data, headers=req.get("headers") or {})
    resp = conn.getresponse()
    payload = resp.read()
    elapsed = (time.perf_counter() - t0) * 1000
    queries = resp.getheader("X-Bench-Queries")
    if resp.getheader("Connection", "").lower() == "close":
        conn.close()
    return resp.status, elapsed, int(queries) if queries else None, payload


def run(spec: dict[str, Any]) -> dict[str, Any]:
    host, port = spec["host"], spec["port"]
    requests = spec["requests"]
    concurrency = spec["concurrency"]
    lock = threading.Lock()
    next_index = 0
    latencies: list[float] = []
    queries: list[int] = []
    statuses: dict[str, int] = {}
    errors: list[str] = []

    def worker() -> None:
        nonlocal next_index
        conn = http.client.HTTPConnection(host, port, timeout=120)
        while True:
            with lock:
                i = next_index
                next_index += 1
            if i >= len(requests):
                break
            try:
                status, ms, q, payload = _send(conn, requests[i])
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                with lock:
                    errors.append(f"{requests[i]['path']}: {exc!r}")
                continue
            with lock:
                latencies.append(ms)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                if q is not None:
                    queries.append(q)
                if status >= 400 and len(errors) < 5:
                    errors.append(f"{requests[i]['method']} {requests[i]['path']}: {status} {payload[:300]!r}")
        conn.close()

    for req in spec.get("warmup", []):
        conn = http.client.HTTPConnection(host, port, timeout=120)
        _send(conn, req)
        conn.close()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"latencies_ms": latencies, "statuses": statuses, "queries": queries, "wall_s": wall, "errors": errors}


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
