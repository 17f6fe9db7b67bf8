"""Europass EDC v1 (2020-23): the XML credential sealed with XAdES, before ELM v3 moved to JSON.

The app recognises it, keeps it and shows what it states (title, issuer, dates); it does not
check the XAdES seal (that needs an XML-signature library with canonicalization and a trust
list of sealing certificates), so the credential is kept with an ``unsupported`` reason that
says so.  The XML is read with defusedxml (no entities, no external references, bounded depth
and size: ``ingest/xmldoc.py``), the elements by namespace URI, never by prefix.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from portfolio_app.datetimes import DateError, read_datetime
from portfolio_app.errors import RejectedInput
from portfolio_app.formats.registry import UNSUPPORTED
from portfolio_app.ingest.xmldoc import parse_bounded
from portfolio_app.model import Container, Credential, CredentialFormat

EDC_NS = "http://data.europa.eu/snb"
CRED_NS = "http://data.europa.eu/europass/model/credentials/w3c#"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
ROOT_TAG = f"{{{EDC_NS}}}europassCredential"
KIND = "Europass EDC v1 XML credential"
NOT_CHECKED = (
    f"{KIND}: not verified by this app (its XAdES seal needs XML-signature checking, "
    "which this app does not include; check it in the Europass viewer)"
)
UNSEALED = f"{KIND}: not verified by this app (it carries no seal)"


def is_edc_xml_root(tag: str) -> bool:
    """True for the root element of an EDC v1 credential (by namespace URI, any prefix)."""
    return tag == ROOT_TAG


def _child(element: Any, ns: str, name: str) -> Any:
    return element.find(f"{{{ns}}}{name}")


def _text_of(element: Any) -> str | None:
    """English ``<text lang="en">`` when present, else the first text, else the element's."""
    if element is None:
        return None
    texts = element.findall(f"{{{EDC_NS}}}text")
    for text in texts:
        if (text.get("lang") or "").lower().startswith("en") and (text.text or "").strip():
            return str(text.text).strip()
    for text in texts:
        if (text.text or "").strip():
            return str(text.text).strip()
    own = (element.text or "").strip()
    return own or None


def _date(root: Any, name: str) -> datetime | None:
    element = _child(root, CRED_NS, name)
    if element is None:
        element = _child(root, EDC_NS, name)
    if element is None or not (element.text or "").strip():
        return None
    try:
        return read_datetime(element.text.strip())
    except DateError:
        raise RejectedInput(
            f"{KIND} has an unreadable '{name}' date ({element.text.strip()[:40]!r})"
        ) from None


def _issuer(root: Any) -> tuple[str, str | None]:
    issuer = _child(root, CRED_NS, "issuer")
    if issuer is None:
        issuer = _child(root, EDC_NS, "issuer")
    if issuer is None:
        raise RejectedInput(f"{KIND} names no issuer (no 'issuer' element)")
    ref = issuer.get("idref") or issuer.get("id")
    name = _text_of(_child(issuer, EDC_NS, "prefLabel"))
    if ref and not name:
        for organisation in root.iter(f"{{{EDC_NS}}}organization"):
            if organisation.get("id") == ref:
                name = _text_of(_child(organisation, EDC_NS, "prefLabel"))
                break
    return name or ref or "unnamed issuer", ref


def parse_edc_xml(text: str, *, source: str) -> Credential:
    """Build a :class:`Credential` from an EDC v1 XML document (``text`` as extracted)."""
    root = parse_bounded(text.encode("utf-8"))
    if not is_edc_xml_root(root.tag):
        raise RejectedInput(f"XML document is not a Europass credential (root is {root.tag!r})")
    title = _text_of(_child(root, EDC_NS, "title"))
    if not title:
        raise RejectedInput(f"{KIND} has no 'title'")
    issuer_name, issuer_ref = _issuer(root)
    sealed = root.find(f"{{{DSIG_NS}}}Signature") is not None
    credential_id = root.get(f"{{{CRED_NS}}}id") or root.get("id")
    return Credential(
        format=CredentialFormat.EUROPASS_XML,
        container=Container.XML,
        title=title,
        issuer_name=issuer_name,
        payload=text,
        credential_id=credential_id,
        description=_text_of(_child(root, EDC_NS, "description")) or "",
        issued=_date(root, "issued"),
        valid_from=_date(root, "validFrom"),
        valid_until=_date(root, "validUntil"),
        extra={
            "source": source,
            "spec": KIND,
            "issuer_ref": issuer_ref or "",
            "sealed": "XAdES" if sealed else "no",
            UNSUPPORTED: NOT_CHECKED if sealed else UNSEALED,
        },
    )
