"""The shared kernel's tables: the audit trail and the base model every table extends."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Creation and change times on every table; a UUID for use in URLs."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public identifier"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed log-in")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One attributable read or write of a record: who, when, what, from where, what changed.

    Append-only: the application never updates or deletes a row (the queryset refuses, the admin is
    read-only, and a database trigger refuses UPDATE)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("who"),
    )
    actor_username = models.CharField(max_length=150, blank=True, verbose_name=_("user name"))
    action = models.CharField(max_length=20, choices=AuditAction.choices, verbose_name=_("action"))
    object_type = models.CharField(max_length=100, verbose_name=_("record type"))
    object_id = models.CharField(max_length=64, verbose_name=_("record identifier"))
    object_repr = models.CharField(max_length=300, blank=True, verbose_name=_("record"))
    subject_person = models.CharField(
        max_length=64, blank=True, db_index=True, verbose_name=_("person concerned"),
        help_text=_("Public identifier of the person the record concerns, if any."),
    )
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("what changed"))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("address"))
    path = models.CharField(max_length=500, blank=True, verbose_name=_("page or endpoint"))

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action} {self.object_type} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The audit trail is append-only.")


class JobRun(models.Model):
    """One run of a scheduled job for one period (its ``key``, e.g. the day). A run that finished is not
    repeated; one that died half-way (status ``running`` past its lease, or ``failed``) is retried. The
    jobs themselves are transactional or idempotent, so a retried run's effect happens once."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(max_length=80, verbose_name=_("job"))
    key = models.CharField(max_length=80, verbose_name=_("period"))
    status = models.CharField(max_length=10, choices=Status.choices, verbose_name=_("status"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    result = models.JSONField(default=dict, blank=True, verbose_name=_("result"))
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="uniq_job_run")]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return f"{self.name} {self.key}: {self.status}"
