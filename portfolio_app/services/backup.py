"""Whole-profile backups: one encrypted file a learner carries between (wiped) lab machines.

Layers: the storage archive (credentials, originals, verdict history, settings — see
:mod:`portfolio_app.storage.backup`) plus extra files (the learner's keys re-sealed under the
backup passphrase, and the qualification definitions they added), and the whole archive
encrypted with the same passphrase (Argon2id + SecretBox).  A backup is never written
unencrypted: it holds personal data and sealed keys.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.errors import PortfolioError, RejectedInput, StorageFull, WriteDenied
from portfolio_app.fsutil import atomic_write, write_errors
from portfolio_app.identity.backup_crypto import (
    decrypt_with_passphrase,
    encrypt_with_passphrase,
    is_encrypted_backup,
)
from portfolio_app.identity.errors import IdentityExists
from portfolio_app.identity.kdf import KdfLimits, check_new_passphrase
from portfolio_app.identity.store import KeyFolder
from portfolio_app.identity.transfer import keys_for_backup, restore_keys
from portfolio_app.storage import Repository
from portfolio_app.storage.backup import restore_backup, write_backup

KEYS_PREFIX = "keys/"
QUALIFICATIONS_PREFIX = "qualifications/"
MAX_BACKUP_BYTES = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    path: Path
    credentials: int
    qualifications: int
    did: str | None  # the identity carried, if the profile has one

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "credentials": self.credentials,
            "qualifications": self.qualifications,
            "did": self.did,
        }


@dataclass(frozen=True)
class RestoreResult:
    added: int
    skipped: int
    qualifications: int
    did: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "restored": self.added,
            "skipped": self.skipped,
            "qualifications": self.qualifications,
            "did": self.did,
        }


def backup_profile(
    repo: Repository,
    data_dir: Path,
    target: Path,
    passphrase: str,
    *,
    keys_passphrase: str | None = None,
    limits: KdfLimits | None = None,
) -> BackupResult:
    """Write the encrypted backup to ``target`` (atomically: a failure leaves no file).

    ``keys_passphrase`` opens the learner's keys when they are passphrase-sealed (it defaults
    to the backup passphrase, which most learners choose to be the same).
    """
    check_new_passphrase(passphrase)
    extra: dict[str, bytes] = {}
    did = None
    if KeyFolder(data_dir).exists():
        carried = keys_for_backup(
            data_dir,
            passphrase,
            passphrase=keys_passphrase if keys_passphrase is not None else passphrase,
            limits=limits,
        )
        extra.update(carried.files)
        did = carried.did
    texts = repo.list_qualification_texts()
    for index, text in enumerate(texts):
        extra[f"{QUALIFICATIONS_PREFIX}{index:04d}.json"] = text.encode("utf-8")
    _check_target_folder(target)
    # The scratch copy sits beside the target, so a full or read-only target medium fails
    # here with the target's name, and the half-written scratch folder is removed.
    try:
        with write_errors(target), tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            plain = Path(scratch) / "archive.zip"
            summary = write_backup(repo, plain, extra_files=extra)
            sealed = encrypt_with_passphrase(plain.read_bytes(), passphrase, limits=limits)
            atomic_write(target, sealed)
    except StorageFull as exc:  # name the file the learner asked for, not our scratch copy
        raise StorageFull(target) from exc
    except WriteDenied as exc:
        raise WriteDenied(target, exc.why) from exc
    return BackupResult(target, summary.credentials, len(texts), did)


def _check_target_folder(target: Path) -> None:
    """Refuse a backup target whose folder is missing or not a folder, in one sentence."""
    if target.is_dir():
        raise PortfolioError(
            f"cannot write the backup to {target}: it is a folder; give a file name, "
            f"e.g. {target / 'portfolio.backup'}"
        )
    if not target.parent.is_dir():
        raise PortfolioError(
            f"cannot write the backup to {target}: the folder {target.parent} does not "
            "exist; create it or choose another place"
        )


def restore_profile(
    repo: Repository, data_dir: Path, source: Path, passphrase: str
) -> RestoreResult:
    """Bring an encrypted backup back.  A wrong passphrase or a damaged file changes nothing."""
    try:
        if source.stat().st_size > MAX_BACKUP_BYTES:
            raise RejectedInput(f"{source.name}: larger than any backup this app writes")
        blob = source.read_bytes()
    except OSError as exc:
        raise PortfolioError(f"{source.name}: cannot read ({exc.strerror})") from exc
    if not is_encrypted_backup(blob):
        raise PortfolioError(f"{source.name}: not a Learner Portfolio backup")
    archive = decrypt_with_passphrase(blob, passphrase)
    _refuse_other_identity(data_dir, archive)
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "archive.zip"
        with write_errors(plain):
            plain.write_bytes(archive)
        summary = restore_backup(repo, plain)
    extra = summary.extra_files
    keys = {name: body for name, body in extra.items() if name.startswith(KEYS_PREFIX)}
    did = restore_keys(data_dir, keys, passphrase).did if keys else None
    texts = [
        body.decode("utf-8")
        for name, body in sorted(extra.items())
        if name.startswith(QUALIFICATIONS_PREFIX)
    ]
    for text in texts:
        qualification_id = json.loads(text)["id"]
        repo.put_qualification(str(qualification_id), text)
    return RestoreResult(summary.added, summary.skipped, len(texts), did)


def _refuse_other_identity(data_dir: Path, archive: bytes) -> None:
    """Check before anything is written that the backup's identity can join this profile."""
    folder = KeyFolder(data_dir)
    if not folder.exists():
        return
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            history = json.loads(zf.read(f"extra/{KEYS_PREFIX}public_keys.json"))
        carried = history["keys"][-1]["did"]
    except (KeyError, ValueError, IndexError, TypeError, zipfile.BadZipFile):
        return  # no identity in the backup (or restore_backup will refuse the archive)
    current = folder.current().get("did")
    if current != carried:
        raise IdentityExists(
            f"this profile already has another identity ({current}); restore into an empty profile"
        )
