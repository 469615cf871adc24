"""Recruitment write logic, one module per area. Services validate, change, flush and return; views,
tasks and commands commit."""

from __future__ import annotations

from talent.service_errors import ServiceError


class JobsError(ServiceError):
    """A recruitment action that cannot be carried out."""
