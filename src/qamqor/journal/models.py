"""The electronic journal: one per provider and setting, an append-only log of events, the queue
applications, and the placements that hold a place.

The events are the truth. ``QueueApplication.status`` and ``Placement`` are caches of what the events
say (``journal.domain``), rewritten by the services in the same transaction as every new event; the
database holds the invariants it can: one open journal per provider and setting, one pending
application per person, provider and setting, one active placement per person in a journal, and one
active stationary placement per person anywhere."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qamqor.core.models import BaseModel
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.domain import queue as Qd
from qamqor.registry.models import District, Ground, Person, Provider, Region


class JournalSetting(models.TextChoices):
    STATIONARY = L.JournalSetting.STATIONARY.value, _("stationary")
    SEMI_STATIONARY = L.JournalSetting.SEMI_STATIONARY.value, _("semi-stationary")
    HOME_CARE = L.JournalSetting.HOME_CARE.value, _("home care")
    TEMPORARY_STAY = L.JournalSetting.TEMPORARY_STAY.value, _("temporary stay")


class EventKind(models.TextChoices):
    APPLICATION = L.EventKind.APPLICATION.value, _("queue application")
    OFFER = L.EventKind.OFFER.value, _("offer of a place")
    POSTPONEMENT = L.EventKind.POSTPONEMENT.value, _("postponement of arrival")
    LAPSE = L.EventKind.LAPSE.value, _("no-show: offer lapsed")
    ADMISSION = L.EventKind.ADMISSION.value, _("admission")
    READMISSION = L.EventKind.READMISSION.value, _("re-admission")
    LEAVE = L.EventKind.LEAVE.value, _("temporary leave")
    LEAVE_RETURN = L.EventKind.LEAVE_RETURN.value, _("return from temporary leave")
    TRANSFER_OUT = L.EventKind.TRANSFER_OUT.value, _("transfer to another organisation")
    TRANSFER_ARRIVAL = L.EventKind.TRANSFER_ARRIVAL.value, _("arrival by transfer")
    DISCHARGE = L.EventKind.DISCHARGE.value, _("discharge (expulsion)")
    SUSPENSION = L.EventKind.SUSPENSION.value, _("suspension of services")
    RESUMPTION = L.EventKind.RESUMPTION.value, _("resumption of services")
    TERMINATION = L.EventKind.TERMINATION.value, _("termination of services")
    WITHDRAWAL = L.EventKind.WITHDRAWAL.value, _("application withdrawn")
    APPLICATION_CLOSED = L.EventKind.APPLICATION_CLOSED.value, _("application closed")
    CORRECTION = L.EventKind.CORRECTION.value, _("correction")


class CaseStatus(models.TextChoices):
    """Labels of the derived status (journal column 2)."""

    NONE = L.Status.NONE.value, _("not on record")
    QUEUED = L.Status.QUEUED.value, _("in the queue")
    OFFERED = L.Status.OFFERED.value, _("place offered")
    PLACED = L.Status.PLACED.value, _("receiving services")
    ON_LEAVE = L.Status.ON_LEAVE.value, _("on temporary leave")
    SUSPENDED = L.Status.SUSPENDED.value, _("services suspended")
    TRANSFERRED = L.Status.TRANSFERRED.value, _("transferred")
    DISCHARGED = L.Status.DISCHARGED.value, _("discharged")
    TERMINATED = L.Status.TERMINATED.value, _("services terminated")
    WITHDRAWN = L.Status.WITHDRAWN.value, _("application withdrawn")
    LAPSED = L.Status.LAPSED.value, _("did not arrive")
    CLOSED = L.Status.CLOSED.value, _("application closed")


class ApplicationStatus(models.TextChoices):
    PENDING = L.AppStatus.PENDING.value, _("in the queue")
    OFFERED = L.AppStatus.OFFERED.value, _("place offered")
    ADMITTED = L.AppStatus.ADMITTED.value, _("admitted")
    WITHDRAWN = L.AppStatus.WITHDRAWN.value, _("withdrawn")
    LAPSED = L.AppStatus.LAPSED.value, _("did not arrive")
    CLOSED = L.AppStatus.CLOSED.value, _("closed")


class Channel(models.TextChoices):
    PORTAL = Qd.Channel.PORTAL.value, _("social services portal (signed electronically)")
    PAPER = Qd.Channel.PAPER.value, _("on paper, registered by the provider")


class OutOfTurnReason(models.TextChoices):
    NONE = "", _("none")
    ORPHAN_AGED_OUT = Qd.OutOfTurnReason.ORPHAN_AGED_OUT.value, _(
        "orphan or child without parental care who turned 18 in a stationary organisation")


class ActType(models.TextChoices):
    NONE = "", _("none")
    ORDER = "order", _("order")
    DECISION = "decision", _("decision")
    NOTICE = "notice", _("signed notice")


class SystemReason(models.TextChoices):
    """Reasons the system records by itself (the event's ``reason_code``)."""

    PLACED_ELSEWHERE = "placed_elsewhere", _("placed in another organisation of this setting")
    RECERTIFIED = "recertified", _("re-registered after re-certification, keeping the place")
    NO_SHOW = "no_show", _("did not arrive by the arrival date")


PENDING_STATUSES = (ApplicationStatus.PENDING.value, ApplicationStatus.OFFERED.value)
RETURNED_MARK = pgettext_lazy("journal column 9 mark, form text «қайта оралды»", "returned")


class Journal(BaseModel):
    """The electronic journal of one provider in one setting (seed 003, Rules 379 p. 11, 21, 26, 35 and
    App. 2); its header shows the provider's official names and the start and end dates."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="journals",
                                 verbose_name=_("provider"))
    setting = models.CharField(max_length=20, choices=JournalSetting.choices, verbose_name=_("setting"))
    started_on = models.DateField(verbose_name=_("started on"))
    finished_on = models.DateField(null=True, blank=True, verbose_name=_("finished on"))

    class Meta:
        ordering = ["provider", "setting", "-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "setting"], condition=Q(finished_on__isnull=True),
                                    name="journal_one_open_per_provider_setting"),
            models.CheckConstraint(condition=Q(finished_on__isnull=True) | Q(finished_on__gte=models.F("started_on")),
                                   name="journal_finished_after_started"),
            models.CheckConstraint(condition=Q(setting__in=JournalSetting.values), name="journal_setting_known"),
        ]
        verbose_name = _("electronic journal")
        verbose_name_plural = _("electronic journals")

    @property
    def name_kk(self) -> str:
        return self.provider.name_kk

    @property
    def name_ru(self) -> str:
        return self.provider.name_ru

    def __str__(self) -> str:
        return f"{self.provider} — {self.get_setting_display()} ({self.started_on:%d.%m.%Y})"


class QueueApplication(BaseModel):
    """An application to a provider's queue in one setting, filed when it has no free place.

    ``received_at`` (to the second) orders the queue; a re-registration after re-certification keeps
    the earlier application's time (``place_of``). ``status``, ``arrival_by`` and ``postponements``
    are derived from the application's events."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="queue_applications",
                               verbose_name=_("person"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="queue_applications",
                                 verbose_name=_("provider"))
    setting = models.CharField(max_length=20, choices=JournalSetting.choices, verbose_name=_("setting"))
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("journal"))
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications_signed",
                                  verbose_name=_("applicant (the person or the legal representative)"))
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name=_("received"))
    paper_number = models.CharField(max_length=100, blank=True, verbose_name=_("registration number on paper"))
    received_at = models.DateTimeField(db_index=True, verbose_name=_("received at"))
    out_of_turn = models.BooleanField(default=False, verbose_name=_("out of turn"))
    out_of_turn_reason = models.CharField(max_length=30, choices=OutOfTurnReason.choices, blank=True,
                                          default="", verbose_name=_("reason for out-of-turn admission"))
    out_of_turn_basis = models.CharField(max_length=500, blank=True,
                                         verbose_name=_("document confirming the out-of-turn right"))
    place_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="re_registrations",
                                 verbose_name=_("keeps the place of the application"))
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING,
                              verbose_name=_("status"))
    arrival_by = models.DateField(null=True, blank=True, verbose_name=_("arrive by"))
    postponements = models.PositiveSmallIntegerField(default=0, verbose_name=_("postponements used"))
    status_on = models.DateField(null=True, blank=True, verbose_name=_("status since"))
    status_reason = models.CharField(max_length=1000, blank=True, verbose_name=_("reason"))

    class Meta:
        ordering = ["provider", "setting", "-out_of_turn", "received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "provider", "setting"],
                                    condition=Q(status__in=PENDING_STATUSES),
                                    name="queue_one_pending_per_person_provider_setting"),
            models.CheckConstraint(condition=Q(out_of_turn=False, out_of_turn_reason="")
                                   | (Q(out_of_turn=True) & ~Q(out_of_turn_reason="")),
                                   name="queue_out_of_turn_has_reason"),
            models.CheckConstraint(condition=Q(status=ApplicationStatus.OFFERED.value, arrival_by__isnull=False)
                                   | (~Q(status=ApplicationStatus.OFFERED.value) & Q(arrival_by__isnull=True)),
                                   name="queue_offer_has_arrival_date"),
            models.CheckConstraint(condition=~Q(setting=JournalSetting.TEMPORARY_STAY.value),
                                   name="queue_not_for_temporary_stay"),
        ]
        indexes = [models.Index(fields=["provider", "setting", "status"]),
                   models.Index(fields=["status", "arrival_by"])]
        verbose_name = _("queue application")
        verbose_name_plural = _("queue applications")

    @property
    def tiebreak(self) -> int:
        return self.place_of_id or self.pk

    def __str__(self) -> str:
        return f"{self.person} → {self.provider} ({self.get_setting_display()}, {self.received_at:%d.%m.%Y %H:%M:%S})"


class JournalEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The journal is append-only: record a correcting event.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The journal is append-only: record a correcting event.")


QUEUE_KIND_VALUES = sorted(k.value for k in L.QUEUE_KINDS)


class JournalEvent(BaseModel):
    """One entry of the electronic journal. Never edited or deleted: a mistake is corrected by a
    correcting event that names this one (``corrects``) and voids or amends it (``data``)."""

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="events",
                                verbose_name=_("journal"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="journal_events",
                               verbose_name=_("person"))
    application = models.ForeignKey(QueueApplication, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="events", verbose_name=_("queue application"))
    kind = models.CharField(max_length=30, choices=EventKind.choices, verbose_name=_("event"))
    event_date = models.DateField(verbose_name=_("date"))
    act_type = models.CharField(max_length=20, choices=ActType.choices, blank=True, default="",
                                verbose_name=_("act"))
    order_number = models.CharField(max_length=100, blank=True, verbose_name=_("order (decision) number"))
    order_date = models.DateField(null=True, blank=True, verbose_name=_("order (decision) date"))
    reason = models.CharField(max_length=1000, blank=True, verbose_name=_("reason"))
    reason_code = models.CharField(max_length=120, blank=True, verbose_name=_("reason code"))
    arrival_by = models.DateField(null=True, blank=True, verbose_name=_("arrive by"))
    ground = models.ForeignKey(Ground, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="journal_events", verbose_name=_("ground"))
    destination_provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="incoming_transfers",
                                             verbose_name=_("destination organisation"))
    destination_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("destination region"))
    destination_district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="+", verbose_name=_("destination district"))
    destination_city = models.CharField(max_length=200, blank=True, verbose_name=_("destination city or place"))
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("corrects the event"))
    related = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="followups", verbose_name=_("related event"),
                                help_text=_("For an arrival by transfer: the transfer it completes."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("recorded at"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("details"))

    objects = JournalEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind=EventKind.CORRECTION.value, corrects__isnull=False)
                                   | (~Q(kind=EventKind.CORRECTION.value) & Q(corrects__isnull=True)),
                                   name="journal_event_correction_names_event"),
            models.UniqueConstraint(fields=["corrects"], condition=Q(corrects__isnull=False),
                                    name="journal_event_corrected_once"),
            models.CheckConstraint(condition=~Q(kind__in=QUEUE_KIND_VALUES) | Q(application__isnull=False),
                                   name="journal_event_queue_kind_has_application"),
            models.CheckConstraint(condition=~Q(kind__in=[EventKind.OFFER.value, EventKind.POSTPONEMENT.value])
                                   | Q(arrival_by__isnull=False),
                                   name="journal_event_offer_has_arrival_date"),
        ]
        indexes = [models.Index(fields=["journal", "person"]), models.Index(fields=["person", "id"]),
                   models.Index(fields=["destination_provider", "kind"])]
        verbose_name = _("journal event")
        verbose_name_plural = _("journal events")

    def __str__(self) -> str:
        return f"{self.event_date:%d.%m.%Y} {self.get_kind_display()}: {self.person}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The journal is append-only: record a correcting event.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The journal is append-only: record a correcting event.")

    @property
    def destination_text(self) -> str:
        """Journal column 14: where the person went (region, city, district)."""
        parts = [str(p) for p in (self.destination_region, self.destination_city, self.destination_district) if p]
        if self.destination_provider_id:
            parts.insert(0, str(self.destination_provider))
        return ", ".join(parts)


class PlacementStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ON_LEAVE = "on_leave", _("on temporary leave")
    SUSPENDED = "suspended", _("services suspended")
    ENDED = "ended", _("left")


class Placement(models.Model):
    """A stay that holds a place: from an arrival to an exit. Derived from the journal's events; the
    partial unique indexes keep a person from being placed twice (anywhere in stationary care)."""

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="placements",
                                verbose_name=_("journal"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements",
                               verbose_name=_("person"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="placements",
                                 verbose_name=_("provider"))
    setting = models.CharField(max_length=20, choices=JournalSetting.choices, verbose_name=_("setting"))
    admission_event = models.OneToOneField(JournalEvent, on_delete=models.PROTECT, related_name="placement",
                                           verbose_name=_("arrival"))
    started_on = models.DateField(verbose_name=_("arrived on"))
    returned = models.BooleanField(default=False, verbose_name=pgettext_lazy("journal", "returned"))
    status = models.CharField(max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PRESENT,
                              verbose_name=_("status"))
    active = models.BooleanField(default=True, verbose_name=_("holds a place"))
    exit_event = models.OneToOneField(JournalEvent, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="ended_placement", verbose_name=_("exit"))
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("left on"))

    class Meta:
        ordering = ["provider", "setting", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "provider", "setting"], condition=Q(active=True),
                                    name="placement_one_active_per_journal"),
            models.UniqueConstraint(fields=["person"],
                                    condition=Q(active=True, setting=JournalSetting.STATIONARY.value),
                                    name="placement_one_active_stationary_per_person"),
            models.CheckConstraint(condition=Q(active=True, ended_on__isnull=True)
                                   & ~Q(status=PlacementStatus.ENDED.value)
                                   | Q(active=False, status=PlacementStatus.ENDED.value, ended_on__isnull=False),
                                   name="placement_active_iff_not_ended"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="placement_ended_after_started"),
        ]
        indexes = [models.Index(fields=["provider", "setting", "active"])]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.person} @ {self.provider} ({self.get_setting_display()}, {self.started_on:%d.%m.%Y})"
