"""Reconcile every provider an E-sobes import covers with Qamqor's placements, in the background."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qamqor.exchange.models import RosterImport
from qamqor.exchange.selectors import reconcile_import
from qamqor.exchange.selectors.export import DIFFERENCE_COLUMNS, difference_rows
from qamqor.exchange.writers import chunks
from qamqor.registry.models import Provider


class Command(BaseCommand):
    help = ("Write the differences between an E-sobes roster import (the latest by default) and the "
            "placements in Qamqor on a date, for every provider it covers, as CSV or JSON. Streams: memory "
            "holds one provider's roster at a time.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--import-id", type=int, default=None)
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD; today by default.")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", type=Path, default=None, help="A file; standard output by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        imports = RosterImport.objects.filter(status=RosterImport.Status.DONE)
        imp = (imports.filter(pk=options["import_id"]).first() if options["import_id"]
               else imports.order_by("-as_of", "-id").first())
        if imp is None:
            raise CommandError("No completed roster import.")
        on = options["date"] or timezone.localdate()
        bins = dict(Provider.objects.filter(roster_coverage__roster_import=imp).values_list("pk", "bin"))
        counter = {"n": 0}

        def counted() -> Any:
            for d in reconcile_import(imp, on):
                counter["n"] += 1
                yield d

        out = options["output"].open("wb") if options["output"] else sys.stdout.buffer
        try:
            for part in chunks(options["format"], DIFFERENCE_COLUMNS, difference_rows(counted(), bins)):
                out.write(part)
        finally:
            if options["output"]:
                out.close()
        self.stderr.write(f"Import #{imp.pk} on {on.isoformat()}: {counter['n']} difference(s).")
