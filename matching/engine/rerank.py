"""Second stage: re-rank the shortlist of best-covering candidates with whole-profile evidence.

The scan (``scoring``) ranks by *coverage*: the weighted share of the request's skills a candidate holds
(or holds a related skill for). The best ``rerank_depth`` of them are then scored as::

    score   = (1 - profile_weight) * coverage * focus  +  profile_weight * profile
    profile = (1 - share) * fit + peer_weight * sum_j s_j * fit_j / n_peers
    share   = peer_weight * sum_j s_j / n_peers

where ``j`` runs over the ``n_peers`` shortlisted candidates whose rest of profile is most like this
one's and ``s_j`` in [0, 1] is that similarity: a peer counts only as much as it is alike, the rest of the
weight stays on the candidate's own fit (two unlike candidates alone on a shortlist keep their own).

- the *rest of the profile* is the candidate's skills outside the request. Only it makes ``fit``, the
  peers and ``focus``: whatever a candidate does about the request's own skills (gains one, raises its
  level, uses it now, uses it a year longer) raises their coverage and changes nothing else, theirs or
  anyone's, so it never lowers their rank (``tests/matching/engine/test_ranking_properties.py``);
- ``focus = min(1, (mean profile length / (rest length + request skills)) ** length_penalty)``: a profile
  much longer than average covers more skills by sheer number, so its coverage counts a little less;
- ``fit = max(0, cos(request vector, profile vector))`` in the co-occurrence space of
  :class:`~matching.engine.relatedness.SkillRelatedness`: the request vector is the IDF-weighted sum of
  its skills' vectors (nice-to-have ones scaled like their weight), a profile vector the IDF-weighted sum
  of the vectors of the rest of the profile *and of every requested skill*, held or not (so the fit says
  how the rest of the profile goes with the request, and nothing about the requested skills themselves,
  which coverage counts). It tells apart two candidates with the same requested skills by the rest of
  their profiles: someone whose other skills are those that usually go with the request fits better than
  someone who lists the same few skills among unrelated ones; a profile with nothing else fits fully;
- peers: candidates whose other skills are alike should get alike profile parts; pulling each fit toward
  its closest shortlisted peers' (by cosine of their IDF-weighted rest-of-profile skills) evens out the
  noise of one skill more or less in a profile. Peers are chosen by (similarity, fit), never by id or
  position.

Explanations report every part: what the required and nice-to-have skills gave, what the rest of the
profile gave (``profile_weight * fit``) and what the peers changed (``profile_weight * (profile - fit)``,
which may be negative).

Measured on the ESCO evaluation sets (``bench/RESULTS.md``); every step is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .arrays import gather_ranges
from .index import Segment

try:
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover
    _csr_matvecs = None
from .scoring import Plan

__all__ = ["Shortlist", "pool_rows", "rerank"]


@dataclass(frozen=True, eq=False)
class Shortlist:
    """The final candidates, best first: segment number and row, and every part of their score."""

    segment: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    score: npt.NDArray[np.float64]
    coverage: npt.NDArray[np.float64]
    focus: npt.NDArray[np.float64]
    fit: npt.NDArray[np.float64]
    peers: npt.NDArray[np.float64]
    own: npt.NDArray[np.float64]
    peer_share: npt.NDArray[np.float64]
    tier: npt.NDArray[np.int64]
    along: npt.NDArray[np.float64]


def pool_rows(
    segments: list[Segment], seg_no: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Row pointers and skills of the pool members (segment ``seg_no[j]``, row ``rows[j]``), in pool order."""
    if len(segments) == 1 or bool(np.all(seg_no == 0)):
        indptr, flat = gather_ranges(segments[0].row_ptr, rows)
        return indptr, segments[0].row_skills[flat]
    n = rows.shape[0]
    indptr = np.zeros(n + 1, np.int64)
    starts = np.empty(n, np.int64)
    ends = np.empty(n, np.int64)
    for i, seg in enumerate(segments):
        here = seg_no == i
        starts[here] = seg.row_ptr[rows[here]]
        ends[here] = seg.row_ptr[rows[here] + 1]
    np.cumsum(ends - starts, out=indptr[1:])
    chunks = [
        segments[g].row_skills[a:b]
        for g, a, b in zip(seg_no.tolist(), starts.tolist(), ends.tolist(), strict=True)
    ]
    return indptr, (np.concatenate(chunks) if chunks else np.zeros(0, np.int32))


def _sparse_times_dense(
    data: npt.NDArray[np.float32],
    columns: npt.NDArray[np.int64],
    indptr: npt.NDArray[np.int64],
    dense: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """The CSR matrix ``(data, columns, indptr)`` times ``dense``.

    Calls scipy's compiled kernel directly when it is there: building a ``csr_matrix`` (format checks,
    index casts) costs more than the product at this size (a hundred rows).
    """
    n, width = indptr.shape[0] - 1, dense.shape[1]
    if _csr_matvecs is None:  # pragma: no cover - scipy moved its private kernel
        matrix = sp.csr_matrix((data, columns, indptr), shape=(n, dense.shape[0]))
        return np.asarray(matrix @ dense, np.float32)
    out = np.zeros((n, width), np.float32)
    _csr_matvecs(
        n,
        dense.shape[0],
        width,
        indptr.astype(np.int32),
        columns.astype(np.int32),
        np.ascontiguousarray(data, np.float32),
        np.ascontiguousarray(dense, np.float32).ravel(),
        out.ravel(),
    )
    return out


def _gather(
    segments: list[Segment], seg_no: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Profile-vector norms of the rows ``rows`` of segments ``seg_no``."""
    if len(segments) == 1 or bool(np.all(seg_no == 0)):
        return segments[0].norms[rows].astype(np.float64)
    out = np.empty(rows.shape[0], np.float64)
    for i, seg in enumerate(segments):
        here = seg_no == i
        out[here] = seg.norms[rows[here]]
    return out


def rerank(
    parts: list[tuple[Segment, npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int8]]],
    plan: Plan,
    *,
    top: int,
    depth: int,
    idf: npt.NDArray[np.float32],
    emb: npt.NDArray[np.float32],
    mean_length: float,
    profile_weight: float,
    peer_weight: float,
    n_peers: int,
    length_penalty: float,
) -> Shortlist:
    """Merge the segments' best-covering candidates, keep ``depth`` of them, score them, keep ``top``.

    ``parts`` holds, per segment, rows, un-normalised coverage scores and requirement tiers (as from
    ``top_candidates``; all 0 for the score order). Candidates are ordered by (tier, score desc, id) at
    every step: ties are broken by candidate id.
    """
    used = [i for i, p in enumerate(parts) if p[1].size] or [0]
    seg_no = np.concatenate([np.full(parts[i][1].shape[0], i, np.int64) for i in used])
    rows = np.concatenate([parts[i][1] for i in used])
    cov = np.concatenate([parts[i][2] for i in used]).astype(np.float64) / max(plan.total, 1e-30)
    tier = np.concatenate([parts[i][3] for i in used]).astype(np.int64)
    # Within a segment rows are in id order: the ids themselves are only compared across segments.
    tie = np.concatenate([parts[i][0].ids[parts[i][1]] for i in used]) if len(used) > 1 else rows
    order = np.lexsort((tie, -cov, tier))[:depth]
    seg_no, rows, cov, tie, tier = seg_no[order], rows[order], cov[order], tie[order], tier[order]
    n = rows.shape[0]
    segments = [p[0] for p in parts]
    indptr, skills = pool_rows(segments, seg_no, rows)
    # The rest of each profile: its skills outside the request. Only they make the profile fit and the
    # peers, so that what a candidate does about the request's own skills (gaining one, raising its level,
    # using it now or longer) changes their coverage and nothing else: it can never lower their rank.
    in_request = np.zeros(emb.shape[0], bool)
    in_request[plan.skills] = True
    rest = ~in_request[skills]
    rest_before = np.zeros(rest.shape[0] + 1, np.int64)
    np.cumsum(rest, out=rest_before[1:])
    indptr = rest_before[indptr]
    skills = skills[rest]
    lengths = np.diff(indptr)
    data = idf[skills]
    # The shortlist's distinct skills (``inv``: position of each entry's skill among them); a count per
    # library skill is cheaper than ``np.unique``'s sort.
    counts = np.bincount(skills, minlength=emb.shape[0])
    held = counts > 0
    inv = (np.cumsum(held) - 1)[skills]
    uniq = np.flatnonzero(held)
    fit = np.zeros(n)
    # Each skill's pull toward the request (its vector . the query), for the explanations' "why".
    along = np.zeros(emb.shape[0])
    if profile_weight > 0:
        # cos(query, profile vector), a profile vector being the IDF-weighted sum of its skills' vectors,
        # with every requested skill counted as held: a sparse (candidates x distinct skills) times dense
        # (distinct skills x components) product, plus the request's own skills' vector.
        own = np.einsum("i,ij->j", idf[plan.skills].astype(np.float64), emb[plan.skills].astype(np.float64))
        vectors = np.broadcast_to(own, (n, own.shape[0])).copy()
        if skills.size:
            held_vectors = np.take(emb, uniq, axis=0)
            vectors += _sparse_times_dense(data, inv, indptr, held_vectors)
            along[uniq] = np.einsum("ij,j->i", held_vectors, plan.query)
        dots = np.einsum("ij,j->i", vectors, plan.query.astype(np.float64))
        norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
        fit = np.round(np.maximum(dots / np.maximum(norms, 1e-30), 0.0), 12)
    # ``focus`` counts the profile as if it held every requested skill, so gaining one does not lower it.
    m = plan.skills.shape[0]
    focus = np.minimum(1.0, (mean_length / np.maximum(lengths + m, 1)) ** length_penalty)
    pulled = np.zeros(n)
    share = np.zeros(n)
    k = min(n_peers, n - 1)
    if k > 0 and peer_weight > 0 and skills.size:
        # Cosine of the shortlist's IDF-weighted rest-of-profile rows. Only skills two or more of them hold
        # can make two rows alike, so the product reads those columns only: a sparse times dense product
        # over a few hundred columns (no BLAS call: OpenBLAS threads products of this size, and a threaded
        # product waits for a busy core: ten times slower on a loaded machine).
        row_of = np.repeat(np.arange(n), lengths)
        norms = np.sqrt(np.bincount(row_of, weights=data.astype(np.float64) ** 2, minlength=n))
        unit = (data / norms[row_of]).astype(np.float32)
        shared = counts[uniq] >= 2
        keep = shared[inv]
        column = (np.cumsum(shared) - 1)[inv[keep]]
        unit = unit[keep]
        kept_before = np.zeros(keep.shape[0] + 1, np.int64)
        np.cumsum(keep, out=kept_before[1:])
        kept_ptr = kept_before[indptr]
        dense = np.zeros((int(np.count_nonzero(shared)), n), np.float32)
        dense[column, np.repeat(np.arange(n), np.diff(kept_ptr))] = unit
        sim = np.round(_sparse_times_dense(unit, column, kept_ptr, dense).astype(np.float64), 9)
        # The k most alike, ties to the better fit: chosen by content, never by position or id, so that
        # equal profiles get equal peers whatever their ids and wherever they stand in the shortlist.
        # Similarities are rounded to 1e-9, so adding fit / 1e10 breaks their ties and nothing else; a
        # remaining tie is between equal similarities and equal fits, which give the same pull. (k argmax
        # passes: a lexsort of the n x n pairs costs a millisecond, more than the whole ranking.)
        alike_key = sim + fit[None, :] * 1e-10
        np.fill_diagonal(alike_key, -np.inf)
        everyone = np.arange(n)
        ranked = np.empty((n, k), np.int64)
        for j in range(k):
            ranked[:, j] = alike_key.argmax(axis=1)
            alike_key[everyone, ranked[:, j]] = -np.inf
        alike = np.clip(np.take_along_axis(sim, ranked, axis=1), 0.0, 1.0)
        # Summed in a fixed order of values, so that equal profiles get bit-equal sums.
        pulled = peer_weight * np.sort(alike * fit[ranked], axis=1).sum(axis=1) / k
        share = peer_weight * alike.sum(axis=1) / k
    # The profile part: the candidate's own fit, pulled toward their closest peers' fits as much as they are
    # alike (two unlike candidates keep their own). Peers never see the request's skills, so a candidate's
    # coverage is theirs alone.
    profile = (1.0 - share) * fit + pulled
    # Rounded far below what is shown (6 decimals), so float noise never decides between equal profiles:
    # their order is their ids'.
    score = np.round((1.0 - profile_weight) * cov * focus + profile_weight * profile, 10)
    final = np.lexsort((tie, -score, tier))[:top]
    return Shortlist(
        seg_no[final],
        rows[final],
        score[final],
        cov[final],
        focus[final],
        fit[final],
        pulled[final],
        1.0 - share[final],
        share[final],
        tier[final],
        along,
    )
