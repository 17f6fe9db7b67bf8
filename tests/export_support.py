"""Builders for the export tests: a profile with keys and credentials in several scripts."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bakery import itxt, png
from verify_di_support import Issuer, ob3_credential

from portfolio_app.identity import kdf
from portfolio_app.identity.service import create_identity
from portfolio_app.services.portfolio import Portfolio

EXPORTED_AT = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
PASS = "export tests passphrase, long enough"
ISSUER = Issuer(7)
# Titles in every script the PDF must draw (issue 13): accented Latin, Greek, Cyrillic,
# Chinese, Japanese, Arabic.
TITLES = {
    "latin": "Données et société — Zoë Ångström",
    "greek": "Ανάλυση δεδομένων",
    "cyrillic": "Анализ данных",
    "chinese": "数据分析入门",
    "japanese": "データ分析の基礎",
    "arabic": "تحليل البيانات",
}
UNVERIFIED_TITLE = "Unbound Key Badge"


def clock() -> datetime:
    return EXPORTED_AT


def signed_badge(title: str, number: int, issuer: Issuer = ISSUER, **extra: object) -> dict:
    doc = ob3_credential(issuer.did, **extra)
    doc["id"] = f"urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-0d2a4f1b{number:04d}"
    doc["name"] = title
    doc["issuer"] = {"id": issuer.did, "type": ["Profile"], "name": "Example College"}
    doc["credentialSubject"]["achievement"]["name"] = title
    doc["credentialSubject"]["achievement"]["id"] = f"https://college.example/a/{number}"
    return issuer.sign(doc)


def make_profile(root: Path, *, unverified: bool = True) -> Path:
    """A profile with an identity (passphrase, fast KDF) and one credential per script; one of
    them baked into a PNG; plus one that cannot be verified (its key is bound to nobody)."""
    data_dir = root / "profile"
    files = root / "files"
    files.mkdir(parents=True)
    create_identity(
        data_dir,
        name="Zoë Παπαδοπούλου",
        passphrase=PASS,
        protection="passphrase",
        limits=kdf.TEST_LIMITS,
    )
    for number, (script, title) in enumerate(TITLES.items(), start=1):
        doc = signed_badge(title, number)
        if script == "latin":
            text = json.dumps(doc, ensure_ascii=False)
            (files / f"{number}-{script}.png").write_bytes(
                png(before_idat=(itxt("openbadgecredential", text),))
            )
        else:
            (files / f"{number}-{script}.json").write_text(json.dumps(doc, ensure_ascii=False))
    if unverified:
        other = Issuer(9)
        doc = signed_badge(UNVERIFIED_TITLE, 99, issuer=other)
        doc = dict(doc)
        # Issuer is an https id: nothing binds the did:key that signed it to that issuer.
        unsigned = {k: v for k, v in doc.items() if k != "proof"}
        unsigned["issuer"] = {"id": "https://college.example/issuer", "type": ["Profile"],
                              "name": "Example College"}
        (files / "99-unverified.json").write_text(json.dumps(other.sign(unsigned)))
    with Portfolio(data_dir) as portfolio:
        report = portfolio.import_paths([files])
        assert not report.any_rejected, [o.line for o in report.outcomes]
    return data_dir


def tool(name: str) -> str:
    """A poppler tool's path, or skip saying plainly what is missing and how to get it."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (poppler-utils; .ci/run installs it)")
    return found


def run_tool(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


Runner = Callable[..., tuple[int, str, str]]
