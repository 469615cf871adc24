"""gunicorn settings read by every server start from the repository root (scripts/run.sh, the image).

Each worker builds its in-memory talent index (docs/scale.md) in the background as soon as it starts, so
the first manager to count does not wait for it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger("talent.warm")


def post_worker_init(worker: Any) -> None:
    app = worker.wsgi

    def warm() -> None:
        from jobs.services.talent_search import warm_index

        try:
            with app.app_context():
                warm_index()
        except Exception:  # a failed warm-up only means the first count builds the index
            log.exception("the talent index could not be built at start")

    threading.Thread(target=warm, name="talent-index-warm", daemon=True).start()
