"""The e-mail outbox: every notification is a row first, sent by a Celery task afterwards (not before
``send_after`` when it has one)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talent.extensions import Model
from talent.models._types import UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for a worker
    SENT = "sent"  # handed to the SMTP server
    LOGGED = "logged"  # no SMTP configured: written to the log, kept here
    FAILED = "failed"  # gave up after the last retry; the error is kept
    CANCELLED = "cancelled"  # replaced or undone within its undo window, before ``send_after``: never sent


class OutboxMessage(Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(2), default="en")
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(
            OutboxStatus,
            name="outbox_status",
            values_callable=lambda e: [m.value for m in e],
            native_enum=False,
            length=20,
        ),
        default=OutboxStatus.PENDING,
        index=True,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Not before this moment (a decision's undo window); None: at once.
    send_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
