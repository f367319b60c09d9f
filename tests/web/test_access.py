"""Permission matrix of the pages: role × own/other provider or region → status.

302 = sent to log in; 403 = the role may not do this at all; 404 = the record is outside the user's
provider or region (it looks exactly like a record that does not exist)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.scenario import USERS

pytestmark = pytest.mark.django_db

ALL = [*USERS, "anonymous"]


def _status(client, world, who: str, url: str) -> int:
    if who != "anonymous":
        client.force_login(world.user(who))
    return client.get(url).status_code


def _expect(table: dict[str, int], default: int) -> list[tuple[str, int]]:
    return [(who, table.get(who, default)) for who in ALL]


# Person pages: "own" is the person at the provider of "specialist", in the region of "leb".
PERSON_VIEW = {"anonymous": 302, "analyst": 403, "other_specialist": 404, "other_leb": 404}
PERSON_CHANGE = {"anonymous": 302, "analyst": 403, "inspector": 403, "national_inspector": 403,
                 "other_specialist": 404, "other_leb": 404}


@pytest.mark.parametrize(("who", "expected"), _expect({"anonymous": 302, "analyst": 403}, 200))
def test_person_list(client, world, who, expected):
    assert _status(client, world, who, reverse("web:person_list")) == expected


@pytest.mark.parametrize(("who", "expected"), _expect(PERSON_VIEW, 200))
def test_person_page(client, world, who, expected):
    url = reverse("web:person_detail", kwargs={"uid": world.person.uid})
    assert _status(client, world, who, url) == expected


@pytest.mark.parametrize(("who", "expected"), _expect(
    {"anonymous": 302, "analyst": 403, "specialist": 404, "head": 404, "leb": 404, "inspector": 404}, 200))
def test_person_page_of_the_other_provider(client, world, who, expected):
    url = reverse("web:person_detail", kwargs={"uid": world.other_person.uid})
    assert _status(client, world, who, url) == expected


@pytest.mark.parametrize(("who", "expected"), _expect(
    {"anonymous": 302, "analyst": 403, "inspector": 403, "national_inspector": 403}, 200))
def test_person_registration_form(client, world, who, expected):
    assert _status(client, world, who, reverse("web:person_register")) == expected


@pytest.mark.parametrize("page", ["web:person_edit", "web:representation_add"])
@pytest.mark.parametrize(("who", "expected"), _expect(PERSON_CHANGE, 200))
def test_person_change_forms(client, world, page, who, expected):
    url = reverse(page, kwargs={"uid": world.person.uid})
    assert _status(client, world, who, url) == expected


@pytest.mark.parametrize(("who", "expected"), _expect(PERSON_CHANGE, 200))
def test_ground_registration_form(client, world, who, expected):
    url = reverse("web:ground_register", kwargs={"uid": world.person.uid})
    assert _status(client, world, who, url) == expected


@pytest.mark.parametrize(("who", "expected"), _expect({"anonymous": 302}, 200))
def test_provider_list(client, world, who, expected):
    assert _status(client, world, who, reverse("web:provider_list")) == expected


@pytest.mark.parametrize(("who", "expected"), _expect(
    {"anonymous": 302, "other_specialist": 404, "other_leb": 404}, 200))
def test_provider_page(client, world, who, expected):
    url = reverse("web:provider_detail", kwargs={"uid": world.provider.uid})
    assert _status(client, world, who, url) == expected


@pytest.mark.parametrize("page", [
    "web:home", "web:reference", "web:reference_institution_types", "web:reference_categories",
    "web:reference_services", "web:reference_risk_criteria", "web:reference_checklists",
    "web:reference_parameters",
])
@pytest.mark.parametrize(("who", "expected"), _expect({"anonymous": 302}, 200))
def test_pages_every_role_may_read(client, world, page, who, expected):
    assert _status(client, world, who, reverse(page)) == expected


def test_anonymous_is_sent_to_log_in_and_back(client, world):
    url = reverse("web:person_detail", kwargs={"uid": world.person.uid})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert "next=" in response["Location"]


def test_a_missing_person_is_404(client, world):
    client.force_login(world.user("admin"))
    url = reverse("web:person_detail", kwargs={"uid": "00000000-0000-0000-0000-000000000000"})
    assert client.get(url).status_code == 404
