import pytest

from tests.web.scenario import World, build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    # Nine users per test: the production hasher's deliberate slowness would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def care_catalog(db) -> None:
    """The regulations' catalogs and dated parameters from the real data files, inside the test."""
    from tests.care.catalog import load_care_catalog

    load_care_catalog()
