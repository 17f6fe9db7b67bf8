"""Bad input gets one clear line naming the file and the reason, and changes nothing.

Each case imports a hostile file into a profile that already holds a credential, then checks
the refusal text and that every file of the profile (database and blobs) is byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from tests.helpers import itxt, png_chunk, profile_snapshot, tiny_png


def _billion_laughs() -> bytes:
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol0 "lol">{entities}]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&lol9;</svg>'
    ).encode()


def _bad_crc_png() -> bytes:
    data = bytearray(tiny_png(itxt("openbadges", '{"type": "Assertion"}')))
    data[-20] ^= 0xFF  # inside a chunk body, so its CRC no longer matches
    return bytes(data)


HOSTILE: dict[str, tuple[bytes, str]] = {
    "truncated.png": (tiny_png(itxt("openbadges", "{}"))[:40], "truncated"),
    "corrupt.png": (_bad_crc_png(), "CRC"),
    "plain.png": (tiny_png(png_chunk(b"tEXt", b"Comment\x00hello")), "no Open Badges data"),
    "bomb.svg": (_billion_laughs(), "entities are not allowed"),
    "deep.json": (b"[" * 10_000 + b"]" * 10_000, "nested"),
    "latin1.json": ('{"name": "café"}'.encode("latin-1"), "UTF-8"),
    "empty.json": (b"", "empty"),
    "random.bin": (bytes(range(7, 256)) * 2, "not a credential"),
    "notabadge.json": (b'{"hello": "world"}', "not a credential"),
}


@pytest.fixture
def held(tmp_path: Path, public_fixtures: Path) -> Portfolio:
    portfolio = Portfolio(tmp_path / "profile")
    report = portfolio.import_paths([public_fixtures / "dcc-obv3-vc2-eddsa-didkey-basic.json"])
    assert report.count(ImportStatus.IMPORTED) == 1
    return portfolio


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_and_profile_unchanged(
    held: Portfolio, tmp_path: Path, name: str
) -> None:
    data, reason_fragment = HOSTILE[name]
    bad = tmp_path / "incoming" / name
    bad.parent.mkdir()
    bad.write_bytes(data)
    before = profile_snapshot(held.data_dir)

    report = held.import_paths([bad])

    (outcome,) = report.outcomes
    assert outcome.status is ImportStatus.REJECTED
    assert outcome.line.startswith(f"{name}: ")
    assert reason_fragment.lower() in outcome.line.lower()
    assert "\n" not in outcome.line
    assert profile_snapshot(held.data_dir) == before
    assert len(held.credentials()) == 1


def test_file_over_the_size_limit_is_refused_without_reading(
    held: Portfolio, tmp_path: Path
) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: 21 MB that costs nothing to create
    before = profile_snapshot(held.data_dir)

    (outcome,) = held.import_paths([big]).outcomes

    assert outcome.status is ImportStatus.REJECTED
    assert "larger than" in outcome.message
    assert profile_snapshot(held.data_dir) == before


def test_size_limit_is_a_profile_setting(held: Portfolio, public_fixtures: Path) -> None:
    held.repo.set_setting("import.max_bytes", 1024)
    (outcome,) = held.import_paths(
        [public_fixtures / "1edtech-obv3-baked-embeddedproof.png"]
    ).outcomes
    assert outcome.status is ImportStatus.REJECTED
    assert "larger than" in outcome.message


def test_symlink_loop_in_a_folder_terminates_and_imports_the_rest(
    held: Portfolio, tmp_path: Path, public_fixtures: Path
) -> None:
    folder = tmp_path / "loop"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "inner" / "badge.json").write_bytes(
        (public_fixtures / "dcc-obv3-vc1-ed25519-didkey-expired.json").read_bytes()
    )

    report = held.import_paths([folder])

    assert report.count(ImportStatus.IMPORTED) == 1
    assert any("loop" in o.message for o in report.outcomes if o.status is ImportStatus.REJECTED)
    assert len(held.credentials()) == 2


def test_a_failing_store_leaves_no_row_and_no_blob(
    held: Portfolio, public_fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = profile_snapshot(held.data_dir)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("sqlalchemy.orm.Session.commit", explode)
    (outcome,) = held.import_paths(
        [public_fixtures / "dcc-obv3-vc1-ed25519-didkey-expired.json"]
    ).outcomes
    monkeypatch.undo()

    assert outcome.status is ImportStatus.REJECTED
    assert (
        outcome.line == "dcc-obv3-vc1-ed25519-didkey-expired.json: could not be stored (disk full)"
    )
    assert profile_snapshot(held.data_dir) == before
