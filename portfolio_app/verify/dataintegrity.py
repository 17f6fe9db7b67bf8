"""Embedded Data Integrity proofs — verification and signing, whatever the suite.

The suites themselves (``eddsa-rdfc-2022``/``eddsa-2022``, ``Ed25519Signature2020``,
``ecdsa-rdfc-2019``, ``eddsa-jcs-2022``, ``ecdsa-jcs-2019``, ``ecdsa-sd-2023``) live in
:mod:`portfolio_app.verify.suites`, one module each; this module runs what every proof shares.
``ecdsa-sd-2023`` (transform ``rdfc-sd``) signs the same proof configuration, but the document
statement by statement: :func:`_verify_sd` hands its module the canonical N-Quads.
For an rdfc suite (vc-di-eddsa §3.2, vc-di-ecdsa §3.2; shared/design/FORMATS.md §4)::

    unsecured   = document without "proof"
    config      = proof without "proofValue", with config["@context"] = unsecured["@context"]
    hashData    = H(URDNA2015(config)) || H(URDNA2015(unsecured))
    suite.verify(publicKey(verificationMethod), multibase(proofValue), hashData)

where H is SHA-256, or SHA-384 for a P-384 key.  A JCS suite hashes the RFC 8785 form of the
JSON instead (see :func:`_verify_jcs` for why the proof's ``@context`` must equal the
document's).  A key of a type the suite does not sign with, or a signature of the wrong length
for the key's curve, fails the proof (``tampered``).

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
import json
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_app.errors import PortfolioError
from portfolio_app.verify import fastcanon, suites
from portfolio_app.verify.canon import CanonicalizationError, WorkLimitExceeded, preflight
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.didkey import KeyResolutionError, KeyType
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.keys import KeyUnavailable, ResolvedKey, resolve_verification_method
from portfolio_app.verify.multibase import MultibaseError, decode_base58btc, encode_base58btc
from portfolio_app.verify.signed_graph import canonical_nquads
from portfolio_app.verify.suites import SigningKey, Suite, ecdsa_sd_2023
from portfolio_app.verify.suites._ecdsa import key_type_of as ecdsa_key_type
from portfolio_app.verify.suites._ed25519 import ed25519_verify
from portfolio_app.verify.suites.ecdsa_sd_2023 import DerivedProof, SdProofError
from portfolio_app.verify.suites.ed25519_signature_2020 import ED25519_2020_CONTEXT
from portfolio_app.verify.suites.jcs import JcsError, canonical_json

DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
VC_V2 = "https://www.w3.org/ns/credentials/v2"

# Known suites / proof types we deliberately do not verify (yet), so the reason can name them.
KNOWN_UNSUPPORTED = frozenset(suites.NOT_VERIFIED) | suites.KNOWN_PROOF_TYPES

_XSD_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")

# hashlib constructors by name (``hashlib.new`` looks the name up on every call).
_HASHES = {"sha256": hashlib.sha256, "sha384": hashlib.sha384}

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
    checked: bool = False,
) -> ProofSetResult:
    """Verify every embedded proof of ``doc`` (offline) and apply the proof-set policy.

    ``nquads``: the unsecured document's canonical N-Quads under ``loader`` when the caller
    already has them (:func:`~portfolio_app.verify.signed_graph.canonical_nquads`); the proof
    then hashes exactly the string the caller reads its values from.  ``checked``: the caller
    already ran :func:`~portfolio_app.verify.canon.preflight` on this very ``doc`` (and it
    passed), so its limits are not walked a second time.
    """
    loader = loader or ContextLoader.bundled()
    proofs = proof_list(doc)
    if not proofs:
        return ProofSetResult("unsupported", (), "the credential has no embedded proof")
    try:
        if not checked:
            preflight(doc)
    except CanonicalizationError as exc:
        return ProofSetResult("malformed", (), exc.reason)
    unsecured = unsecured_document(doc)
    # The whole document passed preflight (here or by the caller): so do its proofs' options.
    session = _Session(unsecured, loader, nquads, proofs_checked=True)
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
    """Canonical forms of one unsecured document, computed once (per context loader)."""

    def __init__(
        self,
        unsecured: dict[str, Any],
        loader: ContextLoader,
        nquads: str | None = None,
        *,
        proofs_checked: bool = False,
    ) -> None:
        """``proofs_checked``: the document *with* its proofs passed
        :func:`~portfolio_app.verify.canon.preflight`.  A proof's options (the proof without
        its value, with the document's ``@context``) are made of parts of that document, so
        they are within every limit it is within: no deeper, no more containers, no other
        strings or numbers, and smaller (a signature is checked only when its ``proofValue``
        is a string, and that entry outweighs the ``@context`` entry the options may add).
        Preflight need not walk them again (``tests/test_reverify_speed_verify.py``)."""
        self.unsecured = unsecured
        self.loader = loader
        self.proofs_checked = proofs_checked
        self._nquads: dict[int, bytes] = {}
        self._hashes: dict[tuple[int, str], bytes] = {}
        self._jcs: bytes | None = None
        if nquads is not None:
            self._nquads[id(loader)] = nquads.encode("utf-8")

    def doc_nquads(self, loader: ContextLoader) -> bytes:
        """The document's canonical N-Quads under ``loader`` (UTF-8)."""
        key = id(loader)
        if key not in self._nquads:
            nquads = canonical_nquads(self.unsecured, loader, checked=True)
            self._nquads[key] = nquads.encode("utf-8")
        return self._nquads[key]

    def doc_hash(self, loader: ContextLoader, digest: str = "sha256") -> bytes:
        """``digest`` of the document's canonical N-Quads under ``loader``."""
        key = id(loader)
        found = self._hashes.get((key, digest))
        if found is None:
            found = _HASHES[digest](self.doc_nquads(loader)).digest()
            self._hashes[(key, digest)] = found
        return found

    def jcs(self) -> bytes:
        """The RFC 8785 bytes of the unsecured document (what a JCS suite signs)."""
        if self._jcs is None:
            self._jcs = canonical_json(self.unsecured)
        return self._jcs

    def context_urls(self) -> list[str]:
        ctx = self.unsecured.get("@context")
        items = ctx if isinstance(ctx, list) else [ctx]
        return [c for c in items if isinstance(c, str)]


def _suite_of(index: int, proof: Mapping[str, Any]) -> Suite | ProofResult:
    """The registered suite of ``proof``, or the result that says why there is none."""
    ptype = proof.get("type")
    if not isinstance(ptype, str):
        return ProofResult(index, "?", "malformed", "the proof has no type")
    cryptosuite = proof.get("cryptosuite")
    if ptype == "DataIntegrityProof":
        if not isinstance(cryptosuite, str):
            return ProofResult(index, ptype, "malformed", "the proof names no cryptosuite")
        suite = suites.find(ptype, cryptosuite)
        if suite is not None:
            return suite
        reason = suites.NOT_VERIFIED.get(
            cryptosuite, f"the cryptosuite {cryptosuite} is not one this app verifies yet"
        )
        return ProofResult(index, cryptosuite, "unsupported", reason)
    suite = suites.find(ptype, None)
    if suite is None:
        known = "a known" if ptype in KNOWN_UNSUPPORTED else "an unknown"
        return ProofResult(
            index,
            ptype,
            "unsupported",
            f"{ptype} is {known} proof type that this app does not verify yet",
        )
    if "cryptosuite" in proof:
        return ProofResult(index, ptype, "malformed", f"an {ptype} proof has no cryptosuite")
    return suite


def _verify_one(index: int, proof: Any, session: _Session, docs: DocumentSource) -> ProofResult:
    if not isinstance(proof, Mapping):
        return ProofResult(index, "?", "malformed", "the proof is not a JSON object")
    found = _suite_of(index, proof)
    if isinstance(found, ProofResult):
        return found
    suite = found
    name = suite.name
    if suite.required_context and suite.required_context not in session.context_urls():
        return ProofResult(
            index,
            name,
            "malformed",
            f"an {name} proof needs the context {suite.required_context}",
        )
    checked = _proof_fields(index, name, proof, suite)
    if isinstance(checked, ProofResult):
        return checked
    vm, signature, derived = checked
    try:
        key = resolve_verification_method(vm, docs)
    except KeyUnavailable as exc:
        return ProofResult(index, name, "unavailable", str(exc), vm)
    except KeyResolutionError as exc:
        return ProofResult(index, name, "failed", f"the signing key is unusable: {exc}", vm)
    if key.key_type not in suite.key_types:
        return ProofResult(
            index,
            name,
            "failed",
            f"the signing key is unusable: it is {_article(key.key_type)} {key.key_type} key, "
            f"and {name} signs with {suite.key_words()} keys",
            vm,
        )
    expected = suite.signature_lengths[key.key_type]
    if len(signature) != expected:
        return ProofResult(
            index,
            name,
            "failed",
            f"a {key.key_type} signature has {expected} bytes, this proofValue has "
            f"{len(signature)}",
            vm,
        )
    ready = _Ready(index, proof, suite, key, signature, vm, derived)
    if suite.transform == "jcs":
        return _verify_jcs(ready, session)
    if suite.transform == "rdfc-sd":
        return _verify_sd(ready, session)
    return _verify_rdfc(ready, session)


@dataclass(frozen=True)
class _Ready:
    """A proof whose shared checks passed: what its suite needs to check the signature."""

    index: int
    proof: Mapping[str, Any]
    suite: Suite
    key: ResolvedKey
    signature: bytes
    vm: str
    derived: DerivedProof | None = None  # a derived ecdsa-sd-2023 proof's components


def _expires(proof: Mapping[str, Any]) -> str | None:
    """The proof's own ``expires`` (already checked to be a date-time by ``_proof_fields``)."""
    value = proof.get("expires")
    return value if isinstance(value, str) else None


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"


def _proof_fields(
    index: int, name: str, proof: Mapping[str, Any], suite: Suite
) -> tuple[str, bytes, DerivedProof | None] | ProofResult:
    """The checks every proof shares: (verification method, signature bytes, the derived
    proof's components for ecdsa-sd-2023) or why not."""
    unread = sorted(str(k) for k in proof if not isinstance(k, str) or k not in PROOF_FIELDS)
    if unread:
        return ProofResult(
            index,
            name,
            "malformed",
            f"the proof has the option '{unread[0][:80]}', which this app does not read; "
            "it is signed, so checking the proof without it could miss a limit the issuer set",
        )
    vm = proof.get("verificationMethod")
    if isinstance(vm, Mapping):
        vm = vm.get("id")
    if not isinstance(vm, str) or not vm:
        return ProofResult(index, name, "malformed", "the proof names no verificationMethod")
    purpose = proof.get("proofPurpose")
    if purpose != "assertionMethod":
        return ProofResult(
            index,
            name,
            "failed",
            f"the proof purpose is {purpose!r}, not assertionMethod, so it does not vouch for "
            "a credential",
            vm,
        )
    created = proof.get("created")
    if created is not None and (not isinstance(created, str) or not _XSD_DATETIME.match(created)):
        return ProofResult(
            index, name, "malformed", "the proof's created date is not a date-time", vm
        )
    expires = proof.get("expires")
    if expires is not None and (not isinstance(expires, str) or not _XSD_DATETIME.match(expires)):
        return ProofResult(
            index, name, "malformed", "the proof's expires date is not a date-time", vm
        )
    if "previousProof" in proof:
        return ProofResult(
            index, name, "unsupported", "proof chains (previousProof) are not verified yet", vm
        )
    value = proof.get("proofValue")
    if not isinstance(value, str):
        return ProofResult(index, name, "malformed", "the proof has no proofValue", vm)
    if suite.transform == "rdfc-sd":
        try:
            derived = ecdsa_sd_2023.parse_proof_value(value)
        except SdProofError as exc:
            return ProofResult(index, name, exc.outcome, exc.reason, vm)
        return vm, derived.base_signature, derived
    try:
        signature = decode_base58btc(value)
    except MultibaseError as exc:
        return ProofResult(index, name, "malformed", f"the proofValue: {exc}", vm)
    if len(signature) not in suite.lengths:
        words = " or ".join(str(n) for n in suite.lengths)
        kind = "an Ed25519" if suite.key_types == ("Ed25519",) else f"a {name}"
        return ProofResult(
            index,
            name,
            "failed",
            f"{kind} signature has {words} bytes, this proofValue has {len(signature)}",
            vm,
        )
    return vm, signature, None


_MISMATCH = (
    "the signature does not match: the credential was changed after it was signed, or "
    "signed with another key"
)


def _verify_rdfc(ready: _Ready, session: _Session) -> ProofResult:
    suite, key = ready.suite, ready.key
    digest = suite.digest(key.key_type)
    # Not copied: canonical_options only reads it, and copies it before canonicalizing.
    config = proof_options(ready.proof, session.unsecured)

    def attempt(loader: ContextLoader) -> str | None:
        data = _hash_data(config, session, loader, digest)
        ok = suite.verify(key.key_type, key.public_key, ready.signature, data)
        return None if ok else _MISMATCH

    return _attempt_with_variants(ready, session, attempt)


def _verify_sd(ready: _Ready, session: _Session) -> ProofResult:
    """A derived ``ecdsa-sd-2023`` proof: the base signature covers the proof configuration,
    the proof's own key and the mandatory statements; that key signs each other statement
    (see :mod:`portfolio_app.verify.suites.ecdsa_sd_2023`).  The statements are the
    document's canonical N-Quads, the string the signed-graph reader parses, so the graph
    shown is the disclosed one.  Context variants are retried as for any rdfc proof."""
    derived, key = ready.derived, ready.key
    assert derived is not None
    config = _rdfc_config(ready.proof, session)

    def attempt(loader: ContextLoader) -> str | None:
        config_nquads = fastcanon.canonicalize(config, loader)
        proof_hash = hashlib.sha256(config_nquads.encode("utf-8")).digest()
        nquads = session.doc_nquads(loader).decode("utf-8")
        return ecdsa_sd_2023.check_derived(
            derived, nquads, proof_hash, key.key_type, key.public_key
        )

    return _attempt_with_variants(ready, session, attempt)


def proof_options(proof: Mapping[str, Any], unsecured: Mapping[str, Any]) -> dict[str, Any]:
    """What an rdfc proof signs besides the document: the proof without its value, with the
    document's ``@context`` (the values themselves, not copies)."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    return config


def _rdfc_config(proof: Mapping[str, Any], session: _Session) -> dict[str, Any]:
    """The proof options an rdfc proof signs: the proof without its value, with the
    document's ``@context``."""
    config = {k: copy.deepcopy(v) for k, v in proof.items() if k != "proofValue"}
    config["@context"] = copy.deepcopy(session.unsecured.get("@context"))
    return config


def _attempt_with_variants(
    ready: _Ready, session: _Session, attempt: Callable[[ContextLoader], str | None]
) -> ProofResult:
    """Run ``attempt`` (``None`` when the signature is valid, else why not) with the
    document's contexts, then with at most :data:`MAX_VARIANT_RETRIES` older editions."""
    index, proof, key, vm = ready.index, ready.proof, ready.key, ready.vm
    name = ready.suite.name
    try:
        failure = attempt(session.loader)
        if failure is None:
            return ProofResult(
                index, name, "passed", "the signature is valid", vm, key, expires=_expires(proof)
            )
    except WorkLimitExceeded:
        raise
    except CanonicalizationError as exc:
        return ProofResult(index, name, "malformed", exc.reason, vm)
    variants = session.loader.variants_for(session.context_urls())[:MAX_VARIANT_RETRIES]
    for variant in variants:
        derived = derived_loader(session.loader, variant.url, variant.name)
        try:
            ok = attempt(derived) is None
        except WorkLimitExceeded:
            raise
        except CanonicalizationError:
            continue
        if ok:
            return ProofResult(
                index,
                name,
                "passed",
                f"the signature is valid with the older '{variant.name}' edition of {variant.url}",
                vm,
                key,
                variant.name,
                _expires(proof),
            )
    return ProofResult(index, name, "failed", failure, vm, key)


def _verify_jcs(ready: _Ready, session: _Session) -> ProofResult:
    """A JCS suite signs the JSON text of the document (without ``proof``).

    The spec lets a proof carry its own ``@context`` that need only be a *prefix* of the
    document's, and then signs the document with the proof's ``@context`` in place of its
    own: later contexts in the document would then change the graph the app reads without
    being signed.  Here the proof's ``@context``, when present, must equal the document's, so
    the signed JSON *is* the unsecured document and its JSON-LD graph (read with the bundled,
    hash-pinned contexts, undefined terms refused) is what is shown.  No context variants are
    tried: the signature does not depend on context contents.
    """
    index, proof, suite, key, signature, vm = (
        ready.index,
        ready.proof,
        ready.suite,
        ready.key,
        ready.signature,
        ready.vm,
    )
    name = suite.name
    document_context = session.unsecured.get("@context")
    if "@context" in proof and proof["@context"] != document_context:
        return ProofResult(
            index,
            name,
            "failed",
            "the proof's @context differs from the credential's, so the contexts the "
            "credential is read with were not all signed",
            vm,
        )
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    digest = suite.digest(key.key_type)
    try:
        data = _jcs_hash_data(config, session, digest)
    except JcsError as exc:
        return ProofResult(index, name, "malformed", str(exc), vm)
    if suite.verify(key.key_type, key.public_key, signature, data):
        return ProofResult(
            index, name, "passed", "the signature is valid", vm, key, expires=_expires(proof)
        )
    return ProofResult(index, name, "failed", _MISMATCH, vm, key)


def _jcs_hash_data(config: Mapping[str, Any], session: _Session, digest: str) -> bytes:
    config_hash = _HASHES[digest](canonical_json(config)).digest()
    return config_hash + _HASHES[digest](session.jcs()).digest()


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


def _hash_data(
    config: Mapping[str, Any], session: _Session, loader: ContextLoader, digest: str = "sha256"
) -> bytes:
    config_nquads = canonical_options(config, loader, checked=session.proofs_checked)
    config_hash = _HASHES[digest](config_nquads.encode("utf-8")).digest()
    return config_hash + session.doc_hash(loader, digest)


def canonical_options(
    config: Mapping[str, Any], loader: ContextLoader, *, checked: bool = False
) -> str:
    """Canonical N-Quads of a proof's options (the proof without its value, with the
    document's ``@context``): exactly ``fastcanon.canonicalize(config, loader)``.

    Why remembered: one issuer signs a wallet's credentials with the same options (type,
    cryptosuite, created, key, purpose), so ``reverify`` canonicalized the same few hundred
    bytes once per credential, a tenth of its time.  The key is the SHA-256 of the options'
    exact JSON text, per context loader (weakly held, as for the documents'
    :func:`~portfolio_app.verify.signed_graph.canonical_nquads`): options that differ in any
    byte, or are read with other contexts (an older edition retried), have another key and
    are canonicalized afresh.  The value is a string (immutable); refusals are not kept, so
    they are raised afresh, as before.  Only what is signed is cached: the signature itself
    is checked every time.

    ``checked``: the options are parts of a document that passed
    :func:`~portfolio_app.verify.canon.preflight` (see ``_Session``), so they pass it too.
    """
    if not checked:
        preflight(config)  # the same refusals, before the JSON text is made
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _OPTIONS_LOCK:
        recent = _OPTIONS.get(loader)
        found = recent.get(key) if recent is not None else None
        if found is not None:
            assert recent is not None
            recent.move_to_end(key)
            return found
    # A copy, as the proof's own options must not be touched by the JSON-LD processor.
    found = fastcanon.canonicalize(copy.deepcopy(dict(config)), loader, checked=True)
    with _OPTIONS_LOCK:
        recent = _OPTIONS.setdefault(loader, OrderedDict())
        recent[key] = found
        while len(recent) > _OPTIONS_SIZE:
            recent.popitem(last=False)
    return found


# Canonical proof options by loader and SHA-256 of their JSON text (see canonical_options).
_OPTIONS_SIZE = 64
_OPTIONS: weakref.WeakKeyDictionary[ContextLoader, OrderedDict[str, str]]
_OPTIONS = weakref.WeakKeyDictionary()
_OPTIONS_LOCK = threading.Lock()


def hash_data(
    doc: Mapping[str, Any],
    proof: Mapping[str, Any],
    loader: ContextLoader,
    digest: str = "sha256",
) -> bytes:
    """The bytes an rdfc proof signs: H(proof config) ‖ H(document), H = ``digest``."""
    unsecured = unsecured_document(doc)
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    preflight(unsecured)
    return _hash_data(config, _Session(unsecured, loader), loader, digest)


def jcs_hash_data(doc: Mapping[str, Any], proof: Mapping[str, Any], digest: str) -> bytes:
    """The bytes a JCS proof signs: H(JCS(proof config)) ‖ H(JCS(document without proof))."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    session = _Session(unsecured_document(doc), ContextLoader.bundled())
    return _jcs_hash_data(config, session, digest)


def format_created(moment: datetime) -> str:
    """XSD dateTime in UTC with a Z, without fractional seconds."""
    if moment.tzinfo is None:
        raise SigningError("the proof's created time must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_data_integrity(
    doc: Mapping[str, Any],
    private_key: SigningKey,
    verification_method: str,
    *,
    cryptosuite: str = "eddsa-rdfc-2022",
    created: datetime,
    loader: ContextLoader | None = None,
) -> dict[str, Any]:
    """Return a copy of ``doc`` with a proof of suite ``cryptosuite`` added (a proof set if one
    exists).  For tests, benchmarks and the learner's own documents; never used to verify.

    ``private_key``: a 32-byte Ed25519 seed, or a P-256 / P-384 private key for the ecdsa
    suites.  ``cryptosuite="Ed25519Signature2020"`` adds the ed25519-2020 context when missing
    (it defines that suite's terms).  JCS proofs carry the document's ``@context``, as the
    W3C vectors do.  The signature covers every other proof already present only as part of
    the document (no proof chaining).
    """
    try:
        suite = suites.suite_named(cryptosuite)
    except KeyError:
        raise SigningError(f"cannot sign with {cryptosuite}") from None
    if suite.key_types == ("Ed25519",):
        if not isinstance(private_key, bytes) or len(private_key) != 32:
            raise SigningError("an Ed25519 private key seed has 32 bytes")
        key_type: KeyType = "Ed25519"
    elif isinstance(private_key, ec.EllipticCurvePrivateKey):
        try:
            key_type = ecdsa_key_type(private_key)
        except ValueError as exc:
            raise SigningError(str(exc)) from exc
    else:
        raise SigningError(f"{cryptosuite} signs with a P-256 or P-384 private key")
    loader = loader or ContextLoader.bundled()
    signed = copy.deepcopy(dict(doc))
    existing = proof_list(signed)
    signed.pop("proof", None)
    proof: dict[str, Any]
    if suite.has_cryptosuite:
        proof = {"type": suite.proof_type, "cryptosuite": suite.name}
    else:
        proof = {"type": suite.proof_type}
    if suite.required_context:
        ctx = signed.get("@context")
        ctx_list = list(ctx) if isinstance(ctx, list) else [ctx]
        if suite.required_context not in ctx_list:
            signed["@context"] = [*ctx_list, suite.required_context]
    proof.update(
        {
            "created": format_created(created),
            "verificationMethod": verification_method,
            "proofPurpose": "assertionMethod",
        }
    )
    if key_type not in suite.key_types:
        raise SigningError(f"{cryptosuite} signs with {suite.key_words()} keys, not {key_type}")
    digest = suite.digest(key_type)
    try:
        if suite.transform == "rdfc-sd":
            proof["proofValue"] = _sign_sd(signed, proof, private_key, loader)
        elif suite.transform == "jcs":
            proof["@context"] = copy.deepcopy(signed.get("@context"))
            data = jcs_hash_data(signed, proof, digest)
        else:
            data = hash_data(signed, proof, loader, digest)
    except CanonicalizationError as exc:
        raise SigningError(f"cannot sign: {exc.reason}") from exc
    except JcsError as exc:
        raise SigningError(f"cannot sign: {exc}") from exc
    if suite.transform != "rdfc-sd":
        proof["proofValue"] = encode_base58btc(suite.sign(private_key, data))
    signed["proof"] = [*existing, proof] if existing else proof
    return signed


def _sign_sd(
    doc: Mapping[str, Any], proof: Mapping[str, Any], private_key: SigningKey, loader: ContextLoader
) -> str:
    """A derived ecdsa-sd-2023 proofValue disclosing all of ``doc`` (the statements
    :func:`~portfolio_app.verify.suites.ecdsa_sd_2023.mandatory_by_default` names are
    mandatory): what an issuer's base proof and a holder disclosing everything would make."""
    unsecured = unsecured_document(doc)
    preflight(unsecured)
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    proof_hash = hashlib.sha256(fastcanon.canonicalize(config, loader).encode("utf-8")).digest()
    nquads = canonical_nquads(unsecured, loader, checked=True)
    derived = ecdsa_sd_2023.sign_derived(
        nquads, proof_hash, private_key, mandatory=ecdsa_sd_2023.mandatory_by_default
    )
    return ecdsa_sd_2023.serialize_derived(derived)


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


__all__ = [
    "ED25519_2020_CONTEXT",
    "KNOWN_UNSUPPORTED",
    "MAX_VARIANT_RETRIES",
    "ProofResult",
    "ProofSetResult",
    "SigningError",
    "controller_matches",
    "derived_loader",
    "ed25519_verify",
    "format_created",
    "hash_data",
    "issuer_id",
    "jcs_hash_data",
    "passing_keys",
    "proof_list",
    "public_key_from_seed",
    "sign_data_integrity",
    "unsecured_document",
    "verify_proofs",
]
