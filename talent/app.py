"""The application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app: defaults, then the environment, then ``test_config``, then the named steps."""
    from talent.config import settings_from_env

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(settings_from_env(os.environ, app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)

    register_logging(app)
    register_passwords(app)
    register_extensions(app)
    register_security(app)
    register_routing(app)
    register_blueprints(app)
    register_templating(app)
    register_errors(app)
    register_commands(app)
    return app


def register_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register_passwords(app: Flask) -> None:
    from talent.passwords import configure

    configure(
        app.config["PASSWORD_HASH_TIME_COST"],
        app.config["PASSWORD_HASH_MEMORY_KIB"],
        app.config["PASSWORD_HASH_PARALLELISM"],
    )


def register_extensions(app: Flask) -> None:
    import jobs.models  # noqa: F401 - every package's tables must be known to the metadata
    import matching.models
    from talent import models  # noqa: F401
    from talent.auth.services import load_user
    from talent.celery_app import celery_init_app
    from talent.dispatch import register_dispatch
    from talent.extensions import babel, csrf, db, limiter, login_manager, migrate
    from talent.i18n import current_language, register_i18n
    from talent.input_hygiene import register_input_hygiene

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=current_language,
        default_translation_directories=os.path.join(app.root_path, "translations"),
    )
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page itself says why
    login_manager.session_protection = "basic"
    register_i18n(app)
    register_input_hygiene(app)
    celery_init_app(app)
    register_dispatch(app)
    import matching.tasks  # noqa: F401 - registers the shared tasks with this Celery app
    from jobs import tasks as jobs_tasks  # noqa: F401 - registers the shared tasks with this Celery app
    from matching.hooks import register_matching
    from talent import tasks  # noqa: F401

    register_matching(app)


def register_security(app: Flask) -> None:
    from talent.security import register_security_headers

    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    register_security_headers(app)


def register_routing(app: Flask) -> None:
    from talent.routing import register_routing as register

    register(app)


def register_blueprints(app: Flask) -> None:
    from talent.admin.views import bp as admin_bp
    from talent.auth.blueprint import bp as auth_bp
    from talent.main.views import bp as main_bp
    from talent.notifications_views import bp as notifications_bp
    from talent.profiles.blueprint import bp as profile_bp
    from talent.reference.views import bp as reference_bp
    from talent.skills.admin_views import bp as skills_admin_bp
    from talent.skills.views import bp as skills_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(profile_bp)
    app.register_blueprint(skills_bp)
    app.register_blueprint(skills_admin_bp)
    app.register_blueprint(reference_bp)
    app.register_blueprint(notifications_bp)

    from jobs.web import register_jobs

    register_jobs(app)

    from matching.review.blueprint import bp as matching_review_bp

    app.register_blueprint(matching_review_bp)


def register_templating(app: Flask) -> None:
    from talent.templating import register_templating as register

    register(app)


def register_errors(app: Flask) -> None:
    from talent.errors import register_error_handlers

    register_error_handlers(app)


def register_commands(app: Flask) -> None:
    from talent.cli import register_cli

    register_cli(app)
