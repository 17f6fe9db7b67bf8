"""Registry entries for the formats that predate the registry (OB 2.0, Europass, W3C VCs).

Their parsers stay in their own modules (``ob2.py``, ``europass.py``, ``vc.py``); this module
only says, for each, how it is recognised and which parser it goes to, so
:mod:`portfolio_app.formats.registry` can list every format in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from portfolio_app.errors import RejectedInput
from portfolio_app.formats import europass, ob2, vc
from portfolio_app.formats.registry import JsonFormat, JsonInput
from portfolio_app.ingest.jsonsafe import safe_json_loads
from portfolio_app.model import Credential


def _is_jades(given: JsonInput) -> bool:
    return given.jwt is None and europass.is_jades_envelope(given.obj)


def _parse_jades(given: JsonInput) -> Sequence[Credential]:
    inner = safe_json_loads(given.obj["payload"])
    if not isinstance(inner, dict) or not europass.is_edc(inner):
        raise RejectedInput(
            "JAdES-sealed document does not hold a European Digital Credential "
            "(its payload has no 'EuropeanDigitalCredential' type)"
        )
    return [
        europass.parse_edc(
            inner,
            payload=given.payload,
            container=given.extracted.container,
            source=given.extracted.source,
            envelope=given.obj,
        )
    ]


def _is_ob2(given: JsonInput) -> bool:
    return ob2.is_ob2_assertion(given.obj, given.types, given.contexts)


def _parse_ob2(given: JsonInput) -> Sequence[Credential]:
    return [
        ob2.parse_assertion(
            given.obj,
            payload=given.payload,
            container=given.extracted.container,
            source=given.extracted.source,
            signed=given.jwt is not None,
            file_name=given.file_name,
        )
    ]


def _is_edc(given: JsonInput) -> bool:
    return europass.is_edc(given.obj)


def _parse_edc(given: JsonInput) -> Sequence[Credential]:
    return [
        europass.parse_edc(
            given.obj,
            payload=given.payload,
            container=given.extracted.container,
            source=given.extracted.source,
            envelope=None,
        )
    ]


def _is_vc(given: JsonInput) -> bool:
    return vc.is_verifiable_credential(given.types)


def _parse_vc(given: JsonInput) -> Sequence[Credential]:
    return [
        vc.parse_vc(
            given.obj,
            payload=given.payload,
            container=given.extracted.container,
            source=given.extracted.source,
            jwt=given.jwt,
        )
    ]


JADES = JsonFormat("Europass EDC (JAdES-sealed JSON)", _is_jades, _parse_jades)
OB2 = JsonFormat("Open Badges 2.0 assertion", _is_ob2, _parse_ob2)
EDC = JsonFormat("Europass EDC (unsealed JSON-LD)", _is_edc, _parse_edc)
VC = JsonFormat("W3C Verifiable Credential (OB 3.0, CLR 2.0, other)", _is_vc, _parse_vc)
