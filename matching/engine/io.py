"""JSON records <-> engine dataclasses, in the formats of docs/matching.md (the command line and its formats).

Pure functions on strings and dicts (reading files is the caller's business). Every problem raises
:class:`~matching.engine.errors.InvalidInputError` with a message naming the field. Keys a format does
not define are rejected in candidates and requests (a misspelt ``nice_to_have`` must not be silently
ignored); skill-library lines may carry extra keys (descriptions, keywords, ...).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ._data import (
    CandidateProfile,
    CandidateSkill,
    MatchRequest,
    RankedList,
    RequestSkill,
    SkillInfo,
)
from .errors import InvalidInputError

__all__ = [
    "candidate_from_dict",
    "loads_record",
    "ranked_list_to_dict",
    "request_from_dict",
    "skill_from_dict",
]


def loads_record(line: str) -> dict[str, Any]:
    """Parse one JSON line into an object (dict).

    Examples
    --------
    >>> loads_record('{"id": "s1"}')
    {'id': 's1'}
    >>> loads_record('[1]')
    Traceback (most recent call last):
    ...
    matching.engine.errors.InvalidInputError: expected a JSON object, got a list
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InvalidInputError(f"expected a JSON object, got a {_json_type(obj)}")
    return obj


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _check_keys(obj: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise InvalidInputError(f"{where}: unexpected field(s) {extra} (expected some of {sorted(allowed)})")


def _str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"{where}: {key!r} must be a non-empty string")
    return value


def _str_list(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InvalidInputError(f"{what} must be a list of non-empty strings")
    return tuple(value)


def _list(value: object, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInputError(f"{what} must be a list")
    return value


def _obj(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInputError(f"{what} must be an object, got a {_json_type(value)}")
    return value


def skill_from_dict(obj: Mapping[str, Any]) -> SkillInfo:
    """``{"id", "label_en", "label_fr", "groups": [top, ..., deepest], "occupations": [...]}`` ->
    :class:`SkillInfo`.

    ``occupations`` (optional) lists the ids of the occupations that require the skill.

    Examples
    --------
    >>> skill_from_dict({"id": "s1", "label_en": "SQL", "groups": ["ict", "db"]})
    SkillInfo(id='s1', label_en='SQL', label_fr='', groups=('ict', 'db'), occupations=())
    >>> skill_from_dict({"id": "s1", "occupations": ["dba", "data-engineer"]}).occupations
    ('dba', 'data-engineer')
    """
    sid = _str(obj, "id", "skill")
    where = f"skill {sid!r}"
    labels = {}
    for key in ("label_en", "label_fr"):
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise InvalidInputError(f"{where}: {key!r} must be a string")
        labels[key] = value
    groups = _str_list(obj.get("groups", []), f"{where}: 'groups'")
    occupations = _str_list(obj.get("occupations", []), f"{where}: 'occupations'")
    return SkillInfo(sid, labels["label_en"], labels["label_fr"], groups, occupations)


def candidate_from_dict(obj: Mapping[str, Any]) -> CandidateProfile:
    """``{"id", "skills": [{"skill", "level", "years", "current"}], "pools"}`` -> :class:`CandidateProfile`.

    ``level``, ``years``, ``current`` and ``pools`` are optional (``current`` defaults to true).

    Examples
    --------
    >>> c = candidate_from_dict({"id": "c1", "skills": [{"skill": "s1", "level": 3, "years": 2}],
    ...                          "pools": ["p1"]})
    >>> c.skills[0]
    CandidateSkill(skill='s1', level=3, years=2, current=True)
    """
    cid = _str(obj, "id", "candidate")
    where = f"candidate {cid!r}"
    _check_keys(obj, {"id", "skills", "pools"}, where)
    skills = []
    for i, entry in enumerate(_list(obj.get("skills", []), f"{where}: 'skills'")):
        e = _obj(entry, f"{where}: skills[{i}]")
        _check_keys(e, {"skill", "level", "years", "current"}, f"{where}: skills[{i}]")
        years = e.get("years")
        if isinstance(years, float) and not math.isfinite(years):
            raise InvalidInputError(f"{where}: skills[{i}]: years must be a finite number")
        skills.append(
            CandidateSkill(
                _str(e, "skill", f"{where}: skills[{i}]"), e.get("level"), years, e.get("current", True)
            )
        )
    return CandidateProfile(cid, tuple(skills), _str_list(obj.get("pools", []), f"{where}: 'pools'"))


def request_from_dict(obj: Mapping[str, Any]) -> MatchRequest:
    """``{"id", "required": [{"skill", "level"}], "nice_to_have": [...], "pools"}`` -> :class:`MatchRequest`.

    Raises
    ------
    EmptyRequestError
        If neither list names a skill.

    Examples
    --------
    >>> r = request_from_dict({"id": "r1", "required": [{"skill": "s1", "level": 2}]})
    >>> r.required, r.pools
    ((RequestSkill(skill='s1', level=2),), None)
    """
    rid = _str(obj, "id", "request")
    where = f"request {rid!r}"
    _check_keys(obj, {"id", "required", "nice_to_have", "pools"}, where)
    parts: dict[str, tuple[RequestSkill, ...]] = {}
    for key in ("required", "nice_to_have"):
        items = []
        for i, entry in enumerate(_list(obj.get(key, []), f"{where}: {key!r}")):
            e = _obj(entry, f"{where}: {key}[{i}]")
            _check_keys(e, {"skill", "level"}, f"{where}: {key}[{i}]")
            items.append(RequestSkill(_str(e, "skill", f"{where}: {key}[{i}]"), e.get("level")))
        parts[key] = tuple(items)
    pools = obj.get("pools")
    return MatchRequest(
        rid,
        parts["required"],
        parts["nice_to_have"],
        None if pools is None else _str_list(pools, f"{where}: 'pools'"),
    )


def ranked_list_to_dict(result: RankedList, *, details: bool = False) -> dict[str, Any]:
    """The results line of docs/matching.md; ``details=True`` adds ranks, the parts of the score, levels,
    points per skill and per part, the engine version and its parameters.

    Examples
    --------
    >>> from matching.engine import RankedList
    >>> ranked_list_to_dict(RankedList("r1", (), "1.0.0", {}))
    {'request': 'r1', 'matches': []}
    """
    matches = []
    for m in result.matches:
        item: dict[str, Any] = {
            "candidate": m.candidate,
            "score": round(m.score, 4),
            "matched": [s.skill for s in m.matched],
            "related": [
                {"required": r.required, "via": r.via, "similarity": round(r.similarity, 3)}
                for r in m.related
            ],
            "missing": list(m.missing),
            "tier": m.tier,
            "required_skills": {
                "met": m.required_met,
                "below": m.required_below,
                "missing": m.required_missing,
                "related": m.required_related,
            },
        }
        if details:
            item["rank"] = m.rank
            item["coverage"] = round(m.coverage, 4)
            item["focus"] = round(m.focus, 4)
            item["profile_fit"] = round(m.profile_fit, 4)
            item["matched_details"] = [_rounded(s._asdict()) for s in m.matched]
            item["related"] = [_rounded(r._asdict()) for r in m.related]
            item["missing_nice_to_have"] = list(m.missing_nice_to_have)
            item["contributions"] = [_rounded(c._asdict()) for c in m.contributions]
            item["profile_skills"] = list(m.profile_skills)
        matches.append(item)
    out: dict[str, Any] = {"request": result.request, "matches": matches}
    if details:
        out["engine_version"] = result.engine_version
        out["params"] = dict(result.params)
    return out


def _rounded(record: dict[str, Any]) -> dict[str, Any]:
    """Floats to 4 decimals, for display."""
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in record.items()}
