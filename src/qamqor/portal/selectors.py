"""What the applicant sees: the persons they act for, their applications with place and wait, and the
providers they may apply to with their free places."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qamqor.access.core import get_for_actor, scope
from qamqor.access.permissions import P
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import queue as Qd
from qamqor.journal.models import ApplicationStatus, JournalSetting, QueueApplication
from qamqor.journal.queries import occupancy, parameter
from qamqor.journal.selectors import application_public_view
from qamqor.journal.selectors.queue import PublicPosition
from qamqor.portal.services import applicant_of
from qamqor.registry.models import Person, ProviderSetting, Region

OPEN = (ApplicationStatus.PENDING, ApplicationStatus.OFFERED)


def queue_settings() -> list[tuple[str, str]]:
    """The settings that keep a waiting queue (temporary stay has none: seed 003 p. 31)."""
    result = []
    for js in JournalSetting:
        try:
            Qd.queue_source(js)
        except L.RuleRefusal:
            continue
        result.append((js.value, str(js.label)))
    return result


def persons(*, actor: Any) -> list[Person]:
    """The applicant first, then the persons they legally represent today."""
    me = applicant_of(actor)
    rows = list(scope(actor, Person.objects.all()).order_by("surname", "given_name"))
    return sorted(rows, key=lambda p: p.pk != me.person_id)


@dataclass(frozen=True)
class MyApplication:
    application: QueueApplication
    view: PublicPosition
    can_withdraw: bool
    can_postpone: bool


def applications(*, actor: Any) -> list[MyApplication]:
    """Every application of the persons the applicant acts for, open ones first, newest first."""
    applicant_of(actor)
    rows = scope(actor, QueueApplication.objects.select_related("provider", "person")).order_by("-received_at")
    result = [_mine(app) for app in rows]
    return sorted(result, key=lambda m: m.application.status not in OPEN)


def application(*, actor: Any, uid: Any) -> MyApplication:
    applicant_of(actor)
    app = get_for_actor(actor, P.QUEUE_APPLY, QueueApplication.objects.select_related("provider", "person"), uid=uid)
    return _mine(app)


def _mine(app: QueueApplication) -> MyApplication:
    offered = app.status == ApplicationStatus.OFFERED and app.arrival_by is not None
    return MyApplication(application=app, view=application_public_view(uid=app.uid),
                         can_withdraw=app.status in OPEN,
                         can_postpone=offered and app.postponements == 0
                         and app.arrival_by >= timezone.localdate())


@dataclass(frozen=True)
class OpenProvider:
    row: ProviderSetting
    free: int
    waiting: int


def providers(*, actor: Any, setting: str, region: Region | None = None, limit: int = 200) -> list[OpenProvider]:
    """Active providers with places in the setting (in the region when chosen), those with free places
    first, then the shortest queues."""
    applicant_of(actor)
    rows = (scope(actor, ProviderSetting.objects.select_related("provider", "provider__region"))
            .filter(setting=setting, capacity__gt=0, provider__is_active=True))
    if region is not None:
        rows = rows.filter(provider__region=region)
    today = timezone.localdate()
    result = []
    for row in rows.order_by("provider__name_kk")[:limit]:
        load = occupancy(row, today)
        result.append(OpenProvider(row=row, free=load.free, waiting=load.waiting))
    return sorted(result, key=lambda o: (o.free <= 0, o.waiting))


@dataclass(frozen=True)
class RulesInPlainWords:
    """The figures the plain-language explanation quotes, read as of today from the dated parameters."""

    offer_arrival_days: int
    postponement_days_stationary: int
    postponement_days_semi_stationary: int
    sources: list[str]


def rules_in_plain_words() -> RulesInPlainWords:
    today = timezone.localdate()
    defaults = (Qd.OFFER_ARRIVAL_DAYS, Qd.POSTPONEMENT_DAYS_STATIONARY, Qd.POSTPONEMENT_DAYS_SEMI_STATIONARY)
    values = [int(parameter(d, today)) for d in defaults]
    sources = sorted({str(d.source) for d in defaults} | {str(s) for s in Qd.QUEUE_SOURCE.values()})
    return RulesInPlainWords(*values, sources=sources)
