"""Builders for the exchange tests: a provider with recipients placed through the journal services,
and roster files in each format."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from qamqor.accounts.models import Role
from qamqor.core.domain import Sex, make_iin
from qamqor.exchange.domain.roster import COLUMNS
from qamqor.registry.models import Person, Provider
from tests.factories import UserFactory
from tests.journal.support import admit, days, person_at, provider_with, staff


def new_iin(serial: int, born: date = date(1960, 3, 3)) -> str:
    while True:
        value = make_iin(born, Sex.MALE, serial % 10000)
        if value:
            return value
        serial += 1


def unknown_bin() -> str:
    from qamqor.core.domain import make_bin

    n = 9000
    while True:
        value = make_bin(2019, 7, n)
        if value and not Provider.objects.filter(bin=value).exists():
            return value
        n += 1


def row(person: Person | None = None, provider: Provider | None = None, **values: Any) -> dict[str, str]:
    out = {"iin": "", "surname": "", "name": "", "patronymic": "", "birth_date": "", "provider_bin": "",
           "setting": "stationary", "admission_date": "", "discharge_date": "", "category": "elderly"}
    if person is not None:
        out.update(iin=person.iin, surname=person.surname, name=person.given_name, patronymic=person.patronymic,
                   birth_date=person.birth_date.isoformat())
    if provider is not None:
        out["provider_bin"] = provider.bin
    out.update({k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()})
    return out


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_bytes(rows: list[dict[str, str]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1).encode()


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    from qamqor.core.documents import xlsx_bytes as build

    return build("roster", list(COLUMNS), [[r[c] for c in COLUMNS] for r in rows])


class Scene:
    """A provider with planted differences between its placements and the E-sobes roster.

    A: same on both sides. B: placed here only. C: on E-sobes only (not registered here).
    D: admission dates differ. E: discharged here, active on E-sobes. F: surname differs."""

    def __init__(self) -> None:
        self.provider = provider_with(capacity=10)
        self.head = staff(self.provider, Role.PROVIDER_HEAD)
        self.leb = UserFactory(role=Role.LEB_OFFICER, region=self.provider.region)
        self.a, self.b, self.d, self.e, self.f = (person_at(self.provider) for _ in range(5))
        from qamqor.journal import services as J

        admit(self.head, self.a, self.provider, on=days(-30))
        admit(self.head, self.b, self.provider, on=days(-30))
        admit(self.head, self.d, self.provider, on=days(-20))
        admit(self.head, self.e, self.provider, on=days(-30))
        admit(self.head, self.f, self.provider, on=days(-30))
        J.discharge_record(actor=self.head, person=self.e, provider=self.provider, setting="stationary",
                           event_date=days(-5), order_number="D-1", order_date=days(-5), reason="moved")
        self.c_iin = new_iin(7001)
        self.other = provider_with(capacity=1)   # another region: out of the LEB officer's scope

    def good_rows(self) -> list[dict[str, str]]:
        p = self.provider
        return [
            row(self.a, p, admission_date=days(-30)),
            row(None, p, iin=self.c_iin, surname="Қасымов", name="Ерлан", admission_date=days(-60)),
            row(self.d, p, admission_date=days(-25)),
            row(self.e, p, admission_date=days(-30)),
            row(self.f, p, admission_date=days(-30), surname="Басқа"),
        ]

    def bad_rows(self) -> list[dict[str, str]]:
        p = self.provider
        bad_iin = self.a.iin[:11] + str((int(self.a.iin[11]) + 1) % 10)
        return [
            row(None, p, iin=bad_iin, surname="X", name="Y", admission_date=days(-3)),            # checksum
            row(self.b, None, provider_bin="000000000000", admission_date=days(-3)),               # bad BIN
            row(self.b, None, provider_bin=unknown_bin(), admission_date=days(-3)),                # unknown BIN
            row(self.b, p, admission_date="31.02.2026"),                                          # bad date
            row(self.b, p, admission_date=days(-3), discharge_date=days(-10)),                     # order
            row(self.a, p, admission_date=days(-30)),                                              # duplicate
            row(self.b, p, admission_date=days(-3), setting="hostel"),                             # setting
            row(self.b, self.other, admission_date=days(-3)),                                      # out of scope
            row(self.b, p, surname="", admission_date=days(-3)),                                   # missing
        ]
