"""The import use case: files and folders in, credentials (or one-line refusals) out.

Each file is read (size-capped), its badge extracted, parsed and verified, and only then
stored — original, row and first verdict together or not at all, under a savepoint of its own.
Files are committed in groups (:class:`~portfolio_app.storage.batch.WriteBatch`: every 200 ms
or 100 credentials, and always between files, so a crash leaves each file wholly in or wholly
out); a group costs one commit, where a transaction per file cost one each.  A bad file never stops
the others and never leaves anything behind.  A profile that cannot take any write (disk
full, read-only, in use by another process) does stop the import: the file being stored says
why, the ones after it say they were not tried, and the ones before stay — unless the same
failure also refused their group's commit, and then each of those says so too.
"""

from __future__ import annotations

import dataclasses
from collections import deque
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
from portfolio_app.formats.registry import (
    unsupported_reason,
)
from portfolio_app.ingest import DEFAULT_MAX_BYTES, extract, read_file
from portfolio_app.ingest.extract import Extracted
from portfolio_app.ingest.jsonsafe import safe_json_loads
from portfolio_app.ingest.skip import expand
from portfolio_app.model import Container, Credential
from portfolio_app.services.reading import credentials_in
from portfolio_app.storage import Repository
from portfolio_app.storage.batch import BatchLost, WriteBatch
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

    Files are read and verified in order; while a group commits on the batch's own thread
    (:meth:`WriteBatch.start_commit`), the next files are read and verified meanwhile and
    stored, in order, once it has finished (see :class:`_Pipeline`).
    """
    entries, skipped = expand(paths)
    outcomes: list[ImportOutcome] = [
        ImportOutcome(path, ImportStatus.SKIPPED, "skipped: not a credential") for path in skipped
    ]
    with repo.write_batch() as batch:
        run = _Pipeline(batch, outcomes)
        for index, entry in enumerate(entries):
            path = _path_of(entry)
            if cancelled is not None and cancelled():
                if run.settle():
                    outcomes.extend(_cancelled(entries[index:]))
                else:
                    outcomes.extend(_not_tried(entries[index:]))
                break
            if progress is not None:
                progress(index, len(entries), path)
            try:
                prepared = (
                    _Prepared(path, [ImportOutcome(path, ImportStatus.REJECTED, entry[1].reason)])
                    if isinstance(entry, tuple)
                    else _prepare(path, max_bytes, judge, documents)
                )
            except (ProfileError, StorageFull) as exc:  # the document cache cannot be written
                run.settle()  # the files before it are stored and committed if they can be
                outcomes.append(ImportOutcome(path, ImportStatus.REJECTED, str(exc)))
                outcomes.extend(_not_tried(entries[index + 1 :]))
                return ImportReport(tuple(outcomes))
            run.add(prepared)
            if run.stopped:
                outcomes.extend(_not_tried(entries[index + 1 :]))
                return ImportReport(tuple(outcomes))
        else:
            run.settle()
    if progress is not None and entries and not (cancelled and cancelled()):
        progress(len(entries), len(entries), _path_of(entries[-1]))
    return ImportReport(tuple(outcomes))


#: How far an import reads and verifies ahead while a group commits: at most this many files
#: and this many bytes of originals wait in memory to be stored.
LOOKAHEAD_FILES = 100
LOOKAHEAD_BYTES = 32 << 20

#: One credential of a file, verified and ready to store, or the outcome that it cannot be.
_Judged = tuple[Credential, bytes, Verdict | None] | ImportOutcome


@dataclass(frozen=True)
class _Prepared:
    """One file read, extracted, parsed and verified: either its final outcomes (refused,
    cached as a document) or its credentials, waiting to be stored."""

    path: Path
    outcomes: list[ImportOutcome]
    judged: list[_Judged] = dataclasses.field(default_factory=list)
    note: str = ""  # what a presentation's own proof showed, added to each line
    size: int = 0  # bytes of the originals held


class _Pipeline:
    """The files of one import between being verified and being committed.

    Why: a group's commit mostly waits for the disk, and verifying the next files needs no
    database.  So a due group commits on the batch's thread while the loop goes on reading
    and verifying; what it prepares waits here (a bounded queue, :data:`LOOKAHEAD_FILES`) and
    is stored in file order once that commit has finished.  Each file is still stored under
    its own savepoint (its original with it) and committed in a group: what a crash
    leaves, and every outcome line, is what the one-thread loop gave.

    ``stopped`` turns true when the profile takes no more writes; the files still queued
    then say they were not tried, and the caller says so for the ones after them.
    """

    def __init__(self, batch: WriteBatch, outcomes: list[ImportOutcome]) -> None:
        self.batch = batch
        self.outcomes = outcomes
        self.stopped = False
        self._queue: deque[_Prepared] = deque()
        self._queued_bytes = 0
        self._pending: list[int] = []  # outcomes stored since the open group began
        self._committing: list[int] = []  # outcomes of the group committing on its thread

    def add(self, prepared: _Prepared) -> None:
        """Queue a prepared file; store what is queued unless a commit is still running
        (then wait for it only once the queue is full)."""
        self._queue.append(prepared)
        self._queued_bytes += prepared.size
        full = len(self._queue) >= LOOKAHEAD_FILES or self._queued_bytes >= LOOKAHEAD_BYTES
        if full or not self.batch.committing:
            self._drain()

    def settle(self) -> bool:
        """Store everything queued and commit it; False when the profile stopped taking
        writes (and then what could not be stored says so)."""
        while not self.stopped and (self._queue or self._committing):
            self._drain()
        return not self.stopped and self._commit_now()

    def _drain(self) -> None:
        """Wait for the running commit, then store queued files in order until the group is
        due (its commit then starts on the batch's thread) or the queue is empty."""
        if not self._finish():
            return
        while self._queue:
            prepared = self._queue.popleft()
            self._queued_bytes -= prepared.size
            try:
                found = _store(self.batch, prepared)
            except (ProfileError, StorageFull) as exc:
                self.outcomes.append(ImportOutcome(prepared.path, ImportStatus.REJECTED, str(exc)))
                self._commit_now()
                self._stop()
                return
            self._pending.extend(range(len(self.outcomes), len(self.outcomes) + len(found)))
            self.outcomes.extend(found)
            if self.batch.due():
                self._committing, self._pending = self._pending, []
                self.batch.start_commit()
                return

    def _commit_now(self) -> bool:
        """Commit the open group and wait for it; False when the profile takes no more
        writes."""
        if not self._finish():
            return False
        self._committing, self._pending = self._pending, []
        self.batch.start_commit()  # nothing is running now, so no earlier failure is raised
        return self._finish()

    def _finish(self) -> bool:
        """Wait for the group committing; if it failed, each of its files says it was not
        imported after all, and why.  Returns False (and stops) when the profile takes no
        more writes (full, read-only, busy); an unexpected ``OSError`` fails that group's
        files only, as it fails one file when it happens while storing it."""
        group, self._committing = self._committing, []
        try:
            self.batch.finish_commit()
        except (ProfileError, StorageFull, BatchLost) as exc:
            why = "see the file above" if isinstance(exc, BatchLost) else str(exc)
            _undo_imported(self.outcomes, group, NOT_COMMITTED.format(why=why))
            self._stop()
            return False
        except OSError as exc:
            _undo_imported(self.outcomes, group, f"could not be stored ({exc.strerror or exc})")
        return True

    def _stop(self) -> None:
        self.stopped = True
        self.outcomes.extend(_not_tried(p.path for p in self._queue))
        self._queue.clear()
        self._queued_bytes = 0


def _undo_imported(outcomes: list[ImportOutcome], pending: list[int], message: str) -> None:
    for i in pending:
        if outcomes[i].status is ImportStatus.IMPORTED:
            outcomes[i] = ImportOutcome(outcomes[i].path, ImportStatus.REJECTED, message)


def _prepare(
    path: Path,
    max_bytes: int,
    judge: Judge | None,
    documents: Path | None = None,
) -> _Prepared:
    """Read, extract, parse and verify one file (a verification document goes to the cache
    here); nothing of it is stored in the profile yet."""
    try:
        data = read_file(path, max_bytes)
        extracted = extract(path.name, data)
        if documents is not None:
            document = document_kind(extracted)
            if document is not None:
                return _Prepared(path, [_cache_document(path, data, document, documents)])
        found, note = credentials_in(path, data, extracted)
    except RejectedInput as exc:
        return _Prepared(path, [ImportOutcome(path, ImportStatus.REJECTED, exc.reason)])
    except (ProfileError, StorageFull):
        raise  # no later file can be stored either; import_paths stops the batch
    except PortfolioError as exc:
        return _Prepared(path, [ImportOutcome(path, ImportStatus.REJECTED, str(exc))])
    except OSError as exc:
        reason = f"could not be read ({exc.strerror or exc})"
        return _Prepared(path, [ImportOutcome(path, ImportStatus.REJECTED, reason)])
    judged = [_judge_one(path, credential, original, judge) for credential, original in found]
    return _Prepared(path, [], judged, note, sum(len(original) for _, original in found))


def _judge_one(path: Path, credential: Credential, original: bytes, judge: Judge | None) -> _Judged:
    """The credential's first verdict, or the line saying why it cannot be stored."""
    try:
        return credential, original, judge(credential) if judge is not None else None
    except RejectedInput as exc:
        return ImportOutcome(path, ImportStatus.REJECTED, exc.reason)
    except (ProfileError, StorageFull):
        raise  # no later file can be stored either; import_paths stops the batch
    except PortfolioError as exc:
        return ImportOutcome(path, ImportStatus.REJECTED, str(exc))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return ImportOutcome(path, ImportStatus.REJECTED, f"could not be stored ({reason})")


def _store(batch: WriteBatch, prepared: _Prepared) -> list[ImportOutcome]:
    """Store a prepared file's credentials (each under its own savepoint) and say how it
    went; a file with nothing to store gives its outcomes as they are."""
    if not prepared.judged:
        return prepared.outcomes
    outcomes = [
        item if isinstance(item, ImportOutcome) else _store_one(batch, prepared.path, *item)
        for item in prepared.judged
    ]
    if prepared.note:
        note = prepared.note
        outcomes = [dataclasses.replace(o, message=f"{o.message}; {note}") for o in outcomes]
    return outcomes


def _store_one(
    batch: WriteBatch,
    path: Path,
    credential: Credential,
    original: bytes,
    verdict: Verdict | None,
) -> ImportOutcome:
    """Store one credential with its first verdict; a kind the app does not verify is kept,
    and another rendition of a credential already held joins its entry."""
    try:
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
