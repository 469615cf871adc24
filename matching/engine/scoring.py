"""Scoring one request against one segment, touching only the columns it needs.

For request skill ``i`` (weight ``W_i``: required or nice-to-have weight times IDF; required level
``L_i``) a candidate earns ``W_i * credit_i``, the best of

- ``value_L(code)`` if the candidate has the skill itself (level, recency, experience; see ``weights``),
- ``related_weight * similarity * value_L(code_t)`` for each related skill ``t`` it has.

Each request skill and each related skill is a *column* of the CSC index. The score vector is
accumulated column by column: a request skill read from one column is a plain scatter-add; with related
columns, ``np.maximum.at(acc, rows, acc_before[rows] + values)`` adds each candidate's best credit once
however many of its columns touch it. The best ``k`` are then selected among the requested pools only:
when those pools hold few candidates, among their members (each segment keeps the rows of every pool);
otherwise a threshold from a strided sample of the score vector (the k-th best of any subset is a lower
bound of the k-th best overall) leaves a few k candidates for an exact selection by (score desc, row
asc). Rows are sorted by id, so ties go to the smaller id.

Work is bounded by :meth:`Plan.within_budget`: the request's own skills are always read in full, related
columns only while their entries stay within a budget (``SkillMatcher.related_budget``), taken by value
density (largest credit per entry read first), so a request whose skills have very common stand-ins does
not read half the index for stand-ins that say little.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from ._data import MatchRequest
from .arrays import ranges
from .errors import InvalidInputError, UnknownSkillError
from .index import Segment
from .relatedness import SkillRelatedness

__all__ = ["BufferPool", "Plan", "plan_request", "requirement_tiers", "select_top", "top_candidates"]

_SAMPLE = 4096
#: Own columns longer than this are not copied with their related columns (see ``_scan``).
_OWN_APART = 8192


@dataclass(frozen=True, eq=False)
class Plan:
    """A request resolved against the fitted engine.

    Request skill ``i`` is ``skills[i]`` (``required[i]``, required level ``levels[i]``, 0 = any; weight
    ``weights[i]``); its related skills are ``rel_skills[rel_ptr[i]:rel_ptr[i + 1]]`` (``rel_sims``).
    ``query`` is the request's unit vector in the co-occurrence space. Columns, grouped by request skill
    (own skill first): ``col_skill``, ``col_item`` (the request skill of each column), ``col_tables``
    (weighted credit of every code), ``col_ub`` (its maximum) and ``col_own`` (True for the request
    skill's own column, False for a related skill's).
    """

    request_id: str
    skill_ids: tuple[str, ...]
    skills: npt.NDArray[np.int64]
    required: npt.NDArray[np.bool_]
    levels: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float32]
    rel_ptr: npt.NDArray[np.int64]
    rel_skills: npt.NDArray[np.int64]
    rel_sims: npt.NDArray[np.float32]
    related_weight: float
    col_skill: npt.NDArray[np.int64]
    col_item: npt.NDArray[np.int64]
    col_tables: npt.NDArray[np.float32]
    col_ub: npt.NDArray[np.float64]
    query: npt.NDArray[np.float32]
    col_own: npt.NDArray[np.bool_]

    @property
    def total(self) -> float:
        """Score of a perfect candidate (scores are divided by it)."""
        return float(self.weights.sum(dtype=np.float64))

    @classmethod
    def build(
        cls,
        request_id: str,
        skill_ids: tuple[str, ...],
        skills: npt.NDArray[np.int64],
        required: npt.NDArray[np.bool_],
        levels: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float32],
        rel_ptr: npt.NDArray[np.int64],
        rel_skills: npt.NDArray[np.int64],
        rel_sims: npt.NDArray[np.float32],
        related_weight: float,
        table: npt.NDArray[np.float32],
        query: npt.NDArray[np.float32],
    ) -> Plan:
        """Derive the columns of a request from its skills and their related skills."""
        m = skills.shape[0]
        n_rel = np.diff(rel_ptr)
        col_item = np.repeat(np.arange(m, dtype=np.int64), n_rel + 1)
        first = np.zeros(m + 1, np.int64)
        np.cumsum(n_rel + 1, out=first[1:])
        is_own = np.zeros(col_item.shape[0], bool)
        is_own[first[:-1]] = True
        col_skill = np.empty(col_item.shape[0], np.int64)
        col_skill[is_own] = skills
        col_skill[~is_own] = rel_skills
        factor = np.ones(col_item.shape[0], np.float32)
        factor[~is_own] = np.float32(related_weight) * rel_sims
        scale = (weights[col_item] * factor).astype(np.float32)
        # ``view`` gives the canonical float32 descriptor: arrays restored from a pickle carry their own,
        # which sends ``np.add.at`` down its slow casting path (20x slower).
        tables = (table[levels[col_item]] * scale[:, None]).view(np.float32)
        return cls(
            request_id,
            skill_ids,
            skills,
            required,
            levels,
            weights,
            rel_ptr,
            rel_skills,
            rel_sims,
            related_weight,
            col_skill,
            col_item,
            tables,
            tables.max(axis=1).astype(np.float64),
            query,
            is_own,
        )

    def within_budget(self, col_len: npt.NDArray[np.int64], budget: int) -> Plan:
        """This plan without the related columns that do not fit in ``budget`` entries (own columns count
        toward the budget too and are always kept); related columns are taken by value density."""
        own = self.col_own
        related = np.flatnonzero(~own)
        spare = budget - int(col_len[own].sum())
        if int(col_len[related].sum()) <= spare:
            return self
        density = self.col_ub[related] / np.maximum(col_len[related], 1)
        order = related[np.lexsort((related, -density))]
        fits = np.cumsum(col_len[order]) <= spare
        keep_col = own.copy()
        keep_col[order[fits]] = True
        keep_rel = keep_col[~own]
        item_of_rel = np.repeat(np.arange(self.skills.shape[0]), np.diff(self.rel_ptr))
        counts = np.bincount(item_of_rel[keep_rel], minlength=self.skills.shape[0])
        rel_ptr = np.zeros(self.rel_ptr.shape[0], np.int64)
        np.cumsum(counts, out=rel_ptr[1:])
        return replace(
            self,
            rel_ptr=rel_ptr,
            rel_skills=self.rel_skills[keep_rel],
            rel_sims=self.rel_sims[keep_rel],
            col_skill=self.col_skill[keep_col],
            col_item=self.col_item[keep_col],
            col_tables=self.col_tables[keep_col],
            col_ub=self.col_ub[keep_col],
            col_own=own[keep_col],
        )


def plan_request(
    request: MatchRequest,
    skill_index: Mapping[str, int],
    idf: npt.NDArray[np.float32],
    relatedness: SkillRelatedness,
    related_weight: float,
    nice_weight: float,
    table: npt.NDArray[np.float32],
) -> Plan:
    """Resolve ``request``: skill indices, weights, levels, its vector and related skills.

    A skill named twice is kept once, as required if it is required anywhere, at the highest level.
    Related skills come from ``relatedness.similarity_``, except for skills without co-occurrence
    evidence, whose stand-ins are picked to fit the rest of the request (``SkillRelatedness.in_context``).

    Raises
    ------
    UnknownSkillError
        Listing every skill id of the request that is not in the library.
    """
    if not isinstance(request, MatchRequest):
        raise InvalidInputError(f"expected a MatchRequest, got {type(request).__name__}")
    wanted: dict[str, tuple[bool, int]] = {}
    for required, group in ((True, request.required), (False, request.nice_to_have)):
        for rs in group:
            was_required, level = wanted.get(rs.skill, (False, 0))
            wanted[rs.skill] = (was_required or required, max(level, rs.level or 0))
    unknown = [s for s in wanted if s not in skill_index]
    if unknown:
        raise UnknownSkillError(unknown, f"request {request.id!r}")
    skills = np.array([skill_index[s] for s in wanted], np.int64)
    req = np.array([r for r, _ in wanted.values()], bool)
    levels = np.array([lv for _, lv in wanted.values()], np.int64)
    weighted = np.where(req, 1.0, nice_weight) * idf[skills]
    weights = weighted.astype(np.float32)
    emb = relatedness.embedding_
    query = weighted[:, None] * emb[skills]
    query = query.sum(axis=0).astype(np.float32)
    norm = float(np.linalg.norm(query))
    if norm > 0:
        query /= np.float32(norm)
    m = skills.shape[0]
    lengths = np.zeros(m, np.int64)
    rel_skills, rel_sims = np.zeros(0, np.int64), np.zeros(0, np.float32)
    if related_weight > 0:
        sim = relatedness.similarity_
        starts = sim.indptr[skills].astype(np.int64)
        lengths = sim.indptr[skills + 1] - starts
        flat = ranges(starts, lengths)
        rel_skills, rel_sims = sim.indices[flat].astype(np.int64), sim.data[flat].astype(np.float32)
        no_evidence = np.flatnonzero(relatedness.df_[skills] < relatedness.min_df)
        if no_evidence.size:  # rare: per skill, stand-ins chosen in the request's context
            per_skill = np.split(np.arange(rel_skills.shape[0]), np.cumsum(lengths)[:-1])
            new_s = [rel_skills[ix] for ix in per_skill]
            new_v = [rel_sims[ix] for ix in per_skill]
            for i in no_evidence.tolist():
                chosen = relatedness.in_context(int(skills[i]), query)
                if chosen is not None:
                    new_s[i], new_v[i] = chosen
            lengths = np.array([x.shape[0] for x in new_s], np.int64)
            rel_skills, rel_sims = np.concatenate(new_s), np.concatenate(new_v)
    rel_ptr = np.zeros(m + 1, np.int64)
    np.cumsum(lengths, out=rel_ptr[1:])
    return Plan.build(
        request.id,
        tuple(wanted),
        skills,
        req,
        levels,
        weights,
        rel_ptr,
        rel_skills,
        rel_sims,
        related_weight,
        table,
        query,
    )


class BufferPool:
    """Hands out zeroed float32 score vectors, so concurrent rankings in threads never share one.

    Pickles as an empty pool (buffers are scratch, not state).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[npt.NDArray[np.float32]] = []

    def acquire(self, n: int) -> npt.NDArray[np.float32]:
        with self._lock:
            buf = self._free.pop() if self._free else None
        return buf if buf is not None and buf.shape[0] >= n else np.zeros(max(n, 1), np.float32)

    def release(self, buf: npt.NDArray[np.float32]) -> None:
        with self._lock:
            self._free.append(buf)

    def __reduce__(self) -> tuple[type[BufferPool], tuple[()]]:
        return (BufferPool, ())


def _scan(seg: Segment, plan: Plan, acc: npt.NDArray[np.float32]) -> None:
    """Accumulate the plan's columns into ``acc``, request skill by request skill."""
    rows_all, codes_all, tables = seg.col_rows, seg.col_codes, plan.col_tables
    cols = np.flatnonzero(seg.col_ptr[plan.col_skill + 1] > seg.col_ptr[plan.col_skill])
    starts = seg.col_ptr[plan.col_skill[cols]].tolist()
    ends = seg.col_ptr[plan.col_skill[cols] + 1].tolist()
    items = plan.col_item[cols].tolist()
    own = plan.col_own[cols].tolist()
    c, n_cols = 0, len(items)
    while c < n_cols:
        i, first = items[c], c
        while c < n_cols and items[c] == i:
            c += 1
        if c - first == 1:
            a, b = starts[first], ends[first]
            np.add.at(acc, rows_all[a:b], tables[cols[first]][codes_all[a:b]])
            continue
        # Several columns: each candidate gets its best credit once (``acc_before + credit`` kept by max).
        # A long own column (a common skill) is read before its stand-ins change ``acc`` and kept out of
        # the copies; a short one joins them (one pass fewer).
        mine = first if own[first] and ends[first] - starts[first] > _OWN_APART else -1
        if mine >= 0:
            own_rows = rows_all[starts[mine] : ends[mine]]
            own_vals = tables[cols[mine]][codes_all[starts[mine] : ends[mine]]]
            own_vals += acc[own_rows]
        rest = range(first + 1 if mine >= 0 else first, c)
        r = np.concatenate([rows_all[starts[x] : ends[x]] for x in rest])
        v = np.concatenate([tables[cols[x]][codes_all[starts[x] : ends[x]]] for x in rest])
        v += acc[r]
        np.maximum.at(acc, r, v)
        if mine >= 0:
            np.maximum.at(acc, own_rows, own_vals)


def _eligible(
    seg: Segment,
    rows: npt.NDArray[np.int64],
    allowed: npt.NDArray[np.bool_],
    dead: npt.NDArray[np.bool_] | None,
) -> npt.NDArray[np.bool_]:
    # Every indexed row has a pool: a request on all pools needs no lookup.
    everyone = bool(allowed[1:].all())
    ok: npt.NDArray[np.bool_] = np.ones(rows.shape[0], bool) if everyone else allowed[seg.poolset[rows]]
    if dead is not None:
        ok &= ~dead[rows]
    return ok


def top_candidates(
    seg: Segment,
    plan: Plan,
    allowed: npt.NDArray[np.bool_],
    k: int,
    pool: BufferPool,
    dead: npt.NDArray[np.bool_] | None = None,
    pool_ids: list[int] | None = None,
    met_table: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int8]]:
    """Best ``k`` eligible rows of ``seg`` by (score desc, row asc), with their un-normalised scores and
    requirement tiers.

    ``allowed`` is a boolean per pool set (the hard pool filter), ``pool_ids`` the requested pools (None:
    all); ``dead`` marks rows to skip. When the requested pools hold few candidates, only their members
    are looked at after the scan; otherwise the score vector is thresholded. With ``met_table`` (see
    :func:`requirement_tiers`) the best are taken by (tier asc, score desc, row asc) and the tiers are
    returned; without it every tier is 0 (score order).
    """
    n = len(seg)
    none = np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.int8)
    if n == 0 or k <= 0:
        return none
    in_pools = seg.pool_size(pool_ids) if pool_ids is not None else n
    if in_pools == 0:
        return none
    tiers = None
    if met_table is not None and bool(plan.required.any()):
        tiers = requirement_tiers(seg, plan, met_table)
    acc = pool.acquire(n)
    try:
        _scan(seg, plan, acc[:n])
        if in_pools * 8 < n:  # few candidates in the requested pools: look at them only
            assert pool_ids is not None
            members = seg.members(pool_ids)
            scores = acc[members]
            keep = scores > 0
            if dead is not None:
                keep &= ~dead[members]
            rows, scores = members[keep], scores[keep]
        elif tiers is None:
            rows = _candidates(seg, acc[:n], allowed, dead, k, min(1.0, in_pools / n))
            scores = acc[rows]
        else:
            # A better tier outweighs any score: a candidate's key is its score plus (2 - tier) times more
            # than the best possible score. The threshold on the key is a lower bound as before (rounding
            # to float32 keeps the order of keys), and the exact selection below uses tier and score apart.
            # A candidate of tier 0 or 1 holds every required skill, so its score is positive.
            bonus = np.float32(plan.total + 1.0) * (2 - tiers).astype(np.float32)
            rows = _candidates(seg, acc[:n] + bonus, allowed, dead, k, min(1.0, in_pools / n))
            scores = acc[rows]
    finally:
        acc[:n] = 0.0
        pool.release(acc)
    if tiers is None:
        rows, scores = select_top(rows, scores, k)
        return rows, scores, np.zeros(rows.shape[0], np.int8)
    row_tiers = tiers[rows]
    order = np.lexsort((rows, -scores, row_tiers))[:k]
    return rows[order], scores[order], row_tiers[order]


def requirement_tiers(seg: Segment, plan: Plan, met_table: npt.NDArray[np.bool_]) -> npt.NDArray[np.int8]:
    """Requirement tier of every row of ``seg``: 0 when it holds every required skill of ``plan`` at the
    required level, 1 when it holds them all but some below the level, 2 when some are missing (related
    skills do not count here). ``met_table[level, code]`` says whether a code meets a required level.

    Reads the required skills' own columns once more (two scatters per column, no related columns).
    """
    n = len(seg)
    req = np.flatnonzero(plan.required)
    held = np.zeros(n, np.int16)
    met = np.zeros(n, np.int16)
    for i in req.tolist():
        col = int(plan.skills[i])
        a, b = int(seg.col_ptr[col]), int(seg.col_ptr[col + 1])
        rows = seg.col_rows[a:b]
        held[rows] += 1  # a row appears once per column
        met[rows] += met_table[int(plan.levels[i])][seg.col_codes[a:b]]
    r = req.shape[0]
    return np.where(met == r, 0, np.where(held == r, 1, 2)).astype(np.int8)


def _candidates(
    seg: Segment,
    acc: npt.NDArray[np.float32],
    allowed: npt.NDArray[np.bool_],
    dead: npt.NDArray[np.bool_] | None,
    k: int,
    eligible_share: float = 1.0,
) -> npt.NDArray[np.int64]:
    """Eligible rows that may be among the best ``k``: all whose score reaches the k-th best of a
    strided sample (a lower bound of the k-th best overall). The sample grows as the eligible share
    shrinks, so that it holds about the same number of eligible rows (and the threshold stays tight)."""
    n = acc.shape[0]
    step = max(1, int(n * max(eligible_share, 0.01) / _SAMPLE))
    sample = np.arange(0, n, step, dtype=np.int64)
    sv = acc[sample]
    ok = (sv > 0) & _eligible(seg, sample, allowed, dead)
    n_ok = int(np.count_nonzero(ok))
    tau = np.float32(np.partition(sv[ok], n_ok - k)[n_ok - k]) if n_ok >= k else np.float32(1e-30)
    cand = np.flatnonzero(acc >= tau)
    return cand[_eligible(seg, cand, allowed, dead)]


def select_top(
    rows: npt.NDArray[np.int64], scores: npt.NDArray[np.float32], k: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """The ``k`` best (score desc, row asc), sorted.

    Examples
    --------
    >>> r, s = select_top(np.array([5, 3, 9, 1]), np.array([0.2, 0.9, 0.2, 0.2], np.float32), 2)
    >>> r.tolist(), s.tolist()
    ([3, 1], [0.8999999761581421, 0.20000000298023224])
    """
    m = rows.shape[0]
    if m > k:
        kth = np.partition(scores, m - k)[m - k]
        gt = scores > kth
        need = k - int(np.count_nonzero(gt))
        eq_rows = np.sort(rows[scores == kth])[:need]
        rows = np.concatenate([rows[gt], eq_rows])
        scores = np.concatenate([scores[gt], np.full(eq_rows.shape[0], kth, np.float32)])
    order = np.lexsort((rows, -scores))
    return rows[order], scores[order]
