"""Configuration from the environment: safe defaults, and production refuses what is unsafe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talent.config import INSECURE_DEV_SECRET, ConfigError, declared_variables, settings_from_env


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


ROOT = Path(__file__).resolve().parents[2]
# Free text: any value is taken as given.
TEXT = {
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SERVER_NAME",
    "PUBLIC_BASE_URL",
    "TIMEZONE",
    "LOGIN_RATE_LIMIT",
    "LOGIN_PAIR_RATE_LIMIT",
    "API_TOKEN_RATE_LIMIT",
    "MAIL_FROM",
    "SMTP_HOST",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "CONTENT_SECURITY_POLICY",
}
# Every checked variable at the edges of what it accepts: (variable, refused, accepted, setting, value).
BOUNDS = [
    ("MATCHING_SHARD_SIZE", "0", "1", "MATCHING_SHARD_SIZE", 1),
    ("MATCHING_MODEL_SAMPLE", "0", "1", "MATCHING_MODEL_SAMPLE", 1),
    ("MATCHING_RESEND_AFTER_SECONDS", "0", "1", "MATCHING_RESEND_AFTER_SECONDS", 1),
    ("MATCHING_HEARTBEAT_SECONDS", "0", "1", "MATCHING_HEARTBEAT_SECONDS", 1),
    # A stall limit is at least two heartbeats (5 s by default), or live work would be taken over.
    ("MATCHING_SHARD_STALLED_AFTER_SECONDS", "9", "10", "MATCHING_SHARD_STALLED_AFTER_SECONDS", 10),
    ("MATCHING_STALLED_AFTER_SECONDS", "9", "10", "MATCHING_STALLED_AFTER_SECONDS", 10),
    ("MATCHING_RERANK_DELAY_SECONDS", "-1", "0", "MATCHING_RERANK_DELAY_SECONDS", 0),
    ("SKILL_INDEX_MAX_AGE", "0", "1", "SKILL_INDEX_MAX_AGE", 1),
    ("SESSION_HOURS", "0", "1", "PERMANENT_SESSION_LIFETIME", 3600),
    ("CSRF_HOURS", "0", "1", "WTF_CSRF_TIME_LIMIT", 3600),
    ("PASSWORD_RESET_MINUTES", "0", "1", "PASSWORD_RESET_MINUTES", 1),
    ("STAFF_IDLE_MINUTES", "0", "1", "STAFF_IDLE_MINUTES", 1),
    ("REAUTH_MINUTES", "0", "1", "REAUTH_MINUTES", 1),
    ("API_TOKEN_MAX_DAYS", "0", "1", "API_TOKEN_MAX_DAYS", 1),
    ("API_TOKEN_MFA_MINUTES", "0", "1", "API_TOKEN_MFA_MINUTES", 1),
    ("EMAIL_CONFIRM_HOURS", "0", "1", "EMAIL_CONFIRM_HOURS", 1),
    ("ACCOUNT_ANSWER_MIN_MS", "-1", "0", "ACCOUNT_ANSWER_MIN_MS", 0),
    ("LOGIN_FAILURE_NOTICE", "0", "1", "LOGIN_FAILURE_NOTICE", 1),
    ("PASSWORD_HASH_TIME_COST", "0", "1", "PASSWORD_HASH_TIME_COST", 1),
    ("PASSWORD_HASH_MEMORY_KIB", "7", "8", "PASSWORD_HASH_MEMORY_KIB", 8),
    ("PASSWORD_HASH_PARALLELISM", "0", "1", "PASSWORD_HASH_PARALLELISM", 1),
    ("SMTP_PORT", "0", "1", "SMTP_PORT", 1),
    ("SMTP_PORT", "65536", "65535", "SMTP_PORT", 65535),
    ("SMTP_TIMEOUT", "0", "1", "SMTP_TIMEOUT", 1),
    ("DECISION_EMAIL_DELAY_SECONDS", "-1", "0", "DECISION_EMAIL_DELAY_SECONDS", 0),
    ("DECISION_EMAIL_DELAY_SECONDS", "3601", "3600", "DECISION_EMAIL_DELAY_SECONDS", 3600),
    ("BROKER_VISIBILITY_TIMEOUT", "0", "1", "CELERY", None),
    ("BROKER_TIMEOUT_SECONDS", "0", "0.1", "BROKER_TIMEOUT_SECONDS", 0.1),
    ("BROKER_TIMEOUT_SECONDS", "inf", "600", "BROKER_TIMEOUT_SECONDS", 600.0),
    ("ENV", "staging", "Testing", "ENV_NAME", "testing"),
    ("URL_SCHEME", "ftp", "https", "PREFERRED_URL_SCHEME", "https"),
    ("TASK_DISPATCH", "eager", "record", "TASK_DISPATCH", "record"),
    ("BEHIND_PROXY", "maybe", "yes", "BEHIND_PROXY", True),
    ("SECURE_COOKIES", "maybe", "on", "SESSION_COOKIE_SECURE", True),
    ("RATELIMIT_ENABLED", "maybe", "0", "RATELIMIT_ENABLED", False),
    ("SMTP_STARTTLS", "maybe", "False", "SMTP_STARTTLS", False),
    ("COUNT_INDEX", "maybe", "off", "COUNT_INDEX", False),
    ("MATCHING_ENGINE_PARAMS", "[1]", '{"n_components": 8}', "MATCHING_ENGINE_PARAMS", {"n_components": 8}),
    ("WORK_EMAIL_DOMAINS", "gc..ca", " GC.ca , canada.ca", "WORK_EMAIL_DOMAINS", ("gc.ca", "canada.ca")),
]
NOT_WHOLE = {name for name, refused, accepted, *_ in BOUNDS if not (refused.lstrip("-") + accepted).isdigit()}
WHOLE_NUMBERS = sorted({name for name, *_ in BOUNDS} - NOT_WHOLE)


@pytest.mark.parametrize(("name", "refused", "accepted", "setting", "value"), BOUNDS)
def test_each_checked_variable_at_its_bound(tmp_path, name, refused, accepted, setting, value):
    with pytest.raises(ConfigError, match=rf"^TALENT_{name} must be .*, got {re.escape(repr(refused))}$"):
        settings_from_env({f"TALENT_{name}": refused}, str(tmp_path))
    settings = settings_from_env({f"TALENT_{name}": accepted}, str(tmp_path))
    if value is not None:
        assert settings[setting] == value


@pytest.mark.parametrize("name", WHOLE_NUMBERS)
@pytest.mark.parametrize("bad", ["abc", "1.5", "", " "])
def test_a_whole_number_that_is_not_one_is_refused_or_left_at_its_default(tmp_path, name, bad):
    if bad.strip() == "":  # an empty variable is an unset one: the default
        assert settings_from_env({f"TALENT_{name}": bad}, str(tmp_path)) == settings_from_env(
            {}, str(tmp_path)
        )
        return
    with pytest.raises(ConfigError, match=f"TALENT_{name} must be a whole number"):
        settings_from_env({f"TALENT_{name}": bad}, str(tmp_path))


def test_the_message_says_what_is_expected(tmp_path):
    with pytest.raises(ConfigError) as caught:
        settings_from_env({"TALENT_MATCHING_SHARD_SIZE": "abc"}, str(tmp_path))
    assert str(caught.value) == "TALENT_MATCHING_SHARD_SIZE must be a whole number above 0, got 'abc'"
    with pytest.raises(
        ConfigError, match="TALENT_MATCHING_SHARD_SIZE must be a whole number above 0, got '-3'"
    ):
        settings_from_env({"TALENT_MATCHING_SHARD_SIZE": "-3"}, str(tmp_path))
    with pytest.raises(ConfigError, match="TALENT_BEHIND_PROXY must be true or false"):
        settings_from_env({"TALENT_BEHIND_PROXY": "maybe"}, str(tmp_path))


def test_every_variable_is_classified_as_text_or_checked_at_its_bounds():
    checked = {name for name, *_ in BOUNDS}
    assert TEXT.isdisjoint(checked)
    assert sorted(declared_variables()) == sorted(f"TALENT_{name}" for name in TEXT | checked)


def _example_variables() -> set[str]:
    """The variables .env.example lists, set or commented out (DATABASE_URL and REDIS_URL as written
    there, without the prefix, stand for the prefixed names too)."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)
    return {name if name.startswith("TALENT_") else f"TALENT_{name}" for name in names}


def test_env_example_lists_every_variable_the_config_reads_and_no_other():
    declared = set(declared_variables())
    assert len(declared) > 30
    assert sorted(declared - _example_variables()) == []  # read but not listed
    assert sorted(_example_variables() - declared) == []  # listed but never read


def test_env_example_shows_each_default(tmp_path):
    """A variable set in .env.example gives the same settings as leaving it unset."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^(TALENT_[A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE))
    assert settings_from_env(listed, str(tmp_path)) == settings_from_env({}, str(tmp_path))


def _source_files():
    for package in ("talent", "jobs", "matching"):
        yield from sorted((ROOT / package).rglob("*.py"))


def test_every_setting_the_code_reads_is_declared_with_its_default(tmp_path):
    declared = settings_from_env({}, str(tmp_path))
    read: dict[str, str] = {}
    for path in _source_files():
        source = path.read_text(encoding="utf-8")
        for key in re.findall(r"""config\[\s*["']([A-Z0-9_]+)["']\s*\]""", source):
            read.setdefault(key, str(path.relative_to(ROOT)))
        # A default given where a setting is read would be a second default: there is only config.py's.
        assert not re.search(r"config\.(get|setdefault)\(", source), path
    assert len(read) > 20
    assert {key: where for key, where in read.items() if key not in declared} == {}


def test_only_the_config_reads_the_environment():
    readers = {
        str(path.relative_to(ROOT))
        for path in _source_files()
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))
    }
    assert readers == {"talent/app.py"}  # which passes os.environ to talent.config.settings_from_env


def test_work_email_domains_default_to_the_government_of_canada(tmp_path):
    assert settings_from_env({}, str(tmp_path))["WORK_EMAIL_DOMAINS"] == ("gc.ca", "canada.ca")


@pytest.mark.parametrize(
    ("raw", "domains"),
    [
        ("tbs-sct.gc.ca", ("tbs-sct.gc.ca",)),
        ("gc.ca,gc.ca,GC.CA", ("gc.ca",)),  # each once
        ("x1.example.com, canada.ca", ("x1.example.com", "canada.ca")),
    ],
)
def test_work_email_domains_accepted(tmp_path, raw, domains):
    assert (
        settings_from_env({"TALENT_WORK_EMAIL_DOMAINS": raw}, str(tmp_path))["WORK_EMAIL_DOMAINS"] == domains
    )


@pytest.mark.parametrize(
    "raw",
    [
        "gc.ca,",
        ",gc.ca",
        "gc.ca,,canada.ca",
        "@gc.ca",
        "name@gc.ca",
        "ca",
        ".gc.ca",
        "gc.ca.",
        "-gc.ca",
        "g c.ca",
        "gc.c",
    ],
)
def test_work_email_domains_refused(tmp_path, raw):
    with pytest.raises(
        ConfigError, match="TALENT_WORK_EMAIL_DOMAINS must be domain names separated by commas"
    ):
        settings_from_env({"TALENT_WORK_EMAIL_DOMAINS": raw}, str(tmp_path))
