"""Applying: one draft per process, every submission rule, the frozen snapshot, plain statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.models import ApplicationEvent
from jobs.services import JobsError, applications, processes
from talent.models import OutboxMessage
from talent.models._types import utcnow
from talent.profiles import services as profile_services


def test_starting_twice_gives_the_same_draft(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    first = applications.start(candidate, process)
    assert applications.start(candidate, process).id == first.id
    assert applications.candidate_status(first) == "draft"


@pytest.mark.parametrize("state", ["draft", "closed", "archived"])
def test_only_open_published_processes_accept_applications(db, make_process, make_candidate, state):
    process = make_process(publish=state != "draft")
    if state in ("closed", "archived"):
        processes.close_early(process.created_by, process, "closed")
    if state == "archived":
        processes.archive(process.created_by, process)
    with pytest.raises(JobsError, match="not open"):
        applications.start(make_candidate(), process)


def _messages(application, signature="Signed"):
    return [str(p.message) for p in applications.submission_problems(application, signature)]


def test_a_complete_application_submits_and_freezes_a_snapshot(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    application = applications.start(candidate, process)
    applications.save_answers(application, {q.id: "Answer" for q in process.questions})
    assert _messages(application) == []
    applications.submit(application, "Cam Dee")
    assert application.submitted_at is not None and application.signature == "Cam Dee"
    assert application.snapshot["profile"]["current_city"] == "Ottawa"
    assert "equity_declaration" not in application.snapshot
    profile = profile_services.get_profile(candidate)
    profile.current_city = "Halifax"
    db.session.flush()
    assert application.snapshot["profile"]["current_city"] == "Ottawa"  # later edits change nothing
    assert applications.candidate_status(application) == "received"
    events = db.session.scalars(
        select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
    )
    assert [(e.action, e.status_before, e.status_after) for e in events] == [
        ("started", "none", "draft"),
        ("submitted", "draft", "submitted"),
    ]
    mail = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.recipient == candidate.email, OutboxMessage.kind == "application.submitted"
        )
    ).one()
    assert mail.subject == "We received your application"


def test_every_unmet_rule_is_named(db, make_process, make_user):
    process = make_process(language="bilingual_intermediate")
    candidate = make_user("candidate")
    application = applications.start(candidate, process)
    messages = " ".join(_messages(application, signature=""))
    assert "Your profile needs" in messages
    assert "Link the essential skill “Python”" in messages
    assert "Teamwork" not in messages  # behavioural skills need no experience link
    assert "bilingual" in messages
    assert "Answer every question" in messages
    assert "Sign your application" in messages
    with pytest.raises(JobsError):
        applications.submit(application, "")
    assert application.submitted_at is None and application.snapshot is None


def test_closed_process_refuses_submission(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    application = applications.start(candidate, process)
    applications.save_answers(application, {q.id: "Answer" for q in process.questions})
    process.closing_at = utcnow() - timedelta(seconds=1)
    assert "This job advertisement is closed." in _messages(application)
    assert applications.candidate_status(application) == "expired"


def test_submitting_twice_is_refused(db, submitted):
    application = submitted()
    with pytest.raises(JobsError, match="already submitted"):
        applications.submit(application, "Again")
    with pytest.raises(JobsError, match="already submitted"):
        applications.save_answers(application, {})


def test_drafts_can_be_deleted_submitted_ones_cannot(db, make_process, make_candidate, submitted):
    candidate = make_candidate()
    draft = applications.start(candidate, make_process())
    applications.delete_draft(candidate, draft)
    application = submitted()
    with pytest.raises(JobsError, match="withdraw"):
        applications.delete_draft(application.user, application)


def test_overlong_answers_are_refused(db, make_process, make_candidate):
    process, candidate = make_process(), make_candidate()
    application = applications.start(candidate, process)
    with pytest.raises(JobsError, match="at most"):
        applications.save_answers(application, {process.questions[0].id: "x" * 10_000})


def test_a_forged_id_is_not_yours(db, submitted, make_candidate, make_user):
    application = submitted()
    assert applications.owned(make_candidate(), application.id) is None
    assert applications.owned(application.user, application.id) is application
    other_recruiter = make_user("recruiter")
    assert applications.visible_to_staff(other_recruiter, application.id) is None
    assert applications.visible_to_staff(application.process.created_by, application.id) is application
    assert applications.visible_to_staff(make_user("admin"), application.id) is application


def test_nobody_sees_a_draft_not_even_an_admin(db, make_process, make_candidate, make_user):
    process = make_process()
    draft = applications.start(make_candidate(), process)
    assert applications.visible_to_staff(make_user("admin"), draft.id) is None
    assert applications.visible_to_staff(process.created_by, draft.id) is None


# --- Each submission rule on both sides of its edge ---------------------------------------------------------


@pytest.fixture
def applicant(db, make_user, library):
    """A candidate with a complete profile who demonstrated ``linked`` skills in an experience and lists
    ``listed`` ones without any experience."""
    from datetime import date

    from talent.profiles import experiences, user_skills

    from .conftest import COMPLETE_PROFILE

    def make(linked=("python",), listed=(), locale="en", **profile_fields):
        user = make_user("candidate", locale=locale)
        profile = profile_services.get_profile(user)
        for key, value in {**COMPLETE_PROFILE, **profile_fields}.items():
            setattr(profile, key, value)
        experience = experiences.save_experience(
            user, "work", {"title": "Developer", "organization": "Org", "start_date": date(2019, 1, 1)}
        )
        for key in linked:
            row = user_skills.add_skill(user, library[key].key, 3)
            experiences.link_skill(user, experience, row.id, f"Used {key}.")
        for key in listed:
            user_skills.add_skill(user, library[key].key, 3)
        db.session.flush()
        return user

    return make


def _draft(process, candidate, answers=True):
    application = applications.start(candidate, process)
    if answers:
        applications.save_answers(application, {q.id: "Answer" for q in process.questions})
    return application


def _problems(application, signature="Signed"):
    return [
        (str(p.message), p.code, p.args) for p in applications.submission_problems(application, signature)
    ]


LINK_PYTHON = "Link the essential skill “Python” to at least one of your experiences."


def test_asset_and_behavioural_skills_are_never_demanded(db, make_process, applicant):
    # Python is essential and technical; SQL is an asset; teamwork is essential but behavioural.
    application = _draft(make_process(), applicant(linked=("python",)))
    assert _problems(application) == []


def test_an_essential_technical_skill_must_be_linked_to_an_experience(db, make_process, applicant, library):
    process = make_process()
    listed_only = _draft(process, applicant(linked=("sql",), listed=("python",)))
    assert _problems(listed_only) == [(LINK_PYTHON, "skills_missing", {"skill_id": library["python"].id})]


def test_someone_elses_experience_does_not_count(db, make_process, applicant, library):
    process = make_process()
    applicant(linked=("python",))  # another candidate demonstrates it
    application = _draft(process, applicant(linked=()))
    assert _problems(application) == [(LINK_PYTHON, "skills_missing", {"skill_id": library["python"].id})]


def test_the_skill_is_named_in_the_pages_language(app, db, make_process, applicant):
    from jobs.models import ProcessSkill
    from talent.models import Skill

    process = make_process(publish=False)
    cloud = Skill(key="t:cloud", name_en="Cloud", name_fr="Infonuagique", category="technical")
    db.session.add(cloud)
    db.session.flush()
    process.skills.append(ProcessSkill(skill_id=cloud.id, kind="essential", level=1))
    processes.publish(process.created_by, process)
    # A French-speaking candidate reading an English page reads it all in English, and the other way round:
    # the page's language, not the account's.
    from flask_babel import force_locale

    french_speaker = _draft(process, applicant(locale="fr"))
    with app.test_request_context("/en/applications"), force_locale("en"):
        assert [m for m, _, _ in _problems(french_speaker)] == [
            "Link the essential skill “Cloud” to at least one of your experiences."
        ]
    with app.test_request_context("/fr/applications"), force_locale("fr"):
        [french] = [m for m, _, _ in _problems(french_speaker)]
        assert "Infonuagique" in french and "Cloud" not in french and "Link the" not in french


def test_each_missing_profile_item_is_one_problem(db, make_process, applicant):
    application = _draft(make_process(), applicant(telephone="", work_regions=[]))
    assert _problems(application) == [
        ("Your profile needs: A telephone number.", "profile_incomplete", {"item": "contact"}),
        ("Your profile needs: At least one work region.", "profile_incomplete", {"item": "work_regions"}),
    ]


BILINGUAL = "This position is bilingual: say in your profile that you are interested in bilingual positions."


@pytest.mark.parametrize(
    ("requirement", "bilingual", "refused"),
    [
        ("bilingual_intermediate", False, True),
        ("bilingual_advanced", False, True),
        ("bilingual_intermediate", True, False),
        ("bilingual_advanced", True, False),
        ("english", False, False),
        ("french", False, False),
    ],
)
def test_bilingual_positions_need_a_bilingual_interest(
    db, make_process, applicant, requirement, bilingual, refused
):
    candidate = applicant(looking_for_bilingual=bilingual, looking_for_french=True)
    application = _draft(make_process(language=requirement), candidate)
    assert _problems(application) == ([(BILINGUAL, "bilingual_interest_missing", {})] if refused else [])


def test_unanswered_questions_are_one_problem_and_blank_answers_do_not_count(db, make_process, applicant):
    process = make_process()
    application = _draft(process, applicant(), answers=False)
    expected = [("Answer every question.", "questions_unanswered", {})]
    assert _problems(application) == expected  # two unanswered questions, one problem
    first, second = process.questions
    applications.save_answers(application, {first.id: "Answer", second.id: "   "})
    assert _problems(application) == expected
    applications.save_answers(application, {second.id: "Yes"})
    assert _problems(application) == []
    assert _problems(_draft(make_process(questions=False), applicant(), answers=False)) == []


@pytest.mark.parametrize(("signature", "refused"), [(None, False), ("", True), ("   ", True), ("P", False)])
def test_the_signature_is_checked_only_when_given(db, make_process, applicant, signature, refused):
    application = _draft(make_process(), applicant())
    expected = [("Sign your application by typing your full name.", "signature_missing", {})]
    assert _problems(application, signature) == (expected if refused else [])


def test_open_to_the_last_second(db, make_process, applicant):
    process = make_process()
    application = _draft(process, applicant())
    process.closing_at = utcnow() + timedelta(minutes=1)
    assert _problems(application) == []
    process.closing_at = utcnow() - timedelta(seconds=1)
    assert _problems(application) == [("This job advertisement is closed.", "process_closed", {})]


def test_a_submitted_application_has_that_one_problem_only(db, submitted):
    application = submitted()
    application.process.closing_at = utcnow() - timedelta(days=1)
    assert _problems(application, "") == [
        ("This application was already submitted.", "already_submitted", {})
    ]


def test_submit_refuses_with_every_message_on_the_signature_field(db, make_process, applicant):
    application = _draft(make_process(), applicant(telephone=""), answers=False)
    with pytest.raises(JobsError) as caught:
        applications.submit(application, " ")
    assert caught.value.field == "signature"
    assert caught.value.message == (
        "Your profile needs: A telephone number. Answer every question. "
        "Sign your application by typing your full name."
    )
    assert application.submitted_at is None and application.events[-1].action == "started"


def test_submit_keeps_a_trimmed_signature_and_a_private_snapshot(db, make_process, applicant, monkeypatch):
    from talent.models import EquityDeclaration
    from talent.profiles import privacy

    # What any package exports about the person (their other applications, referrals, match notes, and
    # anything a package adds later) stays out: the snapshot is the profile, by name.
    monkeypatch.setitem(privacy.EXPORTERS, "a_new_section", lambda user: [{"secret": 1}])
    candidate = applicant()
    db.session.add(EquityDeclaration(user_id=candidate.id, is_woman=True))
    process = make_process()
    application = _draft(process, candidate)
    before = utcnow()
    applications.submit(application, "  " + "N" * 300 + " ")
    assert application.signature == "N" * 255
    assert before <= application.submitted_at <= utcnow()
    snapshot = application.snapshot
    assert sorted(snapshot) == sorted([*applications.SNAPSHOT_SECTIONS, "answers"])
    assert (
        "equity_declaration" not in snapshot
        and "referrals" not in snapshot
        and "a_new_section" not in snapshot
    )
    assert snapshot["account"]["email"] == candidate.email
    assert snapshot["answers"] == [
        {"question_id": q.id, "question_en": q.text_en, "question_fr": q.text_fr, "answer": "Answer"}
        for q in process.questions
    ]
    event = application.events[-1]
    assert (event.action, event.status_before, event.status_after, event.actor_id) == (
        "submitted",
        "draft",
        "submitted",
        candidate.id,
    )
    mails = db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.recipient == candidate.email))
    assert list(mails) == ["application.submitted"]
