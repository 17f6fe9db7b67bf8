"""Originals back out (``portfolio save``) and learner-entered facts (``portfolio edit``).

Both are about keeping two things apart: what the issuer's file says (kept byte for byte, in
every rendition it arrived in) and what the learner says about it (kept beside it, marked as
learner-entered wherever it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from portfolio_app.errors import PortfolioError
from portfolio_app.fsutil import atomic_write, write_errors
from portfolio_app.model import CreditValue
from portfolio_app.storage import Rendition, Repository, StoredCredential

#: Originals are the learner's own files: readable by them like any other saved download.
SAVED_MODE = 0o644


class SaveRefused(PortfolioError):
    """``save`` would replace a file the learner did not ask to replace."""


@dataclass(frozen=True)
class LearnerEdit:
    """One ``portfolio edit``: ``None`` leaves a field as it is, ``""`` clears it."""

    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    issuer_name: str | None = None
    achievement_name: str | None = None
    achievement_id: str | None = None
    credits: tuple[CreditValue, ...] | None = None
    note: str | None = None


def _clean(value: str | None, current: str | None) -> str | None:
    if value is None:
        return current
    return value.strip() or None


def apply_edit(repo: Repository, credential_id: int, change: LearnerEdit) -> StoredCredential:
    stored = repo.get(credential_id)
    facts = stored.learner
    facts = replace(
        facts,
        issuer_name=_clean(change.issuer_name, facts.issuer_name),
        achievement_name=_clean(change.achievement_name, facts.achievement_name),
        achievement_id=_clean(change.achievement_id, facts.achievement_id),
        credits=facts.credits if change.credits is None else change.credits,
        note=facts.note if change.note is None else change.note.strip(),
    )
    if facts != stored.learner:
        stored = repo.set_learner(credential_id, facts)
    if change.add_tags or change.remove_tags:
        dropped = {t.strip() for t in change.remove_tags}
        tags = [t for t in (*stored.user_tags, *change.add_tags) if t.strip() not in dropped]
        stored = repo.set_user_tags(credential_id, tags)
    return stored


def _safe_name(name: str, fallback: str) -> str:
    """The original's own file name, never a path (a stored name cannot escape ``dest``)."""
    base = PurePath(name.replace("\\", "/")).name.strip()
    return base if base and base not in {".", ".."} else fallback


def _fallback_name(rendition: Rendition) -> str:
    return f"credential-{rendition.sha256[:12]}.{rendition.container}"


def _unique(names: list[str]) -> list[str]:
    """Two renditions with the same file name both get saved: later ones get ``-2``, ``-3``."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        path = PurePath(name)
        result.append(name if count == 1 else f"{path.stem}-{count}{path.suffix}")
    return result


def save_originals(
    repo: Repository, credential_id: int, dest: Path, *, every: bool, force: bool
) -> list[Path]:
    renditions = repo.renditions(credential_id)
    chosen = renditions if every else [r for r in renditions if r.shown][:1] or renditions[:1]
    names = _unique([_safe_name(r.original_name, _fallback_name(r)) for r in chosen])
    targets = [dest / name for name in names] if every or dest.is_dir() else [dest]
    if not force:
        existing = [t for t in targets if t.exists()]
        if existing:
            raise SaveRefused(
                f"{existing[0]} already exists; nothing was written "
                "(choose another place, or add --force to replace it)"
            )
    contents = [repo.rendition_bytes(r.sha256) for r in chosen]  # all read before any write
    if every:
        with write_errors(dest):
            dest.mkdir(parents=True, exist_ok=True)
    for target, data in zip(targets, contents, strict=True):
        atomic_write(target, data, mode=SAVED_MODE)
    return targets
