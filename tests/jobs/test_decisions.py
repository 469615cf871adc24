"""Every transition's allowed and refused cases; each one recorded, audited and notified."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from jobs.models import ApplicationEvent, Decision, Placement, RemovalReason
from jobs.services import JobsError, applications, decisions
from talent import clock
from talent.models import AuditEvent, OutboxMessage
from talent.models._types import utcnow


def _last_event(db, application):
    return db.session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.id.desc())
    ).first()


def test_qualify_records_who_when_before_after_and_tells_the_candidate(db, submitted):
    application = submitted()
    recruiter = application.process.created_by
    decisions.qualify(recruiter, application, date.today() + timedelta(days=365))
    event = _last_event(db, application)
    assert (event.action, event.status_before, event.status_after, event.actor_id) == (
        "qualified",
        "submitted",
        "qualified",
        recruiter.id,
    )
    assert applications.candidate_status(application) == "qualified"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.qualified")).one()
    assert db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "application.qualified")
    ).one()


def test_qualify_refuses_past_expiry_drafts_and_double_decisions(db, submitted, make_process, make_candidate):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="past"):
        decisions.qualify(actor, application, clock.today() - timedelta(days=1))
    decisions.qualify(actor, application, clock.today())  # expiring today is allowed
    with pytest.raises(JobsError, match="already"):
        decisions.qualify(actor, application, None)
    with pytest.raises(JobsError, match="already"):
        decisions.disqualify(actor, application, "no")
    draft = applications.start(make_candidate(), make_process())
    with pytest.raises(JobsError, match="draft"):
        decisions.qualify(actor, draft, None)


def test_disqualify_needs_a_reason_and_revert_goes_back(db, submitted):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="reason"):
        decisions.disqualify(actor, application, "")
    decisions.disqualify(actor, application, "Did not meet the Python requirement.")
    assert applications.candidate_status(application) == "unsuccessful"
    decisions.revert_decision(actor, application)
    assert application.decision is None and applications.internal_status(application) == "submitted"
    with pytest.raises(JobsError, match="no decision"):
        decisions.revert_decision(actor, application)


def test_place_only_qualified_and_revert_placement(db, submitted, library):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="qualified"):
        decisions.place(actor, application, "term", library["dept"].id)
    decisions.qualify(actor, application, None)
    with pytest.raises(JobsError, match="department"):
        decisions.place(actor, application, "term", None)
    with pytest.raises(JobsError, match="list"):
        decisions.place(actor, application, "forever", library["dept"].id)
    decisions.place(actor, application, "term", library["dept"].id)
    with pytest.raises(JobsError, match="already placed"):
        decisions.place(actor, application, "indeterminate", library["dept"].id)
    with pytest.raises(JobsError, match="placement first"):
        decisions.revert_decision(actor, application)
    decisions.revert_placement(actor, application)
    assert application.placement is None and application.decision.value == "qualified"
    with pytest.raises(JobsError, match="not placed"):
        decisions.revert_placement(actor, application)


def test_remove_rules(db, submitted, make_process, make_candidate, library):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="reason"):
        decisions.remove(actor, application, "other", "")  # "other" needs words
    with pytest.raises(JobsError, match="list"):
        decisions.remove(actor, application, "bored")
    decisions.remove(actor, application, "not_responsive")
    assert applications.candidate_status(application) == "not_responsive"
    with pytest.raises(JobsError, match="already removed"):
        decisions.remove(actor, application, "ineligible")
    with pytest.raises(JobsError, match="Reinstate"):
        decisions.qualify(actor, application, None)
    draft = applications.start(make_candidate(), make_process())
    with pytest.raises(JobsError, match="draft"):
        decisions.remove(actor, draft, "ineligible")
    placed = submitted()
    decisions.qualify(placed.process.created_by, placed, None)
    decisions.place(placed.process.created_by, placed, "indeterminate", library["dept"].id)
    with pytest.raises(JobsError, match="placed"):
        decisions.remove(placed.process.created_by, placed, "ineligible")


def test_reinstate_only_removed(db, submitted):
    application = submitted()
    actor = application.process.created_by
    with pytest.raises(JobsError, match="Only a removed"):
        decisions.reinstate(actor, application)
    decisions.remove(actor, application, "ineligible")
    decisions.reinstate(actor, application)
    assert application.removed_at is None and applications.candidate_status(application) == "received"
    actions = [e.action for e in application.events]
    assert actions[-2:] == ["removed", "reinstated"]


def test_candidate_withdraws_their_own_application_only(db, submitted, make_candidate):
    application = submitted()
    with pytest.raises(JobsError):
        decisions.withdraw(make_candidate(), application)
    decisions.withdraw(application.user, application)
    assert applications.candidate_status(application) == "withdrew"
    assert _last_event(db, application).actor_id == application.user_id


def test_suspension_and_pause_need_a_qualified_candidacy(db, submitted):
    application = submitted()
    with pytest.raises(JobsError, match="qualified"):
        decisions.set_suspended(application.user, application, True)
    decisions.qualify(application.process.created_by, application, None)
    decisions.set_suspended(application.user, application, True)
    assert application.suspended_at is not None
    decisions.set_suspended(application.user, application, False)
    decisions.set_paused(application.process.created_by, application, True, "On leave")
    assert application.paused_at is not None


# --- Every refusal names its reason (and field), every change records and tells exactly what it did ---------

DRAFT = "A draft cannot receive a decision."
REMOVED = "This candidate was removed from the process. Reinstate them first."
ALREADY = "A decision was already made. Revert it first."
NOT_YOURS = "This is not your application."


def _refused(action, *args, **kwargs):
    with pytest.raises(JobsError) as caught:
        action(*args, **kwargs)
    return caught.value.message, caught.value.field


def _event(application):
    event = application.events[-1]
    return event.action, event.status_before, event.status_after, event.actor_id, event.details


def _mails(db, application):
    return list(
        db.session.scalars(
            select(OutboxMessage.kind)
            .where(
                OutboxMessage.recipient == application.user.email,
                OutboxMessage.kind != "application.submitted",
            )
            .order_by(OutboxMessage.id)
        )
    )


@pytest.fixture
def case(db, submitted, library):
    """A submitted application in ``state``: submitted, qualified, disqualified, placed or removed."""

    def make(state="submitted"):
        application = submitted()
        actor = application.process.created_by
        if state in ("qualified", "placed"):
            decisions.qualify(actor, application, None)
        if state == "placed":
            decisions.place(actor, application, "term", library["dept"].id)
        if state == "disqualified":
            decisions.disqualify(actor, application, "No")
        if state == "removed":
            decisions.remove(actor, application, "ineligible")
        return application, actor

    return make


@pytest.fixture
def draft(db, make_process, make_candidate):
    return lambda: applications.start(make_candidate(), make_process())


@pytest.mark.parametrize(
    "action",
    [
        lambda actor, app: decisions.qualify(actor, app, None),
        lambda actor, app: decisions.disqualify(actor, app, "No"),
        lambda actor, app: decisions.revert_decision(actor, app),
        lambda actor, app: decisions.place(actor, app, "term", 1),
    ],
)
def test_decisions_need_an_open_candidacy(db, case, draft, action):
    application, actor = case("removed")
    assert _refused(action, actor, application) == (REMOVED, None)
    assert _refused(action, actor, draft()) == (DRAFT, None)


def test_qualify_expiry_edges_with_a_given_today(db, case):
    application, actor = case()
    today = date(2030, 3, 10)
    refused = ("The expiry date cannot be in the past.", "expiry_date")
    assert _refused(decisions.qualify, actor, application, date(2030, 3, 9), today) == refused
    assert application.decision is None
    decisions.qualify(actor, application, date(2030, 3, 10), today)  # expiring that very day is allowed
    assert application.expiry_date == date(2030, 3, 10)


def test_qualify_expiry_edges_with_today_by_default(db, case):
    application, actor = case()
    today = clock.today()  # the reference time zone's day, not the machine's
    assert _refused(decisions.qualify, actor, application, today - timedelta(days=1))[1] == "expiry_date"
    decisions.qualify(actor, application, today)
    assert application.expiry_date == today


def test_qualify_sets_the_decision_and_clears_a_stale_reason(db, case):
    application, actor = case()
    application.disqualification_reason = "stale"
    before = utcnow()
    decisions.qualify(actor, application, date(2031, 1, 2), date(2030, 1, 1))
    assert application.decision == Decision.QUALIFIED and application.disqualification_reason is None
    assert before <= application.decided_at <= utcnow()
    assert _event(application) == (
        "qualified",
        "submitted",
        "qualified",
        actor.id,
        {"expiry_date": "2031-01-02"},
    )
    assert _mails(db, application) == ["application.qualified"]
    assert _refused(decisions.qualify, actor, application, None) == (ALREADY, None)
    assert _refused(decisions.disqualify, actor, application, "No") == (ALREADY, None)


def test_qualify_without_expiry_records_none(db, case):
    application, actor = case()
    decisions.qualify(actor, application, None)
    assert application.expiry_date is None
    assert _event(application) == ("qualified", "submitted", "qualified", actor.id, {})


@pytest.mark.parametrize(
    ("reason", "refused", "stored"),
    [
        ("", ("Give the reason.", "reason"), None),
        ("   ", ("Give the reason.", "reason"), None),
        (None, ("Give the reason.", "reason"), None),
        ("x" * 2001, ("Use at most 2000 characters.", "reason"), None),
        ("x" * 2000, None, "x" * 2000),
        ("  No Python.  ", None, "No Python."),
    ],
)
def test_disqualify_reason_edges(db, case, reason, refused, stored):
    application, actor = case()
    if refused:
        assert _refused(decisions.disqualify, actor, application, reason) == refused
        assert application.decision is None
        return
    before = utcnow()
    decisions.disqualify(actor, application, reason)
    assert application.decision == Decision.DISQUALIFIED and application.disqualification_reason == stored
    assert before <= application.decided_at <= utcnow()
    assert _event(application) == ("disqualified", "submitted", "disqualified", actor.id, {})
    assert _mails(db, application) == ["application.disqualified"]


def test_revert_decision_clears_everything_it_set(db, case):
    application, actor = case("disqualified")
    application.expiry_date = date(2031, 1, 1)
    decisions.revert_decision(actor, application)
    assert (application.decision, application.decided_at, application.expiry_date) == (None, None, None)
    assert application.disqualification_reason is None
    assert _event(application) == ("decision_reverted", "disqualified", "submitted", actor.id, {})
    assert _mails(db, application) == ["application.disqualified", "application.decision_reverted"]
    assert _refused(decisions.revert_decision, actor, application) == (
        "There is no decision to revert.",
        None,
    )
    placed, actor = case("placed")
    assert _refused(decisions.revert_decision, actor, placed) == ("Revert the placement first.", None)
    assert placed.decision == Decision.QUALIFIED


@pytest.mark.parametrize("state", ["submitted", "disqualified"])
def test_only_the_qualified_are_placed(db, case, library, state):
    application, actor = case(state)
    only = ("Only a qualified candidate can be placed.", None)
    assert _refused(decisions.place, actor, application, "term", library["dept"].id) == only


@pytest.mark.parametrize(
    ("placement", "department", "refused"),
    [
        ("forever", "dept", ("Choose an option from the list.", "placement")),
        ("forever", None, ("Choose an option from the list.", "placement")),
        ("term", None, ("Choose the department.", "department_id")),
        ("term", 0, ("Choose the department.", "department_id")),
        ("term", 987654, ("Choose the department.", "department_id")),
    ],
)
def test_place_refusals(db, case, library, placement, department, refused):
    application, actor = case("qualified")
    department_id = library["dept"].id if department == "dept" else department
    assert _refused(decisions.place, actor, application, placement, department_id) == refused
    assert application.placement is None


@pytest.mark.parametrize("placement", ["tentative", "casual", "term", "indeterminate"])
def test_place_and_revert_placement(db, case, library, placement):
    application, actor = case("qualified")
    dept = library["dept"].id
    before = utcnow()
    decisions.place(actor, application, placement, dept)
    assert application.placement == Placement(placement) and application.placed_department_id == dept
    assert before <= application.placed_at <= utcnow()
    assert _event(application) == (
        "placed",
        "qualified",
        "placed",
        actor.id,
        {"placement": placement, "department": dept},
    )
    already = ("This candidate is already placed. Revert the placement first.", None)
    assert _refused(decisions.place, actor, application, "term", dept) == already
    decisions.revert_placement(actor, application)
    assert (application.placement, application.placed_at, application.placed_department_id) == (
        None,
        None,
        None,
    )
    assert _event(application) == ("placement_reverted", "placed", "qualified", actor.id, {})
    assert _mails(db, application) == [
        "application.qualified",
        "application.placed",
        "application.placement_reverted",
    ]
    assert _refused(decisions.revert_placement, actor, application) == ("This candidate is not placed.", None)


def test_remove_refusals(db, case, draft):
    application, actor = case()
    assert _refused(decisions.remove, actor, draft(), "ineligible") == (
        "A draft cannot be removed; the candidate can delete it.",
        None,
    )
    assert _refused(decisions.remove, actor, application, "bored") == (
        "Choose an option from the list.",
        "reason",
    )
    removed, actor = case("removed")
    assert _refused(decisions.remove, actor, removed, "ineligible") == (
        "This candidate was already removed.",
        None,
    )
    placed, actor = case("placed")
    assert _refused(decisions.remove, actor, placed, "ineligible") == (
        "A placed candidate cannot be removed. Revert the placement first.",
        None,
    )


@pytest.mark.parametrize(
    ("reason", "details", "refused", "stored"),
    [
        ("other", "", ("Give the reason.", "details"), None),
        ("other", None, ("Give the reason.", "details"), None),
        ("other", "x" * 2001, ("Use at most 2000 characters.", "details"), None),
        ("other", "  Moved away.  ", None, "Moved away."),
        ("ineligible", "x" * 2001, ("Use at most 2000 characters.", "details"), None),
        ("ineligible", "", None, None),  # a listed reason needs no words
        ("not_responsive", " Called twice. ", None, "Called twice."),
    ],
)
def test_remove_details_edges(db, case, reason, details, refused, stored):
    application, actor = case("qualified")
    if refused:
        assert _refused(decisions.remove, actor, application, reason, details) == refused
        assert application.removed_at is None
        return
    before = utcnow()
    decisions.remove(actor, application, reason, details)
    assert before <= application.removed_at <= utcnow()
    assert (application.removal_reason, application.removal_details) == (RemovalReason(reason), stored)
    assert _event(application) == ("removed", "qualified", "removed", actor.id, {"reason": reason})
    assert _mails(db, application) == ["application.qualified", "application.removed"]


def test_reinstate_clears_the_removal(db, case):
    application, actor = case()
    decisions.remove(actor, application, "other", "Unreachable")
    decisions.reinstate(actor, application)
    assert (application.removed_at, application.removal_reason, application.removal_details) == (
        None,
        None,
        None,
    )
    assert _event(application) == ("reinstated", "removed", "submitted", actor.id, {})
    assert _mails(db, application) == ["application.removed", "application.reinstated"]
    only = ("Only a removed candidate can be reinstated.", None)
    assert _refused(decisions.reinstate, actor, application) == only


def test_withdraw_refusals_and_effect(db, case, make_candidate):
    application, _actor = case()
    assert _refused(decisions.withdraw, make_candidate(), application) == (NOT_YOURS, None)
    placed, _actor = case("placed")
    assert _refused(decisions.withdraw, placed.user, placed) == (
        "You were placed from this process: contact the recruitment team.",
        None,
    )
    decisions.withdraw(application.user, application)
    assert application.removal_reason == RemovalReason.WITHDREW
    assert _event(application) == (
        "removed",
        "submitted",
        "removed",
        application.user_id,
        {"reason": "withdrew"},
    )


@pytest.mark.parametrize("state", ["submitted", "disqualified", "removed"])
def test_suspend_and_pause_only_a_qualified_candidacy(db, case, state):
    application, actor = case(state)
    suspend = ("Only a qualified candidacy can be suspended.", None)
    assert _refused(decisions.set_suspended, application.user, application, True) == suspend
    pause = ("Only a qualified candidacy can be paused.", None)
    assert _refused(decisions.set_paused, actor, application, True) == pause


def test_a_removed_qualified_candidacy_is_neither_suspended_nor_paused(db, case):
    application, actor = case("qualified")
    decisions.remove(actor, application, "ineligible")
    assert application.decision == Decision.QUALIFIED
    assert _refused(decisions.set_suspended, application.user, application, True)[0].startswith(
        "Only a qualified"
    )
    assert _refused(decisions.set_paused, actor, application, True)[0].startswith("Only a qualified")


def test_suspend_and_resume_by_the_candidate_only(db, case, make_candidate):
    application, _actor = case("qualified")
    assert _refused(decisions.set_suspended, make_candidate(), application, True) == (NOT_YOURS, None)
    before = utcnow()
    decisions.set_suspended(application.user, application, True)
    assert before <= application.suspended_at <= utcnow()
    assert _event(application) == ("suspended", "qualified", "qualified", application.user_id, {})
    decisions.set_suspended(application.user, application, False)
    assert application.suspended_at is None
    assert _event(application) == ("resumed", "qualified", "qualified", application.user_id, {})
    assert _mails(db, application) == ["application.qualified"]  # the candidate did it: no e-mail


@pytest.mark.parametrize(
    ("reason", "details"),
    [(None, {}), ("", {}), ("  On leave.  ", {"reason": "On leave."}), ("x" * 2000, {"reason": "x" * 2000})],
)
def test_pause_and_unpause(db, case, reason, details):
    application, actor = case("qualified")
    before = utcnow()
    decisions.set_paused(actor, application, True, reason)
    assert before <= application.paused_at <= utcnow()
    assert _event(application) == ("paused", "qualified", "qualified", actor.id, details)
    decisions.set_paused(actor, application, False)
    assert application.paused_at is None
    assert _event(application) == ("unpaused", "qualified", "qualified", actor.id, {})


def test_a_pause_reason_has_a_limit(db, case):
    application, actor = case("qualified")
    assert _refused(decisions.set_paused, actor, application, True, "x" * 2001) == (
        "Use at most 2000 characters.",
        "reason",
    )


def test_suspending_twice_keeps_the_time_of_the_first_and_records_it_once(db, case):
    application, _actor = case("qualified")
    decisions.set_suspended(application.user, application, True)
    first = application.suspended_at
    events = len(application.events)
    decisions.set_suspended(application.user, application, True)  # again: nothing changes
    assert application.suspended_at == first and len(application.events) == events
    decisions.set_suspended(application.user, application, False)
    assert application.suspended_at is None and len(application.events) == events + 1
    decisions.set_suspended(application.user, application, False)  # resuming twice: once
    assert len(application.events) == events + 1


def test_deleting_a_draft_checks_its_owner_in_the_service(db, make_process, make_candidate):
    owner, other = make_candidate(), make_candidate()
    draft = applications.start(owner, make_process())
    db.session.commit()
    assert _refused(applications.delete_draft, other, draft) == (NOT_YOURS, None)
    assert db.session.get(type(draft), draft.id) is not None
    applications.delete_draft(owner, draft)
    assert db.session.get(type(draft), draft.id) is None


@pytest.mark.parametrize(("expiry_offset", "accepted"), [(-1, False), (0, True)])
def test_an_expiry_of_today_near_midnight_utc_is_today_for_qualifying_and_for_availability(
    db, case, monkeypatch, expiry_offset, accepted
):
    # 02:30 UTC on 2 March is 21:30 on 1 March in Toronto: "today" is the 1st for every rule (a moment in
    # the past: a rule reading the machine's calendar instead would refuse the expiry).
    from datetime import UTC, datetime

    from jobs.services import pools
    from talent import clock

    moment = datetime(2020, 3, 2, 2, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "utcnow", lambda: moment)
    monkeypatch.setattr(pools, "utcnow", lambda: moment)
    application, actor = case("submitted")
    expiry = date(2020, 3, 1) + timedelta(days=expiry_offset)
    if not accepted:
        assert _refused(decisions.qualify, actor, application, expiry) == (
            "The expiry date cannot be in the past.",
            "expiry_date",
        )
        return
    decisions.qualify(actor, application, expiry)
    assert application.expiry_date == expiry
    assert pools.is_available(application)  # and availability counts it, on the same calendar
