"""Closed vocabularies of state control, as plain enums (the models wrap them with labels)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class SubjectKind(StrEnum):
    PROVIDER = "provider"
    LEB = "leb"
    ACCESSIBILITY = "accessibility"
    REHABILITATION = "rehabilitation"


class SourceGroup(IntEnum):
    """Information sources of seed 004, App. 1 p. 8 (subparas 1–4 = the four groups of the table,
    subpara 5 = the portal commission's conclusion, added by the 2022 amendment)."""

    INSPECTIONS = 1
    PUBLICATIONS = 2
    MONITORING = 3
    COMPLAINTS = 4
    PORTAL_COMMISSION = 5


class FindingOrigin(StrEnum):
    MANUAL = "manual"
    COMPUTED = "computed"
    INSPECTION = "inspection"
    COMPLAINTS = "complaints"


class FindingStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class ComplaintDecision(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Degree(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class InspectionKind(StrEnum):
    PREVENTIVE_VISIT = "preventive_visit"
    COMPLIANCE = "compliance"
    UNSCHEDULED = "unscheduled"


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
