"""What a JSON-LD credential *signed*: its fields read from the canonical RDF graph, by IRI.

Why: a Data Integrity proof covers the RDF dataset (canonical N-Quads), not the JSON text, and
JSON-LD lets many JSON texts give one dataset: ``{"@set": …}`` and ``{"@value": …, "@index": …}``
wrappers, ``@nest``, a full IRI in place of a term, nested arrays, an inline context aliasing a
term to a keyword.  Reading ``doc["validUntil"]`` from such a document reads something the
signature does not cover, or misses what it does (a hidden ``validUntil``, ``credentialStatus``
or nested credential).  So everything the app shows, stores, matches or checks for a JSON-LD
credential comes from here, and JSON keys are never consulted for a value.

Design (fail closed by construction):

* :func:`canonical_nquads` is the *single* producer of the unsecured document's canonical
  N-Quads.  The verifier computes them once and hands the same string to the proof check
  (``verify_proofs(..., nquads=…)``, which hashes it) and to :func:`reading_of` (which parses
  it), so the values checked are those of the graph whose hash was verified.
* :class:`SignedCredential` carries ``digest`` (SHA-256 of those N-Quads).  The parser stores
  it in ``Credential.extra["signed_digest"]``; the verifier refuses ``verified`` unless the
  credential it is asked about carries the digest of the graph whose signature it checked,
  *and* its shown issuer, id and dates equal the verifier's own reading (see
  :func:`shown_mismatch`).  A parser bug can therefore never yield ``verified`` over values
  that differ from the signed ones.
* A single-valued field with two different values (two names, two ``validUntil``) is refused
  with :class:`SignedGraphError` naming the field, rather than guessing which one to show.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from portfolio_app.errors import PortfolioError
from portfolio_app.formats.common import parse_datetime, read_count
from portfolio_app.frozen import fast_maker
from portfolio_app.verify import fastcanon
from portfolio_app.verify.canon import CanonicalizationError, preflight
from portfolio_app.verify.contexts import ContextLoader, reading_loader

CRED = "https://www.w3.org/2018/credentials#"
OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
# The OB 3.0 beta vocabulary (context.json before November 2022, plugfest contexts).
OB_BETA = "https://imsglobal.github.io/openbadges-specification/ob_v3p0.html#"
CLR = "https://purl.imsglobal.org/spec/vc/clr/vocab.html#"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
STATUS = "https://www.w3.org/ns/credentials/status#"
STATUS_2021 = "https://w3id.org/vc/status-list#"
VCRL = "https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#"

VC_TYPE = CRED + "VerifiableCredential"
PREFERRED_LANGUAGE = "en"

__all__ = [
    "CanonicalizationError",
    "SignedCredential",
    "SignedGraphError",
    "canonical_nquads",
    "read_signed_credential",
    "reading_of",
    "strictest",
]


# Short names of the types the app acts on (everything else keeps its IRI).
def _ob(name: str) -> tuple[str, str]:
    """An OB 3.0 term's IRIs in the current and the beta vocabulary."""
    return (OB + name, OB_BETA + name)


_KNOWN_TYPES = {
    VC_TYPE: "VerifiableCredential",
    **{
        iri: name
        for name in ("OpenBadgeCredential", "AchievementCredential", "EndorsementCredential")
        for iri in _ob(name)
    },
    CLR + "ClrCredential": "ClrCredential",
    STATUS + "BitstringStatusListEntry": "BitstringStatusListEntry",
    STATUS + "BitstringStatusListCredential": "BitstringStatusListCredential",
    STATUS + "BitstringStatusList": "BitstringStatusList",
    STATUS_2021 + "StatusList2021Entry": "StatusList2021Entry",
    STATUS_2021 + "StatusList2021Credential": "StatusList2021Credential",
    STATUS_2021 + "StatusList2021": "StatusList2021",
    VCRL + "1EdTechRevocationList": "1EdTechRevocationList",
}
# Status-entry properties, by the name status_lists uses, in both vocabularies.
_STATUS_PROPERTIES = (
    "statusListCredential",
    "statusListIndex",
    "statusPurpose",
    "statusSize",
    "encodedList",
)
# The achievement term of older OB 3.0 context editions (3.0-beta style ``achievement-0``).
_ACHIEVEMENT_PREDICATES = (*_ob("achievement"), OB + "achievement-0")


class SignedGraphError(PortfolioError):
    """The signed graph cannot be read as one credential; ``reason`` names the field."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Term(NamedTuple):
    """One RDF term of a quad: an IRI, a blank node or a literal (a tuple: cheap to hash)."""

    kind: Literal["iri", "blank", "literal"]
    value: str
    datatype: str = ""
    language: str = ""


@dataclass(frozen=True)
class Node:
    """A node of the signed graph with its outgoing properties (predicate IRI → objects)."""

    term: Term
    graph: str
    properties: Mapping[str, tuple[Term, ...]]

    @property
    def id(self) -> str | None:
        return self.term.value if self.term.kind == "iri" else None

    def objects(self, *predicates: str) -> tuple[Term, ...]:
        if len(predicates) == 1:  # the common case, without building a list
            return self.properties.get(predicates[0], ())
        if len(predicates) == 2:  # a term of both OB 3.0 vocabularies: mostly one is used
            first = self.properties.get(predicates[0], ())
            second = self.properties.get(predicates[1], ())
            return first + second if first and second else first or second
        found: list[Term] = []
        for predicate in predicates:
            found.extend(self.properties.get(predicate, ()))
        return tuple(found)

    def types(self) -> tuple[str, ...]:
        """Short names of known types, IRIs of others; VerifiableCredential first, then sorted
        (RDF has no order, so the reading must not depend on the JSON's)."""
        names = sorted({_short_type(t.value) for t in self.objects(RDF_TYPE)})
        first = [n for n in names if n == "VerifiableCredential"]
        return tuple(first + [n for n in names if n != "VerifiableCredential"])


def _node(term: Term, graph: str, properties: Mapping[str, tuple[Term, ...]]) -> Node:
    """``Node(term, graph, properties)``, without the frozen dataclass's field-by-field
    ``object.__setattr__`` (a tenth of building a credential's graph): the same three fields,
    set at once on a new instance, so the node is equal to the one its constructor makes."""
    node = object.__new__(Node)
    object.__setattr__(node, "__dict__", {"term": term, "graph": graph, "properties": properties})
    return node


class Graph:
    """Canonical N-Quads parsed into nodes, per named graph (``""`` is the default graph)."""

    def __init__(self, props: dict[tuple[str, Term], dict[str, list[Term]]]) -> None:
        """The graph whose nodes are ``props``: (graph, subject) → predicate → objects, in the
        order the statements came (what :func:`parse_nquads` collects from the lines)."""
        self._nodes = {
            key: _node(key[1], key[0], {p: tuple(v) for p, v in value.items()})
            for key, value in props.items()
        }

    def node(self, term: Term, graph: str) -> Node:
        """The node for ``term`` in ``graph`` (with no properties when it has none there)."""
        return self._nodes.get((graph, term)) or Node(term, graph, {})

    def nodes(self) -> Iterable[Node]:
        return self._nodes.values()

    def roots(self) -> list[Node]:
        """Credentials of the default graph that no other default-graph node points to
        (an endorsement embedded in a credential is a credential too, but not the root)."""
        referenced = {
            obj
            for n in self._nodes.values()
            if n.graph == ""
            for values in n.properties.values()
            for obj in values
        }
        return [n for n in self.credentials("") if n.term not in referenced]

    def credentials(self, graph: str | None = None) -> list[Node]:
        """Nodes typed VerifiableCredential (in ``graph``, or in any graph when ``None``)."""
        return [
            n
            for n in self._nodes.values()
            if (graph is None or n.graph == graph)
            and any(t.value == VC_TYPE for t in n.objects(RDF_TYPE))
        ]


@dataclass(frozen=True)
class AchievementReading:
    id: str | None
    name: str | None
    description: str | None
    achievement_type: str | None
    alignments: tuple[tuple[str | None, str | None, str | None, str | None], ...]
    credits_available: float | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SignedCredential:
    """The fields of a credential exactly as its signed graph states them.

    Dates are kept as ``(field name, lexical value)`` so one reader parses them for display
    and for checking; status entries as plain dicts in the JSON vocabulary ``status_lists``
    speaks (values taken from the graph, never from JSON).
    """

    digest: str
    credential_id: str | None
    types: tuple[str, ...]
    issuer_id: str
    issuer_name: str | None
    name: str | None
    description: str | None
    starts: tuple[tuple[str, str], ...]
    ends: tuple[tuple[str, str], ...]
    awarded: str | None
    subject_id: str | None
    subject_name: str | None
    identity_hash: str | None
    credits_earned: float | None
    achievement: AchievementReading | None
    achievement_count: int
    evidence: tuple[str, ...]
    status_entries: tuple[Mapping[str, str], ...]
    subject_count: int
    nested_ids: tuple[str | None, ...] = field(default=())

    @property
    def nested_count(self) -> int:
        return len(self.nested_ids)

    def status_urls(self) -> tuple[str, ...]:
        """Web documents the status entries name (for an online fetch): a hidden status entry
        is still in the signed graph, so a fetcher that reads this never misses its list."""
        urls: list[str] = []
        for entry in self.status_entries:
            revocation_list = entry.get("type") == "1EdTechRevocationList"
            value = entry.get("id" if revocation_list else "statusListCredential")
            if value and value.startswith(("https://", "http://")) and value not in urls:
                urls.append(value)
        return tuple(urls)


# --- canonical N-Quads, shared by parser and verifier ------------------------------------------


def unsecured(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document without its ``proof``: what a Data Integrity proof signs."""
    return {k: v for k, v in doc.items() if k != "proof"}


def canonical_nquads(
    unsecured_doc: Mapping[str, Any], loader: ContextLoader, *, checked: bool = False
) -> str:
    """Canonical N-Quads of an unsecured document: what a Data Integrity proof hashes.

    ``checked`` says :func:`~portfolio_app.verify.canon.preflight` already ran on it.  Raises
    :class:`~portfolio_app.verify.canon.CanonicalizationError` (including
    ``WorkLimitExceeded``) exactly as canonicalization does.
    """
    if not checked:
        preflight(unsecured_doc)
    key, found = _cached(unsecured_doc, loader)
    if found is None:
        try:
            found = fastcanon.canonicalize(unsecured_doc, loader, checked=True)
        except CanonicalizationError as exc:
            found = exc
        _remember(loader, key, found)
    if isinstance(found, CanonicalizationError):
        raise found
    return found


# The parser reads a credential's graph at import and the verifier checks the same document
# moments later: remembering the last few results (refusals too, so a document that hit a
# work limit is not canonicalized again for another full budget) means one canonicalization
# per imported file.  Keyed by the loader (weakly: a context store that is gone takes its
# entries with it) and the SHA-256 of the exact JSON text, so a different document or context
# store never shares an entry.
_Result = str | CanonicalizationError
_RECENT_SIZE = 32
_RECENT: weakref.WeakKeyDictionary[ContextLoader, OrderedDict[str, _Result]]
_RECENT = weakref.WeakKeyDictionary()
_RECENT_LOCK = threading.Lock()


def _cached(doc: Mapping[str, Any], loader: ContextLoader) -> tuple[str, _Result | None]:
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _RECENT_LOCK:
        recent = _RECENT.get(loader)
        return key, (recent.get(key) if recent is not None else None)


def _remember(loader: ContextLoader, key: str, value: _Result) -> None:
    with _RECENT_LOCK:
        recent = _RECENT.setdefault(loader, OrderedDict())
        recent[key] = value
        recent.move_to_end(key)
        while len(recent) > _RECENT_SIZE:
            recent.popitem(last=False)


def digest_of(nquads: str) -> str:
    return hashlib.sha256(nquads.encode("utf-8")).hexdigest()


# --- N-Quads parsing ---------------------------------------------------------------------------

_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([A-Za-z0-9-]+))?')
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")


class _BadQuad(Exception):
    pass


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        if match[1] or match[2]:
            return chr(int(match[1] or match[2], 16))
        return _ESCAPES.get(match[3], match[3])

    return _ESCAPE.sub(one, text)


def _node_term(text: str) -> Term:
    if text.startswith("<") and text.endswith(">"):
        return Term("iri", text[1:-1])
    if text.startswith("_:") and len(text) > 2:
        return Term("blank", text[2:])
    raise _BadQuad(text)


def _split_quad(line: str) -> tuple[Term, str, Term, str]:
    """One canonical N-Quad: ``S P O [G] .`` where only a literal object may hold spaces."""
    if not line.endswith(" ."):
        raise _BadQuad(line)
    body = line[:-2]
    first = body.index(" ")
    second = body.index(" ", first + 1)
    subject = _node_term(body[:first])
    predicate = _node_term(body[first + 1 : second])
    rest = body[second + 1 :]
    if rest.startswith('"'):
        match = _LITERAL.match(rest)
        if match is None:
            raise _BadQuad(line)
        language = (match[3] or "").lower()
        datatype = match[2] or (RDF_LANG_STRING if language else "")
        obj = Term("literal", _unescape(match[1]), datatype, language)
        rest = rest[match.end() :]
    else:
        end = rest.find(" ")
        obj = _node_term(rest if end < 0 else rest[:end])
        rest = "" if end < 0 else rest[end:]
    graph = ""
    if rest:
        if not rest.startswith(" "):
            raise _BadQuad(line)
        graph = _node_term(rest[1:]).value
    if predicate.kind != "iri":
        raise _BadQuad(line)
    return subject, predicate.value, obj, graph


# One whole canonical N-Quad in the forms URDNA2015 writes: subject, predicate, object (a node
# or a literal with its datatype or language) and an optional graph, each node a token without
# spaces.  A line it matches reads exactly as :func:`_split_quad` reads it (same groups, same
# greedy literal suffix: after it only " ." or " <graph> ." may follow, so no shorter reading
# can match instead); any other line goes to _split_quad, which reads or refuses it as before.
_NODE = r"(<[^ ]*>|_:[^ ]+)"
_QUAD = re.compile(
    rf'{_NODE} (<[^ ]*>) (?:{_NODE}|"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([A-Za-z0-9-]+))?)'
    rf"(?: {_NODE})? \."
)


def parse_nquads(nquads: str) -> Graph:
    """Parse canonical N-Quads (as URDNA2015 writes them) into a :class:`Graph`.

    Each line is matched once as a whole (:data:`_QUAD`), a node written several times (a
    credential's id starts most of its lines) is made into a :class:`Term` once, and each
    statement goes straight into its node's properties (no list of quads in between): the
    reverify of a wallet parses every credential's N-Quads, so this is on its hot path.  The
    graph is the one the line reader's statements give, in the same order
    (``tests/test_reverify_speed_verify.py`` compares them).
    """
    terms: dict[str, Term] = {}
    props: dict[tuple[str, Term], dict[str, list[Term]]] = {}
    match = _QUAD.fullmatch
    new_term = tuple.__new__  # Term(...) without NamedTuple's Python-level __new__
    try:
        for line in nquads.splitlines():
            if not line:
                continue
            found = match(line)
            if found is None:
                subject, predicate, obj, graph = _split_quad(line)
            else:
                subject_text, iri, node, literal, datatype, language, graph_text = found.groups()
                subject = terms.get(subject_text) or terms.setdefault(
                    subject_text, _node_term(subject_text)
                )
                predicate = iri[1:-1]
                if node is not None:
                    obj = terms.get(node) or terms.setdefault(node, _node_term(node))
                else:
                    lowered = language.lower() if language else ""
                    obj = new_term(
                        Term,
                        (
                            "literal",
                            _unescape(literal) if "\\" in literal else literal,
                            datatype or (RDF_LANG_STRING if lowered else ""),
                            lowered,
                        ),
                    )
                graph = "" if graph_text is None else _node_term(graph_text).value
            key = (graph, subject)
            properties = props.get(key)
            if properties is None:
                props[key] = {predicate: [obj]}
                continue
            values = properties.get(predicate)
            if values is None:
                properties[predicate] = [obj]
            else:
                values.append(obj)
    except (_BadQuad, ValueError):
        raise SignedGraphError("the signed graph could not be read (an unexpected N-Quad)") from (
            None
        )
    return Graph(props)


# --- reading a credential ----------------------------------------------------------------------


def read_signed_credential(
    doc: Mapping[str, Any], loader: ContextLoader | None = None, *, checked: bool = False
) -> SignedCredential:
    """Read ``doc``'s fields from the graph its proof signs (``checked``: preflight ran).

    Raises ``CanonicalizationError`` when the graph cannot be built and
    :class:`SignedGraphError` when it does not hold exactly one readable credential.
    """
    nquads = canonical_nquads(unsecured(doc), loader or reading_loader(), checked=checked)
    return reading_of(nquads)


def reading_of(nquads: str) -> SignedCredential:
    """:class:`SignedCredential` from canonical N-Quads (the root credential's reading).

    The parser reads a credential's graph and the verifier reads it again moments later
    (import, ``reverify``): the last few readings are remembered, keyed by the SHA-256 of the
    exact N-Quads string (the digest the reading carries), so both get the *same* reading
    object and the N-Quads are parsed once.  A reading is a pure function of that string, and
    any other string, however slightly changed, has another key: a changed document can never
    be shown or checked with another document's values.  Readings are immutable (frozen, and
    their status entries read-only mappings), so sharing one cannot leak a change either.
    """
    digest = digest_of(nquads)
    with _READINGS_LOCK:
        found = _READINGS.get(digest)
        if found is not None:
            _READINGS.move_to_end(digest)
            return found
    reading = _reading_of(nquads, digest)
    with _READINGS_LOCK:
        _READINGS[digest] = reading
        while len(_READINGS) > _READINGS_SIZE:
            _READINGS.popitem(last=False)
    return reading


# Readings by the SHA-256 of their N-Quads (bounded: a wallet's worth would be megabytes).
_READINGS_SIZE = 32
_READINGS: OrderedDict[str, SignedCredential] = OrderedDict()
_READINGS_LOCK = threading.Lock()


def _reading_of(nquads: str, digest: str) -> SignedCredential:
    graph = parse_nquads(nquads)
    roots = graph.roots()
    if not roots:
        raise SignedGraphError("the signed data holds no VerifiableCredential")
    if len(roots) > 1:
        raise SignedGraphError(
            f"the signed data holds {len(roots)} credentials at the top level, not one"
        )
    return _read(graph, roots[0], digest)


def _read(graph: Graph, root: Node, digest: str) -> SignedCredential:
    issuer_term = _single(root.objects(CRED + "issuer"), "issuer")
    if issuer_term is None or issuer_term.kind != "iri":
        raise SignedGraphError("the signed credential names no issuer id (issuer)")
    issuer = graph.node(issuer_term, root.graph)
    subjects = [graph.node(t, root.graph) for t in root.objects(CRED + "credentialSubject")]
    if not subjects:
        raise SignedGraphError("the signed credential has no credentialSubject")
    subject = min(subjects, key=lambda n: (n.id is None, n.id or "", len(n.properties)))
    types = root.types()
    is_clr = "ClrCredential" in types
    achievements = [graph.node(t, root.graph) for t in subject.objects(*_ACHIEVEMENT_PREDICATES)]
    achievement = None
    if achievements and not is_clr:
        if len(achievements) > 1:
            raise SignedGraphError(
                f"the signed credentialSubject names {len(achievements)} achievements, not one "
                "(achievement)"
            )
        achievement = _achievement(graph, achievements[0])
    identity = [
        _text(graph.node(t, root.graph).objects(*_ob("identityHash")), "identityHash")
        for t in subject.objects(*_ob("identifier"))
    ]
    return _signed_credential(  # SignedCredential(...), every field in order (fast_maker)
        digest,  # digest
        root.id,  # credential_id
        types,  # types
        issuer_term.value,  # issuer_id
        _text(issuer.objects(SCHEMA + "name"), "issuer name"),  # issuer_name
        _text(root.objects(SCHEMA + "name"), "name"),  # name
        _text(root.objects(SCHEMA + "description"), "description"),  # description
        _dates(root, ("validFrom", "issuanceDate")),  # starts
        _dates(root, ("validUntil", "expirationDate")),  # ends
        _lexical(root.objects(*_ob("awardedDate")), "awardedDate"),  # awarded
        subject.id,  # subject_id
        _text(subject.objects(SCHEMA + "name"), "credentialSubject name"),  # subject_name
        next((h for h in sorted(i for i in identity if i)), None),  # identity_hash
        _number(subject.objects(*_ob("creditsEarned")), "creditsEarned"),  # credits_earned
        achievement,  # achievement
        len(achievements),  # achievement_count
        _evidence(graph, root),  # evidence
        tuple(  # status_entries
            _status_entry(graph.node(t, root.graph))
            for t in root.objects(CRED + "credentialStatus")
        ),
        len(subjects),  # subject_count
        _nested(graph, root),  # nested_ids
    )


_signed_credential = fast_maker(SignedCredential, (
    "digest", "credential_id", "types", "issuer_id", "issuer_name", "name", "description",
    "starts", "ends", "awarded", "subject_id", "subject_name", "identity_hash", "credits_earned",
    "achievement", "achievement_count", "evidence", "status_entries", "subject_count",
    "nested_ids",
))  # fmt: skip


def _achievement(graph: Graph, node: Node) -> AchievementReading:
    alignments = []
    for term in node.objects(*_ob("alignment")):
        item = graph.node(term, node.graph)
        alignments.append(
            (
                _text(item.objects(SCHEMA + "targetName", *_ob("targetName")), "targetName"),
                _lexical(item.objects(SCHEMA + "targetUrl", *_ob("targetUrl")), "targetUrl"),
                _text(
                    item.objects(SCHEMA + "targetFramework", *_ob("targetFramework")),
                    "targetFramework",
                ),
                _text(item.objects(*_ob("targetCode"), SCHEMA + "targetCode"), "targetCode"),
            )
        )
    tags = sorted({t.value.strip() for t in node.objects(SCHEMA + "keywords", *_ob("tag"))})
    return AchievementReading(
        id=node.id,
        name=_text(node.objects(SCHEMA + "name"), "achievement name"),
        description=_text(node.objects(SCHEMA + "description"), "achievement description"),
        achievement_type=_text(node.objects(*_ob("achievementType")), "achievementType"),
        alignments=tuple(sorted(alignments, key=lambda a: tuple(x or "" for x in a))),
        credits_available=_number(node.objects(*_ob("creditsAvailable")), "creditsAvailable"),
        tags=tuple(t for t in tags if t),
    )


def _evidence(graph: Graph, root: Node) -> tuple[str, ...]:
    found: list[str] = []
    for term in root.objects(CRED + "evidence"):
        item = graph.node(term, root.graph)
        label = (
            item.id
            or _text(item.objects(SCHEMA + "name"), "evidence name")
            or _text(item.objects(*_ob("narrative")), "evidence narrative")
        )
        if label:
            found.append(label[:200])
    return tuple(sorted(found))


def _status_entry(node: Node) -> Mapping[str, str]:
    entry: dict[str, str] = {}
    if node.id is not None:
        entry["id"] = node.id
    types = node.types()
    if len(types) == 1:
        entry["type"] = types[0]
    elif types:
        entry["type"] = ", ".join(types)
    for name in _STATUS_PROPERTIES:
        value = _lexical(node.objects(STATUS + name, STATUS_2021 + name), name)
        if value is not None:
            entry[name] = value
    return MappingProxyType(entry)  # read-only: readings are shared (see reading_of)


def _nested(graph: Graph, root: Node) -> tuple[str | None, ...]:
    """Every credential inside a named graph of this dataset (a CLR's nested credentials).

    Counted over the graph (every named graph a ``verifiableCredential`` statement points to),
    not over JSON keys: a credential the JSON hides behind an alias or ``@nest`` is still in
    the signed graph, and must be accounted for.
    """
    pointed = {
        t
        for n in graph.nodes()
        if n.graph == root.graph
        for t in n.objects(CRED + "verifiableCredential", CLR + "verifiableCredential")
    }
    if not pointed:  # nothing points to a credential: none can be nested (most credentials)
        return ()
    graphs = {t.value for t in pointed if t.kind == "blank"}
    nested = [
        n
        for n in graph.credentials()
        if n is not root and ((n.graph == root.graph and n.term in pointed) or n.graph in graphs)
    ]
    return tuple(sorted((n.id for n in nested), key=lambda i: (i is None, i or "")))


def status_list_fields(nquads: str) -> Node:
    """The credentialSubject node of a status-list credential, read from its signed graph."""
    graph = parse_nquads(nquads)
    roots = graph.roots()
    if len(roots) != 1:
        raise SignedGraphError("the status list's signed data does not hold one credential")
    subjects = roots[0].objects(CRED + "credentialSubject")
    if len(subjects) != 1:
        raise SignedGraphError("the status list's signed data does not have one subject")
    return graph.node(subjects[0], "")


def status_value(node: Node, name: str) -> str | None:
    """A status-list property (``encodedList``, ``statusPurpose``…) of a subject node."""
    return _lexical(node.objects(STATUS + name, STATUS_2021 + name), name)


# --- value helpers -----------------------------------------------------------------------------


def _short_type(iri: str) -> str:
    return _KNOWN_TYPES.get(iri, iri)


def _single(terms: tuple[Term, ...], name: str) -> Term | None:
    if len(terms) < 2:  # the common case: nothing to compare
        return terms[0] if terms else None
    distinct = set(terms)
    if len(distinct) > 1:
        raise SignedGraphError(
            f"the signed credential states {len(distinct)} different values for {name}"
        )
    return next(iter(distinct), None)


def _lexical(terms: tuple[Term, ...], name: str) -> str | None:
    term = _single(terms, name)
    return term.value if term is not None else None


def _text(terms: tuple[Term, ...], name: str) -> str | None:
    """A display string; several languages of one text are fine (preferred language wins)."""
    if len(terms) == 1:  # the common case: one value, whatever its language
        only = terms[0]
        return (only.value.strip() or None) if only.kind == "literal" else None
    literals = [t for t in terms if t.kind == "literal"]
    if not literals:
        return None
    by_language: dict[str, set[str]] = {}
    for t in literals:
        by_language.setdefault(t.language, set()).add(t.value.strip())
    for values in by_language.values():
        if len(values) > 1:
            raise SignedGraphError(
                f"the signed credential states {len(values)} different values for {name}"
            )
    for language in (PREFERRED_LANGUAGE, ""):
        if language in by_language:
            return next(iter(by_language[language])) or None
    first = sorted(by_language)[0]
    return next(iter(by_language[first])) or None


def _number(terms: tuple[Term, ...], name: str) -> float | None:
    value = _lexical(terms, name)
    if value is None:
        return None
    number = read_count(value)
    if number is None:
        raise SignedGraphError(f"the value of {name} is not a count of credits ({value[:40]!r})")
    return number


def _dates(root: Node, names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for name in names:
        for term in sorted(set(root.objects(CRED + name)), key=lambda t: t.value):
            found.append((name, term.value))
    return tuple(found)


def strictest(dates: tuple[tuple[str, str], ...], *, latest: bool) -> datetime | None:
    """The latest start (``latest=True``) or earliest end of the stated dates.

    ``None`` when there is none *or one is unreadable*: the verifier reports that as malformed
    with the same reader, so showing nothing never hides a stated end date behind a verdict.
    """
    parsed = [parse_datetime(value) for _, value in dates]
    moments = [p for p in parsed if p is not None]
    if not moments or len(moments) != len(parsed):
        return None
    return max(moments) if latest else min(moments)


def shown_mismatch(reading: SignedCredential, shown: Any) -> str | None:
    """Why the values a :class:`~portfolio_app.model.Credential` shows are not the signed
    ones, or ``None`` when they agree.  ``shown`` is duck-typed (the model's fields)."""
    extra = getattr(shown, "extra", None)
    if not isinstance(extra, Mapping) or extra.get("signed_digest") != reading.digest:
        return "the values shown were not read from the graph the signature covers"
    pairs = (
        ("issuer id", getattr(shown, "issuer_id", None), reading.issuer_id),
        ("credential id", getattr(shown, "credential_id", None), reading.credential_id),
        ("validFrom", getattr(shown, "valid_from", None), strictest(reading.starts, latest=True)),
        ("validUntil", getattr(shown, "valid_until", None), strictest(reading.ends, latest=False)),
    )
    for name, got, want in pairs:
        if got != want:
            return f"the {name} shown ({got}) is not the signed one ({want})"
    return None
