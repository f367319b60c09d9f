"""Create, list and revoke API tokens from the server's command line.

    manage.py api_token create --name "E-sobes" --user existing_user
    manage.py api_token create --name "Centre tool" --service-user svc-centre --role provider_specialist \\
        --provider <BIN>
    manage.py api_token list
    manage.py api_token revoke <prefix>

The token text is printed once, on creation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qamqor.accounts.models import User
from qamqor.api import tokens
from qamqor.api.models import ApiToken
from qamqor.core.errors import DomainError
from qamqor.registry.models import Provider, Region


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (the token text is shown once, on creation)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token acting as a user.")
        create.add_argument("--name", required=True, help="Which system uses the token.")
        who = create.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="An existing user the token acts as.")
        who.add_argument("--service-user", help="Create a dedicated user (no password) with this name.")
        create.add_argument("--role", help="Role of the new service user.")
        create.add_argument("--provider", help="BIN of the provider (provider roles).")
        create.add_argument("--region", help="KATO code of the region (officers, regional inspectors).")
        create.add_argument("--days", type=int, default=0, help="Expire after this many days (0: never).")
        sub.add_parser("list", help="List tokens (never their secret).")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None

    def _create(self, options: dict[str, Any]) -> None:
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        else:
            provider = region = None
            if options["provider"]:
                provider = Provider.objects.filter(bin=options["provider"]).first()
                if provider is None:
                    raise CommandError(f"No provider with BIN {options['provider']!r}.")
            if options["region"]:
                region = Region.objects.filter(code=options["region"]).first()
                if region is None:
                    raise CommandError(f"No region {options['region']!r}.")
            user = tokens.service_user_create(actor=None, username=options["service_user"],
                                              role=options["role"] or "", provider=provider, region=region,
                                              full_name=options["name"])
        expires = timezone.now() + timedelta(days=options["days"]) if options["days"] else None
        token, raw = tokens.token_create(actor=None, user=user, name=options["name"], expires_at=expires)
        self.stdout.write(f"Token {token.prefix} for {user.username} ({user.role}). Copy it now, it is not "
                          "shown again:")
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        for t in ApiToken.objects.select_related("user").order_by("created_at"):
            state = "revoked" if t.revoked_at else "expired" if not t.is_active else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(f"{t.prefix}\t{state}\t{t.user.username}\t{t.user.role}\t{t.name}\tlast used {used}")

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"No token with prefix {options['prefix']!r}.")
        tokens.token_revoke(actor=None, token=token)
        self.stdout.write(f"Revoked {token.prefix} ({token.name}).")
