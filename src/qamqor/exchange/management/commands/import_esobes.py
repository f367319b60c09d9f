"""Import an E-sobes roster file (CSV, XLSX or JSON) from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qamqor.core.errors import DomainError
from qamqor.exchange.messages import row_error_text
from qamqor.exchange.services import SYSTEM, roster_import


class Command(BaseCommand):
    help = ("Import the E-sobes roster of recipients from a CSV, XLSX or JSON file (columns: docs/esobes.md). "
            "Rows are validated one by one; rejected rows are kept with their reasons. Importing the same "
            "file (or the same rows) again changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                            help="The date the roster describes (YYYY-MM-DD); today by default.")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default=None,
                            help="The file format; guessed from the name and content by default.")
        parser.add_argument("--user", default="", help="Import as this user (their region limits the rows); "
                                                      "as the system by default.")
        parser.add_argument("--show-rejected", type=int, default=20, help="How many rejected rows to print.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor: Any = SYSTEM
        if options["user"]:
            from qamqor.accounts.models import User

            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No such user: {options['user']}")
        as_of = options["as_of"] or timezone.localdate()
        try:
            with path.open("rb") as stream:
                outcome = roster_import(actor=actor, stream=stream, file_name=path.name, as_of=as_of,
                                        file_format=options["format"])
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        imp = outcome.roster_import
        if outcome.duplicate:
            self.stdout.write(f"Already imported as #{imp.pk} ({imp.file_name}, {imp.as_of}): nothing changed.")
            return
        self.stdout.write(f"Import #{imp.pk}: {imp.rows_total} rows read, {imp.rows_accepted} accepted, "
                          f"{imp.rows_rejected} rejected.")
        for row in imp.rejected.order_by("row_number")[: options["show_rejected"]]:
            reasons = "; ".join(row_error_text(p) for p in row.errors)
            self.stdout.write(f"  row {row.row_number}: {reasons}")
