"""Verification use cases: judge files, re-check the wallet, manage trusted documents.

The profile keeps a document cache in ``<data_dir>/documents`` (same shape as a trust bundle:
``index.json`` + files).  Verification reads it; only an explicit online request or a
``trust import`` writes to it.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_app.errors import PortfolioError, RejectedInput
from portfolio_app.formats.refresh import refreshed_credential
from portfolio_app.fsutil import write_errors
from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.paths import DOCUMENTS_FOLDER
from portfolio_app.storage import Rendition
from portfolio_app.verify.contexts import reading_contexts
from portfolio_app.verify.documents import (
    ChainedSource,
    DocumentSource,
    FolderSource,
    TrustBundleError,
    add_trust_files,
)
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.fetch import fetch_for, write_cache
from portfolio_app.verify.registry import load_trust
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide, issuer_json

if TYPE_CHECKING:  # the repository loads SQLAlchemy; `portfolio verify` never opens it
    from portfolio_app.storage import Repository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileVerdict:
    """One line of ``portfolio verify --json``: one credential of one file.

    A Verifiable Presentation holds several credentials, each with its own proof and verdict:
    ``entry`` numbers them (1, 2, ...) and ``note`` says what the presentation's own proof
    showed; both are ``None`` / empty for a plain file.
    """

    file: Path
    verdict: Verdict
    credential: Credential | None
    entry: int | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        cred = self.credential
        where: dict[str, Any] = {}
        if self.entry is not None:
            where = {"entry": self.entry, "presentation": self.note}
        return {
            "file": str(self.file),
            **where,
            "status": self.verdict.status.value,
            "summary": self.verdict.summary,
            "format": cred.format.value if cred else None,
            "issuer": cred.issuer_name if cred else None,
            "issuer_id": cred.issuer_id if cred else None,
            "achievement": cred.title if cred else None,
            "checks": [c.to_json() for c in self.verdict.checks],
            "facts": dict(self.verdict.facts),
            "limits": list(self.verdict.limits),
            **issuer_json(self.verdict.facts),
        }


def documents_dir(data_dir: Path) -> Path:
    """The profile's document cache, created (with an empty index) on first use."""
    folder = data_dir / DOCUMENTS_FOLDER
    if not (folder / "index.json").exists():
        with write_errors(folder):
            write_cache(folder, [])
    return folder


def document_source(data_dir: Path, extra_bundles: Sequence[Path] = ()) -> DocumentSource:
    """One-off bundles first (``--docs``), then the profile's cache, then what the machine's
    site folder provides (read in place, never copied: ``services/machine.py``)."""
    from portfolio_app.services.machine import machine_sources  # noqa: PLC0415

    sources: list[DocumentSource] = [FolderSource(b) for b in extra_bundles]
    sources.append(FolderSource(documents_dir(data_dir)))
    sources.extend(machine_sources())
    return ChainedSource(sources)


def malformed_verdict(reason: str, now: datetime) -> Verdict:
    check = Check("format", Outcome.FAILED, reason)
    return decide([Status.MALFORMED], [check], checked_at=now)


def judge(
    credential: Credential,
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str] = (),
    online_cache: Path | None = None,
) -> Verdict:
    """Verify one credential; with ``online_cache`` fetch what it needs into that cache first."""
    if online_cache is not None:
        fetch_for(credential, online_cache)
        docs = ChainedSource([FolderSource(online_cache), docs])  # what was just fetched wins
    return verify_credential(
        credential, docs=docs, now=datetime.now(UTC), learner_emails=learner_emails
    )


def verify_files(
    paths: Sequence[Path],
    read: Callable[[Path], tuple[Sequence[Credential], str]],
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str] = (),
    online_cache: Path | None = None,
) -> list[FileVerdict]:
    """Judge files without storing them, in order: one result per credential in each file.

    ``read`` gives a file's credentials and, for a presentation, the note on its own proof.
    Every credential of a presentation is judged — not just the first — so that "all
    verified" means all of them. A file we cannot read is judged ``malformed``.
    """
    results: list[FileVerdict] = []
    with reading_contexts(docs):  # read with the contexts trust bundles ship (once, not per file)
        for path in paths:
            try:
                credentials, note = read(path)
            except RejectedInput as exc:
                verdict = malformed_verdict(exc.reason, datetime.now(UTC))
                results.append(FileVerdict(path, verdict, None))
                continue
            several = bool(note) or len(credentials) > 1
            for number, credential in enumerate(credentials, start=1):
                verdict = judge(
                    credential, docs, learner_emails=learner_emails, online_cache=online_cache
                )
                entry = number if several else None
                results.append(FileVerdict(path, verdict, credential, entry, note))
    return results


def verify_profile_files(
    data_dir: Path,
    paths: Sequence[Path],
    *,
    max_bytes: int,
    learner_emails: Sequence[str],
    bundles: Sequence[Path] = (),
    online: bool = False,
) -> list[FileVerdict]:
    """``portfolio verify FILE...`` in the profile at ``data_dir``, whichever facade opened it.

    ``bundles`` are one-off ``--docs`` bundles, read before the profile's document cache;
    ``online`` is the user's explicit permission to fetch what each credential needs into
    that cache.
    """
    from portfolio_app.services.reading import credentials_to_verify  # noqa: PLC0415

    return verify_files(
        paths,
        lambda path: credentials_to_verify(path, max_bytes),
        document_source(data_dir, bundles),
        learner_emails=learner_emails,
        online_cache=documents_dir(data_dir) if online else None,
    )


#: Why the shown fields changed when an OB 2.0 badge's BadgeClass and issuer Profile arrived.
REFRESHED = "the badge class and issuer profile are now known (from the document cache)"


def refresh_shown(repo: Repository, docs: DocumentSource) -> int:
    """Show what newly cached documents say about badges known only by URL; how many changed.

    An OB 2.0 badge whose BadgeClass was only a URL is titled from its file's name until the
    BadgeClass and issuer Profile arrive (trust import, ``--online``, a reverify with a cache).
    Then title, description, image, criteria, alignments and issuer name come from those
    documents, read under the verifier's binding rules (formats/refresh.py); what was shown
    before stays in the shown history.
    """
    changed = 0
    for stored in repo.list_credentials():
        known = refreshed_credential(stored.credential, docs)
        if known is not None and known != stored.credential:
            repo.replace_shown(stored.id, known, reason=REFRESHED)
            changed += 1
    return changed


def reverify_all(
    repo: Repository,
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str] = (),
    online_cache: Path | None = None,
    only: Sequence[int] | None = None,
    jobs: int | None = None,
) -> list[tuple[int, Verdict]]:
    """Re-check every credential in the wallet (or the ``only`` ones: the window's
    Re-verify), every rendition of each, and add the best rendition's verdict to the entry's
    history.

    Each stored payload is first read again by this version's parser: credentials stored by
    an older parser (without the facts the verifier now needs, such as the signed digest)
    would otherwise stay "unverifiable" for ever.  When the fresh reading differs, what was
    shown before is kept in the shown history (as :meth:`Repository.replace_shown` keeps it).
    Everything is written in one transaction at the end (one commit, one sync): a re-check
    that cannot be stored leaves the wallet as it was.

    ``jobs``: worker processes for the checking (``None``: as many as this process may use,
    when that is safe and worth it, see :func:`reverify_jobs`).  Workers only compute; this
    process reads the wallet before and writes every result after, so the database is never
    touched by two processes and the outcome is the same as with one.
    """
    # The whole wallet: the cyclic collector is paused while it is read, checked and written
    # (see _collector_paused); the window's few entries are not worth it.
    with _collector_paused(only is None):
        return _reverify(
            repo,
            docs,
            learner_emails=learner_emails,
            online_cache=online_cache,
            only=only,
            jobs=jobs,
        )


def _reverify(
    repo: Repository,
    docs: DocumentSource,
    *,
    learner_emails: Sequence[str],
    online_cache: Path | None,
    only: Sequence[int] | None,
    jobs: int | None,
) -> list[tuple[int, Verdict]]:
    work: list[_Work]
    if only is None:
        work = repo.reverify_entries()  # two reads of just the needed columns, not ORM rows
    else:  # the window's few: each entry's own renditions, not the whole wallet's
        chosen = [repo.get(i) for i in only]
        work = [(s.id, s.sha256, s.credential, tuple(repo.renditions(s.id))) for s in chosen]
    checker = _Checker(docs, tuple(learner_emails), online_cache)
    count = reverify_jobs(len(work), online_cache) if jobs is None else jobs
    results = _check_in_parallel(work, checker, count) if count > 1 else None
    if results is None:
        with reading_contexts(docs):
            results = [_checked(checker, item) for item in work]
    per_entry: list[tuple[int, list[tuple[str, Credential, Verdict]]]] = []
    refreshed: list[tuple[int, Credential, str]] = []
    for (entry, _, _, _), (fresh, reason, checked) in zip(work, results, strict=True):
        if fresh is not None:
            refreshed.append((entry, fresh, reason))
        per_entry.append((entry, checked))
    # One transaction for the shown fields read again and every verdict: all of it, or none.
    best = repo.record_rendition_verdicts(per_entry, refreshed)
    return [(entry, best[entry]) for entry, _ in per_entry]


#: While the collector is paused, the young generations are still collected once this many
#: new objects are held (:func:`gc.get_count`) *and* an entry since the last collection was
#: not verified: refusals leave reference cycles (an exception kept with its traceback, 50-140
#: objects each), which must not pile up over a large wallet of them.
_YOUNG_LIMIT = 200_000
#: ... and whatever the verdicts, once this many are held (a bound on what could pile up).
_YOUNG_CAP = 2_000_000


@contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """The cyclic garbage collector switched off for the block (when ``pause``), then back on
    as it was.

    Why: re-checking a wallet makes tens of thousands of objects that live until the end
    (each entry's stored and fresh reading, its verdict and checks); the automatic
    collections walk them again and again, for no garbage: on the 10,000-credential bench
    wallet that was 0.6 s of an 8 s reverify (0.44 s in four full collections).  Reference
    counting still frees what is dropped, :func:`_checked` collects the young generations
    when refusals may have left cycles (or too much is held), and the collector is on again
    as soon as the re-check returns or fails.  Nothing the checks compute or store depends on
    when cycles are collected.
    """
    collecting = pause and gc.isenabled()
    if collecting:
        gc.disable()
        _YOUNG.suspect = False
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _YoungCollections:
    """While the collector is paused: whether an entry checked since the last collection of
    the young generations was not verified (it may have left cycles, see _YOUNG_LIMIT)."""

    suspect = False


_YOUNG = _YoungCollections()


def _checked(checker: _Checker, item: _Work) -> _Checked:
    """``checker.check(item)``, collecting the young generations first while the collector is
    paused and the limits above are reached (see :func:`_collector_paused`)."""
    if not gc.isenabled():
        held = gc.get_count()[0]
        if (held >= _YOUNG_LIMIT and _YOUNG.suspect) or held >= _YOUNG_CAP:
            gc.collect(1)
            _YOUNG.suspect = False
    checked = checker.check(item)
    if not _YOUNG.suspect and any(v.status is not Status.VERIFIED for _, _, v in checked[2]):
        _YOUNG.suspect = True
    return checked


# One wallet entry to re-check: id, sha256 of the shown original, credential, renditions.
_Work = tuple[int, str, Credential, tuple[Rendition, ...]]
# What re-checking it found: the fresh reading when it differs (and why), and per rendition
# ``(sha256, credential as read, verdict)``.
_Checked = tuple[Credential | None, str, list[tuple[str, Credential, Verdict]]]


@dataclass(frozen=True)
class _Checker:
    """Re-checks one entry; pure computation (no database), so a worker process can run it."""

    docs: DocumentSource
    learner_emails: tuple[str, ...]
    online_cache: Path | None

    def judge(self, credential: Credential) -> Verdict:
        return judge(
            credential,
            self.docs,
            learner_emails=self.learner_emails,
            online_cache=self.online_cache,
        )

    def check(self, item: _Work) -> _Checked:
        """Call within ``reading_contexts(self.docs)``: a context a trust bundle brought since
        the entry was imported counts now (set once per run, not per entry: it is not free)."""
        _, sha256, stored, renditions = item
        read = read_again(stored)
        known = refreshed_credential(read or stored, self.docs)
        fresh = known or read
        changed = fresh is not None and fresh != stored
        reason = (REFRESHED if known else READ_AGAIN) if changed else ""
        checked: list[tuple[str, Credential, Verdict]] = []
        for rendition in renditions:
            if rendition.shown:
                credential = fresh or stored
            else:
                credential = read_again(_as_rendition(stored, rendition)) or (
                    _as_rendition(stored, rendition)
                )
            checked.append((rendition.sha256, credential, self.judge(credential)))
        if not checked:  # cannot happen after migration 0003; judge the entry itself then
            credential = fresh or stored
            checked.append((sha256, credential, self.judge(credential)))
        return (fresh if changed else None), reason, checked


#: Below this many entries starting worker processes costs more than they save.
PARALLEL_MIN_ENTRIES = 400
#: Entries per task sent to a worker: large enough that pickling stays cheap, small enough
#: that both workers finish at about the same time.
_SLICE = 100


def reverify_jobs(count: int, online_cache: Path | None = None) -> int:
    """How many processes ``reverify`` of ``count`` entries should use here (1: no pool).

    A pool is used only when it is safe and pays: on Linux (``fork`` start, so workers share
    the loaded contexts instead of importing everything again), in a process with no other
    thread (a fork copies locks held by other threads; the window never re-checks the whole
    wallet, so only the command line gets here), offline (an online check writes the
    document cache as it goes), and for wallets large enough to repay starting the workers.
    """
    if online_cache is not None or count < PARALLEL_MIN_ENTRIES or sys.platform != "linux":
        return 1
    import multiprocessing as mp  # noqa: PLC0415 - reverify only; `verify` never forks

    if threading.active_count() > 1 or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 4))


# The work of the running parallel reverify, left for forked workers to find (a fork copies
# it, so nothing but slice bounds and results crosses the pipes).
_RUNNING: tuple[list[_Work], _Checker] | None = None


# What a worker sends back: ``_Checked`` with ``None`` for each credential that is the entry's
# own (its fresh reading, or the stored one), which the parent holds already; a third of the
# bytes to pickle.
_Sent = tuple[Credential | None, str, list[tuple[str, Credential | None, Verdict]]]


def _check_slice(bounds: tuple[int, int]) -> list[_Sent]:
    assert _RUNNING is not None, "a reverify worker started outside _check_in_parallel"
    work, checker = _RUNNING
    sent: list[_Sent] = []
    with reading_contexts(checker.docs):
        for item in work[bounds[0] : bounds[1]]:
            fresh, reason, checked = _checked(checker, item)
            own = fresh or item[2]
            sent.append((fresh, reason, [(s, None if c is own else c, v) for s, c, v in checked]))
    return sent


def _received(item: _Work, sent: _Sent) -> _Checked:
    fresh, reason, checked = sent
    own = fresh or item[2]
    return fresh, reason, [(s, own if c is None else c, v) for s, c, v in checked]


def _check_in_parallel(work: list[_Work], checker: _Checker, jobs: int) -> list[_Checked] | None:
    """Every entry checked by ``jobs`` forked workers, in order; ``None`` when the pool
    cannot run (then the caller checks them here, so a refused fork costs only time)."""
    global _RUNNING  # noqa: PLW0603 - read by the forked workers, see _RUNNING
    import multiprocessing as mp  # noqa: PLC0415 - loaded by reverify only (reverify_jobs)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    size = max(1, min(_SLICE, len(work) // (jobs * 4)))  # several slices per worker
    slices = [(i, min(i + size, len(work))) for i in range(0, len(work), size)]
    _RUNNING = (work, checker)
    try:
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            sent = [checked for part in pool.map(_check_slice, slices) for checked in part]
        return [_received(item, one) for item, one in zip(work, sent, strict=True)]
    except (OSError, BrokenProcessPool) as exc:
        log.warning("reverify: worker processes failed (%s); checking in one process", exc)
        return None
    finally:
        _RUNNING = None


READ_AGAIN = "read again by this version of the app"


def read_again(credential: Credential) -> Credential | None:
    """The stored payload parsed again by the current parser, or ``None`` when it cannot be
    (PDF certificates keep no payload; a payload the parser now refuses keeps its old
    reading, and verification then says what is wrong with it)."""
    from portfolio_app.formats import parse  # noqa: PLC0415 - only reverify needs the parser
    from portfolio_app.ingest.extract import Extracted  # noqa: PLC0415

    if credential.container is Container.PDF or not credential.payload:
        return None
    source = credential.extra.get("source", credential.container.value)
    try:
        return parse(Extracted(credential.container, credential.payload, source))
    except PortfolioError:
        return None


def _as_rendition(credential: Credential, rendition: Rendition) -> Credential:
    return replace(
        credential,
        format=CredentialFormat(rendition.format),
        container=Container(rendition.container),
        payload=rendition.payload,
        extra=dict(rendition.extra),
    )


@dataclass(frozen=True)
class TrustImportSummary:
    """What ``trust import`` changed; ``added``/``replaced`` count documents and trust files."""

    added: int
    replaced: int
    registries_added: int = 0
    registries_replaced: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "registries_added": self.registries_added,
            "registries_replaced": self.registries_replaced,
        }


def import_trust_bundle(data_dir: Path, bundle: Path) -> TrustImportSummary:
    """Copy a trust bundle (documents, issuer registries, sealing trust lists, pinned JSON-LD
    contexts) into the profile's document cache.

    The bundle is read and its registries parsed completely first (so a broken bundle changes
    nothing); for a URL or registry the cache already holds, the copy fetched later wins.
    """
    from portfolio_app.services import trust  # noqa: PLC0415 - loaded on first use

    try:
        incoming = FolderSource(bundle)
        documents = [doc for url in incoming.urls if (doc := incoming.get(url)) is not None]
        trust_files = incoming.trust_files()
        load_trust(trust_files)
        contexts = trust.bundle_contexts(incoming)  # a context failing its pin refuses it all
    except TrustBundleError as exc:
        raise PortfolioError(str(exc)) from exc
    cache = FolderSource(documents_dir(data_dir))
    newer, added, replaced = [], 0, 0
    for doc in documents:
        held = cache.get(doc.url)
        if held is not None and held.fetched_at >= doc.fetched_at:
            continue
        newer.append(doc)
        if held is None:
            added += 1
        else:
            replaced += 1
    with write_errors(cache.folder):
        write_cache(cache.folder, newer)
        try:
            reg_added, reg_replaced = add_trust_files(cache.folder, trust_files)
        except TrustBundleError as exc:
            raise PortfolioError(str(exc)) from exc
        ctx_added, ctx_replaced = trust.add_contexts(cache.folder, contexts, datetime.now(UTC))
        trust.record_provenance(
            cache.folder,
            bundle,
            [d.url for d in newer],
            [t.name for t in trust_files],
            [c.url for c in contexts],
        )
    return TrustImportSummary(
        added + reg_added + ctx_added,
        replaced + reg_replaced + ctx_replaced,
        reg_added,
        reg_replaced,
    )
