"""What E-sobes takes back: the journal's events of a provider for a period, and the provider's roster
on a date in the import columns (so an exported roster imports back unchanged); the reconciliation as
rows too. Rows are produced lazily, in chunks from the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import Http404

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.exchange.domain.roster import COLUMNS
from qamqor.exchange.selectors.roster import Difference
from qamqor.journal.models import JournalEvent, Placement
from qamqor.registry.models import Provider

CHUNK = 5000

ROSTER_COLUMNS = COLUMNS
JOURNAL_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "kind", "iin", "surname", "name", "patronymic", "birth_date", "provider_bin",
    "setting", "act_type", "order_number", "order_date", "reason", "reason_code", "arrival_by",
    "destination_bin", "corrects_event_id", "application_id", "recorded_at")
DIFFERENCE_COLUMNS: tuple[str, ...] = (
    "iin", "kind", "field", "esobes_value", "qamqor_value", "provider_bin", "setting", "import_id", "row_number",
    "message")


def _check(actor: Any, provider: Provider) -> None:
    if not has_perm(actor, P.ESOBES_VIEW) or not scope(actor, Provider.objects.filter(pk=provider.pk)).exists():
        raise Http404


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def roster_rows(*, actor: Any, provider: Provider, on: date) -> Iterator[dict[str, str]]:
    """The persons holding a place at the provider on a date, in the E-sobes roster columns."""
    _check(actor, provider)
    qs = (Placement.objects.filter(provider=provider, started_on__lte=on)
          .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
          .order_by("person__iin", "setting")
          .values_list("person__iin", "person__surname", "person__given_name", "person__patronymic",
                       "person__birth_date", "setting", "started_on", "ended_on"))
    for iin, surname, name, patronymic, born, setting, started, ended in qs.iterator(chunk_size=CHUNK):
        yield {"iin": iin, "surname": surname, "name": name, "patronymic": patronymic, "birth_date": _d(born),
               "provider_bin": provider.bin, "setting": setting, "admission_date": _d(started),
               "discharge_date": _d(ended), "category": ""}


def journal_rows(*, actor: Any, provider: Provider, start: date, end: date,
                 setting: str = "") -> Iterator[dict[str, str]]:
    """The provider's journal events dated within the period (both ends inclusive), in recording order;
    corrections are exported as events naming the event they correct."""
    _check(actor, provider)
    qs = JournalEvent.objects.filter(journal__provider=provider, event_date__gte=start, event_date__lte=end)
    if setting:
        qs = qs.filter(journal__setting=setting)
    qs = qs.order_by("id").values_list(
        "uid", "event_date", "kind", "person__iin", "person__surname", "person__given_name", "person__patronymic",
        "person__birth_date", "journal__setting", "act_type", "order_number", "order_date", "reason",
        "reason_code", "arrival_by", "destination_provider__bin", "corrects__uid", "application__uid",
        "recorded_at")
    for row in qs.iterator(chunk_size=CHUNK):
        (uid, on, kind, iin, surname, name, patronymic, born, jsetting, act, order_no, order_date, reason,
         reason_code, arrival_by, dest_bin, corrects, application, recorded_at) = row
        yield {"event_id": str(uid), "event_date": _d(on), "kind": kind, "iin": iin, "surname": surname,
               "name": name, "patronymic": patronymic, "birth_date": _d(born), "provider_bin": provider.bin,
               "setting": jsetting, "act_type": act, "order_number": order_no, "order_date": _d(order_date),
               "reason": reason, "reason_code": reason_code, "arrival_by": _d(arrival_by),
               "destination_bin": dest_bin or "", "corrects_event_id": str(corrects) if corrects else "",
               "application_id": str(application) if application else "",
               "recorded_at": recorded_at.isoformat() if recorded_at else ""}


def difference_rows(differences: list[Difference] | Iterator[Difference],
                    bins: dict[int, str]) -> Iterator[dict[str, str]]:
    for d in differences:
        yield {"iin": d.iin, "kind": str(d.kind), "field": d.field, "esobes_value": d.esobes_value,
               "qamqor_value": d.qamqor_value, "provider_bin": bins.get(d.provider_id, ""), "setting": d.setting,
               "import_id": str(d.import_id), "row_number": "" if d.row_number is None else str(d.row_number),
               "message": d.message}
