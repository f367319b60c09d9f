"""Scheduled jobs, run at most once per period and retried when a run died half-way.

``settings.QAMQOR_JOBS`` names each job and the function that does it (a dotted path; the function takes
the period's day and returns a JSON-able summary). ``manage.py run_jobs`` (from cron or a systemd timer,
on any number of hosts) runs every job for today: a job already done today is skipped; one that failed or
whose runner died (its lease expired) is run again. Each job function is one transaction or idempotent,
so a retry never doubles its effect."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from qamqor.core.models import JobRun

LEASE = timedelta(hours=1)


def registered() -> dict[str, Callable[[date], Any]]:
    return {name: import_string(path) for name, path in getattr(settings, "QAMQOR_JOBS", {}).items()}


def _claim(name: str, key: str) -> JobRun | None:
    """Take the run for (name, key) unless it is done or another runner holds a live lease."""
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                run, _ = JobRun.objects.get_or_create(name=name, key=key, defaults={"status": JobRun.Status.FAILED})
        except IntegrityError:  # another runner created it at the same moment
            run = JobRun.objects.get(name=name, key=key)
        run = JobRun.objects.select_for_update().get(pk=run.pk)
        if run.status == JobRun.Status.DONE:
            return None
        if run.status == JobRun.Status.RUNNING and run.started_at and now - run.started_at < LEASE:
            return None
        run.status, run.attempts, run.started_at, run.error = JobRun.Status.RUNNING, run.attempts + 1, now, ""
        run.save(update_fields=["status", "attempts", "started_at", "error"])
        return run


def run(name: str, *, day: date | None = None, function: Callable[[date], Any] | None = None) -> JobRun | None:
    """Run one job for ``day`` (today by default); None when it was done already or is running elsewhere.
    A failure is recorded on the run (status ``failed``, the traceback) and raised again."""
    day = day or timezone.localdate()
    fn = function or registered()[name]
    claimed = _claim(name, day.isoformat())
    if claimed is None:
        return None
    try:
        result = fn(day)
    except BaseException:
        JobRun.objects.filter(pk=claimed.pk).update(status=JobRun.Status.FAILED, finished_at=timezone.now(),
                                                    error=traceback.format_exc()[-4000:])
        raise
    JobRun.objects.filter(pk=claimed.pk).update(status=JobRun.Status.DONE, finished_at=timezone.now(),
                                                result=result if isinstance(result, dict) else {"result": result})
    claimed.refresh_from_db()
    return claimed
