"""Facade functions the window's pages need beyond :class:`Portfolio`'s public methods.

Kept in their own file (not in ``portfolio.py``, which another change is reshaping into the
one door) as plain functions that take a ``Portfolio``.  They return small frozen results, so
the pages never hold a storage record, and they hold no Qt: the pages call them through the
task helper, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_app.errors import PortfolioError
from portfolio_app.model import display_title

if TYPE_CHECKING:
    from portfolio_app.identity.kdf import KdfLimits
    from portfolio_app.identity.results import IdentityCreated, PassphraseChanged
    from portfolio_app.pathways.definitions import Qualification
    from portfolio_app.pathways.service import Report
    from portfolio_app.services.portfolio import Portfolio

NAME_SETTING = "learner.name"
LANGUAGE_SETTING = "ui.language"
WELCOMED_SETTING = "ui.welcomed"
MAX_DEFINITION_BYTES = 1_000_000  # a qualification definition is a small JSON file


@dataclass(frozen=True)
class Choice:
    """One credential as the export wizard lists it."""

    id: int
    title: str
    issuer: str
    status: str  # the latest verdict's status, or "not checked"


def export_choices(portfolio: Portfolio) -> list[Choice]:
    """Every credential, newest number first, with what the learner needs to choose."""
    return [
        Choice(
            s.id,
            display_title(s.credential),
            s.credential.issuer_name,
            s.latest_verdict.status if s.latest_verdict else "not checked",
        )
        for s in sorted(portfolio.credentials(), key=lambda s: s.id)
    ]


def qualification_reports(portfolio: Portfolio, *, today: date | None = None) -> list[Report]:
    """Progress, shortest way to finish and what expires soon, for every qualification."""
    from portfolio_app.pathways.service import reports  # noqa: PLC0415 - loaded on first use

    return reports(portfolio.qualification_store, portfolio.holdings(), today=today or date.today())


def add_definition_file(portfolio: Portfolio, path: Path) -> Qualification:
    """Validate and store the learner's own definition file; a bad one stores nothing."""
    from portfolio_app.pathways.service import add_definition  # noqa: PLC0415

    try:
        if path.stat().st_size > MAX_DEFINITION_BYTES:
            raise PortfolioError(f"{path.name}: larger than 1 MB; is it a definition file?")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PortfolioError(f"{path.name}: cannot be read ({exc})") from None
    try:
        return add_definition(portfolio.qualification_store, text)
    except PortfolioError as exc:
        raise PortfolioError(f"{path.name}: {exc}") from None


# -- settings ----------------------------------------------------------------------------------


def learner_name(portfolio: Portfolio) -> str:
    """The name exports show: the learner's own setting, else the identity's name."""
    value = portfolio.repo.get_setting(NAME_SETTING, None)
    if isinstance(value, str) and value.strip():
        return value.strip()
    from portfolio_app.identity.errors import IdentityError  # noqa: PLC0415
    from portfolio_app.identity.store import KeyFolder  # noqa: PLC0415

    folder = KeyFolder(portfolio.data_dir)
    if not folder.exists():
        return ""
    try:
        return str(folder.read_history().get("name") or "")
    except IdentityError:
        return ""


def set_learner_name(portfolio: Portfolio, name: str) -> None:
    portfolio.repo.set_setting(NAME_SETTING, name.strip())


def language(portfolio: Portfolio) -> str:
    """The chosen interface language ("de", "en"), or "" to follow the system."""
    value = portfolio.repo.get_setting(LANGUAGE_SETTING, "")
    return value if isinstance(value, str) else ""


def set_language(portfolio: Portfolio, code: str) -> None:
    portfolio.repo.set_setting(LANGUAGE_SETTING, code)


def welcomed(portfolio: Portfolio) -> bool:
    return portfolio.repo.get_setting(WELCOMED_SETTING, False) is True


def wallet_is_empty(portfolio: Portfolio) -> bool:
    """True when the profile holds no credential (one probe, not a read of the wallet)."""
    from portfolio_app.storage.listing import has_credentials  # noqa: PLC0415 - first use

    return not has_credentials(portfolio.repo)


def set_welcomed(portfolio: Portfolio) -> None:
    """The welcome is shown once per profile (not on a read-only one, which cannot say so)."""
    if not portfolio.repo.read_only:
        portfolio.repo.set_setting(WELCOMED_SETTING, True)


# -- identity ----------------------------------------------------------------------------------


def create_identity(
    portfolio: Portfolio,
    name: str,
    passphrase: str | None,
    *,
    limits: KdfLimits | None = None,
) -> IdentityCreated:
    """The learner's keys for signing exports: the keychain when one answers, else the
    passphrase (which is then required)."""
    from portfolio_app.identity.service import create_identity as create  # noqa: PLC0415

    return create(portfolio.data_dir, name=name, passphrase=passphrase, limits=limits)


def change_passphrase(
    portfolio: Portfolio,
    new_passphrase: str,
    old_passphrase: str | None,
    *,
    limits: KdfLimits | None = None,
) -> PassphraseChanged:
    """Re-seal the keys under a new passphrase; a wrong old one changes nothing."""
    from portfolio_app.identity.service import change_passphrase as change  # noqa: PLC0415

    return change(
        portfolio.data_dir,
        new_passphrase=new_passphrase,
        old_passphrase=old_passphrase,
        limits=limits,
    )
