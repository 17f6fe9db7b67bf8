"""Europass EDC v1 (2020-23): the XML credential sealed with XAdES, before ELM v3 moved to JSON.

The app recognises it, keeps it and shows what it states (title, issuer, dates).  The XML is
read with defusedxml (no entities, no external references, bounded depth and size:
``ingest/xmldoc.py``), the elements by namespace URI, never by prefix.  The XAdES seal is
checked by ``verify/europass_xml.py`` (with signxml), which reads the same fields again with
:func:`read_fields` from the XML the seal covers and calls the credential ``tampered`` when
they differ from what is read here: the raw file can hold unsigned elements (inside the
``ds:Signature``, say) that the seal does not cover, so what is shown must be checked against
what was sealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portfolio_app.datetimes import DateError, read_datetime
from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.xmldoc import parse_bounded
from portfolio_app.model import Container, Credential, CredentialFormat

EDC_NS = "http://data.europa.eu/snb"
CRED_NS = "http://data.europa.eu/europass/model/credentials/w3c#"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
ROOT_TAG = f"{{{EDC_NS}}}europassCredential"
KIND = "Europass EDC v1 XML credential"


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


def _raw_date(root: Any, name: str) -> str | None:
    element = _child(root, CRED_NS, name)
    if element is None:
        element = _child(root, EDC_NS, name)
    if element is None or not (element.text or "").strip():
        return None
    return str(element.text).strip()


def _date(raw: str | None, name: str) -> datetime | None:
    if raw is None:
        return None
    try:
        return read_datetime(raw)
    except DateError:
        raise RejectedInput(f"{KIND} has an unreadable '{name}' date ({raw[:40]!r})") from None


@dataclass(frozen=True)
class EdcFields:
    """What the app shows of an EDC v1 credential, as the XML states it (dates as written)."""

    title: str
    issuer_name: str
    issuer_ref: str | None
    description: str
    credential_id: str | None
    issued: str | None
    valid_from: str | None
    valid_until: str | None


def read_fields(root: Any) -> EdcFields:
    """The shown fields of the ``europassCredential`` element ``root``.

    Works on a defusedxml (ElementTree) element and on the lxml element signxml returns for
    the sealed XML alike, so the parser and the seal check read the fields the same way.
    """
    title = _text_of(_child(root, EDC_NS, "title"))
    if not title:
        raise RejectedInput(f"{KIND} has no 'title'")
    issuer_name, issuer_ref = _issuer(root)
    return EdcFields(
        title=title,
        issuer_name=issuer_name,
        issuer_ref=issuer_ref,
        description=_text_of(_child(root, EDC_NS, "description")) or "",
        credential_id=root.get(f"{{{CRED_NS}}}id") or root.get("id"),
        issued=_raw_date(root, "issued"),
        valid_from=_raw_date(root, "validFrom"),
        valid_until=_raw_date(root, "validUntil"),
    )


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
    fields = read_fields(root)
    sealed = any(True for _ in root.iter(f"{{{DSIG_NS}}}Signature"))
    return Credential(
        format=CredentialFormat.EUROPASS_XML,
        container=Container.XML,
        title=fields.title,
        issuer_name=fields.issuer_name,
        payload=text,
        credential_id=fields.credential_id,
        description=fields.description,
        issued=_date(fields.issued, "issued"),
        valid_from=_date(fields.valid_from, "validFrom"),
        valid_until=_date(fields.valid_until, "validUntil"),
        extra={
            "source": source,
            "spec": KIND,
            "issuer_ref": fields.issuer_ref or "",
            "sealed": "XAdES" if sealed else "no",
        },
    )
