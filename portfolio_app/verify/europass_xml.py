"""Europass EDC v1 XML: the XAdES seal checked with signxml, and what is shown checked against it.

XML signatures are easy to get wrong by hand (canonicalization, reference resolution), so the
cryptography is signxml's (``XAdESVerifier``).  What signxml accepts is wider than what makes
a seal mean "this credential, as shown": a reference may point at one element of the document
(``URI="#id"``) and a transform may select or rewrite what is digested (XPath, XSLT).  That is
how signature-wrapping attacks work: a valid seal over one element, and unsigned elements
beside it that the app would show.  So, before signxml runs:

1. The document is read bounded and with entities and external references refused
   (``ingest/xmldoc.py``): a bomb or an external entity is ``malformed`` at once.  signxml then
   parses it with an lxml parser that resolves no entities, loads no DTD and opens no socket.
2. The document holds exactly one ``ds:Signature``, and its references are exactly: one
   whole-document reference (``URI=""``) with the enveloped-signature transform (plus, at most,
   a canonicalization), one XAdES ``SignedProperties`` reference to the signature's own signed
   properties, and at most one reference to its own ``KeyInfo`` (signxml's signer adds it).
   Anything else (a reference to a sub-element, a second data reference, an XPath or XSLT
   transform) is ``unsupported``, with the reference or transform named.  The DSS-made EDC
   seals select the document with the XPath ``not(ancestor-or-self::ds:Signature)``: that is
   refused too (this app does not evaluate XPath), so such files say ``unsupported``.
3. The sealing certificate is the first ``X509Certificate`` in ``KeyInfo``; it is pinned in
   signxml's verify (``x509_cert``), never checked against a CA bundle, and it must be valid at
   the XAdES ``SigningTime`` (the JAdES path's rule, :mod:`.europass`): a certificate that was
   not valid then fails the seal (``tampered``); one that expired since is a note.
4. Every shown field (title, issuer, description, id, dates) is read again, with the parser's
   own :func:`~portfolio_app.formats.europass_xml.read_fields`, from the XML signxml returns as
   signed; a field that differs from what the parser showed makes the credential ``tampered``.
   The dates checked are the signed ones.

Trust is the JAdES path's, reused as it is (:func:`.europass.finish_sealed`): an intact
seal whose certificate is on no sealing trust list the profile holds is ``unverifiable``
("seal intact; the sealing certificate is not on a trust list this app holds").  EDC v1 names
its issuer by a reference local to the document (``urn:epass:org:1``), not by a global id, so
only trust-list entries not restricted to issuer ids can tie an EDC v1 seal.  The seal's
timestamps and the certificate's revocation are not checked offline (``timestamps`` check).
An unsealed EDC v1 credential is ``unverifiable``, as an unsealed JSON one is.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509

from portfolio_app.datetimes import DateError, read_datetime
from portfolio_app.errors import RejectedInput
from portfolio_app.formats.europass_xml import (
    DSIG_NS,
    KIND,
    EdcFields,
    is_edc_xml_root,
    read_fields,
)
from portfolio_app.ingest.xmldoc import parse_bounded
from portfolio_app.model import Credential
from portfolio_app.verify._common import ContentError, finish
from portfolio_app.verify.dates import check_window
from portfolio_app.verify.europass import _certificate_dates, _common_name, finish_sealed
from portfolio_app.verify.registry import SealTrustList
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
C14N = frozenset(
    {
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
        "http://www.w3.org/2006/12/xml-c14n11",
        "http://www.w3.org/2006/12/xml-c14n11#WithComments",
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    }
)
TRANSFORM_NAMES = {
    "http://www.w3.org/TR/1999/REC-xpath-19991116": "an XPath transform",
    "http://www.w3.org/2002/06/xmldsig-filter2": "an XPath Filter 2.0 transform",
    "http://www.w3.org/TR/1999/REC-xslt-19991116": "an XSLT transform",
    "http://www.w3.org/2000/09/xmldsig#base64": "a base64 transform",
}
ID_ATTRIBUTES = frozenset({"Id", "ID", "id"})
UNSEALED = "the credential carries no seal: nothing cryptographic to check"


def _ds(name: str) -> str:
    return f"{{{DSIG_NS}}}{name}"


def _xades(name: str) -> str:
    return f"{{{XADES_NS}}}{name}"


@dataclass(frozen=True)
class _SealShape:
    """What the seal's references are, once they passed the shape rules (module docstring)."""

    references: int
    leaf: x509.Certificate
    signing_time: datetime | None


def verify_europass_xml(
    credential: Credential, *, now: datetime, trust_lists: Sequence[SealTrustList] = ()
) -> Verdict:
    """Verify an EDC v1 XML credential's XAdES seal. Never raises for bad content.

    ``trust_lists`` are the sealing trust lists the profile holds (as for the JAdES path).
    """
    text = credential.payload if isinstance(credential.payload, str) else ""
    facts: dict[str, str] = {"proof": "XAdES seal"}
    try:
        root = parse_bounded(text.encode("utf-8"))
        if not is_edc_xml_root(root.tag):
            raise ContentError(f"the XML document is not a {KIND}")
        signatures = list(root.iter(_ds("Signature")))
        if not signatures:
            return finish(
                [Status.UNVERIFIABLE],
                [
                    Check("format", Outcome.PASSED, f"a {KIND} without a seal"),
                    Check("seal", Outcome.NOT_CHECKED, UNSEALED),
                ],
                checked_at=now,
                facts=facts,
            )
        if len(signatures) > 1:
            raise ContentError(
                f"the document holds {len(signatures)} XML signatures; this app checks a "
                "credential sealed exactly once",
                status=Status.UNSUPPORTED,
            )
        shape = _seal_shape(root, signatures[0])
    except RejectedInput as exc:
        return finish(
            [Status.MALFORMED], [Check("format", Outcome.FAILED, exc.reason)], checked_at=now
        )
    except ContentError as exc:
        return finish(
            [exc.status],
            [
                Check("format", Outcome.PASSED, f"a {KIND} with a XAdES seal"),
                Check("seal", Outcome.FAILED, exc.reason),
            ],
            checked_at=now,
            facts=facts,
        )
    return _check_seal(credential, text, shape, now=now, trust_lists=trust_lists, facts=facts)


def _check_seal(
    credential: Credential,
    text: str,
    shape: _SealShape,
    *,
    now: datetime,
    trust_lists: Sequence[SealTrustList],
    facts: dict[str, str],
) -> Verdict:
    checks = [Check("format", Outcome.PASSED, f"a {KIND} with a XAdES seal")]
    candidates: set[Status] = set()
    leaf = shape.leaf
    facts["signer"] = leaf.subject.rfc4514_string()
    facts["signer_issuer"] = leaf.issuer.rfc4514_string()
    if shape.signing_time is not None:
        facts["sealed_at"] = shape.signing_time.isoformat()
    cert_check = _certificate_dates(leaf, shape.signing_time, now)
    if cert_check.outcome is Outcome.FAILED:
        # signxml would refuse the certificate before the signature; the JAdES rule is the same.
        checks += [
            Check("signature", Outcome.NOT_CHECKED, "not checked: " + cert_check.detail),
            cert_check,
        ]
        return finish([Status.TAMPERED], checks, checked_at=now, facts=facts)
    try:
        signed_root = _signxml_verify(text, shape, now)
    except ContentError as exc:
        checks.append(Check("signature", Outcome.FAILED, exc.reason))
        return finish([exc.status], checks, checked_at=now, facts=facts)
    checks += [
        Check("signature", Outcome.PASSED, f"the seal is intact (sealed by {_common_name(leaf)})"),
        cert_check,
    ]
    try:
        signed = read_fields(signed_root)
    except RejectedInput as exc:
        checks.append(Check("signed_content", Outcome.FAILED, f"the sealed XML: {exc.reason}"))
        return finish([Status.MALFORMED], checks, checked_at=now, facts=facts)
    differs = _shown_differs(credential, signed)
    if differs:
        checks.append(
            Check(
                "signed_content",
                Outcome.FAILED,
                f"the {differs} shown is not the one the seal covers: the file holds unsigned "
                "content beside the sealed credential",
            )
        )
        return finish([Status.TAMPERED], checks, checked_at=now, facts=facts)
    checks.append(Check("signed_content", Outcome.PASSED, "what is shown is what the seal covers"))
    dates = check_window(
        [(n, v) for n, v in (("validFrom", signed.valid_from), ("issued", signed.issued)) if v],
        [("validUntil", signed.valid_until)] if signed.valid_until else [],
        now=now,
    )
    # EDC v1 names its issuer only by a reference local to the document: no issuer id.
    return finish_sealed(
        candidates,
        checks,
        dates,
        [leaf],
        issuer_id=None,
        trust_lists=trust_lists,
        now=now,
        facts=facts,
    )


def _shown_differs(credential: Credential, signed: EdcFields) -> str | None:
    """The name of the first shown field that the sealed XML states otherwise, if any."""
    try:
        dates = {
            "issued date": _moment(signed.issued),
            "validFrom date": _moment(signed.valid_from),
            "validUntil date": _moment(signed.valid_until),
        }
    except DateError:
        return "date"
    pairs: list[tuple[str, object, object]] = [
        ("title", credential.title, signed.title),
        ("issuer name", credential.issuer_name, signed.issuer_name),
        ("issuer reference", credential.extra.get("issuer_ref") or None, signed.issuer_ref),
        ("description", credential.description or "", signed.description),
        ("credential id", credential.credential_id, signed.credential_id),
        ("issued date", credential.issued, dates["issued date"]),
        ("validFrom date", credential.valid_from, dates["validFrom date"]),
        ("validUntil date", credential.valid_until, dates["validUntil date"]),
    ]
    for name, shown, sealed in pairs:
        if shown != sealed:
            return name
    return None


def _moment(raw: str | None) -> datetime | None:
    return read_datetime(raw) if raw is not None else None


# ------------------------------------------------------------------------------ seal shape


def _ids(root: Any, value: str) -> list[Any]:
    """Every element carrying ``value`` in an id-like attribute (as signxml resolves "#id")."""
    found = []
    for element in root.iter():
        for name, attr in element.attrib.items():
            if name.rsplit("}", 1)[-1] in ID_ATTRIBUTES and attr == value:
                found.append(element)
                break
    return found


def _own(root: Any, signature: Any, uri: str, tag: str, what: str) -> Any:
    """``uri`` ("#id") must name exactly one element, and that the signature's own ``tag``."""
    targets = _ids(root, uri[1:])
    if len(targets) != 1:
        raise ContentError(
            f"the seal's reference {uri!r} names {len(targets)} elements; it must name "
            f"exactly its own {what}",
            status=Status.TAMPERED if targets else Status.MALFORMED,
        )
    if targets[0].tag != tag or not any(e is targets[0] for e in signature.iter(tag)):
        raise ContentError(
            f"the seal's {what} reference {uri!r} points outside the seal",
            status=Status.TAMPERED,
        )
    return targets[0]


def _is_own_key_info(root: Any, signature: Any, uri: str) -> bool:
    targets = _ids(root, uri[1:])
    return len(targets) == 1 and any(e is targets[0] for e in signature.iter(_ds("KeyInfo")))


def _transforms(reference: Any) -> list[str]:
    holder = reference.find(_ds("Transforms"))
    if holder is None:
        return []
    return [str(t.get("Algorithm") or "") for t in holder.findall(_ds("Transform"))]


def _refuse_transform(algorithm: str, uri: str) -> ContentError:
    name = TRANSFORM_NAMES.get(algorithm, f"the transform {algorithm!r}")
    return ContentError(
        f"the seal's reference {uri!r} uses {name}, which this app does not evaluate: it "
        "cannot tell what such a seal covers",
        status=Status.UNSUPPORTED,
    )


def _seal_shape(root: Any, signature: Any) -> _SealShape:
    """Check the references against the rules in the module docstring; read the certificate."""
    signed_info = signature.find(_ds("SignedInfo"))
    if signed_info is None or signed_info.find(_ds("SignatureMethod")) is None:
        raise ContentError("the XAdES seal is incomplete (no SignedInfo / SignatureMethod)")
    data_refs = key_refs = 0
    properties: list[Any] = []
    references = signed_info.findall(_ds("Reference"))
    for reference in references:
        uri = reference.get("URI")
        transforms = _transforms(reference)
        if uri is None:
            raise ContentError("the seal has a reference without a URI", status=Status.UNSUPPORTED)
        if uri == "":
            for algorithm in transforms:
                if algorithm != ENVELOPED and algorithm not in C14N:
                    raise _refuse_transform(algorithm, uri)
            if ENVELOPED not in transforms:
                raise ContentError(
                    "the seal's whole-document reference lacks the enveloped-signature transform",
                    status=Status.UNSUPPORTED,
                )
            data_refs += 1
            continue
        if not uri.startswith("#") or len(uri) < 2:
            raise ContentError(
                f"the seal signs {uri!r}, outside the credential; this app checks only a seal "
                "over the whole credential",
                status=Status.UNSUPPORTED,
            )
        if reference.get("Type") == SIGNED_PROPERTIES_TYPE:
            properties.append(
                _own(root, signature, uri, _xades("SignedProperties"), "XAdES signed properties")
            )
        elif _is_own_key_info(root, signature, uri):
            key_refs += 1
        else:
            raise ContentError(
                f"the seal signs only part of the document (reference {uri!r}), not the whole "
                "credential; a seal over a part can be moved beside unsigned content (signature "
                "wrapping), so it is not accepted",
                status=Status.UNSUPPORTED,
            )
        for algorithm in transforms:
            if algorithm not in C14N:
                raise _refuse_transform(algorithm, uri)
    if data_refs != 1:
        raise ContentError(
            "the seal does not sign the whole credential exactly once "
            f"({data_refs} whole-document references)",
            status=Status.UNSUPPORTED,
        )
    if len(properties) != 1 or key_refs > 1:
        raise ContentError(
            "the seal is not a XAdES seal with one reference to its signed properties",
            status=Status.UNSUPPORTED,
        )
    return _SealShape(len(references), _leaf(signature), _signing_time(properties[0]))


def _leaf(signature: Any) -> x509.Certificate:
    element = signature.find(f"{_ds('KeyInfo')}/{_ds('X509Data')}/{_ds('X509Certificate')}")
    if element is None or not (element.text or "").strip():
        raise ContentError(
            "the seal carries no certificate (KeyInfo/X509Data/X509Certificate)",
            status=Status.UNSUPPORTED,
        )
    try:
        der = base64.b64decode("".join(str(element.text).split()), validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError):
        raise ContentError("the seal's certificate (X509Certificate) cannot be read") from None


def _signing_time(signed_properties: Any) -> datetime | None:
    """The XAdES ``SigningTime`` of the signed properties the seal references (so: signed)."""
    found = [
        element
        for element in signed_properties.iter(_xades("SigningTime"))
        if (element.text or "").strip()
    ]
    if not found:
        return None
    if len(found) > 1:
        raise ContentError("the seal states more than one signing time")
    try:
        return read_datetime(str(found[0].text).strip())
    except DateError as exc:
        raise ContentError(f"the seal's signing time is unreadable: {exc}") from None


# ------------------------------------------------------------------------------ signxml


def _signxml_verify(text: str, shape: _SealShape, now: datetime) -> Any:
    """Run signxml's XAdES verification, the certificate pinned; the sealed root element.

    signxml is imported here, on first use, so starting the app does not load lxml.
    """
    from lxml import etree  # type: ignore[import-untyped]  # noqa: PLC0415
    from signxml.exceptions import (  # noqa: PLC0415
        InvalidCertificate,
        InvalidDigest,
        InvalidInput,
        InvalidSignature,
    )
    from signxml.xades.xades import (  # noqa: PLC0415
        XAdESSignatureConfiguration,
        XAdESVerifier,
    )

    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    config = XAdESSignatureConfiguration(
        expect_references=shape.references,
        verification_time=shape.signing_time or now,
    )
    try:
        results = XAdESVerifier().verify(
            text.encode("utf-8"), x509_cert=shape.leaf, parser=parser, expect_config=config
        )
    except InvalidDigest:
        raise ContentError(
            "the seal does not match: the credential was altered after sealing",
            status=Status.TAMPERED,
        ) from None
    except InvalidCertificate as exc:
        raise ContentError(
            f"the sealing certificate was refused: {exc}", status=Status.TAMPERED
        ) from None
    except InvalidInput as exc:
        raise ContentError(
            f"the XAdES seal could not be checked: {exc}", status=Status.UNSUPPORTED
        ) from None
    except InvalidSignature:
        raise ContentError(
            "the seal's signature does not match its certificate: the credential or its seal "
            "was altered after sealing",
            status=Status.TAMPERED,
        ) from None
    except etree.LxmlError as exc:
        raise ContentError(f"the sealed XML cannot be read: {exc}") from None
    documents = [r.signed_xml for r in results if r.signed_xml is not None]
    whole = [d for d in documents if is_edc_xml_root(d.tag)]
    if len(whole) != 1:
        raise ContentError(
            "the seal's whole-document reference did not yield the credential",
            status=Status.TAMPERED,
        )
    return whole[0]
