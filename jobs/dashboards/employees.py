"""A government employee's part of the dashboard: the nomination events open now, to nominate in, and the
nominations they received. Shown to verified employees, and to anyone who received nominations (they can
read and decline them even without a verified work e-mail address any more); nothing for anyone else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from jobs.models import Nomination, NominationEvent, NominationGroup
from jobs.services import nominating, nominees
from talent.extensions import db
from talent.main.dashboard import LIST_LIMIT, Listed
from talent.models import User
from talent.profiles.careers import is_verified_employee


@dataclass(frozen=True)
class Nominations:
    employee: bool
    events: Listed[NominationEvent]
    received: Listed[nominees.Received]


def nominations(user: User) -> Nominations | None:
    """Four to six statements whatever the number of events and groups: whether the person is a verified
    employee, the open events (with their count), the groups received (with their count) and, when there
    are any, their nominations and decisions."""
    employee = is_verified_employee(user)
    events: Listed[NominationEvent] = Listed((), 0)
    if employee:
        rows = db.session.execute(
            nominating.active_events().add_columns(func.count().over()).limit(LIST_LIMIT)
        ).all()
        events = Listed(tuple(e for e, _n in rows), int(rows[0][1]) if rows else 0)
    groups = db.session.execute(
        select(NominationGroup, func.count().over())
        .join(NominationGroup.event)
        .where(NominationGroup.nominee_id == user.id)
        .options(
            joinedload(NominationGroup.event),
            selectinload(NominationGroup.nominations).joinedload(Nomination.nominator),
            selectinload(NominationGroup.decisions),
        )
        .order_by(NominationEvent.opens_at.desc(), NominationGroup.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    received = Listed(tuple(nominees.received_of(g) for g, _n in groups), int(groups[0][1]) if groups else 0)
    if not employee and not received.total:
        return None
    return Nominations(employee, events, received)
