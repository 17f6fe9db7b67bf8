"""The one place that goes online — and only when the learner asks ("check online now").

:func:`fetch_for` works out which documents a credential's verification needs, downloads them
and writes them into a document cache folder of the shape :class:`~.documents.FolderSource`
reads (``index.json`` + one file per URL, with ``fetched_at``).  Verification itself never
calls this module: run :func:`fetch_for`, then verify again with the refreshed cache.

What is fetched (following references found in each downloaded document, up to
:data:`MAX_DOCUMENTS`):

* OB 2.0: the hosted assertion (its ``id``), the BadgeClass, the issuer Profile, its
  ``publicKey`` documents and ``revocationList``, ``verification.creator``;
* VC / OB 3.0 / CLR: did:web DID documents and https key/controller documents for proof
  verification methods and VC-JWT ``kid`` values, status-list credentials
  (``statusListCredential``) and 1EdTech revocation lists (``credentialStatus.id``);
* Europass and PDF certificates: nothing (trust lists are not fetched here).

Rules: ``http``/``https`` only; redirects only within http(s) and never from https down to
http; 5 MB per document; a timeout per request; optional host allow-list.  ``410 Gone`` is
recorded as such (an OB 2.0 hosted badge the issuer revoked).  Failures of single documents are
logged and skipped; the returned list holds what was stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from portfolio_app.errors import PortfolioError
from portfolio_app.formats.common import as_list
from portfolio_app.fsutil import atomic_write
from portfolio_app.model import Credential, CredentialFormat
from portfolio_app.verify._common import ContentError, first_id, load_json
from portfolio_app.verify.canon import CanonicalizationError
from portfolio_app.verify.didkey import KeyResolutionError
from portfolio_app.verify.documents import MAX_DOCUMENT_BYTES, CachedDocument
from portfolio_app.verify.jws import b64url_decode, looks_like_compact_jws
from portfolio_app.verify.keys import did_web_document_url
from portfolio_app.verify.signed_graph import SignedGraphError, read_signed_credential

log = logging.getLogger(__name__)

MAX_DOCUMENTS = 25
USER_AGENT = "LearnerPortfolio/0.1 (credential verification)"
ACCEPT = "application/ld+json, application/json;q=0.9, */*;q=0.1"


class FetchError(PortfolioError):
    """One document could not be fetched (one sentence, names the URL)."""


def fetch_for(
    credential: Credential,
    target_cache_dir: Path,
    *,
    timeout: float = 10,
    allow_hosts: Collection[str] | None = None,
) -> list[CachedDocument]:
    """Download what verifying ``credential`` needs into ``target_cache_dir``; return it."""
    queue: deque[str] = deque(initial_urls(credential))
    seen: set[str] = set()
    stored: list[CachedDocument] = []
    while queue and len(seen) < MAX_DOCUMENTS:
        url = queue.popleft().split("#", 1)[0]
        if url in seen:
            continue
        seen.add(url)
        try:
            document = download(url, timeout=timeout, allow_hosts=allow_hosts)
        except FetchError as exc:
            log.warning("%s", exc)
            continue
        stored.append(document)
        if document.status == 200:
            try:
                parsed = load_json(document.body, what=url)
            except ContentError:
                continue
            queue.extend(u for u in references(parsed, top_level=False) if u not in seen)
    write_cache(target_cache_dir, stored)  # even when empty: the folder is then a valid cache
    return stored


def initial_urls(credential: Credential) -> list[str]:
    """The documents the credential itself points at (before anything is fetched)."""
    fmt = credential.format
    payload = (credential.payload or "").strip()
    if fmt in (CredentialFormat.PDF_CERTIFICATE, CredentialFormat.EUROPASS_EDC) or not payload:
        return []
    urls: list[str] = []
    document: Any = None
    if looks_like_compact_jws(payload):
        header_b64, payload_b64, _ = payload.split(".")
        try:
            header = load_json(b64url_decode(header_b64), what="the token header")
            document = load_json(b64url_decode(payload_b64), what="the token payload")
        except ContentError:
            return []
        if isinstance(header, Mapping) and isinstance(header.get("kid"), str):
            urls.extend(_key_urls(header["kid"]))
        if isinstance(document, Mapping) and isinstance(document.get("vc"), Mapping):
            document = document["vc"]
    elif payload.startswith(("https://", "http://")) and "{" not in payload:
        return [payload]  # legacy hosted badge: just the URL
    else:
        try:
            document = load_json(payload, what="the credential")
        except ContentError:
            return []
    hosted = fmt is CredentialFormat.OB2_HOSTED and not looks_like_compact_jws(payload)
    urls.extend(references(document, top_level=True, hosted=hosted))
    urls.extend(signed_references(document))
    return list(dict.fromkeys(urls))


def signed_references(document: Any) -> list[str]:
    """The issuer's document and status lists as the *signed graph* of a JSON-LD credential
    names them.

    The verifier reads issuer and status entries from the graph, not from JSON keys, so a
    status entry hidden from the JSON (under ``@nest``, a full IRI, …) is still checked; the
    fetcher must read the same way or that entry's list would never be fetched and the
    credential would stay "revocation not checked" forever.  A document whose graph cannot be
    built adds nothing here (it can never verify).
    """
    if not isinstance(document, Mapping) or "proof" not in document:
        return []
    try:
        reading = read_signed_credential(document)
    except (CanonicalizationError, SignedGraphError):
        return []
    urls = list(reading.status_urls())
    if reading.issuer_id.startswith("did:web:"):
        urls.extend(_key_urls(reading.issuer_id))
    elif reading.issuer_id.startswith("https://"):
        urls.append(reading.issuer_id.split("#", 1)[0])
    return urls


def references(document: Any, *, top_level: bool, hosted: bool = False) -> list[str]:
    """URLs of the documents ``document`` needs for verification (see module docstring)."""
    if not isinstance(document, Mapping):
        return []
    urls: list[str] = []
    types = as_list(document.get("type"))
    if "Assertion" in types:
        if hosted and top_level:
            urls.extend(_http(document.get("id")))
        urls.extend(_http(document.get("badge")))
        verification = document.get("verification")
        if isinstance(verification, Mapping):
            urls.extend(_http(verification.get("creator")))
        badge = document.get("badge")
        if isinstance(badge, Mapping):
            urls.extend(references(badge, top_level=False))
    if "BadgeClass" in types:
        urls.extend(_http(document.get("issuer")))
        issuer = document.get("issuer")
        if isinstance(issuer, Mapping):
            urls.extend(references(issuer, top_level=False))
    if {"Issuer", "Profile"} & set(types):
        for key in as_list(document.get("publicKey")):
            urls.extend(_http(key))
        urls.extend(_http(document.get("revocationList")))
    if "CryptographicKey" in types:
        urls.extend(_http(document.get("owner")))
    # Verifiable credentials (OB 3.0, CLR 2.0, status-list credentials)
    for proof in as_list(document.get("proof")):
        if isinstance(proof, Mapping) and isinstance(proof.get("verificationMethod"), str):
            urls.extend(_key_urls(proof["verificationMethod"]))
    issuer_id = first_id(document.get("issuer"))
    if issuer_id and issuer_id.startswith("did:web:"):
        urls.extend(_key_urls(issuer_id))
    elif issuer_id and "credentialSubject" in document:
        # A VC's https issuer binds its keys only through its own document at its id.
        urls.extend(_http(issuer_id))
    for entry in as_list(document.get("credentialStatus")):
        if not isinstance(entry, Mapping):
            continue
        urls.extend(_http(entry.get("statusListCredential")))
        if entry.get("type") == "1EdTechRevocationList":
            urls.extend(_http(entry.get("id")))
    subject = document.get("credentialSubject")
    for sub in as_list(subject):
        if isinstance(sub, Mapping):
            for nested in as_list(sub.get("verifiableCredential")):
                urls.extend(references(nested, top_level=False))
    return list(dict.fromkeys(urls))


def _http(value: Any) -> list[str]:
    ident = first_id(value)
    if ident and urlsplit(ident).scheme in ("http", "https"):
        return [ident.split("#", 1)[0]]
    return []


def _key_urls(key_id: str) -> list[str]:
    if key_id.startswith("did:web:"):
        try:
            return [did_web_document_url(key_id)]
        except KeyResolutionError:
            return []
    return _http(key_id)


# --------------------------------------------------------------------------- downloading


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within http(s), never https → http, only to allowed hosts."""

    def __init__(self, allow_hosts: Collection[str] | None) -> None:
        super().__init__()
        self.allow_hosts = allow_hosts

    def redirect_request(  # noqa: PLR0917 - the signature urllib calls
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        old_scheme = urlsplit(req.full_url).scheme
        new = urlsplit(newurl)
        if new.scheme not in ("http", "https") or (old_scheme == "https" and new.scheme == "http"):
            raise FetchError(f"{req.full_url}: refused a redirect to {new.scheme}:")
        if not _host_allowed(newurl, self.allow_hosts):
            raise FetchError(f"{req.full_url}: refused a redirect to {new.hostname}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _host_allowed(url: str, allow_hosts: Collection[str] | None) -> bool:
    return allow_hosts is None or (urlsplit(url).hostname or "") in allow_hosts


def download(
    url: str, *, timeout: float = 10, allow_hosts: Collection[str] | None = None
) -> CachedDocument:
    """GET one document (http/https, ≤ 5 MB); ``410 Gone`` comes back with ``status=410``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not _host_allowed(url, allow_hosts):
        raise FetchError(f"{url}: host {parts.hostname} is not in the allowed list")
    opener = urllib.request.build_opener(_SafeRedirects(allow_hosts))
    request = urllib.request.Request(  # noqa: S310 - scheme checked just above
        url, headers={"Accept": ACCEPT, "User-Agent": USER_AGENT}
    )
    now = datetime.now(UTC)
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_DOCUMENT_BYTES:
                raise FetchError(f"{url}: document larger than 5 MB")
            body = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 410:
            return CachedDocument(url, b"", now, status=410)
        raise FetchError(f"{url}: the server answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: could not fetch ({reason})") from exc
    if len(body) > MAX_DOCUMENT_BYTES:
        raise FetchError(f"{url}: document larger than 5 MB")
    return CachedDocument(url, body, now)


# --------------------------------------------------------------------------- the cache folder


def write_cache(folder: Path, documents: Iterable[CachedDocument]) -> None:
    """Add ``documents`` to the cache folder (creating it), keeping other entries."""
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / "index.json"
    entries: dict[str, Any] = {}
    kept: dict[str, Any] = {}  # other index keys (the trust files' "registries") stay as they are
    if index_path.exists():
        try:
            raw = json.loads(index_path.read_text(encoding="utf-8"))
            if isinstance(raw, Mapping) and isinstance(raw.get("documents"), Mapping):
                entries = dict(raw["documents"])
                kept = {k: v for k, v in raw.items() if k != "documents"}
        except (OSError, ValueError):
            log.warning("%s: unreadable cache index replaced", index_path)
    for doc in documents:
        stamp = doc.fetched_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        entry: dict[str, Any] = {"fetched_at": stamp}
        if doc.status != 200:
            entry["status"] = doc.status
        else:
            name = hashlib.sha256(doc.url.encode("utf-8")).hexdigest()[:32] + ".json"
            atomic_write(folder / name, doc.body)
            entry["file"] = name
        entries[doc.url] = entry
    text = json.dumps({**kept, "documents": entries}, indent=2, sort_keys=True)
    atomic_write(index_path, text.encode("utf-8"))
