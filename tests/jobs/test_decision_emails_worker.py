"""A decision's e-mail and its undo window, end to end (issue 14, part 3): real commits, a real Celery
worker delivering to a real SMTP server. Reverted within the window: never sent. Left alone: sent once the
window is over, not before, with a link on the configured address and port. Changed seven times in a
row: one e-mail, with the last state."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.models import Application, Process
from jobs.services import decisions
from talent.models import OutboxMessage, Role, User
from talent.models._types import utcnow
from talent.models.outbox import OutboxStatus
from tests.conftest import wait_until

pytestmark = pytest.mark.worker

WINDOW = 2  # seconds: long enough to undo within it from a test, short enough to wait for
BASE = "http://localhost:8123"


@pytest.fixture
def window(worker_app, monkeypatch):
    monkeypatch.setitem(worker_app.config, "DECISION_EMAIL_DELAY_SECONDS", WINDOW)
    monkeypatch.setitem(worker_app.config, "PUBLIC_BASE_URL", BASE)


@pytest.fixture
def application(committed):
    """A submitted application of a candidate with an address of their own, committed."""
    tag = secrets.token_hex(4)
    recruiter = User(email=f"rec-{tag}@example.com", password_hash="x", role=Role.RECRUITER)
    candidate = User(
        email=f"cand-{tag}@example.com",
        password_hash="x",
        role=Role.CANDIDATE,
        first_name="Ada",
        last_name="Lovelace",
    )
    committed.session.add_all([recruiter, candidate])
    committed.session.flush()
    process = Process(
        created_by_id=recruiter.id,
        title_en="Data analyst",
        title_fr="Analyste de données",
        published_at=utcnow() - timedelta(days=30),
        closing_at=utcnow() - timedelta(days=1),
    )
    committed.session.add(process)
    committed.session.flush()
    row = Application(process_id=process.id, user_id=candidate.id, submitted_at=utcnow())
    committed.session.add(row)
    committed.session.commit()
    return row


def received(smtp_server, address):
    return [m for m in smtp_server.messages if m["To"] == address]


def outbox(db, address):
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)
    ).all()


def test_reverted_within_the_window_is_never_sent_and_left_alone_is_sent_after_it(
    committed, celery_worker, smtp_server, window, application
):
    recruiter, address = application.process.created_by_id, application.user.email
    actor = committed.session.get(User, recruiter)
    decisions.disqualify(actor, application, "Clicked the wrong candidate.")
    committed.session.commit()
    decisions.revert_decision(actor, application)
    committed.session.commit()
    # Wait past the window (and the worker's own look at it): nothing arrives, the message is cancelled.
    time.sleep(WINDOW + 2)
    assert received(smtp_server, address) == []
    assert [(m.kind, m.status) for m in outbox(committed, address)] == [
        ("application.disqualified", OutboxStatus.CANCELLED)
    ]

    decisions.qualify(actor, application, None)
    committed.session.commit()
    started = time.monotonic()
    [mail] = wait_until(lambda: received(smtp_server, address), timeout=30)
    assert time.monotonic() - started >= WINDOW - 0.5  # not before the window is over
    [sent] = [m for m in outbox(committed, address) if m.status == OutboxStatus.SENT]
    assert sent.sent_at >= sent.send_after
    assert mail["Subject"] == "You are qualified"
    assert f"{BASE}/en/applications/{application.id}" in mail.get_content()

    # After the window, a revert is news of its own: it is sent too.
    decisions.revert_decision(actor, application)
    committed.session.commit()
    mails = wait_until(lambda: (m := received(smtp_server, address)) and len(m) == 2 and m, timeout=30)
    assert mails[1]["Subject"] == "Your application was updated"
    assert "Status of your application: Received" in mails[1].get_content()


def test_seven_rapid_changes_send_one_email_with_the_final_state(
    committed, celery_worker, smtp_server, window, application
):
    actor = committed.session.get(User, application.process.created_by_id)
    address = application.user.email
    steps = [
        lambda: decisions.qualify(actor, application, None),
        lambda: decisions.revert_decision(actor, application),
        lambda: decisions.disqualify(actor, application, "Oops."),
        lambda: decisions.revert_decision(actor, application),
        lambda: decisions.disqualify(actor, application, "Oops again."),
        lambda: decisions.revert_decision(actor, application),
        lambda: decisions.qualify(actor, application, None),
    ]
    for step in steps:
        step()
        committed.session.commit()
    [mail] = wait_until(lambda: received(smtp_server, address), timeout=30)
    time.sleep(WINDOW + 1)  # anything else would have arrived by now
    assert len(received(smtp_server, address)) == 1
    assert mail["Subject"] == "You are qualified"
    assert "Status of your application: Qualified" in mail.get_content()
    statuses = [m.status for m in outbox(committed, address)]
    assert statuses.count(OutboxStatus.SENT) == 1 and statuses.count(OutboxStatus.PENDING) == 0
    assert statuses.count(OutboxStatus.CANCELLED) == 3
