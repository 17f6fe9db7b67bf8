"""W3C Verifiable Credentials: Open Badges 3.0, CLR 2.0 and any other VC, as JSON or VC-JWT.

All three share the VC envelope (issuer, validity dates, credentialSubject, proof), so one
parser reads the envelope and the achievement; only the format label and a few facts (nested
credentials of a CLR) differ.  VC 1.1 (``issuanceDate``/``expirationDate``) and VC 2.0
(``validFrom``/``validUntil``) are both read, because wallets hold credentials of both ages.
"""

from __future__ import annotations

from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.common import (
    alignments_from,
    as_list,
    display_id,
    evidence_from,
    first_date,
    issuer_from_object,
    parse_datetime,
    strings_from,
    text_of,
    types_of,
)
from portfolio_app.ingest.jws import DecodedJws
from portfolio_app.model import Container, Credential, CredentialFormat, CreditValue

OB3_TYPES = {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}
CLR_TYPES = {"ClrCredential"}
_GENERIC_TYPES = {"VerifiableCredential"}


def is_verifiable_credential(types: list[str]) -> bool:
    """True when the type list makes it a VC (or an OB 3.0 / CLR credential)."""
    return bool(set(types) & (OB3_TYPES | CLR_TYPES | _GENERIC_TYPES))


def _format_for(types: list[str], jwt: bool) -> CredentialFormat:
    if set(types) & CLR_TYPES:
        return CredentialFormat.CLR2_JWT if jwt else CredentialFormat.CLR2
    if set(types) & OB3_TYPES:
        return CredentialFormat.OB3_JWT if jwt else CredentialFormat.OB3
    return CredentialFormat.VC_JWT if jwt else CredentialFormat.VC


def _issuer(credential: dict[str, Any]) -> tuple[str, str | None]:
    issuer = credential.get("issuer")
    if isinstance(issuer, str) and issuer.strip():
        return display_id(issuer.strip()), issuer.strip()
    if isinstance(issuer, dict) and (found := issuer_from_object(issuer)) is not None:
        return found
    raise RejectedInput("credential has no 'issuer' (a URL, DID or object with an 'id')")


def _recipient(subject: dict[str, Any]) -> str | None:
    subject_id = subject.get("id")
    if isinstance(subject_id, str) and subject_id:
        return subject_id
    for identifier in as_list(subject.get("identifier")):
        if isinstance(identifier, dict) and isinstance(identifier.get("identityHash"), str):
            return str(identifier["identityHash"])
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _credits(
    achievement: dict[str, Any], subject: dict[str, Any], extra: dict[str, str]
) -> tuple[CreditValue, ...]:
    """The credits earned (or, if the subject does not say, the credits available).

    OB 3.0 has no credit unit; an issuer extension ``creditUnit``/``creditsUnit`` is honoured,
    otherwise the unit is plain "credits".  Only one value is returned so stacked-qualification
    sums never count the same achievement twice.
    """
    unit_value = achievement.get("creditUnit", achievement.get("creditsUnit"))
    unit = text_of(unit_value) or "credits"
    available = _number(achievement.get("creditsAvailable"))
    earned = _number(subject.get("creditsEarned"))
    if available is not None:
        extra["credits_available"] = f"{available:g} {unit}"
    if earned is not None:
        extra["credits_earned"] = f"{earned:g} {unit}"
        return (CreditValue(earned, unit),)
    if available is not None:
        return (CreditValue(available, unit),)
    return ()


def _proof_summary(credential: dict[str, Any]) -> str:
    parts: list[str] = []
    for proof in as_list(credential.get("proof")):
        if isinstance(proof, dict):
            kind = proof.get("type") if isinstance(proof.get("type"), str) else "unknown"
            suite = proof.get("cryptosuite")
            parts.append(f"{kind}/{suite}" if isinstance(suite, str) else str(kind))
    return ", ".join(parts)


def credential_of_jwt(decoded: DecodedJws) -> dict[str, Any] | None:
    """The credential inside a VC-JWT payload: the ``vc`` claim (VC 1.1) or the payload itself."""
    payload = decoded.payload
    if not isinstance(payload, dict):
        return None
    inner = payload.get("vc")
    if isinstance(inner, dict):
        return inner
    return payload


def parse_vc(
    credential: dict[str, Any],
    *,
    payload: str,
    container: Container,
    source: str,
    jwt: DecodedJws | None = None,
) -> Credential:
    """Build a :class:`Credential` from a VC (OB 3.0, CLR 2.0 or other).

    ``jwt`` is the decoded VC-JWT the credential came from, if any: its registered claims fill
    dates and id that the credential itself leaves out.
    """
    types = types_of(credential)
    extra: dict[str, str] = {"source": source, "types": ", ".join(types)}
    subjects = [s for s in as_list(credential.get("credentialSubject")) if isinstance(s, dict)]
    if not subjects:
        raise RejectedInput("credential has no 'credentialSubject' object")
    if len(subjects) > 1:
        extra["subjects"] = str(len(subjects))
    subject = subjects[0]
    credential_format = _format_for(types, jwt is not None)
    is_clr = credential_format in (CredentialFormat.CLR2, CredentialFormat.CLR2_JWT)
    # A CLR's subject lists many achievements; the CLR itself is titled by its own name.
    achievement = None if is_clr else subject.get("achievement")
    if isinstance(achievement, list):
        achievement = next((a for a in achievement if isinstance(a, dict)), None)
    if not isinstance(achievement, dict):
        achievement = {}

    specific = [t for t in types if t not in _GENERIC_TYPES]
    title = (
        text_of(achievement.get("name"))
        or text_of(credential.get("name"))
        or (specific[-1] if specific else None)
    )
    if not title:
        raise RejectedInput("credential has no name (no achievement 'name', 'name' or 'type')")
    issuer_name, issuer_id = _issuer(credential)

    claims = jwt.payload if jwt is not None and isinstance(jwt.payload, dict) else {}
    issued = first_date(credential, "validFrom", "issuanceDate", "awardedDate") or first_date(
        claims, "nbf", "iat"
    )
    valid_from = first_date(credential, "validFrom", "issuanceDate") or parse_datetime(
        claims.get("nbf")
    )
    valid_until = first_date(credential, "validUntil", "expirationDate") or parse_datetime(
        claims.get("exp")
    )

    if is_clr:
        nested = as_list(subject.get("verifiableCredential"))
        extra["nested_credentials"] = str(len(nested))
        extra["achievements"] = str(len(as_list(subject.get("achievement"))))
    if jwt is not None:
        alg = jwt.header.get("alg")
        extra["jwt_alg"] = alg if isinstance(alg, str) else repr(alg)
    proofs = _proof_summary(credential)
    if proofs:
        extra["proofs"] = proofs
    elif jwt is None:
        extra["proofs"] = "none"
    status = credential.get("credentialStatus")
    status_types = [t for s in as_list(status) for t in types_of(s)]
    if status_types:
        extra["status"] = ", ".join(status_types)
    achievement_type = text_of(achievement.get("achievementType"))
    subject_name = text_of(subject.get("name"))
    for key, value in (("achievement_type", achievement_type), ("subject_name", subject_name)):
        if value:
            extra[key] = value

    credential_id = credential.get("id") if isinstance(credential.get("id"), str) else None
    if credential_id is None and isinstance(claims.get("jti"), str):
        credential_id = claims["jti"]
    achievement_id = achievement.get("id") if isinstance(achievement.get("id"), str) else None
    description = text_of(achievement.get("description")) or text_of(credential.get("description"))
    return Credential(
        format=credential_format,
        container=container,
        title=title,
        issuer_name=issuer_name,
        payload=payload,
        credential_id=credential_id,
        description=description or "",
        achievement_id=achievement_id,
        issuer_id=issuer_id,
        recipient=_recipient(subject),
        issued=issued,
        valid_from=valid_from,
        valid_until=valid_until,
        alignments=alignments_from(achievement.get("alignment")),
        credits=_credits(achievement, subject, extra),
        evidence=evidence_from(credential.get("evidence")),
        tags=strings_from(achievement.get("tag")),
        extra=extra,
    )
