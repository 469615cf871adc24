"""What the pages of the ``jobs_talent`` blueprint share: the blueprint object, the role checks, and looking
up an event or a group the signed-in coordinator may act on. Anything else is a 404, never a 403, so that
ids reveal nothing.

The blueprint's pages are listed in ``blueprint.py``; the pages import this module only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from sqlalchemy import Select, select

from jobs.models import NominationEvent, NominationGroup
from jobs.services import nomination_events
from talent.extensions import db
from talent.models import Role, User
from talent.security import current_account, roles_required

bp = Blueprint(
    "jobs_talent", __name__, url_prefix="/<lang:lang_code>/talent-management", template_folder="templates"
)
# Coordinators run the events they are assigned to; administrators run every event.
coordinators_only = roles_required(Role.COORDINATOR, Role.ADMIN)

PAGE_SIZE = 50


def events_run_by(user: User) -> Select[Any]:
    """The events ``user`` runs, newest opening first."""
    stmt = select(NominationEvent).order_by(NominationEvent.opens_at.desc(), NominationEvent.id.desc())
    if not user.is_admin:
        stmt = stmt.where(NominationEvent.coordinators.any(id=user.id))
    return stmt


def event_or_404(event_id: int) -> NominationEvent:
    """An event the signed-in coordinator runs (administrators: any), else 404."""
    event = db.session.get(NominationEvent, event_id)
    if event is None or not nomination_events.runs(current_account(), event):
        abort(404)
    return event


def group_or_404(event: NominationEvent, group_id: int) -> NominationGroup:
    """A group of ``event`` (already checked with ``event_or_404``), else 404."""
    group = db.session.get(NominationGroup, group_id)
    if group is None or group.event_id != event.id:
        abort(404)
    return group
