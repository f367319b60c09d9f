"""Large read-only lists for systems that synchronise: journal events, queue applications and
placements across every journal the actor may see, with filters, ordering and ``?cursor=``.

Rows come through the same scopes as everything else (``access.scope``), so a system sees exactly
what its user would see on the pages."""

from __future__ import annotations

from typing import Any

import django_filters as df
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView

from qamqor.access.core import has_perm, scope
from qamqor.access.permissions import P
from qamqor.journal import selectors as journal
from qamqor.journal.api import ApplicationOutputSerializer, EventOutputSerializer
from qamqor.journal.models import (
    ApplicationStatus,
    EventKind,
    JournalEvent,
    JournalSetting,
    Placement,
    PlacementStatus,
    QueueApplication,
)
from qamqor.registry.api import PersonRefSerializer, ProviderRefSerializer


class EventFilter(df.FilterSet):
    provider = df.UUIDFilter(field_name="journal__provider__uid", label=_("provider (uid)"))
    setting = df.ChoiceFilter(field_name="journal__setting", choices=JournalSetting.choices)
    kind = df.ChoiceFilter(choices=EventKind.choices)
    person = df.UUIDFilter(field_name="person__uid", label=_("person (uid)"))
    date_from = df.DateFilter(field_name="event_date", lookup_expr="gte", label=_("event on or after"))
    date_to = df.DateFilter(field_name="event_date", lookup_expr="lte", label=_("event on or before"))
    recorded_since = df.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="gte", label=_("recorded since"))

    class Meta:
        model = JournalEvent
        fields: list[str] = []


class ApplicationFilter(df.FilterSet):
    provider = df.UUIDFilter(field_name="provider__uid", label=_("provider (uid)"))
    setting = df.ChoiceFilter(choices=JournalSetting.choices)
    status = df.ChoiceFilter(choices=ApplicationStatus.choices)
    person = df.UUIDFilter(field_name="person__uid", label=_("person (uid)"))
    received_since = df.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte", label=_("received since"))

    class Meta:
        model = QueueApplication
        fields: list[str] = []


class PlacementFilter(df.FilterSet):
    provider = df.UUIDFilter(field_name="provider__uid", label=_("provider (uid)"))
    setting = df.ChoiceFilter(choices=JournalSetting.choices)
    status = df.ChoiceFilter(choices=PlacementStatus.choices)
    active = df.BooleanFilter()
    person = df.UUIDFilter(field_name="person__uid", label=_("person (uid)"))

    class Meta:
        model = Placement
        fields: list[str] = []


class _ListApi(ListAPIView):
    required = {"GET": P.JOURNAL_VIEW}
    filter_backends = (DjangoFilterBackend, OrderingFilter)


class JournalEventListApi(_ListApi):
    """Journal events the actor may see, in recording order (``?cursor=`` to walk them all;
    ``recorded_since`` for what is new since a previous run)."""

    filterset_class = EventFilter
    ordering_fields = ("event_date", "recorded_at")
    serializer_class = EventOutputSerializer

    def get_queryset(self) -> Any:
        if not has_perm(self.request.user, P.JOURNAL_VIEW):
            return JournalEvent.objects.none()
        return scope(self.request.user, JournalEvent.objects.select_related(
            "journal__provider", "person", "corrects")).order_by("pk")


class ApplicationListApi(_ListApi):
    """Queue applications the actor may see, newest first."""

    filterset_class = ApplicationFilter
    ordering_fields = ("received_at",)
    serializer_class = ApplicationOutputSerializer

    def get_queryset(self) -> Any:
        return journal.application_list(actor=self.request.user)


class PlacementListApi(_ListApi):
    """Placements (stays holding a place) the actor may see; ``active=true`` for the present roster."""

    filterset_class = PlacementFilter
    ordering_fields = ("started_on", "ended_on")

    class OutputSerializer(serializers.Serializer):
        person = PersonRefSerializer()
        provider = ProviderRefSerializer()
        setting = serializers.ChoiceField(choices=JournalSetting.choices)
        started_on = serializers.DateField()
        returned = serializers.BooleanField()
        status = serializers.ChoiceField(choices=PlacementStatus.choices)
        active = serializers.BooleanField()
        ended_on = serializers.DateField(allow_null=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> Any:
        if not has_perm(self.request.user, P.JOURNAL_VIEW):
            return Placement.objects.none()
        return scope(self.request.user, Placement.objects.select_related("person", "provider")).order_by("pk")


urlpatterns = [
    path("journal/events/", JournalEventListApi.as_view(), name="journal-event-list"),
    path("journal/applications/", ApplicationListApi.as_view(), name="journal-application-list"),
    path("journal/placements/", PlacementListApi.as_view(), name="journal-placement-list"),
]
