"""VC-JWT (Open Badges 3.0 / CLR 2.0 / W3C VC secured as a compact JWS).

Steps (OB 3.0 ``integrity.md``, with the deviations real fixtures show, FORMATS.md §1.2):

1. Parse the compact JWS; refuse ``alg: none``, ``HS*``, private keys in ``jwk``, unknown
   ``crit`` (see :mod:`.jws`).
2. The credential is the payload itself (VC 2.0 style) or its ``vc`` claim (VC 1.1 style).
3. The key, and what binds it to the issuer (issue 8 §2): a header ``jwk`` is the signer's own
   claim and binds only when it *is* the issuer's own did:key; a did:key ``kid`` binds only
   for that did:key as issuer; a did:web / https ``kid`` binds only through the issuer's own
   document, cached from the issuer DID's did:web URL / the issuer id's URL, listing the key
   under ``assertionMethod``.  ``jku``/``x5u`` are never used.  A key that is found but not
   bound still checks the signature (intact vs tampered), but the verdict is ``unverifiable``.
4. Verify the signature (RS256 / ES256 / EdDSA).
5. Claims against the credential: ``iss`` = issuer id, ``sub`` = credentialSubject id, ``jti``
   = id.  **Policy:** a claim that contradicts the credential (both present, different) fails
   the ``claims`` check and makes the verdict ``tampered`` — the signed token then says two
   different things about who issued it or to whom.  A claim missing on one side is only
   reported (the 1EdTech samples carry ``aud`` and no ``sub``).  ``nbf``/``exp`` that differ
   from ``validFrom``/``validUntil`` are reported too; both are signed, so they narrow the
   window (step 6) rather than contradict.  A token naming no issuer is malformed.
6. Validity window (credential dates and ``nbf``/``exp``, strictest wins, via
   :func:`.dates.check_dates`), status entries from the cache (:func:`.status_lists.check_status`),
   and any embedded Linked-Data proofs inside the payload (run through
   :func:`portfolio_app.verify.linked_data.verify_linked_data_credential` on the payload minus
   the registered JWT claims, which the LD proof never covers).  The worst status wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


class _KeyRejected(Exception):
    """The key was found but does not belong to the issuer / is not authorised."""


# --------------------------------------------------------------------------- public API


def verify_vc_jwt(token: str, *, docs: DocumentSource, now: datetime) -> Verdict:
    """Verify a VC-JWT. Never raises for bad content: it becomes a malformed/unsupported verdict.

    ``verified`` needs a passing signature *and* a key bound to the issuer by an authority other
    than the token itself (see :func:`_resolve_key`); every other path ends below ``verified``.
    """
    checks: list[Check] = []
    facts: dict[str, str] = {}
    try:
        parsed = jws.parse_compact(token)
        claims = load_json_object(parsed.payload, what="the token payload")
        credential, style = _credential_from_claims(claims)
        issuer_id = _issuer_id(claims, credential)
    except ContentError as exc:
        return finish([exc.status], [Check("format", Outcome.FAILED, exc.reason)], checked_at=now)
    checks.append(Check("format", Outcome.PASSED, f"a VC-JWT ({style}, {parsed.alg})"))
    facts["proof"] = f"VC-JWT {parsed.alg}"
    facts["issuer"] = issuer_id
    candidates: set[Status] = set()

    # -- key (found, and bound to the issuer or not)
    try:
        choice = _resolve_key(parsed.header, issuer_id, docs)
    except ContentError as exc:
        checks.append(Check("issuer_key", Outcome.FAILED, exc.reason))
        return finish([exc.status], checks, checked_at=now, facts=facts)
    facts.update(choice.facts)

    # -- signature
    signature_ok = False
    if choice.key is None:
        key_check = choice.unbound_check(signature_intact=False)
        signature_check = Check("signature", Outcome.NOT_CHECKED, choice.why_not_checked)
        candidates.add(Status.UNVERIFIABLE)
    else:
        try:
            signature_ok = jws.verify_signature(
                parsed.alg, choice.key, parsed.signing_input, parsed.signature
            )
        except ContentError as exc:
            checks.append(choice.unbound_check(signature_intact=False))
            checks.append(Check("signature", Outcome.FAILED, exc.reason))
            return finish([exc.status], checks, checked_at=now, facts=facts)
        if signature_ok:
            detail = f"the {parsed.alg} signature is valid ({jws.key_description(choice.key)})"
            signature_check = Check("signature", Outcome.PASSED, detail)
        else:
            signature_check = Check(
                "signature",
                Outcome.FAILED,
                "the signature does not match: the token was altered after signing "
                "or signed with another key",
            )
            candidates.add(Status.TAMPERED)
        key_check = choice.unbound_check(signature_intact=signature_ok)
        if not choice.bound:
            candidates.add(Status.UNVERIFIABLE)
    checks.extend((key_check, signature_check))

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
        # Fail closed: only a checked signature under a bound key earns "verified".
        candidates.add(Status.VERIFIED if signature_ok and choice.bound else Status.UNVERIFIABLE)
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
    differing: list[str] = []
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
        except ValueError:
            continue  # the dates check reports an unreadable date as malformed
        if abs((claim_time - cred_time).total_seconds()) >= 1:
            # Both dates are signed; they narrow the window rather than contradict each other.
            differing.append(
                f"{claim} {claim_time:%Y-%m-%dT%H:%M:%SZ} differs from {cred_field} "
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
    if differing:
        detail += "; " + "; ".join(differing) + " (the stricter date applies)"
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


def _issuer_id(claims: Mapping[str, Any], credential: Mapping[str, Any]) -> str:
    """The issuer the key must be bound to; refuse a token that names none or an unreadable one.

    The verifier refuses this itself (not only the parser): a key cannot be bound to nobody.
    """
    if "issuer" in credential:
        issuer = first_id(credential.get("issuer"))
        if not issuer:
            raise ContentError("the credential's issuer has no id, so no key can be tied to it")
        return issuer
    iss = claims.get("iss")
    if isinstance(iss, str) and iss:
        return iss
    raise ContentError(
        "the token names no issuer (no 'iss' claim and no credential issuer), so no key can be "
        "tied to it"
    )


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


@dataclass(frozen=True)
class _KeyChoice:
    """The key to check the signature with, and whether an authority binds it to the issuer.

    ``key`` may be set while ``bound`` is false (a header ``jwk``, a key document no issuer
    document lists): the signature then still tells *intact* from *tampered*, but the verdict
    cannot be ``verified``.  ``reason`` says what is missing, ``outcome`` whether the binding
    definitely fails (``FAILED``) or could not be established offline (``NOT_CHECKED``).
    """

    key: jws.PublicKey | None
    bound: bool
    detail: str
    facts: dict[str, str]
    outcome: Outcome = Outcome.PASSED
    as_of: datetime | None = None

    @property
    def why_not_checked(self) -> str:
        """The ``signature`` check's detail when there is no key to check it with."""
        return f"the signature was not checked: {self.detail}"

    def unbound_check(self, *, signature_intact: bool) -> Check:
        """The ``issuer_key`` check, worded once the signature result is known."""
        if self.bound:
            return Check("issuer_key", Outcome.PASSED, self.detail, as_of=self.as_of)
        detail = self.detail
        if signature_intact:
            detail = "the signature is intact, but " + detail
        return Check("issuer_key", self.outcome, detail, as_of=self.as_of)


def _bound(
    key: jws.PublicKey, detail: str, source: str, as_of: datetime | None = None
) -> _KeyChoice:
    return _KeyChoice(key, True, detail, {"key": source}, Outcome.PASSED, as_of)


def _unbound(
    key: jws.PublicKey | None,
    detail: str,
    source: str,
    *,
    outcome: Outcome = Outcome.NOT_CHECKED,
    as_of: datetime | None = None,
) -> _KeyChoice:
    return _KeyChoice(key, False, detail, {"key": source}, outcome, as_of)


def _resolve_key(header: Mapping[str, Any], issuer_id: str, docs: DocumentSource) -> _KeyChoice:
    """Find the verification key and what binds it to ``issuer_id``.

    * a ``kid`` is used when present (a ``jwk`` beside it is ignored);
    * a header ``jwk`` binds only when it *is* the issuer's own did:key, or when the issuer's own
      document (cached from the issuer's URL) lists exactly that key under ``assertionMethod``;
    * a did:key ``kid`` binds only when that did:key is the issuer;
    * a did:web ``kid`` binds only through the issuer's own DID document (cached from the
      issuer DID's did:web URL), listing the key under ``assertionMethod``;
    * an https ``kid`` binds only through the issuer's own document (cached from the issuer
      id's URL), listing the key under ``assertionMethod``;
    * ``jku`` / ``x5u`` (URLs the token itself picks) are never used.
    """
    jwk = header.get("jwk")
    kid = header.get("kid")
    if isinstance(kid, str) and kid:
        return _key_from_kid(kid, issuer_id, docs)
    if jwk is not None:
        return _jwk_binding(jws.public_key_from_jwk(jwk), issuer_id, docs)
    if "jku" in header or "x5u" in header:
        raise jws.JwsUnsupported(
            "the token names its key only by a URL (jku/x5u); keys from such URLs are never used"
        )
    if "x5c" in header:
        raise jws.JwsUnsupported("certificate-chain (x5c) keys are not supported for VC-JWT")
    raise jws.JwsMalformed("the token header names no key (neither 'jwk' nor 'kid')")


def _jwk_binding(key: jws.PublicKey, issuer_id: str, docs: DocumentSource) -> _KeyChoice:
    """A header ``jwk`` is the signer's own claim: it binds only as the issuer's own did:key,
    or as a key the issuer's own document lists under ``assertionMethod``."""
    if issuer_id.startswith("did:key:"):
        try:
            issuer_key: jws.PublicKey | None = did_key_public_key(issuer_id)
        except ContentError:
            issuer_key = None
        if issuer_key is not None and _same_key(issuer_key, key):
            return _bound(
                key, "the header key is the issuer's own did:key", "issuer did:key (header jwk)"
            )
        return _unbound(
            key,
            f"nothing ties the key in the token's header to issuer {issuer_id}: it is not that "
            "did:key's own key",
            "header jwk (not the issuer's)",
            outcome=Outcome.FAILED,
        )
    unbound = _unbound(
        key,
        f"nothing ties the key in the token's header to issuer {issuer_id}; needs the "
        "issuer's document",
        "header jwk (not bound to the issuer)",
    )
    issuer = issuer_id.split("#", 1)[0]
    try:
        if issuer.startswith("did:web:"):
            url = did_web_document_url(issuer)
        elif issuer.startswith(("https://", "http://")):
            url = issuer_id
        else:
            return unbound
    except KeyResolutionError:
        return unbound
    cached = docs.get(url)
    if cached is None or cached.status != 200:
        return unbound
    try:
        document = load_json_object(cached.body, what="the issuer's cached document")
    except ContentError:
        return unbound
    doc_id = issuer if issuer.startswith("did:") else issuer_id
    if _str(document.get("id")) == doc_id:
        for method in _assertion_methods(document, doc_id):
            try:
                listed = _key_from_method(method)
            except (ContentError, _KeyRejected):
                continue
            if _same_key(listed, key):
                return _bound(
                    key,
                    f"the header key is listed under assertionMethod in the issuer's own "
                    f"document ({url})",
                    f"header jwk, listed by cached {url}",
                    cached.fetched_at,
                )
    return _unbound(
        key,
        f"nothing ties the key in the token's header to issuer {issuer_id}: the issuer's own "
        f"document ({url}) does not list it under assertionMethod",
        "header jwk (not bound to the issuer)",
        outcome=Outcome.FAILED,
        as_of=cached.fetched_at,
    )


def _assertion_methods(document: Mapping[str, Any], doc_id: str) -> list[Mapping[str, Any]]:
    """The verification methods ``document`` authorises for issuing, with their key material
    (embedded under ``assertionMethod`` or referenced there and found in
    ``verificationMethod``), excluding any it says another party controls."""

    def absolute(ref: str) -> str:
        return doc_id + ref if ref.startswith("#") else ref

    by_id = {
        absolute(_str(m.get("id")) or ""): m
        for m in as_list(document.get("verificationMethod"))
        if isinstance(m, Mapping)
    }
    found: list[Mapping[str, Any]] = []
    for entry in as_list(document.get("assertionMethod")):
        method = entry if isinstance(entry, Mapping) and len(entry) > 1 else None
        if method is None:
            ident = first_id(entry)
            method = by_id.get(absolute(ident)) if ident else None
        if method is None:
            continue
        controller = _str(method.get("controller"))
        if controller is None or controller == doc_id:
            found.append(method)
    return found


def _same_key(a: jws.PublicKey, b: jws.PublicKey) -> bool:
    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return a.public_bytes(*spki) == b.public_bytes(*spki)


def _key_from_kid(kid: str, issuer_id: str, docs: DocumentSource) -> _KeyChoice:
    full_kid = kid
    if not _is_absolute(kid):
        full_kid = f"{issuer_id}{kid if kid.startswith('#') else '#' + kid}"
    controller = full_kid.split("#", 1)[0]
    issuer = issuer_id.split("#", 1)[0]
    if full_kid.startswith("did:key:"):
        key = did_key_public_key(full_kid)
        if controller == issuer:
            return _bound(key, "the issuer's key (its own did:key)", "did:key (offline)")
        return _unbound(
            key,
            f"nothing ties the key {controller} to issuer {issuer_id}: a did:key signs only "
            "for itself",
            "did:key (not the issuer's)",
            outcome=Outcome.FAILED,
        )
    if full_kid.startswith("did:web:"):
        if controller != issuer:
            return _unbound(
                None,
                f"nothing ties the key {full_kid} to issuer {issuer_id}: it is not in the "
                "issuer's own DID document",
                full_kid,
                outcome=Outcome.FAILED,
            )
        try:
            url = did_web_document_url(issuer)
        except KeyResolutionError as exc:
            raise jws.JwsMalformed(str(exc)) from exc
        return _key_from_issuer_document(full_kid, issuer, url, docs)
    if full_kid.startswith(("https://", "http://")) and issuer.startswith(("https://", "http://")):
        return _key_from_issuer_document(full_kid, issuer_id, issuer_id, docs)
    return _unbound(
        None,
        f"the key id {kid[:80]!r} cannot be resolved to the issuer {issuer_id}'s own document; "
        "needs the issuer's document",
        full_kid[:80],
    )


def _key_from_issuer_document(
    kid: str, issuer_id: str, url: str, docs: DocumentSource
) -> _KeyChoice:
    """The key, bound only when the issuer's own document (cached from ``url``) lists it.

    When that document is missing but a key document is cached at the kid's own URL, its key
    still checks the signature (intact or not), but binds nothing.
    """
    cached = docs.get(url)
    if cached is None or cached.status != 200:
        loose = _loose_key(kid, docs)
        detail = f"nothing ties the key {kid} to issuer {issuer_id}; needs the issuer's document"
        if loose is None:
            detail = f"{NEEDS_NETWORK} (the issuer's document {url} is not cached)"
        return _unbound(loose, detail, kid)
    when = cached.fetched_at
    try:
        document = load_json_object(cached.body, what="the issuer's cached document")
    except ContentError as exc:
        # A broken cache entry says nothing about the credential: unverifiable, not malformed.
        return _unbound(None, f"{exc.reason}; needs a network check", kid, as_of=when)
    try:
        if _str(document.get("id")) != issuer_id:
            raise _KeyRejected(f"the document cached for {url} is not the issuer's own")
        method = _listed_method(document, kid, issuer_id)
        if method is None:
            key = _loose_key(kid, docs)
            if key is None:
                return _unbound(
                    None,
                    f"the issuer's document lists the key {kid}, but the key is not cached; "
                    "needs a network check",
                    kid,
                    as_of=when,
                )
        else:
            key = _key_from_method(method)
    except _KeyRejected as exc:
        return _unbound(
            _loose_key(kid, docs) or _material(document, kid),
            f"nothing ties the key {kid} to issuer {issuer_id}: {exc}",
            kid,
            outcome=Outcome.FAILED,
            as_of=when,
        )
    return _bound(key, f"the issuer's key, listed in its own document ({url})", f"cached {url}",
                  when)


def _listed_method(
    document: Mapping[str, Any], kid: str, issuer_id: str
) -> Mapping[str, Any] | None:
    """The issuer document's entry for ``kid``; ``None`` when it lists ``kid`` by reference only.

    Raises :class:`_KeyRejected` when the document does not authorise ``kid`` for issuing
    (``assertionMethod``) or states another controller for it.
    """
    doc_id = issuer_id

    def absolute(ref: str) -> str:
        return doc_id + ref if ref.startswith("#") else ref

    authorised = False
    embedded: Mapping[str, Any] | None = None
    for entry in as_list(document.get("assertionMethod")):
        ident = first_id(entry)
        if ident and absolute(ident) == kid:
            authorised = True
            if isinstance(entry, Mapping) and len(entry) > 1:
                embedded = entry
    if not authorised:
        raise _KeyRejected(f"its document does not list {kid} under assertionMethod")
    if embedded is None:
        for method in as_list(document.get("verificationMethod")):
            if isinstance(method, Mapping) and absolute(_str(method.get("id")) or "") == kid:
                embedded = method
                break
    if embedded is not None:
        controller = _str(embedded.get("controller"))
        if controller is not None and controller != doc_id:
            raise _KeyRejected(f"its document says {kid} is controlled by {controller}")
    return embedded


def _loose_key(kid: str, docs: DocumentSource) -> jws.PublicKey | None:
    """A key cached at the kid's own URL: good for telling intact from tampered, binds nothing."""
    url = kid.split("#", 1)[0]
    if not url.startswith(("https://", "http://")):
        return None
    cached = docs.get(url)
    if cached is None or cached.status != 200:
        return None
    try:
        document = load_json_object(cached.body, what="the cached key document")
        return key_from_document(document, kid)
    except (ContentError, _KeyRejected):
        return None


def _material(document: Mapping[str, Any], kid: str) -> jws.PublicKey | None:
    try:
        return key_from_document(document, kid)
    except (ContentError, _KeyRejected):
        return None


def _is_absolute(value: str) -> bool:
    return value.startswith(("did:", "urn:")) or bool(urlsplit(value).scheme)


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


def key_from_document(document: Mapping[str, Any], kid: str) -> jws.PublicKey:
    """The key ``kid`` names inside a cached key document (material only; binds nothing).

    Accepts a bare JWK, a JWK set (``keys``), a key document (``publicKeyJwk`` /
    ``publicKeyMultibase`` / ``publicKeyPem``) or a document whose ``verificationMethod``
    lists the key.
    """
    if "kty" in document:
        return jws.public_key_from_jwk(document)
    fragment = kid.split("#", 1)[-1]
    if isinstance(document.get("keys"), list):
        for jwk in document["keys"]:
            if isinstance(jwk, Mapping) and jwk.get("kid") in (kid, fragment):
                return jws.public_key_from_jwk(jwk)
        raise _KeyRejected(f"the cached key set does not contain {kid}")
    if any(k in document for k in ("publicKeyJwk", "publicKeyMultibase", "publicKeyPem")):
        return _key_from_method(document)
    doc_id = _str(document.get("id")) or kid.split("#", 1)[0]
    for method in as_list(document.get("verificationMethod")):
        if not isinstance(method, Mapping):
            continue
        method_id = _str(method.get("id")) or ""
        if (doc_id + method_id if method_id.startswith("#") else method_id) == kid:
            return _key_from_method(method)
    raise _KeyRejected(f"the cached document does not contain the key {kid}")


def _key_from_method(method: Mapping[str, Any]) -> jws.PublicKey:
    if isinstance(method.get("publicKeyJwk"), Mapping):
        return jws.public_key_from_jwk(method["publicKeyJwk"])
    if isinstance(method.get("publicKeyMultibase"), str):
        return did_key_public_key("did:key:" + method["publicKeyMultibase"])
    if isinstance(method.get("publicKeyPem"), str):
        return jws.public_key_from_pem(method["publicKeyPem"])
    raise _KeyRejected("the key entry has no public key in a supported form")
