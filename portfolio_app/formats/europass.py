"""Europass European Digital Credentials (ELM v3), sealed with JAdES.

The sealed file is a JWS JSON serialization whose ``payload`` is the credential as a *string*
(``b64:false``), so the seal covers those exact characters.  We keep the whole envelope as the
payload for verification, and parse the inner credential only for display.  ELM writes every
human text as a language map; we show English when present, else the first language.
"""

from __future__ import annotations

from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.common import (
    as_list,
    first_date,
    text_of,
    types_of,
)
from portfolio_app.ingest.jsonsafe import safe_json_loads
from portfolio_app.ingest.jws import b64url_decode
from portfolio_app.model import Container, Credential, CredentialFormat, CreditValue

EDC_TYPE = "EuropeanDigitalCredential"


def is_jades_envelope(obj: dict[str, Any]) -> bool:
    """True for a JWS JSON serialization with a string payload and a signatures list."""
    return isinstance(obj.get("payload"), str) and isinstance(obj.get("signatures"), list)


def _seal_facts(envelope: dict[str, Any], extra: dict[str, str]) -> None:
    """Copy the seal's algorithm and claimed signing time from the first protected header."""
    signatures = [s for s in envelope["signatures"] if isinstance(s, dict)]
    extra["seals"] = str(len(signatures))
    if not signatures or not isinstance(signatures[0].get("protected"), str):
        return
    try:
        header = safe_json_loads(b64url_decode(signatures[0]["protected"]))
    except RejectedInput:
        extra["seal_header"] = "unreadable"
        return
    if isinstance(header, dict):
        for key, name in (("alg", "seal_alg"), ("sigT", "sealed_at")):
            if isinstance(header.get(key), str):
                extra[name] = header[key]


def _name_of(organisation: Any) -> str | None:
    if not isinstance(organisation, dict):
        return text_of(organisation)
    return (
        text_of(organisation.get("legalName"))
        or text_of(organisation.get("name"))
        or text_of(organisation.get("prefLabel"))
        or text_of(organisation.get("altLabel"))
    )


def _claims(subject: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in as_list(subject.get("hasClaim")) if isinstance(c, dict)]


def _claim_title(claim: dict[str, Any]) -> str | None:
    specified = claim.get("specifiedBy")
    return text_of(claim.get("title")) or (
        text_of(specified.get("title")) if isinstance(specified, dict) else None
    )


def _credit_points(claims: list[dict[str, Any]]) -> tuple[CreditValue, ...]:
    """ECTS (or other) credit points from the claims' specifications."""
    found: list[CreditValue] = []
    for claim in claims:
        for holder in (claim, claim.get("specifiedBy")):
            if not isinstance(holder, dict):
                continue
            for point in as_list(holder.get("creditPoint")):
                if not isinstance(point, dict):
                    continue
                try:
                    value = float(str(point.get("point")).replace(",", "."))
                except ValueError:
                    continue
                unit = _name_of(point.get("framework")) or "credits"
                found.append(CreditValue(value, unit))
    return tuple(found)


def parse_edc(
    credential: dict[str, Any],
    *,
    payload: str,
    container: Container,
    source: str,
    envelope: dict[str, Any] | None,
) -> Credential:
    """Build a :class:`Credential` from an ELM v3 credential (``envelope`` is its JAdES seal)."""
    extra: dict[str, str] = {"source": source}
    if envelope is not None:
        _seal_facts(envelope, extra)
    else:
        extra["note"] = "not sealed: the credential arrived without its JAdES seal"
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, dict):
        raise RejectedInput("European Digital Credential has no 'credentialSubject' object")
    claims = _claims(subject)
    display = credential.get("displayParameter")
    document_title = text_of(display.get("title")) if isinstance(display, dict) else None
    title = (
        next((t for t in map(_claim_title, claims) if t), None)
        or document_title
        or text_of(credential.get("title"))
        or text_of(credential.get("name"))
    )
    if not title:
        raise RejectedInput(
            "European Digital Credential has no title (no 'hasClaim' title or display title)"
        )
    issuer = credential.get("issuer")
    issuer_name = _name_of(issuer)
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not issuer_name:
        if not isinstance(issuer_id, str) or not issuer_id:
            raise RejectedInput("European Digital Credential has no 'issuer'")
        issuer_name = issuer_id
    if document_title and document_title != title:
        extra["document_type"] = document_title
    if claims:
        extra["claims"] = str(len(claims))
        awarded_by = claims[0].get("awardedBy")
        body = awarded_by.get("awardingBody") if isinstance(awarded_by, dict) else None
        awarding_body = _name_of(as_list(body)[0]) if as_list(body) else None
        if awarding_body:
            extra["awarding_body"] = awarding_body
    person = text_of(subject.get("fullName"))
    if person:
        extra["subject_name"] = person
    description = (text_of(claims[0].get("description")) if claims else None) or (
        text_of(display.get("description")) if isinstance(display, dict) else None
    )
    credential_id = credential.get("id")
    subject_id = subject.get("id")
    return Credential(
        format=CredentialFormat.EUROPASS_EDC,
        container=container,
        title=title,
        issuer_name=issuer_name,
        payload=payload,
        credential_id=credential_id if isinstance(credential_id, str) else None,
        description=description or "",
        issuer_id=issuer_id if isinstance(issuer_id, str) else None,
        recipient=subject_id if isinstance(subject_id, str) else None,
        issued=first_date(credential, "issuanceDate", "issued", "awardedDate", "validFrom"),
        valid_from=first_date(credential, "validFrom", "issuanceDate"),
        valid_until=first_date(credential, "validUntil", "expirationDate"),
        credits=_credit_points(claims),
        extra=extra,
    )


def is_edc(credential: dict[str, Any]) -> bool:
    """True for an ELM v3 European Digital Credential."""
    return EDC_TYPE in types_of(credential)
