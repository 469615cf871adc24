"""The talent package's tables: people, their accounts, the audit log and the e-mail outbox."""

from talent.models.audit import AuditEvent
from talent.models.outbox import OutboxMessage
from talent.models.users import PasswordResetToken, Role, User

__all__ = ["AuditEvent", "OutboxMessage", "PasswordResetToken", "Role", "User"]
