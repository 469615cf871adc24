"""Background tasks of the talent package. Ids in, app context provided by the bound task class."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from flask import current_app

from talent import mail
from talent.dispatch import send_now
from talent.extensions import db


@shared_task(
    name=mail.SEND_TASK,
    bind=True,
    autoretry_for=(mail.TransientMailError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=mail.MAX_ATTEMPTS,
    soft_time_limit=60,
    time_limit=90,
    acks_late=True,
)
def send_outbox_message(self: object, message_id: int) -> str | None:
    """Deliver one outbox message. Safe to run twice: a message already sent is left alone."""
    try:
        status = mail.deliver(message_id)
        db.session.commit()
    except mail.TransientMailError:
        db.session.commit()  # keep the attempt count and the error
        raise
    except Exception:
        db.session.rollback()
        raise
    return status.value if status is not None else None


@shared_task(name="talent.outbox.sweep", soft_time_limit=50, time_limit=60)
def sweep_outbox() -> int:
    """Re-send messages still pending after two minutes (broker was down, or a worker was lost)."""
    ids = mail.stale_pending_ids(timedelta(minutes=2))
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return sum(send_now(app, mail.SEND_TASK, (message_id,)) for message_id in ids)
