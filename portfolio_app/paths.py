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

import platformdirs

APP_NAME = "LearnerPortfolio"
DATA_DIR_ENV = "PORTFOLIO_DATA_DIR"
RESOURCES_ENV = "PORTFOLIO_RESOURCES_DIR"


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
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by its owner only (0700).

    Lab machines are shared between many users; a profile must not be world-readable.
    """
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path
