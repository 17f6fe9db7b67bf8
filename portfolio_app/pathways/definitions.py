"""What a qualification *is*: frozen dataclasses for a definition and its requirement tree.

A definition is data a career centre writes in JSON (schema in
``resources/qualifications/schema.json``); :mod:`portfolio_app.pathways.parse` turns that JSON
into these objects.  Nothing here knows about the learner's credentials: the engine combines
the two.  Named groups (``"ref"``) are resolved while parsing, so the tree held here is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from portfolio_app.errors import PortfolioError


class DefinitionError(PortfolioError):
    """A definition we refuse; ``path`` is the JSON path of the problem (``$.requirements.min``).

    Keeping the path apart from the sentence lets the CLI print ``file: path: message`` and the
    GUI highlight the offending field.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Unit(StrEnum):
    """Canonical credit units; the JSON uses these codes."""

    ECTS = "ects"
    US_CREDIT_HOUR = "us-credit-hour"
    CEU = "ceu"
    HOUR = "hour"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.ECTS: "ECTS",
    Unit.US_CREDIT_HOUR: "US credit hours",
    Unit.CEU: "CEU",
    Unit.HOUR: "hours",
}


class ReusePolicy(StrEnum):
    """Whether one credential may fill more than one requirement.

    ``once`` (the default, and most programmes' rule): a credential counts towards at most one
    requirement of the whole tree, so a course used as "core" cannot also be an "elective".
    ``shared``: a credential counts towards every requirement it matches (double counting, as
    some universities allow), although a credits total still adds each credential only once.
    """

    ONCE = "once"
    SHARED = "shared"


class ExpiryPolicy(StrEnum):
    """Whether component credentials must still be valid (certifications) or not (credits)."""

    MUST_BE_VALID = "must-be-valid"
    IGNORE = "ignore"


class RecencyAnchor(StrEnum):
    """What "earned within N months" is measured from."""

    COMPLETION = "completion"  # every counted credential within N months of the last one
    TODAY = "today"


@dataclass(frozen=True)
class Recency:
    months: int
    anchor: RecencyAnchor = RecencyAnchor.COMPLETION


# -- matchers ----------------------------------------------------------------------------------

MatchKey = tuple[str, ...]


@lru_cache(maxsize=65536)
def norm_text(text: str) -> str:
    """Case- and whitespace-insensitive form used for names, tags and framework codes.

    Cached: a wallet repeats the same issuers, titles and tags thousands of times.
    """
    return " ".join(text.split()).casefold()


def norm_url(url: str) -> str:
    """Loosely normalised IRI: trimmed, no trailing slash (ESCO URIs are written both ways)."""
    return url.strip().rstrip("/")


@dataclass(frozen=True)
class ByAchievementId:
    achievement_id: str

    @property
    def key(self) -> MatchKey:
        return ("id", self.achievement_id.strip())

    def describe(self) -> str:
        return f"achievement {self.achievement_id}"


@dataclass(frozen=True)
class ByIssuerName:
    issuer_id: str
    achievement_name: str

    @property
    def key(self) -> MatchKey:
        return ("name", norm_text(self.issuer_id), norm_text(self.achievement_name))

    def describe(self) -> str:
        return f"“{self.achievement_name}” from {self.issuer_id}"


@dataclass(frozen=True)
class ByRecognisedIssuer:
    """An achievement name from the issuer an issuer registry recognises by ``official_name``.

    Why not a name the credential gives itself: a stranger's own key can sign a badge from
    "Google".  Why not an issuer id in the definition: a catalogue written for many learners
    (Google and IBM badges arrive through Credly under issuer ids the catalogue cannot know)
    would have to ship ids it invented.  The registry — from a trust bundle the profile holds —
    is the authority that ties an issuer id to an official name; :func:`bind_recognised` writes
    the ids it lists into ``issuer_ids`` before a qualification is evaluated.  Unbound (no
    registry lists that name) it matches nothing, and the advice says what would make it count.
    """

    official_name: str
    achievement_name: str
    issuer_ids: tuple[str, ...] = ()

    @property
    def key(self) -> MatchKey:
        return ("recognised", norm_text(self.official_name), norm_text(self.achievement_name))

    @property
    def bound_keys(self) -> tuple[MatchKey, ...]:
        """The issuer + name keys of every issuer id a registry lists under the official name."""
        name = norm_text(self.achievement_name)
        return tuple(("name", norm_text(i), name) for i in self.issuer_ids)

    def describe(self) -> str:
        return f"“{self.achievement_name}” from the issuer recognised as {self.official_name}"


@dataclass(frozen=True)
class ByAlignment:
    """An alignment by IRI (``url``, e.g. an ESCO skill) or by ``framework`` + ``code``."""

    url: str | None = None
    framework: str | None = None
    code: str | None = None

    @property
    def key(self) -> MatchKey:
        if self.url is not None:
            return ("url", norm_url(self.url))
        return ("code", norm_text(self.framework or ""), norm_text(self.code or ""))

    def describe(self) -> str:
        target = self.url if self.url is not None else f"{self.framework} {self.code}"
        return f"a credential aligned to {target}"


@dataclass(frozen=True)
class ByTag:
    tag: str

    @property
    def key(self) -> MatchKey:
        return ("tag", norm_text(self.tag))

    def describe(self) -> str:
        return f"a credential tagged “{self.tag}”"


Matcher = ByAchievementId | ByIssuerName | ByRecognisedIssuer | ByAlignment | ByTag


def own_keys(matcher: Matcher) -> tuple[MatchKey, ...]:
    """The index keys a matcher is satisfied by (a recognised issuer: one per listed id)."""
    if isinstance(matcher, ByRecognisedIssuer) and matcher.issuer_ids:
        return matcher.bound_keys
    return (matcher.key,)


@dataclass(frozen=True)
class Equivalence:
    """A credential matching ``achievement`` counts wherever ``counts_as`` is asked for."""

    achievement: Matcher
    counts_as: Matcher
    note: str = ""


# -- requirement nodes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A leaf: one credential matching ``matcher`` (in a credits pool: every such credential).

    ``credits`` overrides what the credential itself says it is worth (and lets the planner
    know what earning it would add).
    """

    matcher: Matcher
    path: str
    label: str = ""
    credits: float | None = None

    @property
    def title(self) -> str:
        return self.label or self.matcher.describe()


@dataclass(frozen=True)
class AllOf:
    children: tuple[Node, ...]
    path: str
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or "All of"


@dataclass(frozen=True)
class AnyOf:
    """``min`` of the children (N of M)."""

    min: int
    children: tuple[Node, ...]
    path: str
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or f"{self.min} of {len(self.children)}"


@dataclass(frozen=True)
class Credits:
    """At least ``min`` credits of ``unit`` from credentials matching any child."""

    min: float
    unit: Unit
    children: tuple[Match, ...]
    path: str
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or f"{_fmt(self.min)} {self.unit.label}"


Node = AllOf | AnyOf | Credits | Match


@dataclass(frozen=True)
class Qualification:
    id: str
    name: str
    awarding_body: str
    requirements: Node
    level: str = ""
    description: str = ""
    example: bool = False
    # For an example: the public page whose structure it is modelled on (facts, not an award).
    example_source: str = ""
    reuse: ReusePolicy = ReusePolicy.ONCE
    expiry: ExpiryPolicy = ExpiryPolicy.MUST_BE_VALID
    recency: Recency | None = None
    equivalences: tuple[Equivalence, ...] = ()


def _fmt(value: float) -> str:
    """15.0 → "15", 1.5 → "1.5": credit figures read like a prospectus."""
    return f"{value:g}"
