"""The dashboard: what to do next, by role (talent.main.dashboard, jobs.dashboards).

Each section shows the signed-in person's items and not another person's (two people of each role); the
rules are pinned on both sides of their edges (a qualification expiring in 60 days and in 61, today and
yesterday; a follow-up due today and tomorrow); the pipeline counts each stage; the statements a dashboard
sends do not grow with the records behind it; the page renders in both languages without inline code.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from jobs.dashboards import team
from jobs.models import Referral
from jobs.services import assessment, decisions, pools, requests
from talent.main import dashboard
from talent.models import CandidateProfile
from tests.conftest import login
from tests.jobs import test_find_views
from tests.jobs.test_query_counts import assess
from tests.jobs.test_request_views import make_request
from tests.querycount import assert_flat

make_member = test_find_views.make_member  # the fixture

DASHBOARD = "/en/dashboard"


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def section(html, key):
    """The HTML of one dashboard section (from its heading's id to the next section)."""
    start = html.index(f'id="dashboard-{key}')
    end = html.find("<section", start)
    end = html.find("<gcds-heading", start + 1) if end == -1 else end
    return html[start : end if end != -1 else len(html)]


def signed_in(app, user):
    visitor = app.test_client()
    login(visitor, user.email)
    return visitor


def today():
    return pools.clock()[0]


@pytest.fixture
def recruiter(make_user):
    return make_user("recruiter")


# --- The registry -------------------------------------------------------------------------------------------


def test_a_section_key_registered_twice_is_refused(app):
    with pytest.raises(ValueError, match="registered twice"):
        dashboard.register(app, [dashboard.PROFILE_SECTION])


def test_each_role_sees_its_sections_in_order(app, db, make_user):
    with app.test_request_context():
        keys = {
            role: [s.key for s in dashboard.sections_for(make_user(role))]
            for role in ("candidate", "manager", "recruiter", "admin")
        }
    # Government employees (candidates and managers alike) also see the talent-management programme's.
    assert keys["candidate"] == ["profile", "applications", "referrals", "nominations"]
    assert keys["manager"] == ["my_requests", "referrals_received", "nominations"]
    staff = ["to_assess", "follow_ups", "expiring", "requests_by_status", "pipeline"]
    assert keys["recruiter"] == staff and keys["admin"] == staff


# --- Candidates ---------------------------------------------------------------------------------------------


def test_profile_gaps_link_to_the_page_that_fixes_each(app, db, make_user, make_candidate):
    empty = make_user("candidate")
    page = html_of(signed_in(app, empty).get(DASHBOARD))
    assert "chartjs" not in page  # no section of a candidate's draws a chart: the scripts are not loaded
    html = section(page, "profile")
    assert "Your profile is 18% complete" in html  # 2 of 11: the name, and no priority entitlement claimed
    assert 'href="/en/profile/personal"' in html and "A telephone number" in html
    assert 'href="/en/profile/location"' in html and "At least one work region" in html
    assert (
        db.session.query(CandidateProfile).filter_by(user_id=empty.id).count() == 0
    )  # reading writes nothing
    complete = make_candidate()
    html = section(html_of(signed_in(app, complete).get(DASHBOARD)), "profile")
    assert "Your profile is complete" in html and "/en/profile/personal" not in html


def test_a_candidate_sees_their_applications_in_progress_and_not_another_persons(
    app, db, make_candidate, make_process, submitted
):
    from jobs.services import applications

    mine, other = make_candidate(), make_candidate()
    waiting = submitted(make_process(title_en="Waiting job"), mine)
    draft = applications.start(mine, make_process(title_en="Draft job"))
    closed_draft = applications.start(mine, make_process(title_en="Closed draft job"))
    closed_draft.process.closing_at = closed_draft.process.created_at  # closed: the draft expired
    decided = submitted(make_process(title_en="Decided job"), mine)
    decisions.qualify(decided.process.created_by, decided, None)
    withdrawn = submitted(make_process(title_en="Withdrawn job"), mine)
    decisions.withdraw(mine, withdrawn)
    submitted(make_process(title_en="Someone else's job"), other)
    db.session.commit()
    html = section(html_of(signed_in(app, mine).get(DASHBOARD)), "applications")
    assert f'href="/en/applications/{waiting.id}"' in html and "Status: Received" in html
    assert f'href="/en/applications/{draft.id}/questions"' in html and "Finish and submit: Draft job" in html
    for title in ("Closed draft job", "Decided job", "Withdrawn job", "Someone else"):
        assert title not in html, title


def test_a_candidate_sees_the_referrals_they_may_decline(
    app, db, make_user, library, make_process, make_member
):
    process = make_process()
    mine, other = make_member(process, first_name="Mine"), make_member(process, first_name="Other")
    recruiter = make_user("recruiter")
    open_request, _ = make_request(make_user("manager"), library, job_title="Open role")
    declined_request, _ = make_request(make_user("manager"), library, job_title="Declined role")
    done_request, _ = make_request(make_user("manager"), library, job_title="Completed role")
    referral = requests.refer(recruiter, open_request, mine.id, True)
    requests.decline(mine, requests.refer(recruiter, declined_request, mine.id, True))
    requests.refer(recruiter, done_request, mine.id, True)
    requests.set_status(recruiter, done_request, "completed", outcome="hire_made")
    requests.refer(recruiter, open_request, other.id, True)
    db.session.commit()
    html = section(html_of(signed_in(app, mine).get(DASHBOARD)), "referrals")
    assert "Open role" in html and f'href="/en/referrals/{referral.id}/decline"' in html
    assert f'href="/en/referrals/{referral.id}/fit"' in html or "See why you matched" in html
    assert "Declined role" not in html and "Completed role" not in html
    other_html = section(html_of(signed_in(app, other).get(DASHBOARD)), "referrals")
    assert f"/en/referrals/{referral.id}/" not in other_html


# --- The recruitment team -----------------------------------------------------------------------------------


def test_to_assess_counts_only_the_processes_the_recruiter_runs(app, db, make_user, make_process, submitted):
    mine, theirs = make_user("recruiter"), make_user("recruiter")
    process = make_process(recruiter=mine, title_en="My process")
    for _ in range(2):
        submitted(process)
    decided = submitted(process)
    decisions.disqualify(mine, decided, "Not enough experience.")
    submitted(make_process(recruiter=theirs, title_en="Their process"))
    db.session.commit()
    html = section(html_of(signed_in(app, mine).get(DASHBOARD)), "to-assess")
    assert "2 applications wait for a decision" in html and "2 to assess" in html
    assert f'href="/en/recruit/processes/{process.id}/applicants?status=to_assess"' in html
    assert "Their process" not in html
    html = section(html_of(signed_in(app, theirs).get(DASHBOARD)), "to-assess")
    assert "1 application waits for a decision" in html and "My process" not in html


def test_qualifications_expiring_within_60_days_both_sides_of_each_edge(app, db, make_process, make_member):
    from jobs.models import Application

    process = make_process(title_en="Expiring pool")
    day = today()
    expiries = {
        "today": day,
        "in60": day + timedelta(days=team.EXPIRY_WINDOW_DAYS),
        "in61": day + timedelta(days=team.EXPIRY_WINDOW_DAYS + 1),
        "yesterday": day - timedelta(days=1),
        "never": None,
    }
    for name, expiry in expiries.items():
        user = make_member(process, first_name=name)
        application = db.session.query(Application).filter_by(user_id=user.id).one()
        application.expiry_date = expiry
    db.session.commit()
    with app.test_request_context("/en/dashboard"):
        found = team.expiring(process.created_by)
    assert (found.total, found.processes) == (2, 1)  # today and in 60 days; not in 61, not expired, not never
    assert found.rows[0].first == day
    html = section(html_of(signed_in(app, process.created_by).get(DASHBOARD)), "expiring")
    assert "2 qualifications in the pools you run expire soon" in html
    assert f'href="/en/recruit/processes/{process.id}/pool"' in html
    # Moved one day later, the edges move with them: 61 days out is now inside, today's is now expired.
    with app.test_request_context("/en/dashboard"):
        later = team.expiring(process.created_by, today=day + timedelta(days=1))
    assert later.total == 2 and later.rows[0].first == expiries["in60"]


def test_another_recruiters_expiring_pool_is_not_shown(app, db, make_user, make_process, make_member):
    from jobs.models import Application

    theirs = make_process(title_en="Their pool")
    user = make_member(theirs)
    db.session.query(Application).filter_by(user_id=user.id).one().expiry_date = today()
    db.session.commit()
    html = section(html_of(signed_in(app, make_user("recruiter")).get(DASHBOARD)), "expiring")
    assert "Their pool" not in html and "No qualification in the pools you run expires within 60 days" in html


def test_follow_ups_due_today_are_shown_tomorrow_not_yet(app, db, make_user, library, recruiter):
    manager = make_user("manager")
    due, _ = make_request(manager, library, job_title="Due today")
    later, _ = make_request(manager, library, job_title="Due tomorrow")
    overdue, _ = make_request(manager, library, job_title="Overdue")
    done, _ = make_request(manager, library, job_title="Completed one")
    day = today()
    requests.set_status(recruiter, due, "in_progress", detail="initial_conversation", follow_up_date=day)
    requests.set_status(
        recruiter, later, "in_progress", detail="initial_conversation", follow_up_date=day + timedelta(days=1)
    )
    overdue.follow_up_date = day - timedelta(days=3)
    requests.set_status(recruiter, done, "completed", outcome="hire_made", follow_up_date=day)
    db.session.commit()
    html = section(html_of(signed_in(app, recruiter).get(DASHBOARD)), "follow-ups")
    assert "2 talent requests are due for a follow-up" in html
    assert (
        f'href="/en/recruit/requests/{due.id}"' in html
        and f'href="/en/recruit/requests/{overdue.id}"' in html
    )
    assert html.index("Overdue") < html.index("Due today")  # the most overdue first
    assert "Due tomorrow" not in html and "Completed one" not in html
    with app.test_request_context("/en/dashboard"):
        assert (
            team.follow_ups(recruiter, today=day - timedelta(days=1)).total == 0 + 1
        )  # only the overdue one
        assert team.follow_ups(recruiter, today=day + timedelta(days=1)).total == 3


def test_requests_by_status_chart_table_and_csv(app, db, make_user, library, recruiter):
    manager = make_user("manager")
    for _ in range(2):
        make_request(manager, library)
    started, _ = make_request(manager, library)
    requests.set_status(recruiter, started, "in_progress", detail="initial_conversation")
    db.session.commit()
    html = html_of(signed_in(app, recruiter).get(DASHBOARD))
    block = section(html, "requests-by-status")
    assert '"labels": ["New", "In progress", "Completed"]' in block.replace("&#34;", '"')
    assert '"values": [2, 1, 0]' in block.replace("&#34;", '"')
    assert re.search(r"<th scope=\"row\">New</th><td class=\"number\">2</td>", block)
    assert 'aria-hidden="true"' in block and 'href="/en/recruit/reports.csv?section=by_status"' in block
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html


def stage_world(db, make_user, make_process, submitted, library):
    """A process with applicants at every stage: 7 applied, 6 screened, 4 assessed, 3 qualified, 2 referred
    or placed, and a draft that counts nowhere."""
    from jobs.services import applications

    recruiter = make_user("recruiter")
    process = make_process(recruiter=recruiter, title_en="=Funnel process")
    screening, interview = process.steps
    python = next(ps for ps in process.skills if ps.skill.key == "t:python")

    def result(application, step, value="successful"):
        why = "Not shown." if value == "unsuccessful" else None
        assessment.record_result(recruiter, application, step, python, value, why)

    submitted(process)  # applied only
    result(submitted(process), screening)  # screened
    assessed = submitted(process)
    result(assessed, screening)
    result(assessed, interview)  # assessed
    disqualified = submitted(process)
    result(disqualified, screening, "unsuccessful")
    decisions.disqualify(recruiter, disqualified, "Not enough experience.")  # screened, not assessed
    decisions.qualify(recruiter, submitted(process), None)  # qualified
    placed = submitted(process)
    decisions.qualify(recruiter, placed, None)
    decisions.place(recruiter, placed, "term", library["dept"].id)  # placed
    referred = submitted(process)
    decisions.qualify(recruiter, referred, None)
    talent_request, _ = make_request(make_user("manager"), library)
    requests.refer(recruiter, talent_request, referred.user_id, True)  # referred
    applications.start(make_user("candidate"), process)  # a draft
    db.session.commit()
    return recruiter, process


def test_the_pipeline_counts_each_stage(app, db, make_user, make_process, submitted, library):
    recruiter, _process = stage_world(db, make_user, make_process, submitted, library)
    other = make_user("recruiter")
    with app.test_request_context("/en/dashboard"):
        found = team.pipeline(recruiter)
        assert [p.counts for p in found.processes] == [(7, 6, 4, 3, 2)]
        assert team.pipeline(other).processes == ()
    html = section(html_of(signed_in(app, recruiter).get(DASHBOARD)), "pipeline")
    assert "Referred or placed" in html and "=Funnel process" in html
    assert '"values": [7, 6, 4, 3, 2]' in html.replace("&#34;", '"')
    assert re.search(
        r"<td class=\"number\">7</td><td class=\"number\">6</td><td class=\"number\">4</td>", html
    )


def test_the_pipeline_csv_is_formula_safe_and_only_the_recruiters(
    app, db, make_user, make_process, submitted, library
):
    recruiter, process = stage_world(db, make_user, make_process, submitted, library)
    make_process(title_en="Someone else's")
    visitor = signed_in(app, recruiter)
    response = visitor.get("/en/recruit/reports/pipeline.csv")
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    body = response.get_data(as_text=True)
    assert body.startswith(
        "\ufeffProcess,Job advertisement,Applied,Screened,Assessed,Qualified,Referred or placed"
    )
    assert f"{process.id},'=Funnel process,7,6,4,3,2" in body
    assert ",=Funnel" not in body and "Someone else" not in body
    french = visitor.get("/fr/recruit/reports/pipeline.csv").get_data(as_text=True)
    assert french.splitlines()[0] == (
        "\ufeffProcessus,Annonce d’emploi,Candidatures reçues,Présélectionnés,Évalués,Qualifié,"
        "Recommandés ou placés"
    )


def test_an_admin_runs_every_process(app, db, make_user, make_process, submitted, library):
    _recruiter, process = stage_world(db, make_user, make_process, submitted, library)
    admin = make_user("admin")
    html = html_of(signed_in(app, admin).get(DASHBOARD))
    assert f"/en/recruit/processes/{process.id}/applicants?status=to_assess" in html


# --- Managers -----------------------------------------------------------------------------------------------


def test_a_manager_sees_their_requests_and_referrals_not_another_managers(
    app, db, make_user, library, make_process, make_member, recruiter
):
    process = make_process()
    members = [make_member(process, first_name=f"Member{i}") for i in range(3)]
    mine, theirs = make_user("manager"), make_user("manager")
    first, _ = make_request(mine, library, job_title="My first role")
    second, _ = make_request(mine, library, job_title="My second role")
    other, _ = make_request(theirs, library, job_title="Their role")
    for member in members:
        requests.refer(recruiter, first, member.id, True)
    requests.decline(members[2], db.session.query(Referral).filter_by(user_id=members[2].id).one())
    requests.refer(recruiter, other, members[0].id, True)
    requests.set_status(recruiter, second, "in_progress", detail="initial_conversation")
    db.session.commit()
    html = html_of(signed_in(app, mine).get(DASHBOARD))
    requests_html = section(html, "my-requests")
    assert "New: 1; In progress: 1; Completed: 0" in requests_html
    assert (
        f'href="/en/talent-requests/{first.id}"' in requests_html and "2 candidates referred" in requests_html
    )
    assert "Their role" not in html
    received = section(html, "referrals-received")
    assert "My first role" in received and "2 candidates referred" in received  # the decline is not counted
    assert "My second role" not in received
    for member in members:
        assert member.first_name not in html and member.email not in html  # no one is named here
    their_html = html_of(signed_in(app, theirs).get(DASHBOARD))
    assert "Their role" in their_html and "My first role" not in their_html
    assert "1 candidate referred" in section(their_html, "referrals-received")


# --- Every role: both languages, no inline code, statements that do not grow ------------------------------


@pytest.mark.parametrize("role", ["candidate", "manager", "recruiter", "admin"])
def test_the_dashboard_renders_in_both_languages_without_inline_code(app, db, make_user, role):
    visitor = signed_in(app, make_user(role))
    for lang in ("en", "fr"):
        html = html_of(visitor.get(f"/{lang}/dashboard"))
        assert f'<html lang="{lang}">' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on", html)
    assert "Que faire ensuite" in html


def test_the_candidates_dashboard_sends_as_many_statements_with_many_records(
    app, db, make_user, make_candidate, make_process, submitted, library
):
    candidate = make_candidate()
    visitor = signed_in(app, candidate)
    recruiter = make_user("recruiter")

    def add(i):
        assess(submitted(make_process(title_en=f"Job {i}"), candidate))
        if i % 2:
            qualified = submitted(make_process(), candidate)
            decisions.qualify(qualified.process.created_by, qualified, None)
            talent_request, _ = make_request(make_user("manager"), library, job_title=f"Role {i}")
            requests.refer(recruiter, talent_request, candidate.id, True)
        db.session.commit()

    assert_flat(lambda: visitor.get(DASHBOARD), add, many=14)


def test_the_recruiters_dashboard_sends_as_many_statements_with_many_records(
    app, db, make_user, make_process, submitted, make_member, library
):
    from jobs.models import Application

    recruiter = make_user("recruiter")
    visitor = signed_in(app, recruiter)
    manager = make_user("manager")

    def add(i):
        process = make_process(recruiter=recruiter, title_en=f"Process {i}")
        submitted(process)
        member = make_member(process)
        db.session.query(Application).filter_by(user_id=member.id).one().expiry_date = today()
        talent_request, _ = make_request(manager, library)
        talent_request.follow_up_date = today()
        db.session.commit()

    assert_flat(lambda: visitor.get(DASHBOARD), add, many=14)


def test_the_managers_dashboard_sends_as_many_statements_with_many_records(
    app, db, make_user, make_process, make_member, library, recruiter
):
    manager = make_user("manager")
    visitor = signed_in(app, manager)
    process = make_process()

    def add(i):
        talent_request, _ = make_request(manager, library, job_title=f"Role {i}")
        requests.refer(recruiter, talent_request, make_member(process).id, True)
        db.session.commit()

    assert_flat(lambda: visitor.get(DASHBOARD), add, many=14)
