"""The bundled catalogue of qualification definitions (``resources/qualifications/catalogue``).

A lab install adds catalogues in the machine's site folder (``site/qualifications/``, or
folders the machine config lists) and may hide the bundled examples
(``show_example_catalogue = false``): :func:`catalogue_sources`.  Every catalogue is read and
checked at run time rather than trusted: one broken file is reported with its name and the
JSON path of the problem instead of taking the whole catalogue down.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.paths import resource_path
from portfolio_app.pathways.definitions import DefinitionError, Qualification
from portfolio_app.pathways.parse import parse_text


@dataclass(frozen=True)
class CatalogueProblem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


def catalogue_dir() -> Path:
    return resource_path("qualifications", "catalogue")


#: ``Entry.source`` of definitions from the bundled examples and from the machine.
EXAMPLES, MACHINE = "catalogue", "machine"


def catalogue_sources() -> list[tuple[Path, str]]:
    """The catalogue folders in force on this machine, lowest precedence first."""
    from portfolio_app.config import setting  # noqa: PLC0415
    from portfolio_app.config.site import site_folders  # noqa: PLC0415

    found = [(catalogue_dir(), EXAMPLES)] if setting("show_example_catalogue") else []
    return found + [(folder, MACHINE) for folder in site_folders().catalogues]


def load_catalogue(
    directory: Path | None = None,
) -> tuple[list[Qualification], list[CatalogueProblem]]:
    """Every valid definition in the folder (sorted by file name) and the problems found."""
    folder = directory or catalogue_dir()
    found: list[Qualification] = []
    problems: list[CatalogueProblem] = []
    seen: set[str] = set()
    if not folder.is_dir():
        return found, problems
    for file in sorted(folder.glob("*.json")):
        try:
            qualification = parse_text(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(CatalogueProblem(file.name, "$", f"cannot be read ({exc})"))
            continue
        except DefinitionError as exc:
            problems.append(CatalogueProblem(file.name, exc.path, exc.message))
            continue
        if qualification.id in seen:
            problems.append(CatalogueProblem(file.name, "$.id", f"duplicate id {qualification.id}"))
            continue
        seen.add(qualification.id)
        found.append(qualification)
    return found, problems
