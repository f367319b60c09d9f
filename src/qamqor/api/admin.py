"""API tokens in the admin, for roles that manage users (``P.USER_MANAGE``): list, create (the token
is shown once, in the confirmation message) and revoke. Through ``api.tokens`` (audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm, role_of
from qamqor.access.permissions import P
from qamqor.api import tokens
from qamqor.api.models import ApiToken
from qamqor.core.errors import DomainError


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "user", "expires_at"]

    def clean_user(self) -> Any:
        user = self.cleaned_data["user"]
        if not role_of(user):
            raise forms.ValidationError(tokens.USER_WITHOUT_ROLE)
        return user


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "user", "created_at", "created_by", "last_used_at", "expires_at",
                    "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by"]
    actions = ["revoke"]

    def _allowed(self, request: Any) -> bool:
        return has_perm(request.user, P.USER_MANAGE)

    def has_module_permission(self, request: Any) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # a token is never edited: revoke it and create another

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # revoked tokens stay, for the audit trail

    def save_model(self, request: Any, obj: ApiToken, form: Any, change: bool) -> None:
        try:
            token, raw = tokens.token_create(actor=request.user, user=obj.user, name=obj.name,
                                             expires_at=obj.expires_at)
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        self.message_user(request, _("Token created. Copy it now, it will not be shown again: %(token)s")
                          % {"token": raw}, messages.WARNING)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: Any, queryset: QuerySet[ApiToken]) -> None:
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.token_revoke(actor=request.user, token=token)
            done += 1
        self.message_user(request, _("Revoked: %(count)d.") % {"count": done}, messages.SUCCESS)

    def get_actions(self, request: Any) -> dict[str, Any]:
        return super().get_actions(request) if self._allowed(request) else {}
