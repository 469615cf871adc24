"""The matching estimator: fitted on the skills library and the candidates, it ranks requests."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Literal, Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from ._data import ORDERS, CandidateProfile, MatchRequest, Order, ParamValue, RankedList, SkillInfo
from ._version import ENGINE_VERSION
from .arrays import CandidateArrays, library_index
from .errors import InvalidInputError
from .explain import Model as ExplainModel
from .explain import Parts, explain
from .index import Index, PoolSets, ProfileSpace, Segment
from .relatedness import SkillRelatedness
from .rerank import rerank
from .scoring import BufferPool, Plan, plan_request, top_candidates
from .updates import IndexUpdates
from .weights import idf_weights, level_met_table, value_table

__all__ = ["SkillMatcher"]

#: Entries of related-skill columns a request may always read, whatever ``related_budget``.
MIN_RELATED_ENTRIES = 5000

Candidates = Iterable[CandidateProfile] | CandidateArrays


class SkillMatcher(IndexUpdates, BaseEstimator):  # type: ignore[misc, unused-ignore]
    """Rank prequalified candidates against talent requests, with explanations.

    Two stages. First the *coverage* of the request by each candidate, from 0 to 1 (1 = every skill at
    the required level, current, with ``years_full`` years), computed by reading only the index columns
    of the requested skills and their related skills::

        coverage  = sum over request skills s of  weight(s) * credit(s)  /  sum of weight(s)
        weight(s) = (1 for required, nice_to_have_weight otherwise) * idf(s)
        credit(s) = best of  value(own skill s)  and  related_weight * similarity(s, t) * value(t)

    ``idf`` is learned from the candidates (rare skills weigh more), ``similarity`` from the taxonomy and
    the candidates' co-occurrences and the occupations' requirements (:class:`SkillRelatedness`), and
    ``value`` counts the level against the required one, recency and experience
    (:func:`~matching.engine.weights.value_table`). Then the ``rerank_depth`` best-covering candidates
    (best by requirement tier first with ``order="tiers"``) are scored with the rest of their profiles
    (the skills outside the request: profile fit, focus, peers; see :mod:`matching.engine.rerank`)::

        score   = (1 - profile_weight) * coverage * focus + profile_weight * profile
        profile = own * profile_fit + peers   (peers: the n_peers closest shortlisted, as much as alike)

    Only coverage depends on the request's own skills, so gaining one, raising it to the required level,
    using it now or longer never lowers a rank. Candidates outside the requested pools, or in no pool,
    are never returned; every step breaks ties by candidate id, so the same inputs give the same ranking.

    Parameters
    ----------
    nice_to_have_weight : float, default=0.5
        Weight of a nice-to-have skill relative to a required one (0 < w <= 1).
    related_weight : float, default=0.6
        Largest credit a related skill can earn, reached at similarity 1 (0 <= w < 1).
    level_shortfall_penalty : float, default=0.25
        Credit lost per level below the required level.
    default_level : int, default=2
        Level assumed when a candidate did not declare one.
    past_weight : float, default=0.7
        Credit factor of a skill the candidate no longer uses.
    brief_weight : float, default=0.8
        Credit factor at 0 years of experience, rising to 1 at ``years_full``.
    years_full : float, default=5.0
        Years of experience that earn full credit (at most 7).
    profile_weight : float, default=0.6
        Share of the profile fit in the base score (0 to 1).
    peer_weight : float, default=0.9
        Pull of each shortlisted candidate's score toward its closest peers' (0 to 1), scaled by how
        alike they are (identical profiles: full pull; unrelated ones: none).
    n_peers : int, default=3
        Peers averaged.
    rerank_depth : int, default=100
        Best-covering candidates re-ranked with whole-profile evidence (at least ``top``).
    length_penalty : float, default=0.5
        Exponent of the focus factor for profiles longer than average (0 = none).
    related_budget : float, default=0.1
        Related-skill columns read per request: at most this share of the candidates' count of entries
        (and at least 5,000); the densest stand-ins (credit per entry) first. Bounds the work of requests
        naming very common skills.
    n_related, min_similarity, taxonomy_weight, n_components, min_df : see :class:`SkillRelatedness`
    occupation_weight : float, default=0.25
        Share of the occupations' requirements (``SkillInfo.occupations``) in learning related skills and
        the profile space, beside candidates' profiles (0 to 1; 0 = ignore them). No effect when no skill
        names an occupation. See :class:`SkillRelatedness`.
    max_relatedness_rows : int, default=200_000
        Candidates sampled to learn co-occurrences when there are more.
    empty_candidates : {"skip", "error"}, default="skip"
        A candidate with no skill can never match: skip it (listed in ``skipped_candidates_``) or raise
        :class:`EmptyCandidateError`.
    random_state : int, RandomState instance or None, default=0
        Seeds the relatedness learning; the ranking itself is deterministic.

    Attributes
    ----------
    skill_ids_ : tuple of str
        The skills library, in the order of ``fit``.
    idf_ : ndarray of shape (n_skills,)
        Rarity weight of each skill.
    relatedness_ : SkillRelatedness
        The fitted related-skills model.
    index_ : Index
        The current candidate index (main segment, delta segment of recent updates).
    skipped_candidates_ : tuple of str
        Candidates left out at fit because they have no skill.
    n_unpooled_ : int
        Candidates left out at fit because they are in no pool (they could never be returned).
    mean_length_ : float
        Average number of skills per indexed candidate (for the focus factor).
    fitted_params_ : mapping
        ``get_params()`` as of ``fit``, recorded in every :class:`RankedList`.

    Examples
    --------
    >>> from matching.engine import (CandidateProfile, CandidateSkill, MatchRequest, RequestSkill,
    ...                              SkillInfo)
    >>> skills = [SkillInfo("postgresql", groups=["ict", "db"]), SkillInfo("mysql", groups=["ict", "db"]),
    ...           SkillInfo("python", groups=["prog"])]
    >>> people = [CandidateProfile("ana", [CandidateSkill("postgresql", 3, years=6)], pools=["p"]),
    ...           CandidateProfile("bob", [CandidateSkill("mysql", 3, years=6)], pools=["p"]),
    ...           CandidateProfile("cy", [CandidateSkill("python", 3, years=6)], pools=["p"])]
    >>> # Three people teach no co-occurrence: relate skills by the taxonomy only (shared group "db").
    >>> engine = SkillMatcher(taxonomy_weight=1.0, n_components=1, min_df=1).fit(skills, people)
    >>> result = engine.rank(MatchRequest("r1", required=[RequestSkill("postgresql", 2)]), top=3)
    >>> [(m.candidate, m.coverage) for m in result.matches]
    [('ana', 1.0), ('bob', 0.6)]
    >>> result.matches[1].related[0][:2]
    ('postgresql', 'mysql')
    """

    def __init__(
        self,
        *,
        nice_to_have_weight: float = 0.5,
        related_weight: float = 0.6,
        level_shortfall_penalty: float = 0.25,
        default_level: int = 2,
        past_weight: float = 0.7,
        brief_weight: float = 0.8,
        years_full: float = 5.0,
        profile_weight: float = 0.6,
        peer_weight: float = 0.9,
        n_peers: int = 3,
        rerank_depth: int = 100,
        length_penalty: float = 0.5,
        related_budget: float = 0.1,
        n_related: int = 4,
        min_similarity: float = 0.3,
        taxonomy_weight: float = 0.5,
        n_components: int = 256,
        min_df: int = 3,
        max_relatedness_rows: int = 200_000,
        occupation_weight: float = 0.25,
        empty_candidates: Literal["skip", "error"] = "skip",
        random_state: int | np.random.RandomState | None = 0,
    ) -> None:
        self.nice_to_have_weight = nice_to_have_weight
        self.related_weight = related_weight
        self.level_shortfall_penalty = level_shortfall_penalty
        self.default_level = default_level
        self.past_weight = past_weight
        self.brief_weight = brief_weight
        self.years_full = years_full
        self.profile_weight = profile_weight
        self.peer_weight = peer_weight
        self.n_peers = n_peers
        self.rerank_depth = rerank_depth
        self.length_penalty = length_penalty
        self.related_budget = related_budget
        self.n_related = n_related
        self.min_similarity = min_similarity
        self.taxonomy_weight = taxonomy_weight
        self.n_components = n_components
        self.min_df = min_df
        self.max_relatedness_rows = max_relatedness_rows
        self.occupation_weight = occupation_weight
        self.empty_candidates = empty_candidates
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting
    def _validate_params(self) -> None:
        checks = [
            (0 < self.nice_to_have_weight <= 1, "nice_to_have_weight must be in (0, 1]"),
            (0 <= self.related_weight < 1, "related_weight must be in [0, 1)"),
            (0 <= self.level_shortfall_penalty <= 1, "level_shortfall_penalty must be in [0, 1]"),
            (self.default_level in (1, 2, 3, 4), "default_level must be 1, 2, 3 or 4"),
            (0 < self.past_weight <= 1 and 0 < self.brief_weight <= 1, "past_weight, brief_weight: (0, 1]"),
            (0 < self.years_full <= 7, "years_full must be in (0, 7]"),
            (
                0 <= self.profile_weight <= 1 and 0 <= self.peer_weight <= 1,
                "profile_weight, peer_weight: [0, 1]",
            ),
            (_is_int(self.n_peers, 0) and _is_int(self.rerank_depth, 1), "n_peers >= 0, rerank_depth >= 1"),
            (0 <= self.length_penalty <= 2, "length_penalty must be in [0, 2]"),
            (self.related_budget >= 0, "related_budget must be >= 0"),
            (_is_unit(self.occupation_weight), "occupation_weight must be in [0, 1]"),
            (self.empty_candidates in ("skip", "error"), "empty_candidates must be 'skip' or 'error'"),
        ]
        for ok, message in checks:
            if not ok:
                raise InvalidInputError(message)

    def fit(self, skills: Sequence[SkillInfo], candidates: Candidates) -> Self:
        """Learn weights and related skills, and index the candidates.

        Parameters
        ----------
        skills : sequence of SkillInfo
            The skills library; :class:`CandidateArrays` refer to skills by position in it. Its groups
            and occupations teach related skills along with the candidates' profiles.
        candidates : iterable of CandidateProfile, or CandidateArrays
            Everyone who may be ranked (and whose profiles teach rarity and co-occurrence).

        Returns
        -------
        self

        Raises
        ------
        UnknownSkillError, InvalidInputError, EmptyCandidateError
        """
        self._validate_params()
        skills = list(skills)
        index = library_index(skills)
        arrays, empty = self._candidate_arrays(candidates, index)
        n_skills = len(skills)
        X = sp.csr_matrix(
            (np.ones(arrays.nnz, np.float32), arrays.skills, arrays.indptr), shape=(len(arrays), n_skills)
        )
        df = np.bincount(arrays.skills, minlength=n_skills).astype(np.int64)
        self.skill_ids_ = tuple(s.id for s in skills)
        self.skill_index_ = index
        self.idf_ = idf_weights(df, int(np.count_nonzero(~empty)))
        self.relatedness_ = SkillRelatedness(
            n_related=self.n_related,
            min_similarity=self.min_similarity,
            taxonomy_weight=self.taxonomy_weight,
            n_components=self.n_components,
            min_df=self.min_df,
            max_rows=self.max_relatedness_rows,
            occupation_weight=self.occupation_weight,
            random_state=self.random_state,
        ).fit(_canonical_rows(X[~empty]), [s.groups for s in skills], [s.occupations for s in skills])
        self.table_ = value_table(
            level_shortfall_penalty=self.level_shortfall_penalty,
            default_level=self.default_level,
            past_weight=self.past_weight,
            brief_weight=self.brief_weight,
            years_full=self.years_full,
        )
        self._index(arrays, empty)
        self.mean_length_ = float(np.diff(self.index_.main.row_ptr).mean()) if self.n_candidates_ else 1.0
        self.fitted_params_: dict[str, ParamValue] = {
            k: (v if isinstance(v, int | float | str | bool | None) else repr(v))
            for k, v in self.get_params().items()
        }
        return self

    def _index(self, arrays: CandidateArrays, empty: npt.NDArray[np.bool_]) -> None:
        """Index ``arrays`` (not the ``empty`` ones, nor those in no pool) as the main segment."""
        n_skills = len(self.skill_ids_)
        pools, poolset = PoolSets.empty().encode(arrays)
        keep = np.flatnonzero(~empty & (poolset != 0))
        self.skipped_candidates_ = tuple(arrays.ids[empty].tolist())
        self.n_unpooled_ = int(np.count_nonzero(~empty & (poolset == 0)))
        space = ProfileSpace(self.idf_, self.relatedness_.embedding_)
        kept = arrays.take(keep)
        main = Segment.build(kept, poolset[keep], n_skills, pools, space.norms(kept.indptr, kept.skills))
        self.index_ = Index(main, Segment.empty(n_skills), np.zeros(0, np.int64), pools, space)
        self._buffers = BufferPool()

    def with_candidates(self, candidates: Candidates) -> SkillMatcher:
        """A copy of this fitted engine that ranks ``candidates`` instead, with everything it learned.

        Rarity weights, related skills and the average profile length stay as fitted (nothing is
        refitted: the cost is building the index, about a second per million candidates), so rankings
        of different candidate sets are on one scale. A large pool can thus be learned once (or from a
        sample), split into shards ranked apart, and the shards' shortlists ranked together: the best
        ``rerank_depth`` of every shard include the best ``rerank_depth`` overall, and ranking their
        union gives the list one engine over everyone would give (up to ``related_budget``, which
        depends on the size of the index).

        Raises
        ------
        sklearn.exceptions.NotFittedError, UnknownSkillError, InvalidInputError, EmptyCandidateError

        Examples
        --------
        >>> from matching.engine import CandidateProfile, CandidateSkill, RequestSkill, SkillInfo
        >>> people = [CandidateProfile(c, [CandidateSkill(s, 3)], ["p"]) for c, s in
        ...           [("a", "sql"), ("b", "go"), ("c", "sql"), ("d", "go")]]
        >>> model = SkillMatcher(n_components=1, min_df=1).fit([SkillInfo("sql"), SkillInfo("go")], people)
        >>> shard = model.with_candidates(people[2:])
        >>> [m.candidate for m in shard.rank(MatchRequest("r", required=[RequestSkill("go")])).matches]
        ['d']
        >>> shard.idf_ is model.idf_, model.n_candidates_
        (True, 4)
        """
        check_is_fitted(self, "index_")
        arrays, empty = self._candidate_arrays(candidates, self.skill_index_)
        other = copy.copy(self)
        other._index(arrays, empty)
        return other

    # ------------------------------------------------------------------ ranking
    def _plan(self, request: MatchRequest) -> Plan:
        return plan_request(
            request,
            self.skill_index_,
            self.idf_,
            self.relatedness_,
            self.related_weight,
            self.nice_to_have_weight,
            self.table_,
        )

    def _budgeted_plan(self, request: MatchRequest, index: Index) -> Plan:
        """The request's plan, with the related columns that fit the work budget (see ``scoring``)."""
        plan = self._plan(request)
        col_len = index.main.col_ptr[plan.col_skill + 1] - index.main.col_ptr[plan.col_skill]
        own = int(col_len[plan.col_own].sum())
        return plan.within_budget(
            col_len, own + max(MIN_RELATED_ENTRIES, int(self.related_budget * len(index.main)))
        )

    def rank(self, request: MatchRequest, *, top: int = 10, order: Order = "score") -> RankedList:
        """The ``top`` best candidates for ``request``, best first, with explanations.

        Only candidates in the requested pools (any pool when ``request.pools`` is None) and with a
        positive coverage are listed. ``order="score"`` ranks by score alone; ``order="tiers"`` first by
        requirement tier (0: every required skill held at the required level; 1: all held, some below
        it; 2: some missing), then by score within a tier. Either way every match carries its tier.
        Safe to call from several threads at once, also while another thread updates or merges (each
        ranking works on one snapshot of the index).

        Raises
        ------
        sklearn.exceptions.NotFittedError
            Before :meth:`fit`.
        UnknownSkillError
            The request names a skill that is not in the library (all such ids are listed).
        InvalidInputError
            ``top`` is not a positive integer, ``order`` is not "score" or "tiers", or ``request`` is not
            a :class:`MatchRequest`.

        Examples
        --------
        >>> from matching.engine import CandidateProfile, CandidateSkill, RequestSkill, SkillInfo
        >>> engine = SkillMatcher(n_components=1, min_df=1).fit(
        ...     [SkillInfo("sql"), SkillInfo("go")],
        ...     [CandidateProfile("a", [CandidateSkill("sql", 3)], ["p"]),
        ...      CandidateProfile("b", [CandidateSkill("go", 3)], ["p"])])
        >>> [m.candidate for m in engine.rank(MatchRequest("r", required=[RequestSkill("go")])).matches]
        ['b']
        """
        if "index_" not in self.__dict__:  # ``check_is_fitted`` costs 40 us, a fifth of a ranking's budget
            check_is_fitted(self, "index_")
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise InvalidInputError(f"top must be a positive integer, got {top!r}")
        if order not in ORDERS:
            raise InvalidInputError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
        index = self.index_  # one snapshot for the whole ranking
        plan = self._budgeted_plan(request, index)
        allowed = index.pools.allowed(request.pools)
        pool: BufferPool = self.__dict__.setdefault("_buffers", BufferPool())
        depth = max(top, self.rerank_depth)
        pool_ids = index.pools.pool_ids(request.pools) if request.pools is not None else None
        met_table = self._met_table()
        by_tier = met_table if order == "tiers" else None
        segments = (index.main, index.delta)
        shortlists = [
            (seg, *top_candidates(seg, plan, allowed, depth, pool, dead, pool_ids, by_tier))
            for seg, dead in ((index.main, index.dead_mask), (index.delta, None))
        ]
        short = rerank(
            shortlists,
            plan,
            top=top,
            depth=depth,
            idf=self.idf_,
            emb=self.relatedness_.embedding_,
            mean_length=self.mean_length_,
            profile_weight=self.profile_weight,
            peer_weight=self.peer_weight,
            n_peers=self.n_peers,
            length_penalty=self.length_penalty,
        )
        model = ExplainModel(self.table_, met_table, self.skill_ids_, self.idf_, self.relatedness_.embedding_)
        matches = []
        for s, seg in enumerate(segments):
            sel = np.flatnonzero(short.segment == s)
            if sel.size:
                parts = Parts(
                    short.score[sel],
                    short.coverage[sel],
                    short.focus[sel],
                    short.fit[sel],
                    short.peers[sel],
                    short.own[sel],
                    short.peer_share[sel],
                    self.profile_weight,
                    short.along,
                )
                matches += explain(seg, short.rows[sel], parts, plan, model, (sel + 1).tolist())
        if len(matches) > 1:
            matches.sort(key=lambda mt: mt.rank)
        return RankedList(request.id, tuple(matches), ENGINE_VERSION, dict(self.fitted_params_))

    def _met_table(self) -> npt.NDArray[np.bool_]:
        """Which codes meet which required level (cached; engines pickled before it existed work too)."""
        table: npt.NDArray[np.bool_] | None = self.__dict__.get("_met")
        if table is None:
            table = level_met_table(self.default_level)
            self.__dict__["_met"] = table
        return table

    def rank_many(
        self, requests: Iterable[MatchRequest], *, top: int = 10, order: Order = "score"
    ) -> list[RankedList]:
        """:meth:`rank` for each request, in order."""
        return [self.rank(r, top=top, order=order) for r in requests]

    def nbytes(self) -> int:
        """Bytes held by the index arrays (main + delta), the weights, the related-skills matrix and the
        skill vectors (the last two grow with the library, not with the candidates)."""
        check_is_fitted(self, "index_")
        rel = self.relatedness_
        mats = (rel.similarity_, rel.skill_group_, rel.group_members_)
        return (
            self.index_.main.nbytes()
            + self.index_.delta.nbytes()
            + int(self.idf_.nbytes + rel.embedding_.nbytes + rel.df_.nbytes)
            + sum(int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes) for m in mats)
            + (int(self.index_.dead_mask.nbytes) if self.index_.dead_mask is not None else 0)
        )


def _canonical_rows(X: sp.csr_matrix) -> sp.csr_matrix:
    """``X`` with its rows in an order that depends on their contents only (a hash of each row's set of
    columns), so that what the engine learns from the candidates does not depend on their order or on
    their ids: the same people listed in another order, or under other ids, give bit-identical weights,
    related skills and scores (the randomized SVD is not invariant to a permutation of its rows at the
    last bit). Identical rows are interchangeable; two different rows with the same 64-bit hash keep
    their input order (about one chance in 10^7 at a million candidates, and then only the last bit).
    """
    if X.shape[0] < 2:
        return X
    cols = X.indices.astype(np.uint64) + np.uint64(1)
    with np.errstate(over="ignore"):
        # splitmix64 of each column, summed per row (a sum: the order within a row does not matter).
        z = cols * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
        lengths = np.diff(X.indptr)
        if bool((lengths > 0).all()):  # the fit's rows are never empty: one pass
            digest = np.add.reduceat(z, X.indptr[:-1].astype(np.int64))
        else:
            digest = np.zeros(X.shape[0], np.uint64)
            np.add.at(digest, np.repeat(np.arange(X.shape[0]), lengths), z)
    return X[np.argsort(digest, kind="stable")]


def _is_int(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _is_unit(value: object) -> bool:
    """A real number (not a bool) in [0, 1]."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
