"""The local executive body's records: the application, the assessment of need, the decision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qamqor.access.permissions import P
from qamqor.care.domain import need as rules
from qamqor.care.models import NeedAssessment, ServiceDecision
from qamqor.care.services._common import lock, require, require_person, save_changed, save_new
from qamqor.core.audit import snapshot
from qamqor.core.errors import DomainError
from qamqor.registry.models import District, Person, Provider, Region
from qamqor.rules.choices import Setting
from qamqor.rules.models import ServiceType

DATES_OUT_OF_ORDER = _("The assessment cannot precede the application, nor the decision the assessment.")
ALREADY_ASSESSED = _("This application has already been assessed.")
UNKNOWN_OUTCOME = _("Unknown outcome.")
UNKNOWN_SETTING = _("Unknown setting.")
ASSESSMENT_OF_ANOTHER_PERSON = _("The assessment concerns another person.")
ASSESSMENT_PENDING = _("The need has not been assessed yet: the decision rests on the assessment.")
ASSESSMENT_REQUIRED = _(
    "A first decision rests on the assessment of need (the social worker's conclusion); only a "
    "continuation of services is decided without a new assessment.")
CONTRADICTS_ASSESSMENT = _("Services cannot be granted when the assessment found no need.")
DISTRICT_OUTSIDE_REGION = _("The district does not belong to the chosen region.")
DUPLICATE_DECISION = _("A decision with this number and date is already registered in this region.")


def _check_setting(setting: str) -> None:
    if setting and setting not in Setting.values:
        raise DomainError("unknown_setting", UNKNOWN_SETTING, field="setting")


def _in_scope(actor: Any, perm: P, obj: Any) -> None:
    """A new row must fall within the actor's own region (or provider): checked on the saved row, inside
    the transaction, so that an out-of-scope record is rolled back with everything else."""
    require(actor, perm, obj)


@transaction.atomic
def need_application_record(*, actor: Any, person: Person, region: Region, application_date: date,
                            setting: str = "", provider: Provider | None = None,
                            district: District | None = None) -> NeedAssessment:
    """Register an application for special social services with the local executive body of ``region``;
    the deadline for assessing the need runs from ``application_date``."""
    require(actor, P.NEED_DECIDE)
    require_person(actor, person)
    _check_setting(setting)
    if district is not None and district.region_id != region.pk:
        raise DomainError("district_outside_region", DISTRICT_OUTSIDE_REGION, field="district")
    assessment = NeedAssessment(person=person, region=region, district=district, provider=provider,
                                setting=setting, application_date=application_date, recorded_by=actor)
    save_new(actor, assessment, subject=person)
    _in_scope(actor, P.NEED_DECIDE, assessment)
    return assessment


@transaction.atomic
def need_assessment_record(*, actor: Any, assessment: NeedAssessment, assessment_date: date, outcome: str,
                           conclusion: str = "", assessor_name: str = "") -> NeedAssessment:
    """Record the assessment of need on an application (once): its date, whether a need was established,
    and the social worker's conclusion (seed 002 Appendix 2 п. 16)."""
    require(actor, P.NEED_DECIDE, assessment)
    assessment = lock(assessment)
    if assessment.outcome != NeedAssessment.Outcome.PENDING:
        raise DomainError("already_assessed", ALREADY_ASSESSED)
    if outcome not in (NeedAssessment.Outcome.NEED, NeedAssessment.Outcome.NO_NEED):
        raise DomainError("unknown_outcome", UNKNOWN_OUTCOME, field="outcome")
    if not rules.dates_in_order(assessment.application_date, assessment_date, None):
        raise DomainError("dates_out_of_order", DATES_OUT_OF_ORDER, field="assessment_date")
    before = snapshot(assessment)
    assessment.assessment_date = assessment_date
    assessment.outcome = outcome
    assessment.conclusion = conclusion
    assessment.assessor_name = assessor_name
    return save_changed(actor, assessment, before, subject=assessment.person)


@transaction.atomic
def service_decision_record(*, actor: Any, person: Person, region: Region, number: str, decision_date: date,
                            outcome: str, assessment: NeedAssessment | None = None,
                            kind: str = ServiceDecision.Kind.INITIAL, provider: Provider | None = None,
                            setting: str = "", volume: str = "", service_types: Iterable[ServiceType] = (),
                            valid_from: date | None = None, valid_until: date | None = None) -> ServiceDecision:
    """Record the local executive body's decision on the guaranteed volume of special social services.

    A first decision rests on an assessment of the same person that has been carried out, is dated
    on or after it, and cannot grant services the assessment found no need for; a continuation of
    services needs no new assessment (seed 002 Appendix 2 п. 16)."""
    require(actor, P.NEED_DECIDE)
    require_person(actor, person)
    _check_setting(setting)
    if outcome not in ServiceDecision.Outcome.values:
        raise DomainError("unknown_outcome", UNKNOWN_OUTCOME, field="outcome")
    if kind not in ServiceDecision.Kind.values:
        raise DomainError("invalid", UNKNOWN_OUTCOME, field="kind")
    if assessment is None and kind == ServiceDecision.Kind.INITIAL:
        raise DomainError("assessment_required", ASSESSMENT_REQUIRED, field="assessment", source=rules.NEED_DECISION)
    if assessment is not None:
        require(actor, P.NEED_DECIDE, assessment)
        assessment = lock(assessment)
        if assessment.person_id != person.pk:
            raise DomainError("assessment_other_person", ASSESSMENT_OF_ANOTHER_PERSON, field="assessment")
        if assessment.outcome == NeedAssessment.Outcome.PENDING:
            raise DomainError("assessment_pending", ASSESSMENT_PENDING, field="assessment",
                              source=rules.NEED_DECISION)
        if not rules.dates_in_order(assessment.application_date, assessment.assessment_date, decision_date):
            raise DomainError("dates_out_of_order", DATES_OUT_OF_ORDER, field="decision_date")
        if outcome == ServiceDecision.Outcome.GRANTED and assessment.outcome == NeedAssessment.Outcome.NO_NEED:
            raise DomainError("contradicts_assessment", CONTRADICTS_ASSESSMENT, field="outcome",
                              source=rules.NEED_DECISION)
    decision = ServiceDecision(
        assessment=assessment, person=person, region=region, provider=provider, setting=setting, kind=kind,
        outcome=outcome, number=number, decision_date=decision_date, volume=volume, valid_from=valid_from,
        valid_until=valid_until, recorded_by=actor)
    save_new(actor, decision, subject=person, duplicate=DUPLICATE_DECISION)
    _in_scope(actor, P.NEED_DECIDE, decision)
    types = list(service_types)
    if types:
        decision.service_types.set(types)
    return decision
