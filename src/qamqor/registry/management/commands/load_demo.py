"""``manage.py load_demo``: the demo data set of ``qamqor.registry.demo``, written through the
registry services as the administrator ``admin``, then a table of the demo log-ins.

Idempotent: what exists already (providers by BIN, persons by name and region, grounds by number,
users by user name) is left as it is, so a second run creates nothing. Needs the catalogs
(``load_rules``) and the regions (``load_regions``) first; refuses to run in production."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.accounts.models import Role, User
from qamqor.accounts.services import user_create
from qamqor.core.audit import audit_record
from qamqor.core.domain import Sex, age_on, make_iin
from qamqor.core.models import AuditAction
from qamqor.registry import demo
from qamqor.registry.models import District, Ground, Licence, Person, Provider, ProviderPerson, Region
from qamqor.registry.services import (
    RepresentativeInput,
    ground_register,
    licence_add,
    person_attach_provider,
    person_register,
    provider_register,
)
from qamqor.rules.models import InstitutionType, RecipientCategory

# Words of a recipient category's English name, most specific first, for each demo category key.
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "elderly": ("elderly", "old age", "pension"),
    "disabled_adult": ("persons with disabilities", "disabilities", "disability", "disabled"),
    "disabled_child": ("children with disabilities", "disabled children", "disabilities", "disability",
                       "disabled", "limited abilities"),
    "orphan": ("orphan",),
    "no_parental_care": ("without parental care", "parental care"),
    "special_regime": ("minors_special_upbringing", "special conditions of upbringing", "special regime"),
    "deviant": ("deviant",),
    "homeless": ("without a fixed", "fixed place", "fixed abode", "homeless", "persons over eighteen"),
    "violence": ("domestic violence", "violence", "cruelty", "persons over eighteen"),
    "cruelty": ("cruelty", "violence"),
    "neglected": ("neglected",),
}


def _fits(row: Any, age_min: int, age_max: int) -> bool:
    """A catalog row (category or institution type) serves people of these ages: its own age limits,
    or, without them, its name (a children's row is not for adults and the other way round)."""
    name = (row.name_en or "").lower()
    low, high = getattr(row, "age_min", None), getattr(row, "age_max", None)
    if low is not None and age_max < low:
        return False
    if high is not None and age_min >= high:
        return False
    if age_min >= 18 and any(w in name for w in ("child", "minor", "juvenile")):
        return False
    return not (age_max < 18 and any(w in name for w in ("elderly", "adult", "persons with")))


def _first_match(rows: list[Any], words: tuple[str, ...], age_min: int, age_max: int) -> Any | None:
    """The first row fitting the ages whose code or English name is a word, else whose name contains
    one; words earlier in the list win."""
    for word in words:
        exact = [r for r in rows if word in (r.code, (r.name_en or "").lower())]
        partial = [r for r in rows if word in (r.name_en or "").lower()]
        for row in exact + partial:
            if _fits(row, age_min, age_max):
                return row
    return None


class Loader:
    """Writes one demo plan; ``counts`` says how many rows of each kind it created."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.plan = demo.demo_plan(today)
        self.counts: Counter[str] = Counter()
        self.categories = list(RecipientCategory.objects.order_by("sort_order", "code"))
        self.types = list(InstitutionType.objects.order_by("sort_order", "code"))
        self.regions = {key: self._region(ref) for key, ref in demo.REGIONS.items()}
        self.admin: User | None = None
        self.providers: dict[str, Provider] = {}
        self.specs = {spec.key: spec for spec in self.plan.providers}
        self.users: list[User] = []

    # --- look-ups of the reference data ------------------------------------------------------
    @staticmethod
    def _region(ref: demo.RegionRef) -> Region:
        rows = Region.objects.filter(name_ru__icontains=ref.name_ru)
        region = rows.filter(kind=ref.kind).first() or rows.first()
        if region is None:
            raise CommandError(_("Region “%(name)s” not found: run “manage.py load_regions” first.")
                               % {"name": ref.name_ru})
        return region

    def _district(self, region: Region, hint: str) -> District | None:
        return (District.objects.filter(region=region).filter(Q(name_kk__icontains=hint) | Q(name_ru__icontains=hint))
                .order_by("code").first())

    def _institution_type(self, spec: demo.ProviderSpec) -> InstitutionType | None:
        rows = [t for t in self.types if t.setting in spec.capacities]
        return _first_match(rows, spec.institution_hints, spec.recipients.age_min, spec.recipients.age_max)

    def _categories(self, keys: tuple[str, ...], age: int) -> list[RecipientCategory]:
        found: list[RecipientCategory] = []
        for key in keys:
            row = _first_match(self.categories, CATEGORY_WORDS[key], age, age)
            if row is not None and row not in found:
                found.append(row)
        return found

    # --- writing -------------------------------------------------------------------------------
    def run(self) -> None:
        self.admin = self._user(self.plan.users[0])
        for spec in self.plan.providers:
            self.providers[spec.key] = self._provider(spec)
        self.users.extend(self._user(spec) for spec in self.plan.users[1:])
        persons: list[Person] = []
        for item in self.plan.persons:
            persons.append(self._person(item, persons))

    def _user(self, spec: demo.UserSpec) -> User:
        user = User.objects.filter(username=spec.username).first()
        if user is not None:
            return user
        if self.admin is not None:
            user = user_create(actor=self.admin, username=spec.username, password=demo.DEMO_PASSWORD, role=spec.role,
                               provider=self.providers.get(spec.provider), region=self.regions.get(spec.region),
                               first_name=spec.first_name, last_name=spec.last_name, position=spec.position)
        else:
            # The first administrator has nobody to create them: made here as createsuperuser would,
            # and the creation is on the trail in their own name.
            user = User(username=spec.username, role=spec.role, first_name=spec.first_name,
                        last_name=spec.last_name, position=spec.position)
            user.set_password(demo.DEMO_PASSWORD)
            user.full_clean()
            user.save()
            audit_record(actor=user, action=AuditAction.CREATE, obj=user,
                         changes={"username": [None, user.username], "role": [None, user.role]})
        self.counts["users"] += 1
        return user

    def _provider(self, spec: demo.ProviderSpec) -> Provider:
        bin_ = demo.provider_bin(spec)
        region = self.regions[spec.region]
        provider = Provider.objects.filter(bin=bin_).first()
        if provider is None:
            provider = provider_register(
                actor=self.admin, bin=bin_, name_kk=spec.name_kk, name_ru=spec.name_ru, ownership=spec.ownership,
                sector=spec.sector, institution_type=self._institution_type(spec), region=region,
                district=self._district(region, spec.district_hint), address=spec.address, phone=spec.phone,
                email=spec.email, head_name=" ".join(spec.head[:3]), capacities=spec.capacities)
            self.counts["providers"] += 1
        number, activity, issued_on, body = spec.licence
        if not Licence.objects.filter(provider=provider, number=number).exists():
            licence_add(actor=self.admin, provider=provider, number=number, activity=activity, issued_on=issued_on,
                        issued_by=demo.body_name(body, demo.REGIONS[spec.region]))
            self.counts["licences"] += 1
        return provider

    def _free_iin(self, item: demo.PersonPlan) -> str:
        """The plan's IIN, or (if a person outside the demo holds it) the next free valid one."""
        if not Person.objects.filter(iin=item.iin).exists():
            return item.iin
        for serial in range(9999, 0, -1):
            iin = make_iin(item.birth_date, Sex(item.sex), serial)
            if iin and not Person.objects.filter(iin=iin).exists():
                return iin
        raise CommandError(f"no free IIN for {item.full_name}")

    def _person(self, item: demo.PersonPlan, earlier: list[Person]) -> Person:
        region = self.regions[item.region]
        provider = self.providers.get(item.provider)
        person = Person.objects.filter(surname=item.surname, given_name=item.given_name,
                                       patronymic=item.patronymic, region=region).first()
        if person is None:
            age = age_on(item.birth_date, self.today)
            person = person_register(
                actor=self.admin, iin=self._free_iin(item), surname=item.surname, given_name=item.given_name,
                patronymic=item.patronymic, region=region, district=provider.district if provider else None,
                address=item.address, phone=item.phone, legal_capacity=item.legal_capacity,
                categories=self._categories(item.categories, age), disability_group=item.disability_group,
                ipr_valid_until=item.ipr_valid_until, provider=provider, today=self.today,
                representatives=[RepresentativeInput(representative=earlier[i], kind=kind, basis=basis,
                                                      valid_from=valid_from)
                                 for i, kind, basis, valid_from in item.representatives],
            )
            self.counts["persons"] += 1
        if provider is None:
            return person
        if not ProviderPerson.objects.filter(person=person, provider=provider).exists():
            person_attach_provider(actor=self.admin, person=person, provider=provider, since=self.today)
        for kind, number, issued_on, body in item.grounds:
            if Ground.objects.filter(person=person, kind=kind, number=number).exists():
                continue
            issuer = (demo.body_name(body, demo.REGIONS[item.region]) if body
                      else earlier[item.representatives[0][0]].full_name)
            ground_register(actor=self.admin, person=person, kind=kind, number=number, issued_on=issued_on,
                            issuing_body=issuer, region=provider.region, provider=provider,
                            setting=next(iter(self.specs[item.provider].capacities)))
            self.counts["grounds"] += 1
        return person


def scope_text(user: User) -> str:
    """Where a demo user's role reaches, for the log-in table."""
    if user.provider_id:
        return user.provider.name
    if user.region_id:
        return user.region.name
    if user.role == Role.ANALYST:
        return _("whole country (aggregates; no personal records)")
    return _("whole country")


class Command(BaseCommand):
    help = _("Load the demo data set (providers, persons, grounds, a demo user of every role); idempotent.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(_("The demo data set has known passwords and is never loaded in production."))
        if not RecipientCategory.objects.exists() or not InstitutionType.objects.exists():
            raise CommandError(_("The catalogs are empty: run “manage.py load_rules” first."))
        if not Region.objects.exists():
            raise CommandError(_("There are no regions: run “manage.py load_regions” first."))
        loader = Loader(timezone.localdate())
        with transaction.atomic():
            loader.run()
        created = ", ".join(f"{kind} {n}" for kind, n in sorted(loader.counts.items())) or _("nothing")
        self.stdout.write(_("Demo data: created %(created)s.") % {"created": created})
        self.stdout.write(self.login_table([loader.admin, *loader.users]))

    @staticmethod
    def login_table(users: list[Any]) -> str:
        """The demo log-ins as a plain-text table: user name, password, role, scope."""
        header = (_("User name"), _("Password"), _("Role"), _("Scope"))
        rows = [(u.username, demo.DEMO_PASSWORD, str(u.get_role_display()), scope_text(u)) for u in users]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        lines = [_("Demo log-ins:")]
        for row in [header, *rows]:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3])
            if row is header:
                lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]))
        return "\n".join(lines)
