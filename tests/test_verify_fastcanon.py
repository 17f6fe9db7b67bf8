"""The shape-template fast path must give pyld's canonical N-Quads byte for byte, and refuse
exactly what pyld (in our safe mode) refuses.

Every comparison runs the reference path (:func:`canon.canonicalize`: checks, then pyld) next to the
fast path, on a fresh :class:`ContextLoader` so templates are learned in the test.  Shapes are
learned at first sight here (the app learns a shape when it recurs; the tests of that are at
the end of this file), so that the second document of a shape is the one from a template.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_di_support import EXAMPLES_V2, Issuer, ob3_credential

from portfolio_app.ingest.extract import extract
from portfolio_app.verify import canon, fastcanon, fastcanon_template
from portfolio_app.verify.canon import CanonicalizationError
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.dataintegrity import unsecured_document, verify_proofs
from portfolio_app.verify.documents import EmptySource
from portfolio_app.verify.fastcanon_template import cache_for

VC1 = "https://www.w3.org/2018/credentials/v1"
OB302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
ED2020 = "https://w3id.org/security/suites/ed25519-2020/v1"


APP_LEARNS_AT = fastcanon_template.LEARN_AT_SIGHTING


@pytest.fixture(autouse=True)
def learn_at_first_sight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastcanon_template, "LEARN_AT_SIGHTING", 1)


def outcome(fn: Any, doc: Any, loader: ContextLoader) -> tuple[str, str]:
    try:
        return ("ok", fn(doc, loader))
    except CanonicalizationError as exc:
        return ("refused", exc.reason)


def fast(doc: Any, loader: ContextLoader) -> str:
    return fastcanon.canonicalize(doc, loader)


def slow(doc: Any, loader: ContextLoader) -> str:
    """The reference: the input checks, then pyld all the way (no templates)."""
    return canon.canonicalize(doc, loader)


def assert_same(doc: Any, loader: ContextLoader, *, expect_hit: bool | None = None) -> str:
    """pyld and the fast path agree on ``doc`` (learning call, then a template call)."""
    expected = outcome(slow, doc, loader)
    cache = cache_for(loader)
    assert outcome(fast, copy.deepcopy(doc), loader) == expected
    hits = cache.hits
    assert outcome(fast, copy.deepcopy(doc), loader) == expected
    if expect_hit is not None:
        assert (cache.hits == hits + 1) is expect_hit
    return expected[1]


def documents_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The unsecured document and every proof configuration of a signed credential."""
    found = [unsecured_document(doc)]
    proofs = doc.get("proof")
    for proof in proofs if isinstance(proofs, list) else [proofs] if proofs else []:
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        config["@context"] = doc["@context"]
        found.append(config)
    return found


def public_jsonld(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".json", ".jsonld"):
            doc = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and "@context" in doc:
                found.append((path.name, doc))
        elif path.suffix == ".png":
            payload = extract(path.name, path.read_bytes()).payload
            if payload.lstrip().startswith("{"):
                doc = json.loads(payload)
                if "@context" in doc:
                    found.append((path.name, doc))
    return found


# -- the public fixtures and vectors ----------------------------------------------------------


def test_every_public_jsonld_fixture_is_identical(public_fixtures: Path) -> None:
    loader = ContextLoader()
    fixtures = public_jsonld(public_fixtures)
    names = {name for name, _ in fixtures}
    assert "1edtech-obv3-baked-embeddedproof.png" in names
    assert len(fixtures) >= 9
    templated = 0
    for _name, doc in fixtures:
        for part in documents_of(doc):
            expected = outcome(slow, part, loader)
            cache = cache_for(loader)
            assert outcome(fast, part, loader) == expected
            before = cache.hits
            assert outcome(fast, copy.deepcopy(part), loader) == expected
            templated += cache.hits - before
    # Everything we can read offline takes the template path the second time.
    assert templated >= 15


def test_published_intermediate_hashes_through_templates(public_fixtures: Path) -> None:
    vectors = {
        "w3c-vcdieddsa-eddsa-rdfc-2022-signed.json": (
            "bea7b7acfbad0126b135104024a5f1733e705108f42d59668b05c0c50004c6b0",
            "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017",
        ),
        "1edtech-obv3-eddsa-testvector.json": (
            "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19",
            "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773",
        ),
    }
    loader = ContextLoader()
    cache = cache_for(loader)
    for name, (proof_hash, doc_hash) in vectors.items():
        doc = json.loads((public_fixtures / name).read_text(encoding="utf-8"))
        unsecured, config = documents_of(doc)
        for _ in range(2):  # learn, then from the template
            before = cache.hits
            got_doc = hashlib.sha256(fast(copy.deepcopy(unsecured), loader).encode()).hexdigest()
            got_proof = hashlib.sha256(fast(copy.deepcopy(config), loader).encode()).hexdigest()
            assert (got_proof, got_doc) == (proof_hash, doc_hash)
        assert cache.hits == before + 2


def test_template_hit_with_other_values_of_a_vector(public_fixtures: Path) -> None:
    loader = ContextLoader()
    doc = json.loads((public_fixtures / "1edtech-obv3-eddsa-testvector.json").read_text())
    unsecured, _ = documents_of(doc)
    assert_same(unsecured, loader)
    other = copy.deepcopy(unsecured)
    other["id"] = "urn:uuid:11111111-2222-4333-8444-555555555555"
    other["name"] = 'A "quoted" \\ name\nwith a newline and ünïcödé ✓'
    other["credentialSubject"]["achievement"]["criteria"]["narrative"] = "\t"
    assert assert_same(other, loader, expect_hit=True) == slow(other, loader)


# -- credentials made by the tests -------------------------------------------------------------


def test_signed_test_credentials_verify_through_templates() -> None:
    loader = ContextLoader()
    issuer = Issuer(11)
    signed = []
    for i in range(6):
        doc = ob3_credential(issuer.did)
        doc["id"] = f"urn:uuid:7a4e6b8e-2f0c-4c1e-9c55-{i:012d}"
        doc["credentialSubject"]["id"] = f"did:example:learner-{i}"
        doc["name"] = f"Badge {i} — “quotes” and \\backslashes\\"
        signed.append(issuer.sign(doc, loader=loader))
    signed.append(issuer.sign(ob3_credential(issuer.did), "Ed25519Signature2020", loader=loader))
    cache = cache_for(loader)
    before = cache.hits
    for doc in signed:
        for part in documents_of(doc):
            assert_same(part, loader)
        assert verify_proofs(doc, docs=EmptySource(), loader=loader).outcome == "passed"
        tampered = copy.deepcopy(doc)
        tampered["credentialSubject"]["achievement"]["name"] = "Something else"
        assert verify_proofs(tampered, docs=EmptySource(), loader=loader).outcome == "failed"
        late = copy.deepcopy(doc)
        late["proof"]["created"] = "2027-01-01T00:00:00Z"
        assert verify_proofs(late, docs=EmptySource(), loader=loader).outcome == "failed"
    assert cache.hits > before + 20


# -- refusals stay refusals --------------------------------------------------------------------


def vc1_credential() -> dict[str, Any]:
    return {
        "@context": [VC1, OB302, ED2020],
        "id": "urn:uuid:2f1e8d3c-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": "Profile", "name": "College"},
        "issuanceDate": "2026-01-01T00:00:00Z",
        "name": "Badge",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": "AchievementSubject",
            "achievement": {
                "id": "https://college.example/a/1",
                "type": "Achievement",
                "name": "A",
                "criteria": {"narrative": "N"},
            },
        },
    }


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (("id",), "relative-id", "relative IRI"),
        (("credentialSubject", "id"), "learner-42", "relative IRI"),
        (("issuer", "id"), "#fragment", "relative IRI"),
        (("credentialSubject", "achievement", "id"), "../up", "relative IRI"),
        (("name",), "bell \x07", "control character"),
    ],
)
def test_refusals_after_a_template_is_learned(
    path: tuple[str, ...], value: str, reason: str
) -> None:
    for base in (vc1_credential(), ob3_credential("did:example:issuer")):
        loader = ContextLoader()
        assert_same(base, loader)  # template learned
        doc = copy.deepcopy(base)
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        kind, message = outcome(slow, doc, loader)
        assert kind == "refused" and reason in message
        assert outcome(fast, doc, loader) == (kind, message)


def test_undefined_term_is_refused_after_a_template_is_learned() -> None:
    loader = ContextLoader()
    base = vc1_credential()
    assert_same(base, loader)
    for where in ([], ["credentialSubject"], ["credentialSubject", "achievement"]):
        doc = copy.deepcopy(base)
        target = doc
        for key in where:
            target = target[key]
        target["unsignedExtra"] = "rides along"
        kind, message = outcome(slow, doc, loader)
        assert kind == "refused" and "unsignedExtra" in message
        assert outcome(fast, doc, loader) == (kind, message)


def test_unknown_context_is_refused() -> None:
    loader = ContextLoader()
    doc = vc1_credential()
    doc["@context"] = [*doc["@context"], "https://unknown.example/context.json"]
    assert outcome(fast, doc, loader) == outcome(slow, doc, loader)
    assert outcome(fast, doc, loader)[0] == "refused"


def test_discarded_when_replay_does_not_reproduce_pyld() -> None:
    loader = ContextLoader()
    doc = vc1_credential()
    cache = cache_for(loader)
    cache.learn(doc, "not what pyld said\n")
    assert cache.try_fast(doc) is None
    assert fast(doc, loader) == slow(doc, loader)
    assert cache.hits == 0


def test_colliding_node_ids_and_duplicate_values_fall_back() -> None:
    loader = ContextLoader()
    base = ob3_credential("did:example:issuer")
    base["credentialSubject"]["achievement"]["tag"] = ["one", "two"]
    assert_same(base, loader)
    cache = cache_for(loader)
    same_ids = copy.deepcopy(base)
    same_ids["credentialSubject"]["id"] = "did:example:issuer"  # merges with the issuer node
    assert_same(same_ids, loader, expect_hit=False)
    dup = copy.deepcopy(base)
    dup["credentialSubject"]["achievement"]["tag"] = ["same", "same"]  # pyld keeps one
    assert_same(dup, loader, expect_hit=False)
    fine = copy.deepcopy(base)
    fine["credentialSubject"]["achievement"]["tag"] = ["x", "y"]
    before = cache.hits
    assert fast(fine, loader) == slow(fine, loader)
    assert cache.hits == before + 1


# -- generated values over a few shapes --------------------------------------------------------

_CONTROL_OK = "\t\n\r"
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if chr(c) not in _CONTROL_OK] + ["\x7f"],
    ),
    max_size=20,
) | st.sampled_from(['"', "\\", '\\"', "\n", "a\r\nb", "ünï ✓ 𝄞", "", " ", "urn:not:an:iri?"])
IRI = (
    st.uuids().map(lambda u: f"urn:uuid:{u}")
    | st.from_regex(r"https://[a-z]{1,8}\.example/[a-zA-Z0-9/_.~-]{0,12}", fullmatch=True)
    | st.from_regex(r"did:example:[a-zA-Z0-9]{1,10}", fullmatch=True)
    | st.sampled_from(["did:example:pool-a", "did:example:pool-b", "https://pool.example/x"])
)
ODD_IRI = st.sampled_from(
    [
        "relative",
        "_:b0",
        "",
        "https://exa mple.org/",
        "http://Example.COM/a/../b",
        'urn:x:"quoted"',
        "mailto:learner@example.org",
        "tag:example.org,2026:x",
        "xsd:string",
        "schema:Thing",
        "HTTPS://EXAMPLE.ORG",
        "Achievement",
        "@id",
        "http:no-slashes",
        "a:b c",
    ]
)
ID = IRI | ODD_IRI
DATE = st.datetimes().map(lambda d: d.isoformat() + "Z") | TEXT


@st.composite
def shapes_and_values(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    shape = {
        "alignments": draw(st.sampled_from([0, 1, 3])),
        "name_list": draw(st.sampled_from([None, 1, 2])),
        "empty": draw(st.booleans()),
        "extras": draw(st.booleans()),
        "vc1": draw(st.booleans()),
    }
    values = {
        "id": draw(ID),
        "issuer": draw(ID),
        "subject": draw(ID),
        "achievement": draw(ID),
        "name": draw(TEXT),
        "names": draw(st.lists(TEXT, min_size=2, max_size=2)),
        "date": draw(DATE),
        "narrative": draw(TEXT),
        "alignment": draw(st.lists(st.tuples(IRI | ODD_IRI, TEXT), min_size=3, max_size=3)),
        "number": draw(
            st.integers(-(10**22), 10**22) | st.floats(allow_nan=False, allow_infinity=False)
        ),
        "flag": draw(st.booleans()),
    }
    return shape, values


DEFAULT_VALUES: dict[str, Any] = {
    "id": "urn:uuid:00000000-0000-4000-8000-000000000000",
    "issuer": "did:example:the-issuer",
    "subject": "did:example:the-learner",
    "achievement": "https://college.example/achievements/1",
    "name": "Name",
    "names": ["First", "Second"],
    "date": "2026-01-01T00:00:00Z",
    "narrative": "Narrative",
    "alignment": [(f"https://framework.example/{i}", f"Target {i}") for i in range(3)],
    "number": 3,
    "flag": True,
}


def build(shape: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    if shape["vc1"]:
        doc = vc1_credential()
        doc["issuanceDate"] = values["date"]
    else:
        doc = ob3_credential("x")
        doc["validFrom"] = values["date"]
    doc["id"] = values["id"]
    doc["issuer"]["id"] = values["issuer"]
    doc["credentialSubject"]["id"] = values["subject"]
    achievement = doc["credentialSubject"]["achievement"]
    achievement["id"] = values["achievement"]
    achievement["criteria"]["narrative"] = values["narrative"]
    if shape["name_list"] is None:
        doc["name"] = values["name"]
    else:
        doc["name"] = values["names"][: shape["name_list"]]
    if shape["alignments"]:
        achievement["alignment"] = [
            {"type": ["Alignment"], "targetUrl": url, "targetName": name}
            for url, name in values["alignment"][: shape["alignments"]]
        ]
    if shape["empty"]:
        achievement["tag"] = []
    if shape["extras"]:
        achievement["creditsAvailable"] = values["number"]
        doc["credentialSubject"]["activityEndDate"] = values["date"]
        if not shape["vc1"]:  # the examples context's @vocab takes undefined terms
            doc["@context"] = [*doc["@context"], EXAMPLES_V2]
            doc["exampleFlag"] = values["flag"]
            doc["credentialSubject"]["exampleNumber"] = values["number"]
    return doc


_GENERATED_LOADER = ContextLoader()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shapes_and_values())
def test_generated_values_equal_pyld(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    shape, values = case
    loader = _GENERATED_LOADER
    seed = build(shape, DEFAULT_VALUES)
    assert outcome(fast, seed, loader) == outcome(slow, seed, loader)  # learns the shape
    cache = cache_for(loader)
    doc = build(shape, values)
    expected = outcome(slow, doc, loader)
    assert outcome(fast, copy.deepcopy(doc), loader) == expected  # may learn an IRI variant
    before = cache.hits
    assert outcome(fast, copy.deepcopy(doc), loader) == expected
    nice = [values[k] for k in ("id", "issuer", "subject", "achievement")]
    # The seed's IRI classes (always learned; other classes may exceed the variant cap).
    seed_classes = (
        values["id"].startswith("urn:uuid:")
        and values["issuer"].startswith("did:example:")
        and values["subject"].startswith("did:example:")
        and values["achievement"].startswith("https://")
        and all(u.startswith("https://") for u, _ in values["alignment"][: shape["alignments"]])
    )
    same_number = values["number"] == DEFAULT_VALUES["number"] and type(values["number"]) is int
    if (
        seed_classes
        and len(set(nice)) == 4
        and (not shape["extras"] or (same_number and values["flag"]))
        and (shape["name_list"] != 2 or values["names"][0] != values["names"][1])
    ):
        # Only strings differ from the seed: this must come from the template.
        assert cache.hits == before + 1


def test_generated_shapes_hit_with_fixed_examples() -> None:
    """A deterministic slice of the property test, so a template hit is always exercised."""
    loader = ContextLoader()
    cache = cache_for(loader)
    for vc1 in (False, True):
        for alignments in (0, 1, 3):
            for name_list in (None, 1, 2):
                shape = {
                    "alignments": alignments,
                    "name_list": name_list,
                    "empty": alignments == 1,
                    "extras": alignments == 3,
                    "vc1": vc1,
                }
                assert_same(build(shape, DEFAULT_VALUES), loader)
                values = dict(DEFAULT_VALUES)
                values.update(
                    id="urn:uuid:99999999-0000-4000-8000-000000000009",
                    subject="did:example:someone-else",
                    name='Q"\\\n',
                    names=["x\ty", "ü"],
                    date="not a date",
                    narrative="",
                    alignment=[(f"https://other.example/{i}", f"T{i}\n") for i in range(3)],
                )
                before = cache.hits
                doc = build(shape, values)
                assert fast(doc, loader) == slow(doc, loader)
                assert cache.hits == before + 1


def test_blank_nodes_with_equal_hashes_use_pyld_labelling() -> None:
    """Two alignments with identical content share a first-degree hash: pyld's full URDNA2015
    labels them (still from the template), and the result is pyld's."""
    loader = ContextLoader()
    base = ob3_credential("did:example:issuer")
    base["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "A", "targetUrl": "https://f.example/a"},
        {"type": ["Alignment"], "targetName": "B", "targetUrl": "https://f.example/b"},
    ]
    assert_same(base, loader)
    twins = copy.deepcopy(base)
    for alignment in twins["credentialSubject"]["achievement"]["alignment"]:
        alignment.update(targetName="Same", targetUrl="https://f.example/same")
    cache = cache_for(loader)
    before = cache.hits
    assert fast(twins, loader) == slow(twins, loader)
    assert cache.hits == before + 1


# -- when shapes are learned (the app's setting: when a shape recurs) --------------------------


def _count_pyld_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every JSON-LD → RDF run of pyld (the expensive step a template saves)."""
    runs = [0]
    real = canon._BoundedProcessor.to_rdf

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        runs[0] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(canon._BoundedProcessor, "to_rdf", counting)
    return runs


def _shape(n: int) -> dict[str, Any]:
    """Credential of shape ``n``: ``n`` alignments (each count is a shape of its own)."""
    doc = ob3_credential("did:example:issuer")
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": f"Skill {k}", "targetUrl": f"https://s.example/{k}"}
        for k in range(n)
    ]
    return doc


def test_a_shape_seen_once_costs_one_pyld_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wallet of many issuers: each new shape costs what plain pyld costs, nothing more."""
    monkeypatch.setattr(fastcanon_template, "LEARN_AT_SIGHTING", APP_LEARNS_AT)
    loader = ContextLoader()
    expected = [slow(_shape(n), loader) for n in range(6)]
    runs = _count_pyld_runs(monkeypatch)
    assert [fast(_shape(n), loader) for n in range(6)] == expected
    assert runs[0] == 6
    assert cache_for(loader).hits == 0


def test_a_recurring_shape_is_learned_then_templated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastcanon_template, "LEARN_AT_SIGHTING", APP_LEARNS_AT)
    loader = ContextLoader()
    cache = cache_for(loader)
    docs = []
    for i in range(4):
        doc = _shape(2)
        doc["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
        doc["credentialSubject"]["id"] = f"did:example:learner-{i}"
        docs.append(doc)
    expected = [slow(doc, loader) for doc in docs]
    runs = _count_pyld_runs(monkeypatch)
    got = []
    for doc in docs:
        got.append(fast(doc, loader))
        if len(got) == 1:
            assert (runs[0], cache.hits) == (1, 0)  # first sight: pyld once, nothing learned
        elif len(got) == 2:
            assert (runs[0], cache.hits) == (3, 0)  # recurs: pyld, then the learning run
    assert got == expected
    assert (runs[0], cache.hits) == (3, 2)  # later documents: templates, no pyld
