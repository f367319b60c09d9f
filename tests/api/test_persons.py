"""Persons through the API: registration (valid, refused, audited), reading, search and scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from qamqor.api.errors import REFUSED_TITLE
from qamqor.core.domain import IdentifierError, Sex
from qamqor.core.errors import IDENTIFIER_MESSAGES
from qamqor.core.models import AuditEvent
from qamqor.registry.api import ScopedUidField
from qamqor.registry.models import Person
from qamqor.registry.services import DUPLICATE_IIN, REPRESENTATIVE_REQUIRED
from tests.factories import PersonFactory, ProviderPersonFactory
from tests.web.scenario import new_iin

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "kk") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def register(client: APIClient, **payload):
    return client.post(reverse("person-register"), payload, format="json")


def _written() -> tuple[int, int]:
    return Person.objects.count(), AuditEvent.objects.count()


def test_registration_takes_birth_date_and_sex_from_the_iin_and_is_audited(world):
    iin = new_iin(date(1948, 11, 30), Sex.FEMALE)
    response = register(client_for(world.user("specialist")), iin=iin, surname="Омарова", given_name="Күләш",
                        region=world.region.code, categories=[world.category.code])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["birth_date"] == "1948-11-30" and body["sex"] == "F"
    assert body["categories"] == [world.category.code]
    assert [link["provider"]["uid"] for link in body["providers"]] == [str(world.provider.uid)]
    person = Person.objects.get(iin=iin)
    assert AuditEvent.objects.filter(action="create", object_type="registry.Person",
                                     object_id=str(person.uid), actor_username="specialist").exists()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_duplicate_iin_is_refused_in_the_users_language_and_nothing_is_written(world, language):
    before = _written()
    response = register(client_for(world.user("leb"), language), iin=world.person.iin, surname="Басқа",
                        given_name="Адам", region=world.region.code)
    assert response.status_code == 400
    with translation.override(language):
        expected = str(DUPLICATE_IIN)
        title = str(REFUSED_TITLE)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {"type": "urn:qamqor:problem:duplicate_iin", "title": title, "status": 400,
                               "detail": expected, "instance": "/api/v1/persons/register/",
                               "code": "duplicate_iin", "message": expected, "fields": {"iin": [expected]},
                               "source": None}
    assert _written() == before


def test_a_wrong_check_digit_is_refused(world):
    iin = new_iin()
    bad = iin[:11] + str((int(iin[11]) + 1) % 10)
    before = _written()
    response = register(client_for(world.user("leb"), "en"), iin=bad, surname="А", given_name="Б",
                        region=world.region.code)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_iin"
    with translation.override("en"):
        assert response.json()["fields"]["iin"] == [str(IDENTIFIER_MESSAGES[IdentifierError.WRONG_CHECK_DIGIT])]
    assert _written() == before


def test_a_minor_needs_a_representative(world):
    child_iin = new_iin(date(2016, 5, 9), Sex.MALE)
    client = client_for(world.user("specialist"), "en")
    before = _written()
    response = register(client, iin=child_iin, surname="Серіков", given_name="Алан", region=world.region.code)
    assert response.status_code == 400
    with translation.override("en"):
        assert response.json()["fields"] == {"representatives": [str(REPRESENTATIVE_REQUIRED)]}
    assert _written() == before

    parent = world.person  # an adult of full capacity at the specialist's provider
    response = register(client, iin=child_iin, surname="Серіков", given_name="Алан", region=world.region.code,
                        representatives=[{"representative": str(parent.uid), "kind": "parent",
                                          "valid_from": "2016-05-09"}])
    assert response.status_code == 201, response.content
    reps = response.json()["representatives"]
    assert [(r["representative"]["iin"], r["kind"]) for r in reps] == [(parent.iin, "parent")]


def test_a_representative_outside_the_users_scope_is_not_found(world):
    response = register(client_for(world.user("specialist")), iin=new_iin(date(2016, 5, 9)), surname="А",
                        given_name="Б", region=world.region.code,
                        representatives=[{"representative": str(world.other_person.uid), "kind": "parent",
                                          "valid_from": "2016-05-09"}])
    assert response.status_code == 400
    with translation.override("kk"):
        assert response.json()["fields"]["representatives"] == {
            "0": {"representative": [str(ScopedUidField.default_error_messages["not_found"])]}}


def test_input_errors_come_in_the_same_shape_and_language(world):
    response = register(client_for(world.user("leb"), "ru"), iin=new_iin(), region=world.region.code)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["fields"]) == {"surname", "given_name"}
    assert body["fields"]["surname"] == ["Обязательное поле."]


def test_a_provider_user_cannot_read_another_providers_person(world):
    client = client_for(world.user("specialist"))
    assert client.get(reverse("person-detail", kwargs={"uid": world.other_person.uid})).status_code == 404
    listed = {p["uid"] for p in client.get(reverse("person-list")).json()["results"]}
    assert listed == {str(world.person.uid)}
    found = client.get(reverse("person-list"), {"q": world.other_person.iin}).json()
    assert found["count"] == 0


def test_reading_a_record_is_audited(world):
    client_for(world.user("inspector")).get(reverse("person-detail", kwargs={"uid": world.person.uid}))
    assert AuditEvent.objects.filter(action="view", object_id=str(world.person.uid),
                                     actor_username="inspector").count() == 1


@pytest.mark.parametrize("query", ["сейіт", "СЕЙИТ", "Сейітова", "сейитова айгул"])
def test_search_by_name_prefix_ignores_case_and_kazakh_letters(world, query):
    body = client_for(world.user("admin")).get(reverse("person-list"), {"q": query}).json()
    assert [p["uid"] for p in body["results"]] == [str(world.person.uid)]


def test_search_by_iin_prefix_and_filters(world):
    client = client_for(world.user("admin"))
    body = client.get(reverse("person-list"), {"q": world.other_person.iin[:8]}).json()
    assert str(world.other_person.uid) in [p["uid"] for p in body["results"]]
    by_region = client.get(reverse("person-list"), {"region": world.other_region.code}).json()
    assert [p["uid"] for p in by_region["results"]] == [str(world.other_person.uid)]
    by_provider = client.get(reverse("person-list"), {"provider": str(world.provider.uid)}).json()
    assert [p["uid"] for p in by_provider["results"]] == [str(world.person.uid)]


def test_list_is_paginated(world):
    PersonFactory.create_batch(3, region=world.region)
    body = client_for(world.user("admin")).get(reverse("person-list"), {"page_size": 2}).json()
    assert body["count"] == 5 and set(body) == {"count", "next", "previous", "results"}


def test_update_changes_particulars_but_never_the_iin(world):
    client = client_for(world.user("head"))
    url = reverse("person-update", kwargs={"uid": world.person.uid})
    response = client.patch(url, {"surname": "Сейітқызы", "iin": "000000000000"}, format="json")
    assert response.status_code == 200, response.content
    world.person.refresh_from_db()
    assert world.person.surname == "Сейітқызы" and world.person.iin != "000000000000"
    assert AuditEvent.objects.filter(action="update", object_id=str(world.person.uid)).exists()


def test_grounds_of_a_person(world):
    ProviderPersonFactory(provider=world.provider)
    client = client_for(world.user("leb"))
    payload = {"person": str(world.person.uid), "kind": "court_act", "number": "2-115/2026",
               "issued_on": "2026-02-10", "issuing_body": "Көкшетау қалалық соты", "setting": "stationary"}
    created = client.post(reverse("ground-register"), payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["region"]["code"] == world.region.code  # the person's region by default
    listed = client.get(reverse("ground-list"), {"person": str(world.person.uid)}).json()
    assert [g["number"] for g in listed["results"]] == ["2-115/2026"]
    again = client.post(reverse("ground-register"), payload, format="json")
    assert again.status_code == 400 and again.json()["code"] == "duplicate_ground"
