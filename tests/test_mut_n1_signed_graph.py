"""The signed-graph reader names the field it refuses, keeps its cache honest, and reads CLR
nesting and date windows exactly as the graph states them (mutants ``make mutation`` left).

Why these matter: every value the app shows or checks for a JSON-LD credential comes from this
reader.  A refusal that names the wrong field sends the learner to the wrong place; a cache
that confuses two documents shows one credential's values under another's signature; a
shown-versus-signed comparison that picks the wrong end of a date window lets a credential
whose shown dates differ from its signed ones through.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from bakery import OB3_CREDENTIAL

from portfolio_app.verify import fastcanon, signed_graph
from portfolio_app.verify.canon import WorkLimitExceeded
from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.signed_graph import (
    SignedGraphError,
    canonical_nquads,
    read_signed_credential,
    reading_of,
    shown_mismatch,
)

CRED = "https://www.w3.org/2018/credentials#"
CLR = "https://purl.imsglobal.org/spec/vc/clr/vocab.html#"
SCHEMA = "https://schema.org/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
VC = f"<{CRED}VerifiableCredential>"


def credential() -> dict[str, Any]:
    """An OB 3.0 credential (no proof: the reader reads the unsecured document's graph)."""
    doc = copy.deepcopy(OB3_CREDENTIAL)
    del doc["proof"]
    del doc["credentialSubject"]["achievement"]["creditUnit"]  # not in the bundled context
    return doc


def _achievement(doc: dict[str, Any]) -> dict[str, Any]:
    achievement: dict[str, Any] = doc["credentialSubject"]["achievement"]
    return achievement


def _alignment(doc: dict[str, Any]) -> dict[str, Any]:
    alignment: dict[str, Any] = _achievement(doc)["alignment"][0]
    return alignment


Edit = Callable[[dict[str, Any]], None]

TWICE: list[tuple[Edit, str]] = [
    (lambda d: d.update(description=["One text", "Another text"]), "description"),
    (lambda d: d["issuer"].update(name=["College A", "College B"]), "issuer name"),
    (lambda d: d["credentialSubject"].update(name=["Ada", "Grace"]), "credentialSubject name"),
    (lambda d: _achievement(d).update(name=["Data", "Other"]), "achievement name"),
    (lambda d: _achievement(d).update(description=["A", "B"]), "achievement description"),
    (lambda d: _achievement(d).update(achievementType=["Course", "Badge"]), "achievementType"),
    (lambda d: _achievement(d).update(creditsAvailable=[6, 7]), "creditsAvailable"),
    (lambda d: _alignment(d).update(targetName=["Statistics", "Maths"]), "targetName"),
    (
        lambda d: _alignment(d).update(targetUrl=["https://a.example/1", "https://a.example/2"]),
        "targetUrl",
    ),
    (lambda d: _alignment(d).update(targetFramework=["F1", "F2"]), "targetFramework"),
    (lambda d: _alignment(d).update(targetCode=["ST-1", "ST-2"]), "targetCode"),
    (lambda d: d["evidence"][1].update(name=["Essay", "Poem"]), "evidence name"),
    (
        lambda d: d["credentialSubject"]["identifier"][0].update(identityHash=["sha256$a", "b"]),
        "identityHash",
    ),
]


@pytest.mark.parametrize(("edit", "field"), TWICE, ids=[f for _e, f in TWICE])
def test_a_field_stated_twice_is_refused_by_its_own_name(edit: Edit, field: str) -> None:
    """The refusal says which field holds two values, so the reason can be acted on."""
    doc = credential()
    edit(doc)
    with pytest.raises(SignedGraphError) as raised:
        read_signed_credential(doc)
    assert raised.value.reason.endswith(f"2 different values for {field}")


def test_a_status_entry_stating_two_purposes_is_refused_naming_the_property() -> None:
    doc = credential()
    doc["credentialStatus"] = {
        "id": "https://issuer.example/status/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": ["revocation", "suspension"],
        "statusListIndex": "5",
        "statusListCredential": "https://issuer.example/status/1",
    }
    with pytest.raises(SignedGraphError, match=r"2 different values for statusPurpose$"):
        read_signed_credential(doc)


def test_a_long_evidence_label_is_cut_to_200_characters() -> None:
    doc = credential()
    doc["evidence"] = [{"name": "x" * 300}]
    assert read_signed_credential(doc).evidence == ("x" * 200,)


def test_documents_that_differ_only_between_array_items_are_not_confused() -> None:
    """The reader remembers recent graphs by the document's exact JSON text; [12, 3] and [123]
    must not share an entry, or one credential would be shown with another's values."""
    two = credential()
    two["credentialSubject"]["creditsEarned"] = [12, 3]
    one = credential()
    one["credentialSubject"]["creditsEarned"] = [123]
    with pytest.raises(SignedGraphError, match="creditsEarned"):
        read_signed_credential(two)
    assert read_signed_credential(one).credits_earned == 123.0


def test_a_refused_document_is_not_canonicalized_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document that ran into a work limit costs one budget, not one per reading: the parser
    and the verifier read the same file moments apart."""
    calls: list[object] = []

    def too_complex(doc: Any, loader: Any, *, checked: bool = False) -> str:
        calls.append(doc)
        raise WorkLimitExceeded("the blank nodes are too many to canonicalize")

    monkeypatch.setattr(fastcanon, "canonicalize", too_complex)
    loader = ContextLoader.bundled()
    doc = credential()
    doc["name"] = "A document only this test reads"
    for _ in range(2):
        with pytest.raises(WorkLimitExceeded):
            canonical_nquads(doc, loader)
    assert len(calls) == 1


def test_a_graph_read_once_is_served_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = credential()
    doc["name"] = "Another document only this test reads"
    loader = ContextLoader.bundled()
    first = canonical_nquads(doc, loader)
    monkeypatch.setattr(fastcanon, "canonicalize", lambda *a, **k: pytest.fail("not cached"))
    assert canonical_nquads(doc, loader) == first
    assert signed_graph.digest_of(first) == read_signed_credential(doc).digest


# --- hand-written N-Quads --------------------------------------------------------------------


def _quads(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _root(*extra: str) -> list[str]:
    return [
        f"<urn:uuid:clr> {TYPE} {VC} .",
        f"<urn:uuid:clr> {TYPE} <{CLR}ClrCredential> .",
        f"<urn:uuid:clr> <{CRED}issuer> <did:example:issuer> .",
        f"<urn:uuid:clr> <{CRED}credentialSubject> <did:example:learner> .",
        *extra,
    ]


def _inner(graph: str, cred: str) -> list[str]:
    return [
        f"{cred} {TYPE} {VC} {graph} .",
        f"{cred} <{CRED}issuer> <did:example:issuer> {graph} .",
    ]


def test_a_line_without_the_final_dot_is_refused_even_when_the_rest_parses() -> None:
    line = f"<urn:uuid:clr> <{SCHEMA}name> <urn:x:y>!."  # drop two characters: a valid quad
    with pytest.raises(SignedGraphError, match="unexpected N-Quad"):
        reading_of(_quads(*_root(line)))


def test_clr_nested_credentials_are_counted_in_both_vocabularies_and_named_graphs() -> None:
    """A CLR's credentials sit in named graphs its ``verifiableCredential`` statements point
    to (W3C or CLR vocabulary); each is counted once, the id-less ones last."""
    nquads = _quads(
        *_root(
            f"<urn:uuid:clr> <{CRED}verifiableCredential> _:g1 .",
            f"<urn:uuid:clr> <{CLR}verifiableCredential> _:g2 .",
        ),
        *_inner("_:g1", "<urn:uuid:b-inner>"),
        *_inner("_:g2", "<urn:uuid:a-inner>"),
        *_inner("_:g2", "_:c3"),
    )
    reading = reading_of(nquads)
    assert reading.types == ("VerifiableCredential", "ClrCredential")
    assert reading.nested_ids == ("urn:uuid:a-inner", "urn:uuid:b-inner", None)
    assert reading.nested_count == 3
    assert reading.achievement is None


def test_a_credential_in_a_named_graph_nobody_points_to_is_not_nested() -> None:
    nquads = _quads(*_root(), *_inner("_:g9", "<urn:uuid:stray>"))
    assert reading_of(nquads).nested_ids == ()


def test_a_credential_pointed_to_in_the_default_graph_is_nested() -> None:
    """A nested credential written as a node (not a graph) is still one the CLR holds."""
    nquads = _quads(
        *_root(f"<urn:uuid:clr> <{CRED}verifiableCredential> <urn:uuid:inline> ."),
        f"<urn:uuid:inline> {TYPE} {VC} .",
        f"<urn:uuid:inline> <{CRED}issuer> <did:example:issuer> .",
    )
    assert reading_of(nquads).nested_ids == ("urn:uuid:inline",)


def test_a_clr_does_not_read_an_achievement_of_its_subject() -> None:
    """A CLR's subject lists many achievements; none of them is 'the' achievement shown."""
    nquads = _quads(
        *_root(
            "<did:example:learner> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement>"
            " <urn:uuid:a1> .",
            f'<urn:uuid:a1> <{SCHEMA}name> "One" .',
        )
    )
    reading = reading_of(nquads)
    assert (reading.achievement, reading.achievement_count) == (None, 1)


def _window(starts: tuple[str, ...], ends: tuple[str, ...]) -> str:
    lines = [
        f"<urn:uuid:c1> {TYPE} {VC} .",
        f"<urn:uuid:c1> <{CRED}issuer> <did:example:issuer> .",
        f"<urn:uuid:c1> <{CRED}credentialSubject> <did:example:learner> .",
    ]
    lines += [f'<urn:uuid:c1> <{CRED}validFrom> "{s}" .' for s in starts]
    lines += [f'<urn:uuid:c1> <{CRED}validUntil> "{e}" .' for e in ends]
    return _quads(*lines)


def test_shown_dates_must_be_the_strictest_of_the_signed_ones() -> None:
    """Two signed starts and two signed ends: only the latest start and the earliest end may
    be shown; showing the wider window is a mismatch the verifier refuses."""
    reading = reading_of(
        _window(
            ("2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"),
            ("2029-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
        )
    )
    shown = SimpleNamespace(
        extra={"signed_digest": reading.digest},
        issuer_id="did:example:issuer",
        credential_id="urn:uuid:c1",
        valid_from=datetime(2024, 3, 1, tzinfo=UTC),
        valid_until=datetime(2028, 1, 1, tzinfo=UTC),
    )
    assert shown_mismatch(reading, shown) is None
    wider_start = SimpleNamespace(**{**vars(shown), "valid_from": datetime(2024, 1, 1, tzinfo=UTC)})
    assert "validFrom" in (shown_mismatch(reading, wider_start) or "")
    wider_end = SimpleNamespace(**{**vars(shown), "valid_until": datetime(2029, 1, 1, tzinfo=UTC)})
    assert "validUntil" in (shown_mismatch(reading, wider_end) or "")
    other_issuer = SimpleNamespace(**{**vars(shown), "issuer_id": "did:example:mallory"})
    assert "issuer id" in (shown_mismatch(reading, other_issuer) or "")


OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
OB_BETA = "https://imsglobal.github.io/openbadges-specification/ob_v3p0.html#"
STATUS = "https://www.w3.org/ns/credentials/status#"
STATUS_2021 = "https://w3id.org/vc/status-list#"
VCRL = "https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#"
KNOWN_TYPES = [
    (OB_VOCAB + "OpenBadgeCredential", "OpenBadgeCredential"),
    (OB_BETA + "OpenBadgeCredential", "OpenBadgeCredential"),
    (OB_VOCAB + "AchievementCredential", "AchievementCredential"),
    (OB_BETA + "AchievementCredential", "AchievementCredential"),
    (OB_VOCAB + "EndorsementCredential", "EndorsementCredential"),
    (OB_BETA + "EndorsementCredential", "EndorsementCredential"),
    (CLR + "ClrCredential", "ClrCredential"),
    (STATUS + "BitstringStatusListEntry", "BitstringStatusListEntry"),
    (STATUS + "BitstringStatusListCredential", "BitstringStatusListCredential"),
    (STATUS + "BitstringStatusList", "BitstringStatusList"),
    (STATUS_2021 + "StatusList2021Entry", "StatusList2021Entry"),
    (STATUS_2021 + "StatusList2021Credential", "StatusList2021Credential"),
    (STATUS_2021 + "StatusList2021", "StatusList2021"),
    (VCRL + "1EdTechRevocationList", "1EdTechRevocationList"),
]


@pytest.mark.parametrize(("iri", "short"), KNOWN_TYPES, ids=[i for i, _s in KNOWN_TYPES])
def test_each_type_the_app_acts_on_is_read_by_its_short_name(iri: str, short: str) -> None:
    """The app decides what a credential is (a CLR, a status list, an endorsement) by these
    names; a type read as its IRI instead would be a credential of no kind the app knows."""
    reading = reading_of(_quads(*_root(), f"<urn:uuid:clr> {TYPE} <{iri}> ."))
    assert reading.types == tuple(
        ["VerifiableCredential", *sorted({"ClrCredential", short} - {"VerifiableCredential"})]
    )


def test_an_unknown_type_keeps_its_iri_and_verifiable_credential_comes_first() -> None:
    reading = reading_of(_quads(*_root(f"<urn:uuid:clr> {TYPE} <https://a.example/#Zeta> .")))
    assert reading.types == ("VerifiableCredential", "ClrCredential", "https://a.example/#Zeta")


def test_status_urls_are_the_web_lists_each_once() -> None:
    """An online status check fetches exactly these: every web list once (a revocation list
    by its entry's own id), never a ``urn:`` or an empty value."""

    def entry(node: str, kind: str, list_url: str | None) -> list[str]:
        lines = [
            f"<urn:uuid:clr> <{CRED}credentialStatus> {node} .",
            f"{node} {TYPE} <{kind}> .",
        ]
        if list_url is not None:
            lines.append(f'{node} <{STATUS}statusListCredential> "{list_url}" .')
        return lines

    nquads = _quads(
        *_root(
            *entry(
                "<https://x.example/1#5>",
                STATUS + "BitstringStatusListEntry",
                "https://x.example/1",
            ),
            *entry(
                "<https://x.example/1#6>",
                STATUS + "BitstringStatusListEntry",
                "https://x.example/1",
            ),
            *entry("<urn:uuid:s3>", STATUS + "BitstringStatusListEntry", "urn:uuid:list"),
            *entry("<urn:uuid:s4>", STATUS + "BitstringStatusListEntry", None),
            *entry("<http://x.example/revoked>", VCRL + "1EdTechRevocationList", None),
        )
    )
    reading = reading_of(nquads)
    assert len(reading.status_entries) == 5
    assert reading.status_urls() == ("https://x.example/1", "http://x.example/revoked")


@pytest.mark.parametrize("vocab", [SCHEMA, OB_VOCAB, OB_BETA], ids=["schema", "ob", "ob-beta"])
def test_alignment_fields_are_read_in_every_vocabulary_a_context_maps_them_to(vocab: str) -> None:
    """Context editions map the alignment terms to schema.org, the OB 3.0 vocabulary or its
    beta: a framework code stated in any of them is the one shown and matched."""
    subject = "<did:example:learner>"
    nquads = _quads(
        f"<urn:uuid:c1> {TYPE} {VC} .",
        f"<urn:uuid:c1> <{CRED}issuer> <did:example:issuer> .",
        f"<urn:uuid:c1> <{CRED}credentialSubject> {subject} .",
        f"{subject} <{OB_VOCAB}achievement> <urn:uuid:a1> .",
        f"<urn:uuid:a1> <{OB_VOCAB}alignment> _:al .",
        f'_:al <{vocab}targetName> "Statistics" .',
        f'_:al <{vocab}targetUrl> "https://f.example/st" .',
        f'_:al <{vocab}targetFramework> "Framework" .',
        f'_:al <{vocab}targetCode> "ST-1" .',
    )
    achievement = reading_of(nquads).achievement
    assert achievement is not None
    assert achievement.alignments == (("Statistics", "https://f.example/st", "Framework", "ST-1"),)


@pytest.mark.parametrize(
    "predicate", [SCHEMA + "keywords", OB_VOCAB + "tag", OB_BETA + "tag"], ids=str
)
def test_tags_are_read_in_every_vocabulary_trimmed_and_without_blanks(predicate: str) -> None:
    nquads = _quads(
        f"<urn:uuid:c1> {TYPE} {VC} .",
        f"<urn:uuid:c1> <{CRED}issuer> <did:example:issuer> .",
        f"<urn:uuid:c1> <{CRED}credentialSubject> <did:example:learner> .",
        f"<did:example:learner> <{OB_VOCAB}achievement> <urn:uuid:a1> .",
        f'<urn:uuid:a1> <{predicate}> " data " .',
        f'<urn:uuid:a1> <{predicate}> "   " .',
        f'<urn:uuid:a1> <{predicate}> "charts" .',
    )
    achievement = reading_of(nquads).achievement
    assert achievement is not None
    assert achievement.tags == ("charts", "data")
