"""``portfolio verify`` without SQLAlchemy: the three settings it reads, through ``sqlite3``.

Verifying files never touches the wallet.  Of the profile it needs only three settings (the
size limit, the standing network permission, the learner's email addresses) and the document
cache, a folder.  Opening the full :class:`~portfolio_app.services.portfolio.Portfolio` for
that costs about 0.9 s of SQLAlchemy + SQLModel imports, half of a one-file ``verify``
(issue 12).  :class:`QuickVerify` reads the settings with :class:`~portfolio_app.storage.
quickread.QuickStore` (the same folder checks and profile lock as the repository) and offers
the two members of the facade ``portfolio verify`` calls, giving the same answers.

Whenever the quick reader is unsure (no database yet, an older or newer schema, a hot journal,
a setting the repository did not write, a value the facade would read another way),
:meth:`QuickVerify.open` returns ``None`` and the shell opens the full facade, which behaves
exactly as before.  A machine config that locks a setting needs no special case: both paths
hand the profile's value to the same resolver (``config.setting``).
``tests/test_quick_verify.py`` runs ``portfolio verify --json`` on every fixture both ways and
compares the output byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_app.closing import ClosedOnExit
from portfolio_app.services.setting_keys import EMAILS_SETTING, MAX_BYTES_SETTING, NETWORK_SETTING
from portfolio_app.storage.quickread import QuickReadUnsure, QuickStore

if TYPE_CHECKING:
    from portfolio_app.services.verification import FileVerdict

_KEYS = (MAX_BYTES_SETTING, NETWORK_SETTING, EMAILS_SETTING)


class QuickVerify(ClosedOnExit):
    """One profile opened for ``portfolio verify``: its settings read once, the lock held."""

    def __init__(
        self,
        store: QuickStore,
        *,
        max_import_bytes: int,
        network_allowed: bool,
        learner_emails: tuple[str, ...],
    ) -> None:
        """Use :meth:`open`."""
        self._store = store
        self.data_dir = store.data_dir
        self.max_import_bytes = max_import_bytes
        self.network_allowed = network_allowed
        self.learner_emails = learner_emails

    @classmethod
    def open(cls, data_dir: Path) -> QuickVerify | None:
        """The profile in ``data_dir`` opened for verifying files, or ``None`` when the full
        facade must open it.  Raises what opening the profile raises on either path (a missing
        or foreign folder, a profile in use)."""
        store = QuickStore.open(data_dir)
        if store is None:
            return None
        try:
            stored = store.settings(_KEYS)
            return cls(store, **_resolved(stored))
        except QuickReadUnsure:
            store.close()
            return None
        except (ValueError, TypeError, OverflowError):
            # A value the facade's own reading would trip over: let it do so, as before.
            store.close()
            return None
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self._store.close()

    def verify_files(
        self, paths: Sequence[Path], *, bundles: Sequence[Path] = (), online: bool = False
    ) -> list[FileVerdict]:
        """:meth:`Portfolio.verify_files`: the same judging, the same documents."""
        from portfolio_app.services.verification import verify_profile_files  # noqa: PLC0415 - after the settings

        return verify_profile_files(
            self.data_dir,
            paths,
            max_bytes=self.max_import_bytes,
            learner_emails=self.learner_emails,
            bundles=bundles,
            online=online,
        )


def _resolved(stored: dict[str, Any]) -> dict[str, Any]:
    """The facade's three properties from the stored values (``Portfolio.max_import_bytes``,
    ``.network_allowed``, ``.learner_emails``): the same layers, the same conversions."""
    from portfolio_app import config  # noqa: PLC0415 - as the facade loads it

    emails = stored.get(EMAILS_SETTING, [])
    return {
        "max_import_bytes": int(
            config.setting("max_import_bytes", stored.get(MAX_BYTES_SETTING, config.UNSET))
        ),
        "network_allowed": config.setting(
            "network_allowed", stored.get(NETWORK_SETTING, config.UNSET)
        )
        is True,
        "learner_emails": tuple(str(v) for v in emails) if isinstance(emails, list) else (),
    }
