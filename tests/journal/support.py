"""Builders for the journal's tests: providers with places, staff, persons they can see, grounds."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from qamqor.accounts.models import Role, User
from qamqor.journal import services as J
from qamqor.journal.models import JournalEvent, QueueApplication
from qamqor.registry.models import Ground, Person, Provider
from qamqor.rules.choices import Setting
from tests.factories import (
    PersonFactory,
    ProviderFactory,
    ProviderPersonFactory,
    ProviderSettingFactory,
    UserFactory,
)

TODAY = timezone.localdate()
_numbers = itertools.count(1)


def days(n: int) -> date:
    """A date ``n`` days from today (negative: in the past)."""
    return TODAY + timedelta(days=n)


def provider_with(setting: str = Setting.STATIONARY, capacity: int = 2, **kwargs: Any) -> Provider:
    provider = ProviderFactory(**kwargs)
    ProviderSettingFactory(provider=provider, setting=setting, capacity=capacity)
    return provider


def staff(provider: Provider, role: str = Role.PROVIDER_SPECIALIST) -> User:
    return UserFactory(role=role, provider=provider)


def person_at(provider: Provider, **kwargs: Any) -> Person:
    """A person registered by the provider (so its staff see the record)."""
    kwargs.setdefault("region", provider.region)
    person = PersonFactory(**kwargs)
    ProviderPersonFactory(provider=provider, person=person, since=days(-400))
    return person


def ground_for(person: Person, kind: str = Ground.Kind.LEB_DECISION, *, provider: Provider | None = None,
               setting: str = "", issued_on: date | None = None) -> Ground:
    return Ground.objects.create(person=person, kind=kind, number=f"G-{next(_numbers)}",
                                 issued_on=issued_on or days(-60), issuing_body="Әкімдік",
                                 region=person.region, provider=provider, setting=setting)


def admit(actor: Any, person: Person, provider: Provider, setting: str = Setting.STATIONARY, *,
          on: date | None = None, ground: Ground | None = None, **kwargs: Any) -> JournalEvent:
    """Admit with a fresh LEB decision and an order numbered automatically."""
    on = on or days(-30)
    return J.admission_record(actor=actor, person=person, provider=provider, setting=setting, event_date=on,
                              order_number=f"{next(_numbers)}-Ж", order_date=on,
                              ground=ground or ground_for(person, issued_on=on - timedelta(days=5)), **kwargs)


def apply(actor: Any, person: Person, provider: Provider, setting: str = Setting.STATIONARY, *,
          at: datetime | None = None, **kwargs: Any) -> QueueApplication:
    """A paper application received at ``at`` (to the second)."""
    return J.application_file(actor=actor, person=person, provider=provider, setting=setting, channel="paper",
                              received_at=at or timezone.now() - timedelta(days=20), **kwargs)


def at(days_ago: int, seconds: int = 0) -> datetime:
    """A receipt time ``days_ago`` days ago at 10:00:00 plus ``seconds``."""
    base = timezone.make_aware(datetime.combine(days(-days_ago), datetime.min.time())) + timedelta(hours=10)
    return base + timedelta(seconds=seconds)
