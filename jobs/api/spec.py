"""The flask-smorest ``Api`` of ``/api/v1`` and what its OpenAPI document says about the whole API."""

from __future__ import annotations

import http
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from jobs.api.schemas import ProblemSchema
from talent.models._types import MAX_ID
from talent.routing import IdConverter

PROBLEM_CONTENT_TYPE = "application/problem+json"
VERSION = "1.0.0"
DESCRIPTION = """\
The platform's public data (the skills library, the recruitment processes open now and the find-talent
counts as the public sees them: no authentication)
and, with a personal access token (`Authorization: Bearer tp_...`, made on the account's "API tokens"
page, with scopes), the signed-in person's own account and skills. Errors are problem documents (RFC 9457,
`application/problem+json`) in the language of `Accept-Language` (English or French); lists are paged
with opaque cursors (`next`, and a `Link` header); every answer carries an ETag (send it back in
`If-None-Match` for a 304)."""


class PublicApi(Api):
    """flask-smorest's ``Api`` with problem documents for every error response it documents."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # every operation lists its own error statuses

    def _register_responses(self) -> None:
        # As flask-smorest's own (0.47), but error responses are ``application/problem+json``: the
        # content type the API sends, which schemathesis checks against the document.
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            else:
                prepare_response(response, self.spec, self.DEFAULT_RESPONSE_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)


def make_api(app: Flask) -> PublicApi:
    """The ``Api`` on ``app``. No ``OPENAPI_URL_PREFIX``: flask-smorest adds no pages of its own (the
    document is served by ``jobs.api.conventions``, the interactive docs by ``jobs.api.docs``, CSP-clean)."""
    api = PublicApi(
        app,
        spec_kwargs={
            "title": "Talent platform API",
            "version": VERSION,
            "openapi_version": "3.1.0",
            "marshmallow_plugin": MarshmallowPlugin(),
            "info": {"description": DESCRIPTION, "license": {"name": "MIT", "identifier": "MIT"}},
            "servers": [{"url": "/", "description": "This platform"}],
        },
    )
    api.register_converter(
        IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    )
    return api
