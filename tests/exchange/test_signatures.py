"""The standard CMS verifier against a PKI made in the test: each check fails for its own reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization

from qamqor.exchange.signatures import CheckCode, get_verifier
from qamqor.exchange.signatures.cms import CmsVerifier, iin_of

from .pki import NOW, PKI, sign

IIN = "900101300017"
OTHER_IIN = "850615400028"
DOC = "Өтініш / Заявление: please place me in the queue.\n".encode()


@pytest.fixture(scope="module")
def pki() -> PKI:
    return PKI.create()


@pytest.fixture(scope="module")
def signer(pki):
    return pki.leaf(IIN)


@pytest.fixture(scope="module")
def revoked_signer(pki):
    return pki.leaf(IIN, cn="REVOKED PERSON")


@pytest.fixture(scope="module")
def verifier(pki, revoked_signer) -> CmsVerifier:
    return CmsVerifier(trusted=[pki.root.cert], crls=[pki.crl([revoked_signer.cert])])


def failed(result) -> dict[str, str]:
    return {str(c.code): c.reason for c in result.checks if not c.passed}


def test_the_iin_is_read_from_the_subject_serial_number(signer):
    assert iin_of(signer.cert) == IIN


def test_a_good_detached_signature_passes_every_check(pki, signer, verifier):
    before = datetime.now(UTC).replace(microsecond=0)
    sig = sign(DOC, signer, [pki.intermediate.cert])
    after = datetime.now(UTC)
    result = verifier.verify(signature=sig, content=DOC, expected_iins={IIN})
    assert failed(result) == {}
    assert result.valid
    assert [c.code for c in result.checks] == list(CheckCode)
    assert result.detached is True
    assert result.signer_iin == IIN
    assert result.signer_name == "TESTOV TEST"
    assert result.signed_at is not None and before <= result.signed_at <= after  # the signer's own signingTime
    assert "IIN" + IIN in result.certificate_subject
    assert all(c.message for c in result.checks)


def test_a_good_attached_signature_passes_and_carries_the_content(pki, verifier):
    leaf = pki.leaf(IIN, rsa_key=True)
    sig = sign(DOC, leaf, [pki.intermediate.cert], detached=False)
    result = verifier.verify(signature=sig, content=None, expected_iins={IIN})
    assert failed(result) == {}
    assert result.valid and result.detached is False and result.content == DOC


def test_a_pem_encoded_signature_is_accepted(pki, signer, verifier):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import pkcs7

    pem = (pkcs7.PKCS7SignatureBuilder().set_data(DOC).add_signer(signer.cert, signer.key, hashes.SHA256())
           .add_certificate(pki.intermediate.cert)
           .sign(serialization.Encoding.PEM, [pkcs7.PKCS7Options.Binary, pkcs7.PKCS7Options.DetachedSignature]))
    assert verifier.verify(signature=pem, content=DOC, expected_iins={IIN}).valid


def test_tampered_content_fails_integrity(pki, signer, verifier):
    sig = sign(DOC, signer, [pki.intermediate.cert])
    result = verifier.verify(signature=sig, content=DOC + b"!", expected_iins={IIN})
    assert failed(result) == {"integrity": "digest_mismatch"}
    assert not result.valid


def test_content_differing_from_an_attached_signature_fails(pki, signer, verifier):
    sig = sign(DOC, signer, [pki.intermediate.cert], detached=False)
    result = verifier.verify(signature=sig, content=b"another text", expected_iins={IIN})
    assert failed(result)["format"] == "content_mismatch"


def test_a_detached_signature_without_content_fails(pki, signer, verifier):
    sig = sign(DOC, signer, [pki.intermediate.cert])
    result = verifier.verify(signature=sig, content=None, expected_iins={IIN})
    assert failed(result)["format"] == "no_content"
    assert not result.valid


def test_wrong_iin_fails(pki, signer, verifier):
    sig = sign(DOC, signer, [pki.intermediate.cert])
    result = verifier.verify(signature=sig, content=DOC, expected_iins={OTHER_IIN})
    assert failed(result) == {"iin": "wrong_iin"}
    assert result.check(CheckCode.IIN).params == {"signer_iin": IIN}


def test_a_certificate_without_iin_fails(pki, verifier):
    leaf = pki.leaf("")
    result = verifier.verify(signature=sign(DOC, leaf, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result) == {"iin": "no_iin"}


def test_expired_at_signing_time_fails(pki, verifier):
    leaf = pki.leaf(IIN, not_before=NOW - timedelta(days=400), not_after=NOW - timedelta(days=1))
    result = verifier.verify(signature=sign(DOC, leaf, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result) == {"validity": "expired"}


def test_not_yet_valid_at_signing_time_fails(pki, verifier):
    leaf = pki.leaf(IIN, not_before=NOW + timedelta(days=1), not_after=NOW + timedelta(days=30))
    result = verifier.verify(signature=sign(DOC, leaf, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result) == {"validity": "expired"}


def test_revoked_fails(pki, revoked_signer, verifier):
    sig = sign(DOC, revoked_signer, [pki.intermediate.cert])
    result = verifier.verify(signature=sig, content=DOC, expected_iins={IIN})
    assert failed(result) == {"revocation": "revoked"}
    assert result.check(CheckCode.REVOCATION).params["serial"] == format(revoked_signer.cert.serial_number, "x")


def test_no_crl_for_the_issuer_fails_unless_not_required(pki, signer):
    sig = sign(DOC, signer, [pki.intermediate.cert])
    strict = CmsVerifier(trusted=[pki.root.cert], crls=[], crl_required=True)
    assert failed(strict.verify(signature=sig, content=DOC, expected_iins={IIN})) == {"revocation": "no_crl"}
    lenient = CmsVerifier(trusted=[pki.root.cert], crls=[], crl_required=False)
    assert lenient.verify(signature=sig, content=DOC, expected_iins={IIN}).valid


def test_a_stale_crl_fails(pki, signer):
    stale = pki.crl([], next_update=NOW - timedelta(days=1))
    verifier = CmsVerifier(trusted=[pki.root.cert], crls=[stale])
    result = verifier.verify(signature=sign(DOC, signer, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result) == {"revocation": "crl_stale"}


def test_a_crl_signed_by_someone_else_is_ignored(pki, signer, revoked_signer):
    forged = PKI.create("Forger")
    # a CRL with the right issuer name but signed by another key does not count
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    crl = (x509.CertificateRevocationListBuilder().issuer_name(pki.intermediate.cert.subject)
           .last_update(NOW - timedelta(days=1)).next_update(NOW + timedelta(days=30))
           .sign(forged.intermediate.key, hashes.SHA256()))
    verifier = CmsVerifier(trusted=[pki.root.cert], crls=[crl])
    result = verifier.verify(signature=sign(DOC, signer, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result) == {"revocation": "no_crl"}


def test_untrusted_root_fails(signer, pki):
    stranger = PKI.create("Stranger CA")
    leaf = stranger.leaf(IIN)
    verifier = CmsVerifier(trusted=[pki.root.cert], crls=[pki.crl(), stranger.crl()])
    result = verifier.verify(signature=sign(DOC, leaf, [stranger.intermediate.cert]), content=DOC,
                             expected_iins={IIN})
    assert failed(result) == {"chain": "untrusted", "revocation": "not_checked"}
    assert not result.valid


def test_a_missing_intermediate_breaks_the_chain(pki, signer, verifier):
    result = verifier.verify(signature=sign(DOC, signer, []), content=DOC, expected_iins={IIN})
    assert failed(result)["chain"] == "untrusted"


def test_no_trusted_roots_configured_fails(pki, signer):
    verifier = CmsVerifier(trusted=[], crls=[pki.crl()])
    result = verifier.verify(signature=sign(DOC, signer, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result)["chain"] == "no_trusted_roots"


def test_wrong_key_usage_fails(pki, verifier):
    leaf = pki.leaf(IIN, key_usage={"digital_signature": False, "content_commitment": False,
                                    "key_encipherment": True})
    result = verifier.verify(signature=sign(DOC, leaf, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert failed(result) == {"key_usage": "no_key_usage"}


def test_non_repudiation_alone_is_enough(pki, verifier):
    leaf = pki.leaf(IIN, key_usage={"digital_signature": False, "content_commitment": True})
    result = verifier.verify(signature=sign(DOC, leaf, [pki.intermediate.cert]), content=DOC, expected_iins={IIN})
    assert result.valid


def test_garbage_is_not_cms(verifier):
    result = verifier.verify(signature=b"not a signature", content=DOC, expected_iins={IIN})
    assert failed(result)["format"] == "not_cms"
    assert {c.reason for c in result.checks[1:]} == {"not_checked"}


def test_the_configured_verifier_reads_roots_and_crls_from_files(settings, tmp_path, pki, signer, revoked_signer):
    roots = tmp_path / "roots"
    roots.mkdir()
    (roots / "root.pem").write_bytes(pki.root_pem())
    crl_file = tmp_path / "nca.crl"
    crl_file.write_bytes(pki.crl([revoked_signer.cert]).public_bytes(serialization.Encoding.DER))
    settings.QAMQOR_SIGNATURE_TRUSTED_CA = str(roots)
    settings.QAMQOR_SIGNATURE_CRL = str(crl_file)
    verifier = get_verifier()
    assert isinstance(verifier, CmsVerifier)
    assert verifier.verify(signature=sign(DOC, signer, [pki.intermediate.cert]), content=DOC,
                           expected_iins={IIN}).valid
    revoked = verifier.verify(signature=sign(DOC, revoked_signer, [pki.intermediate.cert]), content=DOC,
                              expected_iins={IIN})
    assert failed(revoked) == {"revocation": "revoked"}


def test_a_verifier_plugs_in_by_dotted_path(settings):
    settings.QAMQOR_SIGNATURE_VERIFIER = "tests.exchange.test_signatures.AlwaysGost"
    assert get_verifier().name == "gost-test"


class AlwaysGost:
    name = "gost-test"

    def verify(self, **kwargs):  # pragma: no cover - only its name is used
        raise NotImplementedError
