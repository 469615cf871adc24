"""The change log of the facts the talent counts read.

Every flush that touches a candidate's facts (profile, skills, experiences, equity declaration,
applications) or a pool's facts (a process's classification or stream) appends a row here, in the same
transaction (``jobs.services.talent_changes``). Each web process keeps an in-memory index of those facts
(``jobs.services.talent_index``) and, before counting, reloads just the people named by the rows it has not
applied yet. A row with neither a user nor a process asks for a full reload.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from talent.extensions import Model
from talent.models._types import UTCDateTime, utcnow


class TalentChange(Model):
    __tablename__ = "talent_changes"

    # BIGINT on PostgreSQL; a plain INTEGER primary key on SQLite, where only that is an autoincrement.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    # No foreign keys: the row must outlive the person or process it names.
    user_id: Mapped[int | None] = mapped_column(Integer)
    process_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
