"""Exceptions raised by the matching engine.

Every error a caller can provoke with bad data is a subclass of :class:`InvalidInputError`, itself a
:class:`ValueError`, so ``except ValueError`` is enough for a quick caller and the specific classes let a
careful one tell the user exactly what is wrong. :class:`EngineError` is the base of them all (named
apart from ``matching.services.MatchingError``, the services' refusals, which the engine knows nothing of).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "EmptyCandidateError",
    "EmptyRequestError",
    "EngineError",
    "InvalidInputError",
    "UnknownSkillError",
]


class EngineError(Exception):
    """Base class of every error raised on purpose by the matching engine."""


class InvalidInputError(EngineError, ValueError):
    """Input data is malformed: a wrong type, a value out of range, a duplicate id, ...

    Examples
    --------
    >>> from matching.engine import CandidateSkill
    >>> CandidateSkill("python", level=7)
    Traceback (most recent call last):
    ...
    matching.engine.errors.InvalidInputError: skill 'python': level must be an integer from 1 to 4, got 7
    """


class UnknownSkillError(InvalidInputError):
    """A skill id is not in the skills library the engine was fitted on.

    Parameters
    ----------
    skills : iterable of str
        The unknown ids (all of them, so the caller can fix everything at once).
    where : str
        Who referred to them, e.g. ``"request 'r1'"``.
    """

    def __init__(self, skills: Iterable[str], where: str) -> None:
        self.skills: tuple[str, ...] = tuple(dict.fromkeys(skills))
        self.where = where
        shown = ", ".join(repr(s) for s in self.skills[:10])
        more = f" and {len(self.skills) - 10} more" if len(self.skills) > 10 else ""
        super().__init__(f"{where}: unknown skill id(s) {shown}{more} (not in the skills library)")


class EmptyRequestError(InvalidInputError):
    """A request names no skill at all (neither required nor nice-to-have)."""


class EmptyCandidateError(InvalidInputError):
    """A candidate lists no skill and the engine was told to reject such candidates.

    With ``empty_candidates="skip"`` (the default) such candidates are left out of the index instead and
    counted in ``SkillMatcher.skipped_candidates_``: they could never match any request anyway.
    """
