"""Turn a proof's ``verificationMethod`` into a public key (Ed25519, P-256, P-384), offline.

* ``did:key`` — decoded from the identifier itself (source ``"did:key"``).
* ``did:web`` — the DID document, *only* from the :class:`DocumentSource` cache (URL per the
  did:web rules), verification method ``Multikey`` (Ed25519 ``z6Mk…``, P-256 ``zDn…``,
  P-384 ``z82…``) / ``Ed25519VerificationKey2020`` with ``publicKeyMultibase``, which must be
  listed under ``assertionMethod``
  (source ``"did-document-cache"``).
* ``https://…#frag`` — the controller (or key) document, only from the cache
  (source ``"controller-document-cache"``).  When nothing is cached and the fragment is itself
  a Multikey (``https://issuer.example#z6Mk…`` / ``#zDn…`` / ``#z82…``), that key is used to
  tell whether the credential is *intact* (source ``"key-in-id"``), never to tie it to anyone:
  it is the signer's own say-so, so :func:`bind_key` ignores it.
* anything else (``urn:uuid:…``, ``http://…``, other DID methods) cannot be resolved here:
  :class:`KeyUnavailable` (``unverifiable``), never a failed signature.

Which *suite* may use which key type is the suite's business
(:mod:`portfolio_app.verify.suites`); this module only says what the key is.

Resolving a key says nothing about *who* it belongs to.  :func:`bind_key` decides whether the
key is bound to the credential's issuer by an authority other than the signer:

* did:key issuer — the verification method must be that did:key's own key;
* did:web issuer — the key must come from that DID's own document (cached from the DID's
  did:web URL); a document elsewhere that claims ``controller: <issuer>`` proves nothing;
* https issuer — the issuer's own document, cached at the issuer id's URL, must list the
  verification method under ``assertionMethod`` (and, when it embeds the key, the same key).

:class:`KeyUnavailable` means "could not check offline" (nothing cached); a
:class:`~portfolio_app.verify.didkey.KeyResolutionError` means the key material is bad.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import unquote, urljoin

from portfolio_app.verify.didkey import (
    KeyResolutionError,
    KeyType,
    did_key_identifier,
    public_key_from_did_key,
    public_key_from_multikey,
)
from portfolio_app.verify.documents import CachedDocument, DocumentSource

KeySource = Literal["did:key", "did-document-cache", "controller-document-cache", "key-in-id"]

ED25519_VM_TYPES = ("Multikey", "Ed25519VerificationKey2020")
# Verification-method types whose publicKeyMultibase may hold which key types.
_VM_KEY_TYPES: dict[str, tuple[KeyType, ...]] = {
    "Multikey": ("Ed25519", "P-256", "P-384"),
    "Ed25519VerificationKey2020": ("Ed25519",),
}
_MULTIKEY_PREFIXES = ("z6Mk", "zDn", "z82")
MAX_KEY_DOCUMENT_BYTES = 256 * 1024

SOURCE_LABELS: dict[str, str] = {
    "did:key": "the key is the issuer's did:key identifier itself",
    "did-document-cache": "key from the issuer's cached DID document",
    "controller-document-cache": "key from the issuer's cached controller document",
    "key-in-id": "key written into its own id: shows the credential is intact, binds nothing",
}


class KeyUnavailable(KeyResolutionError):
    """The key lives on the web and no cached copy is available: could not check offline."""

    def __init__(self, reason: str, *, url: str | None = None) -> None:
        super().__init__(reason)
        self.url = url


@dataclass(frozen=True)
class ResolvedKey:
    public_key: bytes  # Ed25519: 32 raw bytes; P-256/P-384: the SEC1 compressed point
    key_type: KeyType
    controller: str
    source: KeySource
    as_of: datetime | None = None

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self.source]


def resolve_verification_method(vm: str, docs: DocumentSource) -> ResolvedKey:
    """Resolve ``vm`` to its public key without any network access."""
    if not isinstance(vm, str) or not vm:
        raise KeyResolutionError("the proof names no verification method")
    if vm.startswith("did:key:"):
        key_type, key = public_key_from_did_key(vm)
        return ResolvedKey(key, key_type, "did:key:" + did_key_identifier(vm), "did:key")
    if vm.startswith("did:web:"):
        return _resolve_did_web(vm, docs)
    if vm.startswith("did:"):
        method = vm.split(":", 2)[1]
        raise KeyUnavailable(f"keys of did:{method} identifiers cannot be resolved offline")
    if vm.startswith("https://"):
        return _resolve_https(vm, docs)
    if vm.startswith("http://"):
        raise KeyUnavailable("a plain http:// verification method cannot be resolved safely")
    raise KeyUnavailable(f"the key id '{vm[:80]}' cannot be resolved to a key")


def did_web_document_url(did: str) -> str:
    """The https URL of the DID document for ``did:web:host[:path…]`` (``%3A`` is a port)."""
    did = did.split("#", 1)[0]
    if not did.startswith("did:web:"):
        raise KeyResolutionError(f"{did} is not a did:web identifier")
    parts = did[len("did:web:") :].split(":")
    if not parts or not parts[0]:
        raise KeyResolutionError("the did:web identifier has no host")
    host = unquote(parts[0])
    if "/" in host or "@" in host or "?" in host:
        raise KeyResolutionError("the did:web host is not a plain host name")
    path = [unquote(p) for p in parts[1:]]
    if any(not p or p in {".", ".."} or "/" in p for p in path):
        raise KeyResolutionError("the did:web path is not valid")
    if path:
        return f"https://{host}/{'/'.join(path)}/did.json"
    return f"https://{host}/.well-known/did.json"


def _resolve_did_web(vm: str, docs: DocumentSource) -> ResolvedKey:
    did = vm.split("#", 1)[0]
    url = did_web_document_url(did)
    cached = docs.get(url)
    if cached is None:
        raise KeyUnavailable(
            f"the DID document of {did} is not cached; checking it needs the network", url=url
        )
    document = _parse(cached)
    if document.get("id") != did:
        raise KeyResolutionError(f"the cached DID document at {url} is not for {did}")
    return _key_in_document(document, vm, did, "did-document-cache", cached)


def _resolve_https(vm: str, docs: DocumentSource) -> ResolvedKey:
    base, _, fragment = vm.partition("#")
    cached = docs.get(vm)
    key_in_id = _key_in_id(vm, fragment)
    if cached is None:
        if key_in_id is not None:
            return key_in_id
        raise KeyUnavailable(
            f"the key document {base} is not cached; checking it needs the network", url=base
        )
    document = _parse(cached)
    if document.get("id") == vm and "publicKeyMultibase" in document:
        # A key document: its controller document must list it under assertionMethod.
        controller = document.get("controller")
        if not isinstance(controller, str) or not controller.startswith("https://"):
            raise KeyResolutionError(f"the key document {vm} names no https controller")
        controller_doc = docs.get(controller)
        if controller_doc is None:
            raise KeyUnavailable(
                f"the controller document {controller} is not cached; checking it needs the "
                "network",
                url=controller,
            )
        parsed = _parse(controller_doc)
        if parsed.get("id") != controller:
            raise KeyResolutionError(f"the cached document at {controller} is not its own")
        _require_assertion_method(parsed, vm, controller)
        key_type, key = _method_key(document, vm)
        as_of = min(cached.fetched_at, controller_doc.fetched_at)
        return ResolvedKey(key, key_type, controller, "controller-document-cache", as_of)
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or doc_id != base:
        raise KeyResolutionError(f"the cached controller document for {vm} has id {doc_id!r}")
    try:
        return _key_in_document(document, vm, base, "controller-document-cache", cached)
    except KeyResolutionError:
        if key_in_id is None:
            raise
        # The document may list the key id by reference only; whether it does is for
        # bind_key to say.  The key itself is the one written in the id.
        return key_in_id


def _key_in_id(vm: str, fragment: str) -> ResolvedKey | None:
    """The Multikey written into an https id's fragment (``#z6Mk…``, ``#zDn…``), if it is one."""
    if not fragment.startswith(_MULTIKEY_PREFIXES):
        return None
    try:
        key_type, key = public_key_from_multikey(fragment)
    except KeyResolutionError:
        return None
    return ResolvedKey(key, key_type, vm, "key-in-id")


def _key_in_document(
    document: dict[str, Any],
    vm: str,
    owner: str,
    source: KeySource,
    cached: CachedDocument,
) -> ResolvedKey:
    """The key of ``vm`` as listed (under ``assertionMethod``) in its owner's own document:
    a DID document for did:web, a controller document for an https identifier."""
    method = _find_method(document, vm, owner)
    _require_assertion_method(document, vm, owner)
    key_type, key = _method_key(method, vm)
    controller = method.get("controller", owner)
    if not isinstance(controller, str):
        raise KeyResolutionError(f"verification method {vm} has no valid controller")
    return ResolvedKey(key, key_type, controller, source, cached.fetched_at)


def _parse(cached: CachedDocument) -> dict[str, Any]:
    if len(cached.body) > MAX_KEY_DOCUMENT_BYTES:
        raise KeyResolutionError(f"the cached key document {cached.url} is too large")
    try:
        parsed = json.loads(cached.body)
    except ValueError as exc:
        raise KeyResolutionError(f"the cached key document {cached.url} is not JSON") from exc
    if not isinstance(parsed, dict):
        raise KeyResolutionError(f"the cached key document {cached.url} is not a JSON object")
    return parsed


def _same(ref: str, vm: str, base: str) -> bool:
    return (
        ref == vm
        or (ref.startswith("#") and urljoin(base, ref) == vm)
        or (ref.startswith("#") and base + ref == vm)
    )


def _find_method(document: Mapping[str, Any], vm: str, base: str) -> Mapping[str, Any]:
    candidates: list[Any] = []
    for prop in ("verificationMethod", "assertionMethod", "publicKey"):
        value = document.get(prop)
        if isinstance(value, list):
            candidates.extend(value)
        elif isinstance(value, Mapping):
            candidates.append(value)
    for entry in candidates:
        if (
            isinstance(entry, Mapping)
            and isinstance(entry.get("id"), str)
            and _same(entry["id"], vm, base)
        ):
            return entry
    raise KeyResolutionError(f"the cached document for {base} does not contain the key {vm}")


def _require_assertion_method(document: Mapping[str, Any], vm: str, base: str) -> None:
    listed = document.get("assertionMethod")
    entries = listed if isinstance(listed, list) else [listed] if listed else []
    for entry in entries:
        ref = entry.get("id") if isinstance(entry, Mapping) else entry
        if isinstance(ref, str) and _same(ref, vm, base):
            return
    raise KeyResolutionError(
        f"the key {vm} is not listed under assertionMethod, so it may not sign credentials"
    )


def _method_key(method: Mapping[str, Any], vm: str) -> tuple[KeyType, bytes]:
    kind = method.get("type")
    allowed = _VM_KEY_TYPES.get(kind) if isinstance(kind, str) else None
    if allowed is None:
        raise KeyResolutionError(
            f"verification method {vm} has type {kind!r}; only Multikey (Ed25519, P-256, "
            "P-384) and Ed25519VerificationKey2020 keys are supported"
        )
    multibase = method.get("publicKeyMultibase")
    if not isinstance(multibase, str):
        raise KeyResolutionError(f"verification method {vm} has no publicKeyMultibase")
    key_type, key = public_key_from_multikey(multibase)
    if key_type not in allowed:
        # A type that names one key kind while holding another is a contradiction, not a key.
        raise KeyResolutionError(f"verification method {vm} is a {kind} but holds a {key_type} key")
    return key_type, key


@dataclass(frozen=True)
class Binding:
    """Whether a key that produced a valid signature is bound to the named issuer.

    ``outcome``: ``"bound"``; ``"unbound"`` (nothing available ties them: unverifiable);
    ``"foreign"`` (an authority that could vouch says otherwise: a did:key issuer is another
    key, or the issuer's own cached document does not list it).
    """

    outcome: Literal["bound", "unbound", "foreign"]
    detail: str
    as_of: datetime | None = None


def bind_key(issuer: str, vm: str, key: ResolvedKey, docs: DocumentSource) -> Binding:
    """Is ``key`` (resolved from verification method ``vm``) the named ``issuer``'s key?"""
    vm_base = vm.split("#", 1)[0]
    issuer_base = issuer.split("#", 1)[0]
    unbound = (
        f"the signature is intact, but nothing ties key {vm} to issuer {issuer}; "
        "needs the issuer's document"
    )
    if issuer_base.startswith("did:key:"):
        if key.source == "did:key" and vm_base == issuer_base:
            return Binding("bound", f"the key is the issuer's did:key itself ({issuer})")
        return Binding(
            "foreign",
            f"the signature is intact, but it was made with key {vm}, not with the issuer's "
            f"own did:key ({issuer}), and a did:key vouches for no other key",
        )
    if issuer_base.startswith("did:web:"):
        if key.source == "did-document-cache" and vm_base == issuer_base:
            return Binding(
                "bound", f"key from the issuer's own cached DID document ({issuer})", key.as_of
            )
        try:
            url = did_web_document_url(issuer_base)
        except KeyResolutionError:
            return Binding("unbound", unbound)
        return Binding("unbound", f"{unbound} ({url})")
    if issuer_base.startswith("https://"):
        return _bind_https(issuer_base, vm, key, docs, unbound)
    return Binding("unbound", unbound)


def _bind_https(
    issuer: str, vm: str, key: ResolvedKey, docs: DocumentSource, unbound: str
) -> Binding:
    cached = docs.get(issuer)
    if cached is None:
        return Binding("unbound", f"{unbound} ({issuer})")
    try:
        document = _parse(cached)
    except KeyResolutionError as exc:
        return Binding("unbound", f"{unbound}: {exc}", cached.fetched_at)
    if document.get("id") != issuer:
        return Binding(
            "unbound",
            f"{unbound}: the document cached for {issuer} is not its own",
            cached.fetched_at,
        )
    try:
        _require_assertion_method(document, vm, issuer)
    except KeyResolutionError:
        return Binding(
            "foreign",
            f"the signature is intact, but the issuer's own document ({issuer}) does not list "
            f"key {vm} under assertionMethod",
            cached.fetched_at,
        )
    try:
        listed = _method_key(_find_method(document, vm, issuer), vm)
    except KeyResolutionError:
        listed = None  # listed by reference only: the key came from its own cached document
    if listed is not None and listed != (key.key_type, key.public_key):
        return Binding(
            "foreign",
            f"the issuer's document ({issuer}) lists {vm} with another public key",
            cached.fetched_at,
        )
    as_of = min(d for d in (cached.fetched_at, key.as_of) if d is not None)
    return Binding("bound", f"the issuer's own document ({issuer}) lists key {vm}", as_of)
