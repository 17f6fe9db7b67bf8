"""VC-JWT (Open Badges 3.0 / CLR 2.0 / W3C VC secured as a compact JWS).

Steps (OB 3.0 ``integrity.md``, with the deviations real fixtures show, FORMATS.md §1.2):

1. Parse the compact JWS; refuse ``alg: none``, ``HS*``, private keys in ``jwk``, unknown
   ``crit`` (see :mod:`.jws`).
2. The credential is the payload itself (VC 2.0 style) or its ``vc`` claim (VC 1.1 style).
3. The key: the header ``jwk`` (public only; *self-asserted*: it proves the token was not altered,
   not who made it, unless it is the issuer's own did:key), or ``kid`` as a did:key (offline), or a
   did:web / https ``kid`` resolved **only** from the document cache.  ``jku``/``x5u`` are never
   used.  A key that is not cached → ``issuer_key`` not checked → ``unverifiable``.
4. Verify the signature (RS256 / ES256 / EdDSA).
5. Claims against the credential: ``iss`` = issuer id, ``sub`` = credentialSubject id, ``nbf`` =
   validFrom, ``jti`` = id, ``exp`` = validUntil.  **Policy:** a claim that contradicts the
   credential (both present, different) fails the ``claims`` check and makes the verdict
   ``tampered`` — the signed token then says two different things about who issued it, to whom,
   or when.  A claim missing on one side is only reported (the 1EdTech samples carry ``aud``
   and no ``sub``).
6. Validity window (credential dates and ``nbf``/``exp``, strictest wins, via
   :func:`.dates.check_dates`), status entries from the cache (:func:`.status_lists.check_status`),
   and any embedded Linked-Data proofs inside the payload (run through
   :func:`portfolio_app.verify.linked_data.verify_linked_data_credential` on the payload minus
   the registered JWT claims, which the LD proof never covers).  The worst status wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_app.formats.common import as_list
from portfolio_app.verify import jws
from portfolio_app.verify._common import (
    ContentError,
    finish,
    first_id,
    load_json_object,
    parse_datetime,
)
from portfolio_app.verify.dates import check_dates
from portfolio_app.verify.didkey import KeyResolutionError, did_key_identifier
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.keys import did_web_document_url
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.multibase import MultibaseError, decode_base58btc
from portfolio_app.verify.status_lists import check_status
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

NEEDS_NETWORK = "issuer key not cached; needs a network check"
# Registered JWT claims: JOSE-level additions, not part of a credential an LD proof covers.
JWT_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "cnf"})


class _KeyNotCached(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _KeyRejected(Exception):
    """The key was found but does not belong to the issuer / is not authorised."""


# --------------------------------------------------------------------------- public API


def verify_vc_jwt(token: str, *, docs: DocumentSource, now: datetime) -> Verdict:
    """Verify a VC-JWT. Never raises for bad content: it becomes a malformed/unsupported verdict."""
    checks: list[Check] = []
    facts: dict[str, str] = {}
    try:
        parsed = jws.parse_compact(token)
        claims = load_json_object(parsed.payload, what="the token payload")
        credential, style = _credential_from_claims(claims)
    except ContentError as exc:
        return finish([exc.status], [Check("format", Outcome.FAILED, exc.reason)], checked_at=now)
    checks.append(Check("format", Outcome.PASSED, f"a VC-JWT ({style}, {parsed.alg})"))
    facts["proof"] = f"VC-JWT {parsed.alg}"
    candidates: set[Status] = set()

    issuer_id = first_id(credential.get("issuer")) or _str(claims.get("iss"))
    if issuer_id:
        facts["issuer"] = issuer_id

    # -- key
    try:
        key, key_check, key_facts = _resolve_key(parsed.header, issuer_id, docs)
    except ContentError as exc:
        checks.append(Check("issuer_key", Outcome.FAILED, exc.reason))
        return finish([exc.status], checks, checked_at=now, facts=facts)
    checks.append(key_check)
    facts.update(key_facts)
    if key_check.outcome is Outcome.FAILED:
        candidates.add(Status.TAMPERED)
    elif key_check.outcome is Outcome.NOT_CHECKED:
        candidates.add(Status.UNVERIFIABLE)

    # -- signature
    if key is None:
        checks.append(Check("signature", Outcome.NOT_CHECKED, NEEDS_NETWORK))
    else:
        try:
            ok = jws.verify_signature(parsed.alg, key, parsed.signing_input, parsed.signature)
        except ContentError as exc:
            checks.append(Check("signature", Outcome.FAILED, exc.reason))
            return finish([exc.status, *candidates], checks, checked_at=now, facts=facts)
        if ok:
            detail = f"the {parsed.alg} signature is valid ({jws.key_description(key)})"
            checks.append(Check("signature", Outcome.PASSED, detail))
        else:
            checks.append(
                Check(
                    "signature",
                    Outcome.FAILED,
                    "the signature does not match: the token was altered after signing "
                    "or signed with another key",
                )
            )
            candidates.add(Status.TAMPERED)

    # -- claims vs credential
    claims_check, contradicted = claims_against_credential(claims, credential)
    checks.append(claims_check)
    if contradicted:
        candidates.add(Status.TAMPERED)

    # -- validity window (credential dates and nbf/exp; strictest wins)
    try:
        window = _window(claims, credential)
    except ValueError as exc:
        checks.append(Check("dates", Outcome.FAILED, f"unreadable date: {exc}"))
        candidates.add(Status.MALFORMED)
    else:
        dates = check_dates(window, now=now)
        checks.append(dates.check)
        if dates.status is not None:
            candidates.add(dates.status)

    # -- status entries (revocation / suspension)
    for check, status in status_checks(credential, docs=docs, now=now):
        checks.append(check)
        if status is not None:
            candidates.add(status)

    # -- embedded Linked-Data proofs travel inside the payload
    if "proof" in credential:
        embedded = {
            k: v for k, v in credential.items() if credential is not claims or k not in JWT_CLAIMS
        }
        check, status = _embedded_proofs(embedded, docs=docs, now=now)
        checks.append(check)
        candidates.add(status)

    if not candidates:
        candidates.add(Status.VERIFIED)
    return finish(candidates, checks, checked_at=now, facts=facts)


def claims_against_credential(
    claims: Mapping[str, Any], credential: Mapping[str, Any]
) -> tuple[Check, bool]:
    """The ``claims`` check; ``True`` when a claim contradicts the credential (both present)."""
    cred = credential
    pairs: list[tuple[str, str, Any, Any]] = [
        ("iss", "issuer id", claims.get("iss"), first_id(cred.get("issuer"))),
        ("jti", "id", claims.get("jti"), cred.get("id")),
    ]
    subject_ids = [first_id(s) for s in as_list(cred.get("credentialSubject"))]
    subject_ids = [s for s in subject_ids if s]
    mismatches: list[str] = []
    missing: list[str] = []
    for claim, field, claim_value, cred_value in pairs:
        if claim_value is None or cred_value is None:
            if claim_value is None:
                missing.append(claim)
            continue
        if claim_value != cred_value:
            mismatches.append(f"{claim} {claim_value!r} ≠ {field} {cred_value!r}")
    sub = claims.get("sub")
    if sub is None:
        missing.append("sub")
    elif subject_ids and sub not in subject_ids:
        mismatches.append(f"sub {sub!r} ≠ credentialSubject id {subject_ids[0]!r}")
    for claim, fields in (
        ("nbf", ("validFrom", "issuanceDate")),
        ("exp", ("validUntil", "expirationDate")),
    ):
        claim_value = claims.get(claim)
        cred_field = next((f for f in fields if cred.get(f) is not None), None)
        if claim_value is None:
            if claim == "nbf":
                missing.append(claim)
            continue
        if cred_field is None:
            continue
        try:
            claim_time = parse_datetime(claim_value)
            cred_time = parse_datetime(cred[cred_field])
        except ValueError as exc:
            mismatches.append(f"{claim}/{cred_field} unreadable ({exc})")
            continue
        if abs((claim_time - cred_time).total_seconds()) >= 1:
            mismatches.append(
                f"{claim} {claim_time:%Y-%m-%dT%H:%M:%SZ} ≠ {cred_field} "
                f"{cred_time:%Y-%m-%dT%H:%M:%SZ}"
            )
    if mismatches:
        return Check(
            "claims",
            Outcome.FAILED,
            "the token claims contradict the credential: " + "; ".join(mismatches),
        ), True
    detail = "the token claims agree with the credential"
    if missing:
        detail += " (not in the token: " + ", ".join(missing) + ")"
    return Check("claims", Outcome.PASSED, detail), False


def status_checks(
    credential: Mapping[str, Any], *, docs: DocumentSource, now: datetime
) -> list[tuple[Check, Status | None]]:
    """Status-list checks for every ``credentialStatus`` entry (revocation / suspension)."""
    result = check_status(credential, docs=docs, now=now)
    if result is None:
        return []
    return [
        (check, result.status if check.outcome is Outcome.FAILED else None)
        for check in result.checks
    ]


# --------------------------------------------------------------------------- internals


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _credential_from_claims(claims: dict[str, Any]) -> tuple[dict[str, Any], str]:
    vc = claims.get("vc")
    if vc is not None:
        if not isinstance(vc, dict):
            raise ContentError("the token's 'vc' claim is not a JSON object")
        credential, style = vc, "VC 1.1 'vc' claim"
    else:
        credential, style = claims, "VC 2.0 payload"
    types = as_list(credential.get("type"))
    if "VerifiableCredential" not in types:
        raise ContentError(
            "the token does not carry a Verifiable Credential (no 'VerifiableCredential' type)"
        )
    if not isinstance(credential.get("credentialSubject"), dict | list):
        raise ContentError("the credential has no credentialSubject")
    return credential, style


def _window(claims: Mapping[str, Any], credential: Mapping[str, Any]) -> dict[str, str]:
    """One validity window from the credential dates and ``nbf``/``exp`` (strictest wins)."""
    starts = [credential.get("validFrom"), credential.get("issuanceDate"), claims.get("nbf")]
    ends = [credential.get("validUntil"), credential.get("expirationDate"), claims.get("exp")]
    start_times = [parse_datetime(v) for v in starts if v is not None]
    end_times = [parse_datetime(v) for v in ends if v is not None]
    window: dict[str, str] = {}
    if start_times:
        window["validFrom"] = max(start_times).isoformat()
    if end_times:
        window["validUntil"] = min(end_times).isoformat()
    return window


def _embedded_proofs(
    credential: dict[str, Any], *, docs: DocumentSource, now: datetime
) -> tuple[Check, Status]:
    """Run the Linked-Data verifier on a credential that also carries embedded proofs."""
    verdict = verify_linked_data_credential(credential, docs=docs, now=now)
    intact = (Status.VERIFIED, Status.EXPIRED, Status.NOT_YET_VALID, Status.REVOKED)
    if verdict.status in intact:
        check = Check("embedded_proof", Outcome.PASSED, "the embedded proof is valid too")
    elif verdict.status in (Status.TAMPERED, Status.MALFORMED):
        check = Check("embedded_proof", Outcome.FAILED, f"embedded proof: {verdict.summary}")
    else:
        check = Check("embedded_proof", Outcome.NOT_CHECKED, f"embedded proof: {verdict.summary}")
    return check, verdict.status


# -- key resolution ----------------------------------------------------------------------


def _resolve_key(
    header: Mapping[str, Any], issuer_id: str | None, docs: DocumentSource
) -> tuple[jws.PublicKey | None, Check, dict[str, str]]:
    """Find the verification key; the ``issuer_key`` check says where it came from."""
    jwk = header.get("jwk")
    kid = header.get("kid")
    if jwk is not None:
        key = jws.public_key_from_jwk(jwk)
        return key, *_jwk_binding(key, issuer_id)
    if isinstance(kid, str) and kid:
        return _key_from_kid(kid, issuer_id, docs)
    if "jku" in header or "x5u" in header:
        raise jws.JwsUnsupported(
            "the token names its key only by a URL (jku/x5u); keys from such URLs are never used"
        )
    if "x5c" in header:
        raise jws.JwsUnsupported("certificate-chain (x5c) keys are not supported for VC-JWT")
    raise jws.JwsMalformed("the token header names no key (neither 'jwk' nor 'kid')")


def _jwk_binding(key: jws.PublicKey, issuer_id: str | None) -> tuple[Check, dict[str, str]]:
    if issuer_id and issuer_id.startswith("did:key:"):
        try:
            issuer_key: jws.PublicKey | None = did_key_public_key(issuer_id)
        except ContentError:
            issuer_key = None
        if issuer_key is not None and _same_key(issuer_key, key):
            return (
                Check("issuer_key", Outcome.PASSED, "the header key is the issuer's own did:key"),
                {"key": "issuer did:key (header jwk)"},
            )
        return (
            Check(
                "issuer_key",
                Outcome.FAILED,
                "the key in the token header is not the issuer's did:key",
            ),
            {"key": "header jwk"},
        )
    return (
        Check(
            "issuer_key",
            Outcome.PASSED,
            "the key travels in the token header (jwk): self-asserted, it shows the "
            "credential is intact but not who controls the issuer identifier",
        ),
        {"key": "self-asserted (header jwk)"},
    )


def _same_key(a: jws.PublicKey, b: jws.PublicKey) -> bool:
    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return a.public_bytes(*spki) == b.public_bytes(*spki)


def _key_from_kid(
    kid: str, issuer_id: str | None, docs: DocumentSource
) -> tuple[jws.PublicKey | None, Check, dict[str, str]]:
    full_kid = kid
    if not _is_absolute(kid) and issuer_id:
        full_kid = f"{issuer_id}{kid if kid.startswith('#') else '#' + kid}"
    if not _is_absolute(full_kid):
        raise jws.JwsMalformed(f"the key id {kid!r} is not a DID or URL")
    controller = full_kid.split("#", 1)[0]
    if full_kid.startswith("did:key:"):
        key = did_key_public_key(full_kid)
        return key, *_controller_binding(controller, issuer_id, "did:key (offline)")
    if full_kid.startswith("did:") and not full_kid.startswith("did:web:"):
        method = full_kid.split(":", 2)[1]
        raise jws.JwsUnsupported(f"keys from did:{method} cannot be resolved")
    try:
        url = did_web_document_url(controller) if full_kid.startswith("did:web:") else controller
    except KeyResolutionError as exc:
        raise jws.JwsMalformed(str(exc)) from exc
    if not url.startswith(("https://", "http://")):
        raise jws.JwsUnsupported(f"the key id {kid!r} is neither a DID nor an http(s) URL")
    cached = docs.get(url)
    if cached is None:
        return None, Check("issuer_key", Outcome.NOT_CHECKED, NEEDS_NETWORK), {"key": full_kid}
    try:
        document = load_json_object(cached.body, what="the cached key document")
        key, owner = key_from_document(document, full_kid)
    except _KeyRejected as exc:
        return None, Check("issuer_key", Outcome.FAILED, str(exc), as_of=cached.fetched_at), {}
    if owner is None and not full_kid.startswith("did:"):
        check, facts = _origin_binding(url, issuer_id)
    else:
        check, facts = _controller_binding(owner or controller, issuer_id, f"cached {url}")
    check = Check(check.name, check.outcome, check.detail, as_of=cached.fetched_at)
    return key, check, facts


def _controller_binding(
    controller: str, issuer_id: str | None, source: str
) -> tuple[Check, dict[str, str]]:
    facts = {"key": source}
    if issuer_id is None or controller == issuer_id:
        return Check("issuer_key", Outcome.PASSED, f"the issuer's key ({source})"), facts
    return (
        Check(
            "issuer_key",
            Outcome.FAILED,
            f"signed with a key of {controller}, not of the issuer {issuer_id}",
        ),
        facts,
    )


def _origin_binding(url: str, issuer_id: str | None) -> tuple[Check, dict[str, str]]:
    """A key document that names no controller counts only on the issuer's own web origin."""
    facts = {"key": f"cached {url}"}
    if issuer_id is None or _origin(url) == _origin(issuer_id):
        return Check(
            "issuer_key",
            Outcome.PASSED,
            f"the issuer's key, published on its own web origin ({url})",
        ), facts
    return (
        Check(
            "issuer_key",
            Outcome.FAILED,
            f"the key {url} is not published on the issuer's web origin ({_origin(issuer_id)})",
        ),
        facts,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _is_absolute(value: str) -> bool:
    return value.startswith("did:") or bool(urlsplit(value).scheme)


def did_key_public_key(did: str) -> jws.PublicKey:
    """The public key in a did:key: Ed25519 (``z6Mk…``) or P-256 (``zDn…``)."""
    try:
        raw = decode_base58btc(did_key_identifier(did))
    except (KeyResolutionError, MultibaseError) as exc:
        raise jws.JwsMalformed(f"the did:key cannot be read: {exc}") from exc
    try:
        if raw[:2] == b"\xed\x01" and len(raw) == 34:
            return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])
        if raw[:2] == b"\x80\x24" and len(raw) == 35:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[2:])
    except ValueError as exc:
        raise jws.JwsMalformed("the did:key does not hold a valid public key") from exc
    raise jws.JwsUnsupported("the did:key is not an Ed25519 or P-256 key")


def key_from_document(document: Mapping[str, Any], kid: str) -> tuple[jws.PublicKey, str | None]:
    """The key ``kid`` names inside a cached document, and the controller the document states.

    Accepts a bare JWK, a JWK set (``keys``), a key document (``publicKeyJwk`` /
    ``publicKeyMultibase`` / ``publicKeyPem``) or a DID / controller document whose
    ``verificationMethod`` lists the key (which must also be listed in ``assertionMethod``
    when that list exists).
    """
    if "kty" in document:
        return jws.public_key_from_jwk(document), None
    if isinstance(document.get("keys"), list):
        fragment = kid.split("#", 1)[-1]
        for jwk in document["keys"]:
            if isinstance(jwk, Mapping) and jwk.get("kid") in (kid, fragment):
                return jws.public_key_from_jwk(jwk), None
        raise _KeyRejected(f"the cached key set does not contain {kid}")
    if any(k in document for k in ("publicKeyJwk", "publicKeyMultibase", "publicKeyPem")):
        owner = _str(document.get("controller")) or _str(document.get("owner"))
        return _key_from_method(document), owner
    methods = [m for m in as_list(document.get("verificationMethod")) if isinstance(m, Mapping)]
    doc_id = _str(document.get("id")) or kid.split("#", 1)[0]
    for method in methods:
        method_id = _str(method.get("id")) or ""
        if method_id.startswith("#"):
            method_id = doc_id + method_id
        if method_id != kid:
            continue
        if "assertionMethod" in document:
            allowed = set()
            for entry in as_list(document.get("assertionMethod")):
                ident = first_id(entry)
                if ident:
                    allowed.add(doc_id + ident if ident.startswith("#") else ident)
            if kid not in allowed:
                raise _KeyRejected(f"{kid} is not authorised for issuing (assertionMethod)")
        return _key_from_method(method), _str(method.get("controller")) or doc_id
    raise _KeyRejected(f"the cached document does not contain the key {kid}")


def _key_from_method(method: Mapping[str, Any]) -> jws.PublicKey:
    if isinstance(method.get("publicKeyJwk"), Mapping):
        return jws.public_key_from_jwk(method["publicKeyJwk"])
    if isinstance(method.get("publicKeyMultibase"), str):
        return did_key_public_key("did:key:" + method["publicKeyMultibase"])
    if isinstance(method.get("publicKeyPem"), str):
        return jws.public_key_from_pem(method["publicKeyPem"])
    raise _KeyRejected("the key entry has no public key in a supported form")
