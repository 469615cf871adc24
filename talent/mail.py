"""Notifications by e-mail, through the outbox.

``queue_email`` writes an ``OutboxMessage`` and asks for the ``talent.outbox.send`` task after commit.
The task delivers through SMTP, or, with no SMTP host configured, writes the message to the log and
marks it ``logged`` so nothing is lost. ``sweep`` re-sends messages left pending (broker down, worker
lost), so every message is eventually delivered or marked failed with its error.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from talent.dispatch import after_commit
from talent.extensions import db
from talent.models._types import utcnow
from talent.models.outbox import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
SEND_TASK = "talent.outbox.send"
MAX_ATTEMPTS = 5


def queue_email(kind: str, recipient: str, locale: str, template: str, **context: object) -> OutboxMessage:
    """Render ``mail/<template>.txt`` in the recipient's language and queue it.

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(locale if locale in current_app.config["LANGUAGES"] else "en"):
        rendered = render_template(f"mail/{template}.txt", **context).strip()
    subject, _, body = rendered.partition("\n")
    message = OutboxMessage(
        kind=kind, recipient=recipient, locale=locale, subject=subject.strip(), body=body.strip() + "\n"
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


def stale_pending_ids(older_than: timedelta, limit: int = 500) -> list[int]:
    """Pending messages created more than ``older_than`` ago (their task was lost or never sent)."""
    cutoff = utcnow() - older_than
    return list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.created_at < cutoff)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )
