"""The admin log-in asks qamqor.access (ADMIN_SITE), not Django's is_staff flag."""

import pytest

from qamqor.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.PROVIDER_HEAD, True), (Role.LEB_OFFICER, True), (Role.ADMIN, True),
     (Role.PROVIDER_SPECIALIST, False), (Role.INSPECTOR, False), (Role.ANALYST, False)],
)
def test_admin_login_follows_the_role(client, role, allowed) -> None:
    user = UserFactory(role=role, is_staff=False)
    response = client.post("/en/admin/login/?next=/en/admin/",
                           {"username": user.username, "password": "correct-horse-battery"})
    if allowed:
        assert response.status_code == 302
        assert client.get("/en/admin/").status_code == 200
    else:
        assert response.status_code == 200
        assert "does not give access" in response.content.decode()
        assert client.get("/en/admin/").status_code == 302
