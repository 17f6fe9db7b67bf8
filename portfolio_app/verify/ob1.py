"""Open Badges 1.0 / 1.1 assertions: what the app can say about them offline.

A 1.x hosted assertion is checked by fetching it again from its ``verify.url``; a 1.x signed
one by a public key at a bare URL that no issuer document lists.  Issue 8's rule is that a key
or a hosted copy counts only when an authority other than the credential ties it to the
issuer, and 1.x gives no such link for signed badges, so they are ``unsupported`` with that
reason.  A hosted one is compared with the copy cached from its own ``verify.url``: a cached
copy that differs means the badge shown is not the one hosted (``tampered``); a match still
leaves the issuer unbound (the hosted URL's origin is the issuer's say-so) and the verdict
``unverifiable``.  Without a cached copy it needs a network check.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from portfolio_app.formats.registry import unsupported_reason
from portfolio_app.model import Credential
from portfolio_app.verify._common import ContentError, load_json_object
from portfolio_app.verify.dates import check_window
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

KIND = "Open Badges 1.x"


def _hosted_url(assertion: dict[str, Any]) -> str | None:
    verify = assertion.get("verify")
    url = verify.get("url") if isinstance(verify, dict) else None
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def verify_ob1(credential: Credential, *, docs: DocumentSource, now: datetime) -> Verdict:
    reason = unsupported_reason(credential)
    if reason:
        return decide(
            [Status.UNSUPPORTED],
            [
                Check("format", Outcome.PASSED, f"an {KIND} assertion"),
                Check("signature", Outcome.NOT_CHECKED, reason),
            ],
            checked_at=now,
        )
    assertion = load_json_object(credential.payload, what=f"the {KIND} assertion")
    url = _hosted_url(assertion)
    if url is None:
        raise ContentError(f"{KIND} hosted assertion has no 'verify.url'")
    checks = [Check("format", Outcome.PASSED, f"an {KIND} hosted assertion")]
    statuses: set[Status] = set()
    cached = docs.get(url)
    if cached is not None and cached.status == 410:
        checks.append(
            Check(
                "status",
                Outcome.FAILED,
                "revoked: the issuer withdrew this badge (HTTP 410 Gone)",
                as_of=cached.fetched_at,
            )
        )
        return decide([Status.REVOKED], checks, checked_at=now)
    if cached is None or cached.status != 200:
        checks.append(
            Check("hosted", Outcome.NOT_CHECKED, f"hosted badge: needs a network check (GET {url})")
        )
        statuses.add(Status.UNVERIFIABLE)
    else:
        try:
            hosted = json.loads(cached.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            hosted = None
        if hosted != assertion:
            checks.append(
                Check(
                    "hosted",
                    Outcome.FAILED,
                    f"the copy hosted at {url} differs from this badge",
                    as_of=cached.fetched_at,
                )
            )
            statuses.add(Status.TAMPERED)
        else:
            checks.append(
                Check(
                    "hosted",
                    Outcome.PASSED,
                    f"matches the copy hosted at {url}",
                    as_of=cached.fetched_at,
                )
            )
            checks.append(
                Check(
                    "issuer_key",
                    Outcome.NOT_CHECKED,
                    f"{KIND} ties the hosted copy to the issuer only by its own say-so; "
                    "needs the issuer's document",
                )
            )
            statuses.add(Status.UNVERIFIABLE)
    ends = [("expires", assertion["expires"])] if assertion.get("expires") is not None else []
    window = check_window([], ends, now=now)
    checks.append(window.check)
    if window.status is not None:
        statuses.add(window.status)
    return decide(statuses, checks, checked_at=now)
