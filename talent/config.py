"""Configuration: every setting read from the environment in one place.

Variables carry the ``TALENT_`` prefix (see ``.env.example``). ``DATABASE_URL`` and ``REDIS_URL`` are also
accepted without the prefix, the names every hosting platform and ``docker compose`` use. With nothing
set, the app runs on a SQLite file in the instance folder and runs background tasks in-process, so a
fresh clone works with no server installed.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from typing import Any

PREFIX = "TALENT_"

# Placeholder that marks "no secret configured". Development may run with it; production refuses.
INSECURE_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105

# The GC Design System's loader adds one fixed inline <style> (hiding components until they render);
# its hash is allowed, nothing else inline. scripts/vendor_assets.py prints the hash again on upgrade
# and tests/talent/test_vendor_assets.py checks it is still this one.
GCDS_LOADER_STYLE_HASH = "'sha256-cQUN0Mzu0Lgb8rMs8J0WogUMBejyHI/K2/alYj672vo='"

DEFAULT_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {GCDS_LOADER_STYLE_HASH}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)

# A domain name: dot-separated labels of letters, digits and inner hyphens, ending in a top-level label.
_DOMAIN = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


class ConfigError(RuntimeError):
    """Raised when the environment describes a configuration the app must not start with."""


class _Env:
    """Reads ``TALENT_`` variables from ``env``, each parsed and checked, and remembers every name it was
    asked for (``declared_variables`` lists them). A bad value is a ConfigError naming the variable."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.names: list[str] = []

    def text(self, name: str, default: str | None = None, *aliases: str) -> str | None:
        self.names.append(PREFIX + name)
        for key in (PREFIX + name, *aliases):
            value = self.env.get(key)
            if value is not None and value.strip() != "":
                return value.strip()
        return default

    def _refuse(self, name: str, requirement: str, raw: str) -> ConfigError:
        return ConfigError(f"{PREFIX}{name} must be {requirement}, got {raw!r}")

    def whole(self, name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
        """A whole number from ``minimum`` (to ``maximum``); sizes, counts and durations are above 0."""
        raw = self.text(name)
        if raw is None:
            return default
        if maximum is not None:
            requirement = f"a whole number from {minimum} to {maximum}"
        elif minimum == 1:
            requirement = "a whole number above 0"
        elif minimum == 0:
            requirement = "a whole number, 0 or more"
        else:
            requirement = f"a whole number of at least {minimum}"
        try:
            value = int(raw)
        except ValueError:
            raise self._refuse(name, requirement, raw) from None
        if value < minimum or (maximum is not None and value > maximum):
            raise self._refuse(name, requirement, raw)
        return value

    def seconds(self, name: str, default: float) -> float:
        """A duration in seconds above 0, fractions allowed."""
        raw = self.text(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise self._refuse(name, "a number of seconds above 0", raw)
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.text(name)
        if raw is None:
            return default
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        raise self._refuse(name, "true or false (also 1/0, yes/no, on/off)", raw)

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        raw = self.text(name)
        if raw is None:
            return default
        if raw.lower() not in choices:
            raise self._refuse(name, ", ".join(choices[:-1]) + " or " + choices[-1], raw)
        return raw.lower()

    def domains(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        """Internet domain names separated by commas (``gc.ca,canada.ca``), in lower case, each once."""
        raw = self.text(name)
        if raw is None:
            return default
        names = [part.strip().lower() for part in raw.split(",")]
        if not all(_DOMAIN.fullmatch(part) for part in names):
            raise self._refuse(name, "domain names separated by commas, such as gc.ca,canada.ca", raw)
        return tuple(dict.fromkeys(names))

    def json_object(self, name: str) -> dict[str, Any]:
        """A JSON object (``{}`` when unset)."""
        raw = self.text(name)
        if raw is None:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise self._refuse(name, 'a JSON object such as {"n_components": 64}', raw)
        return value


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def settings_from_env(env: Mapping[str, str], instance_path: str) -> dict[str, Any]:
    """Return the Flask settings that ``env`` describes: every setting the code reads, with its default.

    Raises ConfigError for a value that is not of its kind or out of its range, and for a production
    configuration without a real secret key.
    """
    return _settings(_Env(env), instance_path)


def declared_variables() -> list[str]:
    """The names of every environment variable the configuration reads (``.env.example`` lists them)."""
    reader = _Env({})
    _settings(reader, "")
    return sorted(set(reader.names))


def _settings(env: _Env, instance_path: str) -> dict[str, Any]:
    # Every variable is read whatever the others say (declared_variables relies on it).
    environment = env.choice("ENV", "development", ("development", "production", "testing"))
    production = environment == "production"

    secret = env.text("SECRET_KEY")
    if production and (secret is None or secret == INSECURE_DEV_SECRET or len(secret) < 32):
        raise ConfigError(
            f"{PREFIX}SECRET_KEY must be set to a random value of at least 32 characters in production "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )

    database_url = env.text("DATABASE_URL", None, "DATABASE_URL")
    if database_url is None:
        database_url = "sqlite:///" + os.path.join(instance_path, "talent.sqlite3")
    redis_url = env.text("REDIS_URL", None, "REDIS_URL")

    broker_timeout = env.seconds("BROKER_TIMEOUT_SECONDS", 2.0)
    heartbeat = env.whole("MATCHING_HEARTBEAT_SECONDS", 5)
    settings: dict[str, Any] = {
        "ENV_NAME": environment,
        "SECRET_KEY": secret or INSECURE_DEV_SECRET,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "SERVER_NAME": env.text("SERVER_NAME"),
        "PREFERRED_URL_SCHEME": env.choice(
            "URL_SCHEME", "https" if production else "http", ("http", "https")
        ),
        "PUBLIC_BASE_URL": env.text("PUBLIC_BASE_URL", "http://localhost:5000"),
        "BEHIND_PROXY": env.flag("BEHIND_PROXY", default=False),
        # Sessions: cookie-based, invalidated server-side through the user's session version.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.flag("SECURE_COOKIES", default=production),
        "PERMANENT_SESSION_LIFETIME": env.whole("SESSION_HOURS", 12) * 3600,
        "REMEMBER_COOKIE_DURATION": 0,
        "WTF_CSRF_TIME_LIMIT": env.whole("CSRF_HOURS", 8) * 3600,
        # Security headers: the Content-Security-Policy sent with every page.
        "CONTENT_SECURITY_POLICY": env.text("CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY),
        # Request bodies: no page sends a megabyte (there are no file uploads); larger is a 413.
        "MAX_CONTENT_LENGTH": 1_000_000,
        # Languages.
        "LANGUAGES": ("en", "fr"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": env.text("TIMEZONE", "America/Toronto"),
        # Passwords and reset tokens.
        "PASSWORD_RESET_MINUTES": env.whole("PASSWORD_RESET_MINUTES", 60),
        # Recruiters and admins are signed out after this long without a request (ASVS 3.3.2).
        "STAFF_IDLE_MINUTES": env.whole("STAFF_IDLE_MINUTES", 30),
        # Changing a role, deactivating an account or changing two-factor sign-in asks for the password
        # (and code) again unless the person proved who they are within this many minutes.
        "REAUTH_MINUTES": env.whole("REAUTH_MINUTES", 5),
        # API personal access tokens (talent.auth.tokens): the latest expiry a token may have, how recent a
        # second factor must be for staff to create one, and the requests each token may make.
        "API_TOKEN_MAX_DAYS": env.whole("API_TOKEN_MAX_DAYS", 366, minimum=1, maximum=3660),
        "API_TOKEN_MFA_MINUTES": env.whole("API_TOKEN_MFA_MINUTES", 15, minimum=1, maximum=120),
        "API_TOKEN_RATE_LIMIT": env.text("API_TOKEN_RATE_LIMIT", "600 per hour"),
        # A new account's address is confirmed by a link that works this long (and a work e-mail address).
        "EMAIL_CONFIRM_HOURS": env.whole("EMAIL_CONFIRM_HOURS", 48),
        # A government work e-mail address is at one of these domains or a subdomain of one
        # (talent.profiles.careers).
        "WORK_EMAIL_DOMAINS": env.domains("WORK_EMAIL_DOMAINS", ("gc.ca", "canada.ca")),
        # Registration and forgot-password answer no sooner than this, whether or not the account exists
        # (no enumeration by timing); 0 turns the floor off.
        "ACCOUNT_ANSWER_MIN_MS": env.whole("ACCOUNT_ANSWER_MIN_MS", 400, minimum=0),
        # The owner is e-mailed when an hour holds this many failed sign-ins to their account.
        "LOGIN_FAILURE_NOTICE": env.whole("LOGIN_FAILURE_NOTICE", 5),
        # argon2id cost (argon2-cffi's defaults, RFC 9106's second recommendation); argon2 needs at least
        # 8 KiB of memory per lane.
        "PASSWORD_HASH_TIME_COST": env.whole("PASSWORD_HASH_TIME_COST", 3),
        "PASSWORD_HASH_MEMORY_KIB": env.whole("PASSWORD_HASH_MEMORY_KIB", 65536, minimum=8),
        "PASSWORD_HASH_PARALLELISM": env.whole("PASSWORD_HASH_PARALLELISM", 4),
        # Rate limits: Redis when configured, otherwise memory; never a 500 when Redis is down.
        # A moving window: a fixed one would reset at each clock boundary (5 failures before 19:45 and 5
        # more after it), and the limits count failed sign-ins.
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_STORAGE_OPTIONS": {
            "socket_connect_timeout": broker_timeout,
            "socket_timeout": broker_timeout,
        },
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": env.flag("RATELIMIT_ENABLED", default=True),
        # Failed sign-ins allowed per (account, address) pair: a stranger guessing one account is slowed,
        # its owner elsewhere is not. Per address, a ceiling high enough for an office behind one NAT.
        "LOGIN_PAIR_RATE_LIMIT": env.text("LOGIN_PAIR_RATE_LIMIT", "5 per 15 minutes"),
        "LOGIN_RATE_LIMIT": env.text("LOGIN_RATE_LIMIT", "100 per hour"),
        # E-mail: with no SMTP host, messages are written to the log and kept in the outbox.
        "MAIL_FROM": env.text("MAIL_FROM", "Digital Talent <no-reply@talent.example.com>"),
        "SMTP_HOST": env.text("SMTP_HOST"),
        "SMTP_PORT": env.whole("SMTP_PORT", 587, maximum=65535),
        "SMTP_USERNAME": env.text("SMTP_USERNAME"),
        "SMTP_PASSWORD": env.text("SMTP_PASSWORD"),
        "SMTP_STARTTLS": env.flag("SMTP_STARTTLS", default=True),
        "SMTP_TIMEOUT": env.whole("SMTP_TIMEOUT", 10),
        # A decision's e-mail (and its place in the notifications) waits this long before it goes: a
        # decision reverted or replaced meanwhile sends nothing, or only the last state (0: at once).
        "DECISION_EMAIL_DELAY_SECONDS": env.whole(
            "DECISION_EMAIL_DELAY_SECONDS", 120, minimum=0, maximum=3600
        ),
        # Background tasks: Celery through Redis when configured, otherwise in a thread of the web process
        # ("record" only notes what would be sent: for tests).
        "TASK_DISPATCH": env.choice(
            "TASK_DISPATCH", "celery" if redis_url else "thread", ("celery", "thread", "record")
        ),
        "BROKER_TIMEOUT_SECONDS": broker_timeout,
        "CELERY": celery_settings(redis_url, broker_timeout, env.whole("BROKER_VISIBILITY_TIMEOUT", 3600)),
        # Skills search: the in-memory index is rebuilt when the skills change, and at least this often.
        "SKILL_INDEX_MAX_AGE": env.whole("SKILL_INDEX_MAX_AGE", 300),
        # Talent counts from an in-memory index per process (docs/scale.md); off: SQL and the rules each time.
        "COUNT_INDEX": env.flag("COUNT_INDEX", default=True),
        # Matching: candidates per shard task; when the sweeper re-sends a run left queued (broker down);
        # how often a working task records its heartbeat, and how long a shard (a run, for its own steps)
        # may go without one before the sweeper re-sends it and the next worker takes it over: at least two
        # heartbeats, or live work would be taken over (docs/matching.md); how long profile changes wait
        # before open requests are re-ranked (0: at once); the engine's parameters that differ from its
        # defaults.
        "MATCHING_SHARD_SIZE": env.whole("MATCHING_SHARD_SIZE", 25_000),
        "MATCHING_MODEL_SAMPLE": env.whole("MATCHING_MODEL_SAMPLE", 20_000),
        "MATCHING_RESEND_AFTER_SECONDS": env.whole("MATCHING_RESEND_AFTER_SECONDS", 60),
        "MATCHING_HEARTBEAT_SECONDS": heartbeat,
        "MATCHING_SHARD_STALLED_AFTER_SECONDS": env.whole(
            "MATCHING_SHARD_STALLED_AFTER_SECONDS", 15, minimum=2 * heartbeat
        ),
        "MATCHING_STALLED_AFTER_SECONDS": env.whole(
            "MATCHING_STALLED_AFTER_SECONDS", 30, minimum=2 * heartbeat
        ),
        "MATCHING_RERANK_DELAY_SECONDS": env.whole("MATCHING_RERANK_DELAY_SECONDS", 60, minimum=0),
        "MATCHING_ENGINE_PARAMS": env.json_object("MATCHING_ENGINE_PARAMS"),
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
        # A task whose worker died unacknowledged is redelivered after this time: longer than any task's
        # time limit, or a slow task still running would be delivered to a second worker. Match runs do
        # not wait for it: their heartbeats and the sweeper recover them within seconds, and a redelivery
        # this late finds the work done or claimed (docs/matching.md).
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
            # Often, so that a match run whose worker died is taken over within seconds of its stall limit
            # (a few indexed queries on running runs each time).
            "sweep-matching": {"task": "matching.sweep", "schedule": 5.0},
            # Recruiters are told of the requests due for follow-up today: checked every hour, told once a
            # day per request (a missed hour, a second beat or a restart tells no one twice).
            "notify-follow-ups": {"task": "jobs.requests.notify_follow_ups", "schedule": 3600.0},
        },
    }
