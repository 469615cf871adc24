"""Why someone was matched, for the pages that show it: the recruitment team's review, a manager's
referred candidates and a candidate's own referral. Read-only (nothing here writes), no service calls.

The stored explanation (``MatchResult.explanation``) holds skill keys; these helpers add the skills'
names in both languages (``"names": {key: {"en": ..., "fr": ...}}``) so that the template
``matching/_fit_explanation.html`` can put it in plain words.

Usage from another page (no Python import needed: the helper is a template global)::

    {% from "matching/_fit_explanation.html" import fit_explanation %}
    {{ fit_explanation(matching_explanation_for(talent_request.id, user.id), lang) }}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select

from jobs.models import Referral
from matching.models import MatchResult, MatchRun
from talent.extensions import db
from talent.models import Experience, ExperienceSkill, Skill

# What a manager or the candidate reads: no points, no credits, no contributions (they are about the
# ranking, which only the recruitment team sees).
PERSON_MATCHED_KEYS = ("skill", "kind", "level", "required_level", "years", "current", "evidence")
PERSON_RELATED_KEYS = ("required", "via", "kind", "similarity", "level")


def latest_result(request_id: int, user_id: int) -> MatchResult | None:
    """The person's result in the latest finished run of the request that ranked them."""
    return db.session.scalars(
        select(MatchResult)
        .join(MatchRun, MatchRun.id == MatchResult.run_id)
        .where(
            MatchRun.request_id == request_id,
            MatchRun.status == "done",
            MatchResult.user_id == user_id,
        )
        .order_by(MatchRun.id.desc())
        .limit(1)
    ).first()


def explanation_for(request_id: int, user_id: int) -> dict[str, Any] | None:
    """How ``user_id`` fits request ``request_id``, for the manager or the candidate: the latest finished
    run's explanation (matched skills with levels and the experiences that show them, related skills
    that stood in, missing skills), with skill names, without points. None when no run ranked them."""
    result = latest_result(request_id, user_id)
    if result is None:
        return None
    return with_names([for_person(result.explanation or {})])[0]


def referred_explanations(request_id: int) -> dict[int, dict[str, Any]]:
    """:func:`explanation_for` of everyone referred to the request (and not declined), by user id, in two
    queries whatever their number: each person's result in the latest finished run that ranked them."""
    referred = select(Referral.user_id).where(
        Referral.request_id == request_id, Referral.referred, Referral.declined_at.is_(None)
    )
    latest = (
        select(MatchResult.user_id, func.max(MatchResult.run_id).label("run_id"))
        .join(MatchRun, MatchRun.id == MatchResult.run_id)
        .where(
            MatchRun.request_id == request_id, MatchRun.status == "done", MatchResult.user_id.in_(referred)
        )
        .group_by(MatchResult.user_id)
        .subquery()
    )
    results = list(
        db.session.scalars(
            select(MatchResult).join(
                latest, (MatchResult.user_id == latest.c.user_id) & (MatchResult.run_id == latest.c.run_id)
            )
        )
    )
    explained = with_names([for_person(r.explanation or {}) for r in results])
    return {r.user_id: e for r, e in zip(results, explained, strict=True)}


def for_person(explanation: Mapping[str, Any]) -> dict[str, Any]:
    """The explanation without the ranking's numbers (points, credits, contributions)."""
    return {
        "matched": [
            {k: m.get(k) for k in PERSON_MATCHED_KEYS} for m in explanation.get("matched") or () if m
        ],
        "related": [
            {k: r.get(k) for k in PERSON_RELATED_KEYS} for r in explanation.get("related") or () if r
        ],
        "missing": list(explanation.get("missing") or ()),
        "missing_nice_to_have": list(explanation.get("missing_nice_to_have") or ()),
    }


def skill_keys(explanation: Mapping[str, Any]) -> set[str]:
    keys = {m.get("skill") for m in explanation.get("matched") or ()}
    for r in explanation.get("related") or ():
        keys |= {r.get("required"), r.get("via")}
    keys |= set(explanation.get("missing") or ()) | set(explanation.get("missing_nice_to_have") or ())
    return {k for k in keys if isinstance(k, str) and k}


def names_of(keys: Iterable[str]) -> dict[str, dict[str, str]]:
    """Skill key -> {"en": name, "fr": name} (the key itself for a skill no longer in the library)."""
    wanted = sorted(set(keys))
    # Three columns, not the whole skill (its keywords and groups are JSON to decode for nothing).
    rows = (
        db.session.execute(select(Skill.key, Skill.name_en, Skill.name_fr).where(Skill.key.in_(wanted)))
        if wanted
        else ()
    )
    found = {key: {"en": en, "fr": fr or en} for key, en, fr in rows}
    return {k: found.get(k, {"en": k, "fr": k}) for k in wanted}


def with_names(explanations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each explanation with ``names`` added (one query for all of them)."""
    names = names_of(k for e in explanations for k in skill_keys(e))
    return [{**e, "names": {k: names[k] for k in skill_keys(e)}} for e in explanations]


def justifications(user_id: int, explanation: Mapping[str, Any]) -> dict[str, str]:
    """The candidate's own words on how each experience shows each matched skill, keyed
    ``"<experience id>:<skill key>"``. Free text: the review shows it only once the person is revealed."""
    return justifications_for({user_id: explanation}).get(user_id, {})


def justifications_for(explanations: Mapping[int, Mapping[str, Any]]) -> dict[int, dict[str, str]]:
    """:func:`justifications` for several people (user id -> explanation), in one query."""
    wanted = {
        (user_id, e.get("experience"), m.get("skill"))
        for user_id, explanation in explanations.items()
        for m in explanation.get("matched") or ()
        for e in m.get("evidence") or ()
    }
    experience_ids = sorted({e for _u, e, _k in wanted if isinstance(e, int)})
    if not experience_ids:
        return {}
    rows = db.session.execute(
        select(Experience.user_id, ExperienceSkill.experience_id, Skill.key, ExperienceSkill.justification)
        .join(Skill, Skill.id == ExperienceSkill.skill_id)
        .join(Experience, Experience.id == ExperienceSkill.experience_id)
        .where(ExperienceSkill.experience_id.in_(experience_ids), Experience.user_id.in_(list(explanations)))
    )
    out: dict[int, dict[str, str]] = {}
    for user_id, experience_id, key, text in rows:
        if (user_id, experience_id, key) in wanted and text:
            out.setdefault(user_id, {})[f"{experience_id}:{key}"] = text
    return out
