"""Baked SVG badges: found by namespace URI whatever the prefix, and XML attacks refused."""

from __future__ import annotations

import json
import time

import pytest
from bakery import OB2_HOSTED_ASSERTION, compact_jws, svg

from portfolio_app.errors import RejectedInput
from portfolio_app.ingest import extract
from portfolio_app.model import Container

OB2_NS = "http://openbadges.org"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"


def test_ob2_hosted_svg_yields_cdata_json() -> None:
    text = json.dumps(OB2_HOSTED_ASSERTION)
    data = svg(
        f'<openbadges:assertion verify="{OB2_HOSTED_ASSERTION["id"]}"><![CDATA[{text}]]>'
        "</openbadges:assertion>",
        namespace=OB2_NS,
    )
    found = extract("badge.svg", data)
    assert found.container is Container.SVG
    assert found.source == "svg-openbadges-assertion"
    assert found.payload == text


def test_ob2_signed_svg_yields_verify_attribute() -> None:
    token = compact_jws(OB2_HOSTED_ASSERTION)
    data = svg(f'<ob:assertion verify="{token}"/>', namespace_prefix="ob", namespace=OB2_NS)
    assert extract("x", data).payload == token


def test_ob3_svg_with_other_prefix_is_found_by_namespace() -> None:
    token = compact_jws({"type": ["VerifiableCredential"]})
    data = svg(f'<b:credential verify="{token}"/>', namespace_prefix="b", namespace=OB3_NS)
    found = extract("x", data)
    assert found.source == "svg-openbadges-credential"
    assert found.payload == token


def test_ob3_svg_with_json_body() -> None:
    data = svg(
        '<openbadges:credential><![CDATA[{"type": "x"}]]></openbadges:credential>',
        namespace=OB3_NS,
    )
    assert extract("x", data).payload == '{"type": "x"}'


def test_wrong_namespace_is_not_a_badge() -> None:
    data = svg('<openbadges:assertion verify="https://a/b"/>', namespace="http://example.org/other")
    with pytest.raises(RejectedInput, match="SVG image has no Open Badges data"):
        extract("x", data)


def test_plain_svg_is_refused() -> None:
    with pytest.raises(RejectedInput, match="SVG image has no Open Badges data"):
        extract("x", b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')


def test_billion_laughs_is_refused_quickly() -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
            for i in range(1, 10)
        )
        + ']>\n<svg xmlns="http://www.w3.org/2000/svg">&lol9;</svg>'
    ).encode()
    started = time.perf_counter()
    with pytest.raises(RejectedInput) as caught:
        extract("x", bomb)
    assert caught.value.reason == "XML entities are not allowed (possible entity-expansion attack)"
    assert time.perf_counter() - started < 1.0


def test_external_entity_is_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>'
    )
    with pytest.raises(RejectedInput) as caught:
        extract("x", data)
    assert caught.value.reason == (
        "XML external entities are not allowed (the file tries to load 'file:///etc/passwd')"
    )


def test_malformed_xml_says_where() -> None:
    with pytest.raises(RejectedInput, match=r"not well-formed XML \(line 1, column"):
        extract("x", b"<svg><g></svg>")


def test_xml_that_is_not_svg_is_refused() -> None:
    with pytest.raises(RejectedInput, match="not an SVG image"):
        extract("x", b'<?xml version="1.0"?><credential xmlns="urn:x"/>')


def test_svg_with_bom_and_leading_whitespace() -> None:
    token = compact_jws({"a": 1})
    data = b"\xef\xbb\xbf\n  " + svg(
        f'<o:credential verify="{token}"/>', namespace_prefix="o", namespace=OB3_NS
    )
    assert extract("x", data).payload == token


def test_real_1edtech_svg_with_doctype(public_fixtures) -> None:  # type: ignore[no-untyped-def]
    found = extract("x", (public_fixtures / "1edtech-obv3-baked-vcjwt.svg").read_bytes())
    assert found.source == "svg-openbadges-credential"
    assert found.payload.count(".") == 2
