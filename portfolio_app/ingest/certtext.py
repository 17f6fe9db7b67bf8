"""Heuristics that read a certificate's title, issuer, date and "verify at" link from its text.

PDF certificates follow a few stock layouts ("<name> has successfully completed <course>",
"Verify at coursera.org/verify/…").  These rules are deliberately simple and conservative:
anything not found stays ``None`` and the learner can edit it; a wrong guess is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

PLATFORMS = (
    "Coursera",
    "edX",
    "FutureLearn",
    "Udacity",
    "Udemy",
    "LinkedIn Learning",
    "Khan Academy",
    "Codecademy",
    "DataCamp",
    "Credly",
)

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<nmonth>\d\d)-(?P<day>\d\d)\b"),
)
_COMPLETION = re.compile(
    r"(?:has\s+)?(?:successfully\s+)?completed(?:\s+and\s+received\s+a\s+passing\s+grade\s+in)?"
    r"(?:\s+the\s+course)?\s*:?",
    re.IGNORECASE,
)
_COMPLETION_LINE = re.compile(r"\bsuccessfully\s+completed\b|\bhas\s+completed\b", re.IGNORECASE)
_FOR_COMPLETING = re.compile(
    r"\bfor\s+(?:successfully\s+)?completing\s+(?:the\s+course\s+)?(.+)", re.IGNORECASE
)
_COURSE_LABEL = re.compile(r"^(?:course|course name|programme|program)\s*:\s*(.+)$", re.IGNORECASE)
_CONTINUATION = re.compile(
    r"^(?:and\s+received\s+a\s+passing\s+grade\s+in|the\s+course|the\s+online\s+course)\s*:?$",
    re.IGNORECASE,
)
_AUTHORIZED_BY = re.compile(
    r"\b(?:authorized|authorised|offered|issued|awarded)\s+by\s+(.+?)"
    r"(?:\s+(?:and\s+offered|through|via)\b|,|\.|$)",
    re.IGNORECASE,
)
_OFFERED_THROUGH = re.compile(r"\boffered\s+(?:through|via|on)\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)")
_INSTITUTION = re.compile(
    r"^(?:The\s+)?(?:[A-Z][\w.'&-]*\s+){0,5}(?:University|College|Institute|Academy|School)"
    r"(?:\s+(?:of|for)\s+[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,4})?$|"
    r"^(?:University|Universidad|Université|Universität|Università)\s+\S.{0,60}$"
)
# A URL starts where a word does: without the look-behind every position inside a long run of
# letters (or of "a.a.a…") starts a new attempt that scans the whole run, which is quadratic
# (0.5 s for 20,000 letters, the text cap).
_URL = re.compile(
    r"(?<![A-Za-z0-9.-])(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[^\s<>\"')]*)?"
)
_VERIFY_HINT = re.compile(r"verif|/certificates?/|/credentials?/|/accomplishments/", re.IGNORECASE)
_CREDENTIAL_ID = re.compile(
    r"\b(?:credential|certificate|certification)\s*(?:id|no\.?|number|#)\s*:?\s*([A-Za-z0-9-]{4,64})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate text seems to say; ``None`` when a rule found nothing."""

    title: str | None = None
    issuer: str | None = None
    platform: str | None = None
    partner: str | None = None  # the institution that authorised or offered the course
    recipient_name: str | None = None
    date: datetime | None = None
    verification_url: str | None = None
    credential_id: str | None = None


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _clean_title(value: str) -> str | None:
    title = value.strip(" .:;,-\u2013\u2014\"'\u201c\u201d")
    return title if 2 <= len(title) <= 200 else None


def find_title(lines: list[str]) -> str | None:
    """The course or achievement named after a completion phrase, or a 'Course:' label."""
    for index, line in enumerate(lines):
        if _COMPLETION_LINE.search(line):
            match = _COMPLETION.search(line)
            tail = line[match.end() :] if match else ""
            if _clean_title(tail):
                return _clean_title(tail)
            for following in lines[index + 1 : index + 4]:
                if _CONTINUATION.match(following):
                    continue
                return _clean_title(following)
    for line in lines:
        match = _FOR_COMPLETING.search(line) or _COURSE_LABEL.match(line)
        if match:
            return _clean_title(match.group(1))
    return None


def find_recipient(lines: list[str]) -> str | None:
    """The line just before the completion phrase is, in the stock layouts, the learner's name."""
    for index, line in enumerate(lines):
        if _COMPLETION_LINE.search(line):
            head = _COMPLETION_LINE.split(line)[0]
            head = re.sub(r"\bhas\s*$", "", head, flags=re.IGNORECASE).strip(" ,")
            if head:
                return head
            if index > 0 and not any(ch.isdigit() for ch in lines[index - 1]):
                return lines[index - 1].strip(" ,")
    return None


def find_platform(text: str) -> str | None:
    """A known learning platform named in the text (the first one mentioned wins)."""
    best: tuple[int, str] | None = None
    for name in PLATFORMS:
        match = re.search(rf"\b{re.escape(name)}\b", text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return best[1] if best else None


def find_partner(lines: list[str]) -> str | None:
    """An institution that authorised or offered the course, or a line naming a university."""
    # Line by line first: a phrase must not run on into the next line ("… Verify at …").
    for text in (*lines, " ".join(lines)):
        match = _AUTHORIZED_BY.search(text)
        if match:
            partner = match.group(1).strip()
            if partner and len(partner) <= 120:
                return partner
    for line in lines:
        if _INSTITUTION.match(line):
            return line
    return None


def find_date(text: str) -> datetime | None:
    """The first date written in a common English or ISO format (as midnight UTC)."""
    candidates: list[tuple[int, datetime]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("nmonth"):
                month = int(groups["nmonth"])
            else:
                month = _MONTHS.get(groups["month"].lower(), 0)
            try:
                value = datetime(int(groups["year"]), month, int(groups["day"]), tzinfo=UTC)
            except ValueError:
                continue
            candidates.append((match.start(), value))
    return min(candidates)[1] if candidates else None


def find_verification_url(text: str, links: tuple[str, ...]) -> str | None:
    """A link that looks like the certificate's own "verify at" page."""
    for candidate in (*links, *(m.group() for m in _URL.finditer(text))):
        url = candidate.rstrip(".,;")
        if not _VERIFY_HINT.search(url):
            continue
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        return url
    return None


def find_credential_id(text: str, verification_url: str | None) -> str | None:
    """An explicit "Credential ID: …" or, failing that, the last segment of the verify URL."""
    match = _CREDENTIAL_ID.search(text)
    if match:
        return match.group(1)
    if verification_url:
        segment = verification_url.rstrip("/").rsplit("/", 1)[-1]
        if re.fullmatch(r"[A-Za-z0-9-]{6,}", segment) and any(c.isdigit() for c in segment):
            return segment
    return None


def read_certificate_text(text: str, links: tuple[str, ...] = ()) -> CertificateFacts:
    """Apply every heuristic to a certificate's text and its link annotations."""
    lines = _lines(text)
    platform = find_platform(text)
    partner = find_partner(lines)
    verification_url = find_verification_url(text, links)
    return CertificateFacts(
        title=find_title(lines),
        issuer=platform or partner,
        platform=platform,
        partner=partner,
        recipient_name=find_recipient(lines),
        date=find_date(text),
        verification_url=verification_url,
        credential_id=find_credential_id(text, verification_url),
    )
