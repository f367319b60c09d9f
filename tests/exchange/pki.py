"""A throwaway PKI for the signature tests: root CA, intermediate CA, leaf certificates with the IIN in
the subject serialNumber (as the national CA writes it), a CRL, and CMS signing with cryptography."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

NOW = datetime.now(UTC)


def _name(cn: str, iin: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if iin:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
    return x509.Name(attrs)


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@dataclass
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def make_cert(subject: x509.Name, key, issuer: Issued | None, *, ca: bool, not_before: datetime,
              not_after: datetime, key_usage: dict[str, bool] | None = None) -> Issued:
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    usage = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                 encipher_only=False, decipher_only=False)
    if ca:
        usage.update(key_cert_sign=True, crl_sign=True, digital_signature=True)
    else:
        usage.update(digital_signature=True, content_commitment=True)
    if key_usage is not None:
        usage.update(key_usage)
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    signer = issuer.key if issuer else key
    return Issued(builder.sign(signer, hashes.SHA256()), key)


@dataclass
class PKI:
    root: Issued
    intermediate: Issued
    revoked: list[x509.Certificate] = field(default_factory=list)

    @classmethod
    def create(cls, name: str = "Test NCA") -> PKI:
        start, end = NOW - timedelta(days=3650), NOW + timedelta(days=3650)
        root = make_cert(_name(f"{name} Root"), _key(), None, ca=True, not_before=start, not_after=end)
        inter = make_cert(_name(f"{name} Intermediate"), _key(), root, ca=True, not_before=start, not_after=end)
        return cls(root, inter)

    def leaf(self, iin: str, *, cn: str = "TESTOV TEST", not_before: datetime | None = None,
             not_after: datetime | None = None, key_usage: dict[str, bool] | None = None, rsa_key: bool = False) -> Issued:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else _key()
        return make_cert(_name(cn, iin), key, self.intermediate, ca=False,
                         not_before=not_before or NOW - timedelta(days=365),
                         not_after=not_after or NOW + timedelta(days=365), key_usage=key_usage)

    def crl(self, revoked: list[x509.Certificate] = (), *, next_update: datetime | None = None) -> x509.CertificateRevocationList:
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.intermediate.cert.subject)
                   .last_update(NOW - timedelta(days=1)).next_update(next_update or NOW + timedelta(days=3650)))
        for cert in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(cert.serial_number)
                .revocation_date(NOW - timedelta(days=10)).build())
        return builder.sign(self.intermediate.key, hashes.SHA256())

    def root_pem(self) -> bytes:
        return self.root.cert.public_bytes(serialization.Encoding.PEM)


def sign(content: bytes, signer: Issued, chain: list[x509.Certificate], *, detached: bool = True) -> bytes:
    """A DER CMS SignedData over ``content`` (signingTime is the clock at signing)."""
    options = [pkcs7.PKCS7Options.Binary]
    if detached:
        options.append(pkcs7.PKCS7Options.DetachedSignature)
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(signer.cert, signer.key, hashes.SHA256())
    for cert in chain:
        builder = builder.add_certificate(cert)
    return builder.sign(serialization.Encoding.DER, options)
