"""``manage.py recompute_risk``: the scheduled job syncs subjects, computes findings and scores, and is
idempotent."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from qamqor.control.models import RiskScore, Subject
from qamqor.control.services.risk import scheduled_recompute
from tests.control.helpers import plan
from tests.factories import ProviderFactory, ProviderSettingFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


def run(*args):
    out = io.StringIO()
    call_command("recompute_risk", *args, stdout=out)
    return out.getvalue()


def test_sync_compute_and_score_then_nothing_new():
    provider = ProviderFactory()
    ProviderSettingFactory(provider=provider, setting="stationary")
    plan(provider, basis=date(2026, 9, 1), due=date(2026, 9, 15), fill_by=date(2026, 9, 22),
         developed=date(2026, 10, 1), approved=date(2026, 10, 10))
    first = run("--sync", "--as-of", "2026-11-20")
    assert "LEB subjects added" in first
    report = json.loads(first.strip().splitlines()[1])
    subject = Subject.objects.get(provider=provider)
    assert report["findings_created"] == 1 and report["scores_added"] == Subject.objects.count()
    assert subject.findings.get().criterion.number == 3
    again = json.loads(run("--as-of", "2026-11-20").strip().splitlines()[0])
    assert (again["scores_added"], again["findings_created"]) == (0, 0)
    assert RiskScore.objects.filter(subject=subject).count() == 1
    assert scheduled_recompute()["subjects"] == Subject.objects.filter(is_active=True).count()
