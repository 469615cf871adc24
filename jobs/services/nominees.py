"""What a nominee of the talent-management programme sees and does: their groups (one per event) with who
nominated them, for which kinds, the derived status and the coordinators' decisions; and declining.

Declining stops the group from reaching managers (``jobs.services.pools``) and tells the event's
coordinators. It is allowed at any time, and reversible only while the event is active: the nominee may
change their mind while the coordinators are still reviewing, and once the event is past the decline is
final, so that a closed event's outcome does not change behind its coordinators' backs.

Services validate, change, flush and return; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from jobs.models.nominations import Nomination, NominationEvent, NominationGroup
from jobs.services import JobsError
from jobs.services.nominating import event_names
from jobs.services.nominations import is_active, kinds_of, status_of
from talent import audit, notifications
from talent.extensions import db
from talent.models import User
from talent.models._types import utcnow
from talent.notifications import Link

# Where following a nominee's decline leads the event's coordinators (their page of the group).
GROUP_ENDPOINT = "jobs_talent.group"


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


@dataclass(frozen=True)
class KindDecision:
    """The coordinators' current decision on one nominated kind (None: not decided yet), its availability
    expiry and when it was made."""

    kind: str
    decision: str | None
    expires_on: date | None
    decided_at: datetime | None


@dataclass(frozen=True)
class Received:
    """What a nominee sees of their group in one event: who nominated them (submitted nominations only),
    for which kinds, the derived status and the decision on each kind. The coordinators' notes stay with
    the coordinators: they are working notes, not a message to the nominee."""

    group: NominationGroup
    nominators: tuple[str, ...]
    kinds: tuple[str, ...]
    status: str
    decisions: tuple[KindDecision, ...]

    @property
    def declined(self) -> bool:
        return self.group.declined_at is not None


def received_of(group: NominationGroup) -> Received:
    """What the nominee sees of ``group`` (its nominations, nominators and decisions loaded)."""
    submitted = [n for n in group.nominations if n.submitted]
    kinds = kinds_of(submitted)
    latest = {d.kind: d for d in group.decisions}
    return Received(
        group=group,
        nominators=tuple(n.nominator.display_name for n in submitted),
        kinds=kinds,
        status=status_of(group),
        decisions=tuple(
            KindDecision(
                kind,
                group.decision(kind),
                group.expires_on(kind),
                latest[kind].decided_at if kind in latest and group.decision(kind) else None,
            )
            for kind in kinds
        ),
    )


def received_groups(nominee: User, limit: int | None = None) -> list[Received]:
    """The nominee's groups, newest event first (a fixed number of statements whatever their number)."""
    stmt = (
        select(NominationGroup)
        .join(NominationGroup.event)
        .where(NominationGroup.nominee_id == nominee.id)
        .options(
            joinedload(NominationGroup.event),
            selectinload(NominationGroup.nominations).joinedload(Nomination.nominator),
            selectinload(NominationGroup.decisions),
        )
        .order_by(NominationEvent.opens_at.desc(), NominationGroup.id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [received_of(group) for group in db.session.scalars(stmt)]


def own_group(nominee: User, group_id: int) -> NominationGroup | None:
    """The nominee's own group, else None (another person's is not found)."""
    group = db.session.get(NominationGroup, group_id)
    if group is None or group.nominee_id != nominee.id:
        return None
    return group


# --- Declining ----------------------------------------------------------------------------------------------


def decline(nominee: User, group: NominationGroup, now: datetime | None = None) -> None:
    """The nominee declines their nominations in the event: the group stops counting for managers, the
    event's coordinators are told. Allowed at any time (also after the event)."""
    if group.nominee_id != nominee.id:
        raise JobsError(_l("These nominations are not yours."))
    if group.declined_at is not None:
        raise JobsError(_l("You already declined these nominations."))
    group.declined_at = _now(now)
    db.session.flush()
    audit.record("nomination.declined", actor=nominee, target_type="nomination_group", target_id=group.id)
    _tell_coordinators(group, "nomination.declined")


def withdraw_decline(nominee: User, group: NominationGroup, now: datetime | None = None) -> None:
    """The nominee takes back their decline, only while the event is active."""
    if group.nominee_id != nominee.id:
        raise JobsError(_l("These nominations are not yours."))
    if group.declined_at is None:
        raise JobsError(_l("You have not declined these nominations."))
    if not is_active(group.event, _now(now)):
        raise JobsError(_l("The event is closed: your decline is final."))
    group.declined_at = None
    db.session.flush()
    audit.record(
        "nomination.decline_withdrawn", actor=nominee, target_type="nomination_group", target_id=group.id
    )
    _tell_coordinators(group, "nomination.decline_withdrawn")


def _tell_coordinators(group: NominationGroup, kind: str) -> None:
    event = group.event
    notifications.notify_all(
        [c for c in event.coordinators if c.active],
        kind,
        about=("nomination_group", group.id),
        link=Link(GROUP_ENDPOINT, {"event_id": event.id, "group_id": group.id}),
        params={"event": event_names(event), "nominee": group.nominee.display_name},
    )
