"""PostgreSQL restarts while gunicorn serves: the requests that meet the restart fail with a clear 503
(a problem document with Retry-After on the API, never a bare 500 or a dropped connection), the
requests after it succeed, and what was written before the restart is still there.

Opt-in, because it restarts the whole local cluster that other test runs may be using:
    QAMQOR_TEST_PG_RESTART=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/pytest tests/reliability/test_pg_restart.py -s -p no:cacheprovider --create-db
The restart command is ``pg_ctlcluster --skip-systemctl-redirect <version> <cluster> restart`` for the
cluster on the configured port (found with ``pg_lsclusters``), or QAMQOR_PG_RESTART_COMMAND."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.reliability.server import Client, Server, manage, scratch_database

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="restarts a PostgreSQL server"),
    pytest.mark.skipif(os.environ.get("QAMQOR_TEST_PG_RESTART") != "1",
                       reason="restarts the shared local PostgreSQL cluster: opt in with QAMQOR_TEST_PG_RESTART=1 "
                              "(docs/reliability.md)"),
]


def _restart_command() -> list[str]:
    if os.environ.get("QAMQOR_PG_RESTART_COMMAND"):
        return shlex.split(os.environ["QAMQOR_PG_RESTART_COMMAND"])
    port = str(connection.settings_dict.get("PORT") or 5432)
    lines = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout
    for line in lines.splitlines():
        version, cluster, cluster_port, *_ = line.split()
        if cluster_port == port:
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart"]
    raise AssertionError(f"no local cluster on port {port}: {lines}")


def test_requests_across_a_postgresql_restart(tmp_path: Path) -> None:
    restart = _restart_command()
    with scratch_database("qamqor_restart") as url:
        for command in (("migrate", "--noinput", "-v", "0"), ("load_rules",), ("load_regions",), ("load_demo",)):
            manage(*command, database_url=url)
        server = Server(url, tmp_path / "static")
        results: list[tuple[float, str, int, bytes]] = []
        try:
            admin = Client(server.port)
            admin.login("admin")
            with psycopg.connect(url) as conn:
                provider = str(conn.execute("SELECT uid FROM registry_provider ORDER BY id LIMIT 1").fetchone()[0])
            status, payload = admin.post_json(f"/api/v1/providers/{provider}/capacities/",
                                              {"setting": "stationary", "capacity": 777})
            assert status == 200, payload  # written before the restart

            stop = threading.Event()

            def drive(path: str) -> None:
                c = Client(server.port, timeout=30)
                c.jar = dict(admin.jar)
                while not stop.is_set():
                    try:
                        status, body = c.get(path)
                    except Exception as exc:  # noqa: BLE001 - a dropped connection is recorded as such
                        status, body = 599, repr(exc).encode()
                        c.conn = None
                    results.append((time.monotonic(), path, status, body[:4000]))
                    time.sleep(0.05)

            threads = [threading.Thread(target=drive, args=(p,), daemon=True)
                       for p in ("/api/v1/persons/?q=a", "/kk/persons/", "/api/v1/providers/")]
            for t in threads:
                t.start()
            time.sleep(3)
            restarted_at = time.monotonic()
            subprocess.run(restart, check=True, capture_output=True, timeout=120)
            back_at = time.monotonic()
            time.sleep(8)
            stop.set()
            for t in threads:
                t.join(timeout=60)
            status, payload = admin.get(f"/api/v1/providers/{provider}/")
        finally:
            server.stop()
        counts: dict[int, int] = {}
        for _, _, s, _ in results:
            counts[s] = counts.get(s, 0) + 1
        print(f"\nrestart took {back_at - restarted_at:.1f}s; responses by status: {counts}")
        failures = [r for r in results if r[2] != 200]
        for at, path, s, body in failures[:10]:
            print(f"  {at - restarted_at:+.2f}s {path}: {s} {body[:160]!r}")
        assert all(s in (200, 503) for _, _, s, _ in results), "a request failed other than with a clear 503"
        for _, path, _s, body in failures:
            if path.startswith("/api/"):
                problem = json.loads(body)
                assert problem["status"] == 503 and problem["code"] == "service_unavailable"
        assert [s for t, _, s, _ in results if t > back_at + 3] and all(
            s == 200 for t, _, s, _ in results if t > back_at + 3), "requests after the restart still fail"
        assert status == 200 and any(c["setting"] == "stationary" and c["capacity"] == 777
                                     for c in json.loads(payload)["capacities"]), payload
