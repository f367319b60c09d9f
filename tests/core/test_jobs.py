"""Scheduled jobs: a run that dies half-way leaves nothing partial, is retried, and its effect happens
once; a finished run is not repeated; a live lease keeps a second runner out, an expired one does not."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from qamqor.accounts.models import Role
from qamqor.core import jobs
from qamqor.core.models import JobRun
from qamqor.journal import services as J
from qamqor.journal.jobs import lapse_offers
from qamqor.journal.models import ApplicationStatus, EventKind, JournalEvent, QueueApplication
from qamqor.journal.services import queue as queue_services
from qamqor.registry.models import ProviderSetting
from tests.journal.support import TODAY, admit, apply, at, days, person_at, provider_with, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_overdue_offers(rules_loaded):
    home = provider_with(capacity=1)
    head = staff(home, Role.PROVIDER_HEAD)
    admit(head, person_at(home), home, on=days(-40))
    apps = [apply(head, person_at(home), home, at=at(35, seconds=i)) for i in range(3)]
    ProviderSetting.objects.filter(provider=home).update(capacity=4)
    for _ in apps:
        J.place_offer(actor=head, provider=home, setting="stationary", today=days(-20), arrival_by=days(-10))
    assert QueueApplication.objects.filter(status=ApplicationStatus.OFFERED).count() == 3
    return apps


def _lapses(app: QueueApplication) -> int:
    return JournalEvent.objects.filter(application=app, kind=EventKind.LAPSE).count()


def test_a_job_that_dies_half_way_leaves_nothing_and_its_retry_acts_once(three_overdue_offers, monkeypatch):
    apps = three_overdue_offers
    real = queue_services._lapse
    calls = {"n": 0}

    def dies_on_the_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the worker was killed")
        return real(**kwargs)

    monkeypatch.setattr(queue_services, "_lapse", dies_on_the_second)
    with pytest.raises(RuntimeError):
        jobs.run("lapse_offers", day=TODAY, function=lapse_offers)
    run = JobRun.objects.get(name="lapse_offers", key=TODAY.isoformat())
    assert run.status == JobRun.Status.FAILED and run.attempts == 1 and "killed" in run.error
    assert [_lapses(a) for a in apps] == [0, 0, 0]  # the first lapse was rolled back with the rest

    monkeypatch.setattr(queue_services, "_lapse", real)
    run = jobs.run("lapse_offers", day=TODAY, function=lapse_offers)
    assert run.status == JobRun.Status.DONE and run.attempts == 2 and run.result == {"lapsed": 3}
    assert [_lapses(a) for a in apps] == [1, 1, 1]
    # done for the day: a third run does nothing
    assert jobs.run("lapse_offers", day=TODAY, function=lapse_offers) is None
    assert [_lapses(a) for a in apps] == [1, 1, 1]


def test_a_live_lease_keeps_a_second_runner_out_and_an_expired_one_is_taken_over(rules_loaded):
    ran = []
    key = TODAY.isoformat()
    JobRun.objects.create(name="demo", key=key, status=JobRun.Status.RUNNING, attempts=1,
                          started_at=timezone.now() - timedelta(minutes=5))
    assert jobs.run("demo", day=TODAY, function=lambda day: ran.append(day)) is None and ran == []
    JobRun.objects.filter(name="demo").update(started_at=timezone.now() - jobs.LEASE - timedelta(minutes=1))
    run = jobs.run("demo", day=TODAY, function=lambda day: ran.append(day) or {"ok": 1})
    assert ran == [TODAY] and run.attempts == 2 and run.status == JobRun.Status.DONE


def test_the_command_runs_every_registered_job_once_a_day(three_overdue_offers, settings):
    settings.QAMQOR_JOBS = {"lapse_offers": "qamqor.journal.jobs.lapse_offers"}
    out = StringIO()
    call_command("run_jobs", stdout=out)
    call_command("run_jobs", stdout=out)
    assert "done (attempt 1)" in out.getvalue() and "already done" in out.getvalue()
    assert [_lapses(a) for a in three_overdue_offers] == [1, 1, 1]
    settings.QAMQOR_JOBS = {"broken": "tests.core.test_jobs.broken_job"}
    with pytest.raises(CommandError, match="broken"):
        call_command("run_jobs", stdout=StringIO(), stderr=StringIO())
    assert JobRun.objects.get(name="broken").status == JobRun.Status.FAILED


def broken_job(day):
    raise ValueError("no")
