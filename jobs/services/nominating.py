"""The employee side of the talent-management programme: nominating a colleague (or oneself) during an
active event. What a nominee sees and does with their nominations is in ``jobs.services.nominees``.

Who: only verified government employees (``talent.profiles.careers.verified_employee_condition``: a verified
work e-mail address and an active account) nominate and are nominated. When: only while the event is active
(``jobs.services.nominations.event_status``, to the second). A nomination is a draft until submitted; one
per nominator, nominee and event (``uq_nominations_event_nominator_nominee``). Submitting it joins the
nominee's group for the event (one per event and nominee, ``uq_nomination_groups_event_nominee``) and tells
the nominee, in the app and by e-mail (not someone who nominated themselves). A submitted nomination no
longer changes. A nomination submitted into a group its nominee declined joins it, and the group stays
declined: the nominee hears of it and may take their decline back while the event is active.

Every function takes ``now`` (default: the current time) so that tests pin each rule at its edges.
Services validate, change, flush and return; the view commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from jobs import vocab
from jobs.models.nominations import KINDS, Nomination, NominationEvent, NominationGroup, NominationSkill
from jobs.services import JobsError
from jobs.services.nominations import is_active
from talent import audit, notifications
from talent.extensions import db
from talent.models import Skill, User, WorkEmail
from talent.models._types import utcnow
from talent.notifications import Email, Link
from talent.profiles.careers import is_verified_employee

MAX_RATIONALE = 5000
MAX_SKILLS = 10
MAX_NAME = 200
MAX_EMAIL = 254
SELF = "self"

NOT_OPEN = _l("Nominations are not open in this event: it is not active.")
NOMINATOR_NOT_VERIFIED = _l(
    "To nominate, first add your government work e-mail address to your profile and confirm it."
)
NO_SUCH_EMPLOYEE = _l("No verified employee has this work e-mail address.")
NOMINEE_NOT_VERIFIED = _l(
    "This person is no longer a verified government employee: they cannot be nominated."
)
ALREADY_NOMINATED = _l("You already nominated this person in this event.")
ALREADY_NOMINATED_SELF = _l("You already nominated yourself in this event.")
SUBMITTED = _l("This nomination was submitted: it can no longer be changed.")


class NominationProblems(JobsError):
    """Everything wrong with a nomination at once: ``problems`` are (message, field) pairs, the first of
    which is also the error's own message and field."""

    problems: list[tuple[str, str | None]]

    @classmethod
    def of(cls, problems: Sequence[tuple[str, str | None]]) -> NominationProblems:
        error = cls(problems[0][0], problems[0][1])
        error.problems = list(problems)
        return error


@dataclass(frozen=True)
class NominationFields:
    """What the nominator writes: the kinds (``KINDS``), the development programmes, the rationale, their
    relationship to the nominee, a reference (for advancement) and the keys of the relevant skills."""

    kinds: tuple[str, ...] = ()
    development_programmes: tuple[str, ...] = ()
    rationale: str = ""
    relationship: str | None = None
    reference_name: str = ""
    reference_email: str = ""
    skills: tuple[str, ...] = ()


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


# --- Who and when -------------------------------------------------------------------------------------------


def active_events(now: datetime | None = None) -> Select[NominationEvent]:
    """The events open for nominations at ``now``, closing soonest first."""
    moment = _now(now)
    return (
        select(NominationEvent)
        .where(NominationEvent.opens_at <= moment, NominationEvent.closes_at > moment)
        .order_by(NominationEvent.closes_at, NominationEvent.id)
    )


def is_open(event: NominationEvent, now: datetime | None = None) -> bool:
    """Whether nominations are open in ``event`` at ``now``: the event is active."""
    return is_active(event, _now(now))


def employee_by_work_email(address: str | None) -> User | None:
    """The verified employee whose verified work e-mail address is ``address`` (any case), else None:
    unknown and unverified addresses, and deactivated or deleted accounts, alike."""
    wanted = (address or "").strip().lower()
    if not wanted or len(wanted) > MAX_EMAIL:
        return None
    return db.session.scalars(
        select(User)
        .join(WorkEmail, WorkEmail.user_id == User.id)
        .where(
            WorkEmail.email == wanted,
            WorkEmail.verified_at.is_not(None),
            User.active.is_(True),
            User.deleted_at.is_(None),
        )
        .limit(1)
    ).first()


def choose_nominee(nominator: User, whom: str | None, work_email: str | None) -> User:
    """The person ``nominator`` means: themselves (``whom`` "self"), or the verified employee whose work
    e-mail address is ``work_email`` ("colleague")."""
    if whom == SELF:
        return nominator
    if whom != "colleague":
        raise JobsError(_l("Choose whether you nominate yourself or a colleague."), "whom")
    if not (work_email or "").strip():
        raise JobsError(_l("Give your colleague’s work e-mail address."), "work_email")
    nominee = employee_by_work_email(work_email)
    if nominee is None:
        raise JobsError(NO_SUCH_EMPLOYEE, "work_email")
    return nominee


def _state_problems(
    nominator: User, event: NominationEvent, nominee: User | None, now: datetime
) -> list[tuple[str, str | None]]:
    """What forbids nominating at all: the event not active, the nominator or the nominee not (or no
    longer) a verified employee."""
    problems: list[tuple[str, str | None]] = []
    if not is_active(event, now):
        problems.append((str(NOT_OPEN), None))
    if not is_verified_employee(nominator):
        problems.append((str(NOMINATOR_NOT_VERIFIED), None))
    elif nominee is not None and nominee.id != nominator.id and not is_verified_employee(nominee):
        problems.append((str(NOMINEE_NOT_VERIFIED), None))
    return problems


def _already(nominator: User, nominee: User) -> JobsError:
    if nominee.id == nominator.id:
        return JobsError(ALREADY_NOMINATED_SELF, "whom")
    return JobsError(ALREADY_NOMINATED, "work_email")


def existing_nomination(event: NominationEvent, nominator: User, nominee: User) -> int | None:
    """The id of ``nominator``'s nomination of ``nominee`` in ``event``, draft or submitted, if any."""
    return db.session.scalar(
        select(Nomination.id).where(
            Nomination.event_id == event.id,
            Nomination.nominator_id == nominator.id,
            Nomination.nominee_id == nominee.id,
        )
    )


def start(nominator: User, event: NominationEvent, nominee: User, now: datetime | None = None) -> Nomination:
    """A new draft nomination of ``nominee`` by ``nominator`` in ``event`` (nominating oneself: the
    relationship is "self")."""
    moment = _now(now)
    problems = _state_problems(nominator, event, nominee, moment)
    if problems:
        raise NominationProblems.of(problems)
    if existing_nomination(event, nominator, nominee) is not None:
        raise _already(nominator, nominee)
    nomination = Nomination(
        event_id=event.id,
        nominator_id=nominator.id,
        nominee_id=nominee.id,
        relationship_to_nominee=SELF if nominee.id == nominator.id else None,
        created_at=moment,
        updated_at=moment,
    )
    try:
        # The same nomination started at the same moment in another tab: the constraint decides.
        with db.session.begin_nested():
            db.session.add(nomination)
            db.session.flush()
    except IntegrityError:
        raise _already(nominator, nominee) from None
    return nomination


# --- Writing a nomination ----------------------------------------------------------------------------------


@dataclass
class _Checked:
    """The values of a nomination once checked, and what is wrong with them."""

    kinds: tuple[str, ...] = ()
    programmes: list[str] = field(default_factory=list)
    rationale: str = ""
    relationship: str | None = None
    reference_name: str | None = None
    reference_email: str | None = None
    skills: list[Skill] = field(default_factory=list)
    problems: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, message: Any, field_name: str | None) -> None:
        self.problems.append((str(message), field_name))


def _email(value: str, checked: _Checked) -> str | None:
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_EMAIL:
        checked.add(_l("Enter an e-mail address like name@example.com."), "reference_email")
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        checked.add(_l("Enter an e-mail address like name@example.com."), "reference_email")
        return None


def _skills(keys: Iterable[str], checked: _Checked) -> list[Skill]:
    from talent.skills.services import SkillError, choosable_skill

    wanted = list(dict.fromkeys(k for k in keys if k))
    if len(wanted) > MAX_SKILLS:
        checked.add(_l("Choose at most %(num)d skills.", num=MAX_SKILLS), "skills")
        return []
    skills: list[Skill] = []
    for key in wanted:
        try:
            skill = choosable_skill(key, field="skills")
        except SkillError as exc:
            checked.add(exc.message, "skills")
            continue
        if all(s.id != skill.id for s in skills):
            skills.append(skill)
    return skills


def _check(nomination: Nomination, fields: NominationFields, *, complete: bool) -> _Checked:
    """The fields checked for a draft (what is given is valid) or, with ``complete``, for submission
    (everything required is given)."""
    checked = _Checked()
    event = nomination.event
    if any(kind not in KINDS for kind in fields.kinds):
        checked.add(_l("Choose an option from the list."), "kinds")
    checked.kinds = tuple(kind for kind in KINDS if kind in fields.kinds)
    offered = list(event.development_programmes or [])
    if "development" in checked.kinds:
        if not offered:
            checked.add(_l("This event offers no development programme."), "kinds")
        elif any(code not in offered for code in fields.development_programmes):
            checked.add(
                _l("Choose among the development programmes this event offers."), "development_programmes"
            )
        checked.programmes = [code for code in offered if code in fields.development_programmes]
    checked.rationale = fields.rationale.strip()
    if len(checked.rationale) > MAX_RATIONALE:
        checked.add(_l("Write at most 5,000 characters."), "rationale")
    oneself = nomination.nominee_id == nomination.nominator_id
    relationship = fields.relationship or None
    if oneself:
        relationship = SELF
    elif relationship is not None and relationship not in vocab.NOMINATOR_RELATIONSHIPS:
        checked.add(_l("Choose an option from the list."), "relationship")
        relationship = None
    elif relationship == SELF:
        checked.add(_l("“I am nominating myself” is only for nominating yourself."), "relationship")
        relationship = None
    checked.relationship = relationship
    name = fields.reference_name.strip()
    if len(name) > MAX_NAME:
        checked.add(_l("Write at most 200 characters."), "reference_name")
    checked.reference_name = name or None
    checked.reference_email = _email(fields.reference_email, checked)
    checked.skills = _skills(fields.skills, checked)
    if complete:
        _check_complete(checked, fields)
    return checked


def _check_complete(checked: _Checked, fields: NominationFields) -> None:
    """What submission requires besides valid values (a field already in error is not told twice)."""
    wrong = {field_name for _message, field_name in checked.problems}
    if not checked.kinds and "kinds" not in wrong:
        checked.add(_l("Choose at least one kind of nomination."), "kinds")
    if (
        "development" in checked.kinds
        and not checked.programmes
        and not wrong & {"kinds", "development_programmes"}
    ):
        checked.add(_l("Choose at least one development programme."), "development_programmes")
    if not checked.rationale:
        checked.add(_l("Explain why you nominate this person."), "rationale")
    if checked.relationship is None and "relationship" not in wrong:
        checked.add(_l("Choose your relationship to the person you nominate."), "relationship")
    if "advancement" in checked.kinds:
        if not checked.reference_name and "reference_name" not in wrong:
            checked.add(_l("Give the name of a reference, for advancement."), "reference_name")
        if not fields.reference_email.strip():
            checked.add(_l("Give the e-mail address of your reference, for advancement."), "reference_email")


def _apply(nomination: Nomination, checked: _Checked, now: datetime) -> None:
    nomination.for_advancement = "advancement" in checked.kinds
    nomination.for_lateral = "lateral" in checked.kinds
    nomination.for_development = "development" in checked.kinds
    nomination.development_programmes = checked.programmes
    nomination.rationale = checked.rationale
    nomination.relationship_to_nominee = checked.relationship
    nomination.reference_name = checked.reference_name
    nomination.reference_email = checked.reference_email
    kept = {s.skill_id: s for s in nomination.skills}
    wanted = [s.id for s in checked.skills]
    nomination.skills = [kept.get(skill_id) or NominationSkill(skill_id=skill_id) for skill_id in wanted]
    nomination.updated_at = now


def _lock(nomination: Nomination) -> None:
    """Hold the nomination's row until the commit: a draft saved or submitted twice at once is changed
    once (the second sees it submitted)."""
    if db.engine.dialect.name == "postgresql":
        db.session.refresh(nomination, with_for_update=True)


def _editable(nominator: User, nomination: Nomination) -> None:
    if nomination.nominator_id != nominator.id:
        raise JobsError(_l("This nomination is not yours."))
    if nomination.submitted:
        raise JobsError(SUBMITTED)


def save(
    nominator: User, nomination: Nomination, fields: NominationFields, now: datetime | None = None
) -> Nomination:
    """Keep the draft as written: what is given must be valid, nothing is required yet. Only while the
    event is active and the nominator a verified employee."""
    moment = _now(now)
    _lock(nomination)
    _editable(nominator, nomination)
    checked = _check(nomination, fields, complete=False)
    problems = _state_problems(nominator, nomination.event, None, moment) + checked.problems
    if problems:
        raise NominationProblems.of(problems)
    _apply(nomination, checked, moment)
    db.session.flush()
    return nomination


def submit(
    nominator: User, nomination: Nomination, fields: NominationFields, now: datetime | None = None
) -> NominationGroup:
    """Check everything, submit the nomination and join the nominee's group for the event (made if it is
    the first); tell the nominee (not when they nominated themselves). Returns the group."""
    moment = _now(now)
    _lock(nomination)
    _editable(nominator, nomination)
    checked = _check(nomination, fields, complete=True)
    problems = _state_problems(nominator, nomination.event, nomination.nominee, moment) + checked.problems
    if problems:
        raise NominationProblems.of(problems)
    _apply(nomination, checked, moment)
    nomination.submitted_at = moment
    group = _group_of(nomination.event_id, nomination.nominee_id, moment)
    nomination.group = group
    db.session.flush()
    audit.record(
        "nomination.submitted",
        actor=nominator,
        target_type="nomination",
        target_id=nomination.id,
        event=nomination.event_id,
        group=group.id,
    )
    if nomination.nominee_id != nominator.id:
        _tell_nominee(nomination, nominator)
    return group


def _group_of(event_id: int, nominee_id: int, now: datetime) -> NominationGroup:
    """The nominee's group for the event, made if there is none yet. Two first nominations submitted at
    the same moment: the unique constraint lets one insert through, the other reads it."""
    wanted = select(NominationGroup).where(
        NominationGroup.event_id == event_id, NominationGroup.nominee_id == nominee_id
    )
    group = db.session.scalars(wanted).first()
    if group is not None:
        return group
    group = NominationGroup(event_id=event_id, nominee_id=nominee_id, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(group)
            db.session.flush()
    except IntegrityError:
        return db.session.scalars(wanted).one()
    return group


def event_names(event: NominationEvent) -> dict[str, str]:
    """An event's name in both languages, for a notification rendered in the reader's."""
    return {"en": event.name("en"), "fr": event.name("fr")}


def _tell_nominee(nomination: Nomination, nominator: User) -> None:
    event = nomination.event
    notifications.notify(
        nomination.nominee,
        "nomination.received",
        about=("nomination", nomination.id),
        link=Link("jobs_talent.received"),
        params={"event": event_names(event), "nominator": nominator.display_name},
        email=Email("nomination_received", {"event": event, "nominator": nominator.display_name}),
    )


def delete_draft(nominator: User, nomination: Nomination) -> None:
    """Delete a draft (whatever the event's status: a draft left in a closed event can be cleared)."""
    _editable(nominator, nomination)
    db.session.delete(nomination)
    db.session.flush()


# --- Reading ------------------------------------------------------------------------------------------------


def own_nomination(nominator: User, nomination_id: int) -> Nomination | None:
    """The nominator's own nomination, else None (another person's is not found)."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.nominator_id != nominator.id:
        return None
    return nomination


def nominations_made(nominator: User) -> Select[Nomination]:
    """The nominations ``nominator`` made, drafts included, newest first, with their event and nominee."""
    return (
        select(Nomination)
        .where(Nomination.nominator_id == nominator.id)
        .options(joinedload(Nomination.event), joinedload(Nomination.nominee))
        .order_by(Nomination.created_at.desc(), Nomination.id.desc())
    )
