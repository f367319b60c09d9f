"""Records planted for the home page and dashboard tests: plans, queue applications, dossiers and
assessments of need, written straight into the tables (the derived caches the pages read included)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from qamqor.care.models import (
    AdmissionDossier,
    CareAssignment,
    DossierDocument,
    IndividualWorkPlan,
    NeedAssessment,
    ServiceDecision,
)
from qamqor.journal.models import ApplicationStatus, Journal, QueueApplication
from qamqor.registry.models import Person, Provider
from qamqor.rules.models import AdmissionDocument, InstitutionType
from tests.factories import ProviderPersonFactory

TODAY = timezone.localdate()
_numbers = itertools.count(1)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def person_at(provider: Provider, **kwargs: Any) -> Person:
    kwargs.setdefault("person__region", provider.region)
    return ProviderPersonFactory(provider=provider, **kwargs).person


def plan(provider: Provider, *, basis: int, status: str = "draft", **kwargs: Any) -> IndividualWorkPlan:
    """A plan whose deadlines are ``basis`` + 14 and + 21 days (``basis`` in days from today)."""
    start = days(basis)
    kwargs.setdefault("person", person_at(provider))
    return IndividualWorkPlan.objects.create(provider=provider, standard="test", basis_date=start,
                                             due_on=start + timedelta(days=14), fill_by=start + timedelta(days=21),
                                             status=status, **kwargs)


def plan_due(provider: Provider) -> IndividualWorkPlan:
    return plan(provider, basis=-10)  # to be developed in 4 days


def plan_late(provider: Provider) -> IndividualWorkPlan:
    return plan(provider, basis=-30)  # undeveloped 16 days after arrival


def plan_monitored(provider: Provider) -> IndividualWorkPlan:
    """Approved, in its second quarter, no monitoring recorded."""
    return plan(provider, basis=-130, status="approved", developed_on=days(-120), filled_on=days(-115),
                approved_on=days(-112), version=1, period_start=days(-110), period_end=days(254))


def journal_of(provider: Provider, setting: str = "stationary") -> Journal:
    return Journal.objects.get_or_create(provider=provider, setting=setting, finished_on=None,
                                         defaults={"started_on": days(-400)})[0]


def application(provider: Provider, *, status: str = ApplicationStatus.PENDING, waited: int = 20,
                arrival_by: date | None = None, setting: str = "stationary") -> QueueApplication:
    person = person_at(provider)
    received = timezone.make_aware(datetime.combine(days(-waited), datetime.min.time())) + timedelta(hours=10)
    return QueueApplication.objects.create(
        person=person, provider=provider, setting=setting, journal=journal_of(provider, setting), applicant=person,
        channel="paper", received_at=received, status=status, arrival_by=arrival_by,
        status_on=days(0) if status != ApplicationStatus.PENDING else None)


def dossier_missing(provider: Provider, *, missing: int = 2) -> AdmissionDossier:
    """An open dossier with ``missing`` documents awaited and one received."""
    kind = InstitutionType.objects.get(code="special_regime_org")
    dossier = AdmissionDossier.objects.create(person=person_at(provider), provider=provider, institution_type=kind,
                                              funding="budget", opened_on=days(-5))
    documents = list(AdmissionDocument.objects.filter(institution_type=kind).order_by("number")[:missing + 1])
    for document in documents[:missing]:
        DossierDocument.objects.create(dossier=dossier, document=document, state="pending")
    DossierDocument.objects.create(dossier=dossier, document=documents[missing], state="received", received_on=days(-1))
    return dossier


def assessment(region: Any, person: Person, *, applied: int, assessed: int | None = None,
               outcome: str = "pending") -> NeedAssessment:
    return NeedAssessment.objects.create(person=person, region=region, application_date=days(applied),
                                         assessment_date=days(assessed) if assessed is not None else None,
                                         outcome=outcome)


def decision(row: NeedAssessment, on: int = 0) -> ServiceDecision:
    return ServiceDecision.objects.create(assessment=row, person=row.person, region=row.region, outcome="granted",
                                          number=f"D-{next(_numbers)}", decision_date=days(on))


def assign(provider: Provider, worker: Any, children: int) -> None:
    for _ in range(children):
        CareAssignment.objects.create(provider=provider, worker=worker, person=person_at(provider), start_on=days(-30))
