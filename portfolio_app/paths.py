"""Where things live: the one module that knows paths.

* Resources (contexts, schemas, sample credentials, catalogue) are found the same way from the
  source tree, an installed wheel and a frozen (PyInstaller) build: :func:`resource_path`.
* The profile (database, blobs, keys) lives in the per-user data directory unless ``--data-dir``
  or ``PORTFOLIO_DATA_DIR`` says otherwise, so a USB-stick or lab home-drive profile is only
  configuration.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# platformdirs, fsutil and logging load when first needed: the command line imports this module for
# ``--help`` and ``--version`` too, which should not pay for them (issue 9, startup).

APP_NAME = "LearnerPortfolio"
DATA_DIR_ENV = "PORTFOLIO_DATA_DIR"
RESOURCES_ENV = "PORTFOLIO_RESOURCES_DIR"

_PRIVACY_WARNED = False


def resources_dir() -> Path:
    """Return the ``resources/`` folder, wherever the app was installed from.

    Order: an explicit override, a frozen bundle, the source tree beside the package, then the
    ``share/learner-portfolio/resources`` data-files location of a wheel install.
    """
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    return Path(sys.prefix) / "share" / "learner-portfolio" / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one resource file, e.g. ``resource_path("contexts", "index.json")``."""
    return resources_dir().joinpath(*parts)


def default_data_dir() -> Path:
    """The per-user profile folder (overridden by ``PORTFOLIO_DATA_DIR``)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return platform_data_dir()


def platform_data_dir() -> Path:
    """The per-user data folder the OS conventions give, ignoring any override."""
    import platformdirs  # noqa: PLC0415 - see the imports above

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    """Where logs go when the profile itself cannot be written (per-user, OS convention)."""
    import platformdirs  # noqa: PLC0415 - see the imports above

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by its owner only (0700).

    Lab machines are shared between many users; a profile must not be world-readable.  A
    FAT/exFAT stick or some network shares have no Unix permissions: ``chmod`` fails or does
    nothing there.  That is the learner's choice of medium, not a reason to refuse to work, so
    we warn once (per process) that the folder cannot be made private and carry on.  A full
    disk or a refused ``mkdir`` raises :class:`~portfolio_app.errors.StorageFull` /
    :class:`~portfolio_app.errors.WriteDenied`.
    """
    from portfolio_app.fsutil import write_errors  # noqa: PLC0415 - see the imports above

    with write_errors(path):
        path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        make_private(path, 0o700)
    return path


def make_private(path: Path, mode: int) -> None:
    """``chmod`` that tolerates file systems without Unix permissions (see above)."""
    try:
        os.chmod(path, mode)
        effective = os.stat(path).st_mode & 0o777
    except OSError as exc:
        _warn_not_private(path, exc.strerror or type(exc).__name__)
        return
    if effective & ~mode & 0o077:  # the file system ignored the request
        _warn_not_private(path, "this file system has no Unix permissions")


def _warn_not_private(path: Path, why: str) -> None:
    global _PRIVACY_WARNED  # noqa: PLW0603 - once per process, by design
    if _PRIVACY_WARNED:
        return
    _PRIVACY_WARNED = True
    import logging  # noqa: PLC0415 - see the imports above

    logging.getLogger(__name__).warning(
        "warning: %s cannot be made private (%s); other users of this computer may be able "
        "to read it",
        path,
        why,
    )


def reset_privacy_warning() -> None:
    """Forget that the warning was given (tests; a GUI that switches profiles)."""
    global _PRIVACY_WARNED  # noqa: PLW0603
    _PRIVACY_WARNED = False
