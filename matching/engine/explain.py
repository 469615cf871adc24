"""Explanations of the top candidates: which skills matched, which related skills stood in, what is missing.

The credits are recomputed from the candidates' own rows (CSR), with the same tables as the scoring, so
the points of the parts add up to the score. All of it is vectorised over the ``k`` candidates and the
request's skills; only the final objects are built in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from ._data import Contribution, Match, MatchedSkill, RelatedSkill
from .arrays import gather_ranges, ranges
from .index import Segment
from .scoring import Plan
from .weights import decode_codes

__all__ = ["Model", "Parts", "explain"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class Parts:
    """The parts of the final score of each candidate to explain (see ``rerank``)."""

    score: npt.NDArray[np.float64]
    coverage: npt.NDArray[np.float64]
    focus: npt.NDArray[np.float64]
    fit: npt.NDArray[np.float64]
    peers: npt.NDArray[np.float64]
    own: npt.NDArray[np.float64]
    peer_share: npt.NDArray[np.float64]
    profile_weight: float
    along: npt.NDArray[np.float64]  # per library skill: its vector . the request's (0 when not computed)


@dataclass(frozen=True)
class Model:
    """What explanations need of the fitted engine besides the plan."""

    table: npt.NDArray[np.float32]
    met_table: npt.NDArray[np.bool_]
    skill_ids: tuple[str, ...]
    idf: npt.NDArray[np.float32]
    emb: npt.NDArray[np.float32]


def explain(
    seg: Segment,
    rows: npt.NDArray[np.int64],
    parts: Parts,
    plan: Plan,
    model: Model,
    ranks: list[int],
) -> list[Match]:
    """Build :class:`Match` objects for ``rows`` of ``seg`` (with score ``parts``), with the given ``ranks``.

    ``model.table`` is the unscaled credit table (5 x 256) the plan's column tables were made from.
    """
    table, skill_ids = model.table, model.skill_ids
    k, m = int(rows.shape[0]), int(plan.skills.shape[0])
    if k == 0:
        return []
    row_ptr, flat = gather_ranges(seg.row_ptr, rows)
    lengths = np.diff(row_ptr)
    ent_skill = seg.row_skills[flat].astype(np.int64)
    ent_code = seg.row_codes[flat].astype(np.int64)
    ent_j = np.repeat(np.arange(k), lengths)

    # Exact matches: the candidate's code for each request skill it has (-1 when absent).
    slot = np.full(len(skill_ids), -1, np.int64)
    slot[plan.skills] = np.arange(m)
    items = slot[ent_skill]
    hit = items >= 0
    items = items[hit]
    ex_code = np.full((k, m), -1, np.int64)
    ex_code[ent_j[hit], items] = ent_code[hit]
    has = ex_code >= 0
    ex_credit = np.where(has, table[plan.levels[None, :], np.maximum(ex_code, 0)], 0.0).astype(np.float64)

    # Related skills: for each (candidate, request skill) the best stand-in among the candidate's skills.
    rel_credit = np.zeros((k, m), np.float64)
    rel_via = np.full((k, m), -1, np.int64)
    rel_sim = np.zeros((k, m), np.float64)
    rel_code = np.zeros((k, m), np.int64)
    n_pairs = int(plan.rel_skills.shape[0])
    if n_pairs:
        pair_item = np.repeat(np.arange(m), np.diff(plan.rel_ptr))
        porder = np.argsort(plan.rel_skills, kind="stable")
        pt = plan.rel_skills[porder]
        lo = np.searchsorted(pt, ent_skill, "left")
        cnt = np.searchsorted(pt, ent_skill, "right") - lo
        sel = np.flatnonzero(cnt)
        if sel.size:
            e_idx = np.repeat(sel, cnt[sel])
            p_idx = porder[ranges(lo[sel], cnt[sel])]
            item = pair_item[p_idx]
            sim = plan.rel_sims[p_idx].astype(np.float64)
            credit = plan.related_weight * sim * table[plan.levels[item], ent_code[e_idx]]
            key = ent_j[e_idx] * m + item
            order = np.lexsort((-plan.rel_skills[p_idx], sim, credit, key))
            last = np.ones(order.shape[0], bool)
            last[:-1] = key[order][1:] != key[order][:-1]
            best = order[last]
            j_b, i_b = ent_j[e_idx[best]], item[best]
            rel_credit[j_b, i_b] = credit[best]
            rel_via[j_b, i_b] = plan.rel_skills[p_idx[best]]
            rel_sim[j_b, i_b] = sim[best]
            rel_code[j_b, i_b] = ent_code[e_idx[best]]

    use_rel = rel_credit > ex_credit
    credit_all = np.maximum(ex_credit, rel_credit)
    share = plan.weights.astype(np.float64) / plan.total
    scale = (1.0 - parts.profile_weight) * parts.focus
    points = credit_all * share[None, :] * scale[:, None]

    # Requirement tiers: required skills held at the level, held below it, missing (and of those, how
    # many a related skill stands in for).
    met = has & model.met_table[plan.levels[None, :], np.maximum(ex_code, 0)]
    req = plan.required[None, :]
    counts = np.stack(
        [
            (met & req).sum(axis=1),
            (has & ~met & req).sum(axis=1),
            (~has & req).sum(axis=1),
            (~has & req & (rel_credit > 0)).sum(axis=1),
        ]
    )
    tiers = np.where(counts[2] > 0, 2, np.where(counts[1] > 0, 1, 0))

    # What the rest of the profile gave, and why: its skills that bring the profile closest to the request.
    along = model.idf[ent_skill].astype(np.float64) * np.einsum(
        "ij,j->i", np.take(model.emb, ent_skill, axis=0), plan.query
    ).astype(np.float64)
    outside = ~hit
    o_j, o_s, o_v = ent_j[outside], ent_skill[outside], along[outside]
    pos = o_v > 0
    o_j, o_s, o_v = o_j[pos], o_s[pos], o_v[pos]
    order = np.lexsort((o_s, -o_v, o_j))
    o_j, o_s = o_j[order], o_s[order]
    first = np.searchsorted(o_j, o_j)
    best3 = (np.arange(o_j.shape[0]) - first) < 3
    profile_skills = _split([skill_ids[t] for t in o_s[best3].tolist()], o_j[best3], k)

    return _build(
        seg,
        rows,
        parts,
        plan,
        skill_ids,
        ranks,
        counts,
        tiers,
        profile_skills,
        has,
        ex_code,
        ex_credit,
        use_rel,
        rel_via,
        rel_sim,
        rel_code,
        rel_credit,
        points,
        share,
    )


_NEW = cast(Callable[[type, tuple[Any, ...]], Any], tuple.__new__)


def _records(cls: type[_T], *columns: list[Any]) -> list[_T]:
    """Named tuples from columns, built in C (``tuple.__new__``) rather than by the Python ``__new__``."""
    return list(map(_NEW, repeat(cls), zip(*columns, strict=True)))


def _split(items: list[_T], owners: npt.NDArray[np.int64], k: int) -> list[tuple[_T, ...]]:
    """Group ``items`` (ordered by owner) into one tuple per owner 0..k-1."""
    bounds = np.searchsorted(owners, np.arange(k + 1)).tolist()
    return list(map(tuple, map(items.__getitem__, map(slice, bounds[:-1], bounds[1:]))))


def _code_objects() -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """Python values of every code: level (None: undeclared), years (None: undeclared), current."""
    lv, yr, cur = decode_codes(np.arange(256, dtype=np.uint8))
    level = np.array([x or None for x in lv.tolist()], dtype=object)
    years = np.array([None if y != y else y for y in yr.tolist()], dtype=object)
    current = np.array(cur.tolist(), dtype=object)
    return level, years, current


_LEVEL, _YEARS, _CURRENT = _code_objects()
_KIND = np.array(["nice_to_have", "required"], dtype=object)
_PARTS = ["required", "nice_to_have", "profile_fit", "peers"]


def _build(
    seg: Segment,
    rows: npt.NDArray[np.int64],
    parts: Parts,
    plan: Plan,
    skill_ids: tuple[str, ...],
    ranks: list[int],
    counts: npt.NDArray[np.int64],
    tiers: npt.NDArray[np.int64],
    profile_skills: list[tuple[str, ...]],
    has: npt.NDArray[np.bool_],
    ex_code: npt.NDArray[np.int64],
    ex_credit: npt.NDArray[np.float64],
    use_rel: npt.NDArray[np.bool_],
    rel_via: npt.NDArray[np.int64],
    rel_sim: npt.NDArray[np.float64],
    rel_code: npt.NDArray[np.int64],
    rel_credit: npt.NDArray[np.float64],
    points: npt.NDArray[np.float64],
    share: npt.NDArray[np.float64],
) -> list[Match]:
    """Turn the (k, m) explanation arrays into Match objects (items built column-wise, not one by one)."""
    k = int(rows.shape[0])
    req = plan.required
    kinds = _KIND[req.astype(np.int64)]
    names = np.array(plan.skill_ids, dtype=object)
    req_levels = _LEVEL[plan.levels]
    ex_points = np.where(use_rel, 0.0, points)
    rel_points = points - ex_points
    zero = np.maximum(ex_credit, rel_credit) == 0

    j, i = np.nonzero(has)
    codes = ex_code[j, i]
    matched = _split(
        _records(
            MatchedSkill,
            names[i].tolist(),
            kinds[i].tolist(),
            _LEVEL[codes].tolist(),
            req_levels[i].tolist(),
            _YEARS[codes].tolist(),
            _CURRENT[codes].tolist(),
            ex_credit[j, i].tolist(),
            ex_points[j, i].tolist(),
        ),
        j,
        k,
    )

    j, i = np.nonzero(use_rel)
    related = _split(
        _records(
            RelatedSkill,
            names[i].tolist(),
            [skill_ids[t] for t in rel_via[j, i].tolist()],
            kinds[i].tolist(),
            rel_sim[j, i].tolist(),
            _LEVEL[rel_code[j, i]].tolist(),
            rel_credit[j, i].tolist(),
            rel_points[j, i].tolist(),
        ),
        j,
        k,
    )

    j, i = np.nonzero(zero & req[None, :])
    missing = _split(names[i].tolist(), j, k)
    j, i = np.nonzero(zero & ~req[None, :])
    missing_nice = _split(names[i].tolist(), j, k)

    # Contributions, one row per part (required, nice-to-have, profile fit, peers), built at once.
    cov_scale = np.full(k, 1.0 - parts.profile_weight)
    fit_max = np.full(k, parts.profile_weight)
    lost = np.where(zero, share[None, :], 0.0) * cov_scale[:, None]
    by_kind = np.stack([req, ~req]).astype(np.float64)  # (2, m): required, nice-to-have
    mx = np.empty((4, k))
    mp = np.zeros((4, k))
    rp = np.zeros((4, k))
    xp = np.zeros((4, k))
    mx[:2] = (by_kind @ share)[:, None] * cov_scale[None, :]
    mp[:2] = by_kind @ ex_points.T
    rp[:2] = by_kind @ rel_points.T
    xp[:2] = by_kind @ lost.T
    mx[2], mp[2] = fit_max, fit_max * parts.fit
    # Peers: how far they moved the profile part from the candidate's own fit (may be negative).
    mx[3] = parts.profile_weight * parts.peer_share
    mp[3] = parts.profile_weight * (parts.peers - parts.peer_share * parts.fit)
    # Parts listed per candidate: required and nice-to-have only when the request has such skills.
    present = [p for p, on in enumerate((bool(req.any()), bool((~req).any()), True, True)) if on]
    n_parts = len(present)
    m_x, m_p, r_p, x_p = (a[present].T.ravel() for a in (mx, mp, rp, xp))
    flat = _records(
        Contribution,
        [_PARTS[p] for p in present] * k,
        m_x.tolist(),
        m_p.tolist(),
        r_p.tolist(),
        (m_x - m_p - r_p - x_p).tolist(),
        x_p.tolist(),
        (m_p + r_p).tolist(),
    )
    contributions = list(zip(*[iter(flat)] * n_parts, strict=True))
    return _records(
        Match,
        seg.ids[rows].tolist(),
        parts.score.round(6).tolist(),
        ranks,
        matched,
        related,
        missing,
        missing_nice,
        contributions,
        parts.coverage.round(6).tolist(),
        parts.focus.round(6).tolist(),
        parts.fit.round(6).tolist(),
        tiers.tolist(),
        counts[0].tolist(),
        counts[1].tolist(),
        counts[2].tolist(),
        counts[3].tolist(),
        profile_skills,
    )
