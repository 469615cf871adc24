"""Skills library logic. Functions validate, change, flush and return; the caller commits.

- ``import_library``: upsert the shipped ESCO and GC data (``talent.skills_data``), keyed by ``key``.
- ``choosable_skill``: the one gate for choosing a skill (profiles, processes, requests).
- ``library_stats``: counts for the "About the data" page.

The administrators' changes (add, edit, retire, un-retire, merge) are in ``talent.skills.curation``.

Who owns a skill: a skill whose ``source`` is ``esco`` or ``gc`` belongs to the shipped data, and every
import brings it back in line with that data. An administrator's skill has ``source == "local"`` and
imports never touch it; an administrator who edits an imported skill takes it over the same way
(``source`` becomes ``local``, ``extra["adopted_from"]`` keeps where it came from), so the next import
does not undo the correction. Retirement belongs to administrators: imports never retire or un-retire,
with one exception decided with the data: the concept map (``talent/data/skills_curated/concepts.csv``).
An ESCO skill that is the same concept as a GC skill is merged into it once, like an administrator's merge
(profiles and experiences move, the ESCO skill is retired pointing to the GC one, its key still resolves);
``extra["merged_by_import"]`` remembers it, so an administrator who offers it again is not overruled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from talent import audit, skills_data
from talent.extensions import db
from talent.i18n import rendering_language
from talent.models import Skill, SkillFamily, User
from talent.models._types import MAX_ID, utcnow
from talent.service_errors import ServiceError
from talent.skills import merging
from talent.skills.search import build_search_text
from talent.skills.search import search as search  # other packages search through the services

#: ``extra`` keys that the import owns; administrators' keys (``retired_reason``...) are kept.

PROVENANCE_KEYS = (
    "collections",
    "selected_by",
    "skill_type",
    "reuse_level",
    "essential_for",
    "optional_for",
    "same_name_as",
    "same_concept_as",
    "name_fr_source",
)
#: ``extra`` key of an ESCO skill the import merged into its GC twin (the key of that twin).
MERGED_BY_IMPORT = "merged_by_import"


class SkillError(ServiceError):
    """A skill that cannot be chosen or a change that cannot be made."""


# --- Import ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    local_kept: int  # records whose skill an administrator owns: left alone
    families_created: int
    families_updated: int
    families_unchanged: int
    skills_in_data: int
    same_concept_pairs: int  # ESCO skills of the concept map (each merged into a GC skill, once)
    merged: int  # of those, merged by this import
    offered_in_data: int  # one skill per concept: skills_in_data - same_concept_pairs
    with_french: int  # of the skills offered in the data
    data_version: str

    @property
    def french_coverage(self) -> float:
        """Percentage of the shipped skills, one per concept, that have a French name."""
        return 100.0 * self.with_french / self.offered_in_data if self.offered_in_data else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The fields and the rounded coverage, before ``data_version`` (the audit log shows this order)."""
        values = asdict(self)
        data_version = values.pop("data_version")
        return {**values, "french_coverage": round(self.french_coverage, 1), "data_version": data_version}


def _family_values(rec: skills_data.FamilyRecord) -> dict[str, Any]:
    return {
        "source": rec.source,
        "name_en": rec.name_en,
        "name_fr": rec.name_fr,
        "description_en": rec.description_en,
        "description_fr": rec.description_fr,
        "category": rec.category,
        "level": rec.level,
    }


def _provenance(rec: skills_data.SkillRecord) -> dict[str, Any]:
    values: dict[str, Any] = {
        "collections": list(rec.collections),
        "selected_by": list(rec.selected_by),
        "skill_type": rec.skill_type,
        "reuse_level": rec.reuse_level,
        "essential_for": rec.essential_for,
        "optional_for": rec.optional_for,
        "same_name_as": list(rec.same_name_as),
        "same_concept_as": list(rec.same_concept_as),
        "name_fr_source": rec.name_fr_source,
    }
    return {k: v for k, v in values.items() if v not in (None, [], 0)}


def _skill_values(rec: skills_data.SkillRecord, current_extra: dict[str, Any] | None) -> dict[str, Any]:
    kept = {k: v for k, v in (current_extra or {}).items() if k not in PROVENANCE_KEYS}
    return {
        "source": rec.source,
        "uri": rec.uri,
        "name_en": rec.name_en,
        "name_fr": rec.name_fr,
        "description_en": rec.description_en,
        "description_fr": rec.description_fr,
        "keywords_en": list(rec.keywords_en),
        "keywords_fr": list(rec.keywords_fr),
        "category": rec.category,
        "groups": list(rec.esco_groups),
        "search_text": build_search_text(
            rec.name_en,
            rec.name_fr,
            [*rec.keywords_en, *rec.keywords_fr],
            None if rec.keywords_en else rec.search_text_en,
        ),
        "extra": {**kept, **_provenance(rec)},
    }


PROGRESS_EVERY = 250  # skills between two calls of an import's ``progress``


def import_library(
    skills: Sequence[skills_data.SkillRecord] | None = None,
    families: Sequence[skills_data.FamilyRecord] | None = None,
    *,
    actor: User | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> ImportResult:
    """Create or update every family and skill of the shipped data (or of the records given).

    The shipped data is read with its curated layer (``skills_data.curated_skills``: one skill per concept,
    the team's French names). Safe to run again: records are matched on ``key``, unchanged rows are not
    written. Skills owned by an administrator (``source == "local"``) and retirements are never touched,
    but for the concept map's merges (``merge_concepts``), each done once. Skills that left the data stay
    as they are (retiring them is an administrator's decision). ``progress(done, total)`` is called as the
    skills are gone through (every ``PROGRESS_EVERY`` and at the end), for a progress bar.
    """
    skill_records = list(skills_data.curated_skills() if skills is None else skills)
    family_records = list(skills_data.load_families() if families is None else families)

    by_key = {f.key: f for f in db.session.scalars(select(SkillFamily))}
    fam_created = 0
    fam_changed: set[str] = set()
    for frec in family_records:
        family = by_key.get(frec.key)
        if family is None:
            family = SkillFamily(key=frec.key, **_family_values(frec))
            db.session.add(family)
            by_key[frec.key] = family
            fam_created += 1
        elif family.source != "local" and audit.apply_changes(family, _family_values(frec)):
            fam_changed.add(frec.key)
    for frec in family_records:
        family = by_key[frec.key]
        if family.source == "local":
            continue
        parent = by_key.get(frec.parent_key) if frec.parent_key else None
        if family.parent is not parent:
            family.parent = parent
            if family.id is not None:
                fam_changed.add(frec.key)
    db.session.flush()

    existing = {
        s.key: s for s in db.session.scalars(select(Skill).options(selectinload(Skill.families))).all()
    }
    created = updated = unchanged = local_kept = 0
    for done, rec in enumerate(skill_records):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(skill_records))
        wanted = [by_key[k] for k in rec.families if k in by_key]
        skill = existing.get(rec.key)
        if skill is None:
            skill = Skill(key=rec.key, **_skill_values(rec, None))
            skill.families = wanted
            db.session.add(skill)
            existing[rec.key] = skill
            created += 1
            continue
        if skill.source == "local":
            local_kept += 1
            continue
        changed = bool(audit.apply_changes(skill, _skill_values(rec, skill.extra)))
        if {f.key for f in skill.families} != {f.key for f in wanted}:
            skill.families = wanted
            changed = True
        if changed:
            skill.updated_at = utcnow()  # also when only the families changed: the search index follows it
            updated += 1
        else:
            unchanged += 1
    db.session.flush()
    merged = merge_concepts(skill_records, existing, actor=actor)
    if progress is not None:
        progress(len(skill_records), len(skill_records))

    coverage = skills_data.french_coverage(skill_records)
    result = ImportResult(
        created=created,
        updated=updated,
        unchanged=unchanged,
        local_kept=local_kept,
        families_created=fam_created,
        families_updated=len(fam_changed),
        families_unchanged=len(family_records) - fam_created - len(fam_changed),
        skills_in_data=len(skill_records),
        same_concept_pairs=sum(1 for r in skill_records if r.merge_into),
        merged=merged,
        offered_in_data=coverage.skills,
        with_french=coverage.with_french,
        data_version=(
            f"{skills_data.data_version()}+{skills_data.curation_version()}"
            if skills is None and families is None
            else "custom"
        ),
    )
    audit.record("skills.imported", actor=actor, target_type="skills_library", **result.as_dict())
    return result


def merge_concepts(
    records: Sequence[skills_data.SkillRecord], rows: dict[str, Skill], *, actor: User | None = None
) -> int:
    """Merge each record's skill into the one its ``merge_into`` names, unless that was done before (even
    if an administrator undid it since), the skill is an administrator's, or either skill is retired or
    missing. Returns the number merged now. ``rows``: the skills by key."""
    done = 0
    for rec in records:
        twin = rows.get(rec.key)
        keep = rows.get(rec.merge_into) if rec.merge_into else None
        if twin is None or keep is None or twin.source == "local" or MERGED_BY_IMPORT in twin.extra:
            continue
        if twin.retired_at is not None or twin.merged_into_id is not None or keep.retired_at is not None:
            continue
        merging.merge_into(
            twin,
            keep,
            reason=f"same concept as {keep.key} (concept map of the skills library)",
            actor=actor,
            concept_map=True,
        )
        twin.extra = {**twin.extra, MERGED_BY_IMPORT: keep.key}
        done += 1
    if done:
        db.session.flush()
    return done


# --- Choosing a skill ----------------------------------------------------------------------------------


def find_skill(skill_id_or_key: int | str) -> Skill | None:
    """A skill by id (an int or a string of ASCII digits) or by key; None if there is none."""
    key = str(skill_id_or_key).strip()
    if isinstance(skill_id_or_key, int) or (key.isascii() and key.isdigit()):  # not "²": int() refuses it
        skill_id = int(skill_id_or_key)
        return db.session.get(Skill, skill_id) if 0 < skill_id <= MAX_ID else None
    if not key or len(key) > 80:
        return None
    return db.session.scalars(select(Skill).where(Skill.key == key)).first()


def choosable_skill(skill_id_or_key: int | str, *, field: str | None = "skill") -> Skill:
    """The skill, if it may be newly chosen; else ``SkillError`` saying why (and, for a merged skill,
    which one replaced it), attached to ``field``."""
    skill = find_skill(skill_id_or_key)
    if skill is None:
        raise SkillError(str(_l("Choose a skill from the skills library.")), field)
    if skill.retired_at is not None:
        lang = rendering_language()
        replacement = skill.merged_into
        if replacement is not None and replacement.retired_at is None:
            raise SkillError(
                gettext(
                    "“%(name)s” was replaced by “%(replacement)s” in the skills library. "
                    "Choose “%(replacement)s” instead.",
                    name=skill.name(lang),
                    replacement=replacement.name(lang),
                ),
                field,
            )
        raise SkillError(
            gettext(
                "“%(name)s” is no longer offered in the skills library. Choose another skill.",
                name=skill.name(lang),
            ),
            field,
        )
    return skill


# --- Reading ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryStats:
    total: int
    active: int
    retired: int
    by_source: dict[str, int]
    active_with_french: int
    families: int

    @property
    def french_coverage(self) -> float:
        """Percentage of the offered skills that have a French name."""
        return 100.0 * self.active_with_french / self.active if self.active else 0.0


def library_stats() -> LibraryStats:
    """Counts for the "About the data" page, straight from the database."""
    rows = db.session.execute(
        select(
            Skill.source,
            Skill.retired_at.is_(None),
            func.count(Skill.id),
            func.count(Skill.name_fr),
        ).group_by(Skill.source, Skill.retired_at.is_(None))
    ).all()
    by_source: dict[str, int] = {}
    active = retired = with_french = 0
    for source, is_active, count, french in rows:
        if is_active:
            active += count
            with_french += french
            by_source[source] = by_source.get(source, 0) + count
        else:
            retired += count
    families = db.session.scalar(select(func.count(SkillFamily.id))) or 0
    return LibraryStats(active + retired, active, retired, by_source, with_french, families)
