"""``manage.py run_jobs``: run every scheduled job due today (each once per day; a failed run is retried)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qamqor.core import jobs


class Command(BaseCommand):
    help = "Run the scheduled jobs (settings.QAMQOR_JOBS) for today; run it every few minutes from cron."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None)
        parser.add_argument("--only", action="append", default=[], help="run only this job (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for name in jobs.registered():
            if options["only"] and name not in options["only"]:
                continue
            try:
                run = jobs.run(name, day=options["date"])
            except Exception as exc:  # noqa: BLE001 — recorded on the run; the other jobs still run
                failed.append(name)
                self.stderr.write(f"{name}: failed ({exc}); it will be retried on the next run")
                continue
            self.stdout.write(f"{name}: " + ("already done or running elsewhere" if run is None
                                             else f"done (attempt {run.attempts}): {run.result}"))
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
