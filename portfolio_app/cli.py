"""The ``portfolio`` command line: a thin shell over :mod:`portfolio_app.services`.

Exit codes: 0 everything went well, 1 some input failed (a file refused, a credential not
found), 2 usage error.  ``--json`` prints data for scripts; text output is for people.
With no subcommand the GUI opens.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from portfolio_app import __version__, cli_keys, cli_pathways
from portfolio_app.cli_secrets import SecretUsageError, read_secret_file, secret_from
from portfolio_app.errors import PortfolioError
from portfolio_app.paths import DATA_DIR_ENV
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.services.serialize import detail_json, summary_json

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[Portfolio, argparse.Namespace, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"profile folder (default: ${DATA_DIR_ENV} or the per-user data folder)",
    )
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print machine-readable JSON")

    parser = argparse.ArgumentParser(
        prog="portfolio",
        description="Learner Portfolio: store, verify and present your credentials, offline.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common, as_json], help="import files or folders")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser("list", parents=[common, as_json], help="list the wallet")
    p.set_defaults(handler=_cmd_list)

    p = sub.add_parser("show", parents=[common, as_json], help="show one credential")
    p.add_argument("id", type=int)
    p.set_defaults(handler=_cmd_show)

    p = sub.add_parser("remove", parents=[common, as_json], help="remove a credential")
    p.add_argument("id", type=int)
    p.set_defaults(handler=_cmd_remove)

    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="the backup passphrase, first line of FILE (default: ask on the terminal)",
    )
    p = sub.add_parser(
        "backup",
        parents=[common, as_json, secret],
        help="write the whole profile to one encrypted file",
    )
    p.add_argument("file", type=Path)
    p.add_argument(
        "--keys-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the passphrase that opens your keys, if it differs from the backup passphrase",
    )
    p.set_defaults(handler=_cmd_backup)

    p = sub.add_parser(
        "restore", parents=[common, as_json, secret], help="bring a backup file back"
    )
    p.add_argument("file", type=Path)
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
        parents=[common, as_json, checking],
        help="verify files without importing them",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_verify)

    p = sub.add_parser(
        "reverify", parents=[common, as_json, checking], help="re-check every credential"
    )
    p.set_defaults(handler=_cmd_reverify)

    trust = sub.add_parser("trust", parents=[common], help="trusted documents (trust bundles)")
    trust_actions = trust.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    p = trust_actions.add_parser(
        "import", parents=[common, as_json], help="add a trust bundle folder to this profile"
    )
    p.add_argument("bundle", type=Path, metavar="DIR")
    p.set_defaults(handler=_cmd_trust_import)

    p = sub.add_parser(
        "skills", parents=[common, as_json], help="skills and competencies across the wallet"
    )
    p.add_argument(
        "--verified-only", action="store_true", help="leave out credentials not verified"
    )
    p.set_defaults(handler=_cmd_skills)

    p = sub.add_parser(
        "emails",
        parents=[common, as_json],
        help="your email addresses, to recognise badges issued to a hashed email",
    )
    p.add_argument("--add", action="append", default=[], metavar="EMAIL")
    p.add_argument("--remove", action="append", default=[], metavar="EMAIL")
    p.set_defaults(handler=_cmd_emails)

    p = sub.add_parser(
        "network",
        parents=[common, as_json],
        help="whether verify/reverify may use the network by default (off unless you allow it)",
    )
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("--allow", dest="allow", action="store_const", const=True)
    choice.add_argument("--deny", dest="allow", action="store_const", const=False)
    p.set_defaults(handler=_cmd_network, allow=None)

    cli_keys.register(sub, [common])
    cli_pathways.register(sub, [common])
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    data_dir: Path | None = getattr(args, "data_dir", None)
    if args.command is None:
        return _open_gui(data_dir)
    handler: Handler = args.handler
    try:
        with Portfolio(data_dir) as portfolio:
            return handler(portfolio, args, out)
    except SecretUsageError as exc:
        print(f"portfolio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PortfolioError as exc:
        print(f"portfolio: {exc}", file=sys.stderr)
        return EXIT_INPUT_FAILED


def _open_gui(data_dir: Path | None) -> int:
    if data_dir is not None:
        os.environ["PORTFOLIO_DATA_DIR"] = str(data_dir)
    from portfolio_app.ui.app import run  # noqa: PLC0415 - Qt loads only for the GUI

    return run()


def _emit(out: TextIO, data: Any) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _cmd_import(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    report = portfolio.import_paths(args.paths)
    if args.json:
        _emit(out, [o.to_json() for o in report.outcomes])
    else:
        for outcome in report.outcomes:
            stream = sys.stderr if outcome.status is ImportStatus.REJECTED else out
            print(outcome.line, file=stream)
        print(
            f"{report.count(ImportStatus.IMPORTED)} imported, "
            f"{report.count(ImportStatus.DUPLICATE)} already held, "
            f"{report.count(ImportStatus.REJECTED)} refused",
            file=out,
        )
    return EXIT_INPUT_FAILED if report.any_rejected else EXIT_OK


def _cmd_list(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    items = portfolio.credentials()
    if args.json:
        _emit(out, [summary_json(s) for s in items])
        return EXIT_OK
    if not items:
        print("The wallet is empty. Try: portfolio import FILE_OR_FOLDER", file=out)
    for stored in items:
        row = summary_json(stored)
        date = (row["issued"] or "")[:10] or "—"
        status = row["status"] or "not checked"
        standing = f" ({row['issuer_standing']} issuer)" if row["issuer_standing"] else ""
        print(
            f"#{row['id']:<4} {date:<10}  {row['format']:<15} {status:<13} "
            f"{row['title']} — {row['issuer']}{standing}",
            file=out,
        )
    return EXIT_OK


def _cmd_show(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    stored = portfolio.get(args.id)
    history = portfolio.repo.verdict_history(args.id)
    data = detail_json(stored)
    data["verdicts"] = [h.to_verdict().to_json() for h in history]
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
        if data.get(key):
            print(f"{key.replace('_', ' ').capitalize():<17} {data[key]}", file=out)
    if data["description"]:
        print(f"\n{data['description']}", file=out)
    if history:
        latest = history[0]
        print(f"\nLast check ({latest.checked_at:%Y-%m-%d %H:%M}): {latest.status}", file=out)
        print(f"  {latest.summary}", file=out)
        for check in latest.checks:
            print(f"  [{check.outcome.value:<11}] {check.name}: {check.detail}", file=out)
    return EXIT_OK


def _cmd_remove(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    stored = portfolio.get(args.id)
    portfolio.remove(args.id)
    if args.json:
        _emit(out, {"removed": args.id})
    else:
        print(f"Removed #{args.id} ({stored.credential.title}).", file=out)
    return EXIT_OK


def _cmd_backup(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    passphrase = secret_from(
        args.passphrase_file, "Backup passphrase", confirm=True, flag="--passphrase-file"
    )
    keys_passphrase = (
        read_secret_file(args.keys_passphrase_file) if args.keys_passphrase_file else None
    )
    result = portfolio.backup(args.file, passphrase, keys_passphrase=keys_passphrase)
    if args.json:
        _emit(out, result.to_json())
    else:
        carried = f", identity {result.did}" if result.did else ""
        print(
            f"Wrote {result.credentials} credentials, {result.qualifications} qualifications"
            f"{carried} to {args.file} (encrypted).",
            file=out,
        )
    return EXIT_OK


def _cmd_restore(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    passphrase = secret_from(args.passphrase_file, "Backup passphrase", flag="--passphrase-file")
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


def _cmd_verify(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    missing = [p for p in args.paths if not p.is_file()]
    if missing:
        for path in missing:
            print(f"{path.name}: no such file", file=sys.stderr)
        return EXIT_INPUT_FAILED
    online = portfolio.network_allowed if args.online is None else args.online
    results = portfolio.verify_files(args.paths, bundles=args.docs, online=online)
    if args.json:
        _emit(out, [r.to_json() for r in results])
        return EXIT_OK
    for result in results:
        verdict = result.verdict
        print(f"{result.file.name}: {verdict.status.value} — {verdict.summary}", file=out)
        if verdict.issuer_standing:
            print(f"  {verdict.issuer_standing}", file=out)
        for check in verdict.checks:
            print(f"  [{check.outcome.value:<11}] {check.name}: {check.detail}", file=out)
    return EXIT_OK


def _cmd_reverify(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    online = portfolio.network_allowed if args.online is None else args.online
    results = portfolio.reverify(bundles=args.docs, online=online)
    if args.json:
        _emit(out, [{"id": cid, **verdict.to_json()} for cid, verdict in results])
        return EXIT_OK
    for cid, verdict in results:
        standing = f" ({verdict.issuer_standing})" if verdict.issuer_standing else ""
        print(f"#{cid:<4} {verdict.status.value:<13} {verdict.summary}{standing}", file=out)
    print(f"Re-checked {len(results)} credentials.", file=out)
    return EXIT_OK


def _cmd_trust_import(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    summary = portfolio.import_trust_bundle(args.bundle)
    if args.json:
        _emit(out, summary.to_json())
    else:
        print(f"Trusted documents: {summary.added} added, {summary.replaced} updated.", file=out)
    return EXIT_OK


def _cmd_skills(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    skills = portfolio.skills(include_unverified=not args.verified_only)
    if args.json:
        _emit(out, [skill.to_json() for skill in skills])
        return EXIT_OK
    if not skills:
        print("No skills or alignments in your credentials yet.", file=out)
    for skill in skills:
        where = skill.framework or skill.url or ""
        ids = ", ".join(f"#{i}" for i in skill.holding_ids)
        flag = " (some not verified)" if skill.unverified_ids else ""
        print(f"{skill.name}  [{where}]  from {ids}{flag}", file=out)
    return EXIT_OK


def _cmd_emails(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    emails = portfolio.set_learner_emails(add=args.add, remove=args.remove)
    if args.json:
        _emit(out, list(emails))
    else:
        print("\n".join(emails) if emails else "No email addresses set.", file=out)
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


if __name__ == "__main__":
    raise SystemExit(main())
