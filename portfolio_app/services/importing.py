"""The import use case: files and folders in, credentials (or one-line refusals) out.

Each file is its own transaction: it is read (size-capped), its badge extracted, parsed and
verified, and only then stored — blob, row and first verdict together or not at all.  A bad
file never stops the others and never leaves anything behind.  A profile that cannot take
any write (disk full, read-only, in use by another process) does stop the batch: the file
being stored says why, the ones after it say they were not tried, and the ones before stay.
"""

from __future__ import annotations

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
from portfolio_app.ingest import DEFAULT_MAX_BYTES, extract, read_file
from portfolio_app.ingest.skip import expand
from portfolio_app.model import Credential
from portfolio_app.storage import Repository
from portfolio_app.verify.verdict import Verdict

ProgressCallback = Callable[[int, int, Path], None]
CancelCheck = Callable[[], bool]
Judge = Callable[[Credential], Verdict]

NOT_TRIED = "not imported: the profile could not be written (see the file above)"


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # found in a folder and plainly not a credential (see ingest.skip)


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
    return parse(extract(path.name, data)), data


def import_paths(
    repo: Repository,
    paths: Sequence[Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    judge: Judge | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Import every file under ``paths``; folders are walked recursively.

    ``judge`` verifies each credential before it is stored, so its first verdict is committed
    with it.  ``cancelled`` is polled between files: cancelling keeps what was imported so far
    (each file is complete on its own) and marks the rest as not imported.
    """
    entries, skipped = expand(paths)
    outcomes: list[ImportOutcome] = [
        ImportOutcome(path, ImportStatus.SKIPPED, "skipped: not a credential") for path in skipped
    ]
    for index, entry in enumerate(entries):
        path = entry[0] if isinstance(entry, tuple) else entry
        if cancelled is not None and cancelled():
            outcomes.extend(_cancelled(entries[index:]))
            break
        if progress is not None:
            progress(index, len(entries), path)
        if isinstance(entry, tuple):
            outcomes.append(ImportOutcome(path, ImportStatus.REJECTED, entry[1].reason))
            continue
        try:
            outcomes.append(_import_one(repo, path, max_bytes, judge))
        except (ProfileError, StorageFull) as exc:
            outcomes.append(ImportOutcome(path, ImportStatus.REJECTED, str(exc)))
            outcomes.extend(
                ImportOutcome(_path_of(e), ImportStatus.REJECTED, NOT_TRIED)
                for e in entries[index + 1 :]
            )
            return ImportReport(tuple(outcomes))
    if progress is not None and entries and not (cancelled and cancelled()):
        progress(len(entries), len(entries), _path_of(entries[-1]))
    return ImportReport(tuple(outcomes))


def _import_one(
    repo: Repository,
    path: Path,
    max_bytes: int,
    judge: Judge | None,
) -> ImportOutcome:
    try:
        credential, original = read_credential(path, max_bytes)
        verdict = judge(credential) if judge is not None else None
        try:
            stored = repo.add_credential(credential, original, path.name, verdict)
        except DuplicateCredential as exc:
            if exc.why != "same credential id":
                raise
            # The same credential in another rendition: keep this original with the entry.
            stored, shown = repo.add_rendition(
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
    return ImportOutcome(
        path, ImportStatus.IMPORTED, f"imported as #{stored.id} ({title})", stored.id
    )


def _path_of(entry: Path | tuple[Path, RejectedInput]) -> Path:
    return entry[0] if isinstance(entry, tuple) else entry


def _cancelled(rest: Iterable[Path | tuple[Path, RejectedInput]]) -> list[ImportOutcome]:
    return [
        ImportOutcome(_path_of(e), ImportStatus.CANCELLED, "not imported: cancelled") for e in rest
    ]
