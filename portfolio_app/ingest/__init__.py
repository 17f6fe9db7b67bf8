"""Import, front half: find the credential inside whatever file the learner hands us.

No interpretation happens here (that is ``portfolio_app.formats``) and no verification (that is
``portfolio_app.verify``): only safe reading of PNG, SVG, PDF, JSON and JWT containers, each
refusal a :class:`~portfolio_app.errors.RejectedInput` with one readable sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portfolio_app.ingest.extract import Extracted, extract
from portfolio_app.ingest.files import DEFAULT_MAX_BYTES, iter_files, read_file
from portfolio_app.ingest.jsonsafe import safe_json_loads

if TYPE_CHECKING:
    from portfolio_app.ingest.pdf import PdfFacts


def __getattr__(name: str) -> Any:
    """``PdfFacts`` loads the PDF reader on first use (PEP 562): verifying a JSON badge never
    needs it (issue 12)."""
    if name == "PdfFacts":
        from portfolio_app.ingest.pdf import PdfFacts  # noqa: PLC0415

        return PdfFacts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_BYTES",
    "Extracted",
    "PdfFacts",
    "extract",
    "iter_files",
    "read_file",
    "safe_json_loads",
]
