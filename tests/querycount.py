"""Count the SQL statements a piece of code sends to the database (rule 14: pages do not grow with the data).

    with count_queries() as counted:
        client.get("/en/jobs")
    assert counted.count == 5, counted.report()

``count_queries`` listens on every engine Flask-SQLAlchemy knows (and on the test's connection), so it
sees what a request sends whatever connection it uses. The test transaction's noise is left out:
``SAVEPOINT``, ``RELEASE SAVEPOINT`` and ``ROLLBACK TO SAVEPOINT`` (app commits become savepoints in the
``db`` fixture). ``assert_flat`` renders a page with few rows and again with many, and fails when the
second sends more statements: an N+1 (a lazy relationship read per row) or a query per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

_NOISE = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.IGNORECASE)


@dataclass
class Counted:
    """The statements sent inside a ``count_queries`` block, in order."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def report(self) -> str:
        """The statements, numbered, for an assertion's message."""
        lines = [f"{self.count} statements:"]
        lines += [f"{i:3d}. {' '.join(s.split())[:300]}" for i, s in enumerate(self.statements, 1)]
        return "\n".join(lines)


@contextmanager
def count_queries() -> Iterator[Counted]:
    """Count the statements executed on the app's database while the block runs."""
    from talent.extensions import db

    counted = Counted()

    def before_cursor_execute(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        if not _NOISE.match(statement):
            counted.statements.append(statement)

    # In the ``db`` fixture the engine is replaced by the test's connection; listening on that
    # connection's engine catches every statement the request sends through it.
    targets = {id(t): t for t in (_engine_of(e) for e in db.engines.values())}
    for target in targets.values():
        event.listen(target, "before_cursor_execute", before_cursor_execute)
    try:
        yield counted
    finally:
        for target in targets.values():
            event.remove(target, "before_cursor_execute", before_cursor_execute)


def _engine_of(bind: Any) -> Any:
    return getattr(bind, "engine", bind)


# How many rows a list page shows in ``assert_flat``: a few, then many (fewer than any page size).
FEW, MANY = 2, 12


@dataclass(frozen=True)
class Flat:
    """The statement counts of a page with few rows and with many."""

    few: int
    many: int


def assert_flat(
    fetch: Callable[[], Any],
    make_row: Callable[[int], Any],
    *,
    few: int = FEW,
    many: int = MANY,
    slack: int = 0,
    why: str = "",
) -> Flat:
    """Make ``few`` rows (``make_row(i)``, ``i`` counting from 0), count the statements of ``fetch()`` (a
    request returning a response), make rows up to ``many`` and count again: the second count may exceed
    the first by at most ``slack`` (say ``why`` when it is not 0).

    Each count is of a second identical request, so that what a first request sets up once (the
    signed-in session, a cache) does not count against the page.
    """
    for i in range(few):
        make_row(i)
    counted_few = _counted(fetch)
    for i in range(few, many):
        make_row(i)
    counted_many = _counted(fetch)
    assert counted_many.count <= counted_few.count + slack, (
        f"the page sends more statements with {many} rows than with {few}: "
        f"{counted_few.count} -> {counted_many.count}"
        f"{f' (allowed {slack}: {why})' if slack else ''}.\n"
        f"With {few} rows: {counted_few.report()}\nWith {many} rows: {counted_many.report()}"
    )
    return Flat(counted_few.count, counted_many.count)


def _counted(fetch: Callable[[], Any]) -> Counted:
    fetch()
    with count_queries() as counted:
        response = fetch()
    status = getattr(response, "status_code", 200)
    assert status == 200, f"the page answered {status}"
    return counted
