"""Processes (job advertisements): editing, the derived status, and publication rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from jobs import vocab
from jobs.models import AssessmentStep, Process, ProcessQuestion, ProcessSkill
from jobs.services import JobsError
from talent import audit, clock
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.models import Classification, User
from talent.models._types import utcnow

BILINGUAL_FIELDS = ("title", "key_tasks", "impact", "about_us", "what_to_expect", "special_note", "location")
REQUIRED_BILINGUAL = ("title", "key_tasks", "impact", "about_us")
TEXT_LIMITS = {"title": 255, "location": 255}
LONG_TEXT = 8000


def status(process: Process, now: datetime | None = None) -> str:
    """Derived, never stored: draft (not published), published, closed (closing time passed, to the
    second), archived."""
    now = now or utcnow()
    if process.archived_at is not None:
        return "archived"
    if process.published_at is None:
        return "draft"
    if process.closing_at is not None and process.closing_at <= now:
        return "closed"
    return "published"


# The actions on a process and the statuses each is allowed in: the services refuse the others, and the
# pages offer an action only where it is allowed (the one table both read).
ACTIONS: dict[str, tuple[str, ...]] = {
    "publish": ("draft",),
    "delete": ("draft",),
    "close": ("published",),
    "extend": ("published", "closed"),
    "archive": ("closed",),
    "unarchive": ("archived",),
}


def allowed(process: Process, action: str, now: datetime | None = None) -> bool:
    return status(process, now) in ACTIONS[action]


def is_open(process: Process, now: datetime | None = None) -> bool:
    return status(process, now) == "published"


def published_filter(now: datetime | None = None) -> Any:
    """SQL condition for processes open to applications now."""
    now = now or utcnow()
    return (Process.published_at.is_not(None)) & (Process.archived_at.is_(None)) & (Process.closing_at > now)


def runs(user: User, process: Process) -> bool:
    """Whether ``user`` runs ``process`` (its recruiters; admins run everything)."""
    return user.is_admin or (user.is_recruiter and any(r.id == user.id for r in process.recruiters))


def processes_run_by(user: User) -> Select[Process]:
    stmt = select(Process).order_by(Process.created_at.desc(), Process.id.desc())
    if not user.is_admin:
        stmt = stmt.where(Process.recruiters.any(id=user.id))
    return stmt


def _clean(value: Any, field: str, limit: int) -> str | None:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        return None
    if len(text) > limit:
        raise JobsError(_l("Use at most %(n)d characters.", n=limit), field)
    return text


def _choice(vocabulary: Mapping[str, Any], value: Any, field: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in vocabulary:
        raise JobsError(_l("Choose an option from the list."), field)
    return str(value)


def create(user: User) -> Process:
    process = Process(created_by_id=user.id)
    process.recruiters.append(user)
    db.session.add(process)
    db.session.flush()
    audit.record("process.created", actor=user, target_type="process", target_id=process.id)
    return process


def editable(process: Process) -> None:
    """Refuse any change to an archived process."""
    if status(process) == "archived":
        raise JobsError(_l("An archived process cannot be changed. Unarchive it first."))


def update_details(user: User, process: Process, data: Mapping[str, Any]) -> None:
    """Save the advertisement's texts and conditions. Incomplete is fine for a draft; publication checks."""
    editable(process)
    for field in BILINGUAL_FIELDS:
        for lang in ("en", "fr"):
            name = f"{field}_{lang}"
            setattr(process, name, _clean(data.get(name), name, TEXT_LIMITS.get(field, LONG_TEXT)))
    classification = data.get("classification_id")
    if classification in (None, ""):
        process.classification_id = None
    else:
        try:
            found = db.session.get(Classification, int(classification))
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise JobsError(_l("Choose an option from the list."), "classification_id")
        process.classification_id = found.id
    process.stream = _choice(vocab.STREAMS, data.get("stream"), "stream")
    process.language_requirement = _choice(
        vocab.LANGUAGE_REQUIREMENTS, data.get("language_requirement"), "language_requirement"
    )
    process.security_clearance = _choice(
        vocab.SECURITY_CLEARANCES, data.get("security_clearance"), "security_clearance"
    )
    process.opportunity_length = _choice(
        vocab.OPPORTUNITY_LENGTHS, data.get("opportunity_length"), "opportunity_length"
    )
    process.is_remote = bool(data.get("is_remote"))
    requirements = list(data.get("operational_requirements") or [])
    if any(code not in talent_vocab.OPERATIONAL_REQUIREMENTS for code in requirements):
        raise JobsError(_l("Choose options from the list."), "operational_requirements")
    process.operational_requirements = [c for c in talent_vocab.OPERATIONAL_REQUIREMENTS if c in requirements]
    process.contact_email = _clean(data.get("contact_email"), "contact_email", 254)
    closing = data.get("closing_at")
    if closing is not None and not isinstance(closing, datetime):
        raise JobsError(_l("Enter a date."), "closing_at")
    if status(process) == "draft":
        process.closing_at = closing
    elif closing is not None and closing != process.closing_at:
        raise JobsError(
            _l("Use “extend the closing date” to change the closing date of a published process."),
            "closing_at",
        )
    db.session.flush()
    audit.record("process.updated", actor=user, target_type="process", target_id=process.id)


def set_skill(user: User, process: Process, skill_key: str | int, kind: str, level: Any) -> ProcessSkill:
    from talent.skills.services import SkillError, choosable_skill

    editable(process)
    if status(process) != "draft":
        raise JobsError(_l("Skills can only be changed while the process is a draft."), "skill")
    try:
        skill = choosable_skill(skill_key)
    except SkillError as exc:
        raise JobsError(exc.message, "skill") from exc
    if kind not in vocab.SKILL_KINDS:
        raise JobsError(_l("Choose essential or asset."), "kind")
    try:
        level_value = int(level)
    except (TypeError, ValueError):
        level_value = 0
    if level_value not in talent_vocab.SKILL_LEVELS:
        raise JobsError(_l("Choose a level: beginner, intermediate, advanced or lead."), "level")
    existing = next((ps for ps in process.skills if ps.skill_id == skill.id), None)
    if existing is None:
        existing = ProcessSkill(skill_id=skill.id, kind=kind, level=level_value)
        process.skills.append(existing)
    existing.kind, existing.level = kind, level_value
    db.session.flush()
    return existing


def remove_skill(process: Process, process_skill: ProcessSkill) -> None:
    if status(process) != "draft":
        raise JobsError(_l("Skills can only be changed while the process is a draft."), "skill")
    for step in process.steps:
        step.skill_ids = [i for i in step.skill_ids if i != process_skill.id]
    process.skills.remove(process_skill)
    db.session.flush()


def add_question(process: Process, kind: str, text_en: str, text_fr: str) -> ProcessQuestion:
    editable(process)
    if status(process) != "draft":
        raise JobsError(_l("Questions can only be changed while the process is a draft."), "text_en")
    if kind not in vocab.QUESTION_KINDS:
        raise JobsError(_l("Choose an option from the list."), "kind")
    en = _clean(text_en, "text_en", 2000)
    fr = _clean(text_fr, "text_fr", 2000)
    if not en or not fr:
        raise JobsError(
            _l("Write the question in English and in French."), "text_en" if not en else "text_fr"
        )
    position = 1 + max((q.position for q in process.questions if q.kind == kind), default=0)
    question = ProcessQuestion(kind=kind, position=position, text_en=en, text_fr=fr)
    process.questions.append(question)
    db.session.flush()
    return question


def move_question(process: Process, question: ProcessQuestion, offset: int) -> None:
    if status(process) != "draft":
        raise JobsError(_l("Questions can only be changed while the process is a draft."))
    same = sorted((q for q in process.questions if q.kind == question.kind), key=lambda q: q.position)
    index = same.index(question)
    target = index + offset
    if 0 <= target < len(same):
        same[index], same[target] = same[target], same[index]
        for position, item in enumerate(same, start=1):
            item.position = position
        db.session.flush()


def remove_question(process: Process, question: ProcessQuestion) -> None:
    if status(process) != "draft":
        raise JobsError(_l("Questions can only be changed while the process is a draft."))
    process.questions.remove(question)
    db.session.flush()


@dataclass(frozen=True)
class PublishProblem:
    """Why a process cannot be published, and where to fix it: a page of the process (``details``,
    ``skills``, ``assessment``) and the field on it (the element's id)."""

    message: str
    page: str
    field: str | None = None
    step_id: int | None = None  # for page "step"

    def __str__(self) -> str:
        return self.message


def publication_problems(process: Process, now: datetime | None = None) -> list[PublishProblem]:
    """Why ``process`` cannot be published (empty when it can), each with the field to fix."""
    problems: list[PublishProblem] = []

    def add(message: Any, page: str, field: str | None = None, step_id: int | None = None) -> None:
        problems.append(PublishProblem(str(message), page, field, step_id))

    for field in BILINGUAL_FIELDS:
        en, fr = getattr(process, f"{field}_en"), getattr(process, f"{field}_fr")
        if bool(en) != bool(fr):
            missing = f"{field}_fr" if en else f"{field}_en"
            add(
                _l("Give “%(field)s” in both English and French, or in neither.", field=FIELD_LABELS[field]),
                "details",
                missing,
            )
        elif field in REQUIRED_BILINGUAL and not en:
            message = _l("Give “%(field)s” in English and French.", field=FIELD_LABELS[field])
            add(message, "details", f"{field}_en")
    for attribute, label in (
        ("classification_id", _l("a classification")),
        ("stream", _l("a work stream")),
        ("language_requirement", _l("a language requirement")),
        ("security_clearance", _l("a security clearance")),
        ("opportunity_length", _l("an opportunity length")),
        ("contact_email", _l("a contact e-mail address")),
    ):
        if not getattr(process, attribute):
            add(_l("Choose %(what)s.", what=label), "details", attribute)
    if not process.is_remote and not process.location_en:
        add(_l("Give a location, or say the work is remote."), "details", "work_location")
    if not any(ps.kind == "essential" for ps in process.skills):
        add(_l("Add at least one essential skill."), "skills", "h-search")
    if any(ps.level is None for ps in process.skills):
        add(_l("Give every skill a required level."), "skills", "h-chosen")
    if any(ps.skill.retired_at is not None for ps in process.skills):
        add(_l("Replace the retired skills."), "skills", "h-chosen")
    for step in process.steps:
        if not step.skill_ids:  # assessing nothing, it could never be passed: the roll-up would wait forever
            add(
                _l("The assessment step “%(step)s” assesses no skill.", step=step.title_en or step.kind),
                "step",
                "skill_ids",
                step.id,
            )
    if process.closing_at is None or clock.local_date(process.closing_at) <= clock.today(now):
        add(_l("Set a closing date after today."), "details", "closing_date")
    return problems


FIELD_LABELS = {
    "title": _l("Job title"),
    "key_tasks": _l("Key tasks"),
    "impact": _l("Your impact"),
    "about_us": _l("About us"),
    "what_to_expect": _l("What to expect after you apply"),
    "special_note": _l("Special note"),
    "location": _l("Location"),
}


def publish(user: User, process: Process) -> None:
    if not allowed(process, "publish"):
        raise JobsError(_l("Only a draft can be published."))
    problems = publication_problems(process)
    if problems:
        raise JobsError(" ".join(str(p) for p in problems))
    process.published_at = utcnow()
    db.session.flush()
    audit.record("process.published", actor=user, target_type="process", target_id=process.id)


def close_early(user: User, process: Process, reason: str | None) -> None:
    if not allowed(process, "close"):
        raise JobsError(_l("Only a published, open process can be closed."))
    text = _clean(reason, "reason", 2000)
    if not text:
        raise JobsError(_l("Give the reason for closing early."), "reason")
    process.closing_at = utcnow()
    process.closed_early_reason = text
    db.session.flush()
    audit.record("process.closed_early", actor=user, target_type="process", target_id=process.id)


def extend(user: User, process: Process, closing_at: datetime | None) -> None:
    if not allowed(process, "extend"):
        raise JobsError(_l("Only a published or closed process can get a new closing date."))
    if closing_at is None or closing_at <= utcnow():
        raise JobsError(_l("The new closing date must be in the future."), "closing_at")
    process.closing_at = closing_at
    process.closed_early_reason = None
    db.session.flush()
    audit.record(
        "process.extended",
        actor=user,
        target_type="process",
        target_id=process.id,
        closing_at=closing_at.isoformat(),
    )


def archive(user: User, process: Process) -> None:
    if not allowed(process, "archive"):
        raise JobsError(_l("Only a closed process can be archived."))
    process.archived_at = utcnow()
    db.session.flush()
    audit.record("process.archived", actor=user, target_type="process", target_id=process.id)


def unarchive(user: User, process: Process) -> None:
    if not allowed(process, "unarchive"):
        raise JobsError(_l("Only an archived process can be unarchived."))
    process.archived_at = None
    db.session.flush()
    audit.record("process.unarchived", actor=user, target_type="process", target_id=process.id)


def duplicate(user: User, process: Process) -> Process:
    """A new draft with the same texts, skills, questions and assessment plan (no dates, no applicants)."""
    copy = create(user)
    for field in BILINGUAL_FIELDS:
        for lang in ("en", "fr"):
            setattr(copy, f"{field}_{lang}", getattr(process, f"{field}_{lang}"))
    # The copy says so in both languages, so that two processes in a list are never mistaken for each other.
    for lang, prefix in (("en", "Copy of "), ("fr", "Copie de ")):
        title = getattr(process, f"title_{lang}")
        if title:
            setattr(copy, f"title_{lang}", (prefix + title)[: TEXT_LIMITS["title"]])
    for attribute in (
        "classification_id",
        "stream",
        "language_requirement",
        "security_clearance",
        "opportunity_length",
        "is_remote",
        "contact_email",
    ):
        setattr(copy, attribute, getattr(process, attribute))
    copy.operational_requirements = list(process.operational_requirements)
    mapping: dict[int, ProcessSkill] = {}
    for ps in process.skills:
        new = ProcessSkill(skill_id=ps.skill_id, kind=ps.kind, level=ps.level)
        copy.skills.append(new)
        mapping[ps.id] = new
    for q in process.questions:
        copy.questions.append(
            ProcessQuestion(kind=q.kind, position=q.position, text_en=q.text_en, text_fr=q.text_fr)
        )
    db.session.flush()
    for step in process.steps:
        copy.steps.append(
            AssessmentStep(
                kind=step.kind,
                position=step.position,
                title_en=step.title_en,
                title_fr=step.title_fr,
                skill_ids=[mapping[i].id for i in step.skill_ids if i in mapping],
            )
        )
    db.session.flush()
    audit.record(
        "process.duplicated", actor=user, target_type="process", target_id=copy.id, source=process.id
    )
    return copy


def delete(user: User, process: Process) -> None:
    if not allowed(process, "delete"):
        raise JobsError(_l("Only a draft can be deleted."))
    from jobs.models import Application

    if db.session.scalar(select(Application.id).where(Application.process_id == process.id).limit(1)):
        raise JobsError(_l("This process has applications and cannot be deleted."))
    process_id = process.id
    db.session.delete(process)
    db.session.flush()
    audit.record("process.deleted", actor=user, target_type="process", target_id=process_id)


def add_recruiter(user: User, process: Process, recruiter: User) -> None:
    if not recruiter.is_recruiter:
        raise JobsError(_l("Only recruiters and administrators can run a process."), "recruiter")
    if recruiter not in process.recruiters:
        process.recruiters.append(recruiter)
        db.session.flush()
        audit.record(
            "process.recruiter_added",
            actor=user,
            target_type="process",
            target_id=process.id,
            recruiter=recruiter.id,
        )
