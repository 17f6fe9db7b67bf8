"""Fonts and text for the PDF: every script a learner's credentials are written in.

ReportLab draws a string in one font, and no single TrueType font we may ship covers Latin,
Greek, Cyrillic, Arabic *and* CJK.  So :func:`markup` cuts text into runs by script and names
the font of each run (DejaVu Sans, or Droid Sans Fallback for Chinese / Japanese / Korean).
ReportLab embeds only the glyphs used (subsetting), so a PDF stays small whatever fonts ship.

ReportLab does not shape Arabic or lay out right-to-left text, so a run containing Arabic or
Hebrew is shaped (``arabic-reshaper``: letters take their joined forms) and put in visual order
(``python-bidi``) before it is drawn.  A text extractor then reads the presentation forms in
visual order; :func:`visual` is the same transformation, so tests can compare like with like.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape

from portfolio_app.paths import resource_path

BODY = "LP-Sans"
BOLD = "LP-Sans-Bold"
CJK = "LP-CJK"

_FONT_FILES = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

# Han, kana, Hangul, CJK punctuation and full-width forms: drawn with the CJK font.
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
)
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Characters a PDF text string must not carry (C0 controls except tab/newline).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@functools.cache
def register_fonts() -> None:
    """Register the bundled fonts with ReportLab once per process (they are big to parse)."""
    from reportlab.lib.fonts import addMapping  # noqa: PLC0415 - ReportLab loads on first export
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BOLD)
    addMapping(BODY, 0, 1, BODY)
    addMapping(BODY, 1, 1, BOLD)
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)


def clean(text: str) -> str:
    """Drop control characters a credential might carry (they would garble the page)."""
    return _CONTROL.sub("", text)


def visual(text: str) -> str:
    """Arabic / Hebrew shaped and in visual order; other text unchanged."""
    text = clean(text)
    if not _RTL.search(text):
        return text
    import arabic_reshaper  # noqa: PLC0415 - only when the text needs it
    from bidi import get_display  # noqa: PLC0415

    return str(get_display(arabic_reshaper.reshape(text)))


def markup(text: str) -> str:
    """ReportLab paragraph markup for ``text``: escaped, shaped, each CJK run in the CJK font."""
    shown = visual(text)
    parts: list[str] = []
    position = 0
    for found in _CJK.finditer(shown):
        parts.append(escape(shown[position : found.start()]))
        parts.append(f'<font name="{CJK}">{escape(found.group())}</font>')
        position = found.end()
    parts.append(escape(shown[position:]))
    return "".join(parts)
