"""Which skills can stand in for which: learned from the taxonomy, from candidates' profiles and from the
skills occupations require together.

Two signals, mixed with ``taxonomy_weight``:

- the taxonomy: two skills in the same deepest group are close (1.0), in the same parent group less so
  (0.5); groups holding more than 5 % of the library (and more than 50 skills) say too little and are
  ignored;
- co-occurrence: skills that the same people list together, and (when the library says which occupations
  require each skill) skills that the same occupations require together. Each candidate, and each
  occupation, is a row of skills (TF-IDF, unit length); the rows are reduced with a truncated SVD, the
  occupations' rows together weighing ``occupation_weight`` and the candidates' the rest; a skill's
  vector is its right singular vector scaled by the singular values, and skills are compared by cosine,
  which also links skills that never co-occur directly but share company (second-order co-occurrence).
  Skills listed by fewer than ``min_df`` candidates and required by no occupation take no part in this
  signal.

Why occupations: profiles only teach what the people already indexed hold together, so a skill few of
them list, or a request for an occupation nobody indexed practises (cold start), has little to go on. An
occupation's requirements are a clean, complete profile of the occupation; in the same space as people
they give such skills a place next to the skills they are needed with. They weigh a fixed share of the
SVD whatever the number of candidates (occupations are counted in thousands, candidates in millions), so
the occupation part costs what the library costs, not what the candidates cost. Measured on the ESCO
evaluation sets (occupations nobody practises: nDCG@10 +0.02 over profiles alone; see docs/matching.md,
"Related skills"); the share trades a little on occupations people do practise, where their own profiles
say more than other occupations' requirements.

Each skill keeps its ``n_related`` closest skills whose similarity reaches ``min_similarity``. The skill
vectors (``embedding_``) also place whole profiles and requests in the same space (profile fit).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils import check_random_state
from sklearn.utils.extmath import randomized_svd
from sklearn.utils.validation import check_is_fitted

from .errors import InvalidInputError

__all__ = ["SkillRelatedness"]

#: A group holding more than this share of the library (and more than ``MIN_BROAD`` skills) is too broad
#: to make its skills related.
MAX_GROUP_SHARE, MIN_BROAD = 0.05, 50
#: Similarity of two skills sharing their deepest group / their parent group.
SAME_GROUP, SAME_PARENT = 1.0, 0.5
#: Up to this many skills the SVD goes through the dense skill x skill Gram matrix (at most 256 MB).
GRAM_MAX_SKILLS = 8000
_CHUNK = 1024


class SkillRelatedness(BaseEstimator):  # type: ignore[misc, unused-ignore]
    """Learn, for each skill, the few skills closest to it.

    Parameters
    ----------
    n_related : int, default=4
        Neighbours kept per skill.
    min_similarity : float, default=0.3
        Neighbours below this similarity (0 to 1) are dropped.
    taxonomy_weight : float, default=0.5
        Share of the taxonomy in the similarity; the rest comes from co-occurrence.
    n_components : int, default=256
        Dimensions of the truncated SVD.
    min_df : int, default=3
        Skills listed by fewer candidates (and required by no occupation) get no co-occurrence vector
        (too little evidence).
    max_rows : int, default=200_000
        Candidates sampled (with ``random_state``) for the SVD when there are more.
    occupation_weight : float, default=0.25
        Share of the occupations' requirements in the SVD (0 to 1; 0 = ignore them). Without any
        occupation in ``fit`` the model is the one of profiles alone, whatever this weight.
    random_state : int, RandomState instance or None, default=0
        Seeds the sampling and the randomized SVD.

    Attributes
    ----------
    similarity_ : scipy.sparse.csr_matrix of shape (n_skills, n_skills)
        Row ``s`` holds the neighbours of skill ``s`` and their similarity, closest first.
    skill_group_, group_members_ : scipy.sparse.csr_matrix
        Each skill's deepest (not too broad) group, and each group's skills (for :meth:`in_context`).
    embedding_ : ndarray of shape (n_skills, n_components_)
        Unit-length co-occurrence vectors (zero for skills no sampled candidate lists and no occupation
        requires).
    df_ : ndarray of shape (n_skills,)
        Candidates (of the sample) listing each skill.
    n_occupations_ : int
        Occupations the co-occurrence learned from (0 when ``occupation_weight`` is 0).
    n_features_in_ : int
        Number of skills.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]]))
    >>> groups = [("a", "db"), ("a", "db"), ("a", "web"), ("a", "web")]
    >>> rel = SkillRelatedness(n_components=2, min_df=1).fit(X, groups)
    >>> rel.neighbours(0)[0].tolist()
    [1]

    Occupations requiring skills 0 and 2 together make them related too, though nobody holds both:

    >>> occupations = [("dba", "analyst"), (), ("dba", "analyst"), ()]
    >>> rel = SkillRelatedness(n_components=2, min_df=1, occupation_weight=0.5)
    >>> rel.fit(X, groups, occupations).neighbours(0)[0].tolist()
    [1, 2]
    """

    def __init__(
        self,
        *,
        n_related: int = 4,
        min_similarity: float = 0.3,
        taxonomy_weight: float = 0.5,
        n_components: int = 256,
        min_df: int = 3,
        max_rows: int = 200_000,
        occupation_weight: float = 0.25,
        random_state: int | np.random.RandomState | None = 0,
    ) -> None:
        self.n_related = n_related
        self.min_similarity = min_similarity
        self.taxonomy_weight = taxonomy_weight
        self.n_components = n_components
        self.min_df = min_df
        self.max_rows = max_rows
        self.occupation_weight = occupation_weight
        self.random_state = random_state

    def _validate(self) -> None:
        if not isinstance(self.n_related, int) or self.n_related < 0:
            raise InvalidInputError("n_related must be an integer >= 0")
        if not 0.0 <= self.min_similarity <= 1.0 or not 0.0 <= self.taxonomy_weight <= 1.0:
            raise InvalidInputError("min_similarity and taxonomy_weight must be between 0 and 1")
        if not isinstance(self.n_components, int) or self.n_components < 1:
            raise InvalidInputError("n_components must be an integer >= 1")
        if self.min_df < 1 or self.max_rows < 1:
            raise InvalidInputError("min_df and max_rows must be >= 1")
        w = self.occupation_weight
        if isinstance(w, bool) or not isinstance(w, int | float) or not 0.0 <= w <= 1.0:
            raise InvalidInputError(f"occupation_weight must be a number between 0 and 1, got {w!r}")

    def fit(
        self,
        X: sp.spmatrix | sp.sparray,
        groups: Sequence[Sequence[str]],
        occupations: Sequence[Sequence[str]] | None = None,
    ) -> Self:
        """Learn the neighbours of every skill.

        Parameters
        ----------
        X : sparse matrix of shape (n_candidates, n_skills)
            Non-zero where a candidate lists a skill.
        groups : sequence of n_skills sequences of str
            Each skill's taxonomy path, top group first.
        occupations : sequence of n_skills sequences of str, optional
            Ids of the occupations requiring each skill. None, or no id at all: profiles alone.

        Returns
        -------
        self
        """
        self._validate()
        X = sp.csr_matrix(X)
        n_skills = X.shape[1]
        if len(groups) != n_skills:
            raise InvalidInputError("groups must give one taxonomy path per skill (column of X)")
        if occupations is not None and len(occupations) != n_skills:
            raise InvalidInputError(
                "occupations must give one list of occupation ids per skill (column of X)"
            )
        incidence = _incidence(occupations or (), n_skills) if self.occupation_weight > 0 else None
        if incidence is not None and incidence.nnz == 0:
            incidence = None
        rng = check_random_state(self.random_state)
        self.embedding_, self.df_ = self._cooccurrence(X, incidence, rng)
        self.n_components_ = int(self.embedding_.shape[1])
        self.n_occupations_ = 0 if incidence is None else int(incidence.shape[0])
        same_group, same_parent = _taxonomy_matrices(groups)
        evidence = self.df_ >= self.min_df
        if incidence is not None:
            evidence |= np.bincount(incidence.indices, minlength=n_skills) > 0
        trusted = np.where(evidence[:, None], self.embedding_, 0.0).astype(np.float32)
        self.similarity_ = self._neighbours(trusted, same_group, same_parent)
        self.skill_group_ = sp.csr_matrix(same_group)
        self.group_members_ = self.skill_group_.T.tocsr()
        self.n_features_in_ = n_skills
        return self

    def _cooccurrence(
        self, X: sp.csr_matrix, incidence: sp.csr_matrix | None, rng: np.random.RandomState
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Skill vectors from the SVD of the candidates' rows (and the occupations', if any), and the
        candidates' count per skill."""
        n_rows, n_skills = X.shape
        if n_rows > self.max_rows:
            X = X[np.sort(rng.choice(n_rows, self.max_rows, replace=False))]
        X = X.astype(np.float32)
        X.data[:] = 1.0
        df = np.bincount(X.indices, minlength=n_skills).astype(np.int64)
        seen = df > 0
        n_total = X.shape[0]
        if incidence is not None:
            seen |= np.bincount(incidence.indices, minlength=n_skills) > 0
            n_total += incidence.shape[0]
        k = min(self.n_components, int(np.count_nonzero(seen)) - 1, n_total - 1)
        if k < 1:
            return np.zeros((n_skills, 0), np.float32), df
        if incidence is None:
            Xt = TfidfTransformer().fit_transform(X).astype(np.float32)
        else:
            # Each side weighs its share whatever its number of rows: the candidates' rows together
            # 1 - occupation_weight, the occupations' occupation_weight (a unit row weighs 1 / rows).
            w = self.occupation_weight
            At = TfidfTransformer().fit_transform(incidence).astype(np.float32)
            parts = [At * np.float32(np.sqrt(w / At.shape[0]))]
            if X.shape[0] and w < 1.0:
                Xc = TfidfTransformer().fit_transform(X).astype(np.float32)
                parts.insert(0, Xc * np.float32(np.sqrt((1.0 - w) / X.shape[0])))
            Xt = sp.vstack(parts, format="csr")
        if n_skills <= GRAM_MAX_SKILLS:
            # Same right singular vectors, from the (small, dense) skill x skill Gram matrix: cheaper than
            # iterating over hundreds of thousands of rows, and its products use every core.
            gram = np.asarray((Xt.T @ Xt).toarray(), dtype=np.float32)
            u, s2, _ = randomized_svd(gram, k, n_iter=4, random_state=rng)
            emb = (u * np.sqrt(np.maximum(s2, 0.0))[None, :]).astype(np.float32)
        else:
            svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=4, random_state=rng)
            svd.fit(Xt)
            emb = (svd.components_.T * svd.singular_values_[None, :]).astype(np.float32)
        emb[~seen] = 0.0
        norms = np.linalg.norm(emb, axis=1, keepdims=True)
        np.divide(emb, norms, out=emb, where=norms > 0)
        return emb, df

    def _neighbours(
        self, emb: npt.NDArray[np.float32], same_group: sp.csr_matrix, same_parent: sp.csr_matrix
    ) -> sp.csr_matrix:
        n = emb.shape[0]
        k = min(self.n_related, n - 1)
        tw = np.float32(self.taxonomy_weight)
        rows: list[npt.NDArray[np.int64]] = []
        cols: list[npt.NDArray[np.int64]] = []
        vals: list[npt.NDArray[np.float32]] = []
        if k <= 0:
            return sp.csr_matrix((n, n), dtype=np.float32)
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            cos = np.maximum(emb[a:b] @ emb.T, 0.0) if emb.shape[1] else np.zeros((b - a, n), np.float32)
            tax = (same_parent[a:b] @ same_parent.T).toarray().astype(np.float32)
            np.minimum(tax, SAME_PARENT, out=tax)
            tax[(same_group[a:b] @ same_group.T).toarray() > 0] = SAME_GROUP
            sim = (tw * tax + (1 - tw) * cos).astype(np.float32)
            sim[np.arange(b - a), np.arange(a, b)] = -1.0
            r, c = _top_k_rows(sim, k, self.min_similarity)
            rows.append(r + a)
            cols.append(c)
            vals.append(sim[r, c])
        r_all, c_all, v_all = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        order = np.lexsort((c_all, -v_all, r_all))
        indptr = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(r_all, minlength=n), out=indptr[1:])
        return sp.csr_matrix((v_all[order], c_all[order].astype(np.int32), indptr), shape=(n, n))

    def in_context(
        self, skill: int, query: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]] | None:
        """Stand-ins for a skill without co-occurrence evidence, chosen by the request they serve.

        For a skill fewer than ``min_df`` candidates list, co-occurrence says nothing and every other skill
        of its deepest group is equally related by the taxonomy. Rather than an arbitrary few, take the
        group's skills (held by someone) whose vectors fit the request's ``query`` vector best. None when
        the skill has evidence of its own (use :meth:`neighbours`) or no group.
        """
        sim = self.taxonomy_weight * SAME_GROUP
        if self.df_[skill] >= self.min_df or sim < self.min_similarity or self.n_related == 0:
            return None
        g_ptr, groups = self.skill_group_.indptr, self.skill_group_.indices
        if g_ptr[skill] == g_ptr[skill + 1]:
            return None
        g = groups[g_ptr[skill]]
        members = self.group_members_.indices[
            self.group_members_.indptr[g] : self.group_members_.indptr[g + 1]
        ]
        members = members[(members != skill) & (self.df_[members] > 0)].astype(np.int64)
        fit = np.einsum("ij,j->i", self.embedding_[members], query)  # no BLAS call: see rerank
        chosen = members[np.lexsort((members, -fit))[: self.n_related]]
        return np.sort(chosen), np.full(chosen.shape[0], sim, np.float32)

    def neighbours(self, skill: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        """Indices and similarities of the skills related to skill index ``skill``, closest first."""
        check_is_fitted(self, "similarity_")
        a, b = self.similarity_.indptr[skill], self.similarity_.indptr[skill + 1]
        return self.similarity_.indices[a:b], self.similarity_.data[a:b]


def _incidence(occupations: Sequence[Sequence[str]], n_skills: int) -> sp.csr_matrix:
    """Occupation x skill matrix: 1 where the occupation requires the skill (occupations numbered in order
    of first appearance, so the same input gives the same matrix)."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for skill, ids in enumerate(occupations):
        for occ in ids:
            rows.append(index.setdefault(occ, len(index)))
            cols.append(skill)
    m = sp.csr_matrix(
        (np.ones(len(rows), np.float32), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
        shape=(len(index), n_skills),
    )
    m.sum_duplicates()
    m.data[:] = 1.0  # an occupation named twice for a skill requires it once
    return m


def _top_k_rows(
    sim: npt.NDArray[np.float32], k: int, min_similarity: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per row, the ``k`` largest entries >= ``min_similarity``; ties go to the lower column index."""
    kth = -np.partition(-sim, k - 1, axis=1)[:, k - 1]
    gt = sim > kth[:, None]
    eq = sim == kth[:, None]
    need = k - gt.sum(axis=1)
    eq &= np.cumsum(eq, axis=1) <= need[:, None]
    keep = (gt | eq) & (sim >= min_similarity)
    r, c = np.nonzero(keep)
    return r.astype(np.int64), c.astype(np.int64)


def _taxonomy_matrices(groups: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """One-hot of each skill's deepest group, and multi-hot of its deepest and parent groups.

    Groups holding more than ``MAX_GROUP_SHARE`` of the skills are left out.
    """
    n = len(groups)
    index: dict[str, int] = {}
    last = np.full(n, -1, np.int64)
    parent = np.full(n, -1, np.int64)
    for i, path in enumerate(groups):
        if path:
            last[i] = index.setdefault(path[-1], len(index))
        if len(path) > 1:
            parent[i] = index.setdefault(path[-2], len(index))
    g = len(index)
    if g == 0:
        empty = sp.csr_matrix((n, 1), dtype=np.float32)
        return empty, empty
    size = np.bincount(last[last >= 0], minlength=g) + np.bincount(parent[parent >= 0], minlength=g)
    broad = size > max(MIN_BROAD, MAX_GROUP_SHARE * n)
    last = np.where((last >= 0) & ~broad[np.maximum(last, 0)], last, -1)
    parent = np.where((parent >= 0) & ~broad[np.maximum(parent, 0)], parent, -1)

    def onehot(cols: npt.NDArray[np.int64]) -> sp.csr_matrix:
        ok = cols >= 0
        return sp.csr_matrix(
            (np.ones(int(ok.sum()), np.float32), (np.flatnonzero(ok), cols[ok])), shape=(n, max(g, 1))
        )

    one = onehot(last)
    both = (one + onehot(parent)).tocsr()
    both.data[:] = 1.0
    return one, both
