"""Recruitment write logic, one module per area. Services validate, change, flush and return; views,
tasks and commands commit."""

from __future__ import annotations


class JobsError(ValueError):
    """A recruitment action that cannot be carried out; ``field`` names the form field at fault."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
