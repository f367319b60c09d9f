"""``manage.py load_demo``: a realistic, valid and idempotent demo data set with a user of every role.

The demo is loaded once for the module (after the catalogs and the regions), then loaded again,
inside one transaction that is rolled back at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from qamqor.accounts.models import Role, User
from qamqor.core.domain import age_on, parse_iin, validate_bin
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry import demo
from qamqor.registry.models import (
    Ground,
    Licence,
    Person,
    Provider,
    ProviderPerson,
    ProviderSetting,
    Region,
    Representation,
)
from qamqor.rules.choices import Setting

pytestmark = pytest.mark.django_db

TABLES = (Person, Provider, ProviderSetting, ProviderPerson, Representation, Ground, Licence, User, AuditEvent)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@dataclass
class Loaded:
    output: str
    second_output: str
    after_first: dict[str, int]
    after_second: dict[str, int]
    today: date


# --- before anything is loaded (these run first, on an empty database) ---------------------------

def test_refuses_to_run_before_the_regions_are_loaded(rules_loaded: None) -> None:
    assert not Region.objects.exists()
    with pytest.raises(CommandError, match="load_regions"):
        call_command("load_demo", stdout=StringIO())
    assert Person.objects.count() == 0 and User.objects.count() == 0


def test_refuses_to_run_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=StringIO())


def test_the_plan_is_the_same_on_every_run_and_every_date() -> None:
    first, again = demo.demo_plan(date(2026, 11, 25)), demo.demo_plan(date(2026, 11, 25))
    later = demo.demo_plan(date(2031, 2, 28))
    assert [p.iin for p in first.persons] == [p.iin for p in again.persons]
    assert [p.full_name for p in first.persons] == [p.full_name for p in later.persons]
    assert len({p.iin for p in first.persons}) == len(first.persons)
    assert len({(p.full_name, p.region) for p in first.persons}) == len(first.persons)


# --- the loaded demo ---------------------------------------------------------------------------------

# Hashing nine passwords twice with the production hasher would take most of this module's time.
def fast_hasher() -> override_settings:
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), fast_hasher(), transaction.atomic():
        call_command("load_rules", stdout=StringIO(), stderr=StringIO())  # idempotent: a no-op if loaded
        call_command("load_regions", stdout=StringIO())
        out = StringIO()
        call_command("load_demo", stdout=out)
        after_first = row_counts()
        again = StringIO()
        call_command("load_demo", stdout=again)
        yield Loaded(out.getvalue(), again.getvalue(), after_first, row_counts(), timezone.localdate())
        transaction.set_rollback(True)


def test_a_second_run_creates_nothing(loaded: Loaded) -> None:
    assert loaded.after_second == loaded.after_first
    summary = loaded.second_output.splitlines()[0]
    assert not any(kind in summary for kind in ("persons", "providers", "grounds", "licences", "users"))


def test_there_is_a_demo_user_of_every_role_who_can_log_in(loaded: Loaded) -> None:
    users = User.objects.filter(username__in=[u.username for u in demo.USERS])
    # every staff role; the applicant is a person of the demo data, made by `load_demo_portal`
    # (tests/portal/test_demo_portal.py)
    assert {u.role for u in users} == set(Role.values) - {Role.APPLICANT}
    with fast_hasher():
        assert all(u.check_password(demo.DEMO_PASSWORD) and u.is_active for u in users)
    staff = Counter((u.provider_id, u.role) for u in users if u.role in (Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD))
    assert len({provider for provider, _ in staff}) == 2
    assert all(staff[(p, Role.PROVIDER_SPECIALIST)] == 1 and staff[(p, Role.PROVIDER_HEAD)] == 1 for p, _ in staff)
    assert users.get(role=Role.LEB_OFFICER).region is not None
    inspectors = users.filter(role=Role.INSPECTOR)
    assert {i.region_id is None for i in inspectors} == {True, False}  # one national, one of a region
    assert User.objects.get(username="admin").role == Role.ADMIN


def test_the_log_ins_are_printed_as_a_table(loaded: Loaded) -> None:
    for spec in demo.USERS:
        line = next(line for line in loaded.output.splitlines() if line.startswith(spec.username + " "))
        assert demo.DEMO_PASSWORD in line
    # The second run prints them too: `make run` always shows them before the server starts.
    assert all(spec.username in loaded.second_output for spec in demo.USERS)


def test_every_iin_and_bin_is_valid(loaded: Loaded) -> None:
    persons = list(Person.objects.all())
    assert len(persons) >= 140
    for person in persons:
        info = parse_iin(person.iin)
        assert (info.birth_date, str(info.sex)) == (person.birth_date, person.sex)
    providers = list(Provider.objects.all())
    assert len(providers) >= 12
    for provider in providers:
        assert validate_bin(provider.bin) == provider.bin


def test_every_minor_and_every_person_without_capacity_has_a_representative(loaded: Loaded) -> None:
    today = loaded.today
    needing = [p for p in Person.objects.prefetch_related("representations__representative")
               if age_on(p.birth_date, today) < 18 or p.legal_capacity != Person.LegalCapacity.FULL]
    assert len(needing) >= 40
    for person in needing:
        current = [r for r in person.representations.all()
                   if r.valid_from <= today and (r.valid_until is None or today <= r.valid_until)]
        assert current, person
        for rep in current:
            assert age_on(rep.representative.birth_date, today) >= 18
            assert rep.representative.legal_capacity == Person.LegalCapacity.FULL


def test_providers_span_regions_and_every_setting(loaded: Loaded) -> None:
    providers = Provider.objects.filter(bin__in=[demo.provider_bin(s) for s in demo.PROVIDERS])
    assert providers.count() == len(demo.PROVIDERS)
    assert providers.values("region").distinct().count() >= 4
    assert set(ProviderSetting.objects.filter(provider__in=providers).values_list("setting", flat=True)) == set(
        Setting.values)
    for provider in providers:
        assert provider.name_kk and provider.name_ru and provider.head_name
        assert provider.settings.exists() and all(s.capacity > 0 for s in provider.settings.all())
        assert provider.licences.exists()


def test_recipients_are_the_age_their_provider_serves(loaded: Loaded) -> None:
    today = loaded.today
    for spec in demo.PROVIDERS:
        provider = Provider.objects.get(bin=demo.provider_bin(spec))
        ages = [age_on(p.birth_date, today) for p in provider.persons.all() if p.grounds.exists()]
        assert len(ages) == spec.recipients.count, spec.key
        assert all(spec.recipients.age_min <= a <= spec.recipients.age_max for a in ages), spec.key


def test_every_recipient_has_a_ground_of_the_right_kind(loaded: Loaded) -> None:
    court = Provider.objects.get(bin=demo.provider_bin(
        next(s for s in demo.PROVIDERS if s.key == "karaganda_special_school")))
    grounds = Ground.objects.filter(provider=court)
    assert grounds.exists() and set(grounds.values_list("kind", flat=True)) == {Ground.Kind.COURT_ACT}
    assert {Ground.Kind.LEB_DECISION, Ground.Kind.GUARDIANSHIP_REFERRAL, Ground.Kind.COURT_ACT} <= set(
        Ground.objects.values_list("kind", flat=True))
    for link in ProviderPerson.objects.select_related("person"):
        assert link.person.grounds.filter(provider_id=link.provider_id).exists()


def test_demo_rows_are_audited_as_written_by_admin(loaded: Loaded) -> None:
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="registry.Person")
    assert created.count() == Person.objects.count()
    assert set(created.values_list("actor_username", flat=True)) == {"admin"}
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="registry.Ground").count() == (
        Ground.objects.count())
