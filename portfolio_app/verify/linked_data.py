"""Verify a JSON-LD credential with embedded proof(s): OB 3.0, CLR 2.0, other W3C VCs.

:func:`verify_linked_data_credential` composes, in this order, the checks

``format`` → ``signature`` (one per proof) → ``issuer_key`` → ``dates`` → ``status``
→ for a CLR, the same for every nested credential (names prefixed ``nested[i].``)

and lets :func:`~portfolio_app.verify.verdict.decide` pick the status.  Policies:

* **Proof sets**: see :mod:`portfolio_app.verify.dataintegrity` (a failing proof is reported
  and makes the credential tampered even when another proof passes).
* **issuer_key**: at least one valid proof must come from a key whose controller is the
  credential's ``issuer`` (did:key: the DID itself), or that the issuer's own document (DID
  document or https profile, from the cache) lists.  A did:key issuer vouches for no other
  key, so a valid signature by another key is "not signed by the issuer it names": TAMPERED;
  so is a cached issuer document that does not list the key.  An https or did:web issuer
  whose document is not cached *might* use that key: UNVERIFIABLE, "needs a network check".
  The fact ``signature_valid`` still says ``"true"`` (the W3C test vectors are in this case:
  issuer ``https://vc.example/issuers/5678``, key a did:key).
* **Status**: a list that is not cached is *not checked*; it does not stop ``verified``
  ("not revoked as far as known"), and the check says the list needs a network check.
* **CLR**: the verdict is the worst of the CLR's own and each nested credential's; a nested
  credential we cannot check here (e.g. a VC-JWT string) makes the CLR ``unverifiable``.
* **Unknown context**: the credential cannot be read offline: MALFORMED, naming the URL.

Facts: ``signature_valid``, ``proofs``, ``key_source``, ``context_variant`` (when an older
context edition matched), ``issuer``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from portfolio_app.verify.canon import CanonicalizationError, preflight
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import (
    ProofSetResult,
    controller_matches,
    issuer_id,
    passing_keys,
    verify_proofs,
)
from portfolio_app.verify.dates import check_dates
from portfolio_app.verify.didkey import KeyResolutionError
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.keys import SOURCE_LABELS, did_web_document_url
from portfolio_app.verify.status_lists import check_status
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

VC_CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": "VC 1.1",
    "https://www.w3.org/ns/credentials/v2": "VC 2.0",
}
CLR_TYPE = "ClrCredential"
MAX_NESTED = 200

_PROOF_STATUS = {
    "passed": Status.VERIFIED,
    "failed": Status.TAMPERED,
    "malformed": Status.MALFORMED,
    "unavailable": Status.UNVERIFIABLE,
    "unsupported": Status.UNSUPPORTED,
}
_PROOF_OUTCOME = {
    "passed": Outcome.PASSED,
    "failed": Outcome.FAILED,
    "malformed": Outcome.FAILED,
    "unavailable": Outcome.NOT_CHECKED,
    "unsupported": Outcome.NOT_CHECKED,
}


def verify_linked_data_credential(
    doc: Mapping[str, Any],
    *,
    docs: DocumentSource,
    now: datetime,
    contexts: ContextLoader | None = None,
) -> Verdict:
    """Verify an embedded-proof JSON-LD credential completely offline.

    ``docs`` is the only source of web documents (DID documents, key documents, status
    lists); ``contexts`` defaults to the bundled context store (tests inject extras).
    """
    checks, statuses, facts = _verify(doc, docs=docs, now=now, loader=contexts, depth=0)
    if not statuses:
        statuses.add(Status.VERIFIED)
    return decide(statuses, checks, checked_at=now, facts=facts)


def _verify(
    doc: Any,
    *,
    docs: DocumentSource,
    now: datetime,
    loader: ContextLoader | None,
    depth: int,
) -> tuple[list[Check], set[Status], dict[str, str]]:
    checks: list[Check] = []
    statuses: set[Status] = set()
    facts: dict[str, str] = {}

    problem = _format_problem(doc)
    if problem is not None:
        checks.append(Check("format", Outcome.FAILED, problem))
        return checks, {Status.MALFORMED}, {"signature_valid": "unknown"}
    assert isinstance(doc, Mapping)
    issuer = issuer_id(doc)
    assert issuer is not None
    facts["issuer"] = issuer
    checks.append(Check("format", Outcome.PASSED, _describe(doc)))

    # Proofs
    proofs = verify_proofs(doc, docs=docs, loader=loader)
    facts.update(proofs.facts)
    checks.extend(_proof_checks(proofs))
    statuses.add(_PROOF_STATUS[proofs.outcome])
    facts["signature_valid"] = {
        "passed": "true",
        "failed": "false",
    }.get(proofs.outcome, "unknown")
    if proofs.outcome == "malformed" and not proofs.proofs:
        # The document itself could not be canonicalized: nothing else is meaningful.
        return checks, statuses, facts

    # Issuer ↔ key
    keys = passing_keys(proofs.proofs)
    if proofs.outcome == "passed":
        mine = [k for k in keys if controller_matches(k, issuer)]
        if mine:
            key = mine[0]
            checks.append(
                Check(
                    "issuer_key",
                    Outcome.PASSED,
                    f"Signed with a key controlled by the issuer {issuer} "
                    f"({SOURCE_LABELS[key.source]}).",
                    key.as_of,
                )
            )
        else:
            check, status_ = _issuer_document_check(issuer, keys[0].controller, docs)
            checks.append(check)
            statuses.add(status_)
    else:
        checks.append(
            Check("issuer_key", Outcome.NOT_CHECKED, "No valid proof, so no signing key to match.")
        )

    # Validity window
    dates = check_dates(doc, now=now)
    checks.append(dates.check)
    if dates.status is not None:
        statuses.add(dates.status)

    # Revocation / suspension
    status = check_status(doc, docs=docs, now=now, loader=loader)
    if status is not None:
        checks.extend(status.checks)
        if status.status is not None:
            statuses.add(status.status)

    # CLR: every nested credential on its own
    types = _types(doc)
    if CLR_TYPE in types:
        nested_checks, nested_statuses = _verify_nested(
            doc, docs=docs, now=now, loader=loader, depth=depth
        )
        checks.extend(nested_checks)
        statuses |= nested_statuses
    return checks, statuses, facts


def _proof_checks(proofs: ProofSetResult) -> list[Check]:
    if not proofs.proofs:
        outcome = Outcome.FAILED if proofs.outcome == "malformed" else Outcome.NOT_CHECKED
        return [Check("signature", outcome, _sentence(proofs.detail))]
    single = len(proofs.proofs) == 1
    result: list[Check] = []
    for proof in proofs.proofs:
        prefix = "" if single else f"Proof {proof.index + 1} ({proof.suite}): "
        detail = _sentence(proof.detail)
        if single and proof.outcome == "passed":
            detail = f"The {proof.suite} signature is valid" + (
                f" with the older '{proof.context_variant}' context edition."
                if proof.context_variant
                else "."
            )
        result.append(
            Check(
                "signature",
                _PROOF_OUTCOME[proof.outcome],
                prefix + detail,
                proof.key.as_of if proof.key else None,
            )
        )
    return result


def _verify_nested(
    doc: Mapping[str, Any],
    *,
    docs: DocumentSource,
    now: datetime,
    loader: ContextLoader | None,
    depth: int,
) -> tuple[list[Check], set[Status]]:
    subject = doc.get("credentialSubject")
    nested: Any = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
    if nested is None:
        return [], set()
    items = nested if isinstance(nested, list) else [nested]
    checks: list[Check] = []
    statuses: set[Status] = set()
    if depth >= 2 or len(items) > MAX_NESTED:
        checks.append(Check("nested", Outcome.FAILED, "The CLR nests too many credentials."))
        return checks, {Status.MALFORMED}
    for i, item in enumerate(items):
        prefix = f"nested[{i}]."
        if isinstance(item, str):
            checks.append(
                Check(
                    prefix + "signature",
                    Outcome.NOT_CHECKED,
                    f"Nested credential {i + 1} is a VC-JWT; it is checked by the JWT verifier.",
                )
            )
            statuses.add(Status.UNVERIFIABLE)
            continue
        sub_checks, sub_statuses, _ = _verify(
            item, docs=docs, now=now, loader=loader, depth=depth + 1
        )
        label = item.get("id") if isinstance(item, Mapping) else None
        who = f"Nested credential {i + 1}" + (f" ({label})" if isinstance(label, str) else "")
        for c in sub_checks:
            checks.append(Check(prefix + c.name, c.outcome, f"{who}: {c.detail}", c.as_of))
        statuses |= sub_statuses or {Status.VERIFIED}
    return checks, statuses


def _types(doc: Mapping[str, Any]) -> list[str]:
    value = doc.get("type")
    items = value if isinstance(value, list) else [value]
    return [t for t in items if isinstance(t, str)]


def _contexts(doc: Mapping[str, Any]) -> list[Any]:
    value = doc.get("@context")
    return value if isinstance(value, list) else [value]


def _format_problem(doc: Any) -> str | None:
    if not isinstance(doc, Mapping):
        return "The credential is not a JSON object."
    try:
        preflight(doc)
    except CanonicalizationError as exc:
        return _sentence(exc.reason)
    contexts = _contexts(doc)
    if not contexts or contexts[0] not in VC_CONTEXTS:
        return (
            "The first @context is not a W3C Verifiable Credentials context "
            "(https://www.w3.org/ns/credentials/v2 or https://www.w3.org/2018/credentials/v1)."
        )
    types = _types(doc)
    if "VerifiableCredential" not in types:
        return "The credential's type does not include VerifiableCredential."
    if issuer_id(doc) is None:
        return "The credential names no issuer id."
    subject = doc.get("credentialSubject")
    if not isinstance(subject, Mapping | list) or not subject:
        return "The credential has no credentialSubject."
    return None


def _describe(doc: Mapping[str, Any]) -> str:
    model = VC_CONTEXTS[_contexts(doc)[0]]
    kinds = [t for t in _types(doc) if t != "VerifiableCredential"]
    kind = ", ".join(kinds) if kinds else "VerifiableCredential"
    return f"A {model} credential ({kind})."


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _issuer_document_check(
    issuer: str, controller: str, docs: DocumentSource
) -> tuple[Check, Status]:
    """Does the issuer's own (cached) document vouch for a key controlled by ``controller``?"""
    foreign = (
        f"The signature is valid but the signing key belongs to {controller}, "
        f"not to the issuer it names ({issuer})"
    )
    if not issuer.startswith(("https://", "did:web:")):
        return Check("issuer_key", Outcome.FAILED, foreign + "."), Status.TAMPERED
    try:
        url = did_web_document_url(issuer) if issuer.startswith("did:web:") else issuer
    except KeyResolutionError as exc:
        return Check("issuer_key", Outcome.FAILED, f"{foreign}: {exc}."), Status.MALFORMED
    cached = docs.get(url)
    if cached is None:
        return (
            Check(
                "issuer_key",
                Outcome.NOT_CHECKED,
                f"{foreign}; whether {issuer} uses that key needs its document "
                f"({url}): a network check.",
            ),
            Status.UNVERIFIABLE,
        )
    if _lists_key(cached.body, controller):
        return (
            Check(
                "issuer_key",
                Outcome.PASSED,
                f"The issuer's document ({url}) lists the signing key of {controller}.",
                cached.fetched_at,
            ),
            Status.VERIFIED,
        )
    return (
        Check(
            "issuer_key",
            Outcome.FAILED,
            f"{foreign}, and the issuer's document ({url}) does not list it.",
            cached.fetched_at,
        ),
        Status.TAMPERED,
    )


def _lists_key(body: bytes, controller: str) -> bool:
    """True when an ``assertionMethod`` entry of the document is ``controller`` or one of its
    verification methods (``controller#…``)."""
    try:
        document = json.loads(body)
    except ValueError:
        return False
    if not isinstance(document, Mapping):
        return False
    entries = document.get("assertionMethod", [])
    if not isinstance(entries, list):
        entries = [entries]
    for entry in entries:
        ref = entry.get("id") if isinstance(entry, Mapping) else entry
        if isinstance(ref, str) and (ref == controller or ref.startswith(controller + "#")):
            return True
    return False
