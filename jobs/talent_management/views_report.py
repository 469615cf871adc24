"""The programme's report (``jobs.services.programme_report``): over every event the signed-in coordinator
runs (administrators: every event) and for one event, each as a page of charts and tables and as a CSV of
the same figures, small counts hidden the same way in both. Another event's report is a 404."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jobs import csv_export, vocab
from jobs.models import NominationEvent
from jobs.services import programme_report
from jobs.services.disclosure import SMALL, Shown
from jobs.talent_management._common import bp, coordinators_only, event_or_404, events_run_by
from talent import clock
from talent.extensions import db
from talent.i18n import current_language
from talent.main.charts import chart, series
from talent.security import current_account
from talent.vocab import label

LINE_LABELS = {
    "people": {
        "nominees": _l("Nominees"),
        "approved": _l("Approved people"),
        "took_a_step": _l("Approved people who took a step"),
        "yet_to_take_a_step": _l("Approved people yet to take a step"),
        "not_approved": _l("Nominees not approved"),
    },
    "steps": {
        "selected": _l("Referred and selected"),
        "placed": _l("Placed from a pool"),
        "promoted": _l("Promotion recorded"),
    },
    "decisions": {
        "nominated": _l("Groups nominated"),
        "approved": _l("Groups approved"),
        "rejected": _l("Groups rejected"),
        "undecided": _l("Groups undecided"),
        "declined": _l("Groups declined by the nominee"),
    },
}
# The lines each chart draws: the people's chart leaves out the parts that only complete the table.
CHARTED = {"people": ("nominees", "approved", "took_a_step"), "decisions": programme_report.DECISIONS[1:]}


@dataclass(frozen=True)
class ReportPart:
    """A section of the report in words: its table rows (line, [count, percentage]) and its chart."""

    key: str
    title: str
    note: str
    rows: list[tuple[str, list[Any]]]
    chart: dict[str, Any] | None


def count_cell(shown: Shown) -> int | str:
    """A count as the viewer may read it (``jobs.services.disclosure``)."""
    if shown.exact is not None:
        return shown.exact
    if shown.hidden == "small":
        return _("fewer than %(small)d", small=SMALL)
    return _("withheld")


def _vocabulary(section: programme_report.Section) -> str:
    return section.key if section.key in ("people", "steps") else "decisions"


def _title(section: programme_report.Section) -> tuple[str, str]:
    if section.key == "people":
        return _("Nominees, approvals and steps"), _(
            "Percentages: approved people of nominees; people who took a step, or are yet to, of approved "
            "people; nominees not approved of nominees."
        )
    if section.key == "steps":
        return _("Steps taken after approval"), _(
            "Percentages of approved people. A person may have taken more than one kind of step."
        )
    return _("Decisions: %(kind)s", kind=label(vocab.NOMINATION_KINDS, section.key)), _(
        "Counted per group: a person nominated in two events counts in each. Percentages of the groups "
        "nominated."
    )


def parts(sections: tuple[programme_report.Section, ...]) -> list[ReportPart]:
    """The report's sections in words, with their charts: the page and the CSV alike."""
    made = []
    for section in sections:
        vocabulary = _vocabulary(section)
        labels, charted = LINE_LABELS[vocabulary], CHARTED.get(vocabulary)
        drawn = [line for line in section.lines if charted is None or line.key in charted]
        title, note = _title(section)
        unit = _("Groups") if vocabulary == "decisions" else _("People")
        made.append(
            ReportPart(
                key=section.key,
                title=title,
                note=note,
                rows=[
                    (
                        str(labels[line.key]),
                        [count_cell(line.count), "" if line.percent is None else line.percent],
                    )
                    for line in section.lines
                ],
                chart=chart(
                    [labels[line.key] for line in drawn], [series(unit, [line.count.exact for line in drawn])]
                ),
            )
        )
    return made


def _columns() -> list[str]:
    return [_("Figure"), _("Count"), _("Percentage (%)")]


def _page(event: NominationEvent | None, sections: tuple[programme_report.Section, ...]) -> str:
    viewer = current_account()
    return render_template(
        "talent_management/report.html",
        page_title=(
            _("Programme report: %(event)s", event=event.name(current_language()))
            if event
            else _("Programme report")
        ),
        event=event,
        events=[] if event else db.session.scalars(events_run_by(viewer)).all(),
        every_event=viewer.is_admin,
        parts=parts(sections),
        columns=_columns(),
        small=SMALL,
        csv_url=(url_for(".event_report_csv", event_id=event.id) if event else url_for(".report_csv")),
    )


def _csv(
    event: NominationEvent | None, sections: tuple[programme_report.Section, ...]
) -> ResponseReturnValue:
    if event is not None:
        scope = [_("Event"), event.name(current_language())]
    elif current_account().is_admin:
        scope = [_("Events"), _("Every nomination event")]
    else:
        scope = [_("Events"), _("Every nomination event you run")]

    def rows() -> Iterator[list[Any]]:
        yield [*scope, "", ""]
        for part in parts(sections):
            for item, cells in part.rows:
                yield [part.title, item, *cells]

    name = "programme-report-" + (f"event-{event.id}-" if event else "") + f"{clock.today().isoformat()}.csv"
    header = [_("Section"), *_columns()]
    return csv_export.csv_response(csv_export.csv_chunks(header, rows()), name)


@bp.route("/report")
@coordinators_only
def report() -> ResponseReturnValue:
    """The report over every event the coordinator runs (administrators: every event)."""
    return _page(None, programme_report.report(programme_report.viewer_scope(current_account())))


@bp.route("/report.csv")
@coordinators_only
def report_csv() -> ResponseReturnValue:
    return _csv(None, programme_report.report(programme_report.viewer_scope(current_account())))


@bp.route("/events/<id:event_id>/report")
@coordinators_only
def event_report(event_id: int) -> ResponseReturnValue:
    event = event_or_404(event_id)
    return _page(event, programme_report.report(programme_report.event_scope(event.id)))


@bp.route("/events/<id:event_id>/report.csv")
@coordinators_only
def event_report_csv(event_id: int) -> ResponseReturnValue:
    event = event_or_404(event_id)
    return _csv(event, programme_report.report(programme_report.event_scope(event.id)))
