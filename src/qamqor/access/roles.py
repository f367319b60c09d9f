"""Which role holds which permission: the one table of authorisation.

Choices made here (see docs/access.md): the ministry analyst is national and read-only and sees
providers and aggregates but not individual persons' records (data minimisation); inspectors and
local executive body officers see persons of their region; provider staff see the persons tied to
their provider; only the head and the administrator change the provider's own card."""

from __future__ import annotations

from qamqor.access.permissions import P
from qamqor.accounts.models import Role

_READ_REFERENCE = {P.REFERENCE_VIEW, P.REGION_VIEW, P.PROVIDER_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[P]] = {
    Role.PROVIDER_SPECIALIST: frozenset(_READ_REFERENCE | {
        P.PERSON_VIEW, P.PERSON_CREATE, P.PERSON_CHANGE, P.GROUND_VIEW, P.GROUND_CREATE,
        P.JOURNAL_VIEW, P.JOURNAL_RECORD, P.QUEUE_APPLY,
    }),
    Role.PROVIDER_HEAD: frozenset(_READ_REFERENCE | {
        P.PERSON_VIEW, P.PERSON_CREATE, P.PERSON_CHANGE, P.GROUND_VIEW, P.GROUND_CREATE, P.GROUND_CHANGE,
        P.PROVIDER_CHANGE, P.REPORT_VIEW, P.ADMIN_SITE,
        P.JOURNAL_VIEW, P.JOURNAL_RECORD, P.JOURNAL_CORRECT, P.QUEUE_APPLY,
    }),
    Role.LEB_OFFICER: frozenset(_READ_REFERENCE | {
        P.PERSON_VIEW, P.PERSON_CREATE, P.PERSON_CHANGE, P.GROUND_VIEW, P.GROUND_CREATE, P.GROUND_CHANGE,
        P.REPORT_VIEW, P.ADMIN_SITE, P.JOURNAL_VIEW, P.QUEUE_APPLY,
    }),
    Role.INSPECTOR: frozenset(_READ_REFERENCE | {P.PERSON_VIEW, P.GROUND_VIEW, P.REPORT_VIEW, P.JOURNAL_VIEW}),
    Role.ANALYST: frozenset(_READ_REFERENCE | {P.REPORT_VIEW}),
    Role.ADMIN: frozenset(P),
}


# Care (qamqor.care): provider staff write plans and record services; only the head approves a plan,
# concludes contracts, sets the care workers' caseload and forms the groups (seed 002 App. 1 п. 18, 30,
# App. 2 п. 22); the local executive body officer assesses need and decides, and records the foster
# families it placed children in (seed 001 App. 3 п. 5); inspectors read.
_CARE_READ = {P.NEED_VIEW, P.DOSSIER_VIEW, P.PLAN_VIEW, P.SERVICE_VIEW, P.FOSTER_VIEW}
_CARE_STAFF = _CARE_READ | {P.DOSSIER_EDIT, P.PLAN_EDIT, P.SERVICE_RECORD}
_CARE_PERMISSIONS: dict[str, frozenset[P]] = {
    Role.PROVIDER_SPECIALIST: frozenset(_CARE_STAFF),
    Role.PROVIDER_HEAD: frozenset(_CARE_STAFF | {P.PLAN_APPROVE, P.CONTRACT_EDIT, P.CASELOAD_ASSIGN, P.GROUP_EDIT}),
    Role.LEB_OFFICER: frozenset(_CARE_READ | {P.NEED_DECIDE, P.FOSTER_EDIT}),
    Role.INSPECTOR: frozenset(_CARE_READ),
}
ROLE_PERMISSIONS = {role: perms | _CARE_PERMISSIONS.get(role, frozenset())
                    for role, perms in ROLE_PERMISSIONS.items()}

# Control (qamqor.control): inspectors record findings and complaints, recompute risk, form the
# preventive-control lists and conduct inspections; the local executive body officer and the ministry
# analyst read (in their scope); the administrator holds everything.
_CONTROL_WRITE = {P.CONTROL_VIEW, P.FINDING_RECORD, P.COMPLAINT_RECORD, P.RISK_RECOMPUTE, P.CONTROL_LIST_FORM,
                  P.INSPECTION_CONDUCT}
_CONTROL_PERMISSIONS: dict[str, frozenset[P]] = {
    Role.INSPECTOR: frozenset(_CONTROL_WRITE),
    Role.LEB_OFFICER: frozenset({P.CONTROL_VIEW}),
    Role.ANALYST: frozenset({P.CONTROL_VIEW}),
}
ROLE_PERMISSIONS = {role: perms | _CONTROL_PERMISSIONS.get(role, frozenset())
                    for role, perms in ROLE_PERMISSIONS.items()}

# Exchange (qamqor.exchange): provider staff and the local executive body officer submit signed
# applications and postponement notices and read them; the local executive body officer imports the
# E-sobes roster for their region's providers; the head, the officer and the inspector read the
# reconciliation and export (it names persons, so the analyst does not).
_EXCHANGE_PERMISSIONS: dict[str, frozenset[P]] = {
    Role.PROVIDER_SPECIALIST: frozenset({P.SIGNED_DOCUMENT_SUBMIT, P.SIGNED_DOCUMENT_VIEW}),
    Role.PROVIDER_HEAD: frozenset({P.SIGNED_DOCUMENT_SUBMIT, P.SIGNED_DOCUMENT_VIEW, P.ESOBES_VIEW}),
    Role.LEB_OFFICER: frozenset({P.SIGNED_DOCUMENT_SUBMIT, P.SIGNED_DOCUMENT_VIEW, P.ESOBES_IMPORT, P.ESOBES_VIEW}),
    Role.INSPECTOR: frozenset({P.SIGNED_DOCUMENT_VIEW, P.ESOBES_VIEW}),
}
ROLE_PERMISSIONS = {role: perms | _EXCHANGE_PERMISSIONS.get(role, frozenset())
                    for role, perms in ROLE_PERMISSIONS.items()}

# Portal (qamqor.portal): the applicant or legal representative files, follows, postpones once and
# withdraws queue applications for themselves and the persons they represent; the rows they see are
# limited by access/scopes.py to those persons (and all active providers, whose cards are public).
ROLE_PERMISSIONS = {**ROLE_PERMISSIONS, Role.APPLICANT: frozenset({
    P.PORTAL_USE, P.QUEUE_APPLY, P.PERSON_VIEW, P.PROVIDER_VIEW, P.REGION_VIEW, P.REFERENCE_VIEW})}


def permissions_of(role: str) -> frozenset[P]:
    """The permissions a role holds (none for an unknown or empty role)."""
    return ROLE_PERMISSIONS.get(role, frozenset())
