"""Fresh results without a click: when a candidate changes in a way that can change a ranking, the open
requests drawing from their pools are scheduled for a re-rank (debounced: a burst of edits, one run)."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from talent.signals import candidate_changed


def _on_candidate_changed(_sender: Any, *, user_id: int, reason: str) -> None:
    from matching import services

    affected = services.requests_affected_by(user_id)
    if affected:
        delay = current_app.config["MATCHING_RERANK_DELAY_SECONDS"]
        services.schedule_rerank(affected, reason, delay)


def register_matching(app: Flask) -> None:
    from matching import privacy

    privacy.register()
    candidate_changed.connect(_on_candidate_changed, weak=False)
