"""A run's page: its status, what it used, and, once done, the ranked list the recruitment team reviews
(anonymous until a candidate is shortlisted or referred; by tier then score unless asked otherwise),
decisions one by one (a row's quick actions and keyboard shortcuts post the same form) or in bulk, the
reviewer's private notes, two to four candidates side by side, and the CSV."""

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
from matching.review import comparing, listing, notes, reports
from matching.review._common import RUNS, bp, request_or_404, run_or_404, staff_only
from matching.review.forms import (
    DECISION_LABELS,
    BulkDecisionForm,
    DecisionForm,
    NoteForm,
    ReviewFilterForm,
    bulk_form,
    decision_form,
    filter_form,
    note_form,
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
    note_forms: dict[int, NoteForm] | None = None,
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
    note_forms = dict(note_forms or {})
    mine = notes.mine(current_account(), run, [row.user_id for row in page.items])
    for row in page.items:
        row_forms.setdefault(row.rank, decision_form(row.rank, row.decision))
        note_forms.setdefault(row.rank, note_form(row.rank, mine.get(row.user_id)))
    return render_template(
        "matching/run.html",
        talent_request=talent_request,
        run=run,
        filter_form=form,
        filters=filters,
        review_args=_review_args(filters),
        export_args={k: v for k, v in filters.items() if v},
        other_filters={k: v for k, v in filters.items() if v and k != "tier"},
        sort=sort,
        run_pools=listing.processes(run.pools),
        picked=set(picked),
        page=page,
        row_forms=row_forms,
        note_forms=note_forms,
        notes=mine,
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
            current_account(),
            talent_request,
            [user_id],
            decision,
            form.reason.data,
            form.notes.data,
            run=run,
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
    them can take it. The form's other button (``bulk-action=compare``) shows two to four ticked candidates
    side by side instead (a redirect to the comparison: nothing is written)."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    form = bulk_form(request.form)
    ranks = parse_ids(request.form.getlist("candidates"))
    by_rank = _by_rank(run)
    if ranks is None or any(rank not in by_rank for rank in ranks):
        form.form_errors = [_("Choose candidates from the match list.")]
        return _run_page(talent_request, run, bulk=form, code=422)
    if request.form.get("bulk-action") == "compare":
        picked = list(dict.fromkeys(ranks))
        if not comparing.COMPARED_MIN <= len(picked) <= comparing.COMPARED_MAX:
            form.form_errors = [_compare_error()]
            return _run_page(talent_request, run, bulk=form, picked=picked, code=422)
        url = url_for(
            "matching_review.compare_candidates", request_id=talent_request.id, run_id=run.id, c=picked
        )
        return redirect(url, 303)
    valid = form.validate()
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
            run=run,
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
    cells = [reports.csv_row(row, lang, DECISION_LABELS) for row in rows]
    db.session.commit()
    return csv_export.csv_response(csv_export.csv_chunks(reports.csv_header(), cells), filename)


@bp.route(RUNS + "/runs/<id:run_id>/candidates/<int:rank>/note", methods=["POST"])
@staff_only
def note(request_id: int, run_id: int, rank: int) -> ResponseReturnValue:
    """The signed-in reviewer's private note on one ranked candidate (written, changed, or deleted when
    empty). The author is always the signed-in account: no one reaches another reviewer's note."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    user_id = _by_rank(run).get(rank)
    if user_id is None or run.status != "done":
        abort(404)
    form = note_form(rank, formdata=request.form)
    if not form.validate():
        return _run_page(talent_request, run, note_forms={rank: form}, code=422)
    try:
        saved = notes.save(current_account(), run, user_id, form.text.data)
    except services.MatchingError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return _run_page(talent_request, run, note_forms={rank: form}, code=422)
    db.session.commit()
    if saved is None:
        flash(_("Your note on candidate #%(rank)d was deleted.", rank=rank), "success")
    else:
        flash(_("Your note on candidate #%(rank)d was saved.", rank=rank), "success")
    return _back(talent_request, run, f"#candidate-{rank}")


def _compare_error() -> str:
    return _(
        "Tick between %(min)d and %(max)d candidates to compare them side by side.",
        min=comparing.COMPARED_MIN,
        max=comparing.COMPARED_MAX,
    )


@bp.route(RUNS + "/runs/<id:run_id>/candidates/compare")
@staff_only
def compare_candidates(request_id: int, run_id: int) -> ResponseReturnValue:
    """Two to four ranked candidates of the run side by side (``?c=<rank>&c=<rank>...``): ranks not in the
    run are a 404; fewer than two or more than four, the page says so (422)."""
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    if run.status != "done":
        abort(404)
    ranks = parse_ids(request.args.getlist("c"))
    if ranks is None:
        abort(404)
    ranks = list(dict.fromkeys(ranks))
    if not comparing.COMPARED_MIN <= len(ranks) <= comparing.COMPARED_MAX:
        return render_template(
            "matching/compare.html",
            talent_request=talent_request,
            run=run,
            people=None,
            compare_error=_compare_error(),
        ), 422
    try:
        wanted, sides = comparing.candidates(run, ranks)
    except LookupError:
        abort(404)
    return render_template(
        "matching/compare.html",
        talent_request=talent_request,
        run=run,
        people=sides,
        wanted=wanted,
        compare_error=None,
    )
