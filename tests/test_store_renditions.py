"""One entry per credential with every original kept (issue 10 §2): renditions, ``save``,
learner-entered facts (``edit``), self-reported marking, shown history, the 0003 migration."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers import stored_originals

from portfolio_app.cli import main
from portfolio_app.model import Container, Credential, CredentialFormat, LearnerFacts
from portfolio_app.storage import Repository, engine
from portfolio_app.verify.verdict import Status
from tests.pdfmaker import coursera_like

BASIC = "dcc-obv3-vc2-eddsa-didkey-basic.json"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def run_json(*argv: str) -> Any:
    code, text = run(*argv, "--json")
    assert code == 0, text
    return json.loads(text)


def _tampered_copy(public_fixtures: Path, folder: Path) -> Path:
    """The same VC (same id, same issuer) with its name changed after signing."""
    data = json.loads((public_fixtures / BASIC).read_text())
    achievement = data["credentialSubject"]["achievement"]
    achievement["name"] = str(achievement["name"]) + " (edited)"
    folder.mkdir(exist_ok=True)
    target = folder / "edited-copy.json"
    target.write_text(json.dumps(data, indent=2))
    return target


def test_a_second_rendition_joins_the_entry_and_both_originals_are_listed(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    first = run_json(
        "--data-dir", profile, "import", str(public_fixtures / "1edtech-ob2-baked-hosted.png")
    )
    entry = first[0]["id"]
    second = run_json(
        "--data-dir", profile, "import", str(public_fixtures / "1edtech-ob2-signed-rs256.jwt")
    )
    assert second[0]["status"] == "imported"
    assert second[0]["message"].startswith(f"added as another copy of #{entry}")
    assert second[0]["id"] == entry
    assert len(run_json("--data-dir", profile, "list")) == 1

    shown = run_json("--data-dir", profile, "show", str(entry))
    originals = shown["originals"]
    assert [o["file_name"] for o in originals] == [
        "1edtech-ob2-baked-hosted.png",
        "1edtech-ob2-signed-rs256.jwt",
    ]
    assert [o["container"] for o in originals] == ["png", "jwt"]
    assert {o["format"] for o in originals} == {"ob2-hosted", "ob2-signed"}
    assert all(len(o["sha256"]) == 64 and o["imported_at"] for o in originals)
    assert sum(o["shown"] for o in originals) == 1

    # The exact same bytes again stays a duplicate.
    again = run_json(
        "--data-dir", profile, "import", str(public_fixtures / "1edtech-ob2-signed-rs256.jwt")
    )
    assert again[0]["status"] == "duplicate"


def test_a_failing_rendition_never_displaces_a_passing_one(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    edited = _tampered_copy(public_fixtures, tmp_path / "in")
    good = run_json("--data-dir", profile, "import", str(public_fixtures / BASIC))[0]
    before = run_json("--data-dir", profile, "show", str(good["id"]))
    assert before["status"] == "verified"

    added = run_json("--data-dir", profile, "import", str(edited))[0]
    assert added["message"].startswith(f"added as another copy of #{good['id']}")
    after = run_json("--data-dir", profile, "show", str(good["id"]))
    assert after["status"] == "verified"
    assert after["title"] == before["title"]
    by_name = {o["file_name"]: o for o in after["originals"]}
    assert by_name[BASIC]["shown"] and by_name[BASIC]["verdict"] == "verified"
    assert not by_name["edited-copy.json"]["shown"]
    assert by_name["edited-copy.json"]["verdict"] != "verified"


def test_a_passing_rendition_replaces_a_failing_one_and_history_keeps_what_was_shown(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    edited = _tampered_copy(public_fixtures, tmp_path / "in")
    bad = run_json("--data-dir", profile, "import", str(edited))[0]
    before = run_json("--data-dir", profile, "show", str(bad["id"]))
    assert before["status"] != "verified"

    run_json("--data-dir", profile, "import", str(public_fixtures / BASIC))
    after = run_json("--data-dir", profile, "show", str(bad["id"]))
    assert after["status"] == "verified"
    assert after["original_name"] == BASIC
    assert after["title"] != before["title"]
    assert after["shown_history"][0]["shown"]["title"] == before["title"]


def test_remove_deletes_every_rendition_and_its_blobs(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = tmp_path / "p"
    edited = _tampered_copy(public_fixtures, tmp_path / "in")
    entry = run_json("--data-dir", str(profile), "import", str(public_fixtures / BASIC))[0]["id"]
    run_json("--data-dir", str(profile), "import", str(edited))
    assert len(stored_originals(profile)) == 2
    assert run("--data-dir", str(profile), "remove", str(entry), "--yes")[0] == 0
    assert stored_originals(profile) == {}
    with Repository.open(profile) as repo:
        assert repo.list_credentials() == []


def test_reverify_checks_every_rendition(tmp_path: Path, public_fixtures: Path) -> None:
    profile = str(tmp_path / "p")
    edited = _tampered_copy(public_fixtures, tmp_path / "in")
    entry = run_json("--data-dir", profile, "import", str(public_fixtures / BASIC))[0]["id"]
    run_json("--data-dir", profile, "import", str(edited))
    before = run_json("--data-dir", profile, "show", str(entry))["originals"]
    run("--data-dir", profile, "reverify")
    after = run_json("--data-dir", profile, "show", str(entry))
    assert after["status"] == "verified"
    for old, new in zip(before, after["originals"], strict=True):
        assert new["checked_at"] > old["checked_at"]  # each rendition was checked again


# -- save ---------------------------------------------------------------------------------------


def test_save_round_trip_is_byte_identical_for_every_public_fixture(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    run("--data-dir", profile, "import", str(public_fixtures))
    out = tmp_path / "out"
    saved: dict[str, bytes] = {}
    for row in run_json("--data-dir", profile, "list"):
        folder = out / str(row["id"])
        result = run_json("--data-dir", profile, "save", str(row["id"]), str(folder), "--all")
        for path in map(Path, result["saved"]):
            saved[path.name] = path.read_bytes()
    imported = {
        p.name: p.read_bytes()
        for p in public_fixtures.iterdir()
        if p.suffix != ".md"
        and p.name
        not in {
            "1edtech-ob2-signed-rs256.key1.json",
            "dcc-bitstring-statuslist-e5WK8CbZ1GjycuPombrj.json",
        }
    }
    assert saved == imported


def test_save_one_original_into_a_folder_and_never_overwrite_without_force(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    entry = run_json("--data-dir", profile, "import", str(public_fixtures / BASIC))[0]["id"]
    dest = tmp_path / "desk"
    dest.mkdir()
    assert run("--data-dir", profile, "save", str(entry), str(dest))[0] == 0
    assert (dest / BASIC).read_bytes() == (public_fixtures / BASIC).read_bytes()

    (dest / BASIC).write_text("my own file")
    code, _text = run("--data-dir", profile, "save", str(entry), str(dest))
    assert code == 1
    assert (dest / BASIC).read_text() == "my own file"
    assert run("--data-dir", profile, "save", str(entry), str(dest), "--force")[0] == 0
    assert (dest / BASIC).read_bytes() == (public_fixtures / BASIC).read_bytes()

    renamed = tmp_path / "copy.json"
    assert run("--data-dir", profile, "save", str(entry), str(renamed))[0] == 0
    assert renamed.read_bytes() == (public_fixtures / BASIC).read_bytes()


# -- learner-entered facts and self-reported PDFs ----------------------------------------------


def test_edit_stores_learner_facts_apart_and_every_view_marks_them(
    tmp_path: Path, public_fixtures: Path
) -> None:
    profile = str(tmp_path / "p")
    entry = run_json("--data-dir", profile, "import", str(public_fixtures / BASIC))[0]["id"]
    original = run_json("--data-dir", profile, "show", str(entry))
    edited = run_json(
        "--data-dir", profile, "edit", str(entry),
        "--tag", "data", "--tag", "msc",
        "--issuer-name", "My University",
        "--achievement-id", "MSC-101",
        "--credits", "3", "--credit-unit", "ECTS",
        "--note", "counts toward my MSc",
    )  # fmt: skip
    assert edited["learner"]["learner_entered"] is True

    shown = run_json("--data-dir", profile, "show", str(entry))
    assert shown["issuer"] == original["issuer"]  # the original's fields are untouched
    assert shown["achievement_id"] == original["achievement_id"]
    assert shown["learner"] == {
        "learner_entered": True,
        "tags": ["data", "msc"],
        "issuer_name": "My University",
        "achievement_id": "MSC-101",
        "credits": [{"value": 3.0, "unit": "ECTS"}],
        "note": "counts toward my MSc",
    }
    listed = run_json("--data-dir", profile, "list")[0]
    assert listed["learner"]["issuer_name"] == "My University"

    _code, text = run("--data-dir", profile, "list")
    assert "learner-entered" in text and "My University" in text
    _code, text = run("--data-dir", profile, "show", str(entry))
    assert "Learner-entered" in text and "MSC-101" in text

    run_json("--data-dir", profile, "edit", str(entry), "--untag", "msc", "--issuer-name", "")
    learner = run_json("--data-dir", profile, "show", str(entry))["learner"]
    assert learner["tags"] == ["data"]
    assert "issuer_name" not in learner


def test_edit_refuses_credits_without_a_unit(tmp_path: Path, public_fixtures: Path) -> None:
    profile = str(tmp_path / "p")
    entry = run_json("--data-dir", profile, "import", str(public_fixtures / BASIC))[0]["id"]
    code, _ = run("--data-dir", profile, "edit", str(entry), "--credits", "3")
    assert code != 0
    assert run_json("--data-dir", profile, "show", str(entry))["learner"] is None


def test_a_self_reported_pdf_is_labelled_beside_unverifiable(tmp_path: Path) -> None:
    profile = str(tmp_path / "p")
    pdf = tmp_path / "coursera-certificate.pdf"
    pdf.write_bytes(coursera_like())
    entry = run_json("--data-dir", profile, "import", str(pdf))[0]["id"]
    listed = run_json("--data-dir", profile, "list")[0]
    assert listed["status"] == "unverifiable"
    assert listed["self_reported"] is True
    assert listed["status_label"] == "unverifiable (self-reported)"
    _code, text = run("--data-dir", profile, "list")
    assert "unverifiable (self-reported)" in text
    _code, text = run("--data-dir", profile, "show", str(entry))
    assert "self-reported" in text


# -- replace_shown, migration --------------------------------------------------------------------


def _hand_built(title: str) -> Credential:
    return Credential(
        format=CredentialFormat.VC,
        container=Container.JSON,
        title=title,
        issuer_name="Example Issuer",
        payload="{}",
        credential_id="urn:uuid:1",
        issuer_id="did:example:1",
    )


def test_replace_shown_keeps_what_was_shown_before(tmp_path: Path) -> None:
    with Repository.open(tmp_path / "p") as repo:
        stored = repo.add_credential(_hand_built("badge.json"), b"{}", "badge.json")
        repo.set_learner(stored.id, LearnerFacts(note="mine"))
        repo.replace_shown(
            stored.id, _hand_built("Data Literacy"), "refreshed from the badge class"
        )
        now = repo.get(stored.id)
        history = repo.shown_history(stored.id)
    assert now.credential.title == "Data Literacy"
    assert now.learner.note == "mine"  # learner facts survive a refresh
    assert [h.reason for h in history] == ["refreshed from the badge class"]
    assert history[0].shown["title"] == "badge.json"


def test_a_0002_profile_is_migrated_and_its_originals_become_first_renditions(
    tmp_path: Path, public_fixtures: Path
) -> None:
    from alembic import command

    data_dir = tmp_path / "p"
    data_dir.mkdir()
    db = data_dir / "portfolio.sqlite3"
    old = engine.create_sqlite_engine(db)
    with old.connect() as connection:
        command.upgrade(engine.alembic_config(connection), "0002")
        connection.commit()
    old.dispose()
    # A credential row and its verdict as a 0002 app wrote them (its blob put in place too).
    original = (public_fixtures / BASIC).read_bytes()
    import hashlib

    sha = hashlib.sha256(original).hexdigest()
    (data_dir / "blobs" / sha[:2]).mkdir(parents=True)
    (data_dir / "blobs" / sha[:2] / sha).write_bytes(original)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO credentials (id, sha256, original_name, imported_at, notes, user_tags, "
            "format, container, title, description, credential_id, issuer_name, alignments, "
            "credits, evidence, tags, self_reported, extra, payload) VALUES (1, ?, ?, "
            "'2026-11-30 10:00:00.000000', '', '[\"mine\"]', 'ob3', 'json', 'Old title', '', "
            "'http://example.com/credentials/3527', 'DCC', '[]', '[]', '[]', '[]', 0, '{}', ?)",
            (sha, BASIC, original.decode()),
        )
        conn.execute(
            "INSERT INTO verdicts (credential_id, checked_at, status, summary, checks, facts) "
            "VALUES (1, '2026-11-30 10:00:01.000000', 'verified', 'ok', '[]', '{}')"
        )
    conn.close()
    assert engine.read_revision(db) == "0002"

    with Repository.open(data_dir) as repo:
        stored = repo.get(1)
        renditions = repo.renditions(1)
        assert stored.user_tags == ("mine",)
        assert stored.learner == LearnerFacts()
        assert [(r.sha256, r.original_name, r.status, r.shown) for r in renditions] == [
            (sha, BASIC, Status.VERIFIED, True)
        ]
        assert repo.rendition_bytes(sha) == original
    assert engine.read_revision(db) == engine.HEAD_REVISION == "0005"
    assert engine.read_revision(data_dir / "portfolio.sqlite3.bak-0002") == "0002"
    assert stored_originals(data_dir) == {sha: original}  # 0005 moved it into the database
    assert (data_dir / "blobs.before-0005" / sha[:2] / sha).read_bytes() == original
    assert not (data_dir / "blobs").exists()


def test_backup_and_restore_carry_renditions_and_learner_facts(
    tmp_path: Path, public_fixtures: Path
) -> None:
    source, target = str(tmp_path / "a"), str(tmp_path / "b")
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery staple\n")
    edited = _tampered_copy(public_fixtures, tmp_path / "in")
    entry = run_json("--data-dir", source, "import", str(public_fixtures / BASIC))[0]["id"]
    run_json("--data-dir", source, "import", str(edited))
    run_json("--data-dir", source, "edit", str(entry), "--tag", "t", "--note", "n")
    backup = tmp_path / "w.backup"
    assert (
        run("--data-dir", source, "backup", str(backup), "--passphrase-file", str(secret))[0] == 0
    )
    assert (
        run("--data-dir", target, "restore", str(backup), "--passphrase-file", str(secret))[0] == 0
    )
    a = run_json("--data-dir", source, "show", str(entry))
    b = run_json("--data-dir", target, "show", str(entry))
    assert len(b["originals"]) == 2
    assert b["originals"] == a["originals"]
    assert b["learner"] == a["learner"] == {"learner_entered": True, "tags": ["t"], "note": "n"}
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    saved = run_json("--data-dir", target, "save", str(entry), str(tmp_path / "out"), "--all")
    assert sorted(Path(p).name for p in saved["saved"]) == sorted([BASIC, "edited-copy.json"])


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", ""])
def test_a_stored_name_cannot_make_save_write_outside_dest(tmp_path: Path, name: str) -> None:
    from portfolio_app.services.originals import save_originals

    with Repository.open(tmp_path / "p") as repo:
        stored = repo.add_credential(_hand_built("x"), b"{}", name)
        dest = tmp_path / "dest"
        written = save_originals(repo, stored.id, dest, every=True, force=False)
    assert [p.parent for p in written] == [dest]
    assert written[0].read_bytes() == b"{}"


def test_reverify_reads_an_old_parsers_record_again_and_keeps_what_it_showed(
    tmp_path: Path, public_fixtures: Path
) -> None:
    """A JSON-LD credential stored without ``extra["signed_digest"]`` (an older parser) is
    read again on reverify, so it can verify; what it showed before is kept in history."""
    from portfolio_app.services.portfolio import Portfolio
    from portfolio_app.services.verification import READ_AGAIN

    original = (public_fixtures / BASIC).read_bytes()
    old_reading = Credential(
        format=CredentialFormat.OB3,
        container=Container.JSON,
        title="Old title",
        issuer_name="Old issuer name",
        payload=original.decode(),
        credential_id="http://example.com/credentials/3527",
        issuer_id="did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q",
        extra={"source": "json"},
    )
    with Portfolio(tmp_path / "p") as portfolio:
        stored = portfolio.repo.add_credential(old_reading, original, BASIC)
        assert portfolio.verify(old_reading).status is not Status.VERIFIED
        results = dict(portfolio.reverify())
        assert results[stored.id].status is Status.VERIFIED
        now = portfolio.get(stored.id)
        history = portfolio.repo.shown_history(stored.id)
    assert now.credential.title != "Old title"
    assert "signed_digest" in now.credential.extra
    assert [h.reason for h in history] == [READ_AGAIN]
    assert history[0].shown["title"] == "Old title"
    assert history[0].shown["issuer_name"] == "Old issuer name"
