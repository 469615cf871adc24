"""The availability rule, with expiry and suspension in the past, today and the future."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from jobs.models import Application
from jobs.services import decisions, pools

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 16, 0, tzinfo=pools.TIMEZONE)


def _available(db, application):
    in_sql = db.session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.id == application.id, pools.available_condition(TODAY, NOW))
    )
    in_python = pools.is_available(application, TODAY, NOW)
    assert bool(in_sql) == in_python, "the SQL and Python forms of the rule disagree"
    return in_python


@pytest.fixture
def qualified(db, submitted):
    def make(expiry=None):
        application = submitted()
        decisions.qualify(application.process.created_by, application, None)
        application.expiry_date = expiry
        db.session.flush()
        return application

    return make


@pytest.mark.parametrize(
    ("expiry", "available"),
    [(None, True), (TODAY - timedelta(days=1), False), (TODAY, True), (TODAY + timedelta(days=1), True)],
)
def test_expiry(db, qualified, expiry, available):
    assert _available(db, qualified(expiry)) is available


@pytest.mark.parametrize(
    ("suspended_at", "available"),
    [
        (None, True),
        (NOW - timedelta(days=3), False),  # suspended in the past: still suspended
        (NOW - timedelta(hours=2), False),  # suspended earlier today
        (NOW + timedelta(days=2), True),  # a suspension that starts later has not started yet
    ],
)
def test_suspension(db, qualified, suspended_at, available):
    application = qualified()
    application.suspended_at = suspended_at
    assert _available(db, application) is available


@pytest.mark.parametrize(
    ("placement", "available"),
    [(None, True), ("tentative", True), ("casual", True), ("term", False), ("indeterminate", False)],
)
def test_placement(db, qualified, library, placement, available):
    application = qualified()
    if placement:
        decisions.place(application.process.created_by, application, placement, library["dept"].id)
    assert _available(db, application) is available


def test_not_qualified_removed_or_paused_is_not_available(db, submitted, qualified):
    assert not _available(db, submitted())
    application = qualified()
    decisions.set_paused(application.process.created_by, application, True)
    assert not _available(db, application)
    removed = qualified()
    decisions.remove(removed.process.created_by, removed, "ineligible")
    assert not _available(db, removed)
    disqualified = submitted()
    decisions.disqualify(disqualified.process.created_by, disqualified, "No")
    assert not _available(db, disqualified)


def test_a_person_in_two_pools_is_one_person(db, qualified, submitted, make_process):
    first = qualified()
    second = submitted(process=make_process(), candidate=first.user)
    decisions.qualify(second.process.created_by, second, None)
    ids = list(db.session.scalars(pools.available_users(TODAY)))
    assert ids.count(first.user_id) == 1


def test_pool_members_lists_the_qualified(db, qualified, submitted):
    member = qualified()
    other = submitted(process=member.process)
    members = list(db.session.scalars(pools.pool_members(member.process_id)))
    assert members == [member] and other not in members
