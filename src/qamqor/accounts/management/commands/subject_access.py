"""``manage.py subject_access <IIN or identifier> --as <user> [--format json|pdf] [--output FILE]``:
everything the system holds on one person (the answer to the person's subject-access request), made as
a named user whose role may read the audit trail; the export is written to the audit trail."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from qamqor.accounts.models import User
from qamqor.accounts.personal_data import subject_access_report
from qamqor.core.documents import pdf_bytes
from qamqor.core.errors import PermissionRefused
from qamqor.registry.models import Person


class Command(BaseCommand):
    help = "Report everything the system holds on one person (subject access), as JSON or PDF."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("person", help="the person's IIN or public identifier (UUID)")
        parser.add_argument("--as", dest="actor", required=True, help="user name of the administrator making it")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", help="file to write (default: standard output, JSON only)")
        parser.add_argument("--language", default="kk", choices=["kk", "ru", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = User.objects.get(username=options["actor"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {options['actor']!r}.") from None
        key = options["person"].strip()
        try:
            person = Person.objects.get(uid=UUID(key)) if len(key) != 12 else Person.objects.get(iin=key)
        except (ValueError, Person.DoesNotExist):
            raise CommandError("No such person.") from None
        fmt = options["format"]
        with translation.override(options["language"]):
            try:
                report = subject_access_report(actor=actor, person=person, fmt=fmt)
            except PermissionRefused:
                raise CommandError(f"{actor.username} may not read the audit trail.") from None
            if fmt == "json":
                data = json.dumps(report, ensure_ascii=False, indent=2).encode()
            else:
                data = pdf_bytes("accounts/subject_access_print.html", {"report": report})
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stdout.write(f"Written {options['output']} ({len(data)} bytes).")
        elif fmt == "json":
            self.stdout.write(data.decode())
        else:
            sys.stdout.buffer.write(data)
