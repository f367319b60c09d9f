"""The registries in the admin: scoped rows (404 outside), writes through the services (rules applied,
audit trail written), and a read-only audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from qamqor.accounts.models import Role
from qamqor.core.domain import Sex
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Ground, Person, Provider, ProviderPerson, ProviderSetting, Representation
from qamqor.rules.choices import Ownership, Sector, Setting
from tests.factories import (
    PersonFactory,
    ProviderFactory,
    ProviderPersonFactory,
    RegionFactory,
    UserFactory,
)
from tests.registry.admin_helpers import admin_url, form_data
from tests.registry.helpers import new_iin

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_user():
    return UserFactory(role=Role.ADMIN)


# --- scoping -----------------------------------------------------------------------------------------------

def test_a_head_sees_their_persons_and_gets_404_for_another_providers() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    own = ProviderPersonFactory(provider=head.provider).person
    other = ProviderPersonFactory().person
    client = _client(head)
    assert client.get(admin_url("registry_person_change", own.pk)).status_code == 200
    assert client.get(admin_url("registry_person_change", other.pk)).status_code == 404
    assert client.get(admin_url("registry_person_history", other.pk)).status_code == 404
    assert client.get(admin_url("registry_person_delete", other.pk)).status_code in (403, 404)
    listed = client.get(admin_url("registry_person_changelist"))
    assert listed.status_code == 200
    assert own.iin in listed.content.decode()
    assert other.iin not in listed.content.decode()


def test_an_officer_gets_404_for_a_person_and_a_provider_of_another_region() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    client = _client(officer)
    assert client.get(admin_url("registry_person_change", PersonFactory(region=officer.region).pk)).status_code == 200
    assert client.get(admin_url("registry_person_change", PersonFactory().pk)).status_code == 404
    assert client.get(admin_url("registry_provider_change", ProviderFactory(region=officer.region).pk)).status_code == 200
    assert client.get(admin_url("registry_provider_change", ProviderFactory().pk)).status_code == 404


def test_a_provider_head_cannot_open_another_providers_card() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    client = _client(head)
    assert client.get(admin_url("registry_provider_change", head.provider.pk)).status_code == 200
    assert client.get(admin_url("registry_provider_change", ProviderFactory().pk)).status_code == 404
    listed = client.get(admin_url("registry_provider_changelist")).content.decode()
    assert head.provider.bin in listed


def test_roles_without_the_admin_site_are_sent_to_log_in() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    person = ProviderPersonFactory(provider=specialist.provider).person
    response = _client(specialist).get(admin_url("registry_person_change", person.pk))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_model_the_role_lacks_is_refused() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    client = _client(head)
    assert client.get(admin_url("core_auditevent_changelist")).status_code == 403
    assert client.get(admin_url("accounts_user_changelist")).status_code == 403
    assert client.get(admin_url("registry_provider_add")).status_code == 403


def test_viewing_a_person_in_the_admin_is_audited() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    person = ProviderPersonFactory(provider=head.provider).person
    _client(head).get(admin_url("registry_person_change", person.pk))
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.subject_person == str(person.uid)
    assert event.actor == head
    assert event.path.endswith(f"/registry/person/{person.pk}/change/")


def test_admin_search_ignores_kazakh_letters(admin_user) -> None:
    wanted = PersonFactory(surname="Қасымова")
    PersonFactory(surname="Петрова")
    content = _client(admin_user).get(admin_url("registry_person_changelist"), {"q": "касым"}).content.decode()
    assert wanted.iin in content
    assert "Петрова" not in content


# --- writes go through the services ------------------------------------------------------------------------

def test_adding_a_minor_with_a_representative_goes_through_person_register(admin_user) -> None:
    region = RegionFactory()
    mother = PersonFactory(born=date(1988, 5, 5))
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_person_add")))
    iin = new_iin(date(2016, 4, 1), Sex.MALE)
    data.update({"iin": iin, "surname": "Тоқтаров", "given_name": "Әмір", "region": region.pk,
                 "legal_capacity": "full",
                 "representations-TOTAL_FORMS": "1", "representations-0-representative": mother.pk,
                 "representations-0-kind": "parent", "representations-0-valid_from": "2016-04-01"})
    response = client.post(admin_url("registry_person_add"), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    person = Person.objects.get(iin=iin)
    assert person.birth_date == date(2016, 4, 1) and person.sex == "M"
    assert person.search_name == "токтаров амир"
    assert Representation.objects.get(person=person).representative == mother
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, subject_person=str(person.uid))
    assert {e.object_type for e in created} == {"registry.Person", "registry.Representation"}


def test_adding_a_minor_without_a_representative_is_refused_and_writes_nothing(admin_user) -> None:
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_person_add")))
    data.update({"iin": new_iin(date(2016, 4, 1)), "surname": "Тоқтаров", "given_name": "Әмір",
                 "region": RegionFactory().pk, "legal_capacity": "full"})
    response = client.post(admin_url("registry_person_add"), data)
    assert response.status_code == 200
    assert "legal representative" in response.content.decode()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_adding_a_duplicate_iin_shows_the_registry_message(admin_user) -> None:
    existing = PersonFactory()
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_person_add")))
    data.update({"iin": existing.iin, "surname": "X", "given_name": "Y", "region": existing.region.pk,
                 "legal_capacity": "full"})
    response = client.post(admin_url("registry_person_add"), data)
    assert response.status_code == 200
    assert "A person with this IIN is already registered." in response.content.decode()
    assert Person.objects.count() == 1


def test_changing_a_person_writes_an_audit_diff(admin_user) -> None:
    person = PersonFactory(address="Абай к-сі, 5")
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_person_change", person.pk)))
    data["address"] = "Тәуке хан д-лы, 12"
    response = client.post(admin_url("registry_person_change", person.pk), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.address == "Тәуке хан д-лы, 12"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes == {"address": ["Абай к-сі, 5", "Тәуке хан д-лы, 12"]}


def test_a_refused_change_is_shown_and_nothing_is_written(admin_user) -> None:
    child = PersonFactory(born=date(2015, 1, 1))
    rep = Representation.objects.create(person=child, representative=PersonFactory(), kind="parent",
                                        valid_from=date(2015, 1, 1))
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_person_change", child.pk)))
    data["representations-0-DELETE"] = "on"
    response = client.post(admin_url("registry_person_change", child.pk), data)
    assert response.status_code == 200
    assert Representation.objects.filter(pk=rep.pk).exists()
    assert not AuditEvent.objects.exclude(action=AuditAction.VIEW).exists()


def test_a_ground_added_inline_is_registered_and_audited(admin_user) -> None:
    person = PersonFactory()
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_person_change", person.pk)))
    data.update({"grounds-TOTAL_FORMS": "1", "grounds-0-kind": Ground.Kind.COURT_ACT, "grounds-0-number": "2-145/2026",
                 "grounds-0-issued_on": "2026-02-10", "grounds-0-issuing_body": "Есіл аудандық соты",
                 "grounds-0-region": person.region.pk})
    response = client.post(admin_url("registry_person_change", person.pk), data)
    assert response.status_code == 302
    ground = Ground.objects.get(person=person)
    assert AuditEvent.objects.get(object_type="registry.Ground").object_id == str(ground.uid)


def test_deleting_a_person_goes_through_the_service(admin_user) -> None:
    person = ProviderPersonFactory().person
    client = _client(admin_user)
    response = client.post(admin_url("registry_person_delete", person.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.exists()
    assert not ProviderPerson.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_type="registry.Person").exists()


def test_adding_a_provider_with_capacities(admin_user) -> None:
    from qamqor.core.domain import make_bin

    bin_ = next(b for b in (make_bin(2012, 3, n) for n in range(500, 600)) if b)
    client = _client(admin_user)
    data = form_data(client.get(admin_url("registry_provider_add")))
    data.update({"bin": bin_, "name_kk": "«Шуақ» орталығы", "name_ru": "Центр «Шуак»", "ownership": Ownership.PRIVATE,
                 "sector": Sector.SOCIAL_PROTECTION, "region": RegionFactory().pk, "address": "Көкшетау, Абай 1",
                 "is_active": "on", "settings-TOTAL_FORMS": "1", "settings-0-setting": Setting.HOME_CARE,
                 "settings-0-capacity": "25"})
    response = client.post(admin_url("registry_provider_add"), data)
    assert response.status_code == 302
    provider = Provider.objects.get(bin=bin_)
    assert ProviderSetting.objects.get(provider=provider).capacity == 25
    assert AuditEvent.objects.get(object_type="registry.Provider").changes["capacities"] == [None, {"home_care": 25}]


def test_a_head_changes_their_own_card_through_the_service() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    client = _client(head)
    data = form_data(client.get(admin_url("registry_provider_change", head.provider.pk)))
    data["head_name"] = "Жұмабаева Сәуле"
    assert client.post(admin_url("registry_provider_change", head.provider.pk), data).status_code == 302
    assert AuditEvent.objects.get(object_type="registry.Provider").changes == {"head_name": ["", "Жұмабаева Сәуле"]}


# --- the audit trail ---------------------------------------------------------------------------------------

def test_the_person_page_shows_the_audit_trail_to_administrators(admin_user) -> None:
    person = PersonFactory()
    client = _client(admin_user)
    client.get(admin_url("registry_person_change", person.pk))
    page = client.get(admin_url("registry_person_change", person.pk)).content.decode()
    assert 'id="audit-trail"' in page
    assert f"subject_person={person.uid}" in page


def test_the_audit_admin_is_read_only(admin_user) -> None:
    person = PersonFactory()
    client = _client(admin_user)
    client.get(admin_url("registry_person_change", person.pk))
    event = AuditEvent.objects.get()
    assert client.get(admin_url("core_auditevent_changelist")).status_code == 200
    page = client.get(admin_url("core_auditevent_change", event.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(admin_url("core_auditevent_change", event.pk), {"actor_username": "forged"}).status_code == 403
    assert client.get(admin_url("core_auditevent_add")).status_code == 403
    assert client.post(admin_url("core_auditevent_delete", event.pk), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.actor_username == admin_user.username


def test_the_audit_trail_link_lists_only_that_persons_events(admin_user) -> None:
    person, other = PersonFactory(), PersonFactory()
    client = _client(admin_user)
    client.get(admin_url("registry_person_change", person.pk))
    client.get(admin_url("registry_person_change", other.pk))
    response = client.get(admin_url("core_auditevent_changelist"), {"subject_person": str(person.uid)})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(AuditEvent.objects.filter(subject_person=str(person.uid)))
    assert response.context["cl"].result_count == 1
