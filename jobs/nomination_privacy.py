"""What the talent-management programme holds about a person, for the personal-data export and for account
deletion (registered with ``talent.profiles.privacy`` by ``jobs.privacy.register``).

The export section ``nominations`` has two lists:

- ``made``: the nominations the person made, drafts and submitted, with their event, the person nominated
  and the skills named;
- ``received``: the person's groups as a nominee, one per event: the kinds they were nominated for, who
  nominated them (submitted nominations: the nominator's name, relationship, rationale and skills, which are
  opinions about the person; never the reference's contact details, which are a third party's), every
  decision with its date, notes and expiry, their decline and a promotion recorded.

Deleting the account:

- as a nominee, everything about the person goes: their groups with their decisions, and every nomination
  of them, drafts included (the notifications that named them to the coordinators too);
- as a nominator, their drafts go; their submitted nominations stay, because they are part of the
  nominee's record (the group and its decisions rest on them), but without the rationale and the
  reference: those are the deleted person's own writing, and the reference is a third party's contact
  given by them. What stays points to the anonymised user row. The nominee's notifications of these
  nominations, and their e-mails, no longer name the deleted person.

Events, their coordinators, decisions and promotions name a person only as the one who acted (actor
columns): deleting their account anonymises the user row those point to.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload, selectinload

from jobs.models import Nomination, NominationGroup, NominationSkill
from talent.extensions import db
from talent.models import Notification, OutboxMessage, User
from talent.profiles import privacy

RECEIVED_KIND = "nomination.received"


def _skills(nomination: Nomination) -> list[dict[str, Any]]:
    return [
        {"skill_key": row.skill.key, "skill_name_en": row.skill.name_en, "skill_name_fr": row.skill.name_fr}
        for row in nomination.skills
    ]


def _made(user: User) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Nomination)
        .where(Nomination.nominator_id == user.id)
        .options(
            joinedload(Nomination.event),
            joinedload(Nomination.nominee),
            selectinload(Nomination.skills).joinedload(NominationSkill.skill),
        )
        .order_by(Nomination.id)
    )
    return [
        {
            **privacy.columns(n, skip=("nominator_id", "nominee_id", "group_id")),
            "event_name_en": n.event.name_en,
            "event_name_fr": n.event.name_fr,
            "nominee": "self" if n.nominee_id == user.id else n.nominee.display_name,
            "skills": _skills(n),
        }
        for n in rows
    ]


def _received(user: User) -> list[dict[str, Any]]:
    groups = db.session.scalars(
        select(NominationGroup)
        .where(NominationGroup.nominee_id == user.id)
        .options(
            joinedload(NominationGroup.event),
            selectinload(NominationGroup.decisions),
            selectinload(NominationGroup.nominations).joinedload(Nomination.nominator),
            selectinload(NominationGroup.nominations)
            .selectinload(Nomination.skills)
            .joinedload(NominationSkill.skill),
        )
        .order_by(NominationGroup.id)
    )
    return [
        {
            **privacy.columns(group, skip=("nominee_id", "promotion_recorded_by_id")),
            "event_name_en": group.event.name_en,
            "event_name_fr": group.event.name_fr,
            "decisions": [privacy.columns(d, skip=("group_id", "decided_by_id")) for d in group.decisions],
            "nominations": [
                {
                    "nominator": "self" if n.nominator_id == user.id else n.nominator.display_name,
                    "kinds": list(n.kinds),
                    "development_programmes": list(n.development_programmes or []),
                    "relationship_to_nominee": n.relationship_to_nominee,
                    "rationale": n.rationale,
                    "submitted_at": privacy.columns(n)["submitted_at"],
                    "skills": _skills(n),
                }
                for n in group.nominations
                if n.submitted
            ],
        }
        for group in groups
    ]


def export(user: User) -> dict[str, Any]:
    """The nominations the person made, and those they received (a few per person: read at once)."""
    return {"made": _made(user), "received": _received(user)}


def anonymise(user: User) -> None:
    """See the module's docstring."""
    # As a nominee: the groups, their decisions (deleted with them), every nomination of the person.
    groups = select(NominationGroup.id).where(NominationGroup.nominee_id == user.id)
    db.session.execute(
        delete(Notification)
        .where(Notification.subject_type == "nomination_group", Notification.subject_id.in_(groups))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(Nomination)
        .where(Nomination.nominee_id == user.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(NominationGroup)
        .where(NominationGroup.nominee_id == user.id)
        .execution_options(synchronize_session=False)
    )
    # As a nominator: drafts go; submitted nominations stay, without the person's writing.
    db.session.execute(
        delete(Nomination)
        .where(Nomination.nominator_id == user.id, Nomination.submitted_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    made = select(Nomination.id).where(Nomination.nominator_id == user.id)
    db.session.execute(
        update(Nomination)
        .where(Nomination.nominator_id == user.id)
        .values(rationale="", reference_name=None, reference_email=None)
        .execution_options(synchronize_session=False)
    )
    _unname_in_notifications(user, made)
    db.session.expire_all()  # rows the session holds were deleted or changed behind it


def _unname_in_notifications(user: User, made: Any) -> None:
    """The nominees' notifications (and e-mails) of the person's nominations: without their name."""
    name = user.display_name
    told = db.session.scalars(
        select(Notification).where(
            Notification.kind == RECEIVED_KIND,
            Notification.subject_type == "nomination",
            Notification.subject_id.in_(made),
        )
    ).all()
    for notification in told:
        notification.params = {k: v for k, v in (notification.params or {}).items() if k != "nominator"}
    mails = select(Notification.email_id).where(
        Notification.kind == RECEIVED_KIND,
        Notification.subject_type == "nomination",
        Notification.subject_id.in_(made),
    )
    if name:
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(mails))):
            message.subject = message.subject.replace(name, "—")
            message.body = message.body.replace(name, "—")
    db.session.flush()


def register() -> None:
    privacy.register(
        "nominations",
        export=export,
        anonymise=anonymise,
        tables=(
            "nominations",
            "nomination_skills",
            "nomination_groups",
            "nomination_decisions",
            "nomination_event_coordinators",
            "nomination_events",
        ),
        actor_columns=(
            ("nomination_decisions", "decided_by_id"),
            ("nomination_events", "created_by_id"),
            ("nomination_groups", "promotion_recorded_by_id"),
            ("nomination_event_coordinators", "user_id"),
        ),
    )
