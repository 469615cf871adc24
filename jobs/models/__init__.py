"""Recruitment tables: processes and applications (``processes``), talent requests and referrals
(``requests``), and the change log of the facts talent counts read (``changes``)."""

from jobs.models.changes import TalentChange
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
    "TalentChange",
    "TalentRequest",
    "TalentRequestEvent",
    "process_recruiters",
]
