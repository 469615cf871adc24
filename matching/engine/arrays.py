"""Candidates as arrays (CSR by candidate), so a million of them need no Python object each.

:class:`CandidateArrays` is what the engine indexes. Build it with :meth:`CandidateArrays.from_profiles`
from dataclasses, or with :meth:`CandidateArrays.build` straight from arrays (e.g. a database export).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ._data import CandidateProfile, SkillInfo
from .errors import InvalidInputError, UnknownSkillError
from .weights import _CURRENT_BIT, _LEVEL_MASK, encode_codes

__all__ = ["CandidateArrays", "as_candidate_arrays", "library_index"]

IntArray = npt.NDArray[np.int64]


def _int_array(value: npt.ArrayLike, name: str) -> IntArray:
    arr = np.asarray(value)
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise InvalidInputError(f"{name} must be a 1-d array of integers")
    return arr.astype(np.int64, copy=False)


def _check_indptr(indptr: IntArray, n: int, nnz: int, name: str) -> None:
    if indptr.shape != (n + 1,) or indptr[0] != 0 or indptr[-1] != nnz or bool(np.any(np.diff(indptr) < 0)):
        raise InvalidInputError(
            f"{name} must have n + 1 non-decreasing entries from 0 to the number of entries"
        )


@dataclass(frozen=True, eq=False)
class CandidateArrays:
    """Candidates in compressed sparse row form.

    Candidate ``i`` has skills ``skills[indptr[i]:indptr[i + 1]]`` (indices into the skills library the
    engine is fitted on), with one-byte ``codes`` (see :mod:`matching.engine.weights`), and pools
    ``pool_names[p]`` for ``p`` in ``pools[pool_indptr[i]:pool_indptr[i + 1]]``.

    Use :meth:`build` or :meth:`from_profiles` rather than the constructor: they validate and normalise.

    Examples
    --------
    >>> arrays = CandidateArrays.build(
    ...     ids=["c1", "c2"], indptr=[0, 2, 3], skills=[0, 1, 1], levels=[3, 0, 2],
    ...     pool_indptr=[0, 1, 1], pools=[0], pool_names=["it-02"])
    >>> len(arrays), arrays.nnz
    (2, 3)
    """

    ids: npt.NDArray[np.str_]
    indptr: IntArray
    skills: npt.NDArray[np.int32]
    codes: npt.NDArray[np.uint8]
    pool_indptr: IntArray
    pools: npt.NDArray[np.int32]
    pool_names: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def nnz(self) -> int:
        """Number of (candidate, skill) entries."""
        return int(self.skills.shape[0])

    @classmethod
    def build(
        cls,
        ids: Sequence[str] | npt.NDArray[np.str_],
        indptr: npt.ArrayLike,
        skills: npt.ArrayLike,
        *,
        levels: npt.ArrayLike | None = None,
        years: npt.ArrayLike | None = None,
        current: npt.ArrayLike | None = None,
        pool_indptr: npt.ArrayLike | None = None,
        pools: npt.ArrayLike | None = None,
        pool_names: Sequence[str] = (),
    ) -> CandidateArrays:
        """Validate and pack candidate arrays.

        Parameters
        ----------
        ids : sequence of str, length n
            Unique candidate ids.
        indptr : array of int, length n + 1
            Row pointers into ``skills``.
        skills : array of int
            Skill indices (positions in the skills library given to ``fit``).
        levels, years, current : arrays like ``skills`` or None
            Level 0-4 (0 = not declared), years (NaN = not declared), current flag (default True).
        pool_indptr, pools : arrays of int or None
            Row pointers and indices into ``pool_names``. None: no candidate is in any pool.
        pool_names : sequence of str
            Pool ids.

        Returns
        -------
        CandidateArrays
            A candidate listing a skill twice keeps it once, with the highest level and years, current if
            any entry is current.
        """
        id_arr = np.asarray(ids, dtype=np.str_)
        if id_arr.ndim != 1 or (id_arr.size and bool(np.any(id_arr == ""))):
            raise InvalidInputError("candidate ids must be a 1-d sequence of non-empty strings")
        n = int(id_arr.shape[0])
        sk = _int_array(skills, "skills")
        ip = _int_array(indptr, "indptr")
        _check_indptr(ip, n, int(sk.shape[0]), "indptr")
        if sk.size and sk.min() < 0:
            raise InvalidInputError("skill indices must be >= 0")
        codes = encode_codes(levels, years, current, int(sk.shape[0]))
        names = tuple(pool_names)
        if pool_indptr is None or pools is None:
            pip = np.zeros(n + 1, np.int64)
            pl = np.zeros(0, np.int64)
        else:
            pl = _int_array(pools, "pools")
            pip = _int_array(pool_indptr, "pool_indptr")
            _check_indptr(pip, n, int(pl.shape[0]), "pool_indptr")
            if pl.size and (pl.min() < 0 or pl.max() >= len(names)):
                raise InvalidInputError("pool indices must point into pool_names")
        ip, sk, codes = _dedupe(ip, sk, codes)
        return cls(id_arr, ip, sk.astype(np.int32), codes, pip, pl.astype(np.int32), names)

    @classmethod
    def from_profiles(
        cls, profiles: Iterable[CandidateProfile], skill_index: Mapping[str, int]
    ) -> CandidateArrays:
        """Pack :class:`CandidateProfile` objects, resolving skill ids with ``skill_index``.

        Raises
        ------
        UnknownSkillError
            Listing every unknown skill id and the first candidate using one.

        Examples
        --------
        >>> from matching.engine import CandidateSkill
        >>> p = CandidateProfile("c1", [CandidateSkill("sql", 2, 1.5, False)], pools=["p"])
        >>> a = CandidateArrays.from_profiles([p], {"sql": 0})
        >>> a.ids.tolist(), a.skills.tolist(), a.pool_names
        (['c1'], [0], ('p',))
        """
        ids: list[str] = []
        indptr = [0]
        skills: list[int] = []
        levels: list[int] = []
        years: list[float] = []
        current: list[bool] = []
        pool_indptr = [0]
        pools: list[int] = []
        pool_index: dict[str, int] = {}
        unknown: list[str] = []
        first_bad = ""
        for p in profiles:
            if not isinstance(p, CandidateProfile):
                raise InvalidInputError(f"expected CandidateProfile objects, got {type(p).__name__}")
            ids.append(p.id)
            for s in p.skills:
                idx = skill_index.get(s.skill)
                if idx is None:
                    unknown.append(s.skill)
                    first_bad = first_bad or p.id
                    continue
                skills.append(idx)
                levels.append(s.level or 0)
                years.append(np.nan if s.years is None else float(s.years))
                current.append(s.current)
            indptr.append(len(skills))
            for pool in dict.fromkeys(p.pools):
                pools.append(pool_index.setdefault(pool, len(pool_index)))
            pool_indptr.append(len(pools))
        if unknown:
            raise UnknownSkillError(unknown, f"candidate {first_bad!r}")
        return cls.build(
            ids,
            indptr,
            np.asarray(skills, np.int64),
            levels=levels,
            years=years,
            current=current,
            pool_indptr=pool_indptr,
            pools=np.asarray(pools, np.int64),
            pool_names=list(pool_index),
        )

    def row_lengths(self) -> IntArray:
        """Number of skills of each candidate."""
        return np.diff(self.indptr)

    def take(self, rows: npt.NDArray[np.intp]) -> CandidateArrays:
        """The candidates at ``rows``, in that order (same pool names).

        Examples
        --------
        >>> a = CandidateArrays.build(["a", "b"], [0, 1, 3], [0, 1, 2])
        >>> a.take(np.array([1])).skills.tolist()
        [1, 2]
        """
        ip, sk_idx = gather_ranges(self.indptr, rows)
        pip, pl_idx = gather_ranges(self.pool_indptr, rows)
        return CandidateArrays(
            self.ids[rows],
            ip,
            self.skills[sk_idx],
            self.codes[sk_idx],
            pip,
            self.pools[pl_idx],
            self.pool_names,
        )


def ranges(starts: npt.ArrayLike, lengths: npt.ArrayLike) -> IntArray:
    """Concatenation of ``arange(s, s + n)`` for each start ``s`` and length ``n``.

    >>> ranges([5, 0], [2, 3]).tolist()
    [5, 6, 0, 1, 2]
    """
    s = np.asarray(starts, np.int64)
    n = np.asarray(lengths, np.int64)
    ends = np.cumsum(n)
    return np.arange(int(ends[-1]) if ends.size else 0, dtype=np.int64) - np.repeat(ends - n - s, n)


def gather_ranges(indptr: IntArray, rows: npt.NDArray[np.integer[Any]]) -> tuple[IntArray, IntArray]:
    """New row pointers and the flat positions of rows ``rows`` of a CSR structure."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    new_ptr = np.zeros(lengths.shape[0] + 1, np.int64)
    np.cumsum(lengths, out=new_ptr[1:])
    return new_ptr, ranges(starts, lengths)


def _dedupe(
    indptr: IntArray, skills: IntArray, codes: npt.NDArray[np.uint8]
) -> tuple[IntArray, IntArray, npt.NDArray[np.uint8]]:
    """Sort each row's skills and merge repeated skills (max level, max years, any current)."""
    n = indptr.shape[0] - 1
    row = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    order = np.lexsort((skills, row))
    row, skills, codes = row[order], skills[order], codes[order]
    if skills.size == 0:
        return indptr, skills, codes
    first = np.ones(skills.shape[0], bool)
    first[1:] = (row[1:] != row[:-1]) | (skills[1:] != skills[:-1])
    if bool(first.all()):
        return indptr, skills, codes
    starts = np.flatnonzero(first)
    c = codes.astype(np.int64)
    level = np.maximum.reduceat(c & _LEVEL_MASK, starts)
    cur = np.maximum.reduceat(c & _CURRENT_BIT, starts)
    yb = np.maximum.reduceat(c >> 4, starts)
    new_codes = (level | cur | (yb << 4)).astype(np.uint8)
    row, skills = row[starts], skills[starts]
    new_indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(row, minlength=n), out=new_indptr[1:])
    return new_indptr, skills, new_codes


def library_index(skills: Sequence[SkillInfo]) -> dict[str, int]:
    """Position of each skill id in the library; rejects non-SkillInfo items and duplicate ids."""
    if not all(isinstance(s, SkillInfo) for s in skills):
        raise InvalidInputError("skills must be SkillInfo objects")
    index = {s.id: i for i, s in enumerate(skills)}
    if len(index) != len(skills):
        dup = sorted(sid for sid, count in Counter(s.id for s in skills).items() if count > 1)
        raise InvalidInputError(f"duplicate skill id(s) in the library {dup[:5]}")
    return index


def as_candidate_arrays(
    candidates: Iterable[CandidateProfile] | CandidateArrays, skill_index: Mapping[str, int]
) -> CandidateArrays:
    """Candidates as arrays against ``skill_index``, checked: known skills, unique candidate ids."""
    if isinstance(candidates, CandidateArrays):
        if candidates.nnz and int(candidates.skills.max()) >= len(skill_index):
            raise InvalidInputError("candidate skill indices must point into the skills library")
        arrays = candidates
    else:
        arrays = CandidateArrays.from_profiles(candidates, skill_index)
    ids = np.sort(arrays.ids)
    dup = ids[1:][ids[1:] == ids[:-1]]
    if dup.size:
        raise InvalidInputError(f"duplicate candidate id(s): {dup[:5].tolist()}")
    return arrays
