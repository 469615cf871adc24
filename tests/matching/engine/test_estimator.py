"""scikit-learn conventions of the engine's estimators.

``sklearn.utils.estimator_checks.check_estimator`` assumes a tabular estimator (``fit(X, y)`` on numeric
arrays, ``predict``/``transform``); :class:`SkillMatcher` is fitted on a skills library and candidate
profiles and ranks requests, so the conventions are tested explicitly here. ``SkillRelatedness`` does
take a matrix and is checked the same way.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matching.engine import (
    ENGINE_VERSION,
    CandidateArrays,
    InvalidInputError,
    MatchRequest,
    RequestSkill,
    SkillMatcher,
    SkillRelatedness,
    __version__,
)

from .world import crowd, library, person

REQUEST = MatchRequest(
    "r1", required=[RequestSkill("postgresql", 2), RequestSkill("python")], nice_to_have=[RequestSkill("aws")]
)


def people() -> list:
    return [
        *crowd(),
        person("a", "postgresql", "python", "aws"),
        person("b", "mysql", "python"),
        person("c", "python"),
    ]


def test_version_is_exposed() -> None:
    assert __version__ == ENGINE_VERSION
    assert ENGINE_VERSION.count(".") == 2


def test_init_stores_parameters_as_given_and_sets_no_state() -> None:
    m = SkillMatcher(nice_to_have_weight=0.3, related_weight=0.9, empty_candidates="error", random_state=7)
    assert set(vars(m)) == set(m.get_params())
    assert m.get_params()["nice_to_have_weight"] == 0.3
    assert m.get_params()["random_state"] == 7
    bad = SkillMatcher(related_weight=5.0)  # validated in fit, not in __init__
    assert bad.related_weight == 5.0


def test_invalid_parameters_raise_in_fit() -> None:
    with pytest.raises(InvalidInputError, match="related_weight"):
        SkillMatcher(related_weight=5.0).fit(library(), people())
    with pytest.raises(InvalidInputError, match="empty_candidates"):
        SkillMatcher(empty_candidates="maybe").fit(library(), people())  # type: ignore[arg-type]


def test_get_set_params_and_clone_round_trip() -> None:
    m = SkillMatcher(n_related=4)
    assert m.set_params(n_related=5, taxonomy_weight=0.2) is m
    assert m.get_params()["n_related"] == 5
    c = clone(m)
    assert c is not m and c.get_params() == m.get_params()
    assert not hasattr(c, "index_")


def test_fit_returns_self_and_learned_state_ends_with_underscore() -> None:
    m = SkillMatcher(n_components=8, min_df=1)
    assert m.fit(library(), people()) is m
    learned = {k for k in vars(m) if k not in m.get_params() and not k.startswith("_")}
    assert learned and all(k.endswith("_") for k in learned)


def test_not_fitted_error_before_fit() -> None:
    m = SkillMatcher()
    with pytest.raises(NotFittedError):
        m.rank(REQUEST)
    with pytest.raises(NotFittedError):
        m.update_candidates([person("x", "python")])
    with pytest.raises(NotFittedError):
        SkillRelatedness().neighbours(0)


def test_clone_of_fitted_is_unfitted_and_refit_gives_the_same_ranking() -> None:
    m = SkillMatcher(n_components=8, min_df=1).fit(library(), people())
    again = clone(m).fit(library(), people())
    assert again.rank(REQUEST, top=5) == m.rank(REQUEST, top=5)


def test_pickle_round_trip_keeps_the_ranking() -> None:
    m = SkillMatcher(n_components=8, min_df=1).fit(library(), people())
    copy = pickle.loads(pickle.dumps(m))
    assert copy.rank(REQUEST, top=5) == m.rank(REQUEST, top=5)


def test_result_records_engine_version_and_parameters() -> None:
    m = SkillMatcher(n_components=8, min_df=1, nice_to_have_weight=0.4).fit(library(), people())
    result = m.rank(REQUEST)
    assert result.engine_version == ENGINE_VERSION
    assert result.params["nice_to_have_weight"] == 0.4
    assert dict(result.params) == m.get_params()


def test_fit_from_arrays_equals_fit_from_profiles() -> None:
    skills = library()
    index = {s.id: i for i, s in enumerate(skills)}
    profiles = people()
    arrays = CandidateArrays.from_profiles(profiles, index)
    a = SkillMatcher(n_components=8, min_df=1).fit(skills, profiles)
    b = SkillMatcher(n_components=8, min_df=1).fit(skills, arrays)
    assert a.rank(REQUEST, top=10) == b.rank(REQUEST, top=10)


def test_relatedness_conventions() -> None:
    rel = SkillRelatedness(n_components=2, min_df=1, n_related=2)
    assert set(vars(rel)) == set(rel.get_params())
    X = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]]))
    groups = [("a", "db"), ("a", "db"), ("a", "web"), ("a", "web")]
    assert rel.fit(X, groups) is rel
    assert rel.similarity_.shape == (4, 4)
    assert clone(rel).get_params() == rel.get_params()
    with pytest.raises(InvalidInputError):
        SkillRelatedness(min_similarity=2.0).fit(X, groups)


def test_random_state_makes_fitting_deterministic() -> None:
    a = SkillMatcher(n_components=8, min_df=1, random_state=3).fit(library(), people())
    b = SkillMatcher(n_components=8, min_df=1, random_state=3).fit(library(), people())
    assert (a.relatedness_.similarity_ != b.relatedness_.similarity_).nnz == 0
    assert np.array_equal(a.relatedness_.embedding_, b.relatedness_.embedding_)
