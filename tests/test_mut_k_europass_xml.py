"""Europass EDC v1 XML seal: every refusal of the XAdES shape rules, reached by a real seal.

Written against the survivors of a mutation run (docs/mutation.md, "K2: europass_xml"): each
test seals a credential here (signxml's XAdES signer, a key and certificate made here), then
changes one thing a forger or a careless issuer could change, and checks what the user is told.
A refusal that nobody tests is a refusal that can silently disappear.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from signxml.exceptions import InvalidCertificate
from test_verify_europass_xml_seal import (
    CERT,
    KEY,
    NOW,
    SEALED_AT,
    _certificate,
    _Signer,
    check,
    credential_of,
    declared,
    document,
    seal,
    trust,
    verify,
)

from portfolio_app.verify.europass_xml import verify_europass_xml
from portfolio_app.verify.verdict import Outcome, Status, Verdict

DS = "{http://www.w3.org/2000/09/xmldsig#}"
XADES = "{http://uri.etsi.org/01903/v1.3.2#}"
PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"
C14N_1_0 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_1_1 = "http://www.w3.org/2006/12/xml-c14n11"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
NAMES = ["format", "signature", "certificate", "signed_content", "dates", "trust_list",
         "timestamps"]


class _ShapedSigner(_Signer):
    """The test signer, with the seal's shape chosen by the test (a real, valid seal)."""

    def __init__(self, *, c14n: str = C14N_1_1, key_info_id: str = "",
                 own_transform: str = "") -> None:
        super().__init__(SEALED_AT)
        self.c14n_alg = type(self.c14n_alg)(c14n)
        self.key_info_id = key_info_id
        self.own_transform = own_transform

    def _build_xades_ds_object(self, sig_root: Any, signing_settings: Any) -> None:
        if self.key_info_id:
            sig_root.find(f"{DS}KeyInfo").set("Id", self.key_info_id)
        super()._build_xades_ds_object(sig_root, signing_settings)

    def _add_reference_to_signed_info(self, sig_root: Any, node_to_reference: Any,
                                      **attrs: Any) -> None:
        super()._add_reference_to_signed_info(sig_root, node_to_reference, **attrs)
        if self.own_transform:  # on the references to the seal's own parts
            reference = sig_root.find(f"{DS}SignedInfo").findall(f"{DS}Reference")[-1]
            holder = etree.Element(f"{DS}Transforms")
            etree.SubElement(holder, f"{DS}Transform", Algorithm=self.own_transform)
            reference.insert(0, holder)


def shaped_seal(xml: str = "", **shape: Any) -> bytes:
    signed = _ShapedSigner(**shape).sign(etree.fromstring((xml or document()).encode()),
                                         key=KEY, cert=[CERT])
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def tree(data: bytes) -> Any:
    return etree.fromstring(data)


def text_of(root: Any) -> bytes:
    return declared(etree.tostring(root).decode())


def references(root: Any) -> list[Any]:
    return list(root.iter(f"{DS}Reference"))


def reference_of(root: Any, kind: str) -> Any:
    """The seal's whole-document, signed-properties or KeyInfo reference."""
    refs = references(root)
    if kind == "document":
        return next(r for r in refs if r.get("URI") == "")
    if kind == "properties":
        return next(r for r in refs if r.get("Type") == PROPERTIES_TYPE)
    return next(r for r in refs if r.get("URI") not in ("", None) and r.get("Type") is None)


def add_transform(reference: Any, algorithm: str) -> None:
    holder = reference.find(f"{DS}Transforms")
    if holder is None:
        holder = etree.Element(f"{DS}Transforms")
        reference.insert(0, holder)
    etree.SubElement(holder, f"{DS}Transform", Algorithm=algorithm)


def seal_refusal(verdict: Verdict) -> str:
    assert check(verdict, "format").outcome is Outcome.PASSED
    assert check(verdict, "seal").outcome is Outcome.FAILED
    return check(verdict, "seal").detail


# --- what every verdict records ------------------------------------------------------------


def test_an_unsealed_credential_still_passes_the_format_check_and_names_the_proof() -> None:
    verdict = verify(declared(document()))
    assert [c.name for c in verdict.checks] == ["format", "seal"]
    assert check(verdict, "format").outcome is Outcome.PASSED
    assert verdict.facts["proof"] == "XAdES seal"


def test_a_verified_seal_runs_every_check_and_records_who_issued_the_certificate() -> None:
    verdict = verify(seal(document()), lists=trust())
    assert verdict.status is Status.VERIFIED
    assert [c.name for c in verdict.checks] == NAMES
    assert check(verdict, "format").outcome is Outcome.PASSED
    assert verdict.facts["proof"] == "XAdES seal"
    assert verdict.facts["signer_issuer"] == "CN=TH Luebeck Seal"


def test_a_certificate_not_valid_at_signing_time_stops_before_the_signature() -> None:
    old = _certificate(dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                       dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    verdict = verify(seal(document(), cert=old), lists=trust(old))
    assert verdict.status is Status.TAMPERED
    assert [c.name for c in verdict.checks] == ["format", "signature", "certificate"]
    assert check(verdict, "signature").outcome is Outcome.NOT_CHECKED


# --- what is shown against what is sealed ----------------------------------------------------


def test_sealed_xml_the_parser_cannot_read_is_malformed() -> None:
    # An intact seal over a credential without a title, stored as if it had one.
    sealed = seal(document().replace(
        '<title><text content-type="text/plain" lang="en">Java Programming Certificate</text>'
        "</title>", ""))
    credential = dataclasses.replace(credential_of(seal(document())), payload=sealed.decode())
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.MALFORMED
    assert check(verdict, "signature").outcome is Outcome.PASSED
    assert check(verdict, "signed_content").outcome is Outcome.FAILED
    assert check(verdict, "signed_content").detail.startswith("the sealed XML: ")


def test_an_unreadable_sealed_date_is_named_as_the_date_that_differs() -> None:
    sealed = seal(document().replace("2021-06-30T10:00:00+02:00", "last summer"))
    credential = dataclasses.replace(credential_of(seal(document())), payload=sealed.decode())
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "the date shown is not the one the seal covers" in check(
        verdict, "signed_content").detail


def test_a_description_that_is_not_the_sealed_one_is_named() -> None:
    credential = dataclasses.replace(credential_of(seal(document())),
                                     description="Summa cum laude")
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "the description shown is not the one the seal covers" in check(
        verdict, "signed_content").detail


def test_the_dates_check_names_the_sealed_date_that_decides() -> None:
    future = seal(document().replace("2021-07-01T00:00:00+02:00", "2030-07-01T00:00:00+02:00"))
    starts = check(verify(future, lists=trust()), "dates")
    assert starts.outcome is Outcome.FAILED
    assert "(validFrom)" in starts.detail
    ends = check(verify(seal(document(valid_until="2026-01-01T00:00:00Z")), lists=trust()),
                 "dates")
    assert "(validUntil)" in ends.detail


# --- references: URIs and targets ------------------------------------------------------------


@pytest.mark.parametrize("attribute", ["Id", "ID", "id"])
def test_a_second_element_with_the_signed_properties_id_is_tampered(attribute: str) -> None:
    # Signature wrapping by id: a decoy carrying the same id, so "#id" names two elements.
    root = tree(seal(document()))
    wanted = reference_of(root, "properties").get("URI")[1:]
    etree.SubElement(root, "{http://data.europa.eu/snb}decoy", {attribute: wanted})
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "names 2 elements" in seal_refusal(verdict)


def test_signed_properties_outside_the_seal_are_refused() -> None:
    # A copy of the signed properties moved beside the credential; the seal's own lose the id.
    root = tree(seal(document()))
    own = next(root.iter(f"{XADES}SignedProperties"))
    root.append(copy.deepcopy(own))
    del own.attrib["Id"]
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "XAdES signed properties reference" in seal_refusal(verdict)
    assert "points outside the seal" in seal_refusal(verdict)


def test_a_signed_properties_reference_to_another_part_of_the_seal_is_refused() -> None:
    root = tree(seal(document()))
    reference_of(root, "key").set("Type", PROPERTIES_TYPE)  # the KeyInfo, typed as properties
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "points outside the seal" in seal_refusal(verdict)


def test_a_reference_without_a_uri_is_unsupported() -> None:
    root = tree(seal(document()))
    del reference_of(root, "key").attrib["URI"]
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "reference without a URI" in seal_refusal(verdict)


@pytest.mark.parametrize("uri", ["#", "other.xml", "http://example.org/edc.xml"])
def test_a_reference_to_something_outside_the_document_is_unsupported(uri: str) -> None:
    root = tree(seal(document()))
    reference_of(root, "key").set("URI", uri)
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert f"the seal signs {uri!r}, outside the credential" in seal_refusal(verdict)


def test_a_one_letter_id_is_an_ordinary_reference() -> None:
    data = shaped_seal(key_info_id="k")
    assert b'URI="#k"' in data
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.VERIFIED
    assert check(verdict, "signature").outcome is Outcome.PASSED


def test_a_seal_without_a_signed_properties_reference_is_unsupported() -> None:
    root = tree(seal(document()))
    properties = reference_of(root, "properties")
    properties.getparent().remove(properties)
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "one reference to its signed properties" in seal_refusal(verdict)


def test_two_references_to_the_key_info_are_unsupported() -> None:
    root = tree(seal(document()))
    key = reference_of(root, "key")
    key.addnext(copy.deepcopy(key))
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "one reference to its signed properties" in seal_refusal(verdict)


# --- transforms ----------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", [
    C14N_1_0, C14N_1_0 + "#WithComments", C14N_1_1, C14N_1_1 + "#WithComments", EXC_C14N,
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"])
def test_every_canonicalization_is_accepted(algorithm: str) -> None:
    # Stated on every reference: without a transform a reference is canonicalized inclusively,
    # and signxml's XAdES signer digests the seal's own parts with its own algorithm.
    data = shaped_seal(c14n=algorithm, own_transform=algorithm)
    root = tree(data)
    for reference in references(root):
        assert algorithm in [str(t.get("Algorithm")) for t in reference.iter(f"{DS}Transform")]
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.VERIFIED


@pytest.mark.parametrize(("kind", "algorithm", "name"), [
    ("document", "http://www.w3.org/2002/06/xmldsig-filter2", "an XPath Filter 2.0 transform"),
    ("document", "http://www.w3.org/2000/09/xmldsig#base64", "a base64 transform"),
    ("document", "http://www.w3.org/TR/1999/REC-xslt-19991116", "an XSLT transform"),
    ("properties", XPATH, "an XPath transform"),
    ("key", "http://www.w3.org/2000/09/xmldsig#base64", "a base64 transform"),
    ("key", "urn:example:rewrite", "the transform 'urn:example:rewrite'"),
])
def test_a_transform_this_app_does_not_evaluate_is_unsupported_and_named(
        kind: str, algorithm: str, name: str) -> None:
    root = tree(seal(document()))
    add_transform(reference_of(root, kind), algorithm)
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert f"uses {name}, which this app does not evaluate" in seal_refusal(verdict)


# --- signing time and certificate ------------------------------------------------------------


def test_two_signing_times_are_refused() -> None:
    root = tree(seal(document()))
    stated = next(root.iter(f"{XADES}SigningTime"))
    stated.addnext(copy.deepcopy(stated))
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.MALFORMED
    assert "more than one signing time" in seal_refusal(verdict)


def test_an_unreadable_signing_time_is_refused() -> None:
    root = tree(seal(document()))
    next(root.iter(f"{XADES}SigningTime")).text = "the first of March"
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.MALFORMED
    assert "signing time is unreadable" in seal_refusal(verdict)


def test_a_certificate_with_stray_characters_in_its_base64_is_unreadable() -> None:
    # Lenient base64 would drop the stray characters and read another text than the file's.
    root = tree(seal(document()))
    element = next(root.iter(f"{DS}X509Certificate"))
    element.text = "".join(str(element.text).split())
    element.text = element.text[:40] + "!*" + element.text[40:]
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.MALFORMED
    assert "certificate (X509Certificate) cannot be read" in seal_refusal(verdict)


def test_a_changed_signature_value_does_not_match_the_certificate() -> None:
    root = tree(seal(document()))
    element = next(root.iter(f"{DS}SignatureValue"))
    raw = bytearray(base64.b64decode("".join(str(element.text).split())))
    raw[10] ^= 0x01
    element.text = base64.b64encode(bytes(raw)).decode()
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "signature").outcome is Outcome.FAILED
    assert "does not match its certificate" in check(verdict, "signature").detail


def test_a_certificate_signxml_refuses_fails_the_seal(monkeypatch: pytest.MonkeyPatch) -> None:
    # The app checks the certificate's dates itself first, so signxml's own refusal cannot be
    # reached with a real certificate today; a later signxml may add rules.  Its refusal must
    # still end as one line on a tampered seal, not as a traceback.
    from signxml.xades.xades import XAdESVerifier

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise InvalidCertificate("key usage does not allow signing")

    monkeypatch.setattr(XAdESVerifier, "verify", refuse)
    verdict = verify(seal(document()), lists=trust())
    assert verdict.status is Status.TAMPERED
    assert check(verdict, "signature").detail == (
        "the sealing certificate was refused: key usage does not allow signing")


# --- hostile XML ---------------------------------------------------------------------------


def test_a_document_type_naming_a_local_file_is_not_read(tmp_path: Path) -> None:
    # The file would fail to parse if the seal check loaded it; it must not even be opened.
    dtd = tmp_path / "edc.dtd"
    dtd.write_text("<!ELEMENT broken")
    data = seal(document()).replace(
        b"?>", f'?>\n<!DOCTYPE europassCredential SYSTEM "{dtd.as_uri()}">'.encode(), 1)
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert check(verdict, "signature").detail.startswith("the XAdES seal could not be checked")


def test_the_seal_check_keeps_the_xml_parsers_size_limits() -> None:
    # A seal over a text past lxml's 10 MB limit: the check refuses it in one line rather
    # than lifting the limit (huge_tree) and reading as much as the file holds.
    huge = document().replace("</europassCredential>", (
        '<description><text content-type="text/plain" lang="en">' + "x" * 10_000_001
        + "</text></description></europassCredential>"))
    signer = _Signer(SEALED_AT)
    signer._parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    signed = signer.sign(etree.fromstring(huge.encode(), etree.XMLParser(huge_tree=True)),
                         key=KEY, cert=[CERT])
    data = bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.MALFORMED
    assert check(verdict, "signature").detail.startswith("the sealed XML cannot be read")


# --- found by the unsampled half of the run ------------------------------------------------


def test_a_stored_payload_that_is_not_an_edc_document_is_malformed() -> None:
    credential = dataclasses.replace(credential_of(seal(document())),
                                     payload='<svg xmlns="http://www.w3.org/2000/svg"/>')
    verdict = verify_europass_xml(credential, now=NOW, trust_lists=trust())
    assert verdict.status is Status.MALFORMED
    assert "is not a Europass" in seal_refusal(verdict)


def test_the_verdict_records_who_sealed() -> None:
    assert verify(seal(document()), lists=trust()).facts["signer"] == "CN=TH Luebeck Seal"


def test_without_a_valid_from_the_issued_date_decides() -> None:
    xml = document().replace("<cred:validFrom>2021-07-01T00:00:00+02:00</cred:validFrom>", "")
    xml = xml.replace("2021-06-30T10:00:00+02:00", "2030-06-30T10:00:00+02:00")
    dates = check(verify(seal(xml), lists=trust()), "dates")
    assert dates.outcome is Outcome.FAILED
    assert "(issued)" in dates.detail


def test_a_whole_document_reference_without_the_enveloped_transform_is_unsupported() -> None:
    root = tree(seal(document()))
    for transform in reference_of(root, "document").iter(f"{DS}Transform"):
        if transform.get("Algorithm", "").endswith("#enveloped-signature"):
            transform.getparent().remove(transform)
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "lacks the enveloped-signature transform" in seal_refusal(verdict)


@pytest.mark.parametrize("blank", [True, False])
def test_a_seal_without_its_certificate_is_unsupported(blank: bool) -> None:
    root = tree(seal(document()))
    element = next(root.iter(f"{DS}X509Certificate"))
    if blank:
        element.text = "  \n "
    else:
        element.getparent().remove(element)
    verdict = verify(text_of(root), lists=trust())
    assert verdict.status is Status.UNSUPPORTED
    assert "the seal carries no certificate" in seal_refusal(verdict)


class _TimelessSigner(_Signer):
    def add_signing_time(self, signed_signature_properties: Any, sig_root: Any,
                         signing_settings: Any) -> None:
        """No SigningTime: XAdES makes it optional."""


def test_a_seal_without_a_signing_time_is_checked_now() -> None:
    signed = _TimelessSigner(SEALED_AT).sign(etree.fromstring(document().encode()), key=KEY,
                                             cert=[CERT])
    data = bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))
    assert b"SigningTime" not in data
    verdict = verify(data, lists=trust())
    assert verdict.status is Status.VERIFIED
    assert "sealed_at" not in verdict.facts


def test_a_seal_that_yields_no_credential_is_tampered(monkeypatch: pytest.MonkeyPatch) -> None:
    # signxml returns the enveloping document for a whole-document reference; should a later
    # version return nothing (or a part), the app must not read fields from it.
    from signxml.xades.xades import XAdESVerifier

    monkeypatch.setattr(XAdESVerifier, "verify", lambda *_a, **_k: [])
    verdict = verify(seal(document()), lists=trust())
    assert verdict.status is Status.TAMPERED
    assert "did not yield the credential" in check(verdict, "signature").detail
