"""Reading files and walking folders: size limits without reading, loops that terminate."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest import DEFAULT_MAX_BYTES, iter_files, read_file


def test_reads_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"{}")
    assert read_file(path) == b"{}"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.touch()
    with pytest.raises(RejectedInput) as caught:
        read_file(path)
    assert caught.value.reason == "empty file"


def test_file_over_a_small_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(RejectedInput) as caught:
        read_file(path, max_bytes=1024)
    assert caught.value.reason == "file is larger than the 1 KB import limit (2 KB)"
    assert read_file(path, max_bytes=2048) == b"x" * 2048


def test_default_limit_refuses_a_sparse_21_mb_file_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    with pytest.raises(RejectedInput) as caught:
        read_file(path)
    assert caught.value.reason == "file is larger than the 20 MB import limit (21 MB)"
    assert opened == []
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RejectedInput, match="file does not exist"):
        read_file(tmp_path / "nope")
    with pytest.raises(RejectedInput, match="is a folder"):
        read_file(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(RejectedInput, match="not a regular file"):
        read_file(fifo)
    [(path, error)] = list(iter_files([tmp_path]))  # type: ignore[misc]
    assert path == fifo
    assert error.reason.startswith("not a regular file")


def test_folders_are_walked_sorted_and_hidden_entries_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.json").write_text("{}")
    (tmp_path / "b" / "a.png").write_text("x")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / ".hidden.json").write_text("{}")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    found = list(iter_files([tmp_path]))
    assert found == [tmp_path / "a.json", tmp_path / "b" / "a.png", tmp_path / "b" / "z.json"]


def test_explicit_hidden_file_is_kept(tmp_path: Path) -> None:
    hidden = tmp_path / ".badge.json"
    hidden.write_text("{}")
    assert list(iter_files([hidden])) == [hidden]


def test_missing_path_is_yielded_as_a_rejection(tmp_path: Path) -> None:
    [(path, error)] = list(iter_files([tmp_path / "gone"]))  # type: ignore[misc]
    assert path == tmp_path / "gone"
    assert error.reason == "no such file or folder"


def test_symlink_loop_terminates_with_one_rejection(tmp_path: Path) -> None:
    root = tmp_path / "badges"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "badge.json").write_text("{}")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    started = time.perf_counter()
    found = list(iter_files([root]))
    assert time.perf_counter() - started < 2
    assert found[0] == root / "sub" / "badge.json"
    rejections = [item for item in found if isinstance(item, tuple)]
    assert len(rejections) == 1
    path, error = rejections[0]
    assert path == root / "sub" / "loop"
    assert error.reason.startswith("symlink loop")
    assert len(found) == 2


def test_self_referencing_symlink(tmp_path: Path) -> None:
    link = tmp_path / "self"
    link.symlink_to(link)
    [(path, error)] = list(iter_files([tmp_path]))  # type: ignore[misc]
    assert path == link
    assert error.reason.startswith("symlink loop")


def test_folder_reached_twice_through_links_is_listed_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.json").write_text("{}")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    assert list(iter_files([tmp_path])) == [tmp_path / "alias" / "a.json"]
