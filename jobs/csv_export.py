"""CSV files for spreadsheets, shared by the web areas that export (a process's pool, the request reports,
a match list): every cell safe from formula injection, UTF-8 with a byte-order mark so that Excel reads the
accents. The pool's rows carry no equity data.

Files are streamed: ``csv_response`` sends the header, then ``BATCH_ROWS`` rows at a time, as the rows come
(read from the database in batches of the same size), so memory stays the same whatever the row count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from flask import Response, stream_with_context
from flask_babel import gettext as _

from jobs import vocab
from jobs.models import Application
from jobs.services import pools
from talent.vocab import LANGUAGES_COMM, label

BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The cell's text, with a leading ``'`` when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Rows per chunk of a streamed file, and per batch read from the database (``yield_per``).
BATCH_ROWS = 500


def csv_chunks(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], batch: int | None = None
) -> Iterator[str]:
    """The file in pieces: the byte-order mark and the header, then every ``batch`` rows (default
    ``BATCH_ROWS``). Joined, the pieces are ``to_csv(header, rows)``."""
    size = batch or BATCH_ROWS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, 1):
        writer.writerow([safe_cell(cell) for cell in row])
        if count % size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(csv_chunks(header, rows))


def csv_response(chunks: Iterable[str], filename: str) -> Response:
    """A download streamed as ``chunks`` are made (in the request's context, so a generator reading the
    database keeps its session), UTF-8 encoded."""
    encoded = (chunk.encode("utf-8") for chunk in chunks)
    return Response(
        stream_with_context(encoded),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def pool_header() -> list[str]:
    return [
        _("Application"),
        _("Last name"),
        _("First name"),
        _("E-mail address"),
        _("Telephone"),
        _("Preferred language of communication"),
        _("Qualified on"),
        _("Expiry date"),
        _("Available"),
        _("Suspended by the candidate"),
        _("Paused by the recruitment team"),
        _("Placement"),
        _("Department"),
    ]


def pool_rows(
    applications: Iterable[Application], lang: str, today: date, now: datetime
) -> Iterator[list[Any]]:
    """One row per pool member: contact details as they are now (the account) and as submitted
    (telephone), and their standing in the pool. Never the equity self-declaration. The words are
    translated once per file, not once per row (a pool has up to hundreds of thousands of members)."""
    yes, no = _("Yes"), _("No")
    languages: dict[Any, str] = {}
    placements: dict[Any, str] = {}
    for application in applications:
        user = application.user
        profile = (application.snapshot or {}).get("profile") or {}
        suspended = application.suspended_at is not None and application.suspended_at <= now
        department = application.placed_department
        language = profile.get("preferred_language")
        if language not in languages:
            languages[language] = label(LANGUAGES_COMM, language)
        placement = application.placement.value if application.placement else None
        if placement not in placements:
            placements[placement] = label(vocab.PLACEMENTS, placement)
        yield [
            application.id,
            user.last_name,
            user.first_name,
            user.email,
            profile.get("telephone") or "",
            languages[language],
            pools.iso_date(application.decided_at),
            pools.iso_date(application.expiry_date),
            yes if pools.is_available(application, today, now) else no,
            yes if suspended else no,
            yes if application.paused_at is not None else no,
            placements[placement],
            department.name(lang) if department else "",
        ]
