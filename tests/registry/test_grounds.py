"""Grounds for services: registered for a person the actor can see, audited under that person."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Ground
from qamqor.registry.services import ground_delete, ground_register, ground_update
from qamqor.rules.choices import Setting
from tests.factories import PersonFactory, ProviderFactory, ProviderPersonFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ground(actor, person, **kwargs) -> Ground:
    defaults = dict(kind=Ground.Kind.LEB_DECISION, number="17-02/345", issued_on=date(2026, 2, 20),
                    issuing_body="Астана қаласы әкімдігінің жұмыспен қамту және әлеуметтік бағдарламалар басқармасы")
    defaults.update(kwargs)
    return ground_register(actor=actor, person=person, **defaults)


def test_an_officer_registers_a_decision_for_a_person_of_their_region() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    person = PersonFactory(region=officer.region)
    provider = ProviderFactory(region=officer.region)
    ground = _ground(officer, person, provider=provider, setting=Setting.STATIONARY)
    assert ground.region == officer.region
    event = AuditEvent.objects.get(object_type="registry.Ground")
    assert event.action == AuditAction.CREATE and event.subject_person == str(person.uid)
    assert event.changes["number"] == [None, "17-02/345"]


def test_provider_staff_grounds_default_to_their_provider() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    person = ProviderPersonFactory(provider=specialist.provider).person
    ground = _ground(specialist, person, kind=Ground.Kind.REPRESENTATIVE_APPLICATION, number="б/н")
    assert ground.provider == specialist.provider


def test_a_ground_for_a_person_out_of_scope_is_not_found() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    with pytest.raises(NotFound):
        _ground(officer, PersonFactory(region=RegionFactory()))
    with pytest.raises(PermissionRefused):
        _ground(UserFactory(role=Role.INSPECTOR), PersonFactory())
    assert not Ground.objects.exists()


def test_duplicate_ground_is_refused() -> None:
    admin = UserFactory(role=Role.ADMIN)
    person = PersonFactory()
    _ground(admin, person)
    with pytest.raises(DomainError) as caught:
        _ground(admin, person)
    assert caught.value.code == "duplicate_ground"
    assert Ground.objects.count() == 1


def test_a_ground_outside_the_officers_region_is_refused() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    person = PersonFactory(region=officer.region)
    with pytest.raises(DomainError) as caught:
        _ground(officer, person, region=RegionFactory())
    assert caught.value.code == "out_of_scope"
    assert not Ground.objects.exists() and not AuditEvent.objects.exists()


def test_update_and_delete_are_audited() -> None:
    admin = UserFactory(role=Role.ADMIN)
    ground = _ground(admin, PersonFactory())
    ground_update(actor=admin, ground=ground, data={"note": "түпнұсқа тексерілді"})
    ground_delete(actor=admin, ground=ground)
    assert [e.action for e in AuditEvent.objects.order_by("id")] == ["create", "update", "delete"]
    assert not Ground.objects.exists()
