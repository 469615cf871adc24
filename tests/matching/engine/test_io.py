"""JSON records <-> dataclasses: the formats of docs/matching.md, and clear errors for everything else."""

from __future__ import annotations

import pytest

from matching.engine import (
    CandidateSkill,
    EmptyRequestError,
    InvalidInputError,
    MatchRequest,
    RequestSkill,
    SkillMatcher,
)
from matching.engine.io import (
    candidate_from_dict,
    loads_record,
    ranked_list_to_dict,
    request_from_dict,
    skill_from_dict,
)

from .world import crowd, library, person


def test_design_formats_parse() -> None:
    s = skill_from_dict(
        {
            "id": "s1",
            "label_en": "SQL",
            "label_fr": "SQL",
            "groups": ["ict", "db"],
            "description": "extra keys are fine in the library",
        }
    )
    assert (s.id, s.groups) == ("s1", ("ict", "db"))
    c = candidate_from_dict(
        {
            "id": "c1",
            "skills": [{"skill": "s1", "level": 2, "years": 3.5}, {"skill": "s2", "current": False}],
            "pools": ["p"],
        }
    )
    assert c.skills == (CandidateSkill("s1", 2, 3.5), CandidateSkill("s2", None, None, False))
    r = request_from_dict(
        {"id": "r1", "required": [{"skill": "s1", "level": 2}], "nice_to_have": [{"skill": "s2"}]}
    )
    assert r == MatchRequest("r1", (RequestSkill("s1", 2),), (RequestSkill("s2"),), None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"skills": []}', "'id' must be a non-empty string"),
        ('{"id": "c1", "skills": [{"skill": "s1", "level": 5}]}', "level must be an integer from 1 to 4"),
        ('{"id": "c1", "skills": [{"skill": "s1", "level": 2.5}]}', "level must be an integer"),
        ('{"id": "c1", "skills": [{"skill": "s1", "years": -1}]}', "years must be >= 0"),
        ('{"id": "c1", "skills": [{"skill": "s1", "yaers": 1}]}', "unexpected field(s) ['yaers']"),
        ('{"id": "c1", "skills": "s1"}', "'skills' must be a list"),
        ('{"id": "c1", "skills": [], "pools": "p"}', "'pools' must be a list"),
    ],
)
def test_malformed_candidates_are_rejected_with_the_field_named(line: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        candidate_from_dict(loads_record(line))
    assert message in str(info.value)


def test_malformed_requests() -> None:
    with pytest.raises(EmptyRequestError, match="names no skill"):
        request_from_dict({"id": "r1", "required": [], "nice_to_have": []})
    with pytest.raises(InvalidInputError, match="unexpected field"):
        request_from_dict({"id": "r1", "required": [{"skill": "s1"}], "nice_to_hve": [{"skill": "s2"}]})
    with pytest.raises(InvalidInputError, match="pools must be omitted"):
        request_from_dict({"id": "r1", "required": [{"skill": "s1"}], "pools": []})


def test_results_line_has_the_design_keys() -> None:
    m = SkillMatcher(n_components=8, min_df=1).fit(
        library(), [*crowd(), person("x", "postgresql"), person("y", "mysql")]
    )
    result = m.rank(MatchRequest("r1", required=[RequestSkill("postgresql")]), top=2)
    line = ranked_list_to_dict(result)
    assert set(line) == {"request", "matches"}
    keys = {"candidate", "score", "matched", "related", "missing", "tier", "required_skills"}
    assert [set(x) for x in line["matches"]] == [keys] * 2
    assert line["matches"][1]["required_skills"] == {"met": 0, "below": 0, "missing": 1, "related": 1}
    assert line["matches"][1]["related"] == [
        {"required": "postgresql", "via": "mysql", "similarity": result.matches[1].related[0].similarity}
    ]
    detailed = ranked_list_to_dict(result, details=True)
    assert detailed["engine_version"] == result.engine_version
    assert {"rank", "contributions", "profile_fit", "coverage", "profile_skills"} <= set(
        detailed["matches"][0]
    )
