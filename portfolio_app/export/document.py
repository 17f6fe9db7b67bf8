"""Draw the portfolio PDF (ReportLab): cover, one-page summary, one section per credential.

Honesty rules drawn here, whatever the caller passes:

* only a ``verified`` verdict is shown as verified, with the limits of that check beside it;
  every other status is printed as **NOT VERIFIED** with the status and its reason;
* the issuer is shown as *recognised* (by which registry) or *self-described*;
* what the learner typed (their own issuer name, notes, credits) is marked as learner-entered.

The output is deterministic for the same content: ReportLab's invariant mode, with the
document dates taken from ``content.created`` (the injected clock), not from the machine.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from portfolio_app.export.content import Entry, PortfolioContent
from portfolio_app.export.text import BODY, BOLD, markup, register_fonts, visual
from portfolio_app.model import Container
from portfolio_app.verify.verdict import Outcome

log = logging.getLogger(__name__)

GREEN = colors.HexColor("#1b6e3a")
RED = colors.HexColor("#a01c1c")
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#eeeeee")
MAX_BADGE_PIXELS = 4096 * 4096  # a badge image larger than this is not decoded (bomb guard)
MAX_FIELD_CHARS = 4000  # a description longer than this is cut (the original is attached)

_STYLES = {
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=26, leading=32, spaceAfter=8),
    "name": ParagraphStyle("name", fontName=BOLD, fontSize=20, leading=26, spaceAfter=6),
    "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20, spaceAfter=6),
    "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=6),
    "body": ParagraphStyle("body", fontName=BODY, fontSize=9.5, leading=12.5),
    "small": ParagraphStyle("small", fontName=BODY, fontSize=8, leading=10, textColor=GREY),
    "ok": ParagraphStyle("ok", fontName=BOLD, fontSize=11, leading=14, textColor=GREEN),
    "bad": ParagraphStyle("bad", fontName=BOLD, fontSize=11, leading=14, textColor=RED),
    "field": ParagraphStyle(
        "field", fontName=BODY, fontSize=9, leading=11.5, spaceAfter=2.5, leftIndent=8,
        firstLineIndent=-8,
    ),
    "qr": ParagraphStyle("qr", fontName=BODY, fontSize=6, leading=7.5, alignment=TA_CENTER),
}


_LABEL = '<font name="' + BOLD + '" size="7.5" color="#555555">{}:</font> '


def render(content: PortfolioContent) -> bytes:
    """The finished, unsigned PDF as bytes (attachments and signature are added after)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = _Document(buffer, content)
    story: list[Flowable] = [*_cover(content), PageBreak(), *_summary(content)]
    for entry in content.entries:
        story += [PageBreak(), *_section(entry)]
    doc.build(story, canvasmaker=_canvas_maker(content.created))
    return buffer.getvalue()


# ----------------------------------------------------------------------------- template


class _Bookmark(Flowable):  # type: ignore[misc]
    """Zero-size marker: where an outline entry (bookmark) points."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(visual(self.title)[:200], self.key, level=self.level)


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, content: PortfolioContent) -> None:
        title = f"Learner portfolio — {content.learner_name}"
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=title,
            author=content.learner_name,
            subject=f"{len(content.entries)} credentials, {content.verified_count} verified "
            f"at export on {content.created:%Y-%m-%d}",
            creator="Learner Portfolio",
            producer="Learner Portfolio (ReportLab, pyHanko)",
            keywords="micro-credentials, Open Badges, verifiable credentials, portfolio",
            invariant=1,
            lang="en",
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        footer = f"{content.learner_name} · portfolio of {content.created:%Y-%m-%d}"
        self.addPageTemplates([PageTemplate("page", [frame], onPage=_footer(footer))])


def _footer(text: str) -> Callable[[Canvas, Any], None]:
    line = Paragraph(markup(text), _STYLES["small"])

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        line.wrapOn(canvas, A4[0] - 60 * mm, 12 * mm)
        line.drawOn(canvas, 18 * mm, 8 * mm)
        canvas.setFont(BODY, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawRightString(A4[0] - 18 * mm, 8.5 * mm, f"page {doc.page}")
        canvas.restoreState()

    return draw


def _canvas_maker(created: datetime) -> Callable[..., Canvas]:
    """A canvas whose document dates are ``created`` (ReportLab's invariant mode would say
    2000-01-01; the machine's clock would make the output differ run to run)."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        stamp = TimeStamp(invariant=1)
        moment = created.timestamp()
        stamp.t = moment
        stamp.lt = datetime.utcfromtimestamp(moment).timetuple()
        stamp.YMDhms = tuple(stamp.lt)[:6]
        canvas._doc._timeStamp = stamp
        return canvas

    return make


# ----------------------------------------------------------------------------- cover, summary


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(markup(text), _STYLES[style])


def _cover(content: PortfolioContent) -> list[Flowable]:
    story: list[Flowable] = [_Bookmark("cover", "Cover")]
    logo = _logo(content.organisation_logo)
    story += [logo, Spacer(1, 40 * mm - logo.wrap(0, 0)[1])] if logo else [Spacer(1, 40 * mm)]
    story += [_p("Learner portfolio", "title"), _p(content.learner_name, "name")]
    story += [_p(line) for line in content.contact]
    if content.organisation:
        story.append(_p(f"Prepared at {content.organisation}", "small"))
    story += [
        Spacer(1, 12 * mm),
        _p(
            f"Prepared on {content.created:%d %B %Y} with Learner Portfolio. "
            f"{len(content.entries)} credentials, {content.verified_count} verified at export."
        ),
        Spacer(1, 4 * mm),
        _p(
            "Each credential's original file is attached to this PDF, so its issuer's "
            "signature can be checked again. The learner signed a statement listing every "
            "attachment's SHA-256 (also attached), and signed this PDF. Anyone can re-check "
            "all of it offline with: portfolio verify-pdf FILE",
            "small",
        ),
    ]
    if content.holder_did:
        story.append(_p(f"Learner's identifier: {content.holder_did}", "small"))
    return story


def _summary(content: PortfolioContent) -> list[Flowable]:
    story: list[Flowable] = [
        _Bookmark("summary", "Summary"),
        _p("Summary", "h1"),
        _p(
            f"{content.verified_count} of {len(content.entries)} credentials verified "
            f"at export ({content.created:%Y-%m-%d})."
        ),
    ]
    rows = [[_p("#", "small"), _p("credential", "small"), _p("result", "small")]]
    for entry in content.entries[:40]:
        rows.append(
            [
                _p(str(entry.number), "small"),
                _p(entry.credential.title or "untitled"),
                _status_word(entry, small=True),
            ]
        )
    if len(content.entries) > 40:
        rows.append(["", _p(f"… and {len(content.entries) - 40} more (see the outline)"), ""])
    story.append(_table(rows, [12 * mm, 120 * mm, 42 * mm]))
    if content.skills:
        story += [_p("Skills profile", "h2")]
        for skill in content.skills[:20]:
            flag = f" ({skill.unverified} not verified)" if skill.unverified else ""
            story.append(_p(f"• {skill.name}: {skill.credentials} credentials{flag}"))
    done = [q for q in content.qualifications if q.satisfied]
    going = [q for q in content.qualifications if not q.satisfied and q.percent > 0]
    if done or going:
        story.append(_p("Qualifications (verified credentials only)", "h2"))
        for label, group in (("Completed", done), ("In progress", going)):
            if not group:
                continue
            story.append(_p(label, "small"))
            for q in group[:10]:
                story.append(
                    _table(
                        [[_p(q.name), _ProgressBar(q.percent), _p(f"{q.percent:.0f}%")]],
                        [90 * mm, 65 * mm, 19 * mm],
                        grid=False,
                    )
                )
    return story


class _ProgressBar(Flowable):  # type: ignore[misc]
    def __init__(self, percent: float) -> None:
        super().__init__()
        self.percent = max(0.0, min(100.0, percent))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, 4 * mm

    def draw(self) -> None:
        self.canv.setFillColor(LIGHT)
        self.canv.rect(0, 0, self.width, 4 * mm, stroke=0, fill=1)
        self.canv.setFillColor(GREEN)
        self.canv.rect(0, 0, self.width * self.percent / 100, 4 * mm, stroke=0, fill=1)


def _table(
    rows: list[list[Any]], widths: list[float], *, grid: bool = True, labels: int = 0
) -> Table:
    """``labels``: how many leading columns hold plain ASCII labels (drawn as strings, far
    cheaper than paragraphs; every section has dozens)."""
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if labels:
        last = labels - 1
        style += [
            ("FONT", (0, 0), (last, -1), BODY, 7.5),
            ("TEXTCOLOR", (0, 0), (last, -1), GREY),
        ]
    if grid:
        style.append(("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT))
    table.setStyle(TableStyle(style))
    return table


# ----------------------------------------------------------------------------- sections


def _status_word(entry: Entry, *, small: bool = False) -> Paragraph:
    """The one place a result is worded: only ``verified`` reads as verified."""
    status = entry.verdict.status.value.replace("_", " ")
    if entry.verified:
        return Paragraph("Verified", _STYLES["ok"] if not small else _STYLES["body"])
    extra = ", self-reported" if entry.credential.self_reported else ""
    return Paragraph(
        markup(f"NOT VERIFIED ({status}{extra})"),
        _STYLES["bad"] if not small else _STYLES["body"],
    )


def _section(entry: Entry) -> list[Flowable]:
    cred = entry.credential
    title = cred.title or "untitled credential"
    head: list[Flowable] = [
        _Bookmark(f"credential-{entry.number}", title),
        _p(title, "h1"),
        _status_word(entry),
    ]
    verdict = entry.verdict
    if entry.verified:
        if verdict.limits:
            head.append(_p("Not checked: " + "; ".join(verdict.limits), "small"))
    else:
        head.append(_p(verdict.summary, "small"))
    art = _badge_image(entry)
    codes = _qr_column(entry)
    head.append(Spacer(1, 3 * mm))
    head.append(_table([[art, codes]], [104 * mm, 70 * mm], grid=False))
    story: list[Flowable] = [KeepTogether(head)]

    # One paragraph per field, label inline: a table per section costs more than the rest
    # of the page together (ReportLab sizes every cell twice), which matters at 500 sections.
    def add(label: str, value: str | None, *, learner: bool = False) -> None:
        if value:
            shown = value if len(value) <= MAX_FIELD_CHARS else value[:MAX_FIELD_CHARS] + "…"
            name = f"{label} (entered by the learner)" if learner else label
            story.append(Paragraph(_LABEL.format(name) + markup(shown), _STYLES["field"]))

    standing = verdict.issuer_standing or "issuer not checked against a registry"
    add("Issuer", f"{cred.issuer_name} — {standing}")
    add("Issuer id", cred.issuer_id)
    add("Issued", _date(cred.issued))
    add("Valid from", _date(cred.valid_from))
    add("Expires", _date(cred.valid_until) or "no expiry stated")
    add("Credential id", cred.credential_id)
    add("Description", cred.description)
    add("Criteria", cred.extra.get("criteria") or cred.extra.get("criteria_url"))
    add("Skills", "; ".join(_alignment(a.name, a.framework, a.code) for a in cred.alignments))
    add("Credits", "; ".join(f"{c.value:g} {c.unit}" for c in cred.credits))
    add("Evidence", "; ".join(cred.evidence))
    add("Verify at", cred.verification_url)
    add("Format", f"{cred.format.value} in a {cred.container.value} file")
    learner = entry.learner
    add("Issuer", learner.issuer_name, learner=True)
    add("Achievement", learner.achievement_name, learner=True)
    add("Credits", "; ".join(f"{c.value:g} {c.unit}" for c in learner.credits), learner=True)
    add("Note", learner.note, learner=True)
    add("Original", f"attached as {entry.attachment_name} (SHA-256 {entry.sha256})")

    story.append(_p(f"Verification at export, {verdict.checked_at:%Y-%m-%d %H:%M} UTC", "h2"))
    for check in verdict.checks:
        label = f"{_OUTCOME_WORD[check.outcome]} · {check.name.replace('_', ' ')}"
        detail = check.detail + (f" (as of {check.as_of:%Y-%m-%d})" if check.as_of else "")
        story.append(Paragraph(_LABEL.format(escape(label)) + markup(detail), _STYLES["field"]))
    if entry.verified:
        limits = "; ".join(verdict.limits) or "none: every check ran"
        story.append(_p(f"Limits of this check: {limits}", "small"))
    return story


_OUTCOME_WORD = {
    Outcome.PASSED: "passed",
    Outcome.FAILED: "FAILED",
    Outcome.NOT_CHECKED: "not checked",
}


def _alignment(name: str, framework: str | None, code: str | None) -> str:
    extra = ", ".join(x for x in (framework, code) if x)
    return f"{name} ({extra})" if extra else name


def _date(moment: datetime | None) -> str | None:
    return f"{moment:%Y-%m-%d}" if moment is not None else None


def _logo(data: bytes | None) -> Image | None:
    """The organisation's logo, at most 25 mm high; an unreadable one is left out (logged)."""
    if not data:
        return None
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
        if width <= 0 or height <= 0 or width * height > MAX_BADGE_PIXELS:
            raise ValueError(f"{width}x{height} pixels")
        scale = min(25 * mm / height, 60 * mm / width)
        image = Image(io.BytesIO(data), width * scale, height * scale)
    except Exception as exc:  # ReportLab/PIL raise many kinds for a bad image
        log.warning("organisation logo not drawn: %s", exc)
        return None
    image.hAlign = "LEFT"
    return image


def _badge_image(entry: Entry) -> Flowable:
    """The badge's own picture when the original is a PNG; otherwise a short note."""
    if entry.credential.container is not Container.PNG:
        what = {Container.SVG: "SVG badge image not drawn (the SVG file is attached)"}.get(
            entry.credential.container, "no badge image in this credential"
        )
        return _p(what, "small")
    try:
        reader = ImageReader(io.BytesIO(entry.original))
        width, height = reader.getSize()
        if width <= 0 or height <= 0 or width * height > MAX_BADGE_PIXELS:
            return _p("badge image too large to draw (the original is attached)", "small")
        side = 40 * mm
        scale = side / max(width, height)
        image = Image(io.BytesIO(entry.original), width * scale, height * scale)
        image.hAlign = "LEFT"
        return image
    except Exception as exc:
        log.info("badge image of #%s not drawn: %s", entry.number, exc)
        return _p("badge image could not be read (the original is attached)", "small")


def _qr_image(data: str, size: float) -> Image:
    """A QR code as a tiny 1-bit picture scaled up (one image, not a shape per module).

    segno encodes (ReportLab's own QR widget builds one validated shape per module: ~1 s a
    code, too slow for a 500-credential portfolio).  The mask is fixed: any of the eight masks
    decodes, and choosing the "best" one costs most of the encoding time.
    """
    code = segno.make(data, error="m", micro=False, mask=0)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=1, border=2)
    buffer.seek(0)
    return Image(buffer, size, size)


def _qr(data: str, caption: str) -> list[Flowable]:
    return [_qr_image(data, 26 * mm), Paragraph(markup(caption), _STYLES["qr"])]


def _qr_column(entry: Entry) -> Table:
    cells: list[list[Any]] = [[*_qr(entry.reference, "attached original")]]
    url = entry.credential.verification_url
    if url and url.startswith("https://") and len(url) < 1000:
        cells[0] += _qr(url, "issuer's verification page")
    if len(cells[0]) == 2:
        return Table([[cells[0][0]], [cells[0][1]]], colWidths=[32 * mm])
    return Table(
        [[cells[0][0], cells[0][2]], [cells[0][1], cells[0][3]]], colWidths=[33 * mm, 33 * mm]
    )
