"""The read-only use cases (``list``, ``progress``, ``skills``) without SQLAlchemy.

:class:`QuickPortfolio` offers the members of the :class:`~portfolio_app.services.portfolio.
Portfolio` facade those commands call, answered by :class:`~portfolio_app.storage.quickread.
QuickStore` (the standard library's ``sqlite3``).  Everything is read when it opens, so a
profile or a row the quick reader is unsure of is known before anything is printed:
:meth:`QuickPortfolio.open` then returns ``None`` and the shell uses the full ``Portfolio``,
which behaves exactly as before.  Results are the same data either way (the same records;
for ``progress`` and ``skills`` the same ``Holding`` values as far as the pathways engine
reads them, without the payloads it never reads); ``tests/test_quickread.py`` compares the
commands' output byte for byte on real and generated profiles.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from functools import lru_cache
from json.encoder import encode_basestring as _escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from portfolio_app.closing import ClosedOnExit
from portfolio_app.errors import ProfileReadOnly
from portfolio_app.model import PROVISIONAL_MARK, is_provisional_title
from portfolio_app.services.qualification_cases import QualificationUseCases, holdings_of
from portfolio_app.services.serialize import (
    SELF_REPORTED,
    json_text,
    learner_fields,
    summary_fields,
    summary_json,
    summary_row_json,
)
from portfolio_app.storage import codec
from portfolio_app.storage.quickread import HoldingRow, QuickReadUnsure, QuickStore, SummaryRow
from portfolio_app.verify.verdict import Status, issuer_json

if TYPE_CHECKING:
    from portfolio_app.pathways.holdings import Holding
    from portfolio_app.pathways.skills import Skill
    from portfolio_app.storage.records import StoredCredential


#: What each command reads: ``list``'s columns, the pathways engine's (``progress``), a
#: skills profile's (``skills``), or every credential whole.
Reads = Literal["summaries", "holdings", "skills", "credentials"]


class QuickPortfolio(QualificationUseCases, ClosedOnExit):
    """One profile, read once, for the commands that only read it."""

    def __init__(
        self,
        store: QuickStore,
        *,
        summaries: list[SummaryRow] | None = None,
        holdings: list[Holding] | None = None,
        skill_holdings: list[Holding] | None = None,
        credentials: list[StoredCredential] | None = None,
        qualification_texts: list[str] | None = None,
    ) -> None:
        """Use :meth:`open`."""
        self._store = store
        self.data_dir = store.data_dir
        self._summaries = summaries
        self._holdings = holdings
        self._skill_holdings = skill_holdings
        self._credentials = credentials
        self._texts = qualification_texts or []
        self._collecting: bool | None = None  # the collector's state before open paused it

    @classmethod
    def open(cls, data_dir: Path, *, reads: Reads = "credentials") -> QuickPortfolio | None:
        """Read the profile in ``data_dir``, or ``None`` when the full path must do it.

        ``reads``: ``"summaries"``, just what ``portfolio list`` prints (:meth:`summaries`,
        :meth:`summaries_json_text`); ``"holdings"``, what the pathways engine reads, and the
        qualification definitions (``progress``); ``"skills"``, what :meth:`skills` reads
        and nothing else; ``"credentials"``, every credential as
        :meth:`Repository.list_credentials` returns it, and the definitions.
        Raises what opening the profile raises on either path (a missing or foreign folder, a
        profile in use).
        """
        store = QuickStore.open(data_dir)
        if store is None:
            return None
        collecting = _pause_collector()
        try:
            if reads == "summaries":
                made = cls(store, summaries=store.list_summaries())
            elif reads == "skills":
                made = cls(store, skill_holdings=_holdings(store.list_skill_rows()))
            else:
                texts = store.list_qualification_texts()
                if reads == "holdings":
                    holdings = _holdings(store.list_holding_rows())
                    made = cls(store, holdings=holdings, qualification_texts=texts)
                else:
                    credentials = store.list_credentials()
                    made = cls(store, credentials=credentials, qualification_texts=texts)
        except QuickReadUnsure:
            store.close()
            _resume_collector(collecting)
            return None
        except BaseException:
            store.close()
            _resume_collector(collecting)
            raise
        made._collecting = collecting
        return made

    def close(self) -> None:
        """Close the profile and let the cyclic garbage collector run again."""
        self._store.close()
        collecting, self._collecting = self._collecting, None
        _resume_collector(collecting)

    def summaries(self) -> list[dict[str, Any]]:
        """``portfolio list --json`` entries, in wallet order."""
        if self._summaries is None:
            return [summary_json(s) for s in self.credentials()]
        return [summary_row_json(row) for row in self._summaries]

    def summaries_json_text(self) -> str:
        """``json_text(self.summaries())``, the text ``portfolio list --json`` prints, written
        from the rows directly (:func:`summaries_text`)."""
        if self._summaries is None:
            return json_text(self.summaries())
        return summaries_text(self._summaries)

    def credentials(self) -> list[StoredCredential]:
        if self._credentials is None:
            raise RuntimeError("opened for summaries, holdings or skills only")
        return list(self._credentials)

    def holdings(self) -> list[Holding]:
        """The holdings :meth:`Portfolio.holdings` gives, as far as the pathways engine reads
        them (see :meth:`QuickStore.list_holding_rows`), in id order."""
        if self._holdings is not None:
            return list(self._holdings)
        return holdings_of(self.credentials())

    def skills(self, *, include_unverified: bool = True) -> list[Skill]:
        """:meth:`Portfolio.skills`: from the skills rows when opened for ``"skills"``."""
        if self._skill_holdings is None:
            return super().skills(include_unverified=include_unverified)
        from portfolio_app.pathways.skills import skills_profile  # noqa: PLC0415

        return skills_profile(self._skill_holdings, include_unverified=include_unverified)

    @property
    def qualification_store(self) -> _ReadOnlyQualifications:
        return _ReadOnlyQualifications(self._texts, self.data_dir)


def _pause_collector() -> bool:
    """Switch the cyclic garbage collector off for one read-only command; returns whether it
    was on.

    Why: these commands build tens of thousands of small objects that all live until the
    command has printed, and each automatic collection walks every one of them again, all
    for no garbage: on the 10,000-credential bench wallet that was 0.17 s of ``list --json``
    and 0.4 s of ``progress`` (10-17 % of either).  Reference counting still frees what is
    dropped; :meth:`QuickPortfolio.close` (or a read that hands over to the repository)
    switches the collector back on, so a long-running caller is never left without it.
    """
    collecting = gc.isenabled()
    gc.disable()
    return collecting


def _resume_collector(collecting: bool | None) -> None:
    if collecting:
        gc.enable()


def _holdings(rows: list[HoldingRow]) -> list[Holding]:
    from portfolio_app.pathways.holdings import Holding  # noqa: PLC0415

    return list(map(Holding._make, rows))


class _ReadOnlyQualifications:
    """The definitions as read at open; these commands never write (and say so if asked)."""

    def __init__(self, texts: list[str], data_dir: Path) -> None:
        self._texts = texts
        self._data_dir = data_dir

    def list_texts(self) -> list[str]:
        return list(self._texts)

    def add_text(self, qualification_id: str, text: str) -> None:
        raise ProfileReadOnly(self._data_dir, "opened by a command that only reads")

    def remove(self, qualification_id: str) -> bool:
        raise ProfileReadOnly(self._data_dir, "opened by a command that only reads")


# -- ``portfolio list --json`` for 10,000 credentials ------------------------------------------
# json_text walks each entry's dict value by value (about 20 µs an entry, after 10 µs to build
# the dict); here each entry is one %-format of a template made from summary_fields' own keys,
# with every value written as json writes it.  Anything the template does not foresee (keys
# summary_fields did not have when this was written, a value of another kind) is written by
# json_text, entry by entry.  tests/test_quickread.py compares the text with the repository
# path's on real and generated wallets, and entry by entry with json_text.

_KEYS = (
    "id", "title", "title_provisional", "shown_title", "issuer", "issuer_id", "format",
    "container", "issued", "valid_until", "status", "issuer_recognised", "issuer_standing",
    "self_reported", "credential_id", "sha256", "original_name", "status_label", "learner",
)  # fmt: skip
_ISSUER_KEYS = frozenset({"issuer_recognised", "issuer_standing"})
_PLAIN = {True: "true", False: "false", None: "null"}


@lru_cache(maxsize=1)
def _entry_template() -> str | None:
    """The text of one entry with a ``%s`` per value, or ``None`` if the keys have changed."""
    sample = summary_fields(
        id=0, title="", extra={}, issuer_name="", issuer_id=None, format="", container="",
        issued=None, valid_until=None, status=None, facts=None, self_reported=False,
        credential_id=None, sha256="", original_name="", learner=None,
    )  # fmt: skip
    if tuple(sample) != _KEYS:
        return None
    return "{" + ",".join(f"\n    {_escape(key)}: %s" for key in _KEYS) + "\n  }"


def summaries_text(rows: Sequence[SummaryRow]) -> str:
    """``json_text([summary_row_json(row) for row in rows])``: the same text, ~4x faster."""
    if not rows:
        return "[]"
    template = _entry_template()
    entries = []
    for row in rows:
        values = None if template is None else _entry_values(row)
        if values is None:
            entries.append(json_text(summary_row_json(row)).replace("\n", "\n  "))
        else:
            entries.append(template % values)  # type: ignore[operator] # template is set
    return "[\n  " + ",\n  ".join(entries) + "\n]"


def _entry_values(row: SummaryRow) -> tuple[str, ...] | None:
    """Each value of ``summary_row_json(row)`` as json writes it, in _KEYS order; ``None``
    when the entry is not one the template foresees."""
    esc = _escape
    title = esc(row.title)
    provisional = is_provisional_title(row.extra)
    recognised = standing = "null"
    if row.facts is not None:
        issuer = issuer_json(row.facts)
        if issuer:
            if issuer.keys() != _ISSUER_KEYS:
                return None
            plain = _plain(issuer["issuer_recognised"]), _plain(issuer["issuer_standing"])
            if plain[0] is None or plain[1] is None:
                return None
            recognised, standing = plain[0], plain[1]
    status = row.status
    if status is None:
        status_text = label = "null"
    else:
        status_text = esc(status)
        label = (
            esc(f"{status.value} ({SELF_REPORTED})")
            if row.self_reported and status is Status.UNVERIFIABLE
            else status_text
        )
    learner = "null"
    if row.user_tags or row.learner:
        fields = learner_fields(codec.learner_from_json(row.learner), row.user_tags)
        if fields is not None:
            learner = json_text(fields).replace("\n", "\n    ")
    issued, valid_until = row.issued_iso, row.valid_until_iso
    if (issued is None) is not (row.issued is None) or (valid_until is None) is not (
        row.valid_until is None
    ):
        return None  # a row built without its texts: json_text writes it from the datetimes
    return (
        int.__repr__(row.id),
        title,
        "true" if provisional else "false",
        esc(f"{row.title} {PROVISIONAL_MARK}") if provisional else title,
        esc(row.issuer_name),
        "null" if row.issuer_id is None else esc(row.issuer_id),
        esc(row.format),
        esc(row.container),
        "null" if issued is None else esc(issued),
        "null" if valid_until is None else esc(valid_until),
        status_text,
        recognised,
        standing,
        "true" if row.self_reported else "false",
        "null" if row.credential_id is None else esc(row.credential_id),
        esc(row.sha256),
        esc(row.original_name),
        label,
        learner,
    )


def _plain(value: object) -> str | None:
    """A scalar as json writes it (``None`` for a kind the template does not foresee)."""
    if type(value) is str:
        return _escape(value)
    if value is None or type(value) is bool:
        return _PLAIN[value]
    return None
