"""Walk the whole interface as every demo user, in Kazakh and Russian, following the links each page
offers: every page answers without a server error, declares its language, has one <h1>, and shows no
string left in English (a string that bypassed the translation machinery or lacks a translation).

The demo data set (``make run``'s) is loaded inside the test's transaction and rolled back after it."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from qamqor.accounts.models import User

pytestmark = pytest.mark.django_db

# Latin-script words that are right in a Kazakh or Russian page: names of formats, systems, the
# product, units, and the English name of the language in the switcher.
ALLOWED = {"qamqor", "pdf", "xlsx", "csv", "json", "api", "sobes", "english", "html", "svg", "url", "iin",
           "bin", "totp", "otpauth", "utc", "mail", "http", "https", "www", "gov", "egov", "id", "openapi",
           "eur", "kzt", "swagger", "qr", "ncalayer", "cms", "pkcs", "crl", "kalkan", "gost", "jwt"}
SKIP = ("/admin/", "/logout/", "/i18n/", "/api/", "/account/")
MAX_PAGES_PER_ROLE = 45


class Visible(HTMLParser):
    """The page's visible text (not scripts, styles or attributes), its links, <html lang> and <h1>s."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.lang = ""
        self.h1 = 0
        self._hidden = 0
        self._raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if a.get("translate") == "no":  # raw data marked as such (user names, stored values, file names)
            self._raw.append(tag)
        if tag in ("script", "style", "code", "pre"):
            self._hidden += 1
        elif tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre") and self._hidden:
            self._hidden -= 1
        if self._raw and self._raw[-1] == tag:
            self._raw.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._raw:
            self.text.append(data)


def english_words(text: str) -> set[str]:
    text = re.sub(r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:kz|com|org|gov|csv|xlsx|json|pdf)\b", " ", text)
    words = set(re.findall(r"\b[A-Za-z]{3,}\b", text))
    return {w for w in words if w.lower() not in ALLOWED}


def _load_demo() -> None:
    """As `make run` loads it: in the interface's first language (free-text demo records are Kazakh)."""
    with translation.override(settings.LANGUAGE_CODE):
        _load_demo_commands()


def _load_demo_commands() -> None:
    for command in ("load_rules", "load_regions", "load_demo", "load_demo_journal", "load_demo_portal",
                    "load_demo_esobes", "load_demo_control"):
        call_command(command, stdout=StringIO(), stderr=StringIO())


def _crawl(client, language: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    start = f"/{language}/"
    seen = {start}
    queue = deque([start])
    visited = 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            problems.append((url, f"status {response.status_code}"))
            continue
        if response.status_code in (301, 302):
            target = urlsplit(response["Location"])
            if not target.netloc and target.path.startswith(f"/{language}/") and response["Location"] not in seen:
                seen.add(response["Location"])
                queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = Visible()
        page.feed(response.content.decode())
        if page.lang != language:
            problems.append((url, f"lang={page.lang!r}"))
        if page.h1 != 1:
            problems.append((url, f"{page.h1} <h1>"))
        words = english_words(" ".join(page.text))
        if words:
            problems.append((url, "English: " + ", ".join(sorted(words)[:12])))
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith(f"/{language}/") or any(s in parts.path for s in SKIP):
                continue
            if parts.path.endswith((".pdf", ".xlsx", ".csv")) or "/print" in parts.path or "xlsx" in parts.path:
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return problems


def test_every_page_every_role_kazakh_and_russian(client, settings) -> None:  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _load_demo()
    client.raise_request_exception = False
    problems = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        client.force_login(user)
        for language in ("kk", "ru"):
            problems += [(user.username, language, url, what) for url, what in _crawl(client, language)]
    client.logout()
    for language in ("kk", "ru"):  # the log-in page and the public pages it links to
        problems += [("anonymous", language, url, what) for url, what in _crawl(client, language)]
    assert problems == [], "\n".join(" ".join(p) for p in problems)
