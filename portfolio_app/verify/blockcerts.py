"""Blockcerts v2 / v3: check offline what can be checked, and say what cannot.

A Blockcerts certificate proves itself in three links: (1) its document hash is the Merkle
proof's ``targetHash``; (2) hashing up the proof's path from that target gives the
``merkleRoot``; (3) the issuer anchored that root in a blockchain transaction with one of the
keys its profile lists.  Link (2) is pure SHA-256 and is checked here; a path that does not
reach the root is ``tampered``.  Link (1) needs the document canonicalized (URDNA2015) under the
Blockcerts contexts (for v2 also the Open Badges 2.0 one), all bundled and pinned here; link (3)
needs the blockchain, so it is never checked offline.  The
verdict is therefore at best ``unverifiable`` ("anchor on … not checked offline"), which is
the fail-closed reading: ``verified`` needs a passed signature check, and a Merkle path alone
proves nothing about who anchored it.

v2 carries the proof as ``signature`` (MerkleProof2017 / Chainpoint: ``targetHash``,
``merkleRoot``, ``proof: [{"left"|"right": hex}]``, ``anchors``); v3 as ``proof.proofValue``
(MerkleProof2019: multibase ``z`` + base58btc of a CBOR map, keys 0 = merkleRoot,
1 = targetHash, 2 = anchors, 3 = path).

**What the v2 hash covers.**  The hash is over the RDF graph, and JSON-LD silently drops a
property no context defines, so such a field is outside the hash and anyone could have added
or changed it.  The Blockcerts reference verifier fails a certificate with such "unmapped
fields" (its issuing tools refuse to hash one); here it is ``tampered``, naming the field.  A
field written as an IRI or a JSON-LD keyword (``{"@value": …}``, ``"http://schema.org/name"``)
or terms defined inline are in the graph but not where the app reads them, so the hash is
then *not checked* (the verdict stays ``unverifiable``, never better).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import base58
import cbor2

from portfolio_app.formats.common import as_list, types_of
from portfolio_app.formats.registry import unsupported_reason
from portfolio_app.model import Credential, CredentialFormat
from portfolio_app.paths import resource_path
from portfolio_app.verify._common import ContentError, load_json_object
from portfolio_app.verify.canon import CanonicalizationError, canonicalize, preflight
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dates import DateResult, check_dates, check_window
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

MAX_PATH = 64  # a Merkle tree of 2**64 certificates is not a batch anyone issued
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class MerkleProof:
    """The facts of one Merkle proof, whichever encoding it came in."""

    target_hash: str  # lowercase hex
    merkle_root: str  # lowercase hex
    path: tuple[tuple[str, str], ...]  # ("left" | "right", lowercase hex)
    anchors: tuple[str, ...]  # "chain (transaction)" for the message


def _hex(value: Any, what: str) -> str:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, str) and value and set(value.lower()) <= _HEX and len(value) % 2 == 0:
        return value.lower()
    raise ContentError(f"the Blockcerts proof's {what} is not a hex hash")


def _path(steps: Any) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    entries = as_list(steps)
    if len(entries) > MAX_PATH:
        raise ContentError(f"the Blockcerts proof's path has more than {MAX_PATH} steps")
    for index, step in enumerate(entries):
        if not isinstance(step, dict) or len(step) != 1:
            raise ContentError(f"step {index + 1} of the Blockcerts proof's path is not one hash")
        ((side, value),) = step.items()
        if side not in ("left", "right"):
            raise ContentError(f"step {index + 1} of the Blockcerts proof's path is not left/right")
        found.append((side, _hex(value, f"path step {index + 1}")))
    return tuple(found)


def _anchor_text(anchor: Any) -> str:
    if isinstance(anchor, str):
        return anchor.removeprefix("blink:")
    if isinstance(anchor, dict):
        chain = anchor.get("chain") or anchor.get("type") or "a blockchain"
        source = anchor.get("sourceId")
        return f"{chain} ({source})" if isinstance(source, str) else str(chain)
    return "a blockchain"


def proof_of_v2(document: dict[str, Any]) -> MerkleProof:
    signature = document.get("signature")
    if not isinstance(signature, dict) or "MerkleProof2017" not in types_of(signature):
        raise ContentError("Blockcerts v2 certificate has no MerkleProof2017 'signature'")
    return MerkleProof(
        target_hash=_hex(signature.get("targetHash"), "targetHash"),
        merkle_root=_hex(signature.get("merkleRoot"), "merkleRoot"),
        path=_path(signature.get("proof")),
        anchors=tuple(_anchor_text(a) for a in as_list(signature.get("anchors"))),
    )


def proof_of_v3(document: dict[str, Any]) -> MerkleProof:
    proofs = [p for p in as_list(document.get("proof")) if isinstance(p, dict)]
    merkle = [p for p in proofs if "MerkleProof2019" in types_of(p)]
    if not merkle:
        raise ContentError("Blockcerts v3 certificate has no MerkleProof2019 proof")
    value = merkle[0].get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ContentError("the MerkleProof2019 proofValue is not multibase base58btc ('z…')")
    try:
        decoded = _pairs(cbor2.loads(base58.b58decode(value[1:])))
        path = [
            {_SIDES.get(side, "?"): _inner(sibling)}
            for side, sibling in (_pair(step) for step in as_list(decoded.get(3)))
        ]
        anchors = tuple(_anchor_of(_pairs(a)) for a in as_list(decoded.get(2)))
        target, root = _inner(decoded.get(1)), _inner(decoded.get(0))
    except (ValueError, TypeError, cbor2.CBORDecodeError):
        raise ContentError(
            "the MerkleProof2019 proofValue does not decode (base58btc CBOR with the "
            "Merkle root, target hash, anchors and path)"
        ) from None
    return MerkleProof(
        target_hash=_hex(target, "targetHash"),
        merkle_root=_hex(root, "merkleRoot"),
        path=_path(path),
        anchors=anchors,
    )


# MerkleProof2019's CBOR is a list of [key, value] pairs, values themselves CBOR-encoded
# text; path steps are [side, hash] with side 0 = left, 1 = right (checked on the samples).
_SIDES = {0: "left", 1: "right"}


def _pair(value: Any) -> tuple[Any, Any]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("not a [key, value] pair")
    return value[0], value[1]


def _pairs(value: Any) -> dict[Any, Any]:
    if isinstance(value, dict):
        return value
    if not isinstance(value, list):
        raise ValueError("not a CBOR map or list of pairs")
    return dict(_pair(item) for item in value)


def _inner(value: Any) -> Any:
    """A value that is itself CBOR-encoded (bytes holding a text string), or plain."""
    if isinstance(value, bytes):
        try:
            inner = cbor2.loads(value)
        except cbor2.CBORDecodeError:
            return value
        return inner if isinstance(inner, str | bytes) else value
    return value


def _anchor_of(anchor: dict[Any, Any]) -> str:
    transaction = _inner(anchor.get(2))
    if isinstance(transaction, bytes):
        transaction = transaction.hex()
    if isinstance(transaction, str) and transaction:
        return f"a blockchain (transaction {transaction[:16]}…)"
    return "a blockchain"


def merkle_root_of(proof: MerkleProof) -> str:
    """Hash up the path from the target (Chainpoint: sha256(left || right) at each step)."""
    current = bytes.fromhex(proof.target_hash)
    for side, sibling in proof.path:
        other = bytes.fromhex(sibling)
        current = hashlib.sha256(other + current if side == "left" else current + other).digest()
    return current.hex()


# Blockcerts contexts, served only here and pinned by SHA-256 (resources/contexts/SOURCES.md).
# The Open Badges 2.0 context is here, not in the app's index, because only a Blockcerts v2
# document hash is computed from it (an OB 2.0 assertion is checked as JSON, not as a graph).
_OB2 = ("openbadges-v2.jsonld", "ee8c373cb831e92f0033b7f26b61a43b2719932a20da2c396e5dad48ec429b2d")
_BC2 = ("blockcerts-v2.jsonld", "9aeb82c65913f2b727170778a81b9f882254b12d4b66c7aca1c8ee4765d4fc57")
_BC21 = (
    "blockcerts-v2.1.jsonld",
    "3c0621311db8d15a6aee9921a641d75d3cb72ebc296ff2c6d11597f23e4615b5",
)
_V2_CONTEXTS = {
    # each canonical URL with the addresses it redirects to, as cert-schema lists them
    "https://w3id.org/openbadges/v2": _OB2,
    "https://openbadgespec.org/v2/context.json": _OB2,
    "https://w3id.org/blockcerts/v2": _BC2,
    "https://w3id.org/blockcerts/schema/2.0/context.json": _BC2,
    "https://www.blockcerts.org/schema/2.0/context.json": _BC2,
    "https://w3id.org/blockcerts/v2.1": _BC21,
    "https://w3id.org/blockcerts/schema/2.1/context.json": _BC21,
    "https://www.blockcerts.org/schema/2.1/context.json": _BC21,
}
_CONTEXTS = {
    "https://w3id.org/blockcerts/v3": (
        "blockcerts-v3.jsonld",
        "7b5a4f9771640918b6e3169af29374b38a9f914dcfed77675db7944c8f1a1152",
    ),
    "https://w3id.org/blockcerts/v3.1": (
        "blockcerts-v3.1.jsonld",
        "2fc073679f0e05bba5984a3110c0bfcfbc9401c2a5874115e9a9bb12204001f3",
    ),
    **_V2_CONTEXTS,
}
_LOADED: dict[str, Any] = {}


def _context_documents() -> dict[str, dict[str, Any]]:
    """URL → parsed Blockcerts context, each file checked against its pin once."""
    if "documents" not in _LOADED:
        extra: dict[str, dict[str, Any]] = {}
        for url, (name, pin) in _CONTEXTS.items():
            body = (resource_path("contexts") / name).read_bytes()
            if hashlib.sha256(body).hexdigest() != pin:
                raise ContentError(f"the bundled context {name} does not match its recorded hash")
            extra[url] = json.loads(body)
        _LOADED["documents"] = extra
    documents: dict[str, dict[str, Any]] = _LOADED["documents"]
    return documents


def _loader() -> ContextLoader:
    """The app's bundled contexts plus the Blockcerts ones (each checked against its pin)."""
    if "loader" not in _LOADED:
        _LOADED["loader"] = ContextLoader.bundled().with_extra(_context_documents())
    loader: ContextLoader = _LOADED["loader"]
    return loader


def _v2_terms() -> frozenset[str]:
    """Every term the Open Badges 2.0 and Blockcerts v2 contexts define (both are flat: no
    scoped or protected terms, so a term means the same at every depth of the document)."""
    if "v2_terms" not in _LOADED:
        terms: set[str] = set()
        for url in _V2_CONTEXTS:
            context = _context_documents()[url].get("@context")
            if isinstance(context, dict):
                terms.update(k for k in context if not k.startswith("@"))
        _LOADED["v2_terms"] = frozenset(terms)
    found: frozenset[str] = _LOADED["v2_terms"]
    return found


def _hash_failed(detail: str) -> Check:
    return Check("document_hash", Outcome.FAILED, detail)


def _not_hashed(detail: str) -> Check:
    return Check("document_hash", Outcome.NOT_CHECKED, detail)


def _v2_context_problem(document: dict[str, Any]) -> str | None:
    """Why the v2 document hash cannot be computed from the contexts this app holds, if so."""
    for context in as_list(document.get("@context")):
        if isinstance(context, dict):
            return (
                "the certificate defines JSON-LD terms of its own inline, so what it shows "
                "cannot be tied to its hash"
            )
        if not isinstance(context, str) or context not in _V2_CONTEXTS:
            return (
                f"the certificate's context {context} is not one this app holds, so its "
                "document hash cannot be computed offline"
            )
    return None


def _v2_field_problems(document: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(undefined, rewritten): JSON paths of fields the signed graph does not hold as shown.

    *Undefined*: a property (or a ``type``) no context defines.  JSON-LD drops it, so it is
    outside the hash: anyone can add or change it.  The Blockcerts reference verifier fails
    such a certificate ("unmapped fields"), and the issuing tools refuse to hash one, so a
    certificate that has one was changed after it was issued.  *Rewritten*: a property
    written as an IRI or a JSON-LD keyword (``"http://schema.org/name"``, ``"@value"``,
    ``"@context"`` inside the document).  It is in the graph, but not where the app reads the
    field, so what is shown could differ from what was hashed.
    """
    terms = _v2_terms()
    undefined: list[str] = []
    rewritten: list[str] = []
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, list):
            stack.extend((item, where) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            path = f"{where}.{key}" if where else key
            if key == "@context" and not where:
                continue
            if key.startswith("@") or ":" in key:
                rewritten.append(path)
                continue
            if key not in terms:
                undefined.append(path)
                continue
            if key == "type":
                bad = [t for t in as_list(value) if isinstance(t, str) and t not in terms]
                undefined.extend(f"{path} = {t}" for t in bad if ":" not in t)
            stack.append((value, path))
    return sorted(undefined), sorted(rewritten)


def _names(paths: list[str]) -> str:
    shown = ", ".join(f"'{p}'" for p in paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def _document_hash_check(
    fmt: CredentialFormat, document: dict[str, Any], proof: MerkleProof
) -> Check:
    """SHA-256 of the URDNA2015 N-Quads of the document without its proof = targetHash.

    v2 (MerkleProof2017) leaves out ``signature``, v3 (MerkleProof2019) ``proof``; both are
    canonicalized under the contexts the document names, served from the pinned copies.  A v2
    certificate must also use only the terms its contexts define (see
    :func:`_v2_field_problems`): the hash covers the graph, and a field outside the graph is
    not covered by it.
    """
    v3 = fmt is CredentialFormat.BLOCKCERTS_V3
    unsecured = {k: v for k, v in document.items() if k != ("proof" if v3 else "signature")}
    rewritten: list[str] = []
    if not v3:
        problem = _v2_context_problem(document)
        if problem:
            return _not_hashed(problem)
        undefined, rewritten = _v2_field_problems(unsecured)
        if undefined:
            return _hash_failed(
                f"the certificate holds {_names(undefined)}, which its contexts do not define, "
                "so its hash does not cover it: it was added after the certificate was issued"
            )
    try:
        preflight(unsecured)
        nquads = canonicalize(unsecured, _loader())
    except CanonicalizationError as exc:
        return _not_hashed(f"the document hash could not be computed offline: {exc.reason}")
    digest = hashlib.sha256(nquads.encode("utf-8")).hexdigest()
    if digest != proof.target_hash:
        return _hash_failed(
            "the document's hash is not the Merkle proof's target hash: the certificate was "
            "changed after it was issued"
        )
    if rewritten:
        return _not_hashed(
            f"the certificate writes {_names(rewritten)} as a JSON-LD IRI or keyword "
            "instead of its Open Badges term, so what is shown cannot be tied to its hash"
        )
    return Check("document_hash", Outcome.PASSED, "the document's hash is the proof's target")


def _issuer_url(document: dict[str, Any], v3: bool) -> str | None:
    issuer: Any = document.get("issuer") if v3 else None
    if not v3:
        badge = document.get("badge")
        issuer = badge.get("issuer") if isinstance(badge, dict) else None
    found = issuer.get("id") if isinstance(issuer, dict) else issuer
    return found if isinstance(found, str) and found.startswith("https://") else None


def _profile_keys(body: bytes) -> set[str]:
    try:
        profile = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return set()
    keys: set[str] = set()
    if isinstance(profile, dict):
        for entry in as_list(profile.get("publicKey")):
            key = entry.get("id") if isinstance(entry, dict) else entry
            if isinstance(key, str):
                keys.add(key)
    return keys


def _issuer_profile_check(document: dict[str, Any], v3: bool, docs: DocumentSource) -> Check:
    """The issuer's keys from its cached profile: which one anchored the root needs the chain.

    The certificate's own ``verification.publicKey`` is its claim; the issuer's profile is the
    authority.  Either way the binding stays *not checked* offline, because only the
    blockchain transaction shows which address anchored the Merkle root.
    """
    url = _issuer_url(document, v3)
    if url is None:
        return Check(
            "issuer_key",
            Outcome.NOT_CHECKED,
            "the issuer is not an https profile this app can hold (for a DID issuer the key "
            "that anchored the root needs the blockchain)",
        )
    cached = docs.get(url)
    if cached is None or cached.status != 200:
        return Check(
            "issuer_key",
            Outcome.NOT_CHECKED,
            f"the issuer's profile ({url}) is not cached; needs the issuer's document",
        )
    keys = _profile_keys(cached.body)
    verification = document.get("verification")
    claimed = verification.get("publicKey") if isinstance(verification, dict) else None
    if isinstance(claimed, str) and keys and claimed not in keys:
        return Check(
            "issuer_key",
            Outcome.NOT_CHECKED,
            f"the certificate names key {claimed}, which the issuer's cached profile does "
            "not list; which key anchored the root needs the blockchain",
            as_of=cached.fetched_at,
        )
    return Check(
        "issuer_key",
        Outcome.NOT_CHECKED,
        f"the issuer's cached profile lists {len(keys)} key(s); which one anchored the root "
        "needs the blockchain transaction",
        as_of=cached.fetched_at,
    )


def verify_blockcerts(credential: Credential, *, docs: DocumentSource, now: datetime) -> Verdict:
    reason = unsupported_reason(credential)
    v3 = credential.format is CredentialFormat.BLOCKCERTS_V3
    kind = "Blockcerts v3" if v3 else "Blockcerts v2"
    if reason:
        return decide(
            [Status.UNSUPPORTED],
            [
                Check("format", Outcome.PASSED, "a Blockcerts certificate"),
                Check("signature", Outcome.NOT_CHECKED, reason),
            ],
            checked_at=now,
        )
    document = load_json_object(credential.payload, what=f"the {kind} certificate")
    proof = proof_of_v3(document) if v3 else proof_of_v2(document)
    checks = [Check("format", Outcome.PASSED, f"a {kind} certificate")]
    root = merkle_root_of(proof)
    if root != proof.merkle_root:
        checks.append(
            Check(
                "merkle_path",
                Outcome.FAILED,
                "the Merkle path from the document's target hash does not reach the "
                f"Merkle root the proof states ({proof.merkle_root[:16]}…)",
            )
        )
        return decide([Status.TAMPERED], checks, checked_at=now)
    checks.append(
        Check(
            "merkle_path",
            Outcome.PASSED,
            f"the target hash reaches the Merkle root in {len(proof.path)} step(s)",
        )
    )
    hash_check = _document_hash_check(credential.format, document, proof)
    checks.append(hash_check)
    if hash_check.outcome is Outcome.FAILED:
        return decide([Status.TAMPERED], checks, checked_at=now)
    dates = _dates_check(document, v3, now)
    checks.append(dates.check)
    checks.append(_issuer_profile_check(document, v3, docs))
    where = ", ".join(proof.anchors) or "a blockchain"
    checks.append(
        Check(
            "anchor",
            Outcome.NOT_CHECKED,
            f"anchor on {where} not checked offline (it needs the blockchain)",
        )
    )
    found = [Status.UNVERIFIABLE, *([dates.status] if dates.status else [])]
    return decide(found, checks, checked_at=now)


def _dates_check(document: dict[str, Any], v3: bool, now: datetime) -> DateResult:
    """The validity window, checked offline like every other format's (the reference
    verifier checks expiry too): v3 by its VC dates, v2 by ``issuedOn`` (a certificate issued
    in the future is not yet valid) and ``expires``.  Read only once the document hash has
    not failed, so for a v2 certificate whose hash passed they are the hashed dates."""
    if v3:
        return check_dates(document, now=now)
    starts = [("issuedOn", document["issuedOn"])] if document.get("issuedOn") is not None else []
    ends = [("expires", document["expires"])] if document.get("expires") is not None else []
    return check_window(starts, ends, now=now)
