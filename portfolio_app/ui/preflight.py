"""Can a window open here?  Checked before Qt is imported, so Qt never aborts on the learner.

Without a display, or without one of the X11/OpenGL system libraries the PySide6 wheels do not
bundle, Qt stops the process with "This application failed to start because no Qt platform
plugin could be initialized. Reinstalling the application may fix this problem" — advice that
is wrong (reinstalling changes nothing) and names no library.  So :func:`gui_problem` looks
first and returns one sentence: no display (use the command line), or which library is missing
and the command that installs it on Debian/Ubuntu and on Fedora.

The library list is what PySide6 6.8's ``libqxcb.so``, ``libQt6XcbQpa``, ``libQt6Gui``,
``libQt6Core`` and ``libQt6DBus`` link against (``readelf -d``), minus what the wheel ships
itself and the C runtime.  This module imports nothing from Qt.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    apt: str  # Debian / Ubuntu package
    dnf: str  # Fedora package


#: Needed by Qt whatever the platform plugin (fonts, OpenGL, GLib, D-Bus, keyboard maps).
CORE_LIBRARIES = (
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libfreetype.so.6", "libfreetype6", "freetype"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libz.so.1", "zlib1g", "zlib"),
    SystemLibrary("libzstd.so.1", "libzstd1", "libzstd"),
)

#: Needed by the X11 (xcb) platform plugin, the one Qt uses on an X11 or XWayland desktop.
XCB_LIBRARIES = (
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11"),
)

#: Platform plugins that need no display (CI, screenshots, tests).
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs"})

CLI_HINT = "use the command line instead (portfolio list, portfolio import FILE; portfolio --help)"


@functools.cache
def library_loads(soname: str) -> bool:
    """True when the dynamic loader finds ``soname`` (what Qt will ask it for)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def gui_problem(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    loads: Callable[[str], bool] | None = None,
) -> str | None:
    """One sentence saying why the window cannot open here, or ``None`` when it can.

    Only Linux is checked: macOS and Windows wheels carry everything Qt needs.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    loads = library_loads if loads is None else loads
    if not platform.startswith("linux"):
        return None
    plugin = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if plugin not in HEADLESS_PLATFORMS and not has_display:
        return (
            "cannot open the window: no display is available (neither DISPLAY nor "
            f"WAYLAND_DISPLAY is set, e.g. over ssh or on a server); {CLI_HINT}"
        )
    needed = list(CORE_LIBRARIES)
    if plugin == "xcb" or (not plugin and env.get("DISPLAY")):
        needed += XCB_LIBRARIES
    missing = [lib for lib in needed if not loads(lib.soname)]
    if not missing:
        return None
    return missing_libraries_sentence(missing)


def missing_libraries_sentence(missing: list[SystemLibrary]) -> str:
    """Name the missing libraries and the one command per distribution that installs them."""
    names = ", ".join(lib.soname for lib in missing)
    apt = " ".join(dict.fromkeys(lib.apt for lib in missing))
    dnf = " ".join(dict.fromkeys(lib.dnf for lib in missing))
    what = "library" if len(missing) == 1 else "libraries"
    return (
        f"cannot open the window: the system {what} {names} "
        f"{'is' if len(missing) == 1 else 'are'} missing; install with "
        f"'sudo apt install {apt}' (Debian/Ubuntu) or 'sudo dnf install {dnf}' (Fedora), "
        f"or {CLI_HINT}"
    )
