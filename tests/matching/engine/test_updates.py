"""Incremental updates: the delta segment, removals, merges."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine import (
    CandidateProfile,
    CandidateSkill,
    EmptyCandidateError,
    InvalidInputError,
    MatchRequest,
    RequestSkill,
    SkillMatcher,
    UnknownSkillError,
)

from .world import crowd, library, person

RUST = MatchRequest("r", required=[RequestSkill("rust"), RequestSkill("go")])


def fitted(**params: object) -> SkillMatcher:
    people = [*crowd(), person("old-1", "rust", "go"), person("old-2", "rust")]
    return SkillMatcher(n_components=8, min_df=1, **params).fit(library(), people)  # type: ignore[arg-type]


def ids(m: SkillMatcher, request: MatchRequest = RUST) -> list[str]:
    return [x.candidate for x in m.rank(request, top=50).matches]


def test_new_candidate_is_visible_to_the_next_ranking() -> None:
    m = fitted()
    assert m.update_candidates([person("new", "rust", "go")]) == 1
    assert "new" in ids(m)
    assert m.n_delta_ == 1
    assert m.n_candidates_ == len(crowd()) + 3


def test_changed_candidate_replaces_the_old_version_without_duplicates() -> None:
    m = fitted()
    before = {x.candidate: x.coverage for x in m.rank(RUST, top=50).matches}
    m.update_candidates([person("old-2", "rust", "go")])
    after = [x.candidate for x in m.rank(RUST, top=50).matches]
    assert after.count("old-2") == 1
    assert {x.candidate: x.coverage for x in m.rank(RUST, top=50).matches}["old-2"] > before["old-2"]
    m.update_candidates([person("old-2", "leadership")])  # changed again, in the delta this time
    assert "old-2" not in ids(m) and m.n_delta_ == 1


def test_removed_or_unpooled_candidates_disappear() -> None:
    m = fitted()
    assert m.remove_candidates(["old-1", "nobody"]) == 1
    assert "old-1" not in ids(m)
    m.update_candidates([person("old-2", "rust", pools=())])
    assert "old-2" not in ids(m)
    m.update_candidates([CandidateProfile("new", (), ("p1",))])
    assert "new" not in ids(m)
    with pytest.raises(EmptyCandidateError):
        fitted(empty_candidates="error").update_candidates([CandidateProfile("new", (), ("p1",))])


def test_pool_moves_are_hard_filters_too() -> None:
    m = fitted()
    m.update_candidates([person("old-1", "rust", "go", pools=("brand-new-pool",))])
    assert "old-1" not in ids(m, MatchRequest("r", required=[RequestSkill("rust")], pools=["p1"]))
    assert ids(m, MatchRequest("r", required=[RequestSkill("rust")], pools=["brand-new-pool"])) == ["old-1"]


def test_merge_keeps_the_ranking_and_empties_the_delta() -> None:
    m = fitted()
    m.update_candidates([person("new-a", "rust", "go"), person("old-1", "rust", CandidateSkill("go", 1))])
    m.remove_candidates(["old-2"])
    before = m.rank(RUST, top=50)
    assert m.merge() is m
    assert m.n_delta_ == 0 and len(m.index_.dead) == 0
    assert m.rank(RUST, top=50) == before


def test_ties_across_main_and_delta_are_broken_by_id() -> None:
    m = fitted()
    m.update_candidates([person("a-new", "rust", "go")])  # same profile as old-1, smaller id, in the delta
    order = ids(m)
    assert order.index("a-new") < order.index("old-1")


def test_update_rejects_unknown_skills_and_duplicates() -> None:
    m = fitted()
    with pytest.raises(UnknownSkillError):
        m.update_candidates([person("x", "cobol")])
    with pytest.raises(InvalidInputError, match="duplicate"):
        m.update_candidates([person("x", "rust"), person("x", "go")])
    assert m.n_delta_ == 0


def _cosine(m: SkillMatcher, request: MatchRequest, skills: tuple[str, ...]) -> float:
    """The profile fit computed the long way: cosine of the IDF-weighted sums of skill vectors, the
    profile's being its skills outside the request plus every requested skill, held or not."""
    emb = m.relatedness_.embedding_.astype(np.float64)
    idf = m.idf_.astype(np.float64)
    at = {s: i for i, s in enumerate(m.skill_ids_)}
    query = sum(
        (1.0 if rs in request.required else m.nice_to_have_weight) * idf[at[rs.skill]] * emb[at[rs.skill]]
        for rs in (*request.required, *request.nice_to_have)
    )
    wanted = {rs.skill for rs in (*request.required, *request.nice_to_have)}
    profile = sum(idf[at[s]] * emb[at[s]] for s in wanted | set(skills))
    return max(0.0, float(query @ profile / np.linalg.norm(query) / np.linalg.norm(profile)))


def test_profile_fit_is_the_cosine_with_the_request_in_every_segment() -> None:
    # The index keeps only each profile vector's norm: main rows, delta rows and merged rows must all
    # give the cosine a full computation gives.
    m = fitted()
    m.update_candidates([person("new", "rust", "go", "python"), person("old-2", "rust", "pandas")])
    held = {"new": ("rust", "go", "python"), "old-2": ("rust", "pandas"), "old-1": ("rust", "go")}
    for _ in ("before merge", "after merge"):
        fits = {x.candidate: x.profile_fit for x in m.rank(RUST, top=50).matches}
        for cid, skills in held.items():
            assert fits[cid] == pytest.approx(_cosine(m, RUST, skills), abs=2e-6)
        m.merge()


def test_shards_of_one_model_ranked_together_give_the_whole_ranking() -> None:
    # Learn once, rank shards apart (their best rerank_depth each), then rank the union of their
    # shortlists: the list must be the one the model gives over everyone, scores included.
    people = [*crowd()]
    people += [person(f"dev-{i:02d}", "rust", *(["go"] if i % 3 else []), "python") for i in range(30)]
    model = SkillMatcher(n_components=8, min_df=1, rerank_depth=12).fit(library(), people)
    request = MatchRequest("r", required=[RequestSkill("rust"), RequestSkill("python")])
    whole = model.rank(request, top=10)
    shards = [people[i::3] for i in range(3)]
    shortlist = {
        m.candidate
        for shard in shards
        for m in model.with_candidates(shard).rank(request, top=model.rerank_depth).matches
    }
    by_id = {p.id: p for p in people}
    union = model.with_candidates([by_id[c] for c in sorted(shortlist)]).rank(request, top=10)
    assert [(m.candidate, m.score) for m in union.matches] == [(m.candidate, m.score) for m in whole.matches]
    assert model.with_candidates(shards[0]).n_candidates_ == len(shards[0])
    assert model.n_candidates_ == len(people)  # the model itself is untouched
