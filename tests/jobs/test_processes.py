"""Processes: the derived status and every rule of publication and of the lifecycle actions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobs.services import JobsError, processes
from talent.models._types import utcnow


def test_status_is_derived_to_the_second(make_process):
    process = make_process()
    now = utcnow()
    process.closing_at = now + timedelta(seconds=1)
    assert processes.status(process, now) == "published"
    assert processes.status(process, now + timedelta(seconds=1)) == "closed"
    draft = make_process(publish=False)
    assert processes.status(draft) == "draft"
    process.archived_at = now
    assert processes.status(process, now) == "archived"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title_fr": None}, "both English and French"),
        ({"special_note_fr": None}, "both English and French"),
        ({"classification_id": None}, "Choose a classification"),
        ({"contact_email": None}, "contact e-mail"),
        ({"closing_at": "past"}, "closing date after today"),
        ({"closing_at": "today"}, "closing date after today"),
        ({"location_en": None, "location_fr": None}, "location"),
    ],
)
def test_publication_refuses_an_incomplete_process(db, make_process, change, message):
    process = make_process(publish=False)
    for key, value in change.items():
        if value == "past":
            value = utcnow() - timedelta(days=1)
        elif value == "today":
            value = utcnow() + timedelta(minutes=1) if utcnow().hour < 23 else utcnow()
        setattr(process, key, value)
    with pytest.raises(JobsError, match=message):
        processes.publish(process.created_by, process)
    assert process.published_at is None


def test_publication_needs_an_essential_skill_with_levels_and_no_retired_skill(db, make_process, library):
    process = make_process(publish=False)
    for ps in list(process.skills):
        if ps.kind == "essential":
            process.skills.remove(ps)
    db.session.flush()
    with pytest.raises(JobsError, match="essential skill"):
        processes.publish(process.created_by, process)
    process = make_process(publish=False)
    process.skills[0].level = None
    with pytest.raises(JobsError, match="level"):
        processes.publish(process.created_by, process)
    process = make_process(publish=False)
    library["python"].retired_at = utcnow()
    with pytest.raises(JobsError, match="retired"):
        processes.publish(process.created_by, process)


def test_remote_needs_no_location(db, make_process):
    process = make_process(publish=False, is_remote=True, location_en=None, location_fr=None)
    processes.publish(process.created_by, process)
    assert processes.status(process) == "published"


def test_only_drafts_are_published_or_deleted(db, make_process):
    process = make_process()
    with pytest.raises(JobsError, match="Only a draft can be published"):
        processes.publish(process.created_by, process)
    with pytest.raises(JobsError, match="Only a draft can be deleted"):
        processes.delete(process.created_by, process)
    draft = make_process(publish=False)
    processes.delete(draft.created_by, draft)
    assert db.session.get(type(draft), draft.id) is None


def test_close_early_needs_a_reason_and_an_open_process(db, make_process):
    process = make_process()
    with pytest.raises(JobsError, match="reason"):
        processes.close_early(process.created_by, process, "  ")
    processes.close_early(process.created_by, process, "Enough applicants")
    assert processes.status(process) == "closed"
    with pytest.raises(JobsError):
        processes.close_early(process.created_by, process, "again")


def test_extend_must_be_in_the_future(db, make_process):
    process = make_process()
    with pytest.raises(JobsError, match="future"):
        processes.extend(process.created_by, process, utcnow() - timedelta(hours=1))
    processes.close_early(process.created_by, process, "pause")
    processes.extend(process.created_by, process, utcnow() + timedelta(days=3))
    assert processes.status(process) == "published" and process.closed_early_reason is None


def test_archive_only_closed_and_unarchive_back_to_closed(db, make_process):
    process = make_process()
    with pytest.raises(JobsError, match="closed"):
        processes.archive(process.created_by, process)
    processes.close_early(process.created_by, process, "done")
    processes.archive(process.created_by, process)
    assert processes.status(process) == "archived"
    with pytest.raises(JobsError, match="archived"):
        processes.update_details(process.created_by, process, {})
    processes.unarchive(process.created_by, process)
    assert processes.status(process) == "closed"
    with pytest.raises(JobsError):
        processes.unarchive(process.created_by, process)


def test_duplicate_makes_a_draft_with_the_same_content(db, make_process):
    process = make_process()
    copy = processes.duplicate(process.created_by, process)
    assert processes.status(copy) == "draft" and copy.closing_at is None
    assert (copy.title_en, copy.title_fr) == (f"Copy of {process.title_en}", f"Copie de {process.title_fr}")
    assert sorted((ps.skill_id, ps.kind, ps.level) for ps in copy.skills) == sorted(
        (ps.skill_id, ps.kind, ps.level) for ps in process.skills
    )
    assert [q.text_en for q in copy.questions] == [q.text_en for q in process.questions]
    assert [len(s.skill_ids) for s in copy.steps] == [len(s.skill_ids) for s in process.steps]
    assert set(copy.steps[0].skill_ids) <= {ps.id for ps in copy.skills}


def test_only_the_process_recruiters_and_admins_run_it(db, make_process, make_user):
    process = make_process()
    other = make_user("recruiter")
    admin = make_user("admin")
    assert processes.runs(process.created_by, process)
    assert not processes.runs(other, process) and processes.runs(admin, process)
    processes.add_recruiter(process.created_by, process, other)
    assert processes.runs(other, process)
    with pytest.raises(JobsError):
        processes.add_recruiter(process.created_by, process, make_user("candidate"))


def test_questions_are_bilingual_and_ordered(db, make_process):
    process = make_process(publish=False, questions=False)
    with pytest.raises(JobsError, match="English and in French"):
        processes.add_question(process, "general", "Only English", "")
    first = processes.add_question(process, "general", "One?", "Un?")
    second = processes.add_question(process, "general", "Two?", "Deux?")
    processes.move_question(process, second, -1)
    assert [q.text_en for q in sorted(process.questions, key=lambda q: q.position)] == ["Two?", "One?"]
    assert first.position == 2


def test_a_long_title_stays_within_its_limit_when_copied(db, make_process):
    process = make_process(title_en="x" * 255)
    copy = processes.duplicate(process.created_by, process)
    assert copy.title_en == ("Copy of " + "x" * 255)[:255] and len(copy.title_en) == 255


def test_each_publication_problem_names_the_field_that_fixes_it(db, make_process):
    from jobs.models import AssessmentStep

    process = make_process(publish=False, title_fr=None, contact_email=None)
    process.steps.append(AssessmentStep(kind="interview", position=9, title_en="Talk", skill_ids=[]))
    db.session.flush()
    found = {(p.page, p.field) for p in processes.publication_problems(process)}
    assert ("details", "title_fr") in found and ("details", "contact_email") in found
    [step_problem] = [p for p in processes.publication_problems(process) if p.page == "step"]
    assert str(step_problem) == "The assessment step “Talk” assesses no skill."
    assert step_problem.step_id == process.steps[-1].id and step_problem.field == "skill_ids"
    with pytest.raises(JobsError, match="assesses no skill"):
        processes.publish(process.created_by, process)


def test_a_step_must_assess_a_skill_once_published_but_a_draft_may_be_unfinished(db, make_process):
    from jobs.services import assessment

    draft = make_process(publish=False)
    step = draft.steps[0]
    # A draft being built may have a step without skills: publishing says what is missing.
    assessment.set_step_skills(draft, step, [])
    assert step.skill_ids == []
    published = make_process()
    step = published.steps[0]
    kept = list(step.skill_ids)
    with pytest.raises(JobsError, match="at least one skill") as caught:
        assessment.set_step_skills(published, step, [])
    assert caught.value.field == "skill_ids" and step.skill_ids == kept
    assessment.set_step_skills(published, step, kept[:1])  # one skill is enough
    assert step.skill_ids == kept[:1]


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        ("draft", {"publish", "delete"}),
        ("published", {"extend", "close"}),
        ("closed", {"extend", "archive"}),
        ("archived", {"unarchive"}),
    ],
)
def test_a_process_offers_only_the_actions_its_status_allows(db, client, make_process, state, offered):
    from tests.conftest import login

    process = make_process(publish=state != "draft")
    if state in ("closed", "archived"):
        process.closing_at = utcnow() - timedelta(seconds=1)
    if state == "archived":
        process.archived_at = utcnow()
    db.session.commit()
    assert processes.status(process) == state
    assert {a for a in processes.ACTIONS if processes.allowed(process, a)} == offered
    login(client, process.created_by.email)
    html = client.get(f"/en/recruit/processes/{process.id}").get_data(as_text=True)
    for action in ("publish", "delete", "close", "extend", "archive"):
        link = f"/en/recruit/processes/{process.id}/{action}"
        assert (f'href="{link}"' in html) is (action in offered), action
        # The confirmation page of an action not allowed is not offered either: 409, with the reason.
        answer = client.get(link)
        assert answer.status_code == (200 if action in offered else 409), action
        if action not in offered:
            assert "Archive the process" not in answer.get_data(as_text=True)


def test_a_skills_used_by_counts_processes_and_talent_requests_too(
    db, client, make_process, make_user, library
):
    from jobs.models import RequestSkill, TalentRequest
    from talent.skills import usage
    from tests.conftest import login

    python = library["python"]
    assert {name: n for name, n, _words in usage.usage(python.id)}["processes"] == 0
    make_process()
    make_process()
    manager = make_user("manager")
    talent_request = TalentRequest(requester_id=manager.id, job_title="Dev", search={})
    talent_request.skills.append(RequestSkill(skill_id=python.id, kind="required", level=2))
    db.session.add(talent_request)
    db.session.commit()
    counts = {name: n for name, n, _words in usage.usage(python.id)}
    assert counts["processes"] == 2 and counts["requests"] == 1
    login(client, make_user("admin").email)
    html = client.get(f"/en/admin/skills/{python.id}").get_data(as_text=True)
    assert "2 processes" in html and "1 talent request" in html
    assert "1 demande de talents" in client.get(f"/fr/admin/skills/{python.id}").get_data(as_text=True)
