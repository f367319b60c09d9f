"""The exchange records in the admin, read-only and scoped by ``qamqor.access``: they are written by the
exchange services only (signature verification, roster import), so the audit trail always applies."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin

from qamqor.access.admin import ScopedAdmin
from qamqor.access.permissions import P
from qamqor.exchange.models import RosterImport, RosterRejectedRow, SignedDocument


class _ReadOnly(ScopedAdmin):
    perms: ClassVar[dict[str, P]] = {}

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


@admin.register(SignedDocument)
class SignedDocumentAdmin(_ReadOnly):
    perms = {"view": P.SIGNED_DOCUMENT_VIEW}
    list_display = ("kind", "person", "provider", "signer_iin", "valid", "verified_at")
    list_filter = ("kind", "valid")
    search_fields = ("signer_iin", "certificate_serial")
    exclude = ("content", "signature")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name not in ("content", "signature")]


@admin.register(RosterImport)
class RosterImportAdmin(_ReadOnly):
    perms = {"view": P.ESOBES_VIEW}
    list_display = ("file_name", "as_of", "status", "rows_total", "rows_accepted", "rows_rejected", "created_at")
    list_filter = ("status",)


@admin.register(RosterRejectedRow)
class RosterRejectedRowAdmin(_ReadOnly):
    perms = {"view": P.ESOBES_VIEW}
    list_display = ("roster_import", "row_number", "iin", "provider_bin")
