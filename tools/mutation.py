"""Mutation testing for ``portfolio_app/verify/``: do the tests notice when the verifier is wrong?

Why a small script and not mutmut: mutmut 3 copies the tree into ``./mutants`` and rewrites every
function into a trampoline, which fights this repository's flat layout, its editable install and
the pyld/cryptography imports the tests need; it also cannot say which survivors matter most.
This script needs nothing but pytest, and it knows the verifier's vocabulary, so it can flag the
survivors that could turn a failing credential into ``verified``.

How one run works (``make mutation``, ``--help`` for options):

1. **Mutants.** Each module is parsed with :mod:`ast`; every node is offered to a fixed list of
   operators (comparison flips ``==``/``!=``, ``<``/``<=``, ``in``/``not in``, ``is``/``is not``;
   ``and``/``or``; ``not`` removed; ``True``/``False`` swapped, numbers +1, identifier-like strings
   emptied; ``return x`` -> ``return None``; a ``raise`` or an early ``return`` removed).  Nodes are
   visited in source order, so the same code always gives the same mutants in the same order.
   Docstrings, annotations, decorators, default arguments, f-strings and prose strings (anything
   with a space: messages, whose wording the tests deliberately do not pin) are left alone.
2. **Which tests.** One traced pytest run (the *survey*) records which test touched which line
   of ``verify/``.  A mutant runs only the tests that executed its lines, fastest first, with
   ``-x``; a mutant on a line no test executes is a survivor without running anything.
3. **Isolation.** Nothing is written to the tree.  The parent process imports the verifier once
   and forks one child per mutant; the child swaps the mutated code object into the live function
   (``function.__code__``), or rebinds a mutated module-level constant, runs pytest in-process
   and exits.  So the worktree is never left mutated, even if the run is killed.  Two children run
   at a time (``--jobs``), each with a timeout of a few times the tests' own duration.
4. **Report.** A table per module (mutants, killed, survived, timeout, score) is printed and
   written with every survivor to ``bench/out/mutation.md`` and ``bench/out/mutation.json``.

A survivor is **dangerous** when the mutated code decides, or is, a failing outcome: it sits in
the condition of an ``if``/``while``/``assert``/conditional expression whose branches raise,
return ``False``, or name a failing status or outcome (``TAMPERED``, ``EXPIRED``, ``REVOKED``,
``UNVERIFIABLE``, ``MALFORMED``, ``FAILED``, ``NOT_CHECKED`` …), or the mutant removes such a
``raise``/``return``.  That is a heuristic for "could make a bad credential read ``verified``";
each one deserves a look and, usually, a test.

Known limits: a name imported elsewhere with ``from x import CONST`` keeps its original value
when ``CONST`` is mutated; tests that start subprocesses (the CLI tests) do not see mutants and
are not selected; code run only at import time is not re-run.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import gc
import hashlib
import importlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _pytest.runner import runtestprotocol
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
VERIFY = ROOT / "portfolio_app" / "verify"
OUT = ROOT / "bench" / "out"

# The list first (security-critical), then the rest of verify/.
DEFAULT_MODULES = (
    "verdict",
    "dates",
    "dataintegrity",
    "jws",
    "vcjwt",
    "ob2",
    "status_lists",
    "keys",
    "europass",
    "fastcanon",
    "fastcanon_nquads",
    "fastcanon_template",
    "didkey",
    "multibase",
    "canon",
    "contexts",
    "documents",
)

# Names that mean "this branch is a failing outcome" (Status / Outcome members and their values).
FAILING_NAMES = frozenset(
    {
        "TAMPERED",
        "EXPIRED",
        "NOT_YET_VALID",
        "REVOKED",
        "UNVERIFIABLE",
        "MALFORMED",
        "UNSUPPORTED",
        "FAILED",
        "NOT_CHECKED",
    }
)
FAILING_STRINGS = frozenset({name.lower() for name in FAILING_NAMES} | {"unavailable"})
IDENTIFIER_LIKE = re.compile(r"^[^\s]{1,120}$")


# --------------------------------------------------------------------------------- mutants


@dataclass(frozen=True)
class Mutant:
    """One deterministic change: node number ``node_index`` of ``ast.walk``, rewritten by ``op``."""

    id: str
    module: str
    node_index: int
    op: str
    variant: int
    line: int
    end_line: int
    description: str
    scope_kind: str  # "function" (patch __code__) or "assign" (rebind module names)
    scope: tuple[str, ...]  # qualname, or the module-level names an assignment binds
    def_line: int  # first line of the patched function (disambiguates redefinitions)
    dangerous: bool
    use_lines: tuple[int, ...] = ()  # for a module constant: the lines that read its names
    # For a module constant: reads of ``module.NAME`` inside functions of other verify/ modules
    # (module, line), and whether no function anywhere in verify/ reads it (only import-time
    # code does, e.g. a suite registry built from ``SUITE`` objects; see ``_import_time``).
    use_sites: tuple[tuple[str, int], ...] = ()
    read_at_import: bool = False


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _docstring_nodes(tree: ast.AST) -> set[ast.AST]:
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            first = body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(first.value)
    return found


def _excluded_nodes(tree: ast.AST) -> set[ast.AST]:
    """Nodes no operator may touch: annotations, decorators, defaults, f-strings, TYPE_CHECKING."""
    skip_roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            skip_roots.extend(node.decorator_list)
            if node.returns is not None:
                skip_roots.append(node.returns)
            skip_roots.append(node.args)  # defaults and annotations run at definition time
        elif isinstance(node, ast.ClassDef):
            skip_roots.extend(node.decorator_list)
            skip_roots.extend(node.bases)
        elif isinstance(node, ast.AnnAssign):
            skip_roots.append(node.annotation)
        elif (
            isinstance(node, ast.JoinedStr)
            or (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
            or (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            )
        ):
            skip_roots.append(node)
    excluded: set[ast.AST] = set()
    for root in skip_roots:
        excluded.update(ast.walk(root))
    excluded.update(_docstring_nodes(tree))
    return excluded


def _scope(
    node: ast.AST, parents: dict[ast.AST, ast.AST]
) -> tuple[str, tuple[str, ...], int] | None:
    """Where a mutant can be applied to a live process, or None if it cannot.

    Inside a function (at any depth): patch the outermost function reachable from the module
    through classes only, by qualname.  In a module-level assignment: rebind its names.
    """
    chain: list[ast.AST] = []
    current: ast.AST | None = node
    while current is not None:
        chain.append(current)
        current = parents.get(current)
    chain.reverse()  # Module, ..., node
    names: list[str] = []
    for outer in chain[1:]:
        if isinstance(outer, ast.ClassDef):
            names.append(outer.name)
            continue
        if isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef):
            names.append(outer.name)
            # A decorated function's code object starts at its first decorator.
            first = outer.decorator_list[0].lineno if outer.decorator_list else outer.lineno
            return "function", (".".join(names),), first
        if names:  # a class body statement that is not a method: class attributes are skipped
            return None
        if isinstance(outer, ast.Assign | ast.AnnAssign):
            targets = outer.targets if isinstance(outer, ast.Assign) else [outer.target]
            bound = tuple(t.id for t in targets if isinstance(t, ast.Name))
            return ("assign", bound, outer.lineno) if bound else None
        return None
    return None


_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def _ops_for(
    node: ast.AST, parents: dict[ast.AST, ast.AST], docstrings: set[ast.AST]
) -> Iterator[tuple[str, int]]:
    """The (operator, variant) pairs that apply to ``node``, in a fixed order."""
    if isinstance(node, ast.Compare):
        for i, cmp in enumerate(node.ops):
            if type(cmp) in _COMPARE_SWAPS:
                yield "compare", i
    elif isinstance(node, ast.BoolOp):
        yield "boolop", 0
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not_removed", 0
    elif isinstance(node, ast.Constant) and node not in docstrings:
        value = node.value
        if isinstance(value, bool):
            yield "bool_flip", 0
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield "number_plus_one", 0
        elif isinstance(value, str) and value and IDENTIFIER_LIKE.match(value):
            yield "string_emptied", 0
    elif isinstance(node, ast.Return):
        if node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None
        ):
            yield "return_none", 0
        parent = parents.get(node)
        if isinstance(parent, ast.If | ast.For | ast.While | ast.With | ast.Try):
            yield "return_removed", 0
    elif isinstance(node, ast.Raise):
        yield "raise_removed", 0


def _describe(node: ast.AST, op: str, variant: int) -> str:
    if op == "compare" and isinstance(node, ast.Compare):
        old = type(node.ops[variant]).__name__
        new = _COMPARE_SWAPS[type(node.ops[variant])].__name__
        return f"{old} -> {new} in `{_short(node)}`"
    if op == "boolop" and isinstance(node, ast.BoolOp):
        old = "and" if isinstance(node.op, ast.And) else "or"
        return f"{old} -> {'or' if old == 'and' else 'and'} in `{_short(node)}`"
    if op == "not_removed":
        return f"`not` removed from `{_short(node)}`"
    if op == "bool_flip" and isinstance(node, ast.Constant):
        return f"{node.value!r} -> {not node.value!r}"
    if op == "number_plus_one" and isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)
        return f"{node.value!r} -> {node.value + 1!r}"
    if op == "string_emptied" and isinstance(node, ast.Constant):
        return f"{node.value!r} -> ''"
    if op == "return_none":
        return f"`{_short(node)}` -> `return None`"
    if op == "return_removed":
        return f"early `{_short(node)}` removed"
    if op == "raise_removed":
        return f"`{_short(node)}` removed"
    return op


def _short(node: ast.AST) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= 90 else text[:87] + "..."


def _mentions_failure(nodes: Sequence[ast.AST]) -> bool:
    """Does this code raise, return False, or name a failing status/outcome?"""
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Raise):
                return True
            if (
                isinstance(node, ast.Return)
                and isinstance(node.value, ast.Constant)
                and node.value.value is False
            ):
                return True
            if isinstance(node, ast.Attribute) and node.attr in FAILING_NAMES:
                return True
            if isinstance(node, ast.Constant) and node.value in FAILING_STRINGS:
                return True
    return False


def _is_dangerous(node: ast.AST, op: str, parents: dict[ast.AST, ast.AST]) -> bool:
    if op in {"raise_removed", "return_removed", "return_none"}:
        return _mentions_failure([node])
    # A value that *is* a failing outcome (False returned, "failed" emptied...).
    if op in {"bool_flip", "string_emptied"} and _mentions_failure([parents.get(node, node)]):
        return True
    child: ast.AST = node
    current = parents.get(node)
    while current is not None and not isinstance(
        current, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module
    ):
        if isinstance(current, ast.If | ast.While | ast.IfExp) and child is current.test:
            body = current.body if isinstance(current.body, list) else [current.body]
            orelse = current.orelse if isinstance(current.orelse, list) else [current.orelse]
            if _mentions_failure([*body, *orelse]):
                return True
        if isinstance(current, ast.Assert) and child is current.test:
            return True
        if isinstance(current, ast.comprehension) and child in current.ifs:
            return _mentions_failure([current])
        if isinstance(current, ast.stmt):
            # The statement itself produces a failing outcome (e.g. a check built as FAILED).
            return _mentions_failure([current]) and not isinstance(current, ast.If | ast.While)
        child, current = current, parents.get(current)
    return False


def _import_time_functions(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Module-level functions that only the module's own import-time code calls (a factory
    such as ``SUITE = _suite("eddsa-rdfc-2022")``): name -> the module names those calls bind.

    Such a function never runs during a test, so patching its code changes nothing; a mutant
    in it is applied like a mutant of the assignments that call it (see ``_update_in_place``).
    """
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    called_in_functions: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            called_in_functions.update(
                n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in defined
            )
    found: dict[str, set[str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        bound = {t.id for t in node.targets if isinstance(t, ast.Name)}
        for inner in ast.walk(node.value):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Name)
                and inner.func.id in defined - called_in_functions
            ):
                found.setdefault(inner.func.id, set()).update(bound)
    return {name: tuple(sorted(bound)) for name, bound in found.items() if bound}


def _runtime_functions(tree: ast.Module) -> list[ast.AST]:
    """Function definitions that can run during a test (not import-time factories)."""
    factories = _import_time_functions(tree)
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not (node in tree.body and node.name in factories)
    ]


def _names_read_in_functions(tree: ast.Module) -> set[str]:
    """Names a function body of this module reads (so a rebound constant is seen at call time)."""
    found: set[str] = set()
    for node in _runtime_functions(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Load):
                    found.add(inner.id)
    return found


def _module_name(path: Path) -> str:
    """``suites/_ecdsa`` for verify/suites/_ecdsa.py (the names ``--modules`` takes)."""
    return str(path.relative_to(VERIFY).with_suffix(""))


def _imported_modules(tree: ast.AST) -> dict[str, str]:
    """Local alias -> verify/ module, for ``from portfolio_app.verify[.pkg] import module``."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "portfolio_app.verify"
        ):
            base = (node.module or "").removeprefix("portfolio_app.verify").lstrip(".")
            for alias in node.names:
                target = f"{base.replace('.', '/')}/{alias.name}".lstrip("/")
                if (VERIFY / f"{target}.py").is_file():
                    aliases[alias.asname or alias.name] = target
                elif (VERIFY / target / "__init__.py").is_file():
                    aliases[alias.asname or alias.name] = f"{target}/__init__"
    return aliases


_ELSEWHERE: dict[str, dict[str, set[tuple[str, int]]]] = {}
_MENTIONED: dict[str, set[str]] = {}  # module -> names other verify/ modules import or read


def _verify_module_of(dotted: str) -> str | None:
    """``suites/jcs`` for ``portfolio_app.verify.suites.jcs`` (None outside verify/)."""
    if not dotted.startswith("portfolio_app.verify."):
        return None
    name = dotted.removeprefix("portfolio_app.verify.").replace(".", "/")
    if (VERIFY / f"{name}.py").is_file():
        return name
    return f"{name}/__init__" if (VERIFY / name / "__init__.py").is_file() else None


def _attribute_reads_elsewhere(module: str) -> dict[str, set[tuple[str, int]]]:
    """NAME -> (module, line) where a function of another verify/ module reads ``alias.NAME``
    with ``alias`` bound to ``module`` (e.g. ``suites.NOT_VERIFIED.get`` in dataintegrity)."""
    if not _ELSEWHERE:
        for path in sorted(VERIFY.rglob("*.py")):
            other = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            aliases = _imported_modules(tree)
            for node in ast.walk(tree):  # any mention, import-time code included
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in aliases
                ):
                    _MENTIONED.setdefault(aliases[node.value.id], set()).add(node.attr)
                elif isinstance(node, ast.ImportFrom) and node.module:
                    source = _verify_module_of(node.module)
                    if source is not None:
                        _MENTIONED.setdefault(source, set()).update(a.name for a in node.names)
            for node in _runtime_functions(tree):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Attribute)
                        and isinstance(inner.value, ast.Name)
                        and inner.value.id in aliases
                    ):
                        target = _ELSEWHERE.setdefault(aliases[inner.value.id], {})
                        target.setdefault(inner.attr, set()).add((other, inner.lineno))
        _ELSEWHERE.setdefault("", {})  # computed (even if nothing reads anything)
    return _ELSEWHERE.get(module, {})


def _importers(module: str) -> list[str]:
    """The verify/ modules that import ``module`` or a name from it."""
    dotted = _dotted(module)
    found = []
    for path in sorted(VERIFY.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and (
                    node.module == dotted
                    or any(f"{node.module}.{a.name}" == dotted for a in node.names)
                )
            ):
                found.append(_module_name(path))
                break
    return found


def generate_mutants(module: str) -> list[Mutant]:
    """Every mutant of ``verify/<module>.py``, in source order."""
    path = VERIFY / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = _parents(tree)
    excluded = _excluded_nodes(tree)
    docstrings = _docstring_nodes(tree)
    reads: dict[str, set[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            reads.setdefault(node.id, set()).add(node.lineno)
    in_functions = _names_read_in_functions(tree)
    factories = _import_time_functions(tree)
    elsewhere = _attribute_reads_elsewhere(module)

    def sites(names: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted({site for name in names for site in elsewhere.get(name, ())}))

    found: list[Mutant] = []
    for index, node in enumerate(ast.walk(tree)):
        if node in excluded or not hasattr(node, "lineno"):
            continue
        for op, variant in _ops_for(node, parents, docstrings):
            scope = _scope(node, parents)
            if scope is None:
                continue
            kind, names, def_line = scope
            if kind == "function" and names[0] in factories:  # runs only at import
                kind, names = "assign", factories[names[0]]
            line = node.lineno
            found.append(
                Mutant(
                    id="",
                    module=module,
                    node_index=index,
                    op=op,
                    variant=variant,
                    line=line,
                    end_line=getattr(node, "end_lineno", None) or line,
                    description=_describe(node, op, variant),
                    scope_kind=kind,
                    scope=names,
                    def_line=def_line,
                    dangerous=_is_dangerous(node, op, parents),
                    use_lines=tuple(sorted({ln for name in names for ln in reads.get(name, ())}))
                    if kind == "assign"
                    else (),
                    use_sites=sites(names) if kind == "assign" else (),
                    read_at_import=kind == "assign"
                    and not (set(names) & in_functions)
                    and not sites(names)
                    and bool(
                        any(reads.get(name) for name in names)
                        or set(names) & _MENTIONED.get(module, set())
                    ),
                )
            )
    found.sort(key=lambda m: (m.line, m.node_index, m.op, m.variant))
    return [
        Mutant(**{**asdict(m), "id": f"{module}:{n}", "scope": m.scope})
        for n, m in enumerate(found, start=1)
    ]


def mutated_tree(mutant: Mutant) -> ast.Module:
    """The module's AST with exactly this mutant applied (line numbers kept for tracebacks)."""
    path = VERIFY / f"{mutant.module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = _parents(tree)
    node = list(ast.walk(tree))[mutant.node_index]
    replacement: ast.AST | None = None
    if mutant.op == "compare" and isinstance(node, ast.Compare):
        node.ops[mutant.variant] = _COMPARE_SWAPS[type(node.ops[mutant.variant])]()
    elif mutant.op == "boolop" and isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif mutant.op == "not_removed" and isinstance(node, ast.UnaryOp):
        replacement = node.operand
    elif mutant.op == "bool_flip" and isinstance(node, ast.Constant):
        node.value = not node.value
    elif mutant.op == "number_plus_one" and isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)
        node.value = node.value + 1
    elif mutant.op == "string_emptied" and isinstance(node, ast.Constant):
        node.value = ""
    elif mutant.op == "return_none" and isinstance(node, ast.Return):
        node.value = ast.Constant(value=None)
    elif mutant.op in {"return_removed", "raise_removed"}:
        replacement = ast.Pass()
    else:  # pragma: no cover - generate_mutants and this function disagree
        raise RuntimeError(f"cannot apply {mutant.op} to {type(node).__name__}")
    if replacement is not None:
        _replace(parents[node], node, replacement)
    return ast.fix_missing_locations(tree)


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    ast.copy_location(new, old)
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return
        if isinstance(value, list) and any(item is old for item in value):
            setattr(parent, name, [new if item is old else item for item in value])
            return
    raise RuntimeError("node not found in its parent")


def _find_code(code: types.CodeType, qualname: str, first_line: int) -> types.CodeType | None:
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_qualname == qualname and const.co_firstlineno == first_line:
                return const
            found = _find_code(const, qualname, first_line)
            if found is not None:
                return found
    return None


def _updatable(value: object) -> bool:
    """Can a live object be changed in place (so references taken at import see a mutant)?"""
    if isinstance(value, dict | list | set):
        return True
    return (
        hasattr(value, "__dict__")
        and not isinstance(value, type | types.ModuleType | types.FunctionType)
        and not callable(value)
    )


def import_only(mutant: Mutant) -> bool:
    """A constant read only at import whose value cannot be changed in place (a string, a
    number, a frozenset...): every reader copied it at import, so no test can see the mutant.
    Such mutants are reported apart ("import-time"), not counted as survivors."""
    if not mutant.read_at_import:
        return False
    module = importlib.import_module(_dotted(mutant.module))
    return not any(_updatable(getattr(module, name, None)) for name in mutant.scope)


class _ImportTimeOnly(Exception):
    """The mutant changed a constant read at import into something its readers cannot be
    given (``return None`` in a factory, a new type): it cannot be applied to a live process."""


def _update_in_place(old: object, new: object) -> bool:
    """Make ``old`` equal to ``new`` without replacing it (dicts, lists, sets, plain objects
    such as a frozen dataclass): a registry built at import from ``old`` then sees the mutant.
    False when that is impossible (another type, an immutable value)."""
    if old is new:
        return True
    if type(old) is not type(new) or not _updatable(old):
        return False
    if isinstance(old, dict) and isinstance(new, dict):
        old.clear()
        old.update(new)
    elif isinstance(old, list) and isinstance(new, list):
        old[:] = new
    elif isinstance(old, set) and isinstance(new, set):
        old.clear()
        old.update(new)
    else:
        vars(old).clear()  # also drops cached properties computed from the old values
        vars(old).update(vars(new))
    return True


def _dotted(module: str) -> str:
    """The import name of a verify/ module; ``suites/jcs`` names a module in a subpackage."""
    return "portfolio_app.verify." + module.replace("/", ".").removesuffix(".__init__")


def apply_in_process(mutant: Mutant) -> None:
    """Swap the mutant into the already-imported module (only ever called in a forked child)."""
    module = importlib.import_module(_dotted(mutant.module))
    filename = module.__file__
    assert filename is not None
    code = compile(mutated_tree(mutant), filename, "exec")
    if mutant.scope_kind == "assign":
        namespace: dict[str, Any] = {
            "__name__": module.__name__,
            "__file__": filename,
            "__package__": module.__package__,
            "__builtins__": __builtins__,
        }
        exec(code, namespace)  # noqa: S102 - our own file, mutated, in a throwaway child
        for name in mutant.scope:
            old = getattr(module, name, None)
            setattr(module, name, namespace[name])
            # Its readers hold the old object: change that one, or no test can see the mutant.
            if mutant.read_at_import and not _update_in_place(old, namespace[name]):
                raise _ImportTimeOnly(name)
        return
    qualname = mutant.scope[0]
    new_code = _find_code(code, qualname, mutant.def_line)
    if new_code is None:
        raise RuntimeError(f"no code object for {qualname}")
    patched = 0
    for obj in gc.get_objects():
        if (
            isinstance(obj, types.FunctionType)
            and obj.__code__.co_filename == filename
            and obj.__code__.co_qualname == qualname
            and obj.__code__.co_firstlineno == mutant.def_line
        ):
            obj.__code__ = new_code
            patched += 1
    if not patched:
        raise RuntimeError(f"no live function {qualname}")


# ---------------------------------------------------------------------------------- survey


class _SurveyPlugin:
    """pytest plugin for the survey run: which test executed which line of verify/."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.prefix = str(VERIFY) + os.sep
        self.lines: dict[str, set[tuple[str, int]]] = {}
        self.durations: dict[str, float] = {}
        self.failed: set[str] = set()
        self._current: set[tuple[str, int]] | None = None

    def _local(self, frame: types.FrameType, event: str, arg: object) -> Any:
        if event == "line" and self._current is not None:
            self._current.add((frame.f_code.co_filename, frame.f_lineno))
        return self._local

    def _global(self, frame: types.FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename.startswith(self.prefix):
            if self._current is not None:
                self._current.add((frame.f_code.co_filename, frame.f_code.co_firstlineno))
            return self._local
        return None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: Any, nextitem: Any) -> Iterator[None]:
        self._current = self.lines.setdefault(item.nodeid, set())
        sys.settrace(self._global)
        try:
            yield
        finally:
            sys.settrace(None)
            self._current = None

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        if report.failed:
            self.failed.add(report.nodeid)

    def pytest_sessionfinish(self, session: Any) -> None:
        data = {
            "lines": {
                nodeid: sorted(
                    [str(Path(f).relative_to(VERIFY).with_suffix("")), ln] for f, ln in lines
                )
                for nodeid, lines in self.lines.items()
                if nodeid not in self.failed
            },
            "durations": self.durations,
            "failed": sorted(self.failed),
        }
        self.out.write_text(json.dumps(data), encoding="utf-8")


def _tree_hash() -> str:
    digest = hashlib.sha256()
    for folder in (ROOT / "portfolio_app", ROOT / "tests"):
        for path in sorted(folder.rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Test files that never run verify/ code (measured with a survey of the whole suite); leaving
# them out of the traced survey saves minutes.  A new test file is surveyed unless listed here.
SURVEY_SKIP = (
    "test_ui_",
    "test_pathways_",
    "test_ingest_",
    "test_formats_",
    "test_storage_migrations",
    "test_resources",
    "test_repo_self_contained",
)


def _survey_test_files() -> list[str]:
    """Test files that can reach verify/ in-process, biggest first (to balance the workers)."""
    paths = [
        path for path in (ROOT / "tests").glob("test_*.py") if not path.name.startswith(SURVEY_SKIP)
    ]
    paths.sort(key=lambda p: (-p.stat().st_size, p.name))
    return [str(path.relative_to(ROOT)) for path in paths]


def _app_hash() -> str:
    """Everything but the test files themselves: the app and the tests' shared helpers."""
    digest = hashlib.sha256()
    paths = sorted((ROOT / "portfolio_app").rglob("*.py"))
    paths += sorted(p for p in (ROOT / "tests").rglob("*.py") if not p.name.startswith("test_"))
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _file_hash(name: str) -> str:
    return hashlib.sha256((ROOT / name).read_bytes()).hexdigest()[:16]


def survey(jobs: int) -> dict[str, Any]:
    """Run the tests once under a line tracer, cached in bench/out.

    The cache is kept while the app and the test helpers are unchanged; then only test files
    that are new or changed are surveyed again.
    """
    OUT.mkdir(parents=True, exist_ok=True)
    cache = OUT / "mutation-survey.json"
    app = _app_hash()
    files = _survey_test_files()
    hashes = {name: _file_hash(name) for name in files}
    merged: dict[str, Any] = {"app": app, "files": {}, "lines": {}, "durations": {}, "failed": []}
    if cache.exists():
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("key") == _tree_hash():  # an older cache of this very tree
            cached = {**cached, "app": app, "files": hashes}
        if cached.get("app") == app:
            keep = {n for n, h in cached.get("files", {}).items() if hashes.get(n) == h}
            merged["files"] = {n: hashes[n] for n in keep}
            for part in ("lines", "durations"):
                merged[part] = {k: v for k, v in cached[part].items() if k.split("::")[0] in keep}
            merged["failed"] = [k for k in cached["failed"] if k.split("::")[0] in keep]
    todo = [name for name in files if name not in merged["files"]]
    if not todo:
        cache.write_text(json.dumps(merged), encoding="utf-8")
        return merged
    groups = [g for g in (todo[i::jobs] for i in range(jobs)) if g]
    procs = []
    outs = []
    for n, group in enumerate(groups):
        out = OUT / f"mutation-survey-{n}.json"
        outs.append(out)
        procs.append(
            subprocess.Popen(  # noqa: S603 - this interpreter running this file
                [sys.executable, __file__, "--survey-worker", str(out), *group],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
        )
    for proc in procs:
        proc.wait()
    for out in outs:
        part = json.loads(out.read_text(encoding="utf-8"))
        merged["lines"].update(part["lines"])
        merged["durations"].update(part["durations"])
        merged["failed"].extend(part["failed"])
        out.unlink()
    merged["files"].update({name: hashes[name] for name in todo})
    cache.write_text(json.dumps(merged), encoding="utf-8")
    return merged


def _survey_worker(out: Path, files: list[str]) -> int:
    return int(
        pytest.main(
            ["-q", "-p", "no:cacheprovider", "-o", "addopts=", *files],
            plugins=[_SurveyPlugin(out)],
        )
    )


# ------------------------------------------------------------------------------------- run


@dataclass
class Result:
    mutant: Mutant
    outcome: str  # killed | survived | timeout | uncovered | import_time | error | not_run
    seconds: float = 0.0
    tests: int = 0
    new_only: bool = False  # caught only by a --new-tests file (a survivor without them)


@dataclass
class ModuleStats:
    mutants: int = 0
    killed: int = 0
    survived: int = 0
    timeout: int = 0
    uncovered: int = 0
    other: int = 0
    seconds: float = 0.0
    survivors: list[Result] = field(default_factory=list)
    imported: list[Result] = field(default_factory=list)  # import-time constants, not judged

    @property
    def score(self) -> float | None:
        judged = self.killed + self.timeout + self.survived
        return None if judged == 0 else 100.0 * (self.killed + self.timeout) / judged


def _tests_for(mutant: Mutant, index: dict[tuple[str, int], list[str]]) -> list[str]:
    """The tests that executed the mutant's lines.

    A module-level constant runs only at import, so the candidates are the tests that ran a
    line of its module that reads it.
    """
    tests: set[str] = set()
    if mutant.scope_kind == "assign":
        for line in mutant.use_lines:
            tests.update(index.get((mutant.module, line), ()))
        for module, line in mutant.use_sites:  # ``module.NAME`` read by another module
            tests.update(index.get((module, line), ()))
        if not tests and mutant.read_at_import:
            # Read only by import-time code (a registry): the tests that ran a line of the
            # module itself, else of the modules importing it, can see it changed in place.
            by_module: dict[str, set[str]] = {}
            for (module, _line), found in index.items():
                by_module.setdefault(module, set()).update(found)
            tests.update(by_module.get(mutant.module, ()))
            if not tests:
                for importer in _importers(mutant.module):
                    tests.update(by_module.get(importer, ()))
        return sorted(tests)
    for line in range(mutant.line, mutant.end_line + 1):
        tests.update(index.get((mutant.module, line), ()))
    return sorted(tests)


# Seconds a test may take before the mutant counts as a timeout, on top of 4x its own (traced)
# survey time; raise it (PER_TEST_FLOOR=10) on a machine shared with other work.
PER_TEST_FLOOR = float(os.environ.get("PER_TEST_FLOOR", "5"))
EXIT_TIMEOUT = 98
EXIT_NOT_APPLIED = 97
EXIT_IMPORT_TIME = 96  # a constant read at import that the child cannot change (see import_only)
EXIT_KILLED_BY_NEW = 10  # only a test from --new-tests failed: a survivor before those tests
EXIT_TIMEOUT_IN_NEW = 11


def _child(mutant: Mutant, items: list[Any], limits: list[float], first_new: int) -> None:
    """Runs in the forked child: apply the mutant, run the items until one fails. Never returns.

    Items from ``first_new`` on are the ``--new-tests``; the exit code says whether an older test
    or only a new one caught the mutant, so one run gives the table before and after them.
    """
    code = 4
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            apply_in_process(mutant)
        except _ImportTimeOnly:
            os._exit(EXIT_IMPORT_TIME)
        except Exception:
            os._exit(EXIT_NOT_APPLIED)
        in_new = [False]
        signal.signal(
            signal.SIGALRM,
            lambda *_: os._exit(EXIT_TIMEOUT_IN_NEW if in_new[0] else EXIT_TIMEOUT),
        )
        code = 0
        for n, item in enumerate(items):
            in_new[0] = n >= first_new
            signal.setitimer(signal.ITIMER_REAL, limits[n])
            nextitem = items[n + 1] if n + 1 < len(items) else None
            reports = runtestprotocol(item, nextitem=nextitem, log=False)
            signal.setitimer(signal.ITIMER_REAL, 0)
            if any(report.failed for report in reports):
                code = EXIT_KILLED_BY_NEW if n >= first_new else 1
                break
    finally:
        os._exit(code)


class _Driver:
    """pytest plugin for the mutant run: collect once, then fork one child per mutant.

    Collecting (importing the test modules, the app, pyld, cryptography...) costs seconds; a fork
    of the collected session costs milliseconds, so each mutant pays only for its own tests.
    """

    def __init__(
        self,
        queue: list[tuple[Mutant, list[str], int]],
        durations: dict[str, float],
        jobs: int,
        max_seconds: float,
        progress: bool,
    ) -> None:
        self.queue = queue
        self.durations = durations
        self.jobs = jobs
        self.max_seconds = max_seconds
        self.progress = progress
        self.results: dict[str, Result] = {}

    def pytest_runtestloop(self, session: Any) -> bool:
        by_id = {item.nodeid: item for item in session.items}
        for module in sorted({m.module for m, _tests, _first in self.queue}):
            importlib.import_module(_dotted(module))
        start = time.monotonic()
        pending = list(reversed(self.queue))
        running: dict[int, tuple[Mutant, float, float, int]] = {}
        total = len(pending)
        done = 0
        while pending or running:
            while pending and len(running) < self.jobs:
                if time.monotonic() - start > self.max_seconds:
                    for mutant, _tests, _first_new in pending:
                        self.results[mutant.id] = Result(mutant, "not_run")
                    pending.clear()
                    break
                mutant, tests, first_new = pending.pop()
                first_new = len([t for t in tests[:first_new] if t in by_id])
                tests = [t for t in tests if t in by_id]
                items = [by_id[t] for t in tests]
                limits = [PER_TEST_FLOOR + 4.0 * self.durations.get(t, 0.0) for t in tests]
                if not items:
                    self.results[mutant.id] = Result(mutant, "uncovered")
                    continue
                pid = os.fork()
                if pid == 0:
                    _child(mutant, items, limits, first_new)
                running[pid] = (mutant, time.monotonic(), 30.0 + 2.0 * sum(limits), len(items))
            finished = False
            with contextlib.suppress(ChildProcessError):
                while running:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                    if pid == 0:
                        break
                    finished = True
                    mutant, began, _limit, count = running.pop(pid)
                    code = os.waitstatus_to_exitcode(status)
                    outcome = {
                        0: "survived",
                        EXIT_TIMEOUT: "timeout",
                        EXIT_TIMEOUT_IN_NEW: "timeout",
                    }.get(code, "killed")
                    if code in {EXIT_NOT_APPLIED, 4}:
                        outcome = "error"
                    elif code == EXIT_IMPORT_TIME:
                        outcome = "import_time"
                    self.results[mutant.id] = Result(
                        mutant,
                        outcome,
                        time.monotonic() - began,
                        count,
                        new_only=code in {EXIT_KILLED_BY_NEW, EXIT_TIMEOUT_IN_NEW},
                    )
                    done += 1
                    if self.progress:
                        print(
                            f"\r[{done}/{total}] {mutant.id:<22} {outcome:<8}",
                            end="",
                            file=sys.stderr,
                            flush=True,
                        )
            now = time.monotonic()
            for pid, (mutant, began, limit, count) in list(running.items()):
                if now - began > limit:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(pid, signal.SIGKILL)
                    with contextlib.suppress(ChildProcessError):
                        os.waitpid(pid, 0)
                    running.pop(pid)
                    self.results[mutant.id] = Result(mutant, "timeout", now - began, count)
                    done += 1
            if not finished:
                time.sleep(0.005)
        if self.progress:
            print(file=sys.stderr)
        return True


def run_mutants(
    mutants: list[Mutant],
    data: dict[str, Any],
    jobs: int,
    max_seconds: float,
    progress: bool,
    *,
    new_tests: tuple[str, ...] = (),
    slow_seconds: float = 40.0,
    max_tests: int = 0,
) -> list[Result]:
    """Run every covered mutant; tests slower than ``slow_seconds`` (traced) are left out."""
    index: dict[tuple[str, int], list[str]] = {}
    for nodeid, lines in data["lines"].items():
        if data["durations"].get(nodeid, 0.0) > slow_seconds:
            continue
        for module, line in lines:
            index.setdefault((module, line), []).append(nodeid)
    durations: dict[str, float] = data["durations"]
    results: dict[str, Result] = {}
    queue: list[tuple[Mutant, list[str], int]] = []
    for mutant in mutants:
        if import_only(mutant):  # nothing can see it: reported apart, not a survivor
            results[mutant.id] = Result(mutant, "import_time")
            continue
        tests = _tests_for(mutant, index)
        if not tests:
            results[mutant.id] = Result(mutant, "uncovered")
            continue
        # Older tests first, fastest first; then the new tests (see EXIT_KILLED_BY_NEW).
        tests.sort(key=lambda t: (t.startswith(new_tests), durations.get(t, 0.0), t))
        first_new = sum(1 for t in tests if not t.startswith(new_tests))
        if max_tests:  # cheaper, less thorough: the fastest N older (and N new) tests only
            tests = tests[:first_new][:max_tests] + tests[first_new:][:max_tests]
            first_new = min(first_new, max_tests)
        queue.append((mutant, tests, first_new))
    if queue:
        # Hypothesis: no example database, derandomized (same code -> same verdicts).
        settings.register_profile("mutation", database=None, derandomize=True, deadline=None)
        settings.load_profile("mutation")
        driver = _Driver(queue, durations, jobs, max_seconds, progress)
        files = sorted({t.split("::")[0] for _m, tests, _n in queue for t in tests})
        with contextlib.redirect_stdout(sys.stderr if progress else open(os.devnull, "w")):
            pytest.main(
                ["-q", "-s", "-p", "no:cacheprovider", "-o", "addopts=", *files],
                plugins=[driver],
            )
        results.update(driver.results)
    return [results.get(m.id, Result(m, "not_run")) for m in mutants]


# ---------------------------------------------------------------------------------- report


def summarise(results: list[Result], *, before: bool = False) -> dict[str, ModuleStats]:
    """Per-module counts; ``before`` counts mutants caught only by --new-tests as survivors."""
    stats: dict[str, ModuleStats] = {}
    for result in results:
        entry = stats.setdefault(result.mutant.module, ModuleStats())
        entry.mutants += 1
        entry.seconds += result.seconds
        if before and result.new_only:
            entry.survived += 1
            entry.survivors.append(result)
        elif result.outcome in {"killed", "timeout"}:
            setattr(entry, result.outcome, getattr(entry, result.outcome) + 1)
        elif result.outcome in {"survived", "uncovered"}:
            entry.survived += 1
            entry.uncovered += result.outcome == "uncovered"
            entry.survivors.append(result)
        else:
            entry.other += 1
            if result.outcome == "import_time":
                entry.imported.append(result)
    return stats


def render(
    stats: dict[str, ModuleStats],
    wall: float,
    jobs: int,
    before: dict[str, ModuleStats] | None = None,
) -> str:
    lines = []
    if before is not None:
        lines += ["## Before the --new-tests (same run, their kills not counted)", ""]
        lines += _table(before)
        lines += ["", "## With every test", ""]
    lines += _table(stats)
    lines.append("")
    lines.append(
        f"Score = (killed + timeout) / (killed + timeout + survived); uncovered mutants count as "
        f"survived. Wall time {wall:.0f} s on {jobs} job(s)."
    )
    dangerous = [(m, r) for m, e in stats.items() for r in e.survivors if r.mutant.dangerous]
    lines += ["", f"## Dangerous survivors ({len(dangerous)})", ""]
    lines += [_survivor_line(r) for _m, r in dangerous] or ["None."]
    imported = [r for e in stats.values() for r in e.imported]
    if imported:
        lines += ["", f"## Import-time constants, not judged ({len(imported)})", ""]
        lines.append(
            "Read only by code that runs at import and not changeable in place (strings, "
            "numbers, frozensets): no test can see them mutated; counted under not run/error."
        )
        lines += [""] + [f"- `{r.mutant.id}` {r.mutant.description}" for r in imported]
    lines += ["", "## All survivors", ""]
    for module, entry in stats.items():
        if entry.survivors:
            lines.append(f"### {module} ({len(entry.survivors)})")
            lines += [_survivor_line(r) for r in entry.survivors]
            lines.append("")
    return "\n".join(lines) + "\n"


def _table(stats: dict[str, ModuleStats]) -> list[str]:
    lines = [
        "| module | mutants | killed | survived | timeout | score % | (uncovered) | "
        "(not run/error) | cpu s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = ModuleStats()
    for module, entry in stats.items():
        lines.append(_row(module, entry))
        for name in ("mutants", "killed", "survived", "timeout", "uncovered", "other", "seconds"):
            setattr(total, name, getattr(total, name) + getattr(entry, name))
    lines.append(_row("**total**", total))
    return lines


def _row(module: str, e: ModuleStats) -> str:
    score = "-" if e.score is None else f"{e.score:.1f}"
    return (
        f"| {module} | {e.mutants} | {e.killed} | {e.survived} | {e.timeout} | {score} | "
        f"{e.uncovered} | {e.other} | {e.seconds:.0f} |"
    )


def _survivor_line(result: Result) -> str:
    m = result.mutant
    flags = " **DANGEROUS**" if m.dangerous else ""
    where = "no test runs this line" if result.outcome == "uncovered" else f"{result.tests} tests"
    return f"- `{m.module}:{m.line}` {m.op}: {m.description} ({where}){flags}"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--survey-worker"]:
        return _survey_worker(Path(args[1]), args[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument(
        "--modules",
        default=os.environ.get("MODULES", ""),
        help="comma-separated verify/ modules (default: the security-critical list); 'all' "
        "for every module",
    )
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", "2")))
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=float(os.environ.get("MAX_SECONDS", "2700")),
        help="stop starting new mutants after this many seconds (the rest are 'not run')",
    )
    parser.add_argument(
        "--new-tests",
        default=os.environ.get("NEW_TESTS", ""),
        help="comma-separated test files run last; the report also gives the table without them",
    )
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=40.0,
        help="leave out tests slower than this in the traced survey (default 40)",
    )
    parser.add_argument(
        "--max-tests",
        type=int,
        default=int(os.environ.get("MAX_TESTS", "0")),
        help="run at most this many (fastest) tests per mutant; 0 = all (default)",
    )
    parser.add_argument(
        "--report",
        default="mutation",
        help="report name: bench/out/<name>.md and .json (default: mutation)",
    )
    parser.add_argument(
        "--every",
        type=int,
        default=1,
        help="run a sample: every n-th mutant of each module (default 1 = all)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated mutant ids (e.g. jws:17,jws:39) to run, e.g. to re-check timeouts",
    )
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    options = parser.parse_args(args)

    if options.modules == "all":
        modules = sorted(p.stem for p in VERIFY.glob("*.py") if p.stem != "__init__")
    elif options.modules == "suites":  # the signature suites subpackage, as suites/<name>
        modules = sorted(f"suites/{p.stem}" for p in (VERIFY / "suites").glob("*.py"))
    elif options.modules:
        modules = [m.strip() for m in options.modules.split(",") if m.strip()]
    else:
        modules = list(DEFAULT_MODULES)
    unknown = [m for m in modules if not (VERIFY / f"{m}.py").is_file()]
    if unknown:
        print(f"mutation: no such module in portfolio_app/verify/: {', '.join(unknown)}")
        return 2

    mutants = [m for module in modules for m in generate_mutants(module)]
    if options.every > 1:  # a deterministic sample: every n-th mutant of each module
        mutants = [m for m in mutants if int(m.id.rsplit(":", 1)[1]) % options.every == 1]
    if options.only:
        wanted = {i.strip() for i in options.only.split(",")}
        mutants = [m for m in mutants if m.id in wanted]
    if options.list:
        for m in mutants:
            flag = "  [dangerous]" if m.dangerous else ""
            print(f"{m.id}\t{m.line}\t{m.op}\t{m.description}{flag}")
        return 0
    print(f"mutation: {len(mutants)} mutants in {len(modules)} modules; surveying tests...")
    began = time.monotonic()
    data = survey(options.jobs)
    print(f"mutation: survey ready ({len(data['lines'])} tests); running mutants...")
    new_tests = tuple(t.strip() for t in options.new_tests.split(",") if t.strip())
    results = run_mutants(
        mutants,
        data,
        options.jobs,
        options.max_seconds,
        not options.quiet,
        new_tests=new_tests,
        slow_seconds=options.slow_seconds,
        max_tests=options.max_tests,
    )
    wall = time.monotonic() - began
    stats = summarise(results)
    before = summarise(results, before=True) if new_tests else None
    report = render(stats, wall, options.jobs, before)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{options.report}.md").write_text("# Mutation run\n\n" + report, encoding="utf-8")
    (OUT / f"{options.report}.json").write_text(
        json.dumps(
            [
                {
                    **asdict(r.mutant),
                    "outcome": r.outcome,
                    "seconds": r.seconds,
                    "new_only": r.new_only,
                }
                for r in results
            ],
            indent=1,
        ),
        encoding="utf-8",
    )
    print(report.split("\n## All survivors")[0])
    print(f"mutation: full report in {(OUT / f'{options.report}.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
