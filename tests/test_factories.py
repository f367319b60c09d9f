"""The factories build valid rows (valid IIN/BIN, consistent regions)."""

import pytest

from qamqor.accounts.models import Role
from tests.factories import ProviderPersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_factories_build_valid_rows() -> None:
    link = ProviderPersonFactory()
    link.person.full_clean()
    link.provider.full_clean()
    assert link.person.region == link.provider.region
    head = UserFactory(role=Role.PROVIDER_HEAD)
    officer = UserFactory(role=Role.LEB_OFFICER)
    assert head.provider is not None and officer.region is not None and officer.provider is None
    assert head.check_password("correct-horse-battery")
