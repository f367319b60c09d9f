"""``manage.py load_rules``: load the regulations' catalogs from rules/data/*.json (idempotent)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qamqor.rules.loader import DATA_DIR, RulesDataError, rules_load


class Command(BaseCommand):
    help = ("Load the regulations' catalogs and dated parameters from the data files. Every file is checked "
            "first; one bad row refuses the whole load and nothing is written. Running it again changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                            help="Directory of the data files (default: the rules app's data/).")
        parser.add_argument("--check", action="store_true", help="Only check the files; write nothing.")

    def handle(self, *args: Any, data_dir: Path, check: bool, **options: Any) -> None:
        try:
            report = rules_load(data_dir=data_dir, check_only=check)
        except RulesDataError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(str(exc.message)) from None
        for line in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {line}"))
        width = max(len(name) for name in report.counts)
        for name, count in report.counts.items():
            if check:
                self.stdout.write(f"{name:<{width}}  {count.total:>4} rows checked")
                continue
            stale = f", {count.stale} in the database but not in the files" if count.stale else ""
            self.stdout.write(f"{name:<{width}}  {count.total:>4}  (created {count.created}, updated "
                              f"{count.updated}, unchanged {count.unchanged}{stale})")
        verb = "checked" if check else f"created {report.created}, updated {report.updated}"
        self.stdout.write(self.style.SUCCESS(f"rules: {verb}"))
