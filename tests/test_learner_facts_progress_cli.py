"""End to end through the command line: a Coursera-style PDF certificate the learner tags with
`portfolio edit` counts toward a qualification only when unverified credentials are included,
and is flagged as self-reported when it does (issue 10 §3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio_app.cli import main
from tests.pdfmaker import make_pdf

QUALIFICATION = "example.college-credit.google-data-analytics"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    main([*argv, "--json"])
    return json.loads(capsys.readouterr().out)


def test_a_tagged_pdf_completes_a_qualification_only_under_the_unverified_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = ["--data-dir", str(tmp_path / "p")]
    pdf = tmp_path / "coursera-certificate.pdf"
    pdf.write_bytes(
        make_pdf(
            [
                "Coursera",
                "Google Data Analytics",
                "Ada Lovelace has successfully completed",
                "an online non-credit Professional Certificate authorized by Google",
                "Verify at coursera.org/verify/profession/ABC123XYZ",
            ],
            title="Google Data Analytics",
            author="Template Designer",
        )
    )
    assert main([*profile, "import", str(pdf)]) == 0
    (row,) = run_json(capsys, *profile, "list")  # type: ignore[misc]
    assert row["self_reported"] is True

    def report(*extra: str) -> dict[str, object]:
        (found,) = run_json(capsys, *profile, "progress", QUALIFICATION, *extra)  # type: ignore[misc]
        return found  # type: ignore[no-any-return]

    assert report("--include-unverified")["satisfied"] is False  # untagged: says nothing
    assert main([*profile, "edit", str(row["id"]), "--tag", "google-data-analytics"]) == 0
    assert report()["satisfied"] is False  # verified only: a self-reported PDF never counts
    counted = report("--include-unverified")
    assert counted["satisfied"] is True
    assert counted["tree"]["flagged"] == [row["id"]]  # type: ignore[index]
