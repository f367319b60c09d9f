"""``manage.py backup FILE``: dump the whole database and write FILE.manifest.json beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qamqor.core.backup import BackupError, backup, manifest_path


class Command(BaseCommand):
    help = "Back up the whole database to FILE (PostgreSQL custom format or an SQLite copy) with a manifest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backup written: {options['file']} ({manifest.engine}, {len(manifest.counts)} tables, "
                          f"{sum(manifest.counts.values())} rows); manifest {manifest_path(Path(options['file']))}")
