"""The journal in the admin site: read-only, scoped through ``qamqor.access`` (writes go through the
services, never through the admin)."""

from django.contrib import admin

from qamqor.access.admin import ReadOnlyAdmin
from qamqor.access.permissions import P
from qamqor.journal.models import Journal, JournalEvent, Placement, QueueApplication


class _JournalReadOnly(ReadOnlyAdmin):
    permission = P.JOURNAL_VIEW


@admin.register(Journal)
class JournalAdmin(_JournalReadOnly):
    list_display = ("provider", "setting", "started_on", "finished_on")
    list_filter = ("setting",)


@admin.register(QueueApplication)
class QueueApplicationAdmin(_JournalReadOnly):
    list_display = ("person", "provider", "setting", "received_at", "out_of_turn", "status", "arrival_by")
    list_filter = ("setting", "status", "out_of_turn", "channel")
    list_select_related = ("person", "provider")


@admin.register(JournalEvent)
class JournalEventAdmin(_JournalReadOnly):
    list_display = ("event_date", "kind", "person", "journal", "order_number", "recorded_by", "recorded_at")
    list_filter = ("kind",)
    list_select_related = ("person", "journal__provider", "recorded_by")


@admin.register(Placement)
class PlacementAdmin(_JournalReadOnly):
    list_display = ("person", "provider", "setting", "started_on", "status", "returned", "ended_on")
    list_filter = ("setting", "status", "active")
    list_select_related = ("person", "provider")
