"""The pool CSV and the request reports at scale: the CSV is streamed in chunks as its rows are read, and
neither the CSV nor the reports issue more statements for more rows; the reports, aggregated in SQL, give
the numbers a count over every request would give."""

from __future__ import annotations

import contextlib
import csv
import io
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from jobs import csv_export
from jobs.models import Application, Decision, Referral, TalentRequest
from jobs.services import reports
from talent.models import Department, Role, User
from talent.models._types import utcnow
from tests.conftest import login


@contextlib.contextmanager
def _statements(db) -> Iterator[list[str]]:
    """The SQL statements run inside the block (this file's own counter)."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    target = db.engine  # the test's connection: every session of the test runs on it
    event.listen(target, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(target, "before_cursor_execute", count)


def _people(db, count: int, start: int) -> list[User]:
    people = [
        User(
            email=f"member{start + i}@example.com",
            password_hash="x",
            role=Role.CANDIDATE,
            first_name=f"=cmd|{start + i}" if i == 0 else f"Pat{start + i}",
            last_name="Zoë",
        )
        for i in range(count)
    ]
    db.session.add_all(people)
    db.session.flush()
    return people


def _add_members(db, process, count: int, start: int = 0) -> None:
    for i, user in enumerate(_people(db, count, start)):
        db.session.add(
            Application(
                process_id=process.id,
                user_id=user.id,
                submitted_at=utcnow(),
                decision=Decision.QUALIFIED,
                decided_at=utcnow() - timedelta(days=i),
                snapshot={"profile": {"telephone": f"+1 613 555 {i:04d}", "preferred_language": "en"}},
            )
        )
    db.session.commit()


@pytest.fixture
def exporting(db, client, make_process):
    process = make_process()
    login(client, process.created_by.email)
    return process


def _export(db, client, process):
    with _statements(db) as seen:
        response = client.get(f"/en/recruit/processes/{process.id}/pool.csv")
    assert response.status_code == 200
    return response, len(seen)


def test_the_pool_csv_streams_in_chunks_with_as_many_statements_for_any_size(
    db, client, exporting, monkeypatch
):
    monkeypatch.setattr(csv_export, "BATCH_ROWS", 2)
    _add_members(db, exporting, 3)
    small, small_statements = _export(db, client, exporting)
    _add_members(db, exporting, 6, start=3)
    large, large_statements = _export(db, client, exporting)

    # A generator's chunks: the header, then two rows at a time as they are read.
    chunks = list(large.response)
    assert len(chunks) == 1 + 5 and all(isinstance(chunk, bytes) for chunk in chunks)
    assert len(list(small.response)) == 1 + 2
    assert large_statements == small_statements  # one SELECT for the rows, whatever their number

    body = large.get_data()
    assert body == b"".join(chunks) and body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 1 + 9 and rows[0][0] == "Application"
    assert sum(1 for row in rows if row[2].startswith("'=cmd|")) == 2  # escaped, in both batches of people
    assert large.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert large.headers["Content-Disposition"].startswith('attachment; filename="pool-process-')


def test_the_streamed_csv_is_byte_for_byte_the_whole_file():
    header = ["=a", "b"]
    rows = [["@c", "d,e"], ["Zoë", None], ["-1", 'say "hi"'], ["\tx", "\r\n"], [1, 2.5]]
    whole = csv_export.to_csv(header, rows)
    for batch in (1, 2, 5, 6, 500):
        pieces = list(csv_export.csv_chunks(header, rows, batch))
        assert "".join(pieces) == whole
        assert len(pieces) == 1 + -(-len(rows) // batch)
    assert list(csv_export.csv_chunks(header, [], 2)) == [csv_export.to_csv(header, [])]


# --- Reports ------------------------------------------------------------------------------------------------


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _requests(
    db, library, manager, when: list[datetime], departments: list[int | None]
) -> list[TalentRequest]:
    made = []
    for i, created in enumerate(when):
        made.append(
            TalentRequest(
                requester_id=manager.id,
                job_title=f"Job {i}",
                search={},
                classification_id=library["it03"].id,
                reason="immediate_hire",
                department_id=departments[i % len(departments)],
                status=("new", "in_progress", "completed")[i % 3],
                created_at=created,
            )
        )
    db.session.add_all(made)
    db.session.flush()
    return made


def _referrals(db, made: list[TalentRequest], people: list[User], recruiter: User) -> None:
    for i, talent_request in enumerate(made):
        if i % 4 == 3:
            continue  # a request without referrals
        for k, person in enumerate(people[: 1 + i % 3]):
            referred = k != 1
            db.session.add(
                Referral(
                    request_id=talent_request.id,
                    user_id=person.id,
                    referred=referred,
                    not_referred_reason=None if referred else "other",
                    decided_at=talent_request.created_at + timedelta(hours=5 + 7 * i + k, minutes=13 * i),
                    decided_by_id=recruiter.id,
                    selection=("selected", "not_selected", None)[(i + k) % 3] if referred else None,
                    declined_at=utcnow() if (i + k) % 5 == 0 else None,
                )
            )
    db.session.commit()


def _counted(made: list[TalentRequest], start: date | None, end: date | None) -> reports.RequestReport:
    """The report as a count over every request and referral in Python (what the SQL must give)."""
    kept = [
        r
        for r in sorted(made, key=lambda r: (r.created_at, r.id))
        if (start is None or r.created_at.date() >= start) and (end is None or r.created_at.date() <= end)
    ]
    firsts = {r.id: min((f.decided_at for f in r.referrals if f.referred), default=None) for r in kept}
    delays = [(firsts[r.id] - r.created_at).total_seconds() / 86400 for r in kept if firsts[r.id]]
    refs = [f for r in kept for f in r.referrals]
    statuses = Counter(r.status for r in kept)
    return reports.RequestReport(
        per_month=tuple(sorted(Counter(r.created_at.strftime("%Y-%m") for r in kept).items())),
        by_status=tuple((s, statuses.get(s, 0)) for s in ("new", "in_progress", "completed")),
        by_department=tuple(Counter(r.department_id for r in kept).most_common()),
        median_days_to_first_referral=round(statistics.median(delays), 1) if delays else None,
        requests_with_referrals=len(delays),
        referrals=sum(1 for f in refs if f.referred),
        not_referred=sum(1 for f in refs if not f.referred),
        selected=sum(1 for f in refs if f.selection == "selected"),
        not_selected=sum(1 for f in refs if f.selection == "not_selected"),
        declined=sum(1 for f in refs if f.declined_at is not None),
        total=len(kept),
    )


@pytest.fixture
def reporting(db, library, make_user):
    manager, recruiter = make_user("manager"), make_user("recruiter")
    other = Department(number=9003, name_en="Other", name_fr="Autre")
    db.session.add(other)
    db.session.flush()
    people = _people(db, 3, 100)
    return manager, recruiter, people, [library["dept"].id, None, other.id]


def test_the_report_aggregated_in_sql_gives_the_counts_over_every_request(db, library, reporting):
    manager, recruiter, people, departments = reporting
    day = date(2026, 3, 31)
    when = [
        _at(day, 0, 0),  # the first instant of the end day
        _at(day, 23, 59),  # its last minute
        _at(day + timedelta(days=1), 0, 0),  # the next day: a new month
        _at(day - timedelta(days=1), 23, 59),  # the day before
        _at(day - timedelta(days=40)),
        _at(day - timedelta(days=40)),
        _at(day + timedelta(days=70)),
    ]
    made = _requests(db, library, manager, when, departments)
    _referrals(db, made, people, recruiter)
    for r in made:
        db.session.refresh(r)
    for start, end in [
        (None, None),
        (day, day),  # one day: both its first and its last minute, neither neighbour
        (day + timedelta(days=1), None),
        (None, day - timedelta(days=1)),
        (day - timedelta(days=40), day),
        (day + timedelta(days=200), None),  # nothing
    ]:
        assert reports.request_report(start, end) == _counted(made, start, end), (start, end)
    assert reports.request_report(day, day).total == 2
    assert reports.request_report(day + timedelta(days=200)).median_days_to_first_referral is None


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(db, library, reporting):
    manager, _recruiter, people, _departments = reporting
    made = _requests(db, library, manager, [_at(date(2026, 1, 5))] * 4, [None])
    for talent_request, hours in zip(made, (24, 36, 60, 240), strict=True):
        db.session.add(
            Referral(
                request_id=talent_request.id,
                user_id=people[0].id,
                referred=True,
                decided_at=talent_request.created_at + timedelta(hours=hours),
            )
        )
    db.session.commit()
    assert reports.request_report().median_days_to_first_referral == 2.0  # (1.5 + 2.5) / 2
    assert reports.request_report().by_department == ((None, 4),)


def test_the_reports_page_and_csv_issue_as_many_statements_for_any_number_of_requests(
    db, client, library, reporting
):
    manager, recruiter, people, departments = reporting
    login(client, recruiter.email)
    day = date(2026, 2, 10)

    def measure() -> tuple[int, int]:
        with _statements(db) as page:
            assert client.get("/en/recruit/reports").status_code == 200
        with _statements(db) as csv_file:
            response = client.get("/en/recruit/reports.csv")
            assert response.status_code == 200
        return len(page), len(csv_file)

    made = _requests(db, library, manager, [_at(day + timedelta(days=i)) for i in range(3)], departments)
    _referrals(db, made, people, recruiter)
    few = measure()
    made = _requests(db, library, manager, [_at(day + timedelta(days=i)) for i in range(30)], departments)
    _referrals(db, made, people, recruiter)
    assert measure() == few
