"""``reverify`` made fast (issue 12) must judge exactly as before, and its caches must never
let one document borrow another's signed graph.

The golden file ``fixtures/reverify-verdicts.json`` was written by the code *before* the
speed-ups (main @ 71152bf): every public fixture and a generated set of OB 3.0 credentials
(good, tampered, expired, with a proof set, baked in PNG and SVG) reverified at a fixed
moment.  Regenerate it only for a deliberate change of verdicts:
``REVERIFY_GOLDEN_UPDATE=1 pytest tests/test_reverify_perf.py``.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from portfolio_app.services import verification
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify import signed_graph
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import sign_data_integrity
from portfolio_app.verify.didkey import did_key_from_ed25519
from portfolio_app.verify.verdict import Verdict
from tests.helpers import itxt, tiny_png

FIXTURES = Path(__file__).parent / "fixtures"
PUBLIC = FIXTURES / "public"
GOLDEN = FIXTURES / "reverify-verdicts.json"
MOMENT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SEED = bytes(range(32))
CREATED = datetime(2025, 1, 1, tzinfo=UTC)


class _Frozen(datetime):
    """``datetime`` whose ``now`` is :data:`MOMENT`, so expiry and as-of text never drift."""

    @classmethod
    def now(cls, tz: Any = None) -> _Frozen:  # type: ignore[override]
        return cls.fromtimestamp(MOMENT.timestamp(), tz)


def _credential(index: int, did: str, **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:00000000-0000-4000-8000-{index:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Golden University"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": f"Golden badge {index}",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"https://golden.example/achievements/{index}",
                "type": ["Achievement"],
                "name": f"Skill {index}",
                "description": "A generated achievement.",
                "criteria": {"narrative": "Pass the test."},
            },
        },
    }
    doc.update(changes)
    return doc


def _generated(folder: Path) -> None:
    """Credentials of several shapes and fates, signed here with a key made here."""
    did = did_key_from_ed25519(bytes(SigningKey(SEED).verify_key))
    method = f"{did}#{did.removeprefix('did:key:')}"

    def signed(doc: dict[str, Any]) -> dict[str, Any]:
        return sign_data_integrity(doc, SEED, method, created=CREATED)

    texts: dict[str, str] = {}
    for index in range(6):
        texts[f"good-{index}.json"] = json.dumps(signed(_credential(index, did)))
    tampered = signed(_credential(10, did))
    tampered["name"] = "Golden badge 10 (edited)"
    texts["tampered.json"] = json.dumps(tampered)
    expired = _credential(11, did, validUntil="2025-06-01T00:00:00Z")
    texts["expired.json"] = json.dumps(signed(expired))
    aligned = _credential(12, did)
    aligned["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "Maths", "targetUrl": "https://golden.example/m"}
    ]
    texts["aligned.json"] = json.dumps(signed(aligned))
    twice = signed(signed(_credential(13, did)))  # a proof set of two eddsa proofs
    texts["proof-set.json"] = json.dumps(twice)
    other_issuer = _credential(14, "did:example:someone-else")
    texts["foreign-key.json"] = json.dumps(signed(other_issuer))
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    baked = json.dumps(signed(_credential(20, did)))
    (folder / "baked.png").write_bytes(
        tiny_png(itxt("openbadgecredential", baked), after_idat=True)
    )
    svg_text = json.dumps(signed(_credential(21, did)))
    (folder / "baked.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        f"<openbadges:credential><![CDATA[{svg_text}]]></openbadges:credential></svg>",
        encoding="utf-8",
    )


def _comparable(verdict: Verdict) -> dict[str, Any]:
    """A verdict's JSON without the summary (another change owns its wording)."""
    data = verdict.to_json()
    data.pop("summary")
    return data


@pytest.fixture()
def wallet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A profile holding every public fixture and the generated credentials, checked at
    :data:`MOMENT`."""
    monkeypatch.setattr(verification, "datetime", _Frozen)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sorted(PUBLIC.iterdir()):
        if path.name != "MANIFEST.md":
            shutil.copy(path, inbox / path.name)
    _generated(inbox)
    profile = tmp_path / "profile"
    with Portfolio(profile) as portfolio:
        portfolio.import_paths(sorted(inbox.iterdir()))
    return profile


def _reverified(profile: Path) -> list[dict[str, Any]]:
    with Portfolio(profile) as portfolio:
        results = portfolio.reverify()
        titles = {stored.id: stored.credential.title for stored in portfolio.credentials()}
    return [{"title": titles[entry], **_comparable(verdict)} for entry, verdict in results]


def test_reverify_gives_the_verdicts_it_gave_before_the_speed_ups(wallet: Path) -> None:
    got = _reverified(wallet)
    if os.environ.get("REVERIFY_GOLDEN_UPDATE") == "1":
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", "utf-8")
    want = json.loads(GOLDEN.read_text("utf-8"))
    assert [v["status"] for v in got] == [v["status"] for v in want]
    assert got == want


def test_reverify_in_worker_processes_gives_the_same_verdicts(
    wallet: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The pool (forced here; a wallet this small is checked in one process by default)
    judges exactly as one process does, and the parent stores every result."""
    caplog.set_level(logging.WARNING, logger=verification.__name__)
    with Portfolio(wallet) as portfolio:
        docs = portfolio.documents()
        results = verification.reverify_all(portfolio.repo, docs, jobs=2)
        titles = {stored.id: stored.credential.title for stored in portfolio.credentials()}
        history = {entry: len(portfolio.verdict_history(entry)) for entry, _ in results}
    got = [{"title": titles[entry], **_comparable(verdict)} for entry, verdict in results]
    assert got == json.loads(GOLDEN.read_text("utf-8"))
    assert set(history.values()) == {2}  # the import's verdict and this one, stored
    assert not caplog.records  # the workers ran: no fall-back to one process


def test_a_small_wallet_or_an_online_check_uses_one_process(tmp_path: Path) -> None:
    assert verification.reverify_jobs(verification.PARALLEL_MIN_ENTRIES - 1) == 1
    assert verification.reverify_jobs(10_000, online_cache=tmp_path) == 1


def _signed_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    did = did_key_from_ed25519(bytes(SigningKey(SEED).verify_key))
    method = f"{did}#{did.removeprefix('did:key:')}"
    first = sign_data_integrity(_credential(1, did), SEED, method, created=CREATED)
    second = copy.deepcopy(first)
    second["name"] = "Golden badge 2"  # one character changed, signature left as it was
    return first, second


def test_a_changed_document_never_reuses_another_documents_signed_graph() -> None:
    loader = ContextLoader.bundled()
    first, second = _signed_pair()
    nquads_first = signed_graph.canonical_nquads(signed_graph.unsecured(first), loader)
    reading_first = signed_graph.reading_of(nquads_first)
    nquads_second = signed_graph.canonical_nquads(signed_graph.unsecured(second), loader)
    reading_second = signed_graph.reading_of(nquads_second)
    assert reading_first.name == "Golden badge 1"
    assert reading_second.name == "Golden badge 2"
    assert reading_second.digest == signed_graph.digest_of(nquads_second) != reading_first.digest
    assert signed_graph.reading_of(nquads_first) is reading_first  # the remembered one


def test_parser_and_verifier_read_the_signed_graph_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from portfolio_app.formats import parse
    from portfolio_app.ingest.extract import Extracted
    from portfolio_app.model import Container
    from portfolio_app.verify.engine import verify_credential

    first, _ = _signed_pair()
    first["name"] = "Read once"  # a document no other test has read
    reads: list[str] = []
    real = signed_graph._reading_of

    def counted(nquads: str, digest: str) -> signed_graph.SignedCredential:
        reads.append(digest)
        return real(nquads, digest)

    monkeypatch.setattr(signed_graph, "_reading_of", counted)
    credential = parse(Extracted(Container.JSON, json.dumps(first), "read-once.json"))
    verdict = verify_credential(credential, now=MOMENT)
    assert len(reads) == 1
    assert [c.name for c in verdict.checks][:2] == ["format", "signature"]
    assert verdict.checks[1].outcome.value == "failed"  # the name was changed after signing


def test_shared_readings_cannot_be_changed() -> None:
    reading = signed_graph.reading_of(
        signed_graph.canonical_nquads(
            signed_graph.unsecured(_with_status()), ContextLoader.bundled()
        )
    )
    entry = reading.status_entries[0]
    assert entry["statusPurpose"] == "revocation"
    with pytest.raises(TypeError):
        entry["statusPurpose"] = "suspension"  # type: ignore[index]


def _with_status() -> dict[str, Any]:
    did = did_key_from_ed25519(bytes(SigningKey(SEED).verify_key))
    return _credential(
        30,
        did,
        credentialStatus={
            "id": "https://golden.example/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusListCredential": "https://golden.example/status/1",
        },
    )


def test_reading_badges_does_not_load_the_pdf_library() -> None:
    """pypdf takes a third of a second to load; only a PDF certificate needs it."""
    import subprocess
    import sys

    code = "import sys, portfolio_app.ingest; print('pypdf' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
