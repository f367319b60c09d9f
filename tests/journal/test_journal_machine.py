"""A state machine over the services on the database: random applications, offers, postponements,
no-shows, admissions, leaves, discharges, withdrawals and corrections. After every step the cached
application statuses and placements equal what the events say, capacity holds, nobody holds two
stationary places, and a refused call changed nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError
from qamqor.journal import services as J
from qamqor.journal.domain import lifecycle as L
from qamqor.journal.models import (
    ApplicationStatus,
    JournalEvent,
    Placement,
    PlacementStatus,
    QueueApplication,
)
from qamqor.journal.services._common import to_ev
from qamqor.registry.models import ProviderSetting
from qamqor.rules.choices import Setting
from tests.journal.support import days, ground_for, person_at, provider_with, staff

ST = Setting.STATIONARY
CAPACITY = 1


def snapshot() -> tuple:
    return (JournalEvent.objects.count(),
            tuple(Placement.objects.order_by("pk").values_list("pk", "status", "active", "ended_on")),
            tuple(QueueApplication.objects.order_by("pk").values_list("pk", "status", "arrival_by", "postponements")))


class JournalMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def world(self) -> None:
        self.provider = provider_with(capacity=CAPACITY)
        self.other = provider_with(capacity=2, region=self.provider.region)
        self.user = staff(self.provider, Role.PROVIDER_HEAD)
        self.other_user = staff(self.other)
        self.people = [person_at(self.provider) for _ in range(4)]
        for p in self.people:
            self.other.person_links.create(person=p, since=days(-300))
        self.day = days(-200)
        self.tick = 0
        self.admit(0, 0, False)

    def _try(self, call, *args, **kwargs) -> None:
        before = snapshot()
        try:
            with transaction.atomic():
                call(*args, **kwargs)
        except DomainError:
            assert snapshot() == before, f"a refused {call.__name__} changed the database"

    def _advance(self, gap: int) -> None:
        self.day = min(self.day + timedelta(days=gap), days(0))

    @rule(action=st.sampled_from(["apply", "offer", "postpone", "lapse", "admit", "leave", "return", "discharge",
                                  "withdraw", "correct"]),
          who=st.integers(0, 3), gap=st.integers(0, 6), n=st.integers(0, 40), flag=st.booleans())
    def act(self, action: str, who: int, gap: int, n: int, flag: bool) -> None:
        """One step: every action is equally likely, with its arguments drawn from the same numbers."""
        if action == "apply":
            self.apply(who, gap)
        elif action == "offer":
            self.offer(who, gap, n % 13)
        elif action == "postpone":
            self.postpone(who, gap, n + 1)
        elif action == "lapse":
            self.lapse_job(who, gap + n % 10)
        elif action == "admit":
            self.admit(who, gap, flag)
        elif action in ("leave", "return", "discharge"):
            self.stay_event(who, gap, action)
        elif action == "withdraw":
            self.withdraw(who)
        else:
            self.correct_last(who, flag)

    def apply(self, who: int, gap: int) -> None:
        self._advance(gap)
        busy = set(QueueApplication.objects.filter(provider=self.provider, status__in=["pending", "offered"])
                   .values_list("person_id", flat=True)) | set(
            Placement.objects.filter(provider=self.provider, active=True).values_list("person_id", flat=True))
        free = [i for i, p in enumerate(self.people) if p.pk not in busy]
        who = free[who % len(free)] if free else who
        self.tick += 1
        received = timezone.make_aware(datetime.combine(self.day, datetime.min.time())) + timedelta(seconds=self.tick)
        self._try(J.application_file, actor=self.user, person=self.people[who], provider=self.provider, setting=ST,
                  channel="paper", received_at=received, today=self.day)

    def offer(self, who: int, gap: int, wait: int) -> None:
        self._advance(gap)
        self._try(J.place_offer, actor=self.user, provider=self.provider, setting=ST,
                  arrival_by=self.day + timedelta(days=wait), today=self.day)

    def postpone(self, who: int, gap: int, extra: int) -> None:
        self._advance(min(gap, 1))
        app = QueueApplication.objects.filter(person=self.people[who], status=ApplicationStatus.OFFERED).first()
        if app is not None:
            self._try(J.offer_postpone, actor=self.user, application=app,
                      new_arrival_by=app.arrival_by + timedelta(days=extra), ground="illness", notice_number="N",
                      notice_date=min(self.day, app.arrival_by), today=self.day)

    def lapse_job(self, who: int, gap: int) -> None:
        self._advance(gap)
        self._try(J.offers_lapse_due, actor=J.SYSTEM, today=self.day)

    def _pick(self, who: int, placed: bool) -> object | None:
        """A person who holds (or does not hold) a stationary place, so that most steps are meaningful."""
        holding = set(Placement.objects.filter(active=True, setting=ST, provider=self.provider)
                      .values_list("person_id", flat=True)) if placed else set(
            Placement.objects.filter(active=True, setting=ST).values_list("person_id", flat=True))
        pool = [p for p in self.people if (p.pk in holding) == placed]
        return pool[who % len(pool)] if pool else None

    def admit(self, who: int, gap: int, elsewhere: bool) -> None:
        self._advance(gap)
        person = self._pick(who, placed=False)
        if person is None:
            return
        provider, user = (self.other, self.other_user) if elsewhere else (self.provider, self.user)
        self._try(J.admission_record, actor=user, person=person, provider=provider, setting=ST, event_date=self.day,
                  order_number="A", order_date=self.day, ground=ground_for(person, issued_on=self.day),
                  today=self.day)

    def stay_event(self, who: int, gap: int, kind: str) -> None:
        self._advance(gap)
        person = self._pick(who, placed=True)
        if person is None:
            return
        args = {"actor": self.user, "person": person, "provider": self.provider, "setting": ST,
                "event_date": self.day, "today": self.day}
        if kind == "leave":
            self._try(J.leave_start, order_number="L", order_date=self.day, reason="holiday", **args)
        elif kind == "return":
            self._try(J.leave_return, **args)
        else:
            self._try(J.discharge_record, order_number="D", order_date=self.day, reason="moved", **args)

    def withdraw(self, who: int) -> None:
        app = QueueApplication.objects.filter(person=self.people[who], status__in=["pending", "offered"]).first()
        if app is not None:
            self._try(J.application_withdraw, actor=self.user, application=app, today=self.day)

    def correct_last(self, who: int, void: bool) -> None:
        last = (JournalEvent.objects.filter(person=self.people[who], journal__provider=self.provider)
                .exclude(kind="correction").order_by("-id").first())
        if last is not None:
            self._try(J.event_correct, actor=self.user, event=last, reason="test", void=void,
                      amend=None if void else {"order_number": "fixed"}, today=self.day)

    @invariant()
    def caches_match_the_events(self) -> None:
        if not hasattr(self, "provider"):
            return
        for provider in (self.provider, self.other):
            for person in self.people:
                events = [to_ev(e) for e in JournalEvent.objects.filter(
                    journal__provider=provider, person=person).select_related(
                    "destination_provider", "destination_region", "destination_district").order_by("id")]
                state = L.derive(events, L.JournalSetting.STATIONARY)
                active = Placement.objects.filter(provider=provider, person=person, active=True).first()
                assert (active is not None) == state.present
                if active is not None:
                    assert active.status == {L.Status.PLACED: PlacementStatus.PRESENT,
                                             L.Status.ON_LEAVE: PlacementStatus.ON_LEAVE}[state.status]
                for app_id, app_state in L.application_states(events).items():
                    app = QueueApplication.objects.get(pk=app_id)
                    assert (app.status, app.arrival_by, app.postponements) == (
                        app_state.status.value, app_state.arrival_by, app_state.postponements)

    @invariant()
    def capacity_and_single_placement_hold(self) -> None:
        if not hasattr(self, "provider"):
            return
        for row in ProviderSetting.objects.filter(provider__in=[self.provider, self.other]):
            taken = Placement.objects.filter(provider=row.provider, setting=row.setting, active=True).count()
            offered = QueueApplication.objects.filter(provider=row.provider, status="offered").count()
            assert taken + offered <= row.capacity
        for person in self.people:
            assert Placement.objects.filter(person=person, active=True, setting=ST).count() <= 1
            assert QueueApplication.objects.filter(person=person, provider=self.provider,
                                                   status__in=["pending", "offered"]).count() <= 1


@pytest.mark.django_db
def test_journal_state_machine():
    run_state_machine_as_test(JournalMachine, settings=settings(max_examples=12, stateful_step_count=40,
                                                                deadline=None))
