"""Open Badges 1.0 / 1.1 assertions (hosted JSON or signed JWS), as Mozilla Backpack and
early Badgr wrote them.

A 1.x assertion says how to check it in ``verify`` (``{"type": "hosted"|"signed", "url": …}``)
where 2.0 says ``verification``; 1.1 adds ``@context: https://w3id.org/openbadges/v1``, 1.0 has
no context at all.  The fields the app shows (badge, issuer, dates, recipient) are named as in
2.0, so the OB 2.0 parser reads them; this module only recognises the kind and records it, so
the verdict can name it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from portfolio_app.formats import ob2
from portfolio_app.formats.registry import UNSUPPORTED, JsonFormat, JsonInput
from portfolio_app.model import Credential, CredentialFormat

OB1_CONTEXT = "https://w3id.org/openbadges/v1"
SPEC = "Open Badges 1.x"


def is_ob1_assertion(given: JsonInput) -> bool:
    """True for a 1.1 assertion (its context) or a 1.0 one (``verify`` and no context)."""
    obj = given.obj
    if OB1_CONTEXT in given.contexts:
        return True
    if ob2.OB2_CONTEXT in given.contexts or "verification" in obj:
        return False
    return "@context" not in obj and isinstance(obj.get("verify"), dict) and "badge" in obj


def _parse(given: JsonInput) -> Sequence[Credential]:
    parsed = ob2.parse_assertion(
        given.obj,
        payload=given.payload,
        container=given.extracted.container,
        source=given.extracted.source,
        signed=given.jwt is not None,
    )
    verify = given.obj.get("verify")
    kind = str(verify.get("type", "")).lower() if isinstance(verify, dict) else ""
    signed = given.jwt is not None or kind == "signed"
    extra = {**parsed.extra, "spec": SPEC}
    if signed:
        extra[UNSUPPORTED] = (
            f"{SPEC} signed assertion: not verified by this app (1.x names only a bare "
            "public-key URL, with nothing in the issuer's own profile that lists the key)"
        )
    return [
        dataclasses.replace(
            parsed,
            format=CredentialFormat.OB1_SIGNED if signed else CredentialFormat.OB1_HOSTED,
            extra=extra,
        )
    ]


FORMAT = JsonFormat(f"{SPEC} assertion", is_ob1_assertion, _parse)
