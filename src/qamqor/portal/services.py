"""What an applicant does on the portal, through the journal's own services: the queue rules (order of
arrival, one postponement, withdrawal) are the journal's, never repeated here. The portal only fixes
who signs (the applicant's own person) and which persons they may act for."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.access.core import can, has_perm
from qamqor.access.permissions import P
from qamqor.accounts.models import Role, User
from qamqor.core.audit import audit_record, diff, snapshot
from qamqor.core.domain import InvalidIdentifier, Source, parse_iin
from qamqor.core.errors import IDENTIFIER_MESSAGES, DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditAction
from qamqor.journal import services as journal
from qamqor.journal.domain.queue import Channel
from qamqor.journal.models import JournalEvent, QueueApplication
from qamqor.portal.models import Applicant
from qamqor.registry.domain import needs_representative
from qamqor.registry.models import Person, Provider

NO_ACCOUNT = _("This log-in is not linked to a person: ask the local executive body to link it.")
NOT_CAPABLE = _("An applicant account is for an adult with full legal capacity; a minor or a person "
                "without full legal capacity applies through their legal representative.")
PERSON_UNKNOWN = _("No person with this IIN is registered; the local executive body registers the person first.")
USERNAME_TAKEN = _("This log-in name is already taken.")
ACCOUNT_EXISTS = _("This person already has an applicant account.")
CIVIL_CODE = Source("Civil Code of RK", "art. 17, 22, 26")


def applicant_of(actor: Any) -> Applicant:
    """The applicant record of the actor; refused for a role without the portal or an unlinked log-in."""
    if not has_perm(actor, P.PORTAL_USE):
        raise PermissionRefused()
    try:
        return Applicant.objects.select_related("person").get(user_id=actor.pk)
    except Applicant.DoesNotExist:
        raise DomainError("no_applicant_account", NO_ACCOUNT) from None


def _acting_for(actor: Any, person: Person) -> None:
    if not can(actor, P.PERSON_VIEW, person):
        raise NotFound()


def _own_application(actor: Any, application: QueueApplication) -> None:
    if not can(actor, P.QUEUE_APPLY, application):
        raise NotFound()


def apply(*, actor: Any, person: Person, provider: Provider, setting: str) -> QueueApplication:
    """File an application, signed by the applicant, for themselves or a person they represent. The
    journal decides whether it is needed (no free place), its order and every refusal."""
    me = applicant_of(actor)
    _acting_for(actor, person)
    return journal.application_file(actor=actor, person=person, provider=provider, setting=setting,
                                    applicant=me.person, channel=Channel.PORTAL)


def withdraw(*, actor: Any, application: QueueApplication, reason: str = "") -> JournalEvent:
    """Withdraw one's own pending application (a place offered on it is released)."""
    applicant_of(actor)
    _own_application(actor, application)
    return journal.application_withdraw(actor=actor, application=application,
                                        reason=reason or str(_("withdrawn by the applicant on the portal")))


def postpone(*, actor: Any, application: QueueApplication, new_arrival_by: date, ground: str,
             today: date | None = None) -> JournalEvent:
    """Ask for the one postponement of arrival after a place was offered. The portal's signed notice is
    numbered after the application; the journal checks the ground, the days and that it is the first."""
    me = applicant_of(actor)
    _own_application(actor, application)
    today = today or timezone.localdate()
    number = f"P-{application.uid.hex[:8].upper()}-{application.postponements + 1}"
    return journal.offer_postpone(actor=actor, application=application, new_arrival_by=new_arrival_by,
                                  ground=ground, notice_number=number, notice_date=today,
                                  signed_by=me.person, today=today)


@transaction.atomic
def account_create(*, actor: Any, iin: str, username: str, password: str, email: str = "",
                   today: date | None = None) -> Applicant:
    """Open an applicant account for a registered adult with full legal capacity (by the administrator)."""
    if not has_perm(actor, P.USER_MANAGE):
        raise PermissionRefused()
    today = today or timezone.localdate()
    try:
        parse_iin(iin)
    except InvalidIdentifier as exc:
        raise DomainError("invalid_iin", IDENTIFIER_MESSAGES[exc.code], field="iin") from None
    person = Person.objects.filter(iin=iin).first()
    if person is None:
        raise DomainError("person_unknown", PERSON_UNKNOWN, field="iin")
    if needs_representative(person.birth_date, person.legal_capacity, today):
        raise DomainError("not_capable", NOT_CAPABLE, field="iin", source=CIVIL_CODE)
    if Applicant.objects.filter(person=person).exists():
        raise DomainError("duplicate", ACCOUNT_EXISTS, field="iin")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("duplicate", USERNAME_TAKEN, field="username")
    user = User(username=username, email=email, role=Role.APPLICANT,
                first_name=person.given_name, last_name=person.surname)
    user.set_password(password)
    user.save()
    account = Applicant.objects.create(user=user, person=person)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=account, changes=diff({}, snapshot(account)),
                 subject_person=str(person.uid))
    return account
