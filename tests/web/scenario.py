"""Two regions, a provider in each, a person at each provider and a user of every role: the world
the page and API permission tests are written against (shared by tests/web and tests/api)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from qamqor.accounts.models import Role, User
from qamqor.core.domain import Sex, make_iin
from qamqor.registry.models import Person, Provider, Region
from qamqor.rules.models import RecipientCategory
from tests.factories import (
    DistrictFactory,
    ProviderFactory,
    ProviderPersonFactory,
    ProviderSettingFactory,
    RegionFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"
_serials = itertools.count(8000)


def new_iin(birth: date = date(1961, 7, 3), sex: Sex = Sex.MALE) -> str:
    """A valid IIN that no factory hands out (their serials are small)."""
    while True:
        value = make_iin(birth, sex, next(_serials) % 10000)
        if value:
            return value


@dataclass
class World:
    region: Region
    other_region: Region
    provider: Provider
    other_provider: Provider
    person: Person
    other_person: Person
    users: dict[str, User]
    category: RecipientCategory

    def user(self, who: str) -> User:
        return self.users[who]


# Who each user is, relative to ``provider`` / ``region`` ("own") and the other ones ("other").
USERS = {
    "specialist": dict(role=Role.PROVIDER_SPECIALIST, provider="own"),
    "head": dict(role=Role.PROVIDER_HEAD, provider="own"),
    "other_specialist": dict(role=Role.PROVIDER_SPECIALIST, provider="other"),
    "leb": dict(role=Role.LEB_OFFICER, region="own"),
    "other_leb": dict(role=Role.LEB_OFFICER, region="other"),
    "inspector": dict(role=Role.INSPECTOR, region="own"),
    "national_inspector": dict(role=Role.INSPECTOR),
    "analyst": dict(role=Role.ANALYST),
    "admin": dict(role=Role.ADMIN),
}


def build_world() -> World:
    region = RegionFactory(name_kk="Ақмола облысы", name_ru="Акмолинская область", name_en="Akmola region")
    other_region = RegionFactory(name_kk="Абай облысы", name_ru="Область Абай", name_en="Abai region")
    DistrictFactory(region=region)
    provider = ProviderFactory(region=region)
    other_provider = ProviderFactory(region=other_region)
    ProviderSettingFactory(provider=provider, capacity=120)
    person = ProviderPersonFactory(provider=provider, person__surname="Сейітова").person
    other_person = ProviderPersonFactory(provider=other_provider, person__surname="Жұмабаев",
                                         person__given_name="Қайрат", person__sex=Person.Sex.MALE).person
    users = {}
    for name, spec in USERS.items():
        kwargs = {"username": name, "role": spec["role"]}
        if "provider" in spec:
            kwargs["provider"] = provider if spec["provider"] == "own" else other_provider
        kwargs["region"] = (region if spec.get("region") == "own" else other_region
                            if spec.get("region") == "other" else None)
        users[name] = UserFactory(**kwargs)
    category = RecipientCategory.objects.create(
        code="test_elderly", name_kk="Қарттар", name_ru="Пожилые", name_en="Elderly persons",
        source_document="003", source_paragraph="п. 1")
    return World(region, other_region, provider, other_provider, person, other_person, users, category)
