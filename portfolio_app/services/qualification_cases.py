"""The qualification use cases, shared by the facade and the quick read-only reader.

Any object with a ``qualification_store``, ``holdings()`` and a ``data_dir`` (whose issuer
registries say who a "recognised" issuer is) gets them: the :class:`Portfolio` facade, the
sqlite3-only reader behind ``portfolio progress`` (services/quick.py), a test's stand-in.  Kept
apart from the facade so the quick reader can use them without loading the facade's storage
machinery; the pathways engine loads on first call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from portfolio_app.pathways.definitions import Qualification
    from portfolio_app.pathways.holdings import Holding
    from portfolio_app.pathways.service import Entry, QualificationStore, Report
    from portfolio_app.pathways.skills import Skill
    from portfolio_app.storage.records import StoredCredential


def holdings_of(records: Iterable[StoredCredential]) -> list[Holding]:
    """Every credential with its latest verdict status, for the progress engine: one reading
    for the facade and the quick reader, so both count the same way."""
    from portfolio_app.pathways.holdings import Holding  # noqa: PLC0415 - loaded on first use

    return [
        Holding(
            s.id,
            s.credential,
            s.latest_verdict.status if s.latest_verdict else None,
            s.user_tags,
            s.learner.achievement_id,
        )
        for s in records
    ]


class _Pathways(Protocol):
    data_dir: Path  # the profile: its issuer registries say who "recognised" issuers are

    @property
    def qualification_store(self) -> QualificationStore: ...

    def holdings(self) -> list[Holding]: ...


class QualificationUseCases:
    """The qualification use cases, over any ``qualification_store`` and ``holdings()``: the
    facade's own, or a test's stand-in."""

    def qualification_reports(
        self: _Pathways,
        *,
        today: date,
        include_unverified: bool = False,
        qualification_id: str | None = None,
    ) -> list[Report]:
        """Progress and the shortest way to finish, for one qualification or all of them.
        An unknown id raises ``UnknownQualification`` (a ``PortfolioError`` with
        ``qualification_id``)."""
        from portfolio_app.pathways import service  # noqa: PLC0415
        from portfolio_app.pathways.holdings import AcceptancePolicy  # noqa: PLC0415
        from portfolio_app.services.recognised_issuers import (  # noqa: PLC0415
            recognised_issuer_ids,
        )

        return service.reports(
            self.qualification_store,
            self.holdings(),
            today=today,
            acceptable=(
                AcceptancePolicy.INCLUDE_UNVERIFIED
                if include_unverified
                else AcceptancePolicy.VERIFIED_ONLY
            ),
            qualification_id=qualification_id,
            recognised_issuers=lambda: recognised_issuer_ids(self.data_dir),
        )

    def qualifications(self: _Pathways) -> tuple[list[Entry], list[str]]:
        """The catalogue and the learner's own definitions, and any that no longer read."""
        from portfolio_app.pathways import service  # noqa: PLC0415

        return service.available(self.qualification_store)

    def add_qualification(self: _Pathways, text: str) -> Qualification:
        """Validate and store a definition; ``DefinitionError`` (with the JSON path) first."""
        from portfolio_app.pathways import service  # noqa: PLC0415

        return service.add_definition(self.qualification_store, text)

    def skills(self: _Pathways, *, include_unverified: bool = True) -> list[Skill]:
        """Skills and alignments across the wallet, with the credentials behind each."""
        from portfolio_app.pathways.skills import skills_profile  # noqa: PLC0415

        return skills_profile(self.holdings(), include_unverified=include_unverified)

    def remove_qualification(self: _Pathways, qualification_id: str) -> bool:
        from portfolio_app.pathways import service  # noqa: PLC0415

        return service.remove_definition(self.qualification_store, qualification_id)
