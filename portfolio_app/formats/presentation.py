"""Verifiable Presentations handed over by learners or wallets: each credential inside is
imported as its own entry.

A presentation is an envelope (``verifiableCredential``: embedded credentials as JSON objects
or VC-JWT strings, signed or not by the ``holder``); the credentials inside are what the
learner owns.  Each is parsed through the same registry as a file of its own, keeping its own
text as its payload (its proof covers that text, not the presentation's), and carries the
presentation's id and holder in ``extra``.  The presentation's own proof is checked by the
import service (``services/importing.py``), which can reach ``verify/``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.common import as_list
from portfolio_app.formats.registry import (
    PRESENTATION_HOLDER,
    PRESENTATION_ID,
    JsonFormat,
    JsonInput,
)
from portfolio_app.ingest.jws import decode_compact_jws, looks_like_compact_jws
from portfolio_app.model import Credential

VP_TYPE = "VerifiablePresentation"
MAX_ENTRIES = 100  # a wallet export is tens of credentials; more is not a presentation


def is_presentation(given: JsonInput) -> bool:
    """True when the type list says ``VerifiablePresentation`` (JSON-LD or a VP-JWT's ``vp``)."""
    return VP_TYPE in given.types


def holder_of(obj: dict[str, Any]) -> str | None:
    holder = obj.get("holder")
    if isinstance(holder, dict):
        holder = holder.get("id")
    return holder if isinstance(holder, str) and holder else None


def entries_of(obj: dict[str, Any]) -> list[Any]:
    """The presentation's credentials, refusing a presentation that holds none or too many."""
    entries = as_list(obj.get("verifiableCredential"))
    if not entries:
        raise RejectedInput(
            "Verifiable Presentation holds no credentials (its 'verifiableCredential' is empty)"
        )
    if len(entries) > MAX_ENTRIES:
        raise RejectedInput(
            f"Verifiable Presentation holds {len(entries)} credentials; "
            f"at most {MAX_ENTRIES} are imported from one presentation"
        )
    return entries


def _parse(given: JsonInput) -> Sequence[Credential]:
    obj = given.obj
    if given.jwt is not None and isinstance(given.jwt.payload, dict):
        inner_vp = given.jwt.payload.get("vp")
        if isinstance(inner_vp, dict):
            obj = inner_vp
    holder = holder_of(obj)
    vp_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    found: list[Credential] = []
    for index, entry in enumerate(entries_of(obj)):
        where = f"the presentation's credential {index + 1}"
        if isinstance(entry, str) and looks_like_compact_jws(entry.strip()):
            text = entry.strip()
            decoded = decode_compact_jws(text)
            parsed = given.parse_inner(decoded.payload, text, decoded)
        elif isinstance(entry, dict):
            # The credential's own JSON text: its proof covers its graph, not the envelope's.
            text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
            parsed = given.parse_inner(entry, text, None)
        else:
            raise RejectedInput(f"{where} is neither a credential object nor a VC-JWT")
        for credential in parsed:
            extra = dict(credential.extra)
            if vp_id:
                extra[PRESENTATION_ID] = vp_id
            if holder:
                extra[PRESENTATION_HOLDER] = holder
            found.append(dataclasses.replace(credential, extra=extra))
    return found


FORMAT = JsonFormat("Verifiable Presentation (each credential inside)", is_presentation, _parse)
