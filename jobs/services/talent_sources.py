"""The talent-management programme as a source of talent beside the pools: what the counts, the team's
request page and match runs read about the people it approved.

Each approval of advancement or lateral movement that is available (``pools.nominee_available_condition``,
the one home of the rule) is a *programme membership*: the person, the nomination event, the kind, the
expiry, and the classification it aims at (``programme_target``). How the find-talent filters apply to it:

- **classification**: the target. Advancement aims at the next level of the person's current group (IT-02
  aims at IT-03), lateral movement at their current classification. The current classification is the
  one of their current government work experience (``talent.profiles.careers.current_experience``, read
  for many people at once by ``current_classification_id``). Without one there is no target: the person
  counts when no classification is asked for, never under a classification filter.
- **stream**: a programme membership has none, so a search on streams never counts it (``pool_matches``
  treats it as it treats a pool without a stream). The programme approves people for a level, not for
  a work stream: pools are built by a process that assessed one stream, and counting a nominee under a
  stream nobody assessed them for would promise managers what no one checked.
- **everything about the person** (skills, languages, location, conditions, equity groups, education):
  read from the profile exactly as for a pool member (``talent_search.load_people_where``).

A person approved in two events, or for both kinds, has several programme memberships and counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, select

from jobs.models import NominationEvent, NominationGroup
from jobs.models.nominations import AVAILABILITY_KINDS
from jobs.services.pools import (
    approved_condition,
    approved_standing,
    nominee_available_condition,
    nominee_standing_condition,
)
from talent.extensions import db
from talent.models import Classification, Experience
from talent.models.reference import classification_code
from talent.profiles import careers

ADVANCEMENT, LATERAL = AVAILABILITY_KINDS


@dataclass(frozen=True)
class Approval:
    """One programme membership: ``user_id`` approved for ``kind`` in event ``event_id`` until
    ``expires_on`` (included), aiming at ``classification`` (None: unknown)."""

    user_id: int
    event_id: int
    kind: str
    expires_on: date
    classification: str | None


def programme_target(kind: str, group: str | None, level: int | None) -> str | None:
    """The classification an approval of ``kind`` aims at, from the person's current ``group`` and
    ``level``: one level up for advancement (IT-02 -> IT-03, whether or not the classification table lists
    it yet: a code it does not list can match no filter), the same for lateral movement; None when the
    current classification is unknown."""
    if group is None or level is None:
        return None
    return classification_code(group, level + 1 if kind == ADVANCEMENT else level)


def current_classification_id(user_id: Any) -> Any:
    """SQL: the classification id of the person ``user_id``'s (a column) current government work
    experience (``careers.current_experience``, the one rule), for many people in one statement."""
    return (
        careers.current_experience(user_id).with_only_columns(Experience.classification_id).scalar_subquery()
    )


def approvals(
    today: date | None,
    users: Select[Any] | None = None,
    id_range: tuple[int, int] | None = None,
) -> list[Approval]:
    """The programme memberships available on ``today`` or, with ``today`` None, standing ones whatever
    the day (``pools.nominee_standing_condition``: what the talent index keeps, comparing the expiry with
    the day when it counts). Of the people ``users`` (a select of user ids) selects, or of everyone; with
    ``id_range`` (low, high) only user ids from low to high - 1. One query whatever their number."""
    expiries = [
        case(
            (
                approved_standing(kind) if today is None else approved_condition(kind, today),
                getattr(NominationGroup, f"{kind}_expires_on"),
            ),
            else_=None,
        )
        for kind in AVAILABILITY_KINDS
    ]
    stmt = (
        select(
            NominationGroup.nominee_id,
            NominationGroup.event_id,
            Classification.group,
            Classification.level,
            *expiries,
        )
        .select_from(NominationGroup)
        .outerjoin(Classification, Classification.id == current_classification_id(NominationGroup.nominee_id))
        .where(nominee_standing_condition() if today is None else nominee_available_condition(today))
        .order_by(NominationGroup.nominee_id, NominationGroup.event_id)
    )
    if users is not None:
        stmt = stmt.where(NominationGroup.nominee_id.in_(users))
    if id_range is not None:
        stmt = stmt.where(NominationGroup.nominee_id >= id_range[0], NominationGroup.nominee_id < id_range[1])
    found = []
    for user_id, event_id, group, level, *until in db.session.execute(stmt):
        for kind, expires_on in zip(AVAILABILITY_KINDS, until, strict=True):
            if expires_on is not None:
                found.append(
                    Approval(user_id, event_id, kind, expires_on, programme_target(kind, group, level))
                )
    return found


def events(ids: Iterable[int]) -> dict[int, NominationEvent]:
    """The nomination events ``ids`` names (a page's or a run's handful), in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {
        e.id: e for e in db.session.scalars(select(NominationEvent).where(NominationEvent.id.in_(wanted)))
    }


def available_events(user_ids: Select[Any] | Sequence[int]) -> dict[int, list[int]]:
    """For each of the people ``user_ids`` names (a select, or a bounded list: a run's ranked people), the
    events whose approval makes them available through the programme today, in one query."""
    found: dict[int, list[int]] = {}
    ids = user_ids if isinstance(user_ids, Select) else list(user_ids)
    if not isinstance(ids, Select) and not ids:
        return found
    for user_id, event_id in db.session.execute(
        select(NominationGroup.nominee_id, NominationGroup.event_id)
        .where(NominationGroup.nominee_id.in_(ids), nominee_available_condition())
        .order_by(NominationGroup.nominee_id, NominationGroup.event_id)
    ):
        found.setdefault(user_id, []).append(event_id)
    return found
