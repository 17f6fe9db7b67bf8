"""Test helpers that bake badges: tiny PNGs with text chunks, SVGs, unsigned compact JWS.

Written from the PNG spec and the Open Badges baking spec so the tests do not depend on any
baking library; the images are 1x1 pixels.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from typing import Any

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt(keyword: str, text: str, *, compressed: bool = False) -> bytes:
    """An iTXt chunk with empty language and translated keyword."""
    body = text.encode("utf-8")
    if compressed:
        body = zlib.compress(body)
    data = keyword.encode("latin-1") + b"\0" + bytes([1 if compressed else 0, 0]) + b"\0\0" + body
    return chunk(b"iTXt", data)


def text_chunk(keyword: str, text: str) -> bytes:
    """A legacy tEXt chunk."""
    return chunk(b"tEXt", keyword.encode("latin-1") + b"\0" + text.encode("latin-1"))


def png(*, before_idat: tuple[bytes, ...] = (), after_idat: tuple[bytes, ...] = ()) -> bytes:
    """A valid 1x1 grey PNG with extra chunks placed before or after the image data."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    return (
        PNG_SIGNATURE
        + header
        + b"".join(before_idat)
        + pixels
        + b"".join(after_idat)
        + chunk(b"IEND", b"")
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact_jws(
    payload: Any, header: dict[str, Any] | None = None, signature: bytes = b"sig"
) -> str:
    """An (unverifiable) compact JWS over a JSON payload; tests only need the shape."""
    head = header if header is not None else {"alg": "RS256", "typ": "JWT"}
    return ".".join(
        [
            b64url(json.dumps(head).encode()),
            b64url(json.dumps(payload).encode()),
            b64url(signature),
        ]
    )


def svg(inner: str, *, namespace_prefix: str = "openbadges", namespace: str = "") -> bytes:
    """An SVG document whose first child is ``inner``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:{namespace_prefix}="{namespace}" '
        'width="10" height="10">'
        f"{inner}<circle cx='5' cy='5' r='4'/></svg>"
    ).encode()


OB2_HOSTED_ASSERTION: dict[str, Any] = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": "https://badges.example.edu/assertions/123",
    "recipient": {"type": "email", "hashed": True, "salt": "s", "identity": "sha256$abc"},
    "issuedOn": "2024-03-01T10:00:00Z",
    "expires": "2027-03-01",
    "badge": {
        "type": "BadgeClass",
        "id": "https://badges.example.edu/badges/python",
        "name": "Python Fundamentals",
        "description": "Writes small Python programs.",
        "tags": ["python", "programming"],
        "alignment": [
            {
                "targetName": "Use programming languages",
                "targetUrl": "http://data.europa.eu/esco/skill/abc",
                "targetFramework": "ESCO",
                "targetCode": "S1.2",
            }
        ],
        "issuer": {
            "type": "Profile",
            "id": "https://badges.example.edu/issuer",
            "name": "Example University",
        },
    },
    "evidence": [{"id": "https://portfolio.example/project", "narrative": "A project"}],
    "verification": {"type": "HostedBadge"},
}

OB3_CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:7f3e0a52-0000-4000-8000-000000000001",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Credential name",
    "issuer": {"id": "did:key:z6MkExample", "type": ["Profile"], "name": "Example College"},
    "validFrom": "2024-05-01T00:00:00Z",
    "validUntil": "2029-05-01T00:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityHash": "sha256$def", "identityType": "emailAddress"}
        ],
        "creditsEarned": 5,
        "achievement": {
            "id": "https://example.edu/achievements/data-101",
            "type": ["Achievement"],
            "name": "Data Literacy 101",
            "description": "Reads and questions data.",
            "creditsAvailable": 6,
            "creditUnit": "ECTS",
            "tag": ["data", "statistics"],
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "Statistics",
                    "targetUrl": "https://example.org/frameworks/stats",
                    "targetFramework": "Example Framework",
                    "targetCode": "ST-1",
                }
            ],
        },
    },
    "evidence": [{"id": "https://example.edu/evidence/1", "type": ["Evidence"]}, {"name": "Essay"}],
    "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z1"},
}
