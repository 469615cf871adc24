"""A talent coordinator's dashboard: the nomination events they run, latest closing first, each with its
number of nominees (one statement: the count per event is sub-selected, the total is a window count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from jobs.models import NominationEvent, NominationGroup
from talent.extensions import db
from talent.main.dashboard import LIST_LIMIT, Listed
from talent.models import User


@dataclass(frozen=True)
class EventRow:
    event_id: int
    name_en: str
    name_fr: str
    opens_at: datetime
    closes_at: datetime
    nominees: int

    def name(self, lang: str) -> str:
        first, second = (self.name_fr, self.name_en) if lang == "fr" else (self.name_en, self.name_fr)
        return first or second or f"#{self.event_id}"


def events_run(user: User) -> Listed[EventRow]:
    nominees = (
        select(func.count(NominationGroup.id))
        .where(NominationGroup.event_id == NominationEvent.id)
        .correlate(NominationEvent)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            NominationEvent.id,
            NominationEvent.name_en,
            NominationEvent.name_fr,
            NominationEvent.opens_at,
            NominationEvent.closes_at,
            nominees,
            func.count().over(),
        )
        .where(NominationEvent.coordinators.any(id=user.id))
        .order_by(NominationEvent.closes_at.desc(), NominationEvent.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    total = int(rows[0][-1]) if rows else 0
    return Listed(tuple(EventRow(*row[:-1]) for row in rows), total)
