"""Recruitment tables: processes and applications (``processes``), talent requests and referrals
(``requests``), the talent-management programme's nominations (``nominations``), and the change log of
the facts talent counts read (``changes``)."""

from jobs.models.changes import TalentChange
from jobs.models.nominations import (
    Nomination,
    NominationDecision,
    NominationEvent,
    NominationGroup,
    NominationSkill,
    nomination_event_coordinators,
)
from jobs.models.processes import (
    Application,
    ApplicationAnswer,
    ApplicationEvent,
    AssessmentResult,
    AssessmentStep,
    Decision,
    Placement,
    Process,
    ProcessQuestion,
    ProcessSkill,
    RemovalReason,
    process_recruiters,
)
from jobs.models.requests import Referral, RequestSkill, TalentRequest, TalentRequestEvent

__all__ = [
    "Application",
    "ApplicationAnswer",
    "ApplicationEvent",
    "AssessmentResult",
    "AssessmentStep",
    "Decision",
    "Nomination",
    "NominationDecision",
    "NominationEvent",
    "NominationGroup",
    "NominationSkill",
    "Placement",
    "Process",
    "ProcessQuestion",
    "ProcessSkill",
    "Referral",
    "RemovalReason",
    "RequestSkill",
    "TalentChange",
    "TalentRequest",
    "TalentRequestEvent",
    "nomination_event_coordinators",
    "process_recruiters",
]
