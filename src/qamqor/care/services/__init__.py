"""Every write of the care context, one function per use case (``<noun>_<verb>(*, actor, ...)``).

Each is one transaction, checks the actor through ``qamqor.access`` (a role without the permission is
``PermissionRefused``, an object outside the actor's provider or region ``NotFound``), validates,
writes the audit trail and raises ``DomainError`` with a translated message — citing the rule when a
rule refused — so that a refused call changes nothing. Pages, the API and commands call these."""

from qamqor.care.services.delivery import (
    caseload_assign,
    caseload_end,
    contract_conclude,
    contract_extend,
    contract_terminate,
    living_conditions_act_record,
    service_delivery_record,
    service_delivery_update,
)
from qamqor.care.services.dossier import (
    dossier_admission_record,
    dossier_close,
    dossier_contraindication_resolve,
    dossier_document_set,
    dossier_medical_conclusion_record,
    dossier_open,
    exit_document_issue,
)
from qamqor.care.services.need import need_application_record, need_assessment_record, service_decision_record
from qamqor.care.services.norms import (
    foster_family_record,
    foster_family_update,
    group_create,
    group_member_add,
    group_member_remove,
)
from qamqor.care.services.plans import (
    plan_acknowledge,
    plan_approve,
    plan_close,
    plan_correct,
    plan_fill,
    plan_item_add,
    plan_item_remove,
    plan_item_update,
    plan_monitoring_record,
    plan_open,
    plan_renew,
    plan_reopen,
    plan_update,
)

__all__ = [
    "caseload_assign",
    "caseload_end",
    "contract_conclude",
    "contract_extend",
    "contract_terminate",
    "dossier_admission_record",
    "dossier_close",
    "dossier_contraindication_resolve",
    "dossier_document_set",
    "dossier_medical_conclusion_record",
    "dossier_open",
    "exit_document_issue",
    "foster_family_record",
    "foster_family_update",
    "group_create",
    "group_member_add",
    "group_member_remove",
    "living_conditions_act_record",
    "need_application_record",
    "need_assessment_record",
    "plan_acknowledge",
    "plan_approve",
    "plan_close",
    "plan_correct",
    "plan_fill",
    "plan_item_add",
    "plan_item_remove",
    "plan_item_update",
    "plan_monitoring_record",
    "plan_open",
    "plan_renew",
    "plan_reopen",
    "plan_update",
    "service_decision_record",
    "service_delivery_record",
    "service_delivery_update",
]
