"""Put the originals and the statement inside the PDF, then sign it (pyHanko, PAdES B-B).

Render and sign are separate steps, as pyHanko does it: the rendered document gets one
incremental update carrying the attachments, then the signature is a second incremental update
over every byte before it.  So the signed range covers the pages *and* every original; any
change to either (or anything appended later) shows in ``verify-pdf`` and in PDF readers.

Attachments are both in the document's ``/EmbeddedFiles`` name tree (every reader lists
them) and in the catalog's ``/AF`` associated files (PDF 2.0 / PDF/A-3), with the relationship
``/Source`` for originals and ``/Supplement`` for the learner's statement.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from portfolio_app.identity.identity import PdfPrivateKey

SIGNATURE_FIELD = "LearnerSignature"


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    mime_type: str
    description: str
    relationship: str  # "Source" (an original) or "Supplement" (the statement)


def attach(pdf: bytes, attachments: Sequence[Attachment], when: datetime) -> bytes:
    """``pdf`` with every attachment embedded byte for byte (one incremental update)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for item in attachments:
        stream = EmbeddedFileObject.from_file_data(
            writer,
            item.data,
            compress=True,
            params=EmbeddedFileParams(embed_size=True, creation_date=when, modification_date=when),
            mime_type=item.mime_type,
        )
        spec = FileSpec(
            file_spec_string=item.name,
            file_name=item.name,
            embedded_data=stream,
            description=item.description,
            af_relationship=generic.NameObject("/" + item.relationship),
        )
        embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def sign(
    pdf: bytes,
    key: PdfPrivateKey,
    certificate: x509.Certificate,
    chain: Sequence[x509.Certificate] = (),
    *,
    reason: str = "Learner's portfolio: these are my credentials",
) -> bytes:
    """A PAdES baseline B-B signature over the whole of ``pdf``, as an incremental update."""
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signing_cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    others = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in chain]
    signer = signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [signing_cert, *others]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()
