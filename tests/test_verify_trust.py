"""Who the issuer is (issuer registries), sealing trust lists in bundles, and the engine's
catch-all as a bug report.  Credentials are signed here with keys made here."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from verify_di_support import NOW, Issuer, ob3_credential
from verify_jose_support import FIXTURES

from portfolio_app import logfile
from portfolio_app.errors import PortfolioError
from portfolio_app.formats import parse
from portfolio_app.ingest.extract import extract
from portfolio_app.model import Container, Credential, CredentialFormat
from portfolio_app.services.verification import document_source, import_trust_bundle
from portfolio_app.verify import engine
from portfolio_app.verify.documents import ChainedSource, FolderSource, MemorySource
from portfolio_app.verify.engine import verify_credential
from portfolio_app.verify.verdict import Check, Outcome, Status, Verdict

STRANGER = Issuer(21)
MIT = "Massachusetts Institute of Technology"
FETCHED = "2026-11-01T10:00:00Z"
EUROPASS = (FIXTURES / "europass-edc-elm3-jades-sealed.jsonld").read_text(encoding="utf-8")


def signed_credential(issuer: Issuer = STRANGER, *, name: str = MIT,
                      shown_issuer: str | None = None) -> Credential:
    doc = ob3_credential(issuer.did)
    doc["issuer"]["name"] = name
    signed = issuer.sign(doc)
    # Parsed as the app parses it, so what it shows was read from the signed graph.
    parsed = parse(extract("credential.json", json.dumps(signed).encode("utf-8")))
    if shown_issuer is None:
        return parsed
    return dataclasses.replace(parsed, issuer_id=shown_issuer)


def bundle(folder: Path, registries: list[tuple[str, dict[str, Any], str | None]]) -> Path:
    """A trust bundle with ``registries``: (file name, content, index name or None)."""
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, str]] = []
    for file_name, content, label in registries:
        (folder / file_name).write_text(json.dumps(content), encoding="utf-8")
        entry = {"file": file_name, "fetched_at": FETCHED}
        if label is not None:
            entry["name"] = label
        entries.append(entry)
    index = {"documents": {}, "registries": entries}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def own_registry(*ids: str, name: str = "Test Registry") -> dict[str, Any]:
    return {"name": name, "as_of": "2026-10-15",
            "issuers": {i: {"name": "Example College", "url": "https://college.example"}
                        for i in ids}}


def dcc_registry(*ids: str) -> dict[str, Any]:
    return {"meta": {"created": "2020-12-02T02:32:16+0000",
                     "updated": "2021-12-15T18:41:36+0000"},
            "entries": {i: {"name": "Example University 1", "location": "Cambridge, MA, USA",
                            "url": "https://university.example"} for i in ids}}


def issuer_check(verdict: Verdict) -> Check:
    (check,) = [c for c in verdict.checks if c.name == "issuer"]
    return check


# -- a stranger's valid credential stays verified, but reads as self-described ---------------


def test_a_strangers_did_key_calling_itself_mit_is_verified_but_self_described() -> None:
    verdict = verify_credential(signed_credential(), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    check = issuer_check(verdict)
    assert check.outcome is Outcome.NOT_CHECKED
    assert "not in any issuer registry this profile holds" in check.detail
    assert f"the name '{MIT}' is the issuer's own claim" in check.detail
    assert verdict.facts["issuer_recognised"] == "false"
    assert verdict.issuer_standing == "self-described issuer"
    assert "issuer not recognised" in verdict.limits
    assert "issuer not recognised" in verdict.summary
    data = verdict.to_json()
    assert data["issuer_recognised"] is False and data["issuer_standing"] == "self-described"


def test_an_issuer_listed_in_our_own_registry_is_recognised(tmp_path: Path) -> None:
    docs = FolderSource(bundle(tmp_path / "b", [("reg.json", own_registry(STRANGER.did), None)]))
    verdict = verify_credential(signed_credential(), docs=docs, now=NOW)
    assert verdict.status is Status.VERIFIED
    check = issuer_check(verdict)
    assert check.outcome is Outcome.PASSED
    assert check.detail == "recognised by Test Registry as Example College (as of 2026-10-15)"
    assert verdict.facts["issuer_recognised"] == "true"
    assert verdict.facts["issuer_registry"] == "Test Registry"
    assert verdict.facts["issuer_official_name"] == "Example College"
    assert "issuer not recognised" not in verdict.limits
    assert verdict.to_json()["issuer_recognised"] is True


def test_the_dcc_registry_format_is_read(tmp_path: Path) -> None:
    folder = bundle(tmp_path / "b", [("registry.json", dcc_registry(STRANGER.did),
                                      "DCC Community Registry")])
    verdict = verify_credential(signed_credential(), docs=FolderSource(folder), now=NOW)
    check = issuer_check(verdict)
    assert check.outcome is Outcome.PASSED
    assert check.detail.startswith("recognised by DCC Community Registry as Example University 1")
    assert check.as_of is not None


def test_a_registry_that_lists_someone_else_does_not_recognise(tmp_path: Path) -> None:
    other = Issuer(22)
    docs = FolderSource(bundle(tmp_path / "b", [("reg.json", own_registry(other.did), None)]))
    verdict = verify_credential(signed_credential(), docs=docs, now=NOW)
    assert issuer_check(verdict).outcome is Outcome.NOT_CHECKED
    assert verdict.issuer_standing == "self-described issuer"


def test_ids_are_compared_exactly(tmp_path: Path) -> None:
    near = STRANGER.did.upper()
    docs = FolderSource(bundle(tmp_path / "b", [("reg.json", own_registry(near), None)]))
    verdict = verify_credential(signed_credential(), docs=docs, now=NOW)
    assert issuer_check(verdict).outcome is Outcome.NOT_CHECKED


def test_the_first_registry_names_the_issuer(tmp_path: Path) -> None:
    first = bundle(tmp_path / "one", [("a.json", own_registry(STRANGER.did, name="First"), None)])
    second = bundle(tmp_path / "two",
                    [("b.json", own_registry(STRANGER.did, name="Second"), None)])
    docs = ChainedSource([FolderSource(first), FolderSource(second)])
    verdict = verify_credential(signed_credential(), docs=docs, now=NOW)
    assert verdict.facts["issuer_registry"] == "First"


def test_recognition_never_rescues_a_tampered_credential(tmp_path: Path) -> None:
    cred = signed_credential()
    doc = json.loads(cred.payload)
    doc["name"] = "Rocket Science"
    tampered = Credential(format=cred.format, container=cred.container, title="x",
                          issuer_name=MIT, issuer_id=cred.issuer_id, payload=json.dumps(doc))
    docs = FolderSource(bundle(tmp_path / "b", [("reg.json", own_registry(STRANGER.did), None)]))
    verdict = verify_credential(tampered, docs=docs, now=NOW)
    assert verdict.status is Status.TAMPERED
    assert issuer_check(verdict).outcome is Outcome.PASSED  # who, not whether it is intact


def test_the_shown_issuer_must_be_the_one_the_signature_was_checked_for(tmp_path: Path) -> None:
    famous = "did:web:mit.example"
    cred = signed_credential(shown_issuer=famous)
    docs = FolderSource(bundle(tmp_path / "b", [("reg.json", own_registry(famous), None)]))
    verdict = verify_credential(cred, docs=docs, now=NOW)
    check = issuer_check(verdict)
    assert check.outcome is Outcome.NOT_CHECKED
    assert f"checked for issuer {STRANGER.did}, not for the issuer shown ({famous})" in (
        check.detail
    )
    assert verdict.facts["issuer_recognised"] == "false"


def test_a_broken_registry_is_named_and_changes_no_status(tmp_path: Path) -> None:
    folder = bundle(tmp_path / "b", [])
    (folder / "bad.json").write_text("{not json", encoding="utf-8")
    index = {"documents": {}, "registries": [{"file": "bad.json"}]}
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    verdict = verify_credential(signed_credential(), docs=FolderSource(folder), now=NOW)
    assert verdict.status is Status.VERIFIED
    check = issuer_check(verdict)
    assert check.outcome is Outcome.NOT_CHECKED
    assert "an issuer registry could not be read: bad.json" in check.detail


@pytest.mark.parametrize(
    "content",
    [{"issuers": {"did:key:z": {"url": "no name"}}}, {"entries": []}, {"something": "else"},
     {"seal_certificates": [{"sha256": "zz", "organisation": "X"}]}],
    ids=["no-name", "entries-not-map", "unknown-shape", "bad-fingerprint"],
)
def test_trust_import_refuses_a_bundle_with_an_unreadable_registry(
    tmp_path: Path, content: dict[str, Any]
) -> None:
    folder = bundle(tmp_path / "b", [("reg.json", content, None)])
    with pytest.raises(PortfolioError, match=r"reg\.json"):
        import_trust_bundle(tmp_path / "profile", folder)


def test_every_verdict_has_an_issuer_check_even_when_nothing_else_could_be_read() -> None:
    for cred in (
        Credential(format=CredentialFormat.OB3, container=Container.JSON, title="t",
                   issuer_name="Anyone", payload="{not json"),
        Credential(format=CredentialFormat.PDF_CERTIFICATE, container=Container.PDF, title="t",
                   issuer_name="Anyone", payload=""),
    ):
        verdict = verify_credential(cred, now=NOW)
        assert verdict.status is not Status.VERIFIED
        assert issuer_check(verdict).outcome is Outcome.NOT_CHECKED
        assert verdict.issuer_standing == "self-described issuer"


def test_a_verifier_cannot_plant_issuer_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine._dispatch

    def planting(*args: Any) -> Verdict:
        verdict = real(*args)
        facts = {**verdict.facts, "issuer_recognised": "true", "issuer_registry": "Fake"}
        return Verdict(verdict.status, verdict.checks, verdict.summary, verdict.checked_at, facts)

    monkeypatch.setattr(engine, "_dispatch", planting)
    verdict = verify_credential(signed_credential(), now=NOW)
    assert verdict.facts["issuer_recognised"] == "false"
    assert "issuer_registry" not in verdict.facts


# -- trust import carries registries into the profile ------------------------------------------


def test_trust_import_keeps_registries_in_the_profile(tmp_path: Path) -> None:
    data_dir = tmp_path / "profile"
    folder = bundle(tmp_path / "b", [("reg.json", own_registry(STRANGER.did), "Ours")])
    summary = import_trust_bundle(data_dir, folder)
    assert (summary.registries_added, summary.registries_replaced) == (1, 0)
    assert import_trust_bundle(data_dir, folder).registries_added == 0  # same copy: no change
    verdict = verify_credential(signed_credential(), docs=document_source(data_dir), now=NOW)
    assert verdict.facts["issuer_registry"] == "Test Registry"


def test_a_newer_registry_replaces_the_held_copy_in_place(tmp_path: Path) -> None:
    data_dir = tmp_path / "profile"
    import_trust_bundle(data_dir, bundle(tmp_path / "a", [("r.json", own_registry(), "Ours")]))
    newer = bundle(tmp_path / "b", [("r.json", own_registry(STRANGER.did), "Ours")])
    index = json.loads((newer / "index.json").read_text())
    index["registries"][0]["fetched_at"] = "2026-11-20T00:00:00Z"
    (newer / "index.json").write_text(json.dumps(index))
    assert import_trust_bundle(data_dir, newer).registries_replaced == 1
    verdict = verify_credential(signed_credential(), docs=document_source(data_dir), now=NOW)
    assert verdict.facts["issuer_recognised"] == "true"


def test_fetching_documents_later_keeps_the_registries(tmp_path: Path) -> None:
    from portfolio_app.verify.documents import CachedDocument
    from portfolio_app.verify.fetch import write_cache

    data_dir = tmp_path / "profile"
    import_trust_bundle(data_dir, bundle(tmp_path / "b", [("r.json",
                                                           own_registry(STRANGER.did), None)]))
    write_cache(data_dir / "documents",
                [CachedDocument("https://x.example/doc", b"{}", datetime(2026, 11, 2, tzinfo=UTC))])
    verdict = verify_credential(signed_credential(), docs=document_source(data_dir), now=NOW)
    assert verdict.facts["issuer_recognised"] == "true"


# -- Europass through the engine: a sealing trust list in a trust bundle ----------------------


def europass_credential() -> Credential:
    return Credential(format=CredentialFormat.EUROPASS_EDC, container=Container.JSON,
                      title="t", issuer_name="ORGANIZACION TEST", payload=EUROPASS)


def sealing_list_bundle(folder: Path, fingerprint: str) -> Path:
    content = {"name": "Test trust list", "as_of": "2026-11-01",
               "seal_certificates": [{"sha256": fingerprint, "organisation": "ORGANIZACION TEST"}]}
    return bundle(folder, [("seals.json", content, None)])


def _sample_fingerprint() -> str:
    header = json.loads(base64.urlsafe_b64decode(
        json.loads(EUROPASS)["signatures"][0]["protected"] + "=="))
    return hashlib.sha256(base64.b64decode(header["x5c"][0])).hexdigest()


def test_europass_sample_verifies_only_with_a_trust_list_in_a_bundle(tmp_path: Path) -> None:
    without = verify_credential(europass_credential(), now=NOW)
    assert without.status is Status.UNVERIFIABLE
    assert without.summary == (
        "seal intact; the sealing certificate is not on a trust list this app holds"
    )
    data_dir = tmp_path / "profile"
    import_trust_bundle(data_dir, sealing_list_bundle(tmp_path / "b", _sample_fingerprint()))
    verdict = verify_credential(europass_credential(), docs=document_source(data_dir), now=NOW)
    assert verdict.status is Status.VERIFIED, verdict.to_json()
    assert "trust list as of 2026-11-01" in verdict.limits
    assert "timestamps not checked" in verdict.limits


def test_a_trust_list_with_another_fingerprint_leaves_the_sample_unverifiable(
    tmp_path: Path,
) -> None:
    docs = FolderSource(sealing_list_bundle(tmp_path / "b", "00" * 32))
    assert verify_credential(europass_credential(), docs=docs, now=NOW).status is (
        Status.UNVERIFIABLE
    )


# -- the catch-all is a bug report -------------------------------------------------------------


def test_the_catch_all_logs_the_traceback_and_says_where(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    def broken(*args: Any) -> Verdict:
        raise KeyError("a bug in a verifier")

    monkeypatch.setattr(engine, "_dispatch", broken)
    monkeypatch.setattr(logfile, "_LOG_PATH", tmp_path / "portfolio.log")
    before = engine.internal_error_count()
    with caplog.at_level(logging.ERROR, logger=engine.log.name), engine.internal_error_expected():
        verdict = verify_credential(signed_credential(), now=NOW)
    assert engine.internal_error_count() == before  # expected here, so not counted as a bug
    assert verdict.status is Status.UNVERIFIABLE  # our bug: not the file's fault, not verified
    (fmt,) = [c for c in verdict.checks if c.name == "internal"]
    assert verdict.summary == fmt.detail
    assert fmt.detail == (
        f"an internal error stopped this check; details in {tmp_path / 'portfolio.log'}"
    )
    assert "KeyError" not in fmt.detail  # no exception text for the learner
    (record,) = [r for r in caplog.records if r.name == engine.log.name]
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_the_catch_all_counts_an_unexpected_firing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Verdict:
        raise ZeroDivisionError

    monkeypatch.setattr(engine, "_dispatch", broken)
    before = engine.internal_error_count()
    verify_credential(signed_credential(), now=NOW)
    assert engine.internal_error_count() == before + 1
    # This test fired it on purpose; undo the count so the suite-wide guard stays quiet.
    engine._CATCH_ALL.fired = before


def test_memory_source_carries_trust_files() -> None:
    from portfolio_app.verify.documents import TrustFile

    body = json.dumps(own_registry(STRANGER.did)).encode()
    docs = MemorySource(trust=[TrustFile("R", body, datetime(2026, 11, 1, tzinfo=UTC))])
    verdict = verify_credential(signed_credential(), docs=docs, now=NOW)
    assert verdict.facts["issuer_recognised"] == "true"


# -- fail closed at the engine: whatever a verifier returns, "verified" must be earned -------


@pytest.mark.parametrize(
    "checks",
    [
        (),
        (Check("signature", Outcome.NOT_CHECKED, "key not cached"),
         Check("issuer_key", Outcome.PASSED, "the issuer's own key")),
        (Check("signature", Outcome.PASSED, "valid"),
         Check("issuer_key", Outcome.NOT_CHECKED, "needs the issuer's document")),
        (Check("signature", Outcome.PASSED, "valid"),),
    ],
    ids=["nothing", "signature-not-checked", "key-not-bound", "no-binding-check"],
)
def test_a_verifier_claiming_verified_without_proof_is_overruled(
    monkeypatch: pytest.MonkeyPatch, checks: tuple[Check, ...]
) -> None:
    def boastful(*args: Any) -> Verdict:  # built without decide(): a buggy verifier
        return Verdict(Status.VERIFIED, checks, "Every check passed.", NOW, {})

    monkeypatch.setattr(engine, "_dispatch", boastful)
    verdict = verify_credential(signed_credential(), now=NOW)
    assert verdict.status is Status.UNVERIFIABLE
    assert verdict.limits == ()


# -- trust bundle index: the registries list -----------------------------------------------------


@pytest.mark.parametrize(
    "registries",
    [{"file": "r.json"}, [{"name": "no file"}], [42]],
    ids=["not-a-list", "no-file", "not-an-entry"],
)
def test_a_malformed_registries_list_is_refused_with_the_index_named(
    tmp_path: Path, registries: Any
) -> None:
    from portfolio_app.verify.documents import TrustBundleError

    (tmp_path / "index.json").write_text(json.dumps({"documents": {}, "registries": registries}))
    with pytest.raises(TrustBundleError, match="registries"):
        FolderSource(tmp_path)


def test_a_registry_entry_outside_the_bundle_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps(own_registry(STRANGER.did)))
    folder = tmp_path / "b"
    folder.mkdir()
    index = {"documents": {}, "registries": [{"file": "../secret.json"}]}
    (folder / "index.json").write_text(json.dumps(index))
    verdict = verify_credential(signed_credential(), docs=FolderSource(folder), now=NOW)
    check = issuer_check(verdict)
    assert check.outcome is Outcome.NOT_CHECKED
    assert "points outside its folder" in check.detail
    with pytest.raises(PortfolioError, match="outside"):
        import_trust_bundle(tmp_path / "profile", folder)


def test_a_source_whose_trust_files_break_unexpectedly_is_a_logged_bug_not_a_crash() -> None:
    class Broken(MemorySource):
        def trust_files(self) -> Any:
            raise OSError("disk went away")

    with engine.internal_error_expected():
        verdict = verify_credential(signed_credential(), docs=Broken(), now=NOW)
    assert verdict.status is Status.VERIFIED  # the signature check did not need the registries
    assert "an internal error stopped this check" in issuer_check(verdict).detail
