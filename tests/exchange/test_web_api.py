"""The E-sobes pages and API: upload with a report of rejected rows, idempotent re-upload, the
reconciliation as JSON and as a file, exports, and who may do what."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qamqor.accounts.models import Role
from qamqor.exchange.models import RosterImport
from tests.factories import UserFactory
from tests.journal.support import TODAY, days, staff

from .support import Scene, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> Scene:
    return Scene()


def upload(client, scene, data: bytes, name="roster.csv"):
    return client.post(reverse("exchange-import-list"),
                       {"file": SimpleUploadedFile(name, data), "as_of": TODAY.isoformat()})


def test_api_upload_reports_rejected_rows_and_is_idempotent(client, scene):
    client.force_login(scene.leb)
    data = csv_bytes(scene.good_rows() + scene.bad_rows())
    first = upload(client, scene, data)
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["rows_accepted"], body["rows_rejected"], body["duplicate"]) == (5, 9, False)
    again = upload(client, scene, data)
    assert again.status_code == 200 and again.json()["duplicate"] is True and again.json()["uid"] == body["uid"]
    assert RosterImport.objects.count() == 1
    rejected = client.get(reverse("exchange-import-rejected", args=[body["uid"]]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert [r["row_number"] for r in rejected] == list(range(7, 16))
    assert rejected[0]["reasons"] == ["IIN: The control digit (12th) does not match; check the number."]
    listing = client.get(reverse("exchange-import-list")).json()
    assert [i["uid"] for i in listing] == [body["uid"]]


def test_api_reconciliation_json_and_csv(client, scene):
    client.force_login(scene.leb)
    upload(client, scene, csv_bytes(scene.good_rows()))
    url = reverse("exchange-reconciliation")
    data = client.get(url, {"provider": str(scene.provider.uid), "date": TODAY.isoformat()}).json()
    assert data["roster_import"]["rows_accepted"] == 5
    assert {(d["iin"], d["kind"], d["field"]) for d in data["differences"]} == {
        (scene.b.iin, "only_in_qamqor", ""), (scene.c_iin, "only_in_esobes", ""),
        (scene.d.iin, "field", "admission_date"), (scene.e.iin, "field", "discharge_date"),
        (scene.f.iin, "field", "surname")}
    response = client.get(url, {"provider": str(scene.provider.uid), "file_format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 5 and {r["provider_bin"] for r in rows} == {scene.provider.bin}


def test_api_exports(client, scene):
    client.force_login(scene.head)
    roster = client.get(reverse("exchange-export-roster"),
                        {"provider": str(scene.provider.uid), "file_format": "json"})
    assert roster.status_code == 200
    payload = json.loads(b"".join(roster.streaming_content))
    assert {r["iin"] for r in payload} == {scene.a.iin, scene.b.iin, scene.d.iin, scene.f.iin}
    journal = client.get(reverse("exchange-export-journal"), {"provider": str(scene.provider.uid),
                                                              "start": days(-40).isoformat(), "end": TODAY.isoformat()})
    text = b"".join(journal.streaming_content).decode("utf-8-sig")
    assert journal.status_code == 200 and text.startswith("event_id,event_date,kind,iin")
    assert text.count("\n") == 1 + 6   # five admissions and a discharge
    bad = client.get(reverse("exchange-export-journal"), {"provider": str(scene.provider.uid),
                                                          "start": TODAY.isoformat(), "end": days(-1).isoformat()})
    assert bad.status_code == 400


def test_api_permissions_and_scope(client, scene):
    client.force_login(scene.head)     # the head reads but may not import
    assert upload(client, scene, csv_bytes(scene.good_rows())).status_code == 403
    specialist = staff(scene.provider)
    client.force_login(specialist)     # the specialist has no E-sobes access at all
    assert client.get(reverse("exchange-import-list")).status_code == 403
    other_head = staff(scene.other, Role.PROVIDER_HEAD)
    client.force_login(other_head)     # another provider's head: the provider is not found
    response = client.get(reverse("exchange-reconciliation"), {"provider": str(scene.provider.uid)})
    assert response.status_code == 404
    analyst = UserFactory(role=Role.ANALYST)
    client.force_login(analyst)
    assert client.get(reverse("exchange-reconciliation"), {"provider": str(scene.provider.uid)}).status_code == 403


def test_pages_upload_detail_and_reconciliation(client, scene):
    client.force_login(scene.leb)
    page = client.get(reverse("exchange:imports"))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    response = client.post(reverse("exchange:imports"), {
        "file": SimpleUploadedFile("roster.csv", csv_bytes(scene.good_rows() + scene.bad_rows())),
        "as_of": TODAY.isoformat()}, follow=True)
    assert response.status_code == 200
    imp = RosterImport.objects.get()
    text = response.content.decode()
    assert imp.file_name in text and "The control digit (12th) does not match" in text
    assert "provider_out_of_scope" not in text and "This provider is outside your area" in text
    again = client.post(reverse("exchange:imports"), {
        "file": SimpleUploadedFile("roster.csv", csv_bytes(scene.good_rows() + scene.bad_rows())),
        "as_of": TODAY.isoformat()}, follow=True)
    assert "nothing changed" in again.content.decode() and RosterImport.objects.count() == 1
    recon = client.get(reverse("exchange:reconciliation"), {"provider": str(scene.provider.uid),
                                                            "date": TODAY.isoformat()})
    body = recon.content.decode()
    assert recon.status_code == 200 and scene.c_iin in body and "not on the E-sobes roster" in body
    download = client.get(reverse("exchange:reconciliation"), {"provider": str(scene.provider.uid),
                                                               "file_format": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    broken = client.post(reverse("exchange:imports"), {"file": SimpleUploadedFile("x.json", b"[{"),
                                                       "as_of": TODAY.isoformat()})
    assert broken.status_code == 400 and "not a JSON array" in broken.content.decode()


def test_export_page(client, scene):
    client.force_login(scene.head)
    assert client.get(reverse("exchange:export")).status_code == 200
    response = client.get(reverse("exchange:export"), {"what": "roster", "provider": str(scene.provider.uid),
                                                       "file_format": "csv"})
    assert response.status_code == 200
    assert scene.a.iin in b"".join(response.streaming_content).decode("utf-8-sig")
    missing = client.get(reverse("exchange:export"), {"what": "journal", "provider": str(scene.provider.uid),
                                                      "file_format": "csv"})
    assert missing.status_code == 400


def test_signed_pages_need_the_permission(client, scene):
    client.force_login(UserFactory(role=Role.ANALYST))
    assert client.get(reverse("exchange:signed_list")).status_code == 403
    client.force_login(scene.head)
    assert client.get(reverse("exchange:signed_list")).status_code == 200
    assert client.get(reverse("exchange:index")).status_code == 200
