"""``manage.py restore FILE``: restore a backup into the configured, empty database and verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qamqor.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore FILE (made by `backup`) into the configured database, which must be empty; verify row counts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored and verified: {result['tables']} tables, {result['rows']} rows")
