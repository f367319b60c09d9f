"""The measuring half of the benchmark: bench users and probes drawn from the data set, gunicorn serving
``qamqor.bench.wsgi`` on loopback, the load generator (``qamqor.bench.load``) in a separate process at
concurrency 1 and 16, the same answers by hand-written SQL through psycopg, the batch work in child
processes; then a table on stdout and JSON in bench-results/."""

from __future__ import annotations

import json
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from qamqor.bench.generate import ANCHOR, PASSWORD

LEB_USER = "bench.leb"
WEB_APP_NAME = "qamqor-bench-web"
CONCURRENCY = (1, 16)
CORES = os.cpu_count() or 1
HEAVY = {"journal_page", "region_dashboard"}
BATCH_TIMEOUT = int(os.environ.get("BENCH_BATCH_TIMEOUT", "900"))


def _pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")
    import django

    django.setup()


# --- probes --------------------------------------------------------------------------------------------------

def _probes(cur: Any, rng: random.Random, seed: int, n: int) -> dict[str, Any]:
    """The region under test (the one with most providers, ties by code) and the samples each endpoint
    uses, drawn reproducibly from the data set."""
    cur.execute("SELECT r.id, r.code FROM registry_region r JOIN registry_provider p ON p.region_id = r.id "
                "GROUP BY r.id, r.code ORDER BY count(*) DESC, r.code LIMIT 1")
    region_id, region_code = cur.fetchone()
    salt = f"bench{seed}"
    cur.execute("SELECT iin, surname FROM registry_person WHERE region_id = %s ORDER BY md5(id::text || %s) LIMIT %s",
                (region_id, salt, n))
    people = cur.fetchall()
    cur.execute("SELECT p.uid, p.id, j.setting, (SELECT count(*) FROM journal_journalevent e WHERE e.journal_id = j.id) "
                "FROM journal_journal j JOIN registry_provider p ON p.id = j.provider_id WHERE p.region_id = %s "
                "ORDER BY p.id, j.setting", (region_id,))
    journals = cur.fetchall()
    cur.execute("SELECT uid FROM journal_queueapplication WHERE status IN ('pending', 'offered') "
                "ORDER BY md5(id::text || %s) LIMIT %s", (salt, n))
    positions = [str(r[0]) for r in cur.fetchall()]
    # Filing: provider settings of the region with no free place (so that the queue takes applications)
    # and adults with full capacity of the region who are in no journal yet.
    cur.execute("""
        SELECT p.uid, s.setting FROM registry_providersetting s JOIN registry_provider p ON p.id = s.provider_id
         WHERE p.region_id = %s AND s.setting IN ('stationary', 'semi_stationary', 'home_care')
           AND s.capacity <= (SELECT count(*) FROM journal_placement pl WHERE pl.provider_id = s.provider_id
                                AND pl.setting = s.setting AND pl.active)
                           + (SELECT count(*) FROM journal_queueapplication a WHERE a.provider_id = s.provider_id
                                AND a.setting = s.setting AND a.status = 'offered')
         ORDER BY p.id, s.setting""", (region_id,))
    targets = [(str(u), s) for u, s in cur.fetchall()]
    cur.execute("""
        SELECT uid FROM registry_person pe WHERE region_id = %s AND legal_capacity = 'full' AND birth_date < %s
           AND NOT EXISTS (SELECT 1 FROM journal_journalevent e WHERE e.person_id = pe.id)
         ORDER BY md5(id::text || %s) LIMIT %s""", (region_id, ANCHOR - timedelta(days=365 * 19), salt, 2 * n + 50))
    filers = [str(r[0]) for r in cur.fetchall()]
    return {"region_id": region_id, "region_code": region_code, "people": people, "journals": journals,
            "positions": positions, "targets": targets, "filers": filers}


def _ensure_user(region_code: str) -> None:
    from qamqor.accounts.models import Role, User
    from qamqor.registry.models import Region

    user, _ = User.objects.get_or_create(username=LEB_USER, defaults={
        "role": Role.LEB_OFFICER, "region": Region.objects.get(code=region_code), "first_name": "Bench",
        "last_name": "Officer"})
    user.role = Role.LEB_OFFICER
    user.region = Region.objects.get(code=region_code)
    user.is_active = True
    user.set_password(PASSWORD)
    user.save()


# --- the server ----------------------------------------------------------------------------------------------

class Server:
    def __init__(self, *, port: int, workers: int, dsn: str) -> None:
        self.port = port
        root = Path(__file__).resolve().parents[3]
        web_dsn = dsn + ("&" if "?" in dsn else "?") + "application_name=" + WEB_APP_NAME
        env = dict(os.environ, DATABASE_URL=web_dsn, DEBUG="0", QAMQOR_ENV="development", DB_CONN_MAX_AGE="600",
                   SECRET_KEY=secrets.token_urlsafe(40), LOG_LEVEL="ERROR", PYTHONPATH=str(root / "src"),
                   QAMQOR_TWO_FACTOR_REQUIRED="0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.cmd = [str(gunicorn), "qamqor.bench.wsgi:application", "--bind", f"127.0.0.1:{port}",
                    "--workers", str(workers), "--worker-class", "sync", "--timeout", "300",
                    "--log-level", "warning", "--chdir", str(root / "src")]
        self.proc = subprocess.Popen(self.cmd, env=env, cwd=root, start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        import http.client

        for _ in range(240):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/kk/login/")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _cpu_seconds(server: Server, dsn: str) -> tuple[float, float]:
    """CPU seconds used so far by the gunicorn processes and by the PostgreSQL backends serving them
    (from /proc): contention-independent cost, where wall-clock latency on a shared machine is not."""
    import psycopg

    hz = os.sysconf("SC_CLK_TCK")
    app = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == server.proc.pid:
                    app += _ticks(int(entry.name))
            except OSError:
                continue
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", (WEB_APP_NAME,))
        db = sum(_ticks(pid) for (pid,) in cur.fetchall())
    return app / hz, db / hz


def _login(port: int) -> dict[str, str]:
    import http.client
    from http.cookies import SimpleCookie

    def cookies(resp: Any, jar: dict[str, str]) -> None:
        for header in resp.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(header)
            for k, morsel in c.items():
                jar[k] = morsel.value

    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/kk/login/")
    resp = conn.getresponse()
    resp.read()
    cookies(resp, jar)
    body = urllib.parse.urlencode({"username": LEB_USER, "password": PASSWORD,
                                   "csrfmiddlewaretoken": jar["csrftoken"]})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/kk/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={jar['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/kk/login/"})
    resp = conn.getresponse()
    resp.read()
    cookies(resp, jar)
    if "sessionid" not in jar:
        raise RuntimeError(f"log-in failed ({resp.status})")
    return jar


# --- the endpoints -------------------------------------------------------------------------------------------

def _requests(name: str, probes: dict[str, Any], jar: dict[str, str], n: int, rng: random.Random,
              offset: int) -> list[dict[str, Any]]:
    auth = {"Cookie": f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"}
    people = probes["people"]
    out: list[dict[str, Any]] = []
    for i in range(n):
        if name == "person_by_iin":
            iin = people[(offset + i) % len(people)][0]
            out.append({"method": "GET", "path": f"/api/v1/persons/?q={iin}", "headers": auth})
        elif name == "person_search":
            surname = people[(offset + i) % len(people)][1]
            prefix = surname[: 3 + (offset + i) % 3]
            out.append({"method": "GET", "path": "/api/v1/persons/?q=" + urllib.parse.quote(prefix), "headers": auth})
        elif name == "journal_page":
            uid, _pid, setting, _events = probes["journals"][(offset + i) % len(probes["journals"])]
            out.append({"method": "GET", "path": f"/kk/journal/providers/{uid}/{setting}/", "headers": auth})
        elif name == "queue_position":
            uid = probes["positions"][(offset + i) % len(probes["positions"])]
            # Many applicants from many addresses: the public throttle counts per address.
            ip = f"10.{(offset + i) // 65536 % 256}.{(offset + i) // 256 % 256}.{(offset + i) % 256}"
            out.append({"method": "GET", "path": f"/api/v1/journal/position/{uid}/",
                        "headers": {"X-Forwarded-For": ip}})
        elif name == "region_dashboard":
            out.append({"method": "GET", "path": f"/kk/regions/{probes['region_code']}/", "headers": auth})
        elif name == "queue_apply":
            if not probes["filers"] or not probes["targets"]:
                break  # a small data set has fewer persons free to apply than requests asked for
            person = probes["filers"].pop()
            provider_uid, setting = probes["targets"][(offset + i) % len(probes["targets"])]
            out.append({"method": "POST", "path": f"/api/v1/journal/providers/{provider_uid}/applications/file/",
                        "headers": {**auth, "Content-Type": "application/json", "X-CSRFToken": jar["csrftoken"]},
                        "body": json.dumps({"person": person, "setting": setting, "channel": "portal"})})
    return out


ENDPOINTS = ("person_by_iin", "person_search", "journal_page", "queue_position", "region_dashboard", "queue_apply")
LABELS = {"person_by_iin": "person by IIN (API)", "person_search": "person search by name prefix (API)",
          "journal_page": "provider's journal page", "queue_position": "queue position (public API)",
          "region_dashboard": "region dashboard page", "queue_apply": "queue application (API POST)"}


def _load(port: int, requests: list[dict[str, Any]], concurrency: int, warmup: list[dict[str, Any]]) -> dict[str, Any]:
    spec = {"host": "127.0.0.1", "port": port, "concurrency": concurrency, "requests": requests, "warmup": warmup}
    proc = subprocess.run([sys.executable, "-m", "qamqor.bench.load"], input=json.dumps(spec), text=True,
                          capture_output=True, check=True)
    return json.loads(proc.stdout)


# --- hand-written SQL ----------------------------------------------------------------------------------------

SCOPE = ("(p.region_id = %(region)s OR p.id IN (SELECT pp.person_id FROM registry_providerperson pp "
         "JOIN registry_provider v ON v.id = pp.provider_id WHERE v.region_id = %(region)s))")
PERSON_COLS = ("p.uid, p.iin, p.surname, p.given_name, p.patronymic, p.birth_date, p.sex, r.code, r.name_kk, "
               "d.code, d.name_kk")
SQL = {
    "person_by_iin": f"""SELECT {PERSON_COLS} FROM registry_person p JOIN registry_region r ON r.id = p.region_id
        LEFT JOIN registry_district d ON d.id = p.district_id WHERE p.iin = %(iin)s AND {SCOPE}""",
    "person_search": f"""SELECT {PERSON_COLS}, count(*) OVER () FROM registry_person p
        JOIN registry_region r ON r.id = p.region_id LEFT JOIN registry_district d ON d.id = p.district_id
        WHERE (p.search_name LIKE %(starts)s OR p.search_name LIKE %(word)s) AND {SCOPE}
        ORDER BY p.surname, p.given_name, p.id LIMIT 50""",
    "journal_page": """SELECT e.id, e.kind, e.event_date, e.application_id, e.order_number, e.order_date, e.reason,
        e.reason_code, e.arrival_by, p.uid, p.surname, p.given_name, p.patronymic, p.birth_date, p.sex, p.address,
        p.phone, p.ipr_valid_until FROM journal_journalevent e JOIN journal_journal j ON j.id = e.journal_id
        JOIN registry_person p ON p.id = e.person_id WHERE j.provider_id = %(provider)s AND j.setting = %(setting)s
        ORDER BY e.id""",
    "queue_position": """WITH a AS (SELECT id, provider_id, setting, status FROM journal_queueapplication
          WHERE uid = %(uid)s),
        q AS (SELECT x.id, row_number() OVER (ORDER BY x.out_of_turn DESC, x.received_at, COALESCE(x.place_of_id, x.id))
          AS pos FROM journal_queueapplication x JOIN a ON x.provider_id = a.provider_id AND x.setting = a.setting
          WHERE x.status IN ('pending', 'offered'))
        SELECT q.pos, q.pos - 1, v.name_kk, a.status, (SELECT count(*) FROM journal_placement pl
          WHERE pl.provider_id = a.provider_id AND pl.setting = a.setting AND NOT pl.active
            AND pl.ended_on > %(since)s AND pl.ended_on <= %(today)s)
        FROM a JOIN q ON q.id = a.id JOIN registry_provider v ON v.id = a.provider_id""",
    "region_dashboard": """SELECT v.id, v.name_kk, s.setting, s.capacity, occ.n, q.offered, q.waiting, pl.late
        FROM registry_provider v JOIN registry_providersetting s ON s.provider_id = v.id
        LEFT JOIN LATERAL (SELECT count(*) AS n FROM journal_placement p WHERE p.provider_id = v.id
          AND p.setting = s.setting AND p.active) occ ON true
        LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE a.status = 'offered') AS offered,
          count(*) FILTER (WHERE a.status = 'pending') AS waiting FROM journal_queueapplication a
          WHERE a.provider_id = v.id AND a.setting = s.setting AND a.status IN ('pending', 'offered')) q ON true
        LEFT JOIN LATERAL (SELECT count(*) AS late FROM care_individualworkplan w WHERE w.provider_id = v.id
          AND w.status IN ('draft', 'filled') AND w.fill_by < %(today)s) pl ON true
        WHERE v.region_id = %(region)s ORDER BY v.name_kk, s.setting""",
}


def _sql_params(name: str, probes: dict[str, Any], i: int) -> dict[str, Any]:
    from qamqor.registry.domain import normalize_name

    region = probes["region_id"]
    people = probes["people"]
    today = date.today()
    if name == "person_by_iin":
        return {"iin": people[i % len(people)][0], "region": region}
    if name == "person_search":
        key = normalize_name(people[i % len(people)][1][: 3 + i % 3])
        return {"starts": key + "%", "word": "% " + key + "%", "region": region}
    if name == "journal_page":
        _uid, pid, setting, _n = probes["journals"][i % len(probes["journals"])]
        return {"provider": pid, "setting": setting}
    if name == "queue_position":
        return {"uid": probes["positions"][i % len(probes["positions"])], "since": today - timedelta(days=365),
                "today": today}
    return {"region": region, "today": today}


def _time_sql(dsn: str, name: str, probes: dict[str, Any], n: int) -> dict[str, Any]:
    import psycopg

    times = []
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        for i in range(min(n, 5)):  # warm-up, as the HTTP run has
            cur.execute(SQL[name], _sql_params(name, probes, i))
            cur.fetchall()
        for i in range(n):
            t0 = time.perf_counter()
            cur.execute(SQL[name], _sql_params(name, probes, i))
            cur.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(_pct(times, 95), 2)}


# --- batch ---------------------------------------------------------------------------------------------------

def _batch(task: str, args: dict[str, Any], dsn: str) -> dict[str, Any]:
    env = dict(os.environ, DATABASE_URL=dsn, DEBUG="0", LOG_LEVEL="ERROR")
    try:
        proc = subprocess.run([sys.executable, "-m", "qamqor.bench.batch", task, json.dumps(args)], env=env,
                              capture_output=True, text=True, timeout=BATCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {BATCH_TIMEOUT} s", "seconds": f">{BATCH_TIMEOUT}"}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:300]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _available(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# --- machine -------------------------------------------------------------------------------------------------

def _machine(dsn: str) -> dict[str, Any]:
    import psycopg

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except OSError:
        pass
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        shared = cur.fetchone()[0]
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(),
            "postgresql": pg, "shared_buffers": shared, "platform": platform.platform(),
            "load_average_at_start": os.getloadavg()}


# --- main ----------------------------------------------------------------------------------------------------

def run_all(args: Any) -> int:
    import psycopg

    dsn = os.environ["DATABASE_URL"]
    _django()
    rng = random.Random(args.seed)
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT scale, seed, info FROM bench_dataset ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
        if row is None:
            sys.exit("no data set: run `python -m qamqor.bench generate` first (scripts/bench.sh does)")
        scale, data_seed, info = row
        n = args.requests
        probes = _probes(cur, rng, args.seed, max(n, 200))
        cur.execute("SELECT (SELECT count(*) FROM registry_person), (SELECT count(*) FROM journal_journalevent), "
                    "(SELECT count(*) FROM journal_queueapplication), (SELECT count(*) FROM journal_placement "
                    "WHERE active), (SELECT count(*) FROM registry_provider)")
        sizes = dict(zip(("persons", "journal_events", "queue_applications", "placed_now", "providers"),
                         cur.fetchone(), strict=True))
    _ensure_user(probes["region_code"])
    started = datetime.now(UTC)
    results: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"), "data_set": {"scale": scale, "seed": data_seed,
                                                                      "sizes": sizes, "generation": info},
        "machine": _machine(dsn), "server": {"workers": args.workers, "worker_class": "sync", "DEBUG": False,
                                             "DB_CONN_MAX_AGE": 600},
        "region": probes["region_code"], "endpoints": {}, "batch": {}}
    only = set(filter(None, args.only.split(",")))
    names = [e for e in ENDPOINTS if not only or e in only]
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))  # stop gunicorn on the way out
    server = Server(port=args.port, workers=args.workers, dsn=dsn)
    try:
        jar = _login(args.port)
        offset = 0
        for name in names:
            count = max(40, n // 4) if name in HEAVY else n
            entry: dict[str, Any] = {"label": LABELS[name], "requests": count}
            if name == "queue_apply":
                count = min(count, len(probes["filers"]) // 2)
            warm = _requests(name, probes, jar, args.workers * 2 if name != "queue_apply" else 0, rng, 10_000)
            for c in CONCURRENCY:
                reqs = _requests(name, probes, jar, count, rng, offset)
                offset += count
                if warm:
                    _load(args.port, warm, min(c, len(warm)), [])
                    warm = []
                app0, db0 = _cpu_seconds(server, dsn)
                out = _load(args.port, reqs, c, [])
                app1, db1 = _cpu_seconds(server, dsn)
                lat = out["latencies_ms"]
                done = max(1, len(lat))
                cpu_app = 1000 * (app1 - app0) / done
                cpu_db = max(0.0, 1000 * (db1 - db0) / done)  # a backend replaced mid-run loses its ticks
                entry[f"c{c}"] = {
                    "median_ms": round(statistics.median(lat), 1) if lat else None,
                    "p95_ms": round(_pct(lat, 95), 1), "p99_ms": round(_pct(lat, 99), 1),
                    "throughput_rps": round(len(lat) / out["wall_s"], 1) if out["wall_s"] else None,
                    "statuses": out["statuses"], "errors": out["errors"][:3],
                    "queries_per_request": sorted(set(out["queries"]))[:5] if out["queries"] else None,
                    "cpu_ms_per_request": {"app": round(cpu_app, 1), "db": round(cpu_db, 1)},
                    "cpu_bound_capacity_rps": round(CORES * 1000 / (cpu_app + cpu_db), 1)
                    if cpu_app + cpu_db > 0 else None}
            if name in SQL:
                entry["sql"] = _time_sql(dsn, name, probes, min(count, 100))
                med = entry["c1"]["median_ms"]
                entry["ratio_http_to_sql"] = round(med / entry["sql"]["median_ms"], 1) if med else None
            results["endpoints"][name] = entry
            _print_row(name, entry)
    finally:
        server.stop()
    if not args.skip_batch:
        as_of = date.today().isoformat()
        with tempfile.TemporaryDirectory(prefix="qamqor-bench-") as tmp:
            if _available("qamqor.control.services.risk"):
                results["batch"]["risk_all_subjects"] = _batch("risk", {"as_of": as_of}, dsn)
            else:
                results["batch"]["risk_all_subjects"] = {"skipped": "qamqor.control is not available"}
            if _available("qamqor.exchange.services.roster"):
                rows = max(10_000, round(1_000_000 * scale))
                results["batch"]["esobes_reconcile"] = _batch("roster", {"rows": rows, "seed": args.seed,
                                                                         "as_of": ANCHOR.isoformat(), "tmp": tmp}, dsn)
            else:
                results["batch"]["esobes_reconcile"] = {"skipped": "qamqor.exchange is not available"}
            results["batch"]["region_journal_xlsx"] = _batch("xlsx", {"user": LEB_USER, "region": probes["region_code"],
                                                                      "year": ANCHOR.year - 1}, dsn)
            count = args.pdfs if args.pdfs is not None else max(20, round(1000 * scale))
            results["batch"]["plan_pdfs"] = _batch("pdf", {"user": LEB_USER, "region": probes["region_code"],
                                                           "count": count}, dsn)
        for key, value in results["batch"].items():
            print(f"{key:24} {json.dumps(value)[:160]}")
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"bench-{started:%Y%m%d-%H%M%S}-scale{scale:g}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwritten: {path}")
    return 0


_HEADER = False


def _print_row(name: str, e: dict[str, Any]) -> None:
    global _HEADER
    if not _HEADER:
        print(f"{'endpoint':36} {'c':>2} {'med ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} {'queries':>8} "
              f"{'SQL ms':>7} {'ratio':>6} {'cpu app':>7} {'cpu db':>6} {'cap/s':>6}  statuses")
        _HEADER = True
    for c in CONCURRENCY:
        r = e[f"c{c}"]
        q = r["queries_per_request"]
        sql = e.get("sql", {}).get("median_ms", "")
        ratio = e.get("ratio_http_to_sql", "") if c == 1 else ""
        print(f"{e['label'][:36]:36} {c:>2} {r['median_ms']!s:>8} {r['p95_ms']!s:>8} {r['p99_ms']!s:>8} "
              f"{r['throughput_rps']!s:>7} {('-'.join(map(str, q)) if q else '')[:8]:>8} "
              f"{(sql if c == 1 else '')!s:>7} {ratio!s:>6} {r['cpu_ms_per_request']['app']:>7} "
              f"{r['cpu_ms_per_request']['db']:>6} {r['cpu_bound_capacity_rps']!s:>6}  {r['statuses']}")
        for err in r["errors"][:1]:
            print(f"    ! {err[:200]}")
