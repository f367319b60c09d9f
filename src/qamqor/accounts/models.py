"""Users: each has one role and the organisation or region the role is scoped to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVIDER_SPECIALIST = "provider_specialist", _("provider specialist")
    PROVIDER_HEAD = "provider_head", _("head of provider")
    LEB_OFFICER = "leb_officer", _("local executive body officer")
    INSPECTOR = "inspector", _("state inspector")
    ANALYST = "analyst", _("ministry analyst")
    ADMIN = "admin", _("system administrator")
    APPLICANT = "applicant", _("applicant or legal representative")


PROVIDER_ROLES = (Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD)


class User(AbstractUser):
    """A person who logs in. Provider roles belong to one provider; a local executive body officer
    to one region; an inspector to a region or, with none, to the whole country."""

    role = models.CharField(max_length=30, choices=Role.choices, verbose_name=_("role"))
    provider = models.ForeignKey("registry.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="staff", verbose_name=_("provider"))
    region = models.ForeignKey("registry.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="officers", verbose_name=_("region"))
    iin = models.CharField(max_length=12, blank=True, verbose_name=_("IIN"))
    position = models.CharField(max_length=200, blank=True, verbose_name=_("position"))
    session_epoch = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("session generation"),
        help_text=_("Raised by «log out everywhere»: every session opened before is no longer valid."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_provider_role_has_provider",
                condition=~Q(role__in=[r.value for r in PROVIDER_ROLES]) | Q(provider__isnull=False),
            ),
            models.CheckConstraint(
                name="user_leb_officer_has_region",
                condition=~Q(role=Role.LEB_OFFICER.value) | Q(region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django checks this hash on every request: a session opened before the password changed or
        before «log out everywhere» (``session_epoch``) no longer matches and is logged out."""
        key_salt = "qamqor.accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}\x00{self.session_epoch}", secret=secret,
                           algorithm="sha256").hexdigest()


class LoginAttempt(models.Model):
    """A failed log-in (password or second factor), counted per account and per client address to
    lock out repeated guessing (``qamqor.accounts.lockout``). Not the audit trail: rows are deleted
    when an account logs in successfully and by the retention command."""

    class Step(models.TextChoices):
        PASSWORD = "password", _("password")
        SECOND_FACTOR = "second_factor", _("second factor")

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("when"))
    username = models.CharField(max_length=150, db_index=True, verbose_name=_("user name tried"))
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True, verbose_name=_("address"))
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.PASSWORD, verbose_name=_("step"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.ip or ''}"


class TwoFactorDevice(models.Model):
    """A user's TOTP authenticator (RFC 6238): the shared secret, confirmed once the user has typed a
    first valid code. ``last_step`` refuses the reuse of a code already accepted. The secret is stored
    encrypted with a key derived from ``SECRET_KEY`` (``twofactor.seal``), so a copy of the database
    alone does not give the codes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor",
                                verbose_name=_("user"))
    secret = models.CharField(max_length=255, verbose_name=_("secret"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed"))
    last_step = models.BigIntegerField(default=0, verbose_name=_("last accepted time step"))

    class Meta:
        verbose_name = _("two-factor authenticator")
        verbose_name_plural = _("two-factor authenticators")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A one-time code that replaces the authenticator once (lost phone). Only its SHA-256 hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes",
                             verbose_name=_("user"))
    code_hash = models.CharField(max_length=64, verbose_name=_("code hash"))
    used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("used"))

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.code_hash[:8]}"
