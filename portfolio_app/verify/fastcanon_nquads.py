"""URDNA2015 for a template's quads when every blank node has a distinct first-degree hash.

Why: once the JSON-LD step is replayed from a template, pyld's URDNA2015 (dict building,
deep copies, per-quad serialization) is the largest remaining cost.  In a credential almost
every blank node (``criteria``, ``alignment``, a proof configuration…) is told apart by its
own quads, and then URDNA2015 is short: hash each blank node's quads (itself as ``_:a``, other
blank nodes as ``_:z``), issue ``_:c14n0…`` in hash order, serialize, sort.  That is what
pyld does in steps 5.x of ``URDNA2015.main`` when all hashes are unique (the loop's second
round finds nothing left, and step 6 never runs).  Any hash collision returns ``None`` and
the caller uses pyld's full algorithm.

Serialization mirrors ``pyld.nquads.serialize_nquad`` (IRIs in ``<>`` verbatim, literals
escaped with pyld's own ``escape``, ``xsd:string`` omitted, ``@lang`` for ``rdf:langString``),
and, like pyld, a quad is hashed once per position in which the blank node occurs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_app.verify.pyld_adapter import escape

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# A quad's serialization plan: constant text (str) and ints.  An int n ≥ 0 is the n-th
# rendered value (a leaf verbatim for IRIs, or escaped for literals, see ``literal_slots``);
# n < 0 is blank node number -1 - n.
Op = str | int


@dataclass(frozen=True)
class CompiledQuads:
    """Serialization plan of a template's quads."""

    quads: tuple[tuple[Op, ...], ...]
    literal_slots: tuple[int, ...]  # rendered value len(values) + k is escape(values[slot k])
    bnode_count: int
    bnode_quads: tuple[tuple[int, ...], ...]  # per blank node, quads it occurs in (per position)


Component = tuple[str, str, str | None, str | None, int]


def literal_suffix(datatype: str, language: str | None) -> str:
    """What ``serialize_nquad`` writes after a literal's closing quote."""
    if datatype == RDF_LANGSTRING:
        return "@" + language if language else ""
    if datatype != XSD_STRING:
        return "^^<" + datatype + ">"
    return ""


def compile_quads(
    components: Sequence[tuple[Component | None, Component, str, Component]],
    value_count: int,
) -> CompiledQuads:
    """Build the plan from ``(graph, subject, predicate, object)`` components as learned.

    A component is ``(type, value, datatype, language, slot)`` (slot ≥ 0: a leaf's value).
    """
    bnodes: dict[str, int] = {}
    per_bnode: list[list[int]] = []
    literal_index: dict[int, int] = {}
    quads: list[tuple[Op, ...]] = []

    def emit(ops: list[Op], item: Op) -> None:
        if isinstance(item, str) and ops and isinstance(ops[-1], str):
            ops[-1] += item
        else:
            ops.append(item)

    def piece(ops: list[Op], component: Component, quad: int) -> None:
        kind, value, datatype, language, slot = component
        if kind == "blank node":
            index = bnodes.setdefault(value, len(bnodes))
            if index == len(per_bnode):
                per_bnode.append([])
            per_bnode[index].append(quad)
            emit(ops, -1 - index)
        elif kind == "IRI":
            if slot >= 0:
                emit(ops, "<")
                emit(ops, slot)
                emit(ops, ">")
            else:
                emit(ops, "<" + value + ">")
        else:
            if datatype is None:
                raise ValueError("a literal without a datatype")
            suffix = literal_suffix(datatype, language)
            if slot >= 0:
                emit(ops, '"')
                emit(ops, value_count + literal_index.setdefault(slot, len(literal_index)))
                emit(ops, '"' + suffix)
            else:
                emit(ops, '"' + escape(value) + '"' + suffix)

    for number, (graph, subject, predicate, obj) in enumerate(components):
        ops: list[Op] = []
        # Blank-node occurrences are recorded in pyld's order: subject, object, graph name.
        piece(ops, subject, number)
        emit(ops, " <" + predicate + "> ")
        piece(ops, obj, number)
        if graph is not None:
            emit(ops, " ")
            piece(ops, graph, number)
        emit(ops, " .\n")
        quads.append(tuple(ops))
    return CompiledQuads(
        quads=tuple(quads),
        literal_slots=tuple(sorted(literal_index, key=literal_index.__getitem__)),
        bnode_count=len(bnodes),
        bnode_quads=tuple(tuple(q) for q in per_bnode),
    )


def canonical_nquads(plan: CompiledQuads, values: list[str]) -> str | None:
    """Canonical N-Quads of the plan filled with ``values``.

    ``None`` when two quads come out identical (pyld would merge or keep both; the caller
    decides) or when two blank nodes share a first-degree hash (needs pyld's full algorithm).
    """
    rendered = values + [escape(values[slot]) for slot in plan.literal_slots]
    # Fill in the values; lines with blank nodes stay as segments (str, or -1 - node).
    lines: list[str] = []
    pending: list[tuple[int, list[Op]]] = []
    for number, ops in enumerate(plan.quads):
        segments: list[Op] = []
        text = ""
        for op in ops:
            if type(op) is str:
                text += op
            elif op >= 0:  # type: ignore[operator]
                text += rendered[op]  # type: ignore[index]
            else:
                segments.append(text)
                segments.append(op)
                text = ""
        if segments:
            segments.append(text)
            pending.append((number, segments))
        else:
            lines.append(text)

    if not pending:
        if len(set(lines)) != len(lines):
            return None
        lines.sort()
        return "".join(lines)

    provisional = lines + [_render(segments, _PROVISIONAL) for _, segments in pending]
    if len(set(provisional)) != len(provisional):
        return None
    by_quad = dict(pending)
    hashes: list[str] = []
    for bnode, quad_numbers in enumerate(plan.bnode_quads):
        names = _FirstDegree(bnode)
        nquads = sorted(_render(by_quad[q], names) for q in quad_numbers)
        hashes.append(hashlib.sha256("".join(nquads).encode("utf-8")).hexdigest())
    if len(set(hashes)) != len(hashes):
        return None
    labels = [""] * plan.bnode_count
    for rank, bnode in enumerate(sorted(range(plan.bnode_count), key=hashes.__getitem__)):
        labels[bnode] = f"_:c14n{rank}"
    lines.extend(_render(segments, labels) for _, segments in pending)
    lines.sort()
    return "".join(lines)


class _Provisional:
    """Blank node names for the duplicate check: distinct per blank node."""

    def __getitem__(self, index: int) -> str:
        return f"_:b{index}"


class _FirstDegree:
    """Hash First Degree Quads naming: the reference node is ``_:a``, all others ``_:z``."""

    def __init__(self, reference: int) -> None:
        self.reference = reference

    def __getitem__(self, index: int) -> str:
        return "_:a" if index == self.reference else "_:z"


_PROVISIONAL = _Provisional()


def _render(segments: list[Op], names: _Provisional | _FirstDegree | list[str]) -> str:
    return "".join(part if type(part) is str else names[-1 - part] for part in segments)  # type: ignore[operator]
