"""Recruitment vocabularies: stable codes, translated labels."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

Vocabulary = dict[str, LazyString]

STREAMS: Vocabulary = {
    "business_line_advisory": _l("Business Line Advisory Services"),
    "database_management": _l("Database Management"),
    "enterprise_architecture": _l("Enterprise Architecture"),
    "infrastructure_operations": _l("Infrastructure Operations"),
    "planning_and_reporting": _l("Planning and Reporting"),
    "project_portfolio_management": _l("Project Portfolio Management"),
    "security": _l("IT Security"),
    "software_solutions": _l("Software Solutions"),
    "information_data_functions": _l("Information and Data Functions"),
}

LANGUAGE_REQUIREMENTS: Vocabulary = {
    "english": _l("English essential"),
    "french": _l("French essential"),
    "bilingual_intermediate": _l("Bilingual, intermediate (B B B)"),
    "bilingual_advanced": _l("Bilingual, advanced (C B C)"),
    "various": _l("Various language requirements"),
}
BILINGUAL_REQUIREMENTS = frozenset({"bilingual_intermediate", "bilingual_advanced"})

SECURITY_CLEARANCES: Vocabulary = {
    "reliability": _l("Reliability"),
    "secret": _l("Secret"),
    "top_secret": _l("Top secret"),
}

OPPORTUNITY_LENGTHS: Vocabulary = {
    "term": _l("Term"),
    "indeterminate": _l("Indeterminate"),
    "various": _l("Term or indeterminate"),
}

SKILL_KINDS: Vocabulary = {"essential": _l("Essential"), "asset": _l("Asset")}

QUESTION_KINDS: Vocabulary = {"general": _l("General question"), "screening": _l("Screening question")}

STEP_KINDS: Vocabulary = {
    "application_screening": _l("Application screening"),
    "exam": _l("Exam"),
    "interview": _l("Interview"),
    "reference_check": _l("Reference check"),
    "other": _l("Other assessment"),
}

RESULTS: Vocabulary = {
    "successful": _l("Successful"),
    "unsuccessful": _l("Unsuccessful"),
    "hold": _l("On hold"),
}

PLACEMENTS: Vocabulary = {
    "tentative": _l("Placed tentatively"),
    "casual": _l("Placed casually"),
    "term": _l("Placed in a term position"),
    "indeterminate": _l("Placed in an indeterminate position"),
}

REMOVAL_REASONS: Vocabulary = {
    "withdrew": _l("The candidate withdrew"),
    "not_responsive": _l("The candidate is not responsive"),
    "ineligible": _l("The candidate is ineligible"),
    "other": _l("Other reason"),
}

# What candidates read about their application: plain words, one per state.
CANDIDATE_STATUSES: Vocabulary = {
    "draft": _l("Draft"),
    "expired": _l("Expired"),
    "received": _l("Received"),
    "under_review": _l("Under review"),
    "reviewed": _l("Reviewed"),
    "under_assessment": _l("Under assessment"),
    "unsuccessful": _l("Unsuccessful"),
    "qualified": _l("Qualified"),
    "withdrew": _l("Withdrew"),
    "not_responsive": _l("Not responsive"),
    "ineligible": _l("Ineligible"),
    "removed": _l("Removed"),
}

PROCESS_STATUSES: Vocabulary = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "closed": _l("Closed"),
    "archived": _l("Archived"),
}

POSITION_TYPES: Vocabulary = {
    "individual_contributor": _l("Individual contributor"),
    "team_lead": _l("Team lead"),
}

REQUEST_REASONS: Vocabulary = {
    "immediate_hire": _l("Immediate hire"),
    "upcoming_need": _l("Upcoming need"),
    "general_interest": _l("General interest"),
    "required_by_directive": _l("Required by directive"),
}

REQUEST_STATUSES: Vocabulary = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
}

REQUEST_STATUS_DETAILS: Vocabulary = {
    "initial_conversation": _l("Initial conversation"),
    "talent_sent": _l("Talent sent"),
    "follow_up_sent": _l("Follow-up sent"),
    "discussion_ongoing": _l("Discussion ongoing"),
    "other": _l("Other"),
}

REQUEST_OUTCOMES: Vocabulary = {
    "hire_made": _l("Hire made"),
    "process_launched": _l("A process will be launched"),
    "manager_not_responsive": _l("Manager not responsive"),
    "no_candidates_found": _l("No candidates found"),
    "no_longer_required": _l("No longer required"),
    "duplicate": _l("Duplicate request"),
    "not_compliant": _l("Not compliant"),
}

SELECTION_REASONS: Vocabulary = {
    "lacks_experience": _l("Lacks experience"),
    "requirement_mismatch": _l("Does not meet a requirement"),
    "declined_by_candidate": _l("Declined by the candidate"),
    "other_candidate_selected": _l("Another candidate was selected"),
    "no_reason": _l("No reason given"),
    "other": _l("Other"),
}

REQUEST_SKILL_KINDS: Vocabulary = {"required": _l("Required"), "nice_to_have": _l("Nice to have")}

# A request's or a search's language: English means people interested in English positions.
LANGUAGE_FILTERS: Vocabulary = {
    "english": _l("English"),
    "french": _l("French"),
    "bilingual": _l("Bilingual (English and French)"),
}

# The talent-management programme: kinds of nomination (``jobs.models.nominations.KINDS``) ...
NOMINATION_KINDS: Vocabulary = {
    "advancement": _l("Advancement"),
    "lateral": _l("Lateral movement"),
    "development": _l("Development programmes"),
}

# ... how the nominator knows the nominee ...
NOMINATOR_RELATIONSHIPS: Vocabulary = {
    "self": _l("I am nominating myself"),
    "current_supervisor": _l("Their current supervisor"),
    "former_supervisor": _l("Their former supervisor"),
    "colleague": _l("A colleague"),
    "direct_report": _l("They supervise me"),
    "other": _l("Other"),
}

# ... the derived statuses of an event and of a nominee's group of nominations ...
EVENT_STATUSES: Vocabulary = {"upcoming": _l("Upcoming"), "active": _l("Active"), "past": _l("Past")}

GROUP_STATUSES: Vocabulary = {
    "in_progress": _l("In progress"),
    "partially_approved": _l("Partially approved"),
    "rejected": _l("Rejected"),
    "approved": _l("Approved"),
}

NOMINATION_DECISIONS: Vocabulary = {"approved": _l("Approved"), "rejected": _l("Rejected")}

# ... and where a person a manager may be shown comes from (``jobs.services.pools.SOURCES``).
TALENT_SOURCES: Vocabulary = {
    "pool": _l("Prequalified pool"),
    "nomination": _l("Talent management programme"),
}
