"""The registration card of a person as a printable PDF (issue 6; seed 003 п. 35 subpara. 1, form of
Appendix 9 not in the seeds): identity, categories, disability, representatives, grounds, placements —
read back with pypdf; reached from the person page; scoped; the download is audited as an export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from qamqor.core.models import AuditEvent
from qamqor.registry.models import Representation
from tests.journal.support import admit, person_at, provider_with, staff

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The PDF's text with all white space removed (pypdf splits lines where the layout wraps)."""
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def _squash(value: str) -> str:
    return "".join(str(value).split())


@pytest.fixture
def card(world, care_catalog):
    provider = provider_with(capacity=5, region=world.region)
    user = staff(provider)
    person = person_at(provider, born=date(1948, 5, 9))
    person.disability_group = "2"
    person.ipr_valid_until = date(2027, 3, 31)
    person.save()
    person.categories.add(world.category)
    guardian = person_at(provider, born=date(1975, 1, 15))
    Representation.objects.create(person=person, representative=guardian, kind="guardian",
                                  basis="Қамқоршылық туралы шешім № 12", valid_from=date(2024, 2, 1))
    event = admit(user, person, provider)
    world.card_provider, world.card_user, world.card_person, world.card_guardian = provider, user, person, guardian
    world.card_ground = event.ground
    return world


def _get(client, world, user=None):
    client.force_login(user or world.card_user)
    with translation.override("en"):
        return client.get(reverse("web:registration_card_pdf", kwargs={"uid": world.card_person.uid}))


def test_the_card_prints_identity_status_representatives_grounds_and_placements(client, card):
    response = _get(client, card)
    assert response["Content-Disposition"] == f'inline; filename="registration-card-{card.card_person.iin}.pdf"'
    text = _text(response)
    person = card.card_person
    for expected in ("Registration card of a service recipient", "Appendix 9", "Qamqor's own",
                     person.full_name, person.iin, "09.05.1948", "Elderly persons", "group 2", "31.03.2027",
                     "Legal representatives", card.card_guardian.full_name, "Қамқоршылық туралы шешім № 12",
                     "Grounds for services", card.card_ground.number, "Placements", card.card_provider.name,
                     "(signature)"):
        assert _squash(expected) in text, expected


def test_the_download_is_audited_as_an_export_of_the_person(client, card):
    _get(client, card)
    event = AuditEvent.objects.get(action="export", path__endswith="registration-card.pdf")
    assert event.subject_person == str(card.card_person.uid)
    assert event.actor_username == card.card_user.username
    assert event.object_repr == f"registration-card-{card.card_person.iin}.pdf"


def test_the_person_page_links_to_the_card(client, card):
    client.force_login(card.card_user)
    with translation.override("en"):
        html = client.get(reverse("web:person_detail", kwargs={"uid": card.card_person.uid})).content.decode()
        url = reverse("web:registration_card_pdf", kwargs={"uid": card.card_person.uid})
    assert f'href="{url}"' in html and "Registration card (PDF)" in html


def test_outside_the_scope_there_is_no_card(client, card):
    assert _get(client, card, card.user("other_specialist")).status_code == 404
    client.logout()
    with translation.override("en"):
        response = client.get(reverse("web:registration_card_pdf", kwargs={"uid": card.card_person.uid}))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="export").exists()
