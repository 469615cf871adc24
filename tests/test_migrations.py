"""Migrations are code: one head, upgrade from empty reaches it on PostgreSQL, downgrade works,
and the models match what the migrations build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from tests.conftest import TEST_DATABASE_URL, base_config

ROOT = Path(__file__).resolve().parents[1]
SCRATCH_DB = "talent_migrations_test"


def _script() -> ScriptDirectory:
    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config)


def test_there_is_a_single_head():
    assert len(_script().get_heads()) == 1


@pytest.fixture
def scratch_app(postgres: str) -> Iterator[Any]:
    """An app on a database of its own, created empty for this test and dropped after."""
    from talent import create_app
    from talent.extensions import db

    admin_url = TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {SCRATCH_DB}"))
    url = admin_url.rsplit("/", 1)[0] + "/" + SCRATCH_DB
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
        admin.dispose()


def _current(db: Any) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_upgrade_from_empty_reaches_head_matches_models_and_downgrades(scratch_app):
    from flask_migrate import downgrade, upgrade

    from talent.extensions import db

    head = _script().get_current_head()
    with scratch_app.app_context():
        upgrade()
        assert _current(db) == head
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        assert _current(db) is None
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert _current(db) == head
