"""What the soak and restart tests share: a throwaway PostgreSQL database filled by the real management
commands, gunicorn serving ``qamqor.wsgi`` on a free loopback port in production mode (plain HTTP, no
second factor), HTTP clients with their own cookie jar (no Django on the client side), and the workers'
memory read from /proc."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "qamqor-demo"


def pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


def _base_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_TEST_NAME", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT / "src"), PYTHONDONTWRITEBYTECODE="1")
    return env


def manage(*args: str, database_url: str, production: bool = False, extra: dict[str, str] | None = None,
           timeout: int = 900) -> subprocess.CompletedProcess:
    env = _base_env(database_url)
    env["QAMQOR_ENV"] = "production" if production else "development"
    if production:
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(extra or {})
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True,
                            text=True, cwd=ROOT, timeout=timeout, check=False)
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new empty PostgreSQL database, dropped at the end whatever happens (connections terminated)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = pg_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url(name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def load_demo(database_url: str) -> None:
    """Migrate and load the catalogs, regions, demo registry and demo journal, then the control subjects."""
    for command in (("migrate", "--noinput", "-v", "0"), ("load_rules",), ("load_regions",), ("load_demo",),
                    ("load_demo_journal",), ("recompute_risk", "--sync", "--no-findings")):
        manage(*command, database_url=database_url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving qamqor.wsgi in production mode over plain HTTP on loopback."""

    def __init__(self, database_url: str, static_root: Path, *, workers: int = 2, timeout: int = 60) -> None:
        self.port = free_port()
        self.env = _base_env(database_url)
        self.env.update(QAMQOR_ENV="production", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
                        SECURE_SSL_REDIRECT="0", SECURE_HSTS_PRELOAD="0", QAMQOR_TWO_FACTOR_REQUIRED="false",
                        STATIC_ROOT=str(static_root), LOG_LEVEL="ERROR", DB_CONN_MAX_AGE="60")
        manage("collectstatic", "--noinput", "-v", "0", database_url=database_url, production=True,
               extra={"STATIC_ROOT": str(static_root), "SECRET_KEY": self.env["SECRET_KEY"]})
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = static_root.parent / f"gunicorn-{self.port}.log"
        cmd = [str(gunicorn), "qamqor.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers",
               str(workers), "--worker-class", "sync", "--timeout", str(timeout), "--graceful-timeout", "5",
               "--log-level", "warning", "--chdir", str(ROOT / "src")]
        self._log_file = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/kk/login/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer")

    def workers(self) -> list[int]:
        out = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) == self.proc.pid:
                    out.append(int(entry.name))
        return sorted(out)

    @staticmethod
    def rss_mib(pid: int) -> float:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self._log_file.close()


class Client:
    """One logged-in user: a keep-alive connection, a cookie jar, CSRF for writes."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        self.port, self.timeout = port, timeout
        self.jar: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _cookies(self, resp: http.client.HTTPResponse) -> None:
        for header in resp.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(header)
            for k, morsel in c.items():
                self.jar[k] = morsel.value

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items()),
                "Origin": f"http://127.0.0.1:{self.port}", "Referer": f"http://127.0.0.1:{self.port}/",
                **(headers or {})}
        if method != "GET" and "csrftoken" in self.jar:
            hdrs["X-CSRFToken"] = self.jar["csrftoken"]
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                payload = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a keep-alive connection the server closed between requests: reconnect once (only
                # before anything was answered, so a request is never silently sent twice)
                self.conn.close()
                self.conn = None
                if attempt == 2 or method != "GET":
                    raise
                continue
            self._cookies(resp)
            if resp.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return resp.status, payload
        raise AssertionError("unreachable")

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def post_json(self, path: str, data: dict[str, Any]) -> tuple[int, bytes]:
        return self.request("POST", path, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.get("/kk/login/")
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": self.jar["csrftoken"]}).encode()
        status, payload = self.request("POST", "/kk/login/", body,
                                       {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or "sessionid" not in self.jar:
            raise AssertionError(f"log-in of {username} failed: {status} {payload[:500]!r}")
