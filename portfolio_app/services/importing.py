"""The import use case: files and folders in, credentials (or one-line refusals) out.

Each file is read (size-capped), its badge extracted, parsed and verified, and only then
stored — blob, row and first verdict together or not at all, under a savepoint of its own.
Files are committed in groups (:class:`~portfolio_app.storage.batch.WriteBatch`: every 200 ms
or 100 credentials, and always between files, so a crash leaves each file wholly in or wholly
out); a group costs one sync, where a transaction per file cost six.  A bad file never stops
the others and never leaves anything behind.  A profile that cannot take any write (disk
full, read-only, in use by another process) does stop the import: the file being stored says
why, the ones after it say they were not tried, and the ones before stay — unless the same
failure also refused their group's commit, and then each of those says so too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from portfolio_app.errors import (
    DuplicateCredential,
    PortfolioError,
    ProfileError,
    RejectedInput,
    StorageFull,
)
from portfolio_app.formats import parse
from portfolio_app.formats.parse import parse_all
from portfolio_app.formats.registry import (
    PRESENTATION_HOLDER,
    PRESENTATION_ID,
    unsupported_reason,
)
from portfolio_app.ingest import DEFAULT_MAX_BYTES, extract, read_file
from portfolio_app.ingest.extract import Extracted
from portfolio_app.ingest.jsonsafe import safe_json_loads
from portfolio_app.ingest.skip import expand
from portfolio_app.model import Container, Credential
from portfolio_app.storage import Repository
from portfolio_app.storage.batch import BatchLost, WriteBatch
from portfolio_app.verify.presentation import presentation_proof_note
from portfolio_app.verify.verdict import Verdict

ProgressCallback = Callable[[int, int, Path], None]
CancelCheck = Callable[[], bool]
Judge = Callable[[Credential], Verdict]

NOT_TRIED = "not imported: the profile could not be written (see the file above)"
NOT_COMMITTED = "not imported: the profile could not be written ({why})"


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # found in a folder and plainly not a credential (see ingest.skip)
    CACHED = "cached"  # a document verification needs (key, profile, status list): cached


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file; ``message`` is one line a learner can read."""

    path: Path
    status: ImportStatus
    message: str
    credential_id: int | None = None

    @property
    def line(self) -> str:
        return f"{self.path.name}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "status": self.status.value,
            "message": self.message,
            "id": self.credential_id,
        }


@dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[ImportOutcome, ...]

    def count(self, status: ImportStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def any_rejected(self) -> bool:
        return self.count(ImportStatus.REJECTED) > 0

    @property
    def cancelled(self) -> bool:
        return self.count(ImportStatus.CANCELLED) > 0

    @property
    def skipped_names(self) -> list[str]:
        """Names of the files skipped as plainly not credentials, for one summary line."""
        return [o.path.name for o in self.outcomes if o.status is ImportStatus.SKIPPED]


def read_credential(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Credential, bytes]:
    """Read, extract and parse one file; raises :class:`RejectedInput` with the reason."""
    data = read_file(path, max_bytes)
    return parse(extract(path.name, data), file_name=path.name), data


def read_credentials(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[tuple[Credential, bytes]], str]:
    """Every credential in one file, each with the bytes kept as its original, and a note.

    A plain file gives one credential whose original is the file.  A Verifiable Presentation
    gives each credential inside with its own text as its original (each is its own entry in
    the wallet, and its proof covers that text, not the envelope); the note then says what
    the presentation's own proof showed.
    """
    data = read_file(path, max_bytes)
    return credentials_in(path, data, extract(path.name, data))


def credentials_in(
    path: Path, data: bytes, extracted: Extracted
) -> tuple[list[tuple[Credential, bytes]], str]:
    """:func:`read_credentials` for a file already read and extracted."""
    found = parse_all(extracted, file_name=path.name)
    if not any(PRESENTATION_HOLDER in c.extra or PRESENTATION_ID in c.extra for c in found):
        return [(c, data) for c in found], ""
    note = presentation_proof_note(extracted.payload)
    return [(c, c.payload.encode("utf-8")) for c in found], note


def import_paths(
    repo: Repository,
    paths: Sequence[Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    judge: Judge | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    documents: Path | None = None,
) -> ImportReport:
    """Import every file under ``paths``; folders are walked recursively.

    ``judge`` verifies each credential before it is stored, so its first verdict is committed
    with it.  ``documents`` is the profile's document cache: status lists, keys, issuer
    profiles and DID documents found among the files go there instead of the wallet (without
    it they are refused as before).  ``cancelled`` is polled between files: cancelling keeps
    what was imported so far (each file is complete on its own) and marks the rest as not
    imported.
    """
    entries, skipped = expand(paths)
    outcomes: list[ImportOutcome] = [
        ImportOutcome(path, ImportStatus.SKIPPED, "skipped: not a credential") for path in skipped
    ]
    with repo.write_batch() as batch:
        pending: list[int] = []  # outcomes of files stored since the batch's last commit
        for index, entry in enumerate(entries):
            path = _path_of(entry)
            if cancelled is not None and cancelled():
                if _commit(batch, outcomes, pending):
                    outcomes.extend(_cancelled(entries[index:]))
                else:
                    outcomes.extend(_not_tried(entries[index:]))
                break
            if progress is not None:
                progress(index, len(entries), path)
            if isinstance(entry, tuple):
                outcomes.append(ImportOutcome(path, ImportStatus.REJECTED, entry[1].reason))
                continue
            try:
                found = _import_one(batch, path, max_bytes, judge, documents)
            except (ProfileError, StorageFull) as exc:
                outcomes.append(ImportOutcome(path, ImportStatus.REJECTED, str(exc)))
                _commit(batch, outcomes, pending)
                outcomes.extend(_not_tried(entries[index + 1 :]))
                return ImportReport(tuple(outcomes))
            pending.extend(range(len(outcomes), len(outcomes) + len(found)))
            outcomes.extend(found)
            if batch.due() and not _commit(batch, outcomes, pending):
                outcomes.extend(_not_tried(entries[index + 1 :]))
                return ImportReport(tuple(outcomes))
        else:
            _commit(batch, outcomes, pending)
    if progress is not None and entries and not (cancelled and cancelled()):
        progress(len(entries), len(entries), _path_of(entries[-1]))
    return ImportReport(tuple(outcomes))


def _commit(batch: WriteBatch, outcomes: list[ImportOutcome], pending: list[int]) -> bool:
    """Commit the files stored since the last commit; if that fails, each of them says it was
    not imported after all, and why.  Returns False when the profile takes no more writes
    (full, read-only, busy), True otherwise: an unexpected ``OSError`` fails those files only,
    as it fails one file when it happens while storing it."""
    try:
        batch.commit()
    except (ProfileError, StorageFull, BatchLost) as exc:
        why = "see the file above" if isinstance(exc, BatchLost) else str(exc)
        _undo_imported(outcomes, pending, NOT_COMMITTED.format(why=why))
        return False
    except OSError as exc:
        _undo_imported(outcomes, pending, f"could not be stored ({exc.strerror or exc})")
    finally:
        pending.clear()
    return True


def _undo_imported(outcomes: list[ImportOutcome], pending: list[int], message: str) -> None:
    for i in pending:
        if outcomes[i].status is ImportStatus.IMPORTED:
            outcomes[i] = ImportOutcome(outcomes[i].path, ImportStatus.REJECTED, message)


def _import_one(
    batch: WriteBatch,
    path: Path,
    max_bytes: int,
    judge: Judge | None,
    documents: Path | None = None,
) -> list[ImportOutcome]:
    try:
        data = read_file(path, max_bytes)
        extracted = extract(path.name, data)
        if documents is not None:
            document = document_kind(extracted)
            if document is not None:
                return [_cache_document(path, data, document, documents)]
        found, note = credentials_in(path, data, extracted)
    except RejectedInput as exc:
        return [ImportOutcome(path, ImportStatus.REJECTED, exc.reason)]
    except (ProfileError, StorageFull):
        raise  # no later file can be stored either; import_paths stops the batch
    except PortfolioError as exc:
        return [ImportOutcome(path, ImportStatus.REJECTED, str(exc))]
    except OSError as exc:
        return [
            ImportOutcome(path, ImportStatus.REJECTED, f"could not be read ({exc.strerror or exc})")
        ]
    outcomes = [
        _store_one(batch, path, credential, original, judge) for credential, original in found
    ]
    if note:
        outcomes = [dataclasses.replace(o, message=f"{o.message}; {note}") for o in outcomes]
    return outcomes


def _store_one(
    batch: WriteBatch, path: Path, credential: Credential, original: bytes, judge: Judge | None
) -> ImportOutcome:
    """Store one credential with its first verdict; a kind the app does not verify is kept,
    and another rendition of a credential already held joins its entry."""
    try:
        verdict = judge(credential) if judge is not None else None
        try:
            stored = batch.add_credential(credential, original, path.name, verdict)
        except DuplicateCredential as exc:
            if exc.why != "same credential id":
                raise
            # The same credential in another rendition: keep this original with the entry.
            stored, shown = batch.add_rendition(
                exc.existing_id, credential, original, path.name, verdict
            )
            now = " (its verdict is now the one shown)" if shown else ""
            return ImportOutcome(
                path,
                ImportStatus.IMPORTED,
                f"added as another copy of #{stored.id}{now}",
                stored.id,
            )
    except RejectedInput as exc:
        return ImportOutcome(path, ImportStatus.REJECTED, exc.reason)
    except DuplicateCredential as exc:
        return ImportOutcome(path, ImportStatus.DUPLICATE, str(exc), exc.existing_id)
    except (ProfileError, StorageFull):
        raise  # no later file can be stored either; import_paths stops the batch
    except PortfolioError as exc:
        return ImportOutcome(path, ImportStatus.REJECTED, str(exc))
    except OSError as exc:  # disk full, permissions: this file fails, the others go on
        reason = exc.strerror or str(exc)
        return ImportOutcome(path, ImportStatus.REJECTED, f"could not be stored ({reason})")
    title = credential.title or "untitled"
    message = f"imported as #{stored.id} ({title})"
    not_verified = unsupported_reason(credential)
    if not_verified:
        message += f"; kept, not verified: {not_verified}"
    return ImportOutcome(path, ImportStatus.IMPORTED, message, stored.id)


@dataclass(frozen=True)
class FoundDocument:
    """A file that is not a credential but a document verification reads (see
    :func:`document_kind`): ``url`` is where it is served (its ``id``), ``what`` says what
    it is for the import line."""

    url: str | None
    what: str
    registry_name: str | None = None  # set for an issuer registry (a trust file, no URL)


_STATUS_LISTS = frozenset(
    {"BitstringStatusListCredential", "StatusList2021Credential", "RevocationList"}
)


def document_kind(extracted: Extracted) -> FoundDocument | None:
    """What kind of verification document the JSON is, or ``None`` for anything else (which
    the parser then reads or refuses).  Kinds follow the parser's own list of
    not-credentials (formats/parse.py): status lists, OB 2.0 CryptographicKey and issuer
    Profile, DID documents."""
    if extracted.container is not Container.JSON:
        return None
    try:
        obj = safe_json_loads(extracted.payload)
    except (RejectedInput, ValueError):
        return None
    if not isinstance(obj, dict):
        return None
    raw_type = obj.get("type", obj.get("@type", []))
    raw_type = [raw_type] if isinstance(raw_type, str) else raw_type
    types = {t for t in raw_type if isinstance(t, str)} if isinstance(raw_type, list) else set()
    ident = obj.get("id") if isinstance(obj.get("id"), str) else None
    if types & _STATUS_LISTS:
        return FoundDocument(ident, f"status list of {_issuer_label(obj)}")
    if "CryptographicKey" in types:
        owner = obj.get("owner")
        return FoundDocument(
            ident, f"OB 2.0 CryptographicKey of {owner if isinstance(owner, str) else ident}"
        )
    if types & {"Profile", "Issuer"} and "credentialSubject" not in obj:
        name = obj.get("name")
        return FoundDocument(ident, f"issuer profile of {name if isinstance(name, str) else ident}")
    registry = _registry_name(obj)
    if registry is not None:
        return FoundDocument(None, f"issuer registry {registry}", registry_name=registry)
    if ident is not None and ident.startswith("did:") and "verificationMethod" in obj:
        return FoundDocument(ident, f"DID document of {ident}")
    return None


def _registry_name(obj: dict[str, object]) -> str | None:
    """The name of an issuer registry in either form :mod:`portfolio_app.verify.registry`
    reads (our own ``issuers`` map, the DCC ``meta`` + ``entries`` form), else ``None``."""
    meta = obj.get("meta")
    if isinstance(obj.get("issuers"), dict) and isinstance(obj.get("name"), str):
        return str(obj["name"])
    if isinstance(obj.get("entries"), dict) and isinstance(meta, dict):
        name = meta.get("name")
        return name if isinstance(name, str) and name.strip() else "(unnamed)"
    return None


def _issuer_label(obj: dict[str, object]) -> str:
    issuer = obj.get("issuer")
    if isinstance(issuer, dict):
        name, ident = issuer.get("name"), issuer.get("id")
        return str(name if isinstance(name, str) else ident)
    return str(issuer) if isinstance(issuer, str) else "an unnamed issuer"


def _cache_document(
    path: Path, data: bytes, found: FoundDocument, documents: Path
) -> ImportOutcome:
    """Store a verification document under the URL it is served at, via the cache writer.

    A document with no https id cannot be matched to any credential (the verifier looks
    documents up by URL), so it is refused with that reason; DID documents are kept under
    their DID.
    """
    from datetime import UTC, datetime  # noqa: PLC0415

    from portfolio_app.verify.documents import CachedDocument  # noqa: PLC0415
    from portfolio_app.verify.fetch import write_cache  # noqa: PLC0415

    if found.registry_name is not None:
        return _cache_registry(path, data, found, documents)
    url = found.url
    is_did = found.what.startswith("DID document") and url is not None
    if url is None or not (url.startswith("https://") or is_did):
        return ImportOutcome(
            path,
            ImportStatus.REJECTED,
            f"not a credential but a {found.what.split(' of ')[0]}; it has no https id, "
            "so it cannot be kept as the document of any address",
        )
    write_cache(documents, [CachedDocument(url, data, datetime.now(UTC))])
    return ImportOutcome(path, ImportStatus.CACHED, f"added to the document cache: {found.what}")


def _cache_registry(
    path: Path, data: bytes, found: FoundDocument, documents: Path
) -> ImportOutcome:
    """An issuer registry goes into the cache's trust files, as ``trust import`` puts it
    there; one the registry reader cannot read is refused with its reason."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from portfolio_app.verify.documents import (  # noqa: PLC0415
        TrustBundleError,
        TrustFile,
        add_trust_files,
    )
    from portfolio_app.verify.registry import load_trust  # noqa: PLC0415

    name = found.registry_name or path.stem
    if name == "(unnamed)":
        name = path.stem
    trust = TrustFile(name, data, datetime.now(UTC), path.name)
    try:
        load_trust([trust])
    except TrustBundleError as exc:
        return ImportOutcome(path, ImportStatus.REJECTED, str(exc))
    add_trust_files(documents, [trust])
    return ImportOutcome(path, ImportStatus.CACHED, f"added to the document cache: {found.what}")


def _path_of(entry: Path | tuple[Path, RejectedInput]) -> Path:
    return entry[0] if isinstance(entry, tuple) else entry


def _cancelled(rest: Iterable[Path | tuple[Path, RejectedInput]]) -> list[ImportOutcome]:
    return [
        ImportOutcome(_path_of(e), ImportStatus.CANCELLED, "not imported: cancelled") for e in rest
    ]


def _not_tried(rest: Iterable[Path | tuple[Path, RejectedInput]]) -> list[ImportOutcome]:
    return [ImportOutcome(_path_of(e), ImportStatus.REJECTED, NOT_TRIED) for e in rest]
