"""E-mail through the outbox: a real worker delivers to a real SMTP server; nothing is lost when the
broker or the SMTP server is down."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from talent import mail
from talent.models import OutboxMessage, Role
from talent.models.outbox import OutboxStatus
from tests.conftest import csrf_token, wait_until

pytestmark = pytest.mark.worker


def _status(db, message_id):
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id).status


def test_a_registration_mail_is_delivered_by_the_worker(worker_app, committed, celery_worker, smtp_server):
    client = worker_app.test_client()
    token = csrf_token(client, "/fr/register")
    response = client.post(
        "/fr/register",
        data={
            "role": "candidate",
            "first_name": "Zoé",
            "last_name": "Tremblay",
            "email": "zoe@example.com",
            "password": "purple elephant marmalade",
            "locale": "fr",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200  # "check your e-mail"
    message = committed.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "zoe@example.com")
    ).one()
    wait_until(lambda: _status(committed, message.id) == OutboxStatus.SENT)
    received = wait_until(lambda: [m for m in smtp_server.messages if m["To"] == "zoe@example.com"])
    assert received[0]["Subject"] == "Confirmez votre adresse courriel"
    assert "Zoé Tremblay" in received[0].get_content()


def test_sending_twice_delivers_once(worker_app, committed, celery_worker, smtp_server):
    message = mail.queue_email(
        "password_changed",
        "twice@example.com",
        "en",
        "password_changed",
        user=type("U", (), {"display_name": "Twice"})(),
    )
    committed.session.commit()
    from talent.dispatch import send_now

    send_now(worker_app, mail.SEND_TASK, (message.id,))  # a duplicate, as a sweeper might send
    wait_until(lambda: _status(committed, message.id) == OutboxStatus.SENT)
    time.sleep(1.0)
    assert len([m for m in smtp_server.messages if m["To"] == "twice@example.com"]) == 1


def test_broker_down_answers_fast_and_the_sweeper_sends_later(
    make_app_committed, committed, celery_worker, smtp_server, worker_app
):
    down = make_app_committed(REDIS_URL="redis://127.0.0.1:1/0", TASK_DISPATCH="celery")
    client = down.test_client()
    token = csrf_token(client, "/en/register")
    started = time.monotonic()
    response = client.post(
        "/en/register",
        data={
            "role": "manager",
            "first_name": "Bo",
            "last_name": "Down",
            "email": "bo@example.com",
            "password": "purple elephant marmalade",
            "locale": "en",
            "csrf_token": token,
        },
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 3.0, f"registration took {elapsed:.1f} s with the broker down"
    message = committed.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "bo@example.com")
    ).one()
    assert message.status == OutboxStatus.PENDING
    # The broker is back (the worker app's Redis): the sweeper re-sends what was left pending.
    message.created_at = message.created_at.replace(year=message.created_at.year - 1)
    committed.session.commit()
    worker_app.extensions["celery"].tasks["talent.outbox.sweep"].apply()
    wait_until(lambda: _status(committed, message.id) == OutboxStatus.SENT)


def test_no_smtp_configured_means_logged_and_kept(app, db, caplog):
    message = mail.queue_email(
        "password_changed",
        "log@example.com",
        "en",
        "password_changed",
        user=type("U", (), {"display_name": "Log"})(),
    )
    app.config["SMTP_HOST"] = None
    with caplog.at_level("INFO", logger="talent.mail"):
        assert mail.deliver(message.id) == OutboxStatus.LOGGED
    assert "log@example.com" in caplog.text and "Your password was changed" in caplog.text
    assert db.session.get(OutboxMessage, message.id).sent_at is not None


def test_smtp_down_is_retried_then_marked_failed_with_the_error(app, db, monkeypatch):
    message = mail.queue_email(
        "password_changed",
        "retry@example.com",
        "en",
        "password_changed",
        user=type("U", (), {"display_name": "Retry"})(),
    )
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 1)  # nothing listens there
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 1)
    for _ in range(mail.MAX_ATTEMPTS - 1):
        with pytest.raises(mail.TransientMailError):
            mail.deliver(message.id)
    assert mail.deliver(message.id) == OutboxStatus.FAILED
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.attempts == mail.MAX_ATTEMPTS and "ConnectionRefused" in stored.last_error


def test_rolled_back_work_sends_nothing(app, db):
    app.extensions["dispatched"] = []
    mail.queue_email(
        "password_changed",
        "never@example.com",
        "en",
        "password_changed",
        user=type("U", (), {"display_name": "N"})(),
    )
    db.session.rollback()
    db.session.commit()
    assert app.extensions["dispatched"] == []


def test_commit_sends_the_task_with_json_arguments(app, db, make_user):
    app.extensions["dispatched"] = []
    user = make_user(Role.CANDIDATE.value, email="json@example.com")
    message = mail.queue_email("password_changed", user.email, "en", "password_changed", user=user)
    db.session.commit()
    assert app.extensions["dispatched"] == [(mail.SEND_TASK, (message.id,))]


def test_a_waiting_message_is_swept_once_due_and_not_before(
    make_app_committed, committed, celery_worker, smtp_server, worker_app
):
    from datetime import timedelta

    from talent.models._types import utcnow

    down = make_app_committed(REDIS_URL="redis://127.0.0.1:1/0", TASK_DISPATCH="celery")
    with down.app_context():
        message = mail.queue_email(
            "password_changed",
            "swept@example.com",
            "en",
            "password_changed",
            send_after=utcnow() + timedelta(hours=1),
            user=type("U", (), {"display_name": "Swept"})(),
        )
        committed.session.commit()  # the broker is down: its task is lost
        message_id = message.id
    sweep = worker_app.extensions["celery"].tasks["talent.outbox.sweep"]
    stored = committed.session.get(OutboxMessage, message_id)
    stored.created_at = stored.created_at.replace(year=stored.created_at.year - 1)
    committed.session.commit()
    assert sweep.apply().get() == 0  # old, but still in its undo window: not due
    stored.send_after = utcnow() - timedelta(minutes=3)
    committed.session.commit()
    assert sweep.apply().get() == 1
    wait_until(lambda: _status(committed, message_id) == OutboxStatus.SENT)
    assert [m["To"] for m in smtp_server.messages].count("swept@example.com") == 1
