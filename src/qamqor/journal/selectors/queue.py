"""Reads of a queue: its order with positions, one application's place, and the estimate of the wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm, scope
from qamqor.access.permissions import P
from qamqor.core.domain import Source
from qamqor.journal.domain import queue as Qd
from qamqor.journal.domain import sources as S
from qamqor.journal.models import (
    ApplicationStatus,
    Placement,
    QueueApplication,
)
from qamqor.journal.queries import parameter, pending_entries
from qamqor.journal.selectors._common import parse_uid, require_provider
from qamqor.registry.models import Provider

# --- the queue ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueueItem:
    """One line of a queue: the application, its place, how many are ahead, and whether it waits for
    the person's re-certification."""

    application: QueueApplication
    position: int
    ahead: int
    awaiting_recertification: bool


def queue_list(*, actor: Any, provider: Provider, setting: str, on: date | None = None) -> list[QueueItem]:
    """The provider's queue in a setting in order: out-of-turn first, then by time of receipt to the
    second, ties by application number (seed 003 p. 11, 1); p. 21, 1); p. 26, 1))."""
    require_provider(actor, provider)
    on = on or timezone.localdate()
    entries = Qd.queue_order(pending_entries(provider.pk, setting))
    apps = {a.pk: a for a in scope(actor, QueueApplication.objects.filter(pk__in=[e.application_id for e in entries])
                                    .select_related("person", "applicant", "provider"))}
    return [QueueItem(application=apps[e.application_id], position=i + 1, ahead=i,
                      awaiting_recertification=Qd.awaiting_recertification(e, on))
            for i, e in enumerate(entries) if e.application_id in apps]


def _position(application: QueueApplication) -> Qd.Position | None:
    if application.status not in (ApplicationStatus.PENDING, ApplicationStatus.OFFERED):
        return None
    return Qd.position_of(pending_entries(application.provider_id, application.setting), application.pk)


def application_position(*, actor: Any, application: QueueApplication) -> Qd.Position | None:
    """The application's place in its queue and how many are ahead (None once it left the queue)."""
    if not has_perm(actor, P.JOURNAL_VIEW) or not can(actor, P.JOURNAL_VIEW, application):
        raise Http404
    return _position(application)


def application_position_public(*, uid: UUID | str) -> Qd.Position | None:
    """The place in the queue of the application with this (unguessable) public identifier, for anyone
    who holds it — numbers only, no personal data."""
    try:
        application = QueueApplication.objects.get(uid=parse_uid(uid))
    except QueueApplication.DoesNotExist:
        raise Http404 from None
    return _position(application)


@dataclass(frozen=True)
class WaitEstimateView:
    """The estimate of the wait with the method stated in words, as the applicant sees it."""

    estimate: Qd.WaitEstimate
    method: str
    source: Source


def wait_estimate(*, actor: Any | None, application: QueueApplication,
                  today: date | None = None) -> WaitEstimateView | None:
    """An estimate of the wait from the provider's recent turnover: the places freed in the last
    ``wait_estimate_window_days`` days give a rate, and the wait is position × window ÷ places freed
    (the method is returned as text). ``actor=None`` is the applicant holding the application's link."""
    if actor is not None and (not has_perm(actor, P.JOURNAL_VIEW) or not can(actor, P.JOURNAL_VIEW, application)):
        raise Http404
    today = today or timezone.localdate()
    pos = _position(application)
    if pos is None:
        return None
    window = int(parameter(Qd.WAIT_ESTIMATE_WINDOW_DAYS, today))
    since = today - timedelta(days=window)
    freed = Placement.objects.filter(provider_id=application.provider_id, setting=application.setting,
                                     active=False, ended_on__gt=since, ended_on__lte=today).count()
    est = Qd.wait_estimate(pos.position, freed, window)
    if est.days is None:
        method = _("No place was freed here in the last %(window)s days, so the wait cannot be estimated "
                   "from turnover.") % {"window": window}
    else:
        method = _("Estimated from turnover: %(freed)s places were freed here in the last %(window)s days, "
                   "about one every %(rate)s days; position %(position)s × %(rate)s ≈ %(days)s days. "
                   "An estimate, not a promise.") % {
            "freed": freed, "window": window, "rate": f"{est.days_per_place:.1f}", "position": pos.position,
            "days": est.days}
    return WaitEstimateView(estimate=est, method=str(method), source=S.WAIT_ESTIMATE_METHOD)


@dataclass(frozen=True)
class PublicPosition:
    """What anyone holding an application's number may see: the provider, the setting, the place in the
    queue, how many are ahead, the status and the estimate of the wait — never the person."""

    number: Any
    provider_name: str
    setting: str
    setting_label: str
    status: str
    status_label: str
    position: int | None
    ahead: int | None
    wait_days: int | None
    wait_method: str | None
    wait_source: str | None


def application_public_view(*, uid: Any) -> PublicPosition:
    """The public view of an application's place, read through the wait-estimate selector (``actor=None``:
    the holder of the number), which finds the place in the queue; Http404 for an unknown or malformed
    number. One read of the application and one of its queue (issue 8: the public endpoint is hot)."""
    try:
        app = QueueApplication.objects.select_related("provider").get(uid=parse_uid(uid))
    except QueueApplication.DoesNotExist:
        raise Http404 from None
    est = wait_estimate(actor=None, application=app)
    position = est.estimate.position if est else None
    return PublicPosition(
        number=app.uid, provider_name=app.provider.name, setting=app.setting,
        setting_label=str(app.get_setting_display()), status=app.status, status_label=str(app.get_status_display()),
        position=position, ahead=position - 1 if position else None,
        wait_days=est.estimate.days if est else None, wait_method=est.method if est else None,
        wait_source=str(est.source) if est else None)
