"""Reads of applications, assessments of need and decisions, with whether their deadlines were kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.care import parameters as params
from qamqor.care.domain import need as rules
from qamqor.care.models import NeedAssessment, ServiceDecision
from qamqor.care.selectors._common import today_or
from qamqor.core.calendar import calendar_for
from qamqor.registry.models import Person, Region

DEADLINES_NOT_IN_REGULATIONS = _(
    "The regulations set no deadline for assessing the need or for the decision on the guaranteed volume; "
    "these deadlines are Qamqor's stated defaults (dated parameters).")


def need_assessment_list(*, actor: Any, region: Region | None = None, person: Person | None = None,
                         pending: bool | None = None) -> QuerySet[NeedAssessment]:
    """The applications and assessments of need the actor may see, newest first."""
    if not has_perm(actor, P.NEED_VIEW):
        return NeedAssessment.objects.none()
    qs = scope(actor, NeedAssessment.objects.all())
    if region is not None:
        qs = qs.filter(region=region)
    if person is not None:
        qs = qs.filter(person=person)
    if pending is not None:
        qs = qs.filter(outcome=NeedAssessment.Outcome.PENDING) if pending else qs.exclude(
            outcome=NeedAssessment.Outcome.PENDING)
    return qs.select_related("person", "region", "provider")


def service_decision_list(*, actor: Any, region: Region | None = None, person: Person | None = None
                          ) -> QuerySet[ServiceDecision]:
    """The decisions on the guaranteed volume the actor may see, newest first."""
    if not has_perm(actor, P.NEED_VIEW):
        return ServiceDecision.objects.none()
    qs = scope(actor, ServiceDecision.objects.all())
    if region is not None:
        qs = qs.filter(region=region)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.select_related("person", "region", "provider", "assessment").prefetch_related("service_types")


@dataclass(frozen=True)
class NeedDeadlineRow:
    """One application with its two deadlines and whether each was kept (None: not due yet);
    ``deadline_source`` says which rule set the deadlines — for these, a Qamqor default."""

    assessment: NeedAssessment
    decision: ServiceDecision | None
    timing: rules.NeedTiming
    assessment_rule: params.RuleValue
    decision_rule: params.RuleValue
    deadline_source: str


def deadline_source(assessment_rule: params.RuleValue, decision_rule: params.RuleValue) -> str:
    """How the deadlines came about, for people: the parameters and their sources, and — when either is a
    default — that the regulations are silent."""
    text = f"{assessment_rule}; {decision_rule}"
    if assessment_rule.is_default or decision_rule.is_default:
        text = f"{DEADLINES_NOT_IN_REGULATIONS} {text}"
    return text


def need_deadlines(*, actor: Any, region: Region | None = None, date_from: date | None = None,
                   date_to: date | None = None, today: date | None = None) -> list[NeedDeadlineRow]:
    """For each application (by application date in the period): when the assessment of need was due and
    whether it was on time, when the decision was due (counted from the assessment) and whether it was
    on time — risk criteria 1 and 2 of seed 004 read this. Deadlines come from the parameters in force
    on the application date."""
    today = today_or(today)
    qs = need_assessment_list(actor=actor, region=region).prefetch_related(
        Prefetch("decisions", queryset=ServiceDecision.objects.order_by("decision_date", "id")))
    if date_from is not None:
        qs = qs.filter(application_date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(application_date__lte=date_to)
    rows = []
    for assessment in qs.order_by("application_date", "id"):
        assessment_deadline, assessment_rule = params.deadline(params.NEED_ASSESSMENT_DAYS, assessment.application_date)
        decision_deadline, decision_rule = params.deadline(params.NEED_DECISION_DAYS, assessment.application_date)
        decisions = list(assessment.decisions.all())
        decision = decisions[0] if decisions else None
        timing = rules.need_timing(
            application_date=assessment.application_date, assessment_date=assessment.assessment_date,
            decision_date=decision.decision_date if decision else None, assessment=assessment_deadline,
            decision=decision_deadline, work_calendar=calendar_for(assessment.application_date, today), today=today)
        rows.append(NeedDeadlineRow(assessment, decision, timing, assessment_rule, decision_rule,
                                    deadline_source(assessment_rule, decision_rule)))
    return rows
