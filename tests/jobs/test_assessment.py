"""Assessment results per step per essential skill, and the roll-up rule."""

from __future__ import annotations

import pytest

from jobs.services import JobsError, applications, assessment


def _cells(application):
    process = application.process
    screening, interview = process.steps
    python = next(ps for ps in process.skills if ps.skill.key == "t:python")
    teamwork = next(ps for ps in process.skills if ps.skill.key == "t:teamwork")
    return screening, interview, python, teamwork


def test_roll_up_qualifies_when_every_step_is_decided(db, submitted):
    application = submitted()
    actor = application.process.created_by
    screening, interview, python, teamwork = _cells(application)
    assert assessment.roll_up(application).outcome == "to_assess"
    assessment.record_result(actor, application, screening, python, "successful", None)
    assessment.record_result(actor, application, screening, None, "successful", None)  # education
    assert applications.candidate_status(application) == "reviewed"
    assessment.record_result(actor, application, interview, python, "successful", None)
    assert applications.candidate_status(application) == "under_assessment"
    assessment.record_result(actor, application, interview, teamwork, "hold", None)
    assert assessment.roll_up(application).outcome == "to_assess"  # the last step is on hold
    assessment.record_result(actor, application, interview, teamwork, "successful", None)
    assert assessment.roll_up(application).outcome == "qualified"


def test_hold_on_an_earlier_step_does_not_block(db, submitted):
    application = submitted()
    actor = application.process.created_by
    screening, interview, python, teamwork = _cells(application)
    assessment.record_result(actor, application, screening, python, "hold", None)
    assessment.record_result(actor, application, screening, None, "successful", None)
    assessment.record_result(actor, application, interview, python, "successful", None)
    assessment.record_result(actor, application, interview, teamwork, "successful", None)
    assert assessment.roll_up(application).outcome == "qualified"


@pytest.mark.parametrize("cell", ["skill", "education"])
def test_any_unsuccessful_essential_or_education_disqualifies(db, submitted, cell):
    application = submitted()
    actor = application.process.created_by
    screening, _interview, python, _teamwork = _cells(application)
    assessment.record_result(
        actor,
        application,
        screening,
        python if cell == "skill" else None,
        "unsuccessful",
        "Not demonstrated.",
    )
    assert assessment.roll_up(application).outcome == "disqualified"


def test_result_rules(db, submitted, make_process, make_candidate):
    application = submitted()
    actor = application.process.created_by
    screening, interview, python, teamwork = _cells(application)
    with pytest.raises(JobsError, match="Explain"):
        assessment.record_result(actor, application, screening, python, "unsuccessful", "")
    with pytest.raises(JobsError, match="not assessed at this step"):
        assessment.record_result(actor, application, screening, teamwork, "successful", None)
    with pytest.raises(JobsError, match="education"):
        assessment.record_result(actor, application, interview, None, "successful", None)
    with pytest.raises(JobsError, match="successful, unsuccessful or on hold"):
        assessment.record_result(actor, application, screening, python, "maybe", None)
    draft = applications.start(make_candidate(), make_process())
    with pytest.raises(JobsError, match="draft"):
        assessment.record_result(actor, draft, draft.process.steps[0], None, "successful", None)


def test_behavioural_skills_are_not_judged_at_screening(db, make_process):
    process = make_process(publish=False)
    screening = process.steps[0]
    teamwork = next(ps for ps in process.skills if ps.skill.key == "t:teamwork")
    with pytest.raises(JobsError, match="Behavioural"):
        assessment.set_step_skills(process, screening, [teamwork.id])
    asset = next(ps for ps in process.skills if ps.kind == "asset")
    with pytest.raises(JobsError, match="essential"):
        assessment.set_step_skills(process, process.steps[1], [asset.id])


def test_changing_a_result_keeps_one_cell(db, submitted):
    application = submitted()
    actor = application.process.created_by
    screening, _interview, python, _teamwork = _cells(application)
    assessment.record_result(actor, application, screening, python, "hold", None)
    assessment.record_result(actor, application, screening, python, "successful", None)
    assert len(application.results) == 1 and application.results[0].result == "successful"
