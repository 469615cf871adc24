"""Why someone was matched, for the pages that show it: the recruitment team's review, a manager's
referred candidates and a candidate's own referral. Read-only (nothing here writes), no service calls.

A referral keeps the explanation it was made on (``ReferralExplanation``); someone referred without any run
ranking them is explained from their profile. The stored explanation (``MatchResult.explanation``) holds
skill keys; these helpers add the skills' names in both languages (``"names": {key: {"en": ..., "fr": ...}}``)
so that the template ``matching/_fit_explanation.html`` can put it in plain words.

Usage from another page (no Python import needed: the helper is a template global)::

    {% from "matching/_fit_explanation.html" import fit_explanation %}
    {{ fit_explanation(matching_explanation_for(talent_request.id, user.id), lang) }}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select

from jobs.models import Referral, RequestSkill
from matching.models import EVIDENCE_COLUMNS, MatchResult, MatchRun, ReferralExplanation, evidence_item
from matching.review import tiers
from talent.extensions import db
from talent.models import Experience, ExperienceSkill, Skill, UserSkill

# What a manager or the candidate reads: no points, no credits, no contributions (they are about the
# ranking, which only the recruitment team sees).
PERSON_MATCHED_KEYS = ("skill", "kind", "level", "required_level", "years", "current", "evidence")
PERSON_RELATED_KEYS = ("required", "via", "kind", "similarity", "level")
# The tier and its counts say how the person stands against the request, nothing about anyone else.
PERSON_COUNT_KEYS = ("tier", "required_met", "required_below", "required_missing", "required_related")


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
    """How ``user_id`` fits request ``request_id``, for the manager or the candidate, without points: the
    explanation their referral was made on (kept with it), else the latest finished run's that ranked them,
    else, for someone referred without any run ranking them, their profile against the request's skills
    (``source: "profile"``). Matched skills with levels and the experiences that show them, related skills
    that stood in, missing skills, with skill names. None for someone neither ranked nor referred."""
    kept = db.session.execute(
        select(Referral.referred, ReferralExplanation.explanation)
        .outerjoin(ReferralExplanation, ReferralExplanation.referral_id == Referral.id)
        .where(Referral.request_id == request_id, Referral.user_id == user_id)
    ).first()
    if kept is not None and kept.explanation:
        return with_names([for_person(kept.explanation)])[0]
    result = latest_result(request_id, user_id)
    if result is not None:
        return with_names([for_person(result.explanation or {})])[0]
    if kept is not None and kept.referred:
        return with_names([for_person(from_profiles(request_id, [user_id])[user_id])])[0]
    return None


def referred_explanations(request_id: int) -> dict[int, dict[str, Any]]:
    """:func:`explanation_for` of everyone referred to the request (and not declined), by user id, in a few
    queries whatever their number: the explanations kept with the referrals, then each other person's
    result in the latest finished run that ranked them, then the profiles of the people left."""
    referred = select(Referral.user_id).where(
        Referral.request_id == request_id, Referral.referred, Referral.declined_at.is_(None)
    )
    found: dict[int, Mapping[str, Any]] = {
        user_id: explanation
        for user_id, explanation in db.session.execute(
            select(Referral.user_id, ReferralExplanation.explanation)
            .join(ReferralExplanation, ReferralExplanation.referral_id == Referral.id)
            .where(Referral.user_id.in_(referred), Referral.request_id == request_id)
        )
        if explanation
    }
    latest = (
        select(MatchResult.user_id, func.max(MatchResult.run_id).label("run_id"))
        .join(MatchRun, MatchRun.id == MatchResult.run_id)
        .where(
            MatchRun.request_id == request_id, MatchRun.status == "done", MatchResult.user_id.in_(referred)
        )
        .group_by(MatchResult.user_id)
        .subquery()
    )
    for user_id, explanation in db.session.execute(
        select(MatchResult.user_id, MatchResult.explanation).join(
            latest, (MatchResult.user_id == latest.c.user_id) & (MatchResult.run_id == latest.c.run_id)
        )
    ):
        found.setdefault(user_id, explanation or {})
    left = [uid for uid in db.session.scalars(referred) if uid not in found]
    found.update(from_profiles(request_id, left))
    people = sorted(found)
    explained = with_names([for_person(found[uid]) for uid in people])
    return dict(zip(people, explained, strict=True))


def for_person(explanation: Mapping[str, Any]) -> dict[str, Any]:
    """The explanation without the ranking's numbers (points, credits, contributions, parts)."""
    person: dict[str, Any] = {
        "matched": [
            {k: m.get(k) for k in PERSON_MATCHED_KEYS} for m in explanation.get("matched") or () if m
        ],
        "related": [
            {k: r.get(k) for k in PERSON_RELATED_KEYS} for r in explanation.get("related") or () if r
        ],
        "missing": list(explanation.get("missing") or ()),
        "missing_nice_to_have": list(explanation.get("missing_nice_to_have") or ()),
    }
    person.update({k: explanation[k] for k in PERSON_COUNT_KEYS if k in explanation})
    if explanation.get("source") == "profile":
        person["source"] = "profile"
    return person


def from_profiles(request_id: int, user_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """For people referred without a run ranking them: the request's skills each one holds (with their level
    and the experiences that show them) and those they do not, from their profiles as they are now, in the
    shape of a run's explanation, marked ``source: "profile"``. No related skills: only the engine knows
    them. Three queries whatever the number of people."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    wanted = list(
        db.session.execute(
            select(RequestSkill.skill_id, Skill.key, RequestSkill.kind, RequestSkill.level)
            .join(Skill, Skill.id == RequestSkill.skill_id)
            .where(RequestSkill.request_id == request_id)
            .order_by(RequestSkill.id)
        )
    )
    skill_ids = [row.skill_id for row in wanted]
    held = {
        (user_id, skill_id): (level, current)
        for user_id, skill_id, level, current in (
            db.session.execute(
                select(UserSkill.user_id, UserSkill.skill_id, UserSkill.level, UserSkill.current).where(
                    UserSkill.user_id.in_(ids), UserSkill.skill_id.in_(skill_ids)
                )
            )
            if skill_ids
            else ()
        )
    }
    evidence = _evidence(ids, skill_ids)
    out = {}
    for user_id in ids:
        explanation: dict[str, Any] = {
            "source": "profile",
            "matched": [],
            "related": [],
            "missing": [],
            "missing_nice_to_have": [],
        }
        for skill_id, key, kind, level in wanted:
            nice = kind != "required"
            if (user_id, skill_id) not in held:
                explanation["missing_nice_to_have" if nice else "missing"].append(key)
                continue
            own_level, current = held[(user_id, skill_id)]
            explanation["matched"].append(
                {
                    "skill": key,
                    "kind": "nice_to_have" if nice else "required",
                    "level": own_level,
                    "required_level": level,
                    "years": None,
                    "current": bool(current),
                    "evidence": evidence.get((user_id, skill_id), []),
                }
            )
        found = tiers.standing(explanation)
        explanation.update(
            tier=found.tier,
            required_met=found.met,
            required_below=found.below,
            required_missing=found.missing,
            required_related=0,
        )
        out[user_id] = explanation
    return out


def _evidence(
    user_ids: Sequence[int], skill_ids: Sequence[int]
) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """(user id, skill id) -> the experiences that show the skill, latest first (as a run stores them)."""
    if not skill_ids:
        return {}
    found: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for user_id, skill_id, *experience in db.session.execute(
        select(Experience.user_id, ExperienceSkill.skill_id, *EVIDENCE_COLUMNS)
        .join(ExperienceSkill, ExperienceSkill.experience_id == Experience.id)
        .where(Experience.user_id.in_(user_ids), ExperienceSkill.skill_id.in_(skill_ids))
        .order_by(Experience.user_id, Experience.start_date.desc(), Experience.id)
    ):
        found.setdefault((user_id, skill_id), []).append(evidence_item(experience))
    return found


def skill_keys(explanation: Mapping[str, Any]) -> set[str]:
    keys = {m.get("skill") for m in explanation.get("matched") or ()}
    keys |= set(explanation.get("profile_skills") or ())
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
