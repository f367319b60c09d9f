"""Personal data: every view and export of a person's data is audited; the person can be given
everything the system holds on them (subject access, JSON or PDF, with who viewed it); retention
rules are settings and a dry-run-by-default command applies them."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch
from django.utils import timezone
from pypdf import PdfReader

from qamqor.accounts.models import LoginAttempt, Role
from qamqor.accounts.personal_data import apply_retention
from qamqor.core.middleware import ExportAuditMiddleware
from qamqor.core.models import AuditAction, AuditEvent
from tests.factories import ProviderPersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    return ProviderPersonFactory()


def _views(person) -> int:  # noqa: ANN001
    return AuditEvent.objects.filter(action=AuditAction.VIEW, subject_person=str(person.uid)).count()


def test_the_person_page_and_the_api_record_each_view(client, linked) -> None:
    person = linked.person
    staff = UserFactory(role=Role.PROVIDER_SPECIALIST, provider=linked.provider)
    client.force_login(staff)
    assert client.get(f"/en/persons/{person.uid}/").status_code == 200
    assert _views(person) == 1
    assert client.get(f"/api/v1/persons/{person.uid}/").status_code == 200
    assert _views(person) == 2
    event = AuditEvent.objects.filter(subject_person=str(person.uid)).first()
    assert event.actor_username == staff.username and event.path == f"/api/v1/persons/{person.uid}/"


def test_a_refused_view_of_a_person_outside_the_scope_reveals_and_records_nothing(client, linked) -> None:
    client.force_login(UserFactory(role=Role.PROVIDER_SPECIALIST))  # another provider
    assert client.get(f"/en/persons/{linked.person.uid}/").status_code == 404
    assert _views(linked.person) == 0


def test_every_download_is_audited_as_an_export_with_who_made_it(linked) -> None:
    """Any response that is a file (PDF, spreadsheet...) is an export: the middleware writes who took
    it, from where, which file, and the person when the address names one."""
    request = RequestFactory().get(f"/en/persons/{linked.person.uid}/file.pdf", REMOTE_ADDR="10.3.3.3")
    request.user = UserFactory(role=Role.INSPECTOR)
    request.resolver_match = ResolverMatch(lambda r: None, (), {"uid": linked.person.uid})

    def download(_request):  # noqa: ANN001, ANN202
        response = HttpResponse(b"%PDF", content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="plan.pdf"'
        return response

    ExportAuditMiddleware(download)(request)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor_username, event.object_repr, event.ip, event.subject_person) == (
        request.user.username, "plan.pdf", "10.3.3.3", str(linked.person.uid))


def test_subject_access_report_holds_the_record_the_links_and_who_viewed_it(client, linked) -> None:
    person = linked.person
    staff = UserFactory(role=Role.PROVIDER_SPECIALIST, provider=linked.provider)
    client.force_login(staff)
    client.get(f"/en/persons/{person.uid}/")

    admin = UserFactory(role=Role.ADMIN, first_name="Әсем", last_name="Нұрланқызы")
    client.force_login(admin)
    assert f"/en/account/subject-access/{person.uid}/" in client.get(f"/en/persons/{person.uid}/").content.decode()
    page = client.get(f"/en/account/subject-access/{person.uid}/")
    assert page.status_code == 200 and "?format=pdf" in page.content.decode()
    response = client.get(f"/en/account/subject-access/{person.uid}/?format=json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="subject-access-{person.uid}.json"'
    report = json.loads(response.content)
    assert report["generated_by"]["username"] == admin.username
    assert report["person"]["IIN"] == person.iin and report["person"]["surname"] == person.surname
    assert "search_name" not in json.dumps(report)
    links = [k for k in report["records"] if "registry.ProviderPerson.person" in k]
    assert links and report["records"][links[0]][0]["provider"] == str(linked.provider)
    trail = report["audit_trail"]
    assert any(e["who"] == staff.username and e["action"] == "viewed" for e in trail)
    assert any(e["who"] == admin.username and e["action"] == "exported" for e in trail)
    # the export is audited exactly once (not again by the download middleware)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, subject_person=str(person.uid)).count() == 1


def test_subject_access_as_pdf(client, linked) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    response = client.get(f"/en/account/subject-access/{linked.person.uid}/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Subject access report" in text and linked.person.iin in text


@pytest.mark.parametrize("role", [Role.PROVIDER_HEAD, Role.LEB_OFFICER, Role.INSPECTOR, Role.ANALYST])
def test_only_the_administrator_makes_the_report(client, linked, role) -> None:
    client.force_login(UserFactory(role=role, provider=linked.provider if role == Role.PROVIDER_HEAD else None))
    assert client.get(f"/en/account/subject-access/{linked.person.uid}/?format=json").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_subject_access_command(tmp_path, linked) -> None:
    admin = UserFactory(role=Role.ADMIN)
    out = tmp_path / "report.json"
    call_command("subject_access", linked.person.iin, "--as", admin.username, "--output", str(out),
                 "--language", "en", stdout=io.StringIO())
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["person"]["IIN"] == linked.person.iin
    with pytest.raises(CommandError):
        call_command("subject_access", linked.person.iin, "--as", UserFactory(role=Role.INSPECTOR).username,
                     stdout=io.StringIO())


def test_retention_is_a_dry_run_unless_asked(settings) -> None:
    old = LoginAttempt.objects.create(username="x", ip="10.0.0.1")
    LoginAttempt.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=91))
    LoginAttempt.objects.create(username="y", ip="10.0.0.1")
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "accounts.LoginAttempt: kept 90 days by at; past retention: 1" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert LoginAttempt.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("retention", "--erase", stdout=io.StringIO())
    admin = UserFactory(role=Role.ADMIN)
    out = io.StringIO()
    call_command("retention", "--erase", "--as", admin.username, stdout=out)
    assert "erased: 1" in out.getvalue()
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["y"]


def test_retention_rules_are_settings(settings, linked) -> None:
    settings.QAMQOR_RETENTION = {"registry.ProviderPerson": {"field": "since", "days": 30}}
    results = apply_retention(now=timezone.now() + timedelta(days=3650))
    assert [(r.rule.label, r.expired, r.erased) for r in results] == [("registry.ProviderPerson", 1, 0)]
    admin = UserFactory(role=Role.ADMIN)
    results = apply_retention(actor=admin, erase=True, now=timezone.now() + timedelta(days=3650))
    assert results[0].erased == 1
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, subject_person=str(linked.person.uid),
                                     actor_username=admin.username).exists()


@pytest.mark.parametrize("path", [
    "/en/persons/{uid}/", "/api/v1/persons/{uid}/", "/en/journal/persons/{uid}/",
    "/api/v1/journal/persons/{uid}/history/", "/en/care/persons/{uid}/living-conditions/",
])
def test_each_page_and_endpoint_that_shows_one_person_records_the_view(client, linked, path) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    response = client.get(path.format(uid=linked.person.uid))
    assert response.status_code == 200, response.content[:300]
    assert _views(linked.person) >= 1
