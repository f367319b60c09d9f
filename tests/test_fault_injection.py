"""Every multi-step action is one transaction: the database connection dies in the middle of it (on
PostgreSQL the server terminates the session; on SQLite the driver fails), nothing partial is left, and
the same action succeeds when retried."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import Error, OperationalError, connection

from qamqor.accounts.models import Role
from qamqor.care import services as care
from qamqor.core.backup import table_counts
from qamqor.journal import services as J
from qamqor.rules.choices import Setting
from tests.care.helpers import head as care_head
from tests.care.helpers import provider as care_provider
from tests.care.helpers import specialist, written_plan
from tests.factories import ProviderPersonFactory
from tests.journal.support import admit, days, ground_for, person_at, provider_with, staff

pytestmark = pytest.mark.django_db(transaction=True)
WRITES = ("INSERT", "UPDATE", "DELETE")


class DiesAfter:
    """Lets ``n`` writes through, then kills the connection before the next statement that writes."""

    def __init__(self, n: int) -> None:
        self.n, self.writes, self.fired = n, 0, False

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.fired and sql.lstrip().upper().startswith(WRITES):
            if self.writes == self.n:
                self.fired = True
                _kill()
            self.writes += 1
        return execute(sql, params, many, context)


def _kill() -> None:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        pid = connection.connection.info.backend_pid
        with psycopg.connect(host=s.get("HOST") or "127.0.0.1", port=s.get("PORT") or 5432,
                             user=s.get("USER") or "postgres", password=s.get("PASSWORD") or None,
                             dbname="postgres", autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
    else:
        raise OperationalError("disk I/O error (injected fault)")


def _fails_then_retries(action: Callable[[], Any], kill_after: int) -> Any:
    before = table_counts()
    wrapper = DiesAfter(kill_after)
    with pytest.raises(Error), connection.execute_wrapper(wrapper):
        action()
    assert wrapper.fired
    connection.close()  # the application's next request gets a fresh connection
    assert table_counts() == before, "a partial write survived the fault"
    return action()


@pytest.fixture
def catalogs() -> None:
    call_command("load_rules", stdout=StringIO())


@pytest.mark.parametrize("kill_after", [1, 3])
def test_admission(catalogs: None, kill_after: int) -> None:
    home = provider_with(capacity=2)
    head = staff(home, Role.PROVIDER_HEAD)
    person = person_at(home)
    ground = ground_for(person, issued_on=days(-40))
    event = _fails_then_retries(lambda: admit(head, person, home, on=days(-30), ground=ground), kill_after)
    assert event.kind == "admission" and person.placements.filter(active=True).count() == 1


@pytest.mark.parametrize("kill_after", [1, 2])
def test_transfer(catalogs: None, kill_after: int) -> None:
    origin = provider_with()
    destination = provider_with(region=origin.region)
    head = staff(origin, Role.PROVIDER_HEAD)
    person = person_at(origin)
    admit(head, person, origin, on=days(-5))
    event = _fails_then_retries(lambda: J.transfer_out(
        actor=head, person=person, provider=origin, setting=Setting.STATIONARY, event_date=days(-1),
        order_number="T-1", order_date=days(-1), destination_provider=destination), kill_after)
    assert event.kind == "transfer_out" and not person.placements.filter(active=True).exists()


@pytest.mark.parametrize("kill_after", [1, 2])
def test_plan_approval(catalogs: None, kill_after: int) -> None:
    home = care_provider()
    person = ProviderPersonFactory(provider=home, person__born=date(2012, 5, 10), person__region=home.region).person
    plan = written_plan(specialist(home), person, home)
    care.plan_fill(actor=specialist(home), plan=plan, filled_on=date(2026, 3, 18))
    approver = care_head(home)
    approved = _fails_then_retries(lambda: care.plan_approve(actor=approver, plan=plan, approved_on=date(2026, 3, 20)),
                                   kill_after)
    assert approved.status == "approved" and approved.versions.count() == 1


@pytest.mark.parametrize("kill_after", [1, 4])
def test_inspection_result(catalogs: None, kill_after: int) -> None:
    """Completing an inspection writes its status, a finding per non-compliance and a new risk score."""
    from qamqor.control.models import Finding
    from tests.control.test_inspections import appoint, complete, fill_all, inspector, make_subject

    subject = make_subject()
    actor = inspector(subject.region)
    inspection = fill_all(actor, appoint(actor, subject), non_compliant=(1, 2, 3))
    done = _fails_then_retries(lambda: complete(actor, inspection), kill_after)
    assert done.status == "completed"
    assert Finding.objects.filter(inspection=done, status="active").count() == 3
    assert subject.scores.count() >= 1
