"""Issue 15 §1: the machine's site folder — trust bundles, issuer registries and qualification
catalogues that every profile reads in place, shows as "from this machine", and never copies
into a backup; and ``PORTFOLIO_RESOURCES_DIR`` layered per sub-folder."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from _identity_support import fast_kdf  # noqa: F401 - fixture

from portfolio_app import paths
from portfolio_app.cli import main
from portfolio_app.config.machine import MACHINE_DIR_ENV
from portfolio_app.services.portfolio import Portfolio

SAMPLE = "dcc-obv3-vc2-eddsa-didkey-basic.json"
ISSUER = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
EXAMPLE = "example-ibm-skillsbuild-ai-path.json"


@pytest.fixture
def site() -> Path:
    folder = Path(os.environ[MACHINE_DIR_ENV]) / "site"
    folder.mkdir()
    return folder


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def run_json(*argv: str) -> Any:
    code, text = run(*argv, "--json")
    assert code == 0, text
    return json.loads(text)


def registry(folder: Path, name: str = "Lab Registry") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lab-registry.json"
    body = {"name": name, "as_of": "2026-11-01", "issuers": {ISSUER: {"name": "Example Corp"}}}
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def trust_bundle(folder: Path) -> Path:
    registry(folder, "Bundled Lab Registry")
    index = {
        "documents": {
            "https://college.example/issuer.json": {
                "file": "issuer.json",
                "fetched_at": "2026-11-01T10:00:00Z",
            }
        },
        "registries": [{"file": "lab-registry.json", "name": "Bundled Lab Registry"}],
    }
    issuer = {"@context": "https://w3id.org/openbadges/v2", "type": "Profile",
              "id": "https://college.example/issuer.json"}
    (folder / "issuer.json").write_text(json.dumps(issuer), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def definition(folder: Path, qid: str, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    raw = json.loads(paths.resource_path("qualifications", "catalogue", EXAMPLE).read_text())
    raw.pop("$schema", None)
    raw.pop("example_source", None)
    raw.update(id=qid, name=name, example=False)
    (folder / f"{qid}.json").write_text(json.dumps(raw), encoding="utf-8")


# ----------------------------------------------------------------------------- trust


def test_a_machine_registry_recognises_issuers_without_any_import(
    site: Path, public_fixtures: Path
) -> None:
    [before] = run_json("verify", str(public_fixtures / SAMPLE))
    assert before["issuer_recognised"] is False
    registry(site / "registries")
    [after] = run_json("verify", str(public_fixtures / SAMPLE))
    assert after["status"] == "verified" and after["issuer_recognised"] is True
    assert "Lab Registry" in json.dumps(after["checks"])


def test_trust_list_shows_machine_items_as_from_this_machine(site: Path) -> None:
    trust_bundle(site / "trust" / "college")
    registry(site / "registries")
    items = run_json("trust", "list")
    machine = [i for i in items if i["from_machine"]]
    assert {i["ref"] for i in machine} == {
        "https://college.example/issuer.json",
        "Bundled Lab Registry",
        "Lab Registry",
    }
    assert all(i["bundle"].startswith("this machine: ") for i in machine)
    code, text = run("trust", "list")
    assert code == 0 and "(from this machine: college, as of 2026-11-01)" in text


def test_machine_items_are_not_copied_into_the_profile_or_its_backup(
    site: Path,
    tmp_path: Path,
    public_fixtures: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_kdf: object,  # noqa: F811
) -> None:
    trust_bundle(site / "trust" / "college")
    definition(site / "qualifications", "lab.cert", "Lab certificate")
    profile = tmp_path / "profile"
    with Portfolio(profile) as portfolio:
        portfolio.import_paths([public_fixtures / SAMPLE])
        assert any(i.machine for i in portfolio.trust_items())
        portfolio.backup(tmp_path / "wallet.backup", "a long backup passphrase")
    cached = (profile / "documents" / "index.json").read_text(encoding="utf-8")
    assert "college.example" not in cached
    # the next term's machine has no site folder: the restored wallet brings none of it
    monkeypatch.setenv(MACHINE_DIR_ENV, str(tmp_path / "bare-machine"))
    with Portfolio(tmp_path / "restored") as fresh:
        assert fresh.restore(tmp_path / "wallet.backup", "a long backup passphrase").added == 1
        assert fresh.trust_items() == []
        assert fresh.qualification_store.list_texts() == []  # the lab's definition stayed


def test_a_broken_machine_bundle_is_left_out_and_verification_still_works(
    site: Path, public_fixtures: Path
) -> None:
    broken = site / "trust" / "broken"
    broken.mkdir(parents=True)
    (broken / "index.json").write_text('{"documents": {}, "registries": [{"file": "gone.json"'
                                       ', "name": "Gone"}]}')
    registry(site / "registries")
    [result] = run_json("verify", str(public_fixtures / SAMPLE))
    assert result["status"] == "verified" and result["issuer_recognised"] is True


def test_a_listed_trust_bundle_outside_the_site_folder_is_read(
    site: Path, tmp_path: Path
) -> None:
    trust_bundle(tmp_path / "shared" / "college")
    (site.parent / "config.toml").write_text(f'trust_bundles = ["{tmp_path}/shared/college"]\n')
    refs = {i["ref"] for i in run_json("trust", "list") if i["from_machine"]}
    assert "https://college.example/issuer.json" in refs


# ----------------------------------------------------------------------------- catalogues


def test_machine_catalogues_are_listed_from_this_machine(site: Path) -> None:
    definition(site / "qualifications", "lab.cert", "Lab certificate")
    entries = {e["id"]: e for e in run_json("qualifications", "list")}
    assert entries["lab.cert"]["source"] == "machine"
    assert any(e["source"] == "catalogue" for e in entries.values())  # examples still shown
    code, text = run("qualifications", "list")
    assert code == 0 and "Lab certificate (from this machine)" in text


def test_the_example_catalogue_can_be_hidden(site: Path) -> None:
    definition(site / "qualifications", "lab.cert", "Lab certificate")
    (site.parent / "config.toml").write_text("show_example_catalogue = false\n")
    entries = run_json("qualifications", "list")
    assert [e["id"] for e in entries] == ["lab.cert"]


def test_a_machine_definition_replaces_an_example_with_its_id(site: Path) -> None:
    raw = json.loads(paths.resource_path("qualifications", "catalogue", EXAMPLE).read_text())
    definition(site / "qualifications", raw["id"], "The lab's own version")
    [entry] = [e for e in run_json("qualifications", "list") if e["id"] == raw["id"]]
    assert entry["name"] == "The lab's own version" and entry["source"] == "machine"


# ----------------------------------------------------------------------------- resources


def test_a_resources_override_with_only_qualifications_keeps_imports_working(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, public_fixtures: Path
) -> None:
    """The admin's report in issue 15: pointing PORTFOLIO_RESOURCES_DIR at a folder with only
    qualifications made every import fail (no JSON-LD contexts)."""
    override = tmp_path / "lab-resources"
    definition(override / "qualifications" / "catalogue", "lab.only", "Only this one")
    monkeypatch.setenv(paths.RESOURCES_ENV, str(override))
    [result] = run_json("verify", str(public_fixtures / SAMPLE))
    assert result["status"] == "verified"
    assert [e["id"] for e in run_json("qualifications", "list")] == ["lab.only"]
