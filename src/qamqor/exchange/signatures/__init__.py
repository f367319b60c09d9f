"""The signature verifier interface.

A verifier takes a CMS (PKCS#7) signature, attached or detached, and the IINs allowed to sign, and
returns a ``VerificationResult``: each check's outcome, the signer's certificate and signing time.
The implementation comes from the setting ``QAMQOR_SIGNATURE_VERIFIER`` (a dotted path to a class or a
factory taking no arguments); the default, ``qamqor.exchange.signatures.cms.CmsVerifier``, handles the
standard algorithms (RSA, RSA-PSS, ECDSA with SHA-2). A GOST-capable verifier (e.g. over the national
certificate authority's Kalkan library) plugs in by implementing ``SignatureVerifier``: see
docs/signatures.md."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_VERIFIER = "qamqor.exchange.signatures.cms.CmsVerifier"


class CheckCode(StrEnum):
    """The checks every verifier reports, in this order."""

    FORMAT = "format"            # the signature parses as CMS SignedData with one signer and its certificate
    INTEGRITY = "integrity"      # the content's digest and the signature over it are correct
    CHAIN = "chain"              # the certificate chains to a configured trusted certificate authority
    VALIDITY = "validity"        # every certificate of the chain was valid at the signing time
    KEY_USAGE = "key_usage"      # the signer's certificate allows digitalSignature or nonRepudiation
    REVOCATION = "revocation"    # no certificate of the chain is revoked in the configured CRLs
    IIN = "iin"                  # the IIN in the certificate subject is the applicant's or representative's


@dataclass(frozen=True)
class Check:
    code: CheckCode
    passed: bool
    reason: str = ""                          # a machine code for the failure (e.g. "revoked", "expired")
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        from qamqor.exchange.signatures.messages import check_message

        return check_message(self)

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "passed": self.passed, "reason": self.reason, "params": dict(self.params)}


@dataclass
class VerificationResult:
    checks: list[Check]
    verifier: str
    signer_iin: str = ""
    signer_name: str = ""
    certificate_serial: str = ""
    certificate_subject: str = ""
    certificate_issuer: str = ""
    signed_at: datetime | None = None
    content: bytes | None = None              # the signed content (from the CMS when attached)
    detached: bool = True

    @property
    def valid(self) -> bool:
        codes = {c.code for c in self.checks}
        return all(c.passed for c in self.checks) and codes >= set(CheckCode)

    def check(self, code: CheckCode) -> Check | None:
        return next((c for c in self.checks if c.code == code), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid, "verifier": self.verifier, "signer_iin": self.signer_iin,
            "signer_name": self.signer_name, "certificate_serial": self.certificate_serial,
            "certificate_subject": self.certificate_subject, "certificate_issuer": self.certificate_issuer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None, "detached": self.detached,
            "checks": [c.as_dict() for c in self.checks],
        }


@runtime_checkable
class SignatureVerifier(Protocol):
    """What a verifier implements. ``content`` is None for an attached signature. ``expected_iins``
    are the IINs allowed to sign (the applicant, the person, their legal representatives).
    ``at`` is the verification time (now by default; CRL freshness is judged at it)."""

    name: str

    def verify(self, *, signature: bytes, content: bytes | None, expected_iins: Collection[str],
               at: datetime | None = None) -> VerificationResult: ...


def get_verifier() -> SignatureVerifier:
    """The configured verifier (``QAMQOR_SIGNATURE_VERIFIER``)."""
    factory = import_string(getattr(settings, "QAMQOR_SIGNATURE_VERIFIER", "") or DEFAULT_VERIFIER)
    return factory()


__all__ = ["Check", "CheckCode", "SignatureVerifier", "VerificationResult", "get_verifier"]
