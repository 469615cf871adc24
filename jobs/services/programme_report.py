"""The talent-management programme's report (issue 16): for one nomination event, or over every event a
viewer runs, how many people were nominated, what was decided on each kind of nomination, how many people
were approved, and how many of them later took a step. Only counts leave the database; what a viewer sees
of them follows the one disclosure rule (``jobs.services.disclosure``).

Definitions (one function per figure, each one statement, whatever the number of events or people):

- **Scope**: the groups of one event (``event_scope``), or of every event the viewer runs
  (``viewer_scope``: the events they coordinate; administrators: every event). A person is counted once in
  a scope, however many of its events they were nominated in.
- **Nominees** (``nominees``): the distinct people with a group in the scope (a group exists once a
  nomination of the person is submitted), whether or not they later declined.
- **Decisions by kind** (``decisions_by_kind``): for each kind of ``KINDS``, the groups nominated for it (a
  submitted nomination of the group names the kind), split by the group's current decision on it:
  approved, rejected, undecided; a group whose nominee declined counts as "declined" instead, whatever
  was decided. The four parts add up to the groups nominated. Groups, not people: a person nominated in
  two events of the scope counts in each.
- **Approved people** (``approved_people``): the distinct nominees with a group counted as approved for at
  least one kind above (a nominated kind currently approved, in a group the nominee did not decline).
- **Took a step** (``steps``): the approved people who, after the first approval of an approved group of
  theirs in the scope (its earliest ``NominationDecision`` approving any kind), were selected on a
  referral (selection "selected", ``selection_at`` strictly later), were placed from a pool (a
  placement, ``placed_at`` strictly later), or had a promotion recorded by a coordinator on any of their
  groups (``promoted_on`` on or after the day of that approval, in the reference time zone of
  ``talent.clock``). Each person once; and per kind of step, where a person may count in several.
- **Percentages**: approved people of nominees; people who took a step (in all, and each kind of step),
  and those yet to take one, of approved people; nominees not approved of nominees; each decision of the
  groups nominated for the kind. Computed from shown counts only: a hidden count hides its percentages.

What a viewer sees (``disclose`` with ``exact=False`` for everyone, administrators included: the report's
figures are about people, and its CSV leaves the platform):

- The people: the nominees with three parts that add up to them: took a step, approved yet to take a
  step, not approved. The approved people (the first two) are shown only when the shown counts give them
  away anyway (both parts shown, or the nominees and those not approved); else they are withheld, even
  when fewer than 5 (saying so would narrow down the hidden parts they add up).
- The steps by kind, under the people who took a step: shown only when that total is shown; when
  protecting a small kind would mean withholding that total (already shown above), every kind is
  withheld instead.
- Each kind: the groups nominated with their four parts.
- When the nominees are not shown, nothing else is: a handful of people's decisions and steps would be
  theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, cast, distinct, exists, func, or_, select, true
from sqlalchemy.orm import aliased

from jobs.models import (
    Application,
    Nomination,
    NominationDecision,
    NominationGroup,
    Referral,
    nomination_event_coordinators,
)
from jobs.models.nominations import APPROVED, KINDS, REJECTED
from jobs.services.disclosure import Shown, disclose

# How a count is made of a condition: one definition with the team's report.
from jobs.services.reports import _count_where
from talent.clock import TIMEZONE
from talent.extensions import db
from talent.models import User

SELECTED = "selected"  # ``Referral.selection`` of a person the manager selected
STEP_KINDS = ("selected", "placed", "promoted")
# The lines of each part of the report, in the order pages and files list them.
PEOPLE = ("nominees", "approved", "took_a_step", "yet_to_take_a_step", "not_approved")
DECISIONS = ("nominated", "approved", "rejected", "undecided", "declined")
WITHHELD = Shown(hidden="withheld")


# --- The scope ---------------------------------------------------------------------------------------------


def event_scope(event_id: int) -> ColumnElement[bool]:
    """SQL over ``NominationGroup``: the groups of one event."""
    return NominationGroup.event_id == event_id


def viewer_scope(viewer: User) -> ColumnElement[bool]:
    """SQL over ``NominationGroup``: the groups of every event ``viewer`` runs (administrators: every
    event), as a sub-select: never a list of ids."""
    if viewer.is_admin:
        return true()
    coordinators = nomination_event_coordinators.c
    return NominationGroup.event_id.in_(
        select(coordinators.event_id).where(coordinators.user_id == viewer.id)
    )


# --- The figures, each in one statement --------------------------------------------------------------------


@dataclass(frozen=True)
class KindDecisions:
    """The groups nominated for one kind, by their current decision on it (the parts add up to
    ``nominated``)."""

    kind: str
    nominated: int
    approved: int
    rejected: int
    undecided: int
    declined: int

    @property
    def parts(self) -> tuple[int, int, int, int]:
        return self.approved, self.rejected, self.undecided, self.declined


@dataclass(frozen=True)
class Steps:
    """Approved people who took a step, in all (each once) and per kind of step."""

    took_a_step: int
    selected: int
    placed: int
    promoted: int

    @property
    def kinds(self) -> tuple[int, int, int]:
        return self.selected, self.placed, self.promoted


@dataclass(frozen=True)
class Figures:
    """Every figure of the report, exact: never shown as it is (``shown`` says what may be)."""

    nominees: int
    approved: int
    steps: Steps
    kinds: tuple[KindDecisions, ...]


def _nominated(kind: str) -> ColumnElement[bool]:
    """SQL over ``NominationGroup``: a submitted nomination of the group puts it forward for ``kind``."""
    flag = getattr(Nomination, f"for_{kind}")
    return exists().where(
        Nomination.group_id == NominationGroup.id, Nomination.submitted_at.is_not(None), flag.is_(True)
    )


def _approved_group() -> ColumnElement[bool]:
    """SQL over ``NominationGroup``: counted as approved for at least one kind (not declined, a nominated
    kind approved)."""
    return NominationGroup.declined_at.is_(None) & or_(
        *((getattr(NominationGroup, f"{kind}_decision") == APPROVED) & _nominated(kind) for kind in KINDS)
    )


def nominees(scope: ColumnElement[bool]) -> int:
    """Distinct people with a group in the scope."""
    return int(db.session.scalar(select(func.count(distinct(NominationGroup.nominee_id))).where(scope)) or 0)


def decisions_by_kind(scope: ColumnElement[bool]) -> tuple[KindDecisions, ...]:
    """Per kind, the groups of the scope nominated for it, by current decision (declined apart): one
    statement, five sums per kind."""
    declined = NominationGroup.declined_at.is_not(None)
    columns = []
    for kind in KINDS:
        nominated = _nominated(kind)
        decision = getattr(NominationGroup, f"{kind}_decision")
        columns += [
            _count_where(nominated),
            _count_where(nominated & ~declined & (decision == APPROVED)),
            _count_where(nominated & ~declined & (decision == REJECTED)),
            _count_where(nominated & ~declined & decision.is_(None)),
            _count_where(nominated & declined),
        ]
    row = db.session.execute(select(*columns).select_from(NominationGroup).where(scope)).one()
    return tuple(
        KindDecisions(kind, *(int(n) for n in row[5 * i : 5 * i + 5])) for i, kind in enumerate(KINDS)
    )


def approved_people(scope: ColumnElement[bool]) -> int:
    """Distinct nominees with a group of the scope approved for at least one kind."""
    stmt = select(func.count(distinct(NominationGroup.nominee_id))).where(scope, _approved_group())
    return int(db.session.scalar(stmt) or 0)


def _day(moment: Any) -> ColumnElement[Any]:
    """The reference time zone's calendar day of a stored (UTC) moment. SQLite, for local use only, has
    no time zones: there it is the UTC day."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.timezone(TIMEZONE.key, moment), Date)
    return func.date(moment)


def steps(scope: ColumnElement[bool]) -> Steps:
    """Approved people of the scope who took a step after their first approval (see the module's
    docstring): one statement, the steps looked up per approved person with ``EXISTS`` on indexed
    columns."""
    # Per approved person, the earliest approval of an approved group of theirs in the scope: a step after
    # it is a step after one of their approvals.
    approvals = (
        select(
            NominationGroup.nominee_id.label("person"), func.min(NominationDecision.decided_at).label("since")
        )
        .join(NominationDecision, NominationDecision.group_id == NominationGroup.id)
        .where(scope, _approved_group(), NominationDecision.decision == APPROVED)
        .group_by(NominationGroup.nominee_id)
        .subquery()
    )
    person, since = approvals.c.person, approvals.c.since
    promotion = aliased(NominationGroup)  # any group of the person's, in any event
    flags = (
        select(
            exists()
            .where(Referral.user_id == person, Referral.selection == SELECTED, Referral.selection_at > since)
            .label("selected"),
            exists()
            .where(
                Application.user_id == person,
                Application.placement.is_not(None),
                Application.placed_at > since,
            )
            .label("placed"),
            exists()
            .where(promotion.nominee_id == person, promotion.promoted_on >= _day(since))
            .label("promoted"),
        )
        .select_from(approvals)
        .subquery()
    )
    row = db.session.execute(
        select(
            _count_where(flags.c.selected | flags.c.placed | flags.c.promoted),
            _count_where(flags.c.selected),
            _count_where(flags.c.placed),
            _count_where(flags.c.promoted),
        )
    ).one()
    return Steps(*(int(n) for n in row))


def figures(scope: ColumnElement[bool]) -> Figures:
    """Every figure of the scope: four statements."""
    return Figures(
        nominees=nominees(scope),
        approved=approved_people(scope),
        steps=steps(scope),
        kinds=decisions_by_kind(scope),
    )


# --- What a viewer sees ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One figure as shown, and its percentage (None when either count it is made of is not shown)."""

    key: str
    count: Shown
    percent: float | None = None


@dataclass(frozen=True)
class Section:
    """A part of the report: ``people``, ``steps``, or a kind of nomination (its decisions)."""

    key: str
    lines: tuple[Line, ...]

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)


def percent(part: Shown, whole: Shown) -> float | None:
    """``part`` of ``whole`` in percent (one decimal), from shown counts only."""
    if part.exact is None or whole.exact is None or whole.exact == 0:
        return None
    return round(100 * part.exact / whole.exact, 1)


def _parts_or_withheld(parts: Sequence[Shown] | None, count: int) -> list[Shown]:
    return list(parts) if parts is not None else [WITHHELD] * count


def _people(figures: Figures) -> Section:
    n, a, s = figures.nominees, figures.approved, figures.steps.took_a_step
    total, parts = disclose(n, [s, a - s, n - a], exact=False)
    step, yet, not_approved = _parts_or_withheld(parts, 3)
    if step.exact is not None and yet.exact is not None:
        approved = Shown(exact=step.exact + yet.exact)
    elif total.exact is not None and not_approved.exact is not None:
        approved = Shown(exact=total.exact - not_approved.exact)
    else:  # withheld even when fewer than 5: saying so would narrow down the hidden parts it adds up
        approved = WITHHELD
    return Section(
        "people",
        (
            Line("nominees", total),
            Line("approved", approved, percent(approved, total)),
            Line("took_a_step", step, percent(step, approved)),
            Line("yet_to_take_a_step", yet, percent(yet, approved)),
            Line("not_approved", not_approved, percent(not_approved, total)),
        ),
    )


def _steps(figures: Figures, people: Section) -> Section:
    took, approved = people.line("took_a_step").count, people.line("approved").count
    kinds = [WITHHELD] * len(STEP_KINDS)
    if took.exact is not None:
        total, parts = disclose(took.exact, list(figures.steps.kinds), exact=False)
        if total.visible and parts is not None:
            kinds = parts
    return Section(
        "steps",
        tuple(
            Line(key, shown, percent(shown, approved)) for key, shown in zip(STEP_KINDS, kinds, strict=True)
        ),
    )


def _decisions(kind: KindDecisions) -> Section:
    total, parts = disclose(kind.nominated, list(kind.parts), exact=False)
    shown = [total, *_parts_or_withheld(parts, len(DECISIONS) - 1)]
    return Section(
        kind.kind,
        tuple(
            Line(key, count, None if key == "nominated" else percent(count, total))
            for key, count in zip(DECISIONS, shown, strict=True)
        ),
    )


def _withheld(key: str, keys: Sequence[str]) -> Section:
    return Section(key, tuple(Line(k, WITHHELD) for k in keys))


def shown(figures: Figures) -> tuple[Section, ...]:
    """What a viewer may see of ``figures`` (see the module's docstring): the people, the steps, then
    each kind's decisions."""
    people = _people(figures)
    if not people.line("nominees").count.visible:
        return (
            people,
            _withheld("steps", STEP_KINDS),
            *(_withheld(kind.kind, DECISIONS) for kind in figures.kinds),
        )
    return (people, _steps(figures, people), *(_decisions(kind) for kind in figures.kinds))


def report(scope: ColumnElement[bool]) -> tuple[Section, ...]:
    """The report of a scope as a viewer may see it: four statements."""
    return shown(figures(scope))
