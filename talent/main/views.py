"""Public pages and the signed-in dashboard."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from werkzeug.wrappers import Response

from talent.extensions import db
from talent.i18n import LANGUAGES
from talent.main import dashboard as sections
from talent.security import current_account

bp = Blueprint("main", __name__, template_folder="templates")
# The profile's section of the dashboard; other packages register theirs (talent.main.dashboard).
bp.record_once(lambda state: sections.register(state.app, [sections.PROFILE_SECTION]))


@bp.route("/")
def root() -> Response:
    """Send people to their language: their account's, else their browser's."""
    if current_user.is_authenticated and current_user.locale in LANGUAGES:
        lang = current_user.locale
    else:
        lang = request.accept_languages.best_match(LANGUAGES) or "en"
    return redirect(url_for("main.home", lang_code=lang))


@bp.route("/<lang:lang_code>/")
def home() -> str:
    return render_template("main/home.html")


@bp.route("/<lang:lang_code>/dashboard")
@login_required
def dashboard() -> str:
    """What to do next, by role: each registered section with its data (see ``talent.main.dashboard``)."""
    user = current_account()
    shown = [(section, section.load(user)) for section in sections.sections_for(user)]
    return render_template("main/dashboard.html", sections=shown)


@bp.route("/<lang:lang_code>/about")
def about() -> str:
    return render_template("main/about.html")


HEALTH_REDIS_TIMEOUT = 0.5  # seconds: the whole check answers within a second even when Redis hangs


def _redis_state() -> str:
    """``ok``, ``not configured``, or the error's name (connections bounded by ``HEALTH_REDIS_TIMEOUT``)."""
    url = current_app.config["REDIS_URL"]
    if not url:
        return "not configured"
    client = current_app.extensions.get("health_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=HEALTH_REDIS_TIMEOUT, socket_timeout=HEALTH_REDIS_TIMEOUT
        )
        current_app.extensions["health_redis"] = client
    try:
        client.ping()
    except Exception as exc:  # the check must answer, not raise
        return type(exc).__name__
    return "ok"


@bp.route("/healthz")
def health() -> tuple[Response, int]:
    """Liveness, for load balancers and compose health checks: the database (503 when it cannot be
    reached: no page works without it) and Redis (``degraded`` when it cannot: pages still work, tasks wait
    in the outbox and rate limits fall back to memory)."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # the check must answer, not raise
        database = type(exc).__name__
    redis_state = _redis_state()
    if database != "ok":
        return jsonify(status="error", database=database, redis=redis_state), 503
    status = "ok" if redis_state in ("ok", "not configured") else "degraded"
    return jsonify(status=status, database=database, redis=redis_state), 200
