"""The last gaps of the journal: the public queue position (page and API, no log-in, no personal data,
one "not found" for unknown and malformed numbers, throttled), the documents missing at admission and
the documents issued on exit recorded through the page forms and shown on the person's history."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.accounts.models import Role
from qamqor.journal import selectors as sel
from qamqor.journal.api import PublicPositionApi, PublicPositionThrottle
from qamqor.journal.models import EventKind, JournalEvent
from qamqor.registry.models import Ground
from qamqor.rules.choices import Sector, Setting
from qamqor.rules.models import InstitutionType
from tests.journal.support import TODAY, admit, apply, at, days, ground_for, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queue(rules_loaded):
    """A full provider (one place) with two applications in its queue; ``second`` is behind ``first``."""
    provider = provider_with(capacity=1, name_kk="Қамқор үйі", name_ru="Дом заботы")
    user = staff(provider, Role.PROVIDER_HEAD)
    admit(user, person_at(provider), provider, on=days(-40))
    apply(user, person_at(provider, surname="Алдыңғыева"), provider, at=at(30))
    second_person = person_at(provider, surname="Күтушева", given_name="Ақмарал")
    second = apply(user, second_person, provider, at=at(20))
    return provider, second, second_person


def _page(client, number):
    return client.get(reverse("journal:position_public"), {"number": number})


def _api(number):
    return APIClient().get(f"/api/v1/journal/position/{number}/")


def test_the_public_page_shows_the_place_without_personal_data(client, queue):
    provider, app, person = queue
    response = _page(client, app.uid)  # anonymous: no log-in
    assert response.status_code == 200
    found = response.context["found"]
    assert (found.position, found.ahead, found.status) == (2, 1, "pending")
    assert found.wait_method and found.wait_source
    html = response.content.decode()
    assert provider.name in html and str(app.uid) in html
    for personal in (person.surname, person.given_name, person.iin, person.birth_date.strftime("%d.%m.%Y"),
                     "Алдыңғыева"):
        assert personal not in html


def test_the_public_api_gives_the_same_fields_without_personal_data(queue):
    provider, app, person = queue
    response = _api(app.uid)
    assert response.status_code == 200
    data = response.json()
    assert (data["position"], data["ahead"], data["status"], data["setting"]) == (2, 1, "pending", ST)
    assert data["provider_name"] == provider.name and data["number"] == str(app.uid)
    assert data["wait_method"]
    body = response.content.decode()
    for personal in (person.surname, person.given_name, person.iin, person.birth_date.isoformat(), str(person.uid)):
        assert personal not in body


def test_unknown_and_malformed_numbers_get_the_same_not_found(client, queue):
    pages = [_page(client, number) for number in (uuid.uuid4(), "not-a-number", "12345")]
    assert {r.status_code for r in pages} == {404}
    texts = {r.content.decode().replace(r.request["QUERY_STRING"], "") for r in pages}
    assert all("No application with this number was found." in t for t in texts)
    assert all(r.context["found"] is None for r in pages)
    answers = [_api(number) for number in (uuid.uuid4(), "not-a-number")]
    assert [r.status_code for r in answers] == [404, 404]
    # the same problem document; only "instance" (the request's own path, RFC 9457) differs
    same = [{k: v for k, v in a.json().items() if k != "instance"} for a in answers]
    assert same[0] == same[1]


def test_the_public_endpoint_is_open_and_throttled():
    assert PublicPositionApi.authentication_classes == []
    assert [c.__name__ for c in PublicPositionApi.permission_classes] == ["AllowAny"]
    assert PublicPositionApi.throttle_classes == [PublicPositionThrottle]
    assert PublicPositionThrottle.rate == "30/minute"


def test_the_throttle_refuses_the_31st_look_up_in_a_minute(queue):
    _provider, app, _person = queue
    client = APIClient()
    codes = [client.get(f"/api/v1/journal/position/{app.uid}/").status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def test_the_application_page_shows_its_number_and_the_public_link(client, queue):
    provider, app, _person = queue
    client.force_login(staff(provider))
    html = client.get(reverse("journal:application", kwargs={"uid": app.uid})).content.decode()
    assert str(app.uid) in html and reverse("journal:position_public") in html


@pytest.fixture
def special(rules_loaded):
    """A special-regime education organisation (admits on a court decision) and a 15-year-old."""
    kind = InstitutionType.objects.get(code="special_regime_org")
    provider = provider_with(institution_type=kind, sector=Sector.EDUCATION)
    user = staff(provider, Role.PROVIDER_HEAD)
    minor = person_at(provider, born=TODAY.replace(year=TODAY.year - 15))
    return kind, provider, user, minor


def _action(provider, person, action):
    return reverse("journal:case_action", kwargs={"provider_uid": provider.uid, "setting": ST,
                                                   "person_uid": person.uid, "action": action})


def test_the_admission_form_records_the_missing_documents(client, special):
    kind, provider, user, minor = special
    docs = {d.number: d for d in kind.admission_documents.all()}
    court = ground_for(minor, Ground.Kind.COURT_ACT, issued_on=days(-3))
    client.force_login(user)
    url = _action(provider, minor, "admit")
    form = client.get(url).context["form"]
    assert {d.number for d in form.fields["missing_documents"].queryset} == {2, 3, 4, 5}
    base = {"event_date": TODAY.isoformat(), "order_number": "A-1", "order_date": TODAY.isoformat(),
            "ground": str(court.uid), "missing_documents": [docs[3].code, docs[5].code]}
    refused = client.post(url, base)  # no request to the competent bodies: refused beside the field
    assert refused.status_code == 200 and refused.context["form"].errors.get("missing_documents")
    assert not JournalEvent.objects.filter(person=minor).exists()
    response = client.post(url, {**base, "documents_requested_from": "Regional health department"})
    assert response.status_code == 302
    event = JournalEvent.objects.get(person=minor, kind=EventKind.ADMISSION)
    assert [d["code"] for d in event.data["missing_documents"]] == [docs[3].code, docs[5].code]
    entry = sel.person_history(actor=user, person=minor)[-1]
    assert entry.event.data["documents_requested_from"] == "Regional health department"
    html = client.get(reverse("journal:person_history", kwargs={"uid": minor.uid})).content.decode()
    assert docs[3].name_en in html and "Regional health department" in html


def test_the_admission_form_offers_no_missing_documents_where_the_rules_require_them_all(client, rules_loaded):
    provider = provider_with(institution_type=InstitutionType.objects.get(code="adult_stationary"))
    person = person_at(provider)
    client.force_login(staff(provider))
    form = client.get(_action(provider, person, "admit")).context["form"]
    assert "missing_documents" not in form.fields and "documents_requested_from" not in form.fields


def test_the_discharge_form_records_the_documents_issued(client, special):
    kind, provider, user, minor = special
    admit(user, minor, provider, ground=ground_for(minor, Ground.Kind.COURT_ACT), on=days(-30))
    exit_docs = list(kind.exit_documents.order_by("sort_order")[:2])
    client.force_login(user)
    url = _action(provider, minor, "discharge")
    form = client.get(url).context["form"]
    assert set(form.fields["documents_issued"].queryset) == set(kind.exit_documents.all())
    response = client.post(url, {"event_date": TODAY.isoformat(), "order_number": "D-9",
                                 "order_date": TODAY.isoformat(), "reason": "term served",
                                 "documents_issued": [d.code for d in exit_docs],
                                 "other_documents_issued": "medical record extract\n\n"})
    assert response.status_code == 302
    event = JournalEvent.objects.get(person=minor, kind=EventKind.DISCHARGE)
    issued = [d.name_en for d in exit_docs] + ["medical record extract"]
    assert event.data["documents_issued"] == issued
    assert sel.person_history(actor=user, person=minor)[-1].event.data["documents_issued"] == issued
    html = client.get(reverse("journal:person_history", kwargs={"uid": minor.uid})).content.decode()
    assert all(name in html for name in issued)
