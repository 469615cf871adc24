"""The operations of ``/api/v1``: thin views over ``jobs.api.services``, documented by their decorators."""

from __future__ import annotations

import http
from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException, NotFound

from jobs.api import services
from jobs.api.conventions import PREFIX, Cursor, handle_http_error
from jobs.api.schemas import (
    MAX_KEY_CHARS,
    FamilyPageSchema,
    NoQuery,
    PageQuery,
    ProcessPageSchema,
    ProcessQuery,
    ProcessSchema,
    SkillPageSchema,
    SkillQuery,
    SkillSchema,
    TalentCountQuery,
    TalentCountsSchema,
)
from jobs.find.forms import filter_data
from jobs.find.views import checked_filters, counts_json
from jobs.models import Process
from jobs.services import JobsError, board
from talent.i18n import current_language
from talent.models import Skill, SkillFamily
from talent.models._types import MAX_ID


class QueryParser(FlaskParser):
    """A refused query parameter is a bad request (400), as for any malformed address."""

    DEFAULT_VALIDATION_STATUS = 400


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = QueryParser()


skills_bp = ApiBlueprint(
    "api_v1_skills", __name__, url_prefix=PREFIX, description="The skills library: skills and their families."
)
processes_bp = ApiBlueprint(
    "api_v1_processes", __name__, url_prefix=PREFIX, description="Recruitment processes open to applications."
)
counts_bp = ApiBlueprint(
    "api_v1_counts",
    __name__,
    url_prefix=PREFIX,
    description="How many available people fit a search, as the find-talent page shows them to the public.",
)
for _bp in (skills_bp, processes_bp, counts_bp):
    _bp.register_error_handler(HTTPException, handle_http_error)

SKILLS = Cursor("skills")
FAMILIES = Cursor("families")
PROCESSES = Cursor("processes")

# The errors every operation may answer (problem documents), besides the 400 of its parameters.
COMMON = (304, 404, 406, 422)


def documented(bp: Blueprint, *statuses: int) -> Any:
    """Document ``statuses`` (problem documents, or 304 without a body) on an operation."""

    def decorate(view: Any) -> Any:
        for status in statuses:
            view = bp.alt_response(status, response=http.HTTPStatus(status).name)(view)
        return view

    return decorate


class BadParameter(HTTPException):
    """A 400 naming a parameter, as webargs' refusals name theirs."""

    code = 400

    def __init__(self, field: str, message: str) -> None:
        super().__init__()
        self.data = {"messages": {"query": {field: [message]}}}


class BadCursor(HTTPException):
    """A 400 naming the cursor, as webargs' refusals name their parameters."""

    code = 400

    def __init__(self) -> None:
        super().__init__()
        message = _("This cursor is not valid: start again without it.")
        self.data = {"messages": {"query": {"cursor": [message]}}}


def _after(cursor: Cursor, value: str | None, kind: type) -> Any:
    """The last key a ``cursor`` parameter names; a forged, tampered or foreign one is a 400."""
    if value is None:
        return None
    after = cursor.loads(value)
    valid = (
        isinstance(after, str) and 0 < len(after) <= MAX_KEY_CHARS
        if kind is str
        else isinstance(after, int) and not isinstance(after, bool) and 0 < after <= MAX_ID
    )
    if not valid:
        raise BadCursor()
    return after


def _page(
    rows: list[Any], limit: int, cursor: Cursor, last_key: Any, args: dict[str, Any]
) -> tuple[Any, ...]:
    """The page's body and headers: ``next`` (and ``Link: rel="next"``) when rows were left over."""
    items, more = rows[:limit], len(rows) > limit
    next_url = None
    if more:
        query = {name: value for name, value in args.items() if value is not None and name != "cursor"}
        next_url = url_for(str(request.endpoint), **query, cursor=cursor.dumps(last_key(items[-1])))
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    return {"items": items, "next": next_url}, headers


def _names(row: Skill | SkillFamily) -> dict[str, str | None]:
    return {"en": row.name_en, "fr": row.name_fr}


def _skill(skill: Skill, lang: str) -> dict[str, Any]:
    return {
        "key": skill.key,
        "names": _names(skill),
        "category": skill.category,
        "families": [{"key": f.key, "names": _names(f)} for f in sorted(skill.families, key=lambda f: f.key)],
        "links": {
            "self": url_for("api_v1_skills.skill", key=skill.key),
            "html": url_for("skills.detail", lang_code=lang, key=skill.key),
        },
    }


def _family(family: SkillFamily) -> dict[str, Any]:
    return {
        "key": family.key,
        "names": _names(family),
        "source": family.source,
        "category": family.category,
        "level": family.level,
        "parent": family.parent.key if family.parent is not None else None,
    }


def _process(process: Process, lang: str) -> dict[str, Any]:
    return {
        "id": process.id,
        "titles": {"en": process.title_en or process.title("en"), "fr": process.title_fr},
        "classification": process.classification.code if process.classification is not None else None,
        "stream": process.stream,
        "closing_at": process.closing_at,
        "links": {
            "self": url_for("api_v1_processes.process", process_id=process.id),
            "html": url_for("jobs_board.advertisement", lang_code=lang, process_id=process.id),
        },
    }


# --- Skills ----------------------------------------------------------------------------------------------


@skills_bp.route("/skills")
@skills_bp.arguments(SkillQuery, location="query", unknown=RAISE, as_kwargs=True)
@skills_bp.response(200, SkillPageSchema)
@documented(skills_bp, *COMMON)
def skills(limit: int, cursor: str | None = None, q: str | None = None, family: str | None = None) -> Any:
    """Search the skills library

    Active skills, by key. With `q`, the library's search (English and French names and keywords) picks
    its best matches; with `family`, only the skills of that family."""
    lang = current_language()
    after = _after(SKILLS, cursor, str)
    rows = services.skills_page(query=q, family=family, after=after, limit=limit + 1, lang=lang)
    body, headers = _page(rows, limit, SKILLS, lambda s: s.key, {"q": q, "family": family, "limit": limit})
    body["items"] = [_skill(s, lang) for s in body["items"]]
    return body, headers


@skills_bp.route("/skills/<string(maxlength=80):key>")
@skills_bp.arguments(NoQuery, location="query", unknown=RAISE, as_kwargs=True)
@skills_bp.response(200, SkillSchema)
@documented(skills_bp, 400, *COMMON)
def skill(key: str) -> Any:
    """One skill

    An active skill by its key; an unknown or retired one is a 404."""
    found = services.active_skill(key)
    if found is None:
        raise NotFound()
    return _skill(found, current_language())


@skills_bp.route("/skill-families")
@skills_bp.arguments(PageQuery, location="query", unknown=RAISE, as_kwargs=True)
@skills_bp.response(200, FamilyPageSchema)
@documented(skills_bp, *COMMON)
def families(limit: int, cursor: str | None = None) -> Any:
    """The skill families

    Every family of the library (ESCO, GC and local), by key, with its parent's key."""
    after = _after(FAMILIES, cursor, str)
    rows = services.families_page(after=after, limit=limit + 1)
    body, headers = _page(rows, limit, FAMILIES, lambda f: f.key, {"limit": limit})
    body["items"] = [_family(f) for f in body["items"]]
    return body, headers


# --- Processes -------------------------------------------------------------------------------------------


@processes_bp.route("/processes")
@processes_bp.arguments(ProcessQuery, location="query", unknown=RAISE, as_kwargs=True)
@processes_bp.response(200, ProcessPageSchema)
@documented(processes_bp, *COMMON)
def processes(
    limit: int, cursor: str | None = None, classification: str | None = None, stream: str | None = None
) -> Any:
    """Processes open now

    Published processes open to applications, by id, with the job board's filters."""
    lang = current_language()
    after = _after(PROCESSES, cursor, int)
    group, level = board.parse_classification(classification)
    filters = board.BoardFilters(group=group, level=level, stream=stream)
    rows = services.processes_page(filters=filters, after=after, limit=limit + 1)
    args = {"classification": classification, "stream": stream, "limit": limit}
    body, headers = _page(rows, limit, PROCESSES, lambda p: p.id, args)
    body["items"] = [_process(p, lang) for p in body["items"]]
    return body, headers


@processes_bp.route("/processes/<id:process_id>")
@processes_bp.arguments(NoQuery, location="query", unknown=RAISE, as_kwargs=True)
@processes_bp.response(200, ProcessSchema)
@documented(processes_bp, 400, *COMMON)
def process(process_id: int) -> Any:
    """One process

    A published process (open or closed), as on the job board; a draft, an archived or an unknown one is
    a 404."""
    found = services.public_process(process_id)
    if found is None:
        raise NotFound()
    return _process(found, current_language())


# --- Talent counts ---------------------------------------------------------------------------------------


@counts_bp.route("/talent-counts")
@counts_bp.arguments(TalentCountQuery, location="query", unknown=RAISE)
@counts_bp.response(200, TalentCountsSchema)
@documented(counts_bp, *COMMON)
def talent_counts(_args: dict[str, Any]) -> Any:
    """Talent counts

    How many available people fit the find-talent page's filters, in total, per pool and through the
    talent-management programme, as the page shows them to the public (whoever asks, token or not): a
    count from 1 to 4 is hidden (`count` null, `fewer_than` 5), and a count that would let one be worked
    out is withheld (`withheld` true). The same answer as the page's own `/api/talent-count` gives a
    guest. Employment equity groups (`equity`) and `skill_mode=all` are refused (400)."""
    try:
        # The page's own parsing and checks, by a guest's rights.
        filters = checked_filters(filter_data(request.args), guest=True)
    except JobsError as exc:
        field = exc.field or "query"
        message = str(exc.message)
        if field == "skills":
            unknown = services.unknown_skills(request.args.getlist("skills"))
            if unknown:
                message = _("Not in the skills library: %(keys)s.", keys=", ".join(unknown))
        raise BadParameter(field, message) from None
    return counts_json(filters, current_language(), exact=False)
