"""A small skills world for the engine tests: no app, no services, no files."""

from __future__ import annotations

from matching.engine import CandidateProfile, CandidateSkill, SkillInfo, SkillMatcher

GROUPS = {
    "db": ["postgresql", "mysql", "oracle-db", "sqlite"],
    "prog": ["python", "java", "go", "rust"],
    "cloud": ["aws", "azure", "gcp"],
    "web": ["html", "css", "javascript", "react"],
    "soft": ["communication", "teamwork", "leadership"],
    "data": ["statistics", "machine-learning", "pandas"],
}


def library() -> list[SkillInfo]:
    return [
        SkillInfo(skill, skill.title(), f"{skill} (fr)", (f"family-{group}", group))
        for group, skills in GROUPS.items()
        for skill in skills
    ]


def person(cid: str, *skills: str | CandidateSkill, pools: tuple[str, ...] = ("p1",)) -> CandidateProfile:
    entries = tuple(s if isinstance(s, CandidateSkill) else CandidateSkill(s, 3, 5.0, True) for s in skills)
    return CandidateProfile(cid, entries, pools)


def crowd() -> list[CandidateProfile]:
    """Background people so that rarity and co-occurrence have something to learn from."""
    people = []
    for i in range(40):
        people.append(person(f"bg-web-{i:02d}", "html", "css", "javascript", "communication", "teamwork"))
        people.append(person(f"bg-data-{i:02d}", "python", "statistics", "pandas", "communication"))
    return people


def plain_matcher(**params: object) -> SkillMatcher:
    """Coverage only (no profile fit, no peers): the properties of the skill scoring, isolated."""
    return SkillMatcher(profile_weight=0.0, peer_weight=0.0, length_penalty=0.0, n_components=8, **params)  # type: ignore[arg-type]
