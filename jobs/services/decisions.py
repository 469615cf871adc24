"""Decisions on applications: the only way their state changes. Each action checks what it may act on,
records an event (who, when, before, after), is audited, and tells the candidate in their language."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from jobs.models import Application, Decision, Placement, RemovalReason
from jobs.services import JobsError
from jobs.services.applications import internal_status, notify, record_event
from talent import clock
from talent.extensions import db
from talent.models import Department, User
from talent.models._types import utcnow

REASON_MAX = 2000


def _text(value: str | None, field: str, *, required: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise JobsError(_l("Give the reason."), field)
        return None
    if len(text) > REASON_MAX:
        raise JobsError(_l("Use at most %(n)d characters.", n=REASON_MAX), field)
    return text


def _require_open_candidacy(application: Application) -> None:
    if application.submitted_at is None:
        raise JobsError(_l("A draft cannot receive a decision."))
    if application.removed_at is not None:
        raise JobsError(_l("This candidate was removed from the process. Reinstate them first."))


def qualify(
    actor: User, application: Application, expiry_date: date | None, today: date | None = None
) -> None:
    _require_open_candidacy(application)
    if application.decision is not None:
        raise JobsError(_l("A decision was already made. Revert it first."))
    today = today or clock.today()  # the calendar availability counts expiries in
    if expiry_date is not None and expiry_date < today:
        raise JobsError(_l("The expiry date cannot be in the past."), "expiry_date")
    before = internal_status(application)
    application.decision, application.decided_at = Decision.QUALIFIED, utcnow()
    application.expiry_date = expiry_date
    application.disqualification_reason = None
    record_event(
        application, actor, "qualified", before, expiry_date=expiry_date.isoformat() if expiry_date else None
    )
    notify(application, "qualified")


def disqualify(actor: User, application: Application, reason: str | None) -> None:
    _require_open_candidacy(application)
    if application.decision is not None:
        raise JobsError(_l("A decision was already made. Revert it first."))
    before = internal_status(application)
    application.disqualification_reason = _text(reason, "reason", required=True)
    application.decision, application.decided_at = Decision.DISQUALIFIED, utcnow()
    record_event(application, actor, "disqualified", before)
    notify(application, "disqualified")


def revert_decision(actor: User, application: Application) -> None:
    _require_open_candidacy(application)
    if application.decision is None:
        raise JobsError(_l("There is no decision to revert."))
    if application.placement is not None:
        raise JobsError(_l("Revert the placement first."))
    before = internal_status(application)
    application.decision = application.decided_at = application.expiry_date = None
    application.disqualification_reason = None
    record_event(application, actor, "decision_reverted", before)
    notify(application, "decision_reverted")


def place(actor: User, application: Application, placement: str, department_id: int | None) -> None:
    _require_open_candidacy(application)
    if application.decision != Decision.QUALIFIED:
        raise JobsError(_l("Only a qualified candidate can be placed."))
    if application.placement is not None:
        raise JobsError(_l("This candidate is already placed. Revert the placement first."))
    try:
        kind = Placement(placement)
    except ValueError:
        raise JobsError(_l("Choose an option from the list."), "placement") from None
    department = db.session.get(Department, department_id) if department_id else None
    if department is None:
        raise JobsError(_l("Choose the department."), "department_id")
    before = internal_status(application)
    application.placement, application.placed_at = kind, utcnow()
    application.placed_department_id = department.id
    record_event(application, actor, "placed", before, placement=kind.value, department=department.id)
    notify(application, "placed")


def revert_placement(actor: User, application: Application) -> None:
    if application.placement is None:
        raise JobsError(_l("This candidate is not placed."))
    before = internal_status(application)
    application.placement = application.placed_at = application.placed_department_id = None
    record_event(application, actor, "placement_reverted", before)
    notify(application, "placement_reverted")


def remove(actor: User, application: Application, reason: str, details: str | None = None) -> None:
    """Remove from the process (not allowed on drafts, removed or placed candidacies)."""
    if application.submitted_at is None:
        raise JobsError(_l("A draft cannot be removed; the candidate can delete it."))
    if application.removed_at is not None:
        raise JobsError(_l("This candidate was already removed."))
    if application.placement is not None:
        raise JobsError(_l("A placed candidate cannot be removed. Revert the placement first."))
    try:
        code = RemovalReason(reason)
    except ValueError:
        raise JobsError(_l("Choose an option from the list."), "reason") from None
    text = _text(details, "details", required=code == RemovalReason.OTHER)
    before = internal_status(application)
    application.removed_at, application.removal_reason, application.removal_details = utcnow(), code, text
    record_event(application, actor, "removed", before, reason=code.value)
    notify(application, "removed")


def withdraw(candidate: User, application: Application) -> None:
    """The candidate withdraws their own submitted application."""
    if application.user_id != candidate.id:
        raise JobsError(_l("This is not your application."))
    if application.placement is not None:
        raise JobsError(_l("You were placed from this process: contact the recruitment team."))
    remove(candidate, application, RemovalReason.WITHDREW.value)


def reinstate(actor: User, application: Application) -> None:
    if application.removed_at is None:
        raise JobsError(_l("Only a removed candidate can be reinstated."))
    before = internal_status(application)
    application.removed_at = application.removal_reason = application.removal_details = None
    record_event(application, actor, "reinstated", before)
    notify(application, "reinstated")


def set_suspended(candidate: User, application: Application, suspended: bool) -> None:
    """The candidate says they are not interested for now (or are again): from now on, they are not
    available to managers' requests until they resume."""
    if application.user_id != candidate.id:
        raise JobsError(_l("This is not your application."))
    if application.decision != Decision.QUALIFIED or application.removed_at is not None:
        raise JobsError(_l("Only a qualified candidacy can be suspended."))
    if (application.suspended_at is not None) == suspended:
        return  # already so: a second "suspend" keeps the time of the first, and records nothing
    before = internal_status(application)
    application.suspended_at = utcnow() if suspended else None
    record_event(application, candidate, "suspended" if suspended else "resumed", before)


def set_paused(actor: User, application: Application, paused: bool, reason: str | None = None) -> None:
    """The recruitment team pauses a pool member (not referred for now), or lifts the pause."""
    if application.decision != Decision.QUALIFIED or application.removed_at is not None:
        raise JobsError(_l("Only a qualified candidacy can be paused."))
    before = internal_status(application)
    application.paused_at = utcnow() if paused else None
    record_event(
        application,
        actor,
        "paused" if paused else "unpaused",
        before,
        reason=_text(reason, "reason", required=False),
    )
