"""The review's comparisons: two runs of a request (who is new, gone or moved, named only when revealed), and
two to four candidates of one run side by side (their standing, score and its parts, each requested skill,
their strongest evidence, availability and decision; anonymous unless revealed; no private note). Read-only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from jobs.models import RequestSkill
from matching import services
from matching.models import MatchRun
from matching.review import listing, tiers
from matching.review.listing import anonymous_label, revealed_people
from talent.extensions import db
from talent.models import Skill

# --- Two runs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    label: str
    before: int
    after: int


@dataclass(frozen=True)
class Comparison:
    older: MatchRun
    newer: MatchRun
    new: list[str]
    gone: list[str]
    moved: list[Moved]


def comparison(older: MatchRun, newer: MatchRun) -> Comparison:
    """Who is new, gone or moved between two runs, named only when revealed."""
    diff = services.compare(older, newer)
    decisions = services.decisions_for(newer.request)
    before = {r.user_id: r.rank for r in older.results}
    after = {r.user_id: r.rank for r in newer.results}
    revealed = [uid for uid, d in decisions.items() if services.is_revealed(d)]
    names = (
        {u.id: u.display_name for u in db.session.scalars(revealed_people(newer.request_id))}
        if revealed
        else {}
    )

    def label(uid: int, rank: int) -> str:
        return names.get(uid) or anonymous_label(rank)

    return Comparison(
        older,
        newer,
        new=[label(uid, after[uid]) for uid in sorted(diff.new, key=lambda u: after[u])],
        gone=[label(uid, before[uid]) for uid in sorted(diff.gone, key=lambda u: before[u])],
        moved=[Moved(label(uid, new), old, new) for uid, old, new in sorted(diff.moved, key=lambda m: m[2])],
    )


# --- Candidates side by side -------------------------------------------------------------------------------

COMPARED_MIN, COMPARED_MAX = 2, 4


@dataclass(frozen=True)
class Wanted:
    """A skill of the request: its key, names, kind (required or nice-to-have) and required level."""

    key: str
    name_en: str
    name_fr: str
    kind: str
    level: int | None

    def name(self, lang: str) -> str:
        return (self.name_fr if lang == "fr" else self.name_en) or self.name_en or self.key


@dataclass(frozen=True)
class SkillFit:
    """How one candidate holds one requested skill: ``met`` (at or above the level), ``below``, ``related``
    (not held; ``via`` stood in) or ``missing``."""

    state: str
    level: int | None = None
    via: str | None = None


@dataclass(frozen=True)
class Side:
    row: listing.Row
    breakdown: tiers.Breakdown | None
    evidence: tiers.Evidence | None
    skills: dict[str, SkillFit]


def wanted_skills(request_id: int) -> list[Wanted]:
    """The request's skills, required ones first (one query)."""
    rows = db.session.execute(
        select(Skill.key, Skill.name_en, Skill.name_fr, RequestSkill.kind, RequestSkill.level)
        .join(Skill, Skill.id == RequestSkill.skill_id)
        .where(RequestSkill.request_id == request_id)
        .order_by(RequestSkill.id)
    )
    found = [Wanted(key, en or key, fr or en or key, kind, level) for key, en, fr, kind, level in rows]
    return sorted(found, key=lambda w: w.kind != "required")


def skill_fits(
    explanation: Mapping[str, Any], wanted: Sequence[Wanted], default_level: int = 2
) -> dict[str, SkillFit]:
    """How the candidate holds each of the ``wanted`` skills, from their explanation."""
    matched = {m.get("skill"): m for m in explanation.get("matched") or () if m}
    related = {r.get("required"): r for r in explanation.get("related") or () if r}
    fits: dict[str, SkillFit] = {}
    for skill in wanted:
        m = matched.get(skill.key)
        if m is not None:
            level = m.get("level")
            below = skill.level is not None and (level or default_level) < skill.level
            fits[skill.key] = SkillFit("below" if below else "met", level)
        elif skill.key in related:
            r = related[skill.key]
            fits[skill.key] = SkillFit("related", r.get("level"), r.get("via"))
        else:
            fits[skill.key] = SkillFit("missing")
    return fits


def candidates(run: MatchRun, ranks: Sequence[int]) -> tuple[list[Wanted], list[Side]]:
    """The candidates ranked ``ranks`` in ``run``, in that order, side by side with the request's skills.
    ``LookupError`` when one of the ranks is not in the run."""
    wanted = list(dict.fromkeys(ranks))
    rows = {row.rank: row for row in listing.review_rows(run, named=False) if row.rank in wanted}
    if any(rank not in rows for rank in wanted):
        raise LookupError("a rank not in the run")
    chosen = listing.with_details(rows[rank] for rank in wanted)
    skills = wanted_skills(run.request_id)
    default_level = (run.params or {}).get("default_level") or 2
    sides = [
        Side(
            row,
            tiers.breakdown(row.explanation, row.result.score),
            tiers.top_evidence(row.explanation),
            skill_fits(row.explanation, skills, default_level),
        )
        for row in chosen
    ]
    return skills, sides
