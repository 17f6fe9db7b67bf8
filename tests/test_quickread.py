"""``list``, ``progress`` and ``skills`` read the profile with the standard library's sqlite3
(no SQLAlchemy: issue 9 startup, issue 12 10k wallet) and print exactly what the repository
path prints: the same bytes, on a profile of real credentials with the odd rows a real wallet
collects (no verdict yet, tied verdict times, control characters, a self-reported PDF,
learner-entered facts, a provisional title).  Where the quick reader is unsure (an odd column
value, an older schema, no profile yet) the commands take the repository path instead.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_app import cli
from portfolio_app.model import Alignment, Container, Credential, CredentialFormat
from portfolio_app.pathways.holdings import Holding
from portfolio_app.services import portfolio as portfolio_module
from portfolio_app.services import quick
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.services.serialize import json_text
from portfolio_app.storage import Repository, engine, quickread, repository
from portfolio_app.storage.quickread import QuickReadUnsure, QuickStore
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict
from tests.pdfmaker import make_pdf

COMMANDS = [
    ["list", "--json"],
    ["list"],
    ["progress", "--json"],
    ["progress"],
    ["progress", "--include-unverified", "--as-of", "2026-06-01", "--json"],
    ["skills", "--json"],
    ["skills"],
    ["skills", "--verified-only", "--json"],
]
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

QUALIFICATION = {
    "id": "test.quickread",
    "name": "Quick read check",
    "awarding_body": "Test",
    "requirements": {
        "type": "any",
        "min": 1,
        "children": [
            {"type": "match", "tag": "data"},
            {"type": "match", "alignment": {"url": "http://data.europa.eu/esco/skill/s1"}},
        ],
    },
}


def _verdict(status: Status, at: datetime, **facts: str) -> Verdict:
    checks = (Check("signature", Outcome.PASSED, "checked in the test"),)
    return Verdict(status, checks, f"{status.value} in the test", at, dict(facts))


def _credential(title: str, **fields: Any) -> Credential:
    values: dict[str, Any] = {
        "format": CredentialFormat.OB3,
        "container": Container.JSON,
        "title": title,
        "issuer_name": "Test College",
        "payload": json.dumps({"name": title}),
    } | fields
    return Credential(**values)


def _add_odd_rows(repo: Repository) -> None:
    """Rows a real wallet collects that the quick reader must read exactly as the ORM does."""
    skill = Alignment("Skill one", url="http://data.europa.eu/esco/skill/s1")
    repo.add_credential(
        _credential("Not checked yet", alignments=(Alignment("Unchecked skill"),)),
        b"no verdict",
        "x.json",
    )
    tied = repo.add_credential(
        _credential(
            "Forged\nrow #99 2020-01-01 ob3 verified Fake\x1b[31m — ü",
            issued=datetime(2021, 5, 1, 12, 0, 0, 123456, tzinfo=UTC),
            valid_until=datetime(2030, 1, 1, tzinfo=UTC),
            alignments=(
                Alignment("Skill one", url="http://data.europa.eu/esco/skill/s1"),
                Alignment("Skill two", framework="O*NET", code="2.A.1"),
            ),
            credential_id="urn:uuid:tied",
            issuer_id="https://college.example",
        ),
        b"tied verdicts",
        "tied.json",
        _verdict(Status.VERIFIED, WHEN),
    )
    repo.record_verdict(tied.id, _verdict(Status.TAMPERED, WHEN))  # same time: id decides
    repo.add_credential(
        _credential(
            "https://badges.example/class/7",
            format=CredentialFormat.OB2_HOSTED,
            container=Container.PNG,
            extra={"title_provisional": "true"},
            issued=datetime(2024, 2, 29, tzinfo=UTC),
            alignments=(skill, Alignment("Skill three", framework="ESCO", code="S3")),
        ),
        b"provisional",
        "badge.png",
        _verdict(
            Status.VERIFIED,
            WHEN,
            issuer_recognised="true",
            issuer_registry="Test registry",
            issuer_official_name="Test College",
        ),
    )
    older = repo.add_credential(
        _credential("Expired later", issued=datetime(2024, 2, 29, tzinfo=UTC), alignments=(skill,)),
        b"expired",
        "e.json",
        _verdict(Status.VERIFIED, WHEN - timedelta(days=9), issuer_recognised="false"),
    )
    repo.record_verdict(older.id, _verdict(Status.EXPIRED, WHEN))


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real public credentials imported as a learner would, a PDF, edits and odd rows."""
    from tests.conftest import PUBLIC_FIXTURES

    folder = tmp_path_factory.mktemp("quickread") / "profile"
    pdf = folder.parent / "certificate.pdf"
    pdf.write_bytes(make_pdf(["Coursera", "Data Analytics", "Ada Lovelace completed"]))
    definition = folder.parent / "qualification.json"
    definition.write_text(json.dumps(QUALIFICATION), encoding="utf-8")
    with Portfolio(folder) as wallet:
        wallet.import_paths([PUBLIC_FIXTURES, pdf])
        _add_odd_rows(wallet.repo)
        first, *_ = wallet.credentials()
    assert (
        cli.main(
            [
                "--data-dir",
                str(folder),
                "edit",
                str(first.id),
                "--tag",
                "data",
                "--note",
                "mine «really»",
                "--credits",
                "3",
                "--credit-unit",
                "ECTS",
            ]
        )
        == 0
    )
    assert cli.main(["--data-dir", str(folder), "qualifications", "add", str(definition)]) == 0
    return folder


def _run(profile: Path, argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(profile), *argv], out=out)
    return code, out.getvalue()


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_quick_output_is_the_repository_output_byte_for_byte(
    profile: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(quick.QuickPortfolio, "open", classmethod(lambda cls, *a, **k: None))
        expected = _run(profile, argv)
    with monkeypatch.context() as m:
        m.setattr(portfolio_module.Portfolio, "__init__", _refuse_repository)
        got = _run(profile, argv)
    assert got == expected
    assert expected[0] == 0 and len(expected[1]) > 100


def _refuse_repository(self: Portfolio, *args: object) -> None:
    raise AssertionError("the repository path was used")


def test_the_profile_holds_what_the_comparison_needs(profile: Path) -> None:
    rows = json.loads(_run(profile, ["list", "--json"])[1])
    statuses = {row["status"] for row in rows}
    assert {None, "verified", "tampered", "expired"} <= statuses
    assert any(row["self_reported"] for row in rows)
    assert any(row["learner"] for row in rows)
    assert any(row["title_provisional"] for row in rows)
    assert any(row.get("issuer_recognised") is True for row in rows)
    assert len(rows) >= 12  # the public fixtures (some are keys or status lists) and more


def test_records_equal_the_repository_records(profile: Path) -> None:
    with QuickStore.open(profile) as store:
        got = store.list_credentials()
        texts = store.list_qualification_texts()
        summaries = store.list_summaries()
    with Repository.open(profile) as repo:
        expected = repo.list_credentials()
        expected_texts = repo.list_qualification_texts()
    assert got == expected
    assert texts == expected_texts
    assert [s.id for s in summaries] == [s.id for s in expected]
    for mine, theirs in zip(got, expected, strict=True):  # == cannot tell 1 from True
        assert type(mine.credential.self_reported) is type(theirs.credential.self_reported)
        assert mine.imported_at.tzinfo is UTC and theirs.imported_at.tzinfo is UTC


def _assert_quick_hands_over(data_dir: Path) -> None:
    """Every quick read of ``data_dir`` refuses (so every quick command hands over)."""
    for reads in ("summaries", "holdings", "credentials"):
        assert quick.QuickPortfolio.open(data_dir, reads=reads) is None, reads
    with QuickStore.open(data_dir) as store:
        for read in (store.list_summaries, store.list_holding_rows, store.list_credentials):
            with pytest.raises(QuickReadUnsure):
                read()


def _assert_same_as_repository(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argvs = (["list", "--json"], ["progress", "--json"], ["skills", "--json"])
    got = [_run(data_dir, argv) for argv in argvs]
    monkeypatch.setattr(quick.QuickPortfolio, "open", classmethod(lambda cls, *a, **k: None))
    assert got == [_run(data_dir, argv) for argv in argvs]


@pytest.mark.parametrize(
    "update",
    [
        # Text in a BOOLEAN column (written by some other tool): the quick reader does not
        # guess how SQLAlchemy would read it.
        "UPDATE credentials SET self_reported = 'yes' WHERE id = 1",
        # A column no quick command reads still says the row was not written by the app.
        "UPDATE credentials SET notes = x'07' WHERE id = 2",  # TEXT affinity: only a blob stays
        "UPDATE credentials SET payload = x'00' WHERE id = 2",
        # Date-times in another form than the repository writes.
        "UPDATE credentials SET issued = '2021-05-01T12:00:00' WHERE id = 1",
        "UPDATE credentials SET valid_from = 20210501 WHERE id = 1",
        # The latest verdict of a credential.
        "UPDATE verdicts SET facts = 'not json' WHERE id = (SELECT max(id) FROM verdicts)",
        "UPDATE verdicts SET checked_at = '2030-01-01' WHERE id = (SELECT max(id) FROM verdicts)",
    ],
)
def test_a_value_the_repository_did_not_write_takes_the_repository_path(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch, update: str
) -> None:
    """The quick reader does not guess how SQLAlchemy would read an odd row: it hands over,
    and the output is what it always was."""
    import shutil

    odd = tmp_path / "odd"
    shutil.copytree(profile, odd)
    with sqlite3.connect(odd / "portfolio.sqlite3") as conn:
        assert conn.execute(update).rowcount == 1
    conn.close()
    _assert_quick_hands_over(odd)
    _assert_same_as_repository(odd, monkeypatch)


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("learner", "not json"),
        ("tags", '"a", "b"'),  # two values
        ("alignments", "[1], [2"),
        ("extra", "{} "),  # json.loads reads it; the repository never writes it
        ("evidence", "[1, 2"),  # a column no quick command decodes
        ("credits", '[{"value": 1, "unit": "ECTS"}] []'),
        ("user_tags", ""),
    ],
)
def test_a_json_column_that_is_not_one_json_value_takes_the_repository_path(
    tmp_path: Path, column: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "p"
    with Repository.open(data_dir) as repo:
        repo.add_credential(_credential("Damaged column"), b"d", "d.json")
    with sqlite3.connect(data_dir / "portfolio.sqlite3") as conn:
        conn.execute(f"UPDATE credentials SET {column} = ?", (text,))
    conn.close()
    _assert_quick_hands_over(data_dir)
    got = _run(data_dir, ["list", "--json"])
    monkeypatch.setattr(quick.QuickPortfolio, "open", classmethod(lambda cls, *a, **k: None))
    assert got == _run(data_dir, ["list", "--json"])


def test_a_quick_command_pauses_the_collector_and_always_switches_it_back_on(
    tmp_path: Path, profile: Path
) -> None:
    """The cyclic collector is off while a read-only command holds its rows (it only walked
    live rows: 10-17 % of a 10k command) and on again after, whether the read was used or
    handed over to the repository."""
    import gc
    import shutil

    assert gc.isenabled()
    for reads in ("summaries", "holdings", "skills", "credentials"):
        reader = quick.QuickPortfolio.open(profile, reads=reads)
        assert reader is not None
        with reader:
            assert not gc.isenabled(), reads
        assert gc.isenabled(), reads

    odd = tmp_path / "odd"
    shutil.copytree(profile, odd)
    with sqlite3.connect(odd / "portfolio.sqlite3") as conn:
        conn.execute("UPDATE credentials SET self_reported = 'yes' WHERE id = 1")
    conn.close()
    assert quick.QuickPortfolio.open(odd, reads="summaries") is None
    assert gc.isenabled(), "a read that hands over leaves the collector on"

    gc.disable()  # a caller that had it off keeps it off
    try:
        reader = quick.QuickPortfolio.open(profile, reads="summaries")
        assert reader is not None
        reader.close()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_json_column_is_read_as_json_loads_reads_it_or_not_at_all() -> None:
    for text in ('{"a": [1, 2.5, null, true]}', "[]", '"x"', '{"a": NaN}', "[1e400]"):
        assert repr(quickread._json(text)) == repr(json.loads(text))
    for broken in ("[[], {}]x", "[1], [2", '"a", "b"', " {}", "{} ", "", "[1,]", "{'a': 1}"):
        with pytest.raises(ValueError):  # json's own error, or "not one JSON value"
            quickread._json(broken)


def test_an_older_profile_is_migrated_by_the_repository_path(tmp_path: Path) -> None:
    data_dir = tmp_path / "p"
    with Repository.open(data_dir) as repo:
        repo.add_credential(_credential("Old"), b"old", "old.json")
    with sqlite3.connect(data_dir / "portfolio.sqlite3") as conn:  # as a 0003 app left it
        ((sha, data),) = conn.execute("SELECT sha256, data FROM originals").fetchall()
        (data_dir / "blobs" / sha[:2]).mkdir(parents=True)
        (data_dir / "blobs" / sha[:2] / sha).write_bytes(data)
        conn.execute("DROP TABLE originals")
        conn.execute("DROP INDEX ix_verdicts_latest")
        conn.execute("DROP INDEX ix_credentials_issued")
        conn.execute("UPDATE alembic_version SET version_num = '0003'")
    conn.close()
    assert QuickStore.open(data_dir) is None
    code, text = _run(data_dir, ["list", "--json"])
    assert code == 0 and [r["title"] for r in json.loads(text)] == ["Old"]
    assert engine.read_revision(data_dir / "portfolio.sqlite3") == "0005"
    assert (data_dir / "portfolio.sqlite3.bak-0003").exists()


def test_the_wallet_order_is_the_order_sqlite_gives(tmp_path: Path) -> None:
    """Rows are read in id order and put in wallet order in Python: the same order as
    ``ORDER BY issued DESC, id`` (equal dates by id, undated last), dates of every length."""
    rng = random.Random(5)
    dates = [
        None,
        "2021-05-01 12:00:00.000000",
        "2021-05-01 12:00:00.000001",
        "2021-05-01 12:00:00",
        "2021-05-01",
        "2020-12-31 23:59:59.999999",
        "Z",
        "",
    ]
    rows = [(i, rng.choice(dates)) for i in range(1, 301)]
    with sqlite3.connect(tmp_path / "order.sqlite3") as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, issued TEXT)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
        expected = conn.execute("SELECT id, issued FROM t ORDER BY issued DESC, id").fetchall()
        by_id = conn.execute("SELECT id, issued FROM t ORDER BY id").fetchall()
    conn.close()
    assert quickread._wallet_order(by_id, 1) == expected


def test_no_profile_yet_is_created_by_the_repository_path(tmp_path: Path) -> None:
    data_dir = tmp_path / "new"
    assert QuickStore.open(data_dir) is None
    code, text = _run(data_dir, ["list", "--json"])
    assert (code, json.loads(text)) == (0, [])
    assert (data_dir / "portfolio.sqlite3").exists()
    with QuickStore.open(data_dir) as store:
        assert store.list_credentials() == []


def test_the_quick_reader_writes_nothing(profile: Path) -> None:
    from tests.helpers import profile_snapshot

    before = profile_snapshot(profile)
    for argv in COMMANDS:
        _run(profile, argv)
    assert profile_snapshot(profile) == before


def test_names_shared_with_the_repository_agree() -> None:
    assert quickread.DB_NAME == repository.DB_NAME
    assert quickread.BUSY_TIMEOUT_S == engine.BUSY_TIMEOUT_MS / 1000
    assert quickread.HEAD_REVISION == engine.HEAD_REVISION


# -- the JSON writer ----------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_json_text_is_json_dumps_with_indent_two(value: object) -> None:
    assert json_text(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_json_text_leaves_what_it_does_not_know_to_json() -> None:
    odd: dict[object, object] = {1: "int key", None: [Status.VERIFIED], "s": (1.5, -0.0)}
    assert json_text(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
    with pytest.raises(TypeError):
        json_text({"when": WHEN})  # json's own error for a value it cannot write


@pytest.fixture(scope="module")
def bench_wallet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/wallet_10k.py's varied rows (every format, 0-4 verdicts, renditions, learner
    facts, twelve qualifications) at 2,000 credentials: enough for every rule of the bench
    qualifications to meet several credentials."""
    import importlib.util

    bench = Path(__file__).resolve().parent.parent / "bench" / "wallet_10k.py"
    spec = importlib.util.spec_from_file_location("bench_wallet_10k", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data_dir = tmp_path_factory.mktemp("bench") / "wallet"
    module.generate(data_dir, 2000)
    return data_dir


def test_the_benchmark_wallet_reads_the_same_both_ways(
    bench_wallet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick path prints what the repository path does: list, progress and skills."""
    argvs = (  # the text forms are written from the same data (compared on `profile`)
        ["list", "--json"],
        ["progress", "--json", "--as-of", "2026-06-01"],
        ["progress", "--include-unverified", "--json", "--as-of", "2031-01-01"],
        ["skills", "--json"],
        ["skills", "--verified-only", "--json"],
    )
    with monkeypatch.context() as m:
        m.setattr(portfolio_module.Portfolio, "__init__", _refuse_repository)
        got = [_run(bench_wallet, argv) for argv in argvs]
    monkeypatch.setattr(quick.QuickPortfolio, "open", classmethod(lambda cls, *a, **k: None))
    assert got == [_run(bench_wallet, argv) for argv in argvs]
    assert len(json.loads(got[0][1])) == 2000
    progress = json.loads(got[1][1])
    assert len(progress) == 17  # the bundled examples and the bench's twelve
    assert any(report["tree"]["counted"] for report in progress)
    assert len(json.loads(got[3][1])) > 100


def test_the_window_lists_the_benchmark_wallet_as_the_full_read_does(bench_wallet: Path) -> None:
    """The window's one-query listing (rowid walk, newest verdict by index, order made in
    Python) gives the rows and the order the full read gives, on 2,000 varied credentials:
    undated ones last, several verdicts each, learner tags, provisional titles."""
    from portfolio_app.services.results import wallet_row

    with Portfolio(bench_wallet) as portfolio:
        expected = [wallet_row(s) for s in portfolio.repo.list_credentials()]
        rows = portfolio.wallet_rows()
    assert rows == expected
    assert any(r.issued is None for r in rows) and rows[-1].issued is None
    assert len({r.status for r in rows}) >= 6 and any(r.skills for r in rows)


def test_the_pathways_read_nothing_left_out_on_the_benchmark_wallet(bench_wallet: Path) -> None:
    assert _pathways_json(bench_wallet, guarded=True) == _pathways_json(bench_wallet, guarded=False)


# -- what progress and skills read --------------------------------------------------------------

# The Credential fields QuickStore.list_holding_rows leaves empty, and those a skills
# profile reads (list_skill_rows leaves every other one empty).
_NOT_READ = frozenset(
    {"payload", "description", "evidence", "recipient", "credential_id", "verification_url"}
)
_READ_BY_SKILLS = frozenset({"alignments", "self_reported"})


def _guarded(holdings: list[Holding], allowed: Callable[[str], bool]) -> list[Holding]:
    """The holdings with credentials that fail the test if anything reads a field not
    ``allowed`` (also through ``==``, ``hash`` or ``repr``, which read every field)."""
    import dataclasses

    class Guarded(Credential):
        def __getattribute__(self, name: str) -> Any:
            if name in names and not allowed(name):
                raise AssertionError(f"the pathways engine read Credential.{name}")
            return super().__getattribute__(name)

    names = {f.name for f in dataclasses.fields(Credential)}
    return [
        Holding(h.id, Guarded(**{n: getattr(h.credential, n) for n in names}), *h[2:])
        for h in holdings
    ]


def _pathways_json(data_dir: Path, guarded: bool) -> list[object]:
    """Every progress report (both policies, two dates) and skills profile (both policies),
    from the quick reader's holdings (``guarded``: read only as far as they are loaded) or
    from the whole records."""
    from portfolio_app.pathways import service
    from portfolio_app.pathways.holdings import AcceptancePolicy
    from portfolio_app.pathways.skills import skills_profile

    reader = quick.QuickPortfolio.open(data_dir, reads="holdings" if guarded else "credentials")
    skills_reader = quick.QuickPortfolio.open(data_dir, reads="skills")
    assert reader is not None and skills_reader is not None
    with reader, skills_reader:
        holdings = reader.holdings()
        store = reader.qualification_store
        skill_holdings = skills_reader._skill_holdings
        assert skill_holdings is not None
        with pytest.raises(RuntimeError):
            skills_reader.holdings()  # never holdings without their titles, dates, keys
    if guarded:
        holdings = _guarded(holdings, lambda name: name not in _NOT_READ)
        skill_holdings = _guarded(skill_holdings, _READ_BY_SKILLS.__contains__)
    else:
        skill_holdings = holdings
    found: list[object] = []
    for policy in AcceptancePolicy:
        for today in (WHEN.date(), WHEN.date().replace(year=2031)):
            reports = service.reports(store, holdings, today=today, acceptable=policy)
            found.append([r.to_json() for r in reports])
        unverified = policy is AcceptancePolicy.INCLUDE_UNVERIFIED
        for held in (holdings, skill_holdings):
            skills = skills_profile(held, include_unverified=unverified)
            found.append([s.to_json() for s in skills])
    return found


def test_the_pathways_read_nothing_the_quick_reader_leaves_out(profile: Path) -> None:
    """``progress`` and ``skills`` read credentials without their payloads (most of a
    wallet's bytes): the engine never touches what is left out, and answers the same."""
    got = _pathways_json(profile, guarded=True)
    assert got == _pathways_json(profile, guarded=False)
    assert any(report for report in got)  # qualifications were evaluated


def test_list_json_text_is_json_text_of_the_entries(profile: Path) -> None:
    from portfolio_app.services.serialize import summary_row_json

    with QuickStore.open(profile) as store:
        rows = store.list_summaries()
    assert quick.summaries_text(rows) == json_text([summary_row_json(r) for r in rows])
    assert quick.summaries_text([]) == json_text([])


_text = st.text(max_size=12)
# As the repository stores them (SQLAlchemy's SQLite DATETIME: four-digit year, microseconds).
_stored_datetimes = st.datetimes().map(
    lambda d: (
        f"{d.year:04d}-{d.month:02d}-{d.day:02d} "
        f"{d.hour:02d}:{d.minute:02d}:{d.second:02d}.{d.microsecond:06d}"
    )
)


@st.composite
def _summary_rows(draw: st.DrawFn) -> quickread.SummaryRow:
    issued, valid_until = draw(st.none() | _stored_datetimes), draw(st.none() | _stored_datetimes)
    status = draw(st.none() | st.sampled_from(list(Status)))
    facts = draw(
        st.dictionaries(st.sampled_from(["issuer_recognised", "x"]), _text | st.just("true"))
    )
    learner = draw(
        st.just({})
        | st.fixed_dictionaries(
            {},
            optional={
                "issuer_name": _text,
                "achievement_id": _text,
                "note": _text,
                "credits": st.just([{"value": 2.5, "unit": "ECTS"}]),
            },
        )
    )
    texts = draw(st.booleans())  # False: a row built without its isoformat texts
    return quickread.SummaryRow(
        id=draw(st.integers(1, 10**6)),
        title=draw(_text),
        extra=draw(st.sampled_from([{}, {"title_provisional": "true"}, {"a": "b"}])),
        issuer_name=draw(_text),
        issuer_id=draw(st.none() | _text),
        format=draw(st.sampled_from([f.value for f in CredentialFormat])),
        container=draw(st.sampled_from([c.value for c in Container])),
        issued=quickread._datetime(issued),
        valid_until=quickread._datetime(valid_until),
        self_reported=draw(st.booleans()),
        credential_id=draw(st.none() | _text),
        sha256=draw(_text),
        original_name=draw(_text),
        user_tags=tuple(draw(st.lists(_text, max_size=2))),
        learner=learner,
        status=status,
        facts=None if status is None else facts,
        issued_iso=quickread._iso_text(issued) if texts else None,
        valid_until_iso=quickread._iso_text(valid_until) if texts else None,
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(_summary_rows(), max_size=3))
def test_list_json_text_is_json_text_of_any_entries(rows: list[quickread.SummaryRow]) -> None:
    from portfolio_app.services.serialize import summary_row_json

    assert quick.summaries_text(rows) == json_text([summary_row_json(r) for r in rows])
