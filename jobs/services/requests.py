"""Talent requests: submission (by a manager or a guest), the lifecycle the recruitment team drives,
referrals of available people (pool members, and people the talent-management programme approved), the
manager's selection, and who may see what."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from jobs import vocab
from jobs.models import Application, Referral, RequestSkill, TalentRequest, TalentRequestEvent
from jobs.services import JobsError
from jobs.services.pools import available_condition, is_available_nominee
from jobs.services.talent_search import TalentFilters, count
from talent import audit, clock, mail, notifications
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.models import Classification, Department, Role, Skill, User
from talent.models._types import utcnow
from talent.notifications import Email, Link

TEXT_MAX = 5000


def _text(value: Any, field: str, limit: int = 255, *, required: bool = False) -> str | None:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        if required:
            raise JobsError(_l("This field is required."), field)
        return None
    if len(text) > limit:
        raise JobsError(_l("Use at most %(n)d characters.", n=limit), field)
    return text


def _email(value: Any, field: str, *, required: bool = False) -> str | None:
    text = _text(value, field, 254, required=required)
    if text is None:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise JobsError(_l("Enter an e-mail address like name@example.com."), field) from None


def _choice(vocabulary: Mapping[str, Any], value: Any, field: str, *, required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            raise JobsError(_l("This field is required."), field)
        return None
    if value not in vocabulary:
        raise JobsError(_l("Choose an option from the list."), field)
    return str(value)


def _codes(vocabulary: Mapping[str, Any], values: Any, field: str) -> list[str]:
    chosen = [str(v) for v in (values or ()) if v not in (None, "")]
    if any(v not in vocabulary for v in chosen):
        raise JobsError(_l("Choose options from the list."), field)
    return [code for code in vocabulary if code in chosen]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _event(request: TalentRequest, actor: User | None, action: str, **details: Any) -> None:
    request.events.append(
        TalentRequestEvent(
            actor_id=actor.id if actor else None,
            action=action,
            details={k: v for k, v in details.items() if v is not None},
        )
    )
    db.session.flush()
    # Referring reveals who the person is (the lists are anonymous until then): the trail names them.
    revealed = {"revealed": [details["candidate"]]} if action == "referred" else {}
    audit.record(
        f"request.{action}", actor=actor, target_type="talent_request", target_id=request.id, **revealed
    )


def submit(
    requester: User | None,
    filters: TalentFilters,
    need: Mapping[str, Any],
    skills: Sequence[tuple[str, str, int | None]],
    locale: str,
    today: date | None = None,
    link_for: Callable[[str], str] | None = None,
) -> tuple[TalentRequest, str | None]:
    """Store a request with the search it came from. ``skills`` holds (skill key, kind, level).
    Returns the request and, for a guest, the private tracking token (shown once, e-mailed)."""
    today = today or clock.today()
    if requester is not None and requester.role not in (Role.MANAGER, Role.RECRUITER, Role.ADMIN):
        raise JobsError(_l("Only hiring managers can submit talent requests."))
    classification: Classification | None = None
    if need.get("classification_id") not in (None, ""):
        try:
            classification = db.session.get(Classification, int(need["classification_id"]))
        except (TypeError, ValueError):
            classification = None
        if classification is None:
            raise JobsError(_l("Choose an option from the list."), "classification_id")
    if not skills and classification is None:
        raise JobsError(_l("Give at least a classification or a skill."), "classification_id")
    department: Department | None = None
    if need.get("department_id") not in (None, ""):
        try:
            department = db.session.get(Department, int(need["department_id"]))
        except (TypeError, ValueError):
            department = None
        if department is None:
            raise JobsError(_l("Choose an option from the list."), "department_id")
    start = need.get("start_date")
    if start is not None and not isinstance(start, date):
        raise JobsError(_l("Enter a date."), "start_date")
    if start is not None and start < today:
        raise JobsError(_l("The start date cannot be in the past."), "start_date")
    request = TalentRequest(
        requester_id=requester.id if requester else None,
        locale=locale if locale in ("en", "fr") else "en",
        search=filters.to_json(),
        job_title=_text(need.get("job_title"), "job_title", required=True) or "",
        department_id=department.id if department else None,
        classification_id=classification.id if classification else None,
        position_type=_choice(vocab.POSITION_TYPES, need.get("position_type"), "position_type"),
        language=_choice(vocab.LANGUAGE_FILTERS, need.get("language"), "language"),
        security_clearance=_choice(
            vocab.SECURITY_CLEARANCES, need.get("security_clearance"), "security_clearance"
        ),
        regions=_codes(talent_vocab.WORK_REGIONS, need.get("regions"), "regions"),
        work_arrangements=_codes(
            talent_vocab.WORK_ARRANGEMENTS, need.get("work_arrangements"), "work_arrangements"
        ),
        operational_requirements=_codes(
            talent_vocab.OPERATIONAL_REQUIREMENTS,
            need.get("operational_requirements"),
            "operational_requirements",
        ),
        position_durations=_codes(
            talent_vocab.POSITION_DURATIONS, need.get("position_durations"), "position_durations"
        ),
        reason=_choice(vocab.REQUEST_REASONS, need.get("reason"), "reason", required=True),
        start_date=start,
        hiring_manager_name=_text(need.get("hiring_manager_name"), "hiring_manager_name", 200, required=True),
        hiring_manager_email=_email(need.get("hiring_manager_email"), "hiring_manager_email", required=True),
        hr_advisor_name=_text(need.get("hr_advisor_name"), "hr_advisor_name", 200),
        hr_advisor_email=_email(need.get("hr_advisor_email"), "hr_advisor_email"),
        comments=_text(need.get("comments"), "comments", TEXT_MAX),
    )
    token: str | None = None
    if requester is None:
        request.guest_name = _text(need.get("guest_name"), "guest_name", 200, required=True)
        request.guest_email = _email(need.get("guest_email"), "guest_email", required=True)
        token = secrets.token_urlsafe(32)
        request.tracking_token_hash = _token_hash(token)
    _set_skills(request, skills)
    db.session.add(request)
    request.count_at_submission = count(filters).total
    db.session.flush()
    _event(request, requester, "submitted")
    name = requester.display_name if requester else (request.guest_name or "")
    link = link_for(token) if token and link_for else None
    mail.queue_email(
        "request.received",
        request.contact_email or "",
        request.locale,
        "request_received",
        request=request,
        name=name,
        link=link,
        page=notifications.email_link(request.locale, _manager_page(request)) if requester else None,
    )
    # The recruitment team hears of every new request (but the one of them who made it).
    notifications.notify_all(
        [member for member in notifications.recruitment_team() if member.id != request.requester_id],
        "request.new",
        about=("talent_request", request.id),
        link=_team_page(request),
        params={"title": request.job_title},
    )
    return request, token


def _manager_page(request: TalentRequest) -> Link:
    return Link("jobs_requests.detail", {"request_id": request.id})


def _team_page(request: TalentRequest) -> Link:
    return Link("jobs_request_team.request_page", {"request_id": request.id})


def _set_skills(request: TalentRequest, skills: Sequence[tuple[str, str, int | None]]) -> None:
    from talent.skills.services import SkillError, choosable_skill

    seen: set[int] = set()
    for key, kind, level in skills:
        try:
            skill: Skill = choosable_skill(key)
        except SkillError as exc:
            raise JobsError(exc.message, "skills") from exc
        if kind not in vocab.REQUEST_SKILL_KINDS:
            raise JobsError(_l("Choose required or nice to have."), "skills")
        if level is not None and level not in talent_vocab.SKILL_LEVELS:
            raise JobsError(_l("Choose a level: beginner, intermediate, advanced or lead."), "skills")
        if skill.id in seen:
            continue
        seen.add(skill.id)
        request.skills.append(RequestSkill(skill_id=skill.id, kind=kind, level=level))


def stored_filters(request: TalentRequest) -> TalentFilters:
    return TalentFilters.from_json(request.search)


def live_count(request: TalentRequest) -> int:
    """The count of available talent fitting the stored search, now."""
    return count(stored_filters(request)).total


# --- Who sees what ------------------------------------------------------------------------------------------


def by_token(token: str) -> TalentRequest | None:
    return db.session.scalars(
        select(TalentRequest).where(TalentRequest.tracking_token_hash == _token_hash(token))
    ).first()


def visible(user: User, request_id: int) -> TalentRequest | None:
    """The request if ``user`` may see it: its manager, or the recruitment team."""
    request = db.session.get(TalentRequest, request_id)
    if request is None:
        return None
    if user.is_recruiter or request.requester_id == user.id:
        return request
    return None


def requests_of(user: User) -> Select[TalentRequest]:
    return (
        select(TalentRequest)
        .where(TalentRequest.requester_id == user.id)
        .order_by(TalentRequest.created_at.desc())
    )


def queue(status: str | None = None) -> Select[TalentRequest]:
    """The recruitment team's queue: open requests first, those due for follow-up first, then oldest."""
    stmt = select(TalentRequest)
    if status:
        stmt = stmt.where(TalentRequest.status == status)
    return stmt.order_by(
        case((TalentRequest.status == "completed", 1), else_=0),
        TalentRequest.follow_up_date.is_(None),
        TalentRequest.follow_up_date,
        TalentRequest.created_at,
    )


# --- Lifecycle ----------------------------------------------------------------------------------------------


def set_status(
    actor: User,
    request: TalentRequest,
    status: str,
    *,
    detail: str | None = None,
    outcome: str | None = None,
    follow_up_date: date | None = None,
    notes: str | None = None,
) -> None:
    if not actor.is_recruiter:
        raise JobsError(_l("Only the recruitment team manages requests."))
    if status not in vocab.REQUEST_STATUSES:
        raise JobsError(_l("Choose an option from the list."), "status")
    if status == "in_progress":
        detail = _choice(vocab.REQUEST_STATUS_DETAILS, detail, "detail", required=True)
        outcome = None
    elif status == "completed":
        outcome = _choice(vocab.REQUEST_OUTCOMES, outcome, "outcome", required=True)
        detail = None
    else:
        detail = outcome = None
    if follow_up_date is not None and follow_up_date < clock.local_date(request.created_at):
        raise JobsError(_l("The follow-up date cannot be before the request was made."), "follow_up_date")
    changed = (status, detail, outcome) != (request.status, request.status_detail, request.outcome)
    before = request.status
    request.status, request.status_detail, request.outcome = status, detail, outcome
    request.follow_up_date = follow_up_date
    request.notes = _text(notes, "notes", TEXT_MAX)
    if changed:
        request.status_changed_at = utcnow()
        request.completed_at = request.status_changed_at if status == "completed" else None
    db.session.flush()
    _event(
        request,
        actor,
        "status_changed" if changed else "updated",
        before=before,
        after=status,
        detail=detail,
        outcome=outcome,
        follow_up=follow_up_date.isoformat() if follow_up_date else None,
    )
    if changed and (before != status):
        notify_manager(request, "status", before)


def notify_manager(request: TalentRequest, change: str, before: str | None = None) -> None:
    """Tell the request's manager of a ``change`` (``status``, with the status ``before``; ``referral``):
    on their notifications page and by e-mail, once the undo window has passed, so a burst of referrals is
    one e-mail and a status changed back within it none. A guest (no account) is e-mailed at once."""
    name = request.requester.display_name if request.requester else (request.guest_name or "")
    if request.requester is not None:
        notifications.notify(
            request.requester,
            f"request.{change}",
            about=("talent_request", request.id),
            link=_manager_page(request),
            params={"title": request.job_title, "status": request.status},
            email=Email("request_update", {"request": request, "name": name, "change": change}),
            topic=f"talent_request:{request.id}:{change}",
            state=request.status if change == "status" else None,
            prior=before,
            undoable=True,
        )
        return
    email = request.contact_email
    if not email:
        return
    mail.queue_email(
        f"request.{change}",
        email,
        request.locale,
        "request_update",
        request=request,
        name=name,
        change=change,
    )


# --- Referrals and selection --------------------------------------------------------------------------------


def refer(
    actor: User,
    request: TalentRequest,
    user_id: int,
    referred: bool,
    reason: str | None = None,
    *,
    tell_manager: bool = True,
) -> Referral:
    """Record that an available person was referred to the request, or not (with a reason): a pool
    member (the referral keeps the application they are available through) or a person available through
    the talent-management programme (no application), by the one availability rule of each source
    (``jobs.services.pools``). The candidate hears of a referral (a referral undone within the undo
    window: nothing); the manager too, unless ``tell_manager`` is false (a bulk referral tells them once,
    with ``notify_manager``)."""
    if not actor.is_recruiter:
        raise JobsError(_l("Only the recruitment team refers candidates."))
    if request.status == "completed":
        raise JobsError(_l("This request is completed."))
    # One query for this person's available memberships (the shared availability rule), not every pool's.
    application = db.session.scalars(
        select(Application)
        .where(Application.user_id == user_id, available_condition())
        .order_by(Application.id)
    ).first()
    if application is None and not is_available_nominee(user_id):
        raise JobsError(
            _l("Only people available in a pool or through the talent management programme can be referred."),
            "user_id",
        )
    text = _text(reason, "reason", 2000)
    if not referred and not text:
        raise JobsError(_l("Give the reason for not referring this candidate."), "reason")
    referral = db.session.scalars(
        select(Referral).where(Referral.request_id == request.id, Referral.user_id == user_id)
    ).first()
    was_referred = referral is not None and referral.referred
    if referral is None:
        referral = Referral(user_id=user_id)
        request.referrals.append(referral)
    referral.application_id = application.id if application is not None else None
    referral.referred, referral.not_referred_reason = referred, None if referred else text
    referral.decided_at, referral.decided_by_id = utcnow(), actor.id
    db.session.flush()
    _event(request, actor, "referred" if referred else "not_referred", candidate=user_id)
    candidate = db.session.get(User, user_id)
    topic = f"referral:{referral.id}"
    if referred and candidate is not None:
        notifications.notify(
            candidate,
            "referral.referred",
            about=("referral", referral.id),
            link=Link("jobs_requests.my_referrals"),
            params={"title": request.job_title},
            email=Email("referral", {"request": request}),
            topic=topic,
            state="referred",
            prior="referred" if was_referred else "not_referred",
            undoable=True,
        )
    elif candidate is not None:
        notifications.retract(candidate, topic)
    if referred and tell_manager:
        notify_manager(request, "referral")
    return referral


def record_selection(
    actor: User, referral: Referral, selection: str, reason: str | None = None, details: str | None = None
) -> None:
    if not actor.is_recruiter:
        raise JobsError(_l("Only the recruitment team records selections."))
    if not referral.referred:
        raise JobsError(_l("Only a referred candidate can be selected."))
    if selection not in ("selected", "not_selected"):
        raise JobsError(_l("Choose an option from the list."), "selection")
    reason_code: str | None = None
    if selection == "not_selected":
        if not reason:
            raise JobsError(_l("Give the reason the candidate was not selected."), "reason")
        reason_code = _choice(vocab.SELECTION_REASONS, reason, "reason")
    before = referral.selection
    referral.selection, referral.selection_reason = selection, reason_code
    referral.selection_details = _text(details, "details", 2000, required=reason_code == "other")
    referral.selection_at = utcnow()
    db.session.flush()
    _event(
        referral.request,
        actor,
        "selection",
        candidate=referral.user_id,
        selection=selection,
        reason=referral.selection_reason,
    )
    # The candidate hears of the manager's decision (the reason stays with the team).
    notifications.notify(
        referral.user,
        "referral.selection",
        about=("referral", referral.id),
        link=Link("jobs_requests.my_referrals"),
        params={"title": referral.request.job_title, "selection": selection},
        email=Email("selection", {"request": referral.request, "selection": selection}),
        topic=f"referral:{referral.id}:selection",
        state=selection,
        prior=before,
        undoable=True,
    )


def notify_follow_ups_due(today: date) -> int:
    """Tell the recruitment team of each open request due for follow-up on ``today``: the member who set the
    date (the last to save the request's lifecycle), or the whole team when that person no longer answers
    requests. Each person is told once per request and day however often this runs; returns how many
    notifications were made."""
    due = db.session.scalars(
        select(TalentRequest)
        .where(TalentRequest.follow_up_date == today, TalentRequest.status != "completed")
        .options(selectinload(TalentRequest.events).selectinload(TalentRequestEvent.actor))
        .order_by(TalentRequest.id)
    ).all()
    team: list[User] | None = None
    told = 0
    for request in due:
        setter = next(
            (e.actor for e in reversed(request.events) if e.action in ("status_changed", "updated")), None
        )
        if setter is not None and setter.is_recruiter and setter.active and setter.deleted_at is None:
            recipients = [setter]
        else:
            team = notifications.recruitment_team() if team is None else team
            recipients = team
        try:
            with db.session.begin_nested():
                told += len(
                    notifications.notify_all(
                        recipients,
                        "request.follow_up",
                        about=("talent_request", request.id),
                        link=_team_page(request),
                        params={"title": request.job_title, "date": today.isoformat()},
                        once_key=f"follow_up:{request.id}:{today.isoformat()}",
                    )
                )
        except IntegrityError:
            continue  # another run told them at this very moment
    return told


def decline(candidate: User, referral: Referral) -> None:
    """The candidate says they are not interested in this role."""
    if referral.user_id != candidate.id or not referral.referred:
        raise JobsError(_l("This is not your referral."))
    if referral.declined_at is None:
        referral.declined_at = utcnow()
        db.session.flush()
        _event(referral.request, candidate, "declined", candidate=candidate.id)


def manager_referrals(request: TalentRequest) -> Select[Referral]:
    """What the manager sees, as a statement: referred candidates who have not declined and whose account
    is not deleted, in the order they were considered. Its ``Referral.user_id`` column can be sub-selected
    by the queries that load what the page shows of each person."""
    return (
        select(Referral)
        .join(User, User.id == Referral.user_id)
        .where(
            Referral.request_id == request.id,
            Referral.referred,
            Referral.declined_at.is_(None),
            User.deleted_at.is_(None),
        )
        .order_by(Referral.id)
    )


def referrals_for_manager(request: TalentRequest) -> list[Referral]:
    """:func:`manager_referrals`, loaded with their users (one query)."""
    return list(db.session.scalars(manager_referrals(request).options(contains_eager(Referral.user))))


def referrals_of(candidate: User) -> list[Referral]:
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.user_id == candidate.id, Referral.referred)
            .order_by(Referral.decided_at.desc())
            .options(
                selectinload(Referral.request).selectinload(TalentRequest.department),
                selectinload(Referral.request).selectinload(TalentRequest.classification),
                selectinload(Referral.request)
                .selectinload(TalentRequest.skills)
                .selectinload(RequestSkill.skill),
            )
        )
    )


def first_referral_at(request: TalentRequest) -> datetime | None:
    times = [r.decided_at for r in request.referrals if r.referred]
    return min(times) if times else None
