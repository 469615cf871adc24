"""Configuration: every setting read from the environment in one place.

Variables carry the ``TALENT_`` prefix (see ``.env.example``). ``DATABASE_URL`` and ``REDIS_URL`` are also
accepted without the prefix, the names every hosting platform and ``docker compose`` use. With nothing
set, the app runs on a SQLite file in the instance folder and runs background tasks in-process, so a
fresh clone works with no server installed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

PREFIX = "TALENT_"

# Placeholder that marks "no secret configured". Development may run with it; production refuses.
INSECURE_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105


class ConfigError(RuntimeError):
    """Raised when the environment describes a configuration the app must not start with."""


def _get(env: Mapping[str, str], name: str, default: str | None = None, *aliases: str) -> str | None:
    for key in (PREFIX + name, *aliases):
        value = env.get(key)
        if value is not None and value.strip() != "":
            return value.strip()
    return default


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{PREFIX}{name} must be a whole number, got {raw!r}") from exc


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def settings_from_env(env: Mapping[str, str], instance_path: str) -> dict[str, Any]:
    """Return the Flask settings that ``env`` describes.

    Raises ConfigError for a production configuration without a real secret key.
    """
    environment = (_get(env, "ENV", "development") or "development").lower()
    if environment not in {"development", "production", "testing"}:
        raise ConfigError(f"{PREFIX}ENV must be development, production or testing, got {environment!r}")
    production = environment == "production"

    secret = _get(env, "SECRET_KEY")
    if production and (secret is None or secret == INSECURE_DEV_SECRET or len(secret) < 32):
        raise ConfigError(
            f"{PREFIX}SECRET_KEY must be set to a random value of at least 32 characters in production "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )

    database_url = _get(env, "DATABASE_URL", None, "DATABASE_URL")
    if database_url is None:
        database_url = "sqlite:///" + os.path.join(instance_path, "talent.sqlite3")
    redis_url = _get(env, "REDIS_URL", None, "REDIS_URL")

    broker_timeout = float(_get(env, "BROKER_TIMEOUT_SECONDS", "2") or "2")
    settings: dict[str, Any] = {
        "ENV_NAME": environment,
        "SECRET_KEY": secret or INSECURE_DEV_SECRET,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "SERVER_NAME": _get(env, "SERVER_NAME"),
        "PREFERRED_URL_SCHEME": _get(env, "URL_SCHEME", "https" if production else "http"),
        "PUBLIC_BASE_URL": _get(env, "PUBLIC_BASE_URL", "http://localhost:5000"),
        "BEHIND_PROXY": _bool(_get(env, "BEHIND_PROXY")),
        # Sessions: cookie-based, invalidated server-side through the user's session version.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(_get(env, "SECURE_COOKIES"), default=production),
        "PERMANENT_SESSION_LIFETIME": _int(env, "SESSION_HOURS", 12) * 3600,
        "REMEMBER_COOKIE_DURATION": 0,
        "WTF_CSRF_TIME_LIMIT": _int(env, "CSRF_HOURS", 8) * 3600,
        # Languages.
        "LANGUAGES": ("en", "fr"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": _get(env, "TIMEZONE", "America/Toronto"),
        # Passwords and reset tokens.
        "PASSWORD_RESET_MINUTES": _int(env, "PASSWORD_RESET_MINUTES", 60),
        # argon2id cost (argon2-cffi's defaults, RFC 9106's second recommendation).
        "PASSWORD_HASH_TIME_COST": _int(env, "PASSWORD_HASH_TIME_COST", 3),
        "PASSWORD_HASH_MEMORY_KIB": _int(env, "PASSWORD_HASH_MEMORY_KIB", 65536),
        "PASSWORD_HASH_PARALLELISM": _int(env, "PASSWORD_HASH_PARALLELISM", 4),
        # Rate limits: Redis when configured, otherwise memory; never a 500 when Redis is down.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_STORAGE_OPTIONS": {
            "socket_connect_timeout": broker_timeout,
            "socket_timeout": broker_timeout,
        },
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": _bool(_get(env, "RATELIMIT_ENABLED"), default=True),
        "LOGIN_RATE_LIMIT": _get(env, "LOGIN_RATE_LIMIT", "10 per minute; 50 per hour"),
        # E-mail: with no SMTP host, messages are written to the log and kept in the outbox.
        "MAIL_FROM": _get(env, "MAIL_FROM", "Digital Talent <no-reply@talent.example.com>"),
        "SMTP_HOST": _get(env, "SMTP_HOST"),
        "SMTP_PORT": _int(env, "SMTP_PORT", 587),
        "SMTP_USERNAME": _get(env, "SMTP_USERNAME"),
        "SMTP_PASSWORD": _get(env, "SMTP_PASSWORD"),
        "SMTP_STARTTLS": _bool(_get(env, "SMTP_STARTTLS"), default=True),
        "SMTP_TIMEOUT": _int(env, "SMTP_TIMEOUT", 10),
        # Background tasks: Celery through Redis when configured, otherwise in-process.
        "BROKER_TIMEOUT_SECONDS": broker_timeout,
        "CELERY": celery_settings(redis_url, broker_timeout, _int(env, "BROKER_VISIBILITY_TIMEOUT", 3600)),
        # Matching: candidates per shard task, and when the sweeper re-sends a run left queued (broker
        # down) or takes over one whose worker stopped beating.
        "MATCHING_SHARD_SIZE": _int(env, "MATCHING_SHARD_SIZE", 25_000),
        "MATCHING_MODEL_SAMPLE": _int(env, "MATCHING_MODEL_SAMPLE", 20_000),
        "MATCHING_RESEND_AFTER_SECONDS": _int(env, "MATCHING_RESEND_AFTER_SECONDS", 60),
        "MATCHING_STALLED_AFTER_SECONDS": _int(env, "MATCHING_STALLED_AFTER_SECONDS", 180),
        "MATCHING_RERANK_DELAY_SECONDS": _int(env, "MATCHING_RERANK_DELAY_SECONDS", 60),
    }
    return settings


def celery_settings(
    redis_url: str | None, broker_timeout: float, visibility_timeout: int = 3600
) -> dict[str, Any]:
    """Celery settings: late acknowledgement, bounded broker timeouts, JSON only."""
    transport = {
        "socket_timeout": broker_timeout,
        "socket_connect_timeout": broker_timeout,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        # A task whose worker died unacknowledged is redelivered after this time (longer than any task's
        # time limit, or a slow task would run twice).
        "visibility_timeout": visibility_timeout,
        # How often workers look for such abandoned tasks: scaled to the timeout, so a short timeout
        # (as in the tests) recovers within seconds.
        "unacked_restore_interval": max(1, min(10, visibility_timeout // 5)),
        "unacked_restore_throttle": 1 if visibility_timeout < 120 else 10,
    }
    return {
        "broker_url": redis_url or "memory://",
        "result_backend": None,
        "task_ignore_result": True,
        "task_always_eager": redis_url is None,
        "task_eager_propagates": False,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_default_queue": "talent",
        "broker_connection_timeout": broker_timeout,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": transport,
        "broker_pool_limit": 10,
        "task_time_limit": 600,
        "task_soft_time_limit": 540,
        "worker_hijack_root_logger": False,
        "beat_schedule": {
            "sweep-outbox": {"task": "talent.outbox.sweep", "schedule": 60.0},
            "sweep-matching": {"task": "matching.sweep", "schedule": 30.0},
        },
    }
