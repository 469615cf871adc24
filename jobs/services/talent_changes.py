"""Writing the change log the in-memory talent index reads (``TalentChange``).

One SQLAlchemy ``after_flush`` listener on the session: every flush that adds, changes or deletes a fact
the counting rules read appends rows to ``talent_changes`` in the same transaction, so the log commits or
rolls back with the facts. Facts: a candidate's profile, skills, experiences (diplomas), equity
declaration and applications (a row names the user); a process's classification or stream (a row names
the process: its members are reloaded); a classification's group or level (a row naming nothing: a full
reload). An ORM bulk UPDATE or DELETE on one of those tables also asks for a full reload.

``pending(session)`` tells whether the session's transaction has written such rows and not committed
them yet: the index is shared by the process and holds committed facts only, so that transaction counts
without it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from jobs.models import Application, Process, TalentChange
from talent.models import (
    CandidateProfile,
    Classification,
    EquityDeclaration,
    Experience,
    User,
    UserSkill,
)

_PENDING = "talent.changes_pending"
PERSON_FACTS = (CandidateProfile, UserSkill, Experience, EquityDeclaration, Application)
PROCESS_FACTS = ("classification_id", "stream")
CLASSIFICATION_FACTS = ("group", "level")
FACT_TABLES = frozenset(model.__tablename__ for model in (*PERSON_FACTS, Process, Classification, User))


def pending(session: Any) -> bool:
    return bool(session.info.get(_PENDING))


def _changed(obj: Any, names: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def changes_in(session: Session) -> list[dict[str, Any]]:
    """The change rows a flush calls for. Called after the flush, when ``new``, ``dirty`` and ``deleted``
    and the attributes' history still describe it, and ids given by the flush are set."""
    users: set[int] = set()
    processes: set[int] = set()
    everything = False
    for obj in session.new:
        if isinstance(obj, PERSON_FACTS) and obj.user_id is not None:
            users.add(obj.user_id)
    for obj in session.dirty:
        if isinstance(obj, PERSON_FACTS) and session.is_modified(obj) and obj.user_id is not None:
            users.add(obj.user_id)
        elif isinstance(obj, Process) and _changed(obj, PROCESS_FACTS):
            processes.add(obj.id)
        elif isinstance(obj, Classification) and _changed(obj, CLASSIFICATION_FACTS):
            everything = True
    for obj in session.deleted:
        if isinstance(obj, PERSON_FACTS) and obj.user_id is not None:
            users.add(obj.user_id)
        elif isinstance(obj, User):
            users.add(obj.id)
        elif isinstance(obj, Process):
            processes.add(obj.id)
        elif isinstance(obj, Classification):
            everything = True
    rows: list[dict[str, Any]] = [{"user_id": u, "process_id": None} for u in sorted(users)]
    rows += [{"user_id": None, "process_id": p} for p in sorted(processes)]
    if everything:
        rows.append({"user_id": None, "process_id": None})
    return rows


def _after_flush(session: Session, _context: Any) -> None:
    rows = changes_in(session)
    if rows:
        session.connection().execute(insert(TalentChange), rows)
        session.info[_PENDING] = True


def _on_bulk(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) in FACT_TABLES:
        state.session.connection().execute(insert(TalentChange), [{"user_id": None, "process_id": None}])
        state.session.info[_PENDING] = True


def _transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction committed or rolled back
        session.info.pop(_PENDING, None)


def register(session: Any) -> None:
    """Listen on ``session`` (the app's scoped session) once."""
    if not event.contains(session, "after_flush", _after_flush):
        event.listen(session, "after_flush", _after_flush)
        event.listen(session, "do_orm_execute", _on_bulk)
        event.listen(session, "after_transaction_end", _transaction_end)
