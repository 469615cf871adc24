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


# --- The roll-up rule on unsaved objects: every step state and outcome, both sides -------------------------

PYTHON, SQL = 10, 11


def _plan(*steps, results=()):
    """An application whose process has ``steps`` ((id, kind, skill ids), in order) and ``results``
    ((step id, process skill id or None for education, result))."""
    from jobs.models import Application, AssessmentResult, AssessmentStep, Process

    process = Process(
        steps=[
            AssessmentStep(id=step_id, kind=kind, position=position, skill_ids=list(skills))
            for position, (step_id, kind, skills) in enumerate(steps, 1)
        ]
    )
    return Application(
        process=process,
        results=[AssessmentResult(step_id=s, process_skill_id=c, result=r) for s, c, r in results],
    )


SCREENING = (1, "application_screening", (PYTHON,))
INTERVIEW = (2, "interview", (PYTHON, SQL))
ALL_GOOD = (
    (1, PYTHON, "successful"),
    (1, None, "successful"),
    (2, PYTHON, "successful"),
    (2, SQL, "successful"),
)


def _states(application):
    rolled = assessment.roll_up(application)
    return rolled.outcome, [state for _step, state in rolled.steps]


def test_every_cell_successful_qualifies():
    assert _states(_plan(SCREENING, INTERVIEW, results=ALL_GOOD)) == (
        "qualified",
        ["successful", "successful"],
    )


def test_one_cell_short_is_still_to_assess():
    for missing in range(len(ALL_GOOD)):
        results = ALL_GOOD[:missing] + ALL_GOOD[missing + 1 :]
        outcome, states = _states(_plan(SCREENING, INTERVIEW, results=results))
        assert outcome == "to_assess"
        assert states.count("pending") == 1


def test_screening_also_judges_education_other_steps_do_not():
    application = _plan(SCREENING, results=((1, PYTHON, "successful"),))
    assert _states(application) == ("to_assess", ["pending"])  # the education cell is still empty
    exam = (3, "exam", (PYTHON,))
    assert _states(_plan(exam, results=((3, PYTHON, "successful"),))) == ("qualified", ["successful"])
    assert _states(_plan(exam, results=((3, None, "successful"),))) == ("to_assess", ["pending"])


def test_a_step_assessing_nothing_stays_pending():
    empty = (4, "reference_check", ())
    assert _states(_plan(empty)) == ("to_assess", ["pending"])
    assert _states(_plan((5, "application_screening", ()), results=((5, None, "successful"),))) == (
        "qualified",
        ["successful"],
    )


def test_no_steps_is_nothing_to_decide():
    assert _states(_plan()) == ("to_assess", [])


@pytest.mark.parametrize(
    ("last", "outcome", "state"),
    [
        ("successful", "qualified", "successful"),
        ("hold", "to_assess", "hold"),
        ("unsuccessful", "disqualified", "unsuccessful"),
    ],
)
def test_the_last_cell_decides(last, outcome, state):
    results = (*ALL_GOOD[:3], (2, SQL, last))
    assert _states(_plan(SCREENING, INTERVIEW, results=results)) == (outcome, ["successful", state])


def test_hold_before_the_last_step_does_not_block_but_shows():
    results = ((1, PYTHON, "hold"), *ALL_GOOD[1:])
    assert _states(_plan(SCREENING, INTERVIEW, results=results)) == ("qualified", ["hold", "successful"])


def test_unsuccessful_beats_hold_in_a_step_and_disqualifies_even_with_cells_pending():
    results = ((2, PYTHON, "hold"), (2, SQL, "unsuccessful"))
    assert _states(_plan(SCREENING, INTERVIEW, results=results)) == (
        "disqualified",
        ["pending", "unsuccessful"],
    )
    education = ((1, None, "unsuccessful"),)
    assert _states(_plan(SCREENING, INTERVIEW, results=education)) == ("disqualified", ["pending", "pending"])


def test_an_unsuccessful_result_of_a_step_no_longer_planned_still_disqualifies():
    results = (*ALL_GOOD, (9, PYTHON, "unsuccessful"))
    assert _states(_plan(SCREENING, INTERVIEW, results=results)) == (
        "disqualified",
        ["successful", "successful"],
    )


def test_steps_are_reported_with_their_step():
    application = _plan(SCREENING, INTERVIEW, results=ALL_GOOD)
    assert [step.id for step, _ in assessment.roll_up(application).steps] == [1, 2]
