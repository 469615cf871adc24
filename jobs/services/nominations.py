"""The talent-management programme's rules: an event's derived status, the kinds a nominee's group was
nominated for, and the group's derived status. Pure apart from ``nominated_kinds``.

Pages and services read these functions; nothing stores a status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from jobs.models.nominations import APPROVED, KINDS, REJECTED, Nomination, NominationEvent, NominationGroup
from talent.models._types import utcnow

UPCOMING, ACTIVE, PAST = "upcoming", "active", "past"
IN_PROGRESS, PARTIALLY_APPROVED = "in_progress", "partially_approved"


def event_status(event: NominationEvent, now: datetime | None = None) -> str:
    """Upcoming before ``opens_at``; active from ``opens_at`` (included) to ``closes_at`` (excluded), to the
    second; past from ``closes_at``."""
    now = now or utcnow()
    if now < event.opens_at:
        return UPCOMING
    if now < event.closes_at:
        return ACTIVE
    return PAST


def is_active(event: NominationEvent, now: datetime | None = None) -> bool:
    return event_status(event, now) == ACTIVE


def kinds_of(nominations: Iterable[Nomination]) -> tuple[str, ...]:
    """The kinds the submitted ``nominations`` put forward, in ``KINDS`` order."""
    named = {kind for nomination in nominations if nomination.submitted for kind in nomination.kinds}
    return tuple(kind for kind in KINDS if kind in named)


def nominated_kinds(group: NominationGroup) -> tuple[str, ...]:
    return kinds_of(group.nominations)


def group_status(kinds: Iterable[str], decisions: Mapping[str, str | None]) -> str:
    """A group's status from its nominated ``kinds`` and the current decision of each, in this order:
    in progress while any nominated kind is undecided; partially approved when there are approvals and
    rejections; rejected when every decided kind is rejected; approved otherwise."""
    outcomes = [decisions.get(kind) for kind in kinds]
    if not outcomes or any(outcome is None for outcome in outcomes):
        return IN_PROGRESS
    if APPROVED in outcomes and REJECTED in outcomes:
        return PARTIALLY_APPROVED
    if all(outcome == REJECTED for outcome in outcomes):
        return REJECTED
    return APPROVED


def status_of(group: NominationGroup) -> str:
    kinds = nominated_kinds(group)
    return group_status(kinds, {kind: group.decision(kind) for kind in kinds})
