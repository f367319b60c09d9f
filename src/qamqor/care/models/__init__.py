"""The care tables, one module per use case; import them from here."""

from qamqor.care.models.delivery import (
    CareAssignment,
    ContractExtension,
    LivingConditionsAct,
    ServiceContract,
    ServiceDelivery,
)
from qamqor.care.models.dossier import (
    AdmissionDossier,
    DossierContraindication,
    DossierDocument,
    ExitDocumentIssue,
)
from qamqor.care.models.need import NeedAssessment, ServiceDecision
from qamqor.care.models.norms import CareGroup, CareGroupMember, FosterFamily
from qamqor.care.models.plans import IndividualWorkPlan, PlanItem, PlanMonitoring, PlanVersion

__all__ = [
    "AdmissionDossier",
    "CareAssignment",
    "CareGroup",
    "CareGroupMember",
    "ContractExtension",
    "DossierContraindication",
    "DossierDocument",
    "ExitDocumentIssue",
    "FosterFamily",
    "IndividualWorkPlan",
    "LivingConditionsAct",
    "NeedAssessment",
    "PlanItem",
    "PlanMonitoring",
    "PlanVersion",
    "ServiceContract",
    "ServiceDecision",
    "ServiceDelivery",
]
