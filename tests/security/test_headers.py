"""ASVS V14.4: every response carries a Content-Security-Policy without inline script or style, frame
denial, a referrer policy, a permissions policy and the cross-origin opener policy; no page, the
admin's and the API docs' included, has an inline script, an inline style element or a style attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qamqor.accounts.models import Role
from tests.factories import PersonFactory, ProviderPersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "qamqor"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I)


def _assert_headers(response) -> None:  # noqa: ANN001
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def _assert_no_inline(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    match = INLINE_STYLE.search(html)
    assert match is None, html[max(0, match.start() - 200):match.end() + 100]


def test_the_login_page(client) -> None:
    response = client.get("/kk/login/")
    _assert_headers(response)
    _assert_no_inline(response.content.decode())


@pytest.mark.parametrize("path", ["/en/", "/en/persons/", "/en/providers/", "/en/reference/",
                                  "/en/account/security/", "/en/account/two-factor/enrol/", "PERSON"])
def test_pages(client, path) -> None:
    link = ProviderPersonFactory()
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    if path == "PERSON":
        path = f"/en/persons/{link.person.uid}/"
    response = client.get(path)
    assert response.status_code == 200
    _assert_headers(response)
    _assert_no_inline(response.content.decode())


@pytest.mark.parametrize("path", ["/en/admin/", "/en/admin/accounts/user/", "/en/admin/accounts/user/add/",
                                  "/en/admin/core/auditevent/"])
def test_admin_pages(client, path) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    response = client.get(path)
    assert response.status_code == 200
    _assert_headers(response)
    _assert_no_inline(response.content.decode())


def test_the_admin_login_page(client) -> None:
    response = client.get("/en/admin/login/")
    _assert_headers(response)
    _assert_no_inline(response.content.decode())


def test_the_api_docs_use_only_files_from_this_server(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    response = client.get("/api/docs/")
    assert response.status_code == 200
    _assert_headers(response)
    html = response.content.decode()
    _assert_no_inline(html)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    for path in sources:
        if path.startswith("/static/"):
            assert client.get(path).status_code == 200, path


def test_api_responses_carry_the_headers(client) -> None:
    client.force_login(UserFactory(role=Role.INSPECTOR))
    _assert_headers(client.get("/api/v1/persons/"))


def _templates() -> list[Path]:
    return sorted(p for p in SRC.glob("*/templates/**/*.html"))


def test_no_template_has_inline_script_or_style() -> None:
    """Print templates (WeasyPrint, recognised by their ``@page`` rule) never reach a browser and may
    carry their style inline."""
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if "@page" in text:
            continue
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_a_person_page_of_a_hostile_name_has_no_script(client) -> None:
    person = PersonFactory(surname='<script>alert(1)</script>"\' style="x', given_name="مريم")
    client.force_login(UserFactory(role=Role.ADMIN))
    html = client.get(f"/en/persons/{person.uid}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '" style="x' not in html and "مريم" in html
