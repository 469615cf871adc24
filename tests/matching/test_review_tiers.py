"""The compact review list of issue 15 ("a ranking the recruitment team can defend"): each candidate's
standing against the required skills (tier and counts, in words, from the engine's keys or worked out from
older explanations at the edges of the levels), the default order (tier, then score), score alone, the
"meets all required" filter kept in every link, the strongest evidence and the decision on each row; two to
four candidates side by side; the quick decisions and their keyboard shortcuts (markup, the same form, the
same rules). Results are stored with the new explanation keys explicitly (the engine writes them)."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from matching.models import MatchDecision, MatchResult, MatchRun
from matching.review import listing, tiers
from matching.review.listing import Sort, sort_rows, tier_text
from matching.review.tiers import Standing, standing
from tests.matching import test_review_views
from tests.matching.test_review_views import _base, _signed_in, _token

match_data = test_review_views.match_data  # the fixtures
recruiter_client = test_review_views.recruiter_client

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = re.compile(r'<article id="candidate-(\d+)"')


# --- Stored results, with the keys the engine now writes ----------------------------------------------------


def matched(skill: str, level: int | None, required_level: int | None, points: float, **extra: Any) -> dict:
    return {
        "skill": f"m:{skill}",
        "kind": extra.pop("kind", "required"),
        "level": level,
        "required_level": required_level,
        "years": extra.pop("years", None),
        "current": True,
        "credit": 1.0,
        "points": points,
        "evidence": extra.pop("evidence", []),
        **extra,
    }


def explained(
    tier: int,
    met: int,
    below: int,
    missing: int,
    related: int = 0,
    *,
    parts: dict[str, float] | None = None,
    skills: list[dict] | None = None,
    stand_ins: list[dict] | None = None,
    missing_keys: list[str] | None = None,
    profile: list[str] | None = None,
) -> dict[str, Any]:
    """An explanation as the tiered engine stores it."""
    return {
        "matched": skills or [],
        "related": stand_ins or [],
        "missing": missing_keys or [],
        "missing_nice_to_have": [],
        "contributions": [],
        "tier": tier,
        "required_met": met,
        "required_below": below,
        "required_missing": missing,
        "required_related": related,
        "parts": parts or {},
        "profile_skills": profile or [],
    }


WORK = {
    "experience": 1,
    "kind": "work",
    "title": "Database administrator",
    "organization": "Org",
    "start": "2019-01-01",
    "end": None,
}

# Engine ranks by score alone here (bo first), so that the tiered order differs from the ranks.
STORED = {
    "bo": (
        1,
        0.85,
        explained(
            2,
            1,
            0,
            1,
            1,
            parts={"required": 60, "nice_to_have": 0, "profile": 25, "peers": 0},
            skills=[matched("python", 3, 2, 0.4, evidence=[{**WORK, "title": "Analyst"}])],
            stand_ins=[
                {
                    "required": "m:postgresql",
                    "via": "m:mysql",
                    "kind": "required",
                    "similarity": 0.7,
                    "level": 3,
                    "credit": 0.5,
                    "points": 0.2,
                }
            ],
        ),
    ),
    "ada": (
        2,
        0.80,
        explained(
            0,
            2,
            0,
            0,
            parts={"required": 62, "nice_to_have": 8, "profile": 12, "peers": -2},
            skills=[
                matched("postgresql", 3, 3, 0.35, evidence=[WORK], years=6.2),
                matched("python", 3, 2, 0.27),
                matched("teamwork", 2, None, 0.08, kind="nice_to_have"),
            ],
            profile=["m:sql", "m:java"],
        ),
    ),
    "cy": (
        3,
        0.60,
        explained(
            1,
            1,
            1,
            0,
            parts={"required": 45, "nice_to_have": 0, "profile": 15, "peers": 0},
            skills=[matched("postgresql", 2, 3, 0.2), matched("python", 2, 2, 0.25)],
        ),
    ),
    "di": (
        4,
        0.30,
        explained(
            2,
            0,
            0,
            2,
            parts={"required": 0, "nice_to_have": 0, "profile": 30, "peers": 0},
            missing_keys=["m:postgresql", "m:python"],
        ),
    ),
}


def stored_run(db: Any, data: dict[str, Any], stored: dict[str, tuple] | None = None) -> MatchRun:
    run = MatchRun(
        request_id=data["request"].id,
        created_by_id=data["recruiter"].id,
        pools=[data["process"].id],
        engine_version="test",
        skills_version="test",
        status="done",
        progress=100,
        candidate_count=len(stored or STORED),
    )
    db.session.add(run)
    db.session.flush()
    for key, (rank, score, explanation) in (stored or STORED).items():
        db.session.add(
            MatchResult(
                run_id=run.id, user_id=data["users"][key].id, rank=rank, score=score, explanation=explanation
            )
        )
    db.session.commit()
    return run


def order(html: str) -> list[int]:
    return [int(rank) for rank in ARTICLE.findall(html)]


def article(html: str, rank: int) -> str:
    start = html.index(f'<article id="candidate-{rank}"')
    return html[start : html.index("</article>", start)]


# --- The standing, from the engine's keys or from older explanations ----------------------------------------


def test_the_engines_counts_are_used_as_stored():
    found = standing(explained(1, 3, 2, 0))
    assert found == Standing(1, 3, 2, 0, 0) and found.required == 5


@pytest.mark.parametrize(
    ("level", "required_level", "tier"),
    [
        (3, 3, tiers.MEETS),  # at the required level: met (just inside)
        (2, 3, tiers.BELOW),  # one under it: below (just outside)
        (4, 3, tiers.MEETS),
        (1, None, tiers.MEETS),  # no required level: holding it meets it
        (None, 2, tiers.MEETS),  # an undeclared level counts as the engine's default level (2)
        (None, 3, tiers.BELOW),
    ],
)
def test_an_old_explanation_is_tiered_at_the_edges_of_the_levels(level, required_level, tier):
    old = {"matched": [matched("python", level, required_level, 0.3)], "missing": []}
    assert standing(old).tier == tier


def test_an_old_explanation_counts_missing_and_related_skills_apart():
    old = {
        "matched": [
            matched("python", 3, 2, 0.3),
            matched("java", 1, 3, 0.1),
            matched("teamwork", 1, 3, 0.1, kind="nice_to_have"),
        ],
        # A related skill stood in for PostgreSQL (not held): missing, and counted as related. Old engines
        # listed as missing only the skills nothing stood in for.
        "related": [
            {"required": "m:postgresql", "via": "m:mysql", "kind": "required"},
            {"required": "m:teamwork", "via": "m:sql", "kind": "nice_to_have"},
        ],
        "missing": ["m:sql"],
    }
    assert standing(old) == Standing(tiers.MISSING, met=1, below=1, missing=2, related=1)
    assert standing({"matched": [], "missing": []}) == Standing(
        tiers.MEETS
    )  # a request with no required skill
    assert standing({"tier": 7, "required_met": 1}).tier == tiers.MEETS  # garbage keys: worked out instead
    assert standing(
        {"tier": 0, "required_met": -1, "required_below": 0, "required_missing": 0, "required_related": 0}
    ) == Standing(tiers.MEETS)


@pytest.mark.parametrize(
    ("found", "en", "fr"),
    [
        (Standing(0, 5), "Meets all 5 required skills", "Répond aux 5 compétences exigées"),
        (Standing(0, 1), "Meets the 1 required skill", "Répond à la compétence exigée (1)"),
        (Standing(0), "No required skill in the request", "Aucune compétence exigée dans la demande"),
        (
            Standing(1, 3, 2),
            "All held, 2 below the required level",
            "Toutes détenues, 2 sous le niveau exigé",
        ),
        (
            Standing(2, 3, 0, 1, 1),
            "Missing 1 required skill (1 related)",
            "Il manque 1 compétence exigée (1 connexe)",
        ),
        (
            Standing(2, 0, 1, 2, 0),
            "Missing 2 required skills, 1 below the required level",
            "Il manque 2 compétences exigées, 1 sous le niveau exigé",
        ),
    ],
)
def test_the_standing_in_words_in_both_languages(app, found, en, fr):
    with app.test_request_context("/en/"):
        with force_locale("en"):
            assert tier_text(found) == en
        with force_locale("fr"):
            assert tier_text(found) == fr


def _row(rank: int, score: float, tier: int) -> listing.Row:
    result = SimpleNamespace(rank=rank, score=score, user_id=100 + rank, id=rank)
    return listing.Row(
        result=result,  # type: ignore[arg-type]
        decision=None,
        revealed=False,
        facts=listing.Facts(),
        new=False,
        explanation={},
        standing=Standing(tier),
    )


def test_rows_sort_by_tier_then_score_then_rank():
    rows = [_row(1, 0.9, 2), _row(2, 0.8, 0), _row(3, 0.7, 1), _row(4, 0.7, 0), _row(5, 0.75, 0)]
    assert [r.rank for r in sort_rows(rows, Sort())] == [2, 5, 4, 3, 1]
    assert [r.rank for r in sort_rows(rows, Sort("score", "desc"))] == [1, 2, 5, 3, 4]
    assert [r.rank for r in sort_rows(rows, Sort("tier", "desc"))] == [1, 3, 4, 5, 2]


# --- The page -----------------------------------------------------------------------------------------------


def test_the_list_is_tiered_by_default_and_each_row_says_why(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    url = f"{_base(match_data)}/runs/{run.id}"
    page = recruiter_client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert order(html) == [2, 3, 1, 4]  # ada (tier 0), cy (tier 1), bo (tier 2, 0.85), di (tier 2, 0.30)
    ada, bo = article(html, 2), article(html, 1)
    assert "Meets all 2 required skills" in ada and "80 out of 100" in ada
    assert "Strongest evidence:" in ada and "Postgresql" in ada and "Database administrator" in ada
    assert "about 6 years of use" in ada and "No decision yet" in ada
    assert "Missing 1 required skill (1 related)" in bo and "Analyst" in bo
    assert "All held, 1 below the required level" in article(html, 3)
    assert "Missing 2 required skills" in article(html, 4)
    assert "none of the requested skills is on the profile" in article(html, 4)
    # The row expands to the full explanation (with its points) and the decision form.
    assert "<gcds-details" in ada and "Skills that matched" in ada and "Decide on Candidate #2" in ada
    # Anonymous until revealed.
    assert all(u.first_name not in html for u in match_data["users"].values())


def test_score_alone_and_the_meets_all_filter_are_kept_in_the_links(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    url = f"{_base(match_data)}/runs/{run.id}"
    assert order(recruiter_client.get(f"{url}?sort=score&dir=desc").get_data(as_text=True)) == [1, 2, 3, 4]
    assert order(recruiter_client.get(f"{url}?sort=rank&dir=asc").get_data(as_text=True)) == [1, 2, 3, 4]
    met = recruiter_client.get(f"{url}?tier=met").get_data(as_text=True)
    assert order(met) == [2] and "Showing only the candidates who meet all required skills." in met
    assert order(recruiter_client.get(f"{url}?tier=held").get_data(as_text=True)) == [2, 3]
    # The order links keep the filter, the filter keeps the order, and so do the forms and the export.
    both = html_lib.unescape(
        recruiter_client.get(f"{url}?tier=met&sort=score&dir=desc").get_data(as_text=True)
    )
    assert f'href="{url}?tier=met"' in both  # the default order, filter kept
    assert "/candidates/2/decision?tier=met&sort=score&dir=desc" in both
    assert "/candidates/2/note?tier=met&sort=score&dir=desc" in both
    assert "/export.csv?tier=met" in both
    assert f'href="{url}?sort=score&dir=desc"' in both  # "show every candidate" drops only the filter
    # A value the filter does not know is a form error, not a server error.
    assert recruiter_client.get(f"{url}?tier=evil").status_code == 422


def test_old_explanations_are_tiered_from_their_skills(app, db, match_data, recruiter_client):
    old = {
        "ada": (
            1,
            0.5,
            {"matched": [matched("postgresql", 2, 3, 0.2), matched("python", 2, 2, 0.2)], "missing": []},
        ),
        "bo": (
            2,
            0.4,
            {"matched": [matched("postgresql", 3, 3, 0.2), matched("python", 3, 2, 0.2)], "missing": []},
        ),
        "cy": (3, 0.3, {"matched": [], "missing": ["m:postgresql", "m:python"]}),
    }
    run = stored_run(db, match_data, old)
    url = f"{_base(match_data)}/runs/{run.id}"
    html = recruiter_client.get(url).get_data(as_text=True)
    assert order(html) == [2, 1, 3]
    assert "Meets all 2 required skills" in article(html, 2)
    assert order(recruiter_client.get(f"{url}?tier=met").get_data(as_text=True)) == [2]


def test_the_csv_says_how_each_candidate_stands(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    text = recruiter_client.get(f"{_base(match_data)}/runs/{run.id}/export.csv").get_data(as_text=True)
    assert "Required skills" in text.splitlines()[0]
    assert "Meets all 2 required skills" in text and "Missing 1 required skill (1 related)" in text


# --- Quick decisions and their keyboard shortcuts -----------------------------------------------------------

QUICK = re.compile(
    r'<form method="post" action="([^"]+)" data-shortcut="([srn])" novalidate>(.*?)</form>', re.S
)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def quick_forms(html: str, rank: int) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        key: (html_lib.unescape(action), dict(HIDDEN.findall(body)))
        for action, key, body in QUICK.findall(article(html, rank))
    }


def test_each_row_has_quick_decisions_that_post_the_decision_form(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    url = f"{_base(match_data)}/runs/{run.id}"
    html = recruiter_client.get(url).get_data(as_text=True)
    # The help is on the page (shown by the script that makes the keys work), and the script is a file.
    assert (
        "Keyboard shortcuts" in html and "<kbd>S</kbd>" in html and "Keys do nothing while you type" in html
    )
    assert 'src="/static/js/review.js"' in html and "<script>" not in html and "onclick" not in html
    forms = quick_forms(html, 2)
    assert set(forms) == {"s", "r", "n"}
    action, fields = forms["s"]
    assert action == f"{url}/candidates/2/decision" and fields["c2-decision"] == "shortlist"
    assert forms["r"][1]["c2-decision"] == "refer" and forms["n"][1]["c2-decision"] == "not_a_fit"

    # What S sends is what the button sends: the decision is taken, by the same route.
    assert recruiter_client.post(action, data=fields).status_code == 303
    ada = match_data["users"]["ada"]
    decision = db.session.scalars(select(MatchDecision).where(MatchDecision.user_id == ada.id)).one()
    assert decision.decision == "shortlist"
    # N without a reason: the server's rule holds, the row opens on the question.
    action, fields = quick_forms(recruiter_client.get(url).get_data(as_text=True), 3)["n"]
    refused = recruiter_client.post(action, data=fields)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Give the reason this candidate is not a fit." in page
    assert (
        db.session.scalars(
            select(MatchDecision).where(MatchDecision.user_id == match_data["users"]["cy"].id)
        ).first()
        is None
    )


def test_a_quick_decision_keeps_the_teams_notes(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    url = f"{_base(match_data)}/runs/{run.id}"
    test_review_views._decide(
        recruiter_client, match_data, run.id, 2, decision="shortlist", notes="Call Tuesday."
    )
    action, fields = quick_forms(recruiter_client.get(url).get_data(as_text=True), 2)["r"]
    assert recruiter_client.post(action, data=fields).status_code == 303
    decision = db.session.scalars(
        select(MatchDecision).where(MatchDecision.user_id == match_data["users"]["ada"].id)
    ).one()
    assert (decision.decision, decision.notes) == ("refer", "Call Tuesday.")


def test_the_shortcuts_script_ignores_typing_and_submits_the_rows_form():
    script = (ROOT / "talent/static/js/review.js").read_text(encoding="utf-8")
    assert "data-review-row" in script and 'form[data-shortcut="' in script and "requestSubmit" in script
    assert "TEXTAREA" in script and "isContentEditable" in script and "composedPath" in script
    assert "checkbox" in script  # a row's checkbox takes no text: a key pressed on it is a shortcut
    assert "ctrlKey" in script and "localStorage" in script and "eval(" not in script


# --- Candidates side by side --------------------------------------------------------------------------------


def _compare(client, data, run, ranks: list[int]):
    token = _token(client, f"{_base(data)}/runs/{run.id}")
    payload = {"bulk-csrf_token": token, "candidates": [str(r) for r in ranks], "bulk-action": "compare"}
    return client.post(f"{_base(data)}/runs/{run.id}/decisions", data=payload)


def test_two_to_four_ticked_candidates_are_compared_side_by_side(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    base = f"{_base(match_data)}/runs/{run.id}"
    answer = _compare(recruiter_client, match_data, run, [2, 1])
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/candidates/compare?c=2&c=1")
    assert db.session.scalars(select(MatchDecision)).first() is None  # comparing decides nothing
    page = recruiter_client.get(answer.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2 candidates side by side" in html
    assert html.index("Candidate #2") < html.index("Candidate #1")  # in the order ticked
    assert "Meets all 2 required skills" in html and "Missing 1 required skill (1 related)" in html
    assert "Not held; Mysql stood in" in html and "below the required level" not in html
    assert "Points from the rest of the profile" in html and "−2" in html  # ada's similar candidates
    assert all(u.first_name not in html for u in match_data["users"].values())
    four = recruiter_client.get(f"{base}/candidates/compare?c=1&c=2&c=3&c=4")
    assert four.status_code == 200 and "Held, level Intermediate (below the required level)" in four.get_data(
        as_text=True
    )
    french = recruiter_client.get(
        f"/fr/recruit/requests/{match_data['request'].id}/matching/runs/{run.id}/candidates/compare?c=1&c=3"
    )
    assert french.status_code == 200 and "Comparer" in french.get_data(as_text=True)


@pytest.mark.parametrize("ranks", [[], [2], [1, 2, 3, 4, 1, 2][:1], [1, 2, 3, 4, 5]])
def test_fewer_than_two_or_more_than_four_is_a_form_error(app, db, match_data, recruiter_client, ranks):
    data = dict(match_data)
    stored = dict(STORED)
    if len(ranks) > 4:  # a fifth candidate to tick
        stored["e"] = (5, 0.1, explained(2, 0, 0, 2))
        from talent.models import Role, User

        extra = User(
            email="e@example.com", password_hash="x", role=Role.CANDIDATE, first_name="E", last_name="F"
        )
        db.session.add(extra)
        db.session.commit()
        data["users"] = {**match_data["users"], "e": extra}
    run = stored_run(db, data, stored)
    refused = _compare(recruiter_client, match_data, run, ranks)
    assert refused.status_code == 422
    assert "Tick between 2 and 4 candidates to compare them side by side." in refused.get_data(as_text=True)
    query = "&".join(f"c={r}" for r in ranks)
    page = recruiter_client.get(f"{_base(match_data)}/runs/{run.id}/candidates/compare?{query}")
    assert page.status_code == 422
    assert "Tick between 2 and 4 candidates to compare them side by side." in page.get_data(as_text=True)


def test_candidates_not_in_the_run_are_not_found(app, db, match_data, recruiter_client, make_user):
    run = stored_run(db, match_data)
    base = f"{_base(match_data)}/runs/{run.id}/candidates/compare"
    assert recruiter_client.get(f"{base}?c=1&c=9").status_code == 404
    assert recruiter_client.get(f"{base}?c=1&c=x").status_code == 404
    assert recruiter_client.get(f"{base}?c=1&c={match_data['users']['ada'].id}").status_code == 404
    assert _compare(recruiter_client, match_data, run, [1, 9]).status_code == 422  # a tick not in the list
    # Another request's address for this run: not found; managers and candidates: not theirs.
    elsewhere = match_data["request"].id + 1000
    other = f"/en/recruit/requests/{elsewhere}/matching/runs/{run.id}/candidates/compare?c=1&c=2"
    assert recruiter_client.get(other).status_code == 404
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    assert manager.get(f"{base}?c=1&c=2").status_code == 403
