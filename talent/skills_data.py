"""Read-only access to the skills library shipped in ``talent/data/skills/``.

Pure standard library (no Flask, no database): the importer, the matching engine and tests can
all use it. The data is built by ``scripts/build_skills_data.py`` from ESCO (CC BY 4.0) and the
Government of Canada digital-talent skills library (MIT); see ``talent/data/skills/README.md``.

Keys are stable across rebuilds: ``esco:<ESCO concept uuid>`` and ``gc:<GC key>`` for skills,
``esco-group:<ESCO skill group code>`` and ``gc-family:<GC key>`` for families, so an import can
upsert on them and never duplicate.

A skill without a French label has ``name_fr is None``; show the English name with a visible
marker (``localized_name("fr")`` returns ``(name_en, True)``) and never machine-translate it.

``load_skills()`` gives the sources as they are. ``curated_skills()`` gives what the import loads: the same
records with the project's curated data in ``talent/data/skills_curated/`` laid over them (see its
README): one skill per concept (``concepts.csv``: an ESCO skill that is the same concept as a GC skill
points to it with ``merge_into``, and the GC skill takes the ESCO skill's hierarchy, families and labels),
and a French name for every skill the sources leave without one (``names_fr_reviewed.csv``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

DATA_DIR = Path(__file__).resolve().parent / "data" / "skills"
SKILLS_FILE = DATA_DIR / "skills.jsonl.gz"
FAMILIES_FILE = DATA_DIR / "families.jsonl.gz"
CURATED_DIR = Path(__file__).resolve().parent / "data" / "skills_curated"
CONCEPTS_FILE = CURATED_DIR / "concepts.csv"
REVIEWED_FRENCH_FILE = CURATED_DIR / "names_fr_reviewed.csv"

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
    #: Keys of skills of the other source with the same English name.
    same_name_as: tuple[str, ...] = ()
    #: Curated (``curated_skills``): where the French name comes from (``esco``, ``gc``, ``team``: the
    #: project's list, ``same-concept``: the skill it is merged into); None without a French name.
    name_fr_source: str | None = None
    #: Curated: the keys of the other source's skills that are the same concept (see ``merge_into``).
    same_concept_as: tuple[str, ...] = ()
    #: Curated: the key of the skill this one is merged into (it is then not offered on its own).
    merge_into: str | None = None

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


# --- The curated layer ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConceptPair:
    """A GC skill and an ESCO skill that are one concept: ``merge`` is merged into ``keep``.
    ``match``: ``same-name`` (the same English name once case, accents and spacing are ignored) or
    ``reviewed`` (different names, judged the same concept by the team; ``note`` says why)."""

    keep: str
    merge: str
    match: str
    note: str


@dataclass(frozen=True, slots=True)
class ReviewedName:
    """A French name for a skill the sources leave without one. ``status``: ``proposed`` (written by the
    team, awaiting a language reviewer) or ``reviewed``; both are shown."""

    key: str
    name_en: str
    name_fr: str
    status: str
    note: str


CONCEPT_MATCHES = ("same-name", "reviewed")
NAME_STATUSES = ("proposed", "reviewed")


def normalised_label(text: str) -> str:
    """A label as compared across sources: case, accents and spacing ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


@lru_cache(maxsize=1)
def _concepts() -> tuple[ConceptPair, ...]:
    return tuple(
        ConceptPair(row["keep"], row["merge"], row["match"], row["note"]) for row in _csv_rows(CONCEPTS_FILE)
    )


@lru_cache(maxsize=1)
def _reviewed_french() -> tuple[ReviewedName, ...]:
    return tuple(
        ReviewedName(row["key"], row["name_en"], row["name_fr"], row["status"], row["note"])
        for row in _csv_rows(REVIEWED_FRENCH_FILE)
    )


def load_concepts() -> list[ConceptPair]:
    """The concept map (``concepts.csv``), in file order."""
    return list(_concepts())


def load_reviewed_french() -> dict[str, ReviewedName]:
    """The team's French names (``names_fr_reviewed.csv``), by skill key."""
    return {name.key: name for name in _reviewed_french()}


def _merged(*groups: Iterable[str], leave_out: Iterable[str | None] = ()) -> tuple[str, ...]:
    """The labels of every group, in order, each once (compared as ``normalised_label``)."""
    seen = {normalised_label(x) for x in leave_out if x}
    out: list[str] = []
    for group in groups:
        for label in group:
            folded = normalised_label(label)
            if label and folded not in seen:
                seen.add(folded)
                out.append(label)
    return tuple(out)


def _keep_with(keep: SkillRecord, twin: SkillRecord) -> SkillRecord:
    """The kept skill, carrying what its twin brings: the ESCO hierarchy (the matching engine's relatedness),
    its families, URI and provenance, and its names and labels as keywords (so a search for either name
    finds the one skill)."""
    return replace(
        keep,
        uri=keep.uri or twin.uri,
        description_en=keep.description_en or twin.description_en,
        description_fr=keep.description_fr or twin.description_fr,
        keywords_en=_merged(keep.keywords_en, [twin.name_en], twin.keywords_en, leave_out=[keep.name_en]),
        keywords_fr=_merged(
            keep.keywords_fr, [twin.name_fr or ""], twin.keywords_fr, leave_out=[keep.name_fr]
        ),
        families=_merged(keep.families, twin.families),
        esco_groups=keep.esco_groups or twin.esco_groups,
        collections=_merged(keep.collections, twin.collections),
        selected_by=_merged(keep.selected_by, twin.selected_by),
        skill_type=keep.skill_type or twin.skill_type,
        reuse_level=keep.reuse_level or twin.reuse_level,
        essential_for=max(keep.essential_for, twin.essential_for),
        optional_for=max(keep.optional_for, twin.optional_for),
        search_text_en=keep.search_text_en or twin.search_text_en,
        same_concept_as=_merged(keep.same_concept_as, [twin.key]),
    )


def curated_skills(records: Sequence[SkillRecord] | None = None) -> list[SkillRecord]:
    """The skills as the import loads them: ``records`` (by default the shipped ones) with the concept map
    and the team's French names applied. Every record stays (an ESCO twin keeps its key, for the links made
    to it): the twin gets ``merge_into``, and the French name of its concept when ESCO has none."""
    out = {r.key: r for r in (load_skills() if records is None else records)}
    for rec in list(out.values()):
        if rec.name_fr:
            out[rec.key] = replace(rec, name_fr_source=rec.source)
    for name in _reviewed_french():
        found = out.get(name.key)
        if found is not None and not found.name_fr and name.name_fr:
            out[found.key] = replace(found, name_fr=name.name_fr, name_fr_source="team")
    for pair in _concepts():
        keep, twin = out.get(pair.keep), out.get(pair.merge)
        if keep is None or twin is None:
            continue
        keep = out[keep.key] = _keep_with(keep, twin)
        twin_fr = (twin.name_fr, twin.name_fr_source) if twin.name_fr else (keep.name_fr, "same-concept")
        out[twin.key] = replace(
            twin,
            name_fr=twin_fr[0],
            name_fr_source=twin_fr[1] if twin_fr[0] else None,
            same_concept_as=(keep.key,),
            merge_into=keep.key,
        )
    return sorted(out.values(), key=lambda r: r.key)


@dataclass(frozen=True, slots=True)
class FrenchCoverage:
    """How many of the skills offered (one per concept) have a French name, and where those names come
    from (``by_source``: ``esco``, ``gc``, ``team``...)."""

    skills: int
    with_french: int
    by_source: dict[str, int]

    @property
    def percent(self) -> float:
        return 100.0 * self.with_french / self.skills if self.skills else 0.0


def french_coverage(records: Sequence[SkillRecord]) -> FrenchCoverage:
    """The coverage of ``records`` (``load_skills()`` for the sources alone, ``curated_skills()`` for what
    the import loads), counting one skill per concept: a record merged into another is not counted."""
    offered = [r for r in records if r.merge_into is None]
    by_source: dict[str, int] = {}
    for rec in offered:
        if rec.name_fr:
            source = rec.name_fr_source or rec.source
            by_source[source] = by_source.get(source, 0) + 1
    return FrenchCoverage(len(offered), sum(by_source.values()), dict(sorted(by_source.items())))


def curation_version() -> str:
    """Fingerprint of the curated files (SHA-256 of their bytes), beside ``data_version``."""
    digest = hashlib.sha256()
    for path in (CONCEPTS_FILE, REVIEWED_FRENCH_FILE):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


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
