"""One entry point: :func:`verify_credential` turns a :class:`Credential` into a :class:`Verdict`.

It dispatches on ``credential.format`` (and, where the format and the payload disagree, on
what the payload actually is: a compact JWS or JSON):

=====================================  ===============================================
``OB2_HOSTED`` / ``OB2_SIGNED``         :mod:`.ob2` (hosted copy from the cache / JWS)
``OB3`` / ``CLR2`` / ``VC``             :mod:`.linked_data` (embedded Data Integrity proofs)
``OB3_JWT`` / ``CLR2_JWT`` / ``VC_JWT``  :mod:`.vcjwt`
``EUROPASS_EDC``                        :mod:`.europass` (JAdES seal)
``PDF_CERTIFICATE``                     nothing cryptographic: ``unverifiable``
``OB1_HOSTED`` / ``OB1_SIGNED``         :mod:`.ob1` (hosted copy compared; signed: unsupported)
``BLOCKCERTS_V2`` / ``BLOCKCERTS_V3``   :mod:`.blockcerts` (Merkle path; anchor not offline)
``EUROPASS_XML``                        :mod:`.europass_xml` (XAdES seal, signxml)
=====================================  ===============================================

The newer kinds are looked up in :data:`KIND_VERIFIERS`; a credential the parser marked
"kept but not verified" (``extra["unsupported"]``, see :mod:`portfolio_app.formats.registry`)
is ``unsupported`` with the parser's reason.

Verification works from ``credential.payload`` only (never from any field a credential says
about itself, such as a "verified" flag), opens no socket (documents come from ``docs``, see
:mod:`.documents`; fetching is :mod:`.fetch`, on request), and never raises for bad content: it
returns a ``malformed`` / ``unsupported`` verdict with the reason.

Every verdict ends with an ``issuer`` check (:mod:`.registry`): is ``credential.issuer_id``
listed in an issuer registry the profile holds?  The engine then decides once more over all
checks, so the fail-closed rules of :func:`~.verdict.decide` and the verdict's limits apply to
every path, whatever a format verifier proposed.

The ``except Exception`` below is a last line of defence, and firing it is a bug: the traceback
goes to the log (the shells send it to the profile's log file), the check says so in a plain
sentence, and :func:`internal_error_count` lets the test suite fail any test in which it fired.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from portfolio_app.formats.registry import unsupported_reason
from portfolio_app.logfile import log_hint
from portfolio_app.model import Credential, CredentialFormat
from portfolio_app.verify._common import ContentError, load_json_object
from portfolio_app.verify.canon import WorkLimitExceeded, work_budget
from portfolio_app.verify.documents import (
    DocumentSource,
    EmptySource,
    TrustBundleError,
    trust_files_of,
)
from portfolio_app.verify.jws import looks_like_compact_jws
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.registry import TrustMaterial, issuer_check, load_trust
from portfolio_app.verify.verdict import (
    ISSUER_OFFICIAL_NAME,
    ISSUER_RECOGNISED,
    ISSUER_REGISTRY,
    Check,
    Outcome,
    Status,
    Verdict,
    decide,
)

log = logging.getLogger(__name__)

PDF_NOT_CHECKED = (
    "a PDF certificate is self-reported: nothing cryptographic to check; "
    "use its verification link online"
)

_LINKED_DATA = {CredentialFormat.OB3, CredentialFormat.CLR2, CredentialFormat.VC}
_JWT = {CredentialFormat.OB3_JWT, CredentialFormat.CLR2_JWT, CredentialFormat.VC_JWT}
_OB2 = {CredentialFormat.OB2_HOSTED, CredentialFormat.OB2_SIGNED}

INTERNAL_ERROR = "an internal error stopped this check; "


class _CatchAll:
    """How often the catch-all fired; tests read it (it must stay 0) or expect one firing."""

    def __init__(self) -> None:
        self.fired = 0
        self.expected = 0

    def note(self) -> None:
        if self.expected:
            self.expected -= 1
        else:
            self.fired += 1


_CATCH_ALL = _CatchAll()


def internal_error_count() -> int:
    """How many verifications the catch-all has had to rescue in this process (a bug count)."""
    return _CATCH_ALL.fired


@contextmanager
def internal_error_expected() -> Iterator[None]:
    """For the one test that forces the catch-all: its firing inside the block is not a bug."""
    _CATCH_ALL.expected += 1
    try:
        yield
    finally:
        _CATCH_ALL.expected = 0


@work_budget()  # one CPU budget for the whole verification (retries, status lists, nesting)
def verify_credential(
    credential: Credential,
    *,
    docs: DocumentSource | None = None,
    now: datetime | None = None,
    learner_emails: Sequence[str] = (),
) -> Verdict:
    """Verify ``credential`` offline against the document cache ``docs``."""
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    source: DocumentSource = docs if docs is not None else EmptySource()
    trust, trust_problem = _trust(source)
    try:
        verdict = _dispatch(credential, source, moment, learner_emails, trust)
    except TrustBundleError as exc:
        verdict = decide(
            [Status.UNVERIFIABLE],
            [Check("documents", Outcome.FAILED, f"the document cache could not be read: {exc}")],
            checked_at=moment,
        )
    except ContentError as exc:
        verdict = decide(
            [exc.status], [Check("format", Outcome.FAILED, exc.reason)], checked_at=moment
        )
    except WorkLimitExceeded as exc:
        verdict = decide(
            [Status.MALFORMED], [Check("format", Outcome.FAILED, exc.reason)], checked_at=moment
        )
    except RecursionError:
        verdict = decide(
            [Status.MALFORMED],
            [Check("format", Outcome.FAILED, "the credential is nested too deeply")],
            checked_at=moment,
        )
    except Exception:  # last line of defence; firing it is a bug (module docstring)
        _CATCH_ALL.note()
        log.exception("verification of a %s credential failed unexpectedly", credential.format)
        # Our bug, not the file's fault: not "malformed", and never verified.
        verdict = decide(
            [Status.UNVERIFIABLE],
            [Check("internal", Outcome.FAILED, INTERNAL_ERROR + log_hint())],
            checked_at=moment,
        )
    return _with_issuer(credential, verdict, trust, trust_problem, moment)


def _trust(source: DocumentSource) -> tuple[TrustMaterial, str]:
    """The registries and trust lists ``source`` holds; a broken one is named, not fatal."""
    try:
        return load_trust(trust_files_of(source)), ""
    except TrustBundleError as exc:
        return TrustMaterial(), str(exc)
    except Exception:  # same last line of defence as in verify_credential: a bug, logged
        _CATCH_ALL.note()
        log.exception("reading the issuer registries and trust lists failed unexpectedly")
        return TrustMaterial(), INTERNAL_ERROR + log_hint()


def _with_issuer(
    credential: Credential,
    verdict: Verdict,
    trust: TrustMaterial,
    trust_problem: str,
    now: datetime,
) -> Verdict:
    """Add the issuer check and decide again over every check (fail closed, limits, summary)."""
    check, issuer_facts = issuer_check(
        credential.issuer_id, credential.issuer_name, trust.registries
    )
    if trust_problem and check.outcome is not Outcome.PASSED:
        check = Check(
            "issuer",
            Outcome.NOT_CHECKED,
            f"{check.detail} (an issuer registry could not be read: {trust_problem})",
        )
    checked_for = _verified_issuer(credential, verdict)
    if check.outcome is Outcome.PASSED and not checked_for:
        # Nothing of the issuer's was checked for this id (an OB 2.0 profile embedded in the
        # badge, a PDF's own text): recognising it would lend the registry's name to a claim.
        check = Check(
            "issuer",
            Outcome.NOT_CHECKED,
            f"the issuer id shown ({credential.issuer_id}) was not checked against the "
            "issuer's own documents or a signature bound to it; the issuer is not recognised",
        )
        issuer_facts = {ISSUER_RECOGNISED: "false"}
    elif checked_for and credential.issuer_id and checked_for != credential.issuer_id:
        # The registry is asked about the issuer shown; if the verifier bound the key to
        # another id, recognising the shown one would lend it a name it did not earn.
        check = Check(
            "issuer",
            Outcome.NOT_CHECKED,
            f"the signature was checked for issuer {checked_for}, not for the issuer shown "
            f"({credential.issuer_id}); the issuer is not recognised",
        )
        issuer_facts = {ISSUER_RECOGNISED: "false"}
    facts = {"format": credential.format.value, **verdict.facts}
    for name in (ISSUER_RECOGNISED, ISSUER_REGISTRY, ISSUER_OFFICIAL_NAME):
        facts.pop(name, None)  # only the engine's issuer check sets these
    facts.update(issuer_facts)
    # OB 2.0 names its issuer-profile lookup "issuer"; keep it, under a name of its own.
    checks = [
        dataclasses.replace(c, name="issuer_profile") if c.name == "issuer" else c
        for c in verdict.checks
    ]
    return decide([verdict.status], [*checks, check], checked_at=now, facts=facts)


def _verified_issuer(credential: Credential, verdict: Verdict) -> str | None:
    """The issuer id the format verifier checked the key against, where it records one
    (``None``: no verifier vouched for any issuer id, so none can be recognised)."""
    if "issuer_id" in verdict.facts:
        return verdict.facts["issuer_id"]
    if credential.format in _LINKED_DATA or credential.format in _JWT:
        return verdict.facts.get("issuer")  # linked_data / vcjwt record the id under "issuer"
    return None


def _dispatch(
    credential: Credential,
    docs: DocumentSource,
    now: datetime,
    learner_emails: Sequence[str],
    trust: TrustMaterial,
) -> Verdict:
    fmt = credential.format
    payload = credential.payload if isinstance(credential.payload, str) else ""
    if fmt is CredentialFormat.EUROPASS_XML and payload.strip():
        # Like the JAdES path below, it needs the profile's sealing trust lists.
        from portfolio_app.verify import europass_xml  # noqa: PLC0415 - see _load_kind

        return europass_xml.verify_europass_xml(credential, now=now, trust_lists=trust.trust_lists)
    kind_verifier = KIND_VERIFIERS.get(fmt)
    if kind_verifier is not None:
        if not payload.strip():
            raise ContentError("there is no credential text to verify")
        return kind_verifier(credential, docs, now)
    reason = unsupported_reason(credential)
    if reason:
        # The parser kept a well-formed credential of a kind the app does not verify.
        return decide(
            [Status.UNSUPPORTED],
            [Check("signature", Outcome.NOT_CHECKED, reason)],
            checked_at=now,
        )
    if fmt is CredentialFormat.PDF_CERTIFICATE:
        return decide(
            [Status.UNVERIFIABLE],
            [
                Check("format", Outcome.PASSED, "a PDF certificate"),
                Check("signature", Outcome.NOT_CHECKED, PDF_NOT_CHECKED),
            ],
            checked_at=now,
        )
    if not payload.strip():
        raise ContentError("there is no credential text to verify")
    is_jws = looks_like_compact_jws(payload)
    if fmt in _OB2:
        from portfolio_app.verify import ob2  # noqa: PLC0415 - see _load_kind

        if is_jws:
            return ob2.verify_ob2_signed(payload, docs=docs, now=now, learner_emails=learner_emails)
        return _ob2_hosted(payload, docs, now, learner_emails)
    if fmt in _JWT or (fmt in _LINKED_DATA and is_jws):
        from portfolio_app.verify import vcjwt  # noqa: PLC0415 - see _load_kind

        return vcjwt.verify_vc_jwt(payload, docs=docs, now=now)
    if fmt in _LINKED_DATA or fmt in _JWT:
        return _linked_data(credential, payload, docs, now)
    if fmt is CredentialFormat.EUROPASS_EDC:
        from portfolio_app.verify import europass  # noqa: PLC0415 - see _load_kind

        return europass.verify_europass(payload, now=now, trust_lists=trust.trust_lists)
    raise ContentError(
        f"credential format {fmt.value!r} is not supported", status=Status.UNSUPPORTED
    )


KindVerifier = Callable[[Credential, DocumentSource, datetime], Verdict]

# _load_kind: each kind's verifier module is imported when a credential of that kind is first
# judged, not with the engine: ``portfolio verify badge.json`` of a Data Integrity credential
# then never loads what only JWTs (jws, cryptography's key classes), Europass seals
# (cryptography.x509, XML signatures) or Blockcerts (cbor2) need (issue 12: start-up was half
# of a one-file verify).  A ``from … import`` of a module already loaded costs well under a
# microsecond.


def _ob1(credential: Credential, docs: DocumentSource, now: datetime) -> Verdict:
    from portfolio_app.verify import ob1  # noqa: PLC0415 - see _load_kind

    return ob1.verify_ob1(credential, docs=docs, now=now)


def _blockcerts(credential: Credential, docs: DocumentSource, now: datetime) -> Verdict:
    from portfolio_app.verify import blockcerts  # noqa: PLC0415 - see _load_kind

    return blockcerts.verify_blockcerts(credential, docs=docs, now=now)


# A new format's verifier goes here (and its parser in formats/registry.py): one line each.
KIND_VERIFIERS: dict[CredentialFormat, KindVerifier] = {
    CredentialFormat.OB1_HOSTED: _ob1,
    CredentialFormat.OB1_SIGNED: _ob1,
    CredentialFormat.BLOCKCERTS_V2: _blockcerts,
    CredentialFormat.BLOCKCERTS_V3: _blockcerts,
}


def _ob2_hosted(
    payload: str, docs: DocumentSource, now: datetime, learner_emails: Sequence[str]
) -> Verdict:
    text = payload.strip()
    if text.startswith(("https://", "http://")) and "{" not in text:
        # Legacy baking: only the assertion URL. The cached copy is then all there is.
        cached = docs.get(text)
        if cached is None or cached.status != 200:
            if cached is not None and cached.status == 410:
                return decide(
                    [Status.REVOKED],
                    [
                        Check(
                            "status",
                            Outcome.FAILED,
                            "revoked: the issuer withdrew this badge (HTTP 410 Gone)",
                            as_of=cached.fetched_at,
                        )
                    ],
                    checked_at=now,
                )
            return decide(
                [Status.UNVERIFIABLE],
                [
                    Check(
                        "hosted",
                        Outcome.NOT_CHECKED,
                        f"hosted badge: needs a network check (GET {text})",
                    )
                ],
                checked_at=now,
            )
        text = cached.body.decode("utf-8", "replace")
    from portfolio_app.verify import ob2  # noqa: PLC0415 - see _load_kind

    return ob2.verify_ob2_hosted(text, docs=docs, now=now, learner_emails=learner_emails)


def _linked_data(
    credential: Credential, payload: str, docs: DocumentSource, now: datetime
) -> Verdict:
    document = load_json_object(payload, what="the credential")
    # ``shown``: verified only when the values shown are the signed graph's (signed_graph.py).
    return verify_linked_data_credential(document, docs=docs, now=now, shown=credential)
