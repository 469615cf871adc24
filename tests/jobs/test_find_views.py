"""Find talent through the pages and the API: counts only, "fewer than 5" for the public and managers,
exact numbers for the recruitment team, each filter in the URL applied by the counting rules, bad codes
refused; and, in a real browser, the counts refreshed by htmx as a filter changes (in French)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from jobs.models import Application, Decision
from talent.models import Classification, EquityDeclaration, Experience, UserSkill
from talent.models._types import utcnow
from tests.conftest import login

FEWER = "Fewer than 5 people fit your search"


def count_on(html: str) -> int | None:
    """The count a find-talent page (or fragment) shows; None for "fewer than 5"."""
    if FEWER in html:
        return None
    match = re.search(r"(\d+) (?:person fits|people fit) your search", html)
    assert match, "no count on the page"
    return int(match.group(1))


@pytest.fixture
def make_member(db, make_user, library):
    """An available pool member of ``process`` with the given profile facts (rows written directly:
    the counting rules only read them)."""
    from talent.models import CandidateProfile

    def make(process, skills=(), equity=None, diploma=False, first_name="Pat", **profile):
        user = make_user("candidate", first_name=first_name, last_name="Member")
        db.session.add(CandidateProfile(user_id=user.id, **profile))
        for key in skills:
            db.session.add(UserSkill(user_id=user.id, skill_id=library[key].id, level=3))
        if equity:
            db.session.add(EquityDeclaration(user_id=user.id, **{f"is_{equity}": True}))
        if diploma:
            db.session.add(
                Experience(
                    user_id=user.id,
                    kind="education",
                    title="Computer science",
                    organization="University",
                    start_date=date(2015, 9, 1),
                    education_type="bachelors",
                    education_status="success_credential",
                )
            )
        db.session.add(
            Application(
                process_id=process.id,
                user_id=user.id,
                submitted_at=utcnow(),
                decision=Decision.QUALIFIED,
                decided_at=utcnow(),
            )
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def population(db, make_process, make_member, library):
    """Three people who differ in every filter: A and B in an IT-03 software pool, C in an IT-04
    security pool."""
    it04 = Classification(group="IT", level=4, name_en="Information Technology", name_fr="TI")
    db.session.add(it04)
    db.session.commit()
    software = make_process(title_en="Software pool", title_fr="Bassin logiciel")
    security = make_process(
        title_en="Security pool", title_fr="Bassin sécurité", stream="security", classification_id=it04.id
    )
    a = make_member(
        software,
        skills=("python",),
        first_name="Aurelie",
        looking_for_english=True,
        work_regions=["national_capital"],
        work_arrangements=["remote"],
        accepted_operational_requirements=["shift_work", "travel"],
        position_durations=["term"],
        equity="woman",
        diploma=True,
    )
    b = make_member(
        software,
        skills=("python", "sql", "java"),
        first_name="Bastien",
        looking_for_english=True,
        looking_for_french=True,
        work_regions=["british_columbia"],
        work_arrangements=["hybrid"],
        position_durations=["indeterminate"],
    )
    c = make_member(
        security,
        skills=("java",),
        first_name="Celestine",
        looking_for_bilingual=True,
        work_regions=["ontario"],
        work_arrangements=["onsite"],
        accepted_operational_requirements=["shift_work"],
    )
    return {"software": software, "security": security, "a": a, "b": b, "c": c}


def test_the_public_sees_fewer_than_5_and_no_names_the_team_sees_exact_numbers(
    app, db, client, population, make_user
):
    response = client.get("/en/find-talent")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert FEWER in html and count_on(html) is None
    for name in ("Aurelie", "Bastien", "Celestine"):
        assert name not in html
    # No breakdown of a handful: how many pools three people are in would say how many are in each.
    assert "Software pool" not in html and "Security pool" not in html
    assert client.get("/fr/find-talent").status_code == 200

    manager = app.test_client()
    login(manager, make_user("manager").email)
    assert count_on(manager.get("/en/find-talent").get_data(as_text=True)) is None

    recruiter = app.test_client()
    login(recruiter, make_user("recruiter").email)
    html = recruiter.get("/en/find-talent").get_data(as_text=True)
    assert count_on(html) == 3
    assert "Aurelie" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 3),
        ("?classifications=IT-03", 2),
        ("?classifications=IT-04", 1),
        ("?classifications=IT-03&classifications=IT-04", 3),
        ("?streams=security", 1),
        ("?skills=t:sql&skills=t:java", 2),  # any of
        ("?skills=t:python&skills=t:sql&skill_mode=all", 1),  # all of (the team only)
        ("?language=english", 2),
        ("?language=french", 1),
        ("?language=bilingual", 1),
        ("?regions=national_capital", 1),
        ("?arrangements=remote", 1),  # remote fits wherever the person lives
        ("?arrangements=remote&arrangements=hybrid&regions=national_capital", 1),
        ("?arrangements=hybrid&regions=british_columbia", 1),
        ("?arrangements=onsite&regions=national_capital", 0),
        ("?operational_requirements=shift_work", 2),
        ("?operational_requirements=shift_work&operational_requirements=travel", 1),  # accepts all
        ("?durations=term&durations=indeterminate", 2),
        ("?equity=woman&equity=indigenous", 1),
        ("?education=diploma", 1),
        ("?classifications=IT-03&language=english&skills=t:java", 1),
    ],
)
def test_each_filter_in_the_url_changes_the_count(db, client, population, make_user, query, expected):
    login(client, make_user("recruiter").email)
    response = client.get(f"/en/find-talent{query}")
    assert response.status_code == 200
    assert count_on(response.get_data(as_text=True)) == expected
    api = client.get(f"/api/talent-count{query}").get_json()
    assert api["total"] == expected and api["fewer_than"] is None


def test_the_counts_fragment_and_the_skill_search(db, client, population, library):
    response = client.get("/en/find-talent/counts?skills=t:java")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and FEWER in html
    assert "/en/talent-requests/new?skills=t:java" in html
    assert client.get("/en/find-talent/counts?regions=moon").status_code == 422

    html = client.get("/en/find-talent?skills=t:java&skill_q=sq").get_data(as_text=True)
    assert 'name="skills" value="t:sql"' in html  # an "Add" button in the form
    assert '<input type="hidden" name="skills" value="t:java">' in html
    options = client.get("/fr/find-talent/skills?field=skills&skill_q=travail").get_data(as_text=True)
    assert "Travail d&#39;équipe" in options and "<html" not in options
    assert client.get("/en/find-talent/skills?field=evil&skill_q=x").status_code == 400

    response = client.get("/en/find-talent?skills=t:java&skills=t:sql&remove_skill=t:java")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/en/find-talent?skills=t:sql"
    )


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?classifications=XX-99", "classifications", "Choose options from the list."),
        ("?skills=nope:nope", "skills", "Choose skills from the library."),
        ("?regions=moon", "regions", "Choose options from the list."),
        ("?language=latin", "language", "Choose an option from the list."),
        ("?education=phd", "education", "Choose an option from the list."),
        ("?skill_mode=all", "skill_mode", "Choose options from the list."),  # "all of" is the team's
    ],
)
def test_bad_codes_are_a_form_error_on_the_page_and_a_422_from_the_api(
    db, client, population, query, field, message
):
    response = client.get(f"/en/find-talent{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "people fit your search" not in html
    response = client.get(f"/api/talent-count{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == message
    assert response.get_json()["error"]["field"] == field


def test_the_api_hides_small_counts_from_the_public_in_either_language(
    app, db, client, population, make_user
):
    body = client.get("/api/talent-count?lang=fr").get_json()
    assert body == {
        "total": None,
        "fewer_than": 5,
        "range": None,
        "withheld": False,
        "programme": None,
        "pools": [],
    }
    assert client.get("/api/talent-count?operational_requirements=on_call").get_json() == {
        "total": 0,
        "fewer_than": None,
        "range": None,
        "withheld": False,
        "programme": None,
        "pools": [],
    }
    team = app.test_client()
    login(team, make_user("recruiter").email)
    body = team.get("/api/talent-count?lang=fr").get_json()
    assert body["total"] == 3
    assert {(p["title"], p["classification"], p["count"]) for p in body["pools"]} == {
        ("Bassin logiciel", "IT-03", 2),
        ("Bassin sécurité", "IT-04", 1),
    }
    body = client.get("/api/talent-count?lang=fr&regions=moon").get_json()
    assert body["error"]["message"] == "Choisissez des options dans la liste."
    assert client.get("/api/talent-count?lang=de").status_code == 422


def test_the_pages_have_no_inline_code(db, client, population):
    for lang in ("en", "fr"):
        html = client.get(f"/{lang}/find-talent?skills=t:java&skill_q=py").get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on", html)
        assert html.count("<form") == 1  # gcds-checkboxes adds its values to every form of a page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("&".join(["regions=ontario"] * 101), "regions", "Choose at most 100 options."),
        ("&".join(f"skills=t:s{i}" for i in range(31)), "skills", "Choose at most 30 skills."),
        ("&".join(["skills=t:python"] * 5000), "skills", "Choose at most 30 skills."),
        ("language=english&language=french", "language", "Choose only one option."),
        ("education=diploma&education=diploma&skill_mode=any&skill_mode=all", "skill_mode", None),
    ],
)
def test_thousands_of_values_or_a_repeated_choice_are_refused_before_any_count(
    db, client, population, query, field, message
):
    response = client.get(f"/api/talent-count?{query}")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field and (message is None or error["message"] == message)
    assert client.get(f"/en/find-talent?{query}").status_code == 422


def test_the_limits_themselves_are_accepted(db, client, population):
    assert client.get("/api/talent-count?" + "&".join(["regions=ontario"] * 100)).status_code == 200
    assert client.get("/api/talent-count?language=english&language=english").status_code == 200


@pytest.fixture
def lopsided(db, make_process, make_member, library):
    """The probe's case: 20 available people in an IT-03 pool and 1 in an IT-04 pool (no one in both),
    two of the 20 women."""
    it04 = Classification(group="IT", level=4, name_en="Information Technology", name_fr="TI")
    db.session.add(it04)
    db.session.commit()
    big = make_process(title_en="Big pool", title_fr="Grand bassin")
    lone = make_process(title_en="Lone pool", title_fr="Bassin seul", classification_id=it04.id)
    for i in range(20):
        make_member(big, equity="woman" if i < 2 else None, looking_for_english=True)
    make_member(lone, looking_for_english=True)
    return {"big": big, "lone": lone}


def _attack(body):
    """What the public learns by subtraction: a pool whose count is hidden but equals the total minus
    every shown count, when exactly one pool is hidden."""
    hidden = [p for p in body["pools"] if p["count"] is None]
    shown = sum(p["count"] for p in body["pools"] if p["count"] is not None)
    if body["total"] is None or len(hidden) != 1:
        return None
    return hidden[0]["title"], body["total"] - shown


def test_the_total_minus_the_visible_pools_reveals_no_hidden_pool(app, db, client, lopsided, make_user):
    for path in ("/api/talent-count", "/api/talent-count?language=english"):
        body = client.get(path).get_json()
        assert body["total"] == 21
        assert _attack(body) is None
        assert {p["title"]: (p["count"], p["fewer_than"], p["withheld"]) for p in body["pools"]} == {
            "Big pool": (None, None, True),
            "Lone pool": (None, 5, False),
        }
    manager = app.test_client()
    login(manager, make_user("manager").email)
    assert _attack(manager.get("/api/talent-count").get_json()) is None
    html = client.get("/en/find-talent").get_data(as_text=True)
    assert "21 people fit your search" in html and "<td>withheld</td>" in html and "<td>20</td>" not in html
    # The team sees every number.
    team = app.test_client()
    login(team, make_user("recruiter").email)
    assert {p["count"] for p in team.get("/api/talent-count").get_json()["pools"]} == {20, 1}


def test_equity_counts_reach_signed_in_managers_only_and_in_bands(app, db, client, lopsided, make_user):
    refused = client.get("/api/talent-count?equity=woman")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == "equity"
    page = client.get("/en/find-talent?equity=woman")
    assert page.status_code == 422
    assert "Sign in as a hiring manager to search on employment equity groups." in page.get_data(as_text=True)
    candidate = app.test_client()
    login(candidate, make_user("candidate").email)
    assert candidate.get("/api/talent-count?equity=woman").status_code == 422
    manager = app.test_client()
    login(manager, make_user("manager").email)
    body = manager.get("/api/talent-count?equity=woman").get_json()
    assert body["total"] is None and body["fewer_than"] == 5 and body["pools"] == []  # 2 women
    # Without the equity filter: 21, exact; with it, a band: no two answers subtract to a small group.
    body = manager.get("/api/talent-count?equity=woman&equity=indigenous&equity=disability").get_json()
    assert body["total"] is None and body["fewer_than"] == 5
    team = app.test_client()
    login(team, make_user("recruiter").email)
    assert team.get("/api/talent-count?equity=woman").get_json()["total"] == 2


def test_equity_bands_for_managers(app, db, make_process, make_member, make_user):
    pool = make_process(title_en="Women pool", title_fr="Bassin")
    for _ in range(7):
        make_member(pool, equity="woman")
    manager = app.test_client()
    login(manager, make_user("manager").email)
    body = manager.get("/api/talent-count?equity=woman").get_json()
    assert body["total"] is None and body["range"] == [5, 9]
    assert body["pools"][0]["range"] == [5, 9] and body["pools"][0]["count"] is None
    html = manager.get("/en/find-talent?equity=woman").get_data(as_text=True)
    assert "5 to 9 people fit your search" in html
