"""Log-ins and failed log-ins are attributable in the audit trail; passwords never are."""

import pytest

from qamqor.core.models import AuditAction, AuditEvent
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.login_audit]


def test_login_and_failed_login_are_audited(client) -> None:
    user = UserFactory()
    client.post("/en/login/", {"username": user.username, "password": "wrong-password-123"},
                REMOTE_ADDR="10.1.2.3")
    client.post("/en/login/", {"username": user.username, "password": "correct-horse-battery"},
                REMOTE_ADDR="10.1.2.4")
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    ok = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (failed.actor_username, failed.ip) == (user.username, "10.1.2.3")
    assert (ok.actor, ok.ip) == (user, "10.1.2.4")
    assert "wrong-password" not in str(failed.changes) + failed.object_repr
