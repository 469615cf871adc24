"""Helpers shared by every form-handling view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice

from talent.service_errors import ServiceError


def attach_error(form: Any, exc: ServiceError) -> None:
    """Show a service error on its field, or at the top of the form when it concerns no one field."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors), exc.message]
    else:
        form.form_errors = [*getattr(form, "form_errors", []), exc.message]


def status_for(form: Any) -> int:
    """422 for a form sent back with errors, so clients and tests can tell it from a fresh page."""
    return 422 if form.errors else 200


def page_arg(name: str = "page", cap: int = 10_000) -> int:
    """The page number asked for in the query string: 1 when absent or not a number, at most ``cap`` so that
    the offset stays within what the database accepts."""
    try:
        return max(1, min(int(request.args.get(name, "1")), cap))
    except ValueError:
        return 1


def choices(*pairs: tuple[str, Any]) -> list[SelectChoice]:
    """Options for a select, radio or checkbox field from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def vocab_choices(vocabulary: Mapping[Any, Any], blank: Any = None) -> list[SelectChoice]:
    """Options from a vocabulary (code: label), codes as text, after a blank option if ``blank`` is given."""
    pairs = [(str(code), label) for code, label in vocabulary.items()]
    if blank is not None:
        pairs.insert(0, ("", blank))
    return choices(*pairs)


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (rendered with gcds-checkboxes)."""


LANGUAGE_CHOICES = (("en", "English"), ("fr", "Français"))
