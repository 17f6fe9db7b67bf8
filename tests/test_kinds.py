"""Credential kinds found in the wild: recognised, kept, and given the right word.

Real Blockcerts samples (tests/fixtures/blockcerts/, see MANIFEST.md there) and credentials
built in the tests: Open Badges 1.x assertions, Blockcerts v2 Merkle proofs, Europass EDC v1
XML, Verifiable Presentations signed with keys made here.  ``malformed`` / a refusal is only
for broken files; a well-formed kind the app does not verify is kept, ``unsupported``.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base58
import cbor2
import pytest

from portfolio_app import cli
from portfolio_app.errors import RejectedInput
from portfolio_app.formats import parse
from portfolio_app.formats.parse import parse_all
from portfolio_app.formats.registry import PRESENTATION_HOLDER, UNSUPPORTED, json_formats
from portfolio_app.ingest import extract
from portfolio_app.model import Container, CredentialFormat
from portfolio_app.services.importing import ImportStatus
from portfolio_app.services.portfolio import Portfolio
from portfolio_app.verify.documents import CachedDocument, MemorySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Outcome, Status, Verdict
from tests.bakery import png, svg, text_chunk
from tests.test_blockcerts_v2 import document_hash as blockcerts_v2_hash
from tests.verify_di_support import NOW, VC2, Issuer, ob3_credential

BLOCKCERTS = Path(__file__).parent / "fixtures" / "blockcerts"


def _parse(doc: dict[str, Any] | str) -> Any:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    return parse(extract("x.json", text.encode("utf-8")))


def _check(verdict: Verdict, name: str) -> Any:
    (found,) = [c for c in verdict.checks if c.name == name]
    return found


# --- the registry -----------------------------------------------------------------------


def test_the_registry_lists_every_json_format_once_most_specific_first() -> None:
    names = [f.name for f in json_formats()]
    assert len(names) == len(set(names))
    # Blockcerts v2 and OB 1.x are also OB 2.0-shaped: they must be tried before OB 2.0.
    ob2 = names.index("Open Badges 2.0 assertion")
    assert names.index("Blockcerts v2 certificate (MerkleProof2017)") < ob2
    assert names.index("Open Badges 1.x assertion") < ob2


# --- Open Badges 1.x --------------------------------------------------------------------

OB1_HOSTED_URL = "https://badges.example.org/assertions/42.json"


def _ob1(**extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": "https://w3id.org/openbadges/v1",
        "type": "Assertion",
        "uid": "42",
        "recipient": {"type": "email", "hashed": False, "identity": "ada@example.org"},
        "badge": {
            "name": "First Aid",
            "description": "Knows the recovery position.",
            "issuer": {"name": "Red Cross Chapter", "url": "https://badges.example.org"},
        },
        "verify": {"type": "hosted", "url": OB1_HOSTED_URL},
        "issuedOn": "2015-03-01",
    }
    doc.update(extra)
    return doc


def test_ob1_1_hosted_is_recognised_and_matches_its_hosted_copy_but_stays_unverifiable() -> None:
    doc = _ob1()
    credential = _parse(doc)
    assert credential.format is CredentialFormat.OB1_HOSTED
    assert (credential.title, credential.issuer_name) == ("First Aid", "Red Cross Chapter")
    docs = MemorySource()
    docs.put(CachedDocument(OB1_HOSTED_URL, json.dumps(doc).encode(), NOW))
    verdict = verify_credential(credential, docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "hosted").outcome is Outcome.PASSED
    assert "say-so" in _check(verdict, "issuer_key").detail


def test_ob1_hosted_copy_that_differs_is_tampered_and_gone_is_revoked() -> None:
    doc = _ob1()
    shown = _parse({**doc, "badge": {**doc["badge"], "name": "Brain Surgery"}})
    docs = MemorySource()
    docs.put(CachedDocument(OB1_HOSTED_URL, json.dumps(doc).encode(), NOW))
    assert verify_credential(shown, docs=docs, now=NOW).status is Status.TAMPERED
    gone = MemorySource()
    gone.put(CachedDocument(OB1_HOSTED_URL, b"", NOW, status=410))
    assert verify_credential(_parse(doc), docs=gone, now=NOW).status is Status.REVOKED


def test_ob1_hosted_without_a_cached_copy_needs_the_network_and_expired_is_expired() -> None:
    verdict = verify_credential(_parse(_ob1()), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "hosted").outcome is Outcome.NOT_CHECKED
    doc = _ob1(expires="2016-01-01")
    docs = MemorySource()
    docs.put(CachedDocument(OB1_HOSTED_URL, json.dumps(doc).encode(), NOW))
    assert verify_credential(_parse(doc), docs=docs, now=NOW).status is Status.EXPIRED


def test_ob1_0_signed_assertion_is_kept_as_unsupported_with_its_kind_named() -> None:
    # OB 1.0: no context; signed: verify.url is a bare public key URL.
    doc = _ob1(verify={"type": "signed", "url": "https://badges.example.org/public.pem"})
    del doc["@context"], doc["type"]
    credential = _parse(doc)
    assert credential.format is CredentialFormat.OB1_SIGNED
    verdict = verify_credential(credential, now=NOW)
    assert verdict.status is Status.UNSUPPORTED
    assert "Open Badges 1.x signed assertion: not verified" in _check(verdict, "signature").detail


def test_ob1_baked_as_json_in_a_png_text_chunk_is_read() -> None:
    data = png(before_idat=(text_chunk("openbadges", json.dumps(_ob1())),))
    extracted = extract("badge.png", data)
    assert extracted.source == "png-text-openbadges"
    assert parse(extracted).format is CredentialFormat.OB1_HOSTED


def test_ob1_baked_in_an_svg_as_backpack_wrote_it_is_read() -> None:
    body = json.dumps(_ob1())
    inner = (
        f'<openbadges:assertion verify="{OB1_HOSTED_URL}"><![CDATA[{body}]]></openbadges:assertion>'
    )
    data = svg(inner, namespace="http://openbadges.org")
    credential = parse(extract("badge.svg", data))
    assert credential.format is CredentialFormat.OB1_HOSTED
    assert credential.container is Container.SVG
    assert credential.title == "First Aid"


# --- Blockcerts -------------------------------------------------------------------------


def _blockcerts_v3(name: str = "testnet-v3-did.json") -> str:
    return (BLOCKCERTS / name).read_text(encoding="utf-8")


def test_real_blockcerts_v3_passes_hash_and_path_and_is_unverifiable_for_its_anchor() -> None:
    credential = _parse(_blockcerts_v3())
    assert credential.format is CredentialFormat.BLOCKCERTS_V3
    assert (credential.title, credential.issuer_name) == ("V3 issuance", "Hyland Innovation Team")
    verdict = verify_credential(credential, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "document_hash").outcome is Outcome.PASSED
    assert _check(verdict, "merkle_path").outcome is Outcome.PASSED
    anchor = _check(verdict, "anchor")
    assert anchor.outcome is Outcome.NOT_CHECKED
    assert "140ee9382a5c8443" in anchor.detail and "not checked offline" in anchor.detail


def test_tampered_blockcerts_v3_copy_is_tampered_by_its_document_hash() -> None:
    verdict = verify_credential(_parse(_blockcerts_v3("testnet-v3-did--tampered-name.json")))
    assert verdict.status is Status.TAMPERED
    assert "not the Merkle proof's target hash" in _check(verdict, "document_hash").detail


def test_blockcerts_v3_whose_merkle_path_misses_the_root_is_tampered() -> None:
    doc = json.loads(_blockcerts_v3())
    pairs = cbor2.loads(base58.b58decode(doc["proof"]["proofValue"][1:]))
    for pair in pairs:
        if pair[0] == 3:  # the path: replace the sibling hash
            pair[1][0][1] = cbor2.dumps("00" * 32)
    doc["proof"]["proofValue"] = "z" + base58.b58encode(cbor2.dumps(pairs)).decode()
    verdict = verify_credential(_parse(doc), now=NOW)
    assert verdict.status is Status.TAMPERED
    assert _check(verdict, "merkle_path").outcome is Outcome.FAILED


def test_blockcerts_v3_with_an_undecodable_proof_value_is_malformed() -> None:
    doc = json.loads(_blockcerts_v3())
    doc["proof"]["proofValue"] = "z" + base58.b58encode(b"\xff\xfe not cbor").decode()
    assert verify_credential(_parse(doc), now=NOW).status is Status.MALFORMED


def _blockcerts_v2(*, wrong_root: bool = False, public_key: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": ["https://w3id.org/openbadges/v2", "https://w3id.org/blockcerts/v2"],
        "type": "Assertion",
        "id": "urn:uuid:bbba8553-8ec1-445f-82c9-a57251dd731c",
        "recipient": {"hashed": False, "type": "email", "identity": "eularia@landroth.org"},
        "recipientProfile": {"type": ["RecipientProfile", "Extension"], "name": "Eularia"},
        "issuedOn": "2017-06-29T14:58:57.461422+00:00",
        "badge": {
            "type": "BadgeClass",
            "name": "Certificate of Accomplishment",
            "issuer": {
                "id": "https://www.blockcerts.org/samples/2.0/issuer-testnet.json",
                "type": "Profile",
                "name": "University of Learning",
            },
        },
        "verification": {"type": ["MerkleProofVerification2017", "Extension"]},
    }
    if public_key:
        doc["verification"]["publicKey"] = public_key
    target = blockcerts_v2_hash(doc)  # the real document hash (plain pyld URDNA2015)
    left, right = "11" * 32, "22" * 32
    step1 = hashlib.sha256(bytes.fromhex(left) + bytes.fromhex(target)).digest()
    root = hashlib.sha256(step1 + bytes.fromhex(right)).hexdigest()
    return {
        **doc,
        "signature": {
            "type": ["MerkleProof2017", "Extension"],
            "targetHash": target,
            "merkleRoot": "33" * 32 if wrong_root else root,
            "proof": [{"left": left}, {"right": right}],
            "anchors": [{"sourceId": "abc123", "type": "BTCOpReturn", "chain": "bitcoinTestnet"}],
        },
    }


def test_blockcerts_v2_path_is_checked_and_the_anchor_named() -> None:
    credential = _parse(_blockcerts_v2())
    assert credential.format is CredentialFormat.BLOCKCERTS_V2
    assert credential.title == "Certificate of Accomplishment"
    verdict = verify_credential(credential, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert _check(verdict, "merkle_path").outcome is Outcome.PASSED
    assert "bitcoinTestnet (abc123)" in _check(verdict, "anchor").detail
    assert _check(verdict, "document_hash").outcome is Outcome.PASSED
    wrong = verify_credential(_parse(_blockcerts_v2(wrong_root=True)), now=NOW)
    assert wrong.status is Status.TAMPERED


def test_blockcerts_issuer_key_comes_from_the_cached_issuer_profile_and_stays_not_checked() -> None:
    doc = _blockcerts_v2(public_key="ecdsa-koblitz-pubkey:mAttacker")
    profile_url = doc["badge"]["issuer"]["id"]
    assert "not cached" in _check(verify_credential(_parse(doc), now=NOW), "issuer_key").detail
    profile = {"type": "Profile", "publicKey": [{"id": "ecdsa-koblitz-pubkey:mIssuer"}]}
    docs = MemorySource([CachedDocument(profile_url, json.dumps(profile).encode(), NOW)])
    verdict = verify_credential(_parse(doc), docs=docs, now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    key = _check(verdict, "issuer_key")
    assert key.outcome is Outcome.NOT_CHECKED and "does not list" in key.detail


# --- Europass EDC v1 XML ----------------------------------------------------------------


def _edc_xml(*, sealed: bool = True, issued: str = "2021-06-30T10:00:00+02:00") -> bytes:
    seal = '<ds:Signature Id="seal"><ds:SignedInfo/></ds:Signature>' if sealed else ""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<europassCredential xmlns="http://data.europa.eu/snb"
    xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    cred:id="urn:credential:631fc04f-0c6b-4f3f-96b2-39bf81a186a5" xsdVersion="0.10.0">
  <cred:issued>{issued}</cred:issued>
  <cred:validFrom>2021-07-01T00:00:00+02:00</cred:validFrom>
  <cred:issuer idref="urn:epass:org:1"/>
  <title>
    <text content-type="text/plain" lang="de">Zertifikat Java</text>
    <text content-type="text/plain" lang="en">Java Programming Certificate</text>
  </title>
  <agentReferences>
    <organization id="urn:epass:org:1">
      <prefLabel><text content-type="text/plain" lang="en">TH Luebeck</text></prefLabel>
    </organization>
  </agentReferences>
  {seal}
</europassCredential>""".encode()


def test_europass_xml_is_kept_with_title_issuer_and_dates_and_a_broken_seal_malformed() -> None:
    extracted = extract("edc.xml", _edc_xml())
    assert extracted.container is Container.XML
    credential = parse(extracted)
    assert credential.format is CredentialFormat.EUROPASS_XML
    assert credential.title == "Java Programming Certificate"
    assert credential.issuer_name == "TH Luebeck"
    assert credential.issued == datetime(2021, 6, 30, 8, 0, tzinfo=UTC)
    assert credential.credential_id == "urn:credential:631fc04f-0c6b-4f3f-96b2-39bf81a186a5"
    verdict = verify_credential(credential, now=NOW)  # a seal with an empty SignedInfo
    assert verdict.status is Status.MALFORMED
    assert "seal is incomplete" in _check(verdict, "seal").detail
    unsealed = verify_credential(parse(extract("edc.xml", _edc_xml(sealed=False))), now=NOW)
    assert unsealed.status is Status.UNVERIFIABLE
    assert "carries no seal" in _check(unsealed, "seal").detail


def test_europass_xml_with_an_unreadable_date_or_an_entity_is_refused() -> None:
    with pytest.raises(RejectedInput, match="unreadable 'issued' date"):
        parse(extract("edc.xml", _edc_xml(issued="last Tuesday")))
    bomb = _edc_xml().replace(
        b"<europassCredential", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><europassCredential', 1
    )
    with pytest.raises(RejectedInput, match="entities are not allowed"):
        extract("edc.xml", bomb)
    deep = _edc_xml().replace(
        b"</europassCredential>", b"<a>" * 200 + b"</a>" * 200 + b"</europassCredential>"
    )
    with pytest.raises(RejectedInput, match="too complex to read"):
        extract("edc.xml", deep)


# --- Verifiable Presentations -----------------------------------------------------------


def _presentation(*, signed: bool = True) -> dict[str, Any]:
    issuer, holder = Issuer(7), Issuer(9)
    first = issuer.sign(ob3_credential(issuer.did))
    second = issuer.sign(
        ob3_credential(issuer.did, id="urn:uuid:5f1c2d9e-0000-4000-8000-000000000002")
    )
    vp: dict[str, Any] = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": [first, second],
    }
    return holder.sign(vp) if signed else vp


def test_a_presentation_gives_each_credential_inside_with_its_holder() -> None:
    found = parse_all(extract("vp.json", json.dumps(_presentation()).encode()))
    assert len(found) == 2
    assert {c.format for c in found} == {CredentialFormat.OB3}
    assert all(c.extra[PRESENTATION_HOLDER].startswith("did:key:") for c in found)
    # Each credential inside verifies on its own text (its own proof, not the envelope's).
    assert {verify_credential(c, now=NOW).status for c in found} == {Status.VERIFIED}


def test_a_presentation_holding_nothing_is_refused_with_the_reason() -> None:
    empty = {**_presentation(signed=False), "verifiableCredential": []}
    with pytest.raises(RejectedInput, match="holds no credentials"):
        parse(extract("vp.json", json.dumps(empty).encode()))


def test_importing_a_presentation_stores_each_credential_and_reports_its_proof(
    tmp_path: Path,
) -> None:
    vp = _presentation()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "signed-vp.json").write_text(json.dumps(vp))
    tampered = copy.deepcopy(vp)
    tampered["holder"] = Issuer(11).did
    tampered["verifiableCredential"] = tampered["verifiableCredential"][:1]
    (tmp_path / "in" / "tampered-vp.json").write_text(json.dumps(tampered))
    portfolio = Portfolio(tmp_path / "profile")
    report = portfolio.import_paths([tmp_path / "in" / "signed-vp.json"])
    assert report.count(ImportStatus.IMPORTED) == 2
    assert all("signed by the holder" in o.message for o in report.outcomes)
    again = portfolio.import_paths([tmp_path / "in" / "tampered-vp.json"])
    (outcome,) = again.outcomes
    assert outcome.status is ImportStatus.DUPLICATE  # the same credential, already held
    assert "presentation proof FAILED" in outcome.message


def test_verify_judges_every_credential_of_a_presentation_not_just_the_first(
    tmp_path: Path,
) -> None:
    """`verify vp.json && echo OK` must not say OK when the second credential is tampered."""
    vp = _presentation(signed=False)
    vp["verifiableCredential"][1]["name"] = "Rewritten after signing"
    (tmp_path / "vp.json").write_text(json.dumps(vp))
    out = io.StringIO()
    code = cli.main(
        ["--data-dir", str(tmp_path / "p"), "--json", "verify", str(tmp_path / "vp.json")], out=out
    )
    rows = json.loads(out.getvalue())
    assert [(row["entry"], row["status"]) for row in rows] == [(1, "verified"), (2, "tampered")]
    assert "no proof of its own" in rows[0]["presentation"]
    assert code == 1
    text = io.StringIO()
    cli.main(["--data-dir", str(tmp_path / "p"), "verify", str(tmp_path / "vp.json")], out=text)
    assert "(credential 2): tampered" in text.getvalue()


# --- a folder of mixed real files -------------------------------------------------------


def test_a_mixed_folder_stores_every_credential_and_refuses_only_broken_files(
    tmp_path: Path, public_fixtures: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    real = "dcc-obv3-vc2-eddsa-didkey-basic.json"
    (folder / real).write_bytes((public_fixtures / real).read_bytes())
    (folder / "blockcerts-v3.json").write_text(_blockcerts_v3())
    (folder / "blockcerts-v2.json").write_text(json.dumps(_blockcerts_v2()))
    (folder / "edc.xml").write_bytes(_edc_xml())
    signed_ob1 = _ob1(verify={"type": "signed", "url": "https://badges.example.org/k.pem"})
    (folder / "ob1-signed.json").write_text(json.dumps(signed_ob1))
    (folder / "wallet-vp.json").write_text(json.dumps(_presentation()))
    (folder / "broken.json").write_text('{"@context": ["https://www.w3.org/ns/credentials/v2"')
    (folder / "truncated.png").write_bytes(png()[:30])
    report = Portfolio(tmp_path / "profile").import_paths([folder])
    by_file: dict[str, list[Any]] = {}
    for outcome in report.outcomes:
        by_file.setdefault(outcome.path.name, []).append(outcome)
    assert {o.status for o in by_file["broken.json"]} == {ImportStatus.REJECTED}
    assert {o.status for o in by_file["truncated.png"]} == {ImportStatus.REJECTED}
    assert "truncated" in by_file["truncated.png"][0].message
    kept = {
        name
        for name, outcomes in by_file.items()
        if all(o.status is ImportStatus.IMPORTED for o in outcomes)
    }
    assert kept == {
        real,
        "blockcerts-v3.json",
        "blockcerts-v2.json",
        "edc.xml",
        "ob1-signed.json",
        "wallet-vp.json",
    }
    assert len(by_file["wallet-vp.json"]) == 2
    stored = Portfolio(tmp_path / "profile").repo.list_credentials()
    statuses = {s.credential.format: s.latest_verdict.status for s in stored if s.latest_verdict}
    assert statuses[CredentialFormat.EUROPASS_XML] is Status.MALFORMED  # its seal is empty
    assert statuses[CredentialFormat.OB1_SIGNED] is Status.UNSUPPORTED
    assert statuses[CredentialFormat.BLOCKCERTS_V3] is Status.UNVERIFIABLE
    assert UNSUPPORTED in next(
        s.credential.extra for s in stored if s.credential.format is CredentialFormat.OB1_SIGNED
    )


# --- the right word ---------------------------------------------------------------------


def test_a_key_id_that_cannot_be_resolved_is_unverifiable_never_tampered() -> None:
    issuer = Issuer(21)
    signed = issuer.sign(
        ob3_credential(issuer.did), vm="urn:uuid:0b7c3d1e-1111-4222-8333-444455556666"
    )
    verdict = verify_credential(_parse(signed), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE


def test_an_unknown_context_is_unsupported_and_kept_naming_the_context(tmp_path: Path) -> None:
    issuer = Issuer(22)
    signed = issuer.sign(ob3_credential(issuer.did))
    signed["@context"].append("https://new-standard.example/v9")
    credential = _parse(signed)  # kept: parsed as stated, not refused
    verdict = verify_credential(credential, now=NOW)
    assert verdict.status is Status.UNSUPPORTED
    assert "https://new-standard.example/v9" in _check(verdict, "format").detail
