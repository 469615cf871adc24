"""Administration: users and their roles, and the audit log."""
