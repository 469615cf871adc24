"""The talent-management programme's personal data (issue 16, part 5): the export of a nominator holds the
nominations they made, the export of a nominee their groups with who nominated them and every decision, and
neither holds anything of other people's nominations; deleting a nominee's account deletes their groups,
the nominations about them and the decisions, and deleting a nominator's keeps the nominee's group but
without the rationale, the reference, or their name in the nominee's notification."""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from jobs.models import Nomination, NominationDecision, NominationGroup, NominationSkill
from jobs.services import nominating, nominees
from jobs.services.nominating import NominationFields
from talent.models import Notification, OutboxMessage
from talent.models._types import utcnow
from talent.profiles import privacy
from tests.jobs import nomination_fixtures
from tests.jobs.test_personal_data import canary_hits

make_employee = nomination_fixtures.make_employee  # the fixtures
make_event = nomination_fixtures.make_event
make_group = nomination_fixtures.make_group


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def world(db, make_employee, make_event, make_user, library):
    """Ana nominated Ben in an event (with a decision on his group), Carol nominated Ben too, and Ben
    nominated Dan; Ana keeps a draft about Carol. Free text carries a canary of its writer."""
    canary = "nq" + secrets.token_hex(4)
    ana = make_employee(first_name=f"{canary}ana", last_name="Nominator")
    ben = make_employee(first_name="Ben", last_name="Nominee")
    carol = make_employee(first_name="Carol", last_name="Colleague")
    dan = make_employee(first_name="Dan", last_name="Other")
    coordinator = make_user("coordinator")
    event = make_event(coordinators=[coordinator])
    now = utcnow()

    def nominate(nominator, nominee, marker, submit=True):
        nomination = nominating.start(nominator, event, nominee, now=now)
        fields = NominationFields(
            kinds=("advancement", "lateral"),
            rationale=f"{canary}{marker}rationale",
            relationship="colleague",
            reference_name=f"{canary}{marker}reference",
            reference_email=f"{canary}{marker}@canada.ca",
            skills=(library["python"].key,),
        )
        if submit:
            nominating.submit(nominator, nomination, fields, now=now)
        else:
            nominating.save(nominator, nomination, fields, now=now)
        return nomination

    by_ana = nominate(ana, ben, "ana")
    by_carol = nominate(carol, ben, "carol")
    by_ben = nominate(ben, dan, "ben")
    draft = nominate(ana, carol, "anadraft", submit=False)
    group = by_ana.group
    group.advancement_decision, group.advancement_expires_on = "approved", date(2032, 1, 31)
    group.decisions.append(
        NominationDecision(
            kind="advancement",
            decision="approved",
            notes=f"{canary}bennotes",
            expires_on=date(2032, 1, 31),
            decided_by_id=coordinator.id,
            decided_at=now,
        )
    )
    group.declined_at = now + timedelta(hours=1)
    group.promoted_on, group.promotion_recorded_by_id = date(2031, 6, 1), coordinator.id
    db.session.commit()
    return {
        "canary": canary,
        "ana": ana,
        "ben": ben,
        "carol": carol,
        "dan": dan,
        "event": event,
        "by_ana": by_ana,
        "by_carol": by_carol,
        "by_ben": by_ben,
        "draft": draft,
        "group": group,
    }


def exported(user):
    return json.loads("".join(privacy.export_json(privacy.export_sections(user))))["nominations"]


def test_the_tables_are_declared(app):
    for table in (
        "nominations",
        "nomination_skills",
        "nomination_groups",
        "nomination_decisions",
        "nomination_event_coordinators",
        "nomination_events",
    ):
        assert privacy.TABLES[table] == "nominations"
    assert {
        ("nomination_decisions", "decided_by_id"),
        ("nomination_events", "created_by_id"),
        ("nomination_groups", "promotion_recorded_by_id"),
    } <= privacy.ACTOR_COLUMNS
    assert "nominations" in privacy.EXPORTERS and "nominations" in privacy.ANONYMISERS


def test_a_nominators_export_holds_the_nominations_they_made_and_nothing_of_others(db, world):
    canary, ana = world["canary"], world["ana"]
    data = exported(ana)
    made = {n["id"]: n for n in data["made"]}
    assert set(made) == {world["by_ana"].id, world["draft"].id}  # drafts included
    mine = made[world["by_ana"].id]
    assert mine["rationale"] == f"{canary}anarationale" and mine["reference_name"] == f"{canary}anareference"
    assert mine["event_name_en"] == world["event"].name_en and mine["event_name_fr"] == world["event"].name_fr
    assert mine["nominee"] == "Ben Nominee" and mine["submitted_at"] is not None
    assert [s["skill_key"] for s in mine["skills"]] == ["t:python"]
    assert made[world["draft"].id]["submitted_at"] is None
    assert data["received"] == []
    text = json.dumps(data)
    for other in ("carolrationale", "benrationale", "bennotes", "carolreference"):
        assert f"{canary}{other}" not in text, other  # other people's nominations, Ben's decisions


def test_a_nominees_export_holds_their_groups_decisions_and_nominators_and_nothing_of_others(db, world):
    canary, ben = world["canary"], world["ben"]
    data = exported(ben)
    assert [n["id"] for n in data["made"]] == [world["by_ben"].id]
    [group] = data["received"]
    assert group["id"] == world["group"].id and group["event_name_en"] == world["event"].name_en
    assert group["advancement_decision"] == "approved" and group["advancement_expires_on"] == "2032-01-31"
    assert group["declined_at"] is not None and group["promoted_on"] == "2031-06-01"
    [decision] = group["decisions"]
    assert decision["notes"] == f"{canary}bennotes" and decision["expires_on"] == "2032-01-31"
    assert decision["decided_at"] is not None and "decided_by_id" not in decision
    nominators = {n["nominator"]: n for n in group["nominations"]}
    assert set(nominators) == {f"{canary}ana Nominator", "Carol Colleague"}
    assert nominators["Carol Colleague"]["kinds"] == ["advancement", "lateral"]
    assert nominators["Carol Colleague"]["rationale"] == f"{canary}carolrationale"  # an opinion about Ben
    text = json.dumps(data)
    # Never the references' contact details (a third party's), nor Ana's draft about Carol.
    for other in ("anareference", "carolreference", "anadraftrationale", "ana@", "carol@"):
        assert f"{canary}{other}" not in text, other


def test_deleting_a_nominee_deletes_their_groups_the_nominations_about_them_and_the_decisions(db, world):
    ben, group = world["ben"], world["group"]
    # The coordinators were told of a decline (and of its withdrawal), naming Ben: that goes too.
    nominees.withdraw_decline(ben, group)
    nominees.decline(ben, group)
    db.session.commit()
    assert count(db, Notification, Notification.subject_type == "nomination_group") == 2
    group_id = group.id
    privacy.delete_account(ben)
    db.session.commit()
    assert db.session.get(NominationGroup, group_id) is None
    assert count(db, NominationDecision) == 0
    assert count(db, Nomination, Nomination.nominee_id == ben.id) == 0
    assert count(db, Notification, Notification.subject_type == "nomination_group") == 0
    # Ben's nomination of Dan stays, for Dan's record, without Ben's writing.
    by_ben = db.session.get(Nomination, world["by_ben"].id)
    assert by_ben is not None and by_ben.group_id is not None and by_ben.rationale == ""
    # The others' records are untouched: Ana's draft about Carol.
    assert db.session.get(Nomination, world["draft"].id).rationale.endswith("anadraftrationale")


def test_deleting_a_nominator_keeps_the_nominees_group_without_their_writing(db, world):
    canary, ana, ben = world["canary"], world["ana"], world["ben"]
    told = db.session.scalars(
        select(Notification).where(
            Notification.recipient_id == ben.id, Notification.kind == "nomination.received"
        )
    ).all()
    assert any(n.params.get("nominator") == f"{canary}ana Nominator" for n in told)
    assert count(db, OutboxMessage, OutboxMessage.body.contains(f"{canary}ana")) == 1
    draft_id = world["draft"].id
    privacy.delete_account(ana)
    db.session.commit()
    kept = db.session.get(Nomination, world["by_ana"].id)
    assert kept is not None and kept.group_id == world["group"].id and kept.submitted_at is not None
    assert (
        kept.kinds == ("advancement", "lateral")
        and count(db, NominationSkill, NominationSkill.nomination_id == kept.id) == 1
    )
    assert kept.rationale == "" and kept.reference_name is None and kept.reference_email is None
    assert db.session.get(Nomination, draft_id) is None  # a draft is nobody else's record
    group = db.session.get(NominationGroup, world["group"].id)
    assert len(group.nominations) == 2 and group.advancement_decision == "approved"
    # Nothing Ana wrote, nor her name, is left anywhere; Carol's nomination keeps its rationale.
    hits = canary_hits(db, canary)
    assert set(hits) == {"nominations", "nomination_decisions"}  # Carol's and Ben's writing, Ben's decision
    leftover = " ".join(
        [n.rationale for n in db.session.scalars(select(Nomination))]
        + [n.reference_name or "" for n in db.session.scalars(select(Nomination))]
    )
    assert f"{canary}ana" not in leftover and f"{canary}carolrationale" in leftover
    assert count(db, OutboxMessage, OutboxMessage.body.contains(f"{canary}ana")) == 0
    text = json.dumps([n.params for n in db.session.scalars(select(Notification))])
    assert f"{canary}ana" not in text


def test_the_readable_export_page_shows_the_nominations(app, db, world):
    from tests.conftest import login

    client = app.test_client()
    login(client, world["ana"].email)
    english = client.get("/en/profile/export/page").get_data(as_text=True)
    assert "Nominations (talent-management programme)" in english
    assert f"{world['canary']}anarationale" in english
    french = client.get("/fr/profile/export/page").get_data(as_text=True)
    assert "Nominations (programme de gestion des talents)" in french
