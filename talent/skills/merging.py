"""Merging one skill into another, the part shared by the administrators' merge (``talent.skills.curation``)
and the import's concept map (``talent.skills.services.import_library``): every profile skill and experience
link moves to the skill kept, the merged skill is retired pointing to it, the merge is audited, and the
people concerned are told (their match lists may change). The callers check that the merge makes sense.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from talent import audit
from talent.extensions import db
from talent.models import Experience, ExperienceSkill, Skill, User, UserSkill
from talent.models._types import utcnow
from talent.signals import notify_candidate_changed


@dataclass(frozen=True)
class MergeCounts:
    user_skills_moved: int = 0  # profiles that had only the merged skill
    user_skills_combined: int = 0  # profiles that had both: one row kept
    experience_skills_moved: int = 0
    experience_skills_combined: int = 0
    redirected: int = 0  # skills previously merged into the merged skill, now pointing to the target

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def candidates_with(skill: Skill) -> list[int]:
    """The people with ``skill`` on their profile or on one of their experiences."""
    on_profiles = select(UserSkill.user_id).where(UserSkill.skill_id == skill.id)
    on_experiences = (
        select(Experience.user_id).join(ExperienceSkill).where(ExperienceSkill.skill_id == skill.id)
    )
    return sorted(db.session.scalars(on_profiles.union(on_experiences)))


def best_rank(a: int | None, b: int | None) -> int | None:
    ranks = [r for r in (a, b) if r is not None]
    return min(ranks) if ranks else None


def move_rows(source: Skill, target: Skill, *, apply: bool) -> MergeCounts:
    theirs = db.session.scalars(select(UserSkill).where(UserSkill.skill_id == source.id)).all()
    ours = {
        row.user_id: row
        for row in db.session.scalars(
            select(UserSkill).where(
                UserSkill.skill_id == target.id,
                # Sub-selected: a common skill is on hundreds of thousands of profiles.
                UserSkill.user_id.in_(select(UserSkill.user_id).where(UserSkill.skill_id == source.id)),
            )
        )
    }
    us_moved = us_combined = 0
    for row in theirs:
        kept = ours.get(row.user_id)
        if kept is None:
            us_moved += 1
            if apply:
                row.skill = target
            continue
        us_combined += 1
        if apply:
            kept.level = max(kept.level, row.level)
            kept.current = bool(kept.current or row.current)
            kept.top_rank = best_rank(kept.top_rank, row.top_rank)
            years = [y for y in (kept.years, row.years) if y is not None]
            kept.years = max(years) if years else None
            db.session.delete(row)

    links = db.session.scalars(select(ExperienceSkill).where(ExperienceSkill.skill_id == source.id)).all()
    kept_links = {
        link.experience_id: link
        for link in db.session.scalars(
            select(ExperienceSkill).where(
                ExperienceSkill.skill_id == target.id,
                ExperienceSkill.experience_id.in_(
                    select(ExperienceSkill.experience_id).where(ExperienceSkill.skill_id == source.id)
                ),
            )
        )
    }
    es_moved = es_combined = 0
    for link in links:
        kept_link = kept_links.get(link.experience_id)
        if kept_link is None:
            es_moved += 1
            if apply:
                link.skill = target
            continue
        es_combined += 1
        if apply:
            texts = [t.strip() for t in (kept_link.justification, link.justification) if t and t.strip()]
            kept_link.justification = "\n\n".join(dict.fromkeys(texts))
            db.session.delete(link)

    earlier = db.session.scalars(select(Skill).where(Skill.merged_into_id == source.id)).all()
    if apply:
        for skill in earlier:
            skill.merged_into = target
            skill.updated_at = utcnow()
    return MergeCounts(us_moved, us_combined, es_moved, es_combined, len(earlier))


def merge_into(
    source: Skill,
    target: Skill,
    *,
    reason: str | None = None,
    actor: User | None = None,
    **audit_details: Any,
) -> MergeCounts:
    """Move everything of ``source`` to ``target``, then retire ``source`` with ``merged_into = target``.

    A person who had both keeps one row with the higher level, ``current`` if either was, the better
    top-skill rank and the larger number of years; an experience that showed both keeps one link whose
    justification joins both. Audited as ``skill.merged`` (with ``audit_details``); flushes, never commits.
    """
    affected = candidates_with(source)
    counts = move_rows(source, target, apply=True)
    source.retired_at = source.retired_at or utcnow()
    source.merged_into = target
    source.extra = {**source.extra, "retired_reason": reason or f"merged into {target.key}"}
    source.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "skill.merged",
        actor=actor,
        target_type="skill",
        target_id=source.id,
        key=source.key,
        into=target.key,
        into_id=target.id,
        reason=reason,
        **counts.as_dict(),
        **audit_details,
    )
    for user_id in affected:
        notify_candidate_changed(user_id, "skills")
    return counts
