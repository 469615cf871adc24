"""The recruitment team's request queue and a request's page: the need, the stored search and its exact
count now, the lifecycle, the history, the available pool members who fit (refer or not) and the
manager's decision on each referred candidate."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from jobs import vocab
from jobs.models import Referral, TalentRequest
from jobs.requests_web._common import (
    PAGE_SIZE,
    event_text,
    requester_name,
    search_context,
    staff_only,
    team_bp,
    visible_or_404,
)
from jobs.requests_web.forms import QueueFilterForm, ReferForm, SelectionForm, StatusForm
from jobs.services import JobsError, requests
from jobs.services.request_views import fit_rows, users
from jobs.services.talent_search import Membership, TalentCount, count, matching_memberships
from talent import clock
from talent.extensions import db
from talent.forms_util import attach_error, page_arg
from talent.i18n import current_language
from talent.security import current_account
from talent.vocab import label


@team_bp.route("/requests")
@staff_only
def queue() -> ResponseReturnValue:
    form = QueueFilterForm(request.args)
    status = form.status.data if form.status.data in vocab.REQUEST_STATUSES else None
    stmt = requests.queue(status).options(
        selectinload(TalentRequest.department),
        selectinload(TalentRequest.classification),
        selectinload(TalentRequest.requester),
        selectinload(TalentRequest.referrals),
    )
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "jobs/requests/queue.html",
        form=form,
        pagination=pagination,
        today=clock.today(),
        requester_name=requester_name,
    )


#: People the team's request page lists by name (their ids go to the database in one bounded list).
FIT_LIST_MAX = 100


def _fitting(talent_request: TalentRequest) -> tuple[TalentCount | None, list[Membership] | None]:
    """How many available people fit the stored search (pools and programme) and, when they are few
    enough to list by name (``FIT_LIST_MAX``), their memberships of either source; (None, None) if the
    search can no longer be read. The count comes first, so that a search that fits 100,000 people never
    loads them."""
    try:
        filters = requests.stored_filters(talent_request)
    except JobsError:
        return None, None
    # The same people ``count`` counts: each person once, however many fitting pools they are in.
    counted = count(filters)
    return counted, (matching_memberships(filters) if counted.total <= FIT_LIST_MAX else None)


def _events(talent_request: TalentRequest) -> list[dict[str, Any]]:
    people = users(
        [e.actor_id for e in talent_request.events]
        + [
            e.details.get("candidate")
            for e in talent_request.events
            if isinstance(e.details.get("candidate"), int)
        ]
    )
    revealed = {r.user_id for r in talent_request.referrals if r.referred}
    rows = []
    for event in talent_request.events:
        details = event.details or {}
        parts: list[str] = []
        if event.action == "status_changed":
            parts.append(
                _(
                    "From “%(before)s” to “%(after)s”",
                    before=label(vocab.REQUEST_STATUSES, details.get("before")),
                    after=label(vocab.REQUEST_STATUSES, details.get("after")),
                )
            )
        if details.get("detail"):
            parts.append(label(vocab.REQUEST_STATUS_DETAILS, details["detail"]))
        if details.get("outcome"):
            parts.append(label(vocab.REQUEST_OUTCOMES, details["outcome"]))
        if details.get("follow_up"):
            parts.append(_("Follow-up on %(date)s", date=details["follow_up"]))
        candidate = people.get(details["candidate"]) if isinstance(details.get("candidate"), int) else None
        if candidate is not None and candidate.id in revealed:  # the anonymous stay anonymous here too
            parts.append(candidate.display_name)
        if details.get("selection"):
            parts.append(_("Selected") if details["selection"] == "selected" else _("Not selected"))
        if details.get("reason"):
            parts.append(label(vocab.SELECTION_REASONS, details["reason"]))
        actor = people.get(event.actor_id) if event.actor_id else None
        rows.append(
            {
                "at": event.at,
                "actor": actor.display_name if actor else requester_name(talent_request),
                "action": event_text(event.action),
                "details": "; ".join(parts),
            }
        )
    return rows


def _refer_form(user_id: int) -> ReferForm:
    return ReferForm(prefix=f"refer-{user_id}", formdata=None)


def _selection_form(referral: Referral) -> SelectionForm:
    return SelectionForm(
        prefix=f"sel-{referral.id}",
        formdata=None,
        data={
            "selection": referral.selection or "",
            "reason": referral.selection_reason or "",
            "details": referral.selection_details or "",
        },
    )


def _page(
    talent_request: TalentRequest,
    *,
    status_form: StatusForm | None = None,
    refer_forms: dict[int, ReferForm] | None = None,
    selection_forms: dict[int, SelectionForm] | None = None,
    error: str | None = None,
    code: int = 200,
) -> ResponseReturnValue:
    if status_form is None:
        status_form = StatusForm(
            formdata=None,
            data={
                "status": talent_request.status,
                "detail": talent_request.status_detail or "",
                "outcome": talent_request.outcome or "",
                "follow_up_date": talent_request.follow_up_date,
                "notes": talent_request.notes or "",
            },
        )
    counted, memberships = _fitting(talent_request)
    fitting = counted.total if counted is not None else None
    # Listed by name only while the list is one a person can read; beyond that, matching ranks them.
    too_many = fitting if fitting is not None and fitting > FIT_LIST_MAX else None
    fits: list[Any] | None = None
    if fitting is not None:
        fits = fit_rows(talent_request, memberships) if memberships is not None else []
    refer_forms = refer_forms or {}
    for row in fits or []:
        refer_forms.setdefault(row.user.id, _refer_form(row.user.id))
    referred = [r for r in talent_request.referrals if r.referred]
    selection_forms = selection_forms or {}
    for referral in referred:
        selection_forms.setdefault(referral.id, _selection_form(referral))
    return render_template(
        "jobs/requests/team_request.html",
        talent_request=talent_request,
        too_many=too_many,
        requester_name=requester_name(talent_request),
        status_form=status_form,
        events=_events(talent_request),
        fits=fits,
        refer_forms=refer_forms,
        referred=referred,
        selection_forms=selection_forms,
        page_error=error,
        **search_context(talent_request, True, current_language(), counted),
    ), code


@team_bp.route("/requests/<id:request_id>")
@staff_only
def request_page(request_id: int) -> ResponseReturnValue:
    return _page(visible_or_404(request_id))


def _back(talent_request: TalentRequest, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("jobs_request_team.request_page", request_id=talent_request.id) + anchor, 303)


@team_bp.route("/requests/<id:request_id>/status", methods=["POST"])
@staff_only
def set_status(request_id: int) -> ResponseReturnValue:
    talent_request = visible_or_404(request_id)
    form = StatusForm()
    if not form.validate():
        return _page(talent_request, status_form=form, code=422)
    try:
        requests.set_status(
            current_account(),
            talent_request,
            form.status.data or "",
            detail=form.detail.data or None,
            outcome=form.outcome.data or None,
            follow_up_date=form.follow_up_date.data,
            notes=form.notes.data,
        )
    except JobsError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _page(talent_request, status_form=form, code=422)
    db.session.commit()
    flash(_("The request was updated."), "success")
    return _back(talent_request, "#h-lifecycle")


@team_bp.route("/requests/<id:request_id>/refer/<id:user_id>", methods=["POST"])
@staff_only
def refer(request_id: int, user_id: int) -> ResponseReturnValue:
    talent_request = visible_or_404(request_id)
    decision = request.form.get("decision")
    if decision not in ("refer", "not_refer"):
        abort(400)
    form = ReferForm(prefix=f"refer-{user_id}")
    if not form.validate():
        return _page(talent_request, refer_forms={user_id: form}, code=422)
    try:
        requests.refer(current_account(), talent_request, user_id, decision == "refer", form.reason.data)
    except JobsError as exc:
        db.session.rollback()
        if exc.field == "reason":
            attach_error(form, exc)
            return _page(talent_request, refer_forms={user_id: form}, code=422)
        return _page(talent_request, error=exc.message, code=422)
    db.session.commit()
    flash(
        _("The candidate was referred.") if decision == "refer" else _("Your decision was recorded."),
        "success",
    )
    return _back(talent_request, f"#fit-{user_id}")


@team_bp.route("/requests/<id:request_id>/referrals/<id:referral_id>/selection", methods=["POST"])
@staff_only
def selection(request_id: int, referral_id: int) -> ResponseReturnValue:
    talent_request = visible_or_404(request_id)
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.request_id != talent_request.id:
        abort(404)
    form = SelectionForm(prefix=f"sel-{referral.id}")
    if not form.validate():
        return _page(talent_request, selection_forms={referral.id: form}, code=422)
    try:
        requests.record_selection(
            current_account(),
            referral,
            form.selection.data or "",
            form.reason.data or None,
            form.details.data,
        )
    except JobsError as exc:
        db.session.rollback()
        if exc.field in ("selection", "reason", "details"):
            attach_error(form, exc)
            return _page(talent_request, selection_forms={referral.id: form}, code=422)
        return _page(talent_request, error=exc.message, code=422)
    db.session.commit()
    flash(_("The manager’s decision was recorded."), "success")
    return _back(talent_request, f"#referral-{referral.id}")
