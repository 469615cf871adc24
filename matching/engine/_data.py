"""Plain data in and out of the engine: frozen dataclasses and named tuples, validated on construction.

Lists given where tuples are expected are turned into tuples, so ``CandidateProfile("c1", skills=[...])``
works; everything else that is out of range raises :class:`~matching.engine.errors.InvalidInputError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .errors import EmptyRequestError, InvalidInputError

__all__ = [
    "LEVELS",
    "CandidateProfile",
    "CandidateSkill",
    "Contribution",
    "Match",
    "MatchRequest",
    "MatchedSkill",
    "ParamValue",
    "RankedList",
    "RelatedSkill",
    "RequestSkill",
    "SkillInfo",
]

#: Skill levels, from 1 (basic) to 4 (expert).
LEVELS = (1, 2, 3, 4)

ParamValue = int | float | str | bool | None
Kind = Literal["required", "nice_to_have"]


#: The orders of a ranking: by score alone, or by requirement tier first, then score (see ``Match.tier``).
Order = Literal["score", "tiers"]
ORDERS: tuple[Order, ...] = ("score", "tiers")


def _check_id(value: object, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"{what} must be a non-empty string, got {value!r}")


def _check_level(value: object, where: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise InvalidInputError(f"{where}: level must be an integer from 1 to 4, got {value!r}")


def _as_tuple(obj: object, name: str, value: object) -> None:
    """Turn a list into a tuple in place on a frozen dataclass (callers may pass lists)."""
    if isinstance(value, list):
        object.__setattr__(obj, name, tuple(value))
    elif not isinstance(value, tuple):
        raise InvalidInputError(f"{name} must be a list or tuple, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """One skill of the library.

    Parameters
    ----------
    id : str
        Stable identifier (e.g. an ESCO URI or a database key).
    label_en, label_fr : str
        Display names; the engine does not use them.
    groups : tuple of str
        The skill's path in the taxonomy, from the top group to the deepest one. Skills sharing their
        deepest group (or its parent) are treated as related.
    occupations : tuple of str
        Ids of the occupations that require the skill (e.g. ESCO's essential and optional relations).
        Skills that occupations require together are treated as related, which helps most for skills
        few candidates list yet.

    Examples
    --------
    >>> SkillInfo("postgresql", "PostgreSQL", "PostgreSQL", groups=["ict", "databases"]).groups
    ('ict', 'databases')
    >>> SkillInfo("postgresql", occupations=["database-administrator"]).occupations
    ('database-administrator',)
    """

    id: str
    label_en: str = ""
    label_fr: str = ""
    groups: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_id(self.id, "skill id")
        _as_tuple(self, "groups", self.groups)
        for g in self.groups:
            _check_id(g, f"skill {self.id!r}: group id")
        _as_tuple(self, "occupations", self.occupations)
        for o in self.occupations:
            _check_id(o, f"skill {self.id!r}: occupation id")


@dataclass(frozen=True, slots=True)
class CandidateSkill:
    """A skill a candidate declares.

    Parameters
    ----------
    skill : str
        Skill id from the library.
    level : int or None
        1 (basic) to 4 (expert); None when not declared (counted as ``SkillMatcher.default_level``).
    years : float or None
        Years of experience with the skill; None when not declared.
    current : bool
        Whether the candidate uses the skill now (past skills count less).

    Examples
    --------
    >>> CandidateSkill("python", level=3, years=4.5)
    CandidateSkill(skill='python', level=3, years=4.5, current=True)
    """

    skill: str
    level: int | None = None
    years: float | None = None
    current: bool = True

    def __post_init__(self) -> None:
        _check_id(self.skill, "skill id")
        _check_level(self.level, f"skill {self.skill!r}")
        if self.years is not None:
            if isinstance(self.years, bool) or not isinstance(self.years, int | float):
                raise InvalidInputError(f"skill {self.skill!r}: years must be a number, got {self.years!r}")
            if not math.isfinite(self.years) or self.years < 0:
                raise InvalidInputError(f"skill {self.skill!r}: years must be >= 0, got {self.years!r}")
        if not isinstance(self.current, bool):
            raise InvalidInputError(f"skill {self.skill!r}: current must be true or false")


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    """A candidate as the engine sees it: skills and the pools they are qualified in.

    A candidate with no pool is not prequalified and is never returned.

    Examples
    --------
    >>> c = CandidateProfile("c1", skills=[CandidateSkill("python", 3)], pools=["it-02"])
    >>> c.skills[0].level, c.pools
    (3, ('it-02',))
    """

    id: str
    skills: tuple[CandidateSkill, ...] = ()
    pools: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_id(self.id, "candidate id")
        _as_tuple(self, "skills", self.skills)
        _as_tuple(self, "pools", self.pools)
        for s in self.skills:
            if not isinstance(s, CandidateSkill):
                raise InvalidInputError(f"candidate {self.id!r}: skills must be CandidateSkill objects")
        for p in self.pools:
            _check_id(p, f"candidate {self.id!r}: pool id")


@dataclass(frozen=True, slots=True)
class RequestSkill:
    """A skill a request asks for, with the level needed (None: any level).

    Examples
    --------
    >>> RequestSkill("postgresql", level=3)
    RequestSkill(skill='postgresql', level=3)
    """

    skill: str
    level: int | None = None

    def __post_init__(self) -> None:
        _check_id(self.skill, "skill id")
        _check_level(self.level, f"skill {self.skill!r}")


@dataclass(frozen=True, slots=True)
class MatchRequest:
    """A manager's talent request: required and nice-to-have skills, and the pools to search.

    ``pools=None`` searches every pool; a tuple restricts the search to those pools (hard filter). A
    skill named twice is kept once: as required if it is required anywhere, at the highest level asked.

    Raises
    ------
    EmptyRequestError
        If the request names no skill.

    Examples
    --------
    >>> r = MatchRequest("r1", required=[RequestSkill("postgresql", 2)], pools=["it-02"])
    >>> r.required[0].skill, r.nice_to_have, r.pools
    ('postgresql', (), ('it-02',))
    """

    id: str
    required: tuple[RequestSkill, ...] = ()
    nice_to_have: tuple[RequestSkill, ...] = ()
    pools: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "request id")
        _as_tuple(self, "required", self.required)
        _as_tuple(self, "nice_to_have", self.nice_to_have)
        if self.pools is not None:
            _as_tuple(self, "pools", self.pools)
            if not self.pools:
                raise InvalidInputError(
                    f"request {self.id!r}: pools must be omitted (all pools) or list at least one pool"
                )
            for p in self.pools:
                _check_id(p, f"request {self.id!r}: pool id")
        for s in (*self.required, *self.nice_to_have):
            if not isinstance(s, RequestSkill):
                raise InvalidInputError(f"request {self.id!r}: skills must be RequestSkill objects")
        if not self.required and not self.nice_to_have:
            raise EmptyRequestError(
                f"request {self.id!r} names no skill (required and nice_to_have are empty)"
            )


class MatchedSkill(NamedTuple):
    """A request skill the candidate has.

    ``level`` is the candidate's (None: not declared), ``required_level`` the request's (None: any).
    ``credit`` (0 to 1) is 1 at or above the required level for a current skill with ``years_full``
    years, less otherwise; ``points`` is what it adds to the score (0 when a related skill gave more).
    """

    skill: str
    kind: Kind
    level: int | None
    required_level: int | None
    years: float | None
    current: bool
    credit: float
    points: float


class RelatedSkill(NamedTuple):
    """A candidate skill (``via``) standing in for a request skill (``required``, also for nice-to-have
    ones; ``kind`` says which) that the candidate lacks or holds with less credit.

    ``similarity`` (0 to 1) comes from the taxonomy, from co-occurrence in profiles and from the
    occupations' requirements; ``credit`` is
    ``related_weight * similarity`` times the value of the candidate's skill (``level`` is its level).
    """

    required: str
    via: str
    kind: Kind
    similarity: float
    level: int | None
    credit: float
    points: float


class Contribution(NamedTuple):
    """What one part of the score adds (``points``) and the most it could add (``max_points``); the
    points of the parts add up to the score.

    Parts: ``"required"`` and ``"nice_to_have"`` (the request's skills), ``"profile_fit"`` (how much the
    rest of the profile, the skills outside the request, resembles the profiles of people with the
    requested skills) and ``"peers"`` (how much the most similar shortlisted candidates moved that part,
    up or down: ``points`` may be negative). Always
    ``max_points = matched_points + related_points + shortfall_points + missing_points`` and
    ``points = matched_points + related_points``: for skills, what exact skills gave, what related
    skills gave, what was lost to levels below the required one, past or brief experience, imperfect
    stand-ins and a long profile (focus), and what was lost to skills with no credit at all; for the two
    other parts, ``matched_points = points`` and the rest of ``max_points`` is ``shortfall_points``.
    """

    part: str
    max_points: float
    matched_points: float
    related_points: float
    shortfall_points: float
    missing_points: float
    points: float


class Match(NamedTuple):
    """One ranked candidate with the explanation of its score (0 to 1, higher is better).

    ``coverage`` is the weighted share of the request's skills the candidate covers (1 = every skill at
    the required level, current, with enough experience; rare skills weigh more); ``focus`` is 1 for
    profiles up to the average length and shrinks for much longer ones (listing many skills is not
    evidence of any one); ``profile_fit`` is the cosine between the rest of the candidate's profile and the
    request in the co-occurrence space (0 to 1). ``missing`` lists required skills with no credit at all
    (neither held nor covered by a related skill). ``contributions`` add up to ``score``; the points of
    ``matched`` and ``related`` add up to the ``"required"`` and ``"nice_to_have"`` contributions.

    ``tier`` is 0 when every required skill is held at the required level (an undeclared level counts as
    the engine's ``default_level``), 1 when all are held but some below the level, 2 when some are not
    held; ``required_met``, ``required_below`` and ``required_missing`` count them, and
    ``required_related`` counts the missing ones a related skill stands in for. ``profile_skills`` are up
    to three skills outside the request that bring the rest of the profile closest to it (the why of
    ``profile_fit``), best first.
    """

    candidate: str
    score: float
    rank: int
    matched: tuple[MatchedSkill, ...]
    related: tuple[RelatedSkill, ...]
    missing: tuple[str, ...]
    missing_nice_to_have: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    coverage: float
    focus: float
    profile_fit: float
    tier: int = 0
    required_met: int = 0
    required_below: int = 0
    required_missing: int = 0
    required_related: int = 0
    profile_skills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RankedList:
    """The answer to one request: best candidates first, with the engine version and parameters.

    ``params`` is a copy of the engine's parameters as of ``fit``. Only candidates with a positive
    coverage are listed (sharing no skill or related skill with the
    request, a candidate scores 0), so a list can be shorter than asked.
    """

    request: str
    matches: tuple[Match, ...]
    engine_version: str
    params: dict[str, ParamValue] = field(compare=False)
