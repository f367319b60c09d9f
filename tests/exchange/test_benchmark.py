"""The 1,000,000-row roster: import and reconcile within the budget (30 s, 1 GiB for the
reconciliation). Slow, so it runs only with QAMQOR_BENCH=1:

    QAMQOR_BENCH=1 .venv/bin/pytest tests/exchange/test_benchmark.py -q -s -p no:cacheprovider
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from datetime import date, timedelta

import pytest

from qamqor.core.domain import Sex, make_bin, make_iin, parse_iin
from qamqor.exchange.models import RosterEntry
from qamqor.exchange.selectors import reconcile_import, roster_differences
from qamqor.exchange.services import SYSTEM, roster_import
from qamqor.journal.models import EventKind, Journal, JournalEvent, Placement
from tests.factories import ProviderFactory, RegionFactory

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not os.environ.get("QAMQOR_BENCH"), reason="set QAMQOR_BENCH=1 to run")]

ROWS = int(os.environ.get("QAMQOR_BENCH_ROWS", "1000000"))
PROVIDERS = 1000
ON = date(2026, 6, 1)


def _iins(n: int):
    born = date(1940, 1, 1)
    serial = 0
    made = 0
    while made < n:
        value = make_iin(born, Sex.MALE, serial % 10000)
        serial += 1
        if serial % 10000 == 0:
            born += timedelta(days=1)
        if value:
            made += 1
            yield value


def _profiler():
    if not os.environ.get("QAMQOR_BENCH_PROFILE"):
        return None
    import cProfile

    profile = cProfile.Profile()
    profile.enable()
    return profile


def _report(profile, title: str) -> None:
    if profile is None:
        return
    import pstats

    profile.disable()
    print(f"--- {title}")
    pstats.Stats(profile).sort_stats("tottime").print_stats(14)


def test_a_million_rows_import_and_reconcile_within_budget():
    region = RegionFactory()
    providers = []
    n = 1
    while len(providers) < PROVIDERS:
        b = make_bin(2012, 1 + n % 12, n)
        n += 1
        if b:
            providers.append(ProviderFactory(bin=b, region=region))
    per = ROWS // PROVIDERS
    # Qamqor side: the first 3 persons of every provider are placed; the first of them with another surname
    placed: list[tuple[int, str]] = []
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        f.write("iin;surname;name;patronymic;birth_date;provider_bin;setting;admission_date;discharge_date;category\n")
        iins = _iins(ROWS)
        for i, provider in enumerate(providers):
            for j in range(per):
                iin = next(iins)
                f.write(f"{iin};Surname{j};Name;;;{provider.bin};stationary;2026-01-01;;\n")
                if j < 3:
                    placed.append((i, iin))
        path = f.name
    profile = _profiler()
    t0 = time.perf_counter()
    with open(path, "rb") as stream:
        outcome = roster_import(actor=SYSTEM, stream=stream, file_name="big.csv", as_of=ON)
    t_import = time.perf_counter() - t0
    _report(profile, "import")
    imp = outcome.roster_import
    assert imp.rows_accepted == per * PROVIDERS and RosterEntry.objects.count() == imp.rows_accepted

    from qamqor.registry.models import Person

    persons = Person.objects.bulk_create([
        Person(iin=iin, surname=f"Surname{k % 3}" if k % 3 else "Other", given_name="Name",
               birth_date=parse_iin(iin).birth_date, sex="M",
               region=region, search_name=f"x{k}") for k, (_, iin) in enumerate(placed)])
    journals = Journal.objects.bulk_create([Journal(provider=p, setting="stationary", started_on=date(2020, 1, 1))
                                            for p in providers])
    events = JournalEvent.objects.bulk_create([
        JournalEvent(journal=journals[i], person=p, kind=EventKind.ADMISSION, event_date=date(2026, 1, 1))
        for (i, _), p in zip(placed, persons, strict=True)])
    Placement.objects.bulk_create([
        Placement(journal=journals[i], person=p, provider=providers[i], setting="stationary", admission_event=e,
                  started_on=date(2026, 1, 1)) for (i, _), p, e in zip(placed, persons, events, strict=True)])

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    profile = _profiler()
    t0 = time.perf_counter()
    count = sum(1 for _ in reconcile_import(imp, ON))
    t_reconcile = time.perf_counter() - t0
    _report(profile, "reconcile")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    one = roster_differences(providers[0], ON)
    t_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    sum(range(10**7))
    calibration = time.perf_counter() - t0   # ~0.2 s on an idle core; larger means a loaded machine
    print(f"\ncalibration sum(range(1e7)): {calibration:.2f} s")
    print(f"import {ROWS} rows: {t_import:.1f} s; reconcile: {t_reconcile:.1f} s, {count} differences; "
          f"max RSS {rss_before / 1024:.0f} -> {rss_after / 1024:.0f} MiB; one provider: {t_one * 1000:.0f} ms")
    assert count == ROWS - 3 * PROVIDERS + PROVIDERS      # only-in-E-sobes + one surname difference each
    assert len(one) == per - 3 + 1
    assert t_reconcile < 30
    assert rss_after < 1024 * 1024
    os.unlink(path)
