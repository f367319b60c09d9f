"""Shared admin machinery: every save goes through the registry services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from qamqor.access.admin import ScopedAdmin
from qamqor.access.core import can, scope
from qamqor.access.permissions import P
from qamqor.core.errors import DomainError
from qamqor.registry.models import (
    Person,
    Provider,
)

# --- shared machinery ------------------------------------------------------------------------------------


class ServiceAdmin(ScopedAdmin):
    """A scoped admin whose writes go through the services.

    An object outside the actor's scope is a 404 (never a redirect that would confirm it exists); a
    ``DomainError`` raised by a service rolls the whole save back and is shown as an error message."""

    save_as = False

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> HttpResponse:
        raise Http404

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Bulk deletion would bypass the services (and the audit trail).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            _show(request, exc)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            _show(request, exc)
            return HttpResponseRedirect(request.get_full_path())

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        # No form.save_m2m(): many-to-many fields are written by the services.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """New rows first, then changes, then deletions, so that replacing a representative never
        leaves the person without one in between."""
        formset.save(commit=False)
        inline = _INLINE_HANDLERS.get((formset.model, formset.fk.name))
        if inline is None:
            return  # a read-only inline
        for obj in formset.new_objects:
            inline.service_add(request.user, form.instance, obj)
        for obj, fields in formset.changed_objects:
            inline.service_change(request.user, obj, {f: getattr(obj, f) for f in fields})
        for obj in formset.deleted_objects:
            inline.service_delete(request.user, obj)


def _show(request: HttpRequest, exc: DomainError) -> None:
    fields = "; ".join(f"{k}: {', '.join(str(m) for m in v)}" for k, v in exc.fields.items() if k != "__all__")
    message = str(exc.message) if not fields or str(exc.message) in fields else f"{exc.message} ({fields})"
    messages.error(request, message)


def _changed(form: Any) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}


class ScopedInline(admin.TabularInline):
    """An inline whose rows are scoped and whose rights are named per action like ``ScopedAdmin.perms``.

    The rights are checked against the parent object (a person or a provider), whose scope decides."""

    perms: ClassVar[dict[str, P]] = {}
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(request.user, super().get_queryset(request))

    def _allowed(self, request: HttpRequest, action: str, obj: Model | None) -> bool:
        perm = self.perms.get(action)
        return perm is not None and can(request.user, perm, obj)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, "view", obj) or self._allowed(request, "change", obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, "add", obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, "change", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request, "delete", obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model in (Provider, Person):
            kwargs["queryset"] = scope(request.user, db_field.related_model._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Service hooks: each inline writes its rows through the services.
    def service_add(self, actor: Any, parent: Any, obj: Any) -> None:
        raise NotImplementedError

    def service_change(self, actor: Any, obj: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def service_delete(self, actor: Any, obj: Any) -> None:
        raise NotImplementedError


class _ExistingRowsFixedForm(forms.ModelForm):
    """Existing rows are shown, not edited (a tie to a provider is added or removed, never changed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field in self.fields.values():
                field.disabled = True




def _formset(formsets: list[Any], model: type[Model], fk: str) -> Any:
    """The inline formset of ``model`` linked through ``fk`` (a person has two of representations)."""
    return next((fs for fs in formsets if fs.model is model and fs.fk.name == fk), None)


def _copy_into(target: Model, source: Model) -> None:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db




# Each inline of a parent page, as a handler of its rows (filled in by the package on import).
_INLINE_HANDLERS: dict[tuple[type[Model], str], ScopedInline] = {}
