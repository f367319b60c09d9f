"""Grounds, and the read-only lists changed through their parent page."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest

from qamqor.access.admin import ReadOnlyAdmin
from qamqor.access.core import scope
from qamqor.access.permissions import P
from qamqor.registry import services
from qamqor.registry.admin._common import (
    ServiceAdmin,
    _changed,
    _copy_into,
)
from qamqor.registry.models import (
    District,
    Ground,
    Licence,
    Person,
    Provider,
    ProviderPerson,
    ProviderSetting,
    Region,
    Representation,
)

# --- grounds -----------------------------------------------------------------------------------------------

@admin.register(Ground)
class GroundAdmin(ServiceAdmin):
    perms: ClassVar[dict[str, P]] = {"view": P.GROUND_VIEW, "add": P.GROUND_CREATE, "change": P.GROUND_CHANGE,
                                     "delete": P.GROUND_CHANGE}
    list_display = ("__str__", "person", "kind", "issued_on", "region", "provider", "setting")
    list_filter = ("kind", "region", "setting", "issued_on")
    search_fields = ("number", "issuing_body", "person__iin", "person__search_name")
    list_select_related = ("person", "region", "provider")
    autocomplete_fields = ("person",)
    fields = ("person", "kind", "number", "issued_on", "issuing_body", "region", "provider", "setting", "note")
    date_hierarchy = "issued_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Ground | None = None) -> tuple[str, ...]:
        return ("person",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model in (Provider, Person):
            kwargs["queryset"] = scope(request.user, db_field.related_model._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Ground, form: Any, change: bool) -> None:
        if change:
            data = _changed(form)
            if data:
                _copy_into(obj, services.ground_update(actor=request.user, ground=obj, data=data))
            return
        d = form.cleaned_data
        ground = services.ground_register(
            actor=request.user, person=d["person"], kind=d["kind"], number=d["number"], issued_on=d["issued_on"],
            issuing_body=d["issuing_body"], region=d.get("region"), provider=d.get("provider"),
            setting=d.get("setting", ""), note=d.get("note", ""))
        _copy_into(obj, ground)

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        """A ground has no related rows edited here."""

    def delete_model(self, request: HttpRequest, obj: Ground) -> None:
        services.ground_delete(actor=request.user, ground=obj)


# --- read-only lists (changed through their parent's page) ------------------------------------------------

@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    permission = P.REGION_VIEW
    list_display = ("name_kk", "name_ru", "name_en", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name_kk", "name_ru", "name_en", "code")


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    permission = P.REGION_VIEW
    list_display = ("name_kk", "name_ru", "name_en", "code", "region")
    list_filter = ("region",)
    search_fields = ("name_kk", "name_ru", "name_en", "code")
    list_select_related = ("region",)


@admin.register(Representation)
class RepresentationAdmin(ReadOnlyAdmin):
    permission = P.PERSON_VIEW
    list_display = ("person", "representative", "kind", "valid_from", "valid_until")
    list_filter = ("kind",)
    search_fields = ("person__iin", "representative__iin", "person__search_name", "representative__search_name")
    list_select_related = ("person", "representative")


@admin.register(ProviderPerson)
class ProviderPersonAdmin(ReadOnlyAdmin):
    permission = P.PERSON_VIEW
    list_display = ("person", "provider", "since")
    list_filter = ("provider__region",)
    search_fields = ("person__iin", "person__search_name", "provider__bin")
    list_select_related = ("person", "provider")


@admin.register(ProviderSetting)
class ProviderSettingAdmin(ReadOnlyAdmin):
    permission = P.PROVIDER_VIEW
    list_display = ("provider", "setting", "capacity")
    list_filter = ("setting", "provider__region")
    search_fields = ("provider__bin", "provider__name_kk", "provider__name_ru")
    list_select_related = ("provider",)


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    permission = P.PROVIDER_VIEW
    list_display = ("number", "provider", "activity", "issued_on", "valid_until")
    search_fields = ("number", "provider__bin", "provider__name_kk", "provider__name_ru")
    list_select_related = ("provider",)
