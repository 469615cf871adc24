"""The authenticated operations of ``/api/v1`` (issue 17, second step): the token owner's own account and
skills, read-only. Authentication, scopes and rate limits: ``jobs.api.auth``; who may read what: the
pages' own role checks (``candidate_only``)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import RAISE, Schema, fields
from werkzeug.exceptions import HTTPException

from jobs.api.auth import authenticated
from jobs.api.conventions import PREFIX, handle_http_error
from jobs.api.schemas import NamesSchema, NoQuery
from jobs.api.views import COMMON, ApiBlueprint, documented
from talent.i18n import current_language
from talent.profiles._common import candidate_only
from talent.profiles.user_skills import skills_of
from talent.security import current_account

me_bp = ApiBlueprint(
    "api_v1_me",
    __name__,
    url_prefix=PREFIX,
    description="The account a personal access token belongs to (authenticated: `Authorization: Bearer`).",
)
me_bp.register_error_handler(HTTPException, handle_http_error)


class AccountSchema(Schema):
    id = fields.Integer(required=True)
    role = fields.String(
        required=True, metadata={"description": "candidate, manager, recruiter, coordinator or admin"}
    )
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    locale = fields.String(required=True, metadata={"description": "en or fr: the language of e-mails"})


class UserSkillSchema(Schema):
    key = fields.String(required=True, metadata={"description": "The skill's key in the library."})
    names = fields.Nested(NamesSchema, required=True)
    level = fields.Integer(
        required=True, metadata={"description": "1 beginner, 2 intermediate, 3 advanced, 4 lead"}
    )
    current = fields.Boolean(required=True, metadata={"description": "Used now (true) or in the past."})
    top_rank = fields.Integer(
        required=True, allow_none=True, metadata={"description": "1, 2, 3... for top skills"}
    )
    links = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class UserSkillListSchema(Schema):
    items = fields.List(fields.Nested(UserSkillSchema), required=True)


@me_bp.route("/me")
@authenticated(me_bp, "profile:read")
@me_bp.arguments(NoQuery, location="query", unknown=RAISE, as_kwargs=True)
@me_bp.response(200, AccountSchema)
@documented(me_bp, 400, *COMMON)
def me() -> Any:
    """Your account

    The account the token belongs to. Scope `profile:read`."""
    user = current_account()
    return {
        "id": user.id,
        "role": user.role.value,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "locale": user.locale,
    }


@me_bp.route("/me/skills")
@authenticated(me_bp, "profile:read")
@candidate_only
@me_bp.arguments(NoQuery, location="query", unknown=RAISE, as_kwargs=True)
@me_bp.response(200, UserSkillListSchema)
@documented(me_bp, 400, *COMMON)
def my_skills() -> Any:
    """Your skills

    The skills on your candidate profile, with their levels, by name (as on the profile page). Scope
    `profile:read`; candidates only (another role gets a 403, as on the pages)."""
    lang = current_language()
    items = [
        {
            "key": row.skill.key,
            "names": {"en": row.skill.name_en, "fr": row.skill.name_fr},
            "level": row.level,
            "current": row.current,
            "top_rank": row.top_rank,
            "links": {
                "skill": url_for("api_v1_skills.skill", key=row.skill.key),
                "html": url_for("skills.detail", lang_code=lang, key=row.skill.key),
            },
        }
        for row in skills_of(current_account())
    ]
    return {"items": items}
