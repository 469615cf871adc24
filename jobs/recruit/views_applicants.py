"""Applicants: a process's submitted applications (never drafts), one application's page (the frozen
snapshot, the assessment grid, the suggested decision, the history) and the decisions taken on it.

Every rendering of an application page is audited as a view of the candidate's profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union
from sqlalchemy.orm import selectinload

from jobs.models import Application, ApplicationEvent, AssessmentResult, AssessmentStep, ProcessSkill
from jobs.recruit._common import PAGE_SIZE, application_or_404, bp, process_or_404, staff_only
from jobs.recruit.forms import (
    ApplicantFilterForm,
    ConfirmForm,
    DisqualifyForm,
    PauseForm,
    PlaceForm,
    QualifyForm,
    RemoveForm,
    ResultForm,
)
from jobs.services import JobsError, assessment, decisions, recruiting
from talent import audit
from talent.extensions import db
from talent.forms_util import as_id, attach_error, choices, page_arg
from talent.i18n import current_language
from talent.models import Classification, Department, User
from talent.security import current_account


@bp.route("/processes/<id:process_id>/applicants")
@staff_only
def applicants(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = ApplicantFilterForm(request.args)
    status, name = (form.status.data or None, form.q.data) if form.validate() else (None, None)
    stmt = recruiting.applicants(process, status, name).options(
        selectinload(Application.results), selectinload(Application.user)
    )
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    rows = [(a, recruiting.applicant_status(a), assessment.roll_up(a)) for a in pagination.items]
    return render_template(
        "jobs/recruit/applicants.html", process=process, form=form, pagination=pagination, rows=rows
    )


# --- One application ----------------------------------------------------------------------------------------

DECISION_FORMS: dict[str, type[Any]] = {
    "qualify": QualifyForm,
    "disqualify": DisqualifyForm,
    "place": PlaceForm,
    "revert_decision": ConfirmForm,
    "revert_placement": ConfirmForm,
    "remove": RemoveForm,
    "reinstate": ConfirmForm,
    "pause": PauseForm,
    "unpause": ConfirmForm,
}

DONE = {
    "qualify": _l("The candidate was qualified and is now in the pool."),
    "disqualify": _l("The candidate was disqualified."),
    "place": _l("The placement was recorded."),
    "revert_decision": _l("The decision was reverted."),
    "revert_placement": _l("The placement was reverted."),
    "remove": _l("The candidate was removed from the process."),
    "reinstate": _l("The candidate was reinstated."),
    "pause": _l("The candidate is paused: they will not be referred for now."),
    "unpause": _l("The pause was lifted."),
}


def _department_choices(form: PlaceForm) -> None:
    lang = current_language()
    rows = db.session.scalars(
        select(Department).order_by(Department.name_fr if lang == "fr" else Department.name_en)
    )
    form.department_id.choices = choices(("", _("Choose one")), *[(str(d.id), d.name(lang)) for d in rows])


def _decision_form(action: str, formdata: Any = None) -> Any:
    form = DECISION_FORMS[action](formdata=formdata, prefix=action)
    if isinstance(form, PlaceForm):
        _department_choices(form)
    return form


def _grid(application: Application) -> list[dict[str, Any]]:
    """Per step, the cells to assess (each essential skill it assesses; the education requirement at
    screening) with the recorded result, if any."""
    process = application.process
    by_id = {ps.id: ps for ps in process.skills}
    recorded = {(r.step_id, r.process_skill_id): r for r in application.results}
    steps = []
    for step in process.steps:
        cells: list[tuple[str, ProcessSkill | None]] = [
            (str(i), by_id[i]) for i in step.skill_ids if i in by_id
        ]
        if step.kind == "application_screening":
            cells.append(("education", None))
        steps.append(
            {
                "step": step,
                "cells": [
                    {
                        "key": key,
                        "skill": skill,
                        "result": recorded.get((step.id, skill.id if skill else None)),
                    }
                    for key, skill in cells
                ],
            }
        )
    return steps


def _snapshot_references(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Names for the ids and skill keys a snapshot holds, in the page's language."""
    lang = current_language()
    profile = snapshot.get("profile") or {}
    classification = department = None
    if isinstance(profile.get("classification_id"), int):
        found = db.session.get(Classification, profile["classification_id"])
        classification = found.code if found else None
    if isinstance(profile.get("department_id"), int):
        found_department = db.session.get(Department, profile["department_id"])
        department = found_department.name(lang) if found_department else None
    skill_names: dict[str, str] = {}
    for row in snapshot.get("skills") or []:
        name = (row.get("skill_name_fr") if lang == "fr" else None) or row.get("skill_name_en") or ""
        skill_names[str(row.get("skill_key"))] = name
    return {"classification": classification, "department": department, "skill_names": skill_names}


def render_application(
    application: Application,
    posted: dict[str, Any] | None = None,
    error: str | None = None,
    result_error: dict[str, Any] | None = None,
) -> ResponseReturnValue:
    """The application page (422 with ``error``); each rendering is recorded as a view of the profile."""
    viewer = current_account()
    audit.record(
        "profile.viewed",
        actor=viewer,
        target_type="profile",
        target_id=application.user_id,
        application=application.id,
    )
    db.session.commit()
    posted = posted or {}
    actions = recruiting.decision_actions(application)
    snapshot = application.snapshot or {}
    account = snapshot.get("account") or {}
    name = f"{account.get('first_name') or ''} {account.get('last_name') or ''}".strip()
    # Who acted on the application (its history and assessment), sub-selected rather than listed.
    actors = union(
        select(ApplicationEvent.actor_id).where(ApplicationEvent.application_id == application.id),
        select(AssessmentResult.assessed_by_id).where(AssessmentResult.application_id == application.id),
    )
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actors)))}
    page = render_template(
        "jobs/recruit/application.html",
        application=application,
        process=application.process,
        snapshot=snapshot,
        candidate_name=name or application.user.display_name,
        refs=_snapshot_references(snapshot),
        status=recruiting.applicant_status(application),
        roll_up=assessment.roll_up(application),
        grid=_grid(application),
        actions=actions,
        forms={action: posted.get(action) or _decision_form(action) for action in actions},
        people=people,
        error=error,
        result_error=result_error,
        result_form=ConfirmForm(formdata=None),
    )
    return page, 422 if error or result_error else 200


@bp.route("/applications/<id:application_id>")
@staff_only
def application(application_id: int) -> ResponseReturnValue:
    return render_application(application_or_404(application_id))


@bp.route("/applications/<id:application_id>/results", methods=["POST"])
@staff_only
def record_result(application_id: int) -> ResponseReturnValue:
    application = application_or_404(application_id)
    form = ResultForm()
    if not form.validate_on_submit():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return render_application(application, error=" ".join(messages))
    step_id = as_id(form.step.data)
    step = db.session.get(AssessmentStep, step_id) if step_id else None
    cell = (form.cell.data or "").strip()
    skill_id = None if cell == "education" else as_id(cell)
    skill = db.session.get(ProcessSkill, skill_id) if skill_id else None
    if step is None or (cell != "education" and skill is None):
        abort(404)
    try:
        assessment.record_result(
            current_account(), application, step, skill, form.result.data or "", form.justification.data
        )
    except JobsError as exc:
        db.session.rollback()
        return render_application(
            application,
            error=exc.message,
            result_error={
                "step": step_id,
                "cell": cell,
                "message": exc.message,
                "result": form.result.data,
                "justification": form.justification.data,
            },
        )
    db.session.commit()
    flash(_("The result was recorded."), "success")
    return redirect(
        url_for("jobs_recruit.application", application_id=application.id, _anchor=f"step-{step_id}")
    )


def _department(form: PlaceForm) -> int | None:
    return as_id(form.department_id.data)


PERFORM: dict[str, Callable[[User, Application, Any], None]] = {
    "qualify": lambda actor, a, f: decisions.qualify(actor, a, f.expiry_date.data),
    "disqualify": lambda actor, a, f: decisions.disqualify(actor, a, f.reason.data),
    "place": lambda actor, a, f: decisions.place(actor, a, f.placement.data or "", _department(f)),
    "revert_decision": lambda actor, a, f: decisions.revert_decision(actor, a),
    "revert_placement": lambda actor, a, f: decisions.revert_placement(actor, a),
    "remove": lambda actor, a, f: decisions.remove(actor, a, f.reason.data or "", f.details.data),
    "reinstate": lambda actor, a, f: decisions.reinstate(actor, a),
    "pause": lambda actor, a, f: decisions.set_paused(actor, a, True, f.reason.data),
    "unpause": lambda actor, a, f: decisions.set_paused(actor, a, False),
}


@bp.route("/applications/<id:application_id>/decisions/<action>", methods=["POST"])
@staff_only
def decide(application_id: int, action: str) -> ResponseReturnValue:
    """One decision. Offered only when it applies, but a forged request is refused by the service."""
    application = application_or_404(application_id)
    if action not in PERFORM:
        abort(404)
    form = _decision_form(action, request.form)
    if form.validate_on_submit():
        try:
            PERFORM[action](current_account(), application, form)
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
            return render_application(application, posted={action: form}, error=exc.message)
        db.session.commit()
        flash(str(DONE[action]), "success")
        return redirect(url_for("jobs_recruit.application", application_id=application.id))
    message = " ".join(str(m) for errors in form.errors.values() for m in errors)
    return render_application(application, posted={action: form}, error=message)
