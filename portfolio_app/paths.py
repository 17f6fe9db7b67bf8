"""Where things live: the one module that knows paths.

* Resources (contexts, schemas, sample credentials, catalogue) are found the same way from the
  source tree, an installed wheel and a frozen (PyInstaller) build: :func:`resource_path`.
* The profile (database with the originals, keys) lives, in this order of precedence, where
  ``--data-dir`` says; beside the app with ``--portable``; where ``PORTFOLIO_DATA_DIR`` says;
  beside the app in *portable mode* (a flag file :data:`PORTABLE_FLAG` beside the executable or
  the package: a USB stick carrying app and profile); where the machine configuration's
  ``profile_dir`` says (a lab's network home drive); else in the per-user data folder.
  :func:`profile_location` says which and why, for ``portfolio doctor``.
* ``PORTFOLIO_RESOURCES_DIR`` is layered over the bundled resources *per sub-folder*: a folder
  holding only ``qualifications/`` replaces the catalogue and nothing else (it used to replace
  everything, so every import failed for want of the JSON-LD contexts).  The machine site
  folder (``portfolio_app.config.site``) is the supported way to add catalogues and trust.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

# platformdirs, fsutil and logging load when first needed: the command line imports this module for
# ``--help`` and ``--version`` too, which should not pay for them (issue 9, startup).

APP_NAME = "LearnerPortfolio"
DATA_DIR_ENV = "PORTFOLIO_DATA_DIR"
RESOURCES_ENV = "PORTFOLIO_RESOURCES_DIR"
#: A file of this name beside the executable (frozen build) or beside the ``portfolio_app``
#: package switches portable mode on; the profile is then :data:`PORTABLE_PROFILE` beside it.
PORTABLE_FLAG = "LearnerPortfolio.portable"
PORTABLE_PROFILE = "LearnerPortfolio-profile"
DOCUMENTS_FOLDER = "documents"  # a profile's cache of issuer documents and trust bundles

_PRIVACY_WARNED = False


def resources_dir() -> Path:
    """Return the bundled ``resources/`` folder, wherever the app was installed from.

    Order: a frozen bundle, the source tree beside the package, then the
    ``share/learner-portfolio/resources`` data-files location of a wheel install.  The
    ``PORTFOLIO_RESOURCES_DIR`` override is applied per sub-folder by :func:`resource_path`.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    return Path(sys.prefix) / "share" / "learner-portfolio" / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource_path("contexts", "index.json")``.

    With ``PORTFOLIO_RESOURCES_DIR`` set, a top-level sub-folder (``contexts``,
    ``qualifications``, ``samples``, ``fonts``) the override holds replaces the bundled one
    *as a whole* (mixing two catalogues' files would be neither); any sub-folder it does
    not hold comes from the bundled resources.
    """
    override = os.environ.get(RESOURCES_ENV)
    if override and parts and (Path(override) / parts[0]).exists():
        return Path(override).joinpath(*parts)
    return resources_dir().joinpath(*parts)


def resource_overrides() -> list[str]:
    """The sub-folders ``PORTFOLIO_RESOURCES_DIR`` replaces (for ``portfolio doctor``)."""
    override = os.environ.get(RESOURCES_ENV)
    if not override or not Path(override).is_dir():
        return []
    return sorted(p.name for p in Path(override).iterdir() if p.is_dir())


def default_data_dir() -> Path:
    """The profile folder when no ``--data-dir`` is given (see the module docstring)."""
    return profile_location()[0]


def profile_location(explicit: Path | None = None, *, portable: bool = False) -> tuple[Path, str]:
    """The profile folder and why it is that one, in the order of the module docstring."""
    if explicit is not None:
        return explicit.expanduser(), "--data-dir"
    if portable:
        return portable_data_dir(), "--portable"
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser(), f"${DATA_DIR_ENV}"
    flag = app_root() / PORTABLE_FLAG
    if flag.exists():
        return portable_data_dir(), f"portable mode (flag file {flag})"
    from portfolio_app.config import current  # noqa: PLC0415 - reads the machine file

    layers = current()
    chosen = str(layers.value("profile_dir"))
    if chosen:
        path = Path(os.path.expandvars(chosen.replace("{user}", _user_name()))).expanduser()
        return path, f"profile_dir in {layers.machine.file}"
    return platform_data_dir(), "the per-user data folder"


def app_root() -> Path:
    """The folder holding the executable (frozen build) or the ``portfolio_app`` package."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_data_dir() -> Path:
    """Portable mode's profile: beside the app, so app and wallet travel on one stick."""
    return app_root() / PORTABLE_PROFILE


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no $USER
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


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
