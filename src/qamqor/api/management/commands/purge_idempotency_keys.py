"""Delete stored Idempotency-Key responses whose time has passed (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from qamqor.api.models import IdempotencyKey


class Command(BaseCommand):
    help = "Delete expired Idempotency-Key records."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, _ = IdempotencyKey.objects.filter(expires_at__lte=timezone.now()).delete()
        self.stdout.write(f"Deleted {deleted} expired idempotency keys.")
