"""Applying: drafts, the submission rules, the frozen snapshot, and the statuses candidates read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from jobs.models import Application, ApplicationAnswer, ApplicationEvent, Process
from jobs.services import JobsError
from jobs.services.processes import is_open
from jobs.vocab import BILINGUAL_REQUIREMENTS
from talent import audit, notifications
from talent.extensions import db
from talent.models import ExperienceSkill, User
from talent.models._types import utcnow
from talent.notifications import Email, Link
from talent.profiles import completeness
from talent.profiles.privacy import export_sections
from talent.profiles.services import get_profile
from talent.signals import notify_candidate_changed

ANSWER_MAX = 5000


def internal_status(application: Application) -> str:
    """The state an event records: draft, submitted, qualified, disqualified, placed or removed."""
    if application.removed_at is not None:
        return "removed"
    if application.submitted_at is None:
        return "draft"
    if application.placement is not None:
        return "placed"
    if application.decision is not None:
        return application.decision.value
    return "submitted"


def candidate_status(application: Application) -> str:
    """The plain-language status a candidate reads (codes of ``jobs.vocab.CANDIDATE_STATUSES``)."""
    if application.removed_at is not None:
        reason = application.removal_reason.value if application.removal_reason else "other"
        return {"withdrew": "withdrew", "not_responsive": "not_responsive", "ineligible": "ineligible"}.get(
            reason, "removed"
        )
    if application.submitted_at is None:
        return "draft" if is_open(application.process) else "expired"
    if application.decision is not None:
        return "qualified" if application.decision.value == "qualified" else "unsuccessful"
    results = application.results
    if not results:
        return "received"
    screening_ids = {s.id for s in application.process.steps if s.kind == "application_screening"}
    if any(r.step_id not in screening_ids for r in results):
        return "under_assessment"
    from jobs.services.assessment import roll_up

    states = {step.id: state for step, state in roll_up(application).steps}
    if screening_ids and all(states.get(i) not in (None, "pending") for i in screening_ids):
        return "reviewed"
    return "under_review"


def record_event(
    application: Application, actor: User | None, action: str, before: str, **details: Any
) -> ApplicationEvent:
    event = ApplicationEvent(
        actor_id=actor.id if actor else None,
        action=action,
        status_before=before,
        status_after=internal_status(application),
        details={k: v for k, v in details.items() if v is not None},
    )
    application.events.append(event)
    db.session.flush()
    if action not in ("started", "submitted"):
        # Pool membership or availability changed: match lists drawing from this pool may change.
        notify_candidate_changed(application.user_id, f"application.{action}")
    audit.record(
        f"application.{action}",
        actor=actor,
        target_type="application",
        target_id=application.id,
        before=before,
        after=event.status_after,
    )
    return event


def told_state(application: Application) -> str:
    """What the candidate is told of their application's state: ``internal_status``, with the reason of a
    removal (a withdrawal is not a removal for ineligibility)."""
    state = internal_status(application)
    return f"{state}:{candidate_status(application)}" if state == "removed" else state


def notify(application: Application, kind: str, **context: Any) -> None:
    """Tell the candidate that something changed (``kind``: submitted, qualified, disqualified...), on their
    notifications page and by e-mail in their language, with a link to the application. Called after
    ``record_event``. A decision waits out the undo window (``DECISION_EMAIL_DELAY_SECONDS``): changed again
    within it, only the last state is told, once; undone within it, nothing is."""
    user = application.user
    if user.deleted_at is not None:
        return
    process, status = application.process, candidate_status(application)
    notifications.notify(
        user,
        f"application.{kind}",
        about=("application", application.id),
        link=Link("jobs_apply.detail", {"application_id": application.id}),
        params={"title": {"en": process.title("en"), "fr": process.title("fr")}, "status": status},
        email=Email("application_update", {"process": process, "change": kind, "status": status, **context}),
        topic=f"application:{application.id}",
        state=told_state(application),
        prior=application.events[-1].status_before if application.events else None,
        undoable=kind != "submitted",
    )


def find(user: User, process: Process) -> Application | None:
    return db.session.scalars(
        select(Application).where(Application.process_id == process.id, Application.user_id == user.id)
    ).first()


def start(user: User, process: Process) -> Application:
    """The candidate's draft for ``process``: starting twice gives the same draft."""
    existing = find(user, process)
    if existing is not None:
        return existing
    if not is_open(process):
        raise JobsError(_l("This job advertisement is not open to applications."))
    application = Application(process=process, user=user)
    db.session.add(application)
    db.session.flush()
    record_event(application, user, "started", "none")
    return application


def save_answers(application: Application, answers: Mapping[int, str]) -> None:
    if application.submitted_at is not None:
        raise JobsError(_l("This application was already submitted."))
    existing = {a.question_id: a for a in application.answers}
    question_ids = {q.id for q in application.process.questions}
    for question_id, text in answers.items():
        if question_id not in question_ids:
            raise JobsError(_l("Answer the questions of this job advertisement."))
        value = (text or "").strip()
        if len(value) > ANSWER_MAX:
            raise JobsError(_l("Use at most %(n)d characters.", n=ANSWER_MAX), f"answer_{question_id}")
        row = existing.get(question_id)
        if row is None:
            row = ApplicationAnswer(question_id=question_id, answer=value)
            application.answers.append(row)
        row.answer = value
    db.session.flush()


# What can stand between a draft and its submission. The service names the problem; the view decides
# which page fixes it (``jobs.apply.views.PROBLEM_PAGES`` maps every code).
PROBLEM_CODES = frozenset(
    {
        "already_submitted",
        "process_closed",
        "profile_incomplete",  # ``item``: the completeness check that fails
        "skills_missing",  # ``skill_id``: an essential skill no experience demonstrates
        "bilingual_interest_missing",
        "questions_unanswered",
        "signature_missing",
    }
)


@dataclass(frozen=True)
class Problem:
    """One unmet submission rule, in plain words, with a code that says what to fix (and the details the
    page that fixes it needs)."""

    message: LazyString | str
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown submission problem code {self.code!r}")


def submission_problems(application: Application, signature: str | None = None) -> list[Problem]:
    process, user = application.process, application.user
    problems: list[Problem] = []
    if application.submitted_at is not None:
        return [Problem(_l("This application was already submitted."), "already_submitted")]
    if not is_open(process):
        problems.append(Problem(_l("This job advertisement is closed."), "process_closed"))
    profile = get_profile(user)
    for missing in completeness.missing(user, profile):
        problems.append(
            Problem(
                _l("Your profile needs: %(item)s.", item=missing.label),
                "profile_incomplete",
                {"item": missing.code},
            )
        )
    demonstrated = set(
        db.session.scalars(
            select(ExperienceSkill.skill_id)
            .join(ExperienceSkill.experience)
            .where(ExperienceSkill.experience.has(user_id=user.id))
        )
    )
    for ps in process.skills:
        if ps.kind == "essential" and ps.skill.category == "technical" and ps.skill_id not in demonstrated:
            problems.append(
                Problem(
                    _l(
                        "Link the essential skill “%(skill)s” to at least one of your experiences.",
                        skill=ps.skill.name(),
                    ),
                    "skills_missing",
                    {"skill_id": ps.skill_id},
                )
            )
    if process.language_requirement in BILINGUAL_REQUIREMENTS and not profile.looking_for_bilingual:
        problems.append(
            Problem(
                _l(
                    "This position is bilingual: say in your profile that you are interested "
                    "in bilingual positions."
                ),
                "bilingual_interest_missing",
            )
        )
    answered = {a.question_id for a in application.answers if a.answer.strip()}
    for question in process.questions:
        if question.id not in answered:
            problems.append(Problem(_l("Answer every question."), "questions_unanswered"))
            break
    if signature is not None and not signature.strip():
        problems.append(
            Problem(
                _l("Sign your application by typing your full name."),
                "signature_missing",
            )
        )
    return problems


# The parts of the personal-data export an application freezes (``talent.profiles.privacy``).
SNAPSHOT_SECTIONS = ("format", "exported_at", "account", "profile", "skills", "experiences")
# How the person signs in is no part of what they applied with.
SNAPSHOT_ACCOUNT_LEAVES_OUT = ("email_verified_at", "mfa_enabled_at", "recovery_codes_left")


def submit(application: Application, signature: str) -> None:
    problems = submission_problems(application, signature)
    if problems:
        raise JobsError(" ".join(str(p.message) for p in problems), "signature")
    user = application.user
    before = internal_status(application)
    # What the recruitment team assesses: the profile as submitted, and only that (never the equity
    # declaration, the account's activity, other applications, referrals or what was noted about them).
    sections = export_sections(user)
    snapshot: dict[str, Any] = {
        name: list(value) if isinstance(value, Iterator) else value
        for name, value in sections.items()
        if name in SNAPSHOT_SECTIONS
    }
    snapshot["account"] = {
        k: v for k, v in snapshot["account"].items() if k not in SNAPSHOT_ACCOUNT_LEAVES_OUT
    }
    snapshot["answers"] = [
        {
            "question_id": a.question_id,
            "question_en": a.question.text_en,
            "question_fr": a.question.text_fr,
            "answer": a.answer,
        }
        for a in application.answers
    ]
    application.snapshot = snapshot
    application.signature = signature.strip()[:255]
    application.submitted_at = utcnow()
    db.session.flush()
    record_event(application, user, "submitted", before)
    notify(application, "submitted")


def delete_draft(user: User, application: Application) -> None:
    """Delete ``user``'s own draft. The owner is checked here, not only by the page that calls this."""
    if application.user_id != user.id:
        raise JobsError(_l("This is not your application."))
    if application.submitted_at is not None:
        raise JobsError(_l("A submitted application cannot be deleted; you can withdraw it."))
    application_id = application.id
    db.session.delete(application)
    db.session.flush()
    audit.record("application.draft_deleted", actor=user, target_type="application", target_id=application_id)


def owned(user: User, application_id: int) -> Application | None:
    """The user's own application, or None (also for someone else's id)."""
    application = db.session.get(Application, application_id)
    return application if application is not None and application.user_id == user.id else None


def visible_to_staff(user: User, application_id: int) -> Application | None:
    """A submitted application of a process ``user`` runs (admins: any); drafts are never visible."""
    from jobs.services.processes import runs

    application = db.session.get(Application, application_id)
    if application is None or application.submitted_at is None or not runs(user, application.process):
        return None
    return application
