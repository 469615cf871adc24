"""A reviewer's private notes on the candidates of a run (issue 15): written, changed and deleted in the row
of the list; read by their author only (another recruiter neither reads nor changes them, managers and
candidates cannot reach the route); at most 2,000 characters (a form error beyond, nothing written); in
nothing else (not the CSV, not the comparison, not the manager's or the candidate's pages); deleted with the
run and with the candidate's account, and part of the candidate's own personal-data export."""

from __future__ import annotations

import html as html_lib

import pytest
from sqlalchemy import delete, func, select

from matching import services
from matching.models import MatchNote, MatchRun
from matching.review import notes
from talent.profiles import privacy
from tests.conftest import login
from tests.matching import test_review_views
from tests.matching.test_review_tiers import stored_run
from tests.matching.test_review_views import _base, _signed_in, _token

match_data = test_review_views.match_data  # the fixtures
recruiter_client = test_review_views.recruiter_client

SECRET = "Sounded unsure about replication; ask again Tuesday"


def _note(client, data, run, rank, text, lang="en"):
    token = _token(client, f"{_base(data)}/runs/{run.id}")
    url = f"{_base(data, lang)}/runs/{run.id}/candidates/{rank}/note"
    return client.post(url, data={f"n{rank}-csrf_token": token, f"n{rank}-text": text})


def _notes(db):
    db.session.expire_all()  # the pages wrote through their own requests
    return list(db.session.scalars(select(MatchNote).order_by(MatchNote.id)))


@pytest.fixture
def colleague(app, db, make_user):
    """A second recruiter of the team, signed in."""
    user = make_user("recruiter", first_name="Other", last_name="Recruiter")
    client = app.test_client()
    assert login(client, user.email).status_code in (302, 303)
    return user, client


def test_a_note_is_written_changed_and_deleted_in_the_row(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    answer = _note(recruiter_client, match_data, run, 2, f"  {SECRET}  ")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("#candidate-2")
    [note] = _notes(db)
    ada = match_data["users"]["ada"]
    assert (note.run_id, note.user_id, note.author_id, note.text) == (
        run.id,
        ada.id,
        match_data["recruiter"].id,
        SECRET,
    )
    page = recruiter_client.get(f"{_base(match_data)}/runs/{run.id}").get_data(as_text=True)
    assert "Your note on candidate #2 was saved." in page and SECRET in html_lib.unescape(page)
    assert _note(recruiter_client, match_data, run, 2, "Changed my mind.").status_code == 303
    assert [n.text for n in _notes(db)] == ["Changed my mind."]  # one note per run, candidate and author
    assert _note(recruiter_client, match_data, run, 2, "   ").status_code == 303
    assert _notes(db) == []
    assert "Your note on candidate #2 was deleted." in recruiter_client.get(
        f"{_base(match_data)}/runs/{run.id}"
    ).get_data(as_text=True)


@pytest.mark.parametrize(("length", "code"), [(2000, 303), (2001, 422)])
def test_a_note_holds_at_most_2000_characters(app, db, match_data, recruiter_client, length, code):
    run = stored_run(db, match_data)
    answer = _note(recruiter_client, match_data, run, 2, "x" * length)
    assert answer.status_code == code
    if code == 422:
        page = answer.get_data(as_text=True)
        assert "Use at most 2000 characters." in page and "Your private note on Candidate #2" in page
        assert _notes(db) == []
    else:
        assert len(_notes(db)[0].text) == 2000
    with pytest.raises(services.MatchingError):  # the rule holds in the service too
        notes.save(match_data["recruiter"], run, match_data["users"]["ada"].id, "y" * 2001)


def test_another_recruiter_neither_reads_nor_changes_a_note(app, db, match_data, recruiter_client, colleague):
    run = stored_run(db, match_data)
    _note(recruiter_client, match_data, run, 2, SECRET)
    other, client = colleague
    page = client.get(f"{_base(match_data)}/runs/{run.id}")
    assert page.status_code == 200 and SECRET not in html_lib.unescape(page.get_data(as_text=True))
    # Posting to the same row writes the colleague's own note: the first one is untouched.
    assert _note(client, match_data, run, 2, "Mine.").status_code == 303
    texts = {n.author_id: n.text for n in _notes(db)}
    assert texts == {match_data["recruiter"].id: SECRET, other.id: "Mine."}
    assert SECRET not in html_lib.unescape(
        client.get(f"{_base(match_data)}/runs/{run.id}").get_data(as_text=True)
    )
    assert "Mine." not in html_lib.unescape(
        recruiter_client.get(f"{_base(match_data)}/runs/{run.id}").get_data(as_text=True)
    )
    # Deleting one's own note leaves the other's.
    _note(client, match_data, run, 2, "")
    assert [n.text for n in _notes(db)] == [SECRET]
    assert notes.mine(other, run, [match_data["users"]["ada"].id]) == {}


def test_only_the_recruitment_team_reaches_notes_and_only_of_the_run(
    app, db, match_data, recruiter_client, make_user
):
    run = stored_run(db, match_data)
    token = _token(recruiter_client, f"{_base(match_data)}/runs/{run.id}")
    url = f"{_base(match_data)}/runs/{run.id}/candidates"
    assert (
        recruiter_client.post(f"{url}/9/note", data={"n9-csrf_token": token, "n9-text": "x"}).status_code
        == 404
    )
    other_request = (
        f"/en/recruit/requests/{match_data['request'].id + 1000}/matching/runs/{run.id}/candidates/2/note"
    )
    assert (
        recruiter_client.post(other_request, data={"n2-csrf_token": token, "n2-text": "x"}).status_code == 404
    )
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    assert manager.post(f"{url}/2/note", data={"n2-text": "x"}).status_code in (400, 403)
    candidate = app.test_client()
    login(candidate, make_user("candidate").email)
    assert candidate.post(f"{url}/2/note", data={"n2-text": "x"}).status_code in (400, 403)
    assert _notes(db) == []
    with pytest.raises(services.MatchingError):
        notes.save(match_data["manager"], run, match_data["users"]["ada"].id, "x")
    with pytest.raises(services.MatchingError):  # not ranked in the run
        notes.save(match_data["recruiter"], run, match_data["recruiter"].id, "x")


def test_a_note_goes_nowhere_else(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    _note(recruiter_client, match_data, run, 2, SECRET)
    base = f"{_base(match_data)}/runs/{run.id}"
    assert SECRET not in recruiter_client.get(f"{base}/export.csv").get_data(as_text=True)
    assert SECRET not in html_lib.unescape(
        recruiter_client.get(f"{base}/candidates/compare?c=2&c=1").get_data(as_text=True)
    )
    # Referred: the manager's and the candidate's pages do not carry it either.
    ada = match_data["users"]["ada"]
    test_review_views._decide(recruiter_client, match_data, run.id, 2, decision="refer")
    manager = _signed_in(app.test_client(), db, match_data["manager"])
    request_id = match_data["request"].id
    for url in (
        f"/en/talent-requests/{request_id}/candidates/{ada.id}/fit",
        f"/en/talent-requests/{request_id}",
    ):
        page = manager.get(url)
        assert page.status_code == 200 and SECRET not in html_lib.unescape(page.get_data(as_text=True))
    from jobs.models import Referral

    referral = db.session.scalars(select(Referral).where(Referral.user_id == ada.id)).one()
    candidate = _signed_in(app.test_client(), db, ada)
    page = candidate.get(f"/en/referrals/{referral.id}/fit")
    assert page.status_code == 200 and SECRET not in html_lib.unescape(page.get_data(as_text=True))


def test_notes_go_with_the_run_and_with_the_candidates_account(app, db, match_data, recruiter_client):
    run = stored_run(db, match_data)
    _note(recruiter_client, match_data, run, 2, SECRET)
    _note(recruiter_client, match_data, run, 1, "About bo.")
    ada, bo = match_data["users"]["ada"], match_data["users"]["bo"]
    # The person's export holds what was written about them, without naming the author.
    exported = list(privacy.EXPORTERS["match_notes"](ada))
    assert [item["text"] for item in exported] == [SECRET] and "author_id" not in exported[0]
    privacy.ANONYMISERS["match_notes"](ada)
    assert [n.user_id for n in _notes(db)] == [bo.id]
    db.session.execute(delete(MatchRun).where(MatchRun.id == run.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(MatchNote)) == 0
