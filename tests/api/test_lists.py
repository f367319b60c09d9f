"""Lists: page numbers (with page_size), a cursor for large lists, filters and ordering."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.registry.models import Person
from tests.factories import PersonFactory, ProviderPersonFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_page_numbers_with_page_size(world):
    PersonFactory.create_batch(5, region=world.region)
    client = client_for(world.user("admin"))
    first = client.get(reverse("person-list"), {"page_size": 3}).json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 3


def test_cursor_walks_every_row_once_even_when_rows_are_added(world):
    PersonFactory.create_batch(6, region=world.region)
    client = client_for(world.user("admin"))
    page = client.get(reverse("person-list"), {"cursor": "", "page_size": 3}).json()
    assert "count" not in page and len(page["results"]) == 3
    seen = [p["uid"] for p in page["results"]]
    added = PersonFactory(region=world.region)  # appears at the end of the walk, nothing repeats
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [p["uid"] for p in page["results"]]
    assert len(seen) == len(set(seen)) == Person.objects.count() == 9
    assert seen[-1] == str(added.uid)


def test_cursor_keeps_the_scope(world):
    client = client_for(world.user("specialist"))
    page = client.get(reverse("person-list"), {"cursor": ""}).json()
    assert [p["uid"] for p in page["results"]] == [str(world.person.uid)]


def test_a_bad_cursor_is_a_404_problem(world):
    response = client_for(world.user("admin")).get(reverse("person-list"), {"cursor": "garbage"})
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_person_filters_and_ordering(world):
    client = client_for(world.user("admin"))
    old = ProviderPersonFactory(provider=world.provider, person__born=date(1940, 1, 2),
                                person__surname="Әбенов").person

    def uids(**params):
        return [p["uid"] for p in client.get(reverse("person-list"), params).json()["results"]]

    assert str(old.uid) in uids(born_before="1945-01-01")
    assert str(old.uid) not in uids(born_after="1945-01-01")
    assert uids(sex=Person.Sex.MALE, region=world.other_region.code) == [str(world.other_person.uid)]
    by_birth = client.get(reverse("person-list"), {"ordering": "birth_date"}).json()["results"]
    assert [p["birth_date"] for p in by_birth] == sorted(p["birth_date"] for p in by_birth)
    newest_first = uids(ordering="-created_at")
    assert newest_first[0] == str(old.uid)
    assert uids(updated_since="2999-01-01T00:00:00Z") == []
    world.person.categories.add(world.category)
    assert uids(category=world.category.code) == [str(world.person.uid)]


def test_provider_filters_and_ordering(world):
    client = client_for(world.user("analyst"))

    def bins(**params):
        return [p["bin"] for p in client.get(reverse("provider-list"), params).json()["results"]]

    assert sorted(bins(ordering="bin")) == bins(ordering="bin")
    assert bins(ordering="-bin") == sorted(bins(), reverse=True)
    assert bins(is_active="false") == []
