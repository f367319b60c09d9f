"""The region page (local executive body, inspectors) and the provider page: capacity and occupancy by
setting, queues, plans late, staff caseloads, links to the journal; scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.journal.support import admit, apply, person_at, provider_with, staff
from tests.web import planting as plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_world(world, care_catalog):
    second = provider_with(capacity=2, region=world.region)
    user = staff(second)
    admit(user, person_at(second), second)
    admit(user, person_at(second), second)
    apply(user, person_at(second), second)
    plant.plan_late(second)
    plant.plan_late(world.other_provider)
    world.second = second
    return world


def _region_url(region) -> str:
    return reverse("web:region_detail", kwargs={"code": region.code})


@pytest.mark.parametrize("who", ["leb", "inspector", "national_inspector", "analyst"])
def test_the_region_page_lists_its_providers_with_occupancy_queues_and_plans_late(client, region_world, who):
    client.force_login(region_world.user(who))
    response = client.get(_region_url(region_world.region))
    assert response.status_code == 200
    rows = {r["group"]: r for r in response.context["rows"]}
    second = rows[region_world.second.name]
    assert (second["capacity"], second["occupied"], second["free"], second["waiting"], second["plans_late"]) == (
        2, 2, 0, 1, 1)
    assert rows[region_world.provider.name]["capacity"] == 120
    assert response.context["totals"] == {"capacity": 122, "occupied": 2, "offered": 0, "free": 120, "waiting": 1}
    assert response.context["plans_late"] == 1
    html = response.content.decode()
    assert region_world.other_provider.name not in html
    assert reverse("web:provider_detail", kwargs={"uid": region_world.second.uid}) in html


@pytest.mark.parametrize(("who", "status"), [("other_leb", 404), ("head", 404), ("specialist", 403)])
def test_the_region_page_is_closed_outside_the_region(client, region_world, who, status):
    client.force_login(region_world.user(who))
    assert client.get(_region_url(region_world.region)).status_code == status


def test_the_region_list_sends_an_officer_to_the_own_region(client, region_world):
    client.force_login(region_world.user("leb"))
    response = client.get(reverse("web:region_list"))
    assert response.status_code == 302 and response["Location"] == _region_url(region_world.region)
    client.force_login(region_world.user("analyst"))
    html = client.get(reverse("web:region_list")).content.decode()
    assert _region_url(region_world.region) in html and _region_url(region_world.other_region) in html


def test_the_provider_page_shows_occupancy_queue_links_and_plans_late(client, region_world):
    provider = region_world.second
    client.force_login(staff(provider))
    response = client.get(reverse("web:provider_detail", kwargs={"uid": provider.uid}))
    (row,) = response.context["occupancy"]
    assert (row["capacity"], row["occupied"], row["offered"], row["free"], row["waiting"]) == (2, 2, 0, 0, 1)
    assert response.context["plans_late"] == 1
    html = response.content.decode()
    assert reverse("journal:journal", kwargs={"provider_uid": provider.uid, "setting": "stationary"}) in html
    assert reverse("journal:queue", kwargs={"provider_uid": provider.uid, "setting": "stationary"}) in html
    assert response.context["risk_state"] == "hidden"  # provider staff do not read the control records


def test_the_provider_page_shows_the_caseloads(client, world, care_catalog):
    worker = UserFactory(role="provider_specialist", provider=world.provider, first_name="Дана", last_name="Сәрсен")
    plant.assign(world.provider, worker, 7)
    client.force_login(world.user("head"))
    response = client.get(reverse("web:provider_detail", kwargs={"uid": world.provider.uid}))
    (row,) = response.context["caseload"]
    assert row.worker == worker and len(row.children) == 7 and row.flag == "over"
    assert "Дана Сәрсен" in response.content.decode()


def test_the_analyst_sees_occupancy_but_no_caseload_or_journal_link(client, region_world):
    client.force_login(region_world.user("analyst"))
    response = client.get(reverse("web:provider_detail", kwargs={"uid": region_world.second.uid}))
    assert response.context["occupancy"][0]["occupied"] == 2
    assert response.context["caseload"] is None
    assert reverse("journal:index", kwargs={"provider_uid": region_world.second.uid}) not in response.content.decode()


def test_another_providers_page_is_a_404_for_staff(client, region_world):
    client.force_login(region_world.user("specialist"))
    assert client.get(reverse("web:provider_detail", kwargs={"uid": region_world.second.uid})).status_code == 404


def test_the_provider_page_counts_plans_by_specialist(client, world, care_catalog):
    coordinator = UserFactory(role="provider_specialist", provider=world.provider, first_name="Әсел", last_name="Нұрова")
    plant.plan(world.provider, basis=-30, coordinator=coordinator)  # late
    plant.plan_due(world.provider)
    plant.plan_late(world.other_provider)
    client.force_login(world.user("head"))
    response = client.get(reverse("web:provider_detail", kwargs={"uid": world.provider.uid}))
    rows = [(r.coordinator, r.open_plans, r.late) for r in response.context["specialist_plans"]]
    assert rows == [(coordinator, 1, 1), (None, 1, 0)]
    assert "Әсел Нұрова" in response.content.decode()
