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
    }),
    Role.PROVIDER_HEAD: frozenset(_READ_REFERENCE | {
        P.PERSON_VIEW, P.PERSON_CREATE, P.PERSON_CHANGE, P.GROUND_VIEW, P.GROUND_CREATE, P.GROUND_CHANGE,
        P.PROVIDER_CHANGE, P.REPORT_VIEW, P.ADMIN_SITE,
    }),
    Role.LEB_OFFICER: frozenset(_READ_REFERENCE | {
        P.PERSON_VIEW, P.PERSON_CREATE, P.PERSON_CHANGE, P.GROUND_VIEW, P.GROUND_CREATE, P.GROUND_CHANGE,
        P.REPORT_VIEW, P.ADMIN_SITE,
    }),
    Role.INSPECTOR: frozenset(_READ_REFERENCE | {P.PERSON_VIEW, P.GROUND_VIEW, P.REPORT_VIEW}),
    Role.ANALYST: frozenset(_READ_REFERENCE | {P.REPORT_VIEW}),
    Role.ADMIN: frozenset(P),
}


def permissions_of(role: str) -> frozenset[P]:
    """The permissions a role holds (none for an unknown or empty role)."""
    return ROLE_PERMISSIONS.get(role, frozenset())
