"""Schemathesis against the API's own OpenAPI schema (/api/schema/), in-process through the Django WSGI
application, as an administrator with a session (and the CSRF token a browser would send): for every
operation a few generated requests, valid and invalid, must get no 5xx, and the responses must match
the schema (body and content type). SQLite is enough; a small catalog and a few records exist so that
lists and look-ups return rows."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from qamqor.accounts.models import Role
from tests.factories import UserFactory
from tests.journal.support import admit, apply, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = int(os.environ.get("QAMQOR_FUZZ_EXAMPLES", "6"))
CSRF = "reliabilityfuzzcsrftoken00000000"  # a 32-character secret: cookie and header agree
SKIPPED: dict[str, str] = {
    # Each of these renders a whole document (XLSX/PDF) per example; their input validation is the same
    # as the JSON endpoint beside them (journal rows, inspection detail), which is fuzzed.
    "GET /api/v1/journal/providers/{provider_uid}/{setting}/rows.xlsx": "binary export, slow per example",
    "GET /api/v1/control/inspections/{uid}/print/": "PDF rendering, slow per example",
}


def _fuzz(operation: Any, label: str, cookies: dict[str, str], failures: dict[str, list[str]],
          statuses: Counter) -> None:
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        try:
            response = case.call(headers={"X-CSRFToken": CSRF}, cookies=cookies)
            statuses[response.status_code // 100 * 100] += 1
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance,
                                                     content_type_conformance])
        except Exception as exc:  # noqa: BLE001 - collected per operation, reported together
            message = str(exc).strip().splitlines()
            failures[label].append(" | ".join(message[:14]))

    check()


@contextmanager
def connection_kept_open() -> Iterator[None]:
    """The WSGI handler closes the connection after each request; inside the test's transaction it must
    not. (Django's test client does the same and reconnects the receivers after each of its requests, so
    this wraps only the direct WSGI calls.)"""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_api_operation_answers_generated_requests_without_5xx_and_as_documented(
        rules_loaded: Any) -> None:
    home = provider_with(capacity=1)
    head = staff(home, Role.PROVIDER_HEAD)
    admit(head, person_at(home), home)
    apply(head, person_at(home), home)
    admin = UserFactory(role=Role.ADMIN, username="fuzz.admin")
    browser = Client()
    browser.force_login(admin)
    cookies = {"sessionid": browser.cookies["sessionid"].value, "csrftoken": CSRF}
    document = browser.get("/api/schema/?format=json")
    assert document.status_code == 200
    schema = schemathesis.openapi.from_dict(document.json())
    schema.app = get_wsgi_application()
    failures: dict[str, list[str]] = defaultdict(list)
    ran = 0
    statuses: Counter = Counter()
    with connection_kept_open():
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            if label in SKIPPED:
                continue
            ran += 1
            _fuzz(operation, label, cookies, failures, statuses)
    print(f"\n{ran} operations, responses by class: {dict(sorted(statuses.items()))}")
    assert ran > 50
    # the session and the CSRF token were accepted: many requests got past authentication
    assert statuses[200] > ran and statuses[500] == 0 or failures
    report = "\n".join(f"{label}:\n  " + "\n  ".join(sorted(set(msgs))[:3]) for label, msgs in sorted(failures.items()))
    assert not failures, f"{len(failures)} of {ran} operations failed:\n{report}"
