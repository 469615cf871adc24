"""Reports and figures, each as a page with charts and tables and as a CSV:

- the recruitment team's report on talent requests (``request_report``), for a period;
- the pipeline of the processes a recruiter runs (the dashboard's funnel, every process in the CSV);
- the public programme page (``/<lang>/programme``): monthly aggregates for anyone, small numbers hidden.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jobs import csv_export, vocab
from jobs.dashboards import programme as programme_figures
from jobs.dashboards import team
from jobs.requests_web._common import bp, staff_only, team_bp
from jobs.requests_web.forms import ReportForm
from jobs.services.disclosure import SMALL, Shown
from jobs.services.reports import RequestReport, request_report
from jobs.services.request_views import departments
from talent.i18n import current_language
from talent.main.charts import chart, series
from talent.security import current_account
from talent.vocab import label

_end_before_start = _l("The end date cannot be before the start date.")

# The recruitment side's dashboard sections, added when the app registers this blueprint.


def _period() -> tuple[ReportForm, date | None, date | None]:
    form = ReportForm(request.args)
    if not form.validate():
        return form, None, None
    start, end = form.start.data, form.end.data
    if start and end and end < start:
        form.end.errors = [*form.end.errors, str(_end_before_start)]
        return form, None, None
    return form, start, end


@dataclass(frozen=True)
class ReportSection:
    """One table of the report (its rows as (item, value)), with the chart of its numbers, if any."""

    key: str
    title: str
    rows: list[tuple[str, Any]]
    chart: dict[str, Any] | None = None

    @property
    def table_rows(self) -> list[tuple[str, list[Any]]]:
        return [(item, [value]) for item, value in self.rows]


# The report's sections, by the key a CSV of one section is asked for with (``?section=``).
SECTION_KEYS = ("total", "per_month", "by_status", "by_department", "referrals", "selections")


def _bar(key: str, title: str, rows: list[tuple[str, Any]], *, horizontal: bool = False) -> ReportSection:
    items = [item for item, _value in rows]
    values = [value for _item, value in rows]
    return ReportSection(key, title, rows, chart(items, [series(title, values)], horizontal=horizontal))


def _sections(report: RequestReport, lang: str) -> list[ReportSection]:
    """Every number of the report, by section: the page's tables and charts, and the CSV alike."""
    names = departments(d for d, _n in report.by_department)
    median = report.median_days_to_first_referral
    referrals = [
        (_("Candidates referred"), report.referrals),
        (_("Candidates not referred"), report.not_referred),
        (_("Candidates declined by themselves"), report.declined),
    ]
    return [
        ReportSection("total", _("Requests received"), [(_("Total"), report.total)]),
        _bar("per_month", _("Requests received per month"), list(report.per_month)),
        _bar(
            "by_status",
            _("Requests by status"),
            [(label(vocab.REQUEST_STATUSES, s), n) for s, n in report.by_status],
        ),
        _bar(
            "by_department",
            _("Requests by department"),
            [
                (names[d].name(lang) if d is not None and d in names else _("Not given"), n)
                for d, n in report.by_department
            ],
            horizontal=True,
        ),
        ReportSection(
            "referrals",
            _("Referrals"),
            [
                (_("Median days from request to first referral"), "" if median is None else median),
                (_("Requests with at least one referral"), report.requests_with_referrals),
                referrals[0],
                referrals[1],
                referrals[2],
            ],
            chart([item for item, _n in referrals], [series(_("Referrals"), [n for _i, n in referrals])]),
        ),
        _bar(
            "selections",
            _("Selections"),
            [(_("Selected"), report.selected), (_("Not selected"), report.not_selected)],
        ),
    ]


def _rows(sections: list[ReportSection]) -> list[tuple[str, str, Any]]:
    return [(section.title, item, value) for section in sections for item, value in section.rows]


def _report_page(form: ReportForm, report: RequestReport | None, args: dict[str, str]) -> str:
    return render_template(
        "jobs/requests/reports.html",
        form=form,
        report=report,
        sections=_sections(report, current_language()) if report else [],
        args=args,
    )


@team_bp.route("/reports")
@staff_only
def reports() -> ResponseReturnValue:
    form, start, end = _period()
    if form.errors:
        return _report_page(form, None, {}), 422
    args = {k: v.isoformat() for k, v in (("start", start), ("end", end)) if v}
    return _report_page(form, request_report(start, end), args)


@team_bp.route("/reports.csv")
@staff_only
def reports_csv() -> ResponseReturnValue:
    """The whole report, or one section of it (``?section=<key>``, a key of ``SECTION_KEYS``)."""
    form, start, end = _period()
    if form.errors:
        return _report_page(form, None, {}), 422
    only = request.args.get("section")
    if only is not None and only not in SECTION_KEYS:
        abort(404)
    sections = _sections(request_report(start, end), current_language())
    header = [_("Section"), _("Item"), _("Value")]
    period = [
        (_("Period"), _("From"), start.isoformat() if start else ""),
        (_("Period"), _("To"), end.isoformat() if end else ""),
    ]
    rows = [*period, *_rows([s for s in sections if only in (None, s.key)])]
    suffix = "-".join(d.isoformat() for d in (start, end) if d) or date.today().isoformat()
    name = f"talent-requests-report{'-' + only.replace('_', '-') if only else ''}-{suffix}.csv"
    return csv_export.csv_response(csv_export.csv_chunks(header, rows), name)


# --- The pipeline of a recruiter's processes ----------------------------------------------------------------


@team_bp.route("/reports/pipeline.csv")
@staff_only
def pipeline_csv() -> ResponseReturnValue:
    """Every published, unarchived process the signed-in recruiter runs (admins: all), with how many of its
    applicants reached each stage. Streamed: one row per process, read in batches."""
    header = [_("Process"), _("Job advertisement"), *team.stage_labels()]
    rows = (
        [p.process_id, p.title, *p.counts]
        for p in team.all_pipelines(current_account(), csv_export.BATCH_ROWS)
    )
    name = f"pipeline-{date.today().isoformat()}.csv"
    return csv_export.csv_response(csv_export.csv_chunks(header, rows), name)


# --- The public programme page ------------------------------------------------------------------------------


def shown_text(shown: Shown) -> str | int:
    """A count as the public may read it (``jobs.services.disclosure``)."""
    if shown.exact is not None:
        return shown.exact
    if shown.hidden == "small":
        return _("fewer than %(small)d", small=SMALL)
    return _("withheld")


def _programme_rows(months: list[programme_figures.Month]) -> list[tuple[str, list[Any]]]:
    return [
        (
            m.month,
            [
                shown_text(m.requests),
                shown_text(m.referred),
                shown_text(m.placements),
                "" if m.median_days is None else m.median_days,
            ],
        )
        for m in months
    ]


def programme_columns() -> list[str]:
    return [
        _("Month"),
        _("Talent requests received"),
        _("Candidates referred"),
        _("Placements (hire made)"),
        _("Median days from request to first referral"),
    ]


@bp.route("/programme")
def programme() -> ResponseReturnValue:
    """The programme in figures, for everyone: aggregates only, small numbers hidden."""
    months = programme_figures.programme()
    labels = [m.month for m in months]
    counts = chart(
        labels,
        [
            series(_("Talent requests received"), [m.requests.exact for m in months]),
            series(_("Candidates referred"), [m.referred.exact for m in months]),
            series(_("Placements (hire made)"), [m.placements.exact for m in months]),
        ],
    )
    medians = chart(
        labels,
        [series(_("Median days from request to first referral"), [m.median_days for m in months])],
        kind="line",
    )
    return render_template(
        "jobs/requests/programme.html",
        months=months,
        columns=programme_columns(),
        rows=_programme_rows(months),
        counts_chart=counts,
        medians_chart=medians,
        small=SMALL,
        csv_url=url_for("jobs_requests.programme_csv"),
    )


@bp.route("/programme.csv")
def programme_csv() -> ResponseReturnValue:
    months = programme_figures.programme()

    def rows() -> Iterator[list[Any]]:
        for month, cells in _programme_rows(months):
            yield [month, *cells]

    name = f"programme-{months[0].month}-to-{months[-1].month}.csv"
    return csv_export.csv_response(csv_export.csv_chunks(programme_columns(), rows()), name)
