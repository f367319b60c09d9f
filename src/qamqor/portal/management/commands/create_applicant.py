"""Open an applicant account for a registered adult with full legal capacity, by IIN."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qamqor.accounts.models import Role, User
from qamqor.core.errors import DomainError
from qamqor.portal import services


class Command(BaseCommand):
    help = "Open an applicant account for the person with the given IIN (the password is asked for)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("iin")
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        system = User(username="manage.py", role=Role.ADMIN, is_superuser=True)
        password = getpass.getpass("Password: ")
        try:
            account = services.account_create(actor=system, iin=options["iin"], username=options["username"],
                                              password=password, email=options["email"])
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"applicant account {account.user.username} → {account.person}")
