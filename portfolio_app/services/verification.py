"""Verification use cases: judge files, re-check the wallet, manage trusted documents.

The profile keeps a document cache in ``<data_dir>/documents`` (same shape as a trust bundle:
``index.json`` + files).  Verification reads it; only an explicit online request or a
``trust import`` writes to it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portfolio_app.errors import PortfolioError, RejectedInput
from portfolio_app.model import Credential
from portfolio_app.storage import Repository
from portfolio_app.verify.documents import (
    ChainedSource,
    DocumentSource,
    FolderSource,
    TrustBundleError,
)
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.fetch import fetch_for
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

DOCUMENTS_FOLDER = "documents"


@dataclass(frozen=True)
class FileVerdict:
    """One line of ``portfolio verify --json``."""

    file: Path
    verdict: Verdict
    credential: Credential | None

    def to_json(self) -> dict[str, Any]:
        cred = self.credential
        return {
            "file": str(self.file),
            "status": self.verdict.status.value,
            "summary": self.verdict.summary,
            "format": cred.format.value if cred else None,
            "issuer": cred.issuer_name if cred else None,
            "issuer_id": cred.issuer_id if cred else None,
            "achievement": cred.title if cred else None,
            "checks": [c.to_json() for c in self.verdict.checks],
            "facts": dict(self.verdict.facts),
        }


def documents_dir(data_dir: Path) -> Path:
    """The profile's document cache, created (with an empty index) on first use."""
    folder = data_dir / DOCUMENTS_FOLDER
    index = folder / "index.json"
    if not index.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _write_index(folder, {})
    return folder


def document_source(data_dir: Path, extra_bundles: Sequence[Path] = ()) -> DocumentSource:
    """One-off bundles first (``--docs``), then the profile's cache."""
    sources: list[DocumentSource] = [FolderSource(b) for b in extra_bundles]
    sources.append(FolderSource(documents_dir(data_dir)))
    return ChainedSource(sources)


def malformed_verdict(reason: str, now: datetime) -> Verdict:
    check = Check("format", Outcome.FAILED, reason)
    return decide([Status.MALFORMED], [check], checked_at=now)


def judge(
    credential: Credential,
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str] = (),
    online_cache: Path | None = None,
) -> Verdict:
    """Verify one credential; with ``online_cache`` fetch what it needs into that cache first."""
    if online_cache is not None:
        fetch_for(credential, online_cache)
        docs = ChainedSource([FolderSource(online_cache), docs])  # what was just fetched wins
    return verify_credential(
        credential, docs=docs, now=datetime.now(UTC), learner_emails=learner_emails
    )


def verify_files(
    paths: Sequence[Path],
    read: Callable[[Path], tuple[Credential, bytes]],
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str] = (),
    online_cache: Path | None = None,
) -> list[FileVerdict]:
    """Judge files without storing them. A file we cannot read is judged ``malformed``."""
    results: list[FileVerdict] = []
    for path in paths:
        try:
            credential, _original = read(path)
        except RejectedInput as exc:
            verdict = malformed_verdict(exc.reason, datetime.now(UTC))
            results.append(FileVerdict(path, verdict, None))
            continue
        verdict = judge(credential, docs, learner_emails=learner_emails, online_cache=online_cache)
        results.append(FileVerdict(path, verdict, credential))
    return results


def reverify_all(
    repo: Repository,
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str] = (),
    online_cache: Path | None = None,
) -> list[tuple[int, Verdict]]:
    """Re-check every credential in the wallet and add each verdict to its history."""
    results = []
    for stored in repo.list_credentials():
        verdict = judge(
            stored.credential, docs, learner_emails=learner_emails, online_cache=online_cache
        )
        repo.record_verdict(stored.id, verdict)
        results.append((stored.id, verdict))
    return results


@dataclass(frozen=True)
class TrustImportSummary:
    added: int
    replaced: int

    def to_json(self) -> dict[str, int]:
        return {"added": self.added, "replaced": self.replaced}


def import_trust_bundle(data_dir: Path, bundle: Path) -> TrustImportSummary:
    """Copy a trust bundle into the profile's document cache.

    The bundle is read completely first (so a broken bundle changes nothing); files are stored
    under their SHA-256 so two bundles never overwrite each other's files; for a URL present in
    both, the newer ``fetched_at`` wins.
    """
    try:
        incoming = FolderSource(bundle)
        documents = [incoming.get(url) for url in incoming.urls]
    except TrustBundleError as exc:
        raise PortfolioError(str(exc)) from exc
    target = documents_dir(data_dir)
    index = _read_index(target)
    added = replaced = 0
    for doc in documents:
        if doc is None:
            continue
        current = index.get(doc.url)
        if current is not None:
            if _parse_when(current.get("fetched_at")) >= doc.fetched_at:
                continue
            replaced += 1
        else:
            added += 1
        name = hashlib.sha256(doc.body).hexdigest() + ".json"
        _write_atomic(target / name, doc.body)
        index[doc.url] = {"file": name, "fetched_at": doc.fetched_at.isoformat()}
    _write_index(target, index)
    return TrustImportSummary(added, replaced)


def _read_index(folder: Path) -> dict[str, dict[str, str]]:
    raw = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    docs = raw.get("documents", {})
    return {
        url: (entry if isinstance(entry, dict) else {"file": entry}) for url, entry in docs.items()
    }


def _write_index(folder: Path, index: dict[str, dict[str, str]]) -> None:
    body = json.dumps({"documents": index}, indent=1, sort_keys=True).encode()
    _write_atomic(folder / "index.json", body)


def _write_atomic(path: Path, body: bytes) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_bytes(body)
    os.replace(temp, path)


def _parse_when(value: object) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.min.replace(tzinfo=UTC)


__all__ = [
    "FileVerdict",
    "TrustImportSummary",
    "document_source",
    "documents_dir",
    "import_trust_bundle",
    "judge",
    "reverify_all",
    "verify_files",
]
