"""Who the recruitment side notifies (issue 14, part 3): each kind reaches the right person and no one
else, in their language, with an e-mail linking to the page on the configured address; a decision's e-mail
waits out the undo window; recruiters hear of requests due for follow-up once a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from jobs.services import decisions, requests
from jobs.services.talent_search import TalentFilters
from talent.models import Notification, OutboxMessage
from talent.models.outbox import OutboxStatus

NEED = {
    "job_title": "Data engineer",
    "reason": "immediate_hire",
    "hiring_manager_name": "Max Manager",
    "hiring_manager_email": "max@example.com",
}
BASE = "http://localhost:8123"


@pytest.fixture
def public_port(app, monkeypatch):
    """Links on an address with a port of its own."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE + "/")


def told(db, since: int = 0) -> set[tuple[int, str]]:
    """(recipient, kind) of every notification made after id ``since``."""
    return set(
        db.session.execute(
            select(Notification.recipient_id, Notification.kind).where(Notification.id > since)
        )
    )


def last_id(db) -> int:
    return max(db.session.scalars(select(Notification.id)).all(), default=0)


def mail_to(db, address: str, kind: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == address, OutboxMessage.kind == kind)
        .order_by(OutboxMessage.id.desc())
    ).first()


def submit_request(library, requester, **need):
    request, _token = requests.submit(
        requester,
        TalentFilters(),
        {**NEED, "classification_id": library["it03"].id, **need},
        [("t:python", "required", 2)],
        "en",
    )
    return request


@pytest.fixture
def member(db, submitted):
    """A qualified pool member (their application)."""

    def make():
        application = submitted()
        decisions.qualify(application.process.created_by, application, None)
        db.session.commit()
        return application

    return make


# --- Applications -----------------------------------------------------------------------------------------


def test_submitting_tells_the_candidate_only_with_a_link_on_the_configured_port(db, submitted, public_port):
    application = submitted()
    assert told(db) == {(application.user_id, "application.submitted")}
    message = mail_to(db, application.user.email, "application.submitted")
    assert f"{BASE}/en/applications/{application.id}\n" in message.body
    assert message.send_after is None  # not a decision: at once


# action, the state it starts from, the kind the candidate is told
DECISIONS = [
    ("qualify", "submitted", "application.qualified"),
    ("disqualify", "submitted", "application.disqualified"),
    ("revert_decision", "qualified", "application.decision_reverted"),
    ("place", "qualified", "application.placed"),
    ("revert_placement", "placed", "application.placement_reverted"),
    ("remove", "submitted", "application.removed"),
    ("reinstate", "removed", "application.reinstated"),
    ("withdraw", "submitted", "application.removed"),
]


@pytest.mark.parametrize(("action", "start", "kind"), DECISIONS)
def test_each_decision_tells_the_candidate_and_no_one_else(db, submitted, library, action, start, kind):
    application = submitted()
    actor = application.process.created_by
    if start in ("qualified", "placed"):
        decisions.qualify(actor, application, None)
    if start == "placed":
        decisions.place(actor, application, "term", library["dept"].id)
    if start == "removed":
        decisions.remove(actor, application, "ineligible")
    db.session.commit()
    before = last_id(db)
    do = {
        "qualify": lambda: decisions.qualify(actor, application, None),
        "disqualify": lambda: decisions.disqualify(actor, application, "Not enough experience."),
        "revert_decision": lambda: decisions.revert_decision(actor, application),
        "place": lambda: decisions.place(actor, application, "term", library["dept"].id),
        "revert_placement": lambda: decisions.revert_placement(actor, application),
        "remove": lambda: decisions.remove(actor, application, "ineligible"),
        "reinstate": lambda: decisions.reinstate(actor, application),
        "withdraw": lambda: decisions.withdraw(application.user, application),
    }
    do[action]()
    db.session.commit()
    assert told(db, before) == {(application.user_id, kind)}
    [news] = db.session.scalars(select(Notification).where(Notification.id > before)).all()
    assert (news.subject_type, news.subject_id) == ("application", application.id)
    assert (news.link_endpoint, news.link_values) == ("jobs_apply.detail", {"application_id": application.id})


def test_the_candidate_reads_the_decision_in_their_language(client, db, submitted, make_candidate):
    from tests.conftest import login

    candidate = make_candidate()
    candidate.locale = "fr"
    application = submitted(candidate=candidate)
    decisions.qualify(application.process.created_by, application, None)
    db.session.commit()
    message = mail_to(db, application.user.email, "application.qualified")
    assert message.locale == "fr" and message.subject == "Vous êtes qualifié"
    assert f"http://localhost/fr/applications/{application.id}" in message.body
    login(client, application.user.email, lang="fr")
    page = client.get("/fr/notifications").get_data(as_text=True)
    assert "Vous avez été qualifié dans le processus « title FR »" in page
    assert "You qualified in the process “title EN”" in client.get("/en/notifications").get_data(as_text=True)


def test_a_decision_undone_within_the_window_sends_nothing(app, db, submitted, monkeypatch):
    monkeypatch.setitem(app.config, "DECISION_EMAIL_DELAY_SECONDS", 120)
    application = submitted()
    actor = application.process.created_by
    before = last_id(db)
    decisions.disqualify(actor, application, "A mistake.")
    db.session.commit()
    decisions.revert_decision(actor, application)
    db.session.commit()
    assert told(db, before) == set()
    unsuccessful = mail_to(db, application.user.email, "application.disqualified")
    assert unsuccessful.status == OutboxStatus.CANCELLED
    assert mail_to(db, application.user.email, "application.decision_reverted") is None


def test_seven_quick_corrections_leave_one_email_with_the_last_state(app, db, submitted, monkeypatch):
    monkeypatch.setitem(app.config, "DECISION_EMAIL_DELAY_SECONDS", 120)
    application = submitted()
    actor = application.process.created_by
    steps = [
        lambda: decisions.qualify(actor, application, None),
        lambda: decisions.revert_decision(actor, application),
        lambda: decisions.disqualify(actor, application, "Oops."),
        lambda: decisions.revert_decision(actor, application),
        lambda: decisions.qualify(actor, application, None),
        lambda: decisions.revert_decision(actor, application),
        lambda: decisions.qualify(actor, application, None),
    ]
    for step in steps:
        step()
        db.session.commit()
    waiting = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.recipient == application.user.email,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.kind != "application.submitted",
        )
    ).all()
    assert [(m.kind, m.subject) for m in waiting] == [("application.qualified", "You are qualified")]
    assert "Status of your application: Qualified" in waiting[0].body
    kinds = db.session.scalars(
        select(Notification.kind)
        .where(Notification.recipient_id == application.user_id)
        .order_by(Notification.id)
    ).all()
    assert kinds == ["application.submitted", "application.qualified"]


# --- Talent requests --------------------------------------------------------------------------------------


def test_a_new_request_tells_the_recruitment_team_and_no_one_else(db, make_user, library, make_candidate):
    recruiters = [make_user("recruiter"), make_user("recruiter"), make_user("admin")]
    make_user("recruiter", active=False)
    candidate, manager = make_candidate(), make_user("manager")
    before = last_id(db)
    request = submit_request(library, manager)
    db.session.commit()
    assert told(db, before) == {(r.id, "request.new") for r in recruiters}
    assert candidate.id not in {r for r, _ in told(db, before)}
    # The manager's own e-mail links to their request.
    assert f"/en/talent-requests/{request.id}" in mail_to(db, manager.email, "request.received").body
    # A recruiter asking for talent is not told of their own request.
    before = last_id(db)
    submit_request(library, recruiters[0])
    assert told(db, before) == {(r.id, "request.new") for r in recruiters[1:]}


def test_a_guests_request_tells_the_team_and_emails_the_guest_at_once(
    db, make_user, library, app, monkeypatch
):
    monkeypatch.setitem(app.config, "DECISION_EMAIL_DELAY_SECONDS", 120)
    recruiter = make_user("recruiter")
    request = submit_request(library, None, guest_name="Gil", guest_email="gil@example.com")
    assert told(db) == {(recruiter.id, "request.new")}
    before = last_id(db)
    requests.set_status(recruiter, request, "in_progress", detail="initial_conversation")
    assert told(db, before) == set()  # no account, no notifications
    assert mail_to(db, "gil@example.com", "request.status").send_after is None


def test_a_status_change_tells_the_manager_only(db, make_user, library, public_port):
    recruiter, manager = make_user("recruiter"), make_user("manager", locale="fr")
    request = submit_request(library, manager)
    before = last_id(db)
    requests.set_status(recruiter, request, "in_progress", detail="initial_conversation")
    assert told(db, before) == {(manager.id, "request.status")}
    message = mail_to(db, manager.email, "request.status")
    assert f"{BASE}/fr/talent-requests/{request.id}" in message.body and message.locale == "fr"
    before = last_id(db)
    requests.set_status(recruiter, request, "in_progress", detail="talent_sent")  # same status: nothing
    assert told(db, before) == set()


def test_a_referral_tells_the_candidate_and_the_manager(db, make_user, library, member):
    recruiter, manager = make_user("recruiter"), make_user("manager")
    referred, bystander = member(), member()
    request = submit_request(library, manager)
    before = last_id(db)
    requests.refer(recruiter, request, referred.user_id, True)
    assert told(db, before) == {(referred.user_id, "referral.referred"), (manager.id, "request.referral")}
    assert "/en/referrals" in mail_to(db, referred.user.email, "referral.referred").body
    before = last_id(db)
    requests.refer(recruiter, request, bystander.user_id, False, "Not the right level.")
    assert told(db, before) == set()  # not referred: nobody is told


def test_a_referral_undone_within_the_window_tells_the_candidate_nothing(
    app, db, make_user, library, member, monkeypatch
):
    monkeypatch.setitem(app.config, "DECISION_EMAIL_DELAY_SECONDS", 120)
    recruiter = make_user("recruiter")
    referred = member()
    request = submit_request(library, make_user("manager"))
    requests.refer(recruiter, request, referred.user_id, True)
    requests.refer(recruiter, request, referred.user_id, False, "Wrong person.")
    assert (referred.user_id, "referral.referred") not in told(db)
    assert mail_to(db, referred.user.email, "referral.referred").status == OutboxStatus.CANCELLED


def test_the_managers_decision_tells_the_candidate(db, make_user, library, member):
    recruiter = make_user("recruiter")
    referred = member()
    request = submit_request(library, make_user("manager"))
    referral = requests.refer(recruiter, request, referred.user_id, True)
    before = last_id(db)
    requests.record_selection(recruiter, referral, "selected")
    assert told(db, before) == {(referred.user_id, "referral.selection")}
    message = mail_to(db, referred.user.email, "referral.selection")
    assert message.subject == "A hiring manager selected you" and "/en/referrals" in message.body
    before = last_id(db)
    requests.record_selection(recruiter, referral, "not_selected", "lacks_experience")
    [news] = db.session.scalars(select(Notification).where(Notification.id > before)).all()
    assert news.params == {"title": "Data engineer", "selection": "not_selected"}


# --- Follow-ups due ---------------------------------------------------------------------------------------


def follow_up_on(recruiter, request, day):
    requests.set_status(recruiter, request, "in_progress", detail="initial_conversation", follow_up_date=day)


def test_follow_ups_due_today_tell_who_set_them_once_a_day(app, db, make_user, library):
    from talent import clock

    today = clock.today()
    setter, other = make_user("recruiter"), make_user("recruiter")
    due = submit_request(library, make_user("manager"))
    tomorrow = submit_request(library, make_user("manager"))
    yesterday = submit_request(library, make_user("manager"))
    follow_up_on(setter, due, today)
    follow_up_on(setter, tomorrow, today + timedelta(days=1))
    yesterday.follow_up_date = today - timedelta(days=1)
    db.session.commit()
    before = last_id(db)
    task = app.extensions["celery"].tasks["jobs.requests.notify_follow_ups"]
    assert task.apply().get() == 1
    assert told(db, before) == {(setter.id, "request.follow_up")}
    [news] = db.session.scalars(select(Notification).where(Notification.id > before)).all()
    assert (news.subject_id, news.link_endpoint) == (due.id, "jobs_request_team.request_page")
    assert task.apply().get() == 0  # the next hour: told already today
    assert other.id not in {r for r, _ in told(db, before)}
    # The next day it is due again only if its date is that day.
    assert requests.notify_follow_ups_due(today + timedelta(days=1)) == 1  # "tomorrow" is due then


def test_a_completed_request_needs_no_follow_up(db, make_user, library):
    recruiter = make_user("recruiter")
    request = submit_request(library, make_user("manager"))
    requests.set_status(
        recruiter, request, "completed", outcome="no_candidates_found", follow_up_date=date.today()
    )
    assert requests.notify_follow_ups_due(date.today()) == 0


def test_a_follow_up_set_by_someone_gone_tells_the_whole_team(db, make_user, library):
    setter, first, admin = make_user("recruiter"), make_user("recruiter"), make_user("admin")
    request = submit_request(library, make_user("manager"))
    follow_up_on(setter, request, date.today())
    setter.active = False
    db.session.commit()
    before = last_id(db)
    assert requests.notify_follow_ups_due(date.today()) == 2
    assert told(db, before) == {(first.id, "request.follow_up"), (admin.id, "request.follow_up")}


def test_the_beat_asks_for_follow_ups_every_hour(app):
    schedule = app.config["CELERY"]["beat_schedule"]["notify-follow-ups"]
    assert schedule == {"task": "jobs.requests.notify_follow_ups", "schedule": 3600.0}
    assert "jobs.requests.notify_follow_ups" in app.extensions["celery"].tasks
