"""Use cases for qualifications, shared by the CLI and the GUI.

They take the two things the ``Portfolio`` facade provides — a definition store and the
learner's holdings — so they need neither Qt nor the database.  Rules kept here, in one
place: a definition is validated *before* it is stored (a malformed one stores nothing), and
the bundled catalogue is merged with the learner's own definitions, the learner's winning when
both use the same id (a career centre's newer version of an example, say).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from portfolio_app.errors import PortfolioError
from portfolio_app.pathways.advice import Advice, advise
from portfolio_app.pathways.catalogue import EXAMPLES, catalogue_sources, load_catalogue
from portfolio_app.pathways.definitions import DefinitionError, Qualification
from portfolio_app.pathways.engine import as_index, progress
from portfolio_app.pathways.holdings import AcceptancePolicy, Holding
from portfolio_app.pathways.parse import parse_text
from portfolio_app.pathways.recognised import (
    IssuerIdsByName,
    asks_for_recognised_issuer,
    bind_recognised,
)
from portfolio_app.pathways.results import Completion, QualificationProgress
from portfolio_app.pathways.shortest import shortest_completion


class QualificationStore(Protocol):
    """Where the learner's own definitions are kept (the profile database, in the app)."""

    def list_texts(self) -> list[str]: ...

    def add_text(self, qualification_id: str, text: str) -> None: ...

    def remove(self, qualification_id: str) -> bool: ...


class UnknownQualification(PortfolioError):
    def __init__(self, qualification_id: str) -> None:
        super().__init__(f"no qualification with id {qualification_id!r}")
        self.qualification_id = qualification_id


@dataclass(frozen=True)
class Entry:
    qualification: Qualification
    source: str  # "catalogue" (bundled examples), "machine" (site folder) or "user"
    replaces_catalogue: bool = False

    def to_json(self) -> dict[str, Any]:
        q = self.qualification
        return {
            "id": q.id,
            "name": q.name,
            "awarding_body": q.awarding_body,
            "level": q.level,
            "example": q.example,
            "source": self.source,
            "replaces_catalogue": self.replaces_catalogue,
        }


@dataclass(frozen=True)
class Report:
    progress: QualificationProgress
    completion: Completion
    entry: Entry
    advice: Advice = field(default_factory=Advice)

    def to_json(self) -> dict[str, Any]:
        data = self.progress.to_json()
        shortest = self.completion.to_json()
        shortest.update(earn=self.advice.to_json()["earn"], verify=self.advice.to_json()["verify"])
        data.update(
            source=self.entry.source,
            example=self.entry.qualification.example,
            example_source=self.entry.qualification.example_source,
            shortest=shortest,
            near_misses=[n.to_json() for n in self.advice.near_misses],
        )
        return data


def add_definition(store: QualificationStore, text: str) -> Qualification:
    """Validate a definition and store it (replacing one with the same id).

    Raises :class:`DefinitionError` — with the JSON path of the problem — before anything is
    written, so a refused file leaves the store exactly as it was.
    """
    qualification = parse_text(text)
    store.add_text(qualification.id, text)
    return qualification


def remove_definition(store: QualificationStore, qualification_id: str) -> bool:
    """Remove one of the learner's definitions (bundled ones cannot be removed)."""
    return store.remove(qualification_id)


def available(
    store: QualificationStore, *, catalogue: Path | None = None
) -> tuple[list[Entry], list[str]]:
    """Examples + the machine's catalogues + the learner's definitions (later wins on id),
    sorted by name; and problems.

    A stored definition that no longer parses (written by a newer version, say) is reported,
    not fatal.
    """
    sources = [(catalogue, EXAMPLES)] if catalogue is not None else catalogue_sources()
    messages: list[str] = []
    entries: dict[str, Entry] = {}
    for folder, source in sources:  # a machine catalogue replaces an example on its id
        bundled, problems = load_catalogue(folder)
        where = "catalogue" if source == EXAMPLES else f"machine catalogue {folder}:"
        messages.extend(f"{where} {p}" for p in problems)
        entries.update((q.id, Entry(q, source)) for q in bundled)
    for number, text in enumerate(store.list_texts(), start=1):
        try:
            q = parse_text(text)
        except DefinitionError as exc:
            messages.append(f"stored definition {number}: {exc}")
            continue
        entries[q.id] = Entry(q, "user", replaces_catalogue=q.id in entries)
    ordered = sorted(
        entries.values(), key=lambda e: (e.qualification.name.casefold(), e.qualification.id)
    )
    return ordered, messages


def find(
    store: QualificationStore, qualification_id: str, *, catalogue: Path | None = None
) -> Entry:
    for entry in available(store, catalogue=catalogue)[0]:
        if entry.qualification.id == qualification_id:
            return entry
    raise UnknownQualification(qualification_id)


def reports(
    store: QualificationStore,
    holdings: Sequence[Holding],
    *,
    today: date,
    acceptable: AcceptancePolicy = AcceptancePolicy.VERIFIED_ONLY,
    qualification_id: str | None = None,
    catalogue: Path | None = None,
    recognised_issuers: Callable[[], IssuerIdsByName] | None = None,
) -> list[Report]:
    """Progress and the shortest way to finish, for one qualification or all of them.

    ``recognised_issuers`` gives the issuer ids the profile's registries list per official
    name; it is asked only when some definition names an issuer by its recognised name (reading
    the registries costs more than most evaluations).  Without it such requirements match
    nothing.
    """
    if qualification_id is not None:
        entries = [find(store, qualification_id, catalogue=catalogue)]
    else:
        entries = available(store, catalogue=catalogue)[0]
    index = as_index(holdings)
    found = []
    ids: IssuerIdsByName | None = None
    for entry in entries:
        q = entry.qualification
        if asks_for_recognised_issuer(q):
            if ids is None:
                ids = recognised_issuers() if recognised_issuers is not None else {}
            q = bind_recognised(q, ids)
        current = progress(q, index, today=today, acceptable=acceptable)
        completion = shortest_completion(
            q, index, today=today, acceptable=acceptable, current=current
        )
        advice = advise(
            q, index, current, today=today, acceptable=acceptable, completion=completion
        )
        found.append(Report(current, completion, entry, advice))
    return found
