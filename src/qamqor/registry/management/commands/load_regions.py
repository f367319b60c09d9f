"""``manage.py load_regions``: load the regions and districts from registry/data/regions.json (idempotent)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qamqor.registry.services import REGIONS_FILE, regions_load


class Command(BaseCommand):
    help = ("Load the 17 oblasts and 3 cities of republican significance with their districts, by KATO code. "
            "Running it again changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=REGIONS_FILE, help="The data file (default: regions.json).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        report = regions_load(path=file)
        self.stdout.write(self.style.SUCCESS(
            f"regions: {report.regions} regions, {report.districts} districts "
            f"(created {report.created}, updated {report.updated})"))
