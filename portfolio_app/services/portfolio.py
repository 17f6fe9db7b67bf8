"""The ``Portfolio`` facade: the use cases both shells (Qt GUI and ``portfolio`` CLI) call.

It owns a :class:`Repository` for one profile and wires the pipeline together
(ingest → formats → verify → storage).  It holds no Qt and no printing: results are data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from portfolio_app.ingest import DEFAULT_MAX_BYTES
from portfolio_app.model import Credential
from portfolio_app.paths import default_data_dir, resource_path
from portfolio_app.services.importing import (
    CancelCheck,
    ImportReport,
    ProgressCallback,
    import_paths,
)
from portfolio_app.storage import Repository, StoredCredential
from portfolio_app.storage.backup import (
    BackupSummary,
    RestoreSummary,
    restore_backup,
    write_backup,
)
from portfolio_app.verify.documents import DocumentSource, EmptySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Verdict

MAX_BYTES_SETTING = "import.max_bytes"
EMAILS_SETTING = "learner.emails"


class Portfolio:
    """One learner's wallet, opened from a data directory."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or default_data_dir()
        self.repo = Repository.open(self.data_dir)

    def close(self) -> None:
        self.repo.close()

    def __enter__(self) -> Portfolio:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- importing -------------------------------------------------------------------------

    @property
    def max_import_bytes(self) -> int:
        value = self.repo.get_setting(MAX_BYTES_SETTING, DEFAULT_MAX_BYTES)
        return int(value) if isinstance(value, int | float | str) else DEFAULT_MAX_BYTES

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ImportReport:
        """Import files/folders; every stored credential gets its first verdict at once."""
        return import_paths(
            self.repo,
            paths,
            max_bytes=self.max_import_bytes,
            on_stored=self._record_first_verdict,
            progress=progress,
            cancelled=cancelled,
        )

    def sample_paths(self) -> list[Path]:
        """Real public sample credentials shipped in ``resources/samples``."""
        folder = resource_path("samples")
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".json", ".png", ".svg"})

    def import_samples(self) -> ImportReport:
        return self.import_paths(self.sample_paths())

    # -- reading ---------------------------------------------------------------------------

    def list(self) -> list[StoredCredential]:
        return self.repo.list_credentials()

    def get(self, credential_id: int) -> StoredCredential:
        return self.repo.get(credential_id)

    def original_bytes(self, credential_id: int) -> bytes:
        return self.repo.original_bytes(credential_id)

    def remove(self, credential_id: int) -> None:
        self.repo.remove(credential_id)

    # -- verification ----------------------------------------------------------------------

    def verify(self, credential: Credential, docs: DocumentSource | None = None) -> Verdict:
        """Judge a credential without storing anything (``portfolio verify FILE``)."""
        return verify_credential(
            credential,
            docs=docs or EmptySource(),
            now=datetime.now(UTC),
            learner_emails=self.learner_emails,
        )

    @property
    def learner_emails(self) -> tuple[str, ...]:
        value = self.repo.get_setting(EMAILS_SETTING, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def _record_first_verdict(self, stored: StoredCredential, credential: Credential) -> None:
        self.repo.record_verdict(stored.id, self.verify(credential))

    # -- backup ----------------------------------------------------------------------------

    def backup(self, target: Path) -> BackupSummary:
        return write_backup(self.repo, target)

    def restore(self, source: Path) -> RestoreSummary:
        return restore_backup(self.repo, source)
