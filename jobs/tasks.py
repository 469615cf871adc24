"""Background tasks of the recruitment package. Ids in (or nothing), app context provided by the bound task
class; registered with the Celery app by ``talent.app.register_extensions``."""

from __future__ import annotations

from celery import shared_task

from talent.extensions import db


@shared_task(name="jobs.requests.notify_follow_ups", soft_time_limit=50, time_limit=60, acks_late=True)
def notify_follow_ups() -> int:
    """Tell the recruitment team of the open requests due for follow-up today (Celery beat, every hour).
    Safe to run twice, or every hour: each person is told once per request and day."""
    from jobs.services import requests
    from talent import clock

    try:
        told = requests.notify_follow_ups_due(clock.today())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return told
