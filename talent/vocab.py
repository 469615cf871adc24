"""Controlled vocabularies: stable codes stored in the database, labels translated at display time.

Other packages (jobs, matching) use the same codes, so a request's "regions" mean what a profile's mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

Vocabulary = dict[str, LazyString]

SKILL_LEVELS: dict[int, LazyString] = {
    1: _l("Beginner"),
    2: _l("Intermediate"),
    3: _l("Advanced"),
    4: _l("Lead"),
}

SKILL_CATEGORIES: Vocabulary = {"technical": _l("Technical"), "behavioural": _l("Behavioural")}

PROVINCES: Vocabulary = {
    "AB": _l("Alberta"),
    "BC": _l("British Columbia"),
    "MB": _l("Manitoba"),
    "NB": _l("New Brunswick"),
    "NL": _l("Newfoundland and Labrador"),
    "NS": _l("Nova Scotia"),
    "NT": _l("Northwest Territories"),
    "NU": _l("Nunavut"),
    "ON": _l("Ontario"),
    "PE": _l("Prince Edward Island"),
    "QC": _l("Quebec"),
    "SK": _l("Saskatchewan"),
    "YT": _l("Yukon"),
}

CITIZENSHIP: Vocabulary = {
    "citizen": _l("Canadian citizen"),
    "permanent_resident": _l("Permanent resident"),
    "other": _l("Other"),
}

ARMED_FORCES: Vocabulary = {
    "non_caf": _l("I am not a member or veteran of the Canadian Armed Forces"),
    "member": _l("I am a member of the Canadian Armed Forces"),
    "veteran": _l("I am a veteran of the Canadian Armed Forces"),
}

LANGUAGES_COMM: Vocabulary = {"en": _l("English"), "fr": _l("French")}

# Second-language levels as in the Public Service Commission's evaluation (A, B, C, E, X, P).
SECOND_LANGUAGE_LEVELS: Vocabulary = {
    "A": _l("A"),
    "B": _l("B"),
    "C": _l("C"),
    "E": _l("E (exempt)"),
    "X": _l("X (not assessed)"),
    "P": _l("P (specialized)"),
}

SELF_ASSESSED_LEVELS: Vocabulary = {
    "beginner": _l("Beginner"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}

WORK_REGIONS: Vocabulary = {
    "telework": _l("Telework (work from home, anywhere in Canada)"),
    "national_capital": _l("National Capital Region"),
    "atlantic": _l("Atlantic"),
    "quebec": _l("Quebec"),
    "ontario": _l("Ontario"),
    "prairie": _l("Prairies"),
    "british_columbia": _l("British Columbia"),
    "north": _l("North"),
}

WORK_ARRANGEMENTS: Vocabulary = {
    "remote": _l("Remote"),
    "hybrid": _l("Hybrid"),
    "onsite": _l("On-site"),
}

OPERATIONAL_REQUIREMENTS: Vocabulary = {
    "shift_work": _l("Shift work"),
    "on_call": _l("24/7 on-call"),
    "travel": _l("Travel as required"),
    "transport_equipment": _l("Transport, lift and set down equipment weighing up to 20 kg"),
    "drivers_license": _l(
        "Hold a valid driver's licence or personal mobility to the degree normally associated"
    ),
    "overtime_short_notice": _l("Overtime on short notice"),
    "overtime_scheduled": _l("Scheduled overtime"),
    "overtime_occasional": _l("Occasional overtime"),
    "overtime_regular": _l("Regular overtime"),
    "work_weekends": _l("Work weekends"),
}

POSITION_DURATIONS: Vocabulary = {
    "term": _l("Term (temporary, with an end date)"),
    "indeterminate": _l("Indeterminate (permanent)"),
}

GOV_EMPLOYEE_TYPES: Vocabulary = {
    "student": _l("Student"),
    "casual": _l("Casual"),
    "term": _l("Term"),
    "indeterminate": _l("Indeterminate"),
}

EQUITY_GROUPS: Vocabulary = {
    "woman": _l("Woman"),
    "disability": _l("Person with a disability"),
    "indigenous": _l("Indigenous person"),
    "visible_minority": _l("Member of a visible minority"),
}

INDIGENOUS_COMMUNITIES: Vocabulary = {
    "status_first_nations": _l("Status First Nations"),
    "non_status_first_nations": _l("Non-status First Nations"),
    "inuit": _l("Inuk (Inuit)"),
    "metis": _l("Métis"),
    "other": _l("I am Indigenous and I don't see my community here"),
}

EXPERIENCE_KINDS: Vocabulary = {
    "work": _l("Work experience"),
    "education": _l("Education and certificates"),
    "community": _l("Community participation"),
    "personal": _l("Personal learning"),
    "award": _l("Award"),
}

EDUCATION_TYPES: Vocabulary = {
    "diploma": _l("Diploma"),
    "bachelors": _l("Bachelor's degree"),
    "masters": _l("Master's degree"),
    "phd": _l("PhD"),
    "post_doctoral": _l("Post-doctoral fellowship"),
    "certification": _l("Certification"),
    "online_course": _l("Online course"),
    "other": _l("Other"),
}

EDUCATION_STATUSES: Vocabulary = {
    "success_credential": _l("Successful completion (credential awarded)"),
    "success_no_credential": _l("Successful completion (no credential awarded)"),
    "in_progress": _l("In progress"),
    "audited": _l("Audited"),
    "did_not_complete": _l("Did not complete"),
}

AWARD_RECIPIENTS: Vocabulary = {
    "me": _l("Me"),
    "my_team": _l("My team"),
    "my_project": _l("My project"),
    "my_organization": _l("My organization"),
}

AWARD_SCOPES: Vocabulary = {
    "international": _l("International"),
    "national": _l("National"),
    "provincial": _l("Provincial"),
    "local": _l("Local"),
    "community": _l("Community"),
    "organizational": _l("Organizational"),
    "sub_organizational": _l("Sub-organizational (branch)"),
}


def label(vocabulary: Mapping[Any, LazyString], code: str | int | None) -> str:
    """The translated label of ``code``, or the code itself if unknown (never an error on display)."""
    if code is None:
        return ""
    value = vocabulary.get(code)
    return str(value) if value is not None else str(code)
