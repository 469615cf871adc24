"""Dates and times as the pages show them: one format per language, everywhere.

English ``December 7, 2026`` and French ``7 décembre 2026``: the Canada.ca Content Style Guide's way of
writing a date in running text in each official language (month spelled out, so that neither reader has
to guess whether 07/12 is July or December, and screen readers say it as people do). It is Babel's
``long`` date of the Canadian locales (``en_CA``, ``fr_CA``), so no pattern is written by hand. A moment
is shown in the public service's reference time zone (America/Toronto), with that zone named:
``December 7, 2026 at 1:01 p.m. Eastern Standard Time`` / ``7 décembre 2026 à 13 h 01 heure normale de
l’Est``. Experience periods, which are months, read ``December 2026`` / ``décembre 2026``.

The template filters ``date``, ``datetime`` and ``month`` (``talent.templating``) are these functions;
the older names (``jobs_date``, ``recruit_date``, ``jobs_datetime``, ``recruit_datetime``, and
Flask-Babel's ``dateformat``/``datetimeformat`` with a named width) give the same text.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_skeleton, format_time, get_timezone_name
from flask_babel import gettext

from talent.clock import TIMEZONE
from talent.i18n import rendering_language


def _locale(lang: str | None) -> str:
    return f"{lang or rendering_language()}_CA"


def _day(value: date | datetime) -> date:
    """A date as it is; a moment's calendar date in the reference time zone."""
    if isinstance(value, datetime):
        return value.astimezone(TIMEZONE).date() if value.tzinfo else value.date()
    return value


def format_day(value: date | datetime | None, lang: str | None = None) -> str:
    """``December 7, 2026`` / ``7 décembre 2026`` ("" for None), in ``lang`` or the page's language."""
    if value is None:
        return ""
    return format_date(_day(value), "long", locale=_locale(lang))


def format_moment(value: datetime | None, lang: str | None = None) -> str:
    """The date as :func:`format_day`, then the time and the zone it is in (America/Toronto)."""
    if value is None:
        return ""
    local = value.astimezone(TIMEZONE) if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    locale = _locale(lang)
    return gettext(
        "%(date)s at %(time)s %(zone)s",
        date=format_date(local.date(), "long", locale=locale),
        time=format_time(local, "short", tzinfo=TIMEZONE, locale=locale),
        zone=get_timezone_name(local, "long", locale=locale),
    )


def format_month(value: date | datetime | None, lang: str | None = None) -> str:
    """``December 2026`` / ``décembre 2026`` ("" for None): the month of an experience period."""
    if value is None:
        return ""
    return format_skeleton("yMMMM", _day(value), locale=_locale(lang))
