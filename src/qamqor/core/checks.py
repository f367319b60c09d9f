"""Deployment checks of our own, run by ``manage.py check --deploy``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_not_default(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """The demo key must never reach production."""
    if settings.SECRET_KEY == settings.INSECURE_DEFAULT_SECRET_KEY:
        return [Error("SECRET_KEY is the demo default; set SECRET_KEY (or SECRET_KEY_FILE).", id="qamqor.E001")]
    return []


@register(Tags.database, deploy=True)
def production_database(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """Production runs on PostgreSQL; SQLite is the embedded demo."""
    if settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return [Error("Production must use PostgreSQL: set DATABASE_URL=postgres://...", id="qamqor.E002")]
    return []
