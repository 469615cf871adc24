"""Talent counts at the platform's size: an in-memory index of the facts the counting rules read.

Why in memory (measured, see docs/scale.md): with 1,000,000 available pool members, PostgreSQL needs 0.6 to
2.2 s for one count with filters, even over a denormalised table of bit masks; numpy over the same facts
answers in 10 to 50 ms. So each process keeps the facts of every *standing* pool membership (qualified,
submitted, not removed, paused or placed: ``pools.standing_condition``) and of its person, as arrays:

- per person: bit masks of their regions, work arrangements, operational requirements, durations, equity
  groups and languages, whether they hold a diploma, and an inverted index from skills to people;
- per membership: its person, process, classification, stream, expiry date and suspension start, so the
  clock's part of availability (``pools.available_condition``) is applied at counting time;
- the programme's memberships beside them (``talent_sources``: a standing approval of advancement or
  lateral movement, ``pools.nominee_standing_condition``), flagged, with their event, the classification
  they aim at, no stream, and the approval's expiry as their expiry date: the same clock rule applies.

``FacetIndex.count`` gives exactly what ``talent_search.tally`` gives over the same facts (a property test
holds them equal on random data, programme memberships included). Freshness: every flush that changes
such facts writes a row in ``talent_changes`` (``talent_changes.py``); before counting, the process reads
the rows of the last minutes it has not applied and reloads only the people they name (a row naming
nobody reloads all).

Pure apart from ``LiveIndex``, which reads the change log through the session given to it, and the facts
through the loader given to it (``talent_search.load_standing``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from jobs import vocab
from jobs.models import Application, NominationGroup, TalentChange
from talent import vocab as talent_vocab

# talent_search imports this module (and so numpy) the first time it counts, not at start-up; the type of
# a person (``talent_search.Person``) is passed in rather than imported, so the import goes one way.
FAR_FUTURE = np.iinfo(np.int64).max
NO_CODE = -1
ENGLISH, FRENCH, BILINGUAL = 1, 2, 4


POOL, NOMINATION = "pool", "nomination"  # the sources (``pools.SOURCES``; not imported: no cycle)


@dataclass(frozen=True)
class MemberFacts:
    """A standing membership, with what the clock's part of availability reads: of a pool (``process_id``
    set), or of the programme (``source`` nomination, ``event_id`` set, ``expiry_date`` the approval's)."""

    user_id: int
    process_id: int | None
    classification: str | None
    stream: str | None
    expiry_date: date | None
    suspended_at: datetime | None
    source: str = POOL
    event_id: int | None = None


#: Reads the standing memberships and their people: of the users a select names, or of everyone (None).
# (the people a select names, or everyone; a range of user ids [low, high) or None) -> (people, members)
Loader = Callable[[Select[Any] | None, tuple[int, int] | None], tuple[Mapping[int, Any], list[MemberFacts]]]


def _bits(vocabulary: Iterable[str]) -> dict[str, int]:
    return {code: 1 << i for i, code in enumerate(vocabulary)}


REGION_BITS = _bits(talent_vocab.WORK_REGIONS)
ARRANGEMENT_BITS = _bits(talent_vocab.WORK_ARRANGEMENTS)
REQUIREMENT_BITS = _bits(talent_vocab.OPERATIONAL_REQUIREMENTS)
DURATION_BITS = _bits(talent_vocab.POSITION_DURATIONS)
EQUITY_BITS = _bits(talent_vocab.EQUITY_GROUPS)
REMOTE = ARRANGEMENT_BITS["remote"]
STREAM_CODES = {code: i for i, code in enumerate(vocab.STREAMS)}


def _mask(values: Iterable[str], bits: Mapping[str, int]) -> int:
    """The bits of ``values``; a stored code the vocabulary no longer has can match no filter: no bit."""
    out = 0
    for value in values:
        out |= bits.get(value, 0)
    return out


def _micros(moment: datetime | None) -> int:
    if moment is None:
        return int(FAR_FUTURE)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1_000_000)


def _day(value: date | None) -> int:
    return int(FAR_FUTURE) if value is None else value.toordinal()


class FacetIndex:
    """The facts of standing pool members as numpy arrays; see the module's docstring.

    Rows are never moved: replacing a person marks their old rows dead and appends new ones, so a refresh
    costs what the changed people cost (plus one pass to find their old rows).
    """

    def __init__(self) -> None:
        self.person_of: dict[int, int] = {}  # user id -> live person row
        self.p_user = np.zeros(0, np.int64)
        self.p_alive = np.zeros(0, bool)
        self.p_lang = np.zeros(0, np.int64)
        self.p_regions = np.zeros(0, np.int64)
        self.p_arrangements = np.zeros(0, np.int64)
        self.p_requirements = np.zeros(0, np.int64)
        self.p_durations = np.zeros(0, np.int64)
        self.p_equity = np.zeros(0, np.int64)
        self.p_diploma = np.zeros(0, bool)
        self.skill_codes: dict[str, int] = {}
        self.s_code = np.zeros(0, np.int32)  # (skill, person row) pairs, sorted by skill in the main part
        self.s_row = np.zeros(0, np.int64)
        self.s_sorted = 0  # the pairs before this are sorted by skill code; the rest is the delta
        self.class_codes: dict[str, int] = {}
        self.process_ids: list[int] = []
        self.process_codes: dict[int, int] = {}
        self.m_person = np.zeros(0, np.int64)
        self.m_user = np.zeros(0, np.int64)
        self.m_process = np.zeros(0, np.int32)
        self.m_class = np.zeros(0, np.int32)
        self.m_stream = np.zeros(0, np.int32)
        self.m_expiry = np.zeros(0, np.int64)
        self.m_suspended = np.zeros(0, np.int64)
        self.m_alive = np.zeros(0, bool)
        self.m_programme = np.zeros(0, bool)  # a programme membership (else a pool one)
        self.m_event = np.zeros(0, np.int64)  # its nomination event (0 for a pool membership)

    # -- building -----------------------------------------------------------------------------------

    @classmethod
    def from_facts(cls, people: Mapping[int, Any], members: Iterable[MemberFacts]) -> FacetIndex:
        """An index of ``members`` (people: user id -> ``talent_search.Person``)."""
        index = cls()
        index.replace(people, members, ())
        index.s_sorted = 0
        index._sort_skills()
        return index

    @property
    def dead_share(self) -> float:
        """The share of rows that replaced people left behind (a reload above a half is cheaper)."""
        total = len(self.m_alive) + len(self.p_alive)
        dead = total - int(self.m_alive.sum()) - int(self.p_alive.sum())
        return dead / total if total else 0.0

    def replace(
        self, people: Mapping[int, Any], members: Iterable[MemberFacts], users: Iterable[int]
    ) -> None:
        """Forget ``users`` (and the people of ``members``), then add ``members`` with their people.

        Members whose person has no profile (not in ``people``) are left out, as ``tally`` leaves them out.
        """
        members = [m for m in members if m.user_id in people]
        gone = set(users) | {m.user_id for m in members}
        old_rows = [self.person_of.pop(uid) for uid in gone if uid in self.person_of]
        if old_rows:
            self.p_alive[np.asarray(old_rows, np.int64)] = False
            self.m_alive &= ~np.isin(self.m_user, np.fromiter(gone, np.int64, len(gone)))
        newcomers = sorted({m.user_id for m in members})
        start = len(self.p_user)
        rows = {uid: start + i for i, uid in enumerate(newcomers)}
        self.person_of.update(rows)
        persons = [people[uid] for uid in newcomers]

        def column(values: Iterable[int], dtype: Any = np.int64) -> npt.NDArray[Any]:
            return np.fromiter(values, dtype, len(persons))

        self.p_user = np.concatenate([self.p_user, column(newcomers)])
        self.p_alive = np.concatenate([self.p_alive, np.ones(len(persons), bool)])
        self.p_lang = np.concatenate(
            [
                self.p_lang,
                column(
                    (p.english and ENGLISH) | (p.french and FRENCH) | (p.bilingual and BILINGUAL)
                    for p in persons
                ),
            ]
        )
        for name, attribute, bits in (
            ("p_regions", "regions", REGION_BITS),
            ("p_arrangements", "arrangements", ARRANGEMENT_BITS),
            ("p_requirements", "operational_requirements", REQUIREMENT_BITS),
            ("p_durations", "durations", DURATION_BITS),
            ("p_equity", "equity", EQUITY_BITS),
        ):
            values = column(_mask(getattr(p, attribute), bits) for p in persons)
            setattr(self, name, np.concatenate([getattr(self, name), values]))
        self.p_diploma = np.concatenate([self.p_diploma, column((p.has_diploma for p in persons), bool)])
        codes: list[int] = []
        skill_rows: list[int] = []
        for uid, person in zip(newcomers, persons, strict=True):
            for key in person.skills:
                codes.append(self.skill_codes.setdefault(key, len(self.skill_codes)))
                skill_rows.append(rows[uid])
        self.s_code = np.concatenate([self.s_code, np.asarray(codes, np.int32)])
        self.s_row = np.concatenate([self.s_row, np.asarray(skill_rows, np.int64)])

        def code(value: str | None, codes: dict[str, int]) -> int:
            return NO_CODE if value is None else codes.setdefault(value, len(codes))

        for m in members:
            if m.process_id is not None and m.process_id not in self.process_codes:
                self.process_codes[m.process_id] = len(self.process_ids)
                self.process_ids.append(m.process_id)
        n = len(members)
        self.m_person = np.concatenate(
            [self.m_person, np.fromiter((rows[m.user_id] for m in members), np.int64, n)]
        )
        self.m_user = np.concatenate([self.m_user, np.fromiter((m.user_id for m in members), np.int64, n)])
        # A programme membership has no process: code 0, never read (its rows are left out of the pools).
        self.m_process = np.concatenate(
            [
                self.m_process,
                np.fromiter(
                    (0 if m.process_id is None else self.process_codes[m.process_id] for m in members),
                    np.int32,
                    n,
                ),
            ]
        )
        self.m_programme = np.concatenate(
            [self.m_programme, np.fromiter((m.source == NOMINATION for m in members), bool, n)]
        )
        self.m_event = np.concatenate(
            [self.m_event, np.fromiter((m.event_id or 0 for m in members), np.int64, n)]
        )
        self.m_class = np.concatenate(
            [
                self.m_class,
                np.fromiter((code(m.classification, self.class_codes) for m in members), np.int32, n),
            ]
        )
        self.m_stream = np.concatenate(
            [
                self.m_stream,
                np.fromiter((STREAM_CODES.get(m.stream or "", NO_CODE) for m in members), np.int32, n),
            ]
        )
        self.m_expiry = np.concatenate(
            [self.m_expiry, np.fromiter((_day(m.expiry_date) for m in members), np.int64, n)]
        )
        self.m_suspended = np.concatenate(
            [self.m_suspended, np.fromiter((_micros(m.suspended_at) for m in members), np.int64, n)]
        )
        self.m_alive = np.concatenate([self.m_alive, np.ones(n, bool)])

    def _sort_skills(self) -> None:
        order = np.argsort(self.s_code, kind="stable")
        self.s_code, self.s_row = self.s_code[order], self.s_row[order]
        self.s_sorted = len(self.s_code)

    def _holders(self, key: str) -> npt.NDArray[np.int64]:
        """The person rows (live or dead) that hold skill ``key``."""
        code = self.skill_codes.get(key)
        if code is None:
            return np.zeros(0, np.int64)
        main_codes = self.s_code[: self.s_sorted]
        lo, hi = np.searchsorted(main_codes, code, "left"), np.searchsorted(main_codes, code, "right")
        delta = self.s_sorted + np.flatnonzero(self.s_code[self.s_sorted :] == code)
        return np.concatenate([self.s_row[lo:hi], self.s_row[delta]])

    # -- counting -----------------------------------------------------------------------------------

    def people_mask(self, f: Any) -> npt.NDArray[np.bool_]:
        """``person_matches`` over every person row at once."""
        ok = self.p_alive.copy()
        if f.skills:
            if f.skill_mode == "all":
                held = np.zeros(len(ok), np.int32)
                for key in f.skills:
                    held[self._holders(key)] += 1  # a person holds a skill once (unique per user)
                ok &= held == len(f.skills)
            else:
                anyof = np.zeros(len(ok), bool)
                for key in f.skills:
                    anyof[self._holders(key)] = True
                ok &= anyof
        if f.language is not None:
            ok &= (
                self.p_lang & {"english": ENGLISH, "french": FRENCH, "bilingual": BILINGUAL}[f.language]
            ) != 0
        regions = _mask(f.regions, REGION_BITS)
        near = (self.p_regions & regions) != 0 if regions else np.ones(len(ok), bool)
        if not f.arrangements:
            ok &= near
        else:
            in_person = _mask(f.arrangements, ARRANGEMENT_BITS) & ~REMOTE
            located = ((self.p_arrangements & in_person) != 0) & near
            if "remote" in f.arrangements:
                located |= (self.p_arrangements & REMOTE) != 0
            ok &= located
        required = _mask(f.operational_requirements, REQUIREMENT_BITS)
        if required:
            ok &= (self.p_requirements & required) == required
        if f.durations:
            ok &= (self.p_durations & _mask(f.durations, DURATION_BITS)) != 0
        if f.equity:
            ok &= (self.p_equity & _mask(f.equity, EQUITY_BITS)) != 0
        if f.education == "diploma":
            ok &= self.p_diploma
        return ok

    def members_mask(self, f: Any, today: date, now: datetime) -> npt.NDArray[np.bool_]:
        """The available memberships (at ``today``/``now``) that fit ``f``, pool and person."""
        ok = self.m_alive & (self.m_expiry >= today.toordinal()) & (self.m_suspended > _micros(now))
        if f.classifications:
            wanted = [self.class_codes[c] for c in f.classifications if c in self.class_codes]
            ok &= np.isin(self.m_class, np.asarray(wanted, np.int32))
        if f.streams:
            ok &= np.isin(self.m_stream, np.asarray([STREAM_CODES.get(s, -2) for s in f.streams], np.int32))
        return ok & self.people_mask(f)[self.m_person]

    def count(self, f: Any, today: date, now: datetime) -> tuple[int, list[tuple[int, int]], int]:
        """(distinct people, [(process id, people in that pool)] for pools with any, distinct people
        through the programme), as ``tally``."""
        ok = self.members_mask(f, today, now)
        people = np.zeros(len(self.p_user), bool)
        people[self.m_person[ok]] = True
        in_pools = ok & ~self.m_programme
        per_pool = np.bincount(self.m_process[in_pools], minlength=len(self.process_ids))
        pools = sorted((self.process_ids[i], int(n)) for i, n in enumerate(per_pool) if n)
        nominees = np.zeros(len(self.p_user), bool)
        nominees[self.m_person[ok & self.m_programme]] = True
        return int(people.sum()), pools, int(nominees.sum())

    def members(
        self, f: Any, today: date, now: datetime
    ) -> list[tuple[int, int | None, str | None, str | None, str, int | None]]:
        """(user id, process id, classification, stream, source, event id) of the available memberships
        that fit ``f`` (a programme membership has no process, a pool membership no event)."""
        rows = np.flatnonzero(self.members_mask(f, today, now))
        classes = {code: name for name, code in self.class_codes.items()}
        streams = {code: name for name, code in STREAM_CODES.items()}
        found: list[tuple[int, int | None, str | None, str | None, str, int | None]] = []
        for r in rows:
            user, cls = int(self.m_user[r]), classes.get(int(self.m_class[r]))
            if self.m_programme[r]:
                found.append((user, None, cls, None, NOMINATION, int(self.m_event[r])))
            else:
                stream = streams.get(int(self.m_stream[r]))
                found.append((user, self.process_ids[self.m_process[r]], cls, stream, POOL, None))
        return found


# -- one index per process, kept fresh ------------------------------------------------------------------

#: Changes are re-read over this window, so a transaction that wrote its change row early and committed
#: late (after a later one) is still applied. No web request or task holds fact changes open that long.
# User ids per chunk while the index is built (see ``LiveIndex._build``).
BUILD_CHUNK = 20_000
WINDOW = timedelta(minutes=10)
#: More changed people than this in one refresh: a full reload is cheaper than replacing them one by one.
MAX_PARTIAL = 50_000
#: More unapplied change rows than this: a full reload (keeps the list of change ids in a query bounded).
MAX_CHANGE_ROWS = 10_000


class LiveIndex:
    """The process's index and what it has applied. ``current`` returns it up to date (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: FacetIndex | None = None
        self.applied: dict[int, datetime] = {}  # change id -> when it was written (within the window)
        self.built_at: datetime | None = None
        self.last_build_seconds = 0.0

    def current(self, session: Session, loader: Loader, now: datetime) -> FacetIndex:
        with self.lock:
            if self.index is None or self.index.dead_share > 0.5:
                self._build(session, loader, now)
            else:
                self._refresh(session, loader, now)
            assert self.index is not None
            return self.index

    def _recent(self, session: Session, now: datetime) -> list[tuple[int, int | None, int | None, datetime]]:
        since = min(now, self.built_at or now) - WINDOW
        rows = session.execute(
            select(TalentChange.id, TalentChange.user_id, TalentChange.process_id, TalentChange.created_at)
            .where(TalentChange.created_at >= since)
            .order_by(TalentChange.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def _build(self, session: Session, loader: Loader, now: datetime) -> None:
        """Load every standing member, ``BUILD_CHUNK`` user ids at a time: the facts of a million people
        as Python objects take gigabytes, and a process keeps the heap it once grew to. Chunks keep the
        peak to one chunk's objects; the index itself is arrays of a few hundred megabytes."""
        started = time.perf_counter()
        recent = self._recent(session, now)  # read first: what changes after is re-read next time
        index = FacetIndex()
        # The range of user ids of either source, in one statement.
        ends = session.execute(
            select(
                select(func.min(Application.user_id)).scalar_subquery(),
                select(func.max(Application.user_id)).scalar_subquery(),
                select(func.min(NominationGroup.nominee_id)).scalar_subquery(),
                select(func.max(NominationGroup.nominee_id)).scalar_subquery(),
            )
        ).one()
        lows = [v for v in (ends[0], ends[2]) if v is not None]
        highs = [v for v in (ends[1], ends[3]) if v is not None]
        low, high = (min(lows), max(highs)) if lows else (None, None)
        if low is not None and high is not None:
            for start in range(low, high + 1, BUILD_CHUNK):
                people, members = loader(None, (start, start + BUILD_CHUNK))
                index.replace(people, members, ())
        index.s_sorted = 0
        index._sort_skills()
        self.index = index
        self.applied = {change_id: at for change_id, _u, _p, at in recent}
        self.built_at = now
        self.last_build_seconds = time.perf_counter() - started

    def _refresh(self, session: Session, loader: Loader, now: datetime) -> None:
        recent = [r for r in self._recent(session, now) if r[0] not in self.applied]
        if not recent:
            return
        if any(user is None and process is None for _i, user, process, _at in recent):
            self._build(session, loader, now)
            return
        if len(recent) > MAX_CHANGE_ROWS:  # a burst (an import): one reload beats many small ones
            self._build(session, loader, now)
            return
        users = _changed_users([r[0] for r in recent])  # at most MAX_CHANGE_ROWS ids; people sub-selected
        changed = session.scalar(select(_count_of(users)))
        if changed is not None and changed > MAX_PARTIAL:
            self._build(session, loader, now)
            return
        assert self.index is not None
        people, members = loader(users, None)
        named = set(session.scalars(users))
        self.index.replace(people, members, named)
        cutoff = now - WINDOW - WINDOW
        self.applied = {i: at for i, at in self.applied.items() if at >= cutoff}
        self.applied.update({change_id: at for change_id, _u, _p, at in recent})


def _changed_users(change_ids: Sequence[int]) -> Select[Any]:
    """The people named by the changes ``change_ids``: directly, or as members of a named process."""
    named = select(TalentChange.user_id).where(
        TalentChange.id.in_(change_ids), TalentChange.user_id.is_not(None)
    )
    processes = select(TalentChange.process_id).where(
        TalentChange.id.in_(change_ids), TalentChange.process_id.is_not(None)
    )
    members = select(Application.user_id).where(Application.process_id.in_(processes))
    return select(named.union(members).subquery().c[0])


def _count_of(users: Select[Any]) -> Any:
    return select(func.count()).select_from(users.subquery()).scalar_subquery()


__all__ = ["FacetIndex", "LiveIndex", "Loader", "MemberFacts"]
