"""When the database goes away under a request (here: the driver fails every statement, as when
PostgreSQL restarts), the API answers 503 with a problem document and Retry-After, a page answers a
short 503 page, and the next request, with the database back, succeeds. The real restart is in
test_pg_restart.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from qamqor.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _database_gone(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    raise OperationalError("server closed the connection unexpectedly (injected fault)")


@pytest.fixture
def browser() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(role=Role.ADMIN))
    return client


def test_the_api_answers_503_with_a_problem_and_recovers(browser: Client) -> None:
    with connection.execute_wrapper(_database_gone):
        response = browser.get("/api/v1/persons/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "service_unavailable" and body["status"] == 503 and body["detail"]
    assert browser.get("/api/v1/persons/").status_code == 200


def test_a_page_answers_503_and_recovers(browser: Client) -> None:
    with connection.execute_wrapper(_database_gone):
        response = browser.get("/en/persons/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert b"Service temporarily unavailable" in response.content
    assert browser.get("/en/persons/").status_code == 200


def test_a_failure_in_the_session_middleware_is_a_503_too() -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32  # the session is read from the database before any view
    with connection.execute_wrapper(_database_gone):
        response = client.get("/api/v1/persons/")
    assert response.status_code == 503 and response.json()["code"] == "service_unavailable"
