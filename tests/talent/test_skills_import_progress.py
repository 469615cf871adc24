"""The skills import reports its progress (what ``flask import-skills`` draws as a bar on a terminal)."""

from __future__ import annotations

from talent import skills_data
from talent.skills import services


def test_the_import_reports_progress_up_to_every_skill(db, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    skills = list(skills_data.load_skills())[:5]
    families = list(skills_data.load_families())
    seen: list[tuple[int, int]] = []
    services.import_library(skills, families, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]  # every PROGRESS_EVERY skills, then the end
    services.import_library(skills, families)  # no bar: the same import
