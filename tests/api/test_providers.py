"""Providers, regions and districts through the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.core.models import AuditEvent
from qamqor.registry.models import Provider
from qamqor.rules.choices import Setting
from tests.factories import ProviderFactory, ProviderSettingFactory

pytestmark = pytest.mark.django_db

VALID_BIN = "100140011059"


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def payload(world, **changes):
    return {"bin": VALID_BIN, "name_kk": "Қамқор орталығы", "name_ru": "Центр Камкор", "ownership": "private",
            "sector": "social_protection", "region": world.region.code, "address": "Көкшетау, Абай к-сі, 5",
            "head_name": "Нұрланова Г.", "capacities": {"stationary": 40, "home_care": 15}, **changes}


def test_register_a_provider_with_capacity(world):
    response = client_for(world.user("admin")).post(reverse("provider-register"), payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {c["setting"]: c["capacity"] for c in body["capacities"]} == {"stationary": 40, "home_care": 15}
    assert body["region"]["code"] == world.region.code and body["bin"] == VALID_BIN
    assert AuditEvent.objects.filter(object_type="registry.Provider", object_id=body["uid"], action="create").exists()


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"bin": "100140011058"}, "invalid_bin", "bin"),
    ({"bin": "10014001105"}, "invalid_bin", "bin"),
    ({"capacities": {"castle": 3}}, "invalid", "capacities"),
    ({"capacities": {"stationary": -1}}, "invalid", "capacities"),
])
def test_bad_provider_input_is_refused_and_nothing_written(world, changes, code, field):
    before = Provider.objects.count()
    response = client_for(world.user("admin")).post(reverse("provider-register"), payload(world, **changes),
                                                    format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code and field in response.json()["fields"]
    assert Provider.objects.count() == before


def test_duplicate_bin(world):
    client = client_for(world.user("admin"))
    response = client.post(reverse("provider-register"), payload(world, bin=world.provider.bin), format="json")
    assert response.status_code == 400 and response.json()["code"] == "duplicate_bin"


def test_list_filters_by_region_setting_and_name(world):
    home_care = ProviderFactory(region=world.region, name_ru="Центр надомного обслуживания")
    ProviderSettingFactory(provider=home_care, setting=Setting.HOME_CARE)
    client = client_for(world.user("analyst"))

    def uids(**params):
        return {p["uid"] for p in client.get(reverse("provider-list"), params).json()["results"]}

    assert uids() == {str(p.uid) for p in (world.provider, world.other_provider, home_care)}
    assert uids(region=world.other_region.code) == {str(world.other_provider.uid)}
    assert uids(setting=Setting.HOME_CARE) == {str(home_care.uid)}
    assert uids(q="надомного") == {str(home_care.uid)}
    assert uids(q=world.provider.bin[:12]) == {str(world.provider.uid)}


def test_a_provider_user_sees_only_their_provider(world):
    body = client_for(world.user("specialist")).get(reverse("provider-list")).json()
    assert [p["uid"] for p in body["results"]] == [str(world.provider.uid)]


def test_head_updates_the_card_and_capacity(world):
    client = client_for(world.user("head"))
    url = reverse("provider-update", kwargs={"uid": world.provider.uid})
    response = client.patch(url, {"head_name": "Ахметова Д.", "bin": "000000000000"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["head_name"] == "Ахметова Д." and response.json()["bin"] == world.provider.bin
    response = client.post(reverse("provider-capacity-set", kwargs={"uid": world.provider.uid}),
                           {"setting": "stationary", "capacity": 90}, format="json")
    assert response.json() == {"setting": "stationary", "capacity": 90}
    response = client.post(reverse("licence-add", kwargs={"uid": world.provider.uid}),
                           {"number": "KZ12LAA00001234", "activity": "Арнаулы әлеуметтік қызметтер",
                            "issued_on": "2024-03-01"}, format="json")
    assert response.status_code == 201, response.content
    detail = client.get(reverse("provider-detail", kwargs={"uid": world.provider.uid})).json()
    assert [lic["number"] for lic in detail["licences"]] == ["KZ12LAA00001234"]


def test_regions_and_districts(world):
    client = client_for(world.user("analyst"))
    regions = client.get(reverse("region-list")).json()
    assert {r["code"] for r in regions} >= {world.region.code, world.other_region.code}
    districts = client.get(reverse("district-list"), {"region": world.region.code}).json()
    assert districts and {d["region"] for d in districts} == {world.region.code}
    assert client.get(reverse("district-list"), {"region": "nowhere"}).status_code == 400
