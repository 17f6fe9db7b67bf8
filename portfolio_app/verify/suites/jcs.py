"""JSON Canonicalization Scheme (RFC 8785) for the ``*-jcs-*`` suites, via PyPI ``rfc8785``.

RFC 8785 is exact about number formatting (ECMAScript ``Number.toString``) and UTF-16 key
order, which is easy to get subtly wrong; the ``rfc8785`` package (Trail of Bits) implements
and tests exactly that.  Values JCS cannot represent (integers beyond ±2^53, NaN) raise
:class:`JcsError` with one sentence: such a document cannot have been signed this way.
"""

from __future__ import annotations

from typing import Any

import rfc8785

from portfolio_app.errors import PortfolioError


class JcsError(PortfolioError):
    """The JSON cannot be put into RFC 8785 canonical form."""


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a parsed JSON value."""
    try:
        return bytes(rfc8785.dumps(value))
    except rfc8785.CanonicalizationError as exc:
        raise JcsError(f"the JSON cannot be canonicalized (RFC 8785): {exc}") from exc
    except (TypeError, ValueError, RecursionError) as exc:
        raise JcsError(f"the JSON cannot be canonicalized (RFC 8785): {exc}") from exc
