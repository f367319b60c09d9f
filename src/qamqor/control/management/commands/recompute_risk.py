"""Recompute the findings computed from the system's records and every subject's risk score.

    manage.py recompute_risk [--as-of YYYY-MM-DD] [--subject UUID] [--sync] [--no-findings]

Meant for a scheduled job (e.g. nightly cron); idempotent: re-running on unchanged records adds nothing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qamqor.control.models import Subject
from qamqor.control.services.risk import risk_recompute_all
from qamqor.control.services.subjects import leb_subjects_ensure, subjects_sync_from_registry


class Command(BaseCommand):
    help = "Recompute computed risk findings and risk scores of the controlled subjects."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="Assessment date (default: today).")
        parser.add_argument("--subject", help="Only this subject (its UUID).")
        parser.add_argument("--sync", action="store_true",
                            help="First sync the subjects with the registry (one per provider setting; one LEB per region).")
        parser.add_argument("--no-findings", action="store_true", help="Do not recompute the computed findings.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError("--as-of must be YYYY-MM-DD") from None
        if options["sync"]:
            sync = subjects_sync_from_registry()
            lebs = leb_subjects_ensure()
            self.stdout.write(f"subjects: {json.dumps(sync.as_dict())}, LEB subjects added: {lebs}")
        subjects = None
        if options["subject"]:
            subjects = Subject.objects.filter(uid=options["subject"])
            if not subjects.exists():
                raise CommandError("No such subject.")
        report = risk_recompute_all(as_of=as_of, trigger="scheduled", compute_findings=not options["no_findings"],
                                    subjects=subjects)
        self.stdout.write(json.dumps(report.as_dict()))
        if report.skipped_rules:
            self.stdout.write("skipped rules (their data source is not installed): " + ", ".join(report.skipped_rules))
