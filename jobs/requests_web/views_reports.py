"""The recruitment team's report on talent requests (``request_report``), for a period, and its CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jobs import csv_export, vocab
from jobs.requests_web._common import staff_only, team_bp
from jobs.requests_web.forms import ReportForm
from jobs.services.reports import RequestReport, request_report
from jobs.services.request_views import departments
from talent.i18n import current_language
from talent.vocab import label

_end_before_start = _l("The end date cannot be before the start date.")


def _period() -> tuple[ReportForm, date | None, date | None]:
    form = ReportForm(request.args)
    if not form.validate():
        return form, None, None
    start, end = form.start.data, form.end.data
    if start and end and end < start:
        form.end.errors = [*form.end.errors, str(_end_before_start)]
        return form, None, None
    return form, start, end


def _rows(report: RequestReport, lang: str) -> list[tuple[str, str, Any]]:
    """Every number of the report as (section, item, value): the page's tables and the CSV alike."""
    names = departments(d for d, _n in report.by_department)
    rows: list[tuple[str, str, Any]] = [(_("Requests received"), _("Total"), report.total)]
    rows += [(_("Requests received per month"), month, n) for month, n in report.per_month]
    rows += [(_("Requests by status"), label(vocab.REQUEST_STATUSES, s), n) for s, n in report.by_status]
    rows += [
        (
            _("Requests by department"),
            names[d].name(lang) if d is not None and d in names else _("Not given"),
            n,
        )
        for d, n in report.by_department
    ]
    median = report.median_days_to_first_referral
    rows += [
        (_("Referrals"), _("Median days from request to first referral"), "" if median is None else median),
        (_("Referrals"), _("Requests with at least one referral"), report.requests_with_referrals),
        (_("Referrals"), _("Candidates referred"), report.referrals),
        (_("Referrals"), _("Candidates not referred"), report.not_referred),
        (_("Referrals"), _("Candidates declined by themselves"), report.declined),
        (_("Selections"), _("Selected"), report.selected),
        (_("Selections"), _("Not selected"), report.not_selected),
    ]
    return rows


@team_bp.route("/reports")
@staff_only
def reports() -> ResponseReturnValue:
    form, start, end = _period()
    if form.errors:
        return render_template("jobs/requests/reports.html", form=form, report=None, rows=[], args={}), 422
    report = request_report(start, end)
    args = {k: v.isoformat() for k, v in (("start", start), ("end", end)) if v}
    return render_template(
        "jobs/requests/reports.html",
        form=form,
        report=report,
        rows=_rows(report, current_language()),
        args=args,
    )


@team_bp.route("/reports.csv")
@staff_only
def reports_csv() -> ResponseReturnValue:
    form, start, end = _period()
    if form.errors:
        return render_template("jobs/requests/reports.html", form=form, report=None, rows=[], args={}), 422
    report = request_report(start, end)
    header = [_("Section"), _("Item"), _("Value")]
    period = [
        (_("Period"), _("From"), start.isoformat() if start else ""),
        (_("Period"), _("To"), end.isoformat() if end else ""),
    ]
    rows = [*period, *_rows(report, current_language())]
    suffix = "-".join(d.isoformat() for d in (start, end) if d) or date.today().isoformat()
    return csv_export.csv_response(
        csv_export.csv_chunks(header, rows), f"talent-requests-report-{suffix}.csv"
    )
