"""Import, back half: turn extracted credential text into the one domain model.

``parse`` recognises Open Badges 2.0 (hosted and signed), Open Badges 3.0 and CLR 2.0 (embedded
proof or VC-JWT), other W3C Verifiable Credentials, Europass EDC (ELM v3, JAdES-sealed) and PDF
certificates.  It never verifies anything: a parsed credential is only what the file *says*.
"""

from __future__ import annotations

from portfolio_app.formats.parse import parse

__all__ = ["parse"]
