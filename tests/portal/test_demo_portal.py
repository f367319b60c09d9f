"""``load_demo_portal``: the demo applicant is a parent who sees their child, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from qamqor.accounts.models import Role
from qamqor.portal import selectors
from qamqor.portal.models import Applicant
from qamqor.registry.domain import is_minor

pytestmark = pytest.mark.django_db


def test_demo_applicant_acts_for_a_child(rules_loaded: None) -> None:
    call_command("load_regions", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_portal", stdout=out)
    call_command("load_demo_portal", stdout=out)
    account = Applicant.objects.select_related("user", "person").get()
    assert account.user.role == Role.APPLICANT and "already there" in out.getvalue()
    persons = selectors.persons(actor=account.user)
    assert persons[0] == account.person and any(is_minor(p.birth_date, p.created_at.date()) for p in persons[1:])
