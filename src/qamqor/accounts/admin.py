"""User management in the admin, for the administrator only (``P.USER_MANAGE``): each user's role and the
provider or region it is scoped to. Every save goes through ``accounts.services`` (audited)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from qamqor.access.admin import ScopedAdmin
from qamqor.access.core import scope
from qamqor.access.permissions import P
from qamqor.accounts import lockout, services, twofactor
from qamqor.accounts.models import User
from qamqor.core.errors import DomainError
from qamqor.registry.models import Provider

_actor: ContextVar[Any] = ContextVar("qamqor_user_admin_actor", default=None)


def _role_scope_errors(form: forms.ModelForm, data: dict[str, Any]) -> None:
    try:
        services.user_role_scope_check(role=data.get("role", ""), provider=data.get("provider"),
                                       region=data.get("region"))
    except DomainError as exc:
        form.add_error(exc.field, exc.message)


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "iin", "position", "role", "provider", "region", "is_active")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _role_scope_errors(self, data)
        return data


class UserAddForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "iin", "position", "role", "provider", "region")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _role_scope_errors(self, data)
        return data


class PasswordSetForm(AdminPasswordChangeForm):
    """Sets the password through ``user_set_password`` so that the change is audited."""

    def save(self, commit: bool = True) -> User:
        password = self.cleaned_data.get("password1")
        if not password:
            return self.user
        return services.user_set_password(actor=_actor.get(), user=self.user, password=password)


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    perms: ClassVar[dict[str, P]] = {"view": P.USER_MANAGE, "add": P.USER_MANAGE, "change": P.USER_MANAGE}
    form = UserChangeForm
    add_form = UserAddForm
    change_password_form = PasswordSetForm
    list_display = ("username", "last_name", "first_name", "role", "provider", "region", "is_active", "last_login")
    list_filter = ("role", "is_active", "region", "provider")
    search_fields = ("username", "first_name", "last_name", "email", "iin")
    list_select_related = ("provider", "region")
    readonly_fields = ("password", "last_login", "date_joined")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "iin", "position")}),
        (_("Role and scope"), {"fields": ("role", "provider", "region", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "iin", "position")}),
        (_("Role and scope"), {"fields": ("role", "provider", "region")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        return ("username", *self.readonly_fields) if obj is not None else ()

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> HttpResponse:
        raise Http404

    actions = ("reset_two_factor", "clear_failed_logins", "end_sessions")

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Reset two-factor authentication (lost device): the user sets it up again"))
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            twofactor.reset(actor=request.user, user=user)
        messages.success(request, _("Two-factor authentication was reset for the selected users."))

    @admin.action(description=_("Lift the lockout after failed log-ins"))
    def clear_failed_logins(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            lockout.clear(user.username)
        messages.success(request, _("Failed log-ins of the selected users were cleared."))

    @admin.action(description=_("Log out everywhere (end every session)"))
    def end_sessions(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            twofactor.logout_everywhere(actor=request.user, user=user)
        messages.success(request, _("Every session of the selected users was ended."))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Provider:
            kwargs["queryset"] = scope(request.user, Provider.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return HttpResponseRedirect(request.get_full_path())

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:  # noqa: A002
        token = _actor.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return HttpResponseRedirect(request.get_full_path())
        finally:
            _actor.reset(token)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changed = {k: data[k] for k in form.changed_data if k in services.USER_EDITABLE}
            if changed:
                services.user_update(actor=request.user, user=obj, data=changed)
                obj.refresh_from_db()
            return
        password = data.get("password1") or ""
        if not password:
            raise DomainError("password_required", _("Set a password for the new user."), field="password1")
        user = services.user_create(
            actor=request.user, username=data["username"], password=password, role=data["role"],
            provider=data.get("provider"), region=data.get("region"), first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""), email=data.get("email", ""), iin=data.get("iin", ""),
            position=data.get("position", ""))
        obj.pk = user.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        """Users have no groups or per-user permissions here: roles decide (``qamqor.access.roles``)."""


if admin.site.is_registered(Group):
    # Groups and Django permissions are not used: roles are the one table of authorisation.
    admin.site.unregister(Group)
