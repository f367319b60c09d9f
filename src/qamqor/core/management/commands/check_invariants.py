"""``manage.py check_invariants``: check capacity, single placement, queue order, the journal's derived
status and audit completeness over the whole database; print each violation and exit with status 1 if
there is any (for cron, after a restore, and after the soak test)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qamqor.core import invariants


class Command(BaseCommand):
    help = "Check the data invariants (docs/reliability.md); exit status 1 when one is violated."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--only", action="append", default=[], choices=sorted(invariants.CHECKS),
                            help="check only this invariant (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        violations = invariants.check_all(options["only"] or None)
        for v in violations:
            self.stdout.write(str(v))
        if violations:
            self.stderr.write(_("%(count)s invariant violations.") % {"count": len(violations)})
            sys.exit(1)
        self.stdout.write(_("Every invariant holds (%(checks)s).") % {
            "checks": ", ".join(options["only"] or invariants.CHECKS)})
