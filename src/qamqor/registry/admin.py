"""The registries in the admin. Rows and rights come from ``qamqor.access`` (``ScopedAdmin``); every save
and delete goes through ``registry.services``, so the rules apply and the audit trail is written exactly
as from the pages and the API. A refused change is shown as an error and nothing is written."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from qamqor.access.admin import ReadOnlyAdmin, ScopedAdmin
from qamqor.access.core import can, has_perm, scope
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record
from qamqor.core.domain import InvalidIdentifier, parse_iin
from qamqor.core.errors import IDENTIFIER_MESSAGES, DomainError
from qamqor.core.models import AuditAction
from qamqor.registry import domain, services
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
from qamqor.registry.selectors import person_audit_trail

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


# --- persons -----------------------------------------------------------------------------------------------

class RepresentationFormSet(BaseInlineFormSet):
    """A minor or a person without full legal capacity keeps at least one representative in force today."""

    def clean(self) -> None:
        super().clean()
        person = self.instance
        if person is None or person.birth_date is None or any(self.errors):
            return
        today = timezone.localdate()
        periods = [domain.Period(f.cleaned_data["valid_from"], f.cleaned_data.get("valid_until"))
                   for f in self.forms
                   if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("valid_from")]
        if (domain.needs_representative(person.birth_date, person.legal_capacity, today)
                and not domain.has_representative_on(periods, today)):
            raise ValidationError(services.REPRESENTATIVE_REQUIRED, code="representative_required")


class RepresentationInline(ScopedInline):
    model = Representation
    fk_name = "person"
    formset = RepresentationFormSet
    fields = ("representative", "kind", "basis", "valid_from", "valid_until")
    autocomplete_fields = ("representative",)
    verbose_name = _("legal representative")
    verbose_name_plural = _("legal representatives")
    perms: ClassVar[dict[str, P]] = {"view": P.PERSON_VIEW, "add": P.PERSON_CHANGE, "change": P.PERSON_CHANGE,
                                     "delete": P.PERSON_CHANGE}

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # On the add page the person does not exist yet: the right to register decides.
        return has_perm(request.user, P.PERSON_CREATE) if obj is None else super().has_add_permission(request, obj)

    def service_add(self, actor: Any, parent: Any, obj: Any) -> None:
        services.representation_add(actor=actor, person=parent, representative=obj.representative, kind=obj.kind,
                                    basis=obj.basis, valid_from=obj.valid_from, valid_until=obj.valid_until)

    def service_change(self, actor: Any, obj: Any, data: dict[str, Any]) -> None:
        services.representation_update(actor=actor, representation=obj, data=data)

    def service_delete(self, actor: Any, obj: Any) -> None:
        services.representation_delete(actor=actor, representation=obj)


class RepresentsInline(admin.TabularInline):
    """Whom this person represents (read-only here; edited on the represented person's page)."""

    model = Representation
    fk_name = "representative"
    fields = ("person", "kind", "basis", "valid_from", "valid_until")
    readonly_fields = fields
    extra = 0
    verbose_name = _("represents")
    verbose_name_plural = _("represents")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(request.user, super().get_queryset(request)).select_related("person")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can(request.user, P.PERSON_VIEW, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ProviderPersonInline(ScopedInline):
    model = ProviderPerson
    form = _ExistingRowsFixedForm
    fields = ("provider", "since")
    verbose_name = _("provider")
    verbose_name_plural = _("providers")
    perms: ClassVar[dict[str, P]] = {"view": P.PERSON_VIEW, "add": P.PERSON_CHANGE, "delete": P.PERSON_CHANGE}

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(request.user, P.PERSON_CREATE) if obj is None else super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # New rows are entered through the change form; existing rows are fixed by the form.
        return self.has_add_permission(request, obj)

    def service_add(self, actor: Any, parent: Any, obj: Any) -> None:
        services.person_attach_provider(actor=actor, person=parent, provider=obj.provider, since=obj.since)

    def service_change(self, actor: Any, obj: Any, data: dict[str, Any]) -> None:
        """Existing ties are read-only (their fields are disabled): nothing to change."""

    def service_delete(self, actor: Any, obj: Any) -> None:
        services.person_detach_provider(actor=actor, link=obj)


class GroundInline(ScopedInline):
    model = Ground
    fields = ("kind", "number", "issued_on", "issuing_body", "region", "provider", "setting", "note")
    verbose_name = _("ground for services")
    verbose_name_plural = _("grounds for services")
    perms: ClassVar[dict[str, P]] = {"view": P.GROUND_VIEW, "add": P.GROUND_CREATE, "change": P.GROUND_CHANGE,
                                     "delete": P.GROUND_CHANGE}

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return has_perm(request.user, P.GROUND_CREATE) if obj is None else super().has_add_permission(request, obj)

    def service_add(self, actor: Any, parent: Any, obj: Any) -> None:
        services.ground_register(actor=actor, person=parent, kind=obj.kind, number=obj.number,
                                 issued_on=obj.issued_on, issuing_body=obj.issuing_body, region=obj.region,
                                 provider=obj.provider, setting=obj.setting, note=obj.note)

    def service_change(self, actor: Any, obj: Any, data: dict[str, Any]) -> None:
        services.ground_update(actor=actor, ground=obj, data=data)

    def service_delete(self, actor: Any, obj: Any) -> None:
        services.ground_delete(actor=actor, ground=obj)


class PersonAdminForm(forms.ModelForm):
    """The IIN decides birth date and sex; a duplicate IIN gets the registry's own message."""

    class Meta:
        model = Person
        fields = ("iin", "surname", "given_name", "patronymic", "region", "district", "address", "phone",
                  "legal_capacity", "categories", "disability_group", "ipr_valid_until")
        error_messages = {"iin": {"unique": services.DUPLICATE_IIN}}

    def clean_iin(self) -> str:
        value = (self.cleaned_data.get("iin") or "").strip()
        try:
            info = parse_iin(value)
        except InvalidIdentifier as exc:
            raise ValidationError(IDENTIFIER_MESSAGES[exc.code], code=f"iin_{exc.code}") from None
        # Set here so that the representatives' formset can tell a minor (it is validated after this form).
        self.instance.birth_date = info.birth_date
        self.instance.sex = str(info.sex)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        region, district = data.get("region"), data.get("district")
        if region is not None and district is not None and district.region_id != region.pk:
            self.add_error("district", services.DISTRICT_OUTSIDE_REGION)
        return data


def _formset(formsets: list[Any], model: type[Model], fk: str) -> Any:
    """The inline formset of ``model`` linked through ``fk`` (a person has two of representations)."""
    return next((fs for fs in formsets if fs.model is model and fs.fk.name == fk), None)


def _copy_into(target: Model, source: Model) -> None:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    form = PersonAdminForm
    perms: ClassVar[dict[str, P]] = {"view": P.PERSON_VIEW, "add": P.PERSON_CREATE, "change": P.PERSON_CHANGE,
                                     "delete": P.PERSON_DELETE}
    list_display = ("full_name", "iin", "birth_date", "sex", "region", "legal_capacity", "disability_group")
    list_filter = ("region", "sex", "legal_capacity", "disability_group", "categories")
    search_fields = ("iin", "surname", "given_name", "patronymic")
    search_help_text = _("IIN or its first digits, or the beginning of a surname or name.")
    list_select_related = ("region",)
    readonly_fields = ("birth_date", "sex", "uid", "created_at", "updated_at")
    filter_horizontal = ("categories",)
    inlines = (RepresentationInline, RepresentsInline, ProviderPersonInline, GroundInline)
    change_form_template = "admin/registry/person/change_form.html"

    @admin.display(description=_("full name"), ordering="surname")
    def full_name(self, obj: Person) -> str:
        return obj.full_name

    def get_fieldsets(self, request: HttpRequest, obj: Person | None = None) -> list[Any]:
        return [
            (None, {"fields": ("iin", ("birth_date", "sex"), "surname", "given_name", "patronymic")}),
            (_("Residence and contacts"), {"fields": ("region", "district", "address", "phone")}),
            (_("Legal capacity, categories and disability"), {"fields": (
                "legal_capacity", "categories", "disability_group", "ipr_valid_until")}),
            (_("Record"), {"fields": ("uid", "created_at", "updated_at"), "classes": ("collapse",)}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Person | None = None) -> tuple[str, ...]:
        fixed = ("iin",) if obj is not None else ()
        return (*fixed, *self.readonly_fields)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Person],
                           search_term: str) -> tuple[QuerySet[Person], bool]:
        """The same search as the pages: IIN prefix, or a name prefix regardless of case and Kazakh letters."""
        term = (search_term or "").strip()
        if not term:
            return queryset, False
        if domain.looks_like_identifier_prefix(term):
            return queryset.filter(iin__startswith=term), False
        key = domain.normalize_name(term)
        return queryset.filter(Q(search_name__startswith=key) | Q(search_name__contains=f" {key}")), False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "district":
            kwargs["queryset"] = District.objects.select_related("region")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Person | None:
        obj = super().get_object(request, object_id, from_field)
        request._qamqor_person = obj  # type: ignore[attr-defined]
        return obj

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = dict(extra_context or {})
        person = None
        if has_perm(request.user, P.AUDIT_VIEW):
            person = self.get_object(request, object_id)
            if person is not None:
                extra_context["audit_trail"] = list(person_audit_trail(actor=request.user, person=person)[:25])
                extra_context["audit_trail_url"] = (
                    reverse("admin:core_auditevent_changelist") + "?" + urlencode({"subject_person": str(person.uid)}))
        response = super().change_view(request, object_id, form_url, extra_context)
        viewed = getattr(request, "_qamqor_person", None)
        if request.method == "GET" and response.status_code == 200 and viewed is not None:
            audit_record(actor=request.user, action=AuditAction.VIEW, obj=viewed, subject_person=str(viewed.uid))
        return response

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        if change:
            data = _changed(form)
            if "categories" in data:
                data["categories"] = list(data["categories"])
            if data:
                _copy_into(obj, services.person_update(actor=request.user, person=obj, data=data))
        # A new person is registered in save_related, together with the representatives from the inline.

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        if change:
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            formset.save(commit=False)
        reps = _formset(formsets, Representation, "person")
        links = _formset(formsets, ProviderPerson, "person")
        new_reps = reps.new_objects if reps is not None else []
        new_links = links.new_objects if links is not None else []
        data = form.cleaned_data
        person = services.person_register(
            actor=request.user, iin=data["iin"], surname=data["surname"], given_name=data["given_name"],
            patronymic=data.get("patronymic", ""), region=data["region"], district=data.get("district"),
            address=data.get("address", ""), phone=data.get("phone", ""), legal_capacity=data["legal_capacity"],
            categories=list(data.get("categories") or ()), disability_group=data.get("disability_group", ""),
            ipr_valid_until=data.get("ipr_valid_until"),
            provider=new_links[0].provider if new_links else None,
            representatives=[services.RepresentativeInput(representative=r.representative, kind=r.kind,
                                                          basis=r.basis, valid_from=r.valid_from) for r in new_reps],
            today=timezone.localdate(),
        )
        _copy_into(form.instance, person)
        for rep in new_reps:
            if rep.valid_until:
                created = person.representations.get(representative=rep.representative, kind=rep.kind,
                                                     valid_from=rep.valid_from)
                services.representation_update(actor=request.user, representation=created,
                                               data={"valid_until": rep.valid_until})
        for link in new_links[1:]:
            services.person_attach_provider(actor=request.user, person=person, provider=link.provider,
                                            since=link.since)
        grounds = _formset(formsets, Ground, "person")
        if grounds is not None:
            for ground in grounds.new_objects:
                _INLINE_HANDLERS[(Ground, "person")].service_add(request.user, person, ground)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, set[str], Any]:
        # Representations and provider ties go with the person inside person_delete (and are audited
        # there); their read-only admins must not veto it.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        services.person_delete(actor=request.user, person=obj)


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


_INLINE_HANDLERS: dict[tuple[type[Model], str], ScopedInline] = {}


def _handlers() -> None:
    for inline_cls, parent, fk in ((RepresentationInline, Person, "person"), (ProviderPersonInline, Person, "person"),
                                   (GroundInline, Person, "person"), (ProviderSettingInline, Provider, "provider"),
                                   (LicenceInline, Provider, "provider")):
        _INLINE_HANDLERS[(inline_cls.model, fk)] = inline_cls(parent, admin.site)


_handlers()
