"""``manage.py retention [--erase --as <user>]``: the records older than their retention period
(``QAMQOR_RETENTION``). Without ``--erase`` it only reports (dry run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qamqor.accounts.models import User
from qamqor.accounts.personal_data import apply_retention


class Command(BaseCommand):
    help = "Report (and with --erase, delete) records kept longer than their retention period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--erase", action="store_true", help="delete them (default: report only)")
        parser.add_argument("--as", dest="actor", help="user name the deletions are audited under")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["erase"]:
            if not options["actor"]:
                raise CommandError("--erase needs --as <user name> (deletions are audited).")
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {options['actor']!r}.")
        results = apply_retention(actor=actor, erase=options["erase"])
        if not results:
            self.stdout.write("No retention rules are set (QAMQOR_RETENTION).")
        for r in results:
            line = f"{r.rule.label}: kept {r.rule.days} days by {r.rule.field}; past retention: {r.expired}"
            if options["erase"]:
                line += f"; erased: {r.erased}; kept (still referenced): {r.kept}"
            self.stdout.write(line)
        if not options["erase"]:
            self.stdout.write("Dry run: nothing was erased (use --erase --as <user>).")
