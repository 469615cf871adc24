"""Applying through the pages: start, questions, review, submit; the candidate's list and its actions;
every refusal leaves the state unchanged; a candidate sees only their own applications."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from jobs.models import Application, ApplicationEvent
from jobs.services import decisions, processes
from tests.conftest import csrf_token, login


@pytest.fixture
def candidate(client, make_candidate):
    user = make_candidate()
    login(client, user.email)
    return user


def token(client):
    return csrf_token(client, "/en/dashboard")


def post(client, url, data=None, **kwargs):
    return client.post(url, data={**(data or {}), "csrf_token": token(client)}, **kwargs)


def count(db, model, **where):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def html_of(response):
    return response.get_data(as_text=True)


def start(client, process):
    response = post(client, f"/en/applications/start/{process.id}")
    assert response.status_code == 302, html_of(response)
    application_id = int(re.search(r"/applications/(\d+)", response.headers["Location"]).group(1))
    return response, application_id


def test_a_candidate_applies_end_to_end(client, db, make_process, candidate):
    process = make_process()
    page = html_of(client.get(f"/en/jobs/{process.id}"))
    assert f'action="/en/applications/start/{process.id}"' in page
    response, application_id = start(client, process)
    assert response.headers["Location"].endswith(f"/en/applications/{application_id}/questions")

    questions = client.get(f"/en/applications/{application_id}/questions")
    html = html_of(questions)
    assert questions.status_code == 200
    assert html.index("General questions") < html.index("Why us?") < html.index("Screening questions")
    assert "Do you have a degree?" in html
    general, screening = sorted(process.questions, key=lambda q: q.kind)
    saved = post(
        client,
        f"/en/applications/{application_id}/questions",
        {f"answer_{general.id}": "I like you.", f"answer_{screening.id}": "Yes, in 2010.", "action": "save"},
    )
    assert saved.headers["Location"].endswith(f"/applications/{application_id}/questions")
    assert "I like you." in html_of(client.get(f"/en/applications/{application_id}/questions"))
    onward = post(
        client,
        f"/en/applications/{application_id}/questions",
        {
            f"answer_{general.id}": "I like you.",
            f"answer_{screening.id}": "Yes, in 2010.",
            "action": "continue",
        },
    )
    assert onward.headers["Location"].endswith(f"/applications/{application_id}/review")

    review = client.get(f"/en/applications/{application_id}/review")
    html = html_of(review)
    assert review.status_code == 200
    assert "Your application is ready" in html
    assert "Yes, in 2010." in html and "Ottawa" in html  # answers and the profile summary
    assert 'href="/en/profile/personal"' in html  # each section can be edited

    submitted = post(client, f"/en/applications/{application_id}/review", {"signature": "Pat Doe"})
    assert submitted.headers["Location"].endswith(f"/applications/{application_id}/submitted")
    assert "We received your application" in html_of(client.get(submitted.headers["Location"]))
    application = db.session.get(Application, application_id)
    db.session.refresh(application)
    assert application.submitted_at is not None and application.signature == "Pat Doe"
    assert [a.answer for a in sorted(application.answers, key=lambda a: a.question_id)] == [
        "I like you.",
        "Yes, in 2010.",
    ]

    mine = html_of(client.get("/en/applications"))
    assert "Received" in mine and "title EN" in mine
    detail = html_of(client.get(f"/en/applications/{application_id}"))
    assert "Received" in detail
    assert "You started your application." in detail and "You submitted your application." in detail
    assert "Yes, in 2010." in detail and "Developer" in detail  # the snapshot: answers and experiences


def test_starting_twice_gives_the_same_draft(client, db, make_process, candidate):
    process = make_process()
    _, first = start(client, process)
    _, second = start(client, process)
    assert first == second
    assert count(db, Application, process_id=process.id, user_id=candidate.id) == 1
    page = html_of(client.get(f"/en/jobs/{process.id}"))
    assert "Continue your application" in page and "Draft" in page
    # Signing in from the advertisement leads to the start page, which resumes the draft.
    assert (
        client.get(f"/en/applications/start/{process.id}")
        .headers["Location"]
        .endswith(f"/applications/{first}/questions")
    )


def test_the_start_page_after_signing_in(client, make_process, candidate):
    process = make_process()
    response = client.get(f"/fr/applications/start/{process.id}")
    assert response.status_code == 200
    assert "title FR" in html_of(response)


def test_anonymous_visitors_are_sent_to_sign_in(client, make_process):
    process = make_process()
    response = client.get(f"/en/applications/start/{process.id}")
    assert response.status_code == 302 and "/en/login" in response.headers["Location"]
    assert client.get("/en/applications").status_code == 302


def test_every_unmet_rule_is_listed_with_its_link_and_submission_is_refused(
    client, db, make_process, make_user
):
    process = make_process(language="bilingual_intermediate")
    user = make_user("candidate")
    login(client, user.email)
    _, application_id = start(client, process)
    review = client.get(f"/en/applications/{application_id}/review")
    html = html_of(review)
    assert "Before you can submit" in html
    for message, link in (
        ("Your profile needs: A telephone number.", "/en/profile/personal"),
        ("Your profile needs: At least one work region.", "/en/profile/location"),
        ("Your profile needs: At least one position duration.", "/en/profile/conditions"),
        ("Your profile needs: Whether you work for the Government of Canada.", "/en/profile/government"),
        ("Link the essential skill “Python” to at least one of your experiences.", "/en/profile/experiences"),
        ("This position is bilingual", "/en/profile/languages"),
        ("Answer every question.", f"/en/applications/{application_id}/questions"),
    ):
        assert re.search(rf'href="{re.escape(link)}">{re.escape(message)}', html), message

    refused = post(client, f"/en/applications/{application_id}/review", {"signature": ""})
    assert refused.status_code == 422
    html = html_of(refused)
    assert "Your application was not submitted." in html
    assert "Sign your application by typing your full name." in html
    assert f'href="/en/applications/{application_id}/review#signature"' in html
    assert "Answer every question." in html
    application = db.session.get(Application, application_id)
    db.session.refresh(application)
    assert application.submitted_at is None and application.snapshot is None
    assert count(db, ApplicationEvent, application_id=application_id, action="submitted") == 0


def test_an_overlong_answer_is_a_field_error_and_nothing_is_saved(client, db, make_process, candidate):
    process = make_process()
    _, application_id = start(client, process)
    first, second = process.questions
    response = post(
        client,
        f"/en/applications/{application_id}/questions",
        {f"answer_{first.id}": "fine", f"answer_{second.id}": "x" * 6000, "action": "continue"},
    )
    assert response.status_code == 422
    assert "Use at most 5000 characters." in html_of(response)
    application = db.session.get(Application, application_id)
    db.session.refresh(application)
    assert application.answers == []


def test_submitting_twice_is_refused(client, db, submitted):
    application = submitted()
    login(client, application.user.email)
    events = count(db, ApplicationEvent, application_id=application.id)
    first_time = application.submitted_at
    again = post(client, f"/en/applications/{application.id}/review", {"signature": "Again"})
    assert again.headers["Location"].endswith(f"/applications/{application.id}")
    assert "This application was already submitted." in html_of(client.get(again.headers["Location"]))
    answers = post(
        client,
        f"/en/applications/{application.id}/questions",
        {f"answer_{application.process.questions[0].id}": "Changed"},
    )
    assert answers.status_code == 302
    db.session.refresh(application)
    assert application.submitted_at == first_time and application.signature == "Signed Name"
    assert {a.answer for a in application.answers} == {"My answer."}
    assert count(db, ApplicationEvent, application_id=application.id) == events
    assert client.get(f"/en/applications/{application.id}/review").status_code == 302


def test_applying_to_a_closed_process_is_refused(client, db, make_process, candidate):
    process = make_process()
    processes.close_early(process.created_by, process, "Enough applicants")
    db.session.commit()
    response = post(client, f"/en/applications/start/{process.id}")
    assert response.headers["Location"].endswith(f"/en/jobs/{process.id}")
    assert "This job advertisement is not open to applications." in html_of(
        client.get(response.headers["Location"])
    )
    assert count(db, Application, process_id=process.id) == 0
    assert "This job advertisement is closed" in html_of(client.get(f"/en/applications/start/{process.id}"))


def test_applying_to_a_draft_or_unknown_process_is_404(client, db, make_process, candidate):
    draft = make_process(publish=False)
    assert post(client, f"/en/applications/start/{draft.id}").status_code == 404
    assert client.get(f"/en/applications/start/{draft.id}").status_code == 404
    assert post(client, "/en/applications/start/999999").status_code == 404
    assert count(db, Application, user_id=candidate.id) == 0


def test_a_draft_can_be_deleted_after_confirming(client, db, make_process, candidate):
    process = make_process()
    _, application_id = start(client, process)
    assert "Delete the draft" in html_of(client.get(f"/en/applications/{application_id}/delete"))
    response = post(client, f"/en/applications/{application_id}/delete")
    assert response.headers["Location"].endswith("/en/applications")
    assert "Your draft application was deleted." in html_of(client.get("/en/applications"))
    assert db.session.get(Application, application_id) is None


def test_a_submitted_application_cannot_be_deleted(client, db, submitted):
    application = submitted()
    login(client, application.user.email)
    assert client.get(f"/en/applications/{application.id}/delete").status_code == 302
    response = post(client, f"/en/applications/{application.id}/delete")
    assert "you can withdraw it" in html_of(client.get(response.headers["Location"]))
    assert db.session.get(Application, application.id) is not None


def test_a_submitted_application_can_be_withdrawn(client, db, submitted):
    application = submitted()
    login(client, application.user.email)
    assert "Withdraw my application" in html_of(client.get(f"/en/applications/{application.id}/withdraw"))
    response = post(client, f"/en/applications/{application.id}/withdraw")
    assert "Your application was withdrawn." in html_of(client.get(response.headers["Location"]))
    db.session.refresh(application)
    assert application.removed_at is not None and application.removal_reason.value == "withdrew"
    assert "Withdrew" in html_of(client.get("/en/applications"))
    assert "You withdrew your application." in html_of(client.get(f"/en/applications/{application.id}"))
    # Withdrawing again changes nothing.
    again = post(client, f"/en/applications/{application.id}/withdraw")
    assert again.status_code == 302
    assert count(db, ApplicationEvent, application_id=application.id, action="removed") == 1


def test_not_interested_for_now_only_when_qualified(client, db, submitted, make_user):
    application = submitted()
    login(client, application.user.email)
    assert "/suspend" not in html_of(client.get("/en/applications"))
    refused = post(client, f"/en/applications/{application.id}/suspend")
    assert "Only a qualified candidacy can be suspended." in html_of(client.get(refused.headers["Location"]))
    db.session.refresh(application)
    assert application.suspended_at is None

    decisions.qualify(application.process.created_by, application, None)
    db.session.commit()
    mine = html_of(client.get("/en/applications"))
    assert "Qualified" in mine and f'action="/en/applications/{application.id}/suspend"' in mine
    post(client, f"/en/applications/{application.id}/suspend")
    db.session.refresh(application)
    assert application.suspended_at is not None
    mine = html_of(client.get("/en/applications"))
    assert f'action="/en/applications/{application.id}/resume"' in mine
    post(client, f"/en/applications/{application.id}/resume")
    db.session.refresh(application)
    assert application.suspended_at is None
    detail = html_of(client.get(f"/en/applications/{application.id}"))
    assert "You said you are not interested for now." in detail
    assert "You said you are interested again." in detail


def test_another_candidates_application_is_404(client, db, submitted, make_process, make_candidate):
    theirs = submitted()
    their_draft_process = make_process()
    from jobs.services import applications

    draft = applications.start(theirs.user, their_draft_process)
    db.session.commit()
    me = make_candidate()
    login(client, me.email)
    for application_id in (theirs.id, draft.id, 999999):
        for url in ("", "/questions", "/review", "/submitted", "/delete", "/withdraw"):
            assert client.get(f"/en/applications/{application_id}{url}").status_code == 404, url
        for url in ("/questions", "/review", "/delete", "/withdraw", "/suspend", "/resume"):
            assert post(client, f"/en/applications/{application_id}{url}").status_code == 404, url
    assert db.session.get(Application, draft.id) is not None
    db.session.refresh(theirs)
    assert theirs.removed_at is None
    assert "title EN" not in html_of(client.get("/en/applications"))


@pytest.mark.parametrize("role", ["manager", "recruiter", "admin"])
def test_staff_get_403_on_the_candidate_pages(client, db, submitted, make_user, role):
    application = submitted()
    login(client, make_user(role).email)
    urls = [
        "/en/applications",
        f"/en/applications/{application.id}",
        f"/en/applications/{application.id}/questions",
        f"/en/applications/{application.id}/review",
        f"/en/applications/start/{application.process_id}",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert post(client, f"/en/applications/start/{application.process_id}").status_code == 403
    assert post(client, f"/en/applications/{application.id}/withdraw").status_code == 403


def test_the_pages_exist_in_french(client, db, submitted):
    application = submitted()
    login(client, application.user.email, lang="fr")
    assert "title FR" in html_of(client.get("/fr/applications"))
    detail = html_of(client.get(f"/fr/applications/{application.id}"))
    assert "title FR" in detail and "Pourquoi nous?" in detail


def test_the_candidate_dashboard_and_menu_link_to_my_applications(client, candidate):
    html = html_of(client.get("/en/dashboard"))
    assert html.count('href="/en/applications"') == 2  # the menu and the dashboard
    assert 'href="/en/jobs"' in html


def test_every_submission_problem_code_leads_to_a_page(app):
    from types import SimpleNamespace

    from flask import g

    from jobs.apply.views import PROBLEM_PAGES, problem_url
    from jobs.services import applications
    from talent.profiles import completeness

    assert set(PROBLEM_PAGES) == applications.PROBLEM_CODES
    application = SimpleNamespace(id=7)
    items = [code for code, _label, _page in completeness.CHECKS]
    with app.test_request_context("/en/"):
        g.lang_code = "en"
        for code in sorted(applications.PROBLEM_CODES):
            for args in [{"item": item} for item in items] if code == "profile_incomplete" else [{}]:
                assert problem_url(applications.Problem("text", code, args), application).startswith("/en/")


def test_an_unknown_problem_code_fails(app, monkeypatch):
    from types import SimpleNamespace

    from jobs.apply.views import problem_url
    from jobs.services import applications

    with pytest.raises(ValueError, match="unknown submission problem code 'surprise'"):
        applications.Problem("text", "surprise")
    # A code added to the service but not to the view's map has no page: an error, never a broken link.
    monkeypatch.setattr(applications, "PROBLEM_CODES", applications.PROBLEM_CODES | {"surprise"})
    with app.test_request_context("/en/"), pytest.raises(KeyError, match="surprise"):
        problem_url(applications.Problem("text", "surprise"), SimpleNamespace(id=7))
