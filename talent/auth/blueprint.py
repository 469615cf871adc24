"""The ``auth`` blueprint, complete: password sign-in, registration and resets (``views``), the second
factor and re-authentication (``views_mfa``), and API tokens (``views_tokens``). Only the app factory
imports this module."""

from __future__ import annotations

from talent.auth import (
    views,  # noqa: F401 - its routes register on ``bp``
    views_mfa,  # noqa: F401
    views_tokens,  # noqa: F401
)
from talent.auth._common import bp

__all__ = ["bp"]
