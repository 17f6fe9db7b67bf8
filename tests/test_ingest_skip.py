"""The rule for skipping files in a folder that are plainly not credentials."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_app.ingest.skip import expand, is_plainly_not_a_credential, skipped_summary


@pytest.mark.parametrize(
    ("name", "content", "skipped"),
    [
        ("README", b"About these badges\n", True),
        ("README.md", b"# Badges\n\n```json\n{...}\n```\n", True),
        ("notes.txt", b"remember the password", True),
        ("LICENSE", b"CC0 1.0 Universal\n", True),
        ("Thumbs.db", b"\x00\x01", True),
        ("badge.txt", b'  {"@context": "https://www.w3.org/ns/credentials/v2"}', False),
        ("token.txt", b"eyJhbGciOiJSUzI1NiJ9.eyJhIjoiYiJ9.c2ln", False),
        ("badge.html", b"<svg xmlns='http://www.w3.org/2000/svg'/>", False),
        ("readme.json", b"not json at all", False),  # a credential extension: always tried
        ("image.png", b"not a png", False),
        ("transcript", b"plain words", False),  # no extension, not a document name
    ],
)
def test_the_rule_by_name_and_content(
    tmp_path: Path, name: str, content: bytes, skipped: bool
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert is_plainly_not_a_credential(path) is skipped


def test_only_files_found_in_a_folder_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "b.json").write_text("{}")
    kept, skipped = expand([tmp_path])
    assert kept == [tmp_path / "b.json"] and skipped == [tmp_path / "notes.txt"]
    kept, skipped = expand([tmp_path / "notes.txt"])
    assert kept == [tmp_path / "notes.txt"] and skipped == []


def test_the_summary_line() -> None:
    assert skipped_summary(["SOURCES.md", "notes.txt"]) == (
        "skipped 2 files that are not credentials: SOURCES.md, notes.txt"
    )
    assert skipped_summary(["README"]) == "skipped 1 file that is not a credential: README"
