"""Every capability a role can hold. Views, API endpoints and admin pages name one of these."""

from enum import StrEnum


class P(StrEnum):
    ADMIN_SITE = "admin.site"
    AUDIT_VIEW = "audit.view"
    USER_MANAGE = "user.manage"
    REFERENCE_VIEW = "reference.view"
    REFERENCE_CHANGE = "reference.change"
    REGION_VIEW = "region.view"
    PROVIDER_VIEW = "provider.view"
    PROVIDER_CREATE = "provider.create"
    PROVIDER_CHANGE = "provider.change"
    PERSON_VIEW = "person.view"
    PERSON_CREATE = "person.create"
    PERSON_CHANGE = "person.change"
    PERSON_DELETE = "person.delete"
    GROUND_VIEW = "ground.view"
    GROUND_CREATE = "ground.create"
    GROUND_CHANGE = "ground.change"
    REPORT_VIEW = "report.view"
