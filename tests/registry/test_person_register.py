"""Registering a person: the IIN decides birth date and sex, duplicates and minors without a
representative are refused, and a refused registration writes nothing (not even an audit row)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from qamqor.accounts.models import Role
from qamqor.core.domain import IdentifierError, Sex
from qamqor.core.errors import IDENTIFIER_MESSAGES, DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Person, ProviderPerson, Representation
from qamqor.registry.services import DUPLICATE_IIN, RepresentativeInput, person_register
from qamqor.registry.services import persons as person_services
from tests.factories import DistrictFactory, PersonFactory, ProviderFactory, RegionFactory, UserFactory
from tests.registry.helpers import TODAY, new_iin

pytestmark = pytest.mark.django_db


def _register(actor, **kwargs) -> Person:
    kwargs.setdefault("iin", new_iin())
    kwargs.setdefault("surname", "Сейітов")
    kwargs.setdefault("given_name", "Қайрат")
    kwargs.setdefault("region", getattr(actor, "region", None) or RegionFactory())
    return person_register(actor=actor, today=TODAY, **kwargs)


def _counts() -> tuple[int, int, int, int]:
    return (Person.objects.count(), AuditEvent.objects.count(), Representation.objects.count(),
            ProviderPerson.objects.count())


def test_registration_takes_birth_date_and_sex_from_the_iin_and_is_audited() -> None:
    admin = UserFactory(role=Role.ADMIN)
    iin = new_iin(date(1958, 11, 23), Sex.FEMALE)
    region = RegionFactory()
    district = DistrictFactory(region=region)
    person = _register(admin, iin=iin, surname="Әбдірова", given_name="Гүлнәр", patronymic="Қанатқызы",
                       region=region, district=district, address="Абай к-сі, 5", phone="+7 701 000 00 00")
    person.refresh_from_db()
    assert person.birth_date == date(1958, 11, 23)
    assert person.sex == Person.Sex.FEMALE
    assert person.search_name == "абдирова гулнар канаткызы"
    event = AuditEvent.objects.get(object_type="registry.Person", action=AuditAction.CREATE)
    assert event.object_id == str(person.uid)
    assert event.subject_person == str(person.uid)
    assert event.actor == admin
    assert event.changes["iin"] == [None, iin]
    assert event.changes["birth_date"] == [None, "1958-11-23"]


def test_provider_staff_register_for_their_own_provider() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    person = _register(specialist, region=specialist.provider.region)
    link = ProviderPerson.objects.get(person=person)
    assert link.provider == specialist.provider
    assert link.since == TODAY
    assert AuditEvent.objects.filter(object_type="registry.ProviderPerson", subject_person=str(person.uid)).exists()


def test_provider_staff_cannot_register_for_another_provider() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    before = _counts()
    with pytest.raises(NotFound):
        _register(specialist, provider=ProviderFactory())
    assert _counts() == before


def test_duplicate_iin_is_refused_and_nothing_is_written() -> None:
    admin = UserFactory(role=Role.ADMIN)
    existing = PersonFactory()
    before = _counts()
    with pytest.raises(DomainError) as caught:
        _register(admin, iin=existing.iin)
    assert caught.value.code == "duplicate_iin"
    assert caught.value.field == "iin"
    assert str(caught.value.message) == str(DUPLICATE_IIN)
    assert _counts() == before


def test_duplicate_iin_losing_the_race_is_the_same_clean_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The existence check passes for a request racing another one; the unique index must still give
    the clean refusal (not a 500) and leave one row."""
    admin = UserFactory(role=Role.ADMIN)
    existing = PersonFactory()
    monkeypatch.setattr(person_services, "_iin_taken", lambda iin: False)
    before = _counts()
    with pytest.raises(DomainError) as caught:
        _register(admin, iin=existing.iin)
    assert caught.value.code == "duplicate_iin"
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_concurrent_registrations_of_one_iin_leave_one_person() -> None:
    admin = UserFactory(role=Role.ADMIN)
    region = RegionFactory()
    iin = new_iin()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register() -> None:
        try:
            barrier.wait()
            person_register(actor=admin, iin=iin, surname="Ким", given_name="Олег", region=region, today=TODAY)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate_iin", "ok"]
    assert Person.objects.filter(iin=iin).count() == 1
    assert AuditEvent.objects.filter(object_type="registry.Person", action=AuditAction.CREATE).count() == 1


@pytest.mark.parametrize(("iin", "error"), [
    ("85051230012", IdentifierError.WRONG_LENGTH),
    ("85051230012a", IdentifierError.NOT_DIGITS),
    ("851312300123", IdentifierError.IMPOSSIBLE_DATE),
])
def test_bad_iin_is_refused_with_the_identifier_message(iin: str, error: IdentifierError) -> None:
    admin = UserFactory(role=Role.ADMIN)
    before = _counts()
    with pytest.raises(DomainError) as caught:
        _register(admin, iin=iin)
    assert caught.value.code == "invalid_iin"
    assert caught.value.field == "iin"
    assert caught.value.message == IDENTIFIER_MESSAGES[error]
    assert _counts() == before


def test_iin_with_a_wrong_check_digit_is_refused() -> None:
    good = new_iin()
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(DomainError) as caught:
        _register(UserFactory(role=Role.ADMIN), iin=bad)
    assert caught.value.message == IDENTIFIER_MESSAGES[IdentifierError.WRONG_CHECK_DIGIT]
    assert not Person.objects.exists()


def test_a_minor_without_a_representative_is_refused_and_nothing_is_written() -> None:
    admin = UserFactory(role=Role.ADMIN)
    before = _counts()
    with pytest.raises(DomainError) as caught:
        _register(admin, iin=new_iin(date(2014, 9, 1)))
    assert caught.value.code == "representative_required"
    assert _counts() == before
    assert not AuditEvent.objects.exists()


def test_an_adult_without_legal_capacity_needs_a_representative() -> None:
    with pytest.raises(DomainError) as caught:
        _register(UserFactory(role=Role.ADMIN), legal_capacity=Person.LegalCapacity.NONE)
    assert caught.value.code == "representative_required"
    assert not Person.objects.exists()


def test_a_minor_is_registered_with_a_representative() -> None:
    admin = UserFactory(role=Role.ADMIN)
    mother = PersonFactory(born=date(1985, 2, 3))
    child = _register(admin, iin=new_iin(date(2014, 9, 1)), representatives=[
        RepresentativeInput(representative=mother, kind=Representation.Kind.PARENT, basis="туу туралы куәлік",
                            valid_from=date(2014, 9, 1)),
    ])
    rep = Representation.objects.get(person=child)
    assert rep.representative == mother
    assert rep.valid_from == date(2014, 9, 1)
    assert AuditEvent.objects.filter(object_type="registry.Representation", subject_person=str(child.uid)).exists()


def test_a_representative_starting_in_the_future_does_not_count() -> None:
    mother = PersonFactory(born=date(1985, 2, 3))
    with pytest.raises(DomainError) as caught:
        _register(UserFactory(role=Role.ADMIN), iin=new_iin(date(2014, 9, 1)), representatives=[
            RepresentativeInput(representative=mother, kind=Representation.Kind.PARENT, valid_from=date(2026, 4, 1)),
        ])
    assert caught.value.code == "representative_required"


def test_a_minor_cannot_represent_and_nothing_is_written() -> None:
    teenager = PersonFactory(born=date(2010, 1, 1))
    before = _counts()
    with pytest.raises(DomainError) as caught:
        _register(UserFactory(role=Role.ADMIN), iin=new_iin(date(2020, 9, 1)), representatives=[
            RepresentativeInput(representative=teenager, kind=Representation.Kind.GUARDIAN, valid_from=TODAY),
        ])
    assert caught.value.code == "representative_not_capable"
    assert _counts() == before


def test_a_district_of_another_region_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        _register(UserFactory(role=Role.ADMIN), region=RegionFactory(), district=DistrictFactory())
    assert caught.value.code == "district_outside_region"
    assert not Person.objects.exists()


def test_categories_by_code_and_unknown_code_refused() -> None:
    with pytest.raises(DomainError) as caught:
        _register(UserFactory(role=Role.ADMIN), categories=["no-such-category"])
    assert caught.value.code == "unknown_category"
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.ANALYST])
def test_roles_without_the_permission_are_refused(role: Role) -> None:
    with pytest.raises(PermissionRefused):
        _register(UserFactory(role=role))
    assert not Person.objects.exists()


def test_an_officer_registers_only_in_their_region() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    own = _register(officer)
    assert own.region == officer.region
    with pytest.raises(DomainError) as caught:
        _register(officer, region=RegionFactory())
    assert caught.value.code == "out_of_scope"
    assert Person.objects.count() == 1
