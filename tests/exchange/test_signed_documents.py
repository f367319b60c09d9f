"""Signed queue applications and postponement notices: verified, stored with the result and linked to
the application or the journal event; the API endpoint; scoping."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from qamqor.accounts.models import Role
from qamqor.core.errors import DomainError, NotFound, PermissionRefused
from qamqor.core.models import AuditEvent
from qamqor.exchange.models import SignedDocument
from qamqor.exchange.services import signed_document_submit
from qamqor.exchange.signatures.cms import CmsVerifier
from qamqor.journal import services as J
from qamqor.journal.models import EventKind
from qamqor.registry.models import Representation
from qamqor.rules.choices import Setting
from tests.factories import PersonFactory, UserFactory
from tests.journal.support import TODAY, admit, apply, days, person_at, provider_with, staff

from .pki import PKI, sign

pytestmark = pytest.mark.django_db
DOC = "Кезекке қою туралы өтініш".encode()


@pytest.fixture(scope="module")
def pki() -> PKI:
    return PKI.create()


@pytest.fixture
def configured(settings, tmp_path, pki):
    (tmp_path / "root.pem").write_bytes(pki.root_pem())
    from cryptography.hazmat.primitives import serialization

    (tmp_path / "nca.crl").write_bytes(pki.crl().public_bytes(serialization.Encoding.PEM))
    settings.QAMQOR_SIGNATURE_TRUSTED_CA = str(tmp_path / "root.pem")
    settings.QAMQOR_SIGNATURE_CRL = str(tmp_path / "nca.crl")
    return pki


@pytest.fixture
def queued():
    provider = provider_with(capacity=1)
    user = staff(provider)
    admit(user, person_at(provider), provider)
    person = person_at(provider)
    app = apply(user, person, provider)
    return provider, user, person, app


def test_a_signed_application_is_verified_and_stored_with_the_result(configured, queued):
    provider, user, person, app = queued
    leaf = configured.leaf(person.iin)
    doc = signed_document_submit(actor=user, kind="queue_application", application=app, content=DOC,
                                 signature=sign(DOC, leaf, [configured.intermediate.cert]), content_type="text/plain")
    assert doc.valid and doc.application == app and doc.provider == provider and doc.person == person
    assert doc.signer_iin == person.iin and bytes(doc.content) == DOC and doc.detached
    assert doc.result["valid"] is True and len(doc.result["checks"]) == 7
    assert doc.certificate_serial == format(leaf.cert.serial_number, "x")
    assert AuditEvent.objects.filter(object_type="exchange.SignedDocument", object_id=str(doc.uid)).exists()
    assert list(app.signed_documents.all()) == [doc]


def test_the_legal_representative_may_sign_and_a_stranger_may_not(configured, queued):
    provider, user, person, app = queued
    rep = PersonFactory(region=provider.region)
    Representation.objects.create(person=person, representative=rep, kind="guardian", valid_from=days(-100))
    attached = sign(DOC, configured.leaf(rep.iin), [configured.intermediate.cert], detached=False)
    doc = signed_document_submit(actor=user, kind="queue_application", application=app, signature=attached)
    assert doc.valid and doc.signer_iin == rep.iin and bytes(doc.content) == DOC and not doc.detached
    stranger = PersonFactory()
    bad = signed_document_submit(actor=user, kind="queue_application", application=app, content=DOC,
                                 signature=sign(DOC, configured.leaf(stranger.iin), [configured.intermediate.cert]))
    assert not bad.valid
    assert [c["reason"] for c in bad.result["checks"] if not c["passed"]] == ["wrong_iin"]


def test_a_postponement_notice_is_linked_to_the_postponement_event(configured):
    provider = provider_with(Setting.SEMI_STATIONARY, capacity=0)
    user = staff(provider)
    person = person_at(provider)
    app = apply(user, person, provider, Setting.SEMI_STATIONARY)
    provider.settings.update(capacity=1)
    app = J.place_offer(actor=user, provider=provider, setting=Setting.SEMI_STATIONARY, arrival_by=days(3))
    event = J.offer_postpone(actor=user, application=app, new_arrival_by=days(10), ground="illness",
                             notice_number="N-1", notice_date=TODAY)
    assert event.kind == EventKind.POSTPONEMENT
    doc = signed_document_submit(actor=user, kind="postponement_notice", event=event, content=DOC,
                                 signature=sign(DOC, configured.leaf(person.iin), [configured.intermediate.cert]))
    assert doc.valid and doc.event == event and doc.application == app
    with pytest.raises(DomainError) as exc:
        signed_document_submit(actor=user, kind="postponement_notice", event=app.events.first(), content=DOC,
                               signature=b"x")
    assert exc.value.code == "postponement_required"


def test_a_tampered_document_is_stored_as_invalid(configured, queued):
    provider, user, person, app = queued
    sig = sign(DOC, configured.leaf(person.iin), [configured.intermediate.cert])
    doc = signed_document_submit(actor=user, kind="queue_application", application=app, content=DOC + b".",
                                 signature=sig)
    assert not doc.valid and SignedDocument.objects.filter(valid=False).count() == 1


def test_roles_and_scope(configured, queued):
    provider, user, person, app = queued
    sig = sign(DOC, configured.leaf(person.iin), [configured.intermediate.cert])
    inspector = UserFactory(role=Role.INSPECTOR, region=provider.region)
    with pytest.raises(PermissionRefused):
        signed_document_submit(actor=inspector, kind="queue_application", application=app, content=DOC,
                               signature=sig)
    outsider = staff(provider_with())
    with pytest.raises(NotFound):
        signed_document_submit(actor=outsider, kind="queue_application", application=app, content=DOC,
                               signature=sig)


def test_a_verifier_can_be_passed_in(queued, pki):
    provider, user, person, app = queued
    verifier = CmsVerifier(trusted=[pki.root.cert], crls=[pki.crl()])
    doc = signed_document_submit(actor=user, kind="queue_application", application=app, content=DOC,
                                 signature=sign(DOC, pki.leaf(person.iin), [pki.intermediate.cert]), verifier=verifier)
    assert doc.valid and doc.verifier == "cms-standard"


def test_the_api_submits_and_returns_the_verification_result(client, configured, queued):
    provider, user, person, app = queued
    client.force_login(user)
    sig = sign(DOC, configured.leaf(person.iin), [configured.intermediate.cert])
    url = reverse("exchange-signed-list")
    body = {"kind": "queue_application", "application": str(app.uid),
            "content": base64.b64encode(DOC).decode(), "signature": base64.b64encode(sig).decode()}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["valid"] is True and data["signer_iin"] == person.iin and data["application"] == str(app.uid)
    assert {c["code"] for c in data["checks"]} == {"format", "integrity", "chain", "validity", "key_usage",
                                                   "revocation", "iin"}
    assert all(c["passed"] and c["message"] for c in data["checks"])
    detail = client.get(reverse("exchange-signed-detail", args=[data["uid"]]))
    assert detail.status_code == 200 and detail.json()["uid"] == data["uid"]
    assert [d["uid"] for d in client.get(url).json()] == [data["uid"]]
    # tampered: stored, answered with valid false and the failing check's translated message
    body["content"] = base64.b64encode(DOC + b"!").decode()
    bad = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert bad.status_code == 201 and bad.json()["valid"] is False
    failing = [c for c in bad.json()["checks"] if not c["passed"]]
    assert [c["reason"] for c in failing] == ["digest_mismatch"]
    # another provider's staff neither see it nor can name the application
    other = staff(provider_with())
    client.force_login(other)
    assert client.get(reverse("exchange-signed-detail", args=[data["uid"]])).status_code == 404
    assert client.post(url, body, content_type="application/json").status_code == 400


def test_the_api_refuses_bad_base64(client, queued):
    provider, user, person, app = queued
    client.force_login(user)
    response = client.post(reverse("exchange-signed-list"), {"kind": "queue_application", "application": str(app.uid),
                                                            "signature": "***"}, content_type="application/json")
    assert response.status_code == 400


def test_many_signatures_verify_whatever_their_last_byte(pki):
    """DER may end in a byte that looks like whitespace: the verifier must not strip it."""
    verifier = CmsVerifier(trusted=[pki.root.cert], crls=[pki.crl()])
    leaf = pki.leaf("900101300017")
    results = [verifier.verify(signature=sign(DOC + bytes([i]), leaf, [pki.intermediate.cert]),
                               content=DOC + bytes([i]), expected_iins={"900101300017"}).valid for i in range(40)]
    assert all(results)
