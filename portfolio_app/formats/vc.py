"""W3C Verifiable Credentials: Open Badges 3.0, CLR 2.0 and any other VC, as JSON or VC-JWT.

A JSON-LD credential (not a VC-JWT) is read from the RDF graph its proof signs
(:mod:`portfolio_app.verify.signed_graph`), never from its JSON keys: JSON-LD lets different JSON
give the same signed graph, so a JSON key can show what was never signed or hide what was (an
aliased ``validUntil``).  The credential carries ``extra["signed_digest"]`` so the verifier can
refuse ``verified`` for values that were not read from the graph it checked.  Only when no graph
can be built (an unknown context, an undefined term) are the JSON keys shown, as the issuer
states them; such a credential can never verify.

All three share the VC envelope (issuer, validity dates, credentialSubject, proof), so one
parser reads the envelope and the achievement; only the format label and a few facts (nested
credentials of a CLR) differ.  VC 1.1 (``issuanceDate``/``expirationDate``) and VC 2.0
(``validFrom``/``validUntil``) are both read, because wallets hold credentials of both ages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.common import (
    alignments_from,
    as_list,
    display_id,
    evidence_from,
    first_date,
    issuer_from_object,
    parse_datetime,
    read_count,
    strings_from,
    text_of,
    types_of,
    url_last_segment,
)
from portfolio_app.ingest.jws import DecodedJws
from portfolio_app.model import (
    Alignment,
    Container,
    Credential,
    CredentialFormat,
    CreditValue,
    make_credential,
)

if TYPE_CHECKING:
    from portfolio_app.verify.signed_graph import SignedCredential

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
    """A credit count from JSON (VC-JWT payloads): a JSON number or its text, never ``inf``,
    ``NaN`` or a negative count (see :func:`~portfolio_app.formats.common.read_count`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return read_count(repr(float(value)))
    if isinstance(value, str):
        return read_count(value)
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
    dates and id that the credential itself leaves out.  Without ``jwt`` the values come from
    the signed graph (see the module docstring); a graph that states a single-valued field
    twice is refused, naming the field.
    """
    if jwt is None:
        # Imported here: verify/ builds on formats/, so a module-level import would be circular.
        from portfolio_app.verify.signed_graph import (  # noqa: PLC0415
            CanonicalizationError,
            SignedGraphError,
            read_signed_credential,
        )

        try:
            reading = read_signed_credential(credential)
        except SignedGraphError as exc:
            raise RejectedInput(f"credential cannot be read as signed: {exc.reason}") from None
        except CanonicalizationError as exc:
            parsed = _parse_json(credential, payload=payload, container=container, source=source)
            parsed.extra["shown_from"] = f"JSON as stated (no signed graph: {exc.reason})"
            return parsed
        return _parse_signed(
            reading, credential, payload=payload, container=container, source=source
        )
    return _parse_json(credential, payload=payload, container=container, source=source, jwt=jwt)


def credential_from_reading(
    reading: SignedCredential,
    credential: dict[str, Any],
    *,
    payload: str,
    container: Container,
    source: str,
) -> Credential:
    """The :class:`Credential` the app shows for a signed-graph reading (no canonicalization):
    the verifier rebuilds it to compare with the credential it is asked about."""
    return _parse_signed(reading, credential, payload=payload, container=container, source=source)


def _parse_signed(
    reading: SignedCredential,
    credential: dict[str, Any],
    *,
    payload: str,
    container: Container,
    source: str,
) -> Credential:
    """The :class:`Credential` of a JSON-LD credential, every value from its signed graph."""
    from portfolio_app.verify.signed_graph import strictest  # noqa: PLC0415

    types = list(reading.types)
    extra: dict[str, str] = {
        "source": source,
        "types": ", ".join(_type_label(t) for t in types),
        "signed_digest": reading.digest,
        "shown_from": "signed graph",
    }
    if reading.subject_count > 1:
        extra["subjects"] = str(reading.subject_count)
    credential_format = _format_for(types, False)
    is_clr = credential_format is CredentialFormat.CLR2
    achievement = None if is_clr else reading.achievement
    specific = [_type_label(t) for t in types if t not in _GENERIC_TYPES]
    issuer_name = reading.issuer_name or display_id(reading.issuer_id)
    title = (achievement.name if achievement else None) or reading.name
    if not title:
        title = untitled_title(specific, issuer_name)
        extra["title_from"] = _NO_NAME_NOTE
    named = dict(reading.starts)
    issued = parse_datetime(named.get("validFrom") or named.get("issuanceDate") or reading.awarded)
    if is_clr:
        extra["nested_credentials"] = str(reading.nested_count)
        extra["achievements"] = str(reading.achievement_count)
    extra["proofs"] = _proof_summary(credential) or "none"
    status_types = [e["type"] for e in reading.status_entries if "type" in e]
    if status_types:
        extra["status"] = ", ".join(status_types)
    for key, value in (
        ("achievement_type", achievement.achievement_type if achievement else None),
        ("subject_name", reading.subject_name),
    ):
        if value:
            extra[key] = value
    credits: tuple[CreditValue, ...] = ()
    available = achievement.credits_available if achievement else None
    if available is not None:
        extra["credits_available"] = f"{available:g} credits"
    if reading.credits_earned is not None:
        extra["credits_earned"] = f"{reading.credits_earned:g} credits"
        credits = (CreditValue(reading.credits_earned, "credits"),)
    elif available is not None:
        credits = (CreditValue(available, "credits"),)
    alignments = tuple(
        Alignment(
            name=name or code or url_last_segment(url or ""),
            url=url,
            framework=framework,
            code=code,
        )
        for name, url, framework, code in (achievement.alignments if achievement else ())
        if name or code or url
    )
    description = (achievement.description if achievement else None) or reading.description
    return make_credential(  # Credential(...) with every field, in order (see frozen.fast_maker)
        credential_format,  # format
        container,  # container
        title,  # title
        issuer_name,  # issuer_name
        payload,  # payload
        reading.credential_id,  # credential_id
        description or "",  # description
        achievement.id if achievement else None,  # achievement_id
        reading.issuer_id,  # issuer_id
        reading.subject_id or reading.identity_hash,  # recipient
        issued,  # issued
        strictest(reading.starts, latest=True),  # valid_from
        strictest(reading.ends, latest=False),  # valid_until
        alignments,  # alignments
        credits,  # credits
        reading.evidence,  # evidence
        achievement.tags if achievement else (),  # tags
        None,  # verification_url
        False,  # self_reported
        extra,  # extra
    )




_NO_NAME_NOTE = "its most specific type and its issuer (the credential names no achievement)"


def untitled_title(specific_types: list[str], issuer_name: str) -> str:
    """A title for a credential that has no name: its most specific type and its issuer.

    Why not refuse: several real W3C VCs (alumni, employment, identity credentials) carry no
    ``name`` at all and are still valid credentials the learner holds.
    """
    kind = specific_types[-1] if specific_types else "Verifiable Credential"
    if issuer_name.startswith("did:") and len(issuer_name) > 40:
        issuer_name = f"{issuer_name[:16]}…{issuer_name[-6:]}"  # a did:key is 56+ characters
    return f"{kind} from {issuer_name}" if issuer_name else kind


def _type_label(kind: str) -> str:
    """A type's short name, or the last part of an unknown type's IRI."""
    return kind.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "://" in kind else kind


def _parse_json(
    credential: dict[str, Any],
    *,
    payload: str,
    container: Container,
    source: str,
    jwt: DecodedJws | None = None,
) -> Credential:
    """The :class:`Credential` from JSON keys: VC-JWT payloads (the JWS signs the JSON text
    itself), and JSON-LD whose graph cannot be built (shown as stated, never verified)."""
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
    issuer_name, issuer_id = _issuer(credential)
    title = text_of(achievement.get("name")) or text_of(credential.get("name"))
    if not title:
        title = untitled_title([_type_label(t) for t in specific], issuer_name)
        extra["title_from"] = _NO_NAME_NOTE

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
