"""The coordinators' decisions on a nominee's group (issue 16, part 6): the group's derived status in every
combination of decisions, against an expectation written from the issue's rule; what the group's page shows
(the nominee, every nomination, the career interests and skills only with consent); approving, rejecting and
reopening each kind, recorded with its history, audited and told to the nominee; the refusals (an expiry in
the past or missing, a kind not nominated, a declined group, anyone but a coordinator of the event), which
store nothing; promotions; and the page's statements, bounded."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jobs.models import Nomination, NominationDecision, NominationGroup, NominationSkill
from jobs.models.nominations import APPROVED, KINDS, REJECTED
from jobs.services import JobsError, nomination_decisions, nominations
from jobs.talent_management import views_events
from talent import clock
from talent.models import AuditEvent, Notification, UserSkill
from talent.models._types import utcnow
from tests.conftest import csrf_token, login
from tests.jobs import nomination_fixtures
from tests.querycount import assert_flat
from tests.talent.test_words_and_data import french

make_employee = nomination_fixtures.make_employee  # the fixtures
make_event = nomination_fixtures.make_event
make_group = nomination_fixtures.make_group

BASE = "/en/talent-management"
LABELS = {
    "in_progress": "In progress",
    "partially_approved": "Partially approved",
    "rejected": "Rejected",
    "approved": "Approved",
}


def text(response):
    return response.get_data(as_text=True)


def sign_in(client, user):
    assert login(client, user.email).status_code == 302
    return csrf_token(client, "/en/password/forgot")


def group_url(group, action=None):
    url = f"{BASE}/events/{group.event_id}/groups/{group.id}"
    return f"{url}/{action}" if action else url


def decide(client, token, group, kind, decision, notes="", expires_on=None):
    data = {f"{kind}-csrf_token": token, f"{kind}-decision": decision, f"{kind}-notes": notes}
    if expires_on is not None:
        data[f"{kind}-expires_on"] = expires_on.isoformat()
    return client.post(group_url(group, f"{kind}/decision"), data=data)


def reopen(client, token, group, kind, notes=""):
    data = {f"reopen-{kind}-csrf_token": token, f"reopen-{kind}-notes": notes}
    return client.post(group_url(group, f"{kind}/reopen"), data=data)


def history(db, group):
    return list(
        db.session.scalars(
            select(NominationDecision)
            .where(NominationDecision.group_id == group.id)
            .order_by(NominationDecision.id)
        )
    )


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def nothing_stored(db, group, nominee):
    """No decision, no audit of one, no notification, and the group's current decisions untouched."""
    db.session.expire_all()
    fresh = db.session.get(NominationGroup, group.id)
    return (
        history(db, group) == []
        and count(db, AuditEvent, AuditEvent.action.like("nomination.%")) == 0
        and count(db, Notification, Notification.recipient_id == nominee.id) == 0
        and all(fresh.decision(kind) is None for kind in KINDS)
        and fresh.advancement_expires_on is None
        and fresh.lateral_expires_on is None
    )


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", first_name="Cora", last_name="Coordinator")


@pytest.fixture
def event(make_event, coordinator):
    return make_event(coordinators=[coordinator], name_en="Executives 2027", name_fr="Cadres 2027")


@pytest.fixture
def nominee(make_employee, library):
    return make_employee(first_name="Nia", last_name="Nominee", position=(library["it03"], library["dept"]))


# --- The derived status, every combination --------------------------------------------------------------


def expected_status(outcomes):
    """The issue's rule, in its order, over the decisions of the nominated kinds only."""
    undecided = sum(1 for o in outcomes if o is None)
    approvals = sum(1 for o in outcomes if o == APPROVED)
    rejections = sum(1 for o in outcomes if o == REJECTED)
    if undecided:
        return "in_progress"
    if approvals and rejections:
        return "partially_approved"
    if rejections:
        return "rejected"
    return "approved"


COMBINATIONS = [
    (subset, outcomes)
    for size in range(1, len(KINDS) + 1)
    for subset in itertools.combinations(KINDS, size)
    for outcomes in itertools.product((None, APPROVED, REJECTED), repeat=size)
]


def test_every_combination_is_listed_once():
    assert len(COMBINATIONS) == 3 * 3 + 3 * 9 + 27 == 63
    assert len(set(COMBINATIONS)) == 63


def transient_group(subset, outcomes):
    """A group whose submitted nominations name ``subset`` (split between two nominators), a draft naming
    every kind (which counts for nothing), decisions ``outcomes`` on the nominated kinds and an approval
    written on every kind not nominated (which counts for nothing either)."""
    now = utcnow()
    first = Nomination(submitted_at=now, **{f"for_{kind}": kind == subset[0] for kind in KINDS})
    rest = Nomination(submitted_at=now, **{f"for_{kind}": kind in subset[1:] for kind in KINDS})
    draft = Nomination(submitted_at=None, **{f"for_{kind}": True for kind in KINDS})
    decisions = {f"{kind}_decision": APPROVED for kind in KINDS if kind not in subset}
    decisions.update({f"{kind}_decision": outcome for kind, outcome in zip(subset, outcomes, strict=True)})
    return NominationGroup(nominations=[first, rest, draft], **decisions)


@pytest.mark.parametrize(("subset", "outcomes"), COMBINATIONS)
def test_the_group_status_in_every_combination_of_decisions(subset, outcomes):
    group = transient_group(subset, outcomes)
    assert nominations.nominated_kinds(group) == subset
    assert nominations.status_of(group) == expected_status(outcomes)


def test_a_group_without_a_submitted_nomination_is_in_progress():
    draft = Nomination(submitted_at=None, for_advancement=True)
    assert nominations.status_of(NominationGroup(nominations=[draft], advancement_decision=APPROVED)) == (
        "in_progress"
    )


def test_the_pages_label_every_combination_as_the_rule_says(
    client, db, monkeypatch, coordinator, event, make_employee, make_group
):
    monkeypatch.setattr(views_events, "PAGE_SIZE", 100)
    expected = {}
    for subset, outcomes in COMBINATIONS:
        person = make_employee(consent=False)
        decisions = {f"{kind}_decision": o for kind, o in zip(subset, outcomes, strict=True)}
        group = make_group(event, person, kinds=subset, **decisions)
        expected[group.id] = expected_status(outcomes)
    sign_in(client, coordinator)
    page = text(client.get(f"{BASE}/events/{event.id}"))
    for group_id, status in expected.items():
        row = page[page.index(f'/groups/{group_id}"') :].split("</tr>", 1)[0]
        assert f'data-group-status="{status}">{LABELS[status]}</span>' in row, (group_id, status)
        group_page = text(client.get(f"{BASE}/events/{event.id}/groups/{group_id}"))
        assert f'data-group-status="{status}">{LABELS[status]}</span>' in group_page, (group_id, status)
    assert set(expected.values()) == set(LABELS)


# --- The group's page -----------------------------------------------------------------------------------


def test_the_page_shows_the_nominee_and_every_nomination(
    client, db, coordinator, event, nominee, make_employee, make_group, library
):
    colleague = make_employee(first_name="Col", last_name="League")
    group = make_group(
        event,
        nominee,
        [(colleague, ("advancement", "development")), (nominee, ("lateral",))],
        skills=[library["python"]],
    )
    make_employee(first_name="Not", last_name="Nominating")
    sign_in(client, coordinator)
    page = text(client.get(group_url(group)))
    assert "Nominations of Nia Nominee" in page
    assert "IT-03" in page and "Test Department" in page
    assert nominee.email.split("@")[0] + "@canada.ca" in page
    assert "Nominated by Col League" in page and "Nominated themselves" in page
    assert "A colleague" in page and "I am nominating myself" in page
    assert "Col knows why Nia is ready." in page and "Robin Reference" in page
    assert "Executive leadership development" in page and "Python" in page
    assert "2 nominations" in page and "Not Nominating" not in page
    # One decision form per kind nominated, the expiry only for advancement and lateral movement.
    assert 'name="advancement-expires_on"' in page and 'name="lateral-expires_on"' in page
    assert 'name="development-decision"' in page and 'name="development-expires_on"' not in page


def test_career_interests_and_skills_are_shown_only_with_consent(
    client, db, coordinator, event, make_employee, make_group, library
):
    consenting = make_employee(first_name="Yes", last_name="Consent")
    refusing = make_employee(first_name="No", last_name="Consent", consent=False)
    for person in (consenting, refusing):
        db.session.add(UserSkill(user_id=person.id, skill_id=library["java"].id, level=3))
    db.session.commit()
    shown = make_group(event, consenting)
    hidden = make_group(event, refusing)
    sign_in(client, coordinator)
    page = text(client.get(group_url(shown)))
    assert "Java" in page and "Within a year" in page and "A similar role in another department" in page
    views = select(func.count()).where(
        AuditEvent.action == "profile.viewed", AuditEvent.target_id == str(consenting.id)
    )
    assert db.session.scalar(views) == 1
    page = text(client.get(group_url(hidden)))
    assert "has not agreed to share their profile" in page
    assert "Java" not in page and "Within a year" not in page
    not_viewed = select(func.count()).where(
        AuditEvent.action == "profile.viewed", AuditEvent.target_id == str(refusing.id)
    )
    assert db.session.scalar(not_viewed) == 0


def test_the_group_page_sends_as_many_statements_with_many_nominations_as_with_few(
    client, db, coordinator, event, nominee, make_employee, make_group, library
):
    group = make_group(event, nominee, kinds=("advancement", "lateral", "development"))
    for key in ("python", "sql"):
        db.session.add(UserSkill(user_id=nominee.id, skill_id=library[key].id, level=2))
    db.session.commit()
    sign_in(client, coordinator)

    def more(i):
        nominator = make_employee()
        nomination = Nomination(
            event_id=event.id,
            nominator_id=nominator.id,
            nominee_id=nominee.id,
            group_id=group.id,
            for_lateral=True,
            rationale="Why",
            submitted_at=utcnow(),
        )
        nomination.skills.append(NominationSkill(skill_id=library["python" if i % 2 else "sql"].id))
        db.session.add(nomination)
        db.session.add(
            NominationDecision(
                group_id=group.id,
                kind="lateral",
                decision=APPROVED if i % 2 else None,
                decided_by_id=nominator.id,
            )
        )
        db.session.commit()

    assert_flat(lambda: client.get(group_url(group)), more)


# --- Deciding -------------------------------------------------------------------------------------------


def test_an_approval_with_todays_expiry_is_recorded_audited_and_told(
    app, client, db, coordinator, event, nominee, make_group
):
    group = make_group(event, nominee, kinds=("advancement",))
    token = sign_in(client, coordinator)
    today = clock.today()
    response = decide(client, token, group, "advancement", "approved", "Ready now.", today)
    assert response.status_code == 302, text(response)
    db.session.expire_all()
    group = db.session.get(NominationGroup, group.id)
    assert (group.advancement_decision, group.advancement_expires_on) == (APPROVED, today)
    assert nominations.status_of(group) == "approved"
    (row,) = history(db, group)
    assert (row.kind, row.decision, row.notes, row.expires_on, row.decided_by_id) == (
        "advancement",
        APPROVED,
        "Ready now.",
        today,
        coordinator.id,
    )
    (audit,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "nomination.decided"))
    assert (audit.target_type, audit.target_id, audit.actor_id) == (
        "nomination_group",
        str(group.id),
        coordinator.id,
    )
    assert audit.details["kind"] == "advancement" and audit.details["expires_on"] == today.isoformat()
    (told,) = db.session.scalars(select(Notification).where(Notification.recipient_id == nominee.id))
    assert told.kind == "nomination.decision" and told.params["decision"] == APPROVED
    page = text(client.get(group_url(group)))
    assert 'data-decision="advancement:approved"' in page and "Ready now." in page
    assert 'data-group-status="approved"' in page
    # The nominee reads it in their language.
    reader = app.test_client()
    login(reader, nominee.email)
    english = text(reader.get("/en/notifications"))
    assert "Your nomination in “Executives 2027” was approved for: Advancement." in english
    french_page = text(reader.get("/fr/notifications"))
    assert "Cadres 2027" in french_page and french("Advancement") in french_page
    assert "was approved for" not in french_page


def test_an_expiry_yesterday_is_refused_and_nothing_is_stored(
    client, db, coordinator, event, nominee, make_group
):
    group = make_group(event, nominee, kinds=("advancement", "lateral"))
    token = sign_in(client, coordinator)
    yesterday = clock.today() - timedelta(days=1)
    for kind in ("advancement", "lateral"):
        response = decide(client, token, group, kind, "approved", "", yesterday)
        assert response.status_code == 422
        assert "The expiry cannot be in the past." in text(response)
    assert nothing_stored(db, group, nominee)


def test_an_approval_without_an_expiry_is_refused(client, db, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("lateral",))
    token = sign_in(client, coordinator)
    response = decide(client, token, group, "lateral", "approved")
    assert response.status_code == 422
    assert "Give the last day the person is available with an approval." in text(response)
    assert nothing_stored(db, group, nominee)


def test_the_service_pins_the_expiry_at_today_in_the_reference_time_zone(
    db, coordinator, event, nominee, make_group
):
    group = make_group(event, nominee, kinds=("advancement",))
    day = clock.today()
    with pytest.raises(JobsError, match="in the past") as refused:
        nomination_decisions.decide(
            coordinator, group, "advancement", APPROVED, expires_on=day - timedelta(days=1), today=day
        )
    assert refused.value.field == "expires_on" and group.advancement_decision is None
    nomination_decisions.decide(coordinator, group, "advancement", APPROVED, expires_on=day, today=day)
    assert group.advancement_expires_on == day


def test_a_rejection_needs_no_expiry_and_keeps_none(client, db, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("advancement",))
    token = sign_in(client, coordinator)
    response = decide(
        client, token, group, "advancement", "rejected", "Not yet.", clock.today() + timedelta(days=9)
    )
    assert response.status_code == 302
    db.session.expire_all()
    group = db.session.get(NominationGroup, group.id)
    assert (group.advancement_decision, group.advancement_expires_on) == (REJECTED, None)
    assert nominations.status_of(group) == "rejected"


def test_development_programmes_take_no_expiry(db, client, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("development",))
    with pytest.raises(JobsError, match="no availability expiry"):
        nomination_decisions.decide(coordinator, group, "development", APPROVED, expires_on=clock.today())
    token = sign_in(client, coordinator)
    refused = decide(client, token, group, "development", "approved", "", clock.today())
    assert refused.status_code == 422 and nothing_stored(db, group, nominee)
    assert decide(client, token, group, "development", "approved").status_code == 302
    db.session.expire_all()
    assert db.session.get(NominationGroup, group.id).development_decision == APPROVED


def test_a_decision_without_a_choice_is_refused(client, db, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("development",))
    token = sign_in(client, coordinator)
    for choice in ("", "maybe"):
        response = decide(client, token, group, "development", choice)
        assert response.status_code == 422
    assert nothing_stored(db, group, nominee)


def test_a_decision_on_a_kind_not_nominated_is_refused(client, db, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("advancement",))
    token = sign_in(client, coordinator)
    for kind in ("lateral", "development"):
        response = decide(client, token, group, kind, "rejected")
        assert response.status_code == 422
        assert "This person was not nominated for this kind of move in this event." in text(response)
    assert decide(client, token, group, "promotion", "approved").status_code == 404
    assert nothing_stored(db, group, nominee)


def test_a_decision_on_a_declined_group_is_refused(client, db, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("advancement",), declined_at=utcnow())
    token = sign_in(client, coordinator)
    page = text(client.get(group_url(group)))
    assert "declined their nominations" in page and 'name="advancement-decision"' not in page
    response = decide(client, token, group, "advancement", "approved", "", clock.today())
    assert response.status_code == 422 and "declined their nominations" in text(response)
    assert nothing_stored(db, group, nominee)


def test_a_decision_is_reversible_and_its_history_kept(client, db, coordinator, event, nominee, make_group):
    group = make_group(event, nominee, kinds=("advancement", "development"))
    token = sign_in(client, coordinator)
    expiry = clock.today() + timedelta(days=365)
    assert reopen(client, token, group, "advancement").status_code == 409  # nothing to reopen yet
    assert decide(client, token, group, "advancement", "approved", "Strong.", expiry).status_code == 302
    assert decide(client, token, group, "development", "rejected", "Later.").status_code == 302
    db.session.expire_all()
    assert nominations.status_of(db.session.get(NominationGroup, group.id)) == "partially_approved"
    assert reopen(client, token, group, "advancement", "New facts.").status_code == 302
    db.session.expire_all()
    fresh = db.session.get(NominationGroup, group.id)
    assert (fresh.advancement_decision, fresh.advancement_expires_on) == (None, None)
    assert nominations.status_of(fresh) == "in_progress"
    rows = history(db, group)
    assert [(r.kind, r.decision, r.notes) for r in rows] == [
        ("advancement", APPROVED, "Strong."),
        ("development", REJECTED, "Later."),
        ("advancement", None, "New facts."),
    ]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("nomination.%")).order_by(AuditEvent.id)
    ).all()
    assert actions == ["nomination.decided", "nomination.decided", "nomination.reopened"]
    told = db.session.scalars(
        select(Notification.params).where(Notification.recipient_id == nominee.id).order_by(Notification.id)
    ).all()
    assert [(p["kind"], p["decision"]) for p in told] == [
        ("advancement", "approved"),
        ("development", "rejected"),
        ("advancement", "undecided"),
    ]
    page = text(client.get(group_url(group)))
    assert "Reopened" in page and "New facts." in page and "Strong." in page
    assert 'data-decision="advancement:undecided"' in page and 'data-decision="development:rejected"' in page
    # A decision changed replaces the current one.
    assert decide(client, token, group, "development", "approved").status_code == 302
    db.session.expire_all()
    assert db.session.get(NominationGroup, group.id).development_decision == APPROVED
    assert len(history(db, group)) == 4


# --- Who decides ------------------------------------------------------------------------------------------


def test_only_the_coordinators_of_the_event_and_administrators_decide(
    app, db, make_user, coordinator, event, nominee, make_group
):
    group = make_group(event, nominee, kinds=("advancement",))
    outsider = make_user("coordinator")
    recruiter = make_user("recruiter")
    for person, status in ((outsider, 404), (recruiter, 403)):
        visitor = app.test_client()
        token = sign_in(visitor, person)
        assert decide(visitor, token, group, "advancement", "rejected").status_code == status
        assert visitor.get(group_url(group)).status_code == status
        assert reopen(visitor, token, group, "advancement").status_code == status
    assert nothing_stored(db, group, nominee)
    for person in (outsider, recruiter, nominee):
        with pytest.raises(JobsError, match="Only the coordinators of this event"):
            nomination_decisions.decide(person, group, "advancement", REJECTED)
    assert group.advancement_decision is None
    admin = app.test_client()
    token = sign_in(admin, make_user("admin"))
    assert decide(admin, token, group, "advancement", "rejected").status_code == 302


# --- Promotions -----------------------------------------------------------------------------------------


def test_a_promotion_is_recorded_for_an_approved_person_and_cleared(
    client, db, coordinator, event, nominee, make_group
):
    group = make_group(event, nominee, kinds=("lateral", "development"), development_decision=APPROVED)
    token = sign_in(client, coordinator)
    today = clock.today()
    url = group_url(group, "promotion")
    page = text(client.get(group_url(group)))
    assert 'name="promotion-promoted_on"' not in page  # approved for development only
    refused = client.post(
        url, data={"promotion-csrf_token": token, "promotion-promoted_on": today.isoformat()}
    )
    assert refused.status_code == 422 and "approved for advancement or a move" in text(refused)
    group.lateral_decision, group.lateral_expires_on = APPROVED, today
    db.session.commit()
    tomorrow = (today + timedelta(days=1)).isoformat()
    future = client.post(url, data={"promotion-csrf_token": token, "promotion-promoted_on": tomorrow})
    assert future.status_code == 422 and "cannot be in the future" in text(future)
    assert count(db, AuditEvent, AuditEvent.action.like("nomination.promotion%")) == 0
    done = client.post(url, data={"promotion-csrf_token": token, "promotion-promoted_on": today.isoformat()})
    assert done.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(NominationGroup, group.id)
    assert (fresh.promoted_on, fresh.promotion_recorded_by_id) == (today, coordinator.id)
    assert "Promoted on" in text(client.get(group_url(group)))
    cleared = client.post(group_url(group, "promotion/clear"), data={"csrf_token": token})
    assert cleared.status_code == 302
    db.session.expire_all()
    assert db.session.get(NominationGroup, group.id).promoted_on is None
    assert client.post(group_url(group, "promotion/clear"), data={"csrf_token": token}).status_code == 409
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.like("nomination.promotion%"))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["nomination.promotion_recorded", "nomination.promotion_cleared"]


# --- Talent counts --------------------------------------------------------------------------------------


def test_decisions_reach_the_change_log_of_talent_counts(db, coordinator, event, nominee, make_group):
    from jobs.models import TalentChange

    group = make_group(event, nominee, kinds=("advancement",))
    logged = select(func.count()).select_from(TalentChange).where(TalentChange.user_id == nominee.id)
    before = db.session.scalar(logged)
    with pytest.raises(JobsError):
        nomination_decisions.decide(coordinator, group, "lateral", APPROVED, expires_on=clock.today())
    db.session.rollback()
    assert db.session.scalar(logged) == before
    nomination_decisions.decide(coordinator, group, "advancement", APPROVED, expires_on=clock.today())
    db.session.commit()
    approved = db.session.scalar(logged)
    assert approved > before
    nomination_decisions.reopen(coordinator, group, "advancement")
    db.session.commit()
    assert db.session.scalar(logged) > approved
