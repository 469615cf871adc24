"""Referring from the ranked list (issue 14, part 3): each referred candidate is told, and the manager
once for the whole bulk action, not once per person."""

from __future__ import annotations

from sqlalchemy import select

from matching import services
from talent.models import Notification, OutboxMessage


def test_a_bulk_referral_tells_each_candidate_and_the_manager_once(app, db, match_data):
    app.extensions["dispatched"] = []
    run, _created = services.start_run(match_data["recruiter"], match_data["request"])
    app.extensions["celery"].tasks["matching.run"].apply(args=(run.id,), throw=True)
    people = match_data["users"]
    chosen = [people["ada"].id, people["bo"].id]
    services.decide(match_data["recruiter"], match_data["request"], chosen, "refer")
    db.session.commit()
    told = db.session.execute(select(Notification.recipient_id, Notification.kind)).all()
    assert sorted(told) == sorted(
        [
            (people["ada"].id, "referral.referred"),
            (people["bo"].id, "referral.referred"),
            (match_data["manager"].id, "request.referral"),
        ]
    )
    manager_mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == match_data["manager"].email)
    ).all()
    assert [m.kind for m in manager_mails] == ["request.referral"]
