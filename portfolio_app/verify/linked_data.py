"""Verify a JSON-LD credential with embedded proof(s): OB 3.0, CLR 2.0, other W3C VCs.

:func:`verify_linked_data_credential` composes, in this order, the checks

``format`` → ``signature`` (one per proof) → ``signed_graph`` (only when an older context
edition matched) → ``issuer_key`` → ``shown`` (when the parsed credential is given) →
``dates`` → ``status`` → for a CLR, ``nested`` and every nested credential's checks (names
prefixed ``nested[i].``)

and lets :func:`~portfolio_app.verify.verdict.decide` pick the status.  Policies:

* **Signed graph**: the document is canonicalized once; the proof check hashes those N-Quads
  and :mod:`.signed_graph` reads issuer, dates, status entries and nested credentials from the
  same string.  No checked value comes from a JSON key (see that module for why).
* **shown**: ``verified`` also needs the parsed :class:`~portfolio_app.model.Credential` to carry
  the signed graph's digest and its issuer, id and dates (``tampered`` if they differ,
  ``unverifiable`` if it was not read from a signed graph at all).
* **Proof sets**: see :mod:`portfolio_app.verify.dataintegrity` (a failing proof is reported
  and makes the credential tampered even when another proof passes).
* **issuer_key**: at least one valid proof's key must be bound to the issuer by an authority
  other than the signer (:func:`~portfolio_app.verify.keys.bind_key`).  Intact but unbound →
  UNVERIFIABLE ("the signature is intact, but nothing ties key … to issuer …; needs the
  issuer's document"); a did:key issuer signed by another key, or an issuer's own cached
  document that does not list the key → TAMPERED.
* **Status**: a list that is not cached, or not issued (and bound) by the credential's own
  issuer, is *not checked*; it does not stop ``verified`` ("not revoked as far as known").
* **CLR**: the nested credentials must be exactly those of the signed graph (one hidden from
  the JSON → MALFORMED); the verdict is the worst of the CLR's own and each nested one's; a
  nested credential we cannot check here (e.g. a VC-JWT string) makes it ``unverifiable``.
* **Unknown context**: the credential cannot be read offline: UNSUPPORTED, naming the URL.

Facts: ``signature_valid``, ``proofs``, ``key_source``, ``context_variant`` (when an older
context edition matched), ``issuer``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.vc import credential_from_reading
from portfolio_app.model import Credential
from portfolio_app.verify.canon import CanonicalizationError, preflight
from portfolio_app.verify.contexts import ContextLoader, loader_for
from portfolio_app.verify.dataintegrity import (
    ProofSetResult,
    derived_loader,
    issuer_id,
    verify_proofs,
)
from portfolio_app.verify.dates import check_window
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.keys import bind_key
from portfolio_app.verify.signed_graph import (
    SignedCredential,
    SignedGraphError,
    canonical_nquads,
    read_signed_credential,
    reading_of,
    shown_mismatch,
    unsecured,
)
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
    shown: Any = None,
) -> Verdict:
    """Verify an embedded-proof JSON-LD credential completely offline.

    ``docs`` is the only source of web documents (DID documents, key documents, status
    lists); ``contexts`` defaults to the bundled context store (tests inject extras).
    ``shown`` is the parsed :class:`~portfolio_app.model.Credential` whose values the verdict
    will travel with: when given, ``verified`` also requires that it was read from the graph
    whose signature passed and shows that graph's issuer, id and dates.
    """
    checks, statuses, facts = _verify(
        doc, docs=docs, now=now, loader=contexts, depth=0, shown=shown
    )
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
    shown: Any = None,
) -> tuple[list[Check], set[Status], dict[str, str]]:
    checks: list[Check] = []
    statuses: set[Status] = set()
    facts: dict[str, str] = {}

    problem = _format_problem(doc)
    if problem is not None:
        checks.append(Check("format", Outcome.FAILED, problem))
        return checks, {Status.MALFORMED}, {"signature_valid": "unknown"}
    assert isinstance(doc, Mapping)
    # Everything below is read from the signed graph, never from JSON keys.
    base = loader or loader_for(docs)  # bundled contexts plus those trust bundles ship
    try:
        # One canonicalization: the proof hashes this string and the reading parses it.
        nquads = canonical_nquads(unsecured(doc), base, checked=True)  # preflight ran
        reading = reading_of(nquads)
    except (CanonicalizationError, SignedGraphError) as exc:
        if isinstance(exc, CanonicalizationError) and exc.kind == "unknown_context":
            # Well-formed, but written against a context the app does not hold (issue 11):
            # the right word is "unsupported", naming the context, not "malformed".
            detail = (
                f"{_sentence(exc.reason)} Not verified by this app: a trust bundle can add "
                "the context."
            )
            checks.append(Check("format", Outcome.NOT_CHECKED, detail))
            return checks, {Status.UNSUPPORTED}, {"signature_valid": "unknown"}
        checks.append(Check("format", Outcome.FAILED, _sentence(exc.reason)))
        return checks, {Status.MALFORMED}, {"signature_valid": "unknown"}
    issuer = reading.issuer_id
    facts["issuer"] = issuer
    checks.append(Check("format", Outcome.PASSED, _describe(doc)))

    # Proofs
    # ``checked``: _format_problem ran preflight on this very document above.
    proofs = verify_proofs(doc, docs=docs, loader=base, nquads=nquads, checked=True)
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
    if proofs.outcome == "passed":
        variant_problem = _variant_problem(doc, proofs, reading, base)
        if variant_problem is not None:
            checks.append(Check("signed_graph", Outcome.FAILED, variant_problem))
            statuses.add(Status.MALFORMED)

    # Issuer ↔ key
    if proofs.outcome == "passed":
        check, key_status = _issuer_key_check(issuer, proofs, docs)
        checks.append(check)
        if key_status is not None:
            statuses.add(key_status)
    else:
        checks.append(
            Check("issuer_key", Outcome.NOT_CHECKED, "No valid proof, so no signing key to match.")
        )

    # What is shown is what was signed
    if shown is not None:
        mismatch = shown_mismatch(reading, shown) or _field_mismatch(reading, doc, shown)
        if mismatch is None:
            checks.append(
                Check(
                    "shown",
                    Outcome.PASSED,
                    "The values shown were read from the signed data.",
                )
            )
        elif not _has_digest(shown):
            checks.append(
                Check(
                    "shown",
                    Outcome.NOT_CHECKED,
                    "The values shown were not read from the signed data (read by an older "
                    "version or built elsewhere); import the file again to check them.",
                )
            )
            statuses.add(Status.UNVERIFIABLE)
        else:
            checks.append(Check("shown", Outcome.FAILED, _sentence(mismatch)))
            statuses.add(Status.TAMPERED)

    # Validity window
    # A proof's own ``expires`` bounds the window too: the issuer vouches only until then.
    proof_ends = tuple(("proof expires", p.expires) for p in proofs.passing if p.expires)
    dates = check_window(reading.starts, reading.ends + proof_ends, now=now)
    checks.append(dates.check)
    if dates.status is not None:
        statuses.add(dates.status)

    # Revocation / suspension
    status = check_status(
        doc,
        docs=docs,
        now=now,
        loader=loader,
        entries=reading.status_entries,
        credential_id=reading.credential_id,
        issuer=issuer,
    )
    if status is not None:
        checks.extend(status.checks)
        if status.status is not None:
            statuses.add(status.status)

    # CLR: every nested credential on its own
    if CLR_TYPE in reading.types or reading.nested_count:
        nested_checks, nested_statuses = _verify_nested(
            doc,
            reading.nested_ids,
            docs=docs,
            now=now,
            loader=loader,
            depth=depth,
            clr_issuer=issuer,
        )
        checks.extend(nested_checks)
        statuses |= nested_statuses
        if depth == 0:
            checks.extend(_nested_limits(nested_checks))
    return checks, statuses, facts


def _nested_limits(nested_checks: list[Check]) -> list[Check]:
    """Top-level checks naming what was not checked for the nested credentials (revocation;
    issuers other than the CLR's, which no registry was asked about).

    A verdict's limits are read from its top-level checks, so without these a CLR whose own
    status list was cached read "verified — revocation as of …" although the revocation of a
    credential inside it was never checked.
    """
    unchecked = sorted(
        {
            int(c.name[len("nested[") : c.name.index("]")]) + 1
            for c in nested_checks
            if c.name.endswith("].status") and c.outcome is Outcome.NOT_CHECKED
        }
    )
    others = sorted(
        {
            int(c.name[len("nested[") : c.name.index("]")]) + 1
            for c in nested_checks
            if c.name.endswith("].issuer") and c.outcome is Outcome.NOT_CHECKED
        }
    )
    limits: list[Check] = []
    if unchecked:
        which = ", ".join(str(i) for i in unchecked)
        limits.append(
            Check(
                "nested_status",
                Outcome.NOT_CHECKED,
                f"The revocation of nested credential(s) {which} was not checked.",
            )
        )
    if others:
        which = ", ".join(str(i) for i in others)
        limits.append(
            Check(
                "nested_issuer",
                Outcome.NOT_CHECKED,
                f"Nested credential(s) {which} come from other issuers, not looked up in an "
                "issuer registry.",
            )
        )
    return limits


# Credential fields the app shows, stores or matches: each must be the signed graph's.
_SHOWN_FIELDS = (
    "format",
    "title",
    "issuer_name",
    "credential_id",
    "description",
    "achievement_id",
    "issuer_id",
    "recipient",
    "issued",
    "valid_from",
    "valid_until",
    "alignments",
    "credits",
    "evidence",
    "tags",
)
# Display facts in ``extra`` that only the signed-graph reader may set.
_SHOWN_EXTRA = frozenset(
    {
        "types",
        "subjects",
        "nested_credentials",
        "achievements",
        "status",
        "achievement_type",
        "subject_name",
        "credits_available",
        "credits_earned",
    }
)


def _field_mismatch(reading: SignedCredential, doc: Mapping[str, Any], shown: Any) -> str | None:
    """Why a shown field differs from what the signed graph yields, or ``None``.

    :func:`shown_mismatch` checks the digest and what the verifier itself checks; this rebuilds
    the whole shown credential from the same reading, so a stored row whose title, issuer name,
    credits or skills were edited after import (same payload, same digest) is not verified.
    """
    if not isinstance(shown, Credential):
        return None
    try:
        expected = credential_from_reading(
            reading,
            dict(doc),
            payload=shown.payload,
            container=shown.container,
            source=shown.extra.get("source", ""),
        )
    except RejectedInput as exc:
        return f"the signed data cannot be shown ({exc.reason})"
    for name in _SHOWN_FIELDS:
        got, want = getattr(shown, name), getattr(expected, name)
        if got != want:
            return f"the {name.replace('_', ' ')} shown is not the signed one ({str(want)[:80]})"
    for key in _SHOWN_EXTRA:
        if shown.extra.get(key) != expected.extra.get(key):
            return f"the {key.replace('_', ' ')} shown is not the signed one"
    return None


def _has_digest(shown: Any) -> bool:
    extra = getattr(shown, "extra", None)
    return isinstance(extra, Mapping) and isinstance(extra.get("signed_digest"), str)


def _variant_problem(
    doc: Mapping[str, Any],
    proofs: ProofSetResult,
    reading: SignedCredential,
    loader: ContextLoader | None,
) -> str | None:
    """A proof that passed only with an older context edition signed *that* edition's graph:
    the values read with the current edition must be the same, or nothing shown is signed."""
    base = loader or ContextLoader.bundled()
    for proof in proofs.passing:
        if not proof.context_variant:
            continue
        for variant in base.variants_for(_context_urls(doc)):
            if variant.name != proof.context_variant:
                continue
            try:
                other = read_signed_credential(doc, derived_loader(base, variant.url, variant.name))
            except (CanonicalizationError, SignedGraphError) as exc:
                return f"The graph signed under the older context edition cannot be read: {exc}."
            if dataclasses.replace(other, digest="") != dataclasses.replace(reading, digest=""):
                return (
                    f"The proof signs the older '{variant.name}' edition of {variant.url}, "
                    "under which the credential states other values than those shown."
                )
    return None


def _context_urls(doc: Mapping[str, Any]) -> list[str]:
    return [c for c in _contexts(doc) if isinstance(c, str)]


def _issuer_key_check(
    issuer: str, proofs: ProofSetResult, docs: DocumentSource
) -> tuple[Check, Status | None]:
    """Is at least one passing proof's key bound to the issuer (see :func:`keys.bind_key`)?"""
    bindings = [
        (p, bind_key(issuer, p.verification_method or "", p.key, docs))
        for p in proofs.passing
        if p.key is not None
    ]
    for proof, binding in bindings:
        if binding.outcome == "bound":
            assert proof.key is not None
            return (
                Check(
                    "issuer_key",
                    Outcome.PASSED,
                    f"Signed with a key bound to the issuer {issuer}: {binding.detail}.",
                    binding.as_of or proof.key.as_of,
                ),
                None,
            )
    if not bindings:
        return (
            Check("issuer_key", Outcome.NOT_CHECKED, "No valid proof, so no signing key to match."),
            Status.UNVERIFIABLE,
        )
    foreign = [b for _, b in bindings if b.outcome == "foreign"]
    if foreign and len(foreign) == len(bindings):
        return (
            Check("issuer_key", Outcome.FAILED, _sentence(foreign[0].detail), foreign[0].as_of),
            Status.TAMPERED,
        )
    unbound = next(b for _, b in bindings if b.outcome == "unbound")
    return (
        Check("issuer_key", Outcome.NOT_CHECKED, _sentence(unbound.detail), unbound.as_of),
        Status.UNVERIFIABLE,
    )


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
    signed_ids: tuple[str | None, ...],
    *,
    docs: DocumentSource,
    now: datetime,
    loader: ContextLoader | None,
    depth: int,
    clr_issuer: str = "",
) -> tuple[list[Check], set[Status]]:
    """Verify the nested credentials the JSON holds, and require that they are exactly the
    ones in the signed graph (``signed_ids``): one the JSON hides is refused, not skipped."""
    subject = doc.get("credentialSubject")
    nested: Any = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
    items = [] if nested is None else nested if isinstance(nested, list) else [nested]
    checks: list[Check] = []
    statuses: set[Status] = set()
    if depth >= 2 or len(items) > MAX_NESTED or len(signed_ids) > MAX_NESTED:
        checks.append(Check("nested", Outcome.FAILED, "The CLR nests too many credentials."))
        return checks, {Status.MALFORMED}
    found_ids: list[str | None] = []
    for item in items:
        if isinstance(item, Mapping):
            try:
                found_ids.append(read_signed_credential(item, loader).credential_id)
            except (CanonicalizationError, SignedGraphError):
                found_ids.append("(unreadable)")
    if sorted(found_ids, key=str) != sorted(signed_ids, key=str):
        checks.append(
            Check(
                "nested",
                Outcome.FAILED,
                f"The CLR's signed data holds {len(signed_ids)} nested credential(s), but "
                f"{len(found_ids)} readable one(s) are where the JSON lists them "
                "(credentialSubject.verifiableCredential); hidden credentials are refused.",
            )
        )
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
        sub_checks, sub_statuses, sub_facts = _verify(
            item, docs=docs, now=now, loader=loader, depth=depth + 1
        )
        label = item.get("id") if isinstance(item, Mapping) else None
        who = f"Nested credential {i + 1}" + (f" ({label})" if isinstance(label, str) else "")
        for c in sub_checks:
            checks.append(Check(prefix + c.name, c.outcome, f"{who}: {c.detail}", c.as_of))
        other = sub_facts.get("issuer")
        if other and other != clr_issuer:
            checks.append(
                Check(
                    prefix + "issuer",
                    Outcome.NOT_CHECKED,
                    f"{who}: issued by {other}, not by the CLR's issuer; that issuer was not "
                    "looked up in an issuer registry, so its name is its own claim.",
                )
            )
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
