"""Records of the talent-management programme for tests (issue 16): verified government employees,
nomination events and nominees' groups of submitted nominations, written straight with the models (the
nominating pages and services are tested on their own).

Use the fixtures by naming them in a test module (``make_employee = nomination_fixtures.make_employee``,
as tests/jobs/test_dashboards.py does with ``make_member``), or call the plain builders behind them
(``employee_maker(db, make_user)``...) where fixtures cannot be asked for (the access-control world).

- ``make_verified(db, user, verified=True, consent=True)``: an existing account made an employee.
- ``make_employee(verified=True, consent=True, position=None, **user_fields)``: a candidate account with a
  work e-mail address (verified or not), career interests (with consent to share the profile, or not) and a
  candidate profile; ``position`` (classification, department) adds a current government work experience.
- ``make_event(opens_at=None, closes_at=None, coordinators=(), **fields)``: an event, active by default
  (opened yesterday, closing in 30 days), run by ``coordinators``.
- ``make_group(event, nominee, nominators=None, kinds=("advancement",), **fields)``: the nominee's group,
  with one submitted nomination per ``(nominator, kinds)`` pair of ``nominators`` (default: the nominee
  nominating themselves for ``kinds``); ``fields`` set the group's columns (decisions, ``declined_at``...).
- ``make_draft(event, nominator, nominee, kinds=("advancement",))``: a draft nomination (no group).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pytest


def make_verified(db: Any, user: Any, *, verified: bool = True, consent: bool = True) -> Any:
    """Make an existing account a government employee: a work e-mail address (verified or not) and career
    interests (with consent to share the profile, or not). Commits."""
    from talent.models import CareerInterest, WorkEmail
    from talent.models._types import utcnow

    local = user.email.split("@", 1)[0].lower()
    db.session.add(
        WorkEmail(user_id=user.id, email=f"{local}@canada.ca", verified_at=utcnow() if verified else None)
    )
    db.session.add(
        CareerInterest(
            user_id=user.id,
            wants_advancement=True,
            advancement_timeframe="within_1_year",
            wants_lateral=True,
            lateral_moves=["other_department"],
            development_programmes=["coaching"],
            mentoring=["mentee"],
            consent_at=utcnow() if consent else None,
        )
    )
    db.session.commit()
    return user


def employee_maker(db: Any, make_user: Any) -> Any:
    from talent.models import Experience
    from talent.profiles import services

    def make(
        *,
        verified: bool = True,
        consent: bool = True,
        position: tuple[Any, Any] | None = None,
        role: str = "candidate",
        **user_fields: Any,
    ) -> Any:
        user = make_user(role, **user_fields)
        services.get_profile(user)
        if position is not None:
            classification, department = position
            db.session.add(
                Experience(
                    user_id=user.id,
                    kind="work",
                    title="Team lead",
                    organization="Public service",
                    start_date=date(2021, 4, 1),
                    classification_id=classification.id if classification else None,
                    department_id=department.id if department else None,
                )
            )
        return make_verified(db, user, verified=verified, consent=consent)

    return make


def event_maker(db: Any) -> Any:
    from jobs.models import NominationEvent
    from talent.models._types import utcnow

    counter = iter(range(1, 10_000))

    def make(
        *,
        opens_at: datetime | None = None,
        closes_at: datetime | None = None,
        coordinators: Iterable[Any] = (),
        **fields: Any,
    ) -> Any:
        number = next(counter)
        now = utcnow()
        values: dict[str, Any] = {
            "name_en": f"Digital executives {number}",
            "name_fr": f"Cadres numériques {number}",
            "description_en": "Nominations of aspiring digital executives.",
            "description_fr": "Mises en candidature des futurs cadres numériques.",
            "development_programmes": ["executive_leadership", "coaching"],
            "assesses_leadership": True,
            **fields,
        }
        event = NominationEvent(
            opens_at=opens_at or now - timedelta(days=1),
            closes_at=closes_at or now + timedelta(days=30),
            **values,
        )
        event.coordinators.extend(coordinators)
        db.session.add(event)
        db.session.commit()
        return event

    return make


def _nomination(event: Any, nominator: Any, nominee: Any, kinds: Iterable[str], **fields: Any) -> Any:
    from jobs.models import Nomination

    kinds = tuple(kinds)
    return Nomination(
        event_id=event.id,
        nominator_id=nominator.id,
        nominee_id=nominee.id,
        for_advancement="advancement" in kinds,
        for_lateral="lateral" in kinds,
        for_development="development" in kinds,
        development_programmes=list(event.development_programmes[:1]) if "development" in kinds else [],
        rationale=f"{nominator.first_name} knows why {nominee.first_name} is ready.",
        relationship_to_nominee="self" if nominator.id == nominee.id else "colleague",
        reference_name="Robin Reference" if "advancement" in kinds else None,
        reference_email="robin.reference@canada.ca" if "advancement" in kinds else None,
        **fields,
    )


def group_maker(db: Any) -> Any:
    from jobs.models import NominationGroup, NominationSkill
    from talent.models._types import utcnow

    def make(
        event: Any,
        nominee: Any,
        nominators: Sequence[tuple[Any, Iterable[str]]] | None = None,
        kinds: Iterable[str] = ("advancement",),
        skills: Iterable[Any] = (),
        **fields: Any,
    ) -> Any:
        group = NominationGroup(event_id=event.id, nominee_id=nominee.id, **fields)
        db.session.add(group)
        db.session.flush()
        skill_ids = [skill.id for skill in skills]
        for nominator, named in nominators if nominators is not None else [(nominee, kinds)]:
            nomination = _nomination(
                event, nominator, nominee, named, group_id=group.id, submitted_at=utcnow()
            )
            nomination.skills.extend(NominationSkill(skill_id=skill_id) for skill_id in skill_ids)
            db.session.add(nomination)
        db.session.commit()
        db.session.refresh(group)
        return group

    return make


def draft_maker(db: Any) -> Any:
    def make(event: Any, nominator: Any, nominee: Any, kinds: Iterable[str] = ("advancement",)) -> Any:
        nomination = _nomination(event, nominator, nominee, kinds)
        db.session.add(nomination)
        db.session.commit()
        return nomination

    return make


@pytest.fixture
def make_employee(db: Any, make_user: Any) -> Any:
    return employee_maker(db, make_user)


@pytest.fixture
def make_event(db: Any) -> Any:
    return event_maker(db)


@pytest.fixture
def make_group(db: Any) -> Any:
    return group_maker(db)


@pytest.fixture
def make_draft(db: Any) -> Any:
    return draft_maker(db)
