"""Translated messages of the signature checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qamqor.exchange.signatures import Check, CheckCode

PASSED: dict[CheckCode, Any] = {
    CheckCode.FORMAT: _("The signature is a CMS (PKCS#7) signed document with the signer's certificate."),
    CheckCode.INTEGRITY: _("The content has not been changed since it was signed."),
    CheckCode.CHAIN: _("The certificate chains to a trusted certificate authority."),
    CheckCode.VALIDITY: _("The certificates were valid at the signing time."),
    CheckCode.KEY_USAGE: _("The certificate allows signing documents."),
    CheckCode.REVOCATION: _("The certificate is not revoked."),
    CheckCode.IIN: _("The IIN of the signer is that of the applicant or of a legal representative."),
}

FAILED: dict[str, Any] = {
    "not_cms": _("The signature cannot be read as a CMS (PKCS#7) signed document."),
    "no_signer": _("The signed document has no signer."),
    "no_certificate": _("The signer's certificate is not in the signed document."),
    "no_content": _("The signature is detached: the signed content must be sent with it."),
    "content_mismatch": _("The content sent differs from the content inside the signature."),
    "digest_mismatch": _("The content was changed after it was signed (its digest does not match)."),
    "bad_signature": _("The signature value is not valid for this content and certificate."),
    "unsupported_algorithm": _("The signature algorithm is not supported by this verifier (e.g. GOST): "
                               "configure a verifier that supports it."),
    "untrusted": _("The certificate does not chain to a trusted certificate authority."),
    "no_trusted_roots": _("No trusted certificate authorities are configured."),
    "expired": _("A certificate of the chain was not valid at the signing time."),
    "no_key_usage": _("The certificate does not allow signing documents (digitalSignature or nonRepudiation)."),
    "revoked": _("A certificate of the chain is revoked."),
    "no_crl": _("No valid certificate revocation list of the issuer is configured."),
    "crl_stale": _("The certificate revocation list is out of date."),
    "no_iin": _("The certificate subject has no IIN."),
    "wrong_iin": _("The IIN of the signer is neither the applicant's nor a legal representative's."),
    "not_checked": _("Not checked because an earlier check failed."),
}


def check_message(check: Check) -> str:
    if check.passed:
        return str(PASSED[check.code])
    text = str(FAILED.get(check.reason, check.reason))
    if check.params:
        text += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(check.params.items())) + ")"
    return text
