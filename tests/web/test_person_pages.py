"""The person's page and the forms reached from it (edit, representative, ground)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from qamqor.core.models import AuditEvent
from qamqor.registry.models import Ground, Representation
from qamqor.registry.services import DUPLICATE_GROUND
from tests.factories import ProviderPersonFactory

pytestmark = pytest.mark.django_db


def page(client, world, who="specialist", person=None):
    client.force_login(world.user(who))
    with translation.override("en"):
        return client.get(reverse("web:person_detail", kwargs={"uid": (person or world.person).uid}))


def test_the_page_shows_identity_age_status_representatives_grounds_and_providers(client, world):
    person = world.person
    person.disability_group = "1"
    person.ipr_valid_until = timezone.localdate() - timedelta(days=1)
    person.save()
    person.categories.add(world.category)
    ward = ProviderPersonFactory(provider=world.provider, person__born=date(2015, 3, 1)).person
    Representation.objects.create(person=ward, representative=person, kind="guardian", valid_from=date(2020, 1, 1))
    Ground.objects.create(person=person, kind="leb_decision", number="45", issued_on=date(2026, 1, 20),
                          issuing_body="ЖАСБ", region=world.region)
    html = page(client, world).content.decode()
    age = timezone.localdate().year - 1950 - ((timezone.localdate().month, timezone.localdate().day) < (4, 12))
    assert person.iin in html and "12.04.1950" in html and f"{age} years old" in html
    assert "Elderly persons" in html and "group 1" in html
    assert "Expired on" in html  # the state is written out, not shown by colour alone
    assert "decision of the local executive body" in html and "45" in html
    assert world.provider.name_ru in html or world.provider.name_kk in html
    assert ward.full_name in html  # whom the person represents


def test_only_the_administrator_sees_the_audit_trail(client, world):
    assert "Audit trail of this record" in page(client, world, "admin").content.decode()
    assert "Audit trail of this record" not in page(client, world, "specialist").content.decode()
    assert AuditEvent.objects.filter(action="view", object_id=str(world.person.uid)).count() == 2


def test_edit_saves_the_particulars(client, world):
    client.force_login(world.user("head"))
    url = reverse("web:person_edit", kwargs={"uid": world.person.uid})
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data.update(address="Көкшетау, Мира к-сі, 3", categories=[world.category.code], legal_capacity="full")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.person.refresh_from_db()
    assert world.person.address == "Көкшетау, Мира к-сі, 3"
    assert list(world.person.categories.all()) == [world.category]
    assert AuditEvent.objects.filter(action="update", object_id=str(world.person.uid)).exists()


def test_edit_shows_a_refusal_next_to_the_field(client, world):
    client.force_login(world.user("head"))
    url = reverse("web:person_edit", kwargs={"uid": world.person.uid})
    response = client.post(url, {"surname": "А", "given_name": "Б", "region": world.region.code,
                                 "legal_capacity": "none"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # the rule names no single field: shown above
    world.person.refresh_from_db()
    assert world.person.legal_capacity == "full"


def test_add_a_representative(client, world):
    adult = ProviderPersonFactory(provider=world.provider).person
    client.force_login(world.user("specialist"))
    url = reverse("web:representation_add", kwargs={"uid": world.person.uid})
    response = client.post(url, {"representative_iin": adult.iin, "kind": "trustee", "valid_from": "2026-02-01"})
    assert response.status_code == 302
    assert world.person.representations.get().representative == adult
    response = client.post(url, {"representative_iin": world.person.iin, "kind": "trustee",
                                 "valid_from": "2026-02-01"})
    assert 'id="id_representative_iin_error"' in response.content.decode()  # not their own representative


def test_register_a_ground_from_the_person_page(client, world):
    html = page(client, world, "leb").content.decode()
    with translation.override("en"):
        action = reverse("web:ground_register", kwargs={"uid": world.person.uid})
    assert f'action="{action}"' in html
    data = {"kind": "guardianship_referral", "number": "12/3", "issued_on": "2026-02-05",
            "issuing_body": "Қамқоршылық органы", "setting": "", "note": ""}
    response = client.post(action, data)
    assert response.status_code == 302
    assert Ground.objects.get(person=world.person).number == "12/3"
    with translation.override("ru"):
        response = client.post(reverse("web:ground_register", kwargs={"uid": world.person.uid}), data)
        assert str(DUPLICATE_GROUND) in response.content.decode()
    assert Ground.objects.filter(person=world.person).count() == 1


def test_roles_that_may_not_add_grounds_do_not_see_the_form(client, world):
    html = page(client, world, "inspector").content.decode()
    assert "ground_register" not in html and 'name="issuing_body"' not in html
