"""Skills on a candidate's profile: level, current or past, top skills."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from talent import audit, vocab
from talent.extensions import db
from talent.models import ExperienceSkill, Skill, User, UserSkill
from talent.profiles.services import TOP_SKILLS_MAX, ProfileError
from talent.signals import notify_candidate_changed


def _choosable(skill_id: int | str) -> Skill:
    from talent.skills.services import SkillError, choosable_skill

    try:
        return choosable_skill(skill_id)
    except SkillError as exc:
        raise ProfileError(exc.message, "skill") from exc


def _level(level: int | str | None) -> int:
    try:
        value = int(level)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = 0
    if value not in vocab.SKILL_LEVELS:
        raise ProfileError(_l("Choose a level: beginner, intermediate, advanced or lead."), "level")
    return value


def skills_of(user: User) -> list[UserSkill]:
    """The user's skills by name, each with its library skill (one query: pages name every row)."""
    return list(
        db.session.scalars(
            select(UserSkill)
            .join(Skill)
            .where(UserSkill.user_id == user.id)
            .options(contains_eager(UserSkill.skill))
            .order_by(Skill.name_en, UserSkill.id)
        )
    )


def owned_user_skill(user: User, user_skill_id: int) -> UserSkill | None:
    """The user's own skill row, or None (also for another person's id)."""
    row = db.session.get(UserSkill, user_skill_id)
    return row if row is not None and row.user_id == user.id else None


def add_skill(user: User, skill_id: int | str, level: int | str | None, current: bool = True) -> UserSkill:
    skill = _choosable(skill_id)
    existing = db.session.scalars(
        select(UserSkill).where(UserSkill.user_id == user.id, UserSkill.skill_id == skill.id)
    ).first()
    if existing is not None:
        raise ProfileError(_l("This skill is already on your profile."), "skill")
    row = UserSkill(user_id=user.id, skill_id=skill.id, level=_level(level), current=current)
    db.session.add(row)
    db.session.flush()
    audit.record("profile.skill_added", actor=user, target_type="profile", target_id=user.id, skill=skill.key)
    notify_candidate_changed(user.id, "skills")
    return row


def update_skill(user: User, row: UserSkill, level: int | str | None, current: bool) -> None:
    row.level = _level(level)
    row.current = current
    db.session.flush()
    notify_candidate_changed(user.id, "skills")


def remove_skill(user: User, row: UserSkill) -> int:
    """Remove a skill and its links to experiences; return how many links went with it."""
    links = list(
        db.session.scalars(
            select(ExperienceSkill)
            .join(ExperienceSkill.experience)
            .where(ExperienceSkill.skill_id == row.skill_id, ExperienceSkill.experience.has(user_id=user.id))
        )
    )
    for link in links:
        db.session.delete(link)
    skill_key = row.skill.key
    db.session.delete(row)
    db.session.flush()
    audit.record(
        "profile.skill_removed", actor=user, target_type="profile", target_id=user.id, skill=skill_key
    )
    notify_candidate_changed(user.id, "skills")
    return len(links)


def set_top_skills(user: User, user_skill_ids: Sequence[int]) -> None:
    """Mark up to five of the user's skills as their top skills, in the given order."""
    ids = list(dict.fromkeys(user_skill_ids))
    if len(ids) > TOP_SKILLS_MAX:
        raise ProfileError(_l("Choose at most %(n)d top skills.", n=TOP_SKILLS_MAX), "top")
    rows = {row.id: row for row in skills_of(user)}
    if any(i not in rows for i in ids):
        raise ProfileError(_l("Choose skills from your profile."), "top")
    for row in rows.values():
        row.top_rank = None
    for rank, row_id in enumerate(ids, start=1):
        rows[row_id].top_rank = rank
    db.session.flush()
