"""The personal-data export at length: streamed in pieces as its sections are read, the very file a
whole-document ``json.dumps`` gives, as many statements for a long history as for a short one, and
audited without listing its own event."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import event, select

from talent import audit
from talent.models import AuditEvent, Experience, ExperienceSkill, Skill, UserSkill
from talent.profiles import privacy
from tests.conftest import login


@contextlib.contextmanager
def _statements(db) -> Iterator[list[str]]:
    """The SQL statements run inside the block (this file's own counter)."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


@pytest.mark.parametrize("batch", [1, 2, 3, 500])
def test_the_pieces_make_the_whole_document_json_dumps_gives(batch):
    def items():
        yield {"b": 'Zoë\n"quoted"', "a": [1, {"z": None, "y": []}], "c": {}}
        yield "plain"
        yield [1.5, True]

    sections = {
        "zeta": items(),
        "alpha": {"nested": {"deeper": ["x", {}]}, "empty": []},
        "empty_list": [],
        "empty_iter": iter(()),
        "none": None,
        "tuple": ({"k": 1}, {"k": 2}),
        "émoji ✓": "\u2028 line separator",
    }
    whole = {
        **sections,
        "zeta": list(items()),
        "empty_iter": [],
        "tuple": [{"k": 1}, {"k": 2}],
    }
    pieces = list(privacy.export_json(sections, batch))
    assert "".join(pieces) == _dumps(whole)
    assert len(pieces) == 1 + 3 // batch + 2 // batch  # a piece every ``batch`` items of a section
    assert "".join(privacy.export_json({})) == _dumps({})


@pytest.fixture
def history(db, make_user):
    """A candidate with a few skills, an experience and some activity; ``more()`` adds as much again."""
    user = make_user("candidate", email="long@example.com")
    counter = iter(range(1000))

    def more():
        for _ in range(3):
            n = next(counter)
            skill = Skill(
                key=f"hist:{n}", name_en=f"Skill {n}", name_fr=f"Compétence {n}", category="technical"
            )
            db.session.add(skill)
            db.session.flush()
            db.session.add(UserSkill(user_id=user.id, skill_id=skill.id, level=2))
            experience = Experience(
                user_id=user.id,
                kind="work",
                title=f"Job {n}",
                organization="Org",
                start_date=date(2020, 1, 1),
            )
            db.session.add(experience)
            db.session.flush()
            db.session.add(
                ExperienceSkill(experience_id=experience.id, skill_id=skill.id, justification="Did.")
            )
            audit.record("profile.updated", actor=user, target_type="profile", target_id=user.id, n=n)
        db.session.commit()

    more()
    return user, more


def test_the_export_streams_the_same_file_with_as_many_statements_whatever_its_length(
    db, client, history, monkeypatch
):
    user, more = history
    monkeypatch.setattr(privacy, "BATCH_ROWS", 2)
    login(client, user.email)

    def export():
        with _statements(db) as seen:
            response = client.get("/en/profile/export")
        assert response.status_code == 200
        return response, len(seen)

    short, short_statements = export()
    more()
    more()
    long, long_statements = export()
    assert long_statements == short_statements
    assert len(list(long.response)) > len(list(short.response)) > 1  # pieces as the sections are read

    body = long.get_data(as_text=True)
    data = json.loads(body)
    assert body == _dumps(data)  # byte for byte what one json.dumps of the whole export gives
    assert long.headers["Content-Type"] == "application/json"
    assert long.headers["Content-Disposition"].startswith(f'attachment; filename="talent-profile-{user.id}-')
    assert [s["skill_key"] for s in data["skills"]] == [f"hist:{n}" for n in range(9)]
    assert [e["skills"][0]["skill_key"] for e in data["experiences"]] == [f"hist:{n}" for n in range(9)]
    assert "password_hash" not in data["account"]
    # Each export is audited; an export lists the earlier ones, never its own.
    exports = db.session.scalars(
        select(AuditEvent.id).where(AuditEvent.action == "profile.exported").order_by(AuditEvent.id)
    ).all()
    assert len(exports) == 2
    listed = [e["id"] for e in data["activity"] if e["action"] == "profile.exported"]
    assert listed == exports[:1]
    assert sum(1 for e in data["activity"] if e["action"] == "profile.updated") == 9


def test_export_data_is_the_streamed_sections_as_lists(db, history):
    user, _more = history
    data = privacy.export_data(user)
    assert isinstance(data["skills"], list) and len(data["skills"]) == 3
    assert isinstance(data["activity"], list) and isinstance(data["emails"], list)
    streamed = json.loads("".join(privacy.export_json(privacy.export_sections(user))))
    assert {k: v for k, v in streamed.items() if k != "exported_at"} == {
        k: v for k, v in json.loads(_dumps(data)).items() if k != "exported_at"
    }
