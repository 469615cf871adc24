"""Nomination events (issue 16, part 4), the coordinators' side: the derived status at its boundaries, to the
second, in the rule and on the pages; creating and editing an event (both names and descriptions, web links
only, closing after opening, moments read in Eastern time and stored in UTC), audited; who runs an event
(administrators add and remove coordinators, only talent coordinators); the list and the event's page with
its groups, in a bounded number of statements; another event's pages answer a 404 and other roles a 403;
the coordinator's dashboard and navigation."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from jobs.models import NominationEvent
from jobs.services import nomination_events, nominations
from jobs.talent_management import views_events
from talent.models import AuditEvent
from talent.models._types import utcnow
from tests.conftest import csrf_token, login
from tests.jobs import nomination_fixtures
from tests.querycount import assert_flat

make_employee = nomination_fixtures.make_employee  # the fixtures
make_event = nomination_fixtures.make_event
make_group = nomination_fixtures.make_group

BASE = "/en/talent-management"


def text(response):
    return response.get_data(as_text=True)


def sign_in(client, user, lang="en"):
    assert login(client, user.email, lang=lang).status_code == 302
    return csrf_token(client, f"/{lang}/talent-management/events/new")


def audits(db, action, event_id=None):
    stmt = select(AuditEvent).where(AuditEvent.action == action)
    if event_id is not None:
        stmt = stmt.where(AuditEvent.target_type == "nomination_event", AuditEvent.target_id == str(event_id))
    return list(db.session.scalars(stmt))


def event_count(db):
    return db.session.scalar(select(func.count()).select_from(NominationEvent))


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", first_name="Cora", last_name="Coordinator")


@pytest.fixture
def other_coordinator(make_user):
    return make_user("coordinator", first_name="Otto", last_name="Other")


def form_data(**overrides):
    data = {
        "name_en": "Digital executives 2027",
        "name_fr": "Cadres numériques 2027",
        "description_en": "Nominate the next digital executives.",
        "description_fr": "Proposez les prochains cadres numériques.",
        "link_en": "https://example.gc.ca/en/programme",
        "link_fr": "",
        "opens_date": "2027-01-10",
        "opens_time": "09:00",
        "closes_date": "2027-02-10",
        "closes_time": "17:00",
        "development_programmes": ["coaching", "executive_leadership"],
        "assesses_leadership": "y",
    }
    data.update(overrides)
    return data


# --- The status, to the second --------------------------------------------------------------------------

OPENS = datetime(2027, 3, 1, 14, 0, 0, tzinfo=UTC)
CLOSES = datetime(2027, 3, 31, 21, 0, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
BOUNDARIES = [
    (OPENS - SECOND, "upcoming", "Upcoming"),
    (OPENS, "active", "Active"),
    (CLOSES - SECOND, "active", "Active"),
    (CLOSES, "past", "Past"),
]


@pytest.mark.parametrize(("now", "status", "words"), BOUNDARIES)
def test_the_status_is_derived_to_the_second(now, status, words):
    event = NominationEvent(opens_at=OPENS, closes_at=CLOSES)
    assert nominations.event_status(event, now) == status
    assert nominations.is_active(event, now) == (status == "active")


@pytest.mark.parametrize(("now", "status", "words"), BOUNDARIES)
def test_the_pages_show_the_status_at_its_boundaries(
    client, db, monkeypatch, coordinator, make_event, now, status, words
):
    event = make_event(opens_at=OPENS, closes_at=CLOSES, coordinators=[coordinator])
    sign_in(client, coordinator)
    monkeypatch.setattr(nominations, "utcnow", lambda: now)
    badge = f'<span class="badge">{words}</span>'
    listing = text(client.get(f"{BASE}/events"))
    assert badge in listing
    assert badge in text(client.get(f"{BASE}/events/{event.id}"))
    others = {w for _n, _s, w in BOUNDARIES} - {words}
    assert not any(f'<span class="badge">{w}</span>' in listing for w in others)


# --- Creating and editing -------------------------------------------------------------------------------


def test_a_coordinator_creates_an_event_they_then_run(client, db, coordinator):
    token = sign_in(client, coordinator)
    assert client.get(f"{BASE}/events/new").status_code == 200
    response = client.post(f"{BASE}/events/new", data={**form_data(), "csrf_token": token})
    assert response.status_code == 302, text(response)
    event_id = int(re.search(r"/events/(\d+)$", response.location).group(1))
    event = db.session.get(NominationEvent, event_id)
    assert [c.id for c in event.coordinators] == [coordinator.id]
    assert (event.name_en, event.name_fr) == ("Digital executives 2027", "Cadres numériques 2027")
    # 9:00 and 17:00 Eastern Standard Time are 14:00 and 22:00 UTC.
    assert event.opens_at == datetime(2027, 1, 10, 14, 0, tzinfo=UTC)
    assert event.closes_at == datetime(2027, 2, 10, 22, 0, tzinfo=UTC)
    assert event.development_programmes == ["executive_leadership", "coaching"]  # in the vocabulary's order
    assert event.assesses_leadership is True
    assert event.link_en == "https://example.gc.ca/en/programme" and event.link_fr is None
    assert [a.actor_id for a in audits(db, "nomination_event.created", event.id)] == [coordinator.id]
    page = text(client.get(f"{BASE}/events/{event.id}"))
    assert "Cadres numériques 2027" in page and "Executive coaching" in page and "Cora Coordinator" in page


def test_an_event_created_by_an_administrator_has_no_coordinator_yet(client, db, make_user):
    admin = make_user("admin")
    token = sign_in(client, admin)
    response = client.post(f"{BASE}/events/new", data={**form_data(), "csrf_token": token})
    assert response.status_code == 302
    event = db.session.scalars(select(NominationEvent)).one()
    assert event.coordinators == [] and event.created_by_id == admin.id


def test_the_form_shows_the_moments_in_eastern_time(client, db, coordinator, make_event):
    event = make_event(
        opens_at=datetime(2027, 7, 1, 13, 30, tzinfo=UTC),  # 9:30 Eastern Daylight Time
        closes_at=datetime(2027, 7, 2, 3, 59, tzinfo=UTC),  # 23:59 on July 1
        coordinators=[coordinator],
    )
    sign_in(client, coordinator)
    page = text(client.get(f"{BASE}/events/{event.id}/edit"))
    assert 'value="2027-07-01"' in page and 'value="09:30"' in page and 'value="23:59"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closes_date": "2027-01-10", "closes_time": "08:59"}, "closes_date", "must close after it opens"),
        ({"closes_date": "2027-01-10", "closes_time": "09:00"}, "closes_date", "must close after it opens"),
        ({"name_fr": ""}, "name_fr", "This field is required."),
        ({"name_fr": "   "}, "name_fr", "This field is required."),
        ({"description_en": ""}, "description_en", "This field is required."),
        ({"link_en": "javascript:alert(1)"}, "link_en", "starting with https://"),
        ({"link_fr": "ftp://example.gc.ca/file"}, "link_fr", "starting with https://"),
        ({"link_fr": "https://"}, "link_fr", "starting with https://"),
        ({"link_fr": "http://[not-an-address"}, "link_fr", "starting with https://"),
        ({"link_en": "https://example.gc.ca/a page"}, "link_en", "starting with https://"),
        ({"link_en": "https://example.gc.ca/" + "a" * 479}, "link_en", "Use at most 500 characters"),
        ({"opens_date": ""}, "opens_date", "This field is required."),
        ({"opens_time": "25:00"}, "opens_time", "Enter a time as hours and minutes"),
        ({"development_programmes": ["coaching", "astrology"]}, "development_programmes", ""),
        ({"closes_date": "9999-12-31", "closes_time": "23:59"}, "closes_date", "Enter an earlier date."),
    ],
)
def test_a_bad_event_is_refused_with_a_message_and_nothing_stored(
    client, db, coordinator, changes, field, message
):
    token = sign_in(client, coordinator)
    response = client.post(f"{BASE}/events/new", data={**form_data(**changes), "csrf_token": token})
    assert response.status_code == 422
    page = text(response)
    assert f'id="{field}"' in page and "error-message=" in page
    assert message in page
    assert event_count(db) == 0 and audits(db, "nomination_event.created") == []


def test_the_limits_of_an_event_are_accepted_just_inside(client, db, coordinator):
    token = sign_in(client, coordinator)
    data = form_data(
        closes_date="2027-01-10",
        closes_time="09:01",  # one minute after it opens
        link_en="https://example.gc.ca/" + "a" * 478,  # 500 characters
        link_fr="http://example.gc.ca/fr",
        development_programmes=[],
        assesses_leadership="",
    )
    response = client.post(f"{BASE}/events/new", data={**data, "csrf_token": token})
    assert response.status_code == 302, text(response)
    event = db.session.scalars(select(NominationEvent)).one()
    assert event.closes_at - event.opens_at == timedelta(minutes=1)
    assert len(event.link_en) == 500 and event.link_fr == "http://example.gc.ca/fr"
    assert event.development_programmes == [] and event.assesses_leadership is False


def test_the_service_refuses_equal_moments_and_a_script_link(db, coordinator):
    moment = utcnow()
    data = {**form_data(), "opens_at": moment, "closes_at": moment}
    with pytest.raises(nomination_events.JobsError, match="close after it opens") as refused:
        nomination_events.create(coordinator, data)
    assert refused.value.field == "closes_at"
    data["closes_at"] = moment + timedelta(seconds=1)
    with pytest.raises(nomination_events.JobsError, match="https://"):
        nomination_events.create(coordinator, {**data, "link_fr": "JavaScript:alert(1)"})
    assert nomination_events.create(coordinator, data).closes_at == moment + timedelta(seconds=1)


def test_the_coordinators_of_an_event_edit_it_and_the_change_is_audited(
    client, db, coordinator, other_coordinator, make_event
):
    event = make_event(coordinators=[coordinator])
    token = sign_in(client, coordinator)
    page = client.get(f"{BASE}/events/{event.id}/edit")
    assert page.status_code == 200 and event.name_fr in text(page)
    response = client.post(
        f"{BASE}/events/{event.id}/edit",
        data={
            **form_data(name_en="Renamed event", description_fr="Nouvelle description"),
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.name_en == "Renamed event" and event.description_fr == "Nouvelle description"
    (audit,) = audits(db, "nomination_event.updated", event.id)
    assert "name_en" in audit.details["fields"] and "description_fr" in audit.details["fields"]
    # Refused: nothing changes, not even the audit trail.
    bad = client.post(f"{BASE}/events/{event.id}/edit", data={**form_data(name_en=""), "csrf_token": token})
    assert bad.status_code == 422
    db.session.refresh(event)
    assert event.name_en == "Renamed event" and len(audits(db, "nomination_event.updated", event.id)) == 1
    # Another event's coordinator: a 404, and nothing changed.
    other = client.__class__(client.application)
    other_token = sign_in(other, other_coordinator)
    assert other.get(f"{BASE}/events/{event.id}/edit").status_code == 404
    answer = other.post(
        f"{BASE}/events/{event.id}/edit", data={**form_data(name_en="Hijacked"), "csrf_token": other_token}
    )
    assert answer.status_code == 404
    db.session.refresh(event)
    assert event.name_en == "Renamed event"


# --- Who runs an event ------------------------------------------------------------------------------------


def test_administrators_add_and_remove_coordinators(client, db, make_user, coordinator, make_event):
    admin = make_user("admin")
    recruiter = make_user("recruiter")
    event = make_event()
    token = sign_in(client, admin)
    url = f"{BASE}/events/{event.id}/coordinators"
    added = client.post(url, data={"email": coordinator.email.upper(), "csrf_token": token})
    assert added.status_code == 302
    db.session.refresh(event)
    assert [c.id for c in event.coordinators] == [coordinator.id]
    (audit,) = audits(db, "nomination_event.coordinator_added", event.id)
    assert audit.details["coordinator"] == coordinator.id and audit.actor_id == admin.id
    again = client.post(url, data={"email": coordinator.email, "csrf_token": token}, follow_redirects=True)
    assert "already runs this event" in text(again)
    assert len(audits(db, "nomination_event.coordinator_added", event.id)) == 1

    refused = client.post(url, data={"email": recruiter.email, "csrf_token": token})
    assert refused.status_code == 422
    assert "Only talent coordinators can run an event" in text(refused)
    unknown = client.post(url, data={"email": "nobody@example.com", "csrf_token": token})
    assert unknown.status_code == 422 and "No active account has this e-mail address." in text(unknown)
    db.session.refresh(event)
    assert [c.id for c in event.coordinators] == [coordinator.id]

    # The coordinator runs it, then no longer does: their pages answer a 404.
    visitor = client.__class__(client.application)
    sign_in(visitor, coordinator)
    assert visitor.get(f"{BASE}/events/{event.id}").status_code == 200
    removed = client.post(f"{url}/{coordinator.id}/remove", data={"csrf_token": token})
    assert removed.status_code == 302
    db.session.refresh(event)
    assert event.coordinators == []
    assert len(audits(db, "nomination_event.coordinator_removed", event.id)) == 1
    assert visitor.get(f"{BASE}/events/{event.id}").status_code == 404
    twice = client.post(f"{url}/{coordinator.id}/remove", data={"csrf_token": token})
    assert twice.status_code == 409 and "does not run this event" in text(twice)


def test_coordinators_do_not_change_who_runs_an_event(client, db, coordinator, other_coordinator, make_event):
    event = make_event(coordinators=[coordinator])
    token = sign_in(client, coordinator)
    url = f"{BASE}/events/{event.id}/coordinators"
    assert client.post(url, data={"email": other_coordinator.email, "csrf_token": token}).status_code == 403
    assert client.post(f"{url}/{coordinator.id}/remove", data={"csrf_token": token}).status_code == 403
    with pytest.raises(nomination_events.JobsError, match="Only administrators"):
        nomination_events.add_coordinator(coordinator, event, other_coordinator)
    db.session.refresh(event)
    assert [c.id for c in event.coordinators] == [coordinator.id]


# --- The list and the event's page ------------------------------------------------------------------------


def test_a_coordinator_lists_the_events_they_run_and_an_administrator_all(
    app, client, db, make_user, coordinator, other_coordinator, make_event, make_employee, make_group
):
    mine = make_event(coordinators=[coordinator], name_en="My event")
    theirs = make_event(coordinators=[other_coordinator], name_en="Their event")
    for i in range(3):
        make_group(mine, make_employee(), declined_at=utcnow() if i == 0 else None)
    sign_in(client, coordinator)
    page = text(client.get(f"{BASE}/events"))
    assert "My event" in page and "Their event" not in page
    row = page[page.index("My event") :].split("</tr>", 1)[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["3", "1"]  # nominees, declined
    admin = app.test_client()
    sign_in(admin, make_user("admin"))
    everything = text(admin.get(f"{BASE}/events"))
    assert "My event" in everything and "Their event" in everything
    assert theirs.id != mine.id


def test_the_event_page_lists_its_groups_with_their_derived_status(
    client, db, coordinator, make_event, make_employee, make_group
):
    event = make_event(coordinators=[coordinator])
    ada = make_employee(first_name="Ada", last_name="Lovelace")
    bob = make_employee(first_name="Bob", last_name="Builder")
    cy = make_employee(first_name="Cy", last_name="Young")
    helper = make_employee(first_name="Hal", last_name="Helper")
    make_group(
        event,
        ada,
        [(ada, ("advancement",)), (helper, ("lateral", "development"))],
        advancement_decision="approved",
    )
    make_group(event, bob, [(helper, ("lateral",))], lateral_decision="rejected", declined_at=utcnow())
    make_group(
        event,
        cy,
        [(cy, ("advancement", "lateral"))],
        advancement_decision="approved",
        lateral_decision="rejected",
    )
    other = make_event()
    make_group(other, make_employee(first_name="Zed", last_name="Elsewhere"))
    sign_in(client, coordinator)
    page = text(client.get(f"{BASE}/events/{event.id}"))
    assert "Zed Elsewhere" not in page and "3 nominees" in page
    rows = {
        name: page[page.index(name) :].split("</tr>", 1)[0]
        for name in ("Ada Lovelace", "Bob Builder", "Cy Young")
    }
    assert page.index("Bob Builder") < page.index("Ada Lovelace") < page.index("Cy Young")  # by last name
    assert "Advancement; Lateral movement; Development programmes" in rows["Ada Lovelace"]
    assert 'data-group-status="in_progress">In progress' in rows["Ada Lovelace"]
    assert rows["Ada Lovelace"].rstrip().endswith("<td>2</td>")  # two nominators
    assert 'data-group-status="rejected">Rejected' in rows["Bob Builder"]
    assert "<td>—</td>" not in rows["Bob Builder"].split("data-group-status")[1]  # the day it was declined
    assert 'data-group-status="partially_approved">Partially approved' in rows["Cy Young"]
    french = text(client.get(f"/fr/talent-management/events/{event.id}"))
    assert 'data-group-status="partially_approved">Approuvé en partie' in french


def test_the_event_page_is_paginated(
    client, db, monkeypatch, coordinator, make_event, make_employee, make_group
):
    monkeypatch.setattr(views_events, "PAGE_SIZE", 2)
    event = make_event(coordinators=[coordinator])
    for name in ("Anna", "Bert", "Carl"):
        make_group(event, make_employee(first_name=name, last_name="Person"))
    sign_in(client, coordinator)
    first = text(client.get(f"{BASE}/events/{event.id}"))
    second = text(client.get(f"{BASE}/events/{event.id}?page=2"))
    assert "Anna Person" in first and "Bert Person" in first and "Carl Person" not in first
    assert "Carl Person" in second and "Anna Person" not in second and "Page 2 of 2" in second


def test_the_event_page_and_the_list_send_as_many_statements_with_many_rows_as_with_few(
    client, db, coordinator, make_event, make_employee, make_group
):
    event = make_event(coordinators=[coordinator])
    helper = make_employee()
    sign_in(client, coordinator)

    def group(i):
        nominee = make_employee()
        make_group(event, nominee, [(nominee, ("advancement",)), (helper, ("lateral", "development"))])

    assert_flat(lambda: client.get(f"{BASE}/events/{event.id}"), group)
    assert_flat(lambda: client.get(f"{BASE}/events"), lambda i: make_event(coordinators=[coordinator]))


# --- Who sees what ----------------------------------------------------------------------------------------


def my_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[-1] in ENDPOINTS),
        key=lambda rule: rule.rule,
    )


ENDPOINTS = {
    "event_list",
    "new_event",
    "event",
    "edit_event",
    "add_coordinator",
    "remove_coordinator",
    "group",
    "group_decide",
    "group_reopen",
    "group_promotion",
    "group_clear_promotion",
}


def test_another_events_pages_are_not_found_and_other_roles_are_refused(
    app, client, db, make_user, coordinator, other_coordinator, make_event, make_employee, make_group
):
    event = make_event(coordinators=[coordinator])
    nominee = make_employee()
    group = make_group(event, nominee, kinds=("advancement",))
    values = {"event_id": event.id, "group_id": group.id, "coordinator_id": coordinator.id}
    values["nomination_kind"] = "advancement"
    rules = [r for r in my_rules(app) if r.endpoint.startswith("jobs_talent.")]
    assert {r.endpoint.split(".")[1] for r in rules} == ENDPOINTS
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    people = {
        "other coordinator": other_coordinator,
        "recruiter": make_user("recruiter"),
        "candidate": nominee,
        "manager": make_user("manager"),
    }
    for who, person in people.items():
        visitor = app.test_client()
        token = sign_in(visitor, person)
        for rule in rules:
            url = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(values.get(m.group(1), "en")), rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = visitor.open(url, method=method, data={"csrf_token": token})
                scoped = "event_id" in rule.arguments and rule.endpoint not in (
                    "jobs_talent.add_coordinator",
                    "jobs_talent.remove_coordinator",
                )
                if who == "other coordinator":
                    expected = 404 if scoped else (403 if "coordinator" in rule.endpoint else None)
                else:
                    expected = 403
                if expected is None:
                    assert response.status_code in (200, 422), (who, method, url, response.status_code)
                else:
                    assert response.status_code == expected, (who, method, url, response.status_code)
    db.session.expire_all()
    assert db.session.get(NominationEvent, event.id).coordinators == [coordinator]
    assert db.session.get(type(group), group.id).decisions == []
    written = select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("nomination%"))
    assert db.session.scalar(written) == 0
    assert before <= db.session.scalar(select(func.count()).select_from(AuditEvent))


# --- Dashboard and navigation -----------------------------------------------------------------------------


def test_a_coordinator_finds_their_events_on_the_dashboard_and_in_the_navigation(
    client, db, coordinator, other_coordinator, make_event, make_employee, make_group
):
    mine = make_event(coordinators=[coordinator], name_en="My programme")
    make_group(mine, make_employee())
    make_event(coordinators=[other_coordinator], name_en="Someone else's programme")
    sign_in(client, coordinator)
    page = text(client.get("/en/dashboard"))
    section = page[page.index('id="dashboard-events"') :]
    assert f'href="/en/talent-management/events/{mine.id}"' in section and "My programme" in section
    assert "1 nominee" in section and "Active" in section
    assert "Someone else" not in page
    assert '<gcds-nav-link href="/en/talent-management/events">Events</gcds-nav-link>' in page
    french = text(client.get("/fr/dashboard"))
    assert 'href="/fr/talent-management/events"' in french


def test_the_coordinators_dashboard_sends_as_many_statements_with_many_events_as_with_few(
    client, db, coordinator, make_event, make_employee, make_group
):
    sign_in(client, coordinator)

    def event(i):
        make_group(make_event(coordinators=[coordinator]), make_employee())

    assert_flat(lambda: client.get("/en/dashboard"), event)


def test_an_administrator_reaches_the_events_from_the_administration_menu(client, db, make_user):
    sign_in(client, make_user("admin"))
    page = text(client.get("/en/dashboard"))
    assert '<gcds-nav-link href="/en/talent-management/events">Nomination events</gcds-nav-link>' in page
    assert 'id="dashboard-events"' not in page


def test_the_dates_of_an_event_are_calendar_days_in_eastern_time():
    # 23:59 on December 31 Eastern is January 1 in UTC: the form's day is the Eastern one.
    from jobs.services import recruiting

    moment = recruiting.local_closing(date(2027, 12, 31))
    assert moment == datetime(2028, 1, 1, 4, 59, tzinfo=UTC)
    assert recruiting.closing_parts(moment) == (date(2027, 12, 31), "23:59")
