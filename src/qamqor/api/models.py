"""The API's own tables: tokens that let other systems call the API, and the Idempotency-Key store."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.core.models import BaseModel


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class ApiToken(BaseModel):
    """A bearer token of a system. It acts as its ``user``: that user's role and provider or region
    decide what the token may do and see, exactly as for the pages. The secret is shown once, when the
    token is created; only its SHA-256 digest is kept, found through the public ``prefix``."""

    name = models.CharField(max_length=200, verbose_name=_("name"),
                            help_text=_("Which system or tool uses the token."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name=_("acts as user"))
    prefix = models.CharField(max_length=16, unique=True, editable=False, verbose_name=_("prefix"))
    digest = models.CharField(max_length=64, editable=False, verbose_name=_("SHA-256 digest"))
    created_by = models.CharField(max_length=150, blank=True, editable=False, verbose_name=_("created by"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("last used"))
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("revoked"))
    revoked_by = models.CharField(max_length=150, blank=True, editable=False, verbose_name=_("revoked by"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class IdempotencyKey(models.Model):
    """The first response to a POST sent with an ``Idempotency-Key``: a retry with the same key and
    body gets it back and changes nothing. ``status_code`` is empty while the first request runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text=_("SHA-256 of the method, path and body."))
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.method} {self.path}"
