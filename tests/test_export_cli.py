"""``portfolio export`` and ``portfolio verify-pdf`` from the command line: choices, refusals,
hostile PDFs, determinism and the LinkedIn pack."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from export_support import PASS, TITLES, clock, make_profile

from portfolio_app.cli import main
from portfolio_app.export.content import Entry, PortfolioContent
from portfolio_app.export.document import render
from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.services.export import linkedin_add_url
from portfolio_app.verify.verdict import Check, Outcome, Status, decide


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_profile(tmp_path_factory.mktemp("cli-export"))


@pytest.fixture
def cli(profile: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: never prompt
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr("sys.stderr", err)
        code = main(["--data-dir", str(profile), *argv], out=out)
        return code, out.getvalue(), err.getvalue()

    run.secret = secret  # type: ignore[attr-defined]
    return run


def test_export_then_verify_pdf_passes_for_verified_credentials(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "cv.pdf"
    code, out, err = cli("export", "--out", str(target), "--ids", "3", "2",
                         "--passphrase-file", str(cli.secret), "--json")
    assert code == 0, err
    body = json.loads(out)
    assert [i["id"] for i in body["included"]] == [3, 2]
    code, out, err = cli("verify-pdf", str(target))
    assert code == 0, out + err
    assert "everything holds" in out
    assert TITLES["cyrillic"] in out and TITLES["greek"] in out


def test_unverified_credentials_are_left_out_unless_asked(cli: Any, tmp_path: Path) -> None:
    code, out, _err = cli("export", "--out", str(tmp_path), "--ids", "7", "1",
                          "--passphrase-file", str(cli.secret), "--json")
    assert code == 0
    body = json.loads(out)
    assert [i["id"] for i in body["included"]] == [1]
    assert body["left_out"] == [{"id": 7, "status": "unverifiable"}]
    code, _out, err = cli("export", "--out", str(tmp_path), "--ids", "7",
                          "--passphrase-file", str(cli.secret))
    assert code == 1
    assert "--include-unverified" in err and len(err.strip().splitlines()) == 1


def test_a_passphrase_is_asked_for_and_never_guessed(cli: Any, tmp_path: Path) -> None:
    code, _out, err = cli("export", "--out", str(tmp_path), "--ids", "1")
    assert code == 2
    assert "--passphrase-file" in err


def test_an_unknown_id_is_named(cli: Any, tmp_path: Path) -> None:
    code, _out, err = cli("export", "--out", str(tmp_path), "--ids", "42",
                          "--passphrase-file", str(cli.secret))
    assert code == 1 and "#42" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"just some text, not a PDF at all", "not a PDF"),
        (b"%PDF-1.7\n" + b"\x00" * 500, "cannot be read"),
    ],
)
def test_hostile_or_broken_files_are_one_line_refusals(
    cli: Any, tmp_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    code, _out, err = cli("verify-pdf", str(bad))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert reason in err


def test_truncated_and_unsigned_pdfs_are_refused(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "cv.pdf"
    assert cli("export", "--out", str(target), "--ids", "2",
               "--passphrase-file", str(cli.secret))[0] == 0
    data = target.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    code, _out, err = cli("verify-pdf", str(truncated))
    assert code == 1 and len(err.strip().splitlines()) == 1

    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(render(_content()))
    code, _out, err = cli("verify-pdf", str(unsigned), "--json")
    assert code == 1 and "not signed" in err


def _content() -> PortfolioContent:
    cred = Credential(CredentialFormat.OB3, Container.JSON, "Ανάλυση", "Example College", "{}")
    verdict = decide([Status.UNVERIFIABLE], [Check("signature", Outcome.NOT_CHECKED, "no key")],
                     checked_at=datetime(2026, 3, 2, tzinfo=UTC))
    entry = Entry(1, cred, b"{}", "a.json", verdict)
    return PortfolioContent("Zoë", ("zoe@example.org",), (entry,), clock())


def test_the_document_is_the_same_for_the_same_content_and_clock() -> None:
    assert render(_content()) == render(_content())


def test_linkedin_link_carries_the_fields_linkedin_reads() -> None:
    cred = Credential(
        CredentialFormat.OB3, Container.JSON, "Data & Society", "Example College", "{}",
        credential_id="https://college.example/c/1", issued=datetime(2026, 1, 15, tzinfo=UTC),
        valid_until=datetime(2029, 1, 15, tzinfo=UTC),
    )
    verdict = decide([Status.VERIFIED], [], checked_at=clock())
    url = linkedin_add_url(Entry(1, cred, b"{}", "a.json", verdict))
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Data & Society",
        "organizationName": "Example College",
        "issueYear": "2026",
        "issueMonth": "1",
        "expirationYear": "2029",
        "expirationMonth": "1",
        "certUrl": "https://college.example/c/1",
        "certId": "https://college.example/c/1",
    }


def _institution_p12() -> bytes:
    """A career centre's signing certificate, issued by its own CA (made here, not shipped)."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example University Careers"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Zoë (Career Centre)"),
        ]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example University CA")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"zoe", key, cert, None, serialization.BestAvailableEncryption(b"p12")
    )


def test_a_career_centre_signature_names_the_institution(tmp_path: Path) -> None:
    from portfolio_app.identity.service import import_institution_certificate
    from portfolio_app.services.export import ExportRequest, verify_portfolio_pdf
    from portfolio_app.services.portfolio import Portfolio

    data_dir = make_profile(tmp_path, unverified=False)
    import_institution_certificate(data_dir, _institution_p12(), "p12", passphrase=PASS)
    with Portfolio(data_dir) as portfolio:
        result = portfolio.export(ExportRequest(out=tmp_path / "out", ids=(2,)),
                                  passphrase=PASS, clock=clock)
        docs = portfolio.documents()
        report = verify_portfolio_pdf(result.pdf, result.pdf.read_bytes(), docs=docs,
                                      judge=lambda c: portfolio.verify(c, docs),
                                      max_bytes=portfolio.max_import_bytes)
    assert report.ok
    assert "Example University Careers" in report.signature.signer
    assert report.signature.signer_kind == "issued by Common Name: Example University CA"
