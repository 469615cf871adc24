"""A process's pool page and its CSV export: only that pool's members, the filters, availability, no equity
data, cells safe from spreadsheet formula injection, UTF-8 with a BOM, a dated file name, audited."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from jobs.csv_export import safe_cell, to_csv
from jobs.services import decisions
from talent.models import AuditEvent
from talent.profiles import services as profile_services
from tests.conftest import login

BASE = "/en/recruit"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1 613", "'+1 613"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Zoë = fine", "Zoë = fine"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_a_quote(value, expected):
    assert safe_cell(value) == expected


def test_the_file_starts_with_a_bom_and_keeps_commas_inside_cells():
    body = to_csv(["=a", "b"], [["@c", "d,e"]])
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:]))) == [["'=a", "b"], ["'@c", "d,e"]]


@pytest.fixture
def pool(db, make_process, make_candidate, submitted, library):
    """A process with two qualified members (one paused), one applicant still to assess, and a member
    of another process's pool."""
    process = make_process()
    recruiter = process.created_by
    people = {}
    for key, first in (("formula", '=HYPERLINK("x")'), ("paused", "Paula"), ("pending", "Pending")):
        candidate = make_candidate()
        candidate.first_name, candidate.last_name = first, "Zoë-Lévesque"
        if key == "formula":
            profile_services.save_equity(candidate, True, ["woman", "visible_minority"], [])
        people[key] = submitted(process, candidate)
    decisions.qualify(recruiter, people["formula"], date.today() + timedelta(days=30))
    decisions.qualify(recruiter, people["paused"], None)
    decisions.set_paused(recruiter, people["paused"], True, "On leave")
    elsewhere = submitted()
    elsewhere.user.first_name = "Elsewhere"
    decisions.qualify(elsewhere.process.created_by, elsewhere, None)
    db.session.commit()
    return process, people


def test_the_pool_page_lists_only_this_pools_members_with_their_availability(db, client, pool):
    process, _people = pool
    login(client, process.created_by.email)
    page = client.get(f"{BASE}/processes/{process.id}/pool").get_data(as_text=True)
    assert "Paula" in page and "=HYPERLINK" in page
    assert "Pending" not in page and "Elsewhere" not in page
    assert "Not available" in page and "Paused by the recruitment team" in page
    available = client.get(f"{BASE}/processes/{process.id}/pool?available=yes").get_data(as_text=True)
    assert "Paula" not in available and "=HYPERLINK" in available
    paused = client.get(f"{BASE}/processes/{process.id}/pool?flag=paused").get_data(as_text=True)
    assert "Paula" in paused and "=HYPERLINK" not in paused
    soon = client.get(f"{BASE}/processes/{process.id}/pool?expiry=soon").get_data(as_text=True)
    assert "=HYPERLINK" in soon and "Paula" not in soon
    assert client.get(f"{BASE}/processes/{process.id}/pool?placement=forever").status_code == 200


def test_the_csv_export_is_safe_has_no_equity_data_and_is_audited(db, client, pool):
    process, people = pool
    login(client, process.created_by.email)
    response = client.get(f"{BASE}/processes/{process.id}/pool.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert f"pool-process-{process.id}-" in disposition and date.today().isoformat()[:4] in disposition
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, members = rows[0], rows[1:]
    assert header[:4] == ["Application", "Last name", "First name", "E-mail address"]
    assert not any(word in " ".join(header).lower() for word in ("equity", "woman", "minority", "indigenous"))
    assert sorted(int(row[0]) for row in members) == sorted([people["formula"].id, people["paused"].id])
    by_id = {int(row[0]): row for row in members}
    formula = by_id[people["formula"].id]
    assert formula[2] == '\'=HYPERLINK("x")' and formula[1] == "Zoë-Lévesque"
    assert formula[8] == "Yes" and by_id[people["paused"].id][8] == "No"
    body = raw.decode("utf-8-sig")
    assert "Woman" not in body and "visible minority" not in body.lower()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pool.exported")).one()
    assert event.target_id == str(process.id) and event.details["count"] == 2

    only_available = client.get(f"{BASE}/processes/{process.id}/pool.csv?available=yes").get_data()
    assert len(list(csv.reader(io.StringIO(only_available.decode("utf-8-sig"))))) == 2


def test_someone_elses_pool_cannot_be_exported(db, client, pool, make_user):
    process, _people = pool
    login(client, make_user("recruiter").email)
    assert client.get(f"{BASE}/processes/{process.id}/pool.csv").status_code == 404
    assert client.get(f"{BASE}/processes/{process.id}/pool").status_code == 404
    candidate_client = client.application.test_client()
    login(candidate_client, make_user("candidate").email)
    assert candidate_client.get(f"{BASE}/processes/{process.id}/pool.csv").status_code == 403
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pool.exported")).all()
