"""Every setting an administrator may put in the machine-wide ``config.toml``, in one table.

One table, because three readers need the same facts: the parser (is this value allowed?),
the resolver (what is the built-in default, which profile setting may override it?) and
``portfolio doctor`` (what does each key mean, where did its value come from?).  A key not in
this table is a typo in the machine file, and is reported as one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: The built-in import size limit; ``ingest.files.DEFAULT_MAX_BYTES`` says the same (a test
#: keeps them equal) but importing ingest here would slow every command's start.
DEFAULT_MAX_IMPORT_BYTES = 20 * 1024 * 1024

KEY_PROTECTION_MODES = ("auto", "keychain", "passphrase")
#: SQLite journal modes that keep the database in one file plus a transient journal.  WAL is
#: allowed for local disks only (its shared-memory file fails on network home folders);
#: ``off`` and ``memory`` are refused because a crash would corrupt the wallet.
JOURNAL_MODES = ("delete", "truncate", "persist", "wal")


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a quoted string, e.g. "…"')
    return value.strip()


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError('must be a list of folder paths, e.g. ["bundles/college"]')
    return tuple(v.strip() for v in value)


#: The largest import limit a machine or learner may set: originals are kept in the profile's
#: SQLite database, whose largest value is 1,000,000,000 bytes; 512 MiB stays well under it.
MAX_IMPORT_BYTES_CAP = 512 * 1024 * 1024


def _size(value: Any) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1024 <= value <= MAX_IMPORT_BYTES_CAP
    ):
        raise ValueError(
            "must be a whole number of bytes, at least 1024 and at most 536870912 "
            "(e.g. 20971520)"
        )
    return value


def _one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise ValueError("must be one of " + ", ".join(f'"{c}"' for c in choices))
        return value.strip().lower()

    return check


@dataclass(frozen=True)
class Key:
    """One setting: its name in ``config.toml``, default, check, and meaning (for doctor)."""

    name: str
    default: Any
    check: Callable[[Any], Any]
    meaning: str
    #: The profile's own setting (settings table key) that overrides the machine value
    #: unless the machine file locks it; ``None``: only the machine decides.
    user_setting: str | None = None
    #: Relative paths in the value are read from the machine config's folder.
    paths: bool = False


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("organisation_name", "", _text, "organisation named on exported PDF portfolios"),
        Key(
            "organisation_logo",
            "",
            _text,
            "PNG or JPEG logo printed on exported PDF portfolios",
            paths=True,
        ),
        Key(
            "trust_bundles",
            (),
            _texts,
            "trust bundle folders every profile reads (besides the site folder's trust/)",
            paths=True,
        ),
        Key(
            "qualification_catalogues",
            (),
            _texts,
            "qualification catalogue folders every profile reads (besides the site folder's "
            "qualifications/)",
            paths=True,
        ),
        Key(
            "network_allowed",
            False,
            _bool,
            "whether verify/reverify may fetch from the network by default",
            user_setting="verify.network_allowed",
        ),
        Key(
            "key_protection",
            "auto",
            _one_of(*KEY_PROTECTION_MODES),
            "how new keys are protected: auto (keychain if a real one answers, else a "
            "passphrase), keychain (only), passphrase (never the keychain)",
        ),
        Key(
            "profile_dir",
            "",
            _text,
            "where each user's profile lives (~, $VARS and {user} are expanded); empty: the "
            "per-user data folder",
        ),
        Key(
            "journal_mode",
            "delete",
            _one_of(*JOURNAL_MODES),
            "SQLite journal mode (delete is safe on network home folders; wal on local disks)",
        ),
        Key(
            "ephemeral",
            False,
            _bool,
            "this machine wipes profiles at logoff: warn at start, offer a backup on quit",
        ),
        Key(
            "show_example_catalogue",
            True,
            _bool,
            "whether the bundled example qualifications are listed",
        ),
        Key(
            "max_import_bytes",
            DEFAULT_MAX_IMPORT_BYTES,
            _size,
            "largest file an import or verify reads, in bytes",
            user_setting="import.max_bytes",
        ),
    )
}

#: The machine file's list of keys users may not override: ``locked = ["network_allowed"]``.
LOCKED = "locked"
