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
