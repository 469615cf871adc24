"""Profile write logic: validate, change, flush, return. Views commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from talent import audit, vocab
from talent.extensions import db
from talent.models import (
    CandidateProfile,
    Classification,
    Department,
    EquityDeclaration,
    User,
)
from talent.models._types import utcnow
from talent.service_errors import ServiceError

JUSTIFICATION_MAX = 1500
DETAILS_MAX = 5000
TOP_SKILLS_MAX = 5


class ProfileError(ServiceError):
    """A change the profile refuses."""


def get_profile(user: User) -> CandidateProfile:
    """The candidate's profile, created empty on first use."""
    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == user.id)).first()
    if profile is None:
        profile = CandidateProfile(user_id=user.id, preferred_language=user.locale)
        db.session.add(profile)
        db.session.flush()
    return profile


def _code(vocabulary: Mapping[Any, Any], value: Any, field: str, *, optional: bool = True) -> Any:
    if value in (None, ""):
        if optional:
            return None
        raise ProfileError(_l("This field is required."), field)
    if value not in vocabulary:
        raise ProfileError(_l("Choose an option from the list."), field)
    return value


def _codes(vocabulary: Mapping[str, Any], values: Iterable[str] | None, field: str) -> list[str]:
    chosen = list(dict.fromkeys(values or []))
    if any(value not in vocabulary for value in chosen):
        raise ProfileError(_l("Choose options from the list."), field)
    # Keep the vocabulary's order so the stored value does not depend on the order of the form.
    return [code for code in vocabulary if code in chosen]


def _text(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise ProfileError(_l("This field is required."), field)
        return None
    if len(text) > limit:
        raise ProfileError(_l("Use at most %(n)d characters.", n=limit), field)
    return text


def update_personal(user: User, profile: CandidateProfile, data: Mapping[str, Any]) -> None:
    user.first_name = _text(data.get("first_name"), "first_name", 100, required=True) or ""
    user.last_name = _text(data.get("last_name"), "last_name", 100, required=True) or ""
    profile.telephone = _text(data.get("telephone"), "telephone", 40)
    profile.current_province = _code(vocab.PROVINCES, data.get("current_province"), "current_province")
    profile.current_city = _text(data.get("current_city"), "current_city", 120)
    profile.citizenship = _code(vocab.CITIZENSHIP, data.get("citizenship"), "citizenship")
    profile.armed_forces_status = _code(
        vocab.ARMED_FORCES, data.get("armed_forces_status"), "armed_forces_status"
    )
    for field in ("preferred_language", "interview_language", "exam_language"):
        setattr(profile, field, _code(vocab.LANGUAGES_COMM, data.get(field), field))
    if profile.preferred_language:
        user.locale = profile.preferred_language
    _touched(user, "personal")


def update_languages(user: User, profile: CandidateProfile, data: Mapping[str, Any]) -> None:
    interests = set(data.get("interests") or [])
    if not interests <= {"english", "french", "bilingual"}:
        raise ProfileError(_l("Choose options from the list."), "interests")
    profile.looking_for_english = "english" in interests
    profile.looking_for_french = "french" in interests
    profile.looking_for_bilingual = "bilingual" in interests
    completed = data.get("second_language_exam_completed")
    profile.second_language_exam_completed = None if completed in (None, "") else completed == "yes"
    levels = ("comprehension_level", "written_level", "verbal_level")
    if profile.looking_for_bilingual and profile.second_language_exam_completed:
        for field in levels:
            setattr(
                profile, field, _code(vocab.SECOND_LANGUAGE_LEVELS, data.get(field), field, optional=False)
            )
        valid = data.get("second_language_exam_valid")
        profile.second_language_exam_valid = None if valid in (None, "") else valid == "yes"
        profile.estimated_language_ability = None
    else:
        for field in levels:
            setattr(profile, field, None)
        profile.second_language_exam_valid = None
        profile.estimated_language_ability = (
            _code(
                vocab.SELF_ASSESSED_LEVELS,
                data.get("estimated_language_ability"),
                "estimated_language_ability",
            )
            if profile.looking_for_bilingual
            else None
        )
    _touched(user, "languages")


def update_location(user: User, profile: CandidateProfile, data: Mapping[str, Any]) -> None:
    profile.work_regions = _codes(vocab.WORK_REGIONS, data.get("work_regions"), "work_regions")
    profile.work_arrangements = _codes(
        vocab.WORK_ARRANGEMENTS, data.get("work_arrangements"), "work_arrangements"
    )
    profile.location_exemptions = _text(data.get("location_exemptions"), "location_exemptions", 1000)
    _touched(user, "location")


def update_conditions(user: User, profile: CandidateProfile, data: Mapping[str, Any]) -> None:
    profile.accepted_operational_requirements = _codes(
        vocab.OPERATIONAL_REQUIREMENTS,
        data.get("accepted_operational_requirements"),
        "accepted_operational_requirements",
    )
    profile.position_durations = _codes(
        vocab.POSITION_DURATIONS, data.get("position_durations"), "position_durations"
    )
    _touched(user, "conditions")


def _yes_no(value: Any) -> bool | None:
    return None if value in (None, "") else value == "yes"


def update_government(user: User, profile: CandidateProfile, data: Mapping[str, Any]) -> None:
    employee = _yes_no(data.get("is_gov_employee"))
    profile.is_gov_employee = employee
    if employee:
        profile.gov_employee_type = _code(
            vocab.GOV_EMPLOYEE_TYPES, data.get("gov_employee_type"), "gov_employee_type", optional=False
        )
        profile.classification_id = _reference(
            Classification, data.get("classification_id"), "classification_id"
        )
        profile.department_id = _reference(Department, data.get("department_id"), "department_id")
    else:
        profile.gov_employee_type = profile.classification_id = profile.department_id = None
    profile.has_priority_entitlement = _yes_no(data.get("has_priority_entitlement"))
    number = _text(data.get("priority_number"), "priority_number", 40)
    if profile.has_priority_entitlement and not number:
        raise ProfileError(
            _l("Enter your priority entitlement number, or answer that you have none."), "priority_number"
        )
    profile.priority_number = number if profile.has_priority_entitlement else None
    _touched(user, "government")


def _reference(model: type[Classification] | type[Department], value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        key = int(value)
    except (TypeError, ValueError):
        raise ProfileError(_l("Choose an option from the list."), field) from None
    if db.session.get(model, key) is None:
        raise ProfileError(_l("Choose an option from the list."), field)
    return key


def _touched(user: User, section: str) -> None:
    audit.record("profile.updated", actor=user, target_type="profile", target_id=user.id, section=section)


def set_matching_opt_out(user: User, profile: CandidateProfile, opt_out: bool) -> None:
    """Opt out of (or back into) automated matching: an opted-out person is never ranked."""
    if profile.opt_out_of_matching == opt_out:
        return
    profile.opt_out_of_matching = opt_out
    db.session.flush()
    audit.record(
        "profile.matching_opt_out" if opt_out else "profile.matching_opt_in",
        actor=user,
        target_type="profile",
        target_id=user.id,
    )
    from talent.signals import notify_candidate_changed

    notify_candidate_changed(user.id, "opt_out")


# --- Equity self-declaration ------------------------------------------------------------------------------


def get_equity(user: User) -> EquityDeclaration | None:
    return db.session.scalars(select(EquityDeclaration).where(EquityDeclaration.user_id == user.id)).first()


def save_equity(
    user: User, consent: bool, groups: Iterable[str], communities: Iterable[str]
) -> EquityDeclaration:
    if not consent:
        raise ProfileError(
            _l("To declare, confirm that you have read and accept how this information is used."), "consent"
        )
    chosen = set(_codes(vocab.EQUITY_GROUPS, groups, "groups"))
    declared_communities = _codes(vocab.INDIGENOUS_COMMUNITIES, communities, "communities")
    declaration = get_equity(user) or EquityDeclaration(user_id=user.id)
    declaration.consented_at = utcnow()
    declaration.is_woman = "woman" in chosen
    declaration.has_disability = "disability" in chosen
    declaration.is_indigenous = "indigenous" in chosen
    declaration.indigenous_communities = declared_communities if declaration.is_indigenous else []
    declaration.is_visible_minority = "visible_minority" in chosen
    db.session.add(declaration)
    db.session.flush()
    # What was declared is not written to the audit log: only that the declaration changed.
    audit.record("equity.updated", actor=user, target_type="profile", target_id=user.id)
    return declaration


def withdraw_equity(user: User) -> None:
    declaration = get_equity(user)
    if declaration is not None:
        db.session.delete(declaration)
        db.session.flush()
        audit.record("equity.withdrawn", actor=user, target_type="profile", target_id=user.id)
