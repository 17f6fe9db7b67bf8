"""Which files found inside a folder are plainly not credentials (a README, notes, a licence).

A learner points the app at the folder their badges were downloaded to; it usually also holds
a README, a ``notes.txt`` or a ``SOURCES.md``.  Refusing those one by one (and exiting 1) would
make every honest folder import look like a failure, so they are *skipped* and summed up in
one line instead.  The rule is deliberately narrow, because a skipped credential would be a
silent loss:

* only files met while walking a folder; a file the learner names explicitly is always tried;
* only by name (``README``, ``LICENSE``, ``NOTES``… with any or no extension) or by a prose
  extension (``.md``, ``.txt``, ``.rst``, ``.csv``, ``.log``, ``.html``…) — never ``.json``,
  ``.png``, ``.svg``, ``.pdf``, ``.jwt`` or files without an extension;
* AND the content does not look like any container we read: a file whose first non-blank
  character is ``{``, ``[`` or ``<`` (JSON, XML/SVG), or that holds a compact JWS
  (``eyJ…``), is tried as a credential (and refused with its reason if it fails).  Prose that
  merely *talks about* badges (a README quoting a context URL) is still prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest.files import iter_files

#: Extensions of prose and tabular files that a credential is never saved as.
PROSE_EXTENSIONS = frozenset(
    {".md", ".markdown", ".txt", ".text", ".rst", ".adoc", ".org", ".csv", ".tsv", ".log",
     ".html", ".htm", ".rtf", ".ini", ".cfg", ".yml", ".yaml", ".toml"}
)  # fmt: skip
#: File stems that name a document about the folder, whatever their extension.
DOCUMENT_STEMS = frozenset(
    {"readme", "license", "licence", "copying", "notice", "notes", "changelog", "authors",
     "sources", "manifest", "contents", "index", "todo"}
)  # fmt: skip
#: Operating-system clutter.
CLUTTER_NAMES = frozenset({"thumbs.db", "desktop.ini"})
#: Extensions we read as credentials: never skipped by name.
CREDENTIAL_EXTENSIONS = frozenset({".json", ".jsonld", ".png", ".svg", ".pdf", ".jwt", ".jws"})

SNIFF_BYTES = 64 * 1024
_JWS = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.")


def skipped_by_name(path: Path) -> bool:
    """Whether the name alone makes ``path`` a candidate for skipping (content still decides)."""
    name = path.name.lower()
    if name in CLUTTER_NAMES:
        return True
    suffix = path.suffix.lower()
    if suffix in CREDENTIAL_EXTENSIONS:
        return False
    return suffix in PROSE_EXTENSIONS or path.stem.lower() in DOCUMENT_STEMS


def looks_like_a_credential(head: bytes) -> bool:
    """Whether the first bytes of a file could hold a credential in any container we read."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"[", b"<"):
        return True
    return _JWS.search(head) is not None


def is_plainly_not_a_credential(path: Path) -> bool:
    """True for a file found in a folder that should be skipped, not refused.

    Reads at most :data:`SNIFF_BYTES`; a file that cannot be read is *not* skipped, so its
    real problem (permission denied, …) is reported by the normal import.
    """
    if path.name.lower() in CLUTTER_NAMES:
        return True
    if not skipped_by_name(path):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return not looks_like_a_credential(head)


def expand(
    paths: Sequence[Path],
) -> tuple[list[Path | tuple[Path, RejectedInput]], list[Path]]:
    """Files and refusals under ``paths`` (as :func:`iter_files`), and the files skipped.

    Paths named explicitly are never skipped: only what was found by walking a folder.
    """
    named = {Path(p) for p in paths}
    kept: list[Path | tuple[Path, RejectedInput]] = []
    skipped: list[Path] = []
    for entry in iter_files(paths):
        if isinstance(entry, Path) and entry not in named and is_plainly_not_a_credential(entry):
            skipped.append(entry)
        else:
            kept.append(entry)
    return kept, skipped


def skipped_summary(names: list[str]) -> str:
    """``"skipped 2 files that are not credentials: SOURCES.md, notes.txt"``."""
    what = "file that is not a credential" if len(names) == 1 else "files that are not credentials"
    return f"skipped {len(names)} {what}: {', '.join(names)}"
