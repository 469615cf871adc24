"""Helpers shared by every form-handling view."""

from __future__ import annotations

from typing import Any, Protocol

from wtforms.fields.choices import SelectChoice


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


def choices(*pairs: tuple[str, Any]) -> list[SelectChoice]:
    """Options for a select, radio or checkbox field from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


LANGUAGE_CHOICES = (("en", "English"), ("fr", "Français"))
