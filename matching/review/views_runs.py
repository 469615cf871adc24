"""Starting a match run, following its progress, comparing two runs, and the fairness check."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from jobs.models import TalentRequest
from matching import services
from matching.models import MatchRun
from matching.review import listing
from matching.review._common import RUNS, bp, request_or_404, run_or_404, staff_only
from matching.review.forms import StartRunForm, parse_ids, start_form
from talent.extensions import db
from talent.forms_util import attach_error
from talent.i18n import current_language
from talent.security import current_account


def _start_page(talent_request: TalentRequest, form: StartRunForm, code: int = 200) -> ResponseReturnValue:
    return render_template(
        "matching/start.html",
        talent_request=talent_request,
        form=form,
        runs=services.runs_of(talent_request),
        result_counts=services.result_counts(talent_request),
    ), code


@bp.route(RUNS, methods=["GET", "POST"])
@staff_only
def start(request_id: int) -> ResponseReturnValue:
    """The request's runs, and the form that starts a new one (pools ticked: those that fit the request)."""
    talent_request = request_or_404(request_id)
    lang = current_language()
    offered = services.usable_pools(current_account())
    if request.method == "GET":
        return _start_page(talent_request, start_form(lang, offered, services.default_pools(talent_request)))
    form = start_form(lang, offered, (), formdata=request.form)
    if not form.validate():
        return _start_page(talent_request, form, 422)
    try:
        run, created = services.start_run(current_account(), talent_request, form.pools.data)
    except services.MatchingError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _start_page(talent_request, form, 422)
    db.session.commit()
    if created:
        flash(_("The run is queued and will start shortly. This page shows its progress."), "success")
    else:
        flash(_("A run of this request with these pools was already under way: here it is."), "info")
    return redirect(url_for("matching_review.run", request_id=talent_request.id, run_id=run.id), 303)


@bp.route(RUNS + "/runs/<id:run_id>/progress")
@staff_only
def progress(request_id: int, run_id: int) -> ResponseReturnValue:
    """The run's status and progress bar, polled by the run page every 2 s until the run finishes; then
    htmx reloads the page (``HX-Refresh``) to show the results."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    response = make_response(
        render_template("matching/_progress.html", talent_request=talent_request, run=run)
    )
    if run.finished and request.headers.get("HX-Request"):
        response.headers["HX-Refresh"] = "true"
    return response


def _other_run(talent_request: TalentRequest, run: MatchRun) -> MatchRun | None:
    """The run to compare with: ``?with=<id>`` (a finished run of the same request), else the one before."""
    raw = request.args.get("with")
    if raw in (None, ""):
        return listing.previous_done(run)
    ids = parse_ids([raw])
    other = run_or_404(talent_request, ids[0]) if ids else None
    if other is None or other.status != "done" or other.id == run.id:
        abort(404)
    return other


@bp.route(RUNS + "/runs/<id:run_id>/compare")
@staff_only
def compare(request_id: int, run_id: int) -> ResponseReturnValue:
    """Who is new, who is gone and who moved between this run and another finished run of the request."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    if run.status != "done":
        abort(404)
    other = _other_run(talent_request, run)
    result = None
    if other is not None:
        older, newer = (other, run) if other.id < run.id else (run, other)
        result = listing.comparison(older, newer)
    return render_template(
        "matching/compare.html",
        talent_request=talent_request,
        run=run,
        other=other,
        others=[r for r in listing.done_runs(talent_request) if r.id != run.id],
        result=result,
    )


@bp.route(RUNS + "/runs/<id:run_id>/fairness")
@staff_only
def fairness(request_id: int, run_id: int) -> ResponseReturnValue:
    """The four-fifths check of the review and of the referral step, in aggregate only."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    if run.status != "done":
        abort(404)
    return render_template(
        "matching/fairness.html", talent_request=talent_request, run=run, tables=listing.fairness(run)
    )
