"""The skills library for everyone: search, suggestions (htmx and JSON), families, a skill's page."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import refresh
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from talent import skills_data
from talent.errors import error_response
from talent.extensions import db
from talent.forms_util import page_arg
from talent.i18n import LANGUAGES, current_language
from talent.models import Skill, SkillFamily, skill_families
from talent.skills.cli import skills_coverage
from talent.skills.forms import SkillSearchForm
from talent.skills.search import CATEGORIES, search
from talent.skills.services import library_stats

# ``cli_group=None``: the blueprint's command is a top-level one, ``flask --app talent skills-coverage``.
bp = Blueprint("skills", __name__, template_folder="templates", cli_group=None)
bp.cli.add_command(skills_coverage)

PAGE_SIZE = 50
RESULTS_LIMIT = 50
SUGGESTIONS_LIMIT = 10
API_MAX_LIMIT = 50
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,39}$")


@bp.app_context_processor
def library_helpers() -> dict[str, Any]:
    """For the "About" page (talent/main): counts straight from the database, and the licence text.
    Callables, so nothing is computed for the pages that do not use them."""
    return {
        "skill_library_stats": library_stats,
        "gc_skills_licence_text": _gc_licence_text,
    }


@lru_cache(maxsize=1)
def _gc_licence_text() -> str:
    return (skills_data.DATA_DIR / "LICENSE-GC-DIGITAL-TALENT-MIT.txt").read_text(encoding="utf-8")


def label_rows(skills: list[Skill], lang: str) -> list[dict[str, Any]]:
    """What a list of skills shows: the name in ``lang`` (or English, flagged), and the source only when
    two skills of the list would otherwise look the same (ESCO and GC both have "SQL")."""
    names = [s.name(lang) for s in skills]
    seen: dict[str, int] = defaultdict(int)
    for name in names:
        seen[name.casefold()] += 1
    return [
        {
            "skill": s,
            "name": name,
            "fallback": s.name_is_fallback(lang),
            "show_source": seen[name.casefold()] > 1,
        }
        for s, name in zip(skills, names, strict=True)
    ]


def _category(value: str | None) -> str | None:
    return value if value in CATEGORIES else None


@bp.route("/<lang:lang_code>/skills")
def index() -> ResponseReturnValue:
    lang = current_language()
    form = SkillSearchForm(request.args)
    results: list[Skill] | None = None
    status = 200
    if form.validate():
        if form.q.data and form.q.data.strip():
            results = search(form.q.data, lang, limit=RESULTS_LIMIT, category=_category(form.category.data))
    else:
        status = 422
    tops = db.session.scalars(select(SkillFamily).where(SkillFamily.parent_id.is_(None))).all()
    counts = _subtree_counts()
    return render_template(
        "skills/index.html",
        form=form,
        results=label_rows(results, lang) if results is not None else None,
        results_limit=RESULTS_LIMIT,
        gc_families=sorted((f for f in tops if f.source == "gc"), key=lambda f: f.name(lang).casefold()),
        esco_families=sorted((f for f in tops if f.source != "gc"), key=lambda f: f.name(lang).casefold()),
        counts=counts,
    ), status


@bp.route("/<lang:lang_code>/skills/suggest")
def suggest() -> ResponseReturnValue:
    """An HTML fragment for htmx: up to 10 suggestions, as links to each skill's page, or, with
    ``field``, as submit buttons posting ``<field>=<skill key>`` in the surrounding form."""
    field = request.args.get("field") or None
    if field is not None and not _FIELD_NAME.match(field):
        abort(400)
    query = request.args.get("q", "")[:200]
    category = request.args.get("category") or None
    if category is not None and category not in CATEGORIES:
        abort(400)
    lang = current_language()
    skills = search(query, lang, limit=SUGGESTIONS_LIMIT, category=category) if query.strip() else []
    return render_template(
        "skills/_suggestions.html", rows=label_rows(skills, lang), field=field, query=query.strip()
    )


def _subtree_counts() -> dict[int, int]:
    """Offered skills under each family, its sub-families included (each skill counted once)."""
    rows = db.session.execute(select(SkillFamily.id, SkillFamily.parent_id)).all()
    parent_of: dict[int, int | None] = {row[0]: row[1] for row in rows}
    members: dict[int, set[int]] = defaultdict(set)
    pairs = db.session.execute(
        select(skill_families.c.family_id, skill_families.c.skill_id)
        .join(Skill, Skill.id == skill_families.c.skill_id)
        .where(Skill.retired_at.is_(None))
    ).all()
    for family_id, skill_id in pairs:
        node: int | None = family_id
        depth = 0
        while node is not None and depth < 20:
            members[node].add(skill_id)
            node = parent_of.get(node)
            depth += 1
    return {family_id: len(ids) for family_id, ids in members.items()}


@bp.route("/<lang:lang_code>/skills/families/<key>")
def family(key: str) -> ResponseReturnValue:
    lang = current_language()
    item = db.session.scalars(select(SkillFamily).where(SkillFamily.key == key)).first()
    if item is None:
        abort(404)
    ancestors: list[SkillFamily] = []
    node = item.parent
    while node is not None and len(ancestors) < 10:
        ancestors.insert(0, node)
        node = node.parent
    children = db.session.scalars(select(SkillFamily).where(SkillFamily.parent_id == item.id)).all()
    shown_name = func.coalesce(Skill.name_fr, Skill.name_en) if lang == "fr" else Skill.name_en
    stmt = (
        select(Skill)
        .join(skill_families, skill_families.c.skill_id == Skill.id)
        .where(skill_families.c.family_id == item.id, Skill.retired_at.is_(None))
        .order_by(func.lower(shown_name), Skill.id)
    )
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "skills/family.html",
        family=item,
        ancestors=ancestors,
        children=sorted(children, key=lambda f: f.name(lang).casefold()),
        counts=_subtree_counts(),
        pagination=pagination,
        rows=label_rows(list(pagination.items), lang),
    )


@bp.route("/<lang:lang_code>/skills/<key>")
def detail(key: str) -> ResponseReturnValue:
    skill = db.session.scalars(
        select(Skill).where(Skill.key == key).options(selectinload(Skill.families))
    ).first()
    if skill is None:
        abort(404)
    lang = current_language()
    replacement = skill.merged_into
    for _hop in range(10):  # follow a chain of merges to the skill now offered
        if replacement is None or replacement.merged_into is None or replacement.retired_at is None:
            break
        replacement = replacement.merged_into
    return render_template(
        "skills/detail.html",
        skill=skill,
        replacement=replacement,
        families=sorted(skill.families, key=lambda f: (f.source != "gc", f.level, f.name(lang).casefold())),
    )


# --- JSON ----------------------------------------------------------------------------------------------


def _bad_request(message: str) -> ResponseReturnValue:
    return error_response(400, message)


@bp.route("/api/skills")
def api_search() -> ResponseReturnValue:
    """``GET /api/skills?q=pyth&lang=fr&limit=10[&category=technical]`` ->
    ``{"skills": [{"key", "name", "name_is_fallback", "category", "families": [{"key", "name"}]}]}``."""
    lang = request.args.get("lang", "en")
    if lang in LANGUAGES:
        g.lang_code = lang  # error messages in the language asked for
        refresh()
    else:
        return _bad_request(_("The language must be en or fr."))
    raw_limit = request.args.get("limit", str(SUGGESTIONS_LIMIT))
    try:
        limit = int(raw_limit)
    except ValueError:
        limit = 0
    if not 1 <= limit <= API_MAX_LIMIT:
        return _bad_request(_("The limit must be a whole number from 1 to %(max)d.", max=API_MAX_LIMIT))
    category = request.args.get("category") or None
    if category is not None and category not in CATEGORIES:
        return _bad_request(_("The category must be technical or behavioural."))
    query = request.args.get("q", "")
    if len(query) > 200:
        return _bad_request(_("The search text is too long."))
    skills = search(query, lang, limit=limit, category=category) if query.strip() else []
    return jsonify(
        skills=[
            {
                "key": s.key,
                "name": s.name(lang),
                "name_is_fallback": s.name_is_fallback(lang),
                "category": s.category,
                "families": [{"key": f.key, "name": f.name(lang)} for f in s.families],
            }
            for s in skills
        ]
    )
