"""Structural accessibility checks on every page of the registries (WCAG 2.1 AA basics): the
language of the page, a skip link to the main landmark, one h1 and no skipped heading level, a label
for every form control, errors tied to their field, <th> with a scope, unique ids."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from qamqor.registry.models import Ground
from tests.web.scenario import new_iin

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.label_for: set[str] = set()
        self.in_label = 0
        self.wrapped: set[int] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and self.in_label:
            self.wrapped.add(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1


def problems(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    found = []
    tags = [t for t, _ in page.elements]
    html_attrs = page.elements[0][1] if page.elements and page.elements[0][0] == "html" else {}
    if not html_attrs.get("lang"):
        found.append("no lang on <html>")
    if not any(t == "a" and a.get("href") == "#main" for t, a in page.elements):
        found.append("no skip link")
    if not any(t == "main" and a.get("id") == "main" for t, a in page.elements):
        found.append("no <main id=main>")
    headings = [int(t[1]) for t in tags if len(t) == 2 and t[0] == "h" and t[1].isdigit()]
    if headings.count(1) != 1:
        found.append(f"{headings.count(1)} h1 elements")
    for before, after in zip(headings, headings[1:], strict=False):
        if after > before + 1:
            found.append(f"heading level skipped: h{before} -> h{after}")
    ids = [a["id"] for _, a in page.elements if a.get("id")]
    found += [f"duplicate id {i}" for i in {i for i in ids if ids.count(i) > 1}]
    for index, (tag, attrs) in enumerate(page.elements):
        if tag == "th" and not attrs.get("scope"):
            found.append("<th> without scope")
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            if index not in page.wrapped and attrs.get("id") not in page.label_for:
                found.append(f"{tag} {attrs.get('name')} has no label")
        for ref in attrs.get("aria-describedby", "").split():
            if ref not in ids:
                found.append(f"aria-describedby points to missing #{ref}")
    return found


def pages(world):
    uid = world.person.uid
    Ground.objects.create(person=world.person, kind="court_act", number="1", issued_on=date(2026, 1, 5),
                          issuing_body="Сот", region=world.region)
    return [
        ("get", reverse("web:home"), None),
        ("get", reverse("web:person_list") + "?q=сейіт", None),
        ("get", reverse("web:person_detail", kwargs={"uid": uid}), None),
        ("get", reverse("web:person_register"), None),
        ("post", reverse("web:person_register"), {"iin": new_iin(date(2017, 1, 1)), "region": world.region.code,
                                                 "legal_capacity": "full"}),
        ("post", reverse("web:person_register"), {"iin": "123", "surname": "А", "given_name": "Б",
                                                 "region": world.region.code, "legal_capacity": "full"}),
        ("get", reverse("web:person_edit", kwargs={"uid": uid}), None),
        ("post", reverse("web:representation_add", kwargs={"uid": uid}), {"representative_iin": "1"}),
        ("post", reverse("web:ground_register", kwargs={"uid": uid}), {"kind": "court_act"}),
        ("get", reverse("web:provider_list"), None),
        ("get", reverse("web:provider_detail", kwargs={"uid": world.provider.uid}), None),
        ("get", reverse("web:search") + "?q=сейіт", None),
        ("get", reverse("web:search") + "?q=" + world.provider.bin, None),
        ("get", reverse("web:missing_documents"), None),
        ("get", reverse("web:region_list"), None),
        ("get", reverse("web:region_detail", kwargs={"code": world.region.code}), None),
        ("get", reverse("web:dashboards"), None),
        ("get", reverse("web:dashboards") + "?date_from=2026-05-01&date_to=2026-04-01", None),
        ("get", reverse("web:reference"), None),
        ("get", reverse("web:reference_institution_types"), None),
        ("get", reverse("web:reference_categories"), None),
        ("get", reverse("web:reference_services"), None),
        ("get", reverse("web:reference_risk_criteria"), None),
        ("get", reverse("web:reference_checklists"), None),
        ("get", reverse("web:reference_parameters"), None),
    ]


def test_every_page_passes_the_structural_checks(client, world, rules_loaded):
    client.force_login(world.user("admin"))
    failures = {}
    for method, url, data in pages(world):
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 200, url
        found = problems(response.content.decode())
        if found:
            failures[f"{method} {url}"] = found
    assert failures == {}


def test_log_in_page(client):
    assert problems(client.get(reverse("web:login")).content.decode()) == []


def test_the_checker_catches_problems():
    bad = '<html><body><h1>A</h1><h3>B</h3><input name="x" id="x"><table><tr><th>c</th></tr></table></body></html>'
    assert set(problems(bad)) >= {"no lang on <html>", "no skip link", "heading level skipped: h1 -> h3",
                                  "input x has no label", "<th> without scope"}


@pytest.mark.parametrize("who", ["specialist", "head", "leb", "inspector", "analyst"])
def test_each_roles_home_page_passes_the_structural_checks(client, world, rules_loaded, who):
    client.force_login(world.user(who))
    assert problems(client.get(reverse("web:home")).content.decode()) == []
