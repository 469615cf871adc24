"""Background tasks of the talent package. Ids in, app context provided by the bound task class."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from celery import Task, shared_task
from flask import current_app

from talent import mail
from talent.dispatch import send_now
from talent.extensions import db

log = logging.getLogger(__name__)


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
def send_outbox_message(self: Task, message_id: int) -> str | None:
    """Deliver one outbox message. Safe to run twice: a message already sent is left alone. A message
    still in its undo window is not sent now: the task asks to come back when it is due."""
    wait = mail.seconds_until_due(message_id)
    if wait > 0:
        _come_back_later(self, message_id, wait)
        return "waiting"
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


def _come_back_later(task: Task, message_id: int, wait: float) -> None:
    """Send the task again once the message is due: through the broker with a countdown (a worker holds it
    until then), or, run in-process without a broker (``make run``), from a timer thread. Either way the
    message stays pending in the table, where the sweeper finds it if this is lost."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if task.request.is_eager:
        timer = threading.Timer(wait, send_now, args=(app, mail.SEND_TASK, (message_id,)))
        timer.daemon = True
        timer.start()
        return
    try:
        task.apply_async(args=(message_id,), countdown=wait)
    except Exception as exc:  # the broker went away meanwhile: the sweeper sends it when it is due
        log.warning("could not schedule outbox message %s for later: %s", message_id, exc)


@shared_task(name="talent.outbox.sweep", soft_time_limit=50, time_limit=60)
def sweep_outbox() -> int:
    """Re-send messages still pending two minutes after they were due (broker was down, or a worker was
    lost); a message waiting for its undo window is not due yet."""
    ids = mail.stale_pending_ids(timedelta(minutes=2))
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return sum(send_now(app, mail.SEND_TASK, (message_id,)) for message_id in ids)
