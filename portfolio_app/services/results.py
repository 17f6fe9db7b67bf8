"""What the facade hands to the shells: small frozen dataclasses, never storage records.

The window and the command line show the same facts, so they read them from the same plain
values.  A widget that holds a :class:`WalletRow` cannot reach the database through it, and a
value built on a worker thread is safe to hand to the GUI thread (no lazy loads, no sessions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from portfolio_app.model import PROVISIONAL_MARK, display_title
from portfolio_app.storage import Rendition, StoredCredential, VerdictRecord
from portfolio_app.storage.listing import SEP as LIST_SEP
from portfolio_app.storage.listing import ListingRow
from portfolio_app.verify.verdict import Check, Outcome, Status

if TYPE_CHECKING:  # the shells name these results without importing the pathways service
    from portfolio_app.pathways.definitions import Qualification as Qualification  # noqa: PLC0414 - re-exported
    from portfolio_app.pathways.service import Entry as Entry  # noqa: PLC0414 - re-exported
    from portfolio_app.pathways.service import Report as Report  # noqa: PLC0414 - re-exported

#: The status words every view shows; the app never shows a status by colour alone.
SELF_REPORTED = "self-reported"
NOT_CHECKED = "not checked"
#: "Expiring soon" in the wallet's filter: within this many days from today.
EXPIRING_SOON_DAYS = 90


def status_word(status: Status | None, *, self_reported: bool) -> str:
    """The badge word of a wallet item: verified / tampered / expired / revoked /
    unverifiable / self-reported (a PDF certificate nothing cryptographic backs) / …"""
    if status is None:
        return NOT_CHECKED
    if self_reported and status is Status.UNVERIFIABLE:
        return SELF_REPORTED
    return status.value.replace("_", " ")


class WalletRow(NamedTuple):
    """One credential as the wallet lists it: enough to show, sort, filter and find it.

    A named tuple rather than a dataclass: the window makes 10,000 of these at start."""

    id: int
    title: str  # as shown: a provisional title is marked
    issuer: str
    format: str
    container: str
    status: str  # a :func:`status_word`
    issued: datetime | None
    valid_until: datetime | None
    tags: tuple[str, ...]  # the credential's own tags and the learner's, for the tag filter
    skills: tuple[str, ...]
    issuer_standing: str  # "recognised issuer: …", "self-described issuer" or ""
    #: Everything a search may match, lower-cased once so a keystroke never lower-cases 10,000
    #: rows again.
    search_text: str = ""

    def expiring_within(self, days: int, today: date | None = None) -> bool:
        """Still valid but no longer in ``days`` days (the "expiring soon" filter)."""
        if self.valid_until is None:
            return False
        now = datetime.combine(today, datetime.min.time(), UTC) if today else datetime.now(UTC)
        until = (
            self.valid_until if self.valid_until.tzinfo else self.valid_until.replace(tzinfo=UTC)
        )
        return now <= until <= now + timedelta(days=days)


def _row(  # noqa: PLR0917 - the private builder of wallet_row
    credential_id: int,
    title: str,
    issuer: str,
    fmt: str,
    container: str,
    status: str,
    issued: datetime | None,
    valid_until: datetime | None,
    tags: tuple[str, ...],
    skills: tuple[str, ...],
    recognised: bool | None,
    original_name: str,
) -> WalletRow:
    standing = ""
    if recognised is not None:
        standing = "recognised issuer" if recognised else "self-described issuer"
    text = " ".join((title, issuer, fmt, status, *tags, *skills, original_name)).lower()
    return WalletRow(
        id=credential_id,
        title=title,
        issuer=issuer,
        format=fmt,
        container=container,
        status=status,
        issued=issued,
        valid_until=valid_until,
        tags=tags,
        skills=skills,
        issuer_standing=standing,
        search_text=text,
    )


def wallet_row(stored: StoredCredential) -> WalletRow:
    """The row of a fully read credential (the details pane's)."""
    cred = stored.credential
    latest = stored.latest_verdict
    recognised = None
    if latest is not None and "issuer_recognised" in latest.facts:
        recognised = latest.facts["issuer_recognised"] == "true"
    return _row(
        stored.id,
        display_title(cred),
        cred.issuer_name,
        cred.format.value,
        cred.container.value,
        status_word(latest.status if latest else None, self_reported=cred.self_reported),
        cred.issued,
        cred.valid_until,
        tuple(dict.fromkeys((*cred.tags, *stored.user_tags))),
        tuple(a.name for a in cred.alignments if a.name),
        recognised,
        stored.original_name,
    )


def listing_row(item: ListingRow) -> WalletRow:
    """The same row from the wallet's one-query listing (the list's: 10,000 in well under a
    second)."""
    return listing_rows([item])[0]


def listing_rows(items: Iterable[ListingRow]) -> list[WalletRow]:
    """:func:`listing_row` of each item, written out in one loop (10,000 rows: 90 -> 40 ms,
    on the worker the window waits for): no call per row, the named tuple made from its
    values (``tuple.__new__``, as :mod:`.storage.quickread` does), and what most rows share
    (no tags, no skills, no learner tags) taken without splitting."""
    made: list[WalletRow] = []
    append = made.append
    new = tuple.__new__
    parse = datetime.fromisoformat
    mark = PROVISIONAL_MARK
    for item in items:
        (cid, title, provisional, issuer, fmt, container, issued, valid_until, self_reported,
         original_name, own_tags, user_tags, skills_text, status, recognised) = item  # fmt: skip
        if provisional:
            title = f"{title} {mark}"
        if status is None:
            word = NOT_CHECKED
        elif self_reported and status == "unverifiable":
            word = SELF_REPORTED
        else:
            word = status.replace("_", " ")
        tags = _split(own_tags) if own_tags else ()
        if user_tags:
            tags = (*tags, *_split(user_tags))
        if len(tags) > 1:  # each tag once, as wallet_row gives them (a file may repeat one)
            tags = tuple(dict.fromkeys(tags))
        skills = _split(skills_text) if skills_text else ()
        if recognised is None:
            standing = ""
        else:
            standing = "recognised issuer" if recognised == "true" else "self-described issuer"
        text = " ".join((title, issuer, fmt, word, *tags, *skills, original_name)).lower()
        append(
            new(
                WalletRow,
                (
                    cid,
                    title,
                    issuer,
                    fmt,
                    container,
                    word,
                    None if issued is None else parse(issued + "+00:00"),  # stored as UTC
                    None if valid_until is None else parse(valid_until + "+00:00"),
                    tags,
                    skills,
                    standing,
                    text,
                ),
            )
        )
    return made


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(v for v in joined.split(LIST_SEP) if v) if joined else ()


# -- one credential in full --------------------------------------------------------------------

#: What a learner can do about a check that could not be done, by check name.  The engine's
#: own detail says *why*; this says *what next*, in the learner's terms.
_ADVICE: dict[str, str] = {
    "recipient": "Add the email address this badge was issued to (Settings → emails), then "
    "re-verify.",
    "issuer_key": "Import your career centre's or issuer's trust bundle (Tools → trust "
    "bundles), or check online if you allow the network.",
    "issuer_scope": "Import a trust bundle holding the issuer's profile, or check online.",
    "hosted": "Check online (the issuer's hosted copy is needed), or import a trust bundle that "
    "holds it.",
    "status": "Check online to see whether the issuer has revoked it, or import a trust bundle "
    "with the issuer's status list.",
    "revocation": "Check online to see whether the issuer has revoked it.",
    "issuer": "Import a registry of recognised issuers (a trust bundle from your career centre) "
    "to see whether this issuer is recognised.",
    "trust_list": "Import the EU trust list in a trust bundle, or check online.",
    "signature": "Check online to fetch the issuer's key, or import a trust bundle that holds it.",
}
_GENERIC_ADVICE = "Import a trust bundle that holds what is missing, or check online."


def advice_for(check: Check) -> str:
    """What the learner can do for a check that was not done; "" for one that was."""
    if check.outcome is not Outcome.NOT_CHECKED:
        return ""
    base = check.name.rsplit(".", 1)[-1]
    return _ADVICE.get(base, _GENERIC_ADVICE)


@dataclass(frozen=True)
class CheckLine:
    """One verification check as the details pane shows it."""

    name: str
    outcome: str  # "passed" / "failed" / "not_checked"
    detail: str  # the engine's plain-language reason
    advice: str  # what the learner can do, for a check that could not be done
    as_of: datetime | None = None  # knowledge from a cached document, as of this date


@dataclass(frozen=True)
class RenditionLine:
    """One kept original of a credential (a baked PNG and its JSON are two)."""

    sha256: str
    file_name: str
    format: str
    container: str
    status: str
    shown: bool


@dataclass(frozen=True)
class CredentialDetails:
    """Everything the details pane shows about one credential, read in one go off the GUI
    thread.  ``fields`` are what the original says; ``learner`` what the learner said."""

    row: WalletRow
    description: str
    fields: tuple[tuple[str, str], ...]  # label → value, in display order, empty values left out
    evidence: tuple[str, ...]
    skills: tuple[str, ...]
    credits: tuple[str, ...]
    checks: tuple[CheckLine, ...]
    summary: str
    last_verified: datetime | None
    issuer_standing: str
    learner: tuple[tuple[str, str], ...]  # learner-entered label → value
    learner_tags: tuple[str, ...]
    renditions: tuple[RenditionLine, ...]
    original_name: str
    image: bytes | None = None  # the badge image (a baked PNG or SVG original), if any
    image_kind: str = ""  # "png" / "svg"


def _when(value: datetime | None) -> str:
    return value.date().isoformat() if value is not None else ""


def credential_details(
    stored: StoredCredential,
    history: list[VerdictRecord],
    renditions: list[Rendition],
    image: bytes | None,
) -> CredentialDetails:
    cred = stored.credential
    latest = history[0] if history else None
    fields = (
        ("Issuer", cred.issuer_name),
        ("Issuer id", cred.issuer_id or ""),
        ("Format", cred.format.value),
        ("Issued", _when(cred.issued)),
        ("Valid from", _when(cred.valid_from)),
        ("Valid until", _when(cred.valid_until)),
        ("Recipient", cred.recipient or ""),
        ("Credential id", cred.credential_id or ""),
        ("Achievement id", cred.achievement_id or ""),
        ("Verify at", cred.verification_url or ""),
        ("Original file", stored.original_name),
        ("Imported", _when(stored.imported_at)),
    )
    facts = stored.learner
    learner = (
        ("Issuer name", facts.issuer_name or ""),
        ("Achievement name", facts.achievement_name or ""),
        ("Achievement id", facts.achievement_id or ""),
        ("Credits", ", ".join(f"{c.value:g} {c.unit}" for c in facts.credits)),
        ("Note", facts.note or stored.notes),
    )
    checks: tuple[CheckLine, ...] = ()
    standing = ""
    if latest is not None:
        verdict = latest.to_verdict()
        standing = verdict.issuer_standing
        checks = tuple(
            CheckLine(c.name, c.outcome.value, c.detail, advice_for(c), c.as_of)
            for c in latest.checks
        )
    return CredentialDetails(
        row=wallet_row(stored),
        description=cred.description,
        fields=tuple((k, v) for k, v in fields if v),
        evidence=cred.evidence,
        skills=tuple(
            a.name + (f" ({a.framework})" if a.framework else "") for a in cred.alignments
        ),
        credits=tuple(f"{c.value:g} {c.unit}" for c in cred.credits),
        checks=checks,
        summary=latest.summary if latest else "",
        last_verified=latest.checked_at if latest else None,
        issuer_standing=standing,
        learner=tuple((k, v) for k, v in learner if v),
        learner_tags=stored.user_tags,
        renditions=tuple(
            RenditionLine(
                r.sha256,
                r.original_name,
                r.format,
                r.container,
                status_word(r.status, self_reported=cred.self_reported),
                r.shown,
            )
            for r in renditions
        ),
        original_name=stored.original_name,
        image=image,
        image_kind=cred.container.value if image is not None else "",
    )


@dataclass(frozen=True)
class RemovedCredential:
    """What :meth:`Portfolio.remove` took out, kept so the learner can undo it: the entry
    with its whole verdict history and every original, byte for byte."""

    title: str
    snapshot: object  # a storage CredentialSnapshot; opaque above the facade
    originals: dict[str, bytes] = field(default_factory=dict)
