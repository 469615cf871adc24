"""The shipped skills library (talent/data/skills) and its pure loader. No app, no database."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from talent import skills_data
from talent.skills_data import FamilyRecord, SkillRecord

REPO_ROOT = Path(__file__).resolve().parents[2]
# The source data the library is built from is not in the repository; name its folder to check the build.
SOURCE_DATA = Path(os.environ.get("SKILLS_SOURCE_DIR") or "/nonexistent")

# Floors measured on the first build (ESCO v1.2.0 + GC 2022-11-29): 1,626 / 1,936 ESCO names and
# 1,810 / 2,120 names overall have a French label (84.0 % and 85.4 %).
FRENCH_FLOOR_ALL = 0.84
FRENCH_FLOOR_ESCO = 0.82
FRENCH_FLOOR_ESCO_DIGITAL = 0.83


@pytest.fixture(scope="module")
def skills() -> list[SkillRecord]:
    return skills_data.load_skills()


@pytest.fixture(scope="module")
def families() -> list[FamilyRecord]:
    return skills_data.load_families()


def esco(skills: list[SkillRecord]) -> list[SkillRecord]:
    return [s for s in skills if s.source == "esco"]


def gc(skills: list[SkillRecord]) -> list[SkillRecord]:
    return [s for s in skills if s.source == "gc"]


def test_counts_in_expected_ranges(skills, families):
    assert 1_700 <= len(esco(skills)) <= 2_300
    assert len(gc(skills)) == 184
    by_collection = Counter(c for s in esco(skills) for c in s.collections)
    assert by_collection["digital"] == 1_284  # the whole ESCO digital skills collection
    assert by_collection["transversal"] == 95  # the whole ESCO transversal skills collection
    assert by_collection["digcomp"] == 25
    by_reason = Counter(r for s in esco(skills) for r in s.selected_by)
    assert 800 <= by_reason["occupation:essential"] <= 1_100
    assert 300 <= by_reason["occupation:optional"] <= 1_100
    gc_families = [f for f in families if f.source == "gc"]
    assert len(gc_families) == 18
    assert 250 <= len(families) - len(gc_families) <= 640


def test_keys_unique_and_well_formed(skills, families):
    skill_keys = [s.key for s in skills]
    assert len(skill_keys) == len(set(skill_keys))
    family_keys = [f.key for f in families]
    assert len(family_keys) == len(set(family_keys))
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    for s in skills:
        if s.source == "esco":
            assert re.fullmatch(f"esco:{uuid}", s.key), s.key
            assert s.uri == f"http://data.europa.eu/esco/skill/{s.key.removeprefix('esco:')}"
        else:
            assert re.fullmatch(r"gc:[a-z0-9_]+", s.key), s.key
            assert s.uri is None
    for f in families:
        assert re.fullmatch(r"(esco-group:[A-Z0-9.]+|gc-family:[a-z0-9_]+)", f.key), f.key


def test_sorted_by_key(skills, families):
    assert [s.key for s in skills] == sorted(s.key for s in skills)
    assert [f.key for f in families] == sorted(f.key for f in families)


def test_every_family_reference_resolves(skills, families):
    by_key = {f.key: f for f in families}
    for s in skills:
        assert s.families, s.key
        for key in (*s.families, *s.esco_groups):
            assert key in by_key, (s.key, key)
            assert by_key[key].source == s.source
    for f in families:
        if f.parent_key is not None:
            parent = by_key[f.parent_key]
            assert parent.level == f.level - 1
        else:
            assert f.level == 0


def test_esco_group_paths_run_from_pillar_to_a_family(skills, families):
    by_key = {f.key: f for f in families}
    for s in esco(skills):
        path = [by_key[k] for k in s.esco_groups]
        assert [f.level for f in path] == list(range(len(path)))
        assert all(child.parent_key == parent.key for parent, child in itertools.pairwise(path))
        assert s.esco_groups[-1] == s.families[0]


def test_no_empty_english_name_and_valid_enums(skills, families):
    for s in skills:
        assert s.name_en.strip() == s.name_en and s.name_en, s.key
        assert s.name_fr is None or s.name_fr.strip(), s.key
        assert s.category in ("technical", "behavioural")
        assert all(k.strip() for k in (*s.keywords_en, *s.keywords_fr))
    for f in families:
        assert f.name_en, f.key
        assert f.category in ("technical", "behavioural")


def test_gc_skills_have_both_languages(skills):
    for s in gc(skills):
        assert s.name_en and s.name_fr, s.key
        assert s.families and all(k.startswith("gc-family:") for k in s.families)
    counts = Counter(s.category for s in gc(skills))
    assert counts == {"technical": 120, "behavioural": 64}


def test_esco_categories(skills):
    by_key = {s.key: s for s in skills}
    assert by_key["esco:001115fb-569f-4ee6-8381-c6807ef2527f"].category == "behavioural"  # show initiative
    assert by_key["esco:000f1d3d-220f-4789-9c0a-cc742521fb02"].category == "technical"  # Haskell
    for s in esco(skills):
        if "digital" in s.collections:
            assert s.category == "technical", s.key
        elif "transversal" in s.collections:
            assert s.category == "behavioural", s.key


def test_french_coverage_reported_and_above_floor(skills):
    def share(records: list[SkillRecord]) -> float:
        return sum(s.name_fr is not None for s in records) / len(records)

    digital = [s for s in esco(skills) if "digital" in s.collections]
    coverage = {"all": share(skills), "esco": share(esco(skills)), "esco-digital": share(digital)}
    print("French name coverage:", {k: f"{v:.1%}" for k, v in coverage.items()})
    assert coverage["all"] >= FRENCH_FLOOR_ALL
    assert coverage["esco"] >= FRENCH_FLOOR_ESCO
    assert coverage["esco-digital"] >= FRENCH_FLOOR_ESCO_DIGITAL


def test_missing_french_falls_back_to_english_with_marker(skills):
    without = next(s for s in skills if s.name_fr is None)
    assert without.localized_name("fr") == (without.name_en, True)
    assert without.localized_name("en") == (without.name_en, False)
    with_fr = next(s for s in gc(skills) if s.name_fr)
    assert with_fr.localized_name("fr-CA") == (with_fr.name_fr, False)
    assert with_fr.localized_description("fr")[1] is False


def test_same_name_pairs_are_cross_referenced_not_merged(skills):
    by_key = {s.key: s for s in skills}
    pairs = {(s.key, other) for s in gc(skills) for other in s.same_name_as}
    assert 10 <= len(pairs) <= 40
    for gc_key, esco_key in pairs:
        assert by_key[gc_key].name_en.casefold() == by_key[esco_key].name_en.casefold()
        assert gc_key in by_key[esco_key].same_name_as


def test_data_version_is_deterministic():
    version = skills_data.data_version()
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    skills_data.data_version.cache_clear()
    assert skills_data.data_version() == version


def test_loading_twice_gives_equal_results():
    first_skills, first_families = skills_data.load_skills(), skills_data.load_families()
    skills_data._skills.cache_clear()
    skills_data._families.cache_clear()
    assert skills_data.load_skills() == first_skills
    assert skills_data.load_families() == first_families
    record = first_skills[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name_en = "changed"  # type: ignore[misc]


def test_licence_files_and_attribution_shipped():
    folder = skills_data.DATA_DIR
    assert "Attribution 4.0 International" in (folder / "LICENSE-ESCO-CC-BY-4.0.txt").read_text()
    assert "Copyright (c) 2021 GCTC-NTGC" in (folder / "LICENSE-GC-DIGITAL-TALENT-MIT.txt").read_text()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert skills_data.ESCO_ATTRIBUTION in readme
    assert skills_data.data_version() in readme
    total = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert total < 2 * 1024 * 1024


@pytest.mark.skipif(not SOURCE_DATA.is_dir(), reason="set SKILLS_SOURCE_DIR to the source data folder")
def test_shipped_data_matches_a_fresh_build(monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "build_skills_data", REPO_ROOT / "scripts/build_skills_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    assert module.main([str(SOURCE_DATA), "--check"]) == 0
