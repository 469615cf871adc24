"""Profile completeness: one rule, used by the progress indicator and (later) by applications."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from talent.models import CandidateProfile, User


@dataclass(frozen=True)
class Missing:
    code: str
    label: LazyString
    section: str  # the profile section that fixes it (a code of ``talent.profiles.sections``)


CHECKS: tuple[tuple[str, LazyString, str], ...] = (
    ("name", _l("Your first and last name"), "personal"),
    ("contact", _l("A telephone number"), "personal"),
    ("languages", _l("The languages of the positions you are interested in"), "languages"),
    ("location", _l("Your province or territory and city"), "personal"),
    ("citizenship", _l("Your citizenship"), "personal"),
    ("armed_forces", _l("Your Canadian Armed Forces status"), "personal"),
    ("gov_employee", _l("Whether you work for the Government of Canada"), "government"),
    ("priority_number", _l("Your priority entitlement number"), "government"),
    ("work_regions", _l("At least one work region"), "location"),
    ("position_durations", _l("At least one position duration"), "conditions"),
    ("work_arrangements", _l("At least one choice of remote, hybrid or on-site work"), "location"),
)


def _satisfied(code: str, user: User, profile: CandidateProfile) -> bool:
    match code:
        case "name":
            return bool(user.first_name.strip() and user.last_name.strip())
        case "contact":
            return bool(user.email and profile.telephone)
        case "languages":
            return profile.looking_for_english or profile.looking_for_french or profile.looking_for_bilingual
        case "location":
            return bool(profile.current_province and profile.current_city)
        case "citizenship":
            return profile.citizenship is not None
        case "armed_forces":
            return profile.armed_forces_status is not None
        case "gov_employee":
            return profile.is_gov_employee is not None
        case "priority_number":
            # Only asked of those who claim an entitlement; the answer itself belongs to "gov_employee".
            return not profile.has_priority_entitlement or bool(profile.priority_number)
        case "work_regions":
            return bool(profile.work_regions)
        case "position_durations":
            return bool(profile.position_durations)
        case "work_arrangements":
            return bool(profile.work_arrangements)
    raise ValueError(code)


def missing(user: User, profile: CandidateProfile) -> list[Missing]:
    """What the profile still lacks, in the order the pages ask for it."""
    return [
        Missing(code, label, section)
        for code, label, section in CHECKS
        if not _satisfied(code, user, profile)
    ]


def percent_complete(user: User, profile: CandidateProfile) -> int:
    return round(100 * (len(CHECKS) - len(missing(user, profile))) / len(CHECKS))


def is_complete(user: User, profile: CandidateProfile) -> bool:
    return not missing(user, profile)
