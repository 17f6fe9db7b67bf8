"""``portfolio keys status|create|rotate|export-public|change-passphrase|import-certificate``.

A thin shell over the ``Portfolio`` facade's identity use cases.  Passphrases come from
``--passphrase-file`` (scripts, lab automation) or, only when stdin is a terminal, from a
hidden prompt; never from the command line or an environment variable, where other users
and shell history could see them.  Exit codes: 0 done, 1 failed (wrong passphrase, locked
keychain, …), 2 usage (including "a passphrase is needed and there is no way to ask").
Failures are not printed here: they reach the one top-level handler in :mod:`portfolio_app.cli`
(one line, and a JSON error object with ``--json``).  The identity service (cryptography,
keyring) is imported only when a ``keys`` action runs, so ``portfolio --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from portfolio_app.cli_secrets import SecretUsageError, prompt_secret, read_secret_file
from portfolio_app.cli_term import working

if TYPE_CHECKING:
    from portfolio_app.identity import results
    from portfolio_app.services.portfolio import Portfolio

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")


_UsageError = SecretUsageError  # a problem with how the command was called (exit 2)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    """Add ``keys`` and its actions; each action sets ``handler(portfolio, args, out)``."""
    keys = subparsers.add_parser(
        "keys",
        parents=parents,
        help="your identity (did:key) and signing keys",
        description="Your identity (did:key), PDF-signing certificate and how they are kept.",
        epilog=_example("portfolio keys create --name 'Ada Lovelace'", "portfolio keys status"),
    )
    actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", help="what to do")
    keys.set_defaults(handler=_usage_handler(keys))

    shared = argparse.ArgumentParser(add_help=False)
    if not any("--json" in a.option_strings for p in parents for a in p._actions):
        shared.add_argument("--json", action="store_true", help="print machine-readable JSON")
    shared.add_argument(
        "--keychain-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="give up on a keychain that does not answer (default: 10)",
    )
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the passphrase from FILE (first line); used only when the keys "
        "are, or are to be, sealed under a passphrase",
    )
    common = [*parents, shared]

    p = actions.add_parser(
        "status",
        parents=common,
        help="which protection is in use, and why",
        epilog=_example("portfolio keys status --json"),
    )
    p.set_defaults(handler=_cmd_status)

    p = actions.add_parser(
        "create",
        parents=[*common, secret],
        help="make your identity",
        epilog=_example(
            "portfolio keys create --name 'Ada Lovelace'",
            "portfolio keys create --name 'Ada Lovelace' --protection passphrase "
            "--passphrase-file pass.txt",
        ),
    )
    p.add_argument("--name", required=True, help="your name, for the PDF-signing certificate")
    p.add_argument(
        "--protection",
        choices=["auto", "keychain", "passphrase"],
        default="auto",
        help="auto: the OS keychain if a real one answers, else a passphrase",
    )
    p.set_defaults(handler=_cmd_create)

    p = actions.add_parser(
        "rotate",
        parents=[*common, secret],
        help="new keys; old public keys stay so earlier exports verify",
        epilog=_example("portfolio keys rotate"),
    )
    p.set_defaults(handler=_cmd_rotate)

    p = actions.add_parser(
        "export-public",
        parents=common,
        help="print (or write) your public keys and certificate",
        epilog=_example("portfolio keys export-public --out public-keys/"),
    )
    p.add_argument("--out", type=Path, metavar="DIR", help="write the files into DIR")
    p.set_defaults(handler=_cmd_export_public)

    p = actions.add_parser(
        "change-passphrase",
        parents=[*common, secret],
        help="re-seal the keys under a new passphrase",
        epilog=_example("portfolio keys change-passphrase"),
    )
    p.add_argument(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the new passphrase from FILE (first line)",
    )
    p.set_defaults(handler=_cmd_change_passphrase)

    p = actions.add_parser(
        "import-certificate",
        parents=[*common, secret],
        help="sign PDFs with an institution certificate (PKCS#12)",
        epilog=_example("portfolio keys import-certificate college.p12 --p12-password-file pw.txt"),
    )
    p.add_argument("file", type=Path, help="the .p12 / .pfx file")
    p.add_argument(
        "--p12-password-file", type=Path, metavar="FILE", help="read the PKCS#12 password from FILE"
    )
    p.set_defaults(handler=_cmd_import_certificate)


# ----------------------------------------------------------------------------- plumbing


def _example(*lines: str) -> str:
    return "example" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {x}" for x in lines)


def _timeout(args: argparse.Namespace) -> float | None:
    """``--keychain-timeout``, or ``None`` for the identity service's default."""
    return None if args.keychain_timeout is None else float(args.keychain_timeout)


def _usage_handler(parser: argparse.ArgumentParser) -> Callable[..., int]:
    def handler(_portfolio: object, _args: argparse.Namespace, out: TextIO) -> int:
        parser.print_help(out)
        return EXIT_USAGE

    return handler


def _with_passphrase(
    args: argparse.Namespace, action: Callable[[str | None], T], *, confirm: bool = False
) -> T:
    """Run ``action`` with the file's passphrase, or none; prompt once if one is needed."""
    from portfolio_app.identity.errors import PassphraseRequired  # noqa: PLC0415

    file: Path | None = getattr(args, "passphrase_file", None)
    if file is not None:
        return action(read_secret_file(file))
    try:
        return action(None)
    except PassphraseRequired as exc:
        if not sys.stdin.isatty():
            raise _UsageError(f"{exc}: give --passphrase-file FILE") from None
        return action(prompt_secret("Passphrase", confirm=confirm))


def _run(
    args: argparse.Namespace, out: TextIO, body: Callable[[], Any], text: Callable[[Any], str]
) -> int:
    """Run a use case and print its result (JSON or text).

    Errors propagate: the top-level handler words them (one line; a JSON error object with
    ``--json``) and picks the exit code (2 for :class:`SecretUsageError`, else 1).
    """
    as_json = bool(getattr(args, "json", False))
    result = body()
    if as_json:
        _emit(out, result.to_json())
    else:
        print(text(result), file=out)
    return EXIT_OK


def _emit(out: TextIO, data: Any) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


# ----------------------------------------------------------------------------- commands


def _cmd_status(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    def body() -> results.KeysStatus:
        return portfolio.keys_status(keychain_timeout=_timeout(args))

    return _run(args, out, body, _status_text)


def _status_text(status: results.KeysStatus) -> str:
    lines = []
    if status.exists:
        lines.append(f"Identity:    {status.did}" + (f"  ({status.name})" if status.name else ""))
    else:
        lines.append("Identity:    none yet (portfolio keys create --name 'Your Name')")
    verdict = "secure" if status.secure else "NOT secure"
    if not status.usable:
        verdict += ", cannot be opened now"
    lines.append(f"Protection:  {status.protection} — {verdict}")
    lines.append(f"Why:         {status.reason}")
    lines.extend(f"Problem:     {p}" for p in status.problems)
    lines.extend(f"Refused:     {r}" for r in status.keychain.get("refused", []))
    if status.pdf_certificate:
        cert = status.pdf_certificate
        lines.append(
            f"PDF signing: {cert['subject']} ({status.pdf_source}), "
            f"valid until {cert['not_after'][:10]}"
        )
    if status.exists:
        lines.append(f"Key history: {status.key_count} key(s)")
    return "\n".join(lines)


def _cmd_create(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    def create(pw: str | None) -> results.IdentityCreated:
        with working("Making your keys"):
            return portfolio.create_identity(
                name=args.name,
                passphrase=pw,
                protection=args.protection,
                keychain_timeout=_timeout(args),
            )

    def body() -> results.IdentityCreated:
        return _with_passphrase(args, create, confirm=True)

    return _run(
        args,
        out,
        body,
        lambda r: (
            f"Created {r.did}\nProtection: {r.protection} — {r.reason}\n"
            f"PDF certificate: {r.pdf_certificate['subject']}, "
            f"valid until {r.pdf_certificate['not_after'][:10]}"
        ),
    )


def _cmd_rotate(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    def rotate(pw: str | None) -> results.KeysRotated:
        with working("Making new keys"):
            return portfolio.rotate_keys(passphrase=pw, keychain_timeout=_timeout(args))

    def body() -> results.KeysRotated:
        return _with_passphrase(args, rotate)

    return _run(
        args,
        out,
        body,
        lambda r: (
            f"New identity {r.did}\nPrevious {r.previous_did} is kept in the key history "
            f"({r.key_count} keys), so earlier exports still verify."
        ),
    )


def _cmd_export_public(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    def body() -> results.PublicKeys:
        return portfolio.export_public_keys(out_dir=args.out)

    def text(r: results.PublicKeys) -> str:
        if r.files:
            return "Wrote " + ", ".join(r.files)
        return f"{r.did}\n\n{r.document['pdfCertificatePem']}".rstrip()

    return _run(args, out, body, text)


def _cmd_change_passphrase(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    def body() -> results.PassphraseChanged:
        if args.new_passphrase_file is not None:
            new = read_secret_file(args.new_passphrase_file)
        else:
            new = prompt_secret("New passphrase", confirm=True)
        return _with_passphrase(
            args,
            lambda pw: portfolio.change_passphrase(
                new_passphrase=new,
                old_passphrase=pw,
                keychain_timeout=_timeout(args),
            ),
        )

    return _run(args, out, body, lambda r: f"Keys re-sealed under the new passphrase ({r.kdf}).")


def _cmd_import_certificate(portfolio: Portfolio, args: argparse.Namespace, out: TextIO) -> int:
    def body() -> results.CertificateImported:
        p12 = args.file.read_bytes()  # a missing file: one line from the top-level handler
        password = (
            read_secret_file(args.p12_password_file) if args.p12_password_file is not None else None
        )
        return _with_passphrase(
            args,
            lambda pw: portfolio.import_certificate(
                p12,
                password,
                passphrase=pw,
                keychain_timeout=_timeout(args),
            ),
        )

    return _run(
        args,
        out,
        body,
        lambda r: (
            f"PDFs will be signed with {r.pdf_certificate['subject']} "
            f"(issued by {r.pdf_certificate['issuer']})."
        ),
    )
