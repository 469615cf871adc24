"""Public pages and the signed-in dashboard."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from werkzeug.wrappers import Response

from talent.extensions import db
from talent.i18n import LANGUAGES

bp = Blueprint("main", __name__, template_folder="templates")


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
    return render_template("main/dashboard.html")


@bp.route("/<lang:lang_code>/about")
def about() -> str:
    return render_template("main/about.html")


@bp.route("/healthz")
def health() -> tuple[Response, int]:
    """Liveness and database reachability, for load balancers and compose health checks."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # the check must answer, not raise
        return jsonify(status="error", database=type(exc).__name__), 503
    return jsonify(status="ok"), 200
