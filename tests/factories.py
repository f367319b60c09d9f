"""factory_boy factories for every registry table; region is derived from the parent."""

from __future__ import annotations

import itertools
from datetime import date

import factory

from qamqor.accounts.models import Role, User
from qamqor.core.domain import Sex, make_bin, make_iin
from qamqor.registry.domain import normalize_name, person_search_name
from qamqor.registry.models import District, Person, Provider, ProviderPerson, ProviderSetting, Region
from qamqor.rules.choices import Ownership, Sector, Setting

_bins = (b for b in (make_bin(2010, 1 + n % 12, n) for n in itertools.count(1)) if b)


def _iin_for(birth: date, sex: Sex, start: itertools.count) -> str:
    while True:
        value = make_iin(birth, sex, next(start) % 10000)
        if value:
            return value


_serials = itertools.count(1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:04d}")
    kind = Region.Kind.OBLAST
    name_kk = factory.Sequence(lambda n: f"Сынақ облысы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая область {n}")
    name_en = factory.Sequence(lambda n: f"Test region {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"D{n:05d}")
    name_kk = factory.Sequence(lambda n: f"Аудан {n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_en = factory.Sequence(lambda n: f"District {n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    bin = factory.LazyFunction(lambda: next(_bins))
    name_kk = factory.Sequence(lambda n: f"№{n} арнаулы әлеуметтік қызметтер орталығы")
    name_ru = factory.Sequence(lambda n: f"Центр специальных социальных услуг №{n}")
    ownership = Ownership.STATE
    sector = Sector.SOCIAL_PROTECTION
    region = factory.SubFactory(RegionFactory)
    address = "Астана, Бейбітшілік к-сі, 1"
    search_name = factory.LazyAttribute(lambda o: normalize_name(f"{o.name_kk} {o.name_ru}"))


class ProviderSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderSetting

    provider = factory.SubFactory(ProviderFactory)
    setting = Setting.STATIONARY
    capacity = 50


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        born = date(1950, 4, 12)

    birth_date = factory.LazyAttribute(lambda o: o.born)
    sex = Person.Sex.FEMALE
    iin = factory.LazyAttribute(lambda o: _iin_for(o.birth_date, Sex(o.sex), _serials))
    surname = factory.Sequence(lambda n: f"Сейітова{n}")
    given_name = "Айгүл"
    patronymic = "Серікқызы"
    search_name = factory.LazyAttribute(lambda o: person_search_name(o.surname, o.given_name, o.patronymic))
    region = factory.SubFactory(RegionFactory)


class ProviderPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderPerson

    provider = factory.SubFactory(ProviderFactory)
    person = factory.SubFactory(PersonFactory, region=factory.SelfAttribute("..provider.region"))
    since = date(2026, 1, 10)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PROVIDER_SPECIALIST
    provider = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD)),
        factory.SubFactory(ProviderFactory), None,
    )
    region = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.LEB_OFFICER),
        factory.SubFactory(RegionFactory), None,
    )
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
