"""The public job board: only open advertisements, each filter, pages; an advertisement in both
languages without an account; drafts, archived and unknown processes are 404; closed ones say so."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from jobs.models import ProcessSkill
from jobs.services import processes
from talent.models import Classification
from talent.models._types import utcnow
from tests.conftest import login


def listed(client, query=""):
    response = client.get(f"/en/jobs{query}")
    return response, [int(i) for i in re.findall(r'href="/en/jobs/(\d+)"', response.get_data(as_text=True))]


@pytest.fixture
def board(db, make_process, library):
    """Two open advertisements that differ in every filter, and one of each kind the board never shows."""
    it02 = Classification(
        group="IT", level=2, name_en="Information Technology", name_fr="Technologie de l'information"
    )
    cs01 = Classification(group="CS", level=1, name_en="Computer Systems", name_fr="Systèmes d'ordinateurs")
    db.session.add_all([it02, cs01])
    db.session.commit()
    ottawa = make_process(
        title_en="Ottawa developer",
        title_fr="Développeur à Ottawa",
        location_en="Ottawa, Ontario",
        location_fr="Ottawa (Ontario)",
    )
    remote = make_process(
        publish=False,
        title_en="Remote security analyst",
        title_fr="Analyste de la sécurité à distance",
        location_en="Halifax",
        location_fr="Halifax",
        is_remote=True,
        stream="security",
        language="bilingual_advanced",
        classification_id=it02.id,
        closing_at=utcnow() + timedelta(days=10),
    )
    remote.skills.append(ProcessSkill(skill_id=library["java"].id, kind="asset", level=3))
    processes.publish(remote.created_by, remote)
    draft = make_process(publish=False, title_en="Draft job")
    closed = make_process(title_en="Closed job")
    processes.close_early(closed.created_by, closed, "Enough applicants")
    archived = make_process(title_en="Archived job")
    processes.close_early(archived.created_by, archived, "Enough applicants")
    processes.archive(archived.created_by, archived)
    db.session.commit()
    return {"ottawa": ottawa, "remote": remote, "draft": draft, "closed": closed, "archived": archived}


def test_the_board_lists_only_open_advertisements_closing_soonest_first(client, board):
    response, ids = listed(client)
    assert response.status_code == 200
    assert ids == [board["remote"].id, board["ottawa"].id]
    html = response.get_data(as_text=True)
    assert "Draft job" not in html and "Closed job" not in html and "Archived job" not in html
    assert "2 job advertisements" in html
    assert "$88,000 to $110,000" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?classification=IT", ["remote", "ottawa"]),
        ("?classification=IT-03", ["ottawa"]),
        ("?classification=IT-02", ["remote"]),
        ("?classification=CS-01", []),
        ("?stream=security", ["remote"]),
        ("?stream=software_solutions", ["ottawa"]),
        ("?language=bilingual_advanced", ["remote"]),
        ("?language=english", ["ottawa"]),
        ("?remote=remote", ["remote"]),
        ("?remote=onsite", ["ottawa"]),
        ("?location=ottawa", ["ottawa"]),
        ("?location=HALI", ["remote"]),
        ("?location=%25", []),  # a LIKE wildcard is a plain character
        ("?skill=java", ["remote"]),
        ("?skill=python", ["remote", "ottawa"]),
        ("?skill=travail+d%27equipe", ["remote", "ottawa"]),  # the French name, accents optional
        ("?skill=java&remote=onsite", []),
        ("?stream=security&language=bilingual_advanced&remote=remote&skill=Java", ["remote"]),
    ],
)
def test_each_filter_narrows_the_list(client, board, query, expected):
    response, ids = listed(client, query)
    assert response.status_code == 200
    assert ids == [board[name].id for name in expected]


def html_of_page(client, url):
    return client.get(url).get_data(as_text=True)


def test_a_skill_that_matches_nothing_says_so(client, board):
    response, ids = listed(client, "?skill=zzzzqqq")
    assert ids == []
    assert "No skill matches “zzzzqqq”" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query", ["?stream=bogus", "?classification=XX-99", "?remote=maybe", "?skill=" + "x" * 101]
)
def test_bad_filter_values_are_a_form_error_not_a_crash(client, board, query):
    response, ids = listed(client, query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose an option from the list." in html or "Use at most 100 characters." in html
    assert ids == [board["remote"].id, board["ottawa"].id]  # the bad filter filters nothing


def test_the_board_is_paginated_and_keeps_its_filters(client, board, monkeypatch):
    from jobs.board import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    response, ids = listed(client, "?skill=python")
    html = response.get_data(as_text=True)
    assert ids == [board["remote"].id]
    assert "Page 1 of 2" in html
    next_url = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "skill=python" in next_url and "page=2" in next_url
    second = client.get(next_url)
    assert re.findall(r'href="/en/jobs/(\d+)"', second.get_data(as_text=True)) == [str(board["ottawa"].id)]
    crafted = html_of_page(client, "/en/jobs?skill=python&_external=1&_scheme=javascript")
    assert "javascript:" not in crafted and 'href="/en/jobs?' in crafted
    assert client.get("/en/jobs?page=abc").status_code == 200
    assert client.get("/en/jobs?page=99").status_code == 200


def test_the_board_exists_in_french(client, board):
    response = client.get("/fr/jobs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Développeur à Ottawa" in html and "Analyste de la sécurité à distance" in html
    assert 'href="/fr/jobs/' in html
    assert "88\xa0000\xa0$" in html  # Canadian French money


def test_an_advertisement_is_readable_without_an_account(client, board):
    process = board["ottawa"]
    response = client.get(f"/en/jobs/{process.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in (
        "Ottawa developer",
        "key_tasks EN",
        "impact EN",
        "about_us EN",
        "what_to_expect EN",
        "special_note EN",
        "Ottawa, Ontario",
        "IT-03 – Information Technology",
        "$88,000 to $110,000",
        "Software Solutions",
        "English essential",
        "Reliability",
        "Indeterminate",
        "Python",
        "Teamwork",
        "SQL",
        "Intermediate",
        "Beginner",
        "team@example.com",
        "Sign in to apply",
    ):
        assert text in html, text
    assert re.search(r"Eastern (Standard|Daylight) Time", html)
    local = process.closing_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Toronto"))
    assert f'datetime="{local.isoformat(timespec="minutes")}"' in html


def test_an_advertisement_in_french(client, board):
    process = board["remote"]
    response = client.get(f"/fr/jobs/{process.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in (
        "Analyste de la sécurité à distance",
        "key_tasks FR",
        "about_us FR",
        "IT-02 – Technologie de l&#39;information",
        "Travail d&#39;équipe",
        "Java",
    ):
        assert text in html, text
    assert "heure normale de l’Est" in html or "heure avancée de l’Est" in html
    assert "key_tasks EN" not in html


@pytest.mark.parametrize("name", ["draft", "archived"])
def test_drafts_and_archived_processes_are_not_public(client, board, name):
    for lang in ("en", "fr"):
        assert client.get(f"/{lang}/jobs/{board[name].id}").status_code == 404


def test_unknown_advertisements_are_404(client, board):
    assert client.get("/en/jobs/999999").status_code == 404
    assert client.get("/en/jobs/abc").status_code == 404


def test_a_closed_advertisement_says_so_and_offers_no_apply_button(client, board, make_candidate):
    candidate = make_candidate()
    login(client, candidate.email)
    response = client.get(f"/en/jobs/{board['closed'].id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This job advertisement is closed" in html
    assert "/applications/start/" not in html and ">Apply<" not in html


def test_who_sees_which_apply_button(client, board, make_candidate, make_user):
    url = f"/en/jobs/{board['ottawa'].id}"
    start = f'action="/en/applications/start/{board["ottawa"].id}"'
    assert start not in client.get(url).get_data(as_text=True)
    recruiter = make_user("recruiter")
    login(client, recruiter.email)
    html = client.get(url).get_data(as_text=True)
    assert "Only candidates can apply." in html and start not in html
    other = client.application.test_client()
    login(other, make_candidate().email)
    assert start in other.get(url).get_data(as_text=True)


def test_the_navigation_links_to_the_board_for_everyone(client, board):
    assert 'href="/en/jobs"' in client.get("/en/").get_data(as_text=True)
