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

# What each level means, shown as a hint wherever a level is chosen (a profile's skills, a process's skill
# requirements, a talent request's skills), so that a candidate's "Advanced" and a manager's "Advanced"
# are the same thing. Written for technical and behavioural skills alike.
SKILL_LEVEL_DEFINITIONS: dict[int, LazyString] = {
    1: _l("You know the basics and do simple tasks with guidance."),
    2: _l("You work on your own in common situations and ask for help with complex ones."),
    3: _l("You handle complex situations on your own and others come to you for advice."),
    4: _l("You are a recognized expert: you set the direction, guide others and solve the hardest problems."),
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

# Career interests (``CareerInterest``) and the talent-management programme.
CAREER_TIMEFRAMES: Vocabulary = {
    "now": _l("Now"),
    "within_1_year": _l("Within a year"),
    "in_1_to_3_years": _l("In one to three years"),
    "later": _l("In more than three years"),
}

LATERAL_MOVES: Vocabulary = {
    "same_department": _l("A similar role in my department"),
    "other_department": _l("A similar role in another department"),
    "different_field": _l("A role in a different field"),
    "assignment": _l("An assignment or secondment"),
    "executive_interchange": _l("An interchange outside the public service"),
}

DEVELOPMENT_PROGRAMMES: Vocabulary = {
    "executive_leadership": _l("Executive leadership development"),
    "digital_leadership": _l("Digital leadership programme"),
    "coaching": _l("Executive coaching"),
    "language_training": _l("Second-language training"),
    "action_learning": _l("Action-learning group"),
}

MENTORING_ROLES: Vocabulary = {
    "mentor": _l("I would like to mentor someone"),
    "mentee": _l("I would like a mentor"),
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


# The audit log's events in plain words (codes are stored; words are shown). A code missing here is shown
# as it is (``label`` never fails); tests/talent/test_words_and_data.py checks that every code the code
# records has its words.
AUDIT_ACTIONS: Vocabulary = {
    "account.deleted": _l("Deleted their account"),
    "api_token.created": _l("API token made"),
    "api_token.revoked": _l("API token revoked"),
    "api_token.used": _l("API token used"),
    "application.decision_reverted": _l("Decision on an application reverted"),
    "application.disqualified": _l("Applicant screened out"),
    "application.draft_deleted": _l("Draft application deleted"),
    "application.paused": _l("Pool member paused"),
    "application.placed": _l("Pool member placed"),
    "application.placement_reverted": _l("Placement reverted"),
    "application.qualified": _l("Applicant qualified"),
    "application.reinstated": _l("Pool member reinstated"),
    "application.removed": _l("Pool member removed"),
    "application.resumed": _l("Candidate available again"),
    "application.started": _l("Application started"),
    "application.submitted": _l("Application submitted"),
    "application.suspended": _l("Candidate not available for now"),
    "application.unpaused": _l("Pause lifted"),
    "assessment.recorded": _l("Assessment result recorded"),
    "auth.confirmation_sent": _l("Confirmation link sent"),
    "auth.email_confirmed": _l("E-mail address confirmed"),
    "auth.failures_notified": _l("Owner told of failed sign-ins"),
    "auth.idle_signed_out": _l("Signed out after inactivity"),
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.logout": _l("Signed out"),
    "auth.mfa_code_replayed": _l("Two-factor code used twice"),
    "auth.mfa_disabled": _l("Two-factor sign-in turned off"),
    "auth.mfa_enabled": _l("Two-factor sign-in turned on"),
    "auth.mfa_failed": _l("Wrong two-factor code"),
    "auth.mfa_reset": _l("Two-factor sign-in reset by an administrator"),
    "auth.password_changed": _l("Password changed"),
    "auth.password_reset": _l("Password reset"),
    "auth.reauth_failed": _l("Identity not confirmed"),
    "auth.reauthenticated": _l("Identity confirmed"),
    "auth.recovery_code_used": _l("Recovery code used"),
    "auth.recovery_codes_replaced": _l("New recovery codes made"),
    "auth.register_existing": _l("Registration tried with an existing address"),
    "auth.reset_requested": _l("Password reset asked for"),
    "auth.reset_requested_unknown": _l("Password reset asked for an unknown address"),
    "career_interests.consent_given": _l(
        "Consent to share the profile with the talent management programme given"
    ),
    "career_interests.consent_withdrawn": _l(
        "Consent to share the profile with the talent management programme withdrawn"
    ),
    "career_interests.updated": _l("Career interests updated"),
    "classification.created": _l("Classification added"),
    "classification.updated": _l("Classification changed"),
    "department.created": _l("Department added"),
    "department.updated": _l("Department changed"),
    "equity.updated": _l("Employment equity information updated"),
    "equity.withdrawn": _l("Employment equity information withdrawn"),
    "experience.created": _l("Experience added"),
    "experience.deleted": _l("Experience deleted"),
    "experience.updated": _l("Experience changed"),
    "match.decided": _l("Decision on a matched candidate"),
    "match.explanation_viewed": _l("Match explanation viewed"),
    "match.exported": _l("Match list downloaded"),
    "match.run_started": _l("Matching started"),
    "nomination.decided": _l("Decision on a nomination"),
    "nomination.decline_withdrawn": _l("Nominee took back their decline"),
    "nomination.declined": _l("Nominee declined their nominations"),
    "nomination.promotion_cleared": _l("Promotion of a nominee cleared"),
    "nomination.promotion_recorded": _l("Promotion of a nominee recorded"),
    "nomination.reopened": _l("Decision on a nomination reopened"),
    "nomination.submitted": _l("Nomination submitted"),
    "nomination_event.coordinator_added": _l("Coordinator added to a nomination event"),
    "nomination_event.coordinator_removed": _l("Coordinator removed from a nomination event"),
    "nomination_event.created": _l("Nomination event created"),
    "nomination_event.updated": _l("Nomination event changed"),
    "pool.exported": _l("Pool downloaded"),
    "process.archived": _l("Process archived"),
    "process.closed_early": _l("Process closed early"),
    "process.created": _l("Process created"),
    "process.deleted": _l("Process deleted"),
    "process.duplicated": _l("Process duplicated"),
    "process.extended": _l("Closing date extended"),
    "process.published": _l("Process published"),
    "process.recruiter_added": _l("Recruiter added to a process"),
    "process.unarchived": _l("Process taken out of the archive"),
    "process.updated": _l("Process changed"),
    "profile.exported": _l("Personal data downloaded"),
    "profile.matching_opt_in": _l("Automated matching turned on"),
    "profile.matching_opt_out": _l("Automated matching turned off"),
    "profile.skill_added": _l("Skill added to a profile"),
    "profile.skill_removed": _l("Skill removed from a profile"),
    "profile.updated": _l("Profile updated"),
    "profile.view_denied": _l("Profile view refused"),
    "profile.viewed": _l("Profile viewed"),
    "reference.seeded": _l("Classifications and departments loaded"),
    "request.declined": _l("Referral declined by the candidate"),
    "request.not_referred": _l("Candidate not referred"),
    "request.referred": _l("Candidate referred"),
    "request.selection": _l("Selection decision recorded"),
    "request.status_changed": _l("Talent request status changed"),
    "request.submitted": _l("Talent request submitted"),
    "request.updated": _l("Talent request updated"),
    "skill.created": _l("Skill added to the library"),
    "skill.merged": _l("Skill merged into another"),
    "skill.retired": _l("Skill retired"),
    "skill.unretired": _l("Skill offered again"),
    "skill.updated": _l("Skill changed"),
    "skills.imported": _l("Skills library imported"),
    "user.activated": _l("Account reactivated"),
    "user.created": _l("Account created"),
    "user.deactivated": _l("Account deactivated"),
    "user.role_changed": _l("Role changed"),
    "work_email.added": _l("Work e-mail address added"),
    "work_email.removed": _l("Work e-mail address removed"),
    "work_email.verification_sent": _l("Work e-mail verification link sent"),
    "work_email.verified": _l("Work e-mail address verified"),
}

# What an audit event is about ("Record" column).
AUDIT_TARGETS: Vocabulary = {
    "application": _l("Application"),
    "classification": _l("Classification"),
    "department": _l("Department"),
    "experience": _l("Experience"),
    "nomination": _l("Nomination"),
    "nomination_event": _l("Nomination event"),
    "nomination_group": _l("Nominations of a person in an event"),
    "process": _l("Process"),
    "profile": _l("Profile"),
    "reference": _l("Reference data"),
    "skill": _l("Skill"),
    "skills_library": _l("Skills library"),
    "talent_request": _l("Talent request"),
    "user": _l("Account"),
}


def label(vocabulary: Mapping[Any, LazyString], code: str | int | None) -> str:
    """The translated label of ``code``, or the code itself if unknown (never an error on display)."""
    if code is None:
        return ""
    value = vocabulary.get(code)
    return str(value) if value is not None else str(code)
