"""Related skills learned from the skills occupations require together (``SkillInfo.occupations``)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from matching.engine import (
    InvalidInputError,
    MatchRequest,
    RequestSkill,
    SkillInfo,
    SkillMatcher,
    SkillRelatedness,
)
from matching.engine.io import skill_from_dict

from .world import crowd, library, person

ROOT = Path(__file__).resolve().parents[3]

#: Skills each in a group of its own: the taxonomy relates none of them, only evidence does.
SKILLS = ["postgresql", "python", "aws", "statistics", "communication", "teamwork", "html", "css"]
#: Occupations requiring postgresql and python together; nobody below holds both.
OCCUPATIONS = {
    "data-engineer": ["postgresql", "python", "statistics"],
    "backend-developer": ["postgresql", "python"],
    "web-developer": ["html", "css"],
}


def own_groups(with_occupations: bool) -> list[SkillInfo]:
    by_skill: dict[str, list[str]] = {}
    for occupation, skills in OCCUPATIONS.items():
        for skill in skills:
            by_skill.setdefault(skill, []).append(occupation)
    return [
        SkillInfo(s, groups=(f"group-{s}",), occupations=by_skill.get(s, []) if with_occupations else [])
        for s in SKILLS
    ]


def apart() -> list:
    people = []
    for i in range(20):
        people.append(person(f"db-{i:02d}", "postgresql", "aws", "communication"))
        people.append(person(f"py-{i:02d}", "python", "statistics", "teamwork"))
        people.append(person(f"web-{i:02d}", "html", "css"))
    return people


def related_to(engine: SkillMatcher, skill: str) -> list[str]:
    indices, _ = engine.relatedness_.neighbours(engine.skill_index_[skill])
    return [engine.skill_ids_[i] for i in indices.tolist()]


# ---------------------------------------------------------------- what occupations teach


def test_skills_required_together_but_never_held_together_become_related() -> None:
    params = {"n_components": 8, "occupation_weight": 0.5}
    without = SkillMatcher(**params).fit(own_groups(False), apart())  # type: ignore[arg-type]
    with_occ = SkillMatcher(**params).fit(own_groups(True), apart())  # type: ignore[arg-type]
    assert "python" not in related_to(without, "postgresql")
    assert "python" in related_to(with_occ, "postgresql")
    assert "postgresql" in related_to(with_occ, "python")
    request = MatchRequest("r", required=[RequestSkill("postgresql")])
    found = {m.candidate: m for m in with_occ.rank(request, top=100).matches}
    stand_in = found["py-00"].related[0]
    assert (stand_in.required, stand_in.via) == ("postgresql", "python")
    assert not any(m.candidate.startswith("py-") for m in without.rank(request, top=100).matches)


def test_the_weight_sets_how_much_occupations_count() -> None:
    emb = {
        w: SkillMatcher(n_components=8, occupation_weight=w).fit(own_groups(True), apart()).relatedness_
        for w in (0.0, 0.25, 0.5, 1.0)
    }
    i, j = SKILLS.index("postgresql"), SKILLS.index("python")
    cosines = [float(emb[w].embedding_[i] @ emb[w].embedding_[j]) for w in (0.0, 0.25, 0.5, 1.0)]
    assert cosines[0] == pytest.approx(0.0, abs=1e-6)
    assert cosines == sorted(cosines) and cosines[-1] > 0.9
    assert [emb[w].n_occupations_ for w in (0.0, 0.25)] == [0, 3]


def test_a_skill_nobody_holds_gets_a_place_from_its_occupations() -> None:
    skills = [*own_groups(True), SkillInfo("pandas", groups=("group-pandas",), occupations=["data-engineer"])]
    engine = SkillMatcher(n_components=8, occupation_weight=0.5).fit(skills, apart())
    vector = engine.relatedness_.embedding_[engine.skill_index_["pandas"]]
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    alone = SkillMatcher(n_components=8, occupation_weight=0.0).fit(skills, apart())
    assert not alone.relatedness_.embedding_[alone.skill_index_["pandas"]].any()


def test_occupations_alone_relate_skills_before_anyone_is_indexed() -> None:
    engine = SkillMatcher(n_components=8, occupation_weight=0.5).fit(own_groups(True), [])
    assert engine.relatedness_.n_occupations_ == 3
    assert "python" in related_to(engine, "postgresql")
    assert "html" not in related_to(engine, "postgresql")


# ---------------------------------------------------------------- off means exactly as before


def same_model(a: SkillMatcher, b: SkillMatcher) -> None:
    ra, rb = a.relatedness_, b.relatedness_
    assert np.array_equal(ra.embedding_, rb.embedding_)
    assert (ra.similarity_ != rb.similarity_).nnz == 0
    requests = [
        MatchRequest("r1", required=[RequestSkill("postgresql", 2), RequestSkill("python")]),
        MatchRequest("r2", required=[RequestSkill("aws")], nice_to_have=[RequestSkill("statistics")]),
        MatchRequest("r3", required=[RequestSkill("leadership")]),
    ]
    for request in requests:
        assert a.rank(request, top=20).matches == b.rank(request, top=20).matches


def people() -> list:
    return [*crowd(), person("a", "postgresql", "python", "aws"), person("b", "mysql", "python")]


def with_occupations(skills: list[SkillInfo]) -> list[SkillInfo]:
    return [replace(s, occupations=[f"occ-{s.groups[-1]}", "occ-all"]) for s in skills]


def test_no_occupations_or_weight_zero_changes_nothing() -> None:
    today = SkillMatcher(n_components=8).fit(library(), people())
    same_model(today, SkillMatcher(n_components=8, occupation_weight=0.0).fit(library(), people()))
    same_model(today, SkillMatcher(n_components=8, occupation_weight=1.0).fit(library(), people()))
    weight_zero = SkillMatcher(n_components=8, occupation_weight=0.0).fit(
        with_occupations(library()), people()
    )
    same_model(today, weight_zero)
    assert today.relatedness_.n_occupations_ == weight_zero.relatedness_.n_occupations_ == 0
    used = SkillMatcher(n_components=8).fit(with_occupations(library()), people())
    assert not np.array_equal(used.relatedness_.embedding_, today.relatedness_.embedding_)


#: Neighbours (index, similarity) of every skill of ``fixed_set`` as the engine learned them before
#: occupations existed (engine 1.1.0): without occupations nothing may move.
BEFORE = [
    [(2, 0.738), (3, 0.735), (1, 0.729)], [(6, 0.834), (0, 0.729), (3, 0.717)],
    [(0, 0.738), (3, 0.724), (12, 0.706)], [(0, 0.735), (2, 0.724), (1, 0.717)],
    [(19, 0.867), (7, 0.74), (5, 0.723)], [(7, 0.727), (4, 0.723), (20, 0.684)],
    [(1, 0.834), (7, 0.725), (4, 0.709)], [(4, 0.74), (5, 0.727), (6, 0.725)],
    [(10, 0.741), (11, 0.74), (18, 0.709)], [(14, 0.884), (11, 0.724), (8, 0.702)],
    [(20, 0.844), (8, 0.741), (11, 0.736)], [(21, 0.821), (8, 0.74), (10, 0.736)],
    [(14, 0.711), (2, 0.706), (15, 0.7)], [(15, 0.726), (23, 0.717), (14, 0.703)],
    [(9, 0.884), (15, 0.739), (12, 0.711)], [(14, 0.739), (13, 0.726), (12, 0.7)],
    [(17, 0.741), (18, 0.721), (19, 0.699)], [(22, 0.918), (16, 0.741), (19, 0.714)],
    [(16, 0.721), (8, 0.709), (17, 0.699)], [(4, 0.867), (17, 0.714), (16, 0.699)],
    [(10, 0.844), (23, 0.739), (21, 0.727)], [(11, 0.821), (23, 0.739), (20, 0.727)],
    [(17, 0.918), (20, 0.723), (23, 0.71)], [(20, 0.739), (21, 0.739), (13, 0.717)],
]  # fmt: skip


def fixed_set() -> tuple[sp.csr_matrix, list[tuple[str, str]]]:
    """120 candidates of 6 kinds (4 skills each, one left out in turn) plus one bridging skill; taxonomy
    groups that cut across the kinds."""
    n_skills = 24
    rows = []
    for c in range(120):
        kind = c % 6
        own = [4 * kind + j for j in range(4) if j != (c // 6) % 4]
        rows.append(sorted({*own, (c * 7) % n_skills}))
    indptr = np.cumsum([0] + [len(r) for r in rows])
    X = sp.csr_matrix((np.ones(int(indptr[-1])), np.concatenate(rows), indptr), shape=(120, n_skills))
    return X, [("top", f"g{i % 5}") for i in range(n_skills)]


@pytest.mark.parametrize(
    ("occupations", "weight"), [(None, 0.25), ([()] * 24, 0.25), ([("o1", "o2")] * 24, 0.0)]
)
def test_without_occupation_evidence_the_neighbours_are_those_of_before(
    occupations: list[tuple[str, ...]] | None, weight: float
) -> None:
    X, groups = fixed_set()
    rel = SkillRelatedness(
        n_components=4, min_df=2, n_related=3, min_similarity=0.2, occupation_weight=weight
    )
    rel.fit(X, groups, occupations)
    for skill, expected in enumerate(BEFORE):
        indices, sims = rel.neighbours(skill)
        got = sorted(zip(indices.tolist(), sims.tolist(), strict=True))
        assert [i for i, _ in got] == sorted(i for i, _ in expected)
        assert [s for _, s in got] == pytest.approx([s for _, s in sorted(expected)], abs=2e-3)


# ---------------------------------------------------------------- validation


def test_skill_info_occupations_are_a_tuple_of_ids() -> None:
    assert SkillInfo("sql", occupations=["dba", "analyst"]).occupations == ("dba", "analyst")
    assert SkillInfo("sql").occupations == ()
    for bad in ("dba", None, 3):
        with pytest.raises(InvalidInputError, match="occupations must be a list or tuple"):
            SkillInfo("sql", occupations=bad)  # type: ignore[arg-type]
    for bad_id in ("", None, 7):
        with pytest.raises(InvalidInputError, match="occupation id"):
            SkillInfo("sql", occupations=["dba", bad_id])  # type: ignore[list-item]


@pytest.mark.parametrize("weight", [0, 0.0, 0.25, 1, 1.0])
def test_occupation_weight_accepted_from_zero_to_one(weight: float) -> None:
    engine = SkillMatcher(n_components=4, occupation_weight=weight).fit(own_groups(True), apart())
    assert engine.get_params()["occupation_weight"] == weight
    assert engine.fitted_params_["occupation_weight"] == weight


@pytest.mark.parametrize("weight", [-0.01, 1.01, math.nan, True, "0.5", None])
def test_occupation_weight_outside_zero_to_one_is_refused(weight: object) -> None:
    with pytest.raises(InvalidInputError, match="occupation_weight"):
        SkillMatcher(occupation_weight=weight).fit(own_groups(True), apart())  # type: ignore[arg-type]
    X, groups = fixed_set()
    with pytest.raises(InvalidInputError, match="occupation_weight"):
        SkillRelatedness(occupation_weight=weight).fit(X, groups)  # type: ignore[arg-type]


def test_default_weight_and_one_list_of_occupations_per_skill() -> None:
    assert SkillMatcher().get_params()["occupation_weight"] == 0.25
    assert SkillRelatedness().get_params()["occupation_weight"] == 0.25
    X, groups = fixed_set()
    with pytest.raises(InvalidInputError, match="one list of occupation ids per skill"):
        SkillRelatedness().fit(X, groups, [("o1",)] * 23)


# ---------------------------------------------------------------- the command line


def test_skills_file_reads_occupations() -> None:
    skill = skill_from_dict({"id": "sql", "groups": ["ict"], "occupations": ["dba", "analyst"]})
    assert skill.occupations == ("dba", "analyst")
    assert skill_from_dict({"id": "sql"}).occupations == ()
    for bad in ("dba", [""], [3], {"dba": 1}):
        with pytest.raises(InvalidInputError, match="skill 'sql': 'occupations' must be a list of non-empty"):
            skill_from_dict({"id": "sql", "occupations": bad})


def cli(tmp_path: Path, skills: list[dict[str, object]]) -> subprocess.CompletedProcess[str]:
    files = {
        "skills": skills,
        "candidates": [
            {"id": p.id, "skills": [{"skill": s.skill} for s in p.skills], "pools": ["p"]} for p in apart()
        ],
        "requests": [{"id": "r1", "required": [{"skill": "postgresql"}]}],
    }
    args = [sys.executable, "-m", "matching", "rank", "--top", "100"]
    for name, rows in files.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        args += [f"--{name}", str(path)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_command_line_learns_from_the_occupations_of_the_skills_file(tmp_path: Path) -> None:
    plain = [{"id": s.id, "groups": list(s.groups)} for s in own_groups(False)]
    with_occ = [
        {"id": s.id, "groups": list(s.groups), "occupations": list(s.occupations)} for s in own_groups(True)
    ]
    before, after = cli(tmp_path, plain), cli(tmp_path, with_occ)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert json.loads(before.stdout) != json.loads(after.stdout)
    bad = cli(tmp_path, [*plain[:-1], {"id": "css", "occupations": "web-developer"}])
    assert bad.returncode == 2
    assert "'occupations' must be a list of non-empty strings" in bad.stderr
