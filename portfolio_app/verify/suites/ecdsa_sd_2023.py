"""``ecdsa-sd-2023`` (vc-di-ecdsa §3.4–3.5): ECDSA selective disclosure, derived proofs.

An issuer signs a *base proof* and gives it to the holder only: it carries an HMAC key, so
whoever holds it can make a *derived proof* that discloses a chosen part of the credential.
What a verifier is shown is the derived one, and that is what this module verifies::

    proofValue  = "u" + base64url(0xd9 0x5d 0x01 || CBOR[baseSignature, publicKey,
                                                       signatures, labelMap, mandatoryIndexes])
    nquads      = URDNA2015(document), each _:c14nN renamed _:labelMap[N], sorted
    mandatory   = nquads at mandatoryIndexes; nonMandatory = the others, in order
    ECDSA-P256-verify(issuer key, baseSignature,
                      SHA-256(URDNA2015(proof config)) || publicKey || SHA-256(join(mandatory)))
    ECDSA-P256-verify(publicKey, signatures[i], nonMandatory[i])   for every i

``publicKey`` is a key the issuer made for this one proof (Multikey bytes ``0x80 0x24`` + a
compressed P-256 point): the base signature binds it, and it signs each statement the holder
may leave out.  The N-Quads checked are the document's own canonical N-Quads (the string the
signed-graph reader parses), so what the app shows is exactly the disclosed graph.

Refusals beyond the spec's own checks, each because a proof could otherwise verify over a graph
that is not the one the issuer signed:

* the label map must name every blank node of the document and name no two alike (two nodes
  under one name would show as two what was signed as one, or the reverse);
* the mandatory indexes must be increasing and inside the disclosed statements;
* the proof value is read by a strict reader of exactly the five components: definite lengths
  only, no CBOR tags except 64 (a plain byte string, which early implementations wrote), no
  bytes left over.  ``cbor2`` decodes semantic tags (shared references, regular expressions,
  MIME messages) into objects before their shape could be checked; five fixed components need
  none of that.  (``cbor2`` writes the proofs this app signs for its tests.)

A *base* proof (header ``0xd9 0x5d 0x00``) is for the holder, not for a verifier: the spec
defines no verification for it (its verification algorithm refuses any other header), so it is
``unsupported`` with that reason.  Only P-256 issuer keys: the derived proof carries a 64-byte
base signature and SHA-256 hashes.

Bounded work: the proof may carry at most :data:`MAX_STATEMENTS` signatures and mandatory
indexes and :data:`MAX_LABELS` labels (more than any credential the canonicalizer accepts
could need); more is refused as too complex before any signature is checked, and the
signature loop watches the verification's CPU budget.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio_app.errors import PortfolioError
from portfolio_app.verify.canon import MAX_BLANK_NODES, WorkLimitExceeded, check_budget
from portfolio_app.verify.didkey import P256_PUB_MULTICODEC, KeyType
from portfolio_app.verify.suites import _ecdsa
from portfolio_app.verify.suites.base import SigningKey, Suite

NAME = "ecdsa-sd-2023"
BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
SIGNATURE_LENGTH = 64
PROOF_KEY_LENGTH = 35  # 0x80 0x24 + a 33-byte compressed P-256 point
LABEL_LENGTH = 32  # an HMAC-SHA-256 digest
MAX_STATEMENTS = 4_096
MAX_LABELS = MAX_BLANK_NODES

BASE_PROOF_REASON = (
    "an ecdsa-sd-2023 base proof is for the holder, not a presentation proof, and is not "
    "verified by this app: derive one in your wallet (disclosing what you choose) and import "
    "that"
)

SUITE = Suite(
    name=NAME,
    proof_type="DataIntegrityProof",
    key_types=("P-256",),
    transform="rdfc-sd",
    verify=_ecdsa.verify,  # the base signature; the statements are checked by check_derived
    sign=_ecdsa.sign,
    signature_lengths={"P-256": SIGNATURE_LENGTH},
    digests={"P-256": "sha256"},
)


class SdProofError(PortfolioError):
    """A proof value that is not a derived ecdsa-sd-2023 proof; ``outcome`` says how to
    report it (``malformed``: broken; ``unsupported``: a base proof)."""

    def __init__(self, outcome: Literal["malformed", "unsupported"], reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


@dataclass(frozen=True)
class DerivedProof:
    """The five components of a derived proof value, shapes already checked."""

    base_signature: bytes
    proof_key: bytes  # Multikey bytes: 0x80 0x24 + compressed point
    signatures: tuple[bytes, ...]
    labels: Mapping[int, bytes]  # N of _:c14nN → the label the issuer signed (HMAC digest)
    mandatory_indexes: tuple[int, ...]


# --- reading a proof value ------------------------------------------------------------------

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def parse_proof_value(value: str) -> DerivedProof:
    """The components of a derived proof value, or :class:`SdProofError` saying why not.

    Raises :class:`~portfolio_app.verify.canon.WorkLimitExceeded` for a proof with more
    signatures, mandatory indexes or labels than any credential needs.
    """
    if not value.startswith("u"):
        raise SdProofError(
            "malformed", "an ecdsa-sd-2023 proofValue is base64url multibase (starting with 'u')"
        )
    body = value[1:]
    if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise SdProofError("malformed", "the proofValue is not valid base64url after the 'u'")
    # Cannot fail: the alphabet and the length were checked just above (a length of 4k+1 is
    # the only one no padding mends), and non-canonical trailing bits are ignored.
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    header = raw[:3]
    if header == BASE_HEADER:
        raise SdProofError("unsupported", BASE_PROOF_REASON)
    if header != DERIVED_HEADER:
        raise SdProofError(
            "malformed",
            "the proofValue does not start with the ecdsa-sd-2023 proof header (0xd9 0x5d 0x01)",
        )
    reader = _Reader(raw, 3)
    try:
        proof = reader.derived_proof()
    except _Bad as exc:
        raise SdProofError("malformed", f"the derived proof value is broken: {exc}") from None
    return proof


class _Bad(Exception):
    """One reason, for :func:`parse_proof_value` to wrap."""


_UINT, _BYTES, _ARRAY, _MAP, _TAG = 0, 2, 4, 5, 6
_KINDS = {0: "an integer", 1: "a negative integer", 2: "bytes", 3: "text", 4: "an array"}
_KINDS |= {5: "a map", 6: "a tag", 7: "a simple value or float"}


class _Reader:
    """CBOR (RFC 8949) heads read one by one, for the fixed shape of a derived proof."""

    def __init__(self, data: bytes, position: int) -> None:
        self.data = data
        self.position = position

    def _head(self) -> tuple[int, int]:
        if self.position >= len(self.data):
            raise _Bad("it ends early")
        first = self.data[self.position]
        self.position += 1
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info
        if info > 27:
            raise _Bad("it uses an indefinite or reserved length")
        size = 1 << (info - 24)
        end = self.position + size
        if end > len(self.data):
            raise _Bad("it ends early")
        argument = int.from_bytes(self.data[self.position : end], "big")
        self.position = end
        return major, argument

    def _expect(self, kind: int, what: str) -> int:
        major, argument = self._head()
        if major == _TAG and argument == 64 and kind == _BYTES:
            major, argument = self._head()  # tag 64: a byte string as a uint8 array
        if major != kind:
            raise _Bad(f"{what} is {_KINDS[major]}, not {_KINDS[kind]}")
        return argument

    def _bytes(self, what: str, length: int) -> bytes:
        size = self._expect(_BYTES, what)
        if size != length:
            raise _Bad(f"{what} has {size} bytes, not {length}")
        if self.position + size > len(self.data):
            raise _Bad("it ends early")
        found = self.data[self.position : self.position + size]
        self.position += size
        return found

    def _count(self, kind: int, what: str, limit: int) -> int:
        count = self._expect(kind, what)
        if count > limit:
            raise WorkLimitExceeded(
                f"its derived proof has {count:,} {what}, more than the {limit:,} any "
                "credential needs"
            )
        return count

    def derived_proof(self) -> DerivedProof:
        if self._expect(_ARRAY, "the proof value") != 5:
            raise _Bad("it does not have the five components of a derived proof")
        base_signature = self._bytes("the base signature", SIGNATURE_LENGTH)
        proof_key = self._bytes("the proof's public key", PROOF_KEY_LENGTH)
        signatures = tuple(
            self._bytes("a statement signature", SIGNATURE_LENGTH)
            for _ in range(self._count(_ARRAY, "signatures", MAX_STATEMENTS))
        )
        labels: dict[int, bytes] = {}
        for _ in range(self._count(_MAP, "blank node labels", MAX_LABELS)):
            number = self._expect(_UINT, "a label map key")
            if number in labels:
                raise _Bad(f"the label map names _:c14n{number} twice")
            labels[number] = self._bytes("a blank node label", LABEL_LENGTH)
        indexes = tuple(
            self._expect(_UINT, "a mandatory index")
            for _ in range(self._count(_ARRAY, "mandatory indexes", MAX_STATEMENTS))
        )
        if self.position != len(self.data):
            raise _Bad("bytes follow its five components")
        if proof_key[:2] != P256_PUB_MULTICODEC:
            raise _Bad("the proof's public key is not a P-256 Multikey")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), proof_key[2:])
        except ValueError:
            raise _Bad("the proof's public key is not a point on P-256") from None
        return DerivedProof(base_signature, proof_key, signatures, labels, indexes)


# --- checking a derived proof against a document ----------------------------------------------

_MISMATCH = (
    "the signature does not match: the credential was changed after it was signed "
    "(a mandatory statement or the proof options), or signed with another key"
)


def check_derived(
    proof: DerivedProof,
    nquads: str,
    proof_hash: bytes,
    key_type: KeyType,
    public_key: bytes,
) -> str | None:
    """``None`` when ``proof`` is valid for a document whose canonical N-Quads are ``nquads``
    (as URDNA2015 writes them: ``_:c14nN`` labels, sorted, one statement a line), signed by
    the issuer key ``public_key``; otherwise why not (one phrase).

    ``proof_hash`` is SHA-256 of the canonical proof configuration.
    """
    try:
        statements = relabel(nquads, proof.labels)
        mandatory, optional = _split(statements, proof.mandatory_indexes)
    except ProofMismatch as exc:
        return str(exc)
    if len(optional) != len(proof.signatures):
        return (
            f"the proof signs {len(proof.signatures)} statement(s) one by one, and the "
            f"credential discloses {len(optional)} that are not mandatory: statements were "
            "added or removed after it was signed"
        )
    mandatory_hash = hashlib.sha256("".join(mandatory).encode("utf-8")).digest()
    signed = proof_hash + proof.proof_key + mandatory_hash
    if not _ecdsa.verify(key_type, public_key, proof.base_signature, signed):
        return _MISMATCH
    proof_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), proof.proof_key[2:])
    algorithm = ec.ECDSA(hashes.SHA256())
    for number, (signature, statement) in enumerate(
        zip(proof.signatures, optional, strict=True), 1
    ):
        check_budget()
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        try:
            proof_key.verify(encode_dss_signature(r, s), statement.encode("utf-8"), algorithm)
        except (InvalidSignature, ValueError):
            return (
                f"disclosed statement {number} of {len(optional)} does not match its "
                "signature: the credential was changed after it was signed"
            )
    return None


class ProofMismatch(PortfolioError):
    """The document's statements and the derived proof cannot be matched up (one phrase):
    the credential was changed after it was signed, or the proof was made up."""


def relabel(nquads: str, labels: Mapping[int, bytes]) -> list[str]:
    """The statements of ``nquads`` with each ``_:c14nN`` renamed to the label the issuer
    signed (``u`` + base64url of ``labels[N]``), sorted as the issuer sorted them.

    Only blank node positions are renamed (a literal may hold the text ``_:c14n0``).  The sort
    is by UTF-16 code units, as the JavaScript implementations that make these proofs sort
    (Python's sort is by code point; the two differ only beyond U+FFFF).  Raises
    :class:`ProofMismatch` for a label map that names two nodes alike or misses one.
    """
    names = {
        f"c14n{number}": "u" + base64.urlsafe_b64encode(label).decode("ascii").rstrip("=")
        for number, label in labels.items()
    }
    if len(set(names.values())) != len(names):
        raise ProofMismatch("the proof's label map gives two blank nodes the same name")
    out = [_relabel_line(line, names) + "\n" for line in nquads.split("\n") if line]
    if _BEYOND_BMP.search(nquads):
        out.sort(key=lambda text: text.encode("utf-16-be", "surrogatepass"))
    else:
        out.sort()
    return out


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?')


def _relabel_line(line: str, names: Mapping[str, str]) -> str:
    """One canonical N-Quad (``S P O [G] .``) with its blank nodes renamed.  A line not shaped
    like a canonical N-Quad is returned as it is (it then matches no signature)."""
    if "_:" not in line or not line.endswith(" ."):
        return line
    subject, _, rest = line[:-2].partition(" ")
    predicate, _, rest = rest.partition(" ")
    if rest.startswith('"'):
        match = _LITERAL.match(rest)
        if match is None:
            return line
        obj, rest = rest[: match.end()], rest[match.end() :]
    else:
        obj, space, tail = rest.partition(" ")
        rest = space + tail
    if rest and not rest.startswith(" "):
        return line
    terms = [subject, predicate, obj, *([rest[1:]] if rest else [])]
    for position, term in enumerate(terms):
        if term.startswith("_:"):
            name = names.get(term[2:])
            if name is None:
                raise ProofMismatch(
                    "the credential holds a blank node the proof's label map does not name: "
                    "it was changed after it was signed"
                )
            terms[position] = "_:" + name
    return " ".join(terms) + " ."


def _split(statements: list[str], indexes: tuple[int, ...]) -> tuple[list[str], list[str]]:
    """(mandatory, non-mandatory) statements; :class:`ProofMismatch` when the indexes do not fit."""
    previous = -1
    for index in indexes:
        if index <= previous:
            raise ProofMismatch("the proof's mandatory statements are not listed in order")
        if index >= len(statements):
            raise ProofMismatch(
                f"the proof names mandatory statement {index + 1}, and the credential "
                f"discloses only {len(statements)}: statements were removed after it was signed"
            )
        previous = index
    chosen = set(indexes)
    mandatory = [s for i, s in enumerate(statements) if i in chosen]
    optional = [s for i, s in enumerate(statements) if i not in chosen]
    return mandatory, optional


# --- making a derived proof (tests, benchmarks) ------------------------------------------------


# What issuers typically make mandatory (vc-di-ecdsa's examples: the issuer, the dates and
# the types): the statements a holder must never be able to leave out.
_MANDATORY_PREDICATES = frozenset(
    f"<{iri}>"
    for iri in (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "https://www.w3.org/2018/credentials#issuer",
        "https://www.w3.org/2018/credentials#validFrom",
        "https://www.w3.org/2018/credentials#validUntil",
        "https://www.w3.org/2018/credentials#issuanceDate",
        "https://www.w3.org/2018/credentials#expirationDate",
        "https://www.w3.org/2018/credentials#credentialStatus",
    )
)


def mandatory_by_default(statement: str) -> bool:
    """Whether a signer here makes ``statement`` (one N-Quad) mandatory unless told otherwise."""
    parts = statement.split(" ", 2)
    return len(parts) == 3 and parts[1] in _MANDATORY_PREDICATES


def serialize_derived(proof: DerivedProof) -> str:
    """The proofValue text of ``proof`` (vc-di-ecdsa serializeDerivedProofValue)."""
    components = [
        proof.base_signature,
        proof.proof_key,
        list(proof.signatures),
        dict(proof.labels),
        list(proof.mandatory_indexes),
    ]
    raw = DERIVED_HEADER + cbor2.dumps(components)
    return "u" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def sign_derived(
    nquads: str,
    proof_hash: bytes,
    issuer_key: SigningKey,
    *,
    mandatory: Callable[[str], bool],
    hmac_key: bytes | None = None,
) -> DerivedProof:
    """A derived proof that discloses the whole document, as an issuer's base proof and a
    holder who discloses everything would make it (for tests and benchmarks).

    ``nquads``: the document's canonical N-Quads; ``mandatory(statement)`` says which
    statements (after relabelling) the issuer makes mandatory.  Withholding statements is then
    a matter of dropping their signatures (see the tests).
    """
    if not isinstance(issuer_key, ec.EllipticCurvePrivateKey) or (
        _ecdsa.key_type_of(issuer_key) != "P-256"
    ):
        raise ValueError("ecdsa-sd-2023 signs with a P-256 private key")
    key = hmac_key or secrets.token_bytes(32)
    found = {
        int(label[4:])
        for label in re.findall(r"_:(c14n\d+)", nquads)  # good enough for signing test data
    }
    labels = {n: hmac.new(key, f"c14n{n}".encode(), hashlib.sha256).digest() for n in found}
    statements = relabel(nquads, labels)
    indexes = tuple(i for i, s in enumerate(statements) if mandatory(s))
    chosen = set(indexes)
    proof_private = ec.generate_private_key(ec.SECP256R1())
    proof_key = P256_PUB_MULTICODEC + proof_private.public_key().public_bytes(
        Encoding.X962, PublicFormat.CompressedPoint
    )
    signatures = tuple(
        _ecdsa.sign(proof_private, s.encode("utf-8"))
        for i, s in enumerate(statements)
        if i not in chosen
    )
    mandatory_hash = hashlib.sha256(
        "".join(s for i, s in enumerate(statements) if i in chosen).encode("utf-8")
    ).digest()
    base_signature = _ecdsa.sign(issuer_key, proof_hash + proof_key + mandatory_hash)
    return DerivedProof(base_signature, proof_key, signatures, labels, indexes)


__all__ = [
    "BASE_PROOF_REASON",
    "MAX_LABELS",
    "MAX_STATEMENTS",
    "SUITE",
    "DerivedProof",
    "ProofMismatch",
    "SdProofError",
    "check_derived",
    "mandatory_by_default",
    "parse_proof_value",
    "relabel",
    "serialize_derived",
    "sign_derived",
]
