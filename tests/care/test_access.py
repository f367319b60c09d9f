"""Who holds which care permission: staff write plans and record services, only the head approves,
concludes contracts, sets caseloads and forms groups, the local executive body officer decides on need and
records foster families, inspectors read."""

from __future__ import annotations

import pytest

from qamqor.access.permissions import P
from qamqor.access.roles import permissions_of
from qamqor.accounts.models import Role

CARE = [P.NEED_VIEW, P.NEED_DECIDE, P.DOSSIER_VIEW, P.DOSSIER_EDIT, P.PLAN_VIEW, P.PLAN_EDIT, P.PLAN_APPROVE,
        P.SERVICE_VIEW, P.SERVICE_RECORD, P.CONTRACT_EDIT, P.CASELOAD_ASSIGN, P.GROUP_EDIT, P.FOSTER_VIEW,
        P.FOSTER_EDIT]

MATRIX = {
    Role.PROVIDER_SPECIALIST: {P.NEED_VIEW, P.DOSSIER_VIEW, P.DOSSIER_EDIT, P.PLAN_VIEW, P.PLAN_EDIT,
                               P.SERVICE_VIEW, P.SERVICE_RECORD, P.FOSTER_VIEW},
    Role.PROVIDER_HEAD: {P.NEED_VIEW, P.DOSSIER_VIEW, P.DOSSIER_EDIT, P.PLAN_VIEW, P.PLAN_EDIT, P.PLAN_APPROVE,
                         P.SERVICE_VIEW, P.SERVICE_RECORD, P.CONTRACT_EDIT, P.CASELOAD_ASSIGN, P.GROUP_EDIT,
                         P.FOSTER_VIEW},
    Role.LEB_OFFICER: {P.NEED_VIEW, P.NEED_DECIDE, P.DOSSIER_VIEW, P.PLAN_VIEW, P.SERVICE_VIEW, P.FOSTER_VIEW,
                       P.FOSTER_EDIT},
    Role.INSPECTOR: {P.NEED_VIEW, P.DOSSIER_VIEW, P.PLAN_VIEW, P.SERVICE_VIEW, P.FOSTER_VIEW},
    Role.ANALYST: set(),
    Role.ADMIN: set(CARE),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_care_permissions_of_each_role(role: str) -> None:
    assert {p for p in CARE if p in permissions_of(role)} == MATRIX[role]
