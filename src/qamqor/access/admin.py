"""Admin pages through the same access module: the site, each model's rights and its rows."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm, scope
from qamqor.access.permissions import P
from qamqor.accounts.forms import LoginForm


class AccessAdminAuthenticationForm(LoginForm):
    """The admin log-in: any active user whose role holds ADMIN_SITE (not Django's is_staff flag); the
    lockout of repeated failures applies as on the pages' log-in."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not has_perm(user, P.ADMIN_SITE):
            raise ValidationError(_("Your role does not give access to the administration pages."),
                                  code="no_admin_access")


class QamqorAdminSite(admin.AdminSite):
    login_form = AccessAdminAuthenticationForm
    site_header = _("Qamqor administration")
    site_title = _("Qamqor")
    index_title = _("Reference data and registries")

    def has_permission(self, request: Any) -> bool:
        return request.user.is_active and has_perm(request.user, P.ADMIN_SITE)


class ScopedAdmin(admin.ModelAdmin):
    """A model admin whose rows and rights come from ``qamqor.access``.

    ``perms`` names the permission for each of view/add/change/delete; a missing key refuses it."""

    perms: ClassVar[dict[str, P]] = {}

    def get_queryset(self, request: Any) -> QuerySet[Any]:
        return scope(request.user, super().get_queryset(request))

    def _allowed(self, request: Any, action: str, obj: Any = None) -> bool:
        perm = self.perms.get(action)
        return perm is not None and can(request.user, perm, obj)

    def has_module_permission(self, request: Any) -> bool:
        return self._allowed(request, "view")

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request, "view", obj) or self._allowed(request, "change", obj)

    def has_add_permission(self, request: Any) -> bool:
        return self._allowed(request, "add")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request, "change", obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request, "delete", obj)


class ReadOnlyAdmin(ScopedAdmin):
    """Viewable, never editable (audit trail, reference data loaded from files)."""

    permission: ClassVar[P | str] = P.REFERENCE_VIEW

    def _allowed(self, request: Any, action: str, obj: Any = None) -> bool:
        return action == "view" and can(request.user, P(self.permission), obj)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]
