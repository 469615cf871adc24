"""Processes: the list, a new draft, the process page with its publication checklist, the details form,
and the life-cycle actions (publish, close early, extend, archive, unarchive, duplicate, delete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from jobs.models import Process
from jobs.recruit._common import PAGE_SIZE, bp, process_or_404, staff_only
from jobs.recruit.forms import CloseForm, ConfirmForm, DetailsForm, ExtendForm, ProcessFilterForm, parse_time
from jobs.services import JobsError, processes, recruiting
from talent.extensions import db
from talent.forms_util import attach_error, choices, page_arg, status_for
from talent.i18n import current_language
from talent.models import Classification
from talent.security import current_account


@bp.route("/processes")
@staff_only
def process_list() -> ResponseReturnValue:
    form = ProcessFilterForm(request.args)
    status = form.status.data if form.validate() else None
    stmt = recruiting.processes_for(current_account(), status or None)
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    counts = recruiting.submitted_counts(p.id for p in pagination.items)
    return render_template("jobs/recruit/process_list.html", form=form, pagination=pagination, counts=counts)


@bp.route("/processes/new", methods=["POST"])
@staff_only
def create_process() -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    process = processes.create(current_account())
    db.session.commit()
    flash(_("A new draft process was created. Start with its details."), "success")
    return redirect(url_for("jobs_recruit.details", process_id=process.id))


def render_process(process: Process, error: str | None = None) -> ResponseReturnValue:
    """The process page; with ``error`` (a refused action), a 422 showing the service's message."""
    return _process_page(process, error), 422 if error else 200


def _process_page(process: Process, error: str | None = None) -> str:
    status = processes.status(process)
    problems = processes.publication_problems(process) if status == "draft" else []
    page = render_template(
        "jobs/recruit/process.html",
        process=process,
        status=status,
        problems=problems,
        error=error,
        allowed={action for action in processes.ACTIONS if processes.allowed(process, action)},
    )
    return page


@bp.route("/processes/<id:process_id>")
@staff_only
def process(process_id: int) -> ResponseReturnValue:
    return render_process(process_or_404(process_id))


# --- Details ------------------------------------------------------------------------------------------------


def _details_initial(process: Process) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{field}_{lang}": getattr(process, f"{field}_{lang}")
        for field in processes.BILINGUAL_FIELDS
        for lang in ("en", "fr")
    }
    day, at = recruiting.closing_parts(process.closing_at)
    data.update(
        classification_id=str(process.classification_id or ""),
        stream=process.stream or "",
        language_requirement=process.language_requirement or "",
        security_clearance=process.security_clearance or "",
        opportunity_length=process.opportunity_length or "",
        work_location="remote" if process.is_remote else "location",
        operational_requirements=list(process.operational_requirements or []),
        closing_date=day,
        closing_time=at or "23:59",
        contact_email=process.contact_email,
    )
    return data


def _details_choices(form: DetailsForm) -> None:
    lang = current_language()
    rows = db.session.scalars(select(Classification).order_by(Classification.group, Classification.level))
    form.classification_id.choices = choices(
        ("", _("Choose one")), *[(str(c.id), f"{c.code} – {c.name(lang)}") for c in rows]
    )


def _field_of(exc: JobsError) -> JobsError:
    """The details and extend forms ask for ``closing_date``; the services speak of ``closing_at``."""
    if exc.field == "closing_at":
        exc.field = "closing_date"
    return exc


@bp.route("/processes/<id:process_id>/details", methods=["GET", "POST"])
@staff_only
def details(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    status = processes.status(process)
    form = DetailsForm() if request.method == "POST" else DetailsForm(data=_details_initial(process))
    _details_choices(form)
    if form.validate_on_submit():
        data = dict(form.data)
        data["is_remote"] = form.work_location.data == "remote"
        if status == "draft":
            day = form.closing_date.data
            at = parse_time(form.closing_time.data)
            data["closing_at"] = recruiting.local_closing(day, at) if day else None
        else:  # shown read-only: "extend the closing date" changes it
            data["closing_at"] = process.closing_at
        try:
            processes.update_details(current_account(), process, data)
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, _field_of(exc))
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("jobs_recruit.process", process_id=process.id))
    return render_template(
        "jobs/recruit/details.html",
        form=form,
        process=process,
        status=status,
        bilingual_fields=processes.BILINGUAL_FIELDS,
    ), status_for(form)


# --- Life-cycle actions -------------------------------------------------------------------------------------

# Why an action is not offered in the process's status (processes.ACTIONS says where it is).
NOT_ALLOWED = {
    "publish": _l("Only a draft can be published."),
    "delete": _l("Only a draft can be deleted."),
    "close": _l("Only a published, open process can be closed."),
    "extend": _l("Only a published or closed process can get a new closing date."),
    "archive": _l("Only a closed process can be archived."),
}

# action: (page title, what happens, button, button role)
CONFIRMATIONS: dict[str, tuple[Any, Any, Any, str]] = {
    "publish": (
        _l("Publish the job advertisement"),
        _l(
            "Once published, candidates can apply until the closing date. Skills and questions can no "
            "longer be changed."
        ),
        _l("Publish"),
        "primary",
    ),
    "close": (
        _l("Close the advertisement early"),
        _l("Candidates will no longer be able to apply. Give the reason: it is kept with the process."),
        _l("Close now"),
        "danger",
    ),
    "extend": (
        _l("Extend the closing date"),
        _l("Candidates can apply until the new closing date. A closed process opens again."),
        _l("Set the new closing date"),
        "primary",
    ),
    "archive": (
        _l("Archive the process"),
        _l("An archived process is kept for the record and cannot be changed until it is unarchived."),
        _l("Archive"),
        "danger",
    ),
    "delete": (
        _l("Delete the draft"),
        _l("The draft and everything in it are deleted for good."),
        _l("Delete"),
        "danger",
    ),
}


def _refusal(process: Process, action: str, exc: JobsError) -> JobsError:
    """The service's message; for a draft refused publication, a pointer to the problem list shown below
    (the service's message is that list, joined)."""
    if (
        action == "publish"
        and processes.status(process) == "draft"
        and processes.publication_problems(process)
    ):
        return JobsError(_("This process cannot be published yet. Fix the problems listed below."))
    return _field_of(exc)


def _confirmed(
    process: Process,
    action: str,
    form: Any,
    perform: Callable[[], Any],
    done: str,
    next_url: Callable[[], str] | None = None,
) -> ResponseReturnValue:
    """GET: the confirmation page. POST: the action; refused, the page again with the service's message.
    An action the process's status does not allow is not offered: the process page says why (409)."""
    if not processes.allowed(process, action):
        return _process_page(process, str(NOT_ALLOWED[action])), 409
    if form.validate_on_submit():
        try:
            perform()
        except JobsError as exc:
            db.session.rollback()
            attach_error(form, _refusal(process, action, exc))
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(
                next_url() if next_url else url_for("jobs_recruit.process", process_id=process.id)
            )
    status = processes.status(process)
    title, explanation, button, role = CONFIRMATIONS[action]
    publishing = action == "publish" and status == "draft"
    return render_template(
        "jobs/recruit/confirm.html",
        process=process,
        status=status,
        action=action,
        form=form,
        title=title,
        explanation=explanation,
        button=button,
        button_role=role,
        problems=processes.publication_problems(process) if publishing else [],
    ), status_for(form)


@bp.route("/processes/<id:process_id>/publish", methods=["GET", "POST"])
@staff_only
def publish(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    return _confirmed(
        process,
        "publish",
        ConfirmForm(),
        lambda: processes.publish(current_account(), process),
        _("The job advertisement was published."),
    )


@bp.route("/processes/<id:process_id>/close", methods=["GET", "POST"])
@staff_only
def close_early(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = CloseForm()
    return _confirmed(
        process,
        "close",
        form,
        lambda: processes.close_early(current_account(), process, form.reason.data),
        _("The job advertisement was closed."),
    )


@bp.route("/processes/<id:process_id>/extend", methods=["GET", "POST"])
@staff_only
def extend(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form = ExtendForm()

    def perform() -> None:
        day = form.closing_date.data
        closing = recruiting.local_closing(day, parse_time(form.closing_time.data)) if day else None
        processes.extend(current_account(), process, closing)

    return _confirmed(process, "extend", form, perform, _("The closing date was changed."))


@bp.route("/processes/<id:process_id>/archive", methods=["GET", "POST"])
@staff_only
def archive(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    return _confirmed(
        process,
        "archive",
        ConfirmForm(),
        lambda: processes.archive(current_account(), process),
        _("The process was archived."),
    )


@bp.route("/processes/<id:process_id>/delete", methods=["GET", "POST"])
@staff_only
def delete(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    return _confirmed(
        process,
        "delete",
        ConfirmForm(),
        lambda: processes.delete(current_account(), process),
        _("The draft was deleted."),
        lambda: url_for("jobs_recruit.process_list"),
    )


@bp.route("/processes/<id:process_id>/unarchive", methods=["POST"])
@staff_only
def unarchive(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        processes.unarchive(current_account(), process)
    except JobsError as exc:
        db.session.rollback()
        return render_process(process, exc.message)
    db.session.commit()
    flash(_("The process was unarchived."), "success")
    return redirect(url_for("jobs_recruit.process", process_id=process.id))


@bp.route("/processes/<id:process_id>/duplicate", methods=["POST"])
@staff_only
def duplicate(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = processes.duplicate(current_account(), process)
    db.session.commit()
    flash(_("This is a new draft, copied from the process you duplicated."), "success")
    return redirect(url_for("jobs_recruit.process", process_id=copy.id))
