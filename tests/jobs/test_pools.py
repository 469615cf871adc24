"""The availability rule, with expiry and suspension in the past, today and the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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


# --- Edges to the second, and the reference time zone ----------------------------------------------------


@pytest.mark.parametrize(
    ("suspended_at", "available"),
    [
        (NOW - timedelta(seconds=1), False),
        (NOW, False),  # a suspension starting now has started
        (NOW + timedelta(seconds=1), True),
    ],
)
def test_suspension_to_the_second(db, qualified, suspended_at, available):
    application = qualified()
    application.suspended_at = suspended_at
    assert _available(db, application) is available


# 02:30 UTC on the 16th is still the evening of the 15th in Toronto: "today" is the 15th there.
LATE_EVENING = datetime(2026, 6, 16, 2, 30, tzinfo=UTC)


@pytest.mark.parametrize(("expiry", "available"), [(date(2026, 6, 15), True), (date(2026, 6, 14), False)])
def test_today_is_the_date_in_the_reference_time_zone(db, qualified, expiry, available):
    application = qualified(expiry)
    in_sql = db.session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.id == application.id, pools.available_condition(now=LATE_EVENING))
    )
    assert bool(in_sql) is available
    assert pools.is_available(application, now=LATE_EVENING) is available


def test_without_a_moment_the_rule_uses_now(db, qualified):
    today = datetime.now(pools.TIMEZONE).date()
    expired, current = qualified(today - timedelta(days=1)), qualified(today)
    available = set(db.session.scalars(select(Application.id).where(pools.available_condition())))
    assert current.id in available and expired.id not in available
    assert pools.is_available(current) and not pools.is_available(expired)
    current.suspended_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.flush()
    assert current.id not in set(
        db.session.scalars(select(Application.id).where(pools.available_condition()))
    )
    assert not pools.is_available(current)


def test_the_python_rule_on_its_own(db, qualified):
    application = qualified(TODAY)
    assert pools.is_available(application, TODAY, NOW)
    application.submitted_at = None
    assert not pools.is_available(application, TODAY, NOW)
    application.submitted_at = NOW
    application.removed_at = NOW
    assert not pools.is_available(application, TODAY, NOW)
    application.removed_at = None
    application.paused_at = NOW
    assert not pools.is_available(application, TODAY, NOW)
    application.paused_at = None
    assert pools.is_available(application, TODAY, NOW)
    assert not pools.is_available(application, TODAY + timedelta(days=1), NOW)


def test_a_qualified_draft_is_not_available(db, qualified):
    application = qualified()
    application.submitted_at = None
    db.session.flush()
    assert not _available(db, application)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (date(2026, 6, 15), "2026-06-15"),
        (datetime(2026, 6, 16, 3, 59, 59, tzinfo=UTC), "2026-06-15"),  # 23:59:59 in Toronto
        (datetime(2026, 6, 16, 4, 0, 0, tzinfo=UTC), "2026-06-16"),  # midnight in Toronto
    ],
)
def test_iso_date_is_the_reference_time_zone_date(value, text):
    assert pools.iso_date(value) == text


def test_pool_members_all_or_available_in_decision_order(db, qualified, submitted):
    first = qualified()
    process = first.process
    expired = submitted(process=process)
    decisions.qualify(process.created_by, expired, None)
    expired.expiry_date = TODAY - timedelta(days=1)
    removed = submitted(process=process)
    decisions.qualify(process.created_by, removed, None)
    decisions.remove(process.created_by, removed, "ineligible")
    disqualified = submitted(process=process)
    decisions.disqualify(process.created_by, disqualified, "No")
    last = submitted(process=process)
    decisions.qualify(process.created_by, last, None)
    first.decided_at, expired.decided_at, last.decided_at = NOW, NOW - timedelta(days=1), NOW
    db.session.flush()
    everyone = list(db.session.scalars(pools.pool_members(process.id)))
    assert everyone == [expired, first, last]  # by decision time, then id
    available = list(db.session.scalars(pools.pool_members(process.id, available_only=True, today=TODAY)))
    assert available == [first, last]
    assert list(db.session.scalars(pools.available_users(TODAY))) != []


def test_pool_members_and_available_users_follow_the_given_today(db, qualified):
    # Long ago, this expiry was still ahead: the rule must use the day it is given, not the real today.
    application = qualified(date(2020, 1, 1))
    other_pool = qualified()
    then = date(2019, 12, 31)
    members = list(
        db.session.scalars(pools.pool_members(application.process_id, available_only=True, today=then))
    )
    assert members == [application]  # and not the member of another pool
    assert application.user_id in set(db.session.scalars(pools.available_users(then)))
    assert application.user_id not in set(db.session.scalars(pools.available_users(date(2020, 1, 2))))
    assert other_pool.user_id in set(db.session.scalars(pools.available_users(then)))
