"""Revocation / suspension status from *cached* status lists (never fetched here).

Supported ``credentialStatus`` types:

* ``BitstringStatusListEntry`` (W3C REC) and ``StatusList2021Entry`` (its predecessor): the
  status-list credential comes from the :class:`DocumentSource` cache, its own proof is verified
  with the same Data Integrity code, ``statusPurpose`` must match, ``encodedList`` is multibase
  ``u`` base64url (plain base64/base64url accepted for 2021) of GZIP; bit 0 is the most
  significant bit of byte 0.  Lists shorter than 131,072 bits are accepted with a warning
  (they give holders less privacy; the DCC fixture has 100,000 bits).
* ``1EdTechRevocationList``: the JSON at ``credentialStatus.id`` lists ``revokedCredential``
  (or ``revokedCredentials``) entries ``{id, revoked?}``.

A list that is not cached, whose signature does not verify, or that cannot be read makes the
check *not checked* (it never marks the credential itself as tampered).  The check's ``as_of``
is the cached list's fetch time.

A bitstring list counts only when the list credential is issued by the credential's *own*
issuer and its key is bound to that issuer under the same rules as the credential's
(:func:`~portfolio_app.verify.keys.bind_key`): otherwise anyone could publish a list that says
"not revoked".  For JSON-LD credentials the entries, the credential id and the issuer come from
the signed graph (passed in by the verifier), and the list's own issuer, dates, purpose and
``encodedList`` from the list's signed graph.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portfolio_app.verify.canon import CanonicalizationError, preflight
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import issuer_id, verify_proofs
from portfolio_app.verify.dates import check_window
from portfolio_app.verify.documents import CachedDocument, DocumentSource
from portfolio_app.verify.keys import bind_key
from portfolio_app.verify.multibase import MultibaseError
from portfolio_app.verify.multibase import decode as multibase_decode
from portfolio_app.verify.signed_graph import (
    SignedGraphError,
    canonical_nquads,
    reading_of,
    status_list_fields,
    status_value,
    unsecured,
)
from portfolio_app.verify.verdict import Check, Outcome, Status

MIN_LIST_BITS = 131_072
MAX_LIST_BYTES = 2 * 1024 * 1024  # decompressed: 16.7 million entries
MAX_COMPRESSED_CHARS = 4 * 1024 * 1024
MAX_LIST_DOCUMENT_BYTES = 5 * 1024 * 1024

BITSTRING_TYPES = {
    "BitstringStatusListEntry": ("BitstringStatusListCredential", "BitstringStatusList"),
    "StatusList2021Entry": ("StatusList2021Credential", "StatusList2021"),
}
REVOCATION_LIST_TYPE = "1EdTechRevocationList"


@dataclass(frozen=True)
class StatusResult:
    checks: tuple[Check, ...]
    status: Status | None  # REVOKED when a list says so, else None


class _ListProblem(Exception):
    pass


def check_status(
    doc: Mapping[str, Any],
    *,
    docs: DocumentSource,
    now: datetime,
    loader: ContextLoader | None = None,
    entries: Sequence[Mapping[str, str]] | None = None,
    credential_id: str | None = None,
    issuer: str | None = None,
) -> StatusResult | None:
    """Check every ``credentialStatus`` entry; ``None`` when there is none.

    ``entries``, ``credential_id`` and ``issuer`` are the signed-graph reading (JSON-LD
    credentials); without them they are taken from ``doc``'s JSON (JOSE payloads, whose
    signature covers the JSON text itself).
    """
    if entries is None:
        raw = doc.get("credentialStatus")
        if raw is None:
            return None
        found: list[Any] = raw if isinstance(raw, list) else [raw]
        credential_id = doc.get("id") if isinstance(doc.get("id"), str) else None
        issuer = issuer_id(doc)
    else:
        if not entries:
            return None
        found = list(entries)
    checks: list[Check] = []
    status: Status | None = None
    for entry in found:
        check = _check_entry(entry, credential_id, issuer, docs=docs, now=now, loader=loader)
        checks.append(check)
        if check.outcome is Outcome.FAILED:
            status = Status.REVOKED
    return StatusResult(tuple(checks), status)


def _check_entry(
    entry: Any,
    credential_id: str | None,
    issuer: str | None,
    *,
    docs: DocumentSource,
    now: datetime,
    loader: ContextLoader | None,
) -> Check:
    if not isinstance(entry, Mapping):
        return Check("status", Outcome.NOT_CHECKED, "The credentialStatus entry is not an object.")
    kind = entry.get("type")
    if kind in BITSTRING_TYPES:
        return _check_bitstring(entry, str(kind), issuer, docs=docs, now=now, loader=loader)
    if kind == REVOCATION_LIST_TYPE:
        return _check_revocation_list(credential_id, entry, docs=docs)
    return Check(
        "status",
        Outcome.NOT_CHECKED,
        f"The status method {kind!r} is not one this app can check.",
    )


def _check_bitstring(
    entry: Mapping[str, Any],
    kind: str,
    issuer: str | None,
    *,
    docs: DocumentSource,
    now: datetime,
    loader: ContextLoader | None,
) -> Check:
    url = entry.get("statusListCredential")
    purpose = entry.get("statusPurpose")
    index_raw = entry.get("statusListIndex")
    if not isinstance(url, str) or not url:
        return Check("status", Outcome.NOT_CHECKED, "The status entry names no status list.")
    try:
        index = int(str(index_raw), 10)
        if index < 0:
            raise ValueError
    except ValueError:
        return Check(
            "status", Outcome.NOT_CHECKED, "The status entry's statusListIndex is not a number."
        )
    cached = docs.get(url)
    if cached is None:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            "Status list not cached; needs a network check.",
        )
    as_of = cached.fetched_at
    try:
        listing = _parse(cached)
    except _ListProblem as exc:
        return Check("status", Outcome.NOT_CHECKED, f"{exc}", as_of)

    base = loader or ContextLoader.bundled()
    try:
        preflight(listing)
        nquads = canonical_nquads(unsecured(listing), base, checked=True)
        list_reading = reading_of(nquads)
        subject = status_list_fields(nquads)
        # Read every single-valued list field here: two values of one is a refusal, not a crash.
        list_purpose = status_value(subject, "statusPurpose")
        list_size = status_value(subject, "statusSize")
        encoded = status_value(subject, "encodedList")
    except (CanonicalizationError, SignedGraphError) as exc:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"The cached status list cannot be read as signed data ({exc.reason}).",
            as_of,
        )
    proofs = verify_proofs(listing, docs=docs, loader=base, nquads=nquads)
    if proofs.outcome != "passed":
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"The cached status list could not be trusted ({proofs.detail}).",
            as_of,
        )
    list_issuer = list_reading.issuer_id
    if issuer is None or list_issuer != issuer:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"The cached status list is issued by {list_issuer}, not by the credential's "
            f"issuer ({issuer}), so it does not count.",
            as_of,
        )
    bound = [
        b
        for p in proofs.passing
        if p.key is not None
        for b in [bind_key(list_issuer, p.verification_method or "", p.key, docs)]
        if b.outcome == "bound"
    ]
    if not bound:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            "The cached status list's signing key is not bound to the issuer it names, so it "
            "does not count.",
            as_of,
        )
    credential_type, subject_type = BITSTRING_TYPES[kind]
    if credential_type not in list_reading.types:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"The cached document is not a {credential_type}.",
            as_of,
        )
    if subject_type not in subject.types():
        return Check(
            "status", Outcome.NOT_CHECKED, f"The cached list is not a {subject_type}.", as_of
        )
    list_dates = check_window(list_reading.starts, list_reading.ends, now=now)
    if list_dates.status is not None:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"The cached status list is outside its own validity period "
            f"({list_dates.check.detail.rstrip('.')}); a fresh copy is needed.",
            as_of,
        )
    if list_purpose != purpose:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"The status list is for {list_purpose!r}, the credential asks about {purpose!r}.",
            as_of,
        )
    size = entry.get("statusSize", list_size or 1)
    if size not in (1, "1"):
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            "Multi-bit status entries (statusSize > 1) are not supported yet.",
            as_of,
        )
    try:
        bits = _decode_list(encoded, multibase=(kind == "BitstringStatusListEntry"))
    except _ListProblem as exc:
        return Check("status", Outcome.NOT_CHECKED, f"{exc}", as_of)
    length = len(bits) * 8
    if index >= length:
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"Status index {index} is outside the list of {length} entries.",
            as_of,
        )
    warning = ""
    if length < MIN_LIST_BITS:
        warning = (
            f" (Warning: the list has only {length:,} entries, fewer than the 131,072 the "
            "standard requires for holder privacy.)"
        )
    bit = (bits[index // 8] >> (7 - index % 8)) & 1
    when = as_of.strftime("%Y-%m-%d")
    if bit:
        verb = "suspended" if purpose == "suspension" else "revoked"
        return Check(
            "status",
            Outcome.FAILED,
            f"The issuer has {verb} this credential (status list as of {when}).{warning}",
            as_of,
        )
    if purpose not in ("revocation", "suspension"):
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            f"Status purpose {purpose!r} is not a revocation or suspension.",
            as_of,
        )
    return Check(
        "status",
        Outcome.PASSED,
        f"Not {'suspended' if purpose == 'suspension' else 'revoked'} according to the "
        f"status list as of {when}.{warning}",
        as_of,
    )


def _parse(cached: CachedDocument) -> dict[str, Any]:
    if len(cached.body) > MAX_LIST_DOCUMENT_BYTES:
        raise _ListProblem("The cached status list is too large.")
    try:
        parsed = json.loads(cached.body)
    except ValueError as exc:
        raise _ListProblem("The cached status list is not JSON.") from exc
    if not isinstance(parsed, dict):
        raise _ListProblem("The cached status list is not a JSON object.")
    return parsed


def _decode_list(encoded: Any, *, multibase: bool) -> bytes:
    if not isinstance(encoded, str) or not encoded:
        raise _ListProblem("The status list has no encodedList.")
    if len(encoded) > MAX_COMPRESSED_CHARS:
        raise _ListProblem("The status list's encodedList is too large.")
    try:
        if encoded.startswith("u"):
            compressed = multibase_decode(encoded)
        elif multibase:
            raise _ListProblem("A Bitstring Status List must be multibase base64url ('u').")
        else:
            text = encoded.replace("+", "-").replace("/", "_").rstrip("=")
            compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (MultibaseError, binascii.Error, ValueError) as exc:
        raise _ListProblem("The status list's encodedList is not valid base64.") from exc
    inflater = zlib.decompressobj(wbits=31)  # GZIP container only
    try:
        bits = inflater.decompress(compressed, MAX_LIST_BYTES)
    except zlib.error as exc:
        raise _ListProblem("The status list's encodedList is not GZIP data.") from exc
    if inflater.unconsumed_tail:
        raise _ListProblem("The status list expands to more than 2 MB; refusing it.")
    if not inflater.eof:
        raise _ListProblem("The status list's GZIP data is truncated.")
    return bits


def _check_revocation_list(
    credential_id: str | None, entry: Mapping[str, Any], *, docs: DocumentSource
) -> Check:
    url = entry.get("id")
    if not isinstance(url, str) or not url:
        return Check("status", Outcome.NOT_CHECKED, "The revocation list entry has no id.")
    cached = docs.get(url)
    if cached is None:
        return Check(
            "status", Outcome.NOT_CHECKED, "Revocation list not cached; needs a network check."
        )
    as_of = cached.fetched_at
    try:
        listing = _parse(cached)
    except _ListProblem as exc:
        return Check("status", Outcome.NOT_CHECKED, str(exc).replace("status", "revocation"), as_of)
    revoked = listing.get("revokedCredential", listing.get("revokedCredentials"))
    if not isinstance(revoked, list):
        return Check(
            "status",
            Outcome.NOT_CHECKED,
            "The cached revocation list has no revokedCredential array.",
            as_of,
        )
    when = as_of.strftime("%Y-%m-%d")
    for item in revoked:
        item_id = item.get("id") if isinstance(item, Mapping) else item
        if credential_id is not None and item_id == credential_id:
            flag = item.get("revoked", True) if isinstance(item, Mapping) else True
            if flag is True or flag == "true":
                reason = item.get("revocationReason") if isinstance(item, Mapping) else None
                why = f" Reason: {reason}." if isinstance(reason, str) and reason else ""
                return Check(
                    "status",
                    Outcome.FAILED,
                    f"The issuer has revoked this credential (revocation list as of {when}).{why}",
                    as_of,
                )
    return Check(
        "status",
        Outcome.PASSED,
        f"Not revoked according to the issuer's revocation list as of {when}.",
        as_of,
    )
