"""Nomination events: who runs them, creating and editing one (validated), its coordinators, and the lists
the coordinators' pages read (events with their counts, an event's groups).

An event's status is derived (``jobs.services.nominations.event_status``); nothing here stores one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, selectinload

from jobs.models import Nomination, NominationEvent, NominationGroup
from jobs.services import JobsError
from talent import audit
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.models import Role, User

LANGS = ("en", "fr")
# field: (longest text, required)
TEXTS: dict[str, tuple[int, bool]] = {"name": (255, True), "description": (8000, True), "link": (500, False)}
EDITABLE = (
    *(f"{field}_{lang}" for field in TEXTS for lang in LANGS),
    "opens_at",
    "closes_at",
    "development_programmes",
    "assesses_leadership",
)


def runs(user: User, event: NominationEvent) -> bool:
    """Whether ``user`` runs ``event``: one of its coordinators, or an administrator."""
    return user.is_admin or (
        user.role == Role.COORDINATOR and any(c.id == user.id for c in event.coordinators)
    )


# --- Validation ---------------------------------------------------------------------------------------------


def _text(value: Any, field: str, limit: int, required: bool) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        if required:
            raise JobsError(_l("This field is required."), field)
        return None
    if len(text) > limit:
        raise JobsError(_l("Use at most %(n)d characters.", n=limit), field)
    return text


def _link(value: str | None, field: str) -> str | None:
    """A web address: ``http`` or ``https`` with a host, no spaces (``javascript:`` and the like refused)."""
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # "http://[not-an-address"
        host = None
    if (
        host is None
        or parts.scheme.lower() not in ("http", "https")
        or any(c.isspace() or ord(c) < 32 for c in value)
    ):
        raise JobsError(_l("Enter a web address starting with https:// or http://."), field)
    return value


def clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The event's fields from ``data`` (keys of ``EDITABLE``), checked: both names and both descriptions,
    links that are web addresses, an opening and a later closing moment (aware datetimes), programmes of
    ``talent.vocab.DEVELOPMENT_PROGRAMMES``. Raises ``JobsError`` naming the field at fault."""
    values: dict[str, Any] = {}
    for field, (limit, required) in TEXTS.items():
        for lang in LANGS:
            name = f"{field}_{lang}"
            values[name] = _text(data.get(name), name, limit, required)
            if field == "link":
                values[name] = _link(values[name], name)
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if not isinstance(opens, datetime):
        raise JobsError(_l("This field is required."), "opens_at")
    if not isinstance(closes, datetime):
        raise JobsError(_l("This field is required."), "closes_at")
    if closes <= opens:
        raise JobsError(_l("The event must close after it opens."), "closes_at")
    values["opens_at"], values["closes_at"] = opens, closes
    programmes = list(dict.fromkeys(data.get("development_programmes") or []))
    if any(code not in talent_vocab.DEVELOPMENT_PROGRAMMES for code in programmes):
        raise JobsError(_l("Choose an option from the list."), "development_programmes")
    values["development_programmes"] = [c for c in talent_vocab.DEVELOPMENT_PROGRAMMES if c in programmes]
    values["assesses_leadership"] = bool(data.get("assesses_leadership"))
    return values


# --- Changes ------------------------------------------------------------------------------------------------


def create(actor: User, data: Mapping[str, Any]) -> NominationEvent:
    """A new event; a coordinator who creates one runs it."""
    if not (actor.is_admin or actor.role == Role.COORDINATOR):
        raise JobsError(_l("Only talent coordinators and administrators can create an event."))
    event = NominationEvent(created_by_id=actor.id, **clean(data))
    if actor.role == Role.COORDINATOR:
        event.coordinators.append(actor)
    db.session.add(event)
    db.session.flush()
    audit.record("nomination_event.created", actor=actor, target_type="nomination_event", target_id=event.id)
    return event


def update(actor: User, event: NominationEvent, data: Mapping[str, Any]) -> list[str]:
    """Save the event's fields; returns the names of those that changed (audited)."""
    if not runs(actor, event):
        raise JobsError(_l("Only the coordinators of this event and administrators can change it."))
    changed = sorted(audit.apply_changes(event, clean(data)))
    db.session.flush()
    if changed:
        audit.record(
            "nomination_event.updated",
            actor=actor,
            target_type="nomination_event",
            target_id=event.id,
            fields=changed,
        )
    return changed


def find_coordinator(email: str) -> User | None:
    """An active account by e-mail address (any case), else None; whether it is a coordinator is
    ``add_coordinator``'s to say."""
    address = (email or "").strip().lower()
    if not address:
        return None
    user = db.session.scalars(select(User).where(func.lower(User.email) == address)).first()
    if user is None or not user.active or user.deleted_at is not None:
        return None
    return user


def add_coordinator(actor: User, event: NominationEvent, coordinator: User) -> bool:
    """Make ``coordinator`` (a talent coordinator's account) one of the event's; False if they were already.
    Administrators only."""
    if not actor.is_admin:
        raise JobsError(_l("Only administrators can change who runs an event."))
    if coordinator.role != Role.COORDINATOR or not coordinator.active or coordinator.deleted_at is not None:
        raise JobsError(
            _l("Only talent coordinators can run an event. An administrator can give this role."), "email"
        )
    if any(c.id == coordinator.id for c in event.coordinators):
        return False
    event.coordinators.append(coordinator)
    db.session.flush()
    audit.record(
        "nomination_event.coordinator_added",
        actor=actor,
        target_type="nomination_event",
        target_id=event.id,
        coordinator=coordinator.id,
    )
    return True


def remove_coordinator(actor: User, event: NominationEvent, coordinator: User) -> None:
    """``coordinator`` no longer runs the event. Administrators only."""
    if not actor.is_admin:
        raise JobsError(_l("Only administrators can change who runs an event."))
    if not any(c.id == coordinator.id for c in event.coordinators):
        raise JobsError(_l("This person does not run this event."))
    event.coordinators.remove(coordinator)
    db.session.flush()
    audit.record(
        "nomination_event.coordinator_removed",
        actor=actor,
        target_type="nomination_event",
        target_id=event.id,
        coordinator=coordinator.id,
    )


# --- Lists --------------------------------------------------------------------------------------------------


def group_counts(event_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per event (of a page of them): its groups, and how many of them the nominee declined (one
    statement)."""
    ids = list(event_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            NominationGroup.event_id,
            func.count(NominationGroup.id),
            func.count(NominationGroup.declined_at),
        )
        .where(NominationGroup.event_id.in_(ids))
        .group_by(NominationGroup.event_id)
    )
    return {int(event_id): (int(groups), int(declined)) for event_id, groups, declined in rows.all()}


def groups_of(event: NominationEvent) -> Select[Any]:
    """The event's groups by nominee name, each with its nominee and its submitted nominations loaded with
    it (a page of them takes three statements whatever its size)."""
    return (
        select(NominationGroup)
        .join(User, User.id == NominationGroup.nominee_id)
        .where(NominationGroup.event_id == event.id)
        .options(
            contains_eager(NominationGroup.nominee),
            selectinload(NominationGroup.nominations),
        )
        .order_by(func.lower(User.last_name), func.lower(User.first_name), NominationGroup.id)
    )


def submitted(group: NominationGroup) -> list[Nomination]:
    """The group's submitted nominations, in the order they came."""
    return [n for n in group.nominations if n.submitted]
