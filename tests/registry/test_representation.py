"""Legal representatives: added, ended and deleted without leaving a minor or an incapable person alone."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, NotFound
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Representation
from qamqor.registry.services import (
    representation_add,
    representation_delete,
    representation_end,
    representation_update,
)
from tests.factories import PersonFactory, ProviderPersonFactory, UserFactory
from tests.registry.helpers import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(role=Role.ADMIN)


def _child_with_mother(admin):
    child = PersonFactory(born=date(2015, 6, 1))
    mother = PersonFactory(born=date(1988, 1, 1))
    rep = representation_add(actor=admin, person=child, representative=mother, kind=Representation.Kind.PARENT,
                             valid_from=date(2015, 6, 1))
    return child, mother, rep


def test_add_is_audited_under_the_person_represented(admin) -> None:
    child, mother, rep = _child_with_mother(admin)
    event = AuditEvent.objects.get(object_type="registry.Representation")
    assert event.subject_person == str(child.uid)
    assert event.changes["representative"] == [None, mother.pk]


def test_one_person_may_represent_several(admin) -> None:
    mother = PersonFactory(born=date(1988, 1, 1))
    for born in (date(2015, 6, 1), date(2018, 2, 2)):
        representation_add(actor=admin, person=PersonFactory(born=born), representative=mother,
                           kind=Representation.Kind.PARENT, valid_from=born)
    assert mother.represents.count() == 2


def test_self_representation_and_duplicates_are_refused(admin) -> None:
    child, mother, _ = _child_with_mother(admin)
    with pytest.raises(DomainError) as caught:
        representation_add(actor=admin, person=mother, representative=mother, kind="guardian", valid_from=TODAY)
    assert caught.value.code == "representative_self"
    with pytest.raises(DomainError) as caught:
        representation_add(actor=admin, person=child, representative=mother, kind=Representation.Kind.PARENT,
                           valid_from=date(2015, 6, 1))
    assert caught.value.code == "duplicate_representation"
    with pytest.raises(DomainError) as caught:
        representation_add(actor=admin, person=child, representative=PersonFactory(), kind="guardian",
                           valid_from=date(2026, 2, 1), valid_until=date(2026, 1, 1))
    assert caught.value.code == "period_reversed"
    assert Representation.objects.count() == 1


def test_ending_the_only_representation_of_a_minor_is_refused(admin) -> None:
    child, _, rep = _child_with_mother(admin)
    with pytest.raises(DomainError) as caught:
        representation_end(actor=admin, representation=rep, valid_until=TODAY, today=TODAY)
    assert caught.value.code == "representative_required"
    rep.refresh_from_db()
    assert rep.valid_until is None


def test_ending_is_allowed_once_another_representative_takes_over(admin) -> None:
    child, _, rep = _child_with_mother(admin)
    representation_add(actor=admin, person=child, representative=PersonFactory(), kind="guardian",
                       basis="қамқоршылық органының шешімі", valid_from=date(2026, 3, 3))
    ended = representation_end(actor=admin, representation=rep, valid_until=date(2026, 3, 2), today=TODAY)
    assert ended.valid_until == date(2026, 3, 2)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes["valid_until"] == [None, "2026-03-02"]


def test_ending_a_representation_at_majority_is_allowed(admin) -> None:
    youth = PersonFactory(born=date(2008, 3, 10))
    rep = representation_add(actor=admin, person=youth, representative=PersonFactory(), kind="parent",
                             valid_from=date(2008, 3, 10))
    representation_end(actor=admin, representation=rep, valid_until=date(2026, 3, 9), today=TODAY)


def test_an_adult_with_full_capacity_needs_no_representative(admin) -> None:
    adult = PersonFactory()
    rep = representation_add(actor=admin, person=adult, representative=PersonFactory(), kind="other",
                             valid_from=date(2025, 1, 1))
    representation_delete(actor=admin, representation=rep, today=TODAY)
    assert not Representation.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, subject_person=str(adult.uid)).exists()


def test_deleting_the_only_representation_of_a_minor_is_refused(admin) -> None:
    _, _, rep = _child_with_mother(admin)
    with pytest.raises(DomainError):
        representation_delete(actor=admin, representation=rep, today=TODAY)
    with pytest.raises(DomainError):
        representation_update(actor=admin, representation=rep, data={"valid_from": date(2026, 6, 1)}, today=TODAY)
    assert Representation.objects.filter(pk=rep.pk, valid_from=date(2015, 6, 1)).exists()


def test_provider_staff_add_representatives_only_for_their_persons() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    own = ProviderPersonFactory(provider=specialist.provider, person__born=date(2015, 1, 1)).person
    own_parent = ProviderPersonFactory(provider=specialist.provider).person
    other_parent = ProviderPersonFactory().person
    with pytest.raises(NotFound):
        representation_add(actor=specialist, person=own, representative=other_parent, kind="parent",
                           valid_from=date(2015, 1, 1))
    with pytest.raises(NotFound):
        representation_add(actor=specialist, person=other_parent, representative=own_parent, kind="other",
                           valid_from=date(2025, 1, 1))
    representation_add(actor=specialist, person=own, representative=own_parent, kind="parent",
                       valid_from=date(2015, 1, 1))
