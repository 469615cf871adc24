"""Read-only access to the skills library shipped in ``talent/data/skills/``.

Pure standard library (no Flask, no database): the importer, the matching engine and tests can
all use it. The data is built by ``scripts/build_skills_data.py`` from ESCO (CC BY 4.0) and the
Government of Canada digital-talent skills library (MIT); see ``talent/data/skills/README.md``.

Keys are stable across rebuilds: ``esco:<ESCO concept uuid>`` and ``gc:<GC key>`` for skills,
``esco-group:<ESCO skill group code>`` and ``gc-family:<GC key>`` for families, so an import can
upsert on them and never duplicate.

A skill without a French label has ``name_fr is None``; show the English name with a visible
marker (``localized_name("fr")`` returns ``(name_en, True)``) and never machine-translate it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

DATA_DIR = Path(__file__).resolve().parent / "data" / "skills"
SKILLS_FILE = DATA_DIR / "skills.jsonl.gz"
FAMILIES_FILE = DATA_DIR / "families.jsonl.gz"

Source = Literal["esco", "gc"]
Category = Literal["technical", "behavioural"]

#: Attribution that must accompany ESCO data wherever it is shown (CC BY 4.0).
ESCO_ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission. © European Union, "
    "https://esco.ec.europa.eu — CC BY 4.0. Modified: columns joined, labels merged across "
    "ESCO releases (see below)."
)
#: Notice for the Government of Canada digital-talent skills library (MIT).
GC_NOTICE = "Skills library © 2021 GCTC-NTGC (Government of Canada digital talent), MIT licence."


_T = TypeVar("_T")


def _pick(locale: str, en: _T, fr: _T) -> _T:
    return fr if locale.lower().startswith("fr") else en


@dataclass(frozen=True, slots=True)
class SkillRecord:
    key: str
    source: Source
    uri: str | None
    name_en: str
    name_fr: str | None
    description_en: str | None
    description_fr: str | None
    keywords_en: tuple[str, ...]
    keywords_fr: tuple[str, ...]
    category: Category
    families: tuple[str, ...]
    esco_groups: tuple[str, ...]
    collections: tuple[str, ...]
    #: Why the skill is in the library (``collection:digital``, ``occupation:essential`` …).
    selected_by: tuple[str, ...] = ()
    #: ESCO ``knowledge`` / ``skill/competence``; None for GC.
    skill_type: str | None = None
    #: ESCO reuse level (transversal, cross-sector, sector-specific, occupation-specific).
    reuse_level: str | None = None
    #: Number of ESCO digital occupations for which the skill is essential / only optional.
    essential_for: int = 0
    optional_for: int = 0
    #: Extra English search text (ESCO alternative labels that could not be split); not for display.
    search_text_en: str | None = None
    #: Keys of skills of the other source with the same English name (not merged).
    same_name_as: tuple[str, ...] = ()

    @property
    def has_french(self) -> bool:
        return self.name_fr is not None

    def localized_name(self, locale: str) -> tuple[str, bool]:
        """``(name, is_english_fallback)``; the fallback flag asks the UI for a visible marker."""
        if locale.lower().startswith("fr"):
            return (self.name_fr, False) if self.name_fr else (self.name_en, True)
        return self.name_en, False

    def localized_description(self, locale: str) -> tuple[str | None, bool]:
        """``(description, is_english_fallback)``; ``(None, False)`` when there is none at all."""
        if locale.lower().startswith("fr") and not self.description_fr:
            return self.description_en, self.description_en is not None
        return _pick(locale, self.description_en, self.description_fr), False

    def keywords(self, locale: str) -> tuple[str, ...]:
        return _pick(locale, self.keywords_en, self.keywords_fr)

    def search_text(self, locale: str) -> str:
        """Everything worth matching a search query against, in one language."""
        if locale.lower().startswith("fr"):
            parts = [self.name_fr or "", *self.keywords_fr, self.description_fr or ""]
        else:
            parts = [self.name_en, *self.keywords_en, self.search_text_en or "", self.description_en or ""]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class FamilyRecord:
    key: str
    source: Source
    name_en: str
    name_fr: str | None
    description_en: str | None
    description_fr: str | None
    category: Category
    parent_key: str | None
    level: int
    #: ESCO skill-group URI; None for GC families.
    uri: str | None = None
    #: ESCO skill-group code (e.g. ``S5.5.1``) or GC family key.
    code: str | None = None

    def localized_name(self, locale: str) -> tuple[str, bool]:
        if locale.lower().startswith("fr"):
            return (self.name_fr, False) if self.name_fr else (self.name_en, True)
        return self.name_en, False


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _skill(d: dict[str, Any]) -> SkillRecord:
    occ = d.get("occ") or (0, 0)
    return SkillRecord(
        key=d["k"],
        source=d["src"],
        uri=d.get("uri"),
        name_en=d["name_en"],
        name_fr=d.get("name_fr"),
        description_en=d.get("desc_en"),
        description_fr=d.get("desc_fr"),
        keywords_en=tuple(d.get("kw_en", ())),
        keywords_fr=tuple(d.get("kw_fr", ())),
        category=d["cat"],
        families=tuple(d.get("fam", ())),
        esco_groups=tuple(d.get("grp", ())),
        collections=tuple(d.get("coll", ())),
        selected_by=tuple(d.get("why", ())),
        skill_type=d.get("type"),
        reuse_level=d.get("reuse"),
        essential_for=int(occ[0]),
        optional_for=int(occ[1]),
        search_text_en=d.get("search_en"),
        same_name_as=tuple(d.get("same", ())),
    )


def _family(d: dict[str, Any]) -> FamilyRecord:
    return FamilyRecord(
        key=d["k"],
        source=d["src"],
        name_en=d["name_en"],
        name_fr=d.get("name_fr"),
        description_en=d.get("desc_en"),
        description_fr=d.get("desc_fr"),
        category=d["cat"],
        parent_key=d.get("parent"),
        level=int(d.get("level", 0)),
        uri=d.get("uri"),
        code=d.get("code"),
    )


@lru_cache(maxsize=1)
def _skills() -> tuple[SkillRecord, ...]:
    return tuple(_skill(d) for d in _lines(SKILLS_FILE))


@lru_cache(maxsize=1)
def _families() -> tuple[FamilyRecord, ...]:
    return tuple(_family(d) for d in _lines(FAMILIES_FILE))


def load_skills() -> list[SkillRecord]:
    """All skills, sorted by key (ESCO first, then GC)."""
    return list(_skills())


def load_families() -> list[FamilyRecord]:
    """All families (ESCO skill groups with their ancestors, GC families), sorted by key."""
    return list(_families())


def skills_by_key() -> dict[str, SkillRecord]:
    return {s.key: s for s in _skills()}


def families_by_key() -> dict[str, FamilyRecord]:
    return {f.key: f for f in _families()}


@lru_cache(maxsize=1)
def data_version() -> str:
    """Short, stable fingerprint of the shipped data (SHA-256 of the uncompressed files).

    Independent of how gzip compressed the files; changes whenever any record changes, so an
    importer can skip work when the version it last imported is unchanged.
    """
    digest = hashlib.sha256()
    for path in (SKILLS_FILE, FAMILIES_FILE):
        digest.update(hashlib.sha256(gzip.decompress(path.read_bytes())).digest())
    return digest.hexdigest()[:16]
