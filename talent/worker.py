"""The Celery worker's entry point: ``celery -A talent.worker worker`` (and ``beat``).

Only the worker process imports this module; it is the one place an app is created at import time, as in
Flask's Celery pattern. Nothing else imports it.
"""

from talent import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
