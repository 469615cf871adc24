"""The administrators' changes to the skills library: add, edit, retire, un-retire and merge.

Each function validates, changes, flushes, writes an audit event and returns; the view commits. See
``talent.skills.services`` for who owns a skill (an edited imported skill becomes the administrators').
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from talent import audit
from talent.extensions import db
from talent.models import Skill, SkillFamily, User
from talent.models._types import utcnow
from talent.skills import merging
from talent.skills.merging import MergeCounts
from talent.skills.search import CATEGORIES, build_search_text, normalise
from talent.skills.services import SkillError

MAX_NAME = 255
MAX_DESCRIPTION = 5000
MAX_KEYWORD = 120
MAX_KEYWORDS = 40
MAX_REASON = 500


@dataclass(frozen=True)
class SkillInput:
    """What an administrator enters for a skill. ``family_keys``: the families, most relevant first."""

    name_en: str
    name_fr: str | None = None
    description_en: str | None = None
    description_fr: str | None = None
    keywords_en: Sequence[str] = ()
    keywords_fr: Sequence[str] = ()
    category: str = "technical"
    family_keys: Sequence[str] = field(default_factory=tuple)


def _clean_text(value: str | None, limit: int, field_name: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise SkillError(
            gettext("Use at most %(max)d characters.", max=limit),
            field_name,
        )
    return text or None


def _clean_keywords(values: Iterable[str], field_name: str) -> list[str]:
    seen: dict[str, str] = {}
    for raw in values:
        keyword = " ".join(raw.split())
        if not keyword:
            continue
        if len(keyword) > MAX_KEYWORD:
            raise SkillError(
                gettext("Each keyword can have at most %(num)d characters.", num=MAX_KEYWORD), field_name
            )
        seen.setdefault(normalise(keyword), keyword)
    if len(seen) > MAX_KEYWORDS:
        raise SkillError(gettext("Give at most %(num)d keywords.", num=MAX_KEYWORDS), field_name)
    return list(seen.values())


def _families(keys: Sequence[str]) -> list[SkillFamily]:
    wanted = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    if not wanted:
        return []
    found = {f.key: f for f in db.session.scalars(select(SkillFamily).where(SkillFamily.key.in_(wanted)))}
    unknown = [k for k in wanted if k not in found]
    if unknown:
        raise SkillError(
            gettext("These families do not exist: %(keys)s.", keys=", ".join(unknown)), "families"
        )
    return [found[k] for k in wanted]


def _group_path(families: Sequence[SkillFamily]) -> list[str]:
    """The ESCO hierarchy path (pillar first) of the first ESCO family, for the matching engine."""
    for family in families:
        if family.source == "esco":
            path: list[str] = []
            node: SkillFamily | None = family
            while node is not None and len(path) < 10:
                path.append(node.key)
                node = node.parent
            return path[::-1]
    return []


def _validated(data: SkillInput, current: Skill | None) -> dict[str, Any]:
    name_en = _clean_text(data.name_en, MAX_NAME, "name_en")
    if not name_en:
        raise SkillError(str(_l("Enter the English name.")), "name_en")
    if data.category not in CATEGORIES:
        raise SkillError(str(_l("Choose technical or behavioural.")), "category")
    # A new name must not repeat an offered skill's (the shipped data has a few ESCO/GC twins: keep them).
    renamed = current is None or current.name_en.lower() != name_en.lower()
    same_name = select(Skill).where(func.lower(Skill.name_en) == name_en.lower(), Skill.retired_at.is_(None))
    twin = db.session.scalars(same_name).first() if renamed else None
    if twin is not None:
        raise SkillError(
            gettext("The library already has a skill with this name: %(key)s.", key=twin.key), "name_en"
        )
    keywords_en = _clean_keywords(data.keywords_en, "keywords_en")
    keywords_fr = _clean_keywords(data.keywords_fr, "keywords_fr")
    name_fr = _clean_text(data.name_fr, MAX_NAME, "name_fr")
    return {
        "name_en": name_en,
        "name_fr": name_fr,
        "description_en": _clean_text(data.description_en, MAX_DESCRIPTION, "description_en"),
        "description_fr": _clean_text(data.description_fr, MAX_DESCRIPTION, "description_fr"),
        "keywords_en": keywords_en,
        "keywords_fr": keywords_fr,
        "category": data.category,
        "families": _families(data.family_keys),
        "search_text": build_search_text(name_en, name_fr, [*keywords_en, *keywords_fr]),
    }


def _unique_key(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")[:60].strip("-") or "skill"
    key, n = f"local:{slug}", 1
    while db.session.scalars(select(Skill.id).where(Skill.key == key)).first() is not None:
        n += 1
        key = f"local:{slug}-{n}"
    return key


def create_skill(data: SkillInput, *, actor: User | None = None) -> Skill:
    """A new administrator's skill, keyed ``local:<slug of the English name>``."""
    values = _validated(data, None)
    families = values.pop("families")
    skill = Skill(
        key=_unique_key(values["name_en"]),
        source="local",
        groups=_group_path(families),
        extra={},
        **values,
    )
    skill.families = families
    db.session.add(skill)
    db.session.flush()
    audit.record("skill.created", actor=actor, target_type="skill", target_id=skill.id, key=skill.key)
    return skill


def update_skill(skill: Skill, data: SkillInput, *, actor: User | None = None) -> list[str]:
    """Apply an administrator's edit; returns the names of the fields that changed (none: no audit)."""
    values = _validated(data, skill)
    families = values.pop("families")
    changed = [
        name for name, value in values.items() if getattr(skill, name) != value and name != "search_text"
    ]
    if {f.key for f in families} != {f.key for f in skill.families}:
        changed.append("families")
        skill.families = families
        skill.groups = _group_path(families)
    if not changed:
        return []
    audit.apply_changes(skill, values)
    adopted_from = None
    if skill.source != "local":
        adopted_from = skill.source
        skill.extra = {**skill.extra, "adopted_from": skill.source}
        skill.source = "local"
    skill.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "skill.updated",
        actor=actor,
        target_type="skill",
        target_id=skill.id,
        key=skill.key,
        changed=changed,
        adopted_from=adopted_from,
    )
    return changed


def retire_skill(skill: Skill, reason: str, *, actor: User | None = None) -> None:
    """Retire a skill: it stays on the profiles that have it but can no longer be chosen."""
    if skill.retired_at is not None:
        raise SkillError(str(_l("This skill is already retired.")))
    text = _clean_text(reason, MAX_REASON, "reason")
    if not text:
        raise SkillError(str(_l("Say why the skill is retired.")), "reason")
    skill.retired_at = utcnow()
    skill.extra = {**skill.extra, "retired_reason": text}
    skill.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "skill.retired", actor=actor, target_type="skill", target_id=skill.id, key=skill.key, reason=text
    )


def unretire_skill(skill: Skill, *, actor: User | None = None) -> None:
    """Offer a retired (or merged) skill again. Rows moved by a merge stay where they are."""
    if skill.retired_at is None:
        raise SkillError(str(_l("This skill is not retired.")))
    was_merged_into = skill.merged_into.key if skill.merged_into is not None else None
    skill.retired_at = None
    skill.merged_into = None
    skill.extra = {k: v for k, v in skill.extra.items() if k != "retired_reason"}
    skill.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "skill.unretired",
        actor=actor,
        target_type="skill",
        target_id=skill.id,
        key=skill.key,
        was_merged_into=was_merged_into,
    )


def _check_merge(source: Skill, target: Skill) -> None:
    if source.id == target.id:
        raise SkillError(str(_l("Choose another skill: a skill cannot be merged into itself.")), "into")
    if source.merged_into_id is not None:
        raise SkillError(str(_l("This skill was already merged into another one.")), "into")
    if target.retired_at is not None:
        raise SkillError(str(_l("The skill to keep is retired. Choose a skill that is offered.")), "into")


def merge_preview(source: Skill, target: Skill) -> MergeCounts:
    """What ``merge_skills`` would do, without changing anything."""
    _check_merge(source, target)
    return merging.move_rows(source, target, apply=False)


def merge_skills(
    source: Skill, target: Skill, *, reason: str | None = None, actor: User | None = None
) -> MergeCounts:
    """Merge ``source`` into ``target`` (``talent.skills.merging.merge_into``): every profile skill and
    experience link moves to ``target``, and ``source`` is retired with ``merged_into = target``."""
    _check_merge(source, target)
    text = _clean_text(reason, MAX_REASON, "reason")
    return merging.merge_into(source, target, reason=text, actor=actor)
