"""Capacity and double placement under concurrent admissions, each in its own thread and database
connection: on PostgreSQL the lock on the provider's setting (and on the person) serialises the
decisions, so 24 parallel admissions to 5 places admit exactly 5, and one person admitted in parallel to
24 providers is placed exactly once. SQLite serialises every writer with IMMEDIATE transactions and has
no row locks to prove, so these tests run on PostgreSQL only."""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from qamqor.core.errors import DomainError
from qamqor.journal import services as J
from qamqor.journal.models import JournalEvent, Placement
from qamqor.registry.models import ProviderPerson
from qamqor.rules.choices import Setting
from qamqor.rules.models import InstitutionType
from tests.journal.support import days, ground_for, person_at, provider_with, staff

THREADS = 24


@pytest.fixture(scope="module", autouse=True)
def _reload_rules_after_the_flush(django_db_setup, django_db_blocker):
    """A transactional test empties every table when it ends, also the regulations' catalogs that the
    session loaded for the tests that follow: load them again once this module is done."""
    with django_db_blocker.unblock():
        had_rules = InstitutionType.objects.exists()
    yield
    if had_rules:
        with django_db_blocker.unblock():
            call_command("load_rules", stdout=io.StringIO(), stderr=io.StringIO())

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks and parallel writers need PostgreSQL"),
]


def run_parallel(calls: list[Callable[[], Any]]) -> Counter:
    """Start every call at once (a barrier), each thread on its own connection; count the outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def worker(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
            result = "admitted"
        except DomainError as exc:
            result = exc.code
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def test_parallel_admissions_never_exceed_capacity():
    provider = provider_with(capacity=5)
    user = staff(provider)
    on = days(-1)
    people = [person_at(provider) for _ in range(THREADS)]
    grounds = [ground_for(p, issued_on=days(-3)) for p in people]

    def admit(i: int) -> Callable[[], Any]:
        return lambda: J.admission_record(actor=user, person=people[i], provider=provider,
                                          setting=Setting.STATIONARY, event_date=on, order_number=f"{i}-Ж",
                                          order_date=on, ground=grounds[i])

    outcomes = run_parallel([admit(i) for i in range(THREADS)])
    assert outcomes == Counter({"admitted": 5, "no_free_place": THREADS - 5}), outcomes
    assert Placement.objects.filter(provider=provider, active=True).count() == 5
    assert JournalEvent.objects.filter(journal__provider=provider, kind="admission").count() == 5


def test_one_person_admitted_in_parallel_to_many_providers_is_placed_once():
    providers = [provider_with(capacity=3) for _ in range(THREADS)]
    users = [staff(p) for p in providers]
    person = person_at(providers[0])
    for p in providers[1:]:
        ProviderPerson.objects.create(provider=p, person=person, since=days(-10))
    on = days(-1)
    grounds = [ground_for(person, issued_on=days(-3)) for _ in providers]

    def admit(i: int) -> Callable[[], Any]:
        return lambda: J.admission_record(actor=users[i], person=person, provider=providers[i],
                                          setting=Setting.STATIONARY, event_date=on, order_number=f"{i}-Ж",
                                          order_date=on, ground=grounds[i])

    outcomes = run_parallel([admit(i) for i in range(THREADS)])
    assert outcomes == Counter({"admitted": 1, "already_placed": THREADS - 1}), outcomes
    assert Placement.objects.filter(person=person, active=True).count() == 1


def test_parallel_offers_never_hand_out_more_places_than_are_free():
    provider = provider_with(capacity=3)
    user = staff(provider)
    for _ in range(3):
        J.admission_record(actor=user, person=(p := person_at(provider)), provider=provider,
                           setting=Setting.STATIONARY, event_date=days(-9), order_number="1", order_date=days(-9),
                           ground=ground_for(p, issued_on=days(-10)))
    for _ in range(THREADS):
        J.application_file(actor=user, person=person_at(provider), provider=provider, setting=Setting.STATIONARY)
    for placement in Placement.objects.filter(provider=provider)[:2]:
        J.discharge_record(actor=user, person=placement.person, provider=provider, setting=Setting.STATIONARY,
                           event_date=days(-1), order_number="2", order_date=days(-1), reason="moved")

    outcomes = run_parallel([lambda: J.place_offer(actor=user, provider=provider, setting=Setting.STATIONARY)
                             for _ in range(THREADS)])
    assert outcomes == Counter({"admitted": 2, "no_free_place": THREADS - 2}), outcomes
    assert provider.queue_applications.filter(status="offered").count() == 2
