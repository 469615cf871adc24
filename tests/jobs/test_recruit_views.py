"""The recruitment team's pages: processes from draft to published, the life-cycle actions, who may see
what (404 for someone else's process, 403 for other roles), applicants and the application page (snapshot,
no equity, audited), assessment results and every decision, allowed and refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from jobs.models import Application, AssessmentResult, Decision, Placement, Process
from jobs.services import applications, decisions, processes
from talent.models import AuditEvent
from talent.profiles import services as profile_services
from tests.conftest import csrf_token, login

BASE = "/en/recruit"


def sign_in(client, user):
    login(client, user.email)
    return csrf_token(client, f"{BASE}/processes")


def post(client, url, token, data=None, prefix=None):
    field = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(url, data={**(data or {}), field: token})


def text(response):
    return response.get_data(as_text=True)


def views_of(db, application):
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "profile.viewed",
            AuditEvent.target_type == "profile",
            AuditEvent.target_id == str(application.user_id),
        )
    )


@pytest.fixture
def recruiter(make_user):
    return make_user("recruiter", first_name="Rita", last_name="Recruiter")


# --- Processes ----------------------------------------------------------------------------------------------


def test_a_recruiter_takes_a_process_from_draft_to_published(db, client, recruiter, library):
    token = sign_in(client, recruiter)
    response = post(client, f"{BASE}/processes/new", token)
    assert response.status_code == 302
    process_id = int(re.search(r"/processes/(\d+)/details", response.location).group(1))
    process_url = f"{BASE}/processes/{process_id}"

    page = client.get(f"{process_url}/details")
    assert page.status_code == 200 and 'name="title_fr"' in text(page) and "novalidate" in text(page)
    closing = date.today() + timedelta(days=30)
    details = {
        **{f"{f}_{lang}": f"{f} {lang}" for f in processes.BILINGUAL_FIELDS for lang in ("en", "fr")},
        "classification_id": str(library["it03"].id),
        "stream": "software_solutions",
        "language_requirement": "english",
        "security_clearance": "reliability",
        "work_location": "location",
        "opportunity_length": "term",
        "operational_requirements": ["travel", "on_call"],
        "closing_date": closing.isoformat(),
        "closing_time": "23:59",
        "contact_email": "team@example.com",
    }
    assert post(client, f"{process_url}/details", token, details).status_code == 302

    search = client.get(f"{process_url}/skills?q=pyth")
    assert search.status_code == 200 and "Python" in text(search) and "Add as essential" in text(search)
    for key, kind, level in (("python", "essential", 3), ("teamwork", "essential", 2), ("sql", "asset", 1)):
        response = post(
            client, f"{process_url}/skills", token, {"skill": library[key].id, "kind": kind, "level": level}
        )
        assert response.status_code == 302
    assert (
        post(
            client,
            f"{process_url}/questions",
            token,
            {"kind": "general", "text_en": "Why?", "text_fr": "Pourquoi?"},
        ).status_code
        == 302
    )

    db.session.expire_all()
    process = db.session.get(Process, process_id)
    python = next(ps for ps in process.skills if ps.skill_id == library["python"].id)
    teamwork = next(ps for ps in process.skills if ps.skill_id == library["teamwork"].id)
    refused = post(
        client,
        f"{process_url}/assessment",
        token,
        {"kind": "application_screening", "skill_ids": [str(teamwork.id)]},
    )
    assert refused.status_code == 422 and "Behavioural skills are not assessed" in text(refused)
    for kind, skill in (("application_screening", python), ("interview", teamwork)):
        response = post(
            client, f"{process_url}/assessment", token, {"kind": kind, "skill_ids": [str(skill.id)]}
        )
        assert response.status_code == 302

    overview = client.get(process_url)
    assert "Everything needed to publish is there." in text(overview)
    assert post(client, f"{process_url}/publish", token).status_code == 302

    db.session.expire_all()
    process = db.session.get(Process, process_id)
    assert processes.status(process) == "published"
    assert process.title_fr == "title fr" and process.operational_requirements == ["on_call", "travel"]
    assert process.closing_at.astimezone(processes_tz()).date() == closing
    assert [(s.kind, s.skill_ids) for s in process.steps] == [
        ("application_screening", [python.id]),
        ("interview", [teamwork.id]),
    ]
    assert [q.text_fr for q in process.questions] == ["Pourquoi?"]
    # After publication, skills and questions are frozen: the service refuses and the page says why.
    late = post(
        client, f"{process_url}/skills", token, {"skill": library["java"].id, "kind": "asset", "level": 1}
    )
    assert late.status_code == 422 and "only be changed while the process is a draft" in text(late)


def processes_tz():
    from jobs.services import recruiting

    return recruiting.TIMEZONE


def test_publication_is_refused_with_the_problem_list(db, client, recruiter):
    token = sign_in(client, recruiter)
    process = processes.create(recruiter)
    db.session.commit()
    url = f"{BASE}/processes/{process.id}"
    overview = text(client.get(url))
    assert "Add at least one essential skill." in overview and "Choose a work stream." in overview
    response = post(client, f"{url}/publish", token)
    assert response.status_code == 422
    assert "cannot be published yet" in text(response) and "Add at least one essential skill." in text(
        response
    )
    db.session.expire_all()
    assert db.session.get(Process, process.id).published_at is None


def test_details_errors_are_shown_and_nothing_is_saved(db, client, recruiter):
    token = sign_in(client, recruiter)
    process = processes.create(recruiter)
    db.session.commit()
    url = f"{BASE}/processes/{process.id}/details"
    response = post(
        client,
        url,
        token,
        {"title_en": "A title", "stream": "astrology", "closing_time": "25:99", "contact_email": "nope"},
    )
    assert response.status_code == 422
    assert "Enter a time as hours and minutes" in text(response) and "name@example.com" in text(response)
    db.session.expire_all()
    assert db.session.get(Process, process.id).title_en is None


def test_life_cycle_actions_allowed_and_refused(db, client, make_process, library):
    process = make_process()
    token = sign_in(client, process.created_by)
    url = f"{BASE}/processes/{process.id}"

    def status():
        db.session.expire_all()
        return processes.status(db.session.get(Process, process.id))

    assert "Only a closed process can be archived." in text(post(client, f"{url}/archive", token))
    assert "Only a draft can be deleted." in text(post(client, f"{url}/delete", token))
    refused = post(client, f"{url}/close", token, {"reason": ""})
    assert refused.status_code == 422 and "Give the reason for closing early." in text(refused)
    assert client.get(f"{url}/close").status_code == 200
    assert post(client, f"{url}/close", token, {"reason": "Enough applicants."}).status_code == 302
    assert status() == "closed"
    closed_page = text(client.get(url))
    assert "Enough applicants." in closed_page and "Archive" in closed_page
    past = post(client, f"{url}/extend", token, {"closing_date": "2020-01-01", "closing_time": "12:00"})
    assert past.status_code == 422 and "must be in the future" in text(past)
    assert post(client, f"{url}/archive", token).status_code == 302
    assert status() == "archived"
    archived_page = text(client.get(url))
    assert "Unarchive" in archived_page and "Extend the closing date" not in archived_page
    archived = post(client, f"{url}/details", token, {"title_en": "x", "title_fr": "y"})
    assert archived.status_code == 422 and "An archived process cannot be changed" in text(archived)
    assert post(client, f"{url}/unarchive", token).status_code == 302
    assert status() == "closed"
    again = post(client, f"{url}/unarchive", token)
    assert again.status_code == 422 and "Only an archived process can be unarchived." in text(again)
    future = (date.today() + timedelta(days=10)).isoformat()
    assert (
        post(client, f"{url}/extend", token, {"closing_date": future, "closing_time": "12:00"}).status_code
        == 302
    )
    assert status() == "published"

    response = post(client, f"{url}/duplicate", token)
    assert response.status_code == 302
    copy_id = int(re.search(r"/processes/(\d+)$", response.location).group(1))
    copy = db.session.get(Process, copy_id)
    assert processes.status(copy) == "draft" and len(copy.skills) == len(process.skills)
    assert client.get(f"{BASE}/processes/{copy_id}/delete").status_code == 200
    assert post(client, f"{BASE}/processes/{copy_id}/delete", token).status_code == 302
    db.session.expire_all()
    assert db.session.get(Process, copy_id) is None


def test_questions_move_and_remove_only_on_drafts(db, client, make_process):
    process = make_process(publish=False, questions=False)
    token = sign_in(client, process.created_by)
    url = f"{BASE}/processes/{process.id}/questions"
    for n in ("One", "Two"):
        post(client, url, token, {"kind": "screening", "text_en": f"{n}?", "text_fr": f"{n} ?"})
    missing = post(client, url, token, {"kind": "general", "text_en": "Only English", "text_fr": ""})
    assert missing.status_code == 422 and "in English and in French" in text(missing)
    db.session.expire_all()
    second = max(db.session.get(Process, process.id).questions, key=lambda q: q.position)
    assert post(client, f"{url}/{second.id}/move", token, {"direction": "up"}).status_code == 302
    db.session.expire_all()
    ordered = sorted(db.session.get(Process, process.id).questions, key=lambda q: q.position)
    assert [q.text_en for q in ordered] == ["Two?", "One?"]
    assert post(client, f"{url}/{second.id}/move", token, {"direction": "sideways"}).status_code == 400
    processes.publish(process.created_by, db.session.get(Process, process.id))
    db.session.commit()
    frozen = post(client, f"{url}/{second.id}/remove", token)
    assert frozen.status_code == 422 and "only be changed while the process is a draft" in text(frozen)
    assert post(client, f"{url}/99999999/remove", token).status_code == 404


def test_recruiters_are_added_by_email(db, client, make_process, make_user):
    process = make_process()
    colleague = make_user("recruiter", email="Colleague@Example.com")
    make_user("candidate", email="someone@example.com")
    token = sign_in(client, process.created_by)
    url = f"{BASE}/processes/{process.id}/recruiters"
    for address in ("someone@example.com", "nobody@example.com"):
        response = post(client, url, token, {"email": address})
        assert response.status_code == 422 and "No recruiter or administrator has this e-mail" in text(
            response
        )
    assert post(client, url, token, {"email": "colleague@example.com"}).status_code == 302
    db.session.expire_all()
    assert processes.runs(colleague, db.session.get(Process, process.id))


def test_the_process_list_shows_only_my_processes_with_their_status(db, client, make_process, recruiter):
    mine = make_process(recruiter=recruiter, title_en="Mine published")
    make_process(recruiter=recruiter, publish=False, title_en="Mine draft")
    make_process(title_en="Someone else's")
    sign_in(client, recruiter)
    page = text(client.get(f"{BASE}/processes"))
    assert "Mine published" in page and "Mine draft" in page and "Someone else" not in page
    drafts = text(client.get(f"{BASE}/processes?status=draft"))
    assert "Mine draft" in drafts and "Mine published" not in drafts
    assert client.get(f"{BASE}/processes?status=bogus").status_code == 200
    assert client.get(f"/fr/recruit/processes/{mine.id}").status_code == 200


# --- Who may see what ---------------------------------------------------------------------------------------


def test_another_recruiter_gets_404_and_other_roles_403(db, client, submitted, make_user):
    application = submitted()
    process = application.process
    urls = [
        f"{BASE}/processes/{process.id}",
        f"{BASE}/processes/{process.id}/details",
        f"{BASE}/processes/{process.id}/skills",
        f"{BASE}/processes/{process.id}/applicants",
        f"{BASE}/processes/{process.id}/pool",
        f"{BASE}/processes/{process.id}/pool.csv",
        f"{BASE}/applications/{application.id}",
    ]
    token = sign_in(client, make_user("recruiter"))
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert post(client, f"{BASE}/processes/{process.id}/close", token, {"reason": "x"}).status_code == 404
    assert post(client, f"{BASE}/applications/{application.id}/decisions/qualify", token).status_code == 404
    assert views_of(db, application) == 0
    for role in ("candidate", "manager"):
        other_client = client.application.test_client()
        login(other_client, make_user(role).email)
        for url in (f"{BASE}/processes", urls[0], urls[-1]):
            assert other_client.get(url).status_code == 403, (role, url)
    admin_client = client.application.test_client()
    sign_in(admin_client, make_user("admin"))
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in(db, client, make_process):
    response = client.get(f"{BASE}/processes")
    assert response.status_code == 302 and "/login" in response.location


def test_drafts_are_never_listed_nor_shown_even_to_admins(
    db, client, make_process, make_candidate, make_user
):
    process = make_process()
    candidate = make_candidate(current_city="Ottawa")
    candidate.first_name = "Drafty"
    draft = applications.start(candidate, process)
    db.session.commit()
    sign_in(client, make_user("admin"))
    listed = text(client.get(f"{BASE}/processes/{process.id}/applicants"))
    assert "Drafty" not in listed and "0 applications" in listed
    assert client.get(f"{BASE}/applications/{draft.id}").status_code == 404
    assert client.get(f"{BASE}/applications/99999999999").status_code == 404
    assert client.get(f"{BASE}/processes/99999999999").status_code == 404


# --- Applicants and the application page --------------------------------------------------------------------


def test_applicants_are_filtered_by_status_and_name(db, client, submitted, make_process, make_candidate):
    process = make_process()
    first = submitted(process, make_candidate())
    second = submitted(process, make_candidate())
    first.user.first_name, second.user.first_name = "Alice", "Bruno"
    decisions.qualify(process.created_by, first, None)
    db.session.commit()
    sign_in(client, process.created_by)
    url = f"{BASE}/processes/{process.id}/applicants"
    everyone = text(client.get(url))
    assert "Alice" in everyone and "Bruno" in everyone and "Still to assess" in everyone
    qualified = text(client.get(f"{url}?status=qualified"))
    assert "Alice" in qualified and "Bruno" not in qualified
    by_name = text(client.get(f"{url}?q=bru"))
    assert "Bruno" in by_name and "Alice" not in by_name
    assert "Alice" not in text(client.get(f"{url}?q=%25"))  # LIKE wildcards are literal


def test_the_application_page_shows_the_snapshot_never_equity_and_is_audited(
    db, client, make_process, make_candidate
):
    process = make_process()
    candidate = make_candidate()
    candidate.first_name, candidate.last_name = "Camille", "Tremblay"
    profile_services.save_equity(candidate, True, ["woman", "disability", "visible_minority"], [])
    db.session.commit()
    application = applications.start(candidate, process)
    applications.save_answers(application, {q.id: f"Answer to {q.text_en}" for q in process.questions})
    applications.submit(application, "Camille Tremblay")
    db.session.commit()
    candidate.first_name = "Changed-after"  # the page shows the profile as submitted
    db.session.commit()

    sign_in(client, process.created_by)
    page = client.get(f"{BASE}/applications/{application.id}")
    body = text(page)
    assert page.status_code == 200
    assert "Camille Tremblay" in body and "Changed-after" not in body
    assert "Used python every day." in body and "Answer to Why us?" in body and "613-555-0101" in body
    for private in ("Person with a disability", "Member of a visible minority", "equity", "Equity"):
        assert private not in body
    assert "Application submitted" in body  # the history
    client.get(f"{BASE}/applications/{application.id}")
    assert views_of(db, application) == 2
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "profile.viewed")).first()
    assert event.details == {"application": application.id} and event.actor_id == process.created_by.id


def test_recording_results_allowed_and_refused(db, client, submitted, make_process):
    application = submitted()
    process = application.process
    screening, interview = process.steps
    python, teamwork = (
        next(ps for ps in process.skills if ps.skill.key == k) for k in ("t:python", "t:teamwork")
    )
    token = sign_in(client, process.created_by)
    url = f"{BASE}/applications/{application.id}/results"

    def record(step, cell, result, justification=""):
        data = {"step": step.id, "cell": cell, "result": result, "justification": justification}
        return post(client, url, token, data)

    for step, cell, result, message in (
        (screening, python.id, "unsuccessful", "Explain why the result is unsuccessful."),
        (screening, teamwork.id, "successful", "This skill is not assessed at this step."),
        (interview, "education", "successful", "The education requirement is assessed at the application"),
        (screening, python.id, "maybe", "Choose successful, unsuccessful or on hold."),
        (make_process().steps[0], python.id, "successful", "This step belongs to another process."),
    ):
        response = record(step, cell, result)
        assert response.status_code == 422 and message in text(response), message
    assert (
        post(client, url, token, {"step": "99999999", "cell": "education", "result": "hold"}).status_code
        == 404
    )
    assert db.session.scalar(select(func.count()).select_from(AssessmentResult)) == 0

    assert record(screening, python.id, "successful").status_code == 302
    assert record(screening, "education", "successful").status_code == 302
    assert record(interview, python.id, "successful").status_code == 302
    assert record(interview, teamwork.id, "hold").status_code == 302
    assert "Still to assess" in text(client.get(f"{BASE}/processes/{process.id}/applicants"))
    assert record(interview, teamwork.id, "successful", "Good examples.").status_code == 302
    page = text(client.get(f"{BASE}/applications/{application.id}"))
    assert "Good examples." in page
    assert "Qualify" in text(client.get(f"{BASE}/processes/{process.id}/applicants"))


def test_every_decision_through_the_pages(db, client, submitted, library, make_user):
    application = submitted()
    token = sign_in(client, application.process.created_by)
    page_url = f"{BASE}/applications/{application.id}"

    def decide(action, **fields):
        data = {f"{action}-{k}": v for k, v in fields.items()}
        return post(client, f"{page_url}/decisions/{action}", token, data, prefix=action)

    def refused(response, message):
        assert response.status_code == 422 and message in text(response), message

    def state():
        db.session.expire_all()
        return db.session.get(Application, application.id)

    page = text(client.get(page_url))
    assert "Qualify the candidate" in page and "Record the placement" not in page and "Reinstate" not in page
    refused(decide("qualify", expiry_date="2020-01-01"), "The expiry date cannot be in the past.")
    refused(decide("reinstate"), "Only a removed candidate can be reinstated.")
    refused(decide("revert_decision"), "There is no decision to revert.")
    expiry = (date.today() + timedelta(days=365)).isoformat()
    assert decide("qualify", expiry_date=expiry).status_code == 302
    assert state().decision == Decision.QUALIFIED and state().expiry_date.isoformat() == expiry
    page = text(client.get(page_url))
    assert "Record the placement" in page and "Qualify the candidate" not in page
    refused(decide("disqualify", reason="Forged."), "A decision was already made. Revert it first.")
    refused(decide("place", placement="term", department_id=""), "Choose the department.")
    assert decide("place", placement="term", department_id=str(library["dept"].id)).status_code == 302
    assert state().placement == Placement.TERM
    refused(decide("remove", reason="withdrew"), "A placed candidate cannot be removed.")
    refused(decide("revert_decision"), "Revert the placement first.")
    assert decide("revert_placement").status_code == 302
    assert decide("pause", reason="On leave").status_code == 302 and state().paused_at is not None
    assert "Lift the pause" in text(client.get(page_url))
    assert decide("unpause").status_code == 302 and state().paused_at is None
    assert decide("revert_decision").status_code == 302 and state().decision is None
    refused(decide("disqualify", reason=""), "Give the reason.")
    assert decide("disqualify", reason="No Python.").status_code == 302
    assert state().decision == Decision.DISQUALIFIED
    refused(decide("pause"), "Only a qualified candidacy can be paused.")
    refused(decide("remove", reason="other", details=""), "Give the reason.")
    refused(decide("remove", reason="bored"), "Not a valid choice")
    assert decide("remove", reason="not_responsive").status_code == 302 and state().removed_at is not None
    refused(decide("qualify"), "This candidate was removed from the process. Reinstate them first.")
    assert decide("reinstate").status_code == 302 and state().removed_at is None

    history = text(client.get(page_url))
    for action in (
        "Qualified",
        "Placed",
        "Placement reverted",
        "Decision reverted",
        "Removed from the process",
    ):
        assert action in history
    assert post(client, f"{page_url}/decisions/promote", token).status_code == 404
    other = submitted()  # another recruiter's process: a forged id is a 404
    assert decide_on(client, token, other.id, "qualify").status_code == 404
    assert state().events[-1].actor_id == application.process.created_by.id


def decide_on(client, token, application_id, action):
    return post(client, f"{BASE}/applications/{application_id}/decisions/{action}", token, prefix=action)


def test_a_failed_decision_writes_nothing(db, client, submitted):
    application = submitted()
    token = sign_in(client, application.process.created_by)
    before = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("application.%"))
    )
    response = post(
        client,
        f"{BASE}/applications/{application.id}/decisions/remove",
        token,
        {"remove-reason": "other", "remove-details": ""},
        prefix="remove",
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Application, application.id).removed_at is None
    after = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("application.%"))
    )
    assert after == before


def test_closing_time_is_read_in_eastern_time(db):
    from jobs.services import recruiting

    moment = recruiting.local_closing(date(2026, 1, 15), None)
    assert moment.isoformat() == "2026-01-16T04:59:00+00:00"
    assert recruiting.closing_parts(moment) == (date(2026, 1, 15), "23:59")
    assert recruiting.closing_parts(None) == (None, "")


def test_every_page_renders_in_both_languages_without_inline_code(db, client, submitted, library):
    application = submitted()
    process = application.process
    decisions.qualify(process.created_by, application, None)
    db.session.commit()
    step = process.steps[0]
    sign_in(client, process.created_by)
    pages = [
        "processes",
        f"processes/{process.id}",
        f"processes/{process.id}/details",
        f"processes/{process.id}/skills?q=sql",
        f"processes/{process.id}/questions",
        f"processes/{process.id}/assessment",
        f"processes/{process.id}/assessment/{step.id}",
        f"processes/{process.id}/recruiters",
        f"processes/{process.id}/publish",
        f"processes/{process.id}/close",
        f"processes/{process.id}/extend",
        f"processes/{process.id}/archive",
        f"processes/{process.id}/delete",
        f"processes/{process.id}/applicants",
        f"processes/{process.id}/pool",
        f"applications/{application.id}",
    ]
    # A published process: publishing, archiving and deleting are not offered (the page says why: 409).
    refused = {f"processes/{process.id}/{action}" for action in ("publish", "archive", "delete")}
    for lang in ("en", "fr"):
        for page in pages:
            response = client.get(f"/{lang}/recruit/{page}")
            assert response.status_code == (409 if page in refused else 200), (lang, page)
            html = text(response)
            assert f'<html lang="{lang}">' in html
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
            assert not re.search(r"\sstyle=|\son[a-z]+=", html), page


def test_odd_input_is_a_form_error_or_a_4xx_never_a_500(db, client, submitted, make_process, library):
    application = submitted()
    process = application.process
    draft = make_process(publish=False, recruiter=process.created_by)
    token = sign_in(client, process.created_by)
    results = f"{BASE}/applications/{application.id}/results"
    checks = [
        (
            f"{BASE}/processes/{draft.id}/skills",
            {"skill": "99999999999999999999", "kind": "asset", "level": "2"},
        ),
        (f"{BASE}/processes/{draft.id}/skills", {"skill": library["sql"].id, "kind": "both", "level": "9"}),
        (f"{BASE}/processes/{draft.id}/skills", {}),
        (f"{BASE}/processes/{draft.id}/details", {"closing_date": "2026-02-30", "classification_id": "x"}),
        (
            f"{BASE}/processes/{draft.id}/details",
            {"title_en": "x" * 300, "operational_requirements": ["flying"]},
        ),
        (f"{BASE}/processes/{draft.id}/assessment", {"kind": "seance", "skill_ids": ["abc"]}),
        (f"{BASE}/processes/{draft.id}/assessment", {"kind": "exam", "title_en": "t" * 300}),
        (f"{BASE}/processes/{draft.id}/questions", {"kind": "trick", "text_en": "a", "text_fr": "b"}),
        (f"{BASE}/processes/{draft.id}/recruiters", {"email": "not an address"}),
        (f"{BASE}/processes/{process.id}/extend", {"closing_date": "tomorrow", "closing_time": "noon"}),
        (results, {"step": "-1", "cell": "education", "result": "successful"}),
        (results, {"step": "99999999999999", "cell": "abc", "result": "successful"}),
        (results, {"step": process.steps[0].id, "cell": "99999999999999", "result": "successful"}),
        (
            results,
            {
                "step": process.steps[0].id,
                "cell": "education",
                "result": "unsuccessful",
                "justification": "x" * 3000,
            },
        ),
    ]
    for url, data in checks:
        response = post(client, url, token, data)
        assert 400 <= response.status_code < 500, (url, data, response.status_code)
    place = {"place-placement": "term", "place-department_id": "99999999999999"}
    decisions.qualify(process.created_by, application, None)
    db.session.commit()
    response = post(
        client, f"{BASE}/applications/{application.id}/decisions/place", token, place, prefix="place"
    )
    assert response.status_code == 422
    for query in ("?status=nope&page=x", "?q=" + "%" * 200, "?page=99999", "?page=1000000000000000000"):
        assert client.get(f"{BASE}/processes/{process.id}/applicants{query}").status_code == 200
    assert client.get(f"{BASE}/processes?page=1000000000000000000").status_code == 200
    assert client.get(f"{BASE}/processes/{process.id}/pool?expiry=never&flag=x&page=-3").status_code == 200
    assert client.get(f"{BASE}/processes/{draft.id}/skills?q=" + "é" * 500).status_code == 200
    db.session.expire_all()
    unchanged = db.session.get(Process, draft.id)
    assert unchanged.title_en == "title EN" and len(unchanged.steps) == 2 and len(unchanged.skills) == 3


def test_lists_are_paged(db, client, submitted, make_process, make_candidate, monkeypatch):
    from jobs.recruit import views_applicants, views_pools, views_processes

    for module in (views_processes, views_applicants, views_pools):
        monkeypatch.setattr(module, "PAGE_SIZE", 1)
    process = make_process()
    make_process(recruiter=process.created_by)
    for _ in range(2):
        application = submitted(process, make_candidate())
        decisions.qualify(process.created_by, application, None)
    db.session.commit()
    sign_in(client, process.created_by)
    for url in (
        f"{BASE}/processes",
        f"{BASE}/processes/{process.id}/applicants",
        f"{BASE}/processes/{process.id}/pool",
    ):
        second = client.get(f"{url}?page=2&process_id=7")
        assert second.status_code == 200, url
        assert "Page 2 of 2" in text(second) and f"{url}?page=1" in text(second).replace("&amp;", "&")
        crafted = client.get(f"{url}?page=2&_external=1&_scheme=javascript")
        assert crafted.status_code == 200, url
        assert "javascript:" not in text(crafted) and f'href="{url}?page=1"' in text(crafted)
