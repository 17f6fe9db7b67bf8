"""Whole-profile backup and restore: one portable file, checked fully before it is trusted.

Archive format ("learner-portfolio-backup", format version 1)
-------------------------------------------------------------
A ZIP file (members DEFLATE-compressed) holding exactly:

``manifest.json``
    UTF-8 JSON object::

        {
          "format": "learner-portfolio-backup",
          "format_version": 2,              # 1: before renditions and learner facts
          "app_version": "0.1.0",            # portfolio_app.__version__ that wrote it
          "created_at": "<ISO 8601, UTC>",
          "credentials": [                    # ascending id
            {"id": 1, "sha256": "<hex>", "original_name": "badge.png",
             "imported_at": "<ISO>", "notes": "", "user_tags": ["..."],
             "credential": {...every Credential field, see storage.codec...},
             "verdicts": [                    # newest first
               {"checked_at": "<ISO>", "status": "verified", "summary": "...",
                "checks": [Check.to_json(), ...], "facts": {"k": "v"}}],
             "learner": {...LearnerFacts, see storage.codec...},           # version 2
             "renditions": [{"sha256": "<hex>", "original_name": "...",   # version 2,
                             "imported_at": "<ISO>", "format": "...",     # oldest first
                             "container": "...", "payload": "...", "extra": {},
                             "status": "verified" | null, "checked_at": "<ISO>" | null}],
             "shown_history": [{"changed_at": "<ISO>", "reason": "...",  # version 2
                                "shown": {...}}]}],
          "settings": {"key": <any JSON>},
          "extra_files": ["name", ...]         # see below
        }

``blobs/<sha256 hex>``
    Each original file, byte for byte; its name is the SHA-256 of its content.

``extra/<name>``
    Opaque files the caller passes to :func:`write_backup` (``extra_files``) and gets back from
    :func:`restore_backup`; a name may have one folder level (``keys/secrets.sealed``).  The
    services layer puts the learner's keys (sealed under the backup passphrase) and their
    qualification definitions here: storage only carries the bytes.

Nothing else is allowed in the archive.  What the learner gets is this archive inside an
encrypted envelope (:mod:`portfolio_app.services.backup`), so this reader stays unchanged.

Restore refuses (with :class:`~portfolio_app.errors.RejectedInput`, one sentence) anything that
is not a ZIP, has an unexpected or unsafe member name, declares members over
:data:`MAX_MEMBER_BYTES` or a total over :data:`MAX_TOTAL_BYTES` (zip bombs), has a manifest of
another format or a newer version, or an original that is missing or does not hash to its
name, all before the profile is touched.  Then everything is added in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from portfolio_app import __version__
from portfolio_app.errors import RejectedInput
from portfolio_app.storage import codec
from portfolio_app.storage.originals import SHA256_RE
from portfolio_app.storage.records import (
    CredentialSnapshot,
    Rendition,
    ShownRecord,
    StoredCredential,
    VerdictRecord,
)
from portfolio_app.storage.repository import Repository
from portfolio_app.verify.verdict import Status

FORMAT_NAME = "learner-portfolio-backup"
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 100_000
# One optional folder level ("keys/secrets.sealed"); every part starts with a letter or digit,
# so no name can climb out with "..".
EXTRA_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    credentials: int
    blobs: int
    verdicts: int
    settings: int
    size_bytes: int


@dataclass(frozen=True)
class RestoreSummary:
    added: int
    skipped: int  # already in this profile (same file or same credential id)
    settings_restored: int  # settings keys this profile did not have yet
    added_ids: tuple[int, ...] = ()
    extra_files: dict[str, bytes] = field(default_factory=dict)
    app_version: str = ""  # of the app that wrote the backup


def write_backup(
    repo: Repository, target: Path, *, extra_files: Mapping[str, bytes] | None = None
) -> BackupSummary:
    """Write the whole profile to ``target`` (one ZIP file, replaced atomically).

    A damaged original (:class:`~portfolio_app.storage.errors.BlobCorrupted`) aborts the
    backup rather than archiving altered evidence; no partial file is left behind.
    """
    extras = dict(extra_files or {})
    for name in extras:
        if not EXTRA_NAME_RE.fullmatch(name):
            raise ValueError(f"extra file name not allowed in a backup: {name!r}")
    snapshot = repo.export_snapshot()
    now = datetime.now(UTC)
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": now.isoformat(),
        "credentials": [_entry_to_json(item) for item in snapshot.credentials],
        "settings": snapshot.settings,
        "extra_files": sorted(extras),
    }
    shas = sorted(_blob_shas(snapshot.credentials))
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                stamp = now.timetuple()[:6]
                _write_member(archive, MANIFEST, stamp, [json.dumps(manifest, indent=1).encode()])
                for sha in shas:  # one at a time: each is at most the import limit (20 MiB)
                    data = repo.rendition_bytes(sha)  # re-hashed: BlobCorrupted if damaged
                    _write_member(archive, f"blobs/{sha}", stamp, [data], len(data))
                for name, data in sorted(extras.items()):
                    _write_member(archive, f"extra/{name}", stamp, [data])
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            tmp.chmod(0o600)  # it holds the learner's personal records
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=target,
        credentials=len(snapshot.credentials),
        blobs=len(shas),
        verdicts=sum(len(item.verdicts) for item in snapshot.credentials),
        settings=len(snapshot.settings),
        size_bytes=target.stat().st_size,
    )


def restore_backup(repo: Repository, source: Path) -> RestoreSummary:
    """Validate ``source`` completely, then add its contents to ``repo`` in one transaction."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile):
        raise RejectedInput("not a Learner Portfolio backup (not a ZIP archive)") from None
    except OSError as exc:
        raise RejectedInput(f"cannot read the backup ({exc.strerror or exc})") from None
    with archive:
        try:
            items, settings, extra_names, app_version = _validate(archive)
            extras = {name: _read_member(archive, f"extra/{name}") for name in extra_names}
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise RejectedInput(f"the backup is damaged ({exc})") from None

        def read_original(sha: str) -> bytes:
            return _read_member(archive, f"blobs/{sha}")

        result = repo.import_snapshot(items, settings, read_original)
    return RestoreSummary(
        added=len(result.added),
        skipped=result.skipped,
        settings_restored=result.settings_restored,
        added_ids=result.added,
        extra_files=extras,
        app_version=app_version,
    )


# -- writing ----------------------------------------------------------------------------------


def _write_member(
    archive: zipfile.ZipFile,
    name: str,
    stamp: tuple[int, ...],
    chunks: Iterator[bytes] | list[bytes],
    size: int = 0,
) -> None:
    info = zipfile.ZipInfo(
        name, date_time=(stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5])
    )
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.file_size = size
    with archive.open(info, "w", force_zip64=size > MAX_MEMBER_BYTES) as member:
        for chunk in chunks:
            member.write(chunk)


def _blob_shas(items: Iterable[CredentialSnapshot]) -> set[str]:
    """Every original the entries refer to: the shown one and every other rendition."""
    shas: set[str] = set()
    for item in items:
        shas.add(item.stored.sha256)
        shas.update(r.sha256 for r in item.renditions)
    return shas


def _entry_to_json(item: CredentialSnapshot) -> dict[str, Any]:
    s = item.stored
    return {
        "id": s.id,
        "sha256": s.sha256,
        "original_name": s.original_name,
        "imported_at": codec.datetime_to_json(s.imported_at),
        "notes": s.notes,
        "user_tags": list(s.user_tags),
        "credential": codec.credential_to_json(s.credential),
        "verdicts": [
            {
                "checked_at": codec.datetime_to_json(v.checked_at),
                "status": v.status.value,
                "summary": v.summary,
                "checks": [c.to_json() for c in v.checks],
                "facts": dict(v.facts),
            }
            for v in item.verdicts
        ],
        "learner": codec.learner_to_json(s.learner),
        "renditions": [
            {
                "sha256": r.sha256,
                "original_name": r.original_name,
                "imported_at": codec.datetime_to_json(r.imported_at),
                "format": r.format,
                "container": r.container,
                "payload": r.payload,
                "extra": dict(r.extra),
                "status": None if r.status is None else r.status.value,
                "checked_at": codec.datetime_to_json(r.checked_at),
            }
            for r in item.renditions
        ],
        "shown_history": [
            {
                "changed_at": codec.datetime_to_json(h.changed_at),
                "reason": h.reason,
                "shown": h.shown,
            }
            for h in item.shown_history
        ],
    }


# -- reading and validating --------------------------------------------------------------------


def _validate(
    archive: zipfile.ZipFile,
) -> tuple[list[CredentialSnapshot], dict[str, Any], list[str], str]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise RejectedInput(f"the backup holds too many files ({len(infos)})")
    names: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe(name):
            raise RejectedInput(f"the backup contains an unsafe file name: {name!r}")
        if name in names:
            raise RejectedInput(f"the backup contains {name!r} twice")
        names.add(name)
        if not _allowed(name):
            raise RejectedInput(f"the backup contains an unexpected file: {name!r}")
        if info.flag_bits & 0x1:
            raise RejectedInput(f"the backup member {name!r} is encrypted; cannot read it")
        if info.file_size > MAX_MEMBER_BYTES:
            raise RejectedInput(f"the backup member {name!r} is too large ({info.file_size} bytes)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise RejectedInput("the backup is too large to restore (over 2 GB unpacked)")
    if MANIFEST not in names:
        raise RejectedInput("not a Learner Portfolio backup (no manifest.json)")

    manifest = _load_manifest(_read_member(archive, MANIFEST))
    app_version = manifest.get("app_version")
    try:
        items = _items_from_json(manifest.get("credentials"))
        settings = manifest.get("settings")
        if not isinstance(settings, dict):
            raise ValueError("settings must be an object")
        extra_names = list(codec.text_list(manifest.get("extra_files", []), "extra_files"))
    except (ValueError, KeyError, TypeError) as exc:
        raise RejectedInput(f"the backup manifest is damaged: {exc}") from None

    wanted_blobs = {f"blobs/{sha}" for sha in _blob_shas(items)}
    wanted_extras = {f"extra/{n}" for n in extra_names}
    for name in sorted(names - {MANIFEST} - wanted_blobs - wanted_extras):
        raise RejectedInput(f"the backup contains a file its manifest does not list: {name!r}")
    for name in sorted((wanted_blobs | wanted_extras) - names):
        raise RejectedInput(f"the backup is incomplete: {name!r} is missing")
    for name in sorted(wanted_blobs):
        if _hash_member(archive, name) != name.removeprefix("blobs/"):
            raise RejectedInput(
                f"the backup is damaged: original {name.removeprefix('blobs/')[:12]}… "
                "does not match its SHA-256"
            )
    return items, settings, extra_names, app_version if isinstance(app_version, str) else ""


def _load_manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RejectedInput(f"the backup manifest is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise RejectedInput("not a Learner Portfolio backup (unknown manifest format)")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RejectedInput("the backup manifest has no valid format_version")
    if version > FORMAT_VERSION:
        raise RejectedInput(
            f"this backup was written by a newer version of Learner Portfolio (backup format "
            f"{version}; this version reads up to {FORMAT_VERSION}); update the app"
        )
    if version < 1:
        raise RejectedInput(f"unknown backup format version {version}")
    return manifest


def _items_from_json(value: object) -> list[CredentialSnapshot]:
    if not isinstance(value, list):
        raise ValueError("credentials must be a list")
    items: list[CredentialSnapshot] = []
    seen: set[str] = set()
    for entry in value:
        if not isinstance(entry, dict):
            raise ValueError("each credential must be an object")
        sha = codec.text(entry, "sha256")
        if not SHA256_RE.fullmatch(sha):
            raise ValueError(f"sha256 is not a SHA-256 hex digest: {sha!r}")
        if sha in seen:
            raise ValueError(f"original {sha[:12]}… is listed twice")
        seen.add(sha)
        ident = entry.get("id")
        if not isinstance(ident, int) or isinstance(ident, bool) or ident < 1:
            raise ValueError("id must be a positive integer")
        credential_data = entry.get("credential")
        if not isinstance(credential_data, dict):
            raise ValueError("credential must be an object")
        stored = StoredCredential(
            id=ident,
            sha256=sha,
            original_name=codec.text(entry, "original_name"),
            imported_at=codec.required_datetime(entry.get("imported_at"), "imported_at"),
            notes=codec.text(entry, "notes"),
            user_tags=codec.text_list(entry.get("user_tags"), "user_tags"),
            credential=codec.credential_from_json(credential_data),
            learner=codec.learner_from_json(entry.get("learner", {})),
        )
        verdicts = entry.get("verdicts")
        if not isinstance(verdicts, list):
            raise ValueError("verdicts must be a list")
        renditions = tuple(_rendition_from_json(r) for r in _list(entry, "renditions"))
        for r in renditions:
            if r.sha256 != sha and r.sha256 in seen:
                raise ValueError(f"original {r.sha256[:12]}… is listed twice")
            seen.add(r.sha256)
        history = tuple(_shown_from_json(h) for h in _list(entry, "shown_history"))
        items.append(
            CredentialSnapshot(
                stored,
                tuple(_verdict_from_json(v, ident) for v in verdicts),
                renditions,
                history,
            )
        )
    return items


def _list(entry: Mapping[str, Any], key: str) -> list[Any]:
    """An optional list (absent in format version 1)."""
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list")
    return value


def _rendition_from_json(data: object) -> Rendition:
    if not isinstance(data, dict):
        raise ValueError("each rendition must be an object")
    sha = codec.text(data, "sha256")
    if not SHA256_RE.fullmatch(sha):
        raise ValueError(f"rendition sha256 is not a SHA-256 hex digest: {sha!r}")
    status = codec.optional_text(data, "status")
    return Rendition(
        sha256=sha,
        original_name=codec.text(data, "original_name"),
        imported_at=codec.required_datetime(data.get("imported_at"), "imported_at"),
        format=codec.text(data, "format"),
        container=codec.text(data, "container"),
        payload=codec.text(data, "payload"),
        extra=codec.text_map(data.get("extra", {}), "extra"),
        status=None if status is None else Status(status),
        checked_at=codec.datetime_from_json(data.get("checked_at"), "checked_at"),
    )


def _shown_from_json(data: object) -> ShownRecord:
    if not isinstance(data, dict):
        raise ValueError("each shown_history entry must be an object")
    shown = data.get("shown")
    if not isinstance(shown, dict):
        raise ValueError("shown must be an object")
    return ShownRecord(
        changed_at=codec.required_datetime(data.get("changed_at"), "changed_at"),
        reason=codec.text(data, "reason"),
        shown=shown,
    )


def _verdict_from_json(data: object, credential_id: int) -> VerdictRecord:
    if not isinstance(data, dict):
        raise ValueError("each verdict must be an object")
    checks = data.get("checks")
    if not isinstance(checks, list):
        raise ValueError("checks must be a list")
    return VerdictRecord(
        id=0,  # assigned on insert
        credential_id=credential_id,
        checked_at=codec.required_datetime(data.get("checked_at"), "checked_at"),
        status=Status(codec.text(data, "status")),
        summary=codec.text(data, "summary"),
        checks=tuple(codec.check_from_json(c) for c in checks),
        facts=codec.text_map(data.get("facts"), "facts"),
    )


def _unsafe(name: str) -> bool:
    """Names that could escape a folder if anyone ever extracted the archive."""
    parts = name.split("/")
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or ":" in name
        or any(part in ("", ".", "..") for part in parts)
    )


def _allowed(name: str) -> bool:
    if name == MANIFEST:
        return True
    folder, _, leaf = name.partition("/")
    if folder == "blobs":
        return SHA256_RE.fullmatch(leaf) is not None
    if folder == "extra":
        return EXTRA_NAME_RE.fullmatch(leaf) is not None
    return False


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """Read a member, never more than :data:`MAX_MEMBER_BYTES` whatever its header claims."""
    with archive.open(name) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise RejectedInput(f"the backup member {name!r} is too large")
    return data


def _hash_member(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    read = 0
    with archive.open(name) as member:
        while chunk := member.read(_CHUNK):
            read += len(chunk)
            if read > MAX_MEMBER_BYTES:
                raise RejectedInput(f"the backup member {name!r} is too large")
            digest.update(chunk)
    return digest.hexdigest()
