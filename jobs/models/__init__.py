"""Recruitment tables: processes and applications (``processes``), talent requests and referrals
(``requests``)."""

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
    "Placement",
    "Process",
    "ProcessQuestion",
    "ProcessSkill",
    "Referral",
    "RemovalReason",
    "RequestSkill",
    "TalentRequest",
    "TalentRequestEvent",
    "process_recruiters",
]
