"""The learner's key material: an Ed25519 identity and a key + certificate for PDF signatures.

Two keys because two audiences: verifiers of the embedded presentation resolve the Ed25519
``did:key`` offline, while PDF readers (Acrobat, poppler's ``pdfsig``) only check
signatures made with keys they know — ECDSA P-256 (or the RSA / EC key of an institution
certificate), not Ed25519.  The self-signed certificate carries the ``did:key`` as a URI
subject alternative name, so a reader of the PDF can tie the two together.

:class:`KeyMaterial` is the only object holding private keys.  It never prints them, and it
turns into bytes only for :mod:`portfolio_app.identity.sealed` to encrypt.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import nacl.signing
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from portfolio_app.identity.errors import CertificateImportError, SealedFileDamaged
from portfolio_app.verify.didkey import (
    did_key_from_ed25519,
    did_key_verification_method,
    ed25519_multibase,
)

PdfPrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
SELF_SIGNED = "self-signed"
INSTITUTION = "institution"
CERT_VALIDITY = dt.timedelta(days=5 * 365 + 1)
_CLOCK_SKEW = dt.timedelta(minutes=5)
_PAYLOAD_VERSION = 1
_MIN_RSA_BITS = 2048


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class KeyMaterial:
    """Both private keys plus where the PDF key came from.  In memory only.

    Not a dataclass on purpose: no generated ``__repr__``/``__eq__`` that could print or
    compare secrets.
    """

    __slots__ = ("ed25519", "pdf_key", "pdf_source")

    def __init__(
        self, ed25519: nacl.signing.SigningKey, pdf_key: PdfPrivateKey, pdf_source: str
    ) -> None:
        self.ed25519 = ed25519
        self.pdf_key = pdf_key
        self.pdf_source = pdf_source

    def __repr__(self) -> str:
        return f"KeyMaterial(did={self.did!r}, pdf={self.pdf_source}, private keys hidden)"

    @property
    def ed25519_public(self) -> bytes:
        return bytes(self.ed25519.verify_key)

    @property
    def did(self) -> str:
        return did_key_from_ed25519(self.ed25519_public)

    @classmethod
    def generate(cls) -> KeyMaterial:
        """A fresh Ed25519 identity and a fresh P-256 PDF key."""
        return cls(
            nacl.signing.SigningKey.generate(), ec.generate_private_key(ec.SECP256R1()), SELF_SIGNED
        )

    def with_new_identity(self, *, keep_pdf_key: bool) -> KeyMaterial:
        """Rotation: a new Ed25519 key; a new P-256 key too unless the PDF key is kept."""
        if keep_pdf_key:
            return KeyMaterial(nacl.signing.SigningKey.generate(), self.pdf_key, self.pdf_source)
        return KeyMaterial.generate()

    def to_payload(self) -> bytes:
        """Serialise for sealing (the result must only ever be passed to ``seal``)."""
        pkcs8 = self.pdf_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return json.dumps(
            {
                "version": _PAYLOAD_VERSION,
                "ed25519_seed": base64.b64encode(bytes(self.ed25519)).decode("ascii"),
                "pdf_key_pkcs8": base64.b64encode(pkcs8).decode("ascii"),
                "pdf_source": self.pdf_source,
            }
        ).encode("utf-8")

    @classmethod
    def from_payload(cls, payload: bytes) -> KeyMaterial:
        try:
            data = json.loads(payload)
            if data.get("version") != _PAYLOAD_VERSION:
                raise SealedFileDamaged(
                    "the sealed keys were written by a newer version of Learner Portfolio"
                )
            seed = base64.b64decode(data["ed25519_seed"], validate=True)
            pdf_key = serialization.load_der_private_key(
                base64.b64decode(data["pdf_key_pkcs8"], validate=True), password=None
            )
            source = str(data["pdf_source"])
        except SealedFileDamaged:
            raise
        except Exception:
            raise SealedFileDamaged(
                "the sealed keys file opened but its content is unreadable"
            ) from None
        if not isinstance(pdf_key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise SealedFileDamaged("the sealed PDF-signing key has an unsupported type")
        return cls(nacl.signing.SigningKey(seed), pdf_key, source)


def ed25519_public_jwk(public_key: bytes) -> dict[str, str]:
    """RFC 8037 OKP JWK of an Ed25519 public key."""
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(public_key)}


def pdf_public_jwk(certificate: x509.Certificate) -> dict[str, str]:
    """JWK of the certificate's public key (EC P-256/384/521 or RSA)."""
    key = certificate.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        numbers = key.public_numbers()
        size = (key.curve.key_size + 7) // 8
        crv = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}.get(
            key.curve.name, key.curve.name
        )
        return {
            "kty": "EC",
            "crv": crv,
            "x": _b64url(numbers.x.to_bytes(size, "big")),
            "y": _b64url(numbers.y.to_bytes(size, "big")),
        }
    if isinstance(key, rsa.RSAPublicKey):
        numbers_rsa = key.public_numbers()
        return {
            "kty": "RSA",
            "n": _b64url(numbers_rsa.n.to_bytes((numbers_rsa.n.bit_length() + 7) // 8, "big")),
            "e": _b64url(numbers_rsa.e.to_bytes((numbers_rsa.e.bit_length() + 7) // 8, "big")),
        }
    raise CertificateImportError("the certificate's key type is not supported")


def public_summary(material: KeyMaterial) -> dict[str, Any]:
    """did:key, verification method, multibase and JWK of the Ed25519 key."""
    pub = material.ed25519_public
    return {
        "did": did_key_from_ed25519(pub),
        "verificationMethod": did_key_verification_method(pub),
        "publicKeyMultibase": ed25519_multibase(pub),
        "publicKeyJwk": ed25519_public_jwk(pub),
    }


def self_signed_certificate(
    name: str, key: ec.EllipticCurvePrivateKey, *, did: str, now: dt.datetime
) -> x509.Certificate:
    """A ~5-year certificate in the learner's name for PDF signatures.

    Key usage digitalSignature + nonRepudiation (contentCommitment) is what PDF readers expect
    of a document-signing certificate; not a CA.  The did:key goes in a URI SAN.
    """
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Learner Portfolio (self-signed)"),
        ]
    )
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(int.from_bytes(secrets.token_bytes(16), "big") >> 1)
        .not_valid_before(now - _CLOCK_SKEW)
        .not_valid_after(now + CERT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(did)]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def certificate_for(material: KeyMaterial, name: str, *, now: dt.datetime) -> x509.Certificate:
    """The self-signed PDF certificate for ``material``'s P-256 key and did:key."""
    if not isinstance(material.pdf_key, ec.EllipticCurvePrivateKey):
        raise CertificateImportError("only an EC key gets a self-signed certificate")
    return self_signed_certificate(name, material.pdf_key, did=material.did, now=now)


@dataclass(frozen=True)
class InstitutionCertificate:
    """What a PKCS#12 import yields.  The key is excluded from repr and comparison."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    key: PdfPrivateKey = field(repr=False, compare=False)


def load_institution_pkcs12(
    data: bytes, password: str | None, *, now: dt.datetime
) -> InstitutionCertificate:
    """Open a career centre's PKCS#12 and check it can sign PDFs that readers will check."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None
        )
    except (ValueError, TypeError):
        raise CertificateImportError(
            "the file could not be opened as PKCS#12 (wrong password, or not a .p12/.pfx file)"
        ) from None
    if key is None or cert is None:
        raise CertificateImportError("the PKCS#12 file must hold a private key and its certificate")
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < _MIN_RSA_BITS:
            raise CertificateImportError(f"an RSA key needs at least {_MIN_RSA_BITS} bits")
    elif not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CertificateImportError(
            "PDF readers check RSA and ECDSA signatures only; this certificate's key is "
            f"{type(key).__name__.removeprefix('_')}"
        )
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*spki) != cert.public_key().public_bytes(*spki):
        raise CertificateImportError("the private key does not belong to the certificate")
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise CertificateImportError(
            f"the certificate is valid from {cert.not_valid_before_utc:%Y-%m-%d} to "
            f"{cert.not_valid_after_utc:%Y-%m-%d}, not today"
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise CertificateImportError("the certificate is not allowed to sign documents")
    return InstitutionCertificate(cert, tuple(extra), key)


def certificate_pem(certs: list[x509.Certificate] | tuple[x509.Certificate, ...]) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def certificate_summary(cert: x509.Certificate) -> dict[str, str]:
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "sha256": cert.fingerprint(hashes.SHA256()).hex(),
    }
