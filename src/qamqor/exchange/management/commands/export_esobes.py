"""Export a provider's journal events for a period, or its roster on a date, for E-sobes."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qamqor.accounts.models import Role, User
from qamqor.exchange.selectors.export import JOURNAL_COLUMNS, ROSTER_COLUMNS, journal_rows, roster_rows
from qamqor.exchange.writers import chunks
from qamqor.registry.models import Provider


class _Exporter:
    """A national read-only actor for the command line."""

    pk = None
    username = "system"
    is_authenticated = True
    is_active = True
    is_superuser = True
    role = Role.ADMIN
    provider_id = None
    region_id = None


class Command(BaseCommand):
    help = "Export what E-sobes expects back: 'journal' (events of a period) or 'roster' (on a date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["journal", "roster"])
        parser.add_argument("--provider", required=True, help="The provider's BIN.")
        parser.add_argument("--start", type=date.fromisoformat, default=None)
        parser.add_argument("--end", type=date.fromisoformat, default=None)
        parser.add_argument("--date", type=date.fromisoformat, default=None)
        parser.add_argument("--setting", default="")
        parser.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument("--user", default="", help="Export as this user (their scope applies).")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = Provider.objects.filter(bin=options["provider"]).first()
        if provider is None:
            raise CommandError("No provider with this BIN.")
        actor: Any = _Exporter()
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError("No such user.")
        today = timezone.localdate()
        if options["what"] == "journal":
            end = options["end"] or today
            start = options["start"] or end.replace(day=1)
            rows = journal_rows(actor=actor, provider=provider, start=start, end=end, setting=options["setting"])
            columns = JOURNAL_COLUMNS
        else:
            rows = roster_rows(actor=actor, provider=provider, on=options["date"] or today)
            columns = ROSTER_COLUMNS
        out = options["output"].open("wb") if options["output"] else sys.stdout.buffer
        try:
            for part in chunks(options["format"], columns, rows, title=options["what"]):
                out.write(part)
        finally:
            if options["output"]:
                out.close()
