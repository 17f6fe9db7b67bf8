"""Small builders shared by tests: hand-made badge files, profile snapshots."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiny_png(*extra_chunks: bytes, after_idat: bool = False) -> bytes:
    """A valid 1x1 grey PNG, with ``extra_chunks`` placed before or after the image data."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    end = png_chunk(b"IEND", b"")
    middle = (idat + b"".join(extra_chunks)) if after_idat else (b"".join(extra_chunks) + idat)
    return b"\x89PNG\r\n\x1a\n" + header + middle + end


def itxt(keyword: str, text: str, *, compressed: bool = False) -> bytes:
    body = text.encode("utf-8")
    if compressed:
        body = zlib.compress(body)
    data = (
        keyword.encode("latin-1")
        + b"\x00"
        + bytes([1 if compressed else 0, 0])
        + b"\x00\x00"
        + body
    )
    return png_chunk(b"iTXt", data)


def profile_snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every file in a profile folder with its bytes (the database, originals included):
    'nothing changed' means this snapshot is identical before and after."""
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and not p.name.endswith("-journal")
    }


def stored_originals(data_dir: Path) -> dict[str, bytes]:
    """The originals a profile holds (sha256 -> bytes), read straight from its database file."""
    conn = sqlite3.connect(data_dir / "portfolio.sqlite3")
    try:
        rows = conn.execute("SELECT sha256, data FROM originals")
        return {sha: bytes(data) for sha, data in rows}
    finally:
        conn.close()


def overwrite_original(data_dir: Path, sha256: str, data: bytes | None) -> None:
    """Damage (new bytes) or delete (None) one stored original behind the app's back, as bit
    rot, a sync tool or a hand edit would."""
    conn = sqlite3.connect(data_dir / "portfolio.sqlite3")
    try:
        with conn:
            if data is None:
                conn.execute("DELETE FROM originals WHERE sha256 = ?", (sha256,))
            else:
                conn.execute("UPDATE originals SET data = ? WHERE sha256 = ?", (data, sha256))
    finally:
        conn.close()
