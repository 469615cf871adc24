"""Sending background tasks once the data they need is committed.

Services call ``after_commit(task_name, *args)``. When the session commits, each task is sent:
- ``celery``: to the broker, with bounded timeouts; if the broker is down the error is logged and the
  work stays recorded in the database (outbox rows, queued runs), where a periodic sweeper finds it;
- ``thread``: run in a background thread of this process (the zero-setup default, no broker);
- ``record``: only appended to ``app.extensions["dispatched"]`` (unit tests that look at what was sent).
A rollback drops the pending tasks, so nothing runs for data that was never written.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from celery import current_app as current_celery
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from talent.extensions import db

log = logging.getLogger(__name__)
_KEY = "talent.pending_tasks"


def after_commit(task_name: str, *args: Any) -> None:
    """Send task ``task_name`` with JSON ``args`` once the current transaction commits."""
    db.session.info.setdefault(_KEY, []).append((task_name, args))


def send_now(app: Flask, task_name: str, args: tuple[Any, ...]) -> bool:
    """Send one task at once; True when it was handed over."""
    mode = app.config["TASK_DISPATCH"]
    if mode == "record":
        app.extensions.setdefault("dispatched", []).append((task_name, args))
        return True
    celery_app = app.extensions["celery"]
    if mode == "thread":
        executor: ThreadPoolExecutor = app.extensions["task_executor"]
        executor.submit(_run_in_thread, app, task_name, args)
        return True
    try:
        # A connection of its own for each send, not the pool's: a pooled connection can be dead after a
        # Redis restart, and a send must never hang or fail because of it. Timeouts bound every step.
        with celery_app.connection_for_write() as connection:
            celery_app.send_task(task_name, args=list(args), retry=False, connection=connection)
    except Exception as exc:
        log.warning("broker unavailable, %s%r stays queued for the sweeper: %s", task_name, args, exc)
        return False
    return True


def _run_in_thread(app: Flask, task_name: str, args: tuple[Any, ...]) -> None:
    with app.app_context():
        task = app.extensions["celery"].tasks[task_name]
        try:
            task.apply(args=args, throw=True)
        except Exception:
            log.exception("background task %s%r failed", task_name, args)


def _on_commit(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if not pending:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for task_name, args in pending:
        send_now(app, task_name, args)


def _on_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def register_dispatch(app: Flask) -> None:
    if app.config["TASK_DISPATCH"] == "thread":
        app.extensions["task_executor"] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="talent-task")
    if not event.contains(db.session, "after_commit", _on_commit):
        event.listen(db.session, "after_commit", _on_commit)
        event.listen(db.session, "after_soft_rollback", lambda s, _t: _on_rollback(s))


__all__ = ["after_commit", "current_celery", "register_dispatch", "send_now"]
