"""Notifications by e-mail, through the outbox.

``queue_email`` writes an ``OutboxMessage`` and asks for the ``talent.outbox.send`` task after commit.
The task delivers through SMTP, or, with no SMTP host configured, writes the message to the log and
marks it ``logged`` so nothing is lost. ``sweep`` re-sends messages left pending (broker down, worker
lost), so every message is eventually delivered, marked failed with its error, or cancelled.

A message may wait: with ``send_after`` (a decision's undo window, ``talent.notifications``) nothing
delivers it before that moment, and ``cancel`` can still withdraw it until then (status ``cancelled``,
never sent). After that moment it can no longer be cancelled, and is delivered like any other.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, cast

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import CursorResult, func, select, update

from talent.dispatch import after_commit
from talent.extensions import db
from talent.models._types import utcnow
from talent.models.outbox import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
SEND_TASK = "talent.outbox.send"
MAX_ATTEMPTS = 5


def queue_email(
    kind: str,
    recipient: str,
    locale: str,
    template: str,
    *,
    send_after: datetime | None = None,
    **context: object,
) -> OutboxMessage:
    """Render ``mail/<template>.txt`` in the recipient's language and queue it (to be sent no sooner than
    ``send_after``, when given).

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(locale if locale in current_app.config["LANGUAGES"] else "en"):
        rendered = render_template(f"mail/{template}.txt", **context).strip()
    subject, _, body = rendered.partition("\n")
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        locale=locale,
        subject=subject.strip(),
        body=body.strip() + "\n",
        send_after=send_after,
    )
    db.session.add(message)
    db.session.flush()
    after_commit(SEND_TASK, message.id)
    return message


class TransientMailError(Exception):
    """The SMTP server could not be reached or refused for now: try again later."""


def deliver(message_id: int) -> OutboxStatus | None:
    """Deliver one message if it is still pending; return its new status (None if unknown or done).

    Locks the row so two workers given the same message do not both send it.
    """
    stmt = select(OutboxMessage).where(OutboxMessage.id == message_id)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    message = db.session.scalars(stmt).first()
    if message is None or message.status != OutboxStatus.PENDING:
        return None
    if message.send_after is not None and message.send_after > utcnow():
        return None  # still in its undo window: the task comes back when it is due
    message.attempts += 1
    config = current_app.config
    if not config["SMTP_HOST"]:
        log.info(
            "e-mail (no SMTP configured) to=%s subject=%s\n%s",
            message.recipient,
            message.subject,
            message.body,
        )
        message.status = OutboxStatus.LOGGED
        message.sent_at = utcnow()
        return message.status
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Content-Language"] = message.locale
    email.set_content(message.body)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            return message.status
        raise TransientMailError(message.last_error) from exc
    message.status = OutboxStatus.SENT
    message.sent_at = utcnow()
    message.last_error = None
    return message.status


def seconds_until_due(message_id: int) -> float:
    """How long a pending message still waits for its ``send_after`` (0 when due, unknown or done)."""
    send_after = db.session.scalar(
        select(OutboxMessage.send_after).where(
            OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING
        )
    )
    if send_after is None:
        return 0.0
    return max(0.0, (send_after - utcnow()).total_seconds())


def cancel(message_id: int) -> bool:
    """Withdraw a message still waiting for its ``send_after``: True if it will never be sent.

    False when it is due already, sent, failed or cancelled: once due, a message is delivered whatever
    follows. One conditional UPDATE, so a worker delivering it at that very moment (it holds the row's lock)
    is waited for, and then nothing is cancelled."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.send_after > utcnow(),
        )
        .values(status=OutboxStatus.CANCELLED)
        .execution_options(synchronize_session="fetch")
    )
    return cast(CursorResult[Any], result).rowcount == 1


def stale_pending_ids(older_than: timedelta, limit: int = 500) -> list[int]:
    """Pending messages due more than ``older_than`` ago (their task was lost or never sent): due when
    created, or at their ``send_after``."""
    cutoff = utcnow() - older_than
    due_at = func.coalesce(OutboxMessage.send_after, OutboxMessage.created_at)
    return list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.PENDING, due_at < cutoff)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )
