"""Requirements first: requirement tiers, the tiered order, and the parts of a score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching.engine import (
    CandidateProfile,
    CandidateSkill,
    InvalidInputError,
    MatchRequest,
    RequestSkill,
    SkillInfo,
    SkillMatcher,
)

from .test_cli import run

LIBRARY = [
    SkillInfo("python", groups=("ict", "prog")),
    SkillInfo("sql", groups=("ict", "db")),
    SkillInfo("docker", groups=("ict", "ops")),
    SkillInfo("pandas", groups=("ict", "prog")),
    SkillInfo("excel", groups=("office", "sheets")),
]


def person(cid: str, *skills: tuple[str, int | None]) -> CandidateProfile:
    return CandidateProfile(cid, [CandidateSkill(s, level, years=4.0) for s, level in skills], pools=["p"])


PEOPLE = [
    # Python one level below the required 3, but the rest of the profile goes with the role.
    person("below", ("python", 2), ("sql", 4), ("pandas", 4), ("docker", 4)),
    person("lead-1", ("python", 4), ("sql", 3), ("excel", 4)),
    person("lead-2", ("python", 4), ("sql", 3)),
    person("no-sql", ("python", 4), ("pandas", 4)),
    person("at-level", ("python", 3), ("sql", 1)),
    person("undeclared", ("python", None), ("sql", 2)),
]
REQUEST = MatchRequest("r", required=[RequestSkill("python", 3), RequestSkill("sql", 1)])


@pytest.fixture(scope="module")
def engine() -> SkillMatcher:
    return SkillMatcher(n_components=2, min_df=1).fit(LIBRARY, PEOPLE)


def by_id(engine: SkillMatcher, order: str = "score") -> dict[str, object]:
    return {m.candidate: m for m in engine.rank(REQUEST, top=10, order=order).matches}  # type: ignore[arg-type]


def test_tier_boundaries_at_the_required_level(engine: SkillMatcher) -> None:
    got = by_id(engine)
    counts = {c: (m.tier, m.required_met, m.required_below, m.required_missing) for c, m in got.items()}  # type: ignore[attr-defined]
    assert counts["at-level"] == (0, 2, 0, 0)  # python exactly at 3: met
    assert counts["below"] == (1, 1, 1, 0)  # python one below: held, below
    assert counts["lead-1"] == (0, 2, 0, 0)
    assert counts["no-sql"][0] == 2 and counts["no-sql"][3] == 1  # sql missing
    # An undeclared level counts as the engine's default level (2), below the required 3.
    assert counts["undeclared"] == (1, 1, 1, 0)


def test_the_tiered_order_puts_everyone_meeting_the_requirements_first(engine: SkillMatcher) -> None:
    tiered = [m.candidate for m in engine.rank(REQUEST, top=10, order="tiers").matches]
    tiers = [by_id(engine)[c].tier for c in tiered]  # type: ignore[attr-defined]
    assert tiers == sorted(tiers)
    assert tiered.index("below") > max(
        tiered.index("lead-1"), tiered.index("lead-2"), tiered.index("at-level")
    )
    assert tiered[-1] == "no-sql"
    # Within a tier, the score decides.
    scores = {c: m.score for c, m in by_id(engine).items()}  # type: ignore[attr-defined]
    tier0 = [c for c in tiered if by_id(engine)[c].tier == 0]  # type: ignore[attr-defined]
    assert [scores[c] for c in tier0] == sorted((scores[c] for c in tier0), reverse=True)


def test_score_order_is_the_default_and_an_unknown_order_is_refused(engine: SkillMatcher) -> None:
    default = [m.candidate for m in engine.rank(REQUEST, top=10).matches]
    assert default == [m.candidate for m in engine.rank(REQUEST, top=10, order="score").matches]
    with pytest.raises(InvalidInputError, match="order must be one of score, tiers"):
        engine.rank(REQUEST, top=10, order="merit")  # type: ignore[arg-type]


def test_tiers_hold_for_candidates_beyond_the_re_ranked_depth() -> None:
    # 30 people hold every required skill one level below and the nice-to-have ones (higher coverage);
    # one meets the requirements and nothing else. With a re-ranking depth of 10, the tiered order must
    # still find the one who meets them: the selection itself is by tier.
    crowd = [person(f"c{i:02d}", ("python", 3), ("sql", 3), ("pandas", 4), ("docker", 4)) for i in range(30)]
    crowd.append(person("meets", ("python", 4), ("sql", 4)))
    engine = SkillMatcher(n_components=2, min_df=1, rerank_depth=10).fit(LIBRARY, crowd)
    request = MatchRequest(
        "r",
        required=[RequestSkill("python", 4), RequestSkill("sql", 4)],
        nice_to_have=[RequestSkill("pandas"), RequestSkill("docker")],
    )
    assert engine.rank(request, top=5, order="tiers").matches[0].candidate == "meets"
    assert "meets" not in [m.candidate for m in engine.rank(request, top=5, order="score").matches]


def test_the_parts_add_up_to_the_score_and_name_the_rest_of_the_profile(engine: SkillMatcher) -> None:
    for m in engine.rank(REQUEST, top=10).matches:
        assert sum(c.points for c in m.contributions) == pytest.approx(m.score, abs=2e-6)
        assert {c.part for c in m.contributions} == {"required", "profile_fit", "peers"}
    below = by_id(engine)["below"]
    # The skills outside the request that made its profile fit: never a requested skill.
    assert set(below.profile_skills) <= {"pandas", "docker"} and below.profile_skills  # type: ignore[attr-defined]


def test_command_line_order_tiers(tmp_path: Path) -> None:
    candidates = [
        {
            "id": p.id,
            "skills": [{"skill": s.skill, "level": s.level, "years": s.years} for s in p.skills],
            "pools": ["p"],
        }
        for p in PEOPLE
    ]
    request = [{"id": "r", "required": [{"skill": "python", "level": 3}, {"skill": "sql", "level": 1}]}]
    skills = [{"id": s.id, "groups": list(s.groups)} for s in LIBRARY]
    proc = run(tmp_path, skills, candidates, request, "--order", "tiers")
    assert proc.returncode == 0, proc.stderr
    matches = json.loads(proc.stdout.splitlines()[0])["matches"]
    tiers = [m["tier"] for m in matches]
    assert tiers == sorted(tiers) and tiers[0] == 0 and tiers[-1] == 2
    last = matches[-1]["required_skills"]
    assert (last["met"], last["below"], last["missing"]) == (1, 0, 1)
    bad = run(tmp_path, skills, candidates, request, "--order", "merit")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr and not bad.stdout
