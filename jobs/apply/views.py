"""Candidates' application pages (``jobs_apply``): start or resume, questions, review and submit, the list
of their applications with its actions, and one application's details. Candidates only; an id that is
not the candidate's own is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jobs.apply.forms import ConfirmForm, SignatureForm, answers_form, field_name
from jobs.models import Application, ApplicationEvent
from jobs.services import JobsError, applications, decisions
from jobs.services import board as board_service
from jobs.services.processes import is_open
from jobs.vocab import QUESTION_KINDS
from talent.extensions import db
from talent.forms_util import attach_error, status_for
from talent.i18n import current_language
from talent.models import Role
from talent.profiles import completeness, experiences, user_skills
from talent.profiles.sections import section_url
from talent.profiles.services import get_profile
from talent.security import current_account, roles_required

bp = Blueprint("jobs_apply", __name__, url_prefix="/<lang:lang_code>", template_folder="templates")
candidate_only = roles_required(Role.CANDIDATE)

# What each recorded change means to the candidate, in plain words. The recruitment team's own pauses
# ("not referred for now") are theirs, not the candidate's, and are not listed.
EVENT_TEXTS: dict[str, LazyString] = {
    "started": _l("You started your application."),
    "submitted": _l("You submitted your application."),
    "qualified": _l("You qualified: you are in the pool of prequalified candidates."),
    "disqualified": _l("Your application was unsuccessful."),
    "decision_reverted": _l("The decision on your application was reopened."),
    "placed": _l("You were offered a position from this pool."),
    "placement_reverted": _l("Your placement was cancelled."),
    "reinstated": _l("Your application is active again."),
    "suspended": _l("You said you are not interested for now."),
    "resumed": _l("You said you are interested again."),
}
REMOVAL_TEXTS: dict[str, LazyString] = {
    "withdrew": _l("You withdrew your application."),
    "not_responsive": _l("You were removed from the process because you did not respond."),
    "ineligible": _l("You were removed from the process because you are not eligible."),
}
HIDDEN_EVENTS = frozenset({"paused", "unpaused"})
SUSPENDED_TEXT = _l(
    "Hiring managers will not be told about you from this pool until you say you are interested again."
)
RESUMED_TEXT = _l("You are again available to hiring managers from this pool.")

# The page that fixes each submission problem: the service names the problem (a code of
# ``applications.PROBLEM_CODES``), the page is this blueprint's business.
PROFILE_SECTIONS = {code: section for code, _label, section in completeness.CHECKS}
PROBLEM_PAGES: dict[str, Callable[[applications.Problem, Application], str]] = {
    "already_submitted": lambda problem, application: url_for("jobs_apply.mine"),
    "process_closed": lambda problem, application: url_for("jobs_board.board"),
    "profile_incomplete": lambda problem, application: section_url(PROFILE_SECTIONS[problem.args["item"]]),
    "skills_missing": lambda problem, application: url_for("profile.experience_list"),
    "bilingual_interest_missing": lambda problem, application: url_for("profile.languages"),
    "questions_unanswered": lambda problem, application: url_for(
        "jobs_apply.questions", application_id=application.id
    ),
    "signature_missing": lambda problem, application: url_for(
        "jobs_apply.review", application_id=application.id, _anchor="signature"
    ),
}


def problem_url(problem: applications.Problem, application: Application) -> str:
    """Where the candidate fixes ``problem`` (a KeyError for a code no page is known for)."""
    return PROBLEM_PAGES[problem.code](problem, application)


def _own(application_id: int) -> Application:
    application = applications.owned(current_account(), application_id)
    if application is None:
        abort(404)
    return application


def _after_start(application: Application) -> ResponseReturnValue:
    if application.submitted_at is not None:
        return redirect(url_for("jobs_apply.detail", application_id=application.id))
    return redirect(url_for("jobs_apply.questions", application_id=application.id))


def event_text(event: ApplicationEvent) -> str | None:
    """The plain-language line for one recorded change, or None for changes candidates do not see."""
    if event.action in HIDDEN_EVENTS:
        return None
    if event.action == "removed":
        reason = str((event.details or {}).get("reason"))
        return str(REMOVAL_TEXTS.get(reason, _l("You were removed from the process.")))
    text = EVENT_TEXTS.get(event.action)
    return str(text) if text is not None else _("Your application was updated.")


# --- Applying -----------------------------------------------------------------------------------------------


@bp.route("/applications/start/<id:process_id>", methods=["GET", "POST"])
@candidate_only
def start(process_id: int) -> ResponseReturnValue:
    """GET: the start page (where signing in from an advertisement leads); POST: start or resume."""
    process = board_service.public_process(process_id)
    if process is None:
        abort(404)
    user = current_account()
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            application = applications.start(user, process)
        except JobsError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("jobs_board.advertisement", process_id=process.id))
        db.session.commit()
        return _after_start(application)
    existing = applications.find(user, process)
    if existing is not None:
        return _after_start(existing)
    return render_template("jobs/apply/start.html", process=process, form=form, is_open=is_open(process))


@bp.route("/applications/<id:application_id>/questions", methods=["GET", "POST"])
@candidate_only
def questions(application_id: int) -> ResponseReturnValue:
    application = _own(application_id)
    if application.submitted_at is not None:
        flash(_("This application was already submitted."), "info")
        return redirect(url_for("jobs_apply.detail", application_id=application.id))
    lang = current_language()
    rows = list(application.process.questions)
    form = answers_form(rows, lang, {a.question_id: a.answer for a in application.answers})
    if form.validate_on_submit():
        try:
            applications.save_answers(application, form.answers(rows))
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            if request.form.get("action") == "save":
                flash(_("Your answers were saved. You can come back to finish your application."), "success")
                return redirect(url_for("jobs_apply.questions", application_id=application.id))
            return redirect(url_for("jobs_apply.review", application_id=application.id))
    # General questions first, then screening questions, each in the recruiters' order.
    groups = [(kind, [(q, form[field_name(q)]) for q in rows if q.kind == kind]) for kind in QUESTION_KINDS]
    return render_template(
        "jobs/apply/questions.html",
        application=application,
        process=application.process,
        status=applications.candidate_status(application),
        form=form,
        groups=[g for g in groups if g[1]],
        answer_max=applications.ANSWER_MAX,
    ), status_for(form)


def _review_page(
    application: Application, form: SignatureForm, problems: list[applications.Problem]
) -> ResponseReturnValue:
    user = current_account()
    profile = get_profile(user)
    lang = current_language()
    answers = {a.question_id: a.answer for a in application.answers}
    page = render_template(
        "jobs/apply/review.html",
        application=application,
        process=application.process,
        form=form,
        problems=[(problem.message, problem_url(problem, application)) for problem in problems],
        user=user,
        profile=profile,
        skills=user_skills.skills_of(user),
        experiences=experiences.experiences_of(user),
        answered=[(q.text(lang), answers.get(q.id, "")) for q in application.process.questions],
    )
    db.session.commit()  # a profile created on first visit
    return page, status_for(form)


@bp.route("/applications/<id:application_id>/review", methods=["GET", "POST"])
@candidate_only
def review(application_id: int) -> ResponseReturnValue:
    application = _own(application_id)
    form = SignatureForm()
    if form.validate_on_submit():
        signature = form.signature.data or ""
        try:
            applications.submit(application, signature)
        except JobsError:
            db.session.rollback()
            problems = applications.submission_problems(application, signature)
            done = [p for p in problems if p.code == "already_submitted"]
            if done:
                flash(str(done[0].message), "error")
                return redirect(url_for("jobs_apply.detail", application_id=application.id))
            form.signature.errors = [str(p.message) for p in problems if p.code == "signature_missing"]
            form.form_errors = [_("Your application was not submitted. Fix the problems listed below.")]
            return _review_page(application, form, problems)
        db.session.commit()
        return redirect(url_for("jobs_apply.submitted", application_id=application.id))
    elif application.submitted_at is not None:
        return redirect(url_for("jobs_apply.detail", application_id=application.id))
    return _review_page(application, form, applications.submission_problems(application))


@bp.route("/applications/<id:application_id>/submitted")
@candidate_only
def submitted(application_id: int) -> ResponseReturnValue:
    application = _own(application_id)
    if application.submitted_at is None:
        return redirect(url_for("jobs_apply.review", application_id=application.id))
    return render_template("jobs/apply/submitted.html", application=application, process=application.process)


# --- My applications ----------------------------------------------------------------------------------------


@bp.route("/applications")
@candidate_only
def mine() -> ResponseReturnValue:
    rows = [
        (application, applications.candidate_status(application))
        for application in board_service.applications_of(current_account())
    ]
    return render_template(
        "jobs/apply/mine.html", rows=rows, any_qualified=any(status == "qualified" for _, status in rows)
    )


@bp.route("/applications/<id:application_id>")
@candidate_only
def detail(application_id: int) -> ResponseReturnValue:
    application = _own(application_id)
    lang = current_language()
    snapshot = application.snapshot or {}
    skill_names = {
        row.get("skill_key"): (row.get("skill_name_fr") if lang == "fr" else None) or row.get("skill_name_en")
        for row in snapshot.get("skills") or []
    }
    history = [(event, text) for event in application.events if (text := event_text(event)) is not None]
    return render_template(
        "jobs/apply/detail.html",
        application=application,
        process=application.process,
        status=applications.candidate_status(application),
        snapshot=snapshot,
        skill_names=skill_names,
        history=history,
        public=board_service.public_process(application.process_id) is not None,
    )


def _confirm(
    application: Application,
    allowed: bool,
    action: Any,
    done: str,
    template: str,
) -> ResponseReturnValue:
    """A confirmation page (GET) and the change it confirms (POST)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            action()
        except JobsError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("jobs_apply.mine"))
        db.session.commit()
        flash(done, "success")
        return redirect(url_for("jobs_apply.mine"))
    if not allowed:
        return redirect(url_for("jobs_apply.detail", application_id=application.id))
    return render_template(template, application=application, process=application.process, form=form)


@bp.route("/applications/<id:application_id>/delete", methods=["GET", "POST"])
@candidate_only
def delete(application_id: int) -> ResponseReturnValue:
    application = _own(application_id)
    return _confirm(
        application,
        application.submitted_at is None,
        lambda: applications.delete_draft(current_account(), application),
        _("Your draft application was deleted."),
        "jobs/apply/delete.html",
    )


@bp.route("/applications/<id:application_id>/withdraw", methods=["GET", "POST"])
@candidate_only
def withdraw(application_id: int) -> ResponseReturnValue:
    application = _own(application_id)
    return _confirm(
        application,
        application.submitted_at is not None and application.removed_at is None,
        lambda: decisions.withdraw(current_account(), application),
        _("Your application was withdrawn."),
        "jobs/apply/withdraw.html",
    )


def _set_suspended(application_id: int, suspended: bool) -> ResponseReturnValue:
    application = _own(application_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        decisions.set_suspended(current_account(), application, suspended)
    except JobsError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(str(SUSPENDED_TEXT if suspended else RESUMED_TEXT), "success")
    return redirect(url_for("jobs_apply.mine"))


@bp.route("/applications/<id:application_id>/suspend", methods=["POST"])
@candidate_only
def suspend(application_id: int) -> ResponseReturnValue:
    """The candidate is not interested for now."""
    return _set_suspended(application_id, True)


@bp.route("/applications/<id:application_id>/resume", methods=["POST"])
@candidate_only
def resume(application_id: int) -> ResponseReturnValue:
    """The candidate is interested again."""
    return _set_suspended(application_id, False)
