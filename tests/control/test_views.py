"""Inspector pages: subjects by risk, a subject with its findings, breakdown (stating the method's status)
and history; recording and withdrawing a finding; the complaint register; forming a list."""

from datetime import date

import pytest

from qamqor.accounts.models import Role
from qamqor.control.models import Complaint, Finding, PreventiveControlList
from tests.control.helpers import inspector, provider_subject, user
from tests.factories import RegionFactory

pytestmark = pytest.mark.usefixtures("rules_loaded", "db")


@pytest.fixture
def browser(client):
    def login(actor):
        client.force_login(actor)
        return client
    return login


def test_record_a_finding_and_see_the_subject_by_risk(browser):
    subject = provider_subject("stationary")
    c = browser(inspector())
    page = c.get(f"/en/control/subjects/{subject.uid}/findings/new/")
    assert page.status_code == 200 and "Risk criterion" in page.content.decode()
    bad = c.post(f"/en/control/subjects/{subject.uid}/findings/new/",
                 {"criterion": 7, "source_group": 1, "found_on": "2026-10-01"})
    assert bad.status_code == 400 and "Give the evidence" in bad.content.decode()
    ok = c.post(f"/en/control/subjects/{subject.uid}/findings/new/",
                {"criterion": 7, "source_group": 1, "found_on": "2026-10-01", "act_number": "17-02/45"})
    assert ok.status_code == 302
    detail = c.get(f"/en/control/subjects/{subject.uid}/").content.decode()
    assert "100.00" in detail and "does not" in detail and "state it" in detail
    assert "Qamqor default: the regulation does not state it" in detail
    assert "17-02/45" in detail
    listing = c.get("/en/control/?degree=high").content.decode()
    assert subject.name in listing

    finding = Finding.objects.get()
    assert c.post(f"/en/control/findings/{finding.uid}/withdraw/", {"reason": "error"}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == "withdrawn"
    assert c.post(f"/en/control/subjects/{subject.uid}/recompute/").status_code == 302


def test_complaint_register_pages(browser):
    subject = provider_subject("stationary")
    c = browser(inspector())
    r = c.post("/en/control/complaints/new/", {"subject": str(subject.uid), "topic": 85, "number": "Ж-1",
                                               "received_on": "2026-10-01", "summary": "x"})
    assert r.status_code == 302, r.content.decode()
    complaint = Complaint.objects.get()
    register = c.get("/en/control/complaints/").content.decode()
    assert "Ж-1" in register and "12 months" in register and "Qamqor default" in register
    r = c.post(f"/en/control/complaints/{complaint.uid}/decide/", {"confirmed": "yes", "decided_on": "2026-10-10"})
    assert r.status_code == 302
    complaint.refresh_from_db()
    assert complaint.decision == "confirmed"


def test_list_pages_and_read_only_roles(browser):
    subject = provider_subject("stationary")
    c = browser(inspector())
    c.post(f"/en/control/subjects/{subject.uid}/findings/new/",
           {"criterion": 7, "source_group": 1, "found_on": "2026-10-01", "act_number": "A"})
    r = c.post("/en/control/lists/", {"year": date.today().year + 1, "half": 1})
    assert r.status_code == 302, r.content.decode()
    control_list = PreventiveControlList.objects.get()
    page = c.get(f"/en/control/lists/{control_list.uid}/").content.decode()
    assert subject.name in page and "25.12." in page

    analyst = browser(user(Role.ANALYST))
    assert analyst.get(f"/en/control/subjects/{subject.uid}/").status_code == 200
    assert analyst.get(f"/en/control/subjects/{subject.uid}/findings/new/").status_code == 403
    assert analyst.post("/en/control/lists/", {"year": 2030, "half": 1}).status_code == 403
    other = browser(inspector(region=RegionFactory()))
    assert other.get(f"/en/control/subjects/{subject.uid}/").status_code == 404


def test_register_a_subject_and_sync_with_the_registry(browser):
    from qamqor.control.models import Subject
    from tests.factories import ProviderFactory, ProviderSettingFactory

    region = RegionFactory()
    c = browser(inspector(region=region))
    r = c.post("/en/control/subjects/new/", {"kind": "rehabilitation", "region": region.code, "name": "Оңалту орталығы",
                                             "is_portal_supplier": "on"})
    assert r.status_code == 302
    subject = Subject.objects.get(kind="rehabilitation")
    assert subject.is_portal_supplier and subject.region == region
    other = RegionFactory()
    refused = c.post("/en/control/subjects/new/", {"kind": "accessibility", "region": other.code, "name": "x"})
    assert refused.status_code == 400 and not Subject.objects.filter(region=other).exists()

    ProviderSettingFactory(provider=ProviderFactory(region=region), setting="home_care")
    assert c.post("/en/control/subjects/sync/").status_code == 302
    assert Subject.objects.filter(kind="provider", setting="home_care", region=region).count() == 1
    assert "Sync the providers with the registry" in c.get("/en/control/").content.decode()
    analyst = browser(user(Role.ANALYST))
    assert analyst.post("/en/control/subjects/sync/").status_code == 403
