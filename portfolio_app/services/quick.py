"""The read-only use cases (``list``, ``progress``, ``skills``) without SQLAlchemy.

:class:`QuickPortfolio` offers the members of the :class:`~portfolio_app.services.portfolio.
Portfolio` facade those commands call, answered by :class:`~portfolio_app.storage.quickread.
QuickStore` (the standard library's ``sqlite3``).  Everything is read when it opens, so a
profile or a row the quick reader is unsure of is known before anything is printed:
:meth:`QuickPortfolio.open` then returns ``None`` and the shell uses the full ``Portfolio``,
which behaves exactly as before.  Results are the same data either way (the same records,
the same ``Holding`` values); ``tests/test_quickread.py`` compares the commands' output byte
for byte on real profiles.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from portfolio_app.errors import ProfileReadOnly
from portfolio_app.services.qualification_cases import QualificationUseCases, holdings_of
from portfolio_app.storage.quickread import QuickReadUnsure, QuickStore

if TYPE_CHECKING:
    from portfolio_app.pathways.holdings import Holding
    from portfolio_app.storage.records import StoredCredential


class QuickPortfolio(QualificationUseCases):
    """One profile, read once, for the commands that only read it."""

    def __init__(
        self,
        store: QuickStore,
        *,
        summaries: list[dict[str, Any]] | None,
        credentials: list[StoredCredential] | None,
        qualification_texts: list[str],
    ) -> None:
        """Use :meth:`open`."""
        self._store = store
        self.data_dir = store.data_dir
        self._summaries = summaries
        self._credentials = credentials
        self._texts = qualification_texts

    @classmethod
    def open(cls, data_dir: Path, *, summaries_only: bool = False) -> QuickPortfolio | None:
        """Read the profile in ``data_dir``, or ``None`` when the full path must do it.

        ``summaries_only``: read just what ``portfolio list`` prints (its JSON entries, built
        by :func:`~portfolio_app.services.serialize.summary_row_json`); otherwise every
        credential as :meth:`Repository.list_credentials` returns it, and the qualification
        definitions.  Raises what opening the profile raises on either path (a missing or
        foreign folder, a profile in use).
        """
        from portfolio_app.services.serialize import summary_row_json  # noqa: PLC0415

        store = QuickStore.open(data_dir)
        if store is None:
            return None
        try:
            if summaries_only:
                summaries = [summary_row_json(row) for row in store.list_summaries()]
                return cls(store, summaries=summaries, credentials=None, qualification_texts=[])
            return cls(
                store,
                summaries=None,
                credentials=store.list_credentials(),
                qualification_texts=store.list_qualification_texts(),
            )
        except QuickReadUnsure:
            store.close()
            return None
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> QuickPortfolio:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def summaries(self) -> list[dict[str, Any]]:
        """``portfolio list --json`` entries, in wallet order (opened ``summaries_only``)."""
        if self._summaries is None:
            from portfolio_app.services.serialize import summary_json  # noqa: PLC0415

            return [summary_json(s) for s in self.credentials()]
        return list(self._summaries)

    def credentials(self) -> list[StoredCredential]:
        if self._credentials is None:
            raise RuntimeError("opened for summaries only")
        return list(self._credentials)

    def holdings(self) -> list[Holding]:
        """The same holdings as :meth:`Portfolio.holdings`, from the same records."""
        return holdings_of(self.credentials())

    @property
    def qualification_store(self) -> _ReadOnlyQualifications:
        return _ReadOnlyQualifications(self._texts, self.data_dir)


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
