"""Records the norms are checked on: the groups of children's institutions and the foster families."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qamqor.care.domain import norms
from qamqor.core.models import BaseModel
from qamqor.registry.models import Person, Provider, Region


class CareGroup(BaseModel):
    """A group (class) of a children's psychoneurological institution, residential or semi-stationary,
    formed by age band (seed 002 Appendix 1 п. 30, 5); Appendix 3 п. 28, 7))."""

    class AgeBand(models.TextChoices):
        B3_5 = "3-5", _("3 to 5 years")
        B6_8 = "6-8", _("6 to 8 years")
        B9_13 = "9-13", _("9 to 13 years")
        B14_17 = "14-17", _("14 to 18 years")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="care_groups",
                                 verbose_name=_("provider"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, verbose_name=_("age band"))
    labour_subgroup = models.BooleanField(default=False,
                                          verbose_name=_("subgroup of the labour-orientation programme"))
    formed_on = models.DateField(verbose_name=_("formed on"))
    disbanded_on = models.DateField(null=True, blank=True, verbose_name=_("disbanded on"))

    class Meta:
        ordering = ["provider", "age_band", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], condition=Q(disbanded_on__isnull=True),
                                    name="uniq_open_care_group_name", violation_error_code="unique"),
            models.CheckConstraint(name="care_group_band_known",
                                   condition=Q(age_band__in=["3-5", "6-8", "9-13", "14-17"])),
        ]

    @property
    def band(self) -> norms.AgeBand | None:
        return norms.band_by_code(self.age_band)

    def __str__(self) -> str:
        return self.name


class CareGroupMember(BaseModel):
    """A child in a group from a date, with the skills that set the group's maximum size."""

    class Skill(models.IntegerChoices):
        NO_SELF_CARE = norms.SkillLevel.NO_SELF_CARE.value, _("no self-care and hygiene skills (group of up to 6)")
        SELF_CARE = norms.SkillLevel.SELF_CARE.value, _("self-care and hygiene skills formed or partly formed "
                                                        "(group of up to 8)")
        HOUSEHOLD = norms.SkillLevel.HOUSEHOLD.value, _("household skills formed or partly formed (group of up to 10)")
        MANUAL_WORK = norms.SkillLevel.MANUAL_WORK.value, _("manual-work skills formed (group of up to 12)")

    group = models.ForeignKey(CareGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_group_memberships",
                               verbose_name=_("child"))
    skill = models.PositiveSmallIntegerField(choices=Skill.choices, verbose_name=_("skills"))
    joined_on = models.DateField(verbose_name=_("from"))
    left_on = models.DateField(null=True, blank=True, verbose_name=_("until"))

    class Meta:
        ordering = ["group", "person__surname", "person__given_name"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], condition=Q(left_on__isnull=True),
                                    name="uniq_open_care_group_member", violation_error_code="unique"),
            models.CheckConstraint(name="care_group_member_period_ordered",
                                   condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on"))),
            models.CheckConstraint(name="care_group_member_skill_known", condition=Q(skill__in=[6, 8, 10, 12])),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.group})"


class FosterFamily(BaseModel):
    """A family that took an orphan or a child left without parental care, as a provider of the standard
    of seed 001 Appendix 3: the carer (a natural person, п. 3), the ground of the placement (п. 5) and
    the housing area checked against 15 m² per family member and per ward (п. 6, 1))."""

    class Kind(models.TextChoices):
        GUARDIAN = norms.FosterKind.GUARDIAN.value, _("guardian")
        CUSTODIAN = norms.FosterKind.CUSTODIAN.value, _("custodian (trustee)")
        PATRONAGE_EDUCATOR = norms.FosterKind.PATRONAGE_EDUCATOR.value, _("patronage educator")
        FOSTER_PARENT = norms.FosterKind.FOSTER_PARENT.value, _("foster parent")
        FAMILY_TYPE_HOME_EDUCATOR = norms.FosterKind.FAMILY_TYPE_HOME_EDUCATOR.value, _(
            "educator of a family-type children's home")

    class Ground(models.TextChoices):
        LEB_DECISION = norms.FosterGround.LEB_DECISION.value, _(
            "decision of the local executive body on guardianship or custody")
        CONTRACT = norms.FosterGround.CONTRACT.value, _(
            "contract on transfer to patronage, a foster family or a family-type children's home")
        CRIMINAL_PROCESS_RESOLUTION = norms.FosterGround.CRIMINAL_PROCESS_RESOLUTION.value, _(
            "resolution of the body conducting the criminal process")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="foster_families",
                               verbose_name=_("region"))
    carer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="foster_families",
                              verbose_name=_("carer"))
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind of carer"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="foster_families", verbose_name=_("family-type children's home"),
                                 help_text=_("Only when the family-type children's home is registered as a provider."))
    ground = models.CharField(max_length=30, choices=Ground.choices, verbose_name=_("ground"))
    ground_number = models.CharField(max_length=100, verbose_name=_("number of the decision or contract"))
    ground_date = models.DateField(verbose_name=_("date of the decision or contract"))
    ground_issued_by = models.CharField(max_length=500, blank=True, verbose_name=_("issued or concluded by"))
    address = models.CharField(max_length=500, blank=True, verbose_name=_("address"))
    living_area_m2 = models.DecimalField(max_digits=7, decimal_places=2, verbose_name=_("total housing area, m²"))
    family_members = models.PositiveSmallIntegerField(
        verbose_name=_("family members (without the wards)"),
        help_text=_("Everyone living in the family, the carer included, except the children taken in."))
    wards = models.PositiveSmallIntegerField(verbose_name=_("wards (children taken in)"))
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("ended on"))

    class Meta:
        ordering = ["region", "carer__surname", "id"]
        verbose_name = _("foster family")
        verbose_name_plural = _("foster families")
        constraints = [
            models.UniqueConstraint(fields=["carer", "ground", "ground_number", "ground_date"],
                                    name="uniq_foster_family_ground", violation_error_code="unique"),
            models.CheckConstraint(name="foster_family_area_nonneg", condition=Q(living_area_m2__gte=0)),
            models.CheckConstraint(name="foster_family_has_ward", condition=Q(wards__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.carer} ({self.get_kind_display()})"
