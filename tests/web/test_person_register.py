"""Registering a person through the page: created and audited when valid; refused with the reason
next to the field, in the user's language, and nothing written when not."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from qamqor.core.domain import IdentifierError, Sex
from qamqor.core.errors import IDENTIFIER_MESSAGES
from qamqor.core.models import AuditEvent
from qamqor.registry.models import Person
from qamqor.registry.services import DUPLICATE_IIN, REPRESENTATIVE_REQUIRED
from tests.web.scenario import new_iin

pytestmark = pytest.mark.django_db


def form_data(world, **changes):
    return {"iin": new_iin(date(1955, 2, 14), Sex.FEMALE), "surname": "Омарова", "given_name": "Күләш",
            "patronymic": "", "region": world.region.code, "district": "", "address": "Көкшетау",
            "phone": "", "legal_capacity": "full", "categories": [world.category.code], "disability_group": "2",
            "ipr_valid_until": "2027-01-31", "provider": "", "representative_iin": "", "representative_kind": "",
            "representative_basis": "", "representative_valid_from": "", **changes}


def post(client, world, who="specialist", language="en", **changes):
    client.force_login(world.user(who))
    with translation.override(language):
        url = reverse("web:person_register")
    return client.post(url, form_data(world, **changes))


def _written():
    return Person.objects.count(), AuditEvent.objects.exclude(action="view").count()


def error_of(response, field: str) -> str:
    """The error shown beside a field (the element the input names in aria-describedby)."""
    html = response.content.decode()
    marker = f'id="id_{field}_error"'
    assert marker in html, f"no error next to {field}"
    start = html.index(">", html.index(marker)) + 1
    return html[start:html.index("</p>", start)]


def test_valid_registration_creates_audits_and_shows_the_person(client, world):
    data = form_data(world)
    client.force_login(world.user("specialist"))
    response = client.post(reverse("web:person_register"), data)
    person = Person.objects.get(iin=data["iin"])
    assert response.status_code == 302
    assert response["Location"] == reverse("web:person_detail", kwargs={"uid": person.uid})
    assert person.birth_date == date(1955, 2, 14) and person.sex == "F"
    assert list(person.categories.all()) == [world.category]
    assert person.provider_links.get().provider == world.provider
    assert AuditEvent.objects.filter(action="create", object_id=str(person.uid), actor_username="specialist").exists()
    page = client.get(response["Location"])
    assert "Омарова Күләш" in page.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_duplicate_iin_is_shown_next_to_the_iin_in_the_users_language(client, world, language):
    before = _written()
    response = post(client, world, language=language, iin=world.person.iin)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    with translation.override(language):
        assert str(DUPLICATE_IIN) in error_of(response, "iin")
    assert 'aria-describedby="id_iin_helptext id_iin_error"' in html and 'aria-invalid="true"' in html
    assert _written() == before


def test_a_wrong_check_digit_is_explained(client, world):
    iin = new_iin()
    before = _written()
    response = post(client, world, iin=iin[:11] + str((int(iin[11]) + 1) % 10))
    with translation.override("en"):
        assert str(IDENTIFIER_MESSAGES[IdentifierError.WRONG_CHECK_DIGIT]) in error_of(response, "iin")
    assert _written() == before


def test_a_minor_without_a_representative_is_refused(client, world):
    before = _written()
    response = post(client, world, iin=new_iin(date(2017, 9, 1), Sex.MALE))
    with translation.override("en"):
        assert str(REPRESENTATIVE_REQUIRED) in error_of(response, "representative_iin")
    assert _written() == before


def test_a_minor_is_registered_with_a_representative_found_by_iin(client, world):
    iin = new_iin(date(2017, 9, 1), Sex.MALE)
    response = post(client, world, iin=iin, representative_iin=world.person.iin, representative_kind="parent",
                    representative_basis="Туу туралы куәлік")
    assert response.status_code == 302, error_of(response, "representative_iin")
    child = Person.objects.get(iin=iin)
    rep = child.representations.get()
    assert rep.representative == world.person and rep.kind == "parent" and rep.valid_from == timezone.localdate()


def test_a_representative_who_is_not_on_record_is_explained(client, world):
    before = _written()
    response = post(client, world, iin=new_iin(date(2017, 9, 1)), representative_iin=world.other_person.iin,
                    representative_kind="parent")
    assert "register the representative first" in error_of(response, "representative_iin")
    assert _written() == before


def test_required_fields_are_marked_and_listed_in_the_summary(client, world):
    response = post(client, world, surname="", given_name="")
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#id_surname"' in html and 'href="#id_given_name"' in html
    assert error_of(response, "surname")


def test_the_form_offers_only_providers_in_scope(client, world):
    client.force_login(world.user("leb"))
    html = client.get(reverse("web:person_register")).content.decode()
    assert str(world.provider.uid) in html and str(world.other_provider.uid) not in html
