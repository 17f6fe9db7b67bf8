"""Every bundled catalogue file validates against the published schema AND the parser.

jsonschema is not a dependency, so a small evaluator of the keywords our schema uses checks
the files; if jsonschema happens to be installed, the full validator checks them too.  The
evaluator is also run against known-bad definitions, so a lax evaluator cannot pass silently.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from portfolio_app.paths import resource_path
from portfolio_app.pathways import parse_definition
from portfolio_app.pathways.catalogue import catalogue_dir, load_catalogue

SCHEMA = json.loads(resource_path("qualifications", "schema.json").read_text(encoding="utf-8"))
FILES = sorted(catalogue_dir().glob("*.json"))

_TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool,
    "integer": int, "number": (int, float),
}


def schema_errors(instance: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Errors of ``instance`` against the subset of draft 2020-12 our schema uses."""
    errors: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        errors += schema_errors(instance, SCHEMA["$defs"][name], path)
    if "type" in schema:
        expected = _TYPES[schema["type"]]
        if isinstance(instance, bool) and schema["type"] in {"integer", "number"}:
            return [f"{path}: boolean is not {schema['type']}"]
        if not isinstance(instance, expected):
            return [f"{path}: not {schema['type']}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: not in {schema['enum']}")
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{path}: does not match pattern")
    if isinstance(instance, int | float) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
            errors.append(f"{path}: not above exclusiveMinimum")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{path}: too few items")
        for i, item in enumerate(instance):
            if "items" in schema:
                errors += schema_errors(item, schema["items"], f"{path}[{i}]")
    if isinstance(instance, dict):
        errors += [f"{path}.{k}: required" for k in schema.get("required", []) if k not in instance]
        props = schema.get("properties", {})
        for key, value in instance.items():
            if key in props:
                errors += schema_errors(value, props[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{key}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += schema_errors(value, schema["additionalProperties"], f"{path}.{key}")
    if "not" in schema and not schema_errors(instance, schema["not"], path):
        errors.append(f"{path}: matches a forbidden shape")
    if "oneOf" in schema:
        passing = sum(not schema_errors(instance, sub, path) for sub in schema["oneOf"])
        if passing != 1:
            errors.append(f"{path}: matches {passing} of the oneOf alternatives, not exactly 1")
    return errors


def test_there_are_at_least_five_example_files() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_catalogue_file_follows_schema_and_parser(file: Path) -> None:
    data = json.loads(file.read_text(encoding="utf-8"))
    assert schema_errors(data, SCHEMA) == []
    qualification = parse_definition(data)
    assert qualification.example is True
    assert "EXAMPLE" in qualification.description
    assert "(example)" in qualification.name


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_catalogue_file_follows_schema_with_jsonschema_when_installed(file: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(file.read_text(encoding="utf-8")))


def test_catalogue_loads_without_problems() -> None:
    qualifications, problems = load_catalogue()
    assert problems == []
    assert len({q.id for q in qualifications}) == len(FILES)


def test_catalogue_covers_the_required_shapes() -> None:
    by_id = {q.id: q for q in load_catalogue()[0]}
    assert by_id["example.university.digital-skills-15-ects"].recency is not None
    assert by_id["example.badge-path.ibm-skillsbuild-ai"].expiry.value == "must-be-valid"
    assert by_id["example.micromasters.dedp"].equivalences


def test_every_example_names_the_public_source_of_its_structure() -> None:
    for q in load_catalogue()[0]:
        assert q.example, q.id
        assert "EXAMPLE" in q.description and "fictional" in q.awarding_body, q.id
        assert q.example_source and "." in q.example_source, q.id


def test_tagged_course_certificate_pdfs_complete_the_micromasters_example_only_if_unverified(
) -> None:
    """The catalogue matches how course certificates really arrive: PDFs, by course code."""
    from datetime import date

    from portfolio_app.formats import parse
    from portfolio_app.ingest.extract import extract
    from portfolio_app.pathways import AcceptancePolicy, Holding, progress
    from tests.pdfmaker import edx_like

    q = {x.id: x for x in load_catalogue()[0]}["example.micromasters.dedp"]
    pdf = parse(extract("certificate.pdf", edx_like()))
    codes = ["14.100x", "14.310Fx", "JPAL102x", "14.73x", "14.750x"]  # 14.310Fx by equivalence
    holdings = [Holding(i, pdf, "unverifiable", (code,)) for i, code in enumerate(codes, 1)]
    today = date(2025, 6, 1)

    assert progress(q, holdings, today=today).percent == 0
    loose = progress(q, holdings, today=today, acceptable=AcceptancePolicy.INCLUDE_UNVERIFIED)
    assert loose.satisfied
    assert set(loose.root.flagged) == {1, 2, 3, 4, 5}
    assert not progress(
        q, holdings[:-1], today=today, acceptable=AcceptancePolicy.INCLUDE_UNVERIFIED
    ).satisfied  # one elective short


BAD = [
    {"id": "x", "name": "X", "awarding_body": "B", "requirements": {"type": "some"}},
    {"id": "x", "name": "X", "awarding_body": "B",
     "requirements": {"type": "credits", "min": 1, "unit": "ECTS",
                      "children": [{"type": "match", "tag": "t"}]}},
    {"id": "x", "name": "X", "awarding_body": "B",
     "requirements": {"type": "match", "tag": "t", "achievement_id": "a"}},
    {"id": "x", "name": "X", "requirements": {"type": "match", "tag": "t"}},
    {"id": "x", "name": "X", "awarding_body": "B",
     "requirements": {"type": "match", "issuer_recognised_as": "Google"}},
    {"id": "x", "name": "X", "awarding_body": "B",
     "requirements": {"type": "match", "issuer_recognised_as": "Google", "issuer_id": "i",
                      "achievement_name": "A"}},
    {"id": "x", "name": "X", "awarding_body": "B",
     "requirements": {"type": "any", "min": 0, "children": [{"type": "match", "tag": "t"}]}},
]


@pytest.mark.parametrize("data", BAD)
def test_schema_and_parser_both_refuse_bad_definitions(data: dict[str, Any]) -> None:
    from portfolio_app.pathways import DefinitionError

    assert schema_errors(data, SCHEMA)
    with pytest.raises(DefinitionError):
        parse_definition(data)
