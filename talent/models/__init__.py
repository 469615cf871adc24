"""The talent package's tables: people, their accounts and profiles, the skills library, reference
data, the audit log and the e-mail outbox."""

from talent.models.audit import AuditEvent
from talent.models.careers import CareerInterest, WorkEmail
from talent.models.notifications import Notification
from talent.models.outbox import OutboxMessage
from talent.models.profiles import CandidateProfile, EquityDeclaration, Experience, ExperienceSkill, UserSkill
from talent.models.reference import Classification, Department
from talent.models.skills import Skill, SkillFamily, skill_families
from talent.models.tokens import ApiToken
from talent.models.users import PasswordResetToken, RecoveryCode, Role, TokenPurpose, User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CandidateProfile",
    "CareerInterest",
    "Classification",
    "Department",
    "EquityDeclaration",
    "Experience",
    "ExperienceSkill",
    "Notification",
    "OutboxMessage",
    "PasswordResetToken",
    "RecoveryCode",
    "Role",
    "Skill",
    "SkillFamily",
    "TokenPurpose",
    "User",
    "UserSkill",
    "WorkEmail",
    "skill_families",
]
