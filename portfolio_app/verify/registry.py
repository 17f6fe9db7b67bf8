"""Whom to trust: issuer registries (who an issuer is) and sealing trust lists (Europass).

A valid signature says the credential was not changed since a key signed it; it does not say
whose key that is in the world.  A stranger's own ``did:key`` can sign a credential that calls
itself "Massachusetts Institute of Technology".  So every verdict carries an **issuer check**:
the issuer id is *recognised* when an issuer registry the profile holds lists it, and then the
registry's official name is shown; otherwise the name in the credential is the issuer's own
claim ("self-described issuer").  The issuer check never changes the status.

Registries and trust lists arrive in trust bundles (:mod:`.documents`, index key
``registries``) and are recognised by content:

* DCC issuer registry (the Digital Credentials Consortium's member/community registries):
  ``{"meta": {"created": …, "updated": …}, "entries": {"<DID>": {"name": …, "url": …,
  "location": …}}}``; the registry's name comes from the bundle index, its as-of date from
  ``fetched_at``, else ``meta.updated``;
* our own issuer registry: ``{"name": …, "as_of": …, "issuers": {"<issuer id>": {"name": …,
  "url": …}}}``;
* a sealing trust list: ``{"name": …, "as_of": …, "seal_certificates": [entry, …]}`` where an
  entry names a certificate by ``sha256`` (hex of its DER) or a CA by ``ca_pem``, with the
  ``organisation`` it belongs to and optionally the ``issuers`` it may seal for.

Issuer ids are compared exactly (no case folding, no trailing-slash games): a registry lists
identifiers, and a near miss is not the same issuer.  Parsed files are cached by content, so
re-checking a wallet against a large registry parses it once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from portfolio_app.verify._common import parse_datetime
from portfolio_app.verify.documents import TrustBundleError, TrustFile
from portfolio_app.verify.verdict import (
    ISSUER_OFFICIAL_NAME,
    ISSUER_RECOGNISED,
    ISSUER_REGISTRY,
    Check,
    Outcome,
)

if TYPE_CHECKING:  # X.509 is for sealing trust lists only: loaded when one is read or used
    from cryptography import x509

MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class IssuerEntry:
    issuer_id: str
    name: str
    url: str = ""
    location: str = ""


@dataclass(frozen=True)
class IssuerRegistry:
    """Issuer id → official name, from one registry file."""

    name: str
    as_of: datetime
    entries: Mapping[str, IssuerEntry]


@dataclass(frozen=True)
class TrustedSealer:
    """A sealing certificate (by SHA-256) or a CA whose certificates seal for ``organisation``."""

    organisation: str
    sha256: bytes | None = None
    ca: x509.Certificate | None = None
    issuers: tuple[str, ...] = ()  # empty: the list does not restrict the issuer


@dataclass(frozen=True)
class SealTrustList:
    name: str
    as_of: datetime
    sealers: tuple[TrustedSealer, ...]


@dataclass(frozen=True)
class TrustMaterial:
    """Everything the profile trusts, parsed: registries in order of authority, trust lists."""

    registries: tuple[IssuerRegistry, ...] = ()
    trust_lists: tuple[SealTrustList, ...] = ()


def load_trust(files: Iterable[TrustFile]) -> TrustMaterial:
    """Parse trust files; :class:`TrustBundleError` names the file that cannot be read."""
    registries: list[IssuerRegistry] = []
    lists: list[SealTrustList] = []
    for item in files:
        parsed = _parse_cached(item.name, item.body, item.fetched_at, item.file)
        if isinstance(parsed, IssuerRegistry):
            registries.append(parsed)
        else:
            lists.append(parsed)
    return TrustMaterial(tuple(registries), tuple(lists))


@lru_cache(maxsize=32)
def _parse_cached(
    name: str, body: bytes, fetched_at: datetime, file: str
) -> IssuerRegistry | SealTrustList:
    where = file or name
    try:
        raw = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TrustBundleError(f"{where}: a registry that is not readable JSON") from exc
    if not isinstance(raw, dict):
        raise TrustBundleError(f"{where}: a registry must be a JSON object")
    if "seal_certificates" in raw:
        return _trust_list(raw, name, fetched_at, where)
    if "issuers" in raw:
        return _own_registry(raw, name, fetched_at, where)
    if "entries" in raw:
        return _dcc_registry(raw, name, fetched_at, where)
    raise TrustBundleError(
        f"{where}: neither an issuer registry ('issuers' / DCC 'entries') "
        "nor a sealing trust list ('seal_certificates')"
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _as_of(value: Any, fallback: datetime) -> datetime:
    try:
        return parse_datetime(value) if value is not None else fallback
    except ValueError:
        return fallback


def _entries(raw: Any, where: str, key: str) -> dict[str, IssuerEntry]:
    if not isinstance(raw, Mapping):
        raise TrustBundleError(f"{where}: '{key}' must map issuer ids to entries")
    if len(raw) > MAX_ENTRIES:
        raise TrustBundleError(f"{where}: more than {MAX_ENTRIES:,} issuers")
    entries: dict[str, IssuerEntry] = {}
    for issuer_id, entry in raw.items():
        name = _text(entry.get("name")) if isinstance(entry, Mapping) else ""
        if not isinstance(issuer_id, str) or not issuer_id or not name:
            raise TrustBundleError(f"{where}: every issuer needs an id and a 'name'")
        assert isinstance(entry, Mapping)
        entries[issuer_id] = IssuerEntry(
            issuer_id, name, _text(entry.get("url")), _text(entry.get("location"))
        )
    return entries


def _own_registry(
    raw: dict[str, Any], label: str, fetched_at: datetime, where: str
) -> IssuerRegistry:
    name = _text(raw.get("name")) or label
    return IssuerRegistry(
        name, _as_of(raw.get("as_of"), fetched_at), _entries(raw["issuers"], where, "issuers")
    )


def _dcc_registry(
    raw: dict[str, Any], label: str, fetched_at: datetime, where: str
) -> IssuerRegistry:
    meta = raw.get("meta")
    updated = meta.get("updated") if isinstance(meta, Mapping) else None
    # The file's own "updated" stamp is the registry's as-of date unless the bundle recorded
    # when it was fetched (a fetch is newer knowledge than the file's last edit).
    as_of = fetched_at if updated is None else _as_of(updated, fetched_at)
    return IssuerRegistry(label, as_of, _entries(raw["entries"], where, "entries"))


def _trust_list(raw: dict[str, Any], label: str, fetched_at: datetime, where: str) -> SealTrustList:
    items = raw["seal_certificates"]
    if not isinstance(items, list) or len(items) > MAX_ENTRIES:
        raise TrustBundleError(f"{where}: 'seal_certificates' must be a list")
    sealers: list[TrustedSealer] = []
    for item in items:
        if not isinstance(item, Mapping) or not _text(item.get("organisation")):
            raise TrustBundleError(f"{where}: every sealing certificate needs an 'organisation'")
        issuers_raw = item.get("issuers", [])
        if not isinstance(issuers_raw, list) or not all(isinstance(i, str) for i in issuers_raw):
            raise TrustBundleError(f"{where}: 'issuers' must be a list of issuer ids")
        organisation = _text(item["organisation"])
        if isinstance(item.get("sha256"), str):
            try:
                digest = bytes.fromhex(item["sha256"].replace(":", ""))
            except ValueError as exc:
                raise TrustBundleError(f"{where}: 'sha256' is not hexadecimal") from exc
            if len(digest) != 32:
                raise TrustBundleError(f"{where}: 'sha256' is not a SHA-256 fingerprint")
            sealers.append(TrustedSealer(organisation, sha256=digest, issuers=tuple(issuers_raw)))
        elif isinstance(item.get("ca_pem"), str):
            from cryptography import x509  # noqa: PLC0415 - see the TYPE_CHECKING import

            try:
                ca = x509.load_pem_x509_certificate(item["ca_pem"].encode("ascii"))
            except (ValueError, UnicodeEncodeError) as exc:
                raise TrustBundleError(f"{where}: 'ca_pem' is not a PEM certificate") from exc
            sealers.append(TrustedSealer(organisation, ca=ca, issuers=tuple(issuers_raw)))
        else:
            raise TrustBundleError(f"{where}: an entry needs 'sha256' or 'ca_pem'")
    name = _text(raw.get("name")) or label
    return SealTrustList(name, _as_of(raw.get("as_of"), fetched_at), tuple(sealers))


# ------------------------------------------------------------------------------ issuer check


def recognise(
    issuer_id: str | None, registries: Sequence[IssuerRegistry]
) -> tuple[IssuerRegistry, IssuerEntry] | None:
    """The first registry (most authoritative) that lists ``issuer_id``, with its entry."""
    if not issuer_id:
        return None
    for registry in registries:
        entry = registry.entries.get(issuer_id)
        if entry is not None:
            return registry, entry
    return None


def issuer_check(
    issuer_id: str | None, claimed_name: str | None, registries: Sequence[IssuerRegistry]
) -> tuple[Check, dict[str, str]]:
    """The ``issuer`` check and its facts: recognised by a registry, or a self-described name."""
    found = recognise(issuer_id, registries)
    if found is not None:
        registry, entry = found
        detail = f"recognised by {registry.name} as {entry.name} (as of {registry.as_of:%Y-%m-%d})"
        facts = {
            ISSUER_RECOGNISED: "true",
            ISSUER_REGISTRY: registry.name,
            ISSUER_OFFICIAL_NAME: entry.name,
        }
        return Check("issuer", Outcome.PASSED, detail, as_of=registry.as_of), facts
    claimed = (claimed_name or "").strip() or (issuer_id or "unnamed")
    detail = (
        "self-described issuer: not in any issuer registry this profile holds; "
        f"the name '{claimed}' is the issuer's own claim"
    )
    return Check("issuer", Outcome.NOT_CHECKED, detail), {ISSUER_RECOGNISED: "false"}


# ------------------------------------------------------------------------------ seal trust


@dataclass(frozen=True)
class SealTrust:
    """Why a sealing certificate is trusted: which list, which organisation."""

    trust_list: SealTrustList
    sealer: TrustedSealer


def trusted_sealer(
    leaf: x509.Certificate, issuer_id: str | None, trust_lists: Sequence[SealTrustList]
) -> tuple[SealTrust | None, str]:
    """The trust-list entry that ties ``leaf`` to the issuer, or ``None`` and the reason.

    A certificate matches an entry by its DER's SHA-256, or by being directly issued (name and
    signature) by a listed CA.  An entry restricted to ``issuers`` ties the certificate only
    to those issuer ids.
    """
    from cryptography.hazmat.primitives.serialization import Encoding  # noqa: PLC0415

    digest = hashlib.sha256(leaf.public_bytes(Encoding.DER)).digest()
    wrong_issuer: SealTrust | None = None
    for trust_list in trust_lists:
        for sealer in trust_list.sealers:
            if not _matches(leaf, digest, sealer):
                continue
            if sealer.issuers and issuer_id not in sealer.issuers:
                wrong_issuer = wrong_issuer or SealTrust(trust_list, sealer)
                continue
            return SealTrust(trust_list, sealer), ""
    if wrong_issuer is not None:
        return None, (
            f"seal intact; the sealing certificate is on {wrong_issuer.trust_list.name} for "
            f"{wrong_issuer.sealer.organisation}, but not for issuer {issuer_id or '(none)'}"
        )
    return None, "seal intact; the sealing certificate is not on a trust list this app holds"


def _matches(leaf: x509.Certificate, digest: bytes, sealer: TrustedSealer) -> bool:
    if sealer.sha256 is not None:
        return hmac.compare_digest(sealer.sha256, digest)
    if sealer.ca is None or leaf.issuer != sealer.ca.subject:
        return False
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415

    try:
        leaf.verify_directly_issued_by(sealer.ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
