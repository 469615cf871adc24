"""Nominating (issue 16, part 5), the employees' side: a draft, then submitted; submitted nominations of one
person in one event form one group; every refusal (outside an active event, to the second; a nominator or a
nominee who is not a verified employee; the same person twice by the same nominator in one event; a
deactivated or deleted account) with its message and nothing stored; nominating oneself; the nominee told in
the app and by e-mail, in their language; what the nominee sees, and declining; another person's draft or
group is a 404; the dashboard section."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from jobs.models import Nomination, NominationDecision, NominationGroup
from jobs.services import JobsError, nominating, nominees, pools
from jobs.services.nominating import NominationFields, NominationProblems
from talent.models import AuditEvent, Notification, OutboxMessage
from talent.models._types import utcnow
from tests.conftest import csrf_token, login
from tests.jobs import nomination_fixtures
from tests.querycount import assert_flat

make_employee = nomination_fixtures.make_employee  # the fixtures
make_event = nomination_fixtures.make_event
make_group = nomination_fixtures.make_group
make_draft = nomination_fixtures.make_draft

BASE = "/en/talent-management"
T = datetime(2031, 3, 2, 14, 0, 0, tzinfo=UTC)  # an event opens
C = datetime(2031, 3, 30, 21, 0, 0, tzinfo=UTC)  # and closes
SECOND = timedelta(seconds=1)

COMPLETE = NominationFields(
    kinds=("advancement", "development"),
    development_programmes=("coaching",),
    rationale="Leads the data platform team with care.",
    relationship="colleague",
    reference_name="Robin Reference",
    reference_email="Robin.Reference@Canada.ca",
)


def text(response):
    return response.get_data(as_text=True)


def words(response):
    """The page's text, tags and repeated spaces left out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def sign_in(client, user, lang="en"):
    assert login(client, user.email, lang=lang).status_code == 302
    return csrf_token(client, f"/{lang}/dashboard")


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def problems_of(excinfo):
    exc = excinfo.value
    return exc.problems if isinstance(exc, NominationProblems) else [(exc.message, exc.field)]


def fields_of(excinfo):
    return {field for _message, field in problems_of(excinfo)}


def messages_of(excinfo):
    return [message for message, _field in problems_of(excinfo)]


def frozen(monkeypatch, moment):
    """Pages and services see ``moment`` as now."""
    monkeypatch.setattr(nominating, "utcnow", lambda: moment)
    monkeypatch.setattr(nominees, "utcnow", lambda: moment)


@pytest.fixture
def at_t(monkeypatch):
    """The pages see T, the moment the event opens, as now."""
    frozen(monkeypatch, T)


@pytest.fixture
def event(make_event, make_user):
    return make_event(opens_at=T, closes_at=C, coordinators=[make_user("coordinator")])


@pytest.fixture
def ana(make_employee):
    return make_employee(first_name="Ana", last_name="Nominator")


@pytest.fixture
def ben(make_employee):
    return make_employee(first_name="Ben", last_name="Nominee", locale="fr")


def work_email(user):
    return f"{user.email.split('@')[0].lower()}@canada.ca"  # as nomination_fixtures.make_verified writes it


def draft(db, nominator, nominee, event, now=T):
    nomination = nominating.start(nominator, event, nominee, now=now)
    db.session.commit()
    return nomination


# --- Draft, then submitted; grouping ------------------------------------------------------------------------


def test_a_draft_is_saved_then_submitted_into_the_nominees_group(db, event, ana, ben, library):
    nominee = nominating.choose_nominee(ana, "colleague", f"  {work_email(ben).upper()} ")
    assert nominee.id == ben.id  # found by the verified work e-mail address, any case, spaces trimmed
    nomination = draft(db, ana, nominee, event)
    assert nomination.submitted_at is None and nomination.group_id is None
    assert nomination.relationship_to_nominee is None

    partial = NominationFields(kinds=("lateral",), skills=(library["python"].key,))
    nominating.save(ana, nomination, partial, now=T + SECOND)
    db.session.commit()
    assert nomination.kinds == ("lateral",) and [s.skill_id for s in nomination.skills] == [
        library["python"].id
    ]
    assert nomination.rationale == "" and nomination.submitted_at is None  # a draft needs nothing yet
    assert count(db, NominationGroup) == 0

    full = NominationFields(**{**COMPLETE.__dict__, "skills": (library["python"].key, library["sql"].key)})
    group = nominating.submit(ana, nomination, full, now=C - SECOND)
    db.session.commit()
    assert nomination.submitted_at == C - SECOND and nomination.group_id == group.id
    assert nomination.kinds == ("advancement", "development")
    assert nomination.development_programmes == ["coaching"]
    assert nomination.reference_email == "robin.reference@canada.ca"
    assert {s.skill_id for s in nomination.skills} == {library["python"].id, library["sql"].id}
    assert (group.event_id, group.nominee_id) == (event.id, ben.id)
    submitted = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "nomination.submitted")
    ).all()
    assert [(a.actor_id, a.target_id) for a in submitted] == [(ana.id, str(nomination.id))]


def test_submitted_nominations_of_one_person_in_one_event_form_one_group(
    db, event, make_event, make_employee, ana, ben
):
    carol, dan = make_employee(first_name="Carol"), make_employee(first_name="Dan")
    first = nominating.submit(ana, draft(db, ana, ben, event), COMPLETE, now=T)
    second = nominating.submit(carol, draft(db, carol, ben, event), COMPLETE, now=T)
    db.session.commit()
    assert first.id == second.id
    assert sorted(n.nominator_id for n in first.nominations) == sorted([ana.id, carol.id])
    # A draft joins no group, and the group's kinds come from submitted nominations only.
    dans = draft(db, dan, ben, event)
    nominating.save(dan, dans, NominationFields(kinds=("lateral",)), now=T)
    db.session.commit()
    assert dans.group_id is None and len(first.nominations) == 2
    from jobs.services.nominations import nominated_kinds

    assert nominated_kinds(first) == ("advancement", "development")
    # The same person in another event: another group.
    other = make_event(opens_at=T, closes_at=C)
    third = nominating.submit(ana, draft(db, ana, ben, other), COMPLETE, now=T)
    db.session.commit()
    assert third.id != first.id and third.event_id == other.id
    assert count(db, NominationGroup) == 2


def test_a_group_made_at_the_same_moment_by_another_submission_is_joined(db, event, ana, ben, monkeypatch):
    """The unique constraint decides between two first submissions: the one that loses reads the group."""
    racing = NominationGroup(event_id=event.id, nominee_id=ben.id)
    nomination = draft(db, ana, ben, event)
    real_scalars = db.session.scalars
    calls = {"n": 0}

    def scalars(stmt, *args, **kwargs):
        # The first look for the group finds nothing, as if the other submission had not committed yet.
        if "nomination_groups" in str(stmt) and calls["n"] == 0:
            calls["n"] += 1
            db.session.add(racing)
            db.session.flush()
            return real_scalars(select(NominationGroup).where(NominationGroup.id == -1))
        return real_scalars(stmt, *args, **kwargs)

    monkeypatch.setattr(db.session, "scalars", scalars)
    group = nominating.submit(ana, nomination, COMPLETE, now=T)
    monkeypatch.undo()
    db.session.commit()
    assert group.id == racing.id and count(db, NominationGroup) == 1
    assert nomination.group_id == racing.id


# --- The event's window, to the second ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "allowed"), [(T - SECOND, False), (T, True), (C - SECOND, True), (C, False)]
)
def test_nominating_only_while_the_event_is_active(db, event, ana, ben, moment, allowed):
    if allowed:
        nomination = nominating.start(ana, event, ben, now=moment)
        nominating.save(ana, nomination, COMPLETE, now=moment)
        nominating.submit(ana, nomination, COMPLETE, now=moment)
        db.session.commit()
        assert nomination.submitted_at == moment
        return
    with pytest.raises(JobsError) as refused:
        nominating.start(ana, event, ben, now=moment)
    db.session.rollback()
    assert messages_of(refused) == [str(nominating.NOT_OPEN)]
    assert count(db, Nomination) == 0
    # A draft made while the event was active can be neither saved nor submitted outside it.
    nomination = draft(db, ana, ben, event, now=T)
    for action in (nominating.save, nominating.submit):
        with pytest.raises(JobsError) as refused:
            action(ana, nomination, COMPLETE, now=moment)
        db.session.rollback()
        assert str(nominating.NOT_OPEN) in messages_of(refused)
    db.session.refresh(nomination)
    assert nomination.submitted_at is None and nomination.rationale == "" and count(db, NominationGroup) == 0


def test_the_pages_follow_the_window_to_the_second(client, db, event, ana, ben, monkeypatch):
    token = sign_in(client, ana)
    url = f"{BASE}/nominate/{event.id}"
    data = {"csrf_token": token, "whom": "colleague", "work_email": work_email(ben)}
    frozen(monkeypatch, T - SECOND)
    assert event.name_en not in text(client.get(f"{BASE}/nominate"))  # upcoming: not listed
    refused = client.post(url, data=data)
    assert refused.status_code == 422 and "Nominations are not open in this event" in words(refused)
    assert count(db, Nomination) == 0
    frozen(monkeypatch, T)
    assert event.name_en in text(client.get(f"{BASE}/nominate"))
    answer = client.post(url, data=data)
    assert answer.status_code == 302
    nomination = db.session.scalars(select(Nomination)).one()
    assert answer.headers["Location"].endswith(f"/talent-management/nominations/{nomination.id}")
    page = f"{BASE}/nominations/{nomination.id}"
    form = {**form_data(token, COMPLETE), "action": "submit"}
    frozen(monkeypatch, C)
    refused = client.post(page, data=form)
    assert refused.status_code == 422 and "Nominations are not open in this event" in words(refused)
    closed = client.get(page)  # the draft page says so, without the buttons to save or submit
    assert "the draft can no longer be saved or submitted" in words(closed)
    assert 'value="submit"' not in text(closed)
    frozen(monkeypatch, C - SECOND)
    assert client.post(page, data=form).status_code == 302
    db.session.refresh(nomination)
    assert nomination.submitted_at == C - SECOND


def test_an_event_that_does_not_exist_is_not_found_and_a_past_one_says_it_is_not_open(
    client, db, make_event, ana
):
    past = make_event(opens_at=T - timedelta(days=60), closes_at=T - timedelta(days=30))
    sign_in(client, ana)
    assert client.get(f"{BASE}/nominate/{past.id + 1000}").status_code == 404
    page = client.get(f"{BASE}/nominate/{past.id}")
    assert page.status_code == 200 and "Nominations are not open in this event" in words(page)
    assert 'name="whom"' not in text(page)


# --- Who may nominate and be nominated ----------------------------------------------------------------------


def test_a_nominator_without_a_verified_work_email_is_refused_with_the_way_to_get_one(
    client, db, event, make_employee, make_user, ben
):
    unverified = make_employee(verified=False)
    with pytest.raises(JobsError) as refused:
        nominating.start(unverified, event, ben, now=T)
    db.session.rollback()
    assert messages_of(refused) == [str(nominating.NOMINATOR_NOT_VERIFIED)]
    assert count(db, Nomination) == 0
    for person in (unverified, make_user("manager")):
        visitor = client.application.test_client()
        token = sign_in(visitor, person)
        for response in (
            visitor.get(f"{BASE}/nominate"),
            visitor.post(f"{BASE}/nominate/{event.id}", data={"csrf_token": token, "whom": "self"}),
        ):
            assert response.status_code == 403
            assert "Verify your work e-mail address to nominate" in words(response)
            # Where to add and confirm the address: candidates and hiring managers alike.
            assert 'href="/en/profile/work-email"' in text(response)
    recruiter = client.application.test_client()
    sign_in(recruiter, make_user("recruiter"))
    response = recruiter.get(f"{BASE}/nominate")
    assert response.status_code == 403 and 'href="/en/profile/work-email"' not in text(response)
    assert count(db, Nomination) == 0
    # A verified manager nominates like anyone else.
    manager = make_employee(role="manager")
    nominating.start(manager, event, ben, now=T)
    db.session.commit()


def test_a_nominee_must_be_a_verified_employee_with_an_active_account(
    db, event, make_employee, make_user, ana, ben
):
    unverified = make_employee(verified=False)
    deactivated, deleted = make_employee(), make_employee()
    deactivated.active = False
    deleted.deleted_at = utcnow()
    db.session.commit()
    for address in (
        "nobody@canada.ca",
        work_email(unverified),
        work_email(deactivated),
        work_email(deleted),
        "not an address",
        "x" * 300,
    ):
        with pytest.raises(JobsError) as refused:
            nominating.choose_nominee(ana, "colleague", address)
        assert problems_of(refused) == [(str(nominating.NO_SUCH_EMPLOYEE), "work_email")], address
    with pytest.raises(JobsError) as refused:
        nominating.choose_nominee(ana, "colleague", " ")
    assert fields_of(refused) == {"work_email"}
    with pytest.raises(JobsError) as refused:
        nominating.choose_nominee(ana, "someone", work_email(ben))
    assert fields_of(refused) == {"whom"}
    # The account itself, whatever address led to it.
    for person in (unverified, deactivated, deleted):
        with pytest.raises(JobsError) as refused:
            nominating.start(ana, event, person, now=T)
        db.session.rollback()
        assert messages_of(refused) == [str(nominating.NOMINEE_NOT_VERIFIED)]
    assert count(db, Nomination) == 0


def test_a_nominee_who_is_no_longer_verified_cannot_be_submitted(db, event, ana, ben):
    from talent.models import WorkEmail

    nomination = draft(db, ana, ben, event)
    db.session.scalars(select(WorkEmail).where(WorkEmail.user_id == ben.id)).one().verified_at = None
    db.session.commit()
    with pytest.raises(JobsError) as refused:
        nominating.submit(ana, nomination, COMPLETE, now=T)
    db.session.rollback()
    assert str(nominating.NOMINEE_NOT_VERIFIED) in messages_of(refused)
    db.session.refresh(nomination)
    assert nomination.submitted_at is None and count(db, NominationGroup) == 0
    assert count(db, Notification) == 0


def test_the_same_person_twice_by_the_same_nominator_in_one_event_is_refused(
    db, event, make_event, make_employee, ana, ben, monkeypatch
):
    draft(db, ana, ben, event)
    with pytest.raises(JobsError) as refused:
        nominating.start(ana, event, ben, now=T)
    db.session.rollback()
    assert problems_of(refused) == [(str(nominating.ALREADY_NOMINATED), "work_email")]
    # The constraint holds it when the check misses it (two tabs at once): same message, nothing stored.
    monkeypatch.setattr(nominating, "existing_nomination", lambda *args: None)
    with pytest.raises(JobsError) as refused:
        nominating.start(ana, event, ben, now=T)
    assert problems_of(refused) == [(str(nominating.ALREADY_NOMINATED), "work_email")]
    db.session.commit()  # the session is still usable: the failed insert was in a savepoint
    monkeypatch.undo()
    assert count(db, Nomination) == 1
    # Another nominator of the same person, or the same pair in another event: allowed.
    draft(db, make_employee(), ben, event)
    draft(db, ana, ben, make_event(opens_at=T, closes_at=C))
    assert count(db, Nomination) == 3


def test_the_same_refusal_on_the_page(client, db, event, ana, ben, at_t):
    token = sign_in(client, ana)
    url = f"{BASE}/nominate/{event.id}"
    data = {"csrf_token": token, "whom": "colleague", "work_email": work_email(ben)}
    assert client.post(url, data=data).status_code == 302
    again = client.post(url, data=data)
    assert again.status_code == 422
    assert 'error-message="You already nominated this person in this event."' in text(again)  # on the field
    unknown = client.post(url, data={**data, "work_email": "ghost@canada.ca"})
    assert unknown.status_code == 422
    assert 'error-message="No verified employee has this work e-mail address."' in text(unknown)
    assert count(db, Nomination) == 1


# --- Nominating oneself -------------------------------------------------------------------------------------


def test_nominating_oneself_is_self_exactly(client, db, event, ana, ben, at_t):
    token = sign_in(client, ana)
    answer = client.post(f"{BASE}/nominate/{event.id}", data={"csrf_token": token, "whom": "self"})
    assert answer.status_code == 302
    mine = db.session.scalars(select(Nomination)).one()
    assert mine.nominee_id == mine.nominator_id == ana.id and mine.relationship_to_nominee == "self"
    # Whatever relationship is sent for oneself, it is "self"; the page offers no other.
    page = client.get(f"{BASE}/nominations/{mine.id}")
    assert "I am nominating myself" in words(page) and 'value="colleague"' not in text(page)
    group = nominating.submit(
        ana, mine, NominationFields(**{**COMPLETE.__dict__, "relationship": "colleague"}), T
    )
    db.session.commit()
    assert mine.relationship_to_nominee == "self" and group.nominee_id == ana.id
    assert count(db, Notification) == 0 and count(db, OutboxMessage) == 0  # nobody to tell but oneself
    # "self" for someone else is refused.
    other = draft(db, ana, ben, event)
    with pytest.raises(JobsError) as refused:
        nominating.save(ana, other, NominationFields(relationship="self"), now=T)
    db.session.rollback()
    assert fields_of(refused) == {"relationship"}


# --- What submission requires -------------------------------------------------------------------------------


def test_submission_checks_everything_and_stores_nothing_when_wrong(db, event, ana, ben):
    nomination = draft(db, ana, ben, event)
    with pytest.raises(JobsError) as refused:
        nominating.submit(ana, nomination, NominationFields(kinds=("advancement",)), now=T)
    db.session.rollback()
    assert fields_of(refused) == {"rationale", "relationship", "reference_name", "reference_email"}
    with pytest.raises(JobsError) as refused:
        nominating.submit(ana, nomination, NominationFields(rationale="x", relationship="colleague"), now=T)
    db.session.rollback()
    assert fields_of(refused) == {"kinds"}
    with pytest.raises(JobsError) as refused:
        nominating.submit(
            ana, nomination, NominationFields(**{**COMPLETE.__dict__, "development_programmes": ()}), T
        )
    db.session.rollback()
    assert fields_of(refused) == {"development_programmes"}
    for wrong in (
        {"development_programmes": ("action_learning",)},  # a programme this event does not offer
        {"kinds": ("promotion",)},
        {"relationship": "cousin"},
        {"reference_email": "not an address"},
        {"reference_name": "n" * 201},
    ):
        with pytest.raises(JobsError) as refused:
            nominating.save(ana, nomination, NominationFields(**{**COMPLETE.__dict__, **wrong}), now=T)
        db.session.rollback()
        assert len(problems_of(refused)) == 1, wrong
    db.session.refresh(nomination)
    assert nomination.submitted_at is None and nomination.kinds == () and count(db, NominationGroup) == 0


def test_the_rationale_takes_5000_characters_and_no_more(db, event, ana, ben):
    nomination = draft(db, ana, ben, event)
    nominating.save(ana, nomination, NominationFields(rationale="r" * 5000), now=T)
    with pytest.raises(JobsError) as refused:
        nominating.save(ana, nomination, NominationFields(rationale="r" * 5001), now=T)
    db.session.rollback()
    assert problems_of(refused) == [("Write at most 5,000 characters.", "rationale")]


def test_development_only_where_the_event_offers_programmes(db, make_event, ana, ben):
    bare = make_event(opens_at=T, closes_at=C, development_programmes=[])
    nomination = draft(db, ana, ben, bare)
    with pytest.raises(JobsError) as refused:
        nominating.submit(ana, nomination, COMPLETE, now=T)
    db.session.rollback()
    assert fields_of(refused) == {"kinds"}
    lateral = NominationFields(**{**COMPLETE.__dict__, "kinds": ("lateral",)})
    nominating.submit(ana, nomination, lateral, now=T)
    db.session.commit()
    assert nomination.development_programmes == []


def test_skills_come_from_the_library_ten_at_most(db, event, ana, ben, library):
    from talent.models import Skill

    keys = []
    for i in range(11):
        skill = Skill(key=f"t:nominated-{i}", name_en=f"Skill {i}", name_fr=f"Compétence {i}")
        db.session.add(skill)
        keys.append(skill.key)
    db.session.commit()
    nomination = draft(db, ana, ben, event)
    nominating.save(ana, nomination, NominationFields(skills=tuple(keys[:10])), now=T)
    db.session.commit()
    assert len(nomination.skills) == 10
    with pytest.raises(JobsError) as refused:
        nominating.save(ana, nomination, NominationFields(skills=tuple(keys)), now=T)
    db.session.rollback()
    assert fields_of(refused) == {"skills"}
    library["java"].retired_at = utcnow()
    db.session.commit()
    for key in (library["java"].key, "t:no-such-skill"):
        with pytest.raises(JobsError) as refused:
            nominating.save(ana, nomination, NominationFields(skills=(key,)), now=T)
        db.session.rollback()
        assert fields_of(refused) == {"skills"}, key
    db.session.refresh(nomination)
    assert len(nomination.skills) == 10


def test_a_submitted_nomination_no_longer_changes(client, db, event, ana, ben):
    nomination = draft(db, ana, ben, event)
    nominating.submit(ana, nomination, COMPLETE, now=T)
    db.session.commit()
    for action in (nominating.save, nominating.submit):
        with pytest.raises(JobsError) as refused:
            action(ana, nomination, NominationFields(rationale="changed"), now=T)
        db.session.rollback()
        assert messages_of(refused) == [str(nominating.SUBMITTED)]
    with pytest.raises(JobsError):
        nominating.delete_draft(ana, nomination)
    db.session.rollback()
    token = sign_in(client, ana)
    page = f"{BASE}/nominations/{nomination.id}"
    assert (
        client.post(
            page, data={**form_data(token, NominationFields(rationale="changed")), "action": "save"}
        ).status_code
        == 302
    )
    assert client.post(f"{page}/delete", data={"csrf_token": token}).status_code == 302
    db.session.refresh(nomination)
    assert nomination.rationale == COMPLETE.rationale and count(db, Nomination) == 1
    shown = client.get(page)
    assert "can no longer be changed" in words(shown) and 'name="action"' not in text(shown)


# --- The pages of a draft -----------------------------------------------------------------------------------


def form_data(token, fields):
    data = {
        "csrf_token": token,
        "kinds": list(fields.kinds),
        "development_programmes": list(fields.development_programmes),
        "rationale": fields.rationale,
        "relationship": fields.relationship or "",
        "reference_name": fields.reference_name,
        "reference_email": fields.reference_email,
    }
    if fields.skills:
        data["skill"] = list(fields.skills)
    return data


def test_the_draft_page_saves_adds_skills_and_submits(client, db, event, ana, ben, library, monkeypatch):
    frozen(monkeypatch, T + timedelta(days=1))
    nomination = draft(db, ana, ben, event)
    token = sign_in(client, ana)
    page = f"{BASE}/nominations/{nomination.id}"
    html = text(client.get(page))
    assert "Ben Nominee" in html and event.name_en in html
    assert "Executive coaching" in html and "Second-language training" not in html  # the event's programmes
    # Adding a skill shows the page again with it, nothing stored.
    added = client.post(
        page, data={**form_data(token, NominationFields()), "add_skill": library["python"].key}
    )
    assert added.status_code == 200 and 'name="skill" value="t:python"' in text(added)
    db.session.refresh(nomination)
    assert nomination.skills == []
    # Saving keeps what is written; submitting with something missing says what, and stores nothing.
    partial = NominationFields(kinds=("advancement",), rationale="Ready.", skills=("t:python",))
    saved = client.post(page, data={**form_data(token, partial), "action": "save"})
    assert saved.status_code == 302
    db.session.refresh(nomination)
    assert nomination.rationale == "Ready." and [s.skill.key for s in nomination.skills] == ["t:python"]
    refused = client.post(page, data={**form_data(token, partial), "action": "submit"})
    assert refused.status_code == 422
    assert "Choose your relationship to the person you nominate." in text(refused)  # on their fields
    assert "Give the name of a reference, for advancement." in text(refused)
    db.session.refresh(nomination)
    assert nomination.submitted_at is None
    sent = client.post(page, data={**form_data(token, COMPLETE), "action": "submit"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/talent-management/nominations")
    db.session.refresh(nomination)
    assert nomination.submitted_at is not None and nomination.group_id is not None
    mine = words(client.get(f"{BASE}/nominations"))
    assert "Ben Nominee" in mine and event.name_en in mine and "Submitted on" in mine


def test_a_draft_is_deleted_by_its_nominator(client, db, event, ana, ben):
    nomination = draft(db, ana, ben, event)
    token = sign_in(client, ana)
    assert "Draft" in words(client.get(f"{BASE}/nominations"))
    assert client.get(f"{BASE}/nominations/{nomination.id}/delete").status_code == 200
    assert (
        client.post(f"{BASE}/nominations/{nomination.id}/delete", data={"csrf_token": token}).status_code
        == 302
    )
    assert count(db, Nomination) == 0


def test_another_persons_draft_or_group_is_not_found(client, db, event, make_employee, make_group, ana, ben):
    nomination = draft(db, ana, ben, event)
    group = make_group(event, ana, [(ben, ("lateral",))])
    for person in (ben, make_employee()):  # the nominee does not see the draft either
        visitor = client.application.test_client()
        token = sign_in(visitor, person)
        data = {**form_data(token, COMPLETE), "action": "submit"}
        assert visitor.get(f"{BASE}/nominations/{nomination.id}").status_code == 404
        assert visitor.post(f"{BASE}/nominations/{nomination.id}", data=data).status_code == 404
        assert visitor.post(f"{BASE}/nominations/{nomination.id}/delete", data=data).status_code == 404
        assert visitor.post(f"{BASE}/received/{group.id}/decline", data=data).status_code == 404
        assert visitor.post(f"{BASE}/received/{group.id}/withdraw-decline", data=data).status_code == 404
    db.session.refresh(nomination)
    db.session.refresh(group)
    assert nomination.submitted_at is None and group.declined_at is None


# --- The nominee is told ------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_nominee_is_told_in_the_app_and_by_email_in_their_language(
    app, db, event, make_employee, ana, locale
):
    nominee = make_employee(first_name="Noa", locale=locale)
    nominating.submit(ana, draft(db, ana, nominee, event), COMPLETE, now=T)
    db.session.commit()
    told = db.session.scalars(select(Notification).where(Notification.recipient_id == nominee.id)).one()
    assert told.kind == "nomination.received" and told.params["nominator"] == "Ana Nominator"
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == nominee.email)).one()
    if locale == "fr":
        assert mail.subject == f"Votre candidature a été proposée\u00a0: {event.name_fr}"
        assert f"Ana Nominator a proposé votre candidature pour l’événement « {event.name_fr} »" in mail.body
    else:
        assert mail.subject == f"You were nominated: {event.name_en}"
        assert f"Ana Nominator nominated you in the event “{event.name_en}”" in mail.body
    assert "/talent-management/received" in mail.body
    # The in-app notification in the page's language, whatever the account's.
    reader = app.test_client()
    sign_in(reader, nominee)
    english = words(reader.get("/en/notifications"))
    french = words(reader.get("/fr/notifications"))
    assert f"Ana Nominator nominated you in the event “{event.name_en}”" in english
    assert f"Ana Nominator a proposé votre candidature pour l’événement « {event.name_fr} »" in french


# --- What the nominee sees; declining -----------------------------------------------------------------------


def test_the_nominee_sees_who_nominated_them_for_what_and_the_decisions(
    client, db, event, make_employee, make_draft, ana, ben
):
    carol, dan = (
        make_employee(first_name="Carol", last_name="Second"),
        make_employee(first_name="Dan", last_name="Drafter"),
    )
    nominating.submit(ana, draft(db, ana, ben, event), COMPLETE, now=T)
    lateral = NominationFields(**{**COMPLETE.__dict__, "kinds": ("lateral",)})
    group = nominating.submit(carol, draft(db, carol, ben, event), lateral, now=T)
    make_draft(event, dan, ben)  # a draft: not shown
    group.advancement_decision, group.advancement_expires_on = "approved", (T + timedelta(days=365)).date()
    group.decisions.append(
        NominationDecision(
            kind="advancement",
            decision="approved",
            notes="Coordinators' private note",
            expires_on=group.advancement_expires_on,
            decided_at=T,
        )
    )
    db.session.commit()
    sign_in(client, ben, lang="en")
    page = words(client.get(f"{BASE}/received"))
    assert "Ana Nominator" in page and "Carol Second" in page and "Dan Drafter" not in page
    assert "Advancement" in page and "Lateral movement" in page and "Development programmes" in page
    assert "In progress" in page and "Approved" in page and "Not decided yet" in page
    assert "Coordinators' private note" not in page  # the coordinators' working notes stay with them
    assert "Robin Reference" not in page and COMPLETE.rationale not in page
    french = words(client.get("/fr/talent-management/received"))
    assert "Candidature proposée par" in french and "Avancement" in french and "Pas encore décidé" in french


def test_declining_marks_the_group_tells_the_coordinators_and_may_be_taken_back_while_active(
    client, db, event, make_group, ana, ben, monkeypatch
):
    group = make_group(event, ben, [(ana, ("advancement",))])
    group.advancement_decision, group.advancement_expires_on = "approved", (C + timedelta(days=365)).date()
    db.session.commit()
    assert pools.is_available_nominee(ben.id)
    frozen(monkeypatch, C - SECOND)
    token = sign_in(client, ben)
    assert "You can take your decline back while the event is active." in words(
        client.get(f"{BASE}/received/{group.id}/decline")
    )
    assert client.post(f"{BASE}/received/{group.id}/decline", data={"csrf_token": token}).status_code == 302
    db.session.refresh(group)
    assert group.declined_at == C - SECOND
    assert not pools.is_available_nominee(ben.id)  # managers no longer see them through the programme
    page = words(client.get(f"{BASE}/received"))
    assert "Declined on" in page and "Take back my decline" in page
    told = db.session.scalars(select(Notification).where(Notification.kind == "nomination.declined")).all()
    assert [n.recipient_id for n in told] == [c.id for c in event.coordinators]
    assert told[0].link_endpoint == "jobs_talent.group"
    declined = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "nomination.declined")).one()
    assert (declined.actor_id, declined.target_id) == (ben.id, str(group.id))
    # Taking it back: while the event is active (one second before it closes), not once it is closed.
    assert (
        client.post(f"{BASE}/received/{group.id}/withdraw-decline", data={"csrf_token": token}).status_code
        == 302
    )
    db.session.refresh(group)
    assert group.declined_at is None and pools.is_available_nominee(ben.id)
    nominees.decline(ben, group, now=C)
    db.session.commit()
    frozen(monkeypatch, C)
    assert "your decline is final" in words(client.get(f"{BASE}/received"))
    answer = client.post(
        f"{BASE}/received/{group.id}/withdraw-decline", data={"csrf_token": token}, follow_redirects=True
    )
    assert "The event is closed: your decline is final." in words(answer)
    db.session.refresh(group)
    assert group.declined_at == C
    with pytest.raises(JobsError):
        nominees.decline(ben, group, now=C)  # already declined
    kinds = db.session.scalars(select(Notification.kind).where(Notification.subject_id == group.id)).all()
    assert sorted(kinds) == ["nomination.decline_withdrawn", "nomination.declined", "nomination.declined"]


# --- Pages in both languages; the dashboard -----------------------------------------------------------------


def test_the_events_open_now_are_listed_in_the_readers_language(client, db, make_event, ana, monkeypatch):
    frozen(monkeypatch, T)
    open_event = make_event(opens_at=T - SECOND, closes_at=C, description_fr="Description en français")
    upcoming = make_event(opens_at=T + SECOND, closes_at=C)
    past = make_event(opens_at=T - timedelta(days=9), closes_at=T)
    sign_in(client, ana)
    english, french = text(client.get(f"{BASE}/nominate")), text(client.get("/fr/talent-management/nominate"))
    assert open_event.name_en in english and open_event.name_fr not in english
    assert open_event.name_fr in french and "Description en français" in french
    for hidden in (upcoming, past):
        assert hidden.name_en not in english and hidden.name_fr not in french
    assert f'href="/en/talent-management/nominate/{open_event.id}"' in english


def test_the_dashboard_shows_events_to_nominate_in_and_nominations_received(
    app, db, make_event, make_employee, make_group, make_user, ana, ben
):
    event = make_event()
    make_group(event, ben, [(ana, ("advancement",))])
    employee = app.test_client()
    sign_in(employee, ana)
    html = text(employee.get("/en/dashboard"))
    assert 'id="dashboard-nominations"' in html and event.name_en in html
    assert f'href="/en/talent-management/nominate/{event.id}"' in html
    nominee = app.test_client()
    sign_in(nominee, ben)
    assert 'href="/en/talent-management/received"' in text(nominee.get("/en/dashboard"))
    outsider = app.test_client()
    sign_in(outsider, make_user("candidate"))
    assert 'id="dashboard-nominations"' not in text(outsider.get("/en/dashboard"))
    french = text(nominee.get("/fr/dashboard"))
    assert event.name_fr in french


def test_the_pages_send_as_many_statements_with_many_records(
    app, db, make_event, make_employee, make_group, ana
):
    visitor = app.test_client()
    sign_in(visitor, ana)

    def add(i):
        event = make_event(name_en=f"Event {i}")
        make_group(
            event, ana, [(make_employee(), ("advancement", "lateral")), (make_employee(), ("development",))]
        )
        nominating.start(ana, event, make_employee(), now=utcnow())
        db.session.commit()

    for page in ("/en/dashboard", f"{BASE}/received", f"{BASE}/nominations", f"{BASE}/nominate"):
        assert_flat(lambda page=page: visitor.get(page), add, many=6)


def test_a_nomination_submitted_after_a_decline_joins_the_group_which_stays_declined(
    db, event, make_employee, make_group, ana, ben
):
    group = make_group(event, ben, [(make_employee(), ("lateral",))], declined_at=T)
    nominating.submit(ana, draft(db, ana, ben, event), COMPLETE, now=T + SECOND)
    db.session.commit()
    db.session.refresh(group)
    assert len(group.nominations) == 2 and group.declined_at == T
    assert nominees.received_of(group).declined
    assert count(db, Notification) == 1  # the nominee hears of it, and may take the decline back
