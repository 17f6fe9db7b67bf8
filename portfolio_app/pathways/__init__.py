"""Stacked qualifications: definitions, the progress engine, the shortest way to finish.

Pure Python: no Qt, no database.  The usual entry points are re-exported here.
"""

from portfolio_app.pathways.definitions import DefinitionError, Qualification, Unit
from portfolio_app.pathways.engine import progress, progress_all
from portfolio_app.pathways.holdings import AcceptancePolicy, Holding, HoldingIndex, build_index
from portfolio_app.pathways.parse import parse_definition, parse_text
from portfolio_app.pathways.results import Completion, ProgressNode, QualificationProgress
from portfolio_app.pathways.shortest import shortest_completion
from portfolio_app.pathways.skills import Skill, skills_profile

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
