"""Services delivered, contracts with the family, the living-conditions act, the care workers' caseload."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qamqor.access.permissions import P
from qamqor.care.domain import homecare
from qamqor.care.domain import need as funding_rules
from qamqor.care.domain import plans as plan_rules
from qamqor.care.models import (
    CareAssignment,
    ContractExtension,
    IndividualWorkPlan,
    LivingConditionsAct,
    ServiceContract,
    ServiceDelivery,
)
from qamqor.care.services._common import apply, lock, require, require_person, save_changed, save_new
from qamqor.core.audit import snapshot
from qamqor.core.errors import DomainError
from qamqor.registry.models import Person, Provider, Representation
from qamqor.rules.choices import Ownership, Setting
from qamqor.rules.models import ServiceItem

UNKNOWN_FUNDING = _("Unknown funding.")
UNKNOWN_SETTING = _("Unknown setting.")
ITEM_OR_DESCRIPTION = _("Pick the service item, or say what was done where the standard has no catalog.")
PLAN_OF_ANOTHER = _("The plan belongs to another person or provider.")
ITEM_OUTSIDE_STANDARD = _("The service item does not belong to the plan's standard (%(standard)s).")
SPECIALIST_NOT_STAFF = _("The specialist must work for the provider.")
NO_CONTRACT = _("Services paid under a contract need a contract with the parent or representative in force "
                "on that day.")
CONTRACT_PRIVATE_ONLY = _("Only a private provider delivers services in a volume agreed by contract with the "
                          "parents (legal representatives).")
CONTRACT_INCOMPLETE = _("The contract lacks mandatory content: %(terms)s.")
CONTRACT_COPIES = _("The contract is made in two copies: one stays with the provider, one goes to the parent.")
CONTRACT_DUPLICATE = _("This provider already has a contract with this number.")
CONTRACT_REPRESENTATIVE = _("The parent or legal representative must represent the child on the day of signing.")
CONTRACT_TERMINATED = _("The contract has been terminated.")
EXTENSION_NOT_LATER = _("An extension must move the end of the contract later.")
TERMINATED_OUT_OF_TERM = _("A contract is terminated within its term.")
REASON_REQUIRED = _("Give the reason.")
UNKNOWN_TERM = _("Unknown contract term.")
ACT_DUPLICATE = _("This provider already has an act with this number.")
UNKNOWN_HOUSING = _("Unknown kind of housing.")
WORKER_NOT_STAFF = _("The care social worker must work for the provider.")
ALREADY_ASSIGNED = _("The child is already on this worker's caseload.")
ASSIGNMENT_ENDED = _("This assignment has already ended.")
END_BEFORE_START = _("The end date cannot be before the start date.")
PERIOD_REVERSED = _("The end date cannot be before the start date.")

FUNDINGS = frozenset(f.value for f in funding_rules.Funding)
TERMS = frozenset(t.value for t in homecare.ContractTerm)
DELIVERY_EDITABLE = frozenset({"quantity", "duration_minutes", "note", "recipient_remark", "specialist_name"})

TERM_LABELS = {
    homecare.ContractTerm.SERVICES: _("periodicity and types of services"),
    homecare.ContractTerm.ASSIGNED_WORKER: _("the social worker assigned to the family"),
    homecare.ContractTerm.TERMINATION: _("cases of termination"),
    homecare.ContractTerm.RESPONSIBILITIES: _("responsibilities of the parties"),
    homecare.ContractTerm.TERM: _("term of the contract"),
    homecare.ContractTerm.PAYMENT: _("payment terms"),
    homecare.ContractTerm.EXTENSION: _("extension by agreement of the parties"),
    homecare.ContractTerm.DAY_STAY_REGIME: _("the day-stay regime"),
}


def _current_plan(person: Person, provider: Provider, on: date) -> IndividualWorkPlan | None:
    """The person's approved plan at the provider whose period covers the day."""
    return IndividualWorkPlan.objects.filter(
        person=person, provider=provider, version__gte=1, period_start__lte=on, period_end__gte=on,
    ).order_by("-period_start").first()


def _contract_in_force(person: Person, provider: Provider, on: date, funding: str) -> bool:
    return ServiceContract.objects.filter(
        Q(terminated_on__isnull=True) | Q(terminated_on__gte=on),
        person=person, provider=provider, funding=funding, valid_from__lte=on, valid_until__gte=on,
    ).exists()


@transaction.atomic
def service_delivery_record(*, actor: Any, person: Person, provider: Provider, delivered_on: date,
                            service_item: ServiceItem | None = None, description: str = "",
                            specialist: Any = None, specialist_name: str = "", quantity: int = 1,
                            duration_minutes: int | None = None,
                            funding: str = funding_rules.Funding.GUARANTEED,
                            plan: IndividualWorkPlan | None = None, at_home: bool = False, note: str = "",
                            recipient_remark: str = "") -> ServiceDelivery:
    """Record a service delivered: the item of the standard (or what was done), the day, the specialist,
    the quantity or duration and how it is paid — within the guaranteed volume, paid beyond it, or paid
    under a contract with the parent (seed 002 App. 1 п. 25). It counts against the person's approved
    plan whose period covers the day, unless another plan of theirs is named."""
    require(actor, P.SERVICE_RECORD, provider)
    require_person(actor, person)
    if funding not in FUNDINGS:
        raise DomainError("unknown_funding", UNKNOWN_FUNDING, field="funding")
    if service_item is None and not description.strip():
        raise DomainError("item_or_description", ITEM_OR_DESCRIPTION, field="service_item")
    if specialist is not None and specialist.provider_id != provider.pk:
        raise DomainError("specialist_not_staff", SPECIALIST_NOT_STAFF, field="specialist")
    if plan is not None:
        require(actor, P.SERVICE_RECORD, plan)
        if plan.person_id != person.pk or plan.provider_id != provider.pk:
            raise DomainError("plan_other", PLAN_OF_ANOTHER, field="plan")
    else:
        plan = _current_plan(person, provider, delivered_on)
    if plan is not None and service_item is not None and not plan_rules.item_in_standard(
            service_item.standard, plan.standard):
        raise DomainError("item_outside_standard", ITEM_OUTSIDE_STANDARD % {"standard": plan.standard},
                          field="service_item", source=plan_rules.PLAN_STANDARD)
    if funding == funding_rules.Funding.CONTRACT and not _contract_in_force(person, provider, delivered_on, funding):
        raise DomainError("no_contract", NO_CONTRACT, field="funding", source=funding_rules.FUNDING)
    delivery = ServiceDelivery(
        person=person, provider=provider, plan=plan, service_item=service_item, description=description.strip(),
        delivered_on=delivered_on, specialist=specialist, specialist_name=specialist_name or (
            str(specialist) if specialist else ""), quantity=quantity, duration_minutes=duration_minutes,
        funding=funding, at_home=at_home, note=note, recipient_remark=recipient_remark)
    return save_new(actor, delivery, subject=person)


@transaction.atomic
def service_delivery_update(*, actor: Any, delivery: ServiceDelivery, data: Mapping[str, Any]) -> ServiceDelivery:
    """Correct a delivery's quantity, duration or note, or add the parent's remark on its quality."""
    require(actor, P.SERVICE_RECORD, delivery)
    delivery = lock(delivery)
    before = snapshot(delivery)
    apply(delivery, data, DELIVERY_EDITABLE)
    return save_changed(actor, delivery, before, subject=delivery.person)


@transaction.atomic
def contract_conclude(*, actor: Any, person: Person, provider: Provider, representation: Representation,
                      setting: str, funding: str, number: str, signed_on: date, valid_from: date, valid_until: date,
                      terms: Iterable[str], services: str = "", assigned_worker: Any = None,
                      payment_terms: str = "", copies: int = homecare.CONTRACT_COPIES_REQUIRED,
                      copy_given_to_parent: bool = False) -> ServiceContract:
    """Record a contract on special social services with the parent (legal representative): it must have
    the mandatory content of the model rule (seed 002 App. 2 п. 9; a paid one adds payment terms and
    extension; a semi-stationary one the day-stay regime, App. 3 п. 41) and be made in two copies. A
    contract for a volume agreed by the parties is a private provider's (App. 1 п. 25, App. 3 п. 23)."""
    require(actor, P.CONTRACT_EDIT, provider)
    require_person(actor, person)
    if setting not in Setting.values:
        raise DomainError("unknown_setting", UNKNOWN_SETTING, field="setting")
    if funding not in FUNDINGS:
        raise DomainError("unknown_funding", UNKNOWN_FUNDING, field="funding")
    if funding == funding_rules.Funding.CONTRACT and provider.ownership != Ownership.PRIVATE:
        raise DomainError("contract_private_only", CONTRACT_PRIVATE_ONLY, field="funding", source=funding_rules.FUNDING)
    if representation.person_id != person.pk or representation.valid_from > signed_on or (
            representation.valid_until is not None and representation.valid_until < signed_on):
        raise DomainError("not_representative", CONTRACT_REPRESENTATIVE, field="representation")
    terms = list(dict.fromkeys(terms))
    if any(t not in TERMS for t in terms):
        raise DomainError("unknown_term", UNKNOWN_TERM, field="terms")
    missing = homecare.missing_terms(terms, paid=funding in funding_rules.PAID,
                                     semi_stationary=setting == Setting.SEMI_STATIONARY)
    if missing:
        source = homecare.SEMI_STATIONARY_CONTRACT if setting == Setting.SEMI_STATIONARY else homecare.CONTRACT_CONTENT
        raise DomainError("contract_incomplete", CONTRACT_INCOMPLETE % {
            "terms": ", ".join(str(TERM_LABELS[t]) for t in missing)}, field="terms", source=source)
    if copies < homecare.CONTRACT_COPIES_REQUIRED:
        raise DomainError("contract_copies", CONTRACT_COPIES, field="copies", source=homecare.CONTRACT_COPIES)
    if valid_until < valid_from:
        raise DomainError("period_reversed", PERIOD_REVERSED, field="valid_until")
    if assigned_worker is not None and assigned_worker.provider_id != provider.pk:
        raise DomainError("worker_not_staff", WORKER_NOT_STAFF, field="assigned_worker")
    contract = ServiceContract(
        person=person, provider=provider, representation=representation, setting=setting, funding=funding,
        number=number, signed_on=signed_on, valid_from=valid_from, valid_until=valid_until, copies=copies,
        copy_given_to_parent=copy_given_to_parent, terms=sorted(terms), services=services,
        assigned_worker=assigned_worker, payment_terms=payment_terms)
    return save_new(actor, contract, subject=person, duplicate=CONTRACT_DUPLICATE)


@transaction.atomic
def contract_extend(*, actor: Any, contract: ServiceContract, new_until: date, agreed_on: date,
                    basis: str = "") -> ContractExtension:
    """Extend a contract's term by agreement of the parties (seed 002 App. 2 п. 9)."""
    require(actor, P.CONTRACT_EDIT, contract)
    contract = lock(contract)
    if contract.terminated_on is not None:
        raise DomainError("contract_terminated", CONTRACT_TERMINATED)
    if new_until <= contract.valid_until:
        raise DomainError("extension_not_later", EXTENSION_NOT_LATER, field="new_until")
    extension = ContractExtension(contract=contract, agreed_on=agreed_on, previous_until=contract.valid_until,
                                  new_until=new_until, basis=basis)
    save_new(actor, extension, subject=contract.person)
    before = snapshot(contract)
    contract.valid_until = new_until
    save_changed(actor, contract, before, subject=contract.person)
    return extension


@transaction.atomic
def contract_terminate(*, actor: Any, contract: ServiceContract, terminated_on: date, reason: str) -> ServiceContract:
    """Terminate a contract on one of its grounds (the parent's application, contraindications, a move;
    for a paid contract its expiry or breach: seed 002 App. 2 п. 14), with the reason."""
    require(actor, P.CONTRACT_EDIT, contract)
    contract = lock(contract)
    if contract.terminated_on is not None:
        raise DomainError("contract_terminated", CONTRACT_TERMINATED)
    if not reason.strip():
        raise DomainError("reason_required", REASON_REQUIRED, field="reason")
    if not contract.valid_from <= terminated_on <= contract.valid_until:
        raise DomainError("terminated_out_of_term", TERMINATED_OUT_OF_TERM, field="terminated_on")
    before = snapshot(contract)
    contract.terminated_on, contract.termination_reason = terminated_on, reason.strip()
    return save_changed(actor, contract, before, subject=contract.person)


@transaction.atomic
def living_conditions_act_record(*, actor: Any, person: Person, provider: Provider, number: str,
                                 inspected_on: date, housing: str, has_children_room: bool = False,
                                 benefits: str = "", parents: str = "", household: str = "",
                                 effect_on_development: str = "", inspector: Any = None) -> LivingConditionsAct:
    """Record the act of inspection of housing and material-living conditions (seed 002 App. 3 to App. 2)."""
    require(actor, P.DOSSIER_EDIT, provider)
    require_person(actor, person)
    if housing not in LivingConditionsAct.Housing.values:
        raise DomainError("unknown_housing", UNKNOWN_HOUSING, field="housing")
    act = LivingConditionsAct(
        person=person, provider=provider, number=number, inspected_on=inspected_on, housing=housing,
        has_children_room=has_children_room, benefits=benefits, parents=parents, household=household,
        effect_on_development=effect_on_development, inspector=inspector or actor)
    return save_new(actor, act, subject=person, duplicate=ACT_DUPLICATE)


@transaction.atomic
def caseload_assign(*, actor: Any, worker: Any, person: Person, start_on: date) -> CareAssignment:
    """Put a child on a care social worker's caseload (set by the head, seed 002 App. 2 п. 22); a caseload
    outside 4–6 children is allowed but flagged by ``caseload_list``."""
    provider = worker.provider
    if provider is None:
        raise DomainError("worker_not_staff", WORKER_NOT_STAFF, field="worker")
    require(actor, P.CASELOAD_ASSIGN, provider)
    require_person(actor, person)
    # Serialise assignments to one worker, so that two heads' concurrent changes see each other's count.
    list(CareAssignment.objects.select_for_update().filter(worker=worker, end_on__isnull=True))
    assignment = CareAssignment(provider=provider, worker=worker, person=person, start_on=start_on)
    return save_new(actor, assignment, subject=person, duplicate=ALREADY_ASSIGNED)


@transaction.atomic
def caseload_end(*, actor: Any, assignment: CareAssignment, end_on: date) -> CareAssignment:
    """Take a child off a worker's caseload from a date."""
    require(actor, P.CASELOAD_ASSIGN, assignment)
    assignment = lock(assignment)
    if assignment.end_on is not None:
        raise DomainError("assignment_ended", ASSIGNMENT_ENDED)
    if end_on < assignment.start_on:
        raise DomainError("period_reversed", END_BEFORE_START, field="end_on")
    before = snapshot(assignment)
    assignment.end_on = end_on
    return save_changed(actor, assignment, before, subject=assignment.person)
