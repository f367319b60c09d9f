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
# concludes contracts and sets the care workers' caseload (seed 002 App. 1 п. 18, App. 2 п. 22); the
# local executive body officer assesses need and decides; inspectors read.
_CARE_READ = {P.NEED_VIEW, P.DOSSIER_VIEW, P.PLAN_VIEW, P.SERVICE_VIEW}
_CARE_STAFF = _CARE_READ | {P.DOSSIER_EDIT, P.PLAN_EDIT, P.SERVICE_RECORD}
_CARE_PERMISSIONS: dict[str, frozenset[P]] = {
    Role.PROVIDER_SPECIALIST: frozenset(_CARE_STAFF),
    Role.PROVIDER_HEAD: frozenset(_CARE_STAFF | {P.PLAN_APPROVE, P.CONTRACT_EDIT, P.CASELOAD_ASSIGN}),
    Role.LEB_OFFICER: frozenset(_CARE_READ | {P.NEED_DECIDE}),
    Role.INSPECTOR: frozenset(_CARE_READ),
}
ROLE_PERMISSIONS = {role: perms | _CARE_PERMISSIONS.get(role, frozenset())
                    for role, perms in ROLE_PERMISSIONS.items()}


def permissions_of(role: str) -> frozenset[P]:
    """The permissions a role holds (none for an unknown or empty role)."""
    return ROLE_PERMISSIONS.get(role, frozenset())
