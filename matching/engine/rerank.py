"""Second stage: re-rank the shortlist of best-covering candidates with whole-profile evidence.

The scan (``scoring``) ranks by *coverage*: the weighted share of the request's skills a candidate holds
(or holds a related skill for). The best ``rerank_depth`` of them are then scored as::

    base  = (1 - profile_weight) * coverage * focus  +  profile_weight * profile_fit
    score = (1 - peer_weight) * base
            + peer_weight * (sum_j s_j * base_j + (n_peers - sum_j s_j) * base) / n_peers

where ``j`` runs over the ``n_peers`` shortlisted candidates most similar to this one and ``s_j`` in
[0, 1] is that similarity: a peer counts only as much as it is alike, the rest of the weight stays on the
candidate's own evidence (two unlike candidates alone on a shortlist keep their own scores).

- ``focus = min(1, (mean profile length / profile length) ** length_penalty)``: a profile much longer
  than average covers more skills by sheer number, so its coverage counts a little less;
- ``profile_fit = max(0, cos(request vector, profile vector))`` in the co-occurrence space of
  :class:`~matching.engine.relatedness.SkillRelatedness`: the request vector is the IDF-weighted sum of
  its skills' vectors (nice-to-have ones scaled like their weight), a profile vector the IDF-weighted sum
  of the candidate's skills' vectors. It tells apart two candidates with the same requested skills by the
  rest of their profiles: someone whose other skills are those that usually go with the request fits
  better than someone who lists the same few skills among unrelated ones;
- peers: candidates whose profiles are alike should score alike; pulling each score toward its closest
  shortlisted peers (by cosine of their IDF-weighted skills) evens out the noise of one skill more or
  less in a profile.

A score is therefore ``own * base + peers`` with ``own = (1 - peer_weight) + peer_weight * (n_peers -
sum_j s_j) / n_peers`` and ``peers = peer_weight * sum_j s_j * base_j / n_peers``; explanations report both.

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
    parts: list[tuple[Segment, npt.NDArray[np.int64], npt.NDArray[np.float32]]],
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

    ``parts`` holds, per segment, rows and un-normalised coverage scores (as from ``top_candidates``).
    Ties are broken by candidate id at every step.
    """
    used = [i for i, (_, r, _) in enumerate(parts) if r.size] or [0]
    seg_no = np.concatenate([np.full(parts[i][1].shape[0], i, np.int64) for i in used])
    rows = np.concatenate([parts[i][1] for i in used])
    cov = np.concatenate([parts[i][2] for i in used]).astype(np.float64) / max(plan.total, 1e-30)
    # Within a segment rows are in id order: the ids themselves are only compared across segments.
    tie = np.concatenate([parts[i][0].ids[parts[i][1]] for i in used]) if len(used) > 1 else rows
    order = np.lexsort((tie, -cov))[:depth]
    seg_no, rows, cov, tie = seg_no[order], rows[order], cov[order], tie[order]
    n = rows.shape[0]
    segments = [seg for seg, _, _ in parts]
    indptr, skills = pool_rows(segments, seg_no, rows)
    lengths = np.diff(indptr)
    data = idf[skills]
    # The shortlist's distinct skills (``inv``: position of each entry's skill among them); a count per
    # library skill is cheaper than ``np.unique``'s sort.
    counts = np.bincount(skills, minlength=emb.shape[0])
    held = counts > 0
    inv = (np.cumsum(held) - 1)[skills]
    uniq = np.flatnonzero(held)
    fit = np.zeros(n)
    if profile_weight > 0:
        # cos(query, profile vector): the profile vector's norm is kept in the index, and its dot product
        # with the query is the IDF-weighted sum of the query's dot products with the skills' vectors.
        along = np.einsum("ij,j->i", np.take(emb, uniq, axis=0), plan.query).astype(np.float64)
        dots = np.add.reduceat(data.astype(np.float64) * along[inv], indptr[:-1])
        fit = np.maximum(dots / np.maximum(_gather(segments, seg_no, rows), 1e-30), 0.0)
    focus = np.minimum(1.0, (mean_length / np.maximum(lengths, 1)) ** length_penalty)
    base = (1.0 - profile_weight) * cov * focus + profile_weight * fit
    peers = np.zeros(n)
    share = np.zeros(n)
    k = min(n_peers, n - 1)
    if k > 0 and peer_weight > 0:
        # Cosine of the shortlist's IDF-weighted skill rows. Only skills two or more of them hold can make
        # two rows alike, so the product reads those columns only: a sparse times dense product over a
        # few hundred columns (no BLAS call: OpenBLAS threads products of this size, and a threaded
        # product waits for a busy core: ten times slower on a loaded machine).
        norms = np.sqrt(np.add.reduceat(data.astype(np.float64) ** 2, indptr[:-1]))
        unit = (data / np.repeat(norms, lengths)).astype(np.float32)
        shared = counts[uniq] >= 2
        keep = shared[inv]
        column = (np.cumsum(shared) - 1)[inv[keep]]
        unit = unit[keep]
        kept_before = np.zeros(keep.shape[0] + 1, np.int64)
        np.cumsum(keep, out=kept_before[1:])
        kept_ptr = kept_before[indptr]
        dense = np.zeros((int(np.count_nonzero(shared)), n), np.float32)
        dense[column, np.repeat(np.arange(n), np.diff(kept_ptr))] = unit
        sim = _sparse_times_dense(unit, column, kept_ptr, dense).astype(np.float64)
        # Ties (identical profiles) go to the better-placed candidate: a deterministic nudge far below noise.
        sim -= np.arange(n)[None, :] * 1e-12
        np.fill_diagonal(sim, -np.inf)
        # k argmax passes (cheaper than partitioning every row for a small k); peers in row order, so
        # that the sum below runs in the same order for equal profiles.
        everyone = np.arange(n)
        nearest = np.empty((n, k), np.int64)
        alike = np.empty((n, k), np.float64)
        for j in range(k):
            nearest[:, j] = sim.argmax(axis=1)
            alike[:, j] = sim[everyone, nearest[:, j]]
            sim[everyone, nearest[:, j]] = -np.inf
        order = np.argsort(nearest, axis=1)
        nearest = np.take_along_axis(nearest, order, axis=1)
        alike = np.clip(np.take_along_axis(alike, order, axis=1), 0.0, 1.0)
        peers = peer_weight * (alike * base[nearest]).sum(axis=1) / k
        share = peer_weight * alike.sum(axis=1) / k
    own = 1.0 - share
    # Rounded far below what is shown (6 decimals), so float noise never decides between equal profiles:
    # their order is their ids'.
    score = np.round(own * base + peers, 10)
    final = np.lexsort((tie, -score))[:top]
    return Shortlist(
        seg_no[final],
        rows[final],
        score[final],
        cov[final],
        focus[final],
        fit[final],
        peers[final],
        own[final],
        share[final],
    )
