"""Import, back half: turn extracted credential text into the one domain model.

``parse`` recognises Open Badges 2.0 (hosted and signed), Open Badges 3.0 and CLR 2.0 (embedded
proof or VC-JWT), other W3C Verifiable Credentials, Europass EDC (ELM v3, JAdES-sealed) and PDF
certificates.  It never verifies anything: a parsed credential is only what the file *says*.

``parse`` is loaded on first use (PEP 562), so a command that only needs a small helper such
as :func:`portfolio_app.formats.common.display_title` (``portfolio list``) does not import every
format parser at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portfolio_app.formats.parse import parse

__all__ = ["parse"]


def __getattr__(name: str) -> Any:
    if name == "parse":
        from portfolio_app.formats.parse import parse  # noqa: PLC0415 - loaded on first use

        return parse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
