"""Demo: an E-sobes roster built from the demo placements with a few planted differences, imported so
that the reconciliation page shows something (run after ``load_demo`` and ``load_demo_journal``)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from qamqor.core.domain import Sex, make_iin
from qamqor.exchange.domain.roster import COLUMNS
from qamqor.exchange.services import SYSTEM, roster_import
from qamqor.exchange.writers import chunks
from qamqor.journal.models import Placement


class Command(BaseCommand):
    help = ("Import a demo E-sobes roster made from the demo placements, with one person missing, one "
            "extra person and one admission date changed. Running it again changes nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        placements = list(Placement.objects.filter(started_on__lte=today)
                          .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
                          .select_related("person", "provider").order_by("provider_id", "person__iin"))
        if not placements:
            self.stdout.write("No placements: run load_demo and load_demo_journal first.")
            return
        rows = [{"iin": p.person.iin, "surname": p.person.surname, "name": p.person.given_name,
                 "patronymic": p.person.patronymic, "birth_date": p.person.birth_date.isoformat(),
                 "provider_bin": p.provider.bin, "setting": p.setting, "admission_date": p.started_on.isoformat(),
                 "discharge_date": "", "category": ""} for p in placements]
        if len(rows) > 2:
            rows.pop(0)                                                   # held here, missing in E-sobes
            rows[0]["admission_date"] = (placements[1].started_on - timedelta(days=3)).isoformat()
        extra = next(v for v in (make_iin(today.replace(year=today.year - 70), Sex.FEMALE, n) for n in range(1, 99))
                     if v)
        rows.append({**rows[-1], "iin": extra, "surname": "Жұмабаева", "name": "Гүлнар", "patronymic": "",
                     "birth_date": ""})                                  # in E-sobes only
        data = b"".join(chunks("csv", COLUMNS, rows))
        outcome = roster_import(actor=SYSTEM, stream=io.BytesIO(data), file_name="demo-esobes.csv", as_of=today)
        imp = outcome.roster_import
        self.stdout.write("Demo E-sobes roster already imported." if outcome.duplicate else
                          f"Demo E-sobes roster imported: {imp.rows_accepted} rows, {imp.rows_rejected} rejected.")
