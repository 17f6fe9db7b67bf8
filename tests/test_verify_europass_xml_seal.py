"""Europass EDC v1 XML: the XAdES seal, checked with signxml, and what is shown checked against it.

Every document is built here and sealed here with signxml's own XAdES signer and a certificate
made here, so the hostile cases (a changed value, signature wrapping, a seal over one element,
an XPath transform, bombs) are real seals with one thing wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml.xades.xades import XAdESSigner

from portfolio_app.errors import RejectedInput
from portfolio_app.formats.parse import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Credential, CredentialFormat
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify.documents import MemorySource, TrustFile
from portfolio_app.verify.engine import internal_error_count, verify_credential
from portfolio_app.verify.europass import TRUST_NOT_CHECKED
from portfolio_app.verify.europass_xml import verify_europass_xml
from portfolio_app.verify.registry import SealTrustList, load_trust
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
SEALED_AT = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
LIST_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
TITLE = "Java Programming Certificate"
ISSUER = "TH Luebeck"


def _certificate(
    not_before: dt.datetime = dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    not_after: dt.datetime = dt.datetime(2028, 1, 1, tzinfo=dt.UTC),
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "TH Luebeck Seal")])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(KEY.public_key()).serial_number(11)
            .not_valid_before(not_before).not_valid_after(not_after)
            .sign(KEY, hashes.SHA256()))


CERT = _certificate()


class _Signer(XAdESSigner):
    """signxml's XAdES signer with the signing time set by the test (frozen clock)."""

    def __init__(self, signing_time: dt.datetime) -> None:
        super().__init__()
        self.signing_time = signing_time

    def add_signing_time(self, signed_signature_properties: Any, sig_root: Any,
                         signing_settings: Any) -> None:
        element = etree.SubElement(signed_signature_properties,
                                   "{http://uri.etsi.org/01903/v1.3.2#}SigningTime")
        element.text = self.signing_time.isoformat(timespec="seconds")


def document(*, title: str = TITLE, valid_until: str | None = None, title_id: str = "") -> str:
    until = f"<cred:validUntil>{valid_until}</cred:validUntil>" if valid_until else ""
    title_attr = f' Id="{title_id}"' if title_id else ""
    return f"""<europassCredential xmlns="http://data.europa.eu/snb"
    xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#"
    cred:id="urn:credential:631fc04f" xsdVersion="0.10.0">
  <cred:issued>2021-06-30T10:00:00+02:00</cred:issued>
  <cred:validFrom>2021-07-01T00:00:00+02:00</cred:validFrom>
  {until}
  <cred:issuer idref="urn:epass:org:1"/>
  <title{title_attr}><text content-type="text/plain" lang="en">{title}</text></title>
  <agentReferences>
    <organization id="urn:epass:org:1">
      <prefLabel><text content-type="text/plain" lang="en">{ISSUER}</text></prefLabel>
    </organization>
  </agentReferences>
</europassCredential>"""


def seal(xml: str, *, cert: x509.Certificate = CERT, signing_time: dt.datetime = SEALED_AT,
         **sign_args: Any) -> bytes:
    signed = _Signer(signing_time).sign(etree.fromstring(xml.encode()), key=KEY, cert=[cert],
                                        **sign_args)
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def credential_of(data: bytes) -> Credential:
    return parse(extract("edc.xml", data))


def trust(cert: x509.Certificate = CERT) -> tuple[SealTrustList, ...]:
    digest = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()
    return load_trust([_trust_file(digest)]).trust_lists


def _trust_file(digest: str) -> TrustFile:
    body = json.dumps({"name": "Test sealing list", "as_of": "2026-11-01", "seal_certificates": [
        {"sha256": digest, "organisation": "TH Luebeck"}]}).encode()
    return TrustFile("bundle list", body, LIST_DATE, "seals.json")


def declared(xml: str) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + xml.encode()


def verify(data: bytes, *, lists: tuple[SealTrustList, ...] = ()) -> Verdict:
    return verify_europass_xml(credential_of(data), now=NOW, trust_lists=lists)


def check(verdict: Verdict, name: str) -> Check:
    return next(c for c in verdict.checks if c.name == name)


def shows_nowhere(verdict: Verdict, text: str) -> bool:
    return all(text not in c.detail for c in verdict.checks) and all(
        text not in value for value in verdict.facts.values())


# --- an intact seal ------------------------------------------------------------------------


def test_a_seal_on_a_trust_list_is_verified() -> None:
    verdict = verify(seal(document()), lists=trust())
    assert verdict.status is Status.VERIFIED
    assert check(verdict, "signature").outcome is Outcome.PASSED
    assert check(verdict, "signed_content").outcome is Outcome.PASSED
    assert check(verdict, "trust_list").outcome is Outcome.PASSED
    assert check(verdict, "timestamps").outcome is Outcome.NOT_CHECKED
    assert verdict.facts["sealed_at"].startswith("2026-03-01")


def test_a_seal_on_no_trust_list_is_unverifiable_with_that_reason() -> None:
    verdict = verify(seal(document()))
    assert verdict.status is Status.UNVERIFIABLE
    assert check(verdict, "signature").outcome is Outcome.PASSED
    assert check(verdict, "trust_list").detail == TRUST_NOT_CHECKED
    other = _certificate(not_before=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    assert verify(seal(document()), lists=trust(other)).status is Status.UNVERIFIABLE


def test_the_engine_passes_the_profiles_trust_lists() -> None:
    digest = hashlib.sha256(CERT.public_bytes(Encoding.DER)).hexdigest()
    docs = MemorySource(trust=[_trust_file(digest)])
    credential = credential_of(seal(document()))
    assert credential.format is CredentialFormat.EUROPASS_XML
    assert verify_credential(credential, docs=docs, now=NOW).status is Status.VERIFIED
    assert verify_credential(credential, now=NOW).status is Status.UNVERIFIABLE


def test_a_stored_credential_still_matches_its_seal_when_checked_again(tmp_path: Path) -> None:
    # The shown fields come back from storage; they must compare equal to the sealed ones.
    (tmp_path / "edc.xml").write_bytes(seal(document(valid_until="2030-01-01T00:00:00+01:00")))
    portfolio = Portfolio(tmp_path / "profile")
    portfolio.import_paths([tmp_path / "edc.xml"])
    stored = portfolio.repo.list_credentials()[0]
    verdict = portfolio.reverify_one(stored.id)
    assert verdict.status is Status.UNVERIFIABLE  # no trust list in this profile
    assert check(verdict, "signed_content").outcome is Outcome.PASSED


def test_expiry_comes_from_the_sealed_dates() -> None:
    verdict = verify(seal(document(valid_until="2026-01-01T00:00:00Z")), lists=trust())
    assert verdict.status is Status.EXPIRED


def test_a_certificate_expired_since_sealing_is_a_note_not_a_failure() -> None:
    old = _certificate(dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                       dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    data = seal(document(), cert=old, signing_time=dt.datetime(2021, 6, 1, tzinfo=dt.UTC))
    verdict = verify(data, lists=trust(old))
    assert verdict.status is Status.VERIFIED
    assert "since expired" in check(verdict, "certificate").detail


def test_a_certificate_not_valid_at_signing_time_fails_the_seal() -> None:
    old = _certificate(dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                       dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    verdict = verify(seal(document(), cert=old), lists=trust(old))
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "certificate").outcome is Outcome.FAILED
    assert "not valid at signing time" in check(verdict, "certificate").detail


def test_an_unsealed_credential_is_unverifiable() -> None:
    verdict = verify(declared(document()))
    assert verdict.status is Status.UNVERIFIABLE
    assert "carries no seal" in check(verdict, "seal").detail


# --- changed after sealing -----------------------------------------------------------------


def test_one_shown_value_changed_after_sealing_is_tampered() -> None:
    data = seal(document()).replace(TITLE.encode(), b"Java Programming Masters Degree")
    credential = credential_of(data)
    assert credential.title == "Java Programming Masters Degree"  # what the file shows
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "signature").outcome is Outcome.FAILED


def test_a_shown_value_that_is_not_the_sealed_one_is_tampered() -> None:
    # The stored credential claims another title than its own sealed original.
    credential = dataclasses.replace(credential_of(seal(document())), title="Doctor of Java")
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "title shown is not the one the seal covers" in check(verdict, "signed_content").detail


def test_a_comment_inside_a_value_changes_neither_the_seal_nor_what_is_shown() -> None:
    # The seal is canonicalized without comments, and the parser joins the text around one.
    data = seal(document()).replace(b"Java Programming", b"Java<!-- x --> Programming", 1)
    verdict = verify(data, lists=trust())
    assert credential_of(data).title == TITLE
    assert verdict.status is Status.VERIFIED
    assert check(verdict, "signed_content").outcome is Outcome.PASSED


# --- signature wrapping --------------------------------------------------------------------


def test_an_unsigned_credential_wrapped_around_the_sealed_one_is_not_verified() -> None:
    inner = seal(document()).decode().split("?>", 1)[1]
    wrapper = document(title="Doctor of Medicine").replace(
        "</europassCredential>", f"<wrapped>{inner}</wrapped></europassCredential>")
    credential = credential_of(declared(wrapper))
    assert credential.title == "Doctor of Medicine"
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.TAMPERED
    assert shows_nowhere(verdict, "Doctor of Medicine")


def test_unsigned_elements_hidden_inside_the_seal_are_caught() -> None:
    # The seal is enveloped: the ds:Signature is not covered, so what sits in its ds:Object is
    # unsigned. Move the seal first and hide a fake issuer (inside a second europassCredential)
    # there: the seal stays intact, but the parser would show the fake name.
    root = etree.fromstring(seal(document()))
    signature = root.find("{http://www.w3.org/2000/09/xmldsig#}Signature")
    fake = etree.fromstring(document().replace(ISSUER, "Harvard University").encode())
    obj = etree.SubElement(signature, "{http://www.w3.org/2000/09/xmldsig#}Object")
    obj.append(fake.find("{http://data.europa.eu/snb}agentReferences"))
    obj.append(fake)
    root.insert(0, signature)
    credential = credential_of(declared(etree.tostring(root).decode()))
    assert credential.issuer_name == "Harvard University"  # what the raw file shows
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "signature").outcome is Outcome.PASSED
    assert "issuer name shown is not the one the seal covers" in check(
        verdict, "signed_content").detail
    assert shows_nowhere(verdict, "Harvard University")


def test_a_seal_over_one_element_only_is_not_verified() -> None:
    data = seal(document(title_id="t1"), reference_uri="#t1")
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "only part of the document (reference '#t1')" in check(verdict, "seal").detail
    # ... and the values beside it can then be anything: still not verified.
    forged = data.replace(b"urn:credential:631fc04f", b"urn:credential:forged")
    assert verify(forged, lists=trust()).status is Status.UNSUPPORTED


def test_a_second_whole_document_reference_is_not_accepted() -> None:
    data = seal(document())
    start = data.index(b"<ds:Reference ")
    end = data.index(b"</ds:Reference>") + len(b"</ds:Reference>")
    doubled = data[:end] + data[start:end] + data[end:]
    verdict = verify(doubled, lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "2 whole-document references" in check(verdict, "seal").detail


def test_a_dss_style_xpath_transform_is_unsupported_and_named() -> None:
    # The EDC issuer's seals (EU DSS) select the document with an XPath filter, not with the
    # enveloped-signature transform; this app does not evaluate XPath.
    data = seal(document()).replace(
        b'<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>',
        b'<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116">'
        b"<ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>", 1)
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "an XPath transform" in check(verdict, "seal").detail


def test_two_signatures_are_unsupported() -> None:
    once = etree.fromstring(seal(document()))
    twice = etree.fromstring(seal(etree.tostring(once).decode()))
    verdict = verify(declared(etree.tostring(twice).decode()), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "2 XML signatures" in check(verdict, "seal").detail


# --- hostile XML ---------------------------------------------------------------------------

BOMB = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + ']><europassCredential xmlns="http://data.europa.eu/snb"><title>&i;</title>'
        "</europassCredential>")
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<europassCredential xmlns="http://data.europa.eu/snb"><title>&e;</title>'
            "</europassCredential>")


@pytest.mark.parametrize(("payload", "phrase"), [(BOMB, "entities are not allowed"),
                                                  (EXTERNAL, "external entities")])
def test_bombs_and_external_entities_are_malformed_fast(payload: str, phrase: str) -> None:
    with pytest.raises(RejectedInput):
        extract("edc.xml", payload.encode())  # the import refuses it ...
    stored = dataclasses.replace(credential_of(seal(document())), payload=payload)
    started = time.perf_counter()
    verdict = verify_europass_xml(stored, now=NOW, trust_lists=trust())  # ... and so does this
    assert time.perf_counter() - started < 1.0
    assert verdict.status is Status.MALFORMED
    assert phrase in check(verdict, "format").detail


def test_an_incomplete_seal_is_malformed_and_nothing_raises() -> None:
    before = internal_error_count()
    data_text = document().replace(
        "</europassCredential>",
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/>'
        "</ds:Signature></europassCredential>")
    data = declared(data_text)
    verdict = verify_credential(credential_of(data), now=NOW)
    assert verdict.status is Status.MALFORMED
    assert "incomplete" in check(verdict, "seal").detail
    assert internal_error_count() == before
