"""The demo applicant: a parent of a demo child, who can log in to the portal as ``applicant``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from qamqor.accounts.models import Role, User
from qamqor.portal.models import Applicant
from qamqor.registry.demo import DEMO_PASSWORD
from qamqor.registry.domain import needs_representative
from qamqor.registry.models import Representation

USERNAME = "applicant"


class Command(BaseCommand):
    help = "Create the demo applicant (a parent of a demo child); run after load_demo. Idempotent."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo applicant is not created in production.")
        if Applicant.objects.filter(user__username=USERNAME).exists():
            self.stdout.write("demo applicant: already there")
            return
        today = timezone.localdate()
        parent = next((r.representative for r in Representation.objects.filter(kind=Representation.Kind.PARENT)
                       .select_related("representative").order_by("pk")
                       if not needs_representative(r.representative.birth_date,
                                                   r.representative.legal_capacity, today)), None)
        if parent is None:
            raise CommandError("No demo parent found: run load_demo first.")
        user = User(username=USERNAME, role=Role.APPLICANT, first_name=parent.given_name, last_name=parent.surname)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Applicant.objects.create(user=user, person=parent)
        self.stdout.write(f"demo applicant: {USERNAME} / {DEMO_PASSWORD} → {parent}")
