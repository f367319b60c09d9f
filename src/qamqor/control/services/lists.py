"""Forming the semi-annual list of preventive control with a visit from the subjects' latest scores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qamqor.access.permissions import P
from qamqor.access.scopes import region_of
from qamqor.control import parameters as params
from qamqor.control.domain.lists import Candidate, form_list, period_of
from qamqor.control.models import PreventiveControlEntry, PreventiveControlList, RiskScore, Subject
from qamqor.control.services._common import require, today_or
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.errors import DomainError, NotFound
from qamqor.core.models import AuditAction
from qamqor.registry.models import Region


def _latest_scores(subjects: list[Subject], on: date) -> dict[int, RiskScore]:
    latest: dict[int, RiskScore] = {}
    for row in RiskScore.objects.filter(subject__in=subjects, as_of__lte=on).order_by("subject_id", "-computed_at",
                                                                                       "-id"):
        latest.setdefault(row.subject_id, row)
    return latest


@transaction.atomic
def preventive_list_form(actor: Any, *, year: int, half: int, region: Region | None = None,
                         formed_on: date | None = None) -> PreventiveControlList:
    """Form the list for a half-year: subjects at high or medium risk on their latest score (as of the
    forming day), highest score first, each visited at most the allowed number of times, each visit
    dated within the half-year with the day by which the subject must be notified. One list per
    half-year and region."""
    require(actor, P.CONTROL_LIST_FORM)
    own_region = region_of(actor) if actor is not None and getattr(actor, "role", "") else None
    if own_region is not None:
        if region is None or region.pk != own_region:
            raise NotFound()
    if half not in (1, 2):
        raise DomainError("half_invalid", _("Choose the first or the second half-year."), field="half")
    day = today_or(formed_on)
    publish = params.value(params.LIST_PUBLISH_DATES, day)
    period = period_of(int(year), int(half), publish.value)
    if day > period.end:
        raise DomainError("period_over", _("This half-year is already over."), field="year")
    if PreventiveControlList.objects.filter(year=year, half=half, region=region).exists():
        raise DomainError("list_exists", _("A list for this half-year has already been formed."), field="half")
    visits = params.value(params.VISITS_PER_HALF_YEAR, day)
    notice = params.value(params.NOTICE_DAYS, day)
    subjects = list(Subject.objects.filter(is_active=True, **({"region": region} if region else {})))
    latest = _latest_scores(subjects, day)
    candidates = [Candidate(s.pk, s.name, Decimal(latest[s.pk].score), latest[s.pk].degree, latest[s.pk].pk)
                  for s in subjects if s.pk in latest]
    planned = form_list(candidates, period, formed_on=day, visits_per_subject=int(visits.value),
                        notice_days=int(notice.value))
    control_list = PreventiveControlList.objects.create(
        year=year, half=half, region=region, formed_on=day, publish_by=period.publish_by,
        period_start=period.start, period_end=period.end,
        parameters={"visits_per_half_year": visits.as_dict(), "notice_days": notice.as_dict(),
                    "publish_dates": publish.as_dict(), "formed_after_publication_date": day > period.publish_by,
                    "subjects_considered": len(subjects), "subjects_scored": len(candidates)},
        formed_by=actor if getattr(actor, "pk", None) else None)
    PreventiveControlEntry.objects.bulk_create([
        PreventiveControlEntry(control_list=control_list, subject_id=p.subject_id, risk_score_id=p.score_id,
                               score=p.score, degree=p.degree, order=p.order, visit_no=p.visit_no,
                               planned_visit_on=p.planned_visit_on, notice_by=p.notice_by)
        for p in planned])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=control_list,
                 changes={**diff({}, snapshot(control_list)), "entries": [None, len(planned)]})
    return control_list
