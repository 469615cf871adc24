"""Ids in the match-run forms: a number past the database's integer range is a form error (422, with its
message) or, typed in a query string naming a run, a 404; never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matching.models import MatchDecision, MatchRun
from talent.models._types import MAX_ID
from tests.matching import test_review_views
from tests.matching.test_review_views import _base, _bulk, _start_and_run, _token

match_data = test_review_views.match_data  # the fixtures
recruiter_client = test_review_views.recruiter_client

HUGE = "1234567890123456789012345"  # 25 digits
OUT_OF_RANGE = [HUGE, str(MAX_ID + 1), "0"]


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_starting_a_run_from_pools_out_of_range_is_a_form_error(db, match_data, recruiter_client, value):
    token = _token(recruiter_client, _base(match_data))
    pools = [str(match_data["process"].id), value]
    response = recruiter_client.post(_base(match_data), data={"csrf_token": token, "pools": pools})
    assert response.status_code == 422
    assert "Choose pools from the list." in response.get_data(as_text=True)
    assert count(db, MatchRun) == 0


def test_ranks_and_runs_out_of_range_are_refused(app, db, match_data, recruiter_client):
    run_id = _start_and_run(app, recruiter_client, match_data)
    for value in OUT_OF_RANGE:
        response = _bulk(recruiter_client, match_data, run_id, [value], decision="shortlist")
        assert response.status_code == 422
        assert "Choose candidates from the match list." in response.get_data(as_text=True)
        compare = f"{_base(match_data)}/runs/{run_id}/compare?with={value}"
        assert recruiter_client.get(compare).status_code == 404
    assert recruiter_client.get(f"{_base(match_data)}/runs/{run_id}/compare?with={MAX_ID}").status_code == 404
    assert count(db, MatchDecision) == 0
