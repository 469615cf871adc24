"""Writing the change log the in-memory talent index reads (``TalentChange``).

One SQLAlchemy ``after_flush`` listener on the session: every flush that adds, changes or deletes a fact
the counting rules read appends rows to ``talent_changes`` in the same transaction, so the log commits or
rolls back with the facts. Facts: a candidate's profile, skills, experiences (diplomas), equity
declaration and applications (a row names the user); a process's classification or stream (a row names
the process: its members are reloaded); a classification's group or level (a row naming nothing: a full
reload). The programme's facts too (``talent_sources``): a nomination group (its decisions, expiries, a
decline: the row names the nominee), career interests (the consent), the work e-mail address (its
verification), the experiences (the current classification, already a person's fact) and the account's
active or deleted state; a deleted nomination event (its groups go with it in the database) reloads all.
An ORM bulk UPDATE or DELETE on one of those tables also asks for a full reload.

``pending(session)`` tells whether the session's transaction has written such rows and not committed
them yet: the index is shared by the process and holds committed facts only, so that transaction counts
without it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from jobs.models import Application, NominationEvent, NominationGroup, Process, TalentChange
from talent.models import (
    CandidateProfile,
    CareerInterest,
    Classification,
    EquityDeclaration,
    Experience,
    User,
    UserSkill,
    WorkEmail,
)

_PENDING = "talent.changes_pending"
PERSON_FACTS = (
    CandidateProfile,
    UserSkill,
    Experience,
    EquityDeclaration,
    Application,
    CareerInterest,
    WorkEmail,
)
PROCESS_FACTS = ("classification_id", "stream")
CLASSIFICATION_FACTS = ("group", "level")
# What of an account the programme's availability reads (``careers.verified_employee_condition``).
ACCOUNT_FACTS = ("active", "deleted_at")
FACT_TABLES = frozenset(
    model.__tablename__
    for model in (*PERSON_FACTS, NominationGroup, NominationEvent, Process, Classification, User)
)


def _person(obj: Any) -> int | None:
    """The person whose facts ``obj`` holds, if it is a fact of a person (a nomination group: its
    nominee)."""
    if isinstance(obj, PERSON_FACTS):
        return obj.user_id
    if isinstance(obj, NominationGroup):
        return obj.nominee_id
    return None


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
        if (person := _person(obj)) is not None:
            users.add(person)
    for obj in session.dirty:
        if (person := _person(obj)) is not None:
            if session.is_modified(obj):
                users.add(person)
        elif isinstance(obj, User) and _changed(obj, ACCOUNT_FACTS):
            users.add(obj.id)
        elif isinstance(obj, Process) and _changed(obj, PROCESS_FACTS):
            processes.add(obj.id)
        elif isinstance(obj, Classification) and _changed(obj, CLASSIFICATION_FACTS):
            everything = True
    for obj in session.deleted:
        if (person := _person(obj)) is not None:
            users.add(person)
        elif isinstance(obj, User):
            users.add(obj.id)
        elif isinstance(obj, Process):
            processes.add(obj.id)
        elif isinstance(obj, (Classification, NominationEvent)):
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
