"""The invariant checks (qamqor.core.invariants, ``manage.py check_invariants``): a scene built through the
services satisfies every invariant, and each violation planted behind the services' back (raw SQL, with
the database's own guard dropped where it has one) is reported."""

from __future__ import annotations

import itertools
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from qamqor.accounts.models import Role
from qamqor.core.domain import Sex, make_iin
from qamqor.core.invariants import check_all
from qamqor.journal.models import Placement, QueueApplication
from qamqor.registry.services import person_register
from tests.factories import PersonFactory
from tests.journal.support import TODAY, admit, apply, at, provider_with, staff

pytestmark = pytest.mark.django_db
_serials = itertools.count(7001, 13)


def _register(actor, provider, n: int):
    while True:
        iin = make_iin(date(1950, 1, 1 + n % 27), Sex.MALE if n % 2 else Sex.FEMALE, next(_serials))
        if iin:
            break
    return person_register(actor=actor, iin=iin, surname=f"Тестов{n}", given_name="Әли", region=provider.region,
                           provider=provider, today=TODAY)


@pytest.fixture
def scene(rules_loaded):
    """Two places taken, two applications waiting: everything through the services."""
    home = provider_with(capacity=2)
    head = staff(home, Role.PROVIDER_HEAD)
    people = [_register(head, home, n) for n in range(4)]
    admit(head, people[0], home)
    admit(head, people[1], home)
    apps = [apply(head, people[2], home, at=at(10)), apply(head, people[3], home, at=at(9))]
    return {"home": home, "head": head, "people": people, "apps": apps}


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def _names(only: str) -> list[str]:
    return [str(v) for v in check_all([only])]


def test_a_scene_built_through_the_services_breaks_no_invariant(scene) -> None:
    assert check_all() == []
    out = StringIO()
    call_command("check_invariants", stdout=out)
    assert "capacity, single_placement, queue_order, journal_derivation, audit" in out.getvalue()


def test_capacity_exceeded_is_reported(scene) -> None:
    _sql("UPDATE registry_providersetting SET capacity = 1 WHERE provider_id = %s", scene["home"].pk)
    found = _names("capacity")
    assert found == [f"[capacity] provider {scene['home'].bin} / stationary: 2 active placements exceed the "
                     f"capacity of 1"]


def test_a_placement_in_a_setting_not_served_is_reported(scene) -> None:
    _sql("DELETE FROM registry_providersetting WHERE provider_id = %s", scene["home"].pk)
    assert any("does not serve" in v for v in _names("capacity"))


def test_two_active_stationary_placements_of_one_person_are_reported(scene) -> None:
    _sql("DROP INDEX placement_one_active_stationary_per_person")
    _sql("DROP INDEX placement_one_active_per_journal")
    first, second = scene["people"][:2]
    _sql("UPDATE journal_placement SET person_id = %s WHERE person_id = %s", first.pk, second.pk)
    found = _names("single_placement")
    assert f"[single_placement] person {first.uid}: 2 active stationary placements" in found
    assert any(f"person {first.uid}: 2 active placements at provider" in v for v in found)
    # the journal no longer agrees with the rows either
    assert any("placement #" in v for v in _names("journal_derivation"))


def test_a_person_pending_twice_in_one_queue_is_reported(scene) -> None:
    _sql("DROP INDEX queue_one_pending_per_person_provider_setting")
    third = scene["people"][2]
    _sql("UPDATE journal_queueapplication SET person_id = %s WHERE id = %s", third.pk, scene["apps"][1].pk)
    found = _names("queue_order")
    assert found == [f"[queue_order] queue {scene['home'].bin} / stationary: person {third.uid} is pending twice"]


def test_an_application_in_a_journal_of_another_provider_is_reported(scene) -> None:
    other = provider_with(capacity=0)
    head = staff(other, Role.PROVIDER_HEAD)
    stranger = _register(head, other, 9)
    theirs = apply(head, stranger, other)
    _sql("UPDATE journal_queueapplication SET journal_id = %s WHERE id = %s", theirs.journal_id,
         scene["apps"][0].pk)
    assert any(f"application {scene['apps'][0].uid}: filed in a journal of another provider" in v
               for v in _names("queue_order"))


def test_a_queue_application_whose_row_disagrees_with_the_journal_is_reported(scene) -> None:
    app = scene["apps"][0]
    _sql("UPDATE journal_queueapplication SET status = 'withdrawn' WHERE id = %s", app.pk)
    found = _names("journal_derivation")
    assert len(found) == 1 and f"application {app.uid}: row says ('withdrawn'" in found[0]
    assert "the events say ('pending'" in found[0]


def test_a_placement_whose_row_disagrees_with_the_journal_is_reported(scene) -> None:
    placement = Placement.objects.get(person=scene["people"][0])
    _sql("UPDATE journal_placement SET status = 'on_leave' WHERE id = %s", placement.pk)
    found = _names("journal_derivation")
    assert len(found) == 1 and found[0].startswith(f"[journal_derivation] placement #{placement.pk}")
    assert "'on_leave'" in found[0] and "'present'" in found[0]


def test_a_lost_placement_is_reported(scene) -> None:
    _sql("DELETE FROM journal_placement WHERE person_id = %s", scene["people"][0].pk)
    found = _names("journal_derivation")
    assert any("no placement for the stay" in v for v in found)
    assert any("derived status placed but 0 active placements" in v for v in found)


def test_an_application_without_journal_events_is_reported(scene) -> None:
    app = scene["apps"][0]
    ghost = QueueApplication.objects.values().get(pk=app.pk)
    _sql("UPDATE journal_queueapplication SET person_id = %s WHERE id = %s", scene["people"][0].pk, app.pk)
    assert ghost["person_id"] != scene["people"][0].pk
    found = _names("journal_derivation")
    assert any(f"application {app.uid}: its events are in another case" in v for v in found)
    assert any(f"application {app.uid}: no application event in the journal" in v for v in found)


def test_records_created_without_an_audit_event_are_reported(scene) -> None:
    silent = PersonFactory()  # straight into the table, past the registry services
    found = _names("audit")
    assert found == [f"[audit] registry.Person {silent.uid}: created without an audit event"]


def test_the_command_prints_each_violation_and_exits_with_1(scene) -> None:
    _sql("UPDATE registry_providersetting SET capacity = 0 WHERE provider_id = %s", scene["home"].pk)
    silent = PersonFactory()
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_invariants", stdout=out, stderr=err)
    assert exit_.value.code == 1
    lines = out.getvalue().splitlines()
    assert f"[capacity] provider {scene['home'].bin} / stationary: 2 active placements exceed the capacity of 0" \
        in lines
    assert f"[audit] registry.Person {silent.uid}: created without an audit event" in lines
    assert "2" in err.getvalue()
