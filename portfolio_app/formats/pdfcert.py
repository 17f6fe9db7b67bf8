"""PDF certificates: kept as self-reported documents, described by what their text says.

Nothing cryptographic backs a Coursera or edX PDF (the "verify" link needs the network and a
human), so the credential is always ``self_reported``.  Every field read off the page is a
guess by a layout heuristic, and ``extra["guessed_fields"]`` names them so the views can say
so; the metadata ``/Author`` (often the template's designer) is never the issuer.  A PDF whose
text matches no certificate pattern is still kept, titled "Untitled certificate", with the
reason in ``extra`` so the learner can rename it.
"""

from __future__ import annotations

import re

from portfolio_app.ingest.pdf import PdfFacts
from portfolio_app.model import Container, Credential, CredentialFormat

UNTITLED = "Untitled certificate"
UNKNOWN_ISSUER = "Unknown issuer"
_WORD_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - )", re.IGNORECASE)
_JUNK_TITLES = {"untitled", "document", "certificate", "print", "pdf"}
# Placeholders PDF producers write when nobody set an author (ReportLab: "anonymous").
_JUNK_AUTHORS = {"anonymous", "unknown", "(anonymous)", "(unspecified)", "user", "admin"}


def _metadata_title(facts: PdfFacts) -> str | None:
    title = facts.metadata_title
    if not title:
        return None
    title = _WORD_PREFIX.sub("", title).strip()
    title = re.sub(r"\.(?:docx?|pptx?|pdf)$", "", title, flags=re.IGNORECASE)
    return None if title.lower() in _JUNK_TITLES or len(title) < 3 else title


def parse_pdf(facts: PdfFacts) -> Credential:
    """Build a self-reported :class:`Credential` from a PDF's extracted facts."""
    extra: dict[str, str] = {"source": "pdf", "pages": str(facts.page_count)}
    title = facts.title
    if title:
        extra["title_from"] = "the certificate text"
    else:
        title = _metadata_title(facts)
        if title:
            extra["title_from"] = "the PDF's metadata title"
        else:
            title = UNTITLED
            extra["note"] = (
                "no certificate wording found in the PDF text"
                if facts.text.strip()
                else "the PDF's text could not be read, so title and issuer are unknown"
                if facts.text_note
                else "the PDF has no extractable text (it may be a scanned image)"
            )
    author = facts.metadata_author
    if author and author.strip().lower() in _JUNK_AUTHORS:
        author = None
    # The metadata author is whoever made the template (a designer, "Canva", an HR clerk), not
    # who awards the certificate: it is kept for the learner to see, never taken as the issuer.
    if author:
        extra["metadata_author"] = author.strip()[:120]
    issuer = facts.issuer
    if facts.platform:
        extra["platform"] = facts.platform
    if facts.partner:
        extra["partner"] = facts.partner
    if issuer:
        extra["issuer_from"] = "the certificate text"
    else:
        extra["issuer_from"] = (
            "nothing: the certificate text names no issuer (the PDF's metadata author is "
            "not taken as one); set it with 'portfolio edit ID --issuer-name NAME'"
        )
    guessed = [
        name
        for name, value in (
            ("title", facts.title or (title if title != UNTITLED else None)),
            ("issuer", issuer),
            ("recipient", facts.recipient_name),
            ("date", facts.date),
            ("credential id", facts.credential_id),
        )
        if value
    ]
    if guessed:
        extra["guessed_fields"] = ", ".join(guessed)
    if facts.text_note:
        extra["text_note"] = facts.text_note
    return Credential(
        format=CredentialFormat.PDF_CERTIFICATE,
        container=Container.PDF,
        title=title,
        issuer_name=issuer or UNKNOWN_ISSUER,
        payload="",
        credential_id=facts.credential_id,
        recipient=facts.recipient_name,
        issued=facts.date,
        verification_url=facts.verification_url,
        self_reported=True,
        extra=extra,
    )
