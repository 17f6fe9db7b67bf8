"""``portfolio progress`` and ``portfolio qualifications add|list|remove``: a thin shell.

The rules (validate before storing, catalogue + own definitions, user wins on id) live in
the ``Portfolio`` facade's qualification use cases; this module only parses arguments and
prints.
Exit codes follow ``cli.py``: 0 ok, 1 some input failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from portfolio_app.cli_term import printable

if TYPE_CHECKING:  # the engine loads only when a pathways command runs (fast --help)
    from datetime import date

    from portfolio_app.services.results import Entry, Qualification, Report

EXIT_OK, EXIT_INPUT_FAILED = 0, 1


class PathwaysPortfolio(Protocol):
    """The members of the ``Portfolio`` facade these commands use."""

    def qualification_reports(
        self,
        *,
        today: date,
        include_unverified: bool = False,
        qualification_id: str | None = None,
    ) -> list[Report]: ...

    def qualifications(self) -> tuple[list[Entry], list[str]]: ...

    def add_qualification(self, text: str) -> Qualification: ...

    def remove_qualification(self, qualification_id: str) -> bool: ...


def register(subparsers: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``progress`` and ``qualifications`` to the ``portfolio`` parser's subcommands."""
    common = list(parents)
    p = subparsers.add_parser(
        "progress",
        parents=common,
        help="progress towards qualifications and the shortest way to finish",
        epilog=_example("portfolio progress", "portfolio progress --include-unverified --json"),
    )
    _ensure_json_flag(p)
    p.add_argument(
        "qualification",
        nargs="?",
        metavar="QUALIFICATION",
        help="a qualification id (default: all)",
    )
    p.add_argument(
        "--include-unverified",
        action="store_true",
        help="also count self-reported / unverifiable credentials (flagged)",
    )
    p.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="evaluate as of this date (default: today)",
    )
    # Only reads: cli.py answers it through the sqlite3-only reader when it can.
    p.set_defaults(handler=cmd_progress, quick="holdings")

    q = subparsers.add_parser(
        "qualifications",
        parents=common,
        help="list, add or remove qualification definitions",
        epilog=_example("portfolio qualifications list", "portfolio qualifications add cert.json"),
    )
    actions = q.add_subparsers(
        dest="qualifications_action", metavar="ACTION", required=True, help="what to do"
    )
    a = actions.add_parser(
        "add",
        parents=common,
        help="add (or replace) a definition from a JSON file",
        epilog=_example("portfolio qualifications add data-analyst-certificate.json"),
    )
    _ensure_json_flag(a)
    a.add_argument("file", type=Path, metavar="FILE", help="a qualification definition (JSON)")
    a.set_defaults(handler=cmd_add)
    ls = actions.add_parser(
        "list",
        parents=common,
        help="list the catalogue and your own definitions",
        epilog=_example("portfolio qualifications list --json"),
    )
    _ensure_json_flag(ls)
    ls.set_defaults(handler=cmd_list)
    rm = actions.add_parser(
        "remove",
        parents=common,
        help="remove one of your own definitions",
        epilog=_example("portfolio qualifications remove my-certificate"),
    )
    _ensure_json_flag(rm)
    rm.add_argument("id", metavar="ID", help="the id `qualifications list` shows")
    rm.set_defaults(handler=cmd_remove)


def _iso_date(text: str) -> date:
    """``--as-of YYYY-MM-DD`` (datetime loads when the option is used, not for ``--help``)."""
    from datetime import date  # noqa: PLC0415

    return date.fromisoformat(text)


_iso_date.__name__ = "date"  # argparse says "invalid date value: '…'"


def _example(*lines: str) -> str:
    return "example" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {x}" for x in lines)


def _ensure_json_flag(parser: argparse.ArgumentParser) -> None:
    """Add ``--json`` unless the shared parents already did (``cli.py`` passes its own)."""
    with contextlib.suppress(argparse.ArgumentError):
        parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def cmd_progress(portfolio: PathwaysPortfolio, args: argparse.Namespace, out: TextIO) -> int:
    from datetime import date  # noqa: PLC0415

    from portfolio_app.errors import PortfolioError  # noqa: PLC0415
    from portfolio_app.pathways.text import render  # noqa: PLC0415

    try:
        found = portfolio.qualification_reports(
            today=args.as_of or date.today(),
            include_unverified=bool(args.include_unverified),
            qualification_id=args.qualification,
        )
    except PortfolioError as exc:
        if not hasattr(exc, "qualification_id"):  # only "no such qualification" is ours
            raise
        print(f"portfolio: {exc}", file=sys.stderr)
        return EXIT_INPUT_FAILED
    if args.json:
        from portfolio_app.services.serialize import json_text  # noqa: PLC0415

        out.write(json_text([r.to_json() for r in found]) + "\n")  # _emit's text, faster
        return EXIT_OK
    if not found:
        print("No qualifications yet. Try: portfolio qualifications add FILE", file=out)
    for number, report in enumerate(found):
        if number:
            print(file=out)
        for line in render(report):
            print(printable(line), file=out)
    return EXIT_OK


def cmd_add(portfolio: PathwaysPortfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.pathways.definitions import DefinitionError  # noqa: PLC0415

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.file.name}: cannot be read ({exc})", file=sys.stderr)
        return EXIT_INPUT_FAILED
    try:
        qualification = portfolio.add_qualification(text)
    except DefinitionError as exc:
        if args.json:
            _emit(
                out, {"file": str(args.file), "added": None, "path": exc.path, "error": exc.message}
            )
        print(f"{args.file.name}: {exc.path}: {exc.message}", file=sys.stderr)
        return EXIT_INPUT_FAILED
    if args.json:
        _emit(out, {"file": str(args.file), "added": qualification.id})
    else:
        print(f"Added {qualification.name} [{qualification.id}].", file=out)
    return EXIT_OK


def cmd_list(portfolio: PathwaysPortfolio, args: argparse.Namespace, out: TextIO) -> int:
    entries, problems = portfolio.qualifications()
    for problem in problems:
        print(f"portfolio: {problem}", file=sys.stderr)
    if args.json:
        _emit(out, [e.to_json() for e in entries])
        return EXIT_OK
    for entry in entries:
        q = entry.qualification
        source = {"user": "yours", "machine": "from this machine"}.get(entry.source, "catalogue")
        example = ", example" if q.example else ""
        print(printable(f"{q.id:<45} {q.name} ({source}{example})"), file=out)
    return EXIT_OK


def cmd_remove(portfolio: PathwaysPortfolio, args: argparse.Namespace, out: TextIO) -> int:
    removed = portfolio.remove_qualification(args.id)
    if args.json:
        _emit(out, {"removed": args.id if removed else None})
    elif removed:
        print(f"Removed {args.id}.", file=out)
    if not removed:
        print(
            f"portfolio: none of your own definitions has id {args.id!r} "
            "(the bundled examples and this machine's catalogues cannot be removed here)",
            file=sys.stderr,
        )
        return EXIT_INPUT_FAILED
    return EXIT_OK


def _emit(out: TextIO, data: Any) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")
