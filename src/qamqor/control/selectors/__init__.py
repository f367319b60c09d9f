"""Reads of the control app (scoped to the actor)."""

from qamqor.control.selectors.subjects import (
    complaint_get,
    complaint_list,
    complaint_topics,
    criterion_rows,
    finding_get,
    finding_list,
    findings_by_criterion,
    preventive_entries,
    preventive_list_get,
    preventive_list_list,
    risk_by_region,
    score_history,
    score_latest,
    subject_applicable_criteria,
    subject_checklist,
    subject_get,
    subject_list,
    subject_requirement_criteria,
)

__all__ = [
    "complaint_get", "complaint_list", "complaint_topics", "criterion_rows", "finding_get", "finding_list", "findings_by_criterion", "risk_by_region",
    "preventive_entries", "preventive_list_get", "preventive_list_list", "score_history", "score_latest",
    "subject_applicable_criteria", "subject_checklist", "subject_get", "subject_list",
    "subject_requirement_criteria",
]
