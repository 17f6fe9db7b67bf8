"""Europass Digital Credentials (ELM v3) sealed with JAdES (ETSI TS 119 182-1).

The file is a JWS JSON serialization ``{payload, signatures: [{protected, header, signature}]}``
(the flattened form ``{payload, protected, header, signature}`` is accepted too).  For each
signature:

1. The protected header must be readable; every ``crit`` name must be one we understand
   (``b64``, ``sigT``, ``adoTst``), else ``unsupported``.
2. Signing input = ``ASCII(protected_b64) + "." + payload``: with ``b64: false`` (RFC 7797) the
   payload's own UTF-8 bytes, otherwise its base64url text.
3. The key is the leaf of ``x5c``; ``x5t#S256`` must equal SHA-256 of that certificate's DER.
4. RS256 (or ES256) signature check.

5. The sealing certificate must be tied to the issuer by a **sealing trust list** the profile
   holds (a trust bundle's ``registries``, see :mod:`.registry`): listed by its SHA-256, or
   directly issued by a listed CA, for the organisation named there (and, when the entry
   restricts it, for this issuer id).  That is the ``trust_list`` check.

**Policy:** an intact seal whose certificate is on no trust list the profile holds is
``unverifiable`` ("seal intact; the sealing certificate is not on a trust list this app
holds"): anyone can make a certificate that calls itself a university, so an intact seal alone
says nothing about who sealed.  What is still **not** done offline, even with a trust list:
building the chain to the EU trusted lists themselves, certificate revocation at signing time,
and the RFC 3161 timestamps (``sigTst``, ``arcTst``); they appear as a ``timestamps`` check
that is *not checked*, which a verified verdict lists among its limits.

The certificate's own validity is judged at the signing time ``sigT``: the sample
certificate expired in 2025 but was valid when it sealed the credential, which is a note
(``certificate`` check), not expiry of the credential.  A certificate that was not valid at
``sigT`` fails the seal (``tampered``).  Credential expiry comes from the payload
(``expirationDate`` / ``validUntil``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from portfolio_app.formats.common import as_list
from portfolio_app.verify import jws
from portfolio_app.verify._common import (
    ContentError,
    finish,
    first_id,
    load_json,
    load_json_object,
    parse_datetime,
)
from portfolio_app.verify.dates import DateResult, check_dates
from portfolio_app.verify.registry import SealTrustList, trusted_sealer
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

UNDERSTOOD_CRIT = frozenset({"b64", "sigT", "adoTst"})
TRUST_NOT_CHECKED = "seal intact; the sealing certificate is not on a trust list this app holds"
TIMESTAMPS_NOT_CHECKED = (
    "the seal's timestamps and the certificate's revocation at signing time were not checked "
    "offline"
)


def verify_europass(
    text: str | bytes, *, now: datetime, trust_lists: Sequence[SealTrustList] = ()
) -> Verdict:
    """Verify a JAdES-sealed Europass credential. Never raises for bad content.

    ``trust_lists`` are the sealing trust lists the profile holds; without one that ties the
    sealing certificate to the issuer, an intact seal is ``unverifiable``.
    """
    checks: list[Check] = []
    facts: dict[str, str] = {"proof": "JAdES seal"}
    candidates: set[Status] = set()
    try:
        envelope = load_json_object(text, what="the Europass credential")
        payload_text, signatures = _envelope(envelope)
    except ContentError as exc:
        return finish([exc.status], [Check("format", Outcome.FAILED, exc.reason)], checked_at=now)

    if not signatures:
        checks.append(Check("format", Outcome.PASSED, "a Europass credential without a seal"))
        checks.append(
            Check(
                "signature",
                Outcome.NOT_CHECKED,
                "the credential carries no seal: nothing cryptographic to check",
            )
        )
        return finish([Status.UNVERIFIABLE], checks, checked_at=now, facts=facts)

    results: list[tuple[list[Check], set[Status], dict[str, str], x509.Certificate]] = []
    for index, signature in enumerate(signatures):
        try:
            results.append(_verify_one(signature, payload_text, now))
        except ContentError as exc:
            where = f"seal {index + 1}: " if len(signatures) > 1 else ""
            return finish(
                [exc.status],
                [Check("signature", Outcome.FAILED, where + exc.reason)],
                checked_at=now,
                facts=facts,
            )
    # Every seal must hold; the facts come from the first.
    try:
        credential = _payload_credential(payload_text, signatures[0])
    except ContentError as exc:
        return finish([exc.status], [Check("format", Outcome.FAILED, exc.reason)], checked_at=now)
    checks.append(
        Check(
            "format", Outcome.PASSED, f"a Europass credential with {len(signatures)} JAdES seal(s)"
        )
    )
    for seal_checks, seal_status, seal_facts, _leaf in results:
        checks.extend(seal_checks)
        candidates |= seal_status
        for key, value in seal_facts.items():
            facts.setdefault(key, value)

    issuer = credential.get("issuer")
    if first_id(issuer):
        facts["issuer_id"] = str(first_id(issuer))
    return finish_sealed(
        candidates,
        checks,
        check_dates(credential, now=now),
        [leaf for *_rest, leaf in results],
        issuer_id=facts.get("issuer_id"),
        trust_lists=trust_lists,
        now=now,
        facts=facts,
    )


def finish_sealed(
    candidates: set[Status],
    checks: list[Check],
    dates: DateResult,
    leaves: Sequence[x509.Certificate],
    *,
    issuer_id: str | None,
    trust_lists: Sequence[SealTrustList],
    now: datetime,
    facts: dict[str, str],
) -> Verdict:
    """The end every Europass seal verdict shares (JAdES here, XAdES in :mod:`.europass_xml`):
    the dates, whether a trust list ties the sealing certificates to the issuer (only when
    nothing was found tampered), the timestamps not checked, and ``verified`` only when no
    other status was found."""
    checks.append(dates.check)
    if dates.status is not None:
        candidates.add(dates.status)
    if Status.TAMPERED not in candidates:
        trust_check = _trust_list_check(leaves, issuer_id, trust_lists)
        checks.append(trust_check)
        if trust_check.outcome is not Outcome.PASSED:
            candidates.add(Status.UNVERIFIABLE)
    checks.append(Check("timestamps", Outcome.NOT_CHECKED, TIMESTAMPS_NOT_CHECKED))
    if not candidates:
        candidates.add(Status.VERIFIED)
    return finish(candidates, checks, checked_at=now, facts=facts)


def _trust_list_check(
    leaves: Sequence[x509.Certificate],
    issuer_id: str | None,
    trust_lists: Sequence[SealTrustList],
) -> Check:
    """``trust_list``: every sealing certificate must be tied to the issuer by a trust list."""
    found = []
    for leaf in leaves:
        trust, reason = trusted_sealer(leaf, issuer_id, trust_lists)
        if trust is None:
            return Check("trust_list", Outcome.NOT_CHECKED, reason)
        found.append(trust)
    first = found[0]
    return Check(
        "trust_list",
        Outcome.PASSED,
        f"the sealing certificate belongs to {first.sealer.organisation} according to "
        f"{first.trust_list.name} (as of {first.trust_list.as_of:%Y-%m-%d})",
        as_of=first.trust_list.as_of,
    )


def _envelope(envelope: Mapping[str, Any]) -> tuple[str, list[Mapping[str, Any]]]:
    payload = envelope.get("payload")
    if "signatures" in envelope:
        signatures = envelope["signatures"]
        if not isinstance(signatures, list) or not all(isinstance(s, Mapping) for s in signatures):
            raise ContentError("'signatures' is not a list of seal objects")
    elif "protected" in envelope and "signature" in envelope:
        signatures = [envelope]  # flattened JWS JSON serialization
    elif "payload" not in envelope and "credentialSubject" in envelope:
        # An unsealed ELM credential: the JSON document itself.
        return "", []
    else:
        raise ContentError("not a sealed Europass credential (no JWS 'payload' and 'signatures')")
    if not isinstance(payload, str):
        raise ContentError("the sealed credential's 'payload' is not a string")
    return payload, list(signatures)


def _verify_one(
    seal: Mapping[str, Any], payload_text: str, now: datetime
) -> tuple[list[Check], set[Status], dict[str, str], x509.Certificate]:
    checks: list[Check] = []
    candidates: set[Status] = set()
    facts: dict[str, str] = {}
    protected_b64 = seal.get("protected")
    signature_b64 = seal.get("signature")
    if not isinstance(protected_b64, str) or not isinstance(signature_b64, str):
        raise ContentError("a seal lacks its 'protected' header or 'signature'")
    header = load_json_object(
        jws.b64url_decode(protected_b64, what="the seal header"), what="the seal header"
    )
    unprotected = seal.get("header")
    if isinstance(unprotected, Mapping) and set(unprotected) & {"alg", "crit", "b64", "x5c"}:
        raise ContentError("the seal's unprotected header repeats protected parameters")
    alg = jws.check_header(header, understood_crit=UNDERSTOOD_CRIT)
    signature = jws.b64url_decode(signature_b64, what="the seal signature")

    b64 = header.get("b64", True)
    if b64 is False:
        if "b64" not in as_list(header.get("crit")):
            raise ContentError("'b64: false' must be listed in 'crit' (RFC 7797)")
        signing_input = protected_b64.encode("ascii") + b"." + payload_text.encode("utf-8")
    elif b64 is True:
        jws.b64url_decode(payload_text, what="the sealed payload")
        signing_input = (protected_b64 + "." + payload_text).encode("ascii")
    else:
        raise ContentError("the seal's 'b64' parameter is not true/false")

    leaf = _leaf_certificate(header)
    leaf_der = leaf.public_bytes(Encoding.DER)
    facts["signer"] = leaf.subject.rfc4514_string()
    facts["signer_issuer"] = leaf.issuer.rfc4514_string()

    thumb = header.get("x5t#S256")
    if isinstance(thumb, str):
        expected = jws.b64url_encode(hashlib.sha256(leaf_der).digest())
        if hmac.compare_digest(thumb, expected):
            checks.append(
                Check(
                    "certificate_binding",
                    Outcome.PASSED,
                    "the sealed header names this certificate (x5t#S256)",
                )
            )
        else:
            checks.append(
                Check(
                    "certificate_binding",
                    Outcome.FAILED,
                    "the seal names a different certificate than the one it carries "
                    "(x5t#S256 mismatch)",
                )
            )
            candidates.add(Status.TAMPERED)
    else:
        checks.append(
            Check(
                "certificate_binding",
                Outcome.NOT_CHECKED,
                "the seal header has no x5t#S256 certificate digest",
            )
        )

    key = leaf.public_key()
    if not isinstance(key, jws.PublicKey):
        raise jws.JwsUnsupported("the sealing certificate's key type is not supported")
    if jws.verify_signature(alg, key, signing_input, signature):
        checks.append(
            Check(
                "signature",
                Outcome.PASSED,
                f"the seal is intact ({alg}, sealed by {_common_name(leaf)})",
            )
        )
    else:
        checks.append(
            Check(
                "signature",
                Outcome.FAILED,
                "the seal does not match: the credential was altered after sealing",
            )
        )
        candidates.add(Status.TAMPERED)

    sig_time: datetime | None = None
    if header.get("sigT") is not None:
        try:
            sig_time = parse_datetime(header["sigT"])
        except ValueError as exc:
            raise ContentError(f"the seal's signing time (sigT) is unreadable: {exc}") from exc
        facts["sealed_at"] = sig_time.isoformat()
    checks.append(_certificate_dates(leaf, sig_time, now))
    if checks[-1].outcome is Outcome.FAILED:
        candidates.add(Status.TAMPERED)
    return checks, candidates, facts, leaf


def _leaf_certificate(header: Mapping[str, Any]) -> x509.Certificate:
    chain = header.get("x5c")
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        if "x5u" in header:
            raise jws.JwsUnsupported("the seal names its certificate only by URL (x5u); refused")
        raise ContentError("the seal carries no certificate (x5c)")
    try:
        der = base64.b64decode(chain[0], validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as exc:
        raise ContentError("the seal's certificate (x5c) cannot be read") from exc


def _certificate_dates(leaf: x509.Certificate, sig_time: datetime | None, now: datetime) -> Check:
    start, end = leaf.not_valid_before_utc, leaf.not_valid_after_utc
    when = sig_time or now
    label = "at signing time" if sig_time else "now"
    if not start <= when <= end:
        return Check(
            "certificate",
            Outcome.FAILED,
            f"the sealing certificate was not valid {label} "
            f"(valid {start:%Y-%m-%d} to {end:%Y-%m-%d})",
        )
    detail = f"the sealing certificate was valid {label} ({start:%Y-%m-%d} to {end:%Y-%m-%d})"
    if now > end:
        detail += (
            f"; it has since expired ({end:%Y-%m-%d}), which does not expire the credential"
            " (long-term validation data is embedded but not checked offline)"
        )
    return Check("certificate", Outcome.PASSED, detail)


def _payload_credential(payload_text: str, seal: Mapping[str, Any]) -> dict[str, Any]:
    header = load_json_object(
        jws.b64url_decode(str(seal.get("protected", "")), what="the seal header"),
        what="the seal header",
    )
    raw: str | bytes = payload_text
    if header.get("b64", True) is not False:
        raw = jws.b64url_decode(payload_text, what="the sealed payload")
    credential = load_json(raw, what="the sealed credential")
    if not isinstance(credential, dict):
        raise ContentError("the sealed payload is not a JSON object")
    types = as_list(credential.get("type"))
    if "VerifiableCredential" not in types and "EuropeanDigitalCredential" not in types:
        raise ContentError("the sealed payload is not a Europass credential")
    return credential


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    if names:
        value = names[0].value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return cert.subject.rfc4514_string()
