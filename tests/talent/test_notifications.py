"""In-app notifications (issue 14, part 3): the service, the undo window, the outbox's waiting messages,
the pages (the header's unread count, the list, following and marking), links on the configured public
address, both languages, and the notifications as personal data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from talent import mail, notifications
from talent.links import absolute_url
from talent.models import Notification, OutboxMessage
from talent.models._types import utcnow
from talent.models.outbox import OutboxStatus
from talent.notifications import Email, Link
from tests.conftest import csrf_token, login
from tests.querycount import assert_flat

TITLE = {"en": "Data analyst", "fr": "Analyste de données"}
WINDOW = 120


def tell(user, kind="application.submitted", title=TITLE, link=None, **options):
    """A notification for ``user``, committed (as the view or task that made it would)."""
    from talent.extensions import db

    made = notifications.notify(
        user, kind, params={"title": title}, link=link or Link("jobs_apply.mine"), **options
    )
    db.session.commit()
    return made


def listed(page):
    """The titles of the "new request" notifications a list page links to, in its order."""
    return re.findall(r'notifications/\d+">A new talent request: “(Request \d\d)”', page)


def unread_in_header(client, lang="en"):
    """The header's notifications link text (the badge), or None."""
    html = client.get(f"/{lang}/dashboard").get_data(as_text=True)
    match = re.search(r'<gcds-nav-link href="/\w\w/notifications"(?: current)?>([^<]*)</gcds-nav-link>', html)
    return match.group(1) if match else None


@pytest.fixture
def window(app, monkeypatch):
    """Decisions wait WINDOW seconds (the suite's default is 0: at once)."""
    monkeypatch.setitem(app.config, "DECISION_EMAIL_DELAY_SECONDS", WINDOW)


@pytest.fixture
def clock(monkeypatch):
    """Move the notifications' and the outbox's "now" (set ``clock.now``)."""

    class Clock:
        now = utcnow()

    monkeypatch.setattr(notifications, "utcnow", lambda: Clock.now)
    monkeypatch.setattr(mail, "utcnow", lambda: Clock.now)
    return Clock


def decision(user, state, prior=None):
    """A decision's news on one topic, e-mailed (the talent e-mail any user can be sent)."""
    return notifications.notify(
        user,
        f"application.{state}",
        params={"title": TITLE, "status": state},
        email=Email("password_changed"),
        topic="application:1",
        state=state,
        prior=prior,
        undoable=True,
    )


def messages(db, user):
    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == user.email).order_by(OutboxMessage.id)
    ).all()


def notes(db, user):
    return db.session.scalars(
        select(Notification).where(Notification.recipient_id == user.id).order_by(Notification.id)
    ).all()


# --- The header and the list ------------------------------------------------------------------------------


def test_the_header_shows_the_signed_in_persons_unread_count(client, db, make_user):
    reader, other = make_user(), make_user()
    login(client, reader.email)
    assert unread_in_header(client) == "Notifications"  # none: no count
    first = tell(reader)
    assert unread_in_header(client) == "Notifications (1 unread)"
    tell(reader)
    tell(other)  # someone else's counts for them only
    assert unread_in_header(client) == "Notifications (2 unread)"
    notifications.mark_read(first)
    db.session.commit()
    assert unread_in_header(client) == "Notifications (1 unread)"
    assert unread_in_header(client, "fr") == "Notifications (1 non lue)"


def test_no_header_link_for_visitors(client, db):
    assert unread_in_header(client) is None


def test_the_list_is_newest_first_and_paginated_at_25(client, db, make_user):
    reader = make_user()
    login(client, reader.email)
    for i in range(25):
        tell(reader, "request.new", title=f"Request {i:02d}")
    page = client.get("/en/notifications").get_data(as_text=True)
    titles = listed(page)
    assert titles == [f"Request {i:02d}" for i in range(24, -1, -1)]
    assert "page=2" not in page  # 25 fit on one page
    tell(reader, "request.new", title="Request 25")
    page = client.get("/en/notifications").get_data(as_text=True)
    assert listed(page)[0] == "Request 25"
    assert "page=2" in page  # the 26th makes a second page
    second = client.get("/en/notifications?page=2").get_data(as_text=True)
    assert listed(second) == ["Request 00"]


def test_the_list_says_when_there_is_nothing(client, db, make_user):
    reader = make_user(locale="fr")
    login(client, reader.email, lang="fr")
    page = client.get("/fr/notifications")
    assert page.status_code == 200
    assert "Vous n’avez aucune notification." in page.get_data(as_text=True)


def test_the_text_is_rendered_in_the_pages_language(client, db, make_user):
    reader = make_user()
    tell(reader)
    login(client, reader.email)
    english = client.get("/en/notifications").get_data(as_text=True)
    french = client.get("/fr/notifications").get_data(as_text=True)
    assert "We received your application to “Data analyst”." in english
    assert "Nous avons reçu votre candidature à « Analyste de données »." in french
    assert "Data analyst" not in french and "Analyste" not in english
    # Stored once, in no language: the row holds the kind and both titles.
    row = notes(db, reader)[0]
    assert (row.kind, row.params["title"]) == ("application.submitted", TITLE)


def test_a_value_in_one_language_reads_the_same_in_both(client, db, make_user):
    reader = make_user()
    tell(reader, "request.new", title="Python developer")
    login(client, reader.email)
    assert "« Python developer »" in client.get("/fr/notifications").get_data(as_text=True)
    assert notifications.in_language({"en": "Only English"}, "fr") == "Only English"


def test_titles_are_escaped(client, db, make_user):
    reader = make_user()
    tell(reader, "request.new", title="<script>alert(1)</script>")
    login(client, reader.email)
    page = client.get("/en/notifications").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_an_unknown_kind_or_a_page_gone_is_never_a_server_error(client, db, make_user):
    reader = make_user()
    gone = tell(reader, "retired.kind", link=Link("nowhere.gone", {"x": 1}))
    login(client, reader.email)
    page = client.get("/en/notifications")
    assert page.status_code == 200
    assert "Something changed in one of your records." in page.get_data(as_text=True)
    followed = client.get(f"/en/notifications/{gone.id}")
    assert followed.status_code == 302 and followed.headers["Location"] == "/en/notifications"


def test_a_kind_of_a_known_family_reads_as_its_family(client, db, make_user):
    reader = make_user()
    notifications.notify(
        reader,
        "application.reinstated",
        params={"title": TITLE, "status": "received"},
        link=Link("jobs_apply.mine"),
    )
    db.session.commit()
    login(client, reader.email)
    page = client.get("/en/notifications").get_data(as_text=True)
    assert "The status of your application to “Data analyst” changed: Received." in page


def test_the_list_sends_as_many_statements_for_many_notifications_as_for_few(client, db, make_user):
    reader = make_user()
    login(client, reader.email)
    assert_flat(lambda: client.get("/en/notifications"), lambda i: tell(reader, "request.new", title=f"R{i}"))


# --- Following and marking --------------------------------------------------------------------------------


def test_following_a_notification_marks_it_read_and_leads_to_its_page(client, db, make_user):
    reader = make_user()
    news = tell(reader)
    login(client, reader.email)
    answer = client.get(f"/fr/notifications/{news.id}")
    assert (
        answer.status_code == 302 and answer.headers["Location"] == "/fr/applications"
    )  # the reader's language
    db.session.refresh(news)
    first_read = news.read_at
    assert first_read is not None
    client.get(f"/en/notifications/{news.id}")
    db.session.refresh(news)
    assert news.read_at == first_read  # read once


def test_another_persons_notification_is_a_404_to_follow_and_to_mark(client, db, make_user):
    owner, stranger = make_user(), make_user("manager")
    news = tell(owner)
    login(client, stranger.email)
    assert client.get(f"/en/notifications/{news.id}").status_code == 404
    token = csrf_token(client, "/en/notifications")
    assert client.post(f"/en/notifications/{news.id}/read", data={"csrf_token": token}).status_code == 404
    assert client.post("/en/notifications/read", data={"csrf_token": token}).status_code == 302
    db.session.refresh(news)
    assert news.read_at is None
    assert client.get(f"/en/notifications/{news.id + 1000}").status_code == 404  # nobody's


def test_marking_one_read_needs_the_form_token(client, db, make_user):
    reader = make_user()
    news, other = tell(reader), tell(reader)
    login(client, reader.email)
    assert client.post(f"/en/notifications/{news.id}/read").status_code == 400
    db.session.refresh(news)
    assert news.read_at is None
    token = csrf_token(client, "/en/notifications")
    answer = client.post(f"/en/notifications/{news.id}/read?page=2", data={"csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"] == "/en/notifications?page=2"
    db.session.refresh(news)
    db.session.refresh(other)
    assert news.read_at is not None and other.read_at is None


def test_marking_all_read_marks_only_ones_own(client, db, make_user):
    reader, other = make_user(), make_user()
    mine = [tell(reader), tell(reader)]
    theirs = tell(other)
    login(client, reader.email)
    token = csrf_token(client, "/en/notifications")
    answer = client.post("/en/notifications/read", data={"csrf_token": token}, follow_redirects=True)
    assert "Every notification is marked as read." in answer.get_data(as_text=True)
    for row in [*mine, theirs]:
        db.session.refresh(row)
    assert all(row.read_at is not None for row in mine) and theirs.read_at is None
    assert notifications.unread_count(reader) == 0 and notifications.unread_count(other) == 1


def test_a_link_is_a_page_or_a_path_of_this_site():
    assert Link("jobs_apply.mine").endpoint == "jobs_apply.mine"
    assert Link(path="/en/applications").path == "/en/applications"
    for bad in ("//evil.example/x", "/\\evil.example", "https://evil.example", "en/x"):
        with pytest.raises(ValueError):
            Link(path=bad)
    with pytest.raises(ValueError):
        Link()
    with pytest.raises(ValueError):
        Link("jobs_apply.mine", path="/en/x")


# --- Who is told ------------------------------------------------------------------------------------------


def test_deleted_accounts_are_told_nothing(db, make_user):
    gone = make_user(deleted_at=utcnow())
    assert notifications.notify(gone, "application.submitted", email=Email("password_changed")) is None
    assert notes(db, gone) == [] and messages(db, gone) == []


def test_told_once_per_key_whatever_runs_twice(db, make_user):
    first, second = make_user("recruiter"), make_user("recruiter")
    assert len(notifications.notify_all([first], "request.follow_up", once_key="k1")) == 1
    assert [
        n.recipient_id
        for n in notifications.notify_all([first, second, first], "request.follow_up", once_key="k1")
    ] == [second.id]
    assert notifications.notify_all([first, second], "request.follow_up", once_key="k1") == []
    assert len(notifications.notify_all([first], "request.follow_up", once_key="k2")) == 1  # another key


def test_the_recruitment_team_is_active_recruiters_and_administrators(db, make_user):
    recruiter, admin = make_user("recruiter"), make_user("admin")
    make_user("candidate"), make_user("manager"), make_user("recruiter", active=False)
    make_user("recruiter", deleted_at=utcnow())
    assert {u.id for u in notifications.recruitment_team()} == {recruiter.id, admin.id}


# --- The undo window --------------------------------------------------------------------------------------


def test_a_decision_waits_out_the_window_with_its_email(db, make_user, window, clock):
    user = make_user()
    news = decision(user, "qualified", "submitted")
    [message] = messages(db, user)
    assert news.undo_until == clock.now + timedelta(seconds=WINDOW) == message.send_after
    assert message.status == OutboxStatus.PENDING and message.kind == "application.qualified"


def test_a_decision_reverted_within_the_window_tells_nothing(db, make_user, window, clock):
    user = make_user()
    decision(user, "qualified", "submitted")
    clock.now += timedelta(seconds=WINDOW) - timedelta(microseconds=1)  # the last moment of the window
    assert decision(user, "submitted", "qualified") is None
    assert [m.status for m in messages(db, user)] == [OutboxStatus.CANCELLED]
    assert notes(db, user) == []


def test_a_decision_reverted_after_the_window_is_told_too(db, make_user, window, clock):
    user = make_user()
    decision(user, "qualified", "submitted")
    clock.now += timedelta(seconds=WINDOW)  # the window is over: the e-mail is due
    reverted = decision(user, "submitted", "qualified")
    assert reverted is not None and reverted.prior_state == "qualified"
    assert [(m.kind, m.status) for m in messages(db, user)] == [
        ("application.qualified", OutboxStatus.PENDING),
        ("application.submitted", OutboxStatus.PENDING),
    ]
    assert [n.kind for n in notes(db, user)] == ["application.qualified", "application.submitted"]


def test_seven_rapid_changes_leave_one_email_with_the_final_state(db, make_user, window, clock):
    user = make_user()
    state = "submitted"
    for new in ("qualified", "submitted", "disqualified", "submitted", "qualified", "submitted", "qualified"):
        decision(user, new, state)
        state = new
        clock.now += timedelta(seconds=1)
    sent = messages(db, user)
    assert [m.kind for m in sent if m.status == OutboxStatus.PENDING] == ["application.qualified"]
    assert sum(m.status == OutboxStatus.CANCELLED for m in sent) == 3
    [left] = notes(db, user)
    assert (left.state, left.prior_state) == ("qualified", "submitted")


def test_a_change_replaced_within_the_window_tells_the_new_state(db, make_user, window, clock):
    user = make_user()
    decision(user, "qualified", "submitted")
    decision(user, "submitted", "qualified")  # undone: nothing
    decision(user, "disqualified", "submitted")
    clock.now += timedelta(seconds=5)
    decision(user, "submitted", "disqualified")
    clock.now += timedelta(seconds=5)
    decision(user, "disqualified", "submitted")
    assert [(m.kind, m.status) for m in messages(db, user)] == [
        ("application.qualified", OutboxStatus.CANCELLED),
        ("application.disqualified", OutboxStatus.CANCELLED),
        ("application.disqualified", OutboxStatus.PENDING),
    ]


@pytest.mark.parametrize(("after", "replaced"), [(timedelta(microseconds=-1), True), (timedelta(0), False)])
def test_news_without_an_email_is_replaced_until_its_window_ends(
    db, make_user, window, clock, after, replaced
):
    user = make_user()
    first = notifications.notify(user, "request.referral", topic="talent_request:1:referral", undoable=True)
    clock.now = first.undo_until + after
    notifications.notify(user, "request.referral", topic="talent_request:1:referral", undoable=True)
    assert len(notes(db, user)) == (1 if replaced else 2)


def test_news_told_already_is_not_told_again(db, make_user, window, clock):
    user = make_user()
    decision(user, "qualified", "submitted")
    clock.now += timedelta(seconds=WINDOW + 1)
    assert decision(user, "qualified", "submitted") is None  # they know it already
    assert len(messages(db, user)) == 1


def test_without_a_window_every_change_is_told_at_once(app, db, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "DECISION_EMAIL_DELAY_SECONDS", 0)
    user = make_user()
    first = decision(user, "qualified", "submitted")
    decision(user, "submitted", "qualified")
    assert first.undo_until is None
    assert [(m.send_after, m.status) for m in messages(db, user)] == [(None, OutboxStatus.PENDING)] * 2


def test_retracting_works_only_within_the_window(db, make_user, window, clock):
    user = make_user()
    decision(user, "referred", "not_referred")
    assert notifications.retract(user, "application:1") is True
    assert notes(db, user) == [] and messages(db, user)[0].status == OutboxStatus.CANCELLED
    decision(user, "referred", "not_referred")
    clock.now += timedelta(seconds=WINDOW)
    assert notifications.retract(user, "application:1") is False
    assert len(notes(db, user)) == 1 and messages(db, user)[1].status == OutboxStatus.PENDING
    assert notifications.retract(user, "nothing:here") is False


def test_an_undoable_notification_needs_a_topic(db, make_user):
    with pytest.raises(ValueError):
        notifications.notify(make_user(), "application.qualified", undoable=True)


# --- The outbox's waiting messages ------------------------------------------------------------------------


def waiting_message(db, clock, seconds=WINDOW):
    message = mail.queue_email(
        "password_changed",
        "wait@example.com",
        "en",
        "password_changed",
        send_after=clock.now + timedelta(seconds=seconds),
        user=type("U", (), {"display_name": "Wait"})(),
    )
    db.session.flush()
    return message


def test_deliver_waits_for_send_after(app, db, clock, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    message = waiting_message(db, clock)
    clock.now = message.send_after - timedelta(microseconds=1)
    assert mail.deliver(message.id) is None and message.status == OutboxStatus.PENDING
    assert message.attempts == 0
    clock.now = message.send_after
    assert mail.deliver(message.id) == OutboxStatus.LOGGED


def test_cancel_works_until_send_after_only(db, clock):
    message = waiting_message(db, clock)
    clock.now = message.send_after
    assert mail.cancel(message.id) is False  # due: it goes
    clock.now = message.send_after - timedelta(microseconds=1)
    assert mail.cancel(message.id) is True
    db.session.refresh(message)
    assert message.status == OutboxStatus.CANCELLED
    assert mail.cancel(message.id) is False  # once
    assert mail.deliver(message.id) is None  # a cancelled message is never sent


def test_a_message_without_send_after_cannot_be_cancelled(db, clock):
    message = waiting_message(db, clock)
    message.send_after = None
    db.session.flush()
    assert mail.cancel(message.id) is False


def test_seconds_until_due(db, clock):
    message = waiting_message(db, clock, seconds=30)
    assert mail.seconds_until_due(message.id) == 30.0
    clock.now = message.send_after + timedelta(seconds=1)
    assert mail.seconds_until_due(message.id) == 0.0
    assert mail.seconds_until_due(message.id + 10_000) == 0.0


def test_the_sweeper_takes_waiting_messages_two_minutes_after_they_are_due(db, clock):
    message = waiting_message(db, clock)
    message.created_at = clock.now - timedelta(days=1)  # an old message is not due before its send_after
    db.session.flush()
    late = timedelta(minutes=2)
    clock.now = message.send_after + late
    assert message.id not in mail.stale_pending_ids(late)
    clock.now = message.send_after + late + timedelta(microseconds=1)
    assert message.id in mail.stale_pending_ids(late)
    message.status = OutboxStatus.CANCELLED
    db.session.flush()
    assert message.id not in mail.stale_pending_ids(late)


def test_the_send_task_comes_back_when_the_message_is_due(app, db, clock, monkeypatch):
    from talent import tasks

    later: list[tuple[int, float]] = []
    monkeypatch.setattr(tasks, "_come_back_later", lambda _task, mid, wait: later.append((mid, wait)))
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    message = waiting_message(db, clock, seconds=30)
    task = app.extensions["celery"].tasks[mail.SEND_TASK]
    assert task.apply(args=(message.id,)).get() == "waiting"
    assert later == [(message.id, 30.0)]
    clock.now = message.send_after
    assert task.apply(args=(message.id,)).get() == "logged"
    assert later == [(message.id, 30.0)]


# --- Links on the configured public address ---------------------------------------------------------------


def test_links_use_the_configured_address_and_its_port_inside_a_request_or_not(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://talent.example.com:8443/")
    expected = "https://talent.example.com:8443/fr/applications/7"
    assert absolute_url("fr", "jobs_apply.detail", application_id=7) == expected  # no request: a task
    with app.test_request_context("/en/", base_url="http://127.0.0.1:5000"):
        assert absolute_url("fr", "jobs_apply.detail", application_id=7) == expected  # not the request's
    assert absolute_url("de", "jobs_apply.mine") == "https://talent.example.com:8443/en/applications"


def test_a_reset_link_carries_the_configured_port(make_app, db, make_user):
    other = make_app(PUBLIC_BASE_URL="http://localhost:8123")
    user = make_user(email="port@example.com")
    client = other.test_client()
    token = csrf_token(client, "/en/password/forgot")
    client.post("/en/password/forgot", data={"email": user.email, "csrf_token": token})
    body = db.session.scalars(
        select(OutboxMessage.body).where(
            OutboxMessage.recipient == user.email, OutboxMessage.kind == "password_reset"
        )
    ).one()
    assert re.search(r"^http://localhost:8123/en/password/reset/[\w-]+$", body, re.MULTILINE), body


def test_a_notifications_email_links_to_its_page(app, db, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost:8123")
    user = make_user(locale="fr")
    notifications.notify(
        user,
        "request.status",
        link=Link("jobs_requests.detail", {"request_id": 5}),
        email=Email("password_changed"),
    )
    assert notifications.email_link("fr", Link(path="/fr/x")) == "http://localhost:8123/fr/x"
    assert notifications.email_link("fr", None) is None
    assert (
        notifications.email_link(user.locale, Link("jobs_requests.detail", {"request_id": 5}))
        == "http://localhost:8123/fr/talent-requests/5"
    )


# --- Personal data ----------------------------------------------------------------------------------------


def test_notifications_are_exported_and_go_with_the_account(app, db, make_user, window):
    from talent.profiles import privacy

    user, other = make_user(), make_user()
    tell(user)
    decision(user, "qualified", "submitted")  # its e-mail still waits
    tell(other)
    db.session.commit()
    exported = privacy.export_data(user)["notifications"]
    assert [n["kind"] for n in exported] == ["application.submitted", "application.qualified"]
    assert exported[0]["params"] == {"title": TITLE} and "recipient_id" not in exported[0]
    privacy.delete_account(user)
    db.session.commit()
    assert notes(db, user) == [] and len(notes(db, other)) == 1
    waiting = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "application.qualified")
    ).one()
    assert waiting.status == OutboxStatus.CANCELLED
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
