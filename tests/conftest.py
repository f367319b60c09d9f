"""Shared fixtures: factories live in tests/factories.py."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level tests read the English source messages; a page or API request still picks its
    language from the URL prefix, cookie or header (LocaleMiddleware), with Kazakh the default."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Throwaway test users need no slow password hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_only_where_tested(request, settings):
    """Hundreds of tests log in with ``force_login``: the second factor is enforced only in tests
    marked ``two_factor`` (tests/security proves it)."""
    settings.QAMQOR_TWO_FACTOR_REQUIRED = bool(request.node.get_closest_marker("two_factor"))


@pytest.fixture(autouse=True)
def _login_audit_only_where_tested(request):
    """Log-in events go to the audit trail; tests that count audit rows after ``force_login`` should
    not see them, so the receivers are connected only in tests marked ``login_audit``."""
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    from qamqor.accounts import signals

    if request.node.get_closest_marker("login_audit"):
        yield
        return
    user_logged_in.disconnect(signals._logged_in)
    user_login_failed.disconnect(signals._login_failed)
    try:
        yield
    finally:
        user_logged_in.connect(signals._logged_in)
        user_login_failed.connect(signals._login_failed)


@pytest.fixture(scope="session")
def rules_loaded(django_db_setup, django_db_blocker):
    """The regulations' catalogs and parameters, loaded once per session with ``manage.py load_rules``.

    The rows are committed outside any test's transaction, so every test that also asks for ``db``
    sees them. A ``transactional_db`` test empties all tables when it ends: such a test must not
    rely on this fixture (call ``rules_load()`` itself)."""
    with django_db_blocker.unblock():
        call_command("load_rules", stdout=io.StringIO(), stderr=io.StringIO())
