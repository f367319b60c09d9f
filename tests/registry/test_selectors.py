"""Finding persons and providers: by IIN/BIN prefix or by name, whatever the case or keyboard."""

from __future__ import annotations

import pytest

from qamqor.accounts.models import Role
from qamqor.registry.selectors import (
    district_list,
    ground_list,
    person_by_iin,
    person_list,
    provider_list,
    region_list,
)
from qamqor.registry.services import provider_capacity_set
from qamqor.rules.choices import Setting
from tests.factories import (
    DistrictFactory,
    PersonFactory,
    ProviderFactory,
    ProviderPersonFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(role=Role.ADMIN)


@pytest.mark.parametrize("query", ["Сейітова", "сейитова", "СЕЙІТ", "сей", "айгүл", "Айгул", "серикк"])
def test_name_prefix_search_ignores_case_and_kazakh_letters(admin, query: str) -> None:
    wanted = PersonFactory(surname="Сейітова", given_name="Айгүл", patronymic="Серікқызы")
    PersonFactory(surname="Омаров", given_name="Ерлан", patronymic="")
    assert list(person_list(actor=admin, query=query)) == [wanted]


def test_name_search_matches_word_starts_only(admin) -> None:
    PersonFactory(surname="Бейсенова", given_name="Дана", patronymic="")
    assert not person_list(actor=admin, query="сенова").exists()
    assert person_list(actor=admin, query="бейсенова дана").count() == 1


def test_iin_prefix_search(admin) -> None:
    person = PersonFactory()
    PersonFactory(born=person.birth_date.replace(year=1971))
    assert list(person_list(actor=admin, query=person.iin[:6])) == [person]
    assert list(person_list(actor=admin, query=person.iin)) == [person]


def test_filters_by_region_and_provider(admin) -> None:
    link = ProviderPersonFactory()
    PersonFactory(region=link.provider.region)
    assert person_list(actor=admin, region=link.provider.region).count() == 2
    assert list(person_list(actor=admin, provider=link.provider)) == [link.person]


def test_provider_search_by_name_part_bin_prefix_and_setting(admin) -> None:
    wanted = ProviderFactory(name_kk="«Шапағат» қарттар үйі", name_ru="Дом престарелых «Шапагат»")
    other = ProviderFactory()
    assert list(provider_list(actor=admin, query="шапағат")) == [wanted]
    assert list(provider_list(actor=admin, query="ДОМ ПРЕСТАРЕЛЫХ")) == [wanted]
    assert list(provider_list(actor=admin, query=wanted.bin[:12])) == [wanted]
    provider_capacity_set(actor=admin, provider=other, setting=Setting.HOME_CARE, capacity=10)
    assert list(provider_list(actor=admin, setting=Setting.HOME_CARE)) == [other]
    assert list(provider_list(actor=admin, region=wanted.region)) == [wanted]


def test_person_by_iin_is_scoped() -> None:
    specialist = UserFactory(role=Role.PROVIDER_SPECIALIST)
    own = ProviderPersonFactory(provider=specialist.provider).person
    other = ProviderPersonFactory().person
    assert person_by_iin(actor=specialist, iin=own.iin) == own
    assert person_by_iin(actor=specialist, iin=other.iin) is None


def test_ground_list_is_empty_for_a_role_without_the_permission() -> None:
    assert not ground_list(actor=UserFactory(role=Role.ANALYST)).exists()


def test_regions_and_districts(admin) -> None:
    district = DistrictFactory()
    RegionFactory()
    assert region_list().count() == 2
    assert list(district_list(region=district.region)) == [district]
