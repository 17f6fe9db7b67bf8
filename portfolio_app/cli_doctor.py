"""``portfolio doctor [--json]``: what an administrator needs on a support call, in one page.

Paths in use and why each was chosen, the configuration layers (which machine file, whether
it was read or ignored and why, each setting's value and the layer it came from, which keys
are locked), what the site folder provides, the keychain decision and why, whether a window
can open here (Qt platform), versions, and whether each folder the app writes can be written.

It must work exactly when something is wrong, so it never opens the profile (no lock, no
migration, no new folder): the profile's own settings are read with a read-only ``sqlite3``
connection, and every probe is caught and reported as a line rather than raised.  Exit 0
when nothing needs attention, 1 when a problem is listed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from portfolio_app import __version__
from portfolio_app.cli_term import printable

# ``cli`` imports this module to register the command, so everything else (platform,
# sqlite3, tempfile, importlib.metadata) loads only when ``doctor`` runs: ``--help`` and
# every other command stay as fast as before.

#: Packages whose versions matter on a support call (installed ones only are listed).
PACKAGES = (
    "PySide6-Essentials",
    "PySide6",
    "keyring",
    "SQLAlchemy",
    "sqlmodel",
    "alembic",
    "PyNaCl",
    "cryptography",
    "pyld",
    "pyHanko",
    "reportlab",
    "pypdf",
    "platformdirs",
)
KEYCHAIN_TIMEOUT = 3.0


def register(sub: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``doctor`` to the command line (``cli.build_parser`` calls this)."""
    actions = cast("argparse._SubParsersAction[argparse.ArgumentParser]", sub)
    p = actions.add_parser(
        "doctor",
        parents=list(parents),
        help="what an administrator needs on a support call: paths, configuration, keychain",
        description="Show the paths in use, the configuration layers and locked keys, what "
        "the machine's site folder provides, the keychain decision and why, the Qt platform, "
        "versions and write access. Never changes anything.",
        epilog="examples:\n  portfolio doctor\n  portfolio doctor --json > doctor.json\n\n"
        "exit status: 0 nothing needs attention, 1 a problem is listed.",
    )
    p.add_argument(
        "--keychain-timeout",
        type=float,
        default=KEYCHAIN_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for the OS keychain (default {KEYCHAIN_TIMEOUT:g})",
    )
    p.set_defaults(handler=run, without_profile=True)


def run(profile: Path, args: argparse.Namespace, out: TextIO) -> int:
    """The ``doctor`` handler: gather the report, print it, exit 1 if it lists a problem."""
    explicit = getattr(args, "data_dir", None)
    report = gather(
        explicit,
        portable=bool(getattr(args, "portable", False)),
        keychain_timeout=args.keychain_timeout,
    )
    if args.json:
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for line in text_lines(report):
            print(printable(line), file=out)
    return 1 if report["problems"] else 0


def gather(
    explicit: Path | None = None,
    *,
    portable: bool = False,
    keychain_timeout: float = KEYCHAIN_TIMEOUT,
) -> dict[str, Any]:
    """The whole report as JSON-ready data (``--json`` prints exactly this)."""
    import platform  # noqa: PLC0415

    from portfolio_app import config, logfile, paths  # noqa: PLC0415
    from portfolio_app.config.keys import KEYS  # noqa: PLC0415

    problems: list[str] = []
    location, chosen_by = paths.profile_location(explicit, portable=portable)
    layers = config.current()
    machine = layers.machine
    if machine.problem:
        problems.append(machine.problem)
    problems.extend(_machine_file_exposure(machine.directory, machine.file, machine.site_dir))
    user_values, user_problem = _profile_settings(location)
    settings = []
    for key in KEYS.values():
        stored = user_values.get(key.user_setting, config.UNSET) if key.user_setting else None
        stored = config.UNSET if stored is None and not key.user_setting else stored
        resolved = layers.resolve(key.name, stored)
        settings.append({**resolved.to_json(), "meaning": key.meaning})
    site = _site(layers, problems)
    profile_facts = _profile_facts(location, problems)
    if user_problem:
        profile_facts["settings_problem"] = user_problem
    writes = _write_access(location, logfile.choose_log_path(location), problems)
    return {
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "executable": sys.executable,
        "frozen": bool(getattr(sys, "frozen", False)),
        "versions": _versions(),
        "paths": {
            "profile": str(location),
            "profile_chosen_by": chosen_by,
            "log_file": str(logfile.choose_log_path(location)),
            "resources": str(paths.resources_dir()),
            "resources_override": os.environ.get(paths.RESOURCES_ENV) or None,
            "resources_overridden": paths.resource_overrides(),
            "app_root": str(paths.app_root()),
            "portable_flag": str(paths.app_root() / paths.PORTABLE_FLAG),
            "machine_config_dir": str(machine.directory),
            "machine_config_dir_chosen_by": machine.chosen_by,
        },
        "config": {
            "machine_file": str(machine.file),
            "machine_file_present": machine.present,
            "machine_file_problem": machine.problem,
            "locked": sorted(machine.locked),
            "settings": settings,
        },
        "site": site,
        "profile": profile_facts,
        "keychain": _keychain(keychain_timeout, problems),
        "qt": _qt(),
        "write_access": writes,
        "problems": problems,
    }


def _machine_file_exposure(*targets: Path) -> list[str]:
    """Locks mean nothing if learners can edit the machine file or plant a site registry."""
    if os.name != "posix":
        return []
    found = []
    for target in targets:
        try:
            mode = target.stat().st_mode
        except OSError:
            continue
        if mode & 0o022:
            found.append(
                f"{target} can be changed by users other than its owner (mode "
                f"{mode & 0o777:04o}); make it writable by the administrator only"
            )
    return found


def _profile_settings(location: Path) -> tuple[dict[str, Any], str | None]:
    """The profile's own settings, read-only and without SQLAlchemy (the profile may be in use,
    broken or on a read-only stick; doctor must not change or lock it)."""
    import sqlite3  # noqa: PLC0415

    db = location / "portfolio.sqlite3"
    if not db.is_file():
        return {}, None
    try:
        connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            rows = connection.execute("SELECT key, value FROM settings").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return {}, f"the profile's settings cannot be read ({exc})"
    found: dict[str, Any] = {}
    for key, value in rows:
        try:
            found[str(key)] = json.loads(value) if isinstance(value, str) else value
        except ValueError:
            continue
    return found, None


def _site(layers: Any, problems: list[str]) -> dict[str, Any]:
    from portfolio_app.config.site import site_folders  # noqa: PLC0415

    folders = site_folders(layers)
    found: dict[str, Any] = {
        "folder": str(layers.machine.site_dir),
        "present": layers.machine.site_dir.is_dir(),
        "trust_bundles": [str(p) for p in folders.trust_bundles],
        "registries": [str(p) for p in folders.registry_files],
        "catalogues": [str(p) for p in folders.catalogues],
    }
    try:
        from portfolio_app.services.machine import machine_trust_problems  # noqa: PLC0415

        left_out = machine_trust_problems(folders)
    except Exception as exc:  # doctor reports, never raises
        left_out = [f"the site folder could not be read ({type(exc).__name__}: {exc})"]
    found["problems"] = left_out
    problems.extend(f"site folder: {p}" for p in left_out)
    return found


def _profile_facts(location: Path, problems: list[str]) -> dict[str, Any]:
    from portfolio_app.errors import ProfileError  # noqa: PLC0415
    from portfolio_app.storage.profile import check_folder  # noqa: PLC0415

    facts: dict[str, Any] = {"exists": location.is_dir(), "mode": None}
    if location.is_dir():
        facts["mode"] = f"{location.stat().st_mode & 0o777:04o}"
        if os.name == "posix" and location.stat().st_mode & 0o077:
            problems.append(f"the profile folder {location} can be opened by other users")
    try:
        access = check_folder(location, "portfolio.sqlite3")
    except ProfileError as exc:
        facts["access"] = f"unavailable: {exc}"
        problems.append(str(exc))
        return facts
    facts["access"] = f"read-only ({access.why_read_only})" if access.read_only else "read-write"
    return facts


def _write_access(profile: Path, log_file: Path, problems: list[str]) -> list[dict[str, Any]]:
    import tempfile  # noqa: PLC0415

    rows = []
    for what, folder in (
        ("profile", profile),
        ("log folder", log_file.parent),
        ("temporary folder", Path(tempfile.gettempdir())),
    ):
        anchor = folder
        while not anchor.exists() and anchor.parent != anchor:
            anchor = anchor.parent
        writable = anchor.is_dir() and os.access(anchor, os.W_OK | os.X_OK)
        rows.append({"what": what, "path": str(folder), "checked": str(anchor),
                     "writable": writable})
        if not writable and what != "profile":  # a read-only profile is reported above
            problems.append(f"the {what} {folder} cannot be written")
    return rows


def _keychain(timeout: float, problems: list[str]) -> dict[str, Any]:
    try:
        from portfolio_app.identity.kek import choose_protection, effective_mode  # noqa: PLC0415

        mode, who = effective_mode("auto")
        chosen = choose_protection(timeout=timeout)
    except Exception as exc:  # a keyring backend that explodes is exactly what we report
        problems.append(f"the keychain could not be asked ({type(exc).__name__}: {exc})")
        return {"mode": None, "decided_by": None, "kind": None, "reason": str(exc)}
    return {"mode": mode, "decided_by": who, **chosen.to_json()}


def _qt() -> dict[str, Any]:
    from portfolio_app.ui.preflight import gui_problem  # noqa: PLC0415 - imports no Qt

    try:
        problem = gui_problem()
    except Exception as exc:  # ctypes probing a broken library path
        problem = f"could not check ({type(exc).__name__}: {exc})"
    return {
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or None,
        "DISPLAY": os.environ.get("DISPLAY") or None,
        "WAYLAND_DISPLAY": os.environ.get("WAYLAND_DISPLAY") or None,
        "window_can_open": problem is None,
        "why_not": problem,
    }


def _versions() -> dict[str, str]:
    from importlib import metadata  # noqa: PLC0415

    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def text_lines(report: dict[str, Any]) -> list[str]:
    """The report for people: one fact per line, grouped as the JSON is."""
    p, c, site, prof = report["paths"], report["config"], report["site"], report["profile"]
    lines = [
        f"Learner Portfolio {report['version']} on Python {report['python']} "
        f"({report['platform']}{', frozen build' if report['frozen'] else ''})",
        "",
        "Paths",
        f"  profile           {p['profile']}  ({p['profile_chosen_by']})",
        f"  profile access    {prof.get('access')}"
        + (f", mode {prof['mode']}" if prof.get("mode") else ""),
        f"  log file          {p['log_file']}",
        f"  resources         {p['resources']}",
    ]
    if p["resources_override"]:
        replaced = ", ".join(p["resources_overridden"]) or "nothing (no sub-folders there)"
        lines.append(f"  resources override {p['resources_override']} replaces: {replaced}")
    lines += [
        f"  machine config    {c['machine_file']}  ({p['machine_config_dir_chosen_by']}; "
        + ("present" if c["machine_file_present"] else "absent") + ")",
        f"  site folder       {site['folder']}"
        + ("" if site["present"] else "  (absent)"),
        "",
        "Configuration (built-in default < machine < profile, unless locked)",
    ]
    if c["machine_file_problem"]:
        lines.append(f"  IGNORED: {c['machine_file_problem']}")
    for item in c["settings"]:
        value = item["value"]
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        lock = ", locked" if item["locked"] else ""
        lines.append(f"  {item['key']:<25} {shown or '(empty)'}  [{item['layer']}{lock}]")
    lines.append(f"  locked keys: {', '.join(c['locked']) or 'none'}")
    lines += ["", "From this machine (read in place, never copied into profiles or backups)"]
    for label, key in (("trust bundle", "trust_bundles"), ("registry", "registries"),
                       ("catalogue", "catalogues")):
        lines += [f"  {label:<13} {path}" for path in site[key]]
    if not (site["trust_bundles"] or site["registries"] or site["catalogues"]):
        lines.append("  nothing")
    keychain = report["keychain"]
    lines += [
        "",
        "Keys",
        f"  protection mode   {keychain.get('mode')} ({keychain.get('decided_by')})",
        f"  decision          {keychain.get('reason')}",
    ]
    lines += [f"  refused           {why}" for why in keychain.get("refused") or []]
    qt = report["qt"]
    lines += [
        "",
        "Window",
        f"  QT_QPA_PLATFORM={qt['QT_QPA_PLATFORM'] or '(unset)'} "
        f"DISPLAY={qt['DISPLAY'] or '(unset)'} "
        f"WAYLAND_DISPLAY={qt['WAYLAND_DISPLAY'] or '(unset)'}",
        "  " + ("a window can open here" if qt["window_can_open"] else str(qt["why_not"])),
        "",
        "Write access",
    ]
    for row in report["write_access"]:
        state = "writable" if row["writable"] else "NOT writable"
        lines.append(f"  {row['what']:<17} {row['path']}  {state}")
    lines += ["", "Versions"]
    lines += [f"  {name:<19} {version}" for name, version in report["versions"].items()]
    lines.append("")
    if report["problems"]:
        lines.append("Problems")
        lines += [f"  - {problem}" for problem in report["problems"]]
    else:
        lines.append("No problems found.")
    return lines
