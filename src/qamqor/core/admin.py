"""The audit trail in the admin: searchable, filterable, never editable."""

from django.contrib import admin

from qamqor.access.admin import ReadOnlyAdmin
from qamqor.access.permissions import P
from qamqor.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_username", "action", "object_type", "object_repr", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_username", "object_id", "object_repr", "subject_person")
    date_hierarchy = "at"
    permission = P.AUDIT_VIEW
