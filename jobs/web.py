"""The recruitment package's web side: its blueprints and what its templates (and e-mails) need."""

from __future__ import annotations

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


def register_jobs(app: Flask) -> None:
    from jobs.cli import seed_demo_recruitment
    from jobs.services import talent_changes
    from talent.extensions import db

    talent_changes.register(db.session)
    from jobs import privacy

    privacy.register()

    app.cli.add_command(seed_demo_recruitment)
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
