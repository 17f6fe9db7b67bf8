"""Stacked qualifications: definitions, the progress engine, the shortest way to finish.

Pure Python: no Qt, no database.  The usual entry points are re-exported here, loaded on
first use (PEP 562): ``portfolio skills`` needs three of these modules, and importing the
package for one of them should not build every dataclass of the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portfolio_app.pathways.definitions import DefinitionError, Qualification, Unit
    from portfolio_app.pathways.engine import progress, progress_all
    from portfolio_app.pathways.holdings import (
        AcceptancePolicy,
        Holding,
        HoldingIndex,
        build_index,
    )
    from portfolio_app.pathways.parse import parse_definition, parse_text
    from portfolio_app.pathways.results import Completion, ProgressNode, QualificationProgress
    from portfolio_app.pathways.shortest import shortest_completion
    from portfolio_app.pathways.skills import Skill, skills_profile

_WHERE = {
    "DefinitionError": "definitions",
    "Qualification": "definitions",
    "Unit": "definitions",
    "progress": "engine",
    "progress_all": "engine",
    "AcceptancePolicy": "holdings",
    "Holding": "holdings",
    "HoldingIndex": "holdings",
    "build_index": "holdings",
    "parse_definition": "parse",
    "parse_text": "parse",
    "Completion": "results",
    "ProgressNode": "results",
    "QualificationProgress": "results",
    "shortest_completion": "shortest",
    "Skill": "skills",
    "skills_profile": "skills",
}

__all__ = [
    "AcceptancePolicy",
    "Completion",
    "DefinitionError",
    "Holding",
    "HoldingIndex",
    "ProgressNode",
    "Qualification",
    "QualificationProgress",
    "Skill",
    "Unit",
    "build_index",
    "parse_definition",
    "parse_text",
    "progress",
    "progress_all",
    "shortest_completion",
    "skills_profile",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later reads are plain module attributes
    return value
