"""The audit trail: every view of a person's record is written, and no row can be edited."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from qamqor.accounts.models import Role
from qamqor.core.models import AuditAction, AuditEvent
from qamqor.registry.selectors import person_audit_trail, person_get
from qamqor.registry.services import person_update
from tests.factories import PersonFactory, ProviderPersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_person_get_writes_a_view_event() -> None:
    officer = UserFactory(role=Role.LEB_OFFICER)
    person = PersonFactory(region=officer.region)
    assert person_get(actor=officer, uid=person.uid) == person
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.VIEW
    assert event.actor == officer
    assert event.subject_person == str(person.uid)


def test_the_audit_trail_cannot_be_updated_or_deleted_through_the_orm() -> None:
    person = PersonFactory()
    person_get(actor=UserFactory(role=Role.ADMIN), uid=person.uid)
    event = AuditEvent.objects.get()
    event.actor_username = "someone-else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="x")
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().actor_username != "someone-else"


def test_a_raw_sql_update_is_refused_by_the_database_trigger() -> None:
    person = PersonFactory()
    person_get(actor=UserFactory(role=Role.ADMIN), uid=person.uid)
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET actor_username = %s", ["forged"])  # noqa: S608
    assert AuditEvent.objects.get().actor_username != "forged"


def test_person_audit_trail_is_for_administrators_only() -> None:
    admin = UserFactory(role=Role.ADMIN)
    head = UserFactory(role=Role.PROVIDER_HEAD)
    person = ProviderPersonFactory(provider=head.provider).person
    person_update(actor=head, person=person, data={"phone": "+7 777 123 45 67"})
    person_get(actor=head, uid=person.uid)
    trail = person_audit_trail(actor=admin, person=person)
    assert [e.action for e in trail] == [AuditAction.VIEW, AuditAction.UPDATE]
    assert not person_audit_trail(actor=head, person=person).exists()
