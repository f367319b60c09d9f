"""Permission matrix of the API: role × own/other provider or region → status.

403 = not logged in, or the role may not do this; 404 = the record is outside the user's provider or
region (exactly as if it did not exist)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.registry.models import Ground, Person
from qamqor.rules.choices import Setting
from tests.factories import ProviderPersonFactory, UserFactory
from tests.web.scenario import USERS, new_iin

pytestmark = pytest.mark.django_db

ALL = [*USERS, "anonymous"]


def _client(world, who: str) -> APIClient:
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(world.user(who))
    return client


def _expect(table: dict[str, int], default: int) -> list[tuple[str, int]]:
    return [(who, table.get(who, default)) for who in ALL]


def api(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


PERSON_READ = {"anonymous": 403, "analyst": 403, "other_specialist": 404, "other_leb": 404}
PERSON_WRITE = {**PERSON_READ, "inspector": 403, "national_inspector": 403}


@pytest.mark.parametrize(("who", "expected"), _expect({"anonymous": 403, "analyst": 403}, 200))
def test_person_list(world, who, expected):
    assert _client(world, who).get(api("person-list")).status_code == expected


@pytest.mark.parametrize(("who", "expected"), _expect(PERSON_READ, 200))
def test_person_detail(world, who, expected):
    assert _client(world, who).get(api("person-detail", uid=world.person.uid)).status_code == expected


@pytest.mark.parametrize(("who", "expected"), _expect(
    {"anonymous": 403, "analyst": 403, "inspector": 403, "national_inspector": 403,
     "other_leb": 400}, 201))  # an officer cannot register a resident of another region
def test_person_register(world, who, expected):
    payload = {"iin": new_iin(), "surname": "Ахметов", "given_name": "Ерлан", "region": world.region.code}
    response = _client(world, who).post(api("person-register"), payload, format="json")
    assert response.status_code == expected, response.content
    assert Person.objects.filter(iin=payload["iin"]).exists() == (expected == 201)


@pytest.mark.parametrize(("who", "expected"), _expect(PERSON_WRITE, 200))
def test_person_update(world, who, expected):
    response = _client(world, who).patch(api("person-update", uid=world.person.uid), {"phone": "+7 701 000 00 00"},
                                         format="json")
    assert response.status_code == expected, response.content
    world.person.refresh_from_db()
    assert (world.person.phone == "+7 701 000 00 00") == (expected == 200)


@pytest.mark.parametrize(("who", "expected"), _expect(PERSON_WRITE, 201))
def test_representation_add(world, who, expected):
    # An adult of full capacity at the same provider (so in the scope of everyone who sees the person).
    adult = ProviderPersonFactory(provider=world.provider, person__born=date(1961, 7, 3)).person
    payload = {"representative": str(adult.uid), "kind": "guardian", "valid_from": "2026-01-15"}
    response = _client(world, who).post(api("representation-add", uid=world.person.uid), payload, format="json")
    assert response.status_code == expected, response.content
    assert world.person.representations.filter(representative=adult).exists() == (expected == 201)


@pytest.mark.parametrize(("who", "expected"), _expect({"anonymous": 403, "analyst": 403}, 200))
def test_ground_list(world, who, expected):
    assert _client(world, who).get(api("ground-list")).status_code == expected


@pytest.mark.parametrize(("who", "expected"), _expect(
    {**PERSON_WRITE, "other_specialist": 400, "other_leb": 400}, 201))
def test_ground_register(world, who, expected):
    payload = {"person": str(world.person.uid), "kind": Ground.Kind.LEB_DECISION, "number": "17-ш",
               "issued_on": "2026-02-01", "issuing_body": "Ақмола облысы ЖАСБ"}
    response = _client(world, who).post(api("ground-register"), payload, format="json")
    assert response.status_code == expected, response.content
    assert Ground.objects.filter(person=world.person).exists() == (expected == 201)


@pytest.mark.parametrize(("who", "expected"), _expect({"anonymous": 403}, 200))
def test_provider_list_regions_districts(world, who, expected):
    client = _client(world, who)
    for name in ("provider-list", "region-list", "district-list"):
        assert client.get(api(name)).status_code == expected, name


@pytest.mark.parametrize(("who", "expected"), _expect(
    {"anonymous": 403, "other_specialist": 404, "other_leb": 404}, 200))
def test_provider_detail(world, who, expected):
    assert _client(world, who).get(api("provider-detail", uid=world.provider.uid)).status_code == expected


@pytest.mark.parametrize(("who", "expected"), _expect({"admin": 201}, 403))
def test_provider_register(world, who, expected):
    payload = {"bin": "100140011059", "name_kk": "Қамқор орталығы", "name_ru": "Центр Камкор",
               "ownership": "state", "sector": "social_protection", "region": world.region.code,
               "address": "Көкшетау", "capacities": {"stationary": 40}}
    response = _client(world, who).post(api("provider-register"), payload, format="json")
    assert response.status_code == expected, response.content


PROVIDER_WRITE = {who: 403 for who in ALL} | {"head": 200, "admin": 200}


@pytest.mark.parametrize(("who", "expected"), _expect(PROVIDER_WRITE, 403))
def test_provider_update_and_capacity(world, who, expected):
    client = _client(world, who)
    response = client.patch(api("provider-update", uid=world.provider.uid), {"phone": "8 7162 00 00 00"},
                            format="json")
    assert response.status_code == expected, response.content
    response = client.post(api("provider-capacity-set", uid=world.provider.uid),
                           {"setting": Setting.HOME_CARE, "capacity": 30}, format="json")
    assert response.status_code == expected, response.content
    assert world.provider.settings.filter(setting=Setting.HOME_CARE).exists() == (expected == 200)


def test_head_of_another_provider_cannot_change_this_one(world):
    head = UserFactory(role=Role.PROVIDER_HEAD, provider=world.other_provider)
    client = APIClient()
    client.force_authenticate(head)
    response = client.patch(api("provider-update", uid=world.provider.uid), {"phone": "1"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
