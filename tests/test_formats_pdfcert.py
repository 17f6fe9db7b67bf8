"""PDF certificates become self-reported credentials described by their own text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pdfmaker import EDX_VERIFY, coursera_like, edx_like, make_pdf

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.ingest import extract
from portfolio_app.model import Container, CredentialFormat


def test_coursera_like_certificate() -> None:
    found = extract("cert.pdf", coursera_like())
    assert (found.container, found.source, found.payload) == (Container.PDF, "pdf", "")
    assert found.pdf is not None
    credential = parse(found)
    assert credential.format is CredentialFormat.PDF_CERTIFICATE
    assert credential.self_reported is True
    assert credential.title == "Machine Learning Foundations"
    assert credential.issuer_name == "Coursera"
    assert credential.extra["partner"] == "Stanford University"
    assert credential.recipient == "Jane Learner"
    assert credential.issued == datetime(2024, 1, 15, tzinfo=UTC)
    assert credential.verification_url == "https://coursera.org/verify/ABCD1234EFGH"
    assert credential.credential_id == "ABCD1234EFGH"
    assert credential.payload == ""


def test_edx_like_certificate() -> None:
    credential = parse(extract("cert.pdf", edx_like()))
    assert credential.title == "CS50x: Introduction to Computer Science"
    assert credential.issuer_name == "edX"
    assert credential.extra["partner"] == "HarvardX"
    assert credential.recipient == "John Student"
    assert credential.issued == datetime(2023, 3, 3, tzinfo=UTC)
    assert credential.verification_url == EDX_VERIFY
    assert credential.credential_id == "0123456789abcdef0123456789abcdef"


def test_link_annotations_are_read() -> None:
    found = extract("cert.pdf", edx_like())
    assert found.pdf is not None
    assert found.pdf.links == (EDX_VERIFY,)
    assert found.pdf.page_count == 1


def test_university_letter_uses_institution_and_course_label() -> None:
    data = make_pdf(
        [
            "University of Examplia",
            "Certificate of Completion",
            "Course: Advanced Spreadsheet Modelling",
            "Awarded on 12 June 2025",
            "Certificate No: UX-2025-0042",
        ]
    )
    credential = parse(extract("x", data))
    assert credential.title == "Advanced Spreadsheet Modelling"
    assert credential.issuer_name == "University of Examplia"
    assert credential.issued == datetime(2025, 6, 12, tzinfo=UTC)
    assert credential.credential_id == "UX-2025-0042"


def test_pdf_without_certificate_text_uses_metadata_title() -> None:
    data = make_pdf(
        ["Minutes of the meeting"],
        title="Microsoft Word - Volunteer award.docx",
        author="Town Library",
    )
    credential = parse(extract("x", data))
    assert credential.title == "Volunteer award"
    # The metadata author is often the template's designer: kept, never taken as the issuer.
    assert credential.issuer_name == "Unknown issuer"
    assert credential.extra["metadata_author"] == "Town Library"
    assert credential.self_reported


def test_pdf_without_anything_is_untitled_with_a_reason() -> None:
    credential = parse(extract("x", make_pdf(["Lorem ipsum dolor"])))
    assert credential.title == "Untitled certificate"
    assert credential.issuer_name == "Unknown issuer"
    assert credential.extra["note"] == "no certificate wording found in the PDF text"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\nthis is not really a pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>"],
)
def test_broken_pdf_is_refused(data: bytes) -> None:
    with pytest.raises(RejectedInput) as caught:
        extract("x", data)
    assert caught.value.reason.startswith("not a readable PDF (")
