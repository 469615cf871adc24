"""The candidate index: an immutable main segment, a small delta segment for recent changes, pool sets.

A segment stores candidates sorted by id twice: by candidate (CSR, for explanations) and by skill (CSC,
for scoring, so a request reads only the columns of its skills and their related skills). Each holds one
``int32`` row index or skill index and one byte of level/recency/years per entry.

Pools are stored per candidate as the id of its *pool set* (the exact set of pools it belongs to); a
request turns its pools into a boolean per pool set, so the hard filter costs one lookup per candidate
touched. Pool set 0 is the empty set: candidates without a pool are not indexed at all. Each segment also
keeps the rows of every pool, so a request on small pools looks at their members only. Rows of the main
segment replaced by a newer version in the delta (or removed) are marked dead until the next merge.

All objects here are replaced, never changed, once published in an :class:`Index`, so a ranking that
started on one index snapshot finishes on it even if an update swaps in a new one meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .arrays import CandidateArrays, ranges

__all__ = ["Index", "PoolSets", "ProfileSpace", "Segment"]

#: Candidates whose profile vectors are computed at once (bounds the memory of the dense product).
_NORM_CHUNK = 32_768


@dataclass(frozen=True, eq=False)
class ProfileSpace:
    """The co-occurrence space profiles are compared in: a candidate's *profile vector* is
    ``sum of idf[s] * embedding[s]`` over its skills ``s``.

    The index keeps only the norm of each profile vector (4 bytes per candidate): the cosine with a
    request's unit vector ``q`` is then ``sum of idf[s] * (embedding[s] . q) / norm``, a gather over the
    candidate's skills instead of a product with the whole embedding at ranking time.
    """

    idf: npt.NDArray[np.float32]
    embedding: npt.NDArray[np.float32]

    def norms(self, indptr: npt.NDArray[np.int64], skills: npt.NDArray[np.int32]) -> npt.NDArray[np.float32]:
        """Norm of the profile vector of each row of the CSR ``(indptr, skills)``."""
        n = indptr.shape[0] - 1
        out = np.zeros(n, np.float32)
        n_skills = self.embedding.shape[0]
        for a in range(0, n, _NORM_CHUNK):
            b = min(n, a + _NORM_CHUNK)
            lo, hi = int(indptr[a]), int(indptr[b])
            sub = sp.csr_matrix(
                (self.idf[skills[lo:hi]], skills[lo:hi], indptr[a : b + 1] - lo), shape=(b - a, n_skills)
            )
            vecs = np.asarray(sub @ self.embedding, np.float32)
            out[a:b] = np.sqrt(np.einsum("ij,ij->i", vecs, vecs))
        return out


@dataclass(frozen=True, eq=False)
class PoolSets:
    """Interned pool sets. ``sets[i]`` is a sorted tuple of pool indices; ``sets[0] == ()``."""

    names: tuple[str, ...]
    sets: tuple[tuple[int, ...], ...]
    by_pool: tuple[npt.NDArray[np.int32], ...]
    name_index: dict[str, int] = field(default_factory=dict)
    set_index: dict[tuple[int, ...], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name_index and self.names:
            object.__setattr__(self, "name_index", {name: i for i, name in enumerate(self.names)})
        if not self.set_index:
            object.__setattr__(self, "set_index", {s: i for i, s in enumerate(self.sets)})

    @classmethod
    def empty(cls) -> PoolSets:
        return cls((), ((),), ())

    def encode(self, arrays: CandidateArrays) -> tuple[PoolSets, npt.NDArray[np.int32]]:
        """Pool-set id of each candidate of ``arrays``, and the (possibly extended) pool sets."""
        name_index = dict(self.name_index)
        names = list(self.names)
        remap = np.empty(len(arrays.pool_names), np.int64)
        for j, name in enumerate(arrays.pool_names):
            remap[j] = name_index.setdefault(name, len(names))
            if remap[j] == len(names):
                names.append(name)
        set_index = dict(self.set_index)
        sets = list(self.sets)
        pools = remap[arrays.pools] if arrays.pools.size else np.zeros(0, np.int64)
        ip = arrays.pool_indptr
        out = np.zeros(len(arrays), np.int32)
        lengths = np.diff(ip)
        single = lengths == 1
        # Most candidates are in a single pool: intern those sets with one vectorised pass.
        for p in np.unique(pools[ip[:-1][single]]).tolist():
            set_index.setdefault((p,), len(sets))
            if set_index[(p,)] == len(sets):
                sets.append((p,))
        if single.any():
            lut = np.zeros(len(names), np.int32)
            for p in range(len(names)):
                lut[p] = set_index.get((p,), 0)
            out[single] = lut[pools[ip[:-1][single]]]
        for i in np.flatnonzero(lengths > 1).tolist():
            key = tuple(sorted(set(pools[ip[i] : ip[i + 1]].tolist())))
            sid = set_index.setdefault(key, len(sets))
            if sid == len(sets):
                sets.append(key)
            out[i] = sid
        if len(sets) == len(self.sets) and len(names) == len(self.names):
            return self, out
        members: list[list[int]] = [[] for _ in names]
        for sid, s in enumerate(sets):
            for p in s:
                members[p].append(sid)
        by_pool = tuple(np.asarray(m, np.int32) for m in members)
        return PoolSets(tuple(names), tuple(sets), by_pool), out

    def pool_ids(self, pools: Sequence[str]) -> list[int]:
        """Indices of the named pools that exist."""
        return [self.name_index[name] for name in pools if name in self.name_index]

    def allowed(self, pools: Sequence[str] | None) -> npt.NDArray[np.bool_]:
        """Boolean per pool set: may a candidate in that set be returned for a request on ``pools``?"""
        ok = np.zeros(len(self.sets), bool)
        if pools is None:
            ok[1:] = True
            return ok
        for name in pools:
            p = self.name_index.get(name)
            if p is not None:
                ok[self.by_pool[p]] = True
        ok[0] = False
        return ok


@dataclass(frozen=True, eq=False)
class Segment:
    """Candidates sorted by id, by candidate (CSR) and by skill (CSC), with their pool-set ids."""

    ids: npt.NDArray[np.str_]
    poolset: npt.NDArray[np.int32]
    row_ptr: npt.NDArray[np.int64]
    row_skills: npt.NDArray[np.int32]
    row_codes: npt.NDArray[np.uint8]
    col_ptr: npt.NDArray[np.int64]
    col_rows: npt.NDArray[np.int32]
    col_codes: npt.NDArray[np.uint8]
    pool_ptr: npt.NDArray[np.int64]
    pool_rows: npt.NDArray[np.int32]
    norms: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @classmethod
    def build(
        cls,
        arrays: CandidateArrays,
        poolset: npt.NDArray[np.int32],
        n_skills: int,
        pools: PoolSets,
        norms: npt.NDArray[np.float32],
    ) -> Segment:
        """Index ``arrays`` (any order; sorted by id here) whose pool-set ids in ``pools`` are ``poolset``
        and profile-vector norms (see :class:`ProfileSpace`) are ``norms``."""
        order = np.argsort(arrays.ids, kind="stable")
        if not bool(np.all(order[1:] > order[:-1])):
            arrays = arrays.take(order)
            poolset = poolset[order]
            norms = norms[order]
        n = len(arrays)
        csr = sp.csr_matrix((arrays.codes, arrays.skills, arrays.indptr), shape=(n, n_skills))
        csc = csr.tocsc()
        csc.sort_indices()
        return cls(
            ids=arrays.ids,
            poolset=np.ascontiguousarray(poolset, np.int32),
            row_ptr=arrays.indptr.astype(np.int64),
            row_skills=arrays.skills.astype(np.int32),
            row_codes=arrays.codes,
            col_ptr=csc.indptr.astype(np.int64),
            col_rows=csc.indices.astype(np.int32),
            col_codes=csc.data.astype(np.uint8),
            norms=np.ascontiguousarray(norms, np.float32),
            **_pool_members(np.ascontiguousarray(poolset, np.int32), pools),
        )

    @classmethod
    def empty(cls, n_skills: int) -> Segment:
        """A segment without candidates."""
        none = CandidateArrays.build(np.zeros(0, np.str_), [0], np.zeros(0, np.int64))
        return cls.build(none, np.zeros(0, np.int32), n_skills, PoolSets.empty(), np.zeros(0, np.float32))

    def pool_size(self, pool_ids: list[int]) -> int:
        """Number of (row, pool) memberships over ``pool_ids`` (an upper bound of the rows in them)."""
        n_pools = self.pool_ptr.shape[0] - 1
        return sum(int(self.pool_ptr[p + 1] - self.pool_ptr[p]) for p in pool_ids if p < n_pools)

    def members(self, pool_ids: list[int]) -> npt.NDArray[np.int64]:
        """Rows in any of the pools ``pool_ids`` (sorted, each once)."""
        n_pools = self.pool_ptr.shape[0] - 1
        parts = [self.pool_rows[self.pool_ptr[p] : self.pool_ptr[p + 1]] for p in pool_ids if p < n_pools]
        if not parts:
            return np.zeros(0, np.int64)
        if len(parts) == 1:
            return parts[0].astype(np.int64)
        mark = np.zeros(len(self), bool)  # a union through a mask: O(n), but np.unique's hashing is slower
        for part in parts:
            mark[part] = True
        return np.flatnonzero(mark)

    def find(self, ids: npt.NDArray[np.str_]) -> npt.NDArray[np.int64]:
        """Row of each id, -1 when absent (binary search in the sorted ids)."""
        if len(self) == 0 or ids.shape[0] == 0:
            return np.full(ids.shape[0], -1, np.int64)
        # Search with the stored width: a wider query would make numpy widen (copy) all stored ids. An id
        # longer than the stored width is truncated for the search and then fails the equality check.
        pos = np.minimum(np.searchsorted(self.ids, ids.astype(self.ids.dtype)), len(self) - 1)
        return np.where(self.ids[pos] == ids, pos, -1)

    def to_arrays(
        self, rows: npt.NDArray[np.intp], pools: PoolSets
    ) -> tuple[CandidateArrays, npt.NDArray[np.int32]]:
        """Candidates at ``rows`` back as arrays (pools as pool-set ids, returned separately)."""
        arrays = CandidateArrays(
            self.ids,
            self.row_ptr,
            self.row_skills,
            self.row_codes,
            np.zeros(len(self) + 1, np.int64),
            np.zeros(0, np.int32),
            pools.names,
        ).take(rows)
        return arrays, self.poolset[rows]

    def nbytes(self) -> int:
        """Bytes held by the arrays of this segment."""
        return sum(
            int(a.nbytes)
            for a in (
                self.ids,
                self.poolset,
                self.row_ptr,
                self.row_skills,
                self.row_codes,
                self.col_ptr,
                self.col_rows,
                self.col_codes,
                self.pool_ptr,
                self.pool_rows,
                self.norms,
            )
        )


@dataclass(frozen=True, eq=False)
class Index:
    """One consistent snapshot: main segment, delta segment, rows of main replaced by the delta.

    ``dead`` holds main rows superseded or removed since the last merge (sorted; ``dead_mask`` is the same
    as a boolean per main row, or None when there are none); their pool set is
    still the old one in ``main`` (main is never modified), so rankings skip them explicitly.
    """

    main: Segment
    delta: Segment
    dead: npt.NDArray[np.int64]
    pools: PoolSets
    space: ProfileSpace
    dead_mask: npt.NDArray[np.bool_] | None = None

    @property
    def n_candidates(self) -> int:
        return len(self.main) - int(self.dead.shape[0]) + len(self.delta)

    def replaced(
        self,
        ids: npt.NDArray[np.str_],
        new: CandidateArrays,
        poolset: npt.NDArray[np.int32],
        pools: PoolSets,
        n_skills: int,
    ) -> Index:
        """A new snapshot where candidates ``ids`` are gone and ``new`` (a subset of them, with pool-set
        ids ``poolset``) are in the delta segment. The main segment is shared, not copied."""
        in_main = self.main.find(ids)
        gone = in_main[in_main >= 0]
        dead = np.union1d(self.dead, gone)
        mask = self.dead_mask
        if gone.size:  # copied, not changed: rankings running on the old snapshot keep their view
            mask = np.zeros(len(self.main), bool) if mask is None else mask.copy()
            mask[gone] = True
        in_delta = self.delta.find(ids)
        keep_delta = np.setdiff1d(np.arange(len(self.delta)), in_delta[in_delta >= 0])
        arrays, sets = concat_arrays([self.delta.to_arrays(keep_delta, pools), (new, poolset)])
        norms = np.concatenate([self.delta.norms[keep_delta], self.space.norms(new.indptr, new.skills)])
        delta = Segment.build(arrays, sets, n_skills, pools, norms)
        return Index(self.main, delta, dead.astype(np.int64), pools, self.space, mask)

    def merged(self, n_skills: int) -> Index:
        """A new snapshot with the delta folded into a rebuilt main segment and no dead rows."""
        alive = np.setdiff1d(np.arange(len(self.main)), self.dead)
        arrays, sets = concat_arrays(
            [
                self.main.to_arrays(alive, self.pools),
                self.delta.to_arrays(np.arange(len(self.delta)), self.pools),
            ]
        )
        norms = np.concatenate([self.main.norms[alive], self.delta.norms])
        return Index(
            Segment.build(arrays, sets, n_skills, self.pools, norms),
            Segment.empty(n_skills),
            np.zeros(0, np.int64),
            self.pools,
            self.space,
        )


def concat_arrays(
    parts: Sequence[tuple[CandidateArrays, npt.NDArray[np.int32]]],
) -> tuple[CandidateArrays, npt.NDArray[np.int32]]:
    """Stack candidates (with their pool-set ids); pool names are not kept (pool sets carry them)."""
    ids = np.concatenate([a.ids for a, _ in parts])
    lengths = np.concatenate([np.diff(a.indptr) for a, _ in parts])
    indptr = np.zeros(lengths.shape[0] + 1, np.int64)
    np.cumsum(lengths, out=indptr[1:])
    arrays = CandidateArrays(
        ids,
        indptr,
        np.concatenate([a.skills for a, _ in parts]),
        np.concatenate([a.codes for a, _ in parts]),
        np.zeros(ids.shape[0] + 1, np.int64),
        np.zeros(0, np.int32),
        (),
    )
    return arrays, np.concatenate([p for _, p in parts]).astype(np.int32)


def _pool_members(poolset: npt.NDArray[np.int32], pools: PoolSets) -> dict[str, npt.NDArray[Any]]:
    """Rows of each pool (CSR by pool), for requests restricted to a few pools."""
    n_pools = len(pools.names)
    set_len = np.array([len(s) for s in pools.sets], np.int64)
    set_ptr = np.zeros(set_len.shape[0] + 1, np.int64)
    np.cumsum(set_len, out=set_ptr[1:])
    set_pools = np.array([p for s in pools.sets for p in s], np.int64)
    lengths = set_len[poolset] if poolset.size else np.zeros(0, np.int64)
    starts = set_ptr[poolset] if poolset.size else np.zeros(0, np.int64)
    pool_of = set_pools[ranges(starts, lengths)]
    rows = np.repeat(np.arange(poolset.shape[0], dtype=np.int32), lengths)
    order = np.argsort(pool_of, kind="stable")
    pool_ptr = np.zeros(n_pools + 1, np.int64)
    np.cumsum(np.bincount(pool_of, minlength=n_pools), out=pool_ptr[1:])
    return {"pool_ptr": pool_ptr, "pool_rows": rows[order]}
