"""The scheduled job: offers whose arrival date passed lapse and the places go to the next in queue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qamqor.journal.services import SYSTEM, offers_lapse_due


class Command(BaseCommand):
    help = ("Record the no-show of every offer whose arrival date has passed and offer the place to the "
            "next in the queue (seed 003, Rules 379 p. 11, 1); p. 21, 1)). Idempotent: run it daily.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None,
                            help="The day to run for (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        events = offers_lapse_due(actor=SYSTEM, today=today)
        self.stdout.write(f"{len(events)} offer(s) lapsed on {today.isoformat()}")
