"""Talent requests through the pages: a manager from the find-talent page to a submitted request, a guest
with a private link, who may see what, bad input refused with nothing stored, the recruitment team's
queue, lifecycle and referrals, the manager reading referred candidates (no equity data, audited), the
candidate declining, and the reports with their CSV."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from jobs.models import Referral, TalentRequest
from jobs.services import requests
from jobs.services.talent_search import TalentFilters
from talent import clock
from talent.models import AuditEvent, Department, EquityDeclaration, OutboxMessage
from talent.models._types import utcnow
from tests.conftest import csrf_token, login
from tests.jobs import test_find_views
from tests.jobs.test_find_views import count_on

make_member = test_find_views.make_member  # the fixture

NEW = "/en/talent-requests/new"


def text(response):
    return response.get_data(as_text=True)


def need(library, **changes):
    """A complete request form, as the page posts it."""
    data = {
        "job_title": "Data engineer",
        "classification_id": str(library["it03"].id),
        "department_id": str(library["dept"].id),
        "position_type": "individual_contributor",
        "language": "english",
        "reason": "immediate_hire",
        "hiring_manager_name": "Max Manager",
        "hiring_manager_email": "max@example.com",
        "skill_key_0": "t:python",
        "skill_kind_0": "required",
        "skill_level_0": "3",
        "regions": ["national_capital"],
        "action": "submit",
        "search": '{"skills": ["t:python"]}',
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post(client, url, data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, NEW)})


@pytest.fixture
def pool(db, make_process, make_member):
    process = make_process(title_en="Developers pool")
    return process, [
        make_member(process, skills=("python",), looking_for_english=True, first_name=f"Dev{i}")
        for i in range(5)
    ]


def make_request(user, library, filters=None, **changes):
    talent_request, token = requests.submit(
        user,
        filters or TalentFilters(skills=("t:python",)),
        {
            "job_title": "Data engineer",
            "classification_id": library["it03"].id,
            "reason": "immediate_hire",
            "hiring_manager_name": "Max Manager",
            "hiring_manager_email": "max@example.com",
            **changes,
        },
        [("t:python", "required", 3)],
        "en",
        link_for=lambda t: f"http://localhost/en/talent-requests/track/{t}",
    )
    return talent_request, token


def test_a_manager_goes_from_find_talent_to_a_submitted_request(
    db, client, pool, make_member, make_user, library
):
    process, _members = pool
    make_member(process, skills=("java",), looking_for_english=True)  # does not have Python
    manager = make_user("manager")
    login(client, manager.email)
    html = text(client.get("/en/find-talent?skills=t:python&language=english"))
    assert count_on(html) == 5
    href = unescape(re.search(r'href="(/en/talent-requests/new\?[^"]+)"', html).group(1))
    html = text(client.get(href))
    assert "5 people fit your search" in html
    assert 'name="skill_key_0" value="t:python"' in html and f'value="{manager.email}"' in html
    search = unescape(re.search(r'name="search" type="hidden" value="([^"]*)"', html).group(1))

    # Add a skill and remove it again: the page comes back, nothing is stored.
    added = post(client, NEW, need(library, search=search, action=None, add_skill="t:sql"))
    assert added.status_code == 200 and 'name="skill_key_1" value="t:sql"' in text(added)
    removed = post(
        client, NEW, need(library, search=search, action=None, skill_key_1="t:sql", remove_skill="1")
    )
    assert removed.status_code == 200 and "t:sql" not in text(removed)
    assert db.session.scalars(select(TalentRequest)).all() == []

    response = post(client, NEW, need(library, search=search, start_date=clock.today().isoformat()))
    assert response.status_code == 302
    talent_request = db.session.scalars(select(TalentRequest)).one()
    assert talent_request.requester_id == manager.id and talent_request.count_at_submission == 5
    assert requests.live_count(talent_request) == talent_request.count_at_submission
    assert requests.stored_filters(talent_request) == TalentFilters(skills=("t:python",), language="english")
    assert [(s.skill.key, s.kind, s.level) for s in talent_request.skills] == [("t:python", "required", 3)]
    html = text(client.get(response.headers["Location"]))
    assert (
        "5 people fit it today." in html
        and "Data engineer" in html
        and "No candidate was referred yet." in html
    )
    assert f"/en/talent-requests/{talent_request.id}" in text(client.get("/en/talent-requests"))
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "request.received")).one()


def test_a_guest_submits_and_follows_the_request_with_the_private_link(db, client, library, pool):
    html = text(client.get(f"{NEW}?classifications=IT-03"))
    assert 'name="guest_email"' in html and "5 people fit your search" in html
    response = post(
        client,
        NEW,
        need(
            library,
            search='{"classifications": ["IT-03"]}',
            guest_name="Gia Guest",
            guest_email="gia@example.com",
        ),
    )
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    link = unescape(re.search(r'id="tracking-link" href="([^"]+)"', text(response)).group(1))
    talent_request = db.session.scalars(select(TalentRequest)).one()
    assert talent_request.requester_id is None and talent_request.guest_email == "gia@example.com"
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "gia@example.com")).one()
    assert link in mail.body
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200 and "Data engineer" in text(page) and ">New<" in text(page)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/en/talent-requests/track/wrong-token").status_code == 404
    assert client.get("/en/talent-requests/track/" + "x" * 300).status_code == 404


def test_only_the_manager_sees_a_request_and_candidates_cannot_make_one(app, db, client, make_user, library):
    owner = make_user("manager")
    talent_request, _ = make_request(owner, library)
    db.session.commit()
    login(client, make_user("manager").email)
    assert client.get(f"/en/talent-requests/{talent_request.id}").status_code == 404
    assert client.get("/en/talent-requests/99999999999").status_code == 404
    candidate = app.test_client()
    login(candidate, make_user("candidate").email)
    assert candidate.get(NEW).status_code == 403
    assert candidate.get("/en/talent-requests").status_code == 403
    assert candidate.get(f"/en/recruit/requests/{talent_request.id}").status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"classification_id": "", "skill_key_0": None, "search": "{}"},
            "Give at least a classification or a skill.",
        ),
        (
            {"start_date": (clock.today() - timedelta(days=1)).isoformat()},
            "The start date cannot be in the past.",
        ),
        ({"start_date": "2026-02-30"}, "Not a valid date value."),
        ({"skill_key_0": "nope:nope"}, "Choose a skill from the skills library."),
        ({"skill_level_0": "9"}, "Choose a level: beginner, intermediate, advanced or lead."),
        ({"classification_id": "999999999"}, "Choose an option from the list."),
        ({"job_title": ""}, "This field is required."),
        ({"hiring_manager_email": "not an address"}, "Enter an e-mail address like name@example.com."),
        ({"search": '{"regions": ["moon"]}'}, "Choose options from the list."),
        ({"search": "{not json"}, "The search could not be read. Start again from the find-talent page."),
        ({"search": "[1, 2]"}, "The search could not be read. Start again from the find-talent page."),
        ({"search": '{"skills": 5}'}, "Choose skills from the library."),
        ({"search": '{"regions": {"a": 1}}'}, "Choose options from the list."),
        ({"search": '{"skill_mode": "all", "skills": ["t:python"]}'}, "Choose options from the list."),
    ],
)
def test_bad_request_input_is_refused_with_its_message_and_nothing_stored(
    db, client, make_user, library, changes, message
):
    login(client, make_user("manager").email)
    response = post(client, NEW, need(library, **changes))
    assert response.status_code == 422
    assert message in text(response)
    assert db.session.scalars(select(TalentRequest)).all() == []
    assert db.session.scalars(select(OutboxMessage)).all() == []


@pytest.mark.parametrize(("limit", "listed"), [(5, True), (4, False)])
def test_the_team_page_lists_fitting_people_anonymously_only_up_to_its_limit(
    db, client, make_user, library, pool, monkeypatch, limit, listed
):
    from jobs.requests_web import views_team

    _process, members = pool  # five people fit
    monkeypatch.setattr(views_team, "FIT_LIST_MAX", limit)
    talent_request, _ = make_request(make_user("manager"), library)
    db.session.commit()
    login(client, make_user("recruiter").email)
    html = text(client.get(f"/en/recruit/requests/{talent_request.id}"))
    assert "5 people fit it today." in html
    assert all((f'id="fit-{m.id}"' in html) is listed for m in members)
    assert ("Candidate 5" in html) is listed and "Candidate 6" not in html
    # Anonymous: no name, no e-mail, no link to a profile, before anyone is referred.
    for member in members:
        assert member.first_name not in html and member.email not in html
        assert f'href="/en/candidates/{member.id}"' not in html
    assert ("5 people fit the search: too many to list here." in html) is not listed


def test_the_anonymous_order_says_nothing_about_names_and_holds_for_a_request(app, db):
    from jobs.services.request_views import anonymous_order

    with app.test_request_context():
        order = sorted(range(1, 41), key=lambda uid: anonymous_order(7, uid))
        assert order == sorted(range(1, 41), key=lambda uid: anonymous_order(7, uid))  # stable
        assert order != list(range(1, 41))  # not the order people joined in
        assert order != sorted(range(1, 41), key=lambda uid: anonymous_order(8, uid))  # per request


def test_a_search_too_large_to_list_never_loads_its_people(db, client, make_user, library, pool, monkeypatch):
    # At 100,000 fitting people the page counts them and stops: their memberships are never built.
    from jobs.requests_web import views_team

    def refuse(*_args, **_kwargs):
        raise AssertionError("the fitting people were loaded")

    monkeypatch.setattr(views_team, "FIT_LIST_MAX", 4)
    monkeypatch.setattr(views_team, "matching_memberships", refuse)
    talent_request, _ = make_request(make_user("manager"), library)
    db.session.commit()
    login(client, make_user("recruiter").email)
    response = client.get(f"/en/recruit/requests/{talent_request.id}")
    assert response.status_code == 200
    assert "5 people fit the search: too many to list here." in text(response)


def test_the_team_takes_a_request_to_completed_with_a_referral(db, client, make_user, library, pool):
    _process, members = pool
    talent_request, _ = make_request(make_user("manager"), library)
    db.session.commit()
    recruiter = make_user("recruiter")
    login(client, recruiter.email)
    base = f"/en/recruit/requests/{talent_request.id}"
    assert f'href="{base}"' in text(client.get("/en/recruit/requests"))
    assert "Data engineer" in text(client.get("/en/recruit/requests?status=new"))
    assert "Data engineer" not in text(client.get("/en/recruit/requests?status=completed"))
    html = text(client.get(base))
    assert "5 people fit it today." in html
    assert not any(f'href="/en/candidates/{m.id}"' in html for m in members)  # anonymous

    follow_up = (clock.today() + timedelta(days=7)).isoformat()
    response = post(
        client,
        f"{base}/status",
        {"status": "in_progress", "detail": "initial_conversation", "follow_up_date": follow_up},
    )
    assert response.status_code == 303
    member = members[0]
    assert post(client, f"{base}/refer/{member.id}", {"decision": "refer"}).status_code == 303
    assert (
        post(
            client,
            f"{base}/refer/{members[1].id}",
            {"decision": "not_refer", f"refer-{members[1].id}-reason": "Not now."},
        ).status_code
        == 303
    )
    referral = db.session.scalars(select(Referral).where(Referral.user_id == member.id)).one()
    response = post(
        client, f"{base}/referrals/{referral.id}/selection", {f"sel-{referral.id}-selection": "selected"}
    )
    assert response.status_code == 303
    response = post(client, f"{base}/status", {"status": "completed", "outcome": "hire_made"})
    assert response.status_code == 303

    db.session.expire_all()
    talent_request = db.session.get(TalentRequest, talent_request.id)
    assert (talent_request.status, talent_request.outcome) == ("completed", "hire_made")
    assert referral.selection == "selected"
    assert [e.action for e in talent_request.events] == [
        "submitted",
        "status_changed",
        "referred",
        "not_referred",
        "selection",
        "status_changed",
    ]
    html = text(client.get(base))
    assert "Candidate referred" in html and "From “In progress” to “Completed”" in html and "Not now." in html
    # Referring revealed the one referred (the audit trail names them); the one not referred, and the
    # others, stay anonymous.
    from talent.models import AuditEvent

    [reveal] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request.referred")).all()
    assert reveal.details == {"revealed": [member.id]}
    assert f'href="/en/candidates/{member.id}"' in html and member.display_name in html
    for other in members[1:]:
        assert f'href="/en/candidates/{other.id}"' not in html and other.display_name not in html
    assert (
        post(client, f"{base}/refer/{members[2].id}", {"decision": "refer"}).status_code == 422
    )  # completed


def test_the_team_page_refuses_bad_input_and_writes_nothing(db, client, make_user, library, pool, submitted):
    talent_request, _ = make_request(make_user("manager"), library)
    db.session.commit()
    not_in_a_pool = submitted()  # submitted, not qualified
    _process, members = pool
    login(client, make_user("recruiter").email)
    base = f"/en/recruit/requests/{talent_request.id}"
    response = post(client, f"{base}/refer/{not_in_a_pool.user_id}", {"decision": "refer"})
    assert (
        response.status_code == 422
        and "Only people available in a pool or through the talent management programme can be referred."
        in text(response)
    )
    response = post(client, f"{base}/refer/{members[0].id}", {"decision": "not_refer"})
    assert response.status_code == 422 and "Give the reason for not referring this candidate." in text(
        response
    )
    assert post(client, f"{base}/refer/{members[0].id}", {"decision": "maybe"}).status_code == 400
    before = (clock.local_date(talent_request.created_at) - timedelta(days=1)).isoformat()
    response = post(
        client, f"{base}/status", {"status": "in_progress", "detail": "talent_sent", "follow_up_date": before}
    )
    assert response.status_code == 422
    assert "The follow-up date cannot be before the request was made." in text(response)
    response = post(client, f"{base}/status", {"status": "in_progress"})
    assert response.status_code == 422 and "This field is required." in text(response)
    assert post(client, f"{base}/status", {"status": "done"}).status_code == 422
    assert post(client, f"{base}/referrals/99999/selection", {}).status_code == 404
    db.session.expire_all()
    assert db.session.scalars(select(Referral)).all() == []
    assert [e.action for e in db.session.get(TalentRequest, talent_request.id).events] == ["submitted"]


def test_the_manager_reads_referred_candidates_without_equity_data_audited_and_the_candidate_declines(
    app, db, client, make_user, make_process, make_candidate, library, submitted
):
    from jobs.services import decisions

    candidate = make_candidate(telephone="613-555-0199")
    application = submitted(make_process(title_en="Developers pool"), candidate)
    decisions.qualify(application.process.created_by, application, None)
    submitted(make_process(title_en="Secret other process"), candidate)  # another application: not shown
    db.session.add(EquityDeclaration(user_id=candidate.id, is_woman=True, is_visible_minority=True))
    manager = make_user("manager")
    talent_request, _ = make_request(manager, library)
    referral = requests.refer(make_user("recruiter"), talent_request, candidate.id, True)
    db.session.commit()

    login(client, manager.email)
    html = text(client.get(f"/en/talent-requests/{talent_request.id}"))
    assert candidate.display_name in html and candidate.email in html and "613-555-0199" in html
    assert "Python" in html and "Advanced" in html and "Developer" in html  # skills with levels, experiences
    assert "Woman" not in html and "visible minority" not in html and "quity" not in html
    assert "Secret other process" not in html and "Developers pool" not in html
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "profile.viewed")).one()
    assert (audit.actor_id, audit.target_id, audit.details) == (
        manager.id,
        str(candidate.id),
        {"request": talent_request.id},
    )

    person = app.test_client()
    login(person, candidate.email)
    html = text(person.get("/en/referrals"))
    assert "Data engineer" in html and "Python" in html
    url = f"/en/referrals/{referral.id}/decline"
    assert person.get(url).status_code == 200
    response = person.post(url, data={"csrf_token": csrf_token(person, url)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).declined_at is not None
    assert "You declined this referral" in text(person.get("/en/referrals"))
    assert candidate.display_name not in text(client.get(f"/en/talent-requests/{talent_request.id}"))
    other = app.test_client()
    login(other, make_user("candidate").email)
    assert other.get(url).status_code == 404


def test_reports_page_and_a_formula_safe_csv(db, client, make_user, library, pool):
    _process, members = pool
    tricky = Department(number=9002, name_en='=HYPERLINK("http://x")', name_fr='=HYPERLINK("http://x")')
    db.session.add(tricky)
    db.session.flush()
    recruiter = make_user("recruiter")
    first, _ = make_request(make_user("manager"), library, department_id=tricky.id)
    make_request(make_user("manager"), library)
    requests.refer(recruiter, first, members[0].id, True)
    db.session.commit()
    login(client, recruiter.email)
    html = text(client.get("/en/recruit/reports"))
    assert "Requests received per month" in html and "Median days from request to first referral" in html
    response = client.get("/en/recruit/reports.csv")
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffSection,Item,Value")
    assert "Requests received,Total,2" in body and "Referrals,Candidates referred,1" in body
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body
    today = utcnow().date().isoformat()  # the team's report counts UTC days, as stored
    assert "Requests received,Total,2" in client.get(
        f"/en/recruit/reports.csv?start={today}&end={today}"
    ).get_data(as_text=True)
    response = client.get("/en/recruit/reports?start=2026-05-02&end=2026-05-01")
    assert response.status_code == 422 and "The end date cannot be before the start date." in text(response)
    assert client.get("/en/recruit/reports.csv?start=yesterday").status_code == 422
    assert client.get("/fr/recruit/reports").status_code == 200


def test_every_page_renders_in_both_languages_without_inline_code(app, db, client, make_user, library, pool):
    _process, members = pool
    manager = make_user("manager")
    talent_request, _ = make_request(manager, library)
    referral = requests.refer(make_user("recruiter"), talent_request, members[0].id, True)
    db.session.commit()
    sessions = {
        "manager": (
            manager,
            [
                "/talent-requests/new",
                "/talent-requests",
                f"/talent-requests/{talent_request.id}",
                "/find-talent",
            ],
        ),
        "recruiter": (
            make_user("recruiter"),
            [
                "/recruit/requests",
                f"/recruit/requests/{talent_request.id}",
                "/recruit/reports",
                "/find-talent",
            ],
        ),
        "candidate": (members[0], ["/referrals", f"/referrals/{referral.id}/decline", "/dashboard"]),
    }
    for user, pages in sessions.values():
        visitor = app.test_client()
        login(visitor, user.email)
        for lang in ("en", "fr"):
            for path in pages:
                response = visitor.get(f"/{lang}{path}")
                assert response.status_code == 200, (lang, path)
                html = text(response)
                assert f'<html lang="{lang}">' in html
                assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
                assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on", html), path


def test_guests_requests_are_rate_limited_managers_are_not(make_app, db, make_user, library):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    guest = limited.test_client()
    token = csrf_token(guest, NEW)
    form = {**need(library, action=None, add_skill="t:sql"), "csrf_token": token}
    statuses = [guest.post(NEW, data=form).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    manager = limited.test_client()
    login(manager, make_user("manager").email)
    token = csrf_token(manager, NEW)
    form["csrf_token"] = token
    assert {manager.post(NEW, data=form).status_code for _ in range(31)} == {200}
