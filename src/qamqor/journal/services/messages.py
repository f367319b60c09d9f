"""The words of every refusal the journal's rules give, keyed by the domain's refusal code.

The domain (pure Python) names the rule and its source; here it becomes a translated message. The
source itself travels with the DomainError (``source``), so pages and the API show both."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from qamqor.core.errors import DomainError
from qamqor.journal.domain.lifecycle import RuleRefusal
from qamqor.journal.models import CaseStatus, EventKind, JournalSetting

MESSAGES: dict[str, Any] = {
    "invalid_transition": _("“%(kind)s” cannot be recorded while the person’s status is “%(status)s”."),
    "kind_not_in_setting": _("This kind of organisation does not record “%(kind)s” in its journal."),
    "readmission_expected": _(
        "The person left this organisation before: record the re-admission (marked “returned”)."),
    "no_earlier_stay": _("The person has not left this organisation before, so this is not a re-admission."),
    "other_application": _("The event concerns another application than the person’s current one."),
    "event_before_last": _("The date is before the person’s last journal event (%(last)s)."),
    "event_in_future": _("The date %(on)s is in the future."),
    "order_in_future": _("The document date %(on)s is in the future."),
    "order_required": _("The number and date of the order (decision) are required for “%(kind)s”."),
    "reason_required": _("The reason is required for “%(kind)s”."),
    "no_journal_for_setting": _("No electronic journal is kept for this setting."),
    "no_queue_in_setting": _("A temporary-stay organisation keeps no queue: admit the person directly."),
    "place_free": _(
        "The organisation has a free place (%(free)s): the person is not put in the queue but admitted "
        "directly."),
    "no_free_place": _("There is no free place in this setting; file a queue application instead."),
    "queue_first": _(
        "Applicants are waiting in the queue (%(waiting)s): a free place is offered to the first in order."),
    "queue_empty": _("Nobody in the queue can be offered a place now."),
    "out_of_turn_setting": _("Out-of-turn admission applies only to stationary organisations."),
    "out_of_turn_age": _("Out-of-turn admission is for persons who have turned 18 (the person is %(age)s)."),
    "out_of_turn_provider": _(
        "Out-of-turn admission is to an organisation for the elderly, persons with disabilities or persons "
        "over 18, not to a children’s institution."),
    "out_of_turn_basis": _("Name the document confirming the out-of-turn right."),
    "representative_required": _(
        "For a minor or a person without full legal capacity the legal representative signs."),
    "signer_not_representative": _("The signer is neither the person nor their legal representative."),
    "recertification_other": _(
        "Only an application of the same person to the same organisation and setting that is still in "
        "the queue can pass on its place."),
    "recertification_ipr": _(
        "The earlier place is kept after re-certification: record the new individual rehabilitation "
        "programme first."),
    "arrival_before_offer": _("The arrival date cannot be before the offer."),
    "postponement_setting": _("Postponement of arrival is not provided for in this setting."),
    "postponement_twice": _("Arrival can be postponed only %(count)s time(s); it has been postponed already."),
    "postponement_ground": _("Arrival can be postponed only because of illness or hospitalisation."),
    "postponement_notice": _("The number and date of the signed notice are required."),
    "postponement_late": _("The notice must be given no later than the arrival date (%(arrival_by)s)."),
    "postponement_not_later": _("The new arrival date must be after the current one (%(arrival_by)s)."),
    "postponement_too_long": _(
        "Arrival can be postponed by at most %(days)s calendar days, that is to %(latest)s at the latest."),
    "not_offered": _("No place is offered on this application."),
    "lapse_not_due": _("The arrival date (%(arrival_by)s) has not passed yet."),
    "ground_required": _("Admission needs a ground (decision, referral, court act, …)."),
    "ground_other_person": _("The ground was issued for another person."),
    "ground_kind": _("This organisation does not admit on a ground of this kind."),
    "ground_other_provider": _("The ground was made out for another organisation or setting."),
    "ground_after_admission": _("The ground is dated after the admission (%(on)s)."),
    "documents_required": _("Only documents that the rules allow to follow after admission may be missing."),
    "documents_request_required": _("Record to which bodies the missing documents were requested."),
    "age_outside": _("The person’s age (%(age)s) is outside the ages this organisation serves."),
    "already_placed": _("The person is already placed in a stationary organisation; transfer or discharge first."),
    "already_present": _("The person already holds a place here."),
    "duplicate_application": _("The person already has an application in this queue."),
    "setting_not_served": _("The organisation does not serve in this setting."),
    "leave_child_documents": _(
        "A child’s temporary leave needs the parent’s application and the doctor’s conclusion."),
    "transfer_same_provider": _("A transfer goes to another organisation."),
    "transfer_other_setting": _("The destination organisation does not serve in this setting."),
    "transfer_destination_required": _("Name where the person is transferred to."),
    "transfer_agreement_required": _(
        "A transfer to another region needs the agreement of the authorised bodies of both regions."),
    "transfer_agreement_late": _("The agreement of the regions is dated after the transfer."),
    "transfer_not_pending": _("This transfer is not waiting for an arrival."),
    "discharge_ground_other": _("This discharge ground is for another kind of organisation."),
    "correction_target_missing": _("The corrected event does not exist in this journal."),
    "correction_of_correction": _("A correction cannot be corrected; record the event again instead."),
    "correction_twice": _("This event has already been corrected."),
    "correction_fields": _("A correction voids the event or amends its date, document, reason or arrival date."),
    "correction_breaks_log": _("After this correction the journal would not be consistent: %(detail)s"),
    "received_at_required": _("Give the date and time the paper application was received."),
    "channel_unknown": _("An application is received on the portal or on paper."),
    "temporary_stay_card": _(
        "Register the person after the medical examination and sanitary treatment, with the number of the "
        "registration card."),
}
GENERIC = _("The rules do not allow this action.")


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def _label(key: str, value: Any) -> Any:
    choices = {"kind": EventKind, "status": CaseStatus, "setting": JournalSetting}.get(key)
    if choices is not None:
        try:
            return choices(str(value)).label
        except ValueError:
            return value
    return _text(value)


def _interpolate(message: Any, params: dict[str, Any]) -> str:
    values = {k: str(_label(k, v)) for k, v in params.items()}
    try:
        return str(message) % values
    except (KeyError, TypeError, ValueError):
        return str(message)


interpolate_lazy = lazy(_interpolate, str)


def refusal(r: RuleRefusal, *, field: str | None = None) -> DomainError:
    """The DomainError for a rule's refusal: translated message, the rule's source."""
    message = interpolate_lazy(MESSAGES.get(r.code, GENERIC), dict(r.params))
    return DomainError(r.code, message, field=field, source=r.source)


def error(code: str, *, field: str | None = None, source: Any = None, **params: Any) -> DomainError:
    """A DomainError with one of these messages, for refusals decided outside the domain."""
    message = interpolate_lazy(MESSAGES.get(code, GENERIC), params)
    return DomainError(code, message, field=field, source=source)
