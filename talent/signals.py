"""Events other packages may react to, without ``talent`` (or ``jobs``) importing them.

``candidate_changed`` is sent, inside the transaction, whenever something that can change where a
person ranks changes: their skills or experiences, their pool memberships or availability, their choice
to opt out of automated matching. Receivers write in the same transaction (the caller commits).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

candidate_changed = _signals.signal("candidate-changed")


def notify_candidate_changed(user_id: int, reason: str) -> None:
    candidate_changed.send(None, user_id=user_id, reason=reason)
