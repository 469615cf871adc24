"""Helpers shared by every form-handling view."""

from __future__ import annotations

from typing import Any, Protocol


class FieldError(Protocol):
    message: str
    field: str | None


def attach_error(form: Any, exc: FieldError) -> None:
    """Show a service error on its field, or at the top of the form when it concerns no one field."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors), exc.message]
    else:
        form.form_errors = [*getattr(form, "form_errors", []), exc.message]


def status_for(form: Any) -> int:
    """422 for a form sent back with errors, so clients and tests can tell it from a fresh page."""
    return 422 if form.errors else 200
