"""A run's page: its status, what it used, and, once done, the ranked list the recruitment team reviews
(anonymous until a candidate is shortlisted or referred), decisions one by one or in bulk, and the CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from jobs import csv_export
from jobs.models import TalentRequest
from jobs.services import JobsError
from matching import services
from matching.models import MatchRun
from matching.review import listing
from matching.review._common import RUNS, bp, request_or_404, run_or_404, staff_only
from matching.review.forms import (
    DECISION_LABELS,
    BulkDecisionForm,
    DecisionForm,
    ReviewFilterForm,
    bulk_form,
    decision_form,
    filter_form,
    parse_ids,
)
from talent import audit
from talent.extensions import db
from talent.forms_util import attach_error, page_arg
from talent.i18n import current_language
from talent.models._types import utcnow
from talent.security import current_account

PAGE_SIZE = 25


def _filters() -> tuple[ReviewFilterForm, dict[str, str | None]]:
    form = filter_form(request.args)
    if not form.validate():
        return form, {}
    return form, {name: form[name].data or None for name in listing.FILTER_NAMES}


def _sort() -> listing.Sort:
    """The list's order from the query string (``sort``, ``dir``): anything unknown is the default order."""
    return listing.parse_sort(request.args.get("sort"), request.args.get("dir"))


def _review_args(filters: dict[str, str | None]) -> dict[str, Any]:
    """The list's filters, order and page, carried through the decision forms and back."""
    args: dict[str, Any] = {k: v for k, v in filters.items() if v}
    args.update(_sort().args)
    if page_arg() > 1:
        args["page"] = page_arg()
    return args


def _run_page(
    talent_request: TalentRequest,
    run: MatchRun,
    *,
    row_forms: dict[int, DecisionForm] | None = None,
    bulk: BulkDecisionForm | None = None,
    picked: Sequence[int] = (),
    error: str | None = None,
    code: int = 200,
) -> ResponseReturnValue:
    form, filters = _filters()
    done = run.status == "done"
    sort = _sort()
    rows = listing.sort_rows(listing.review_rows(run, filters, named=False), sort) if done else []
    page = listing.paginate(rows, page_arg(), PAGE_SIZE)
    page = replace(page, items=listing.with_details(page.items))
    row_forms = dict(row_forms or {})
    for row in page.items:
        row_forms.setdefault(row.rank, decision_form(row.rank, row.decision))
    return render_template(
        "matching/run.html",
        talent_request=talent_request,
        run=run,
        filter_form=form,
        filters=filters,
        review_args=_review_args(filters),
        export_args={k: v for k, v in filters.items() if v},
        sort=sort,
        run_pools=listing.processes(run.pools),
        picked=set(picked),
        page=page,
        row_forms=row_forms,
        bulk=bulk or bulk_form(),
        page_error=error,
        previous=listing.previous_done(run) if done else None,
    ), (422 if form.errors and code == 200 else code)


@bp.route(RUNS + "/runs/<id:run_id>")
@staff_only
def run(request_id: int, run_id: int) -> ResponseReturnValue:
    talent_request = request_or_404(request_id)
    return _run_page(talent_request, run_or_404(talent_request, run_id))


def _back(talent_request: TalentRequest, run: MatchRun, anchor: str = "") -> ResponseReturnValue:
    _form, filters = _filters()
    url = url_for("matching_review.run", request_id=talent_request.id, run_id=run.id, **_review_args(filters))
    return redirect(url + anchor, 303)


def _by_rank(run: MatchRun) -> dict[int, int]:
    """Rank -> user id in this run. The pages name candidates by rank, never by user id: an id would let
    anyone look the person up while the list is anonymous."""
    return {r.rank: r.user_id for r in run.results}


@bp.route(RUNS + "/runs/<id:run_id>/candidates/<int:rank>/decision", methods=["POST"])
@staff_only
def decide(request_id: int, run_id: int, rank: int) -> ResponseReturnValue:
    """The decision on one ranked candidate: shortlist, refer to the manager, not a fit (with a reason),
    or clear it; with notes."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    user_id = _by_rank(run).get(rank)
    if user_id is None:
        abort(404)
    form = decision_form(rank, formdata=request.form)
    if not form.validate():
        return _run_page(talent_request, run, row_forms={rank: form}, code=422)
    decision = None if form.decision.data == "clear" else form.decision.data
    try:
        services.decide(
            current_account(), talent_request, [user_id], decision, form.reason.data, form.notes.data
        )
    except (services.MatchingError, JobsError) as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _run_page(talent_request, run, row_forms={rank: form}, code=422)
    db.session.commit()
    flash(_("The decision on candidate #%(rank)d was saved.", rank=rank), "success")
    return _back(talent_request, run, f"#candidate-{rank}")


@bp.route(RUNS + "/runs/<id:run_id>/decisions", methods=["POST"])
@staff_only
def decide_bulk(request_id: int, run_id: int) -> ResponseReturnValue:
    """The same decision for every ticked candidate (ticks carry ranks). Nothing is written unless all of
    them can take it."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    form = bulk_form(request.form)
    valid = form.validate()
    ranks = parse_ids(request.form.getlist("candidates"))
    by_rank = _by_rank(run)
    if ranks is None or any(rank not in by_rank for rank in ranks):
        form.form_errors = [_("Choose candidates from the match list.")]
        return _run_page(talent_request, run, bulk=form, code=422)
    if not ranks:
        form.form_errors = [_("Tick at least one candidate in the list.")]
        return _run_page(talent_request, run, bulk=form, code=422)
    if not valid:
        return _run_page(talent_request, run, bulk=form, picked=ranks, code=422)
    decision = None if form.decision.data == "clear" else form.decision.data
    try:
        services.decide(
            current_account(),
            talent_request,
            [by_rank[r] for r in ranks],
            decision,
            form.reason.data,
            form.notes.data,
        )
    except (services.MatchingError, JobsError) as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _run_page(talent_request, run, bulk=form, picked=ranks, code=422)
    db.session.commit()
    count = len(set(ranks))
    flash(ngettext("%(num)d decision was saved.", "%(num)d decisions were saved.", count), "success")
    return _back(talent_request, run)


@bp.route(RUNS + "/runs/<id:run_id>/export.csv")
@staff_only
def export(request_id: int, run_id: int) -> Response:
    """The reviewed list (with the page's filters) as CSV: names only of revealed candidates, no equity
    data, no free text, safe from formula injection. Audited. The list holds at most the run's ``top``
    candidates (read at once, to audit how many were revealed); the file goes out ``BATCH_ROWS`` rows at a
    time."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    if run.status != "done":
        abort(404)
    _form, filters = _filters()
    rows = listing.review_rows(run, filters)
    lang = current_language()
    audit.record(
        "match.exported",
        actor=current_account(),
        target_type="talent_request",
        target_id=talent_request.id,
        run=run.id,
        count=len(rows),
        revealed=sum(1 for row in rows if row.revealed),
        filters={k: v for k, v in filters.items() if v},
    )
    filename = f"match-run-{run.id}-{utcnow().date().isoformat()}.csv"
    # Plain values before the commit expires the rows' records (no query per row afterwards).
    cells = [listing.csv_row(row, lang, DECISION_LABELS) for row in rows]
    db.session.commit()
    return csv_export.csv_response(csv_export.csv_chunks(listing.csv_header(), cells), filename)
