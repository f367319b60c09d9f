"""Builders for the control-core tests: subjects, actors and planted records of other apps."""

from __future__ import annotations

from datetime import date
from typing import Any

from qamqor.accounts.models import Role
from qamqor.care.models import IndividualWorkPlan, PlanItem
from qamqor.control.models import Subject
from qamqor.journal.models import Journal, JournalEvent, Placement
from qamqor.registry.models import Provider, Region
from qamqor.rules.models import ServiceItem
from tests.factories import PersonFactory, ProviderFactory, ProviderSettingFactory, RegionFactory, UserFactory

AS_OF = date(2026, 11, 20)


def provider_subject(setting: str = "stationary", *, provider: Provider | None = None,
                     region: Region | None = None) -> Subject:
    provider = provider or ProviderFactory(region=region or RegionFactory())
    ProviderSettingFactory(provider=provider, setting=setting)
    return Subject.objects.create(kind="provider", setting=setting, provider=provider, region=provider.region,
                                  name=provider.name_kk, bin_iin=provider.bin, address=provider.address)


def other_subject(kind: str, region: Region | None = None, name: str = "Subject") -> Subject:
    return Subject.objects.create(kind=kind, region=region or RegionFactory(), name=name)


def inspector(region: Region | None = None) -> Any:
    return UserFactory(role=Role.INSPECTOR, region=region)


def user(role: str, **kwargs: Any) -> Any:
    return UserFactory(role=role, **kwargs)


def plan(provider: Provider, *, basis: date, due: date, fill_by: date, developed: date | None,
         approved: date | None, filled: date | None = None, person: Any = None,
         with_items: bool = True) -> IndividualWorkPlan:
    """A plan row planted as it would stand after the care services wrote it."""
    person = person or PersonFactory(region=provider.region)
    status = "approved" if approved else ("filled" if filled else "draft")
    row = IndividualWorkPlan.objects.create(
        person=person, provider=provider, standard="000", basis_date=basis, due_on=due, fill_by=fill_by,
        developed_on=developed, filled_on=filled or approved, approved_on=approved, status=status,
        version=1 if approved else 0)
    if with_items:
        PlanItem.objects.create(plan=row, service_item=ServiceItem.objects.filter(standard="000").first(),
                                responsible_name="Specialist", schedule="weekly", expected_result="progress")
    return row


def journal(provider: Provider, setting: str) -> Journal:
    return Journal.objects.get_or_create(provider=provider, setting=setting, finished_on=None,
                                         defaults={"started_on": date(2025, 1, 1)})[0]


def event(provider: Provider, setting: str, person: Any, kind: str, on: date, *, order_number: str = "",
          order_date: date | None = None, **fields: Any) -> JournalEvent:
    return JournalEvent.objects.create(journal=journal(provider, setting), person=person, kind=kind, event_date=on,
                                       order_number=order_number, order_date=order_date, **fields)


def placed(provider: Provider, setting: str, on: date, person: Any = None) -> Placement:
    person = person or PersonFactory(region=provider.region)
    admission = event(provider, setting, person, "admission", on, order_number="A-1", order_date=on)
    return Placement.objects.create(journal=admission.journal, person=person, provider=provider, setting=setting,
                                    admission_event=admission, started_on=on)
