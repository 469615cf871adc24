"""Writing to the audit log. Services call ``record``; the caller's boundary commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import has_request_context
from flask_login import current_user

from talent.extensions import client_address, db
from talent.models import AuditEvent, User
from talent.security import current_account


def record(
    action: str,
    *,
    actor: User | None = None,
    target_type: str | None = None,
    target_id: int | str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event. ``actor`` defaults to the signed-in user, if any."""
    return record_many(action, actor=actor, target_type=target_type, target_ids=[target_id], **details)[0]


def record_many(
    action: str,
    *,
    actor: User | None = None,
    target_type: str | None = None,
    target_ids: Sequence[int | str | None],
    **details: Any,
) -> list[AuditEvent]:
    """Append one event per target, alike but for the target, in one flush (one ``INSERT`` for all:
    a page that shows many profiles records each view without a statement per profile)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_account()
    ip = client_address() if has_request_context() else None
    kept = {k: v for k, v in details.items() if v is not None}
    events = [
        AuditEvent(
            actor_id=actor.id if actor is not None else None,
            actor_label=actor.email if actor is not None else "system",
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id is not None else None,
            ip=ip,
            details=dict(kept),
        )
        for target_id in target_ids
    ]
    db.session.add_all(events)
    db.session.flush()
    return events


def apply_changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``values`` to ``obj``; return ``{field: [old, new]}`` for what changed (what an audit event
    records as its ``changes``)."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [old, value]
            setattr(obj, name, value)
    return changes
