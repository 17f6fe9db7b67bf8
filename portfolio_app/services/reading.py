"""A file's credentials, read the one way import and ``portfolio verify`` both read them.

Kept apart from :mod:`portfolio_app.services.importing` because that module loads the
repository (SQLAlchemy), which ``portfolio verify`` never opens (issue 12: it was half of a
one-file verify); importing and both verify paths call these functions.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_app.formats.parse import parse_all
from portfolio_app.formats.registry import PRESENTATION_HOLDER, PRESENTATION_ID
from portfolio_app.ingest.extract import Extracted, extract
from portfolio_app.ingest.files import DEFAULT_MAX_BYTES, read_file
from portfolio_app.model import Credential


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
    from portfolio_app.verify.presentation import presentation_proof_note  # noqa: PLC0415 - rare

    note = presentation_proof_note(extracted.payload)
    return [(c, c.payload.encode("utf-8")) for c in found], note


def credentials_to_verify(path: Path, max_bytes: int) -> tuple[list[Credential], str]:
    """:func:`read_credentials` without the originals: verifying stores nothing."""
    found, note = read_credentials(path, max_bytes)
    return [credential for credential, _original in found], note
