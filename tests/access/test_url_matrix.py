"""The access matrix, generated from the URL configuration: every page and API endpoint names the
permission it needs (or is listed here as public or log-in only), refuses the anonymous visitor, refuses
every role without the permission, and never fails with a server error for a role that holds it.

A new URL without a rule fails ``test_every_endpoint_declares_its_rule``; object scope (inside and outside
a role's provider or region) is tested per app with real objects (tests/*/test_access.py)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from qamqor.access.roles import permissions_of
from qamqor.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Reachable without logging in: the log-in steps, the language switch, the public queue position
# (numbers only, no personal data) and the API schema's own access control (it answers 401/403 itself).
PUBLIC = {
    "set_language", "web:login", "web:logout", "journal:position_public", "journal-position-public",
}
PUBLIC_PREFIXES = ("accounts:",)  # log-in, two-factor and log-out steps: each checks the session itself
# Log-in needed, no permission: the person's own account pages and the API description.
LOGIN_ONLY = {"web:home", "api-schema", "api-docs", "web:search"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    methods: dict[str, Any] | None
    is_api: bool


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> list[tuple[str, str, Any]]:
    rows = []
    for p in patterns:
        if isinstance(p, URLResolver):
            rows += _walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            rows.append((ns + (p.name or ""), prefix + str(p.pattern), p.callback))
    return rows


_CONVERTERS = {"uuid": lambda: str(uuid.uuid4()), "int": lambda: "999999", "str": lambda: "stationary",
               "slug": lambda: "x", "path": lambda: "x"}


def _sample_path(pattern: str) -> str:
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: _CONVERTERS[m.group(1) or "str"](), pattern)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path.lstrip("/")


def endpoints() -> list[Endpoint]:
    with translation.override("en"):
        rows = _walk(get_resolver().url_patterns)
    result = []
    for name, pattern, callback in rows:
        if name.startswith("admin:") or "(?P<format>" in pattern or "\\.(?P" in pattern:
            continue
        cls = getattr(callback, "cls", None)
        methods = getattr(cls, "required", None) if cls is not None else getattr(callback, "qamqor_permissions", None)
        result.append(Endpoint(name=name, path=_sample_path(pattern), methods=methods,
                               is_api=pattern.startswith("api/")))
    return result


def _is_public(e: Endpoint) -> bool:
    return e.name in PUBLIC or e.name.startswith(PUBLIC_PREFIXES)


def test_every_endpoint_declares_its_rule() -> None:
    undeclared = sorted(e.name or e.path for e in endpoints()
                        if e.methods is None and not _is_public(e) and e.name not in LOGIN_ONLY)
    assert undeclared == [], "endpoints without a permission rule (access.views.require / DRF `required`)"


def test_the_anonymous_visitor_is_refused_everywhere_but_the_public_pages(client) -> None:
    leaks = []
    for e in endpoints():
        if _is_public(e):
            continue
        for method in ("get", "post"):
            status = getattr(client, method)(e.path).status_code
            if status not in (302, 401, 403, 404, 405):
                leaks.append((e.name, method, status))
    assert leaks == []


def _user(role: str) -> Any:
    if role in (Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD):
        return UserFactory(role=role)
    if role == Role.LEB_OFFICER:
        return UserFactory(role=role)
    return UserFactory(role=role, provider=None, region=None)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_gets_exactly_what_its_permissions_allow(client, rules_loaded, role: str) -> None:
    """GET of every endpoint with a random identifier: a role without the permission is refused (403);
    a role with it gets an answer (200, a redirect, 400 or 404 for the unknown identifier) — never 403
    and never a server error."""
    client.raise_request_exception = False
    client.force_login(_user(role))
    held = permissions_of(role)
    wrong = []
    for e in endpoints():
        if e.methods is None or "GET" not in e.methods:
            continue
        status = client.get(e.path).status_code
        allowed = e.methods["GET"] in held
        if status >= 500 or (allowed and status == 403) or (not allowed and status not in (403, 404)):
            wrong.append((e.name, e.path, status, "allowed" if allowed else "refused"))
    assert wrong == []
