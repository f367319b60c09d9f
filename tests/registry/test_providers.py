"""Providers: registration with a valid, unique BIN and places by setting; card changes, capacity and
licences; every write audited."""

from __future__ import annotations

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.core.domain import IdentifierError, make_bin
from qamqor.core.errors import IDENTIFIER_MESSAGES, DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.models import Licence, Provider, ProviderSetting
from qamqor.registry.services import (
    licence_add,
    licence_delete,
    licence_update,
    provider_capacity_remove,
    provider_capacity_set,
    provider_register,
    provider_update,
)
from qamqor.rules.choices import Ownership, Sector, Setting
from tests.factories import ProviderFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _bin(serial: int = 777) -> str:
    while (value := make_bin(2015, 6, serial)) is None:
        serial += 1
    return value


def _register(actor, **kwargs) -> Provider:
    defaults = dict(bin=_bin(), name_kk="«Мейірім» арнаулы әлеуметтік қызметтер орталығы",
                    name_ru="Центр специальных социальных услуг «Мейірім»", ownership=Ownership.STATE,
                    sector=Sector.SOCIAL_PROTECTION, region=RegionFactory(), address="Қарағанды, Бұқар жырау 1",
                    capacities={Setting.STATIONARY: 120, Setting.SEMI_STATIONARY: 30})
    defaults.update(kwargs)
    return provider_register(actor=actor, **defaults)


def test_register_with_capacities_is_audited() -> None:
    provider = _register(UserFactory(role=Role.ADMIN))
    assert dict(provider.settings.values_list("setting", "capacity")) == {"stationary": 120, "semi_stationary": 30}
    assert provider.search_name.startswith("«мейирим» арнаулы")
    event = AuditEvent.objects.get(object_type="registry.Provider")
    assert event.action == AuditAction.CREATE
    assert event.changes["capacities"] == [None, {"stationary": 120, "semi_stationary": 30}]


def test_duplicate_and_bad_bins_are_refused_and_nothing_is_written() -> None:
    admin = UserFactory(role=Role.ADMIN)
    existing = ProviderFactory()
    with pytest.raises(DomainError) as caught:
        _register(admin, bin=existing.bin)
    assert caught.value.code == "duplicate_bin"
    good = _bin(900)
    with pytest.raises(DomainError) as caught:
        _register(admin, bin=good[:11] + str((int(good[11]) + 1) % 10))
    assert caught.value.code == "invalid_bin"
    assert caught.value.message == IDENTIFIER_MESSAGES[IdentifierError.WRONG_CHECK_DIGIT]
    with pytest.raises(DomainError) as caught:
        _register(admin, capacities={"palace": 3})
    assert caught.value.code == "unknown_setting"
    with pytest.raises(DomainError) as caught:
        _register(admin, capacities={Setting.STATIONARY: -1})
    assert caught.value.code == "negative_capacity"
    assert Provider.objects.count() == 1
    assert not ProviderSetting.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.PROVIDER_HEAD, Role.LEB_OFFICER, Role.INSPECTOR, Role.ANALYST])
def test_only_administrators_register_providers(role: Role) -> None:
    with pytest.raises(PermissionRefused):
        _register(UserFactory(role=role))


def test_the_head_changes_their_own_card_only() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    provider = provider_update(actor=head, provider=head.provider, data={"head_name": "Ахметова Б.", "phone": "1"})
    assert provider.head_name == "Ахметова Б."
    assert AuditEvent.objects.get(action=AuditAction.UPDATE).changes["head_name"] == ["", "Ахметова Б."]
    with pytest.raises(NotFound):
        provider_update(actor=head, provider=ProviderFactory(), data={"phone": "2"})
    with pytest.raises(DomainError) as caught:
        provider_update(actor=head, provider=provider, data={"bin": _bin(1234)})
    assert caught.value.code == "not_editable"
    with pytest.raises(PermissionRefused):
        provider_update(actor=UserFactory(role=Role.PROVIDER_SPECIALIST, provider=provider), provider=provider,
                        data={"phone": "3"})


def test_capacity_set_adds_then_changes_a_setting() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    row = provider_capacity_set(actor=head, provider=head.provider, setting=Setting.HOME_CARE, capacity=40)
    again = provider_capacity_set(actor=head, provider=head.provider, setting=Setting.HOME_CARE, capacity=45)
    assert row.pk == again.pk and again.capacity == 45
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE]
    with pytest.raises(DomainError):
        provider_capacity_set(actor=head, provider=head.provider, setting=Setting.HOME_CARE, capacity=-5)
    provider_capacity_remove(actor=head, provider_setting=again)
    assert not ProviderSetting.objects.exists()


def test_licences_are_unique_per_provider() -> None:
    head = UserFactory(role=Role.PROVIDER_HEAD)
    licence = licence_add(actor=head, provider=head.provider, number="KZ12LAA00000001",
                          activity="медициналық қызмет", issued_on=date(2020, 5, 1))
    with pytest.raises(DomainError) as caught:
        licence_add(actor=head, provider=head.provider, number="KZ12LAA00000001", activity="x",
                    issued_on=date(2021, 5, 1))
    assert caught.value.code == "duplicate_licence"
    with pytest.raises(DomainError) as caught:
        licence_update(actor=head, licence=licence, data={"valid_until": date(2019, 1, 1)})
    assert caught.value.code == "period_reversed"
    licence_update(actor=head, licence=licence, data={"valid_until": date(2030, 1, 1)})
    licence_delete(actor=head, licence=licence)
    assert not Licence.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("id")] == ["create", "update", "delete"]
