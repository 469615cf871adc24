"""One calendar for every date rule: calendar dates (expiries, closing days, follow-ups, "today") are
days in the public service's reference time zone, never the server's or UTC's. Near midnight UTC the two
disagree; every rule asks ``today()`` here, so a date accepted by one rule is counted by the others."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from talent.models._types import utcnow

TIMEZONE = ZoneInfo("America/Toronto")


def today(now: datetime | None = None) -> date:
    """The reference time zone's date at ``now`` (default: now)."""
    return (now or utcnow()).astimezone(TIMEZONE).date()


def local_date(moment: datetime) -> date:
    """The reference time zone's date of a stored moment (stored moments are UTC)."""
    return moment.astimezone(TIMEZONE).date()
