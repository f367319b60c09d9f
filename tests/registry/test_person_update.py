"""Changing a person's particulars: only editable fields, each change written to the audit trail as a diff."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Person, ProviderPerson, Representation
from qamqor.registry.services import (
    person_attach_provider,
    person_delete,
    person_detach_provider,
    person_update,
)
from tests.factories import PersonFactory, ProviderFactory, ProviderPersonFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_update_writes_an_audit_diff_and_refreshes_the_search_name() -> None:
    admin = UserFactory(role=Role.ADMIN)
    person = PersonFactory(address="Абай к-сі, 5")
    person = person_update(actor=admin, person=person, data={"address": "Сарыарқа д-лы, 10", "surname": "Өмірова"})
    assert person.address == "Сарыарқа д-лы, 10"
    assert person.search_name.startswith("омирова ")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(person.uid))
    assert event.changes["address"] == ["Абай к-сі, 5", "Сарыарқа д-лы, 10"]
    assert set(event.changes) == {"address", "surname", "search_name"}
    assert event.subject_person == str(person.uid)


def test_an_update_that_changes_nothing_writes_no_event() -> None:
    person = PersonFactory()
    person_update(actor=UserFactory(role=Role.ADMIN), person=person, data={"surname": person.surname})
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("field", ["iin", "birth_date", "sex", "search_name"])
def test_fields_fixed_by_the_iin_cannot_be_changed(field: str) -> None:
    person = PersonFactory()
    with pytest.raises(DomainError) as caught:
        person_update(actor=UserFactory(role=Role.ADMIN), person=person, data={field: "x"})
    assert caught.value.code == "not_editable"
    assert caught.value.field == field


def test_invalid_value_is_refused_and_nothing_changes() -> None:
    person = PersonFactory()
    with pytest.raises(DomainError) as caught:
        person_update(actor=UserFactory(role=Role.ADMIN), person=person, data={"disability_group": "7", "phone": "1"})
    assert caught.value.field == "disability_group"
    person.refresh_from_db()
    assert person.phone == ""
    assert not AuditEvent.objects.exists()


def test_losing_legal_capacity_needs_a_representative_first() -> None:
    admin = UserFactory(role=Role.ADMIN)
    person = PersonFactory()
    with pytest.raises(DomainError) as caught:
        person_update(actor=admin, person=person, data={"legal_capacity": Person.LegalCapacity.NONE})
    assert caught.value.code == "representative_required"
    person.refresh_from_db()
    assert person.legal_capacity == Person.LegalCapacity.FULL
    Representation.objects.create(person=person, representative=PersonFactory(), kind=Representation.Kind.GUARDIAN,
                                  valid_from=date(2020, 1, 1))
    person_update(actor=admin, person=person, data={"legal_capacity": Person.LegalCapacity.NONE})


def test_categories_change_is_in_the_diff() -> None:
    from qamqor.rules.models import RecipientCategory

    cat = RecipientCategory.objects.create(code="test-elderly", name_kk="қарттар", name_ru="пожилые",
                                           name_en="elderly", source_document="002")
    person = PersonFactory()
    person_update(actor=UserFactory(role=Role.ADMIN), person=person, data={"categories": ["test-elderly"]})
    assert list(person.categories.all()) == [cat]
    assert AuditEvent.objects.get().changes["categories"] == [[], ["test-elderly"]]


def test_provider_staff_cannot_change_another_providers_person() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    other = ProviderPersonFactory().person
    with pytest.raises(NotFound):
        person_update(actor=specialist, person=other, data={"phone": "1"})
    own = ProviderPersonFactory(provider=specialist.provider).person
    person_update(actor=specialist, person=own, data={"phone": "+7 700 1"})


def test_an_inspector_cannot_change_a_person() -> None:
    inspector = UserFactory(role=Role.INSPECTOR)
    with pytest.raises(PermissionRefused):
        person_update(actor=inspector, person=PersonFactory(), data={"phone": "1"})


def test_attach_to_a_provider_is_idempotent_and_audited() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    person = PersonFactory(region=officer.region)
    provider = ProviderFactory(region=officer.region)
    first = person_attach_provider(actor=officer, person=person, provider=provider, since=date(2026, 1, 5))
    again = person_attach_provider(actor=officer, person=person, provider=provider, since=date(2026, 2, 5))
    assert first.pk == again.pk and again.since == date(2026, 1, 5)
    assert AuditEvent.objects.filter(object_type="registry.ProviderPerson").count() == 1
    person_detach_provider(actor=officer, link=first)
    assert not ProviderPerson.objects.exists()
    assert AuditEvent.objects.filter(object_type="registry.ProviderPerson", action=AuditAction.DELETE).count() == 1


def test_an_officer_cannot_attach_to_a_provider_of_another_region() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    person = PersonFactory(region=officer.region)
    with pytest.raises(NotFound):
        person_attach_provider(actor=officer, person=person, provider=ProviderFactory(region=RegionFactory()),
                               since=date(2026, 1, 5))


def test_delete_is_for_administrators_and_audited() -> None:
    person = ProviderPersonFactory().person
    uid = str(person.uid)
    with pytest.raises(PermissionRefused):
        person_delete(actor=UserFactory(role=Role.LEB_OFFICER, region=person.region), person=person)
    person_delete(actor=UserFactory(role=Role.ADMIN), person=person)
    assert not Person.objects.exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE, subject_person=uid)
    assert {e.object_type for e in deleted} == {"registry.Person", "registry.ProviderPerson"}
    assert deleted.get(object_type="registry.Person").changes["iin"] == [person.iin, None]


def test_a_representative_cannot_be_deleted_while_representing() -> None:
    child = PersonFactory(born=date(2015, 1, 1))
    mother = PersonFactory()
    Representation.objects.create(person=child, representative=mother, kind=Representation.Kind.PARENT,
                                  valid_from=date(2015, 1, 1))
    with pytest.raises(DomainError) as caught:
        person_delete(actor=UserFactory(role=Role.ADMIN), person=mother)
    assert caught.value.code == "in_use"
    assert Person.objects.filter(pk=mother.pk).exists()
    assert not AuditEvent.objects.exists()
