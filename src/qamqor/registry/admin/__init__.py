"""The registries in the admin. Rows and rights come from ``qamqor.access`` (``ScopedAdmin``); every save
and delete goes through ``registry.services``, so the rules apply and the audit trail is written exactly
as from the pages and the API. A refused change is shown as an error and nothing is written."""

from django.contrib import admin

from qamqor.registry.admin import others  # noqa: F401  (registers the grounds and read-only lists)
from qamqor.registry.admin._common import _INLINE_HANDLERS
from qamqor.registry.admin.persons import GroundInline, ProviderPersonInline, RepresentationInline
from qamqor.registry.admin.providers import LicenceInline, ProviderSettingInline
from qamqor.registry.models import Person, Provider


def _handlers() -> None:
    for inline_cls, parent, fk in ((RepresentationInline, Person, "person"), (ProviderPersonInline, Person, "person"),
                                   (GroundInline, Person, "person"), (ProviderSettingInline, Provider, "provider"),
                                   (LicenceInline, Provider, "provider")):
        _INLINE_HANDLERS[(inline_cls.model, fk)] = inline_cls(parent, admin.site)


_handlers()
