"""The recruitment team's dashboard: what is waiting on them.

- **To assess**: submitted applications with no decision yet (not removed, not placed), per process the
  signed-in recruiter runs (admins run every process), most waiting first.
- **Follow-ups due**: open talent requests whose follow-up date is today or earlier (today in the reference
  time zone of ``jobs.services.pools``). Requests belong to the whole team, not to one recruiter.
- **Qualifications expiring**: available pool members (the one availability rule of
  ``jobs.services.pools``) whose qualification expires within ``EXPIRY_WINDOW_DAYS`` days, today included,
  per process the recruiter runs.
- **Requests by status**: the team's talent requests, counted by status.
- **Pipeline**: per process, how many applicants reached each stage (``STAGES``), for the latest
  ``PIPELINE_PROCESSES`` published processes the recruiter runs on the dashboard, and for all of them in
  the CSV.

Every function reads with one statement (a ``GROUP BY`` or a bounded list with its total as a window
count), whatever the number of applications, members or requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, func, select, true

from jobs import vocab
from jobs.models import (
    Application,
    AssessmentResult,
    AssessmentStep,
    Decision,
    Process,
    Referral,
    TalentRequest,
    process_recruiters,
)
from jobs.services import pools
from jobs.services.recruiting import applicant_condition
from jobs.services.reports import STATUSES
from talent.extensions import db
from talent.i18n import current_language
from talent.main.charts import chart, series
from talent.main.dashboard import LIST_LIMIT, Listed
from talent.models import User
from talent.vocab import label

EXPIRY_WINDOW_DAYS = 60
PIPELINE_PROCESSES = 5
# The stages of the pipeline, each reached by a subset of the one before:
#   applied   submitted (removed or not)
#   screened  any assessment result recorded, or a decision made
#   assessed  a result at a step other than the application screening, or qualified
#   qualified qualified (removed since or not)
#   referred  qualified and placed, or referred to a manager's request from this pool
STAGES = ("applied", "screened", "assessed", "qualified", "referred")
STAGE_LABELS = {
    "applied": _l("Applied"),
    "screened": _l("Screened"),
    "assessed": _l("Assessed"),
    "qualified": _l("Qualified"),
    "referred": _l("Referred or placed"),
}


def stage_labels() -> list[str]:
    return [str(STAGE_LABELS[stage]) for stage in STAGES]


def title(title_en: str | None, title_fr: str | None, process_id: int, lang: str) -> str:
    """A process's title in ``lang``, as ``Process.title`` gives it, from its two columns."""
    first, second = (title_fr, title_en) if lang == "fr" else (title_en, title_fr)
    return first or second or f"#{process_id}"


def run_by(user: User) -> ColumnElement[bool]:
    """Processes ``user`` runs: all of them for admins, else those they are a recruiter of."""
    if user.is_admin:
        return true()
    return Process.id.in_(
        select(process_recruiters.c.process_id).where(process_recruiters.c.user_id == user.id)
    )


@dataclass(frozen=True)
class ProcessCount:
    process_id: int
    title: str
    count: int
    first: Any  # the oldest submission waiting, or the soonest expiry date


@dataclass(frozen=True)
class PerProcess:
    """The first processes of a list, the number of processes in all, and the sum of their counts."""

    rows: tuple[ProcessCount, ...]
    processes: int
    total: int

    @property
    def more(self) -> int:
        return self.processes - len(self.rows)


def _per_process(condition: ColumnElement[bool], first: Any, order: Any) -> PerProcess:
    lang = current_language()
    n = func.count(Application.id)
    rows = db.session.execute(
        select(
            Process.id,
            Process.title_en,
            Process.title_fr,
            n,
            first,
            func.count().over(),
            func.sum(n).over(),
        )
        .join(Application, Application.process_id == Process.id)
        .where(condition)
        .group_by(Process.id, Process.title_en, Process.title_fr)
        .order_by(*order(n, first), Process.id)
        .limit(LIST_LIMIT)
    ).all()
    return PerProcess(
        tuple(
            ProcessCount(pid, title(en, fr, pid, lang), int(count), at) for pid, en, fr, count, at, *_ in rows
        ),
        int(rows[0][5]) if rows else 0,
        int(rows[0][6]) if rows else 0,
    )


def to_assess(user: User) -> PerProcess:
    """Applications waiting for a decision, per process ``user`` runs: most waiting first."""
    waiting = run_by(user) & Application.submitted_at.is_not(None) & applicant_condition("to_assess")
    return _per_process(waiting, func.min(Application.submitted_at), lambda n, _first: (n.desc(),))


@dataclass(frozen=True)
class Expiring(PerProcess):
    days: int = EXPIRY_WINDOW_DAYS


def expiring(user: User, today: date | None = None) -> Expiring:
    """Available pool members whose qualification expires from today to ``EXPIRY_WINDOW_DAYS`` days from
    now (both included), per process ``user`` runs: soonest expiry first."""
    day, now = pools.clock(today)
    soon = (
        run_by(user)
        & pools.available_condition(day, now)
        & Application.expiry_date.is_not(None)
        & (Application.expiry_date <= day + timedelta(days=EXPIRY_WINDOW_DAYS))
    )
    found = _per_process(soon, func.min(Application.expiry_date), lambda _n, first: (first,))
    return Expiring(found.rows, found.processes, found.total)


@dataclass(frozen=True)
class FollowUp:
    request_id: int
    job_title: str
    follow_up_date: date
    status: str


def follow_ups(user: User, today: date | None = None) -> Listed[FollowUp]:
    """Open requests whose follow-up date is today or earlier, the most overdue first."""
    day, _now = pools.clock(today)
    rows = db.session.execute(
        select(
            TalentRequest.id,
            TalentRequest.job_title,
            TalentRequest.follow_up_date,
            TalentRequest.status,
            func.count().over(),
        )
        .where(TalentRequest.follow_up_date <= day, TalentRequest.status != "completed")
        .order_by(TalentRequest.follow_up_date, TalentRequest.id)
        .limit(LIST_LIMIT)
    ).all()
    found = tuple(FollowUp(rid, job_title, due, status) for rid, job_title, due, status, _n in rows if due)
    return Listed(found, int(rows[0][4]) if rows else 0)


@dataclass(frozen=True)
class Figures:
    """A table of figures (row header, cells) and the chart that draws them."""

    rows: tuple[tuple[str, list[int]], ...]
    chart: dict[str, Any] | None


def requests_by_status(user: User) -> Figures:
    """The team's requests per status, every status listed (0 when none)."""
    counts = dict(
        db.session.execute(select(TalentRequest.status, func.count()).group_by(TalentRequest.status)).all()
    )
    names = [label(vocab.REQUEST_STATUSES, status) for status in STATUSES]
    values = [int(counts.get(status, 0)) for status in STATUSES]
    return Figures(
        tuple((name, [value]) for name, value in zip(names, values, strict=True)),
        chart(names, [series(_l("Requests"), values)]),
    )


# --- Pipeline -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pipeline:
    process_id: int
    title: str
    counts: tuple[int, ...]  # one per stage of STAGES


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _pipelines(user: User, limit: int | None) -> Any:
    """One statement: the chosen processes, each joined to its submitted applications, each of those to
    what its results say (one row per application, grouped in the database over the chosen processes'
    steps) and to whether it was referred: hash joins, not a lookup per applicant."""
    chosen = (
        select(Process.id)
        .where(run_by(user), Process.published_at.is_not(None), Process.archived_at.is_(None))
        .order_by(Process.published_at.desc(), Process.id.desc())
    )
    if limit is not None:
        chosen = chosen.limit(limit)
    ids = chosen.subquery()
    results = (
        select(
            AssessmentResult.application_id,
            func.max(case((AssessmentStep.kind != "application_screening", 1), else_=0)).label("later"),
        )
        .join(AssessmentStep, AssessmentStep.id == AssessmentResult.step_id)
        .where(AssessmentStep.process_id.in_(select(ids.c.id)))
        .group_by(AssessmentResult.application_id)
        .subquery()
    )
    referred = (
        select(Referral.application_id)
        .where(Referral.referred, Referral.application_id.is_not(None))
        .group_by(Referral.application_id)
        .subquery()
    )
    qualified = Application.decision == Decision.QUALIFIED
    counts = [
        func.count(Application.id),
        _count_where(results.c.application_id.is_not(None) | Application.decision.is_not(None)),
        _count_where((results.c.later == 1) | qualified),
        _count_where(qualified),
        _count_where(
            qualified & (Application.placement.is_not(None) | referred.c.application_id.is_not(None))
        ),
    ]
    return (
        select(Process.id, Process.title_en, Process.title_fr, *counts)
        .join(ids, ids.c.id == Process.id)
        .outerjoin(
            Application,
            (Application.process_id == Process.id) & Application.submitted_at.is_not(None),
        )
        .outerjoin(results, results.c.application_id == Application.id)
        .outerjoin(referred, referred.c.application_id == Application.id)
        .group_by(Process.id, Process.title_en, Process.title_fr, Process.published_at)
        .order_by(Process.published_at.desc(), Process.id.desc())
    )


@dataclass(frozen=True)
class Pipelines:
    processes: tuple[Pipeline, ...]
    chart: dict[str, Any] | None  # stages along, one series per process

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [(p.title, list(p.counts)) for p in self.processes]

    @property
    def columns(self) -> list[str]:
        return [str(_l("Job advertisement")), *stage_labels()]


def pipeline(user: User) -> Pipelines:
    """The pipeline of the latest ``PIPELINE_PROCESSES`` published, unarchived processes ``user`` runs."""
    lang = current_language()
    processes = tuple(
        Pipeline(pid, title(en, fr, pid, lang), tuple(int(c) for c in counts))
        for pid, en, fr, *counts in db.session.execute(_pipelines(user, PIPELINE_PROCESSES))
    )
    spec = chart(stage_labels(), [series(p.title, p.counts) for p in processes]) if processes else None
    return Pipelines(processes, spec)


def all_pipelines(user: User, batch: int) -> Iterator[Pipeline]:
    """Every published, unarchived process ``user`` runs, read ``batch`` rows at a time (the CSV)."""
    lang = current_language()
    rows = db.session.execute(_pipelines(user, None).execution_options(yield_per=batch))
    for pid, en, fr, *counts in rows:
        yield Pipeline(pid, title(en, fr, pid, lang), tuple(int(c) for c in counts))
