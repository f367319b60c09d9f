"""Batch work of the benchmark, one task per child process so that its peak memory is its own:
``python -m qamqor.bench.batch <task> '<json args>'`` prints one JSON line with the seconds, the peak
resident memory (``ru_maxrss``) and the memory of the process before the task (Django loaded).

Tasks: ``risk`` (recompute the risk degree of every control subject, if ``qamqor.control`` is there),
``roster`` (import an E-sobes roster of N rows and reconcile every provider, if ``qamqor.exchange`` is
there), ``xlsx`` (a region's journals for a year in one workbook), ``pdf`` (N work-plan PDFs)."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from typing import Any


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _actor(username: str) -> Any:
    from qamqor.accounts.models import User

    return User.objects.get(username=username)


def task_risk(args: dict[str, Any]) -> dict[str, Any]:
    from qamqor.control.models import Subject
    from qamqor.control.services.risk import risk_recompute_all
    from qamqor.control.services.subjects import subjects_sync_from_registry

    t0 = time.perf_counter()
    subjects_sync_from_registry()
    t_sync = time.perf_counter() - t0
    t1 = time.perf_counter()
    report = risk_recompute_all(as_of=date.fromisoformat(args["as_of"]))
    return {"subjects": Subject.objects.filter(is_active=True).count(), "sync_seconds": round(t_sync, 2),
            "seconds": round(time.perf_counter() - t1, 2), "report": str(report)[:300]}


def _roster_csv(rows: int, seed: int, as_of: date) -> bytes:
    """An E-sobes roster: every placement of the data set as E-sobes would list it (2% with another
    admission date), then persons unknown to Qamqor up to ``rows``."""
    from qamqor.core.domain import Sex, make_iin
    from qamqor.journal.models import Placement
    from qamqor.registry.models import Provider

    rng = random.Random(seed)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["iin", "surname", "name", "patronymic", "birth_date", "provider_bin", "setting",
                "admission_date", "discharge_date", "category"])
    n = 0
    for (iin, surname, name, patronymic, birth, bin_, setting, started, ended) in (
            Placement.objects.values_list("person__iin", "person__surname", "person__given_name",
                                          "person__patronymic", "person__birth_date", "provider__bin", "setting",
                                          "started_on", "ended_on").order_by("id").iterator(chunk_size=5000)):
        if n >= rows:
            break
        if rng.random() < 0.02:
            started = started - timedelta(days=rng.randint(1, 30))
        w.writerow([iin, surname, name, patronymic, birth.isoformat(), bin_, setting, started.isoformat(),
                    ended.isoformat() if ended else "", ""])
        n += 1
    bins = list(Provider.objects.filter(is_active=True, settings__setting="stationary").values_list("bin", flat=True))
    serial = 0
    while n < rows:
        serial += 1
        birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 29000))
        iin = make_iin(birth, Sex.FEMALE if serial % 2 else Sex.MALE, serial % 10000)
        if not iin:
            continue
        w.writerow([iin, "Белгісіз", "Адам", "", birth.isoformat(), rng.choice(bins), "stationary",
                    (as_of - timedelta(days=rng.randint(1, 900))).isoformat(), "", ""])
        n += 1
    return out.getvalue().encode()


def task_roster(args: dict[str, Any]) -> dict[str, Any]:
    from qamqor.exchange.selectors import roster_differences
    from qamqor.exchange.services.roster import SYSTEM, roster_import
    from qamqor.registry.models import Provider

    as_of = date.fromisoformat(args["as_of"])
    t0 = time.perf_counter()
    data = _roster_csv(args["rows"], args["seed"], as_of)
    t_file = time.perf_counter() - t0
    rss_file = _rss_mib()
    path = os.path.join(args["tmp"], "esobes-roster.csv")
    with open(path, "wb") as f:
        f.write(data)
    del data
    t1 = time.perf_counter()
    with open(path, "rb") as f:
        outcome = roster_import(actor=SYSTEM, stream=f, file_name="esobes-roster.csv", as_of=as_of)
    t_import = time.perf_counter() - t1
    t2 = time.perf_counter()
    differences = 0
    for pid in Provider.objects.values_list("pk", flat=True).order_by("pk"):
        differences += len(roster_differences(pid, as_of))
    t_reconcile = time.perf_counter() - t2
    os.unlink(path)
    return {"rows": args["rows"], "file_seconds": round(t_file, 2), "rss_after_file_mib": round(rss_file),
            "import_seconds": round(t_import, 2), "reconcile_seconds": round(t_reconcile, 2),
            "seconds": round(t_import + t_reconcile, 2), "differences": differences,
            "import": str(getattr(outcome, "roster_import", outcome))[:200]}


def task_xlsx(args: dict[str, Any]) -> dict[str, Any]:
    from django.utils import translation

    from qamqor.core.documents import xlsx_bytes
    from qamqor.journal import selectors as sel
    from qamqor.journal.models import Journal
    from qamqor.rules.selectors import journal_columns

    translation.activate("kk")
    actor = _actor(args["user"])
    year = args["year"]
    period = (date(year, 1, 1), date(year, 12, 31))
    journals = list(Journal.objects.filter(provider__region__code=args["region"]).select_related("provider")
                    .order_by("provider_id", "setting"))
    t0 = time.perf_counter()
    rows: list[list[str]] = []
    for j in journals:
        _header, jrows = sel.journal_form(actor=actor, provider=j.provider, setting=j.setting, period=period)
        rows.extend([j.provider.bin, j.provider.name_kk, j.setting, *r.cells()] for r in jrows)
    t_rows = time.perf_counter() - t0
    data = xlsx_bytes("Journal", ["BIN", "Provider", "Setting", *journal_columns()], rows)
    return {"journals": len(journals), "rows": len(rows), "bytes": len(data), "rows_seconds": round(t_rows, 2),
            "seconds": round(time.perf_counter() - t0, 2)}


def task_pdf(args: dict[str, Any]) -> dict[str, Any]:
    from django.utils import translation

    from qamqor.care import selectors
    from qamqor.care.models import IndividualWorkPlan
    from qamqor.care.views import plan_print_context
    from qamqor.core.documents import pdf_bytes

    translation.activate("kk")
    actor = _actor(args["user"])
    uids = list(IndividualWorkPlan.objects.filter(provider__region__code=args["region"])
                .order_by("id").values_list("uid", flat=True)[: args["count"]])
    t0 = time.perf_counter()
    total = 0
    for uid in uids:
        plan = selectors.plan_get(actor=actor, uid=uid)
        total += len(pdf_bytes("care/pdf/plan.html", plan_print_context(actor, plan)))
    seconds = time.perf_counter() - t0
    return {"pdfs": len(uids), "bytes": total, "seconds": round(seconds, 2),
            "per_pdf_ms": round(1000 * seconds / max(1, len(uids)), 1)}


TASKS = {"risk": task_risk, "roster": task_roster, "xlsx": task_xlsx, "pdf": task_pdf}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")
    import django

    django.setup()
    task, args = sys.argv[1], json.loads(sys.argv[2])
    before = _rss_mib()
    t0 = time.perf_counter()
    result = TASKS[task](args)
    result.setdefault("seconds", round(time.perf_counter() - t0, 2))
    result.update(rss_before_mib=round(before), peak_rss_mib=round(_rss_mib()),
                  wall_seconds=round(time.perf_counter() - t0, 2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
