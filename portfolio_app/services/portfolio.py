"""The ``Portfolio`` facade: the use cases both shells (Qt GUI and ``portfolio`` CLI) call.

It owns a :class:`Repository` for one profile and wires the pipeline together
(ingest → formats → verify → storage).  It holds no Qt and no printing: results are data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_app.closing import ClosedOnExit
from portfolio_app.errors import PortfolioError
from portfolio_app.paths import default_data_dir, resource_path
from portfolio_app.services.qualification_cases import QualificationUseCases, holdings_of
from portfolio_app.services.setting_keys import EMAILS_SETTING, MAX_BYTES_SETTING, NETWORK_SETTING
from portfolio_app.storage import DB_NAME, Repository, StoredCredential

# The use cases load their machinery (verification, PDF reading, keys, pathways) when first
# called, so a command that only lists the wallet starts fast (issue 9: ``list`` < 0.3 s).
if TYPE_CHECKING:
    from portfolio_app.identity.kdf import KdfLimits
    from portfolio_app.identity.kek import ProtectionMode
    from portfolio_app.identity.results import (
        CertificateImported,
        IdentityCreated,
        KeysRotated,
        KeysStatus,
        PassphraseChanged,
        PublicKeys,
    )
    from portfolio_app.model import Credential
    from portfolio_app.pathways.holdings import Holding
    from portfolio_app.services.backup import BackupResult, RestoreResult
    from portfolio_app.services.export import ExportRequest, ExportResult, PdfReport
    from portfolio_app.services.importing import CancelCheck, ImportReport, ProgressCallback
    from portfolio_app.services.originals import LearnerEdit
    from portfolio_app.services.results import CredentialDetails, RemovedCredential, WalletRow
    from portfolio_app.services.trust import TrustItem
    from portfolio_app.services.verification import FileVerdict, TrustImportSummary
    from portfolio_app.storage import Rendition, ShownRecord, VerdictRecord
    from portfolio_app.verify.documents import DocumentSource
    from portfolio_app.verify.verdict import Verdict



class Portfolio(QualificationUseCases, ClosedOnExit):
    """One learner's wallet, opened from a data directory."""

    def __init__(self, data_dir: Path | None = None, *, lock_per_write: bool = False) -> None:
        """Open the profile; ``lock_per_write`` (the window) lets commands use it meanwhile."""
        self.data_dir = data_dir or default_data_dir()
        self.repo = Repository.open(self.data_dir, lock_per_write=lock_per_write)

    def close(self) -> None:
        self.repo.close()

    # -- importing -------------------------------------------------------------------------

    @property
    def max_import_bytes(self) -> int:
        """Built-in default < machine config < this profile's setting (unless locked)."""
        from portfolio_app import config  # noqa: PLC0415

        value = self.repo.get_setting(MAX_BYTES_SETTING, config.UNSET)
        return int(config.setting("max_import_bytes", value))

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ImportReport:
        """Import files/folders; each credential is stored together with its first verdict."""
        from portfolio_app.services.importing import import_paths  # noqa: PLC0415 - loaded on first use
        from portfolio_app.services.verification import documents_dir, judge  # noqa: PLC0415 - loaded on first use
        from portfolio_app.verify.contexts import reading_contexts  # noqa: PLC0415 - loaded on first use

        docs, emails = self.documents(), self.learner_emails  # once per batch, not per file
        with reading_contexts(docs):  # read with the contexts trust bundles ship, as judged
            return import_paths(
                self.repo,
                paths,
                max_bytes=self.max_import_bytes,
                judge=lambda credential: judge(credential, docs, learner_emails=emails),
                progress=progress,
                cancelled=cancelled,
                documents=documents_dir(self.data_dir),
            )

    def sample_paths(self) -> list[Path]:
        """Real public sample credentials shipped in ``resources/samples``."""
        folder = resource_path("samples")
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".json", ".png", ".svg"})

    def import_samples(self) -> ImportReport:
        return self.import_paths(self.sample_paths())

    # -- reading ---------------------------------------------------------------------------

    def credentials(self) -> list[StoredCredential]:
        return self.repo.list_credentials()

    def get(self, credential_id: int) -> StoredCredential:
        return self.repo.get(credential_id)

    def original_bytes(self, credential_id: int) -> bytes:
        return self.repo.original_bytes(credential_id)

    @property
    def read_only(self) -> bool:
        """True when the profile can be looked at but not changed (another user's folder,
        read-only media)."""
        return self.repo.read_only

    @property
    def database_path(self) -> Path:
        """The profile's database file: the window watches it to follow the command line."""
        return self.data_dir / DB_NAME

    def wallet_rows(self) -> list[WalletRow]:
        """The wallet as plain rows (newest first), each with its prepared search text."""
        from portfolio_app.services.results import listing_rows  # noqa: PLC0415 - loaded on first use
        from portfolio_app.storage.listing import wallet_listing  # noqa: PLC0415

        return listing_rows(wallet_listing(self.repo))

    def details(self, credential_id: int) -> CredentialDetails:
        """Everything the details pane shows about one credential, in one read."""
        from portfolio_app.services.results import credential_details  # noqa: PLC0415

        stored = self.repo.get(credential_id)
        image = None
        if stored.credential.container.value in {"png", "svg"}:
            image = self.badge_image(credential_id)
        return credential_details(
            stored,
            self.repo.verdict_history(credential_id),
            self.repo.renditions(credential_id),
            image,
        )

    def badge_image(self, credential_id: int) -> bytes | None:
        """The badge picture of a credential (its baked PNG or SVG original), or ``None``
        when the original is not an image (JSON, JWT, PDF, XML)."""
        data = self.repo.original_bytes(credential_id)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return data
        if b"<svg" in data[:4096].lower():
            return data
        return None

    def verdict_history(self, credential_id: int) -> list[VerdictRecord]:
        return self.repo.verdict_history(credential_id)

    def renditions(self, credential_id: int) -> list[Rendition]:
        return self.repo.renditions(credential_id)

    def shown_history(self, credential_id: int) -> list[ShownRecord]:
        return self.repo.shown_history(credential_id)

    def remove(self, credential_id: int) -> RemovedCredential:
        """Remove a credential; what was removed comes back so the window can undo it.

        The entry, its whole verdict history, its renditions and every original are read
        first, so :meth:`undo_remove` puts back exactly what was there (under a new id)."""
        from portfolio_app.services.results import RemovedCredential  # noqa: PLC0415
        from portfolio_app.storage import CredentialSnapshot  # noqa: PLC0415

        stored = self.repo.get(credential_id)
        renditions = tuple(self.repo.renditions(credential_id))
        originals = {stored.sha256: self.repo.original_bytes(credential_id)}
        for rendition in renditions:
            if rendition.sha256 not in originals:
                originals[rendition.sha256] = self.repo.rendition_bytes(rendition.sha256)
        snapshot = CredentialSnapshot(
            stored,
            tuple(self.repo.verdict_history(credential_id)),
            renditions,
            tuple(self.repo.shown_history(credential_id)),
        )
        self.repo.remove(credential_id)
        return RemovedCredential(stored.credential.title, snapshot, originals)

    def undo_remove(self, removed: RemovedCredential) -> int | None:
        """Put a removed credential back, history and originals included; its new id, or
        ``None`` when the wallet meanwhile holds it again (imported anew)."""
        from portfolio_app.storage import CredentialSnapshot  # noqa: PLC0415

        snapshot = removed.snapshot
        assert isinstance(snapshot, CredentialSnapshot)
        result = self.repo.import_snapshot([snapshot], {}, removed.originals.__getitem__)
        return result.added[0] if result.added else None

    # -- originals and learner-entered facts -----------------------------------------------

    def save_originals(
        self, credential_id: int, dest: Path, *, every: bool = False, force: bool = False
    ) -> list[Path]:
        """``portfolio save``: write originals back out, byte for byte, under their own names.

        Without ``every`` the shown original is written to ``dest`` (a folder: under its own
        name inside it).  With ``every`` each rendition goes into the folder ``dest``.  An
        existing file is never replaced unless ``force``; then nothing at all is written, so
        a refused save leaves no half-done folder.
        """
        from portfolio_app.services.originals import save_originals  # noqa: PLC0415 - loaded on first use

        return save_originals(self.repo, credential_id, dest, every=every, force=force)

    def edit(self, credential_id: int, change: LearnerEdit) -> StoredCredential:
        """``portfolio edit``: change what the learner says about a credential (tags and
        facts), stored apart from what the original says."""
        from portfolio_app.services.originals import apply_edit  # noqa: PLC0415 - loaded on first use

        return apply_edit(self.repo, credential_id, change)

    # -- verification ----------------------------------------------------------------------

    def documents(self, extra_bundles: Sequence[Path] = ()) -> DocumentSource:
        """Trusted documents: one-off ``--docs`` bundles first, then the profile's cache."""
        from portfolio_app.services.verification import document_source  # noqa: PLC0415 - loaded on first use

        return document_source(self.data_dir, extra_bundles)

    def verify(self, credential: Credential, docs: DocumentSource | None = None) -> Verdict:
        """Judge a credential without storing anything; offline, from the document cache."""
        from portfolio_app.services.verification import judge  # noqa: PLC0415 - loaded on first use

        return judge(credential, docs or self.documents(), learner_emails=self.learner_emails)

    def verify_files(
        self, paths: Sequence[Path], *, bundles: Sequence[Path] = (), online: bool = False
    ) -> list[FileVerdict]:
        """``portfolio verify FILE...``: judge files without importing them.

        ``online`` is the user's explicit permission to fetch what each credential needs
        (hosted assertions, keys, DID documents, status lists) into the profile's cache.
        """
        from portfolio_app.services.verification import verify_profile_files  # noqa: PLC0415 - loaded on first use

        return verify_profile_files(
            self.data_dir,
            paths,
            max_bytes=self.max_import_bytes,  # one settings read for the whole run
            learner_emails=self.learner_emails,
            bundles=bundles,
            online=online,
        )

    def reverify(
        self, *, bundles: Sequence[Path] = (), online: bool = False
    ) -> list[tuple[int, Verdict]]:
        """Re-check the whole wallet; every result joins the credential's history."""
        from portfolio_app.services.verification import documents_dir, reverify_all  # noqa: PLC0415 - loaded on first use

        return reverify_all(
            self.repo,
            self.documents(bundles),
            learner_emails=self.learner_emails,
            online_cache=documents_dir(self.data_dir) if online else None,
        )

    def reverify_one(self, credential_id: int, *, online: bool = False) -> Verdict:
        """Re-check one credential (every rendition of it); the result joins its history.

        ``online`` is the learner's explicit "Check online" (the window offers it only when
        the network is allowed)."""
        from portfolio_app.services.verification import documents_dir, reverify_all  # noqa: PLC0415

        ((_, verdict),) = reverify_all(
            self.repo,
            self.documents(),
            learner_emails=self.learner_emails,
            online_cache=documents_dir(self.data_dir) if online else None,
            only=(credential_id,),
        )
        return verdict

    @property
    def network_allowed(self) -> bool:
        """The learner's standing permission to fetch during verification (default: no; the
        machine config may change the default or lock it)."""
        from portfolio_app import config  # noqa: PLC0415

        value = self.repo.get_setting(NETWORK_SETTING, config.UNSET)
        return config.setting("network_allowed", value) is True

    @network_allowed.setter
    def network_allowed(self, allowed: bool) -> None:
        from portfolio_app import config  # noqa: PLC0415

        config.current().ensure_changeable("network_allowed")
        self.repo.set_setting(NETWORK_SETTING, bool(allowed))

    def import_trust_bundle(self, bundle: Path) -> TrustImportSummary:
        from portfolio_app.services.verification import (  # noqa: PLC0415 - loaded on first use
            import_trust_bundle,
            refresh_shown,
        )

        summary = import_trust_bundle(self.data_dir, bundle)
        refresh_shown(self.repo, self.documents(()))  # badges known only by URL get their names
        return summary

    def trust_items(self) -> list[TrustItem]:
        """``portfolio trust list``: what the trust store holds, from which bundle, as of when;
        then what this machine's site folder provides (``machine`` set, never in backups)."""
        from portfolio_app.services.machine import machine_trust_items  # noqa: PLC0415
        from portfolio_app.services.trust import list_trust  # noqa: PLC0415 - loaded on first use
        from portfolio_app.services.verification import documents_dir  # noqa: PLC0415 - loaded on first use

        return list_trust(documents_dir(self.data_dir)) + machine_trust_items()

    def remove_trust(self, target: str) -> list[str]:
        """``portfolio trust remove URL|BUNDLE``: drop a document, a registry or a bundle."""
        from portfolio_app.services.trust import remove_trust  # noqa: PLC0415 - loaded on first use
        from portfolio_app.services.verification import documents_dir  # noqa: PLC0415 - loaded on first use

        return remove_trust(documents_dir(self.data_dir), target)

    @property
    def learner_emails(self) -> tuple[str, ...]:
        """Addresses an OB 2.0 badge's hashed recipient is checked against."""
        value = self.repo.get_setting(EMAILS_SETTING, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def set_learner_emails(
        self, *, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """Add/remove addresses (compared case-insensitively, as email hosts are)."""
        current = [e for e in self.learner_emails if e.lower() not in {r.lower() for r in remove}]
        for email in add:
            cleaned = email.strip()
            if "@" not in cleaned:
                raise PortfolioError(f"{email!r} is not an email address")
            if cleaned.lower() not in {e.lower() for e in current}:
                current.append(cleaned)
        if tuple(current) != self.learner_emails:  # listing them must work read-only too
            self.repo.set_setting(EMAILS_SETTING, current)
        return tuple(current)

    # -- identity --------------------------------------------------------------------------

    def keys_status(self, *, keychain_timeout: float | None = None) -> KeysStatus:
        """Which protection the learner's keys have (keychain or passphrase) and whether it is
        secure.  May wait on a slow keychain (bounded by a timeout): call it off the GUI
        thread."""
        from portfolio_app.identity import service  # noqa: PLC0415 - loaded on first use

        return service.keys_status(self.data_dir, keychain_timeout=_timeout(keychain_timeout))

    def create_identity(
        self,
        *,
        name: str,
        passphrase: str | None = None,
        protection: ProtectionMode = "auto",
        keychain_timeout: float | None = None,
    ) -> IdentityCreated:
        """``portfolio keys create``: a new did:key and PDF-signing certificate."""
        from portfolio_app.identity import service  # noqa: PLC0415

        return service.create_identity(
            self.data_dir,
            name=name,
            passphrase=passphrase,
            protection=protection,
            keychain_timeout=_timeout(keychain_timeout),
        )

    def rotate_keys(
        self, *, passphrase: str | None = None, keychain_timeout: float | None = None
    ) -> KeysRotated:
        from portfolio_app.identity import service  # noqa: PLC0415

        return service.rotate(
            self.data_dir, passphrase=passphrase, keychain_timeout=_timeout(keychain_timeout)
        )

    def export_public_keys(self, *, out_dir: Path | None = None) -> PublicKeys:
        from portfolio_app.identity import service  # noqa: PLC0415

        return service.export_public(self.data_dir, out_dir=out_dir)

    def change_passphrase(
        self,
        *,
        new_passphrase: str,
        old_passphrase: str | None = None,
        keychain_timeout: float | None = None,
    ) -> PassphraseChanged:
        from portfolio_app.identity import service  # noqa: PLC0415

        return service.change_passphrase(
            self.data_dir,
            new_passphrase=new_passphrase,
            old_passphrase=old_passphrase,
            keychain_timeout=_timeout(keychain_timeout),
        )

    def import_certificate(
        self,
        p12: bytes,
        password: str | None,
        *,
        passphrase: str | None = None,
        keychain_timeout: float | None = None,
    ) -> CertificateImported:
        """``portfolio keys import-certificate``: sign PDFs with an institution's certificate."""
        from portfolio_app.identity import service  # noqa: PLC0415

        return service.import_institution_certificate(
            self.data_dir,
            p12,
            password,
            passphrase=passphrase,
            keychain_timeout=_timeout(keychain_timeout),
        )

    # -- qualifications --------------------------------------------------------------------

    def holdings(self) -> list[Holding]:
        """Every credential with its latest verdict status, for the progress engine."""
        return holdings_of(self.repo.list_credentials())

    @property
    def qualification_store(self) -> _QualificationStore:
        return _QualificationStore(self.repo)

    # -- export ----------------------------------------------------------------------------

    def check_portfolio_pdf(self, path: Path, bundles: Sequence[Path] = ()) -> PdfReport:
        """The recruiter's check of a received portfolio PDF (``verify-pdf``, "Check a
        portfolio"): its signature, the learner's statement and every credential inside,
        judged by the same rules as ``verify``.  Raises ``NotAPortfolio`` with the reason."""
        from portfolio_app.ingest.files import read_file  # noqa: PLC0415 - loaded on first use
        from portfolio_app.services.export import verify_portfolio_pdf  # noqa: PLC0415
        from portfolio_app.verify.contexts import reading_contexts  # noqa: PLC0415 - loaded on first use

        limit = self.max_import_bytes
        docs = self.documents(bundles)
        data = read_file(path, limit * 4)  # the originals inside, plus pages and fonts
        with reading_contexts(docs):  # the credentials inside are read as `verify` reads them
            return verify_portfolio_pdf(
                path, data, docs=docs, judge=lambda c: self.verify(c, docs), max_bytes=limit
            )

    def export(
        self,
        request: ExportRequest,
        *,
        passphrase: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> ExportResult:
        """The signed PDF portfolio (issue 13).

        Every chosen credential is re-verified at export, offline, against the profile's
        documents; progress and skills on the summary page count verified credentials only.
        """
        from datetime import UTC  # noqa: PLC0415

        from portfolio_app.export.content import QualificationLine, SkillLine  # noqa: PLC0415
        from portfolio_app.identity.service import load_signing_keys  # noqa: PLC0415
        from portfolio_app.identity.store import KeyFolder  # noqa: PLC0415
        from portfolio_app.pathways.service import reports  # noqa: PLC0415
        from portfolio_app.services.export import export_portfolio  # noqa: PLC0415

        now = clock or (lambda: datetime.now(UTC))
        today = now().date()
        keys = load_signing_keys(self.data_dir, passphrase=passphrase)
        holdings = self.holdings()
        found = reports(self.qualification_store, holdings, today=today)
        lines = [
            QualificationLine(r.progress.name, r.progress.percent, r.progress.satisfied)
            for r in found
        ]
        by_id = {r.progress.qualification_id: r.progress.root.counted for r in found}

        def counted(qualification_id: str) -> Sequence[int]:
            if qualification_id not in by_id:
                from portfolio_app.pathways.service import UnknownQualification  # noqa: PLC0415

                raise UnknownQualification(qualification_id)
            return by_id[qualification_id]

        skills = [
            SkillLine(s.name, len(s.holding_ids), len(s.unverified_ids))
            for s in self.skills(include_unverified=False)
        ]
        history_name = KeyFolder(self.data_dir).read_history().get("name")
        return export_portfolio(
            self.repo,
            keys,
            request,
            docs=self.documents(),
            learner_emails=self.learner_emails,
            default_name=str(history_name) if history_name else None,
            qualifications=lines,
            skills=skills,
            counted=counted,
            clock=now,
        )

    # -- backup ----------------------------------------------------------------------------

    def backup(
        self,
        target: Path,
        passphrase: str,
        *,
        keys_passphrase: str | None = None,
        limits: KdfLimits | None = None,
    ) -> BackupResult:
        """One encrypted file with credentials, originals, history, settings, qualifications
        and the learner's keys (re-sealed under ``passphrase``)."""
        from portfolio_app.services.backup import backup_profile  # noqa: PLC0415 - loaded on first use

        return backup_profile(
            self.repo,
            self.data_dir,
            target,
            passphrase,
            keys_passphrase=keys_passphrase,
            limits=limits,
        )

    def restore(self, source: Path, passphrase: str) -> RestoreResult:
        from portfolio_app.services.backup import restore_profile  # noqa: PLC0415 - loaded on first use

        return restore_profile(self.repo, self.data_dir, source, passphrase)


def _timeout(keychain_timeout: float | None) -> float:
    """The caller's keychain timeout, or the identity service's default (loaded only now)."""
    if keychain_timeout is not None:
        return keychain_timeout
    from portfolio_app.identity.kek import DEFAULT_TIMEOUT  # noqa: PLC0415

    return DEFAULT_TIMEOUT


class _QualificationStore:
    """The pathways service's view of where definitions are kept (the repository)."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo

    def list_texts(self) -> list[str]:
        return self._repo.list_qualification_texts()

    def add_text(self, qualification_id: str, text: str) -> None:
        self._repo.put_qualification(qualification_id, text)

    def remove(self, qualification_id: str) -> bool:
        return self._repo.remove_qualification(qualification_id)
