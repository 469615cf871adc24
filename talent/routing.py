"""The URL converter for record ids: ``<id:process_id>`` in every route that takes one."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import BaseConverter

from talent.models._types import MAX_ID


def up_to(limit: int) -> str:
    """A regular expression matching the numbers 1 to ``limit`` written in plain digits (no leading zero).

    The range is in the pattern itself, not checked after the match: Werkzeug answers a URL whose converter
    refuses a matched value with 405 when a sibling route has the same path for other methods."""
    digits = str(limit)
    shorter = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    same_length = [
        f"{digits[:i]}[{int(i == 0)}-{int(d) - 1}][0-9]{{{len(digits) - i - 1}}}"
        for i, d in enumerate(digits)
        if int(d) > int(i == 0)
    ]
    return "(?:" + "|".join([*shorter, *same_length, digits]) + ")"


class IdConverter(BaseConverter):
    """A record id: 1 to ``MAX_ID`` in plain digits. Anything else (0, a leading zero or sign, a number past
    the database's integer range) does not match, so the URL is a 404 before any query runs."""

    regex = up_to(MAX_ID)
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(int(value))


def register_routing(app: Flask) -> None:
    """Before the blueprints: their rules are compiled with the converters known when they are added."""
    app.url_map.converters["id"] = IdConverter
