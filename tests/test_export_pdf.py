"""Issue 13: the signed PDF portfolio a job seeker hands to an employer.

One export is made per module (signing and rendering are the slow parts); each test reads it
as a recruiter or a PDF reader would: pdfsig, pdftoppm, pdftotext, pypdf, ``verify-pdf``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest
from export_support import (
    PASS,
    TITLES,
    UNVERIFIED_TITLE,
    clock,
    make_profile,
    run_tool,
    tool,
)

from portfolio_app.cli import main
from portfolio_app.export.presentation import PRESENTATION_FILE, check_presentation
from portfolio_app.export.text import visual
from portfolio_app.services.export import ExportRequest
from portfolio_app.services.portfolio import Portfolio


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("export")
    data_dir = make_profile(root)
    out = root / "out"
    with Portfolio(data_dir) as portfolio:
        held = portfolio.credentials()
        originals = {s.credential.title: portfolio.original_bytes(s.id) for s in held}
        result = portfolio.export(
            ExportRequest(
                out=out,
                include_unverified=True,
                contact=("zoe@example.org",),
                presentation=True,
                linkedin=True,
            ),
            passphrase=PASS,
            clock=clock,
        )
    return {"data_dir": data_dir, "result": result, "pdf": result.pdf, "originals": originals}


def _verify_pdf(data_dir: Path, pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    out = io.StringIO()
    code = main(["--data-dir", str(data_dir), "verify-pdf", str(pdf), "--json"], out=out)
    text = out.getvalue()
    return code, json.loads(text) if text.strip() else None


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _page_texts(pdf: Path) -> list[str]:
    reader = pypdf.PdfReader(pdf)
    return [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]


# ----------------------------------------------------------------------------- signature


def test_pdf_readers_see_a_valid_signature_and_one_flipped_byte_breaks_it(
    exported: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfsig = tool("pdfsig")
    pdf: Path = exported["pdf"]
    report = run_tool(pdfsig, str(pdf))
    assert "Signature is Valid" in report.stdout, report.stdout + report.stderr
    code, body = _verify_pdf(exported["data_dir"], pdf, capsys)
    assert body["pdf_signature"]["intact"] and body["pdf_signature"]["valid"]
    assert body["pdf_signature"]["whole_file"]
    assert body["statement"]["ok"]

    # A byte inside the first signed range, well inside the page content.
    data = pdf.read_bytes()
    at = data.index(b"stream", 2000) + 40
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(_flip(data, at))
    report = run_tool(pdfsig, str(tampered))
    assert "Signature is Valid" not in report.stdout
    code, body = _verify_pdf(exported["data_dir"], tampered, capsys)
    assert code == 1
    assert body is None or not body["pdf_signature"]["ok"]


def test_bytes_appended_after_the_signature_are_reported(
    exported: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(exported["pdf"].read_bytes() + b"\n% appended later\n")
    code, body = _verify_pdf(exported["data_dir"], appended, capsys)
    assert code == 1
    assert body["pdf_signature"]["intact"] and not body["pdf_signature"]["whole_file"]


def test_signer_is_named_and_kept_apart_from_trust(
    exported: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _code, body = _verify_pdf(exported["data_dir"], exported["pdf"], capsys)
    sig = body["pdf_signature"]
    assert "Zoë Παπαδοπούλου" in sig["signer"]
    assert sig["signer_kind"] == "self-signed"
    assert sig["trusted"] is False  # nobody vouches for a learner's own certificate
    assert body["statement"]["holder_signed_pdf"]  # the certificate names the same did:key


# ----------------------------------------------------------------------------- contents


def test_every_original_is_attached_byte_for_byte(exported: dict[str, Any]) -> None:
    reader = pypdf.PdfReader(exported["pdf"])
    attached = {name: data[0] for name, data in reader.attachments.items()}
    assert PRESENTATION_FILE in attached
    originals = exported["originals"]
    digests = {hashlib.sha256(d).hexdigest() for name, d in attached.items()}
    for title, original in originals.items():
        assert hashlib.sha256(original).hexdigest() in digests, title
    assert len(attached) == len(originals) + 1
    # and every one is an associated file of the document (PDF 2.0 /AF)
    catalog = reader.trailer["/Root"]
    assert len(catalog["/AF"]) == len(attached)


def test_the_statement_is_signed_by_the_learner_and_lists_each_hash(
    exported: dict[str, Any],
) -> None:
    reader = pypdf.PdfReader(exported["pdf"])
    statement = json.loads(reader.attachments[PRESENTATION_FILE][0])
    checked = check_presentation(statement)
    assert checked.ok, checked.detail
    hashes = {e["sha256"] for e in statement["portfolioEntry"]}
    for original in exported["originals"].values():
        assert hashlib.sha256(original).hexdigest() in hashes

    forged = json.loads(json.dumps(statement))
    forged["portfolioEntry"][0]["status"] = "verified" if forged["portfolioEntry"][0][
        "status"] != "verified" else "revoked"
    assert not check_presentation(forged).ok

    # the file written beside the PDF on request is the same statement
    beside = exported["result"].files[1]
    assert json.loads(beside.read_text()) == statement


def test_pages_render_and_are_not_blank(exported: dict[str, Any], tmp_path: Path) -> None:
    pdftoppm = tool("pdftoppm")
    run_tool(pdftoppm, "-r", "30", "-gray", "-f", "1", "-l", "4", str(exported["pdf"]),
             str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == 4
    for page in pages:
        pixels = page.read_bytes().split(b"\n", 3)[3]
        dark = sum(1 for value in pixels if value < 128)
        assert dark > 200, f"{page.name} looks blank ({dark} dark pixels)"


def test_text_extraction_finds_every_title_in_every_script(exported: dict[str, Any]) -> None:
    tool("pdftotext")
    text = unicodedata.normalize(
        "NFKC", run_tool("pdftotext", str(exported["pdf"]), "-").stdout
    )
    text = text.replace("\u202b", "").replace("\u202c", "")
    for script, title in TITLES.items():
        # Arabic is drawn shaped, in visual order; poppler reads it back in logical order.
        wanted = {title, unicodedata.normalize("NFKC", visual(title))}
        assert any(w in text for w in wanted), f"{script} title {title!r} not found"
    assert UNVERIFIED_TITLE in text


def test_a_credential_that_is_not_verified_is_never_shown_as_verified(
    exported: dict[str, Any],
) -> None:
    pages = _page_texts(exported["pdf"])
    section = [p for p in pages if UNVERIFIED_TITLE in p and "Verification at export" in p]
    assert section, "the unverified credential has no section"
    for page in section:
        assert "NOT VERIFIED (unverifiable)" in page
        assert not re.search(r"(?<!NOT )\bVerified\b", page)
    verified_pages = [p for p in pages if TITLES["greek"] in p and "Verification at export" in p]
    assert verified_pages and re.search(r"(?<!NOT )\bVerified\b", verified_pages[0])
    summary = next(p for p in pages if p.startswith("Summary") or "\nSummary" in p)
    line = next(x for x in summary.splitlines() if UNVERIFIED_TITLE in x)
    assert "Verified" not in line.replace("NOT VERIFIED", "")


def test_issuer_standing_and_limits_are_printed(exported: dict[str, Any]) -> None:
    text = "\n".join(_page_texts(exported["pdf"]))
    assert "self-described issuer" in text
    assert "revocation not checked" in text


def test_verify_pdf_fails_when_a_credential_inside_is_not_verified(
    exported: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, body = _verify_pdf(exported["data_dir"], exported["pdf"], capsys)
    assert code == 1
    statuses = {c["title"]: c["verdict"]["status"] for c in body["credentials"]}
    assert statuses[UNVERIFIED_TITLE] == "unverifiable"
    assert all(statuses[t] == "verified" for t in TITLES.values())
    assert all(c["hash_ok"] and c["listed"] for c in body["credentials"])


def test_linkedin_pack_has_fields_and_add_to_profile_links(exported: dict[str, Any]) -> None:
    text = exported["result"].files[2].read_text()
    assert text.count("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME") == 7
    assert "Issuing organisation: Example College" in text
    assert "Issue date: January 2026" in text
