"""Nomination events: the list of the events a coordinator runs (administrators: all), a new event, an
event's page (details, coordinators, its nominees' groups), editing it, and the administrators' changes
to who runs it."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jobs.models import NominationEvent, NominationGroup
from jobs.recruit.forms import parse_time
from jobs.services import JobsError, nomination_events, recruiting
from jobs.services.nominations import nominated_kinds, status_of
from jobs.talent_management._common import PAGE_SIZE, bp, coordinators_only, event_or_404, events_run_by
from jobs.talent_management.forms import ConfirmForm, CoordinatorForm, EventForm
from talent.extensions import db
from talent.forms_util import attach_error, page_arg, status_for
from talent.models import Role, User
from talent.security import current_account, roles_required

admins_only = roles_required(Role.ADMIN)
# The services name the moments; the form asks for a date and a time of each.
FORM_FIELDS = {"opens_at": "opens_date", "closes_at": "closes_date"}


@bp.route("/events")
@coordinators_only
def event_list() -> ResponseReturnValue:
    pagination = db.paginate(
        events_run_by(current_account()), page=page_arg(), per_page=PAGE_SIZE, error_out=False
    )
    counts = nomination_events.group_counts(event.id for event in pagination.items)
    return render_template("talent_management/events_list.html", pagination=pagination, counts=counts)


# --- Creating and editing -----------------------------------------------------------------------------------


def _moment(day: date | None, at: str | None, default: time, field: str) -> datetime | None:
    """A date and ``HH:MM`` read in the reference time zone, as UTC (None without a date)."""
    if day is None:
        return None
    try:
        return recruiting.local_closing(day, parse_time(at) or default)
    except OverflowError:  # past the last moment there is
        raise JobsError(_l("Enter an earlier date."), field) from None


def _data(form: EventForm) -> dict[str, Any]:
    data = {name: getattr(form, name).data for name in nomination_events.EDITABLE if hasattr(form, name)}
    data["opens_at"] = _moment(form.opens_date.data, form.opens_time.data, time(0, 0), "opens_date")
    data["closes_at"] = _moment(form.closes_date.data, form.closes_time.data, time(23, 59), "closes_date")
    return data


def _initial(event: NominationEvent) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(event, name) for name in nomination_events.EDITABLE}
    data["development_programmes"] = list(event.development_programmes or [])
    data["opens_date"], data["opens_time"] = recruiting.closing_parts(event.opens_at)
    data["closes_date"], data["closes_time"] = recruiting.closing_parts(event.closes_at)
    return data


def _refused(form: EventForm, exc: JobsError) -> None:
    db.session.rollback()
    exc.field = FORM_FIELDS.get(exc.field or "", exc.field)
    attach_error(form, exc)


@bp.route("/events/new", methods=["GET", "POST"])
@coordinators_only
def new_event() -> ResponseReturnValue:
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = nomination_events.create(current_account(), _data(form))
        except JobsError as exc:
            _refused(form, exc)
        else:
            db.session.commit()
            flash(_("The event was created."), "success")
            return redirect(url_for("jobs_talent.event", event_id=event.id))
    return render_template("talent_management/events_form.html", form=form, event=None), status_for(form)


@bp.route("/events/<id:event_id>/edit", methods=["GET", "POST"])
@coordinators_only
def edit_event(event_id: int) -> ResponseReturnValue:
    event = event_or_404(event_id)
    form = EventForm() if request.method == "POST" else EventForm(data=_initial(event))
    if form.validate_on_submit():
        try:
            nomination_events.update(current_account(), event, _data(form))
        except JobsError as exc:
            _refused(form, exc)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("jobs_talent.event", event_id=event.id))
    return render_template("talent_management/events_form.html", form=form, event=event), status_for(form)


# --- One event ----------------------------------------------------------------------------------------------


def render_event(
    event: NominationEvent, coordinator_form: CoordinatorForm | None = None, status: int | None = None
) -> ResponseReturnValue:
    """The event's page: details, coordinators (administrators add and remove them), and its groups, a page
    of them at a time; ``status`` (or 422 when ``coordinator_form`` comes back with errors)."""
    pagination = db.paginate(
        nomination_events.groups_of(event), page=page_arg(), per_page=PAGE_SIZE, error_out=False
    )
    form = coordinator_form or CoordinatorForm(formdata=None)
    page = render_template(
        "talent_management/events_event.html",
        event=event,
        pagination=pagination,
        rows=[_group_row(group) for group in pagination.items],
        coordinator_form=form,
        remove_form=ConfirmForm(formdata=None),
    )
    return page, status or status_for(form)


def _group_row(group: NominationGroup) -> dict[str, Any]:
    submitted = nomination_events.submitted(group)
    return {
        "group": group,
        "kinds": nominated_kinds(group),
        "status": status_of(group),
        "nominators": len({n.nominator_id for n in submitted}),
    }


@bp.route("/events/<id:event_id>")
@coordinators_only
def event(event_id: int) -> ResponseReturnValue:
    return render_event(event_or_404(event_id))


@bp.route("/events/<id:event_id>/coordinators", methods=["POST"])
@admins_only
def add_coordinator(event_id: int) -> ResponseReturnValue:
    event = event_or_404(event_id)
    form = CoordinatorForm()
    if form.validate_on_submit():
        person = nomination_events.find_coordinator(form.email.data or "")
        if person is None:
            form.email.errors = [_("No active account has this e-mail address.")]
        else:
            try:
                added = nomination_events.add_coordinator(current_account(), event, person)
            except JobsError as exc:
                db.session.rollback()
                attach_error(form, exc)
            else:
                db.session.commit()
                if added:
                    flash(_("%(name)s now runs this event.", name=person.display_name), "success")
                else:
                    flash(_("%(name)s already runs this event.", name=person.display_name), "info")
                return redirect(url_for("jobs_talent.event", event_id=event.id, _anchor="coordinators"))
    return render_event(event, form)


@bp.route("/events/<id:event_id>/coordinators/<id:coordinator_id>/remove", methods=["POST"])
@admins_only
def remove_coordinator(event_id: int, coordinator_id: int) -> ResponseReturnValue:
    event = event_or_404(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    person = db.session.get(User, coordinator_id)
    if person is None:
        abort(404)
    try:
        nomination_events.remove_coordinator(current_account(), event, person)
    except JobsError as exc:
        db.session.rollback()
        form = CoordinatorForm(formdata=None)
        form.form_errors = [exc.message]
        return render_event(event, form, 409)
    db.session.commit()
    flash(_("%(name)s no longer runs this event.", name=person.display_name), "success")
    return redirect(url_for("jobs_talent.event", event_id=event.id, _anchor="coordinators"))
