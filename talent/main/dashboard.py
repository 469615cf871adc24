"""The dashboard's sections: what each person should do next.

The dashboard shows, for the signed-in person's role, the sections registered for it, in order. ``talent``
registers the profile's (what a candidate's profile still lacks); the packages that hold the rest of the
work (``jobs``: applications, referrals, the recruitment team's queue, managers' requests) register theirs
with :func:`register` when the app is made, so that ``talent`` never imports them (the layers run
``talent`` <- ``jobs`` <- ``matching``).

Each section loads its data with a fixed number of statements, whatever the number of records behind it:
counts are aggregated in SQL and lists are bounded (``LIST_LIMIT``), with the count of the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import current_app
from flask.sansio.app import App
from sqlalchemy import select

from talent.extensions import db
from talent.models import CandidateProfile, Role, User
from talent.profiles import completeness
from talent.profiles.sections import section_url

EXTENSION = "dashboard_sections"

# How many rows a list of a section shows; the section says how many more there are.
LIST_LIMIT = 10

T = TypeVar("T")


@dataclass(frozen=True)
class Listed(Generic[T]):
    """The first ``LIST_LIMIT`` rows of a list, and how many there are in all."""

    rows: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Section:
    """One section of the dashboard.

    ``load(user)`` returns the data ``template`` is rendered with (as ``data``, with ``section``); it must
    send a bounded number of statements. Sections are shown by ascending ``order``. A section that draws a
    chart (``macros/charts.html``) says so with ``charts``, so that the page loads the charting scripts.
    """

    key: str
    order: int
    roles: frozenset[Role]
    template: str
    load: Callable[[User], Any]
    charts: bool = False


def register(app: App, sections: Iterable[Section]) -> None:
    """Add ``sections`` to the app's dashboard. A key registered twice is a programming error."""
    registry: dict[str, Section] = app.extensions.setdefault(EXTENSION, {})
    for section in sections:
        if section.key in registry:
            raise ValueError(f"dashboard section {section.key!r} is registered twice")
        registry[section.key] = section


def sections_for(user: User) -> list[Section]:
    """The sections ``user``'s role sees, in order."""
    registry: dict[str, Section] = current_app.extensions.get(EXTENSION, {})
    return sorted((s for s in registry.values() if user.role in s.roles), key=lambda s: (s.order, s.key))


# --- The profile (talent's own section) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    label: str
    url: str


@dataclass(frozen=True)
class ProfileGaps:
    percent: int
    gaps: tuple[Gap, ...]


def profile_gaps(user: User) -> ProfileGaps:
    """What the candidate's profile still lacks (the completeness rule), each with the page that fixes it.
    One statement; reading the dashboard creates no profile."""
    profile = db.session.scalars(select(CandidateProfile).where(CandidateProfile.user_id == user.id)).first()
    if profile is None:
        profile = CandidateProfile(user_id=user.id)  # not added: an empty profile, as the pages start it
    missing = completeness.missing(user, profile)
    return ProfileGaps(
        percent=completeness.percent_complete(user, profile),
        gaps=tuple(Gap(str(item.label), section_url(item.section)) for item in missing),
    )


PROFILE_SECTION = Section(
    key="profile",
    order=10,
    roles=frozenset({Role.CANDIDATE}),
    template="main/dashboard/_profile.html",
    load=profile_gaps,
)
