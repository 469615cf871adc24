"""What the review pages read about a run: its ranked candidates with their decision, availability, current
profile facts (for the filters) and standing against the required skills (``tiers``), anonymous until
revealed; the run before it; where a running run is. Read-only: nothing here writes or flushes. The
comparisons are in ``comparing``, the CSV and the fairness check in ``reports``.

A row carries a person's name and e-mail only when ``matching.services.is_revealed`` says so, so that a
template cannot show an anonymous candidate's identity by mistake. Each row says where the candidate came
from (``Sources``: the pools and, when the run included it, the talent-management programme with its
events), as their result keeps it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import defer, selectinload

from jobs import vocab
from jobs.models import Application, Decision, NominationEvent, Process, TalentRequest
from jobs.services import pools, talent_sources
from matching import services, tasks
from matching.models import MatchDecision, MatchResult, MatchRun, MatchShard
from matching.review import explain, tiers
from talent.extensions import db
from talent.models import CandidateProfile, Classification, User
from talent.models.reference import classification_code
from talent.vocab import label

FILTER_NAMES = ("language", "region", "arrangement", "clearance", "classification", "decision", "tier")


@dataclass(frozen=True)
class Facts:
    """A ranked person's current facts the filters look at, and their availability in the run's pools."""

    english: bool = False
    french: bool = False
    bilingual: bool = False
    regions: frozenset[str] = frozenset()
    arrangements: frozenset[str] = frozenset()
    classification: str | None = None
    clearances: frozenset[str] = frozenset()
    available: bool = False
    pools: tuple[Process, ...] = ()
    # The events whose approval makes the person available through the programme today (runs that
    # included the programme only).
    events: tuple[NominationEvent, ...] = ()


@dataclass(frozen=True)
class Sources:
    """Where a ranked candidate came from when the run fixed its candidates: the pools (their processes)
    and the programme (``programme``, with the events whose approval made them available)."""

    pools: tuple[Process, ...] = ()
    programme: bool = False
    events: tuple[NominationEvent, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The sources by code (``jobs.services.pools.SOURCES``, labels in ``jobs.vocab.TALENT_SOURCES``)."""
        held = ((pools.POOL, bool(self.pools)), (pools.NOMINATION, self.programme))
        return tuple(code for code, present in held if present)


@dataclass(frozen=True)
class Row:
    result: MatchResult
    decision: MatchDecision | None
    revealed: bool
    facts: Facts
    new: bool
    explanation: dict[str, Any]
    name: str | None = None  # only when revealed
    email: str | None = None  # only when revealed
    justifications: dict[str, str] = field(default_factory=dict)  # only when revealed
    standing: tiers.Standing = field(default_factory=tiers.Standing)  # against the required skills
    sources: Sources = field(default_factory=Sources)

    @property
    def user_id(self) -> int:
        return self.result.user_id

    @property
    def rank(self) -> int:
        return self.result.rank

    @property
    def label(self) -> str:
        return self.name or anonymous_label(self.rank)


def anonymous_label(rank: int) -> str:
    return _("Candidate #%(rank)d", rank=rank)


@dataclass(frozen=True)
class Page:
    """One page of rows, with what the recruit pager macro reads."""

    items: list[Row]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(rows: Sequence[Row], page: int, per_page: int) -> Page:
    pages = max(1, math.ceil(len(rows) / per_page))
    page = min(max(1, page), pages)
    return Page(list(rows[(page - 1) * per_page : page * per_page]), page, pages, len(rows))


# --- The list's order ---------------------------------------------------------------------------------------

# The orders of the ranked list: by tier (the default: those who meet every required skill first, then those
# who hold them all, some below the level, then the rest; by score within a tier), by rank (the engine's),
# by score alone (from the lowest; ``desc``: from the highest) or by name (the revealed candidates by name,
# then the anonymous ones by rank, so that the order tells nothing about who they are). Each runs ``asc``
# unless ``desc`` is asked for.
SORTS = ("tier", "rank", "score", "name")
DIRECTIONS = ("asc", "desc")


@dataclass(frozen=True)
class Sort:
    key: str = "tier"
    direction: str = "asc"

    @property
    def args(self) -> dict[str, str]:
        """What a URL carries for this order: nothing for the default one."""
        return {} if self == Sort() else {"sort": self.key, "dir": self.direction}


def parse_sort(key: str | None, direction: str | None) -> Sort:
    """The order a query string asks for; anything unknown falls back to the default (never an error)."""
    if key not in SORTS:
        return Sort()
    return Sort(key, direction if direction in DIRECTIONS else "asc")


def _name_key(name: str) -> str:
    """A name as it sorts in English and in French: case and accents ignored (É with E)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_rows(rows: Sequence[Row], sort: Sort) -> list[Row]:
    """``rows`` in the order ``sort`` names. By score, the lowest first is the ranking reversed (of equal
    scores, the lower ranked first), and ``desc`` is the ranking. Anonymous candidates have no name to sort
    on: they follow the revealed ones, by rank, in either direction."""
    descending = sort.direction == "desc"
    if sort.key == "tier":
        by_tier = sorted(rows, key=lambda r: (r.standing.tier, -r.result.score, r.rank))
        return by_tier[::-1] if descending else by_tier
    if sort.key == "score":
        by_score = sorted(rows, key=lambda r: (r.result.score, -r.rank))
        return by_score[::-1] if descending else by_score
    if sort.key == "name":
        named = sorted((r for r in rows if r.name), key=lambda r: (_name_key(r.name or ""), r.rank))
        anonymous = sorted((r for r in rows if not r.name), key=lambda r: r.rank)
        return (named[::-1] if descending else named) + anonymous
    by_rank = sorted(rows, key=lambda r: r.rank)
    return by_rank[::-1] if descending else by_rank


def processes(ids: Iterable[int]) -> list[Process]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(
        db.session.scalars(
            select(Process)
            .where(Process.id.in_(wanted))
            .options(selectinload(Process.classification))
            .order_by(Process.id)
        )
    )


def done_runs(talent_request: TalentRequest) -> list[MatchRun]:
    """The request's finished runs, newest first."""
    return [r for r in services.runs_of(talent_request) if r.status == "done"]


def previous_done(run: MatchRun) -> MatchRun | None:
    """The request's last finished run before ``run`` that ranked someone (a run of pools emptied since
    is no baseline: everyone would be "new")."""
    return db.session.scalars(
        select(MatchRun)
        .where(
            MatchRun.request_id == run.request_id,
            MatchRun.status == "done",
            MatchRun.id < run.id,
            MatchRun.candidate_count > 0,
        )
        .order_by(MatchRun.id.desc())
        .limit(1)
    ).first()


def facts_for(run: MatchRun, today: date | None = None, now: datetime | None = None) -> dict[int, Facts]:
    """Each ranked person's current profile facts and their standing in the run's pools (a few queries,
    the people sub-selected from the run's results rather than sent back as a list of ids)."""
    ids = select(MatchResult.user_id).where(MatchResult.run_id == run.id)
    today, now = pools.clock(today, now)
    # The columns the filters read, not whole profiles (each carries JSON lists to decode for nothing).
    profiles = {
        row.user_id: row
        for row in db.session.execute(
            select(
                CandidateProfile.user_id,
                CandidateProfile.looking_for_english,
                CandidateProfile.looking_for_french,
                CandidateProfile.looking_for_bilingual,
                CandidateProfile.work_regions,
                CandidateProfile.work_arrangements,
                Classification.group,
                Classification.level,
            )
            .outerjoin(Classification, Classification.id == CandidateProfile.classification_id)
            .where(CandidateProfile.user_id.in_(ids))
        )
    }
    # Their qualified applications to the run's pools, as columns: availability is judged in the database
    # by the rule of ``pools.available_condition``, and the pools (a handful) are loaded once.
    available = case((pools.available_condition(today, now), True), else_=False)
    in_pools = {p.id: p for p in processes(run.pools)}
    held: dict[int, list[tuple[int, bool]]] = {}
    for user_id, process_id, is_available in db.session.execute(
        select(Application.user_id, Application.process_id, available)
        .where(
            Application.user_id.in_(ids),
            Application.process_id.in_(list(run.pools)),
            Application.decision == Decision.QUALIFIED,
        )
        .order_by(Application.process_id)
    ):
        held.setdefault(user_id, []).append((process_id, bool(is_available)))
    # Through the programme, by its one rule, when the run drew from it (one query, and one for the events).
    programme = talent_sources.available_events(ids) if services.includes_programme(run) else {}
    nomination_events = talent_sources.events(e for found in programme.values() for e in found)
    facts = {}
    for uid in db.session.scalars(ids):
        profile = profiles.get(uid)
        mine = [(in_pools[pid], ok) for pid, ok in held.get(uid, []) if pid in in_pools]
        events = tuple(nomination_events[e] for e in programme.get(uid, ()) if e in nomination_events)
        facts[uid] = Facts(
            english=bool(profile and profile.looking_for_english),
            french=bool(profile and profile.looking_for_french),
            bilingual=bool(profile and profile.looking_for_bilingual),
            regions=frozenset((profile.work_regions if profile else None) or ()),
            arrangements=frozenset((profile.work_arrangements if profile else None) or ()),
            classification=classification_code(profile.group, profile.level) if profile else None,
            clearances=frozenset(p.security_clearance for p, _ok in mine if p.security_clearance),
            available=any(ok for _p, ok in mine) or uid in programme,
            pools=tuple(p for p, _ok in mine),
            events=events,
        )
    return facts


def sources_for(run: MatchRun, facts: Mapping[int, Facts]) -> dict[int, Sources]:
    """Result id -> where the candidate came from, as the result keeps it (``adapters.sources``): the
    sources read out of the stored JSON by the database, not whole explanations; the pools and events they
    name loaded once (two queries). A result stored before results kept their sources came from the
    run's pools the person is in (``facts``)."""
    stored = db.session.execute(
        select(MatchResult.id, MatchResult.user_id, MatchResult.explanation["sources"]).where(
            MatchResult.run_id == run.id
        )
    ).all()
    kept = {result_id: value if isinstance(value, dict) else None for result_id, _uid, value in stored}
    by_id = {
        p.id: p for p in processes(pid for value in kept.values() if value for pid in value.get("pool") or ())
    }
    nomination_events = talent_sources.events(
        e for value in kept.values() if value for e in value.get(pools.NOMINATION) or ()
    )
    found = {}
    for result_id, user_id, _value in stored:
        value = kept[result_id]
        if value is None:
            found[result_id] = Sources(pools=facts.get(user_id, Facts()).pools)
            continue
        found[result_id] = Sources(
            pools=tuple(by_id[p] for p in value.get(pools.POOL) or () if p in by_id),
            programme=pools.NOMINATION in value,
            events=tuple(
                nomination_events[e] for e in value.get(pools.NOMINATION) or () if e in nomination_events
            ),
        )
    return found


def revealed_people(request_id: int, run_id: int | None = None) -> Select[User]:
    """The people the recruitment team revealed for the request (shortlisted or referred, the rule of
    ``services.is_revealed``), ranked in ``run_id`` if given: a join, not a list of ids."""
    stmt = (
        select(User)
        .join(MatchDecision, MatchDecision.user_id == User.id)
        .where(MatchDecision.request_id == request_id, MatchDecision.decision.in_(services.REVEALING))
    )
    if run_id is not None:
        stmt = stmt.where(User.id.in_(select(MatchResult.user_id).where(MatchResult.run_id == run_id)))
    return stmt


def fits(
    facts: Facts,
    decision: MatchDecision | None,
    filters: Mapping[str, str | None],
    standing: tiers.Standing | None = None,
) -> bool:
    tier = filters.get("tier")
    if tier and standing is not None and standing.tier > (tiers.MEETS if tier == "met" else tiers.BELOW):
        return False
    language = filters.get("language")
    if language and not getattr(facts, language, False):
        return False
    if filters.get("region") and filters["region"] not in facts.regions:
        return False
    if filters.get("arrangement") and filters["arrangement"] not in facts.arrangements:
        return False
    if filters.get("clearance") and filters["clearance"] not in facts.clearances:
        return False
    if filters.get("classification") and filters["classification"] != facts.classification:
        return False
    wanted = filters.get("decision")
    current = decision.decision if decision is not None else None
    return not wanted or (current is None if wanted == "none" else current == wanted)


def review_rows(
    run: MatchRun, filters: Mapping[str, str | None] | None = None, *, named: bool = True
) -> list[Row]:
    """The run's ranked candidates that pass ``filters``, best first, anonymous unless revealed. With
    ``named=False`` the explanations do not carry skill names yet: a page names only its own rows
    (:func:`with_details`)."""
    # The explanations are JSON of a few kilobytes each: read for the rows shown (or all, ``named``), not
    # with every result the filters look at.
    results = db.session.scalars(
        select(MatchResult)
        .where(MatchResult.run_id == run.id)
        .options(defer(MatchResult.explanation))
        .order_by(MatchResult.rank)
    ).all()
    decisions = services.decisions_for(run.request)
    facts = facts_for(run)
    before = previous_done(run)
    earlier = (
        set(db.session.scalars(select(MatchResult.user_id).where(MatchResult.run_id == before.id)))
        if before is not None
        else None
    )
    standing = standings(run)
    came_from = sources_for(run, facts)
    kept = [
        r
        for r in results
        if fits(facts.get(r.user_id, Facts()), decisions.get(r.user_id), filters or {}, standing.get(r.id))
    ]
    revealed = {r.user_id for r in kept if services.is_revealed(decisions.get(r.user_id))}
    people = (
        {u.id: u for u in db.session.scalars(revealed_people(run.request_id, run.id))} if revealed else {}
    )
    explanations: list[dict[str, Any]] = [{} for _r in kept]
    if named:
        stored = _explanations(select(MatchResult.id).where(MatchResult.run_id == run.id))
        explanations = explain.with_names([stored.get(r.id, {}) for r in kept])
    rows = []
    for result, explanation in zip(kept, explanations, strict=True):
        person = people.get(result.user_id)
        rows.append(
            Row(
                result=result,
                decision=decisions.get(result.user_id),
                revealed=person is not None,
                facts=facts.get(result.user_id, Facts()),
                new=earlier is not None and result.user_id not in earlier,
                explanation=explanation,
                name=person.display_name if person is not None else None,
                email=person.email if person is not None else None,
                standing=standing.get(result.id, tiers.Standing()),
                sources=came_from.get(result.id, Sources()),
            )
        )
    return rows


def standings(run: MatchRun) -> dict[int, tiers.Standing]:
    """Result id -> how the candidate stands against the required skills, for every result of ``run``: the
    tier and its counts read out of the stored JSON by the database (not whole explanations), and whole
    explanations only for results stored before engines wrote them (two queries at most)."""
    stored = MatchResult.explanation
    keys = ("tier", "required_met", "required_below", "required_missing", "required_related")
    found: dict[int, tiers.Standing] = {}
    old = False
    for result_id, *values in db.session.execute(
        select(MatchResult.id, *(stored[key].as_string() for key in keys)).where(MatchResult.run_id == run.id)
    ):
        numbers = [_number(v) for v in values]
        if numbers[0] in tiers.TIERS and all(n is not None for n in numbers):
            found[result_id] = tiers.standing(dict(zip(keys, numbers, strict=True)))
        else:
            old = True
    if old:
        default_level = (run.params or {}).get("default_level") or 2
        for result_id, explanation in db.session.execute(
            select(MatchResult.id, MatchResult.explanation).where(
                MatchResult.run_id == run.id, stored["tier"].as_string().is_(None)
            )
        ):
            found[result_id] = tiers.standing(explanation or {}, default_level)
    return found


def _number(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def with_details(rows: Iterable[Row]) -> list[Row]:
    """One page's rows with their explanations (skill names included) and, for the revealed ones, the
    candidate's justifications of their matched skills (three queries for the page, whatever the run's
    length)."""
    rows = list(rows)
    stored = _explanations([row.result.id for row in rows])  # a page: at most its size
    named = explain.with_names([stored.get(row.result.id, {}) for row in rows])
    rows = [replace(row, explanation=explanation) for row, explanation in zip(rows, named, strict=True)]
    found = explain.justifications_for({row.user_id: row.explanation for row in rows if row.revealed})
    return [replace(row, justifications=found.get(row.user_id, {})) if row.revealed else row for row in rows]


def _explanations(ids: Select[Any] | Sequence[int]) -> dict[int, dict[str, Any]]:
    """Result id -> its stored explanation, for the results ``ids`` names (a sub-select or a page's ids)."""
    if isinstance(ids, Sequence) and not ids:
        return {}
    rows = db.session.execute(select(MatchResult.id, MatchResult.explanation).where(MatchResult.id.in_(ids)))
    return {result_id: explanation or {} for result_id, explanation in rows}


# --- Progress -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """Where a run is: ``queued``, ``candidates`` (finding them), ``engine`` (learning it), ``shards``
    (``done`` of ``total`` ranked), ``final`` (the final ranking), ``done`` or ``failed``."""

    code: str
    done: int = 0
    total: int = 1


def stage(run: MatchRun) -> Stage:
    """The stage of ``run``, from its progress (each stage ends at a mark of ``matching.tasks``) and, while
    its shards are ranked, how many are done (one query)."""
    if run.status != "running":
        return Stage(run.status)
    if run.progress < tasks.CANDIDATES_FIXED:
        return Stage("candidates")
    if run.progress < tasks.ENGINE_LEARNED:
        return Stage("engine")
    if run.progress < tasks.SHARDS_RANKED:
        done = db.session.scalar(
            select(func.count())
            .select_from(MatchShard)
            .where(MatchShard.run_id == run.id, MatchShard.status == "done")
        )
        return Stage("shards", done or 0, run.shard_count)
    return Stage("final")


def source_text(sources: Sources, lang: str) -> str:
    """Where a candidate came from, in words: each source's label with its pools or events, "Prequalified
    pool: Developers (IT-03); Talent management programme: Spring 2026"."""
    parts = []
    if sources.pools:
        names = ", ".join(p.title(lang) for p in sources.pools)
        parts.append(_("%(source)s: %(names)s", source=label(vocab.TALENT_SOURCES, pools.POOL), names=names))
    if sources.programme:
        names = ", ".join(e.name(lang) for e in sources.events)
        programme = label(vocab.TALENT_SOURCES, pools.NOMINATION)
        parts.append(_("%(source)s: %(names)s", source=programme, names=names) if names else programme)
    return "; ".join(parts)


def tier_text(found: tiers.Standing) -> str:
    """How a candidate stands against the request's required skills, in words, with the counts: "Meets
    all 5 required skills", "All held, 2 below the required level", "Missing 1 (1 related)"."""
    if found.tier == tiers.MEETS:
        if not found.required:
            return _("No required skill in the request")
        return ngettext(
            "Meets the %(num)d required skill", "Meets all %(num)d required skills", found.required
        )
    if found.tier == tiers.BELOW:
        return ngettext(
            "All held, %(num)d below the required level",
            "All held, %(num)d below the required level",
            found.below,
        )
    text = ngettext("Missing %(num)d required skill", "Missing %(num)d required skills", found.missing)
    if found.related:
        text += " " + ngettext("(%(num)d related)", "(%(num)d related)", found.related)
    if found.below:
        text += ", " + ngettext(
            "%(num)d below the required level", "%(num)d below the required level", found.below
        )
    return text
