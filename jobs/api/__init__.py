"""The public REST API, ``/api/v1`` (issue 17, first step): the skills library and the published
processes, read-only and open to everyone, described by an OpenAPI 3.1 document generated from the code
(flask-smorest) at ``/api/v1/openapi.json``.

``register_api(app)`` (called by ``jobs.web.register_jobs``) sets everything up; nothing happens at import.
Conventions (``conventions.py``): problem documents (RFC 9457) in the caller's language, signed cursors,
ETags. Docs: ``docs/api.md``.
"""

from __future__ import annotations

from flask import Flask


def register_api(app: Flask) -> None:
    from jobs.api.auth import register_auth
    from jobs.api.conventions import register_conventions
    from jobs.api.docs import docs_bp
    from jobs.api.spec import make_api
    from jobs.api.views import counts_bp, processes_bp, skills_bp
    from jobs.api.views_me import me_bp

    api = make_api(app)
    api.register_blueprint(skills_bp)
    api.register_blueprint(processes_bp)
    api.register_blueprint(counts_bp)
    api.register_blueprint(me_bp)
    register_auth(app, api)
    register_conventions(app, api)
    app.register_blueprint(docs_bp)  # /api/v1/docs, the interactive documentation (Swagger UI)
