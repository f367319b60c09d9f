"""Builders shared by the care tests. The regulations' catalogs come from the real data files (the
``care_catalog`` fixture), so the institution types, document lists and service items are the seeds' own."""

from __future__ import annotations

from datetime import date
from typing import Any

from qamqor.accounts.models import Role
from qamqor.care import services
from qamqor.care.models import IndividualWorkPlan
from qamqor.core.models import AuditEvent
from qamqor.registry.models import Person, Provider, Representation
from qamqor.rules.choices import Ownership
from qamqor.rules.models import InstitutionType, ServiceItem
from tests.factories import PersonFactory, ProviderFactory, ProviderPersonFactory, UserFactory

SPECIAL_REGIME = "special_regime_org"
PSYCHONEURO = "children_psychoneurological_msi_residential"
SEMI_STATIONARY = "children_psychoneurological_semi_stationary"
HOME_CARE = "children_home_care"
CHILDRENS_HOME = "childrens_home"


def provider(kind: str | None = SPECIAL_REGIME, *, ownership: str = Ownership.STATE, **kwargs: Any) -> Provider:
    institution_type = InstitutionType.objects.get(code=kind) if kind else None
    return ProviderFactory(institution_type=institution_type, ownership=ownership, **kwargs)


def head(of: Provider) -> Any:
    return UserFactory(role=Role.PROVIDER_HEAD, provider=of)


def specialist(of: Provider) -> Any:
    return UserFactory(role=Role.PROVIDER_SPECIALIST, provider=of)


def child(at: Provider, born: date = date(2012, 5, 10)) -> Person:
    """A child tied to the provider (so its staff see the record)."""
    return ProviderPersonFactory(provider=at, person__born=born, person__region=at.region).person


def parent_of(person: Person, valid_from: date = date(2012, 5, 10)) -> Representation:
    parent = PersonFactory(born=date(1985, 2, 3), region=person.region)
    return Representation.objects.create(person=person, representative=parent, kind=Representation.Kind.PARENT,
                                         valid_from=valid_from)


def items(standard: str, count: int = 3, service_type: str | None = None) -> list[ServiceItem]:
    qs = ServiceItem.objects.filter(standard=standard).order_by("service_type__sort_order", "item_no")
    if service_type:
        qs = qs.filter(service_type__code=service_type)
    return list(qs[:count])


def written_plan(actor: Any, person: Person, at: Provider, *, basis: date = date(2026, 3, 5),
                 n_items: int = 2) -> IndividualWorkPlan:
    """A draft plan with ``n_items`` items of the provider's standard."""
    plan = services.plan_open(actor=actor, person=person, provider=at, basis_date=basis)
    for item in items(plan.standard, n_items):
        services.plan_item_add(actor=actor, plan=plan, service_item=item, schedule="weekly",
                               expected_result="progress", responsible=actor)
    return plan


def approved_plan(person: Person, at: Provider, *, basis: date = date(2026, 3, 5), n_items: int = 2,
                  filled_on: date = date(2026, 3, 18), approved_on: date = date(2026, 3, 20)) -> IndividualWorkPlan:
    plan = written_plan(specialist(at), person, at, basis=basis, n_items=n_items)
    services.plan_fill(actor=specialist(at), plan=plan, filled_on=filled_on)
    return services.plan_approve(actor=head(at), plan=plan, approved_on=approved_on)


def audit_count() -> int:
    return AuditEvent.objects.count()
