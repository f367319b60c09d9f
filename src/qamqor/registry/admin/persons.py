"""Persons in the admin, with representatives, provider links and grounds inline."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm, scope
from qamqor.access.permissions import P
from qamqor.core.audit import audit_record
from qamqor.core.domain import InvalidIdentifier, parse_iin
from qamqor.core.errors import IDENTIFIER_MESSAGES
from qamqor.core.models import AuditAction
from qamqor.registry import domain, services
from qamqor.registry.admin._common import (
    _INLINE_HANDLERS,
    ScopedInline,
    ServiceAdmin,
    _changed,
    _copy_into,
    _ExistingRowsFixedForm,
    _formset,
)
from qamqor.registry.models import (
    District,
    Ground,
    Person,
    ProviderPerson,
    Representation,
)
from qamqor.registry.selectors import person_audit_trail

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
