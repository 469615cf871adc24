"""Starting a match run, following its progress, comparing two runs, and the fairness check (with its charts
and CSV)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from jobs import csv_export
from jobs.models import TalentRequest
from matching import services
from matching.models import MatchRun
from matching.review import comparing, listing, reports
from matching.review._common import RUNS, bp, request_or_404, run_or_404, staff_only
from matching.review.forms import StartRunForm, parse_ids, start_form
from talent import vocab as talent_vocab
from talent.extensions import db
from talent.forms_util import attach_error
from talent.i18n import current_language
from talent.main.charts import chart, series
from talent.security import current_account
from talent.vocab import label


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
    """The request's runs, and the form that starts a new one (pools ticked: those that fit the request;
    the programme's people included unless unticked)."""
    talent_request = request_or_404(request_id)
    lang = current_language()
    offered = services.usable_pools(current_account())
    if request.method == "GET":
        return _start_page(talent_request, start_form(lang, offered, services.default_pools(talent_request)))
    form = start_form(lang, offered, (), formdata=request.form)
    if not form.validate():
        return _start_page(talent_request, form, 422)
    try:
        run, created = services.start_run(
            current_account(), talent_request, form.pools.data, programme=bool(form.programme.data)
        )
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
        result = comparing.comparison(older, newer)
    return render_template(
        "matching/compare.html",
        talent_request=talent_request,
        run=run,
        other=other,
        others=[r for r in listing.done_runs(talent_request) if r.id != run.id],
        result=result,
    )


def _fair_run(request_id: int, run_id: int) -> tuple[TalentRequest, MatchRun]:
    talent_request = request_or_404(request_id)
    run = run_or_404(talent_request, run_id)
    if run.status != "done":
        abort(404)
    return talent_request, run


def _fairness_steps() -> dict[str, str]:
    return {
        "review": _("Review: shortlisted or referred among the ranked candidates"),
        "referral": _("Referral: referred among the shortlisted candidates"),
    }


def _rate(selected: int, total: int) -> float:
    return round(100 * selected / total, 1) if total else 0.0


def _fairness_chart(rates: list[services.GroupRate] | None) -> dict[str, Any] | None:
    """Each group's selection rate beside everyone else's, in percent (aggregates only)."""
    if not rates:
        return None
    return chart(
        [label(talent_vocab.EQUITY_GROUPS, g.group) for g in rates],
        [
            series(_("Selected in the group"), [_rate(g.selected_in_group, g.in_group) for g in rates]),
            series(_("Selected among everyone else"), [_rate(g.selected_others, g.others) for g in rates]),
        ],
        percent=True,
    )


@bp.route(RUNS + "/runs/<id:run_id>/fairness")
@staff_only
def fairness(request_id: int, run_id: int) -> ResponseReturnValue:
    """The four-fifths check of the review and of the referral step, in aggregate only, charted."""
    talent_request, run = _fair_run(request_id, run_id)
    tables = reports.fairness(run)
    return render_template(
        "matching/fairness.html",
        talent_request=talent_request,
        run=run,
        tables=tables,
        charts={step: _fairness_chart(rates) for step, rates in tables.items()},
    )


@bp.route(RUNS + "/runs/<id:run_id>/fairness.csv")
@staff_only
def fairness_csv(request_id: int, run_id: int) -> ResponseReturnValue:
    """The fairness check's figures: per step and self-declared group, the counts and the ratio of the rates.
    Aggregates only; a step whose groups are too small to report has one row that says so."""
    talent_request, run = _fair_run(request_id, run_id)
    tables = reports.fairness(run)
    header = [
        _("Step"),
        _("Group (self-declared)"),
        _("Selected in the group"),
        _("In the group"),
        _("Selected among everyone else"),
        _("Everyone else"),
        _("Ratio of the rates"),
        _("Four-fifths rule"),
    ]
    rows: list[list[Any]] = []
    for step, name in _fairness_steps().items():
        rates = tables.get(step)
        if not rates:
            rows.append([name, _("The groups are too small to report."), "", "", "", "", "", ""])
            continue
        for g in rates:
            if g.adverse:
                verdict = _("Below four fifths: review the decisions")
            elif g.ratio is None:
                verdict = _("No one else was selected")
            else:
                verdict = _("At or above four fifths")
            rows.append(
                [
                    name,
                    label(talent_vocab.EQUITY_GROUPS, g.group),
                    g.selected_in_group,
                    g.in_group,
                    g.selected_others,
                    g.others,
                    "" if g.ratio is None else f"{g.ratio:.2f}",
                    verdict,
                ]
            )
    filename = f"fairness-request-{talent_request.id}-run-{run.id}.csv"
    return csv_export.csv_response(csv_export.csv_chunks(header, rows), filename)
