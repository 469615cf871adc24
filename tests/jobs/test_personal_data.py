"""What deletion removes and what the export gives, tried the way an auditor would (issue 13, part 1).

Every table that refers to a user is declared by some package as holding data about the person (with an
export section and an anonymiser) or as naming them only as the one who acted. Unique canary strings
planted in every personal field, by the person and by the staff about them, are found nowhere after the
account is deleted: not in any column of any table, not on the pages the recruitment team and the
manager read. Before deletion, the export holds them all.
"""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import select, text

from jobs.models import (
    Application,
    ApplicationEvent,
    AssessmentResult,
    Decision,
    Referral,
    TalentRequest,
)
from jobs.services import applications
from matching.models import MatchCandidate, MatchDecision, MatchResult, MatchRun
from talent import audit
from talent.models import OutboxMessage
from talent.models._types import utcnow
from talent.profiles import experiences, privacy, services
from tests import battery
from tests.conftest import TOTP_SECRET, login


def undeclared(metadata) -> list[str]:
    """Each foreign key to ``users`` that no package declared (``table.column``)."""
    missing = []
    for table in metadata.tables.values():
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys) and not (
                table.name in privacy.TABLES or (table.name, column.name) in privacy.ACTOR_COLUMNS
            ):
                missing.append(f"{table.name}.{column.name}")
    return sorted(missing)


def test_every_table_that_refers_to_a_user_is_declared(app, db):
    assert undeclared(db.metadata) == []
    assert set(privacy.EXPORTERS) == set(privacy.ANONYMISERS)
    assert {"applications", "referrals", "talent_requests", "match_results", "match_decisions"} <= set(
        privacy.EXPORTERS
    )
    assert set(privacy.TABLES.values()) - {"account"} <= {
        *privacy.EXPORTERS,
        *("profile", "equity_declaration", "skills", "experiences", "activity", "emails"),
        *("work_email", "career_interests"),
    }


def test_a_table_left_undeclared_is_caught(app, db, monkeypatch):
    monkeypatch.delitem(privacy.TABLES, "referrals")
    assert undeclared(db.metadata) == ["referrals.user_id"]


@pytest.fixture
def planted(db, make_process, make_candidate, make_user, library):
    """A candidate whose every personal field, and everything written about them, holds a canary."""
    canary = "kq" + secrets.token_hex(5)

    def mark(name: str) -> str:
        return f"{canary}{name}"

    candidate = make_candidate()
    candidate.first_name, candidate.last_name = mark("first"), mark("last")
    candidate.email = f"{canary}mail@example.com"
    # Two-factor sign-in on (a candidate may): the secret must go with the account too.
    candidate.mfa_secret, candidate.mfa_enabled_at = TOTP_SECRET, utcnow()
    profile = services.get_profile(candidate)
    profile.telephone, profile.current_city = mark("tel"), mark("city")
    profile.location_exemptions, profile.priority_number = mark("exempt"), mark("prio")
    experience = experiences.save_experience(
        candidate,
        "work",
        {
            "title": mark("title"),
            "organization": mark("org"),
            "description": mark("description"),
            "start_date": date(2020, 1, 1),
        },
    )
    experiences.link_skill(
        candidate, experience, candidate_skill(db, candidate, library["python"].id), mark("justification")
    )
    process = make_process()
    application = applications.start(candidate, process)
    applications.save_answers(application, {q.id: mark("answer") for q in process.questions})
    applications.submit(application, mark("signature"))
    application.decision = Decision.QUALIFIED
    db.session.add(
        AssessmentResult(
            application_id=application.id,
            step_id=process.steps[0].id,
            process_skill_id=process.skills[0].id,
            result="successful",
            justification=mark("assessed"),
        )
    )
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            action="noted",
            status_before="qualified",
            status_after="qualified",
            details={"note": mark("event")},
        )
    )
    manager = make_user("manager")
    talent_request = TalentRequest(requester_id=manager.id, job_title="Data engineer", search={})
    db.session.add(talent_request)
    db.session.flush()
    db.session.add(
        Referral(
            request_id=talent_request.id,
            user_id=candidate.id,
            application_id=application.id,
            referred=True,
            selection="not_selected",
            selection_details=mark("selection"),
        )
    )
    run = MatchRun(
        request_id=talent_request.id,
        pools=[process.id],
        engine_version="t",
        skills_version="t",
        status="done",
    )
    db.session.add(run)
    db.session.flush()
    db.session.add(
        MatchResult(
            run_id=run.id,
            user_id=candidate.id,
            rank=1,
            score=0.9,
            explanation={"matched": [{"skill": "python", "evidence": [{"title": mark("explained")}]}]},
        )
    )
    db.session.add(
        MatchCandidate(run_id=run.id, user_id=candidate.id, shard=0, score=0.9, pools=[process.id])
    )
    db.session.add(
        MatchDecision(
            request_id=talent_request.id,
            user_id=candidate.id,
            decision="refer",
            reason=mark("reason"),
            notes=mark("notes"),
        )
    )
    db.session.add(
        OutboxMessage(
            kind="application_submitted",
            recipient=candidate.email,
            subject=mark("subject"),
            body=f"Hello {candidate.first_name}",
        )
    )
    audit.record(
        "profile.updated", actor=candidate, target_type="profile", target_id=candidate.id, note=mark("audit")
    )
    db.session.commit()
    return {
        "canary": canary,
        "candidate": candidate,
        "process": process,
        "application": application,
        "request": talent_request,
        "run": run,
        "manager": manager,
    }


def candidate_skill(db, user, skill_id):
    from talent.models import UserSkill

    return db.session.scalars(
        select(UserSkill.id).where(UserSkill.user_id == user.id, UserSkill.skill_id == skill_id)
    ).one()


def canary_hits(db, canary: str) -> dict[str, int]:
    """Rows of every table whose text (every column, JSON included) holds the canary."""
    hits = {}
    for table in db.metadata.sorted_tables:
        found = db.session.scalar(
            text(f'SELECT count(*) FROM "{table.name}" AS t WHERE t::text ILIKE :pattern'),
            {"pattern": f"%{canary}%"},
        )
        if found:
            hits[table.name] = found
    return hits


PLANTED_IN = {
    "users",
    "candidate_profiles",
    "experiences",
    "experience_skills",
    "applications",
    "application_answers",
    "assessment_results",
    "application_events",
    "referrals",
    "match_results",
    "match_decisions",
    "outbox_messages",
    "audit_events",
}


def test_the_export_holds_every_canary_before_deletion(db, planted):
    canary = planted["canary"]
    assert set(canary_hits(db, canary)) == PLANTED_IN  # the fixture plants where it says
    exported = "".join(privacy.export_json(privacy.export_sections(planted["candidate"])))
    for name in (
        "first",
        "tel",
        "city",
        "title",
        "justification",
        "answer",
        "signature",
        "assessed",
        "event",
        "selection",
        "explained",
        "reason",
        "notes",
        "subject",
        "audit",
    ):
        assert f"{canary}{name}" in exported, name
    assert TOTP_SECRET not in exported  # the two-factor secret is never exported
    assert '"mfa_enabled_at"' in exported and '"recovery_codes_left": 0' in exported


def test_deleting_the_account_leaves_no_canary_in_any_table_or_page(app, db, planted):
    candidate, process, canary = planted["candidate"], planted["process"], planted["canary"]
    privacy.delete_account(candidate)
    db.session.commit()
    left = canary_hits(db, canary)
    battery.count("canary_hits", sum(left.values()))
    assert left == {}
    assert candidate.mfa_secret is None and candidate.mfa_enabled_at is None  # no secret left behind
    # What stays is still there, anonymous: the application, the referral, the ranking, the decision.
    assert db.session.get(Application, planted["application"].id).decision == Decision.QUALIFIED
    assert db.session.scalars(select(Referral.selection)).all() == ["not_selected"]
    assert db.session.scalars(select(MatchResult.rank)).all() == [1]
    # The pages the recruitment team and the manager read about the person.
    recruiter = process.recruiters[0]
    client = app.test_client()
    login(client, recruiter.email)
    pages = [
        f"/en/recruit/processes/{process.id}/applicants",
        f"/en/recruit/processes/{process.id}/pool",
        f"/en/recruit/applications/{planted['application'].id}",
        f"/en/recruit/requests/{planted['request'].id}",
        f"/en/recruit/requests/{planted['request'].id}/matching/runs/{planted['run'].id}",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        battery.count("canary_hits", response.get_data(as_text=True).lower().count(canary))
        assert canary not in response.get_data(as_text=True).lower(), path
    manager = app.test_client()
    login(manager, planted["manager"].email)
    response = manager.get(f"/en/talent-requests/{planted['request'].id}")
    assert response.status_code == 200
    battery.count("canary_hits", response.get_data(as_text=True).lower().count(canary))
    assert canary not in response.get_data(as_text=True).lower()


def test_the_readable_export_page_shows_everything_the_download_holds(app, db, planted):
    from talent.models import AuditEvent

    canary, candidate = planted["canary"], planted["candidate"]
    client = app.test_client()
    login(client, candidate.email)
    response = client.get("/en/profile/export/page")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in (
        "first",
        "tel",
        "city",
        "title",
        "justification",
        "answer",
        "signature",
        "selection",
        "notes",
    ):
        assert f"{canary}{name}" in html, name
    assert "Applications" in html and "Referrals to hiring managers" in html
    assert "Candidatures" in client.get("/fr/profile/export/page").get_data(as_text=True)
    exported = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "profile.exported", AuditEvent.actor_id == candidate.id)
    ).all()
    assert len(exported) == 2  # each reading is audited
    manager = app.test_client()
    login(manager, planted["manager"].email)
    assert manager.get("/en/profile/export/page").status_code == 403
