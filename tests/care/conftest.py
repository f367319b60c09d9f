"""Care tests create many staff users: hash their passwords the fast way (the hasher is not under test)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def care_catalog(db):
    """The regulations' catalogs from the real data files, inside the test's transaction."""
    from tests.care.catalog import load_care_catalog

    load_care_catalog()
