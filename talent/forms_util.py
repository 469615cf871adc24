"""Helpers shared by every form-handling view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from talent.models._types import MAX_ID
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


def as_id(value: Any) -> int | None:
    """A record id from a form, a query string or a coerced field: 1 to ``MAX_ID`` in plain ASCII digits;
    None for anything else (blank, junk, 0, a number past the database's integer range)."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class RecordId:
    """The validator of every form field that carries record ids (a select, checkboxes, a hidden input, a
    query-string argument): each value given must be an id (``as_id``), else the field has an error and the
    page answers 422 instead of sending an impossible number to the database. Blank values pass:
    ``Optional`` or ``InputRequired`` decide whether one is needed."""

    def __init__(self, message: Any = None) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        values = field.data if isinstance(field.data, list | tuple) else [field.data]
        if any(value not in (None, "") and as_id(value) is None for value in values):
            raise ValidationError(str(self.message or _l("Choose an option from the list.")))


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


REPEATED = _l("This field was sent more than once. Please send one value.")


def takes_many(field: Field) -> bool:
    """Whether ``field`` reads several values of its name (checkbox groups, lists) or holds sub-fields."""
    return isinstance(field, SelectMultipleField | FieldList | FormField) or bool(
        getattr(field, "multiple", False)
    )


class Form(FlaskForm):
    """The base of every form: besides its own validators, a field that takes one value and was sent more
    than once (``active=0&active=x``) is refused with an error on that field, never silently read as its
    first value."""

    def process(self, formdata: Any = None, obj: Any = None, data: Any = None, **kwargs: Any) -> None:
        self._sent = self.meta.wrap_formdata(self, formdata)
        super().process(self._sent, obj, data=data, **kwargs)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        sent = getattr(self, "_sent", None)
        if sent is None:
            return valid
        for field in self:
            if not takes_many(field) and len(sent.getlist(field.name)) > 1:
                field.errors = [*field.errors, str(REPEATED)]
                valid = False
        return valid


LANGUAGE_CHOICES = (("en", "English"), ("fr", "Français"))
