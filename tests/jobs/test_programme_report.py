"""The programme's report (issue 16, ``jobs.services.programme_report``): each figure on small worlds built
with the models, counted by hand; "took a step" at its edges (a second before and after the approval, the
day before and the same day in the reference time zone); small counts hidden (4 hidden, 5 shown) with their
complements and percentages, on the page and in the CSV alike; a person in two events counted once
overall; coordinators see the events they run only; the charts carry the table's numbers; a fixed number
of statements whatever the number of people."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest

from jobs.models import (
    Application,
    Nomination,
    NominationDecision,
    NominationEvent,
    NominationGroup,
    Placement,
    Process,
    Referral,
    TalentRequest,
)
from jobs.services import programme_report as report
from jobs.services.disclosure import SMALL
from tests.conftest import login
from tests.querycount import assert_flat, count_queries

# The approval every world is built around: 10:00 on January 15 in Ottawa (15:00 UTC).
T = datetime(2026, 1, 15, 15, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
OVERALL = "/en/talent-management/report"


def event_page(event, lang="en", csv_file=False):
    return f"/{lang}/talent-management/events/{event.id}/report{'.csv' if csv_file else ''}"


class Builder:
    """Events, groups, decisions and steps, written straight with the models."""

    def __init__(self, db, make_user):
        self.db, self.make_user = db, make_user

    def event(self, *coordinators, name="Digital leaders 2026"):
        event = NominationEvent(
            name_en=name,
            name_fr=f"{name} (FR)",
            opens_at=T - timedelta(days=60),
            closes_at=T - timedelta(days=30),
            coordinators=list(coordinators),
        )
        self.db.session.add(event)
        self.db.session.commit()
        return event

    def group(self, event, person=None, kinds=("advancement",), *, declined=False):
        """``person``'s group in ``event`` (a new person by default), nominated for ``kinds`` by one
        submitted nomination of their own."""
        person = person or self.make_user("candidate")
        group = NominationGroup(event_id=event.id, nominee_id=person.id, declined_at=T if declined else None)
        self.db.session.add(group)
        self.db.session.flush()
        self.db.session.add(
            Nomination(
                event_id=event.id,
                nominator_id=person.id,
                nominee_id=person.id,
                group_id=group.id,
                relationship_to_nominee="self",
                submitted_at=T - timedelta(days=40),
                **{f"for_{kind}": True for kind in kinds},
            )
        )
        self.db.session.commit()
        return group

    def decide(self, group, kind, decision, at=T):
        setattr(group, f"{kind}_decision", decision)
        self.db.session.add(
            NominationDecision(group_id=group.id, kind=kind, decision=decision, decided_at=at)
        )
        self.db.session.commit()

    def approved(self, event, person=None, kinds=("advancement",), at=T, **fields):
        group = self.group(event, person, kinds, **fields)
        for kind in kinds:
            self.decide(group, kind, "approved", at)
        return group

    def selected(self, group, at, selection="selected"):
        talent_request = TalentRequest(job_title="Data engineer")
        self.db.session.add(talent_request)
        self.db.session.flush()
        self.db.session.add(
            Referral(
                request_id=talent_request.id,
                user_id=group.nominee_id,
                referred=True,
                decided_at=at - DAY,
                selection=selection,
                selection_at=at,
            )
        )
        self.db.session.commit()

    def placed(self, group, at, placement=Placement.TERM):
        process = Process()
        self.db.session.add(process)
        self.db.session.flush()
        self.db.session.add(
            Application(process_id=process.id, user_id=group.nominee_id, placement=placement, placed_at=at)
        )
        self.db.session.commit()

    def promoted(self, group, day):
        group.promoted_on = day
        self.db.session.commit()


@pytest.fixture
def build(db, make_user):
    return Builder(db, make_user)


def exact(sections):
    """Every line's shown count (exact number, "small" or "withheld") and percentage, by section."""
    return {
        s.key: {
            line.key: (line.count.exact if line.count.visible else line.count.hidden, line.percent)
            for line in s.lines
        }
        for s in sections
    }


# --- Each figure --------------------------------------------------------------------------------------------


def test_each_figure_on_a_small_world(app, db, build):
    """Seven people, counted by hand: five nominated for advancement (one declined), two for lateral
    movement (both rejected), one for development (undecided); four approved; three took a step, one of
    each kind; one only took steps before the approval."""
    event = build.event()
    p1 = build.approved(event)
    build.selected(p1, T + SECOND)  # step: selected
    p2 = build.group(event, kinds=("advancement", "lateral"))
    build.decide(p2, "advancement", "approved")
    build.decide(p2, "lateral", "rejected")
    build.placed(p2, T + DAY)  # step: placed
    p3 = build.group(event, kinds=("lateral",))
    build.decide(p3, "lateral", "rejected")
    build.group(event, kinds=("development",))  # undecided
    p5 = build.approved(event, declined=True)  # declined: not approved, counted apart
    build.selected(p5, T + DAY)
    p6 = build.approved(event)
    build.promoted(p6, T.date())  # step: promoted (the same day)
    build.selected(p6, T - SECOND)
    p7 = build.approved(event)  # steps before the approval only
    build.selected(p7, T - SECOND)
    build.placed(p7, T - DAY)
    build.promoted(p7, T.date() - DAY)
    scope = report.event_scope(event.id)

    assert report.nominees(scope) == 7
    assert report.approved_people(scope) == 4  # p1, p2, p6, p7
    assert report.steps(scope) == report.Steps(took_a_step=3, selected=1, placed=1, promoted=1)
    assert report.decisions_by_kind(scope) == (
        report.KindDecisions("advancement", nominated=5, approved=4, rejected=0, undecided=0, declined=1),
        report.KindDecisions("lateral", nominated=2, approved=0, rejected=2, undecided=0, declined=0),
        report.KindDecisions("development", nominated=1, approved=0, rejected=0, undecided=1, declined=0),
    )


def test_a_group_nominated_for_a_kind_is_counted_under_it_only(app, db, build):
    """A draft names no kind, and a decision on a kind no submitted nomination names is not counted."""
    event = build.event()
    group = build.group(event, kinds=("advancement",))
    db.session.add(
        Nomination(
            event_id=event.id,
            nominator_id=build.make_user("candidate").id,
            nominee_id=group.nominee_id,
            group_id=group.id,
            for_lateral=True,  # a draft: not submitted
        )
    )
    build.decide(group, "lateral", "approved")  # on a kind not nominated
    scope = report.event_scope(event.id)
    kinds = {k.kind: k for k in report.decisions_by_kind(scope)}
    assert kinds["advancement"].nominated == 1 and kinds["advancement"].undecided == 1
    assert kinds["lateral"].nominated == 0 and kinds["lateral"].approved == 0
    assert report.approved_people(scope) == 0


def test_a_reversed_approval_is_no_approval_but_the_first_approval_starts_the_clock(app, db, build):
    event = build.event()
    reversed_ = build.approved(event)
    build.decide(reversed_, "advancement", "rejected", T + DAY)
    build.selected(reversed_, T + 2 * DAY)
    twice = build.group(event, kinds=("advancement", "lateral"))
    build.decide(twice, "lateral", "approved", T)
    build.decide(twice, "advancement", "approved", T + 2 * DAY)
    build.selected(twice, T + DAY)  # after the first approval, before the second
    scope = report.event_scope(event.id)
    assert report.approved_people(scope) == 1
    assert report.steps(scope) == report.Steps(took_a_step=1, selected=1, placed=0, promoted=0)


# --- "Took a step" at its edges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "counts"), [(-SECOND, False), (timedelta(0), False), (SECOND, True), (30 * DAY, True)]
)
def test_a_selection_counts_only_after_the_approval(app, db, build, offset, counts):
    event = build.event()
    build.selected(build.approved(event), T + offset)
    assert report.steps(report.event_scope(event.id)).selected == int(counts)


def test_only_a_selection_counts_as_a_step_on_a_referral(app, db, build):
    event = build.event()
    build.selected(build.approved(event), T + DAY, selection="not_selected")
    build.selected(build.approved(event), T + DAY, selection=None)
    assert report.steps(report.event_scope(event.id)).took_a_step == 0


@pytest.mark.parametrize(("offset", "counts"), [(-SECOND, False), (timedelta(0), False), (SECOND, True)])
def test_a_placement_counts_only_after_the_approval(app, db, build, offset, counts):
    event = build.event()
    build.placed(build.approved(event), T + offset)
    assert report.steps(report.event_scope(event.id)).placed == int(counts)


def test_an_application_not_placed_is_no_step(app, db, build):
    event = build.event()
    build.placed(build.approved(event), T + DAY, placement=None)
    assert report.steps(report.event_scope(event.id)).took_a_step == 0


@pytest.mark.parametrize(("days", "counts"), [(-1, False), (0, True), (1, True)])
def test_a_promotion_counts_from_the_day_of_the_approval(app, db, build, days, counts):
    event = build.event()
    build.promoted(build.approved(event), T.date() + timedelta(days=days))
    assert report.steps(report.event_scope(event.id)).promoted == int(counts)


@pytest.mark.parametrize(("promoted_on", "counts"), [(date(2026, 1, 13), False), (date(2026, 1, 14), True)])
def test_the_day_of_the_approval_is_the_reference_time_zones(app, db, build, promoted_on, counts):
    """Approved at 03:00 UTC on January 15: 22:00 on January 14 in Ottawa, so a promotion on the 14th is on
    the day of the approval."""
    event = build.event()
    build.promoted(build.approved(event, at=datetime(2026, 1, 15, 3, 0, tzinfo=UTC)), promoted_on)
    assert report.steps(report.event_scope(event.id)).promoted == int(counts)


def test_a_promotion_recorded_in_another_event_is_a_step_of_the_person(app, db, build):
    """Promotions are the person's: recorded on their group of a later event, it is a step after the
    approval of the first event, and not after the later one's (it came before)."""
    first, later = build.event(name="First"), build.event(name="Later")
    group = build.approved(first)
    person = group.nominee
    later_group = build.approved(later, person, at=T + 10 * DAY)
    build.promoted(later_group, T.date() + 5 * DAY)
    assert report.steps(report.event_scope(first.id)).promoted == 1
    assert report.steps(report.event_scope(later.id)).promoted == 0


def test_a_person_with_several_steps_took_a_step_once(app, db, build):
    event = build.event()
    group = build.approved(event)
    build.selected(group, T + DAY)
    build.selected(group, T + 2 * DAY)
    build.placed(group, T + DAY)
    build.promoted(group, T.date() + DAY)
    assert report.steps(report.event_scope(event.id)) == report.Steps(1, 1, 1, 1)


def test_a_declined_group_is_no_approval(app, db, build):
    event = build.event()
    build.selected(build.approved(event, declined=True), T + DAY)
    scope = report.event_scope(event.id)
    assert (report.nominees(scope), report.approved_people(scope), report.steps(scope).took_a_step) == (
        1,
        0,
        0,
    )


# --- Overall ------------------------------------------------------------------------------------------------


def test_overall_a_person_in_two_events_is_counted_once(app, db, build, make_user):
    admin = make_user("admin")
    first, second = build.event(name="First"), build.event(name="Second")
    group = build.approved(first)
    build.approved(second, group.nominee, at=T + DAY)
    build.selected(group, T + 2 * DAY)  # after both approvals
    build.group(second)  # someone else, undecided
    overall = report.viewer_scope(admin)
    assert report.nominees(overall) == 2
    assert report.approved_people(overall) == 1
    assert report.steps(overall).took_a_step == 1
    advancement = report.decisions_by_kind(overall)[0]
    assert (advancement.nominated, advancement.approved, advancement.undecided) == (3, 2, 1)  # groups
    for event in (first, second):
        assert report.approved_people(report.event_scope(event.id)) == 1
        assert report.steps(report.event_scope(event.id)).took_a_step == 1


def test_overall_a_step_between_two_approvals_counts_once_for_the_person(app, db, build, make_user):
    first, second = build.event(name="First"), build.event(name="Second")
    group = build.approved(first)
    build.approved(second, group.nominee, at=T + 10 * DAY)
    build.selected(group, T + DAY)  # after the first event's approval, before the second's
    overall = report.viewer_scope(make_user("admin"))
    assert report.steps(overall).took_a_step == 1
    assert report.steps(report.event_scope(second.id)).took_a_step == 0


def test_overall_covers_the_events_the_coordinator_runs_and_every_event_for_admins(app, db, build, make_user):
    mine, theirs = make_user("coordinator"), make_user("coordinator")
    own = build.event(mine, name="Own")
    other = build.event(theirs, name="Other")
    shared = build.event(mine, theirs, name="Shared")
    build.approved(own)
    build.group(other)
    build.group(other)
    build.group(shared)
    assert report.nominees(report.viewer_scope(mine)) == 2
    assert report.nominees(report.viewer_scope(theirs)) == 3
    assert report.nominees(report.viewer_scope(make_user("admin"))) == 4
    assert report.nominees(report.viewer_scope(make_user("coordinator"))) == 0


# --- What is shown ------------------------------------------------------------------------------------------


def figures(nominees, approved, took=0, selected=0, placed=0, promoted=0, kinds=()):
    return report.Figures(nominees, approved, report.Steps(took, selected, placed, promoted), tuple(kinds))


def test_everything_shown_when_no_count_is_small():
    shown = exact(
        report.shown(
            figures(20, 10, took=5, selected=5, kinds=[report.KindDecisions("advancement", 20, 10, 5, 5, 0)])
        )
    )
    assert shown["people"] == {
        "nominees": (20, None),
        "approved": (10, 50.0),
        "took_a_step": (5, 50.0),
        "yet_to_take_a_step": (5, 50.0),
        "not_approved": (10, 50.0),
    }
    assert shown["steps"] == {"selected": (5, 50.0), "placed": (0, 0.0), "promoted": (0, 0.0)}
    assert shown["advancement"] == {
        "nominated": (20, None),
        "approved": (10, 50.0),
        "rejected": (5, 25.0),
        "undecided": (5, 25.0),
        "declined": (0, 0.0),
    }


@pytest.mark.parametrize(("nominees", "shown"), [(SMALL - 1, "small"), (SMALL, SMALL)])
def test_the_nominees_at_the_edge(nominees, shown):
    sections = exact(
        report.shown(
            figures(nominees, 0, kinds=[report.KindDecisions("lateral", nominees, 0, 0, nominees, 0)])
        )
    )
    assert sections["people"]["nominees"] == (shown, None)
    if shown == "small":  # nothing else is shown of a handful of people
        assert all(
            v == ("withheld", None) for s in sections.values() for k, v in s.items() if k != "nominees"
        )
    else:
        assert sections["people"]["approved"] == (0, 0.0)
        assert sections["lateral"]["undecided"] == (SMALL, 100.0)


def test_when_the_nominees_are_withheld_nothing_else_is_shown():
    """Six nominees, one approved who took a step: protecting the one withholds the five not approved, and
    then the six themselves (1 + 5 would pin the one). No step or kind is shown either, not even a zero."""
    sections = exact(
        report.shown(
            figures(
                6,
                1,
                took=1,
                selected=1,
                kinds=[
                    report.KindDecisions("advancement", 6, 1, 5, 0, 0),
                    report.KindDecisions("lateral", 0, 0, 0, 0, 0),
                ],
            )
        )
    )
    assert sections.pop("people") == {
        "nominees": ("withheld", None),
        "approved": ("withheld", None),
        "took_a_step": ("small", None),
        "yet_to_take_a_step": (0, None),
        "not_approved": ("withheld", None),
    }
    assert all(v == ("withheld", None) for s in sections.values() for v in s.values())


def test_a_small_part_is_hidden_with_a_complement_and_their_percentages():
    """Ten nominees for advancement, six approved and four rejected: the four are "fewer than 5", and the six
    are withheld, else 10 - 6 would give the four; the approved people (6) cannot be worked out either."""
    shown = exact(report.shown(figures(10, 6, kinds=[report.KindDecisions("advancement", 10, 6, 4, 0, 0)])))
    assert shown["advancement"] == {
        "nominated": (10, None),
        "approved": ("withheld", None),
        "rejected": ("small", None),
        "undecided": (0, 0.0),
        "declined": (0, 0.0),
    }
    assert shown["people"] == {
        "nominees": (10, None),
        "approved": ("withheld", None),
        "took_a_step": (0, None),  # shown, but its percentage is of a hidden count
        "yet_to_take_a_step": ("withheld", None),
        "not_approved": ("small", None),
    }
    assert set(shown["steps"].values()) == {(0, None)}  # no step: zero, shown


@pytest.mark.parametrize("took", [SMALL - 1, SMALL])
def test_took_a_step_at_the_edge(took):
    shown = exact(report.shown(figures(10, 5, took=took, selected=took)))
    if took == SMALL:
        assert shown["people"]["took_a_step"] == (5, 100.0)
        assert shown["people"]["approved"] == (5, 50.0)
        assert shown["steps"]["selected"] == (5, 100.0)
    else:
        assert shown["people"]["took_a_step"] == ("small", None)
        assert shown["people"]["yet_to_take_a_step"] == ("small", None)
        assert shown["people"]["not_approved"] == ("withheld", None)  # 10 - 5 would give 4 + 1
        assert shown["people"]["approved"] == ("withheld", None)
        assert set(shown["steps"].values()) == {("withheld", None)}  # under a hidden total


def test_approved_people_shown_when_the_shown_counts_give_them_away():
    """Steps small and withheld, not approved shown: the approved (nominees - not approved) are shown, as
    anyone could subtract them."""
    shown = exact(report.shown(figures(20, 9, took=2, selected=2)))
    people = shown["people"]
    assert people["took_a_step"] == ("small", None) and people["yet_to_take_a_step"] == ("withheld", None)
    assert people["not_approved"] == (11, 55.0) and people["approved"] == (9, 45.0)


def test_a_step_kind_that_would_withhold_the_total_shown_above_is_withheld_with_the_others():
    """Five took a step, all five selected and one also placed: protecting the one would withhold the five
    shown above, so no kind is shown."""
    shown = exact(report.shown(figures(20, 10, took=5, selected=5, placed=1)))
    assert shown["people"]["took_a_step"] == (5, 50.0)
    assert set(shown["steps"].values()) == {("withheld", None)}


def test_the_shown_report_never_lets_a_hidden_part_be_subtracted():
    """Over many small worlds: whenever a total is shown, never exactly one of its parts is hidden, and
    hidden approved people cannot be added up or subtracted from shown counts."""
    checked = 0
    for n in range(0, 13):
        for a in range(0, n + 1):
            for s in range(0, a + 1):
                sections = {x.key: x for x in report.shown(figures(n, a, took=s, selected=s))}
                people = sections["people"]
                counts = {line.key: line.count for line in people.lines}
                parts = [counts[k] for k in ("took_a_step", "yet_to_take_a_step", "not_approved")]
                if counts["nominees"].visible:
                    assert sum(not p.visible for p in parts) != 1, (n, a, s)
                if not counts["approved"].visible:
                    assert not (parts[0].visible and parts[1].visible), (n, a, s)
                    assert not (counts["nominees"].visible and parts[2].visible), (n, a, s)
                for line in people.lines:
                    assert line.count.exact is None or line.count.exact in (n, a, s, a - s, n - a)
                    if not line.count.visible:
                        assert line.percent is None
                checked += 1
    assert checked > 300


# --- The pages ----------------------------------------------------------------------------------------------


def rows_of(html, key):
    """A section's table: {line: [count, percentage]} as the page writes them."""
    block = re.search(rf'aria-labelledby="report-{key}">(.*?)</section>', html, re.S)
    assert block, key
    return {
        unescape(header): [unescape(cell) for cell in re.findall(r'<td class="number">(.*?)</td>', cells)]
        for header, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', block.group(1))
    }


def chart_of(html, key):
    block = re.search(rf'aria-labelledby="report-{key}">(.*?)</section>', html, re.S).group(1)
    spec = re.search(r"data-chart='([^']*)'", block)
    return json.loads(unescape(spec.group(1))) if spec else None


def csv_rows(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def ten(build, make_user):
    """An event run by a coordinator: ten nominees for advancement, six approved and four rejected, none
    with a step yet; its name is a spreadsheet formula."""
    coordinator = make_user("coordinator")
    event = build.event(coordinator, name="@SUM(A1)")
    for i in range(10):
        group = build.group(event)
        build.decide(group, "advancement", "approved" if i < 6 else "rejected")
    return event, coordinator


def test_the_page_hides_a_small_count_and_its_complement(app, db, ten):
    event, coordinator = ten
    client = app.test_client()
    login(client, coordinator.email)
    response = client.get(event_page(event))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Programme report: @SUM(A1)" in html
    assert rows_of(html, "people") == {
        "Nominees": ["10", "—"],
        "Approved people": ["withheld", "—"],
        "Approved people who took a step": ["0", "—"],
        "Approved people yet to take a step": ["withheld", "—"],
        "Nominees not approved": ["fewer than 5", "—"],
    }
    assert rows_of(html, "advancement") == {
        "Groups nominated": ["10", "—"],
        "Groups approved": ["withheld", "—"],
        "Groups rejected": ["fewer than 5", "—"],
        "Groups undecided": ["0", "0.0"],
        "Groups declined by the nominee": ["0", "0.0"],
    }
    assert rows_of(html, "lateral")["Groups nominated"] == ["0", "—"]
    # The charts draw the table's numbers, no bar for a hidden one, hidden from assistive technologies.
    assert chart_of(html, "people")["labels"] == [
        "Nominees",
        "Approved people",
        "Approved people who took a step",
    ]
    assert chart_of(html, "people")["series"][0]["values"] == [10, None, 0]
    assert chart_of(html, "advancement")["series"][0]["values"] == [None, None, 0, 0]
    assert html.count('class="chart" data-chart=') == 5 and 'aria-hidden="true"></div>' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html
    assert f'href="/en/talent-management/events/{event.id}/report.csv"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(r"\sstyle=", html)


def test_the_page_shows_five(app, db, build, make_user):
    coordinator = make_user("coordinator")
    event = build.event(coordinator)
    for i in range(10):
        group = build.group(event)
        build.decide(group, "advancement", "approved" if i < 5 else "rejected")
        if i < 5:
            build.selected(group, T + DAY)
    client = app.test_client()
    login(client, coordinator.email)
    html = client.get(event_page(event)).get_data(as_text=True)
    assert rows_of(html, "people") == {
        "Nominees": ["10", "—"],
        "Approved people": ["5", "50.0"],
        "Approved people who took a step": ["5", "100.0"],
        "Approved people yet to take a step": ["0", "0.0"],
        "Nominees not approved": ["5", "50.0"],
    }
    assert rows_of(html, "steps")["Referred and selected"] == ["5", "100.0"]
    assert rows_of(html, "advancement")["Groups rejected"] == ["5", "50.0"]


def test_the_csv_says_the_same_with_the_same_hiding_formula_safe(app, db, ten):
    event, coordinator = ten
    client = app.test_client()
    login(client, coordinator.email)
    response = client.get(event_page(event, csv_file=True))
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    assert f"programme-report-event-{event.id}-" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Section", "Figure", "Count", "Percentage (%)"]
    assert rows[1] == ["Event", "'@SUM(A1)", "", ""]  # a formula, defused
    people = "Nominees, approvals and steps"
    assert [people, "Nominees", "10", ""] in rows
    assert [people, "Approved people", "withheld", ""] in rows
    assert [people, "Approved people who took a step", "0", ""] in rows
    assert [people, "Nominees not approved", "fewer than 5", ""] in rows
    assert ["Decisions: Advancement", "Groups approved", "withheld", ""] in rows
    assert ["Decisions: Advancement", "Groups rejected", "fewer than 5", ""] in rows
    assert ["Decisions: Advancement", "Groups undecided", "0", "0.0"] in rows
    assert len(rows) == 2 + 5 + 3 + 3 * 5
    page = client.get(event_page(event)).get_data(as_text=True)
    for section in ("people", "steps", "advancement", "lateral", "development"):
        title = unescape(re.search(rf'id="report-{section}">(.*?)</gcds-heading>', page).group(1))
        for item, cells in rows_of(page, section).items():  # the page's figures, all in the file
            assert [title, item, *(c.replace("—", "") for c in cells)] in rows
    french = csv_rows(client.get(event_page(event, "fr", csv_file=True)))
    assert french[0] == ["Section", "Indicateur", "Nombre", "Pourcentage (%)"]
    assert [
        "Personnes nominées, approbations et étapes",
        "Personnes nominées non approuvées",
        "moins de 5",
        "",
    ] in french


def test_the_overall_report_counts_a_person_once_and_lists_the_events(app, db, build, make_user):
    coordinator = make_user("coordinator")
    first, second = build.event(coordinator, name="First"), build.event(coordinator, name="Second")
    elsewhere = build.event(make_user("coordinator"), name="Elsewhere")
    people = [build.approved(first) for _ in range(6)]
    for group in people:
        build.approved(second, group.nominee, at=T + DAY)
        build.selected(group, T + 2 * DAY)
    for _ in range(7):
        build.group(elsewhere)
    client = app.test_client()
    login(client, coordinator.email)
    html = client.get(OVERALL).get_data(as_text=True)
    assert rows_of(html, "people")["Nominees"] == ["6", "—"]  # not 12, nor 13
    assert rows_of(html, "people")["Approved people who took a step"] == ["6", "100.0"]
    assert rows_of(html, "advancement")["Groups nominated"] == ["12", "—"]
    assert f'href="/en/talent-management/events/{first.id}/report"' in html
    assert f'href="/en/talent-management/events/{second.id}/report"' in html
    assert f"/events/{elsewhere.id}/report" not in html and "Elsewhere" not in html
    rows = csv_rows(client.get(OVERALL + ".csv"))
    assert rows[1] == ["Events", "Every nomination event you run", "", ""]
    assert ["Nominees, approvals and steps", "Nominees", "6", ""] in rows
    admin = make_user("admin")
    client = app.test_client()
    login(client, admin.email)
    html = client.get(OVERALL).get_data(as_text=True)
    assert rows_of(html, "people")["Nominees"] == ["13", "—"]
    assert f"/events/{elsewhere.id}/report" in html


def test_who_may_see_which_report(app, db, build, make_user):
    own, other = make_user("coordinator"), make_user("coordinator")
    event = build.event(own)
    build.event(other)
    expected = {
        own: (200, 200, 200),
        other: (404, 404, 200),  # another event's report: not found; the overall one: theirs
        make_user("admin"): (200, 200, 200),
        make_user("recruiter"): (403, 403, 403),
        make_user("manager"): (403, 403, 403),
        make_user("candidate"): (403, 403, 403),
    }
    for user, statuses in expected.items():
        client = app.test_client()
        login(client, user.email)
        got = (
            client.get(event_page(event)).status_code,
            client.get(event_page(event, csv_file=True)).status_code,
            client.get(OVERALL).status_code,
        )
        assert got == statuses, user.role
    guest = app.test_client()
    for url in (event_page(event), OVERALL + ".csv"):
        response = guest.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_report_in_french(app, db, ten):
    event, coordinator = ten
    client = app.test_client()
    login(client, coordinator.email, lang="fr")
    html = client.get(event_page(event, "fr")).get_data(as_text=True)
    assert '<html lang="fr">' in html and "Rapport du programme\u00a0: @SUM(A1)" in html
    assert rows_of(html, "people")["Personnes nominées non approuvées"] == ["moins de 5", "—"]
    assert rows_of(html, "advancement")["Groupes approuvés"] == ["masqué", "—"]
    assert chart_of(html, "people")["labels"][1:] == [
        "Personnes approuvées",
        "Personnes approuvées ayant franchi une étape",
    ]
    assert "Télécharger le rapport (CSV)" in html
    for words in (
        "Les personnes nominées sont celles",
        "Pour protéger la vie privée, un nombre de 1 à 4",
        "Pourcentages\u00a0: personnes approuvées",
        "Pourcentages des personnes approuvées",
        "Compté par groupe\u00a0:",
        "Les personnes nominées lors de cet événement",
        "Décisions\u00a0: Avancement",
    ):
        assert words in html, words


# --- Statements ---------------------------------------------------------------------------------------------


def test_the_figures_take_four_statements(app, db, build, make_user):
    event = build.event()
    for _ in range(3):
        build.selected(build.approved(event), T + DAY)
    scope = report.viewer_scope(make_user("admin"))
    with count_queries() as counted:
        report.figures(scope)
    assert counted.count == 4, counted.report()


def test_the_pages_send_as_many_statements_with_many_people(app, db, build, make_user):
    coordinator = make_user("coordinator")
    events = [build.event(coordinator, name=f"Event {i}") for i in range(2)]
    client = app.test_client()
    login(client, coordinator.email)

    def add(i):
        group = build.group(events[i % 2], kinds=("advancement", "lateral"))
        build.decide(group, "advancement", "approved")
        build.decide(group, "lateral", "rejected" if i % 3 else "approved")
        build.selected(group, T + DAY)
        build.placed(group, T + DAY)
        build.promoted(group, T.date())

    # The four figures, the events listed, and the frame (the account, its unread notifications).
    flat = assert_flat(lambda: client.get(OVERALL), add, many=14)
    assert flat.many <= 8, flat
    # The four figures, the event and its coordinators, and the frame.
    flat = assert_flat(lambda: client.get(event_page(events[0])), lambda i: add(14 + i), many=14)
    assert flat.many <= 10, flat
