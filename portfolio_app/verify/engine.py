"""One entry point: :func:`verify_credential` turns a :class:`Credential` into a :class:`Verdict`.

It dispatches on ``credential.format`` (and, where the format and the payload disagree, on
what the payload actually is: a compact JWS or JSON):

=====================================  ===============================================
``OB2_HOSTED`` / ``OB2_SIGNED``         :mod:`.ob2` (hosted copy from the cache / JWS)
``OB3`` / ``CLR2`` / ``VC``             :mod:`.linked_data` (embedded Data Integrity proofs)
``OB3_JWT`` / ``CLR2_JWT`` / ``VC_JWT``  :mod:`.vcjwt`
``EUROPASS_EDC``                        :mod:`.europass` (JAdES seal)
``PDF_CERTIFICATE``                     nothing cryptographic: ``unverifiable``
=====================================  ===============================================

Verification works from ``credential.payload`` only (never from any field a credential says
about itself, such as a "verified" flag), opens no socket (documents come from ``docs``, see
:mod:`.documents`; fetching is :mod:`.fetch`, on request), and never raises for bad content: it
returns a ``malformed`` / ``unsupported`` verdict with the reason.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from portfolio_app.model import Credential, CredentialFormat
from portfolio_app.verify import europass, ob2, vcjwt
from portfolio_app.verify._common import ContentError, load_json_object
from portfolio_app.verify.canon import WorkLimitExceeded, work_budget
from portfolio_app.verify.documents import DocumentSource, EmptySource, TrustBundleError
from portfolio_app.verify.jws import looks_like_compact_jws
from portfolio_app.verify.linked_data import verify_linked_data_credential
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict, decide

log = logging.getLogger(__name__)

PDF_NOT_CHECKED = (
    "a PDF certificate is self-reported: nothing cryptographic to check; "
    "use its verification link online"
)

_LINKED_DATA = {CredentialFormat.OB3, CredentialFormat.CLR2, CredentialFormat.VC}
_JWT = {CredentialFormat.OB3_JWT, CredentialFormat.CLR2_JWT, CredentialFormat.VC_JWT}
_OB2 = {CredentialFormat.OB2_HOSTED, CredentialFormat.OB2_SIGNED}


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
    try:
        verdict = _dispatch(credential, source, moment, learner_emails)
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
    except Exception as exc:  # never let bad content crash the caller
        log.exception("verification of a %s credential failed unexpectedly", credential.format)
        verdict = decide(
            [Status.MALFORMED],
            [
                Check(
                    "format",
                    Outcome.FAILED,
                    f"the credential could not be processed ({type(exc).__name__}: {exc})",
                )
            ],
            checked_at=moment,
        )
    facts = {"format": credential.format.value, **verdict.facts}
    return dataclasses.replace(verdict, facts=facts)


def _dispatch(
    credential: Credential, docs: DocumentSource, now: datetime, learner_emails: Sequence[str]
) -> Verdict:
    fmt = credential.format
    payload = credential.payload if isinstance(credential.payload, str) else ""
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
        if is_jws:
            return ob2.verify_ob2_signed(payload, docs=docs, now=now, learner_emails=learner_emails)
        return _ob2_hosted(payload, docs, now, learner_emails)
    if fmt in _JWT or (fmt in _LINKED_DATA and is_jws):
        return vcjwt.verify_vc_jwt(payload, docs=docs, now=now)
    if fmt in _LINKED_DATA or fmt in _JWT:
        return _linked_data(payload, docs, now)
    if fmt is CredentialFormat.EUROPASS_EDC:
        return europass.verify_europass(payload, now=now)
    raise ContentError(
        f"credential format {fmt.value!r} is not supported", status=Status.UNSUPPORTED
    )


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
    return ob2.verify_ob2_hosted(text, docs=docs, now=now, learner_emails=learner_emails)


def _linked_data(payload: str, docs: DocumentSource, now: datetime) -> Verdict:
    document = load_json_object(payload, what="the credential")
    return verify_linked_data_credential(document, docs=docs, now=now)
