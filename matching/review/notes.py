"""A recruiter's private notes on the ranked candidates of a run: one per run, candidate and author, read
only by its author (in the run's list, in the row of the candidate), and nowhere else: not in the CSV, not on
the comparison, never to the manager. Deleted with the run (and with the candidate's account).

``save`` validates, writes and flushes (the view commits); ``mine`` reads the signed-in author's notes of a
page's candidates in one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matching.models import MatchNote, MatchResult, MatchRun
from matching.services import MatchingError
from talent.extensions import db
from talent.models import User
from talent.models._types import utcnow

NOTE_MAX = 2000


def mine(author: User, run: MatchRun, user_ids: Iterable[int]) -> dict[int, MatchNote]:
    """``author``'s notes on ``user_ids`` in ``run``, by candidate (never anyone else's notes)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    return {
        note.user_id: note
        for note in db.session.scalars(
            select(MatchNote).where(
                MatchNote.run_id == run.id, MatchNote.author_id == author.id, MatchNote.user_id.in_(ids)
            )
        )
    }


def save(author: User, run: MatchRun, user_id: int, text: str | None) -> MatchNote | None:
    """Write ``author``'s note on candidate ``user_id`` of ``run`` (an empty text deletes it). Only the
    recruitment team writes notes, on candidates the run ranked, of at most ``NOTE_MAX`` characters."""
    if not author.is_recruiter:
        raise MatchingError(_l("Only the recruitment team reviews match lists."))
    ranked = db.session.scalar(
        select(MatchResult.id).where(MatchResult.run_id == run.id, MatchResult.user_id == user_id)
    )
    if ranked is None:
        raise MatchingError(_l("Choose candidates from the match list."))
    body = (text or "").strip()
    if len(body) > NOTE_MAX:
        raise MatchingError(_l("Use at most %(n)d characters.", n=NOTE_MAX), "text")
    note = mine(author, run, [user_id]).get(user_id)
    if not body:
        if note is not None:
            db.session.delete(note)
            db.session.flush()
        return None
    if note is None:
        note = MatchNote(run_id=run.id, user_id=user_id, author_id=author.id, text=body)
        db.session.add(note)
    else:
        note.text, note.updated_at = body, utcnow()
    db.session.flush()
    return note
