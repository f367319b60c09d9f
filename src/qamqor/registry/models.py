"""Registries: regions and districts, providers, persons and their representatives, grounds."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qamqor.core.models import BaseModel
from qamqor.core.validators import bin_validator, iin_validator
from qamqor.rules.choices import Ownership, Sector, Setting
from qamqor.rules.models import InstitutionType, RecipientCategory, localized


class Region(models.Model):
    """An oblast or a city of republican significance (17 + 3 as of 2026)."""

    class Kind(models.TextChoices):
        OBLAST = "oblast", _("region (oblast)")
        CITY = "city", _("city of republican significance")

    code = models.CharField(max_length=20, unique=True, verbose_name=_("KATO code"))
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    name_kk = models.CharField(max_length=200, verbose_name=_("name (Kazakh)"))
    name_ru = models.CharField(max_length=200, verbose_name=_("name (Russian)"))
    name_en = models.CharField(max_length=200, verbose_name=_("name (English)"))

    class Meta:
        ordering = ["name_kk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A district or city within a region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region"))
    code = models.CharField(max_length=20, unique=True, verbose_name=_("KATO code"))
    name_kk = models.CharField(max_length=200, verbose_name=_("name (Kazakh)"))
    name_ru = models.CharField(max_length=200, verbose_name=_("name (Russian)"))
    name_en = models.CharField(max_length=200, verbose_name=_("name (English)"))

    class Meta:
        ordering = ["region", "name_kk"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class Provider(BaseModel):
    """An organisation that provides special social services."""

    bin = models.CharField(max_length=12, unique=True, validators=[bin_validator], verbose_name=_("BIN"))
    name_kk = models.CharField(max_length=500, verbose_name=_("official name (Kazakh)"))
    name_ru = models.CharField(max_length=500, verbose_name=_("official name (Russian)"))
    ownership = models.CharField(max_length=10, choices=Ownership.choices, verbose_name=_("ownership"))
    sector = models.CharField(max_length=20, choices=Sector.choices, verbose_name=_("sector"))
    institution_type = models.ForeignKey(InstitutionType, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="providers", verbose_name=_("institution type"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="providers", verbose_name=_("region"))
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="providers", verbose_name=_("district"))
    address = models.CharField(max_length=500, verbose_name=_("address"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    head_name = models.CharField(max_length=300, blank=True, verbose_name=_("head of organisation"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    search_name = models.CharField(max_length=1100, editable=False, default="",
                                   verbose_name=_("name for search"))

    class Meta:
        ordering = ["name_kk"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        indexes = [models.Index(fields=["region", "is_active"])]

    @property
    def name(self) -> str:
        # Official names exist in Kazakh and Russian only; English pages show the Russian one.
        lang = (get_language() or "kk")[:2]
        return self.name_kk if lang == "kk" or not self.name_ru else self.name_ru

    def __str__(self) -> str:
        return self.name


class ProviderSetting(models.Model):
    """A setting in which a provider serves, with its capacity in places."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="settings",
                                 verbose_name=_("provider"))
    setting = models.CharField(max_length=20, choices=Setting.choices, verbose_name=_("setting"))
    capacity = models.PositiveIntegerField(verbose_name=_("capacity (places)"))

    class Meta:
        ordering = ["provider", "setting"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "setting"], name="uniq_provider_setting"),
            models.CheckConstraint(condition=Q(capacity__gte=0), name="provider_setting_capacity_nonneg"),
        ]
        verbose_name = _("setting and capacity")
        verbose_name_plural = _("settings and capacity")

    def __str__(self) -> str:
        return f"{self.get_setting_display()}: {self.capacity}"


class Licence(models.Model):
    """A licence (or notification) held by a provider."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="licences",
                                 verbose_name=_("provider"))
    number = models.CharField(max_length=100, verbose_name=_("number"))
    activity = models.CharField(max_length=300, verbose_name=_("licensed activity"))
    issued_on = models.DateField(verbose_name=_("issued on"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    issued_by = models.CharField(max_length=300, blank=True, verbose_name=_("issued by"))

    class Meta:
        ordering = ["provider", "-issued_on"]
        constraints = [models.UniqueConstraint(fields=["provider", "number"], name="uniq_licence_number")]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return self.number


class Person(BaseModel):
    """A person on record: a recipient of services, an applicant or a legal representative."""

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class LegalCapacity(models.TextChoices):
        FULL = "full", _("full legal capacity")
        LIMITED = "limited", _("limited legal capacity")
        NONE = "none", _("without legal capacity")

    class DisabilityGroup(models.TextChoices):
        NONE = "", _("none")
        GROUP_1 = "1", _("group 1")
        GROUP_2 = "2", _("group 2")
        GROUP_3 = "3", _("group 3")
        CHILD = "child", _("child with a disability (under 18)")

    iin = models.CharField(max_length=12, unique=True, validators=[iin_validator], verbose_name=_("IIN"))
    surname = models.CharField(max_length=150, verbose_name=_("surname"))
    given_name = models.CharField(max_length=150, verbose_name=_("name"))
    patronymic = models.CharField(max_length=150, blank=True, verbose_name=_("patronymic"))
    search_name = models.CharField(max_length=500, db_index=True, editable=False, default="",
                                   verbose_name=_("name for search"))
    birth_date = models.DateField(verbose_name=_("date of birth"))
    sex = models.CharField(max_length=1, choices=Sex.choices, verbose_name=_("sex"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="persons",
                               verbose_name=_("region of residence"))
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="persons", verbose_name=_("district"))
    address = models.CharField(max_length=500, blank=True, verbose_name=_("home address"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    legal_capacity = models.CharField(max_length=10, choices=LegalCapacity.choices, default=LegalCapacity.FULL,
                                      verbose_name=_("legal capacity"))
    categories = models.ManyToManyField(RecipientCategory, blank=True, related_name="persons",
                                        verbose_name=_("recipient categories"))
    disability_group = models.CharField(max_length=10, choices=DisabilityGroup.choices, blank=True, default="",
                                        verbose_name=_("disability group"))
    ipr_valid_until = models.DateField(null=True, blank=True,
                                       verbose_name=_("individual rehabilitation programme valid until"))
    providers = models.ManyToManyField(Provider, through="ProviderPerson", related_name="persons",
                                       verbose_name=_("providers"))

    class Meta:
        ordering = ["surname", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def __str__(self) -> str:
        return self.full_name


class ProviderPerson(models.Model):
    """A person's tie to a provider (applicant, recipient, former recipient): it decides which
    provider staff may see the person's record."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="provider_links")
    since = models.DateField(verbose_name=_("since"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "person"], name="uniq_provider_person")]
        verbose_name = _("person at provider")
        verbose_name_plural = _("persons at providers")

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.provider_id}"


class Representation(BaseModel):
    """A legal representative of a person (parent, guardian, trustee, foster carer, ...)."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("parent")
        GUARDIAN = "guardian", _("guardian")
        TRUSTEE = "trustee", _("trustee")
        FOSTER_CARER = "foster_carer", _("foster carer")
        ADOPTIVE_PARENT = "adoptive_parent", _("adoptive parent")
        ORGANISATION = "organisation", _("organisation acting as guardian")
        OTHER = "other", _("other legal representative")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representations",
                               verbose_name=_("person represented"))
    representative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="represents",
                                       verbose_name=_("representative"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    basis = models.CharField(max_length=300, blank=True, verbose_name=_("document of authority"))
    valid_from = models.DateField(verbose_name=_("from"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("until"))

    class Meta:
        ordering = ["person", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("representative")), name="representation_not_self"),
            models.UniqueConstraint(fields=["person", "representative", "kind", "valid_from"],
                                    name="uniq_representation"),
        ]
        verbose_name = _("legal representative")
        verbose_name_plural = _("legal representatives")

    def __str__(self) -> str:
        return f"{self.representative} → {self.person} ({self.get_kind_display()})"


class Ground(BaseModel):
    """A legal ground for special social services: a decision, referral, court act, ..."""

    class Kind(models.TextChoices):
        LEB_DECISION = "leb_decision", _("decision of the local executive body")
        GUARDIANSHIP_REFERRAL = "guardianship_referral", _("referral of the guardianship body")
        COURT_ACT = "court_act", _("court act")
        CRIMINAL_PROCEDURE = "criminal_procedure", _("resolution of a criminal-procedure body")
        REPRESENTATIVE_APPLICATION = "representative_application", _("application of a parent or representative")
        MEDICAL_PETITION = "medical_petition", _("petition of a medical organisation")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grounds", verbose_name=_("person"))
    kind = models.CharField(max_length=40, choices=Kind.choices, verbose_name=_("kind"))
    number = models.CharField(max_length=100, verbose_name=_("number"))
    issued_on = models.DateField(verbose_name=_("date"))
    issuing_body = models.CharField(max_length=500, verbose_name=_("issuing body"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="grounds", verbose_name=_("region"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="grounds", verbose_name=_("provider referred to"))
    setting = models.CharField(max_length=20, choices=Setting.choices, blank=True, verbose_name=_("setting"))
    note = models.TextField(blank=True, verbose_name=_("note"))

    class Meta:
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["kind", "number", "issued_on", "person"],
                                               name="uniq_ground_document")]
        verbose_name = _("ground for services")
        verbose_name_plural = _("grounds for services")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number} ({self.issued_on:%d.%m.%Y})"
