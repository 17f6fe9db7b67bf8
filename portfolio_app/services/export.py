"""Export use cases: the signed PDF portfolio (issue 13) and ``verify-pdf``, the recruiter's check.

Export: choose credentials, re-verify each *now* (the verdict printed is the verdict at export,
with every check, not a stale one from import), draw the PDF, attach the originals and the
learner's signed statement, sign the PDF.  Nothing that is not ``verified`` goes in unless the
learner asks (``include_unverified``), and then it is marked NOT VERIFIED.

verify-pdf: the PDF signature, the statement's signature, each original's hash against the
statement, and each original re-verified with the same rules as ``portfolio verify``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from portfolio_app.errors import PortfolioError, RejectedInput
from portfolio_app.export.check import NotAPortfolio, SignatureFacts, open_portfolio
from portfolio_app.export.content import Entry, PortfolioContent, QualificationLine, SkillLine
from portfolio_app.export.document import render
from portfolio_app.export.package import Attachment, attach, sign
from portfolio_app.export.presentation import (
    PRESENTATION_FILE,
    build_presentation,
    check_presentation,
    sign_presentation,
)
from portfolio_app.formats import parse
from portfolio_app.fsutil import PUBLIC_MODE, atomic_write
from portfolio_app.identity.results import SigningKeys
from portfolio_app.ingest import extract
from portfolio_app.storage import Repository, StoredCredential
from portfolio_app.verify.documents import DocumentSource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Status, Verdict

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
PDF_NAME = "portfolio.pdf"
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ExportRefused(PortfolioError):
    """Nothing to export, or the choice cannot be honoured; one sentence says what to do."""


@dataclass(frozen=True)
class ExportRequest:
    out: Path  # a folder, or a file name ending in .pdf
    ids: tuple[int, ...] = ()  # in this order; empty = the whole wallet (or the qualification)
    qualification: str | None = None
    include_unverified: bool = False
    name: str | None = None
    contact: tuple[str, ...] = ()
    presentation: bool = False  # also write the statement JSON beside the PDF
    linkedin: bool = False  # also write LinkedIn-ready fields and "add to profile" links


@dataclass(frozen=True)
class ExportResult:
    pdf: Path
    files: tuple[Path, ...]
    included: tuple[tuple[int, str], ...]  # (wallet number, status at export)
    left_out: tuple[tuple[int, str], ...]  # (wallet number, status) not verified, not asked for
    size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf": str(self.pdf),
            "files": [str(f) for f in self.files],
            "included": [{"id": i, "status": s} for i, s in self.included],
            "left_out": [{"id": i, "status": s} for i, s in self.left_out],
            "bytes": self.size,
        }


def export_portfolio(
    repo: Repository,
    keys: SigningKeys,
    request: ExportRequest,
    *,
    docs: DocumentSource,
    learner_emails: Sequence[str] = (),
    default_name: str | None = None,
    qualifications: Sequence[QualificationLine] = (),
    skills: Sequence[SkillLine] = (),
    counted: Callable[[str], Sequence[int]] | None = None,
    clock: Clock = _utc_now,
) -> ExportResult:
    """Write the signed PDF (and the extras asked for); returns what went in and what did not."""
    now = clock()
    chosen = _choose(repo, request, counted)
    entries: list[Entry] = []
    left_out: list[tuple[int, str]] = []
    for stored in chosen:
        verdict = verify_credential(
            stored.credential, docs=docs, now=now, learner_emails=learner_emails
        )
        if verdict.status is not Status.VERIFIED and not request.include_unverified:
            left_out.append((stored.id, verdict.status.value))
            continue
        entries.append(
            Entry(
                stored.id,
                stored.credential,
                repo.original_bytes(stored.id),
                stored.original_name,
                verdict,
                stored.learner,
            )
        )
    if not entries:
        hint = " (add --include-unverified to include credentials that are not verified)"
        raise ExportRefused("no credential to export" + (hint if left_out else ""))
    name = (request.name or default_name or "").strip() or "Learner"
    content = PortfolioContent(
        learner_name=name,
        contact=request.contact,
        entries=tuple(entries),
        created=now,
        holder_did=keys.did,
        qualifications=tuple(qualifications),
        skills=tuple(skills),
        **_organisation(),
    )
    statement = sign_presentation(
        build_presentation(keys.did, entries, now), keys.ed25519, keys.verification_method, now
    )
    statement_bytes = (json.dumps(statement, indent=2, ensure_ascii=False) + "\n").encode()
    attachments = [
        Attachment(e.attachment_name, e.original, e.mime_type, e.credential.title, "Source")
        for e in entries
    ]
    attachments.append(
        Attachment(
            PRESENTATION_FILE,
            statement_bytes,
            "application/json",
            "The learner's signed statement (W3C Verifiable Presentation) listing each original",
            "Supplement",
        )
    )
    signed = sign(
        attach(render(content), attachments, now),
        keys.pdf_key,
        keys.pdf_certificate,
        keys.pdf_chain,
    )
    pdf_path, extras = _targets(request.out)
    files = [pdf_path]
    atomic_write(pdf_path, signed, mode=PUBLIC_MODE)
    if request.presentation:
        target = extras / f"{pdf_path.stem}-presentation.json"
        atomic_write(target, statement_bytes, mode=PUBLIC_MODE)
        files.append(target)
    if request.linkedin:
        text = "\n".join(linkedin_block(e) for e in entries)
        target = extras / f"{pdf_path.stem}-linkedin.txt"
        atomic_write(target, text.encode("utf-8"), mode=PUBLIC_MODE)
        files.append(target)
    return ExportResult(
        pdf_path,
        tuple(files),
        tuple((e.number, e.verdict.status.value) for e in entries),
        tuple(left_out),
        len(signed),
    )


def _choose(
    repo: Repository, request: ExportRequest, counted: Callable[[str], Sequence[int]] | None
) -> list[StoredCredential]:
    held = {s.id: s for s in repo.list_credentials()}
    if request.ids:
        missing = [i for i in request.ids if i not in held]
        if missing:
            listed = ", ".join(f"#{i}" for i in missing)
            raise ExportRefused(f"no credential {listed} in the wallet; see `portfolio list`")
        ids: list[int] = list(dict.fromkeys(request.ids))
    elif request.qualification is not None and counted is not None:
        ids = [i for i in counted(request.qualification) if i in held]
        if not ids:
            raise ExportRefused(f"no credential counts towards {request.qualification!r} yet")
    else:
        ids = sorted(held)
    return [held[i] for i in ids]


def _targets(out: Path) -> tuple[Path, Path]:
    """``out.pdf`` → that file (extras beside it); a folder → ``folder/portfolio.pdf``."""
    if out.suffix.lower() == ".pdf":
        if not out.parent.is_dir():
            raise ExportRefused(f"the folder {out.parent} does not exist; create it first")
        return out, out.parent
    out.mkdir(parents=True, exist_ok=True)
    return out / PDF_NAME, out


def linkedin_fields(entry: Entry) -> dict[str, str]:
    """The fields LinkedIn's "Add licence or certification" form asks for."""
    cred = entry.credential
    fields: dict[str, str] = {
        "Name": entry.learner.achievement_name or cred.title,
        "Issuing organisation": cred.issuer_name,
    }
    if cred.issued:
        fields["Issue date"] = f"{cred.issued:%B %Y}"
    fields["Expiration date"] = f"{cred.valid_until:%B %Y}" if cred.valid_until else "none"
    if cred.credential_id:
        fields["Credential ID"] = cred.credential_id
    url = _public_url(entry)
    if url:
        fields["Credential URL"] = url
    return fields


def _public_url(entry: Entry) -> str | None:
    cred = entry.credential
    for candidate in (cred.verification_url, cred.credential_id):
        if candidate and candidate.startswith("https://"):
            return candidate
    return None


def linkedin_add_url(entry: Entry) -> str:
    """LinkedIn's "add to profile" link (``startTask=CERTIFICATION_NAME``), pre-filled."""
    cred = entry.credential
    params: dict[str, str] = {
        "startTask": "CERTIFICATION_NAME",
        "name": entry.learner.achievement_name or cred.title,
        "organizationName": cred.issuer_name,
    }
    if cred.issued:
        params.update(issueYear=str(cred.issued.year), issueMonth=str(cred.issued.month))
    if cred.valid_until:
        params.update(
            expirationYear=str(cred.valid_until.year), expirationMonth=str(cred.valid_until.month)
        )
    url = _public_url(entry)
    if url:
        params["certUrl"] = url
    if cred.credential_id:
        params["certId"] = cred.credential_id
    return f"{LINKEDIN_ADD}?{urlencode(params)}"


def linkedin_block(entry: Entry) -> str:
    status = "verified" if entry.verified else f"NOT VERIFIED ({entry.verdict.status.value})"
    lines = [f"#{entry.number} ({status})"]
    lines += [f"{k}: {v}" for k, v in linkedin_fields(entry).items()]
    lines.append(f"Add to LinkedIn: {linkedin_add_url(entry)}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- verify-pdf


@dataclass(frozen=True)
class EmbeddedResult:
    attachment: str
    listed: bool  # named in the learner's statement
    hash_ok: bool  # its SHA-256 is the one the statement lists
    status_at_export: str | None
    verdict: Verdict
    title: str | None

    @property
    def ok(self) -> bool:
        return self.listed and self.hash_ok and self.verdict.status is Status.VERIFIED

    def to_json(self) -> dict[str, Any]:
        return {
            "attachment": self.attachment,
            "title": self.title,
            "listed": self.listed,
            "hash_ok": self.hash_ok,
            "status_at_export": self.status_at_export,
            "verdict": self.verdict.to_json(),
            "ok": self.ok,
        }


@dataclass(frozen=True)
class PdfReport:
    file: Path
    signature: SignatureFacts
    statement_ok: bool
    statement_detail: str
    holder: str | None
    credentials: tuple[EmbeddedResult, ...]
    missing: tuple[str, ...] = field(default=())  # listed in the statement but not attached

    @property
    def holder_signed_pdf(self) -> bool:
        """The PDF's certificate names the statement's holder (a learner's own certificate
        does; an institution's usually does not, and then the institution is named)."""
        return self.holder is not None and self.holder in self.signature.signer_uris

    @property
    def signature_ok(self) -> bool:
        s = self.signature
        return s.intact and s.valid and s.whole_file

    @property
    def ok(self) -> bool:
        return (
            self.signature_ok
            and self.statement_ok
            and not self.missing
            and bool(self.credentials)
            and all(c.ok for c in self.credentials)
        )

    def lines(self, shown: str) -> list[str]:
        """The report as text, one fact a line, for both shells (``verify-pdf`` and the
        window's "Check a portfolio"); ``shown`` is the file as the user named it."""
        sig = self.signature
        result = [
            f"{shown}: {'everything holds' if self.ok else 'NOT everything holds'}",
            f"  PDF signature: intact {_yes(sig.intact)}, valid {_yes(sig.valid)}, covers the "
            f"whole file {_yes(sig.whole_file)} (nothing appended after it)",
        ]
        vouched = (
            "vouched for by a trusted authority"
            if sig.trusted
            else "not vouched for by any authority this app trusts"
        )
        result.append(f"  signed by: {sig.signer} ({sig.signer_kind}; {vouched})")
        state = "ok" if self.statement_ok else "FAILED"
        result.append(f"  learner's statement: {state}: {self.statement_detail}")
        if self.holder_signed_pdf:
            result.append("  the PDF was signed with the certificate of the same learner")
        result.extend(f"  listed but not attached: {name}" for name in self.missing)
        for item in self.credentials:
            problems = [] if item.listed else ["not listed in the statement"]
            if item.listed and not item.hash_ok:
                problems.append("its SHA-256 differs from the statement")
            tail = f"; {'; '.join(problems)}" if problems else ""
            title = item.title or "unreadable"
            result.append(f"  {item.attachment}: {item.verdict.status.value} ({title}){tail}")
            if item.verdict.issuer_standing:
                result.append(f"    {item.verdict.issuer_standing}")
            result.extend(
                f"    [{check.outcome.value:<11}] {check.name}: {check.detail}"
                for check in item.verdict.checks
            )
        return result

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "ok": self.ok,
            "pdf_signature": {**self.signature.to_json(), "ok": self.signature_ok},
            "statement": {
                "ok": self.statement_ok,
                "detail": self.statement_detail,
                "holder": self.holder,
                "holder_signed_pdf": self.holder_signed_pdf,
            },
            "missing": list(self.missing),
            "credentials": [c.to_json() for c in self.credentials],
        }


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def verify_portfolio_pdf(
    path: Path,
    data: bytes,
    *,
    docs: DocumentSource,
    judge: Callable[[Any], Verdict],
    max_bytes: int,
) -> PdfReport:
    """Check everything a recruiter needs; raises :class:`NotAPortfolio` for a non-portfolio."""
    opened = open_portfolio(data, max_attachment_bytes=max_bytes)
    statement = check_presentation(opened.presentation, docs)
    listed = {str(e.get("attachment")): e for e in statement.entries}
    results = []
    for name, original in sorted(opened.attachments.items()):
        entry = listed.get(name)
        digest = hashlib.sha256(original).hexdigest()
        try:
            credential = parse(extract(name, original))
            verdict = judge(credential)
            title: str | None = credential.title
        except RejectedInput as exc:
            from portfolio_app.services.verification import malformed_verdict  # noqa: PLC0415

            verdict, title = malformed_verdict(exc.reason, _utc_now()), None
        results.append(
            EmbeddedResult(
                attachment=name,
                listed=entry is not None,
                hash_ok=entry is not None and entry.get("sha256") == digest,
                status_at_export=str(entry.get("status")) if entry is not None else None,
                verdict=verdict,
                title=title,
            )
        )
    missing = tuple(sorted(set(listed) - set(opened.attachments)))
    return PdfReport(
        path,
        opened.signature,
        statement.ok,
        statement.detail,
        statement.holder,
        tuple(results),
        missing,
    )


__all__ = [
    "ExportRefused",
    "ExportRequest",
    "ExportResult",
    "NotAPortfolio",
    "PdfReport",
    "export_portfolio",
    "linkedin_add_url",
    "verify_portfolio_pdf",
]


MAX_LOGO_BYTES = 2 * 1024 * 1024


def _organisation() -> dict[str, Any]:
    """The machine config's organisation name and logo for the cover (none by default).

    A logo that is missing, too big or unreadable is left out with a log line: a career
    centre's typo must not stop a learner's export.
    """
    from portfolio_app.config import setting  # noqa: PLC0415

    found: dict[str, Any] = {"organisation": str(setting("organisation_name"))}
    logo = str(setting("organisation_logo"))
    if logo:
        try:
            path = Path(logo)
            if path.stat().st_size > MAX_LOGO_BYTES:
                raise OSError(f"larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB")
            found["organisation_logo"] = path.read_bytes()
        except OSError as exc:
            log.warning("organisation logo %s not used: %s", logo, exc)
    return found
