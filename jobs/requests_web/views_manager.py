"""The request form (from a find-talent search), a manager's requests and one request's page with the
referred candidates, and a guest's private tracking page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from jobs.find.forms import filter_data, query_args
from jobs.find.views import checked_filters, exact_counts, may_request, shown_total, skill_options
from jobs.models import TalentRequest
from jobs.requests_web._common import (
    TOKEN_MAX,
    bp,
    referred_for_manager,
    requesters_only,
    search_context,
    visible_or_404,
)
from jobs.requests_web.forms import RequestForm, reference_choices
from jobs.services import JobsError, requests
from jobs.services.request_views import skills_by_key
from jobs.services.talent_search import SMALL_COUNT, TalentFilters, count
from talent import vocab as talent_vocab
from talent.extensions import db, limiter
from talent.forms_util import attach_error, page_arg, status_for
from talent.i18n import current_language
from talent.models import Classification, Skill, User
from talent.security import current_account

MAX_SKILL_ROWS = 40


@dataclass(frozen=True)
class SkillRow:
    """One skill of the request form: the key, required or nice to have, the level ("" for any)."""

    key: str
    kind: str
    level: str
    skill: Skill | None = None


def _level(value: str) -> int | None:
    """``""`` -> None; a digit -> its value; anything else -> 0, which the service refuses (its message)."""
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) < 3 else 0


def _posted_rows(form: MultiDict[str, str]) -> list[SkillRow]:
    """The skill rows as posted (``skill_key_<i>``, ``skill_kind_<i>``, ``skill_level_<i>``), with the
    row named by ``remove_skill`` left out and the skill named by ``add_skill`` added."""
    removed = form.get("remove_skill")
    rows: list[SkillRow] = []
    for i in range(MAX_SKILL_ROWS):
        key = form.get(f"skill_key_{i}")
        if key is None or str(i) == removed:
            continue
        rows.append(SkillRow(key, form.get(f"skill_kind_{i}", ""), form.get(f"skill_level_{i}", "")))
    added = form.get("add_skill")
    if added and all(r.key != added for r in rows) and len(rows) < MAX_SKILL_ROWS:
        rows.append(SkillRow(added, "required", ""))
    return rows


def _named(rows: list[SkillRow]) -> list[SkillRow]:
    names = skills_by_key(r.key for r in rows)
    return [SkillRow(r.key, r.kind, r.level, names.get(r.key)) for r in rows]


def _initial(filters: TalentFilters, user: User | None) -> dict[str, Any]:
    """The form prefilled from the search (and the signed-in manager's own contact details)."""
    data: dict[str, Any] = {
        "search": json.dumps(filters.to_json()),
        "language": filters.language,
        "regions": list(filters.regions),
        "work_arrangements": list(filters.arrangements),
        "operational_requirements": list(filters.operational_requirements),
        "position_durations": list(filters.durations),
    }
    if len(filters.classifications) == 1:
        group, _dash, level = filters.classifications[0].partition("-")
        classification = db.session.query(Classification).filter_by(group=group, level=int(level)).first()
        data["classification_id"] = str(classification.id) if classification else ""
    if user is not None:
        data["hiring_manager_name"] = user.display_name
        data["hiring_manager_email"] = user.email
    return data


def _posted_filters(form: RequestForm) -> TalentFilters:
    try:
        data = json.loads(form.search.data or "{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise JobsError(_("The search could not be read. Start again from the find-talent page."))
    return checked_filters(data)


def _tracking_link(lang: str) -> Any:
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return lambda token: base + url_for("jobs_requests.track", lang_code=lang, token=token)


def _form_page(
    form: RequestForm, filters: TalentFilters | None, rows: list[SkillRow], code: int
) -> ResponseReturnValue:
    query = (request.form.get("skill_q") or "").strip() if request.method == "POST" else ""
    shown = shown_total(count(filters).total, filters, exact_counts()) if filters is not None else None
    return render_template(
        "jobs/requests/new.html",
        form=form,
        rows=_named(rows),
        guest=not current_user.is_authenticated,
        shown=shown,
        counted=shown is not None,
        small_count=SMALL_COUNT,
        find_args=query_args(filters.to_json()) if filters is not None else {},
        **skill_options(query, {r.key for r in rows}),
        field="add_skill",
        skill_levels=talent_vocab.SKILL_LEVELS,
    ), code


def _signed_in() -> bool:
    return bool(current_user.is_authenticated)


@bp.route("/talent-requests/new", methods=["GET", "POST"])
# Guests' requests e-mail the address they give: bound them (adding a skill posts the form too).
@limiter.limit("30 per hour", methods=["POST"], exempt_when=_signed_in)
def new() -> ResponseReturnValue:
    """GET: the form, from a search (its filters in the query string); POST: submit, or add or remove a
    skill (the page again, nothing stored)."""
    if not may_request():
        return render_template("jobs/requests/not_for_candidates.html"), 403
    user = current_account() if current_user.is_authenticated else None
    if request.method == "GET":
        return _blank_form(user)
    return _submit(user)


def _blank_form(user: User | None) -> ResponseReturnValue:
    try:
        filters = checked_filters(filter_data(request.args))
    except JobsError:
        # The find-talent page says what is wrong with the search.
        return redirect(url_for("jobs_find.find", **query_args(filter_data(request.args))))
    form = RequestForm(data=_initial(filters, user))
    reference_choices(form, current_language())
    return _form_page(form, filters, [SkillRow(key, "required", "") for key in filters.skills], 200)


def _submit(user: User | None) -> ResponseReturnValue:
    lang = current_language()
    form = RequestForm()
    reference_choices(form, lang)
    rows = _posted_rows(request.form)
    filters: TalentFilters | None = None
    try:
        filters = _posted_filters(form)
    except JobsError as exc:
        attach_error(form, JobsError(exc.message))  # at the top: the search is not a field
    action = request.form.get("action")
    searching = action == "skills" or (action != "submit" and (request.form.get("skill_q") or "").strip())
    if request.form.get("add_skill") or request.form.get("remove_skill") or searching:
        return _form_page(form, filters, rows, 200 if filters is not None else 422)
    if filters is None or not form.validate():
        return _form_page(form, filters, rows, 422)
    skills = [(r.key, r.kind, _level(r.level)) for r in rows]
    try:
        talent_request, token = requests.submit(
            user, filters, form.need(), skills, lang, link_for=_tracking_link(lang)
        )
    except JobsError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _form_page(form, filters, rows, status_for(form))
    db.session.commit()
    if token is None:
        flash(_("Your request was sent to the recruitment team."), "success")
        return redirect(url_for("jobs_requests.detail", request_id=talent_request.id))
    response = Response(
        render_template(
            "jobs/requests/guest_submitted.html",
            talent_request=talent_request,
            link=_tracking_link(lang)(token),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/talent-requests")
@requesters_only
def mine() -> ResponseReturnValue:
    stmt = requests.requests_of(current_account()).options(
        selectinload(TalentRequest.department), selectinload(TalentRequest.classification)
    )
    pagination = db.paginate(stmt, page=page_arg(), per_page=25, error_out=False)
    return render_template("jobs/requests/mine.html", pagination=pagination)


def _request_page(talent_request: TalentRequest, *, tracking: bool) -> ResponseReturnValue:
    lang = current_language()
    viewer = current_account() if current_user.is_authenticated else None
    context = search_context(talent_request, exact_counts(), lang)
    referred = referred_for_manager(talent_request, viewer)
    page = render_template(
        "jobs/requests/detail.html",
        talent_request=talent_request,
        referred=referred,
        tracking=tracking,
        **context,
    )
    # The audit records of the profiles shown. Committed once the page is rendered: a commit expires
    # every loaded row, and the template would then read each referred person's rows again, one by one.
    db.session.commit()
    response = Response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/talent-requests/<id:request_id>")
@requesters_only
def detail(request_id: int) -> ResponseReturnValue:
    talent_request = visible_or_404(request_id)
    if talent_request.requester_id != current_account().id:
        # The recruitment team works on requests from its own page.
        return redirect(url_for("jobs_request_team.request_page", request_id=talent_request.id))
    return _request_page(talent_request, tracking=False)


@bp.route("/talent-requests/track/<token>")
@limiter.limit("120 per hour")
def track(token: str) -> ResponseReturnValue:
    """A guest's request, reached with the private link e-mailed when it was submitted."""
    talent_request = requests.by_token(token) if len(token) <= TOKEN_MAX else None
    if talent_request is None:
        abort(404)
    response = _request_page(talent_request, tracking=True)
    if isinstance(response, Response):
        response.headers["Referrer-Policy"] = "no-referrer"  # the address is the key
    return response
