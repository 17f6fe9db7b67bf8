"""``portfolio verify`` through the sqlite3-only reader answers exactly as the full facade.

The quick path (``services/quick_verify.py``) reads the three settings ``verify`` needs with
the standard library instead of opening the repository (issue 12: SQLAlchemy was half of a
one-file verify).  A learner must not be able to tell which path ran: the same verdicts, the
same text, the same JSON, the same exit code, on every fixture and on files made here; and
whatever the quick reader is unsure of goes to the full facade.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import VC2, Issuer, ob3_credential

from portfolio_app.cli import main
from portfolio_app.services import portfolio as facade
from portfolio_app.services import quick_verify
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.services.quick_verify import QuickVerify

FIXTURES = Path(__file__).parent / "fixtures"
ISSUER, HOLDER = Issuer(51), Issuer(52)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """A current profile (created by the full facade, as a first run does)."""
    folder = tmp_path / "profile"
    Portfolio(folder).close()
    return folder


@pytest.fixture
def quick_opens(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Records, for each ``verify`` run, whether the quick reader took it (True) or handed it
    to the facade (False)."""
    taken: list[bool] = []
    real = QuickVerify.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[QuickVerify], data_dir: Path) -> QuickVerify | None:
        opened: QuickVerify | None = real(cls, data_dir)
        taken.append(opened is not None)
        return opened

    monkeypatch.setattr(QuickVerify, "open", classmethod(spy))
    yield taken


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue(), capsys.readouterr().err


def both_ways(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    taken: list[bool],
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """``portfolio ARGV`` through the quick reader, then through the full facade."""
    quick = run(argv, capsys)
    assert taken[-1] is True, "the quick reader did not take a current profile"
    with monkeypatch.context() as forced:
        forced.setattr(QuickVerify, "open", classmethod(lambda cls, data_dir: None))
        full = run(argv, capsys)
    return quick, full


def made_files(folder: Path) -> list[Path]:
    """Files no fixture covers: a signed presentation of two credentials, a tampered
    credential, one too big for the profile's limit below, and a path that does not exist."""
    folder.mkdir()
    first = ISSUER.sign(ob3_credential(ISSUER.did))
    second = ISSUER.sign(ob3_credential(ISSUER.did, id="urn:uuid:5f1c2d9e-0000-4000-8000-0002"))
    vp = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": [first, second],
    }
    tampered = {**first, "name": "Data Literacy (honours)"}
    files = {
        "presentation.json": HOLDER.sign(vp),
        "tampered.json": tampered,
        "good.json": first,
        "big.json": {**first, "padding": "x" * 300_000},
    }
    for name, document in files.items():
        (folder / name).write_text(json.dumps(document), encoding="utf-8")
    return [folder / name for name in files] + [folder / "missing.json"]


def every_fixture() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file())


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_verify_prints_the_same_bytes_through_the_quick_reader_and_the_facade(
    tmp_path: Path,
    profile: Path,
    as_json: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quick_opens: list[bool],
) -> None:
    with Portfolio(profile) as portfolio:  # settings the quick reader must read as the facade
        portfolio.repo.set_setting(facade.MAX_BYTES_SETTING, 200_000)
        portfolio.set_learner_emails(add=["learner@example.org"])
    paths = [*every_fixture(), *made_files(tmp_path / "made"), tmp_path / "made"]
    argv = ["verify", "--data-dir", str(profile), *map(str, paths)]
    argv += ["--json"] if as_json else []
    quick, full = both_ways(argv, capsys, monkeypatch, quick_opens)
    assert quick == full
    code, out, _err = quick
    assert code == 1  # not everything verifies
    if as_json:
        rows = json.loads(out)
        assert out == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"  # json's own text
        by_file = {(Path(r["file"]).name, r.get("entry")): r for r in rows}
        assert by_file[("good.json", None)]["status"] == "verified"
        assert by_file[("tampered.json", None)]["status"] == "tampered"
        assert by_file[("presentation.json", 1)]["status"] == "verified"
        assert by_file[("presentation.json", 2)]["status"] == "verified"
        assert by_file[("big.json", None)]["status"] in {"malformed", "refused"}
        assert by_file[("missing.json", None)]["status"] in {"malformed", "refused"}
        assert by_file[("dcc-obv3-vc2-eddsa-didkey-basic.json", None)]["status"] == "verified"
        assert len(rows) > len(every_fixture())


def test_the_settings_keys_are_the_facades() -> None:
    assert quick_verify.MAX_BYTES_SETTING == facade.MAX_BYTES_SETTING
    assert quick_verify.NETWORK_SETTING == facade.NETWORK_SETTING
    assert quick_verify.EMAILS_SETTING == facade.EMAILS_SETTING


# Stored values as a hand-edited or older profile may hold them: each is read as the facade
# reads it (the same layers, the same conversions), or the quick reader steps aside.
ODD_VALUES: list[tuple[str, Any]] = [
    (facade.MAX_BYTES_SETTING, 4096),
    (facade.MAX_BYTES_SETTING, "4096"),
    (facade.MAX_BYTES_SETTING, -5),
    (facade.MAX_BYTES_SETTING, 1.5),
    (facade.MAX_BYTES_SETTING, None),
    (facade.MAX_BYTES_SETTING, True),
    (facade.MAX_BYTES_SETTING, [1]),
    (facade.NETWORK_SETTING, True),
    (facade.NETWORK_SETTING, "true"),
    (facade.NETWORK_SETTING, 1),
    (facade.NETWORK_SETTING, None),
    (facade.EMAILS_SETTING, ["a@example.org", 7]),
    (facade.EMAILS_SETTING, "a@example.org"),
    (facade.EMAILS_SETTING, None),
    (facade.EMAILS_SETTING, {"a": 1}),
]


def _facade_values(profile: Path) -> tuple[int, bool, tuple[str, ...]] | None:
    with Portfolio(profile) as portfolio:
        try:
            return portfolio.max_import_bytes, portfolio.network_allowed, portfolio.learner_emails
        except (ValueError, TypeError, OverflowError):
            return None


def _quick_values(profile: Path) -> tuple[int, bool, tuple[str, ...]] | None:
    opened = QuickVerify.open(profile)
    if opened is None:
        return None
    with opened:
        return opened.max_import_bytes, opened.network_allowed, opened.learner_emails


@pytest.mark.parametrize(("key", "value"), ODD_VALUES)
@pytest.mark.parametrize("locked", [False, True], ids=["unlocked", "locked"])
def test_every_stored_setting_reads_as_the_facade_reads_it(
    profile: Path, key: str, value: Any, locked: bool
) -> None:
    if locked:  # the machine locks both: the profile's values no longer count, on both paths
        (Path(os.environ["PORTFOLIO_MACHINE_CONFIG_DIR"]) / "config.toml").write_text(
            'max_import_bytes = 2048\nnetwork_allowed = false\nlocked = ["max_import_bytes", '
            '"network_allowed"]\n',
            encoding="utf-8",
        )
    with Portfolio(profile) as portfolio:
        portfolio.repo.set_setting(key, value)
    expected = _facade_values(profile)
    assert _quick_values(profile) == expected
    if locked and expected is not None:
        assert expected[:2] == (2048, False)


@pytest.mark.parametrize(
    "raw",
    [b"4096", "\t[4096]", "{", "[1] [2]"],
    ids=["blob", "blank-before", "not-json", "two-values"],
)
def test_a_setting_the_repository_did_not_write_goes_to_the_facade(
    profile: Path,
    raw: object,
    capsys: pytest.CaptureFixture[str],
    quick_opens: list[bool],
) -> None:
    connection = sqlite3.connect(profile / "portfolio.sqlite3")
    with connection:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)", (facade.MAX_BYTES_SETTING, raw)
        )
    connection.close()
    assert QuickVerify.open(profile) is None
    fixture = FIXTURES / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"
    code, out, err = run(["verify", "--data-dir", str(profile), str(fixture), "--json"], capsys)
    assert quick_opens == [False, False]  # the open above, then the run
    # The facade answers: a verdict if it can read the value, else its one-line error.
    assert code in (0, 1)
    assert out.strip().startswith(("[", "{")), err


def test_a_new_profile_is_created_by_the_facade_then_read_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quick_opens: list[bool]
) -> None:
    fixture = FIXTURES / "public" / "dcc-obv3-vc2-eddsa-didkey-basic.json"
    argv = ["verify", "--data-dir", str(tmp_path / "new"), str(fixture)]
    first, second = run(argv, capsys), run(argv, capsys)
    assert quick_opens == [False, True]
    assert first == second
    assert first[0] == 0
