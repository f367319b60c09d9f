"""The standard-algorithm CMS (PKCS#7) verifier: RSA (PKCS#1 v1.5 and PSS) and ECDSA with SHA-2.

Parsing with asn1crypto, cryptography for keys, certificates and CRLs. The trust anchors come from
``QAMQOR_SIGNATURE_TRUSTED_CA`` (a PEM file or a directory of PEM/DER files), the revocation lists from
``QAMQOR_SIGNATURE_CRL`` (a file or directory of PEM/DER CRLs). ``QAMQOR_SIGNATURE_CRL_REQUIRED``
(default True) refuses a signer whose issuer has no configured CRL."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

from qamqor.exchange.signatures import Check, CheckCode, VerificationResult

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
MAX_CHAIN = 8


def _files(path: str | Path | None) -> Iterable[Path]:
    if not path:
        return []
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.is_file())
    return [p] if p.is_file() else []


def load_certificates(path: str | Path | None) -> list[x509.Certificate]:
    out: list[x509.Certificate] = []
    for f in _files(path):
        data = f.read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in data:
            out.extend(x509.load_pem_x509_certificates(data))
        else:
            try:
                out.append(x509.load_der_x509_certificate(data))
            except ValueError:
                continue
    return out


def load_crls(path: str | Path | None) -> list[x509.CertificateRevocationList]:
    out: list[x509.CertificateRevocationList] = []
    for f in _files(path):
        data = f.read_bytes()
        try:
            if b"-----BEGIN X509 CRL-----" in data:
                out.append(x509.load_pem_x509_crl(data))
            else:
                out.append(x509.load_der_x509_crl(data))
        except ValueError:
            continue
    return out


def iin_of(cert: x509.Certificate) -> str:
    """The IIN in the subject serialNumber as the national CA writes it ("IIN123456789012")."""
    for attr in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        value = str(attr.value).strip().upper()
        if value.startswith("IIN"):
            value = value[3:]
        if len(value) == 12 and value.isdigit():
            return value
    return ""


def _common_name(cert: x509.Certificate) -> str:
    names = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    given = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.GIVEN_NAME)]
    return " ".join(names + given)


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _at(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class CmsVerifier:
    """Verifies a CMS signature with the standard algorithms (see the module docstring)."""

    name = "cms-standard"

    def __init__(self, trusted: list[x509.Certificate] | None = None,
                 crls: list[x509.CertificateRevocationList] | None = None, crl_required: bool | None = None) -> None:
        self.trusted = trusted if trusted is not None else load_certificates(
            getattr(settings, "QAMQOR_SIGNATURE_TRUSTED_CA", ""))
        self.crls = crls if crls is not None else load_crls(getattr(settings, "QAMQOR_SIGNATURE_CRL", ""))
        self.crl_required = (crl_required if crl_required is not None
                             else getattr(settings, "QAMQOR_SIGNATURE_CRL_REQUIRED", True))

    # --- entry point ---------------------------------------------------------------------------------

    def verify(self, *, signature: bytes, content: bytes | None, expected_iins: Collection[str],
               at: datetime | None = None) -> VerificationResult:
        now = _at(at or datetime.now(UTC))
        result = VerificationResult(checks=[], verifier=self.name, content=content)

        def fail_rest(after: CheckCode) -> VerificationResult:
            order = list(CheckCode)
            for code in order[order.index(after) + 1:]:
                result.checks.append(Check(code, False, "not_checked"))
            return result

        parsed = self._parse(signature, content, result)
        if parsed is None:
            return fail_rest(CheckCode.FORMAT)
        signer_info, leaf, extra_certs, data = parsed
        result.checks.append(Check(CheckCode.FORMAT, True))
        result.content = data
        result.signer_iin = iin_of(leaf)
        result.signer_name = _common_name(leaf)
        result.certificate_serial = format(leaf.serial_number, "x")
        result.certificate_subject = leaf.subject.rfc4514_string()
        result.certificate_issuer = leaf.issuer.rfc4514_string()
        try:
            signed_at = self._signing_time(signer_info)
        except Exception:  # noqa: BLE001 — an unreadable signingTime counts as absent
            signed_at = None
        result.signed_at = signed_at
        when = signed_at or now

        try:
            result.checks.append(self._integrity(signer_info, leaf, data))
        except Exception:  # noqa: BLE001 — malformed parameters of an otherwise parsed signature
            result.checks.append(Check(CheckCode.INTEGRITY, False, "bad_signature"))
        chain_check, chain = self._chain(leaf, extra_certs)
        result.checks.append(chain_check)
        result.checks.append(self._validity(chain or [leaf], when))
        result.checks.append(self._key_usage(leaf))
        if chain:
            result.checks.append(self._revocation(chain, now))
        else:
            result.checks.append(Check(CheckCode.REVOCATION, False, "not_checked"))
        result.checks.append(self._iin(result.signer_iin, expected_iins))
        return result

    # --- steps -------------------------------------------------------------------------------------

    def _parse(self, signature: bytes, content: bytes | None,
               result: VerificationResult) -> tuple[Any, x509.Certificate, list[x509.Certificate], bytes] | None:
        raw = signature
        if signature.lstrip().startswith(b"-----BEGIN"):   # PEM; DER is never stripped (it may end in 0x20)
            lines = [ln.strip() for ln in signature.strip().splitlines()]
            raw = base64.b64decode(b"".join(ln for ln in lines if ln and not ln.startswith(b"-----")))
        try:
            info = cms.ContentInfo.load(raw)
            if info["content_type"].native != "signed_data":
                raise ValueError("not signed data")
            signed = info["content"]
            signer_infos = signed["signer_infos"]
            encap = signed["encap_content_info"]["content"]
            inner = encap.native if encap is not None and encap.native is not None else None
            certs = [x509.load_der_x509_certificate(c.chosen.dump()) for c in (signed["certificates"] or [])
                     if c.name == "certificate"]
            for info_ in signer_infos:
                _ = info_.native   # asn1crypto parses lazily: force it here, where failures mean "not CMS"
        except Exception:  # noqa: BLE001 — any parse failure means "not a CMS signature"
            result.checks.append(Check(CheckCode.FORMAT, False, "not_cms"))
            return None
        if inner is not None and not isinstance(inner, bytes):
            inner = encap.contents
        if len(signer_infos) == 0:
            result.checks.append(Check(CheckCode.FORMAT, False, "no_signer"))
            return None
        signer_info = signer_infos[0]
        result.detached = inner is None
        if inner is None and content is None:
            result.checks.append(Check(CheckCode.FORMAT, False, "no_content"))
            return None
        if inner is not None and content is not None and inner != content:
            result.checks.append(Check(CheckCode.FORMAT, False, "content_mismatch"))
            return None
        data = inner if inner is not None else content
        assert data is not None
        leaf = self._signer_certificate(signer_info, certs)
        if leaf is None:
            result.checks.append(Check(CheckCode.FORMAT, False, "no_certificate"))
            return None
        others = [c for c in certs if c is not leaf]
        return signer_info, leaf, others, data

    @staticmethod
    def _signer_certificate(signer_info: Any, certs: list[x509.Certificate]) -> x509.Certificate | None:
        sid = signer_info["sid"]
        if sid.name == "issuer_and_serial_number":
            serial = sid.chosen["serial_number"].native
            issuer_der = sid.chosen["issuer"].dump()
            for cert in certs:
                if cert.serial_number == serial and cert.issuer.public_bytes() == issuer_der:
                    return cert
            for cert in certs:  # tolerate a differently encoded but equal issuer name
                if cert.serial_number == serial:
                    return cert
            return None
        key_id = sid.chosen.native
        for cert in certs:
            try:
                ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            except x509.ExtensionNotFound:
                continue
            if ski == key_id:
                return cert
        return None

    @staticmethod
    def _signing_time(signer_info: Any) -> datetime | None:
        attrs = signer_info["signed_attrs"]
        if not attrs:
            return None
        for attr in attrs:
            if attr["type"].native == "signing_time":
                value = attr["values"][0].native
                return _at(value) if isinstance(value, datetime) else None
        return None

    def _integrity(self, signer_info: Any, leaf: x509.Certificate, data: bytes) -> Check:
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        hash_cls = _HASHES.get(digest_name)
        if hash_cls is None:
            return Check(CheckCode.INTEGRITY, False, "unsupported_algorithm", {"algorithm": str(digest_name)})
        attrs = signer_info["signed_attrs"]
        if attrs:
            expected = None
            for attr in attrs:
                if attr["type"].native == "message_digest":
                    expected = attr["values"][0].native
            if expected is None or hashlib.new(digest_name, data).digest() != expected:
                return Check(CheckCode.INTEGRITY, False, "digest_mismatch")
            signed_bytes = b"\x31" + attrs.dump()[1:]   # the SET OF tag replaces the [0] IMPLICIT tag
        else:
            signed_bytes = data
        sig_alg = signer_info["signature_algorithm"]
        sig_name = sig_alg["algorithm"].native
        sig_value = signer_info["signature"].native
        key = leaf.public_key()
        try:
            if isinstance(key, rsa.RSAPublicKey):
                if sig_name == "rsassa_pss":
                    params = sig_alg["parameters"]
                    pss_hash = _HASHES[params["hash_algorithm"]["algorithm"].native]()
                    key.verify(sig_value, signed_bytes,
                               padding.PSS(mgf=padding.MGF1(pss_hash), salt_length=params["salt_length"].native),
                               pss_hash)
                elif sig_name in ("rsassa_pkcs1v15", "rsa") or sig_name.endswith("_rsa"):
                    key.verify(sig_value, signed_bytes, padding.PKCS1v15(), hash_cls())
                else:
                    raise UnsupportedAlgorithm(sig_name)
            elif isinstance(key, ec.EllipticCurvePublicKey):
                if not (sig_name == "ecdsa" or sig_name.endswith("_ecdsa")):
                    raise UnsupportedAlgorithm(sig_name)
                key.verify(sig_value, signed_bytes, ec.ECDSA(hash_cls()))
            else:
                raise UnsupportedAlgorithm(sig_name)
        except UnsupportedAlgorithm:
            return Check(CheckCode.INTEGRITY, False, "unsupported_algorithm", {"algorithm": str(sig_name)})
        except (InvalidSignature, ValueError, KeyError):
            return Check(CheckCode.INTEGRITY, False, "bad_signature")
        return Check(CheckCode.INTEGRITY, True)

    def _chain(self, leaf: x509.Certificate,
               extra: list[x509.Certificate]) -> tuple[Check, list[x509.Certificate] | None]:
        if not self.trusted:
            return Check(CheckCode.CHAIN, False, "no_trusted_roots"), None
        trusted_der = {c.public_bytes(serialization_der()) for c in self.trusted}
        chain = [leaf]
        current = leaf
        for _ in range(MAX_CHAIN):
            if current.public_bytes(serialization_der()) in trusted_der:
                return Check(CheckCode.CHAIN, True), chain
            anchor = next((r for r in self.trusted if r.subject == current.issuer and _issued_by(current, r)), None)
            if anchor is not None:
                chain.append(anchor)
                return Check(CheckCode.CHAIN, True), chain
            parent = next((c for c in extra if c.subject == current.issuer and c not in chain and _is_ca(c)
                           and _issued_by(current, c)), None)
            if parent is None:
                break
            chain.append(parent)
            current = parent
        return Check(CheckCode.CHAIN, False, "untrusted", {"issuer": current.issuer.rfc4514_string()}), None

    @staticmethod
    def _validity(chain: list[x509.Certificate], when: datetime) -> Check:
        for cert in chain:
            if not (cert.not_valid_before_utc <= when <= cert.not_valid_after_utc):
                return Check(CheckCode.VALIDITY, False, "expired", {
                    "subject": cert.subject.rfc4514_string(), "signed_at": when.isoformat(),
                    "not_before": cert.not_valid_before_utc.isoformat(),
                    "not_after": cert.not_valid_after_utc.isoformat()})
        return Check(CheckCode.VALIDITY, True, params={"signed_at": when.isoformat()})

    @staticmethod
    def _key_usage(leaf: x509.Certificate) -> Check:
        try:
            usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            return Check(CheckCode.KEY_USAGE, False, "no_key_usage")
        if usage.digital_signature or usage.content_commitment:
            return Check(CheckCode.KEY_USAGE, True)
        return Check(CheckCode.KEY_USAGE, False, "no_key_usage")

    def _revocation(self, chain: list[x509.Certificate], now: datetime) -> Check:
        # every certificate but the trust anchor, checked against a CRL signed by its issuer
        for cert, issuer in zip(chain, chain[1:], strict=False):
            crl = next((c for c in self.crls if c.issuer == cert.issuer and c.is_signature_valid(issuer.public_key())),
                       None)
            if crl is None:
                if cert is chain[0] and self.crl_required:
                    return Check(CheckCode.REVOCATION, False, "no_crl", {"issuer": cert.issuer.rfc4514_string()})
                continue
            next_update = crl.next_update_utc
            if next_update is not None and next_update < now:
                return Check(CheckCode.REVOCATION, False, "crl_stale", {"next_update": next_update.isoformat()})
            revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
            if revoked is not None:
                return Check(CheckCode.REVOCATION, False, "revoked", {
                    "serial": format(cert.serial_number, "x"),
                    "revoked_at": revoked.revocation_date_utc.isoformat()})
        return Check(CheckCode.REVOCATION, True)

    @staticmethod
    def _iin(signer_iin: str, expected: Collection[str]) -> Check:
        if not signer_iin:
            return Check(CheckCode.IIN, False, "no_iin")
        if signer_iin not in set(expected):
            return Check(CheckCode.IIN, False, "wrong_iin", {"signer_iin": signer_iin})
        return Check(CheckCode.IIN, True, params={"signer_iin": signer_iin})


def serialization_der() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER
