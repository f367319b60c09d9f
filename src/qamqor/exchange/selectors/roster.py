"""Reads of the E-sobes roster: the import in force for a provider, and its differences from the
placements recorded in Qamqor (the findings of risk criteria 5 and 78 come from here)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.exchange.domain.roster import DifferenceKind, EsobesRecord, QamqorRecord, RawDifference, compare
from qamqor.exchange.models import RosterEntry, RosterImport, RosterImportProvider, RosterRejectedRow
from qamqor.journal.models import Placement
from qamqor.registry.models import Provider

CHUNK = 20000


class Difference(NamedTuple):
    """One difference between the E-sobes roster and Qamqor for a provider on a date (see
    /work/status/exchange-interface.md and docs/esobes.md). Immutable; a named tuple because a full
    reconciliation builds a million of them."""

    iin: str
    kind: DifferenceKind
    field: str
    esobes_value: str
    qamqor_value: str
    provider_id: int
    setting: str
    import_id: int
    row_number: int | None
    entry_id: int | None
    placement_id: int | None
    person_id: int | None

    @property
    def message(self) -> str:
        from qamqor.exchange.messages import COLUMN_LABELS

        if self.kind == DifferenceKind.ONLY_IN_ESOBES:
            return _("IIN %(iin)s is on the E-sobes roster (row %(row)s) but holds no place here.") % {
                "iin": self.iin, "row": self.row_number}
        if self.kind == DifferenceKind.ONLY_IN_QAMQOR:
            return _("IIN %(iin)s holds a place here but is not on the E-sobes roster.") % {"iin": self.iin}
        label = str(COLUMN_LABELS.get(self.field, self.field))
        return _("IIN %(iin)s: %(field)s differs: E-sobes «%(esobes)s», Qamqor «%(qamqor)s» (row %(row)s).") % {
            "iin": self.iin, "field": label, "esobes": self.esobes_value or "—", "qamqor": self.qamqor_value or "—",
            "row": self.row_number}

    def as_dict(self) -> dict[str, Any]:
        return {"iin": self.iin, "kind": str(self.kind), "field": self.field, "esobes_value": self.esobes_value,
                "qamqor_value": self.qamqor_value, "provider_id": self.provider_id, "setting": self.setting,
                "import_id": self.import_id, "row_number": self.row_number, "entry_id": self.entry_id,
                "placement_id": self.placement_id, "person_id": self.person_id, "message": self.message}


def _pk(provider: Provider | int) -> int:
    return provider if isinstance(provider, int) else provider.pk


def roster_import_for(provider: Provider | int, on: date) -> RosterImport | None:
    """The E-sobes roster in force for a provider on a date: the latest completed import covering it
    with ``as_of`` on or before the date."""
    return (RosterImport.objects.filter(status=RosterImport.Status.DONE, as_of__lte=on,
                                        coverage__provider_id=_pk(provider))
            .order_by("-as_of", "-finished_at", "-id").first())


_ENTRY_FIELDS = ("iin", "setting", "admission_date", "discharge_date", "surname", "given_name", "patronymic",
                 "birth_date", "id", "row_number")
_PLACEMENT_FIELDS = ("person__iin", "setting", "started_on", "ended_on", "person__surname", "person__given_name",
                     "person__patronymic", "person__birth_date", "id", "person_id")


def _esobes_records(import_id: int, provider_id: int | None = None) -> QuerySet[Any]:
    qs = RosterEntry.objects.filter(roster_import_id=import_id)
    if provider_id is not None:
        qs = qs.filter(provider_id=provider_id)
    return qs


def _placements(provider_id: int, on: date) -> QuerySet[Any]:
    return Placement.objects.filter(provider_id=provider_id)


def _finish(raw: RawDifference, provider_id: int, import_id: int) -> Difference:
    e, q = raw.esobes, raw.qamqor
    return Difference(raw.iin, raw.kind, raw.field, raw.esobes_value, raw.qamqor_value, provider_id, raw.setting,
                      import_id, e.row_number if e else None, e.entry_id if e else None,
                      q.placement_id if q else None, q.person_id if q else None)


def roster_differences(provider: Provider | int, on: date) -> list[Difference]:
    """The differences between a provider's E-sobes roster and its Qamqor placements on a date; [] when
    no roster is imported for it (then ``roster_import_for`` is None). A system read: no scoping."""
    provider_id = _pk(provider)
    imp = roster_import_for(provider_id, on)
    if imp is None:
        return []
    esobes = [EsobesRecord._make(row) for row in _esobes_records(imp.pk, provider_id).values_list(*_ENTRY_FIELDS)]
    qamqor = _qamqor_records(_placements(provider_id, on).values_list(*_PLACEMENT_FIELDS))
    diffs = [_finish(d, provider_id, imp.pk) for d in compare(esobes, qamqor, on)]
    _attach_persons(diffs)
    return diffs


def _qamqor_records(rows: Any) -> list[QamqorRecord]:
    # a placement "holds a place until it ends": ended_on is the day the person left
    return [QamqorRecord._make(row) for row in rows]


def _attach_persons(diffs: list[Difference]) -> None:
    """Fill ``person_id`` of E-sobes-only rows whose IIN is registered here (one query)."""
    from qamqor.registry.models import Person

    missing = {d.iin for d in diffs if d.person_id is None}
    if not missing:
        return
    ids = dict(Person.objects.filter(iin__in=missing).values_list("iin", "pk"))
    for i, d in enumerate(diffs):
        if d.person_id is None and d.iin in ids:
            diffs[i] = d._replace(person_id=ids[d.iin])


def reconcile_import(roster_import: RosterImport, on: date) -> Iterator[Difference]:
    """Every difference of every provider an import covers, streamed: roster rows and placements are
    read in (provider, IIN) order in chunks and compared one provider at a time, so memory holds one
    provider's roster, never the whole file. For the background job and the full export."""
    covered = list(RosterImportProvider.objects.filter(roster_import=roster_import)
                   .order_by("provider_id").values_list("provider_id", flat=True))
    if not covered:
        return
    entries = _stream(RosterEntry.objects.filter(roster_import=roster_import).order_by("provider_id", "iin")
                      .values_list("provider_id", *_ENTRY_FIELDS))
    placements = _stream(Placement.objects.filter(provider_id__in=covered).order_by("provider_id", "person__iin")
                         .values_list("provider_id", *_PLACEMENT_FIELDS))
    e_groups = groupby(entries, key=lambda r: r[0])
    q_groups = groupby(placements, key=lambda r: r[0])
    e_next = next(e_groups, None)
    q_next = next(q_groups, None)
    for provider_id in covered:
        while e_next is not None and e_next[0] < provider_id:
            e_next = next(e_groups, None)
        while q_next is not None and q_next[0] < provider_id:
            q_next = next(q_groups, None)
        esobes: list[EsobesRecord] = []
        qamqor: list[QamqorRecord] = []
        if e_next is not None and e_next[0] == provider_id:
            esobes = [EsobesRecord._make(row[1:]) for row in e_next[1]]
            e_next = next(e_groups, None)
        if q_next is not None and q_next[0] == provider_id:
            qamqor = [QamqorRecord._make(row[1:]) for row in q_next[1]]
            q_next = next(q_groups, None)
        for raw in compare(esobes, qamqor, on):
            yield _finish(raw, provider_id, roster_import.pk)


def _stream(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """Rows of a values_list query in chunks. On SQLite a plain cursor (the driver itself converts the
    date columns), which spares Django's per-value converters; elsewhere Django's server-side cursor
    iterator."""
    if connection.vendor != "sqlite":
        yield from qs.iterator(chunk_size=CHUNK)
        return
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(CHUNK)
            if not rows:
                return
            yield from rows


# --- scoped reads for pages and the API ---------------------------------------------------------------

def import_list(*, actor: Any) -> QuerySet[RosterImport]:
    if not has_perm(actor, P.ESOBES_VIEW) and not has_perm(actor, P.ESOBES_IMPORT):
        return RosterImport.objects.none()
    return scope(actor, RosterImport.objects.select_related("imported_by")).order_by("-as_of", "-id")


def import_get(*, actor: Any, uid: Any) -> RosterImport:
    try:
        return import_list(actor=actor).get(uid=uid)
    except (RosterImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    except Exception as exc:  # invalid UUID text
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from None
        raise


def rejected_rows(*, actor: Any, roster_import: RosterImport) -> QuerySet[RosterRejectedRow]:
    return scope(actor, RosterRejectedRow.objects.filter(roster_import=roster_import)).order_by("row_number")


def providers_for_reconciliation(*, actor: Any) -> QuerySet[Provider]:
    """Providers the actor may reconcile: in scope and covered by some completed import."""
    if not has_perm(actor, P.ESOBES_VIEW):
        return Provider.objects.none()
    covered = RosterImportProvider.objects.filter(
        roster_import__status=RosterImport.Status.DONE).values("provider_id")
    return scope(actor, Provider.objects.filter(Q(pk__in=covered))).order_by("name_kk")


def differences_for_actor(*, actor: Any, provider: Provider, on: date) -> list[Difference]:
    """``roster_differences`` for a provider the actor may see with ``exchange.esobes.view``."""
    if not has_perm(actor, P.ESOBES_VIEW) or not scope(actor, Provider.objects.filter(pk=provider.pk)).exists():
        raise Http404
    return roster_differences(provider, on)
