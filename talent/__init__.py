"""The talent platform's application and its people.

Owns the app factory, configuration, extensions, the Celery binding, accounts and roles, the audit log,
e-mail, languages, the shared layout and (later) candidate profiles and the skills library.
"""

from talent.app import create_app

__all__ = ["create_app"]
