"""Profile-level commands: the learner's email addresses and the skills profile."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from portfolio_app.cli import main


def run_json(*argv: str, exit_code: int = 0) -> Any:
    out = io.StringIO()
    code = main([*argv, "--json"], out=out)
    assert code == exit_code, out.getvalue()
    return json.loads(out.getvalue())


def _check(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in result["checks"] if c["name"] == name)


def test_hashed_recipient_is_recognised_once_the_learner_adds_their_email(
    tmp_path: Path, public_fixtures: Path
) -> None:
    badge = str(public_fixtures / "1edtech-ob2-signed-rs256.jwt")
    (before,) = run_json("--data-dir", str(tmp_path), "verify", badge, exit_code=1)
    assert _check(before, "recipient")["ok"] is None

    assert run_json("--data-dir", str(tmp_path), "emails", "--add", "Nobody@Example.org ") == [
        "Nobody@Example.org"
    ]
    (after,) = run_json("--data-dir", str(tmp_path), "verify", badge, exit_code=1)
    assert _check(after, "recipient")["ok"] is True

    run_json("--data-dir", str(tmp_path), "emails", "--add", "other@example.org")
    assert run_json("--data-dir", str(tmp_path), "emails", "--remove", "nobody@example.org") == [
        "other@example.org"
    ]
    (other,) = run_json("--data-dir", str(tmp_path), "verify", badge, exit_code=1)
    assert _check(other, "recipient")["ok"] is False


def test_skills_profile_groups_alignments_and_flags_unverified_sources(tmp_path: Path) -> None:
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:5a1b2c3d-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:college", "type": ["Profile"], "name": "College"},
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://college.example/a/1",
                "type": ["Achievement"],
                "name": "Data wrangling",
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "manage data",
                        "targetUrl": "http://data.europa.eu/esco/skill/example-manage-data",
                        "targetFramework": "ESCO",
                    }
                ],
            },
        },
    }
    unsigned = tmp_path / "unsigned.json"
    unsigned.write_text(json.dumps(credential))
    run_json("--data-dir", str(tmp_path / "p"), "import", str(unsigned))

    (skill,) = run_json("--data-dir", str(tmp_path / "p"), "skills")
    assert skill["name"] == "manage data"
    assert skill["unverified"] == skill["credentials"] == [1]
    assert run_json("--data-dir", str(tmp_path / "p"), "skills", "--verified-only") == []
