"""What ``/api/v1`` takes and answers, as marshmallow schemas: flask-smorest validates the query
parameters with them, serialises the answers and writes the OpenAPI document from them.

Messages are lazy translations, so a refused parameter is explained in the caller's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from jobs import vocab
from jobs.services.talent_search import EDUCATION, LANGUAGES, MAX_SKILLS, MAX_VALUES
from talent import vocab as talent_vocab

MAX_QUERY_CHARS = 100
MAX_KEY_CHARS = 80
MAX_CURSOR_CHARS = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CLASSIFICATION_PATTERN = r"^[A-Za-z]{1,8}(-[0-9]{1,2})?$"

_TEXT = {"invalid": _l("Enter text.")}
_WHOLE_NUMBER = {"invalid": _l("Enter a whole number.")}


def _at_most(n: int) -> validate.Length:
    return validate.Length(max=n, error=_l("Use at most %(n)d characters.", n=n))


class QuerySchema(Schema):
    """Query parameters: a name the operation does not take is refused, not ignored."""

    error_messages = {
        "unknown": _l("This parameter is not accepted here."),
        "type": _l("The parameters could not be read."),
    }


class NoQuery(QuerySchema):
    """No parameter at all."""


class PageQuery(QuerySchema):
    cursor = fields.String(
        validate=_at_most(MAX_CURSOR_CHARS),
        error_messages=_TEXT,
        metadata={"description": "The `next` cursor of the previous page (opaque)."},
    )
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        strict=False,
        validate=validate.Range(
            min=1,
            max=MAX_LIMIT,
            error=_l("The limit must be a whole number from 1 to %(max)d.", max=MAX_LIMIT),
        ),
        error_messages=_WHOLE_NUMBER,
        metadata={"description": "How many items a page holds."},
    )


class SkillQuery(PageQuery):
    q = fields.String(
        validate=_at_most(MAX_QUERY_CHARS),
        error_messages=_TEXT,
        metadata={"description": "Search words, in English or French (the library's search)."},
    )
    family = fields.String(
        validate=_at_most(MAX_KEY_CHARS),
        error_messages=_TEXT,
        metadata={"description": "Only the skills of this family (its key)."},
    )


class ProcessQuery(PageQuery):
    classification = fields.String(
        validate=validate.Regexp(
            CLASSIFICATION_PATTERN,
            error=_l("Enter a classification group, or a group and level: IT or IT-03."),
        ),
        error_messages=_TEXT,
        metadata={"description": "A classification group (`IT`) or group and level (`IT-03`)."},
    )
    stream = fields.String(
        validate=validate.OneOf(sorted(vocab.STREAMS), error=_l("This is not one of the streams.")),
        error_messages=_TEXT,
        metadata={"description": "A work stream."},
    )


class NamesSchema(Schema):
    en = fields.String(required=True)
    fr = fields.String(required=True, allow_none=True)


class FamilyRefSchema(Schema):
    key = fields.String(required=True)
    names = fields.Nested(NamesSchema, required=True)


class SkillLinksSchema(Schema):
    self = fields.String(required=True, metadata={"description": "This skill in the API."})
    html = fields.String(
        required=True, metadata={"description": "The skill's page (in the caller's language)."}
    )


class SkillSchema(Schema):
    key = fields.String(required=True)
    names = fields.Nested(NamesSchema, required=True)
    category = fields.String(required=True, metadata={"description": "technical or behavioural"})
    families = fields.List(fields.Nested(FamilyRefSchema), required=True)
    links = fields.Nested(SkillLinksSchema, required=True)


class FamilySchema(Schema):
    key = fields.String(required=True)
    names = fields.Nested(NamesSchema, required=True)
    source = fields.String(required=True, metadata={"description": "esco, gc or local"})
    category = fields.String(required=True, allow_none=True)
    level = fields.Integer(required=True)
    parent = fields.String(required=True, allow_none=True, metadata={"description": "The parent's key."})


class ProcessLinksSchema(Schema):
    self = fields.String(required=True, metadata={"description": "This process in the API."})
    html = fields.String(required=True, metadata={"description": "Its advertisement on the job board."})


class ProcessSchema(Schema):
    id = fields.Integer(required=True)
    titles = fields.Nested(
        NamesSchema, required=True, metadata={"description": "The title in each language."}
    )
    classification = fields.String(required=True, allow_none=True, metadata={"description": "e.g. IT-03"})
    stream = fields.String(required=True, allow_none=True)
    closing_at = fields.DateTime(required=True, allow_none=True, metadata={"description": "UTC, ISO 8601"})
    links = fields.Nested(ProcessLinksSchema, required=True)


class PageSchema(Schema):
    next = fields.String(
        required=True, allow_none=True, metadata={"description": "The next page's address, null on the last."}
    )


class SkillPageSchema(PageSchema):
    items = fields.List(fields.Nested(SkillSchema), required=True)


class FamilyPageSchema(PageSchema):
    items = fields.List(fields.Nested(FamilySchema), required=True)


class ProcessPageSchema(PageSchema):
    items = fields.List(fields.Nested(ProcessSchema), required=True)


class ProblemFieldSchema(Schema):
    field = fields.String(required=True, metadata={"description": "The parameter at fault."})
    message = fields.String(required=True)


class ProblemSchema(Schema):
    """A problem document (RFC 9457)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String(required=True)
    errors = fields.List(fields.Nested(ProblemFieldSchema), metadata={"description": "Parameters at fault."})


# --- Talent counts ---------------------------------------------------------------------------------------

_FROM_LIST = _l("Choose options from the list.")
_ONE_FROM_LIST = _l("Choose an option from the list.")


def _values(item: fields.Field, max_items: int, description: str) -> fields.List:
    """A repeatable query parameter (``?streams=a&streams=b``) of at most ``max_items`` values."""
    return fields.List(
        item,
        validate=validate.Length(max=max_items, error=_l("Choose at most %(n)s options.", n=max_items)),
        metadata={"description": description},
    )


def _code(choices: Iterable[str]) -> fields.String:
    return fields.String(validate=validate.OneOf(sorted(choices), error=_FROM_LIST), error_messages=_TEXT)


class TalentCountQuery(QuerySchema):
    """The find-talent page's filters, as a guest may use them: no employment equity groups (signed-in
    managers and the recruitment team only) and ``skill_mode`` ``any`` only (``all`` is the team's)."""

    classifications = _values(
        fields.String(
            validate=validate.Regexp(CLASSIFICATION_PATTERN, error=_FROM_LIST), error_messages=_TEXT
        ),
        MAX_VALUES,
        "Classifications (group and level, `IT-03`): people in a pool of any of them.",
    )
    streams = _values(_code(vocab.STREAMS), MAX_VALUES, "Work streams: any of them.")
    skills = _values(
        fields.String(
            validate=validate.Length(min=1, max=MAX_KEY_CHARS, error=_FROM_LIST), error_messages=_TEXT
        ),
        MAX_SKILLS,
        "Skills of the library (their keys): people with any of them. An unknown key is a 400 naming it.",
    )
    skill_mode = fields.String(
        validate=validate.OneOf(["any"], error=_ONE_FROM_LIST),
        error_messages=_TEXT,
        metadata={"description": "`any` of the skills (`all` is for the recruitment team, on the pages)."},
    )
    language = fields.String(
        validate=validate.OneOf(LANGUAGES, error=_ONE_FROM_LIST),
        error_messages=_TEXT,
        metadata={"description": "The language of work the person looks for."},
    )
    regions = _values(_code(talent_vocab.WORK_REGIONS), MAX_VALUES, "Work regions.")
    arrangements = _values(_code(talent_vocab.WORK_ARRANGEMENTS), MAX_VALUES, "Work arrangements.")
    operational_requirements = _values(
        _code(talent_vocab.OPERATIONAL_REQUIREMENTS), MAX_VALUES, "Operational requirements, all accepted."
    )
    durations = _values(_code(talent_vocab.POSITION_DURATIONS), MAX_VALUES, "Position durations.")
    education = fields.String(
        validate=validate.OneOf(EDUCATION, error=_ONE_FROM_LIST),
        error_messages=_TEXT,
        metadata={"description": "`diploma`: a post-secondary credential."},
    )


class ShownSchema(Schema):
    """How a count is shown (``jobs.services.disclosure``, the find-talent page's rule)."""

    fewer_than = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "5 when the count is hidden as fewer than 5 (from 1 to 4); else null."},
    )
    range = fields.List(
        fields.Integer(),
        required=True,
        allow_none=True,
        metadata={"description": "A band [low, high] (never for the public API: it takes no equity filter)."},
    )
    withheld = fields.Boolean(
        required=True,
        metadata={"description": "Hidden so that a small count beside it cannot be worked out."},
    )


class _CountMixin(Schema):
    count = fields.Integer(
        required=True, allow_none=True, metadata={"description": "The number, or null when it is hidden."}
    )


class ProgrammeCountSchema(ShownSchema, _CountMixin):
    source = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "The talent source's name."})


class PoolCountSchema(ShownSchema, _CountMixin):
    process_id = fields.Integer(required=True)
    title = fields.String(required=True, metadata={"description": "In the caller's language."})
    classification = fields.String(required=True, allow_none=True)


class TalentCountsSchema(ShownSchema):
    total = fields.Integer(
        required=True, allow_none=True, metadata={"description": "People who fit, or null when hidden."}
    )
    programme = fields.Nested(
        ProgrammeCountSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "People the talent-management programme approved (null: none, or not shown)."
        },
    )
    pools = fields.List(fields.Nested(PoolCountSchema), required=True)
