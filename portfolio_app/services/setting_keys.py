"""The profile settings ``portfolio verify`` reads, named once for both of its paths.

The full facade (:mod:`portfolio_app.services.portfolio`, which loads SQLAlchemy) and the
sqlite3-only :mod:`portfolio_app.services.quick_verify` must read the same keys.
"""

from __future__ import annotations

MAX_BYTES_SETTING = "import.max_bytes"
NETWORK_SETTING = "verify.network_allowed"
EMAILS_SETTING = "learner.emails"
