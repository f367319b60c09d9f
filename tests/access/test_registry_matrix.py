"""Who sees which person and provider: role × own/other provider or region.

Provider staff see the persons tied to their provider; officers and regional inspectors their region;
national roles everything; the ministry analyst no individual person at all. Out of scope is 404."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.http import Http404

from qamqor.accounts.models import Role, User
from qamqor.registry.models import Person, Provider
from qamqor.registry.selectors import person_get, person_list, provider_get, provider_list
from tests.factories import ProviderFactory, ProviderPersonFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class World:
    own_provider: Provider
    other_provider: Provider
    own_person: Person
    other_person: Person


@pytest.fixture
def world() -> World:
    here, there = RegionFactory(), RegionFactory()
    own_provider, other_provider = ProviderFactory(region=here), ProviderFactory(region=there)
    return World(own_provider, other_provider,
                 ProviderPersonFactory(provider=own_provider).person,
                 ProviderPersonFactory(provider=other_provider).person)


def _actor(role: str, world: World) -> User:
    here = world.own_provider.region
    return {
        "specialist": lambda: UserFactory(role=Role.PROVIDER_SPECIALIST, provider=world.own_provider),
        "head": lambda: UserFactory(role=Role.PROVIDER_HEAD, provider=world.own_provider),
        "officer": lambda: UserFactory(role=Role.LEB_OFFICER, region=here),
        "inspector": lambda: UserFactory(role=Role.INSPECTOR, region=here),
        "national_inspector": lambda: UserFactory(role=Role.INSPECTOR),
        "analyst": lambda: UserFactory(role=Role.ANALYST),
        "admin": lambda: UserFactory(role=Role.ADMIN),
        "superuser": lambda: UserFactory(role=Role.ANALYST, is_superuser=True),
        "inactive_admin": lambda: UserFactory(role=Role.ADMIN, is_active=False),
    }[role]()


# role: (sees own person, sees other person, sees own provider, sees other provider)
MATRIX = {
    "specialist": (True, False, True, False),
    "head": (True, False, True, False),
    "officer": (True, False, True, False),
    "inspector": (True, False, True, False),
    "national_inspector": (True, True, True, True),
    "analyst": (False, False, True, True),
    "admin": (True, True, True, True),
    "superuser": (True, True, True, True),
    "inactive_admin": (False, False, False, False),
}


def _sees(getter, actor, obj) -> bool:
    try:
        getter(actor=actor, uid=obj.uid)
    except Http404:
        return False
    return True


@pytest.mark.parametrize(("role", "expected"), MATRIX.items(), ids=list(MATRIX))
def test_person_get(world: World, role: str, expected: tuple[bool, ...]) -> None:
    actor = _actor(role, world)
    assert _sees(person_get, actor, world.own_person) is expected[0]
    assert _sees(person_get, actor, world.other_person) is expected[1]


@pytest.mark.parametrize(("role", "expected"), MATRIX.items(), ids=list(MATRIX))
def test_person_list(world: World, role: str, expected: tuple[bool, ...]) -> None:
    listed = set(person_list(actor=_actor(role, world)))
    assert (world.own_person in listed) is expected[0]
    assert (world.other_person in listed) is expected[1]


@pytest.mark.parametrize(("role", "expected"), MATRIX.items(), ids=list(MATRIX))
def test_provider_get_and_list(world: World, role: str, expected: tuple[bool, ...]) -> None:
    actor = _actor(role, world)
    assert _sees(provider_get, actor, world.own_provider) is expected[2]
    assert _sees(provider_get, actor, world.other_provider) is expected[3]
    listed = set(provider_list(actor=actor))
    assert (world.own_provider in listed) is expected[2]
    assert (world.other_provider in listed) is expected[3]


def test_a_missing_person_looks_like_a_forbidden_one(world: World) -> None:
    import uuid

    actor = _actor("admin", world)
    with pytest.raises(Http404):
        person_get(actor=actor, uid=uuid.uuid4())
    with pytest.raises(Http404):
        person_get(actor=actor, uid="not-a-uuid")


def test_anonymous_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not person_list(actor=AnonymousUser()).exists()
    assert not provider_list(actor=AnonymousUser()).exists()
    with pytest.raises(Http404):
        person_get(actor=AnonymousUser(), uid=world.own_person.uid)


def test_provider_staff_see_the_representatives_of_their_persons(world: World) -> None:
    from datetime import date

    from qamqor.registry.models import Representation
    from tests.factories import PersonFactory

    parent = PersonFactory()
    Representation.objects.create(person=world.own_person, representative=parent, kind="parent",
                                  valid_from=date(2020, 1, 1))
    specialist = _actor("specialist", world)
    assert parent in set(person_list(actor=specialist))
    assert _sees(person_get, specialist, parent)


def test_a_failed_lookup_writes_no_view_event(world: World) -> None:
    from qamqor.core.models import AuditEvent

    specialist = _actor("specialist", world)
    _sees(person_get, specialist, world.other_person)
    assert not AuditEvent.objects.exists()
