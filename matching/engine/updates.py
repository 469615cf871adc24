"""Keeping the index current without refitting: updates, removals and merges of :class:`SkillMatcher`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Self

import numpy as np
import numpy.typing as npt
from sklearn.utils.validation import check_is_fitted

from ._data import CandidateProfile
from .arrays import CandidateArrays, as_candidate_arrays
from .errors import EmptyCandidateError
from .index import Index

__all__ = ["IndexUpdates"]


class IndexUpdates:
    """Mixin of :class:`~matching.engine.SkillMatcher`: changes to the candidates after ``fit``."""

    index_: Index
    skill_index_: dict[str, int]
    skill_ids_: tuple[str, ...]
    empty_candidates: Literal["skip", "error"]

    def update_candidates(self, candidates: Iterable[CandidateProfile] | CandidateArrays) -> int:
        """Add or replace candidates; visible to the next ranking, without refitting.

        Changes go to a small delta segment (the main index is not touched, and is not copied: about a
        millisecond whatever its size); :meth:`merge` folds the delta in, best when it holds a few thousand
        candidates (or from a background job: rankings keep working on the previous snapshot meanwhile).
        Rarity weights and related skills stay as fitted until the next :meth:`fit`. A candidate updated
        with no skill or no pool is removed (it could not be returned). Call from one thread at a time.

        Returns
        -------
        int
            Candidates now indexed from this batch.
        """
        check_is_fitted(self, "index_")
        arrays, empty = self._candidate_arrays(candidates, self.skill_index_)
        index = self.index_
        pools, poolset = index.pools.encode(arrays)
        keep = np.flatnonzero(~empty & (poolset != 0))
        self.index_ = index.replaced(
            arrays.ids, arrays.take(keep), poolset[keep], pools, len(self.skill_ids_)
        )
        return int(keep.shape[0])

    def _candidate_arrays(
        self, candidates: Iterable[CandidateProfile] | CandidateArrays, skill_index: dict[str, int]
    ) -> tuple[CandidateArrays, npt.NDArray[np.bool_]]:
        """``candidates`` as arrays, and which have no skill (an error when ``empty_candidates="error"``)."""
        arrays = as_candidate_arrays(candidates, skill_index)
        empty = arrays.row_lengths() == 0
        if empty.any() and self.empty_candidates == "error":
            raise EmptyCandidateError(f"candidate(s) with no skill: {arrays.ids[empty][:10].tolist()}")
        return arrays, empty

    def remove_candidates(self, ids: Iterable[str]) -> int:
        """Remove candidates by id (unknown ids are ignored); returns how many were indexed."""
        check_is_fitted(self, "index_")
        id_arr = np.asarray(list(ids), dtype=np.str_).reshape(-1)
        index = self.index_
        before = index.n_candidates
        none = CandidateArrays.build(np.zeros(0, np.str_), [0], np.zeros(0, np.int64))
        self.index_ = index.replaced(id_arr, none, np.zeros(0, np.int32), index.pools, len(self.skill_ids_))
        return before - self.index_.n_candidates

    def merge(self) -> Self:
        """Fold the delta segment into the main index (a rebuild of the index, not a refit)."""
        check_is_fitted(self, "index_")
        self.index_ = self.index_.merged(len(self.skill_ids_))
        return self

    @property
    def n_candidates_(self) -> int:
        """Candidates that can be ranked (indexed, in at least one pool)."""
        check_is_fitted(self, "index_")
        return self.index_.n_candidates

    @property
    def n_delta_(self) -> int:
        """Candidates waiting in the delta segment; :meth:`merge` when it grows past a few thousand."""
        check_is_fitted(self, "index_")
        return len(self.index_.delta)
