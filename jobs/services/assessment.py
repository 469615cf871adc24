"""The assessment plan (steps and the essential skills each one assesses), results per step per skill,
and the roll-up rule that suggests a decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from jobs import vocab
from jobs.models import Application, AssessmentResult, AssessmentStep, Process, ProcessSkill
from jobs.services import JobsError
from jobs.services.processes import editable, status
from talent import audit
from talent.extensions import db
from talent.models import User
from talent.models._types import utcnow

JUSTIFICATION_MAX = 2000


def add_step(
    process: Process, kind: str, title_en: str | None, title_fr: str | None, skill_ids: Iterable[int | str]
) -> AssessmentStep:
    editable(process)
    if kind not in vocab.STEP_KINDS:
        raise JobsError(_l("Choose an option from the list."), "kind")
    step = AssessmentStep(
        kind=kind,
        position=1 + max((s.position for s in process.steps), default=0),
        title_en=(title_en or "").strip() or None,
        title_fr=(title_fr or "").strip() or None,
    )
    process.steps.append(step)
    _set_skills(process, step, skill_ids)
    return step


def set_step_skills(process: Process, step: AssessmentStep, skill_ids: Iterable[int | str]) -> None:
    """Which essential skills the step assesses. Behavioural skills are not judged at screening."""
    editable(process)
    _set_skills(process, step, skill_ids)


def _set_skills(process: Process, step: AssessmentStep, skill_ids: Iterable[int | str]) -> None:
    essentials = {ps.id: ps for ps in process.skills if ps.kind == "essential"}
    chosen: list[int] = []
    for raw in skill_ids:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise JobsError(_l("Choose essential skills of this process."), "skill_ids") from None
        if value not in essentials:
            raise JobsError(_l("Choose essential skills of this process."), "skill_ids")
        if step.kind == "application_screening" and essentials[value].skill.category == "behavioural":
            raise JobsError(
                _l("Behavioural skills are not assessed at the application screening step."), "skill_ids"
            )
        chosen.append(value)
    if not chosen and status(process) != "draft":
        # A step that assesses nothing can never be passed: every candidate would wait at it forever.
        raise JobsError(_l("Choose at least one skill this step assesses."), "skill_ids")
    step.skill_ids = sorted(set(chosen))
    db.session.flush()


def remove_step(process: Process, step: AssessmentStep) -> None:
    editable(process)
    if any(result.step_id == step.id for app in _applications(process) for result in app.results):
        raise JobsError(_l("Results were recorded at this step: it cannot be removed."))
    process.steps.remove(step)
    db.session.flush()


def _applications(process: Process) -> list[Application]:
    from sqlalchemy import select

    return list(db.session.scalars(select(Application).where(Application.process_id == process.id)))


def record_result(
    user: User,
    application: Application,
    step: AssessmentStep,
    process_skill: ProcessSkill | None,
    result: str,
    justification: str | None,
) -> AssessmentResult:
    """Record (or change) one cell of the assessment grid; ``process_skill`` None is the education
    requirement, judged at the screening step."""
    if application.submitted_at is None:
        raise JobsError(_l("A draft cannot be assessed."))
    if step.process_id != application.process_id:
        raise JobsError(_l("This step belongs to another process."))
    if process_skill is None:
        if step.kind != "application_screening":
            raise JobsError(_l("The education requirement is assessed at the application screening step."))
    elif process_skill.id not in step.skill_ids:
        raise JobsError(_l("This skill is not assessed at this step."))
    if result not in vocab.RESULTS:
        raise JobsError(_l("Choose successful, unsuccessful or on hold."), "result")
    text = (justification or "").strip() or None
    if text and len(text) > JUSTIFICATION_MAX:
        raise JobsError(_l("Use at most %(n)d characters.", n=JUSTIFICATION_MAX), "justification")
    if result == "unsuccessful" and not text:
        raise JobsError(_l("Explain why the result is unsuccessful."), "justification")
    skill_id = process_skill.id if process_skill else None
    row = next(
        (r for r in application.results if r.step_id == step.id and r.process_skill_id == skill_id), None
    )
    if row is None:
        row = AssessmentResult(step=step, process_skill_id=skill_id)
        application.results.append(row)
    row.result, row.justification = result, text
    row.assessed_by_id, row.assessed_at = user.id, utcnow()
    db.session.flush()
    audit.record(
        "assessment.recorded",
        actor=user,
        target_type="application",
        target_id=application.id,
        step=step.id,
        skill=skill_id,
        result=result,
    )
    return row


@dataclass(frozen=True)
class RollUp:
    """The suggested decision: ``disqualified``, ``qualified`` or ``to_assess``, with each step's state."""

    outcome: str
    steps: tuple[tuple[AssessmentStep, str], ...]  # (step, decided outcome or "pending")


def _cells(step: AssessmentStep) -> list[int | None]:
    cells: list[int | None] = list(step.skill_ids)
    if step.kind == "application_screening":
        cells.append(None)  # the education requirement
    return cells


def roll_up(application: Application) -> RollUp:
    """Any unsuccessful essential skill or education result disqualifies; every step decided, with the
    last one not on hold, qualifies; otherwise there is still something to assess."""
    process = application.process
    by_cell: dict[tuple[int, int | None], str] = {
        (r.step_id, r.process_skill_id): r.result for r in application.results
    }
    step_states: list[tuple[AssessmentStep, str]] = []
    disqualified = any(r.result == "unsuccessful" for r in application.results)
    for step in process.steps:
        results = [by_cell.get((step.id, cell)) for cell in _cells(step)]
        if not results or any(r is None for r in results):
            step_states.append((step, "pending"))
        elif "unsuccessful" in results:
            step_states.append((step, "unsuccessful"))
        elif "hold" in results:
            step_states.append((step, "hold"))
        else:
            step_states.append((step, "successful"))
    if disqualified:
        outcome = "disqualified"
    elif step_states and all(state != "pending" for _, state in step_states) and step_states[-1][1] != "hold":
        outcome = "qualified"
    else:
        outcome = "to_assess"
    return RollUp(outcome, tuple(step_states))
