"""Schemathesis over ``/api/v1/openapi.json``: every operation of the document, with cases generated from
it (valid and invalid parameters), against the app on PostgreSQL. No answer may be a server error, and
every answer must be one the document describes: its status, content type, headers and body schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from jobs.services import processes
from talent.auth import tokens
from talent.clock import today
from talent.models import Classification, SkillFamily, UserSkill

EXAMPLES = 25  # per operation and generation mode: well under a minute for the whole API
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MODES = {GenerationMode.POSITIVE: CHECKS, GenerationMode.NEGATIVE: [*CHECKS, negative_data_rejection]}


def exercise(operation, mode, checks, headers=None) -> int:
    """Run ``EXAMPLES`` generated cases of ``operation`` through ``checks``; how many ran."""
    ran = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal ran
        ran += 1
        case.call_and_validate(checks=checks, headers=headers)

    run()
    return ran


@pytest.fixture
def api_world(db, library, make_process):
    """Skills with a family, a process open now, a draft and an archived one."""
    it03 = db.session.scalars(select(Classification).order_by(Classification.id)).first()
    family = SkillFamily(key="f:programming", name_en="Programming", name_fr="Programmation")
    db.session.add(family)
    library["python"].families.append(family)
    db.session.commit()
    make_process(title_en="Developer", title_fr="Développeur", classification_id=it03.id)
    make_process(publish=False, title_en="Draft")
    archived = make_process(title_en="Archived")
    processes.close_early(archived.created_by, archived, "Enough")
    processes.archive(archived.created_by, archived)
    db.session.commit()
    return family


@pytest.fixture
def bearer(db, make_user, library):
    """A candidate with a skill, and a valid token of theirs (the authenticated operations)."""
    user = make_user()
    db.session.add(UserSkill(user_id=user.id, skill_id=library["python"].id, level=2))
    _token, secret = tokens.create(user, "Schemathesis", ["profile:read"], today())
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_every_operation_conforms_and_never_fails(app, api_world, bearer):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} == {
        "GET /api/v1/skills",
        "GET /api/v1/skills/{key}",
        "GET /api/v1/skill-families",
        "GET /api/v1/processes",
        "GET /api/v1/processes/{process_id}",
        "GET /api/v1/talent-counts",
        "GET /api/v1/me",
        "GET /api/v1/me/skills",
    }
    cases = {
        f"{op.method.upper()} {op.path} ({mode.value})": exercise(op, mode, checks, bearer)
        for op in operations
        for mode, checks in MODES.items()
    }
    print(f"schemathesis: {len(operations)} operations, {sum(cases.values())} cases", cases)
    assert all(cases.values())
