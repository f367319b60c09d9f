"""Which rows each actor may see, as a filter per model.

A scope function takes the actor and returns a Q to filter that model's rows, or None for
"no limit". Region-scoped roles see their region; provider roles their provider; an inspector
without a region is national."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q

from qamqor.accounts.models import PROVIDER_ROLES, Role

NOTHING = Q(pk__in=[])

ScopeFn = Callable[[Any], Q | None]
SCOPES: dict[type[Model], ScopeFn] = {}


def scope_for(model: type[Model]) -> Callable[[ScopeFn], ScopeFn]:
    def register(fn: ScopeFn) -> ScopeFn:
        SCOPES[model] = fn
        return fn
    return register


def is_national(actor: Any) -> bool:
    """Administrators, analysts and inspectors without a region see the whole country."""
    return actor.is_superuser or actor.role in (Role.ADMIN, Role.ANALYST) or (
        actor.role == Role.INSPECTOR and actor.region_id is None)


def is_provider_staff(actor: Any) -> bool:
    return actor.role in PROVIDER_ROLES and actor.provider_id is not None


def is_applicant(actor: Any) -> bool:
    return actor.role == Role.APPLICANT


def applicant_person_ids(actor: Any) -> list[int]:
    """The persons an applicant acts for: themselves and those they legally represent today."""
    from django.utils import timezone

    from qamqor.portal.models import Applicant
    from qamqor.registry.models import Representation

    own = list(Applicant.objects.filter(user_id=actor.pk).values_list("person_id", flat=True))
    if not own:
        return []
    today = timezone.localdate()
    represented = Representation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today), representative_id__in=own,
        valid_from__lte=today).values_list("person_id", flat=True)
    return sorted(set(own) | set(represented))


def region_of(actor: Any) -> int | None:
    return actor.region_id if actor.role in (Role.LEB_OFFICER, Role.INSPECTOR) else None


def _register_registry_scopes() -> None:
    from qamqor.accounts.models import User
    from qamqor.core.models import AuditEvent
    from qamqor.registry.models import (
        Ground,
        Licence,
        Person,
        Provider,
        ProviderPerson,
        ProviderSetting,
        Representation,
    )

    def persons_q(actor: Any, prefix: str = "") -> Q | None:
        if is_national(actor):
            return None
        if is_applicant(actor):
            return Q(**{f"{prefix}pk__in": applicant_person_ids(actor)})
        if is_provider_staff(actor):
            linked = ProviderPerson.objects.filter(provider_id=actor.provider_id).values("person_id")
            represented = Representation.objects.filter(
                person__provider_links__provider_id=actor.provider_id).values("representative_id")
            return (Q(**{f"{prefix}pk__in": linked}) | Q(**{f"{prefix}pk__in": represented})
                    | Q(**{f"{prefix}pk__in": _incoming_transfers(actor)}))
        region = region_of(actor)
        if region is not None:
            linked = ProviderPerson.objects.filter(provider__region_id=region).values("person_id")
            return Q(**{f"{prefix}region_id": region}) | Q(**{f"{prefix}pk__in": linked})
        return NOTHING

    def providers_q(actor: Any, prefix: str = "") -> Q | None:
        if is_national(actor):
            return None
        if is_applicant(actor):
            return Q(**{f"{prefix}is_active": True})  # the cards of active providers are public
        if is_provider_staff(actor):
            return Q(**{f"{prefix}pk": actor.provider_id})
        region = region_of(actor)
        if region is not None:
            return Q(**{f"{prefix}region_id": region})
        return NOTHING

    def _nest(fn: Callable[[Any, str], Q | None], prefix: str) -> ScopeFn:
        return lambda actor: fn(actor, prefix)

    SCOPES[Person] = _nest(persons_q, "")
    SCOPES[Provider] = _nest(providers_q, "")
    SCOPES[ProviderSetting] = _nest(providers_q, "provider__")
    SCOPES[Licence] = _nest(providers_q, "provider__")
    SCOPES[Representation] = _nest(persons_q, "person__")
    # an applicant sees only the links of the persons they act for, never who else a provider serves
    SCOPES[ProviderPerson] = lambda actor: (persons_q(actor, "person__") if is_applicant(actor)
                                            else providers_q(actor, "provider__"))

    def grounds_q(actor: Any) -> Q | None:
        if is_national(actor):
            return None
        if is_provider_staff(actor):
            return Q(provider_id=actor.provider_id) | (persons_q(actor, "person__") or Q())
        region = region_of(actor)
        return Q(region_id=region) if region is not None else NOTHING

    SCOPES[Ground] = grounds_q

    def audit_q(actor: Any) -> Q | None:
        return None if actor.is_superuser or actor.role == Role.ADMIN else NOTHING

    SCOPES[AuditEvent] = audit_q

    def users_q(actor: Any) -> Q | None:
        if actor.is_superuser or actor.role == Role.ADMIN:
            return None
        return Q(pk=actor.pk)

    SCOPES[User] = users_q


def _incoming_transfers(actor: Any) -> Any:
    """Persons being transferred to the actor's provider: its staff see them before they arrive."""
    from qamqor.journal.models import EventKind, JournalEvent

    return JournalEvent.objects.filter(destination_provider_id=actor.provider_id,
                                       kind=EventKind.TRANSFER_OUT).values("person_id")


def _provider_rows_q(actor: Any, prefix: str) -> Q | None:
    """Rows of a provider's own records: all for national roles, the provider's for its staff, the
    region's providers for region-scoped roles."""
    if is_national(actor):
        return None
    if is_provider_staff(actor):
        return Q(**{f"{prefix}provider_id": actor.provider_id})
    region = region_of(actor)
    if region is not None:
        return Q(**{f"{prefix}provider__region_id": region})
    return NOTHING


def _register_journal_scopes() -> None:
    from qamqor.journal.models import EventKind, Journal, JournalEvent, Placement, QueueApplication

    SCOPES[Journal] = lambda actor: _provider_rows_q(actor, "")
    SCOPES[QueueApplication] = lambda actor: (Q(person_id__in=applicant_person_ids(actor)) if is_applicant(actor)
                                              else _provider_rows_q(actor, ""))
    SCOPES[Placement] = lambda actor: _provider_rows_q(actor, "")

    def events_q(actor: Any) -> Q | None:
        own = _provider_rows_q(actor, "journal__")
        if own is None or not is_provider_staff(actor):
            return own
        # The destination's staff see the transfer that brings a person to them.
        return own | Q(kind=EventKind.TRANSFER_OUT, destination_provider_id=actor.provider_id)

    SCOPES[JournalEvent] = events_q


def _register_care_scopes() -> None:
    """Care records belong to a provider (its staff see them; region-scoped roles see their region's);
    assessments of need and decisions belong to the local executive body's region, and a provider's
    staff see those naming their provider or concerning a person tied to it."""
    from qamqor.care import models as care
    from qamqor.registry.models import ProviderPerson

    def by_provider(prefix: str) -> ScopeFn:
        return lambda actor: _provider_rows_q(actor, prefix)

    for model in (care.AdmissionDossier, care.IndividualWorkPlan, care.ServiceDelivery, care.ServiceContract,
                  care.LivingConditionsAct, care.CareAssignment):
        SCOPES[model] = by_provider("")
    for model in (care.DossierDocument, care.DossierContraindication, care.ExitDocumentIssue):
        SCOPES[model] = by_provider("dossier__")
    for model in (care.PlanItem, care.PlanVersion, care.PlanMonitoring):
        SCOPES[model] = by_provider("plan__")
    SCOPES[care.ContractExtension] = by_provider("contract__")

    def need_q(actor: Any) -> Q | None:
        if is_national(actor):
            return None
        if is_provider_staff(actor):
            linked = ProviderPerson.objects.filter(provider_id=actor.provider_id).values("person_id")
            return Q(provider_id=actor.provider_id) | Q(person_id__in=linked)
        region = region_of(actor)
        return Q(region_id=region) if region is not None else NOTHING

    SCOPES[care.NeedAssessment] = need_q
    SCOPES[care.ServiceDecision] = need_q
    SCOPES[care.CareGroup] = by_provider("")
    SCOPES[care.CareGroupMember] = by_provider("group__")

    def foster_q(actor: Any) -> Q | None:
        if is_national(actor):
            return None
        if is_provider_staff(actor):
            return Q(provider_id=actor.provider_id)
        region = region_of(actor)
        return Q(region_id=region) if region is not None else NOTHING

    SCOPES[care.FosterFamily] = foster_q


def _register_control_scopes() -> None:
    """State-control records belong to a controlled subject's region: national roles see all,
    region-scoped roles (LEB officer, inspector with a region) their region's, provider staff none."""
    from qamqor.control import models as control

    def by_region(prefix: str) -> ScopeFn:
        def q(actor: Any) -> Q | None:
            if is_national(actor):
                return None
            region = region_of(actor)
            return Q(**{f"{prefix}region_id": region}) if region is not None else NOTHING
        return q

    SCOPES[control.Subject] = by_region("")
    for model in (control.Finding, control.Complaint, control.RiskScore, control.Inspection,
                  control.PreventiveControlEntry):
        SCOPES[model] = by_region("subject__")
    SCOPES[control.InspectionItem] = by_region("inspection__subject__")

    def lists_q(actor: Any) -> Q | None:
        if is_national(actor):
            return None
        region = region_of(actor)
        return Q(region_id=region) | Q(region__isnull=True) if region is not None else NOTHING

    SCOPES[control.PreventiveControlList] = lists_q


def _register_exchange_scopes() -> None:
    """Signed documents and roster rows belong to a provider; an import is seen by whoever sees a
    provider it covers (and by its importer); rejected rows, which may name no known provider, by
    national roles and the importer."""
    from qamqor.exchange import models as ex

    SCOPES[ex.SignedDocument] = lambda actor: _provider_rows_q(actor, "")
    SCOPES[ex.RosterEntry] = lambda actor: _provider_rows_q(actor, "")
    SCOPES[ex.RosterImportProvider] = lambda actor: _provider_rows_q(actor, "")

    def imports_q(actor: Any) -> Q | None:
        covered = _provider_rows_q(actor, "")
        if covered is None:
            return None
        return Q(pk__in=ex.RosterImportProvider.objects.filter(covered).values("roster_import_id")) | Q(
            imported_by_id=actor.pk)

    SCOPES[ex.RosterImport] = imports_q

    def rejected_q(actor: Any) -> Q | None:
        return None if is_national(actor) else Q(roster_import__imported_by_id=actor.pk)

    SCOPES[ex.RosterRejectedRow] = rejected_q


_registered = False


def scope_q(actor: Any, model: type[Model]) -> Q | None:
    """The filter limiting ``model`` to what ``actor`` may see; None = no limit.

    A model without a scope function is refused (NOTHING) unless it is reference data."""
    global _registered
    if not _registered:
        _register_registry_scopes()
        _register_journal_scopes()
        _register_care_scopes()
        _register_control_scopes()
        _register_exchange_scopes()
        _registered = True
    fn = SCOPES.get(model)
    if fn is None:
        return None if getattr(model._meta, "app_label", "") == "rules" or model.__name__ in {
            "Region", "District"} else NOTHING
    return fn(actor)
