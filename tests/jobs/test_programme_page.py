"""The public programme page (/<lang>/programme) and its CSV: monthly aggregates for anyone, no personal data,
small numbers hidden on both sides of the edge (4 hidden, 5 shown; a median of 4 requests hidden, of 5
shown), only complete months, a fixed number of statements whatever the number of requests."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from jobs.dashboards import programme
from jobs.models import Referral
from jobs.services.disclosure import SMALL
from talent.models._types import utcnow
from tests.jobs.test_request_views import make_request
from tests.querycount import assert_flat

PAGE = "/en/programme"


def month_start(months_ago):
    """Noon on the 2nd of the month ``months_ago`` months before this one (UTC)."""
    now = utcnow()
    index = now.year * 12 + now.month - 1 - months_ago
    return datetime(index // 12, index % 12 + 1, 2, 12, tzinfo=UTC)


def label(months_ago):
    return month_start(months_ago).strftime("%Y-%m")


@pytest.fixture
def world(db, make_user, library):
    """Last month: 6 requests (5 referred after 1, 2, 3, 4 and 10 days: a median of 3), 5 placements.
    The month before: 4 requests (4 referred: too few for a median), 4 placements. This month: 7 requests
    (not shown yet). Requesters and candidates have names and addresses the page must not show."""
    manager = make_user("manager", first_name="Manon", last_name="Gestionnaire", email="manon@example.com")
    candidate = make_user("candidate", first_name="Candide", last_name="Secret", email="candide@example.com")

    def add(months_ago, count, delays=(), placements=0, title="Data engineer"):
        made = []
        for i in range(count):
            talent_request, _ = make_request(
                manager, library, job_title=title, hiring_manager_name="Max Secret"
            )
            talent_request.created_at = month_start(months_ago) + timedelta(hours=i)
            made.append(talent_request)
        for talent_request, delay in zip(made, delays, strict=False):
            db.session.add(
                Referral(
                    request_id=talent_request.id,
                    user_id=candidate.id,
                    referred=True,
                    decided_at=talent_request.created_at + timedelta(days=delay),
                )
            )
        for talent_request in made[:placements]:
            talent_request.status, talent_request.outcome = "completed", "hire_made"
            talent_request.completed_at = talent_request.created_at + timedelta(days=11)
        db.session.commit()
        return made

    add(1, 6, delays=(1, 2, 3, 4, 10), placements=5, title="=HYPERLINK(1)")
    add(2, 4, delays=(1, 2, 3, 4), placements=4)
    add(0, 7, delays=(1, 1, 1, 1, 1, 1, 1), placements=7)
    return {"manager": manager, "candidate": candidate, "add": add}


def row_of(html, month):
    match = re.search(rf"<tr><th scope=\"row\">{month}</th>(.*?)</tr>", html)
    assert match, month
    return re.findall(r"<td class=\"number\">(.*?)</td>", match.group(1))


def test_the_figures_of_each_complete_month(app, db, world):
    with app.test_request_context(PAGE):
        months = {m.month: m for m in programme.programme()}
    assert list(months) == [label(i) for i in range(programme.PROGRAMME_MONTHS, 0, -1)]
    assert label(0) not in months  # this month is not complete
    last, before = months[label(1)], months[label(2)]
    assert (last.requests.exact, last.referred.exact, last.placements.exact) == (6, 5, 5)
    assert last.median_days == 3.0
    assert (before.requests.hidden, before.referred.hidden, before.placements.hidden) == ("small",) * 3
    assert before.median_days is None  # 4 requests with a referral: fewer than SMALL
    assert months[label(3)].requests.exact == 0  # zero is shown


def test_the_page_hides_small_numbers_and_names_no_one(app, db, client, world):
    response = client.get(PAGE)  # no sign-in
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert row_of(html, label(1)) == ["6", "5", "5", "3.0"]
    assert row_of(html, label(2)) == ["fewer than 5", "fewer than 5", "fewer than 5", "—"]
    assert label(0) not in html
    for personal in (
        "Manon",
        "Gestionnaire",
        "manon@example.com",
        "Candide",
        "candide@example.com",
        "Max Secret",
        "HYPERLINK",
        "Data engineer",
        "Test Department",
    ):
        assert personal not in html, personal
    chart = re.search(r"data-chart='([^']*)'", html).group(1).replace("&#34;", '"')
    assert f'"labels": ["{label(12)}"' in chart
    index = programme.PROGRAMME_MONTHS - 2  # the month before last, in the chart's order
    values = re.search(r'"values": \[([^\]]*)\]', chart).group(1).split(", ")
    assert values[index] == "null" and values[index + 1] == "6"  # hidden: no bar; shown: its count
    assert 'aria-hidden="true"' in html and 'href="/en/programme.csv"' in html


@pytest.mark.parametrize(("count", "shown"), [(SMALL - 1, "fewer than 5"), (SMALL, "5"), (0, "0")])
def test_the_edge_of_a_small_count(app, db, client, make_user, library, count, shown):
    manager = make_user("manager")
    for _ in range(count):
        talent_request, _ = make_request(manager, library)
        talent_request.created_at = month_start(1)
    db.session.commit()
    assert row_of(client.get(PAGE).get_data(as_text=True), label(1))[0] == shown


@pytest.mark.parametrize(("referred", "median"), [(SMALL - 1, "—"), (SMALL, "3.0")])
def test_the_edge_of_a_median(app, db, client, make_user, library, referred, median):
    manager, candidate = make_user("manager"), make_user("candidate")
    for i in range(referred):
        talent_request, _ = make_request(manager, library)
        talent_request.created_at = month_start(1)
        db.session.add(
            Referral(
                request_id=talent_request.id,
                user_id=candidate.id,
                referred=True,
                decided_at=month_start(1) + timedelta(days=(1, 3, 5, 2, 4)[i]),
            )
        )
    db.session.commit()
    assert row_of(client.get(PAGE).get_data(as_text=True), label(1))[3] == median


def test_the_csv_says_the_same_in_words(app, db, client, world):
    response = client.get("/en/programme.csv")
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffMonth,Talent requests received,Candidates referred,Placements (hire made),")
    assert f"{label(1)},6,5,5,3.0\r\n" in body
    assert f"{label(2)},fewer than 5,fewer than 5,fewer than 5,\r\n" in body
    assert label(0) not in body and "Manon" not in body and "HYPERLINK" not in body
    assert len(body.strip().splitlines()) == 1 + programme.PROGRAMME_MONTHS
    french = client.get("/fr/programme.csv").get_data(as_text=True)
    assert f"{label(2)},moins de 5,moins de 5,moins de 5," in french


def test_both_languages_render_without_inline_code(app, db, client, world):
    for lang in ("en", "fr"):
        html = client.get(f"/{lang}/programme").get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on", html)
    assert "Le programme en chiffres" in html and "moins de 5" in html


def test_the_page_sends_as_many_statements_with_many_requests(app, db, client, make_user, library):
    manager, candidate = make_user("manager"), make_user("candidate")

    def add(i):
        talent_request, _ = make_request(manager, library)
        talent_request.created_at = month_start(1 + i % 3)
        db.session.add(
            Referral(
                request_id=talent_request.id,
                user_id=candidate.id,
                referred=True,
                decided_at=talent_request.created_at + timedelta(days=i),
            )
        )
        db.session.commit()

    flat = assert_flat(lambda: client.get(PAGE), add, many=20)
    assert flat.many <= 3  # the counts, the medians (and nothing per month or per request)


def test_the_months_shown_end_before_the_current_one():
    from datetime import date

    assert programme.months_shown(date(2026, 1, 31))[-1] == "2025-12"
    assert programme.months_shown(date(2026, 1, 1))[0] == "2025-01"
    assert programme.months_shown(date(2026, 12, 1)) == [f"2025-{m:02d}" for m in range(12, 13)] + [
        f"2026-{m:02d}" for m in range(1, 12)
    ]


def test_the_home_page_links_to_it_in_both_languages(client):
    assert 'href="/en/programme"' in client.get("/en/").get_data(as_text=True)
    html = client.get("/fr/").get_data(as_text=True)
    assert 'href="/fr/programme"' in html and "Le programme en chiffres" in html


def test_numbers_are_written_as_each_language_writes_them(app, db, client, world):
    assert row_of(client.get("/fr/programme").get_data(as_text=True), label(1))[3] == "3,0"
    assert row_of(client.get(PAGE).get_data(as_text=True), label(1))[3] == "3.0"
