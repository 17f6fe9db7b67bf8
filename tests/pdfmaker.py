"""Test helper: draw certificate-like PDFs with ReportLab (Coursera-style, edX-style, plain)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas


def make_pdf(
    lines: list[str],
    *,
    title: str | None = None,
    author: str | None = None,
    link: str | None = None,
) -> bytes:
    """A one-page landscape PDF with one text line per entry (and an optional link annotation)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(letter))
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    y = 540
    for line in lines:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(60, y, line)
        y -= 28
    if link:
        pdf.linkURL(link, (60, 40, 400, 60), relative=0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def coursera_like() -> bytes:
    return make_pdf(
        [
            "Jan 15, 2024",
            "Jane Learner",
            "has successfully completed",
            "Machine Learning Foundations",
            (
                "an online non-credit course authorized by Stanford University "
                "and offered through Coursera"
            ),
            "Andrew Example, Adjunct Professor",
            "Verify at coursera.org/verify/ABCD1234EFGH",
            "Coursera has confirmed the identity of this individual.",
        ],
        title="Coursera ABCD1234EFGH.pdf",
    )


EDX_VERIFY = "https://courses.edx.org/certificates/0123456789abcdef0123456789abcdef"


def edx_like() -> bytes:
    return make_pdf(
        [
            "edX",
            "Verified Certificate of Achievement",
            "This is to certify that",
            "John Student",
            "successfully completed and received a passing grade in",
            "CS50x: Introduction to Computer Science",
            "a course of study offered by HarvardX, an online learning initiative of Harvard.",
            "Issued March 3, 2023",
            "Verify the authenticity of this certificate at",
            EDX_VERIFY,
        ],
        link=EDX_VERIFY,
    )
