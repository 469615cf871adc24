"""What a process asks for and how it assesses: essential and asset skills, general and screening
questions, the assessment plan, and the recruiters who run it."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from jobs.models import AssessmentStep, Process, ProcessQuestion, ProcessSkill
from jobs.recruit._common import bp, process_or_404, staff_only
from jobs.recruit.forms import (
    ConfirmForm,
    ProcessSkillForm,
    QuestionForm,
    RecruiterForm,
    SkillSearchForm,
    StepForm,
    StepSkillsForm,
)
from jobs.services import JobsError, assessment, processes, recruiting
from talent.extensions import db
from talent.forms_util import attach_error, choices, status_for
from talent.i18n import current_language
from talent.security import current_account
from talent.vocab import SKILL_LEVELS, label

# --- Skills -------------------------------------------------------------------------------------------------


def _render_skills(process: Process, error: str | None = None) -> ResponseReturnValue:
    from talent.skills.services import search

    search_form = SkillSearchForm(request.args)
    results: list[Any] = []
    query = (search_form.q.data or "").strip() if search_form.validate() else ""
    if query:
        results = list(search(query, current_language(), limit=20))
    page = render_template(
        "jobs/recruit/skills.html",
        process=process,
        status=processes.status(process),
        search_form=search_form,
        query=query,
        results=results,
        chosen={ps.skill_id: ps for ps in process.skills},
        levels=SKILL_LEVELS,
        error=error,
    )
    return page, 422 if error else 200


@bp.route("/processes/<id:process_id>/skills")
@staff_only
def skills(process_id: int) -> ResponseReturnValue:
    return _render_skills(process_or_404(process_id))


@bp.route("/processes/<id:process_id>/skills", methods=["POST"])
@staff_only
def set_skill(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = ProcessSkillForm()
    if not form.validate_on_submit():
        return _render_skills(process, _("Choose a skill from the skills library."))
    try:
        row = processes.set_skill(
            current_account(), process, form.skill.data or "", form.kind.data or "", form.level.data
        )
    except JobsError as exc:
        db.session.rollback()
        return _render_skills(process, exc.message)
    db.session.commit()
    lang = current_language()
    level = label(SKILL_LEVELS, row.level)
    if row.kind == "essential":
        message = _(
            "“%(skill)s” is an essential skill of this process (level: %(level)s).",
            skill=row.skill.name(lang),
            level=level,
        )
    else:
        message = _(
            "“%(skill)s” is an asset skill of this process (level: %(level)s).",
            skill=row.skill.name(lang),
            level=level,
        )
    flash(message, "success")
    return redirect(url_for("jobs_recruit.skills", process_id=process.id, q=request.args.get("q") or None))


def _process_skill(process: Process, row_id: int) -> ProcessSkill:
    row = next((ps for ps in process.skills if ps.id == row_id), None)
    if row is None:
        abort(404)
    return row


@bp.route("/processes/<id:process_id>/skills/<id:row_id>/remove", methods=["POST"])
@staff_only
def remove_skill(process_id: int, row_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    row = _process_skill(process, row_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = row.skill.name(current_language())
    try:
        processes.remove_skill(process, row)
    except JobsError as exc:
        db.session.rollback()
        return _render_skills(process, exc.message)
    db.session.commit()
    flash(_("“%(skill)s” was removed from the process.", skill=name), "success")
    return redirect(url_for("jobs_recruit.skills", process_id=process.id))


# --- Questions ----------------------------------------------------------------------------------------------


def _render_questions(process: Process, form: QuestionForm, error: str | None = None) -> ResponseReturnValue:
    page = render_template(
        "jobs/recruit/questions.html",
        process=process,
        status=processes.status(process),
        form=form,
        error=error,
        by_kind={
            kind: sorted((q for q in process.questions if q.kind == kind), key=lambda q: q.position)
            for kind in ("general", "screening")
        },
    )
    return page, 422 if error or form.errors else 200


@bp.route("/processes/<id:process_id>/questions", methods=["GET", "POST"])
@staff_only
def questions(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = QuestionForm() if request.method == "POST" else QuestionForm(data={"kind": "general"})
    if form.validate_on_submit():
        try:
            processes.add_question(
                process, form.kind.data or "", form.text_en.data or "", form.text_fr.data or ""
            )
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("The question was added."), "success")
            return redirect(url_for("jobs_recruit.questions", process_id=process.id))
    return _render_questions(process, form)


def _question(process: Process, question_id: int) -> ProcessQuestion:
    question = next((q for q in process.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


@bp.route("/processes/<id:process_id>/questions/<id:question_id>/move", methods=["POST"])
@staff_only
def move_question(process_id: int, question_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    question = _question(process, question_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        processes.move_question(process, question, offset)
    except JobsError as exc:
        db.session.rollback()
        return _render_questions(process, QuestionForm(formdata=None), exc.message)
    db.session.commit()
    return redirect(url_for("jobs_recruit.questions", process_id=process.id))


@bp.route("/processes/<id:process_id>/questions/<id:question_id>/remove", methods=["POST"])
@staff_only
def remove_question(process_id: int, question_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    question = _question(process, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        processes.remove_question(process, question)
    except JobsError as exc:
        db.session.rollback()
        return _render_questions(process, QuestionForm(formdata=None), exc.message)
    db.session.commit()
    flash(_("The question was removed."), "success")
    return redirect(url_for("jobs_recruit.questions", process_id=process.id))


# --- Assessment plan ----------------------------------------------------------------------------------------


def _essential_choices(process: Process, form: Any) -> None:
    lang = current_language()
    form.skill_ids.choices = choices(
        *[
            (str(ps.id), f"{ps.skill.name(lang)} ({label(SKILL_LEVELS, ps.level)})")
            for ps in process.skills
            if ps.kind == "essential"
        ]
    )


@bp.route("/processes/<id:process_id>/assessment", methods=["GET", "POST"])
@staff_only
def assessment_plan(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = StepForm()
    _essential_choices(process, form)
    if form.validate_on_submit():
        try:
            assessment.add_step(
                process,
                form.kind.data or "",
                form.title_en.data,
                form.title_fr.data,
                form.skill_ids.data or [],
            )
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("The assessment step was added."), "success")
            return redirect(url_for("jobs_recruit.assessment_plan", process_id=process.id))
    return render_template(
        "jobs/recruit/assessment.html",
        process=process,
        status=processes.status(process),
        form=form,
        skills_by_id={ps.id: ps for ps in process.skills},
    ), status_for(form)


def _step(process: Process, step_id: int) -> AssessmentStep:
    step = next((s for s in process.steps if s.id == step_id), None)
    if step is None:
        abort(404)
    return step


def _render_step(
    process: Process, step: AssessmentStep, form: StepSkillsForm, code: int
) -> ResponseReturnValue:
    return render_template(
        "jobs/recruit/step.html", process=process, status=processes.status(process), step=step, form=form
    ), code


@bp.route("/processes/<id:process_id>/assessment/<id:step_id>", methods=["GET", "POST"])
@staff_only
def step(process_id: int, step_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    row = _step(process, step_id)
    if request.method == "POST":
        form = StepSkillsForm()
    else:
        form = StepSkillsForm(data={"skill_ids": [str(i) for i in row.skill_ids]})
    _essential_choices(process, form)
    if form.validate_on_submit():
        try:
            assessment.set_step_skills(process, row, form.skill_ids.data or [])
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("jobs_recruit.assessment_plan", process_id=process.id))
    return _render_step(process, row, form, status_for(form))


@bp.route("/processes/<id:process_id>/assessment/<id:step_id>/remove", methods=["POST"])
@staff_only
def remove_step(process_id: int, step_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    row = _step(process, step_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        assessment.remove_step(process, row)
    except JobsError as exc:
        db.session.rollback()
        form = StepSkillsForm(formdata=None, data={"skill_ids": [str(i) for i in row.skill_ids]})
        _essential_choices(process, form)
        form.form_errors = [exc.message]
        return _render_step(process, row, form, 422)
    db.session.commit()
    flash(_("The assessment step was removed."), "success")
    return redirect(url_for("jobs_recruit.assessment_plan", process_id=process.id))


# --- Recruiters ---------------------------------------------------------------------------------------------


@bp.route("/processes/<id:process_id>/recruiters", methods=["GET", "POST"])
@staff_only
def recruiters(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = RecruiterForm()
    if form.validate_on_submit():
        recruiter = recruiting.find_staff(form.email.data or "")
        if recruiter is None:
            form.email.errors = [_("No recruiter or administrator has this e-mail address.")]
        else:
            try:
                processes.add_recruiter(current_account(), process, recruiter)
            except JobsError as exc:
                db.session.rollback()
                form.email.errors = [exc.message]
            else:
                db.session.commit()
                flash(_("%(name)s now runs this process.", name=recruiter.display_name), "success")
                return redirect(url_for("jobs_recruit.recruiters", process_id=process.id))
    return render_template(
        "jobs/recruit/recruiters.html", process=process, status=processes.status(process), form=form
    ), status_for(form)
