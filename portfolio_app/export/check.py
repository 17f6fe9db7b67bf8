"""Open a portfolio PDF someone handed us: its signature, its attachments, its statement.

The recruiter's side of :mod:`.package`.  Facts are kept apart as pyHanko keeps them:

* *intact*: the signed bytes hash to what the signature says;
* *valid*: the signature over that hash checks with the certificate's key;
* *who signed*: the certificate's subject, and whether anyone vouches for it (a self-signed
  learner certificate is vouched for by nobody; an institution's names the institution);
* *whole file*: the signature covers every byte, so nothing was appended after it.

A PDF is untrusted input: its size is capped before parsing, attachments are read only from a
flat name tree with a bounded number of entries, each decompressed with a size cap, and any
parser failure becomes :class:`NotAPortfolio` (one sentence), never a traceback.
"""

from __future__ import annotations

import io
import json
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portfolio_app.errors import PortfolioError
from portfolio_app.export.presentation import PRESENTATION_FILE

log = logging.getLogger(__name__)

MAX_ATTACHMENTS = 2_000
MAX_NAME_TREE_DEPTH = 8


class NotAPortfolio(PortfolioError):
    """The file cannot be read as a signed portfolio; the message says why, in one line."""


@dataclass(frozen=True)
class SignatureFacts:
    intact: bool
    valid: bool
    whole_file: bool
    signer: str  # the certificate subject, as readers show it
    signer_kind: str  # "self-signed" or "issued by <issuer>"
    trusted: bool  # whether a trust root vouches for the certificate (none are configured)
    signed_at: datetime | None
    signature_count: int
    signer_uris: tuple[str, ...] = ()  # URI alternative names (the learner's did:key)

    def to_json(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "valid": self.valid,
            "whole_file": self.whole_file,
            "signer": self.signer,
            "signer_kind": self.signer_kind,
            "trusted": self.trusted,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "signatures": self.signature_count,
            "signer_uris": list(self.signer_uris),
        }


@dataclass(frozen=True)
class OpenedPortfolio:
    signature: SignatureFacts
    attachments: dict[str, bytes]
    presentation: Any | None  # the parsed statement, or None when absent / unreadable


def open_portfolio(data: bytes, *, max_attachment_bytes: int) -> OpenedPortfolio:
    """Read signature facts and attachments; raises :class:`NotAPortfolio`."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise NotAPortfolio("this is not a PDF file")
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 - heavy import

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        log.info("unreadable PDF: %r", exc)
        raise NotAPortfolio(
            "the PDF cannot be read (damaged or truncated); ask for the file again"
        ) from None
    if not signatures:
        raise NotAPortfolio("the PDF is not signed, so it is not a Learner Portfolio export")
    facts = _signature_facts(signatures[-1], len(signatures))
    try:
        attachments = _attachments(reader, max_attachment_bytes)
    except NotAPortfolio:
        raise
    except Exception as exc:
        log.info("unreadable attachments: %r", exc)
        raise NotAPortfolio("the PDF's attached files cannot be read") from None
    if PRESENTATION_FILE not in attachments:
        raise NotAPortfolio(
            f"the PDF has no {PRESENTATION_FILE} attached, so it holds no portfolio"
        )
    try:
        presentation = json.loads(attachments.pop(PRESENTATION_FILE))
    except ValueError:
        presentation = None
    return OpenedPortfolio(facts, attachments, presentation)


def _signature_facts(embedded: Any, count: int) -> SignatureFacts:
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415
    from pyhanko.sign.validation.status import SignatureCoverageLevel  # noqa: PLC0415
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415

    # No trust roots (not the OS list) and no fetching: offline, and "who signed" is reported
    # as a fact, with "vouched for" apart.
    context = ValidationContext(trust_roots=[], allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, context, skip_diff=True)
    except Exception as exc:
        log.info("signature could not be validated: %r", exc)
        return SignatureFacts(False, False, False, "unknown", "unknown", False, None, count)
    cert = status.signing_cert
    subject = cert.subject.human_friendly
    self_signed = cert.subject == cert.issuer
    kind = "self-signed" if self_signed else f"issued by {cert.issuer.human_friendly}"
    return SignatureFacts(
        intact=bool(status.intact),
        valid=bool(status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=subject,
        signer_kind=kind,
        trusted=bool(status.trusted),
        signed_at=status.signer_reported_dt,
        signature_count=count,
        signer_uris=_uris(cert),
    )


def _uris(cert: Any) -> tuple[str, ...]:
    """URI subject alternative names: the learner's certificate carries their did:key."""
    try:
        names = cert.subject_alt_name_value
    except ValueError:
        return ()
    if names is None:
        return ()
    return tuple(
        str(n.native) for n in names if n.name == "uniform_resource_identifier"
    )[:10]


def _attachments(reader: Any, max_bytes: int) -> dict[str, bytes]:
    names = _deref(reader.root.get("/Names"))
    tree = _deref(names.get("/EmbeddedFiles")) if names is not None else None
    if tree is None:
        raise NotAPortfolio("the PDF has no attached files, so it holds no portfolio")
    found: dict[str, bytes] = {}
    _walk(tree, found, max_bytes, 0)
    return found


def _walk(node: Any, found: dict[str, bytes], max_bytes: int, depth: int) -> None:
    if depth > MAX_NAME_TREE_DEPTH:
        raise NotAPortfolio("the PDF's list of attached files is nested too deeply")
    for kid in _deref(node.get("/Kids", ())):
        _walk(_deref(kid), found, max_bytes, depth + 1)
    pairs = list(_deref(node.get("/Names", ())))
    for index in range(0, len(pairs) - 1, 2):
        if len(found) >= MAX_ATTACHMENTS:
            raise NotAPortfolio(f"the PDF has more than {MAX_ATTACHMENTS} attached files")
        name = str(pairs[index])
        spec = _deref(pairs[index + 1])
        stream = _deref(_deref(spec["/EF"])["/F"])
        found[name] = _stream_bytes(stream, max_bytes, name)


def _deref(value: Any) -> Any:
    """The object behind an indirect reference (pyHanko's ``.get`` does not follow them)."""
    return value.get_object() if hasattr(value, "get_object") else value


def _stream_bytes(stream: Any, max_bytes: int, name: str) -> bytes:
    """The attached file's bytes, refusing anything that would decode past ``max_bytes``."""
    raw: bytes = stream.encoded_data
    filters = stream.get("/Filter")
    if filters is None:
        chosen: list[str] = []
    elif isinstance(filters, list):
        chosen = [str(f) for f in filters]
    else:
        chosen = [str(filters)]
    if chosen == []:
        data = raw
    elif chosen == ["/FlateDecode"] and stream.get("/DecodeParms") is None:
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, max_bytes + 1)
        if inflater.unconsumed_tail:
            data = b"x" * (max_bytes + 1)
    else:
        raise NotAPortfolio(f"the attached file {name} uses an encoding this app does not read")
    if len(data) > max_bytes:
        raise NotAPortfolio(f"the attached file {name} is larger than the import limit")
    return data
