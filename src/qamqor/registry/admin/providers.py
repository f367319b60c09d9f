"""Providers in the admin, with capacity by setting and licences inline."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import has_perm
from qamqor.access.permissions import P
from qamqor.registry import domain, services
from qamqor.registry.admin._common import (
    _INLINE_HANDLERS,
    ScopedInline,
    ServiceAdmin,
    _changed,
    _copy_into,
    _formset,
)
from qamqor.registry.models import (
    Licence,
    Provider,
    ProviderSetting,
)

# --- providers ---------------------------------------------------------------------------------------------

class ProviderSettingInline(ScopedInline):
    model = ProviderSetting
    fields = ("setting", "capacity")
    perms: ClassVar[dict[str, P]] = {"view": P.PROVIDER_VIEW, "add": P.PROVIDER_CHANGE, "change": P.PROVIDER_CHANGE,
                                     "delete": P.PROVIDER_CHANGE}

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(request.user, P.PROVIDER_CREATE) if obj is None else super().has_add_permission(request, obj)

    def service_add(self, actor: Any, parent: Any, obj: Any) -> None:
        services.provider_capacity_set(actor=actor, provider=parent, setting=obj.setting, capacity=obj.capacity)

    def service_change(self, actor: Any, obj: Any, data: dict[str, Any]) -> None:
        if "setting" in data:
            # The setting itself changed: the old one is removed and the new one set.
            services.provider_capacity_remove(actor=actor, provider_setting=ProviderSetting.objects.get(pk=obj.pk))
        services.provider_capacity_set(actor=actor, provider=obj.provider, setting=obj.setting,
                                       capacity=obj.capacity)

    def service_delete(self, actor: Any, obj: Any) -> None:
        services.provider_capacity_remove(actor=actor, provider_setting=obj)


class LicenceInline(ScopedInline):
    model = Licence
    fields = ("number", "activity", "issued_on", "valid_until", "issued_by")
    perms: ClassVar[dict[str, P]] = {"view": P.PROVIDER_VIEW, "add": P.PROVIDER_CHANGE, "change": P.PROVIDER_CHANGE,
                                     "delete": P.PROVIDER_CHANGE}

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(request.user, P.PROVIDER_CREATE) if obj is None else super().has_add_permission(request, obj)

    def service_add(self, actor: Any, parent: Any, obj: Any) -> None:
        services.licence_add(actor=actor, provider=parent, number=obj.number, activity=obj.activity,
                             issued_on=obj.issued_on, valid_until=obj.valid_until, issued_by=obj.issued_by)

    def service_change(self, actor: Any, obj: Any, data: dict[str, Any]) -> None:
        services.licence_update(actor=actor, licence=obj, data=data)

    def service_delete(self, actor: Any, obj: Any) -> None:
        services.licence_delete(actor=actor, licence=obj)


class ProviderAdminForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ("bin", "name_kk", "name_ru", "ownership", "sector", "institution_type", "region", "district",
                  "address", "phone", "email", "head_name", "is_active")
        error_messages = {"bin": {"unique": services.DUPLICATE_BIN}}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        region, district = data.get("region"), data.get("district")
        if region is not None and district is not None and district.region_id != region.pk:
            self.add_error("district", services.DISTRICT_OUTSIDE_REGION)
        return data


@admin.register(Provider)
class ProviderAdmin(ServiceAdmin):
    form = ProviderAdminForm
    perms: ClassVar[dict[str, P]] = {"view": P.PROVIDER_VIEW, "add": P.PROVIDER_CREATE, "change": P.PROVIDER_CHANGE}
    list_display = ("name_kk", "bin", "region", "ownership", "sector", "institution_type", "is_active")
    list_filter = ("region", "ownership", "sector", "settings__setting", "institution_type", "is_active")
    search_fields = ("bin", "name_kk", "name_ru")
    search_help_text = _("BIN or its first digits, or part of the name.")
    list_select_related = ("region", "institution_type")
    readonly_fields = ("uid", "created_at", "updated_at")
    inlines = (ProviderSettingInline, LicenceInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Provider | None = None) -> tuple[str, ...]:
        fixed = ("bin",) if obj is not None else ()
        return (*fixed, *self.readonly_fields)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Provider],
                           search_term: str) -> tuple[QuerySet[Provider], bool]:
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        if domain.looks_like_identifier_prefix(term):
            return queryset.filter(bin__startswith=term), False
        return queryset.filter(search_name__contains=domain.normalize_name(term)), False

    def save_model(self, request: HttpRequest, obj: Provider, form: Any, change: bool) -> None:
        if change:
            data = _changed(form)
            if data:
                _copy_into(obj, services.provider_update(actor=request.user, provider=obj, data=data))

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        if change:
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            formset.save(commit=False)
        settings_fs = _formset(formsets, ProviderSetting, "provider")
        capacities = {s.setting: s.capacity for s in (settings_fs.new_objects if settings_fs else [])}
        data = form.cleaned_data
        provider = services.provider_register(
            actor=request.user, bin=data["bin"], name_kk=data["name_kk"], name_ru=data["name_ru"],
            ownership=data["ownership"], sector=data["sector"], institution_type=data.get("institution_type"),
            region=data["region"], district=data.get("district"), address=data["address"],
            phone=data.get("phone", ""), email=data.get("email", ""), head_name=data.get("head_name", ""),
            capacities=capacities,
        )
        if data.get("is_active") is False:
            provider = services.provider_update(actor=request.user, provider=provider, data={"is_active": False})
        _copy_into(form.instance, provider)
        licences = _formset(formsets, Licence, "provider")
        if licences is not None:
            for licence in licences.new_objects:
                _INLINE_HANDLERS[(Licence, "provider")].service_add(request.user, provider, licence)
