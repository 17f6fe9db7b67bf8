"""Embedded Data Integrity proofs: ``eddsa-rdfc-2022`` (and legacy ``eddsa-2022``) and
``Ed25519Signature2020`` — verification and signing.

Algorithm (vc-di-eddsa §3.2; shared/design/FORMATS.md §4)::

    unsecured   = document without "proof"
    config      = proof without "proofValue", with config["@context"] = unsecured["@context"]
    hashData    = SHA-256(URDNA2015(config)) || SHA-256(URDNA2015(unsecured))
    Ed25519.verify(publicKey(verificationMethod), multibase(proofValue), hashData)

Proof sets (``proof`` is a list) are verified proof by proof against the same unsecured
document, and every proof is reported.  **Policy** (OB 3.0 says any one valid proof suffices;
Data Integrity says all must verify; we take the stricter reading of what is *present*):

* any proof that fails → ``failed`` (tampered), even when another proof passes;
* otherwise at least one passing proof → ``passed``;
* proofs of a type we do not verify are reported as *not checked* and do not count either way;
* otherwise a key we could not get offline → ``unavailable``; otherwise ``unsupported``.

When a signature fails and the document uses a context that was edited in place (OB 3.0.3),
the proof is retried with known older variants (at most :data:`MAX_VARIANT_RETRIES`, and never
after :class:`~portfolio_app.verify.canon.WorkLimitExceeded`, which ends the whole proof set as
``malformed``); a match is reported as passed with the variant's name (``context_variant``).

The document's canonical N-Quads come from
:func:`portfolio_app.verify.signed_graph.canonical_nquads`, the same string the signed-graph
reader parses, so the values shown and checked are those of the graph whose hash was verified.

Ed25519 goes through PyNaCl (libsodium's ``crypto_sign_verify_detached``), which refuses
small-order and non-canonical public keys and non-canonical signatures (``S >= L``).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import nacl.exceptions
import nacl.signing
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_app.errors import PortfolioError
from portfolio_app.verify import fastcanon
from portfolio_app.verify.canon import CanonicalizationError, WorkLimitExceeded, preflight
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.didkey import KeyResolutionError
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.keys import KeyUnavailable, ResolvedKey, resolve_verification_method
from portfolio_app.verify.multibase import MultibaseError, decode_base58btc, encode_base58btc
from portfolio_app.verify.signed_graph import canonical_nquads

ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
VC_V2 = "https://www.w3.org/ns/credentials/v2"

EDDSA_CRYPTOSUITES = {"eddsa-rdfc-2022": "eddsa-rdfc-2022", "eddsa-2022": "eddsa-2022 (legacy)"}
# Known suites we deliberately do not verify (yet), so the reason can name them.
KNOWN_UNSUPPORTED = {
    "ecdsa-rdfc-2019",
    "ecdsa-sd-2023",
    "ecdsa-jcs-2019",
    "eddsa-jcs-2022",
    "bbs-2023",
    "RsaSignature2018",
    "JsonWebSignature2020",
    "Ed25519Signature2018",
    "EcdsaSecp256k1Signature2019",
    "MerkleProof2019",
}

_XSD_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")

# The proof options this verifier reads (or passes through unchanged).  The options are JSON-LD
# and signed as a graph, so an option under any other key (a full IRI such as
# ``https://w3id.org/security#expiration``, an alias) would be signed but never checked: such a
# proof is refused, naming the key, instead of being verified without it.
PROOF_FIELDS = frozenset(
    {
        "@context",
        "id",
        "type",
        "cryptosuite",
        "created",
        "expires",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
        "domain",
        "challenge",
        "nonce",
        "previousProof",
    }
)

MAX_VARIANT_RETRIES = 3  # older context editions tried after a failed signature

ProofOutcome = Literal["passed", "failed", "unsupported", "unavailable", "malformed"]


class SigningError(PortfolioError):
    """The document cannot be signed (not canonicalizable, bad key or options)."""


@dataclass(frozen=True)
class ProofResult:
    """The verdict on one proof of a (possibly multi-proof) document."""

    index: int
    suite: str  # "eddsa-rdfc-2022", "Ed25519Signature2020", or the unknown type's name
    outcome: ProofOutcome
    detail: str
    verification_method: str | None = None
    key: ResolvedKey | None = None
    context_variant: str | None = None
    expires: str | None = None  # the proof's own ``expires`` (the verifier checks the window)

    @property
    def label(self) -> str:
        return f"proof {self.index + 1} ({self.suite})"


@dataclass(frozen=True)
class ProofSetResult:
    outcome: ProofOutcome
    proofs: tuple[ProofResult, ...]
    detail: str
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def passing(self) -> tuple[ProofResult, ...]:
        return tuple(p for p in self.proofs if p.outcome == "passed")


def proof_list(doc: Mapping[str, Any]) -> list[Any]:
    proof = doc.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def unsecured_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "proof"}


def verify_proofs(
    doc: Mapping[str, Any],
    *,
    docs: DocumentSource,
    loader: ContextLoader | None = None,
    nquads: str | None = None,
) -> ProofSetResult:
    """Verify every embedded proof of ``doc`` (offline) and apply the proof-set policy.

    ``nquads``: the unsecured document's canonical N-Quads under ``loader`` when the caller
    already has them (:func:`~portfolio_app.verify.signed_graph.canonical_nquads`); the proof
    then hashes exactly the string the caller reads its values from.
    """
    loader = loader or ContextLoader.bundled()
    proofs = proof_list(doc)
    if not proofs:
        return ProofSetResult("unsupported", (), "the credential has no embedded proof")
    try:
        preflight(doc)
    except CanonicalizationError as exc:
        return ProofSetResult("malformed", (), exc.reason)
    unsecured = unsecured_document(doc)
    session = _Session(unsecured, loader, nquads)
    try:
        results = tuple(_verify_one(i, p, session, docs) for i, p in enumerate(proofs))
    except WorkLimitExceeded as exc:
        # Never pay again for another proof or variant: the document is too complex.
        return ProofSetResult("malformed", (), exc.reason)
    return _policy(results)


def _policy(results: tuple[ProofResult, ...]) -> ProofSetResult:
    facts: dict[str, str] = {"proofs": ",".join(r.suite for r in results)}
    passed = [r for r in results if r.outcome == "passed"]
    variants = {r.context_variant for r in passed if r.context_variant}
    if variants:
        facts["context_variant"] = ",".join(sorted(variants))
    if passed:
        facts["key_source"] = passed[0].key.source if passed[0].key else ""
    for outcome in ("malformed", "failed"):
        bad = [r for r in results if r.outcome == outcome]
        if bad:
            return ProofSetResult(
                bad[0].outcome, results, f"{bad[0].label}: {bad[0].detail}", facts
            )
    if passed:
        n = len(passed)
        what = "the proof is" if len(results) == 1 else f"{n} of {len(results)} proofs are"
        return ProofSetResult("passed", results, f"{what} valid", facts)
    for outcome in ("unavailable", "unsupported"):
        found = [r for r in results if r.outcome == outcome]
        if found:
            first = found[0]
            return ProofSetResult(first.outcome, results, f"{first.label}: {first.detail}", facts)
    return ProofSetResult("unsupported", results, "no proof could be checked", facts)


class _Session:
    """Canonical forms of one unsecured document, computed once per context loader."""

    def __init__(
        self, unsecured: dict[str, Any], loader: ContextLoader, nquads: str | None = None
    ) -> None:
        self.unsecured = unsecured
        self.loader = loader
        self._doc_hash: dict[int, bytes] = {}
        if nquads is not None:
            self._doc_hash[id(loader)] = hashlib.sha256(nquads.encode("utf-8")).digest()

    def doc_hash(self, loader: ContextLoader) -> bytes:
        key = id(loader)
        if key not in self._doc_hash:
            nquads = canonical_nquads(self.unsecured, loader, checked=True)
            self._doc_hash[key] = hashlib.sha256(nquads.encode("utf-8")).digest()
        return self._doc_hash[key]

    def context_urls(self) -> list[str]:
        ctx = self.unsecured.get("@context")
        items = ctx if isinstance(ctx, list) else [ctx]
        return [c for c in items if isinstance(c, str)]


def _verify_one(index: int, proof: Any, session: _Session, docs: DocumentSource) -> ProofResult:
    if not isinstance(proof, Mapping):
        return ProofResult(index, "?", "malformed", "the proof is not a JSON object")
    ptype = proof.get("type")
    suite_name = str(ptype) if isinstance(ptype, str) else "?"
    cryptosuite = proof.get("cryptosuite")
    if ptype == "DataIntegrityProof":
        if not isinstance(cryptosuite, str):
            return ProofResult(index, suite_name, "malformed", "the proof names no cryptosuite")
        suite_name = cryptosuite
        if cryptosuite not in EDDSA_CRYPTOSUITES:
            return ProofResult(
                index,
                suite_name,
                "unsupported",
                f"the cryptosuite {cryptosuite} is not one this app verifies yet",
            )
    elif ptype == "Ed25519Signature2020":
        if "cryptosuite" in proof:
            return ProofResult(
                index, suite_name, "malformed", "an Ed25519Signature2020 proof has no cryptosuite"
            )
        if ED25519_2020_CONTEXT not in session.context_urls():
            return ProofResult(
                index,
                suite_name,
                "malformed",
                f"an Ed25519Signature2020 proof needs the context {ED25519_2020_CONTEXT}",
            )
    elif isinstance(ptype, str):
        known = "a known" if ptype in KNOWN_UNSUPPORTED else "an unknown"
        return ProofResult(
            index,
            suite_name,
            "unsupported",
            f"{ptype} is {known} proof type that this app does not verify yet",
        )
    else:
        return ProofResult(index, suite_name, "malformed", "the proof has no type")

    unread = sorted(k for k in proof if not isinstance(k, str) or k not in PROOF_FIELDS)
    if unread:
        return ProofResult(
            index,
            suite_name,
            "malformed",
            f"the proof has the option '{str(unread[0])[:80]}', which this app does not read; "
            "it is signed, so checking the proof without it could miss a limit the issuer set",
        )
    vm = proof.get("verificationMethod")
    if isinstance(vm, Mapping):
        vm = vm.get("id")
    if not isinstance(vm, str) or not vm:
        return ProofResult(index, suite_name, "malformed", "the proof names no verificationMethod")
    purpose = proof.get("proofPurpose")
    if purpose != "assertionMethod":
        return ProofResult(
            index,
            suite_name,
            "failed",
            f"the proof purpose is {purpose!r}, not assertionMethod, so it does not vouch for "
            "a credential",
            vm,
        )
    created = proof.get("created")
    if created is not None and (not isinstance(created, str) or not _XSD_DATETIME.match(created)):
        return ProofResult(
            index, suite_name, "malformed", "the proof's created date is not a date-time", vm
        )
    expires = proof.get("expires")
    if expires is not None and (not isinstance(expires, str) or not _XSD_DATETIME.match(expires)):
        return ProofResult(
            index, suite_name, "malformed", "the proof's expires date is not a date-time", vm
        )
    if "previousProof" in proof:
        return ProofResult(
            index,
            suite_name,
            "unsupported",
            "proof chains (previousProof) are not verified yet",
            vm,
        )
    value = proof.get("proofValue")
    if not isinstance(value, str):
        return ProofResult(index, suite_name, "malformed", "the proof has no proofValue", vm)
    try:
        signature = decode_base58btc(value)
    except MultibaseError as exc:
        return ProofResult(index, suite_name, "malformed", f"the proofValue: {exc}", vm)
    if len(signature) != 64:
        return ProofResult(
            index,
            suite_name,
            "failed",
            f"an Ed25519 signature has 64 bytes, this proofValue has {len(signature)}",
            vm,
        )

    try:
        key = resolve_verification_method(vm, docs)
    except KeyUnavailable as exc:
        return ProofResult(index, suite_name, "unavailable", str(exc), vm)
    except KeyResolutionError as exc:
        return ProofResult(index, suite_name, "failed", f"the signing key is unusable: {exc}", vm)

    config = {k: copy.deepcopy(v) for k, v in proof.items() if k != "proofValue"}
    config["@context"] = copy.deepcopy(session.unsecured.get("@context"))

    def attempt(loader: ContextLoader) -> bool:
        return ed25519_verify(key.public_key, signature, _hash_data(config, session, loader))

    try:
        if attempt(session.loader):
            return ProofResult(
                index, suite_name, "passed", "the signature is valid", vm, key, expires=expires
            )
    except WorkLimitExceeded:
        raise
    except CanonicalizationError as exc:
        return ProofResult(index, suite_name, "malformed", exc.reason, vm)
    variants = session.loader.variants_for(session.context_urls())[:MAX_VARIANT_RETRIES]
    for variant in variants:
        derived = derived_loader(session.loader, variant.url, variant.name)
        try:
            ok = attempt(derived)
        except WorkLimitExceeded:
            raise
        except CanonicalizationError:
            continue
        if ok:
            return ProofResult(
                index,
                suite_name,
                "passed",
                f"the signature is valid with the older '{variant.name}' edition of {variant.url}",
                vm,
                key,
                variant.name,
                expires,
            )
    return ProofResult(
        index,
        suite_name,
        "failed",
        "the signature does not match: the credential was changed after it was signed, or "
        "signed with another key",
        vm,
        key,
    )


def ed25519_verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``data`` by ``public_key``.

    PyNaCl/libsodium rejects small-order and non-canonical keys and non-canonical signatures,
    which ``cryptography`` (OpenSSL) accepts in some versions: a signature that only a lenient
    library accepts must not verify here.
    """
    try:
        nacl.signing.VerifyKey(bytes(public_key)).verify(bytes(data), bytes(signature))
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError):
        return False
    except nacl.exceptions.CryptoError:
        return False
    return True


_DERIVED: dict[tuple[int, str, str], ContextLoader] = {}


def derived_loader(base: ContextLoader, url: str, name: str) -> ContextLoader:
    """``base.with_variant(url, name)``, memoised so its processed contexts stay cached."""
    key = (id(base), url, name)
    found = _DERIVED.get(key)
    if found is None:
        if len(_DERIVED) > 64:
            _DERIVED.clear()
        found = base.with_variant(url, name)
        _DERIVED[key] = found
    return found


def _hash_data(config: Mapping[str, Any], session: _Session, loader: ContextLoader) -> bytes:
    config_nquads = fastcanon.canonicalize(config, loader)
    return hashlib.sha256(config_nquads.encode("utf-8")).digest() + session.doc_hash(loader)


def hash_data(doc: Mapping[str, Any], proof: Mapping[str, Any], loader: ContextLoader) -> bytes:
    """The 64 bytes an eddsa proof signs: SHA-256(proof config) ‖ SHA-256(document)."""
    unsecured = unsecured_document(doc)
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    preflight(unsecured)
    return _hash_data(config, _Session(unsecured, loader), loader)


def format_created(moment: datetime) -> str:
    """XSD dateTime in UTC with a Z, without fractional seconds."""
    if moment.tzinfo is None:
        raise SigningError("the proof's created time must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_data_integrity(
    doc: Mapping[str, Any],
    private_key_seed: bytes,
    verification_method: str,
    *,
    cryptosuite: Literal["eddsa-rdfc-2022", "Ed25519Signature2020"] = "eddsa-rdfc-2022",
    created: datetime,
    loader: ContextLoader | None = None,
) -> dict[str, Any]:
    """Return a copy of ``doc`` with an Ed25519 proof added (a proof set if one exists).

    ``cryptosuite="Ed25519Signature2020"`` adds the ed25519-2020 context when missing (it
    defines that suite's terms).  The signature covers every other proof already present only
    as part of the document (no proof chaining).
    """
    if len(private_key_seed) != 32:
        raise SigningError("an Ed25519 private key seed has 32 bytes")
    loader = loader or ContextLoader.bundled()
    signed = copy.deepcopy(dict(doc))
    existing = proof_list(signed)
    signed.pop("proof", None)
    proof: dict[str, Any]
    if cryptosuite == "eddsa-rdfc-2022":
        proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}
    elif cryptosuite == "Ed25519Signature2020":
        ctx = signed.get("@context")
        ctx_list = list(ctx) if isinstance(ctx, list) else [ctx]
        if ED25519_2020_CONTEXT not in ctx_list:
            signed["@context"] = [*ctx_list, ED25519_2020_CONTEXT]
        proof = {"type": "Ed25519Signature2020"}
    else:
        raise SigningError(f"cannot sign with {cryptosuite}")
    proof.update(
        {
            "created": format_created(created),
            "verificationMethod": verification_method,
            "proofPurpose": "assertionMethod",
        }
    )
    try:
        data = hash_data(signed, proof, loader)
    except CanonicalizationError as exc:
        raise SigningError(f"cannot sign: {exc.reason}") from exc
    key = Ed25519PrivateKey.from_private_bytes(bytes(private_key_seed))
    proof["proofValue"] = encode_base58btc(key.sign(data))
    signed["proof"] = [*existing, proof] if existing else proof
    return signed


def public_key_from_seed(private_key_seed: bytes) -> bytes:
    """The raw 32-byte Ed25519 public key of a 32-byte seed."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(private_key_seed))
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def issuer_id(doc: Mapping[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def controller_matches(key: ResolvedKey, issuer: str) -> bool:
    """Whether a key *claims* the issuer as controller.  A claim binds nothing: use
    :func:`~portfolio_app.verify.keys.bind_key` to decide whether a key is the issuer's."""
    return key.controller.split("#", 1)[0] == issuer.split("#", 1)[0]


def passing_keys(results: Sequence[ProofResult]) -> list[ResolvedKey]:
    return [r.key for r in results if r.outcome == "passed" and r.key is not None]
