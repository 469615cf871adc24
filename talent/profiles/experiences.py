"""Experiences of five kinds, each linked to the skills it demonstrates with a justification; a work
experience in the public service also names its department and classification."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from talent import audit, clock, vocab
from talent.extensions import db
from talent.forms_util import as_id
from talent.models import Classification, Department, Experience, ExperienceSkill, User, UserSkill
from talent.profiles.services import DETAILS_MAX, JUSTIFICATION_MAX, ProfileError, _code, _text
from talent.signals import notify_candidate_changed

# Which optional fields each kind uses; every other field is cleared when saving.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "work": ("organization", "team", "details"),
    "education": ("organization", "education_type", "education_status", "thesis_title", "details"),
    "community": ("organization", "team", "details"),
    "personal": ("details",),
    "award": ("organization", "award_recipient", "award_scope", "details"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "work": ("organization",),
    "education": ("organization", "education_type", "education_status"),
    "community": ("organization",),
    "personal": ("details",),
    "award": ("organization", "award_recipient", "award_scope"),
}
Reference = TypeVar("Reference", Department, Classification)
VOCABULARIES = {
    "education_type": vocab.EDUCATION_TYPES,
    "education_status": vocab.EDUCATION_STATUSES,
    "award_recipient": vocab.AWARD_RECIPIENTS,
    "award_scope": vocab.AWARD_SCOPES,
}


def experiences_of(user: User) -> list[Experience]:
    """The user's experiences, current and latest first, with the skills each shows (a fixed number of
    queries: pages list every experience's skills)."""
    return list(
        db.session.scalars(
            select(Experience)
            .where(Experience.user_id == user.id)
            .options(
                selectinload(Experience.skills).joinedload(ExperienceSkill.skill),
                joinedload(Experience.department),
                joinedload(Experience.classification),
            )
            .order_by(
                Experience.end_date.is_(None).desc(),
                Experience.end_date.desc(),
                Experience.start_date.desc(),
                Experience.id,
            )
        )
    )


def owned_experience(user: User, experience_id: int) -> Experience | None:
    experience = db.session.get(Experience, experience_id)
    return experience if experience is not None and experience.user_id == user.id else None


def save_experience(
    user: User,
    kind: str,
    data: Mapping[str, Any],
    experience: Experience | None = None,
    today: date | None = None,
) -> Experience:
    """Create (``experience`` None) or update an experience of ``kind`` from form data."""
    if kind not in vocab.EXPERIENCE_KINDS:
        raise ProfileError(_l("Choose a kind of experience."), "kind")
    if experience is not None and experience.kind != kind:
        raise ProfileError(_l("An experience cannot change kind."), "kind")
    today = today or clock.today()
    values: dict[str, Any] = {"title": _text(data.get("title"), "title", 255, required=True)}
    for field in KIND_FIELDS[kind]:
        required = field in REQUIRED[kind]
        if field in VOCABULARIES:
            values[field] = _code(VOCABULARIES[field], data.get(field), field, optional=not required)
        elif field == "details":
            values[field] = _text(data.get(field), field, DETAILS_MAX, required=required)
        else:
            values[field] = _text(data.get(field), field, 255, required=required)
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, date):
        raise ProfileError(_l("Enter a date."), "start_date")
    if kind == "award":
        end = None
        if start > today:
            raise ProfileError(_l("An award date cannot be in the future."), "start_date")
    else:
        if end is not None and not isinstance(end, date):
            raise ProfileError(_l("Enter a date."), "end_date")
        if start > today:
            raise ProfileError(_l("The start date cannot be in the future."), "start_date")
        if end is not None and end < start:
            raise ProfileError(_l("The end date must be on or after the start date."), "end_date")
    values["start_date"], values["end_date"] = start, end
    department, classification = _government_position(kind, data)
    created = experience is None
    if experience is None:
        experience = Experience(user_id=user.id, kind=kind)
        db.session.add(experience)
    for field in (
        "organization",
        "team",
        "details",
        "education_type",
        "education_status",
        "thesis_title",
        "award_recipient",
        "award_scope",
    ):
        setattr(experience, field, values.get(field))
    experience.title = values["title"]
    experience.start_date, experience.end_date = values["start_date"], values["end_date"]
    experience.department, experience.classification = department, classification
    db.session.flush()
    audit.record(
        "experience.created" if created else "experience.updated",
        actor=user,
        target_type="experience",
        target_id=experience.id,
        kind=kind,
    )
    notify_candidate_changed(user.id, "experiences")
    return experience


def _government_position(
    kind: str, data: Mapping[str, Any]
) -> tuple[Department | None, Classification | None]:
    """A work experience's department and classification (both optional; other kinds have neither)."""
    if kind != "work":
        return None, None
    department = _reference(Department, data.get("department_id"), "department_id")
    classification = _reference(Classification, data.get("classification_id"), "classification_id")
    return department, classification


def _reference(model: type[Reference], value: Any, field: str) -> Reference | None:
    if value in (None, ""):
        return None
    record_id = as_id(value)
    record = db.session.get(model, record_id) if record_id is not None else None
    if record is None:
        raise ProfileError(_l("Choose an option from the list."), field)
    return record


def delete_experience(user: User, experience: Experience) -> None:
    experience_id = experience.id
    db.session.delete(experience)
    db.session.flush()
    audit.record("experience.deleted", actor=user, target_type="experience", target_id=experience_id)
    notify_candidate_changed(user.id, "experiences")


def _justification(text: str | None) -> str:
    value = _text(text, "justification", JUSTIFICATION_MAX, required=True)
    return value or ""


def link_skill(
    user: User, experience: Experience, user_skill_id: int | str | None, justification: str | None
) -> ExperienceSkill:
    """Link one of the user's own skills to the experience, with a justification."""
    try:
        row = db.session.get(UserSkill, int(user_skill_id))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        row = None
    if row is None or row.user_id != user.id:
        raise ProfileError(_l("Choose one of the skills on your profile."), "skill")
    if any(link.skill_id == row.skill_id for link in experience.skills):
        raise ProfileError(_l("This skill is already linked to this experience."), "skill")
    link = ExperienceSkill(
        experience=experience, skill_id=row.skill_id, justification=_justification(justification)
    )
    db.session.add(link)
    db.session.flush()
    notify_candidate_changed(user.id, "experiences")
    return link


def update_link(link: ExperienceSkill, justification: str | None) -> None:
    link.justification = _justification(justification)
    db.session.flush()


def owned_link(user: User, experience: Experience, link_id: int) -> ExperienceSkill | None:
    link = db.session.get(ExperienceSkill, link_id)
    if link is None or link.experience_id != experience.id or experience.user_id != user.id:
        return None
    return link


def unlink(link: ExperienceSkill) -> None:
    user_id = link.experience.user_id
    db.session.delete(link)
    db.session.flush()
    notify_candidate_changed(user_id, "experiences")


def skills_demonstrated(user: User) -> dict[int, list[Experience]]:
    """For each skill id, the user's experiences that demonstrate it."""
    result: dict[int, list[Experience]] = {}
    for experience in experiences_of(user):
        for link in experience.skills:
            result.setdefault(link.skill_id, []).append(experience)
    return result
