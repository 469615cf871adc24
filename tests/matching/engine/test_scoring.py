"""Properties a recruiter relies on, each isolated in a small world."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from matching.engine import (
    CandidateArrays,
    CandidateProfile,
    CandidateSkill,
    EmptyCandidateError,
    EmptyRequestError,
    InvalidInputError,
    MatchRequest,
    RequestSkill,
    SkillMatcher,
    UnknownSkillError,
)
from matching.engine.scoring import Plan

from .world import crowd, library, person, plain_matcher


def ranked(matcher: SkillMatcher, request: MatchRequest, top: int = 20) -> list[str]:
    return [m.candidate for m in matcher.rank(request, top=top).matches]


def coverage(matcher: SkillMatcher, request: MatchRequest) -> dict[str, float]:
    return {m.candidate: m.coverage for m in matcher.rank(request, top=200).matches}


@pytest.mark.parametrize("make", [plain_matcher, lambda: SkillMatcher(n_components=8, min_df=1)])
def test_required_outranks_nice_to_have(make) -> None:  # type: ignore[no-untyped-def]
    m = make().fit(
        library(), [*crowd(), person("has-req", "go", "teamwork"), person("has-nice", "gcp", "teamwork")]
    )
    request = MatchRequest("r", required=[RequestSkill("go")], nice_to_have=[RequestSkill("gcp")])
    if make is plain_matcher:  # with the default engine, profile fit and peers also count (see rerank)
        order = ranked(m, request)
        assert order.index("has-req") < order.index("has-nice")
    cov = coverage(m, request)
    assert cov["has-req"] == pytest.approx(2 * cov["has-nice"], rel=1e-4)  # weights 1 and 0.5, same IDF


def test_missing_required_costs_more_than_missing_nice_to_have() -> None:
    people = [*crowd(), person("no-req", "go", "leadership"), person("no-nice", "go", "gcp")]
    m = plain_matcher().fit(library(), people)
    request = MatchRequest(
        "r", required=[RequestSkill("go"), RequestSkill("gcp")], nice_to_have=[RequestSkill("leadership")]
    )
    assert ranked(m, request)[:2] == ["no-nice", "no-req"]
    result = {x.candidate: x for x in m.rank(request).matches}
    assert result["no-req"].missing == ("gcp",)
    assert result["no-nice"].missing_nice_to_have == ("leadership",)


@pytest.mark.parametrize("make", [plain_matcher, lambda: SkillMatcher(n_components=8, min_df=1)])
def test_related_skill_scores_between_exact_and_absent(make) -> None:  # type: ignore[no-untyped-def]
    people = [
        *crowd(),
        person("exact", "postgresql", "go"),
        person("related", "mysql", "go"),
        person("absent", "rust", "go"),
    ]
    m = make().fit(library(), people)
    request = MatchRequest("r", required=[RequestSkill("postgresql"), RequestSkill("go")])
    cov = coverage(m, request)
    assert cov["exact"] > cov["related"] > cov["absent"] > 0
    assert ranked(m, request)[:3] == ["exact", "related", "absent"]
    stand_in = {x.candidate: x for x in m.rank(request).matches}["related"].related
    assert [(r.required, r.via) for r in stand_in] == [("postgresql", "mysql")]
    assert 0 < stand_in[0].similarity <= 1 and 0 < stand_in[0].credit < 1


def test_candidates_outside_the_requested_pools_are_never_returned() -> None:
    people = [
        person("in-p1", "python", "go"),
        person("in-p2", "python", "go", pools=("p2",)),
        person("in-both", "python", pools=("p1", "p2")),
        person("no-pool", "python", "go", "rust", pools=()),
    ]
    m = SkillMatcher(n_components=8, min_df=1).fit(library(), [*crowd(), *people])
    assert m.n_unpooled_ == 1
    everyone = ranked(m, MatchRequest("r", required=[RequestSkill("go")]), top=100)
    assert "no-pool" not in everyone and {"in-p1", "in-p2"} <= set(everyone)
    only_p2 = ranked(m, MatchRequest("r", required=[RequestSkill("python")], pools=["p2"]), top=100)
    assert set(only_p2) == {"in-p2", "in-both"}
    assert ranked(m, MatchRequest("r", required=[RequestSkill("python")], pools=["nowhere"])) == []


def test_same_inputs_same_ranking_and_ties_broken_by_id() -> None:
    twins = [person(cid, "rust", "gcp") for cid in ("c", "a", "b")]
    m = SkillMatcher(n_components=8, min_df=1).fit(library(), [*crowd(), *twins])
    request = MatchRequest("r", required=[RequestSkill("rust")])
    first = m.rank(request, top=10)
    assert [x.candidate for x in first.matches][:3] == ["a", "b", "c"]
    assert len({x.score for x in first.matches[:3]}) == 1
    assert m.rank(request, top=10) == first
    again = SkillMatcher(n_components=8, min_df=1).fit(library(), [*reversed(crowd()), *reversed(twins)])
    assert again.rank(request, top=10) == first


def test_level_below_required_scores_partly() -> None:
    people = [
        *crowd(),
        person("at", CandidateSkill("rust", 3, 5.0)),
        person("above", CandidateSkill("rust", 4, 5.0)),
        person("below", CandidateSkill("rust", 1, 5.0)),
    ]
    m = plain_matcher().fit(library(), people)
    result = {x.candidate: x for x in m.rank(MatchRequest("r", required=[RequestSkill("rust", 3)])).matches}
    assert result["at"].coverage == result["above"].coverage == pytest.approx(1.0)
    assert 0 < result["below"].coverage < result["at"].coverage
    skill = result["below"].matched[0]
    assert (skill.level, skill.required_level) == (1, 3) and 0 < skill.credit < 1


def test_current_and_longer_experience_count_more() -> None:
    people = [
        *crowd(),
        person("now-long", CandidateSkill("rust", 3, 6.0, True)),
        person("past-long", CandidateSkill("rust", 3, 6.0, False)),
        person("now-brief", CandidateSkill("rust", 3, 0.5, True)),
    ]
    cov = coverage(plain_matcher().fit(library(), people), MatchRequest("r", required=[RequestSkill("rust")]))
    assert cov["now-long"] > cov["past-long"] > 0
    assert cov["now-long"] > cov["now-brief"] > 0


def test_rare_skill_weighs_more_than_a_common_one() -> None:
    people = [*crowd(), person("rare", "rust", "go"), person("common", "communication", "go")]
    m = plain_matcher().fit(library(), people)
    assert m.idf_[m.skill_index_["rust"]] > m.idf_[m.skill_index_["communication"]]
    request = MatchRequest("r", required=[RequestSkill("rust"), RequestSkill("communication")])
    order = ranked(m, request, top=200)
    assert order.index("rare") < order.index("common")


def test_explanation_adds_up_to_the_score() -> None:
    people = [
        *crowd(),
        person("x", CandidateSkill("postgresql", 1, 2.0), "python", "aws"),
        person("y", "mysql"),
    ]
    m = SkillMatcher(n_components=8, min_df=1).fit(library(), people)
    request = MatchRequest(
        "r",
        required=[RequestSkill("postgresql", 3), RequestSkill("leadership")],
        nice_to_have=[RequestSkill("python"), RequestSkill("react")],
    )
    for match in m.rank(request, top=10).matches:
        parts = {c.part: c for c in match.contributions}
        assert set(parts) == {"required", "nice_to_have", "profile_fit", "peers"}
        assert sum(c.points for c in parts.values()) == pytest.approx(match.score, abs=2e-3)
        for c in parts.values():
            total = c.matched_points + c.related_points + c.shortfall_points + c.missing_points
            assert total == pytest.approx(c.max_points, abs=2e-3)
        skill_points = sum(s.points for s in match.matched) + sum(r.points for r in match.related)
        assert skill_points == pytest.approx(
            parts["required"].points + parts["nice_to_have"].points, abs=2e-3
        )
    x = {mt.candidate: mt for mt in m.rank(request, top=10).matches}["x"]
    assert [s.skill for s in x.matched] == ["postgresql", "python"]
    assert x.missing == ("leadership",) and x.missing_nice_to_have == ("react",)
    assert x.matched[0].required_level == 3 and x.matched[0].level == 1


def test_unknown_and_empty_requests_are_rejected() -> None:
    m = plain_matcher().fit(library(), crowd())
    with pytest.raises(UnknownSkillError, match="'cobol'") as info:
        m.rank(
            MatchRequest(
                "r",
                required=[RequestSkill("cobol"), RequestSkill("python")],
                nice_to_have=[RequestSkill("fortran")],
            )
        )
    assert info.value.skills == ("cobol", "fortran")
    with pytest.raises(EmptyRequestError):
        MatchRequest("r")
    with pytest.raises(InvalidInputError, match="pools"):
        MatchRequest("r", required=[RequestSkill("python")], pools=[])
    with pytest.raises(InvalidInputError, match="top"):
        m.rank(MatchRequest("r", required=[RequestSkill("python")]), top=0)


def test_candidate_without_skills_policy() -> None:
    people = [*crowd(), CandidateProfile("empty", (), ("p1",))]
    m = plain_matcher().fit(library(), people)
    assert m.skipped_candidates_ == ("empty",)
    with pytest.raises(EmptyCandidateError, match="empty"):
        plain_matcher(empty_candidates="error").fit(library(), people)


def test_unknown_skill_in_a_profile_is_rejected_at_fit() -> None:
    with pytest.raises(UnknownSkillError, match="candidate 'z'"):
        plain_matcher().fit(library(), [person("z", "python", "cobol")])


def test_duplicate_request_skills_are_merged() -> None:
    m = plain_matcher().fit(library(), [*crowd(), person("a", CandidateSkill("go", 2, 5.0))])
    request = MatchRequest("r", required=[RequestSkill("go", 1)], nice_to_have=[RequestSkill("go", 3)])
    match = m.rank(request).matches[0]
    assert [(s.skill, s.kind, s.required_level) for s in match.matched] == [("go", "required", 3)]


def test_coverage_matches_a_brute_force_reference() -> None:
    """The column scan (with related columns, levels and the work budget) against a direct loop."""
    rng = np.random.default_rng(5)
    skills = library()
    names = [s.id for s in skills]
    weights = np.linspace(3, 0.2, len(names))
    weights /= weights.sum()
    people = []
    for i in range(2000):
        chosen = rng.choice(len(names), int(rng.integers(2, 9)), replace=False, p=weights)
        people.append(
            CandidateProfile(
                f"c{i:04d}",
                tuple(
                    CandidateSkill(
                        names[j], int(rng.integers(1, 5)), float(rng.integers(0, 8)), bool(rng.random() < 0.8)
                    )
                    for j in chosen
                ),
                ("p1",),
            )
        )
    m = plain_matcher().fit(skills, people)
    arrays = CandidateArrays.from_profiles(people, m.skill_index_)
    held = [
        dict(zip(arrays.skills[a:b].tolist(), arrays.codes[a:b].tolist(), strict=True))
        for a, b in zip(arrays.indptr[:-1], arrays.indptr[1:], strict=True)
    ]
    for r in range(3):
        req = rng.choice(len(names), 4, replace=False)
        request = MatchRequest(
            f"r{r}",
            required=[RequestSkill(names[j], int(rng.integers(1, 5))) for j in req[:3]],
            nice_to_have=[RequestSkill(names[req[3]])],
        )
        got = m.rank(request, top=40).matches
        plan = m._budgeted_plan(request, m.index_)
        ref = {p.id: _reference(m, plan, codes, request) for p, codes in zip(people, held, strict=True)}
        assert [x.score for x in got] == pytest.approx([ref[x.candidate] for x in got], abs=1e-5)
        expected = sorted((cid for cid in ref if ref[cid] > 0), key=lambda c: (-ref[c], c))
        # Same order, except between candidates whose reference scores differ by less than float32 noise.
        kth = ref[expected[39]]
        assert {x.candidate for x in got if ref[x.candidate] > kth + 1e-5} == {
            c for c in expected if ref[c] > kth + 1e-5
        }
        scores = [ref[x.candidate] for x in got]
        assert all(a >= b - 1e-5 for a, b in itertools.pairwise(scores))


def test_related_columns_beyond_the_budget_are_dropped_by_value_density() -> None:
    people = [*crowd(), person("x", "mysql", "gcp"), person("y", "azure", "rust")]
    m = plain_matcher().fit(library(), people)
    plan = m._plan(MatchRequest("r", required=[RequestSkill("postgresql"), RequestSkill("aws")]))
    col_len = np.diff(m.index_.main.col_ptr)[plan.col_skill]
    assert plan.within_budget(col_len, 10**9) is plan
    own = plan.col_skill[np.r_[0, np.cumsum(np.diff(plan.rel_ptr) + 1)[:-1]]]
    tight = plan.within_budget(col_len, int(col_len.sum()) - 1)
    assert set(own) <= set(tight.col_skill.tolist())
    assert tight.rel_skills.shape[0] == plan.rel_skills.shape[0] - 1
    assert (
        tight.rel_ptr[-1] == tight.rel_skills.shape[0]
        and tight.col_tables.shape[0] == tight.col_skill.shape[0]
    )
    bare = plan.within_budget(col_len, 0)
    assert bare.rel_skills.shape[0] == 0 and set(bare.col_skill.tolist()) == set(own.tolist())


def _reference(m: SkillMatcher, plan: Plan, held: dict[int, int], request: MatchRequest) -> float:
    """Coverage of a candidate (skill index -> code) computed skill by skill, the slow and obvious way
    (with the related skills of the request's plan, i.e. after its work budget)."""
    total = points = 0.0
    for kind, group in (("required", request.required), ("nice", request.nice_to_have)):
        for rs in group:
            i = m.skill_index_[rs.skill]
            item = plan.skill_ids.index(rs.skill)
            lo, hi = plan.rel_ptr[item], plan.rel_ptr[item + 1]
            weight = float(m.idf_[i]) * (1.0 if kind == "required" else m.nice_to_have_weight)
            total += weight
            row = m.table_[rs.level or 0]
            best = float(row[held[i]]) if i in held else 0.0
            for t, s in zip(plan.rel_skills[lo:hi].tolist(), plan.rel_sims[lo:hi].tolist(), strict=True):
                if t in held:
                    best = max(best, m.related_weight * float(s) * float(row[held[t]]))
            points += weight * best
    return points / total


def test_a_skill_nobody_holds_is_covered_by_group_mates() -> None:
    people = [*crowd(), person("pg", "postgresql", "python"), person("my", "mysql", "html")]
    m = plain_matcher().fit(library(), people)
    result = {x.candidate: x for x in m.rank(MatchRequest("r", required=[RequestSkill("sqlite")])).matches}
    assert set(result) == {"pg", "my"}
    assert {(r.required, r.via) for x in result.values() for r in x.related} == {
        ("sqlite", "postgresql"),
        ("sqlite", "mysql"),
    }


def test_small_pools_are_ranked_from_their_members_with_the_same_result() -> None:
    rng = np.random.default_rng(3)
    names = [s.id for s in library()]
    people = [
        CandidateProfile(
            f"c{i:03d}",
            tuple(CandidateSkill(names[j], 3) for j in rng.choice(len(names), 4, replace=False)),
            ("small",) if i % 20 == 0 else ("big",),
        )
        for i in range(400)
    ]
    m = plain_matcher().fit(library(), people)
    request = MatchRequest("r", required=[RequestSkill(names[0]), RequestSkill(names[5])])
    everyone = list(m.rank(request, top=400).matches)
    small = m.rank(MatchRequest("r", request.required, pools=["small"]), top=400).matches
    assert [x.candidate for x in small] == [x.candidate for x in everyone if int(x.candidate[1:]) % 20 == 0]
    assert [x.score for x in small] == [x.score for x in everyone if int(x.candidate[1:]) % 20 == 0]
