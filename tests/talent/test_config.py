"""Configuration from the environment: safe defaults, and production refuses what is unsafe."""

from __future__ import annotations

import pytest

from talent.config import INSECURE_DEV_SECRET, ConfigError, settings_from_env


def test_zero_setup_defaults_use_sqlite_in_the_instance_folder_and_in_process_tasks(tmp_path):
    settings = settings_from_env({}, str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/talent.sqlite3"
    assert settings["REDIS_URL"] is None
    assert settings["CELERY"]["task_always_eager"] is True
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"


def test_database_and_redis_from_the_environment(tmp_path):
    settings = settings_from_env(
        {"DATABASE_URL": "postgres://u@db/talent", "TALENT_REDIS_URL": "redis://r:6379/0"}, str(tmp_path)
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/talent"
    assert settings["CELERY"]["broker_url"] == "redis://r:6379/0"
    assert settings["CELERY"]["task_acks_late"] is True
    assert settings["CELERY"]["task_reject_on_worker_lost"] is True
    assert settings["CELERY"]["broker_transport_options"]["socket_timeout"] <= 5
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://r:6379/0"
    assert settings["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True


def test_the_prefixed_variable_wins(tmp_path):
    settings = settings_from_env(
        {"DATABASE_URL": "postgresql://a/one", "TALENT_DATABASE_URL": "postgresql://b/two"}, str(tmp_path)
    )
    assert settings["SQLALCHEMY_DATABASE_URI"].endswith("b/two")


@pytest.mark.parametrize("secret", [None, "", INSECURE_DEV_SECRET, "too-short"])
def test_production_refuses_to_start_without_a_real_secret(tmp_path, secret):
    env = {"TALENT_ENV": "production"}
    if secret is not None:
        env["TALENT_SECRET_KEY"] = secret
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        settings_from_env(env, str(tmp_path))


def test_production_with_a_real_secret_uses_secure_cookies(tmp_path):
    settings = settings_from_env({"TALENT_ENV": "production", "TALENT_SECRET_KEY": "k" * 40}, str(tmp_path))
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_bad_values_are_named(tmp_path):
    with pytest.raises(ConfigError, match="TALENT_SMTP_PORT"):
        settings_from_env({"TALENT_SMTP_PORT": "twenty-five"}, str(tmp_path))
    with pytest.raises(ConfigError, match="TALENT_ENV"):
        settings_from_env({"TALENT_ENV": "staging"}, str(tmp_path))


def test_create_app_fails_fast_in_production_without_secret(monkeypatch):
    from talent import create_app

    monkeypatch.setenv("TALENT_ENV", "production")
    monkeypatch.delenv("TALENT_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_env_example_lists_every_variable_the_config_reads():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "talent" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'_(?:get|int)\(env, "([A-Z_]+)"', source))
    example = (root / ".env.example").read_text(encoding="utf-8")
    missing = sorted(name for name in read if f"TALENT_{name}=" not in example and f"{name}=" not in example)
    assert read and missing == []
