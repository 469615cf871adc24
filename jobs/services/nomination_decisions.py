"""The coordinators' decisions on a nominee's group: approve or reject each kind of nomination (with notes
and, for advancement and lateral movement, the last day the person is available), reopen a decision, and
record or clear a promotion.

Every decision and every reversal appends a ``NominationDecision``, updates the group's current decision
of that kind (``<kind>_decision``, ``<kind>_expires_on``), is audited and told to the nominee. The group's
status is derived from the current decisions (``jobs.services.nominations.status_of``). Changes go through
the ORM session, so the change log of talent counts (``jobs.services.talent_changes``) sees them.

Refused, with a message and nothing stored: a decision by anyone but a coordinator of the event (or an
administrator), on a kind the person was not nominated for, on a group the nominee declined; an approval
for advancement or lateral movement without an expiry, or with one in the past (today, in the reference
time zone, is accepted); an expiry for development programmes.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from jobs.models.nominations import (
    APPROVED,
    AVAILABILITY_KINDS,
    KINDS,
    REJECTED,
    NominationDecision,
    NominationGroup,
)
from jobs.services import JobsError
from jobs.services.nomination_events import runs
from jobs.services.nominations import nominated_kinds
from talent import audit, clock, notifications
from talent.models import User
from talent.notifications import Link
from talent.signals import notify_candidate_changed

DECISIONS = (APPROVED, REJECTED)
NOTES_MAX = 4000
UNDECIDED = "undecided"
# Where the nominee reads their nominations (the nominating pages' endpoint).
NOMINEE_PAGE = "jobs_talent.received"


def _may_change(actor: User, group: NominationGroup, kind: str) -> None:
    if not runs(actor, group.event):
        raise JobsError(_l("Only the coordinators of this event and administrators can decide on it."))
    if group.declined_at is not None:
        raise JobsError(_l("The nominee declined their nominations in this event: nothing can be decided."))
    if kind not in KINDS or kind not in nominated_kinds(group):
        raise JobsError(_l("This person was not nominated for this kind of move in this event."))


def _notes(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > NOTES_MAX:
        raise JobsError(_l("Use at most %(n)d characters.", n=NOTES_MAX), "notes")
    return text


def _expiry(kind: str, decision: str, expires_on: date | None, today: date | None) -> date | None:
    if kind not in AVAILABILITY_KINDS:
        if expires_on is not None:
            raise JobsError(_l("Development programmes have no availability expiry."), "expires_on")
        return None
    if decision != APPROVED:
        return None
    if expires_on is None:
        raise JobsError(_l("Give the last day the person is available with an approval."), "expires_on")
    if expires_on < (today or clock.today()):
        raise JobsError(_l("The expiry cannot be in the past."), "expires_on")
    return expires_on


def _record(
    actor: User, group: NominationGroup, kind: str, decision: str | None, notes: str, expires_on: date | None
) -> NominationDecision:
    """Append the decision, make it the group's current one, audit it and tell the nominee."""
    before = group.decision(kind)
    setattr(group, f"{kind}_decision", decision)
    if kind in AVAILABILITY_KINDS:
        setattr(group, f"{kind}_expires_on", expires_on)
    row = NominationDecision(
        kind=kind, decision=decision, notes=notes, expires_on=expires_on, decided_by_id=actor.id
    )
    group.decisions.append(row)
    audit.record(
        "nomination.decided" if decision else "nomination.reopened",
        actor=actor,
        target_type="nomination_group",
        target_id=group.id,
        event=group.event_id,
        kind=kind,
        decision=decision,
        before=before,
        expires_on=expires_on.isoformat() if expires_on else None,
    )
    if kind in AVAILABILITY_KINDS:
        # Availability to managers may have changed: match lists may rank the person differently.
        notify_candidate_changed(group.nominee_id, "nomination.decided")
    event = group.event
    notifications.notify(
        group.nominee,
        "nomination.decision",
        about=("nomination_group", group.id),
        link=Link(NOMINEE_PAGE),
        params={
            "event": {"en": event.name("en"), "fr": event.name("fr")},
            "kind": kind,
            "decision": decision or UNDECIDED,
        },
        topic=f"nomination_group:{group.id}:{kind}",
        state=decision or UNDECIDED,
        prior=before or UNDECIDED,
        undoable=True,
    )
    return row


def decide(
    actor: User,
    group: NominationGroup,
    kind: str,
    decision: str,
    notes: str | None = None,
    expires_on: date | None = None,
    *,
    today: date | None = None,
) -> NominationDecision:
    """Approve or reject ``kind`` for the group's nominee (a decision already made is replaced)."""
    _may_change(actor, group, kind)
    if decision not in DECISIONS:
        raise JobsError(_l("Choose whether to approve or reject."), "decision")
    text = _notes(notes)
    expiry = _expiry(kind, decision, expires_on, today)
    return _record(actor, group, kind, decision, text, expiry)


def reopen(actor: User, group: NominationGroup, kind: str, notes: str | None = None) -> NominationDecision:
    """Put ``kind`` back to undecided (the decision stays in the history)."""
    _may_change(actor, group, kind)
    if group.decision(kind) is None:
        raise JobsError(_l("There is no decision to reopen."))
    return _record(actor, group, kind, None, _notes(notes), None)


# --- Promotions ---------------------------------------------------------------------------------------------


def approved_for_a_move(group: NominationGroup) -> bool:
    """Approved for advancement or lateral movement (whatever the expiry): a promotion can be recorded."""
    return any(group.decision(kind) == APPROVED for kind in AVAILABILITY_KINDS)


def record_promotion(
    actor: User, group: NominationGroup, promoted_on: date | None, *, today: date | None = None
) -> None:
    """Record that the approved person was promoted on ``promoted_on`` (not in the future)."""
    if not runs(actor, group.event):
        raise JobsError(_l("Only the coordinators of this event and administrators can decide on it."))
    if not approved_for_a_move(group):
        raise JobsError(
            _l("A promotion can be recorded only for a person approved for advancement or a move.")
        )
    if promoted_on is None:
        raise JobsError(_l("This field is required."), "promoted_on")
    if promoted_on > (today or clock.today()):
        raise JobsError(_l("The date of the promotion cannot be in the future."), "promoted_on")
    group.promoted_on, group.promotion_recorded_by_id = promoted_on, actor.id
    audit.record(
        "nomination.promotion_recorded",
        actor=actor,
        target_type="nomination_group",
        target_id=group.id,
        event=group.event_id,
        promoted_on=promoted_on.isoformat(),
    )


def clear_promotion(actor: User, group: NominationGroup) -> None:
    if not runs(actor, group.event):
        raise JobsError(_l("Only the coordinators of this event and administrators can decide on it."))
    if group.promoted_on is None:
        raise JobsError(_l("No promotion is recorded."))
    group.promoted_on, group.promotion_recorded_by_id = None, None
    audit.record(
        "nomination.promotion_cleared",
        actor=actor,
        target_type="nomination_group",
        target_id=group.id,
        event=group.event_id,
    )
