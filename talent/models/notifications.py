"""In-app notifications: what happened to a person's records, shown in the header and on their list.

A row holds no sentence: its ``kind`` and ``params`` are rendered when the page is read, in the page's
language (``notifications/kinds/<kind>.html``), so the same notification reads in English and in French.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talent.extensions import Model
from talent.models._types import UTCDateTime, utcnow


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The list (newest first) and the unread count of one person.
        Index("ix_notifications_recipient_id_id", "recipient_id", "id"),
        Index("ix_notifications_recipient_id_read_at", "recipient_id", "read_at"),
        # The latest notification of one person on one topic (the undo window).
        Index("ix_notifications_recipient_id_topic", "recipient_id", "topic"),
        # "Once per key and person" (a follow-up reminder: once per request and day), whatever runs twice;
        # led by the key, which is how the reminders look it up.
        UniqueConstraint("once_key", "recipient_id", name="uq_notifications_once_key_recipient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    # The record it is about (``application``, ``referral``, ``talent_request``...) and its id.
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    # Where following it leads: an endpoint and its values (the language is the reader's), or a path.
    link_endpoint: Mapped[str | None] = mapped_column(String(128))
    link_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link_path: Mapped[str | None] = mapped_column(String(500))
    # What the text needs: plain values, or {"en": ..., "fr": ...} for values that have both languages.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The undo window: a later notification on the same topic before ``undo_until`` replaces this one (and
    # cancels its e-mail, still waiting in the outbox). ``state`` is what this one tells; ``prior_state``
    # what the person knew before it, so a change undone within the window tells nothing at all.
    topic: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(64))
    prior_state: Mapped[str | None] = mapped_column(String(64))
    undo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    once_key: Mapped[str | None] = mapped_column(String(100))

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} to {self.recipient_id}>"
