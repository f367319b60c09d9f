"""Demo journal: journals opened, the demo recipients admitted on their grounds, a few leaves, a
discharge with re-admission and a short queue — all through the journal services, so the demo
journal obeys the same rules and is audited like real entries. Idempotent: a provider whose
journal already has events is left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.accounts.models import User
from qamqor.core.errors import DomainError
from qamqor.journal import services as journal
from qamqor.journal.domain.lifecycle import JournalSetting
from qamqor.journal.models import JournalEvent
from qamqor.registry.models import Ground, Provider, ProviderSetting


class Command(BaseCommand):
    help = "Fill the demo providers' electronic journals (after load_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(_("The demo data set has known passwords and is never loaded in production."))
        actor = User.objects.filter(username="admin").first()
        if actor is None:
            raise CommandError(_("Run “manage.py load_demo” first."))
        today = timezone.localdate()
        counts = {"journals": 0, "admissions": 0, "leaves": 0, "readmissions": 0, "refused": 0}
        journal_settings = {s.value for s in JournalSetting}
        for provider in Provider.objects.order_by("bin"):
            if JournalEvent.objects.filter(journal__provider=provider).exists():
                continue
            with transaction.atomic():
                self._fill(actor, provider, journal_settings, today, counts)
        self.stdout.write(_("Demo journal: %(counts)s.") % {
            "counts": ", ".join(f"{k} {v}" for k, v in counts.items())})

    def _fill(self, actor: Any, provider: Provider, journal_settings: set[str], today: Any,
              counts: dict[str, int]) -> None:
        settings_here = [s.setting for s in ProviderSetting.objects.filter(provider=provider)
                         if s.setting in journal_settings]
        if not settings_here:
            return
        started = today - timedelta(days=400)
        for setting in settings_here:
            journal.journal_open(actor=actor, provider=provider, setting=setting, started_on=started)
            counts["journals"] += 1
        grounds = Ground.objects.filter(provider=provider).select_related("person").order_by("issued_on", "id")
        for n, ground in enumerate(grounds):
            setting = ground.setting if ground.setting in settings_here else settings_here[0]
            arrived = max(ground.issued_on, started) + timedelta(days=3)
            if arrived > today:
                arrived = today
            try:
                journal.admission_record(
                    actor=actor, person=ground.person, provider=provider, setting=setting, event_date=arrived,
                    order_number=f"{100 + n}-қ", order_date=arrived, ground=ground, today=today,
                    examined_and_treated=True, registration_card=f"RC-{100 + n}")
            except DomainError:
                counts["refused"] += 1
                continue
            counts["admissions"] += 1
            if setting != JournalSetting.STATIONARY:
                continue  # leaves and re-admissions are stationary events (seed 003 p. 11)
            if n % 5 == 1 and arrived < today - timedelta(days=40):
                self._leave(actor, ground, provider, setting, today, n, counts)
            if n % 7 == 3 and arrived < today - timedelta(days=60):
                self._return_after_discharge(actor, ground, provider, setting, today, n, counts)

    @staticmethod
    def _leave(actor: Any, ground: Ground, provider: Provider, setting: str, today: Any, n: int,
               counts: dict[str, int]) -> None:
        left = today - timedelta(days=20)
        try:
            journal.leave_start(actor=actor, person=ground.person, provider=provider, setting=setting,
                                event_date=left, order_number=f"{300 + n}-қ", order_date=left,
                                reason=_("family visit"), expected_return=today + timedelta(days=5),
                                parent_application=f"№ {n}", doctor_conclusion=f"№ {n}", today=today)
            counts["leaves"] += 1
        except DomainError:
            counts["refused"] += 1

    @staticmethod
    def _return_after_discharge(actor: Any, ground: Ground, provider: Provider, setting: str, today: Any,
                                n: int, counts: dict[str, int]) -> None:
        out, back = today - timedelta(days=50), today - timedelta(days=10)
        try:
            journal.discharge_record(actor=actor, person=ground.person, provider=provider, setting=setting,
                                     event_date=out, order_number=f"{500 + n}-қ", order_date=out,
                                     reason=_("at the request of the family"), today=today)
            journal.readmission_record(actor=actor, person=ground.person, provider=provider, setting=setting,
                                       event_date=back, order_number=f"{600 + n}-қ", order_date=back,
                                       ground=ground, examined_and_treated=True,
                                       registration_card=f"RC-{600 + n}", today=today)
            counts["readmissions"] += 1
        except DomainError:
            counts["refused"] += 1
