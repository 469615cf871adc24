"""The fairness check, charted: each step's selection rates in percent, group beside everyone else, drawn
from aggregates only (no one's declaration), with the table as the source and a CSV of the same figures;
groups too small to report give no chart and a CSV row that says so. The CSV sends as many statements for a
run of 4 + 12 candidates as for 4 + 2."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from talent.models import EquityDeclaration
from tests.matching.conftest import PEOPLE, build
from tests.matching.test_query_counts import add_person, counts_of_latest_run
from tests.matching.test_review_views import _base, _bulk, _rank_of, _signed_in, _start_and_run
from tests.querycount import FEW, MANY


@pytest.fixture
def reviewed(app, db):
    """Twelve ranked people, six of them self-declared women; one woman and four others shortlisted (the
    review: 1 of 6 against 4 of 6, under four fifths; the referral step: five shortlisted, too few)."""
    profiles = list(PEOPLE.values())
    data = build(db, {f"p{i:02d}": profiles[i % 4] for i in range(12)})
    client = _signed_in(app.test_client(), db, data["recruiter"])
    run_id = _start_and_run(app, client, data)
    women = [data["users"][f"p{i:02d}"] for i in range(6)]
    for user in women:
        db.session.add(EquityDeclaration(user_id=user.id, is_woman=True))
    db.session.commit()
    others = [data["users"][f"p{i:02d}"] for i in range(6, 12)]
    ranks = [_rank_of(db, run_id, u) for u in [women[0], *others[:4]]]
    assert _bulk(client, data, run_id, ranks, decision="shortlist").status_code == 303
    return data, client, run_id


def test_the_review_is_charted_in_percent_and_the_referral_step_is_too_small(reviewed):
    data, client, run_id = reviewed
    html = client.get(f"{_base(data)}/runs/{run_id}/fairness").get_data(as_text=True)
    specs = [json.loads(unescape(s)) for s in re.findall(r"data-chart='([^']*)'", html)]
    assert len(specs) == 1  # the review; the referral step's groups are too small to chart
    assert specs[0]["percent"] is True and specs[0]["labels"] == ["Woman"]
    assert [s["values"] for s in specs[0]["series"]] == [[16.7], [66.7]]
    assert 'class="chart" data-chart=' in html and 'aria-hidden="true"' in html
    assert "1 of 6" in html and "4 of 6" in html  # the table, the source of the chart
    assert f'href="{_base(data)}/runs/{run_id}/fairness.csv"' in html
    for user in data["users"].values():
        assert user.email not in html and user.last_name not in html


def test_the_csv_holds_the_same_figures(reviewed):
    data, client, run_id = reviewed
    response = client.get(f"{_base(data)}/runs/{run_id}/fairness.csv")
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("\ufeffStep,Group (self-declared),Selected in the group,In the group,")
    assert lines[1] == (
        "Review: shortlisted or referred among the ranked candidates,Woman,1,6,4,6,0.25,"
        "Below four fifths: review the decisions"
    )
    assert lines[2] == (
        "Referral: referred among the shortlisted candidates,The groups are too small to report.,,,,,,"
    )
    assert len(lines) == 3
    french = client.get(f"/fr/recruit/requests/{data['request'].id}/matching/runs/{run_id}/fairness.csv")
    assert "Femme" in french.get_data(as_text=True)


def test_the_csv_of_a_run_that_is_not_this_requests_is_a_404(app, db, reviewed):
    data, client, run_id = reviewed
    assert client.get(f"{_base(data)}/runs/{run_id + 1000}/fairness.csv").status_code == 404


def test_the_csv_sends_as_many_statements_for_more_candidates(app, db):
    data = build(db)
    client = _signed_in(app.test_client(), db, data["recruiter"])
    people = [add_person(db, data, i) for i in range(FEW)]
    _start_and_run(app, client, data)
    few = counts_of_latest_run(app, db, data, client, people, "/fairness.csv")
    people += [add_person(db, data, i) for i in range(FEW, MANY)]
    many = counts_of_latest_run(app, db, data, client, people, "/fairness.csv")
    assert many.count <= few.count, f"{few.report()}\n{many.report()}"
