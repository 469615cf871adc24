"""The recruitment package's web side: its blueprints and what its templates (and e-mails) need."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask

from jobs import vocab
from talent.vocab import label

# Holds the package's templates (e-mails included) and template helpers; the areas' blueprints hang off it.
bp = Blueprint("jobs", __name__, template_folder="templates")


@bp.app_context_processor
def jobs_helpers() -> dict[str, Any]:
    return {
        "jobs_vocab": vocab,
        "candidate_status_label": lambda code: label(vocab.CANDIDATE_STATUSES, code),
        "process_status_label": lambda code: label(vocab.PROCESS_STATUSES, code),
        "request_status_label": lambda code: label(vocab.REQUEST_STATUSES, code),
    }


def register_skill_uses() -> None:
    """Processes and talent requests use skills too: the library's "used by" counts them."""
    from flask_babel import ngettext
    from sqlalchemy import distinct, func, select

    from jobs.models import ProcessSkill, RequestSkill
    from talent.extensions import db
    from talent.skills import usage

    def counter(table: type[ProcessSkill] | type[RequestSkill], owner: str) -> Callable[[int], int]:
        def count(skill_id: int) -> int:
            column = getattr(table, owner)
            stmt = select(func.count(distinct(column))).where(table.skill_id == skill_id)
            return int(db.session.scalar(stmt) or 0)

        return count

    usage.register(
        "processes",
        counter(ProcessSkill, "process_id"),
        lambda n: ngettext("%(num)d process", "%(num)d processes", n),
    )
    usage.register(
        "requests",
        counter(RequestSkill, "request_id"),
        lambda n: ngettext("%(num)d talent request", "%(num)d talent requests", n),
    )


def register_jobs(app: Flask) -> None:
    from jobs.cli import seed_demo_recruitment, seed_demo_talent_management
    from jobs.services import talent_changes
    from talent.extensions import db

    talent_changes.register(db.session)
    from jobs import privacy

    privacy.register()
    register_skill_uses()
    from jobs import dashboards

    dashboards.register(app)  # the recruitment side's sections of everyone's dashboard

    app.cli.add_command(seed_demo_recruitment)
    app.cli.add_command(seed_demo_talent_management)
    app.register_blueprint(bp)
    from jobs.apply.views import bp as apply_bp
    from jobs.board.views import bp as board_bp
    from jobs.recruit.blueprint import bp as recruit_bp

    app.register_blueprint(board_bp)
    app.register_blueprint(apply_bp)
    app.register_blueprint(recruit_bp)
    from jobs.find.views import bp as find_bp
    from jobs.requests_web.blueprint import bp as requests_bp
    from jobs.requests_web.blueprint import team_bp as request_team_bp

    app.register_blueprint(find_bp)
    app.register_blueprint(requests_bp)
    app.register_blueprint(request_team_bp)
    from jobs.talent_management.blueprint import bp as talent_management_bp

    app.register_blueprint(talent_management_bp)
    from jobs.api import register_api

    register_api(app)  # the public REST API, /api/v1
