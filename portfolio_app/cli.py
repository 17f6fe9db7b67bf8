"""The ``portfolio`` command line: a thin shell over :mod:`portfolio_app.services`.

Exit codes scripts can trust: 0 everything went well (for ``verify``/``reverify``: every
credential is *verified*), 1 something failed (a file refused or not verified, a credential
not found, a full disk…), 2 usage error.  ``--json`` prints data for scripts, and on failure a
JSON error object, on stdout; text output is for people.  With no subcommand the GUI opens.

No traceback reaches the user: :func:`main` is the one top-level handler.  Expected failures
become one line (see :mod:`portfolio_app.cli_errors`); anything else is logged to the
profile's ``portfolio.log`` and named in one line.

This module starts fast: it imports only the standard library and small modules at the top.
The services (SQLAlchemy, pyld, pypdf, cryptography, keyring) load inside the command that
needs them, so ``--version``, ``--help`` and a usage error never pay for them.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from portfolio_app import __version__, cli_doctor, cli_keys, cli_pathways
from portfolio_app.cli_errors import CommandFailed, Failure, describe
from portfolio_app.cli_secrets import SecretUsageError, prompt_secret, read_secret_file, secret_from
from portfolio_app.cli_term import confirm, is_terminal, printable, working
from portfolio_app.paths import DATA_DIR_ENV

if TYPE_CHECKING:
    from portfolio_app.services.portfolio import Portfolio
    from portfolio_app.services.quick import QuickPortfolio
    from portfolio_app.services.quick_verify import QuickVerify
    from portfolio_app.services.verification import FileVerdict

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2

Handler = Callable[["Portfolio", argparse.Namespace, TextIO], int]

VERIFY_EXIT_CODES = (
    "exit status: 0 when every file (every credential of a presentation) is verified, 1 when "
    "any has another verdict "
    "(tampered, expired, unverifiable…) or is refused, 2 for a usage error — so "
    "`portfolio verify FILE && echo OK` means what it says."
)
REVERIFY_EXIT_CODES = (
    "exit status: 0 when every credential is verified, 1 when any has another verdict "
    "(tampered, expired, revoked, unverifiable…), 2 for a usage error."
)


class UsageError(Exception):
    """The command line itself is wrong (exit 2); the message says how, with a suggestion."""

    def __init__(self, message: str, parser: argparse.ArgumentParser) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, and suggests the nearest command on a typo."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(_with_suggestion(message), self)


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


def _with_suggestion(message: str) -> str:
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return message
    typed, choices = found.group(1), re.findall(r"'([^']*)'", found.group(2))
    import difflib  # noqa: PLC0415 - only for a mistyped command

    close = difflib.get_close_matches(typed, choices, n=1, cutoff=0.5)
    listed = ", ".join(choices)
    if close:
        return f"unknown command {typed!r}; did you mean {close[0]!r}? (commands: {listed})"
    return f"unknown command {typed!r} (commands: {listed})"


def _examples(*lines: str, extra: str = "") -> str:
    """An epilog: example command lines kept as written, then ``extra`` wrapped as prose."""
    text = "example" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {x}" for x in lines)
    if not extra:
        return text
    prose = "\n".join(textwrap.fill(part, width=78) for part in extra.split("\n"))
    return f"{text}\n\n{prose}"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; building it imports nothing heavy (``--help`` stays fast)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"profile folder (default: ${DATA_DIR_ENV} or the per-user data folder)",
    )
    common.add_argument(
        "--portable",
        action="store_true",
        default=argparse.SUPPRESS,
        help="portable mode: the profile beside the app (a USB stick carrying both)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help='print machine-readable JSON (errors too: {"error": {…}}), before or after '
        "the command",
    )

    parser = _Parser(
        prog="portfolio",
        description="Learner Portfolio: store, verify and present your credentials, offline.",
        epilog=_examples(
            "portfolio import ~/Downloads/badges",
            "portfolio list",
            "portfolio verify badge.json && echo OK",
            extra="Run `portfolio COMMAND --help` for each command's options and an example. "
            "With no command the window opens.\n"
            "exit status: 0 done, 1 something failed or did not verify, 2 usage error.",
        ),
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="print the version and exit",
    )
    sub = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", help="what to do"),
    )

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import files or folders",
        description="Import credential files, or every credential in folders (recursively). "
        "Files in a folder that are plainly not credentials (README, notes) are skipped.",
        epilog=_examples(
            "portfolio import badge.png transcript.json",
            "portfolio import ~/Downloads/badges",
            extra="exit status: 0 all imported or already held, 1 some file refused.",
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="credential files or folders")
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser(
        "list",
        parents=[common],
        help="list the wallet",
        epilog=_examples("portfolio list", "portfolio list --json"),
    )
    p.set_defaults(handler=_cmd_list, quick="summaries")

    p = sub.add_parser(
        "show",
        parents=[common],
        help="show one credential",
        epilog=_examples("portfolio show 3"),
    )
    p.add_argument("id", type=int, metavar="ID", help="the number `portfolio list` shows")
    p.set_defaults(handler=_cmd_show)

    p = sub.add_parser(
        "remove",
        parents=[common],
        help="remove a credential",
        epilog=_examples(
            "portfolio remove 3",
            "portfolio remove 3 --yes",
            extra="On a terminal you are asked to confirm; scripts pass --yes.",
        ),
    )
    p.add_argument("id", type=int, metavar="ID", help="the number `portfolio list` shows")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=_cmd_remove)

    p = sub.add_parser(
        "save",
        parents=[common],
        help="write an original file back out",
        description="Write a credential's original file, byte for byte, under its own name. "
        "An existing file is never replaced without --force.",
        epilog=_examples(
            "portfolio save 3 ~/Desktop",
            "portfolio save 3 badge-copy.png",
            "portfolio save 3 ~/Desktop/badge-3 --all",
        ),
    )
    p.add_argument("id", type=int, metavar="ID", help="the number `portfolio list` shows")
    p.add_argument("dest", type=Path, metavar="DEST", help="a folder, or the file to write")
    p.add_argument(
        "--all", dest="every", action="store_true", help="every copy, into the folder DEST"
    )
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    p.set_defaults(handler=_cmd_save)

    p = sub.add_parser(
        "edit",
        parents=[common],
        help="say what you know about a credential (kept apart, marked learner-entered)",
        description="Store what you say about a credential apart from what its original says; "
        "every view marks it as learner-entered. An empty value clears a field.",
        epilog=_examples(
            "portfolio edit 3 --tag data-analytics",
            "portfolio edit 3 --issuer-name Coursera --achievement-id GOOGLE-DA",
            "portfolio edit 3 --credits 3 --credit-unit ECTS --note 'Part of my MSc'",
        ),
    )
    p.add_argument("id", type=int, metavar="ID", help="the number `portfolio list` shows")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag")
    p.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag")
    p.add_argument("--issuer-name", metavar="N", help="who issued it, as you know it")
    p.add_argument("--achievement-name", metavar="N", help="the achievement's name")
    p.add_argument("--achievement-id", metavar="I", help="the achievement's id or code")
    p.add_argument("--credits", type=float, metavar="N", help="credits it is worth (0 clears)")
    p.add_argument("--credit-unit", metavar="U", help="the unit of --credits (ECTS, CEU, …)")
    p.add_argument("--note", metavar="TEXT", help="a note of your own")
    p.set_defaults(handler=_cmd_edit)

    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="the backup passphrase, first line of FILE (default: ask on the terminal)",
    )
    p = sub.add_parser(
        "backup",
        parents=[common, secret],
        help="write the whole profile to one encrypted file",
        epilog=_examples(
            "portfolio backup /media/usb/wallet.backup",
            "portfolio backup wallet.backup --passphrase-file pass.txt",
            extra="If your keys are sealed under a different passphrase, you are asked for it "
            "(or give --keys-passphrase-file).",
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the backup file to write")
    p.add_argument(
        "--keys-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the passphrase that opens your keys, if it differs from the backup passphrase",
    )
    p.set_defaults(handler=_cmd_backup)

    p = sub.add_parser(
        "restore",
        parents=[common, secret],
        help="bring a backup file back",
        epilog=_examples("portfolio --data-dir ~/new-profile restore wallet.backup"),
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a backup written by `backup`")
    p.set_defaults(handler=_cmd_restore)

    checking = argparse.ArgumentParser(add_help=False)
    checking.add_argument(
        "--docs",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a trust bundle (index.json + documents) to use for this run only",
    )
    checking.add_argument(
        "--online",
        action="store_true",
        default=None,
        help="allow the network for this run: fetch hosted badges, keys, DID documents and "
        "status lists into the profile's cache, then verify",
    )
    checking.add_argument(
        "--offline",
        dest="online",
        action="store_false",
        help="never use the network for this run, whatever the profile's setting",
    )
    p = sub.add_parser(
        "verify",
        parents=[common, checking],
        help="verify files without importing them",
        epilog=_examples(
            "portfolio verify badge.json && echo OK",
            "portfolio verify ~/Downloads/badges --json",
            extra=VERIFY_EXIT_CODES,
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="credential files or folders")
    p.set_defaults(handler=_cmd_verify, quick="verify")

    p = sub.add_parser(
        "reverify",
        parents=[common, checking],
        help="re-check every credential",
        epilog=_examples(
            "portfolio reverify",
            "portfolio reverify --docs bundle/",
            extra=REVERIFY_EXIT_CODES,
        ),
    )
    p.set_defaults(handler=_cmd_reverify)

    trust = sub.add_parser(
        "trust",
        parents=[common],
        help="trusted documents (trust bundles)",
        epilog=_examples("portfolio trust import /media/usb/career-centre-bundle"),
    )
    trust_actions = trust.add_subparsers(
        dest="trust_command", metavar="ACTION", required=True, help="what to do"
    )
    p = trust_actions.add_parser(
        "import",
        parents=[common],
        help="add a trust bundle folder to this profile",
        epilog=_examples("portfolio trust import /media/usb/career-centre-bundle"),
    )
    p.add_argument("bundle", type=Path, metavar="DIR", help="folder with index.json")
    p.set_defaults(handler=_cmd_trust_import)
    p = trust_actions.add_parser(
        "list",
        parents=[common],
        help="what the profile trusts: each document or registry, its kind, bundle and date",
        epilog=_examples("portfolio trust list", "portfolio trust list --json"),
    )
    p.set_defaults(handler=_cmd_trust_list)
    p = trust_actions.add_parser(
        "remove",
        parents=[common],
        help="remove a document (by URL), a registry (by name) or everything a bundle brought",
        epilog=_examples(
            "portfolio trust remove https://college.example/issuer.json",
            "portfolio trust remove career-centre-bundle",
        ),
    )
    p.add_argument("target", metavar="URL|BUNDLE", help="a URL, registry name or bundle name")
    p.set_defaults(handler=_cmd_trust_remove)

    p = sub.add_parser(
        "skills",
        parents=[common],
        help="skills and competencies across the wallet",
        epilog=_examples("portfolio skills --verified-only"),
    )
    p.add_argument(
        "--verified-only", action="store_true", help="leave out credentials not verified"
    )
    p.set_defaults(handler=_cmd_skills, quick="skills")

    p = sub.add_parser(
        "emails",
        parents=[common],
        help="your email addresses, to recognise badges issued to a hashed email",
        epilog=_examples("portfolio emails --add me@example.org", "portfolio emails"),
    )
    p.add_argument(
        "--add", action="append", default=[], metavar="EMAIL", help="add an address (repeatable)"
    )
    p.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="EMAIL",
        help="remove an address (repeatable)",
    )
    p.set_defaults(handler=_cmd_emails)

    p = sub.add_parser(
        "network",
        parents=[common],
        help="whether verify/reverify may use the network by default (off unless you allow it)",
        epilog=_examples("portfolio network --allow", "portfolio network"),
    )
    choice = p.add_mutually_exclusive_group()
    choice.add_argument(
        "--allow",
        dest="allow",
        action="store_const",
        const=True,
        help="let verify/reverify fetch what they need",
    )
    choice.add_argument(
        "--deny",
        dest="allow",
        action="store_const",
        const=False,
        help="never use the network unless --online is given",
    )
    p.set_defaults(handler=_cmd_network, allow=None)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="write a signed PDF portfolio (originals inside) for job applications",
        description="Write a signed PDF portfolio: a cover, a summary, one section per "
        "credential with its verification at export, the original files attached and your "
        "signed statement listing them. Only verified credentials unless you ask.",
        epilog=_examples(
            "portfolio export --out ~/applications/acme/",
            "portfolio export --out cv-portfolio.pdf --ids 3 5 8 --name 'Ada Lovelace' "
            "--email ada@example.org --linkedin",
            extra="Your keys are unlocked as `portfolio keys` does: the OS keychain, "
            "--passphrase-file FILE, or a prompt on a terminal. Check a portfolio with "
            "`portfolio verify-pdf FILE`.",
        ),
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR_OR_PDF",
                   help="a folder (portfolio.pdf is written there) or a file name ending .pdf")
    p.add_argument("--ids", type=int, nargs="+", default=[], metavar="ID",
                   help="these credentials, in this order (default: the whole wallet)")
    p.add_argument("--qualification", metavar="QID",
                   help="the credentials that count towards this qualification")
    p.add_argument("--include-unverified", action="store_true",
                   help="also include credentials that are not verified (marked NOT VERIFIED)")
    p.add_argument("--name", help="your name on the cover (default: the name of your keys)")
    p.add_argument("--email", action="append", default=[], metavar="EMAIL",
                   help="contact line on the cover (repeatable)")
    p.add_argument("--phone", action="append", default=[], metavar="PHONE",
                   help="contact line on the cover (repeatable)")
    p.add_argument("--presentation", action="store_true",
                   help="also write the signed statement (presentation JSON) beside the PDF")
    p.add_argument("--linkedin", action="store_true",
                   help="also write LinkedIn-ready fields and 'add to profile' links")
    p.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help="the passphrase that opens your keys (first line of FILE)")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser(
        "verify-pdf",
        parents=[common],
        help="check a portfolio PDF: its signature, the statement, every original inside",
        epilog=_examples(
            "portfolio verify-pdf portfolio.pdf && echo OK",
            "portfolio verify-pdf portfolio.pdf --json",
            extra="exit status: 0 when the PDF signature is intact and valid over the whole "
            "file, the learner's statement is signed and lists every original by its hash, "
            "and every original is verified; 1 otherwise; 2 usage error.",
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a PDF written by `portfolio export`")
    p.add_argument("--docs", type=Path, action="append", default=[], metavar="DIR",
                   help="a trust bundle (index.json + documents) to use for this run only")
    p.set_defaults(handler=_cmd_verify_pdf)

    cli_keys.register(sub, [common])
    cli_pathways.register(sub, [common])
    cli_doctor.register(sub, [common])
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command; every failure ends here as one line and an exit code, never a trace."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    out = out if out is not None else sys.stdout
    state = _State(arguments)
    try:
        code = _dispatch(arguments, out, state)
        out.flush()
        return code
    except BrokenPipeError:
        # `portfolio list | head -1`: the reader has gone; say nothing (as the Python docs
        # advise, point stdout at devnull so the interpreter's final flush is quiet too).
        _silence_stdout(out)
        return EXIT_INPUT_FAILED
    except UsageError as exc:
        exc.parser.print_usage(sys.stderr)
        _fail(state, out, Failure(str(exc), "UsageError"), prefix=f"{exc.parser.prog}: error")
        return EXIT_USAGE
    except SecretUsageError as exc:
        _fail(state, out, Failure(str(exc), "UsageError"))
        return EXIT_USAGE
    except (Exception, KeyboardInterrupt) as exc:  # the one top-level handler
        failure = describe(exc, profile=state.profile)
        if failure is None:
            failure = _unexpected(exc, state)
        _fail(state, out, failure)
        return EXIT_INPUT_FAILED


class _State:
    """What the handler needs to word a failure: which command, which profile, JSON or not."""

    def __init__(self, arguments: list[str]) -> None:
        options = arguments[: arguments.index("--")] if "--" in arguments else arguments
        self.json = "--json" in options
        self.command = "portfolio"
        self.profile: Path | None = None


def _dispatch(arguments: list[str], out: TextIO, state: _State) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help / --version printed and asked to stop
        return int(exc.code) if isinstance(exc.code, int) else EXIT_OK
    args.json = bool(getattr(args, "json", False))
    state.json = args.json
    data_dir: Path | None = getattr(args, "data_dir", None)
    if data_dir is None and getattr(args, "portable", False):
        from portfolio_app.paths import portable_data_dir  # noqa: PLC0415

        data_dir = portable_data_dir()
    if args.command is None:
        return _open_gui(data_dir)
    state.command = " ".join(
        ["portfolio", args.command]
        + [
            str(getattr(args, a))
            for a in ("trust_command", "keys_command", "qualifications_action")
            if getattr(args, a, None)
        ]
    )
    from portfolio_app.paths import default_data_dir  # noqa: PLC0415

    state.profile = data_dir or default_data_dir()
    from portfolio_app import logfile  # noqa: PLC0415 - logging loads once a command runs

    logfile.setup_logging(state.profile)
    if getattr(args, "without_profile", False):  # `doctor`: must work when the profile cannot
        return int(args.handler(state.profile, args, out))
    from portfolio_app.config import startup_notices  # noqa: PLC0415

    for notice in startup_notices(state.profile):
        _print_err(f"portfolio: {notice}")
    handler: Handler = args.handler
    if getattr(args, "quick", None) == "verify":
        # verify reads three settings and the document cache: sqlite3 alone reads them
        # (issue 12: SQLAlchemy was half of a one-file verify), unless the profile needs the
        # full path.
        from portfolio_app.services.quick_verify import QuickVerify  # noqa: PLC0415

        verifier = QuickVerify.open(state.profile)
        if verifier is not None:
            with verifier:
                return cast("Callable[[Any, argparse.Namespace, TextIO], int]", handler)(
                    verifier, args, out
                )
    elif getattr(args, "quick", None) is not None:
        # list / progress / skills only read: the sqlite3-only reader answers them without
        # loading SQLAlchemy (issues 9 and 12), unless the profile needs the full path.
        from portfolio_app.services.quick import QuickPortfolio  # noqa: PLC0415

        reader = QuickPortfolio.open(state.profile, reads=args.quick)
        if reader is not None:
            with reader:
                return cast("Callable[[Any, argparse.Namespace, TextIO], int]", handler)(
                    reader, args, out
                )
    from portfolio_app.services.portfolio import Portfolio  # noqa: PLC0415 - loads the services

    with Portfolio(state.profile) as portfolio:
        return handler(portfolio, args, out)


def _fail(state: _State, out: TextIO, failure: Failure, *, prefix: str | None = None) -> None:
    _print_err(f"{prefix or state.command}: {failure.message}")
    if state.json:
        try:
            _emit(out, failure.to_json())
            out.flush()
        except (OSError, ValueError):
            pass


def _unexpected(exc: BaseException, state: _State) -> Failure:
    """A bug: its traceback goes to the log file, the learner gets one line naming that file."""
    from portfolio_app import logfile  # noqa: PLC0415

    written = logfile.write_traceback(exc, state.command)
    where = (
        f"the details are in {written}; please report it with that file"
        if written is not None
        else "no log file could be written (the disk may be full or read-only)"
    )
    return Failure(
        f"unexpected error ({type(exc).__name__}); {where}",
        "Unexpected",
        str(written) if written is not None else None,
    )


def _print_err(line: str) -> None:
    try:
        print(printable(line), file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _silence_stdout(out: TextIO) -> None:
    if out is not sys.stdout:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _open_gui(data_dir: Path | None) -> int:
    if data_dir is not None:
        os.environ["PORTFOLIO_DATA_DIR"] = str(data_dir)
    from portfolio_app.ui.app import run  # noqa: PLC0415 - Qt loads only for the GUI

    return run()


def _emit(out: TextIO, data: Any) -> None:
    import json  # noqa: PLC0415 - not needed by --help / --version

    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _typed(raw: Sequence[str]) -> dict[Path, str]:
    """Each path as the learner typed it, so a mistyped one is shown as typed, not resolved."""
    return {Path(text): text for text in raw}


def _cmd_import(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.ingest.skip import skipped_summary  # noqa: PLC0415
    from portfolio_app.services.importing import ImportStatus  # noqa: PLC0415

    typed = _typed(args.paths)
    report = portfolio.import_paths(list(typed))
    if args.json:
        _emit(out, [o.to_json() for o in report.outcomes])
        return EXIT_INPUT_FAILED if report.any_rejected else EXIT_OK
    for outcome in report.outcomes:
        if outcome.status is ImportStatus.SKIPPED:
            continue
        stream = sys.stderr if outcome.status is ImportStatus.REJECTED else out
        name = typed.get(outcome.path, outcome.path.name)
        print(printable(f"{name}: {outcome.message}"), file=stream)
    if report.skipped_names:
        print(printable(skipped_summary(report.skipped_names)), file=out)
    print(
        f"{report.count(ImportStatus.IMPORTED)} imported, "
        f"{report.count(ImportStatus.DUPLICATE)} already held, "
        f"{report.count(ImportStatus.REJECTED)} refused"
        + (
            f", {report.count(ImportStatus.CACHED)} added to the document cache"
            if report.count(ImportStatus.CACHED)
            else ""
        ),
        file=out,
    )
    return EXIT_INPUT_FAILED if report.any_rejected else EXIT_OK


def _cmd_list(portfolio: Portfolio | QuickPortfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.services.quick import QuickPortfolio  # noqa: PLC0415
    from portfolio_app.services.serialize import json_text, summary_json  # noqa: PLC0415

    if isinstance(portfolio, QuickPortfolio):
        if args.json:  # the same text as below, written from the rows directly (10k: 4x faster)
            out.write(portfolio.summaries_json_text() + "\n")
            return EXIT_OK
        rows = portfolio.summaries()
    else:
        rows = [summary_json(s) for s in portfolio.credentials()]
    if args.json:
        out.write(json_text(rows) + "\n")  # the same text as _emit, written faster
        return EXIT_OK
    if not rows:
        print("The wallet is empty. Try: portfolio import FILE_OR_FOLDER", file=out)
    for row in rows:
        date = printable((row["issued"] or "")[:10]) or "—"
        status = row["status_label"] or "not checked"
        standing = f" ({row['issuer_standing']} issuer)" if row["issuer_standing"] else ""
        learner = _learner_text(row["learner"])
        print(
            f"#{row['id']:<4} {date:<10}  {printable(row['format']):<15} {status:<13} "
            f"{printable(row['shown_title'])} — {printable(row['issuer'])}{standing}{learner}",
            file=out,
        )
    return EXIT_OK


def _learner_text(learner: dict[str, object] | None) -> str:
    """The list line's learner-entered part, marked as such (never mixed with the original's)."""
    if not learner:
        return ""
    parts = [f"{k.replace('_', ' ')}: {v}" for k, v in learner.items() if k != "learner_entered"]
    return printable(f"  [learner-entered: {'; '.join(parts)}]")


def _cmd_show(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.services.serialize import (  # noqa: PLC0415
        detail_json,
        rendition_json,
        shown_record_json,
    )

    stored = portfolio.get(args.id)
    history = portfolio.verdict_history(args.id)
    data = detail_json(stored)
    data["verdicts"] = [h.to_verdict().to_json() for h in history]
    renditions = portfolio.renditions(args.id)
    data["originals"] = [rendition_json(r) for r in renditions]
    data["shown_history"] = [shown_record_json(r) for r in portfolio.shown_history(args.id)]
    if args.json:
        _emit(out, data)
        return EXIT_OK
    for key in (
        "title",
        "issuer",
        "issuer_id",
        "format",
        "issued",
        "valid_until",
        "recipient",
        "credential_id",
        "verification_url",
        "original_name",
        "sha256",
    ):
        value = data.get("shown_title") if key == "title" else data.get(key)
        if value:
            print(f"{key.replace('_', ' ').capitalize():<17} {printable(value)}", file=out)
    if data["status_label"]:
        print(f"{'Status':<17} {printable(data['status_label'])}", file=out)
    if data["description"]:
        print(f"\n{printable(data['description'])}", file=out)
    if data["learner"]:
        print("\nLearner-entered (what you said, not what the original says):", file=out)
        for key, value in data["learner"].items():
            if key != "learner_entered":
                print(f"  {key.replace('_', ' ').capitalize():<17} {printable(value)}", file=out)
    if len(renditions) > 1:
        print(f"\nOriginals ({len(renditions)} copies of this credential):", file=out)
        for r in renditions:
            mark = " (shown)" if r.shown else ""
            status = r.status.value if r.status is not None else "not checked"
            print(f"  {printable(r.original_name)}: {r.format}, {status}{mark}", file=out)
    if history:
        latest = history[0]
        print(f"\nLast check ({latest.checked_at:%Y-%m-%d %H:%M}): {latest.status}", file=out)
        print(f"  {printable(latest.summary)}", file=out)
        for check in latest.checks:
            detail = printable(check.detail)
            print(f"  [{check.outcome.value:<11}] {check.name}: {detail}", file=out)
    return EXIT_OK


def _cmd_remove(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    stored = portfolio.get(args.id)
    title = printable(stored.credential.title or "untitled")
    confirm(f"Remove #{args.id} ({title}) from the wallet?", assume_yes=args.yes)
    portfolio.remove(args.id)
    if args.json:
        _emit(out, {"removed": args.id})
    else:
        print(f"Removed #{args.id} ({title}).", file=out)
    return EXIT_OK


def _cmd_save(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    written = portfolio.save_originals(args.id, args.dest, every=args.every, force=args.force)
    if args.json:
        _emit(out, {"saved": [str(p) for p in written]})
    else:
        for path in written:
            print(printable(f"Saved {path}"), file=out)
    return EXIT_OK


def _cmd_edit(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.model import CreditValue  # noqa: PLC0415
    from portfolio_app.services.originals import LearnerEdit  # noqa: PLC0415
    from portfolio_app.services.serialize import learner_json  # noqa: PLC0415

    if (args.credits is None) != (args.credit_unit is None):
        raise CommandFailed(
            "--credits and --credit-unit go together (for example --credits 3 --credit-unit ECTS)",
            kind="Usage",
        )
    credits = None
    if args.credits is not None:
        if args.credits < 0:
            raise CommandFailed("--credits cannot be negative", kind="Usage")
        unit = args.credit_unit.strip()
        credits = () if args.credits == 0 or not unit else (CreditValue(args.credits, unit),)
    change = LearnerEdit(
        add_tags=tuple(args.tag),
        remove_tags=tuple(args.untag),
        issuer_name=args.issuer_name,
        achievement_name=args.achievement_name,
        achievement_id=args.achievement_id,
        credits=credits,
        note=args.note,
    )
    stored = portfolio.edit(args.id, change)
    learner = learner_json(stored)
    if args.json:
        _emit(out, {"id": stored.id, "learner": learner})
    else:
        said = _learner_text(learner).strip() or "[learner-entered: nothing]"
        print(f"#{stored.id}: {said}", file=out)
    return EXIT_OK


def _cmd_backup(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.identity.errors import WrongPassphrase  # noqa: PLC0415

    target: Path = args.file
    if not target.parent.is_dir():
        raise CommandFailed(
            f"the folder {target.parent} does not exist; create it first or choose another "
            "place for the backup",
            kind="NotFound",
            file=str(target.parent),
        )
    passphrase = secret_from(
        args.passphrase_file, "Backup passphrase", confirm=True, flag="--passphrase-file"
    )
    keys_passphrase = (
        read_secret_file(args.keys_passphrase_file) if args.keys_passphrase_file else None
    )

    def write(keys: str | None) -> Any:
        with working("Writing the encrypted backup"):
            return portfolio.backup(target, passphrase, keys_passphrase=keys)

    try:
        result = write(keys_passphrase)
    except WrongPassphrase:
        # The keys are sealed under another passphrase than the one chosen for the backup.
        if keys_passphrase is not None:
            raise
        if not is_terminal(sys.stdin):
            raise SecretUsageError(
                "the backup passphrase does not open your keys: give --keys-passphrase-file "
                "FILE with the passphrase that does"
            ) from None
        result = write(prompt_secret("Passphrase that opens your keys"))
    if args.json:
        _emit(out, result.to_json())
    else:
        carried = f", identity {result.did}" if result.did else ""
        print(
            f"Wrote {result.credentials} credentials, {result.qualifications} qualifications"
            f"{carried} to {target} (encrypted).",
            file=out,
        )
    return EXIT_OK


def _cmd_restore(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    passphrase = secret_from(args.passphrase_file, "Backup passphrase", flag="--passphrase-file")
    with working("Restoring the backup"):
        result = portfolio.restore(args.file, passphrase)
    if args.json:
        _emit(out, result.to_json())
    else:
        print(
            f"Restored {result.added} credentials ({result.skipped} already held), "
            f"{result.qualifications} qualifications"
            + (f", identity {result.did}" if result.did else "")
            + ".",
            file=out,
        )
    return EXIT_OK


def _cmd_verify(
    portfolio: Portfolio | QuickVerify, args: argparse.Namespace, out: TextIO
) -> int:
    from portfolio_app.ingest.skip import expand, skipped_summary  # noqa: PLC0415

    typed = _typed(args.paths)
    entries, skipped = expand(list(typed))
    files = [entry for entry in entries if isinstance(entry, Path)]
    online = portfolio.network_allowed if args.online is None else args.online
    with working("Verifying"):
        results = _per_file(portfolio.verify_files(files, bundles=args.docs, online=online))
    verified = True
    rows: list[dict[str, Any]] = []
    for entry in entries:
        if isinstance(entry, tuple):
            path, refusal = entry
            verified = False
            shown = typed.get(path, str(path))
            rows.append({"file": str(path), "status": "refused", "reason": refusal.reason})
            if not args.json:
                _print_err(f"{shown}: {refusal.reason}")
            continue
        for result in next(results):
            verdict = result.verdict
            verified = verified and verdict.status.value == "verified"
            if args.json:
                rows.append(result.to_json())
                continue
            shown = typed.get(result.file, str(result.file))
            if result.entry is not None:
                if result.entry == 1:
                    print(printable(f"{shown}: a presentation; {result.note}"), file=out)
                shown = f"{shown} (credential {result.entry})"
            print(printable(f"{shown}: {verdict.status.value} — {verdict.summary}"), file=out)
            if verdict.issuer_standing:
                print(printable(f"  {verdict.issuer_standing}"), file=out)
            for check in verdict.checks:
                detail = printable(check.detail)
                print(f"  [{check.outcome.value:<11}] {check.name}: {detail}", file=out)
    if args.json:
        from portfolio_app.services.serialize import json_text  # noqa: PLC0415

        out.write(json_text(rows) + "\n")  # _emit's text, written faster (1000 files: ~70 ms)
    elif skipped:
        print(printable(skipped_summary([p.name for p in skipped])), file=out)
    return EXIT_OK if verified else EXIT_INPUT_FAILED


def _per_file(results: Sequence[FileVerdict]) -> Iterator[list[FileVerdict]]:
    """The results file by file: a presentation gives one per credential (entry 1, 2, ...)."""
    group: list[FileVerdict] = []
    for result in results:
        if group and result.entry in (None, 1):
            yield group
            group = []
        group.append(result)
    if group:
        yield group


def _cmd_reverify(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    online = portfolio.network_allowed if args.online is None else args.online
    with working("Re-checking every credential"):
        results = portfolio.reverify(bundles=args.docs, online=online)
    every = all(verdict.status.value == "verified" for _cid, verdict in results)
    code = EXIT_OK if every else EXIT_INPUT_FAILED
    if args.json:
        _emit(out, [{"id": cid, **verdict.to_json()} for cid, verdict in results])
        return code
    for cid, verdict in results:
        standing = f" ({verdict.issuer_standing})" if verdict.issuer_standing else ""
        print(
            f"#{cid:<4} {verdict.status.value:<13} {printable(verdict.summary + standing)}",
            file=out,
        )
    print(f"Re-checked {len(results)} credentials.", file=out)
    return code


def _cmd_trust_import(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    summary = portfolio.import_trust_bundle(args.bundle)
    if args.json:
        _emit(out, summary.to_json())
    else:
        print(f"Trusted documents: {summary.added} added, {summary.replaced} updated.", file=out)
    return EXIT_OK


def _cmd_trust_list(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    items = portfolio.trust_items()
    if args.json:
        _emit(out, [item.to_json() for item in items])
        return EXIT_OK
    if not items:
        print("The trust store is empty (add one: 'portfolio trust import DIR').", file=out)
    for item in items:
        when = item.as_of.date().isoformat() if item.as_of else "date unknown"
        print(f"{item.kind}: {item.ref}  (from {item.bundle}, as of {when})", file=out)
    return EXIT_OK


def _cmd_trust_remove(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    removed = portfolio.remove_trust(args.target)
    if args.json:
        _emit(out, {"removed": removed})
    else:
        print(f"Removed {len(removed)} trusted item(s):", file=out)
        for ref in removed:
            print(f"  {ref}", file=out)
    return EXIT_OK


def _cmd_skills(
    portfolio: Portfolio | QuickPortfolio, args: argparse.Namespace, out: TextIO
) -> int:
    from portfolio_app.services.serialize import json_text  # noqa: PLC0415

    skills = portfolio.skills(include_unverified=not args.verified_only)
    if args.json:
        out.write(json_text([skill.to_json() for skill in skills]) + "\n")
        return EXIT_OK
    if not skills:
        print("No skills or alignments in your credentials yet.", file=out)
    for skill in skills:
        where = skill.framework or skill.url or ""
        ids = ", ".join(f"#{i}" for i in skill.holding_ids)
        flag = " (some not verified)" if skill.unverified_ids else ""
        print(printable(f"{skill.name}  [{where}]  from {ids}{flag}"), file=out)
    return EXIT_OK


def _cmd_emails(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    emails = portfolio.set_learner_emails(add=args.add, remove=args.remove)
    if args.json:
        _emit(out, list(emails))
    else:
        lines = [printable(e) for e in emails]
        print("\n".join(lines) if lines else "No email addresses set.", file=out)
    return EXIT_OK


def _cmd_network(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    if args.allow is not None:
        portfolio.network_allowed = args.allow
    allowed = portfolio.network_allowed
    if args.json:
        _emit(out, {"network_allowed": allowed})
    elif allowed:
        print("verify and reverify fetch what they need (use --offline to skip).", file=out)
    else:
        print("Offline: nothing uses the network unless you pass --online.", file=out)
    return EXIT_OK


def _cmd_export(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.identity.errors import PassphraseRequired  # noqa: PLC0415
    from portfolio_app.services.export import ExportRequest  # noqa: PLC0415

    request = ExportRequest(
        out=args.out,
        ids=tuple(args.ids),
        qualification=args.qualification,
        include_unverified=args.include_unverified,
        name=args.name,
        contact=tuple([*args.email, *args.phone]),
        presentation=args.presentation,
        linkedin=args.linkedin,
    )

    def run(passphrase: str | None) -> Any:
        with working("Writing the signed portfolio"):
            return portfolio.export(request, passphrase=passphrase)

    if args.passphrase_file is not None:
        result = run(read_secret_file(args.passphrase_file))
    else:
        try:
            result = run(None)
        except PassphraseRequired as exc:
            if not is_terminal(sys.stdin):
                raise SecretUsageError(f"{exc}: give --passphrase-file FILE") from None
            result = run(prompt_secret("Passphrase that opens your keys"))
    if args.json:
        _emit(out, result.to_json())
        return EXIT_OK
    print(printable(f"Wrote {result.pdf} ({len(result.included)} credentials, "
                    f"{result.size // 1024} KiB, signed)."), file=out)
    for extra in result.files[1:]:
        print(printable(f"Wrote {extra}."), file=out)
    if result.left_out:
        listed = ", ".join(f"#{i} ({s})" for i, s in result.left_out)
        print(printable(f"Left out as not verified: {listed}; add --include-unverified to "
                        "include them, marked as such."), file=out)
    return EXIT_OK


def _cmd_verify_pdf(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    from portfolio_app.services.export import NotAPortfolio  # noqa: PLC0415

    shown = str(args.file)
    try:
        with working("Checking the portfolio"):
            report = portfolio.check_portfolio_pdf(args.file, args.docs)
    except NotAPortfolio as exc:
        raise CommandFailed(f"{shown}: {exc}", kind="NotAPortfolio", file=shown) from None
    if args.json:
        _emit(out, report.to_json())
    else:
        for line in report.lines(shown):
            print(printable(line), file=out)
    return EXIT_OK if report.ok else EXIT_INPUT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
