"""The applicant's portal: apply for oneself or a represented child, follow the place, postpone once,
withdraw — through the journal's own rules, and never beyond the persons the applicant acts for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, NotFound
from qamqor.core.models import AuditEvent
from qamqor.journal import services as J
from qamqor.journal.models import ApplicationStatus, QueueApplication
from qamqor.portal import services
from qamqor.portal.models import Applicant
from qamqor.registry.models import ProviderSetting, Representation
from qamqor.rules.choices import Setting
from tests.factories import PersonFactory, UserFactory
from tests.journal.support import TODAY, admit, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


@pytest.fixture
def scene(rules_loaded):
    """A full stationary home (one place, taken), an applicant, the child she represents, a stranger."""
    home = provider_with(capacity=1, name_kk="Мейірім үйі", name_ru="Мейірім үйі")
    head = staff(home, Role.PROVIDER_HEAD)
    admit(head, person_at(home), home)
    mother = PersonFactory(born=date(1985, 3, 1), surname="Ананова", region=home.region)
    child = PersonFactory(born=TODAY - timedelta(days=365 * 8), surname="Баланова", region=home.region)
    Representation.objects.create(person=child, representative=mother, kind=Representation.Kind.PARENT,
                                  valid_from=child.birth_date)
    stranger = person_at(home, surname="Бөгдеева")
    user = UserFactory(role=Role.APPLICANT, provider=None, region=None)
    Applicant.objects.create(user=user, person=mother)
    return home, head, mother, child, stranger, user


def _apply_url(person, setting=ST):
    return reverse("portal:apply") + f"?person={person.pk}&setting={setting}"


def test_an_applicant_files_for_the_child_she_represents_and_sees_the_place(client, scene):
    home, head, mother, child, stranger, user = scene
    client.force_login(user)
    with translation.override("en"):
        page = client.get(_apply_url(child)).content.decode()
        assert "Мейірім үйі" in page and "Free places" in page
        response = client.post(_apply_url(child), {"provider": home.pk, "confirm": "on"})
    assert response.status_code == 302
    app = QueueApplication.objects.get(person=child)
    assert app.status == ApplicationStatus.PENDING and app.applicant == mother and app.channel == "portal"
    with translation.override("en"):
        home_page = client.get(reverse("portal:home")).content.decode()
        detail = client.get(response["Location"]).content.decode()
    assert "Баланова" in home_page and "Position in the queue" in detail and "<dd>1</dd>" in detail
    # the provider's staff now see the child (the application tied her to the provider)
    assert home.person_links.filter(person=child).exists()
    assert AuditEvent.objects.filter(actor=user, subject_person=str(child.uid)).exists()


def test_unsigned_application_is_refused_and_nothing_is_written(client, scene):
    home, head, mother, child, stranger, user = scene
    client.force_login(user)
    response = client.post(_apply_url(mother), {"provider": home.pk})
    assert response.status_code == 400 and not QueueApplication.objects.exists()


def test_the_applicant_cannot_act_for_a_stranger(client, scene):
    home, head, mother, child, stranger, user = scene
    client.force_login(user)
    # the stranger is not among the choices, so the page does not list providers for her
    page = client.get(_apply_url(stranger)).content.decode()
    assert "Бөгдеева" not in page and 'name="provider"' not in page
    with pytest.raises(NotFound):
        services.apply(actor=user, person=stranger, provider=home, setting=ST)
    assert not QueueApplication.objects.exists()


def test_a_rule_refusal_is_shown_beside_the_field_with_its_source(client, scene):
    home, head, mother, child, stranger, user = scene
    ProviderSetting.objects.filter(provider=home).update(capacity=5)  # now free places: no queue
    client.force_login(user)
    with translation.override("en"):
        response = client.post(_apply_url(mother), {"provider": home.pk, "confirm": "on"})
    body = response.content.decode()
    assert response.status_code == 400 and "rule:" in body and not QueueApplication.objects.exists()


def test_the_applicant_sees_only_own_applications(client, scene):
    home, head, mother, child, stranger, user = scene
    other = J.application_file(actor=head, person=stranger, provider=home, setting=ST, channel="paper",
                               received_at=timezone.now())
    client.force_login(user)
    assert client.get(reverse("portal:application", kwargs={"uid": other.uid})).status_code == 404
    assert client.post(reverse("portal:withdraw", kwargs={"uid": other.uid}), {"confirm": "on"}).status_code == 404
    assert "Бөгдеева" not in client.get(reverse("portal:home")).content.decode()
    other.refresh_from_db()
    assert other.status == ApplicationStatus.PENDING
    # staff pages stay closed; the person list holds only the persons she acts for
    assert client.get(reverse("journal:index", kwargs={"provider_uid": home.uid})).status_code == 403
    persons = client.get(reverse("web:person_list")).content.decode()
    assert "Ананова" in persons and "Баланова" in persons and "Бөгдеева" not in persons


def test_withdraw_needs_the_confirmation_then_releases_the_application(client, scene):
    home, head, mother, child, stranger, user = scene
    app = services.apply(actor=user, person=mother, provider=home, setting=ST)
    client.force_login(user)
    url = reverse("portal:withdraw", kwargs={"uid": app.uid})
    assert client.post(url, {}).status_code == 400
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PENDING
    assert client.post(url, {"confirm": "on", "reason": "moved abroad"}).status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN


def test_postponement_once_then_refused_with_the_rule(client, scene):
    home, head, mother, child, stranger, user = scene
    app = services.apply(actor=user, person=mother, provider=home, setting=ST)
    ProviderSetting.objects.filter(provider=home).update(capacity=2)
    J.place_offer(actor=head, provider=home, setting=ST)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.OFFERED
    client.force_login(user)
    detail = client.get(reverse("portal:application", kwargs={"uid": app.uid})).content.decode()
    assert "portal:postpone" not in detail and f"/applications/{app.uid}/postpone/" in detail
    url = reverse("portal:postpone", kwargs={"uid": app.uid})
    new_date = app.arrival_by + timedelta(days=20)
    assert client.post(url, {"new_arrival_by": new_date.isoformat(), "ground": "illness",
                             "confirm": "on"}).status_code == 302
    app.refresh_from_db()
    assert app.arrival_by == new_date and app.postponements == 1
    detail = client.get(reverse("portal:application", kwargs={"uid": app.uid})).content.decode()
    assert f"/applications/{app.uid}/postpone/" not in detail  # no longer offered
    with translation.override("en"):
        second = client.post(url, {"new_arrival_by": (new_date + timedelta(days=1)).isoformat(),
                                   "ground": "illness", "confirm": "on"})
    assert second.status_code == 400 and "rule:" in second.content.decode()
    app.refresh_from_db()
    assert app.arrival_by == new_date and app.postponements == 1


def test_a_log_in_without_an_applicant_link_is_told_so(client, scene):
    client.force_login(UserFactory(role=Role.APPLICANT, provider=None, region=None))
    with translation.override("en"):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200 and "not linked to a person" in response.content.decode()


def test_staff_roles_have_no_portal(client, scene):
    home, head, *_ = scene
    client.force_login(head)
    assert client.get(reverse("portal:home")).status_code == 403


def test_account_creation_rules(scene):
    home, head, mother, child, stranger, user = scene
    admin = UserFactory(role=Role.ADMIN, provider=None, region=None)
    with pytest.raises(DomainError) as exc:
        services.account_create(actor=admin, iin=child.iin, username="bala", password="x-very-long-1")
    assert exc.value.field == "iin" and exc.value.source is not None
    with pytest.raises(DomainError):
        services.account_create(actor=admin, iin="123", username="x", password="x-very-long-1")
    with pytest.raises(DomainError):
        services.account_create(actor=admin, iin=mother.iin, username="again", password="x-very-long-1")
    account = services.account_create(actor=admin, iin=stranger.iin, username="stranger", password="x-very-long-1")
    assert account.user.role == Role.APPLICANT and account.user.check_password("x-very-long-1")
    with pytest.raises(Exception):  # noqa: B017 — a provider head may not open accounts
        services.account_create(actor=head, iin=stranger.iin, username="y", password="x-very-long-1")


def test_providers_with_free_places_come_first(client, scene):
    home, head, mother, child, stranger, user = scene
    provider_with(capacity=3, name_kk="Бос орын үйі", name_ru="Бос орын үйі", region=home.region)
    client.force_login(user)
    page = client.get(_apply_url(mother) + f"&region={home.region.pk}").content.decode()
    assert page.index("Бос орын үйі") < page.index("Мейірім үйі")


def test_the_applicants_home_is_the_portal_and_the_menu_names_it(client, scene):
    *_, user = scene
    client.force_login(user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    with translation.override("en"):
        page = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:home")}"' in page
