"""The signed-graph reader reads every shown and checked field from the canonical N-Quads, and
refuses a graph it cannot read as exactly one credential (mutants ``make mutation`` found).

Why these matter: the verifier checks, and the app shows, only what this reader returns; a
field it silently drops or a second value it silently ignores is a value nobody checked.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bakery import OB3_CREDENTIAL

from portfolio_app.verify.contexts import ContextLoader
from portfolio_app.verify.signed_graph import (
    RDF_LANG_STRING,
    SignedGraphError,
    Term,
    canonical_nquads,
    parse_nquads,
    read_signed_credential,
    reading_of,
    shown_mismatch,
    status_list_fields,
    strictest,
)

FIXTURES = Path(__file__).parent / "fixtures" / "public"
CRED = "https://www.w3.org/2018/credentials#"
SCHEMA = "https://schema.org/"
OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
VC = f"<{CRED}VerifiableCredential>"


def rich_credential() -> dict[str, Any]:
    """An OB 3.0 credential using every field the reader reads."""
    doc = copy.deepcopy(OB3_CREDENTIAL)
    del doc["proof"]
    del doc["credentialSubject"]["achievement"]["creditUnit"]  # not in the bundled context
    doc["description"] = 'Says "hi"\tthen\nmore \\ done'
    doc["awardedDate"] = "2024-05-02T00:00:00Z"
    subject = doc["credentialSubject"]
    subject["id"] = "did:example:learner"
    subject["name"] = "Ada"
    subject["achievement"]["achievementType"] = "Course"
    doc["evidence"].append({"narrative": "Wrote a report"})
    doc["credentialStatus"] = [
        {
            "id": "https://issuer.example/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusListCredential": "https://issuer.example/status/1",
            "statusSize": 1,
        },
        {
            "id": "https://issuer.example/status/1#6",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "suspension",
            "statusListIndex": "6",
            "statusListCredential": "http://issuer.example/status/2",
        },
    ]
    return doc


def test_every_field_is_read_from_the_signed_graph() -> None:
    reading = read_signed_credential(rich_credential())
    assert reading.credential_id == "urn:uuid:7f3e0a52-0000-4000-8000-000000000001"
    assert reading.types == ("VerifiableCredential", "OpenBadgeCredential")
    assert (reading.issuer_id, reading.issuer_name) == ("did:key:z6MkExample", "Example College")
    assert reading.name == "Credential name"
    assert reading.description == 'Says "hi"\tthen\nmore \\ done'  # N-Quads escapes undone
    assert reading.starts == (("validFrom", "2024-05-01T00:00:00Z"),)
    assert reading.ends == (("validUntil", "2029-05-01T00:00:00Z"),)
    assert reading.awarded == "2024-05-02T00:00:00Z"
    assert (reading.subject_id, reading.subject_name) == ("did:example:learner", "Ada")
    assert reading.identity_hash == "sha256$def"
    assert reading.credits_earned == 5.0
    assert reading.achievement_count == 1
    achievement = reading.achievement
    assert achievement is not None
    assert achievement.id == "https://example.edu/achievements/data-101"
    assert achievement.name == "Data Literacy 101"
    assert achievement.description == "Reads and questions data."
    assert achievement.achievement_type == "Course"
    assert achievement.credits_available == 6.0
    assert achievement.tags == ("data", "statistics")
    assert achievement.alignments == (
        ("Statistics", "https://example.org/frameworks/stats", "Example Framework", "ST-1"),
    )
    assert reading.evidence == ("Essay", "Wrote a report", "https://example.edu/evidence/1")
    assert reading.subject_count == 1
    assert reading.nested_ids == ()
    assert reading.nested_count == 0
    assert reading.status_entries == (
        {
            "id": "https://issuer.example/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusListCredential": "https://issuer.example/status/1",
            "statusListIndex": "5",
            "statusPurpose": "revocation",
            "statusSize": "1",
        },
        {
            "id": "https://issuer.example/status/1#6",
            "type": "BitstringStatusListEntry",
            "statusListCredential": "http://issuer.example/status/2",
            "statusListIndex": "6",
            "statusPurpose": "suspension",
        },
    )
    # Every list an online check must fetch, http too, each once.
    assert reading.status_urls() == (
        "https://issuer.example/status/1",
        "http://issuer.example/status/2",
    )


def test_the_digest_is_that_of_the_canonical_nquads() -> None:
    doc = rich_credential()
    first = read_signed_credential(doc)
    doc["name"] = "Another name"
    second = read_signed_credential(doc)
    assert len(first.digest) == 64
    assert first.digest != second.digest
    assert reading_of(_nquads_of(doc)).digest == second.digest


def _nquads_of(doc: dict[str, Any]) -> str:
    return canonical_nquads(doc, ContextLoader.bundled())


def test_a_vc_1_1_credential_states_its_dates_as_issuance_and_expiration() -> None:
    doc = json.loads((FIXTURES / "dcc-obv3-vc1-ed25519-didkey-expired.json").read_text())
    reading = read_signed_credential(doc)
    assert [name for name, _ in reading.starts] == ["issuanceDate"]
    assert [name for name, _ in reading.ends] == ["expirationDate"]


def test_an_endorsement_inside_a_credential_is_not_a_second_credential() -> None:
    doc = rich_credential()
    inner = copy.deepcopy(rich_credential())
    inner["id"] = "urn:uuid:endorsement-1"
    inner["type"] = ["VerifiableCredential", "EndorsementCredential"]
    del inner["@context"]
    doc["endorsement"] = [inner]
    reading = read_signed_credential(doc)
    assert reading.credential_id == "urn:uuid:7f3e0a52-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d.update(issuer=["did:example:a", "did:example:b"]), "issuer"),
        (lambda d: d.update(awardedDate=["2024-05-02T00:00:00Z", "2024-05-03T00:00:00Z"]), "award"),
        (lambda d: d["credentialSubject"].update(creditsEarned=[5, 6]), "creditsEarned"),
        (lambda d: d.update(name=["One name", "Another name"]), "name"),
    ],
)
def test_a_field_stated_twice_with_different_values_is_refused(edit: Any, field: str) -> None:
    doc = rich_credential()
    edit(doc)
    with pytest.raises(SignedGraphError, match=f"2 different values for {field}"):
        read_signed_credential(doc)


def test_two_achievements_in_one_credential_are_refused() -> None:
    doc = rich_credential()
    second = copy.deepcopy(doc["credentialSubject"]["achievement"])
    second["id"] = "https://example.edu/achievements/other"
    doc["credentialSubject"]["achievement"] = [doc["credentialSubject"]["achievement"], second]
    with pytest.raises(SignedGraphError, match="2 achievements"):
        read_signed_credential(doc)


def test_an_issuer_without_an_id_is_refused() -> None:
    doc = rich_credential()
    doc["issuer"] = {"type": ["Profile"], "name": "Example College"}
    with pytest.raises(SignedGraphError, match="no issuer id"):
        read_signed_credential(doc)


def test_a_credential_without_a_subject_is_refused() -> None:
    doc = rich_credential()
    del doc["credentialSubject"]
    with pytest.raises(SignedGraphError, match="no credentialSubject"):
        read_signed_credential(doc)


# --- hand-written N-Quads: shapes a canonicalizer never writes, so the parser must refuse ---


def _cred_quads(*extra: str, subject: str = "<urn:uuid:c1>") -> str:
    lines = [
        f"{subject} {TYPE} {VC} .",
        f"{subject} <{CRED}issuer> <did:example:issuer> .",
        f"{subject} <{CRED}credentialSubject> <did:example:learner> .",
        *extra,
    ]
    return "\n".join(lines) + "\n"


def test_no_credential_in_the_graph_is_refused() -> None:
    with pytest.raises(SignedGraphError, match="no VerifiableCredential"):
        reading_of('<did:example:x> <https://schema.org/name> "X" .\n')


def test_two_credentials_at_the_top_level_are_refused() -> None:
    nquads = _cred_quads() + _cred_quads(subject="<urn:uuid:c2>")
    with pytest.raises(SignedGraphError, match="2 credentials at the top level"):
        reading_of(nquads)


@pytest.mark.parametrize(
    "line",
    [
        '<urn:uuid:c1> <https://schema.org/name> "no final dot"',
        '<urn:uuid:c1> <https://schema.org/name> "X".',
        '<urn:uuid:c1 <https://schema.org/name> "X" .',
        'urn:uuid:c1> <https://schema.org/name> "X" .',
        '_: <https://schema.org/name> "X" .',
        '<urn:uuid:c1> _:b0 "X" .',
        '<urn:uuid:c1> <https://schema.org/name> "unterminated .',
        '<urn:uuid:c1> <https://schema.org/name> "X"junk .',
    ],
)
def test_a_quad_a_canonicalizer_never_writes_is_refused(line: str) -> None:
    with pytest.raises(SignedGraphError, match="unexpected N-Quad"):
        reading_of(_cred_quads(line))


def test_escapes_and_languages_are_read_as_the_canonical_form_means_them() -> None:
    nquads = _cred_quads(
        f'<urn:uuid:c1> <{SCHEMA}name> "Caf\\u00E9 \\U0001F600 \\"q\\" \\\\ \\r\\t\\n\\b\\f\\\'" .',
        f'<did:example:issuer> <{SCHEMA}name> "Hallo"@de .',
        f'<did:example:issuer> <{SCHEMA}name> "Bonjour"@FR .',
        f'<urn:uuid:c1> <{SCHEMA}description> "Text"@en .',
        f'<urn:uuid:c1> <{SCHEMA}description> "Texte"@fr .',
    )
    reading = reading_of(nquads)
    assert reading.name == 'Café \U0001f600 "q" \\ \r\t\n\b\f\''
    assert reading.issuer_name == "Hallo"  # no English, no plain: the first language (de)
    assert reading.description == "Text"  # English preferred
    node = parse_nquads(nquads).node(_iri("did:example:issuer"), "")
    terms = node.objects(SCHEMA + "name")
    assert {(t.value, t.language, t.datatype) for t in terms} == {
        ("Hallo", "de", RDF_LANG_STRING),
        ("Bonjour", "fr", RDF_LANG_STRING),
    }


def test_a_blank_text_is_no_text() -> None:
    reading = reading_of(_cred_quads(f'<urn:uuid:c1> <{SCHEMA}name> "   " .'))
    assert reading.name is None
    reading = reading_of(_cred_quads(f'<urn:uuid:c1> <{SCHEMA}name> " "@de .'))
    assert reading.name is None


def test_blank_node_and_named_graph_terms() -> None:
    nquads = (
        f"_:b0 {TYPE} {VC} <urn:graph:1> .\n"
        f"_:b0 <{CRED}issuer> <did:example:issuer> <urn:graph:1> .\n"
        f"_:b0 <{CRED}credentialSubject> _:b1 <urn:graph:1> .\n"
    )
    graph = parse_nquads(nquads)
    (node,) = graph.credentials()
    assert (node.term.kind, node.term.value, node.graph, node.id) == (
        "blank",
        "b0",
        "urn:graph:1",
        None,
    )
    assert graph.credentials("") == []


def _iri(value: str) -> Term:
    return Term("iri", value)


def test_a_status_list_must_have_exactly_one_subject() -> None:
    one = (
        f"<https://issuer.example/status/1> {TYPE} {VC} .\n"
        f"<https://issuer.example/status/1> <{CRED}credentialSubject> "
        "<https://issuer.example/status/1#list> .\n"
    )
    assert status_list_fields(one).id == "https://issuer.example/status/1#list"
    two = one + (
        f"<https://issuer.example/status/1> <{CRED}credentialSubject> "
        "<https://issuer.example/status/1#other> .\n"
    )
    with pytest.raises(SignedGraphError, match="one subject"):
        status_list_fields(two)
    with pytest.raises(SignedGraphError, match="one credential"):
        status_list_fields(one + one.replace("status/1>", "status/2>"))


def test_the_strictest_dates_win_and_an_unreadable_one_gives_none() -> None:
    starts = (("validFrom", "2024-01-01T00:00:00Z"), ("issuanceDate", "2024-03-01T00:00:00Z"))
    assert strictest(starts, latest=True) == datetime(2024, 3, 1, tzinfo=UTC)
    assert strictest(starts, latest=False) == datetime(2024, 1, 1, tzinfo=UTC)
    assert strictest((), latest=True) is None
    assert strictest((*starts, ("validFrom", "soon")), latest=True) is None


def test_shown_values_must_equal_the_signed_ones() -> None:
    reading = read_signed_credential(rich_credential())

    shown = SimpleNamespace(
        extra={"signed_digest": reading.digest},
        issuer_id=reading.issuer_id,
        credential_id=reading.credential_id,
        valid_from=datetime(2024, 5, 1, tzinfo=UTC),
        valid_until=datetime(2029, 5, 1, tzinfo=UTC),
    )
    assert shown_mismatch(reading, shown) is None
    later = SimpleNamespace(**{**vars(shown), "valid_until": datetime(2030, 5, 1, tzinfo=UTC)})
    assert "validUntil" in (shown_mismatch(reading, later) or "")
    other = SimpleNamespace(**{**vars(shown), "extra": {"signed_digest": "0" * 64}})
    assert "not read from the graph" in (shown_mismatch(reading, other) or "")
