"""The ``matching_review`` blueprint, complete: its template helpers (other pages use some) and its pages.
Only the app factory (``talent.app``) imports this module; what the pages share is in ``_common``.

Pages (``/<lang>/recruit/requests/<request_id>/matching/...``, recruitment team and admins only):
``views_runs`` (start a run, a run's progress, compare two runs, fairness) and ``views_review`` (a
run's page with its ranked list, decisions one by one or in bulk, the reviewer's private notes, two to
four candidates side by side, the CSV export). ``views_fit``: how a referred candidate fits, for the
request's manager (``/<lang>/talent-requests/<id>/candidates/<user>/fit``) and for the candidate
(``/<lang>/referrals/<referral_id>/fit``).

What the pages read is in ``listing`` (the ranked rows), ``tiers`` (standing, points, evidence: pure),
``explain`` (explanations with skill names, for the person's pages without points), ``comparing`` and
``reports``; ``notes`` reads and writes the private notes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import Locale
from babel.numbers import parse_pattern
from flask_babel import gettext as _

from jobs import vocab
from matching import services
from matching.models import MatchRun
from matching.review import (
    explain,
    listing,
    tiers,
    views_fit,  # noqa: F401 - its routes register on ``bp``
    views_review,  # noqa: F401
    views_runs,  # noqa: F401
)
from matching.review._common import bp
from matching.review.forms import ACTIONS, DECISION_LABELS
from talent import vocab as talent_vocab
from talent.vocab import label

__all__ = ["bp"]


@bp.app_template_global("matching_explanation_for")
def matching_explanation_for(request_id: int, user_id: int) -> dict[str, Any] | None:
    """For other pages' templates: see ``matching.review.explain.explanation_for``."""
    return explain.explanation_for(request_id, user_id)


@bp.app_template_global("matching_referred_explanations")
def matching_referred_explanations(request_id: int) -> dict[int, dict[str, Any]]:
    """For other pages' templates listing referred people: their explanations by user id, in one go
    (see ``matching.review.explain.referred_explanations``)."""
    return explain.referred_explanations(request_id)


POINTS = parse_pattern("0.#")  # parsed once: a ranked page formats some 300 numbers
SIGNED_POINTS = parse_pattern("+0.#;-0.#")


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@bp.app_template_global("matching_points")
def matching_points(share: Any, lang: str) -> str:
    """A share of the score (0 to 1) as points out of 100, one decimal at most, in ``lang``'s notation."""
    return str(POINTS.apply((share or 0) * 100, _locale(lang)))


@bp.app_template_global("matching_tenths")
def matching_tenths(value: int, lang: str, signed: bool = False) -> str:
    """Tenths of a point (``tiers.Breakdown``) as points, one decimal at most, in ``lang``'s notation;
    ``signed``: with its sign (+2, −1.5)."""
    signed = signed and value != 0
    text = str((SIGNED_POINTS if signed else POINTS).apply(value / 10, _locale(lang)))
    return text.replace("-", "\u2212") if signed else text


@bp.app_template_global("matching_score")
def matching_score(score: float, lang: str) -> str:
    """A score (0 to 1) as points out of 100, rounded as the parts of its breakdown add up to it."""
    return matching_tenths(tiers.tenths(score * 100), lang)


@bp.app_template_global("matching_breakdown")
def matching_breakdown(explanation: Any, score: float) -> tiers.Breakdown | None:
    return tiers.breakdown(explanation or {}, score)


@bp.app_template_global("matching_top_evidence")
def matching_top_evidence(explanation: Any) -> tiers.Evidence | None:
    return tiers.top_evidence(explanation or {})


@bp.app_template_global("matching_standing")
def matching_standing(explanation: Any) -> tiers.Standing:
    return tiers.standing(explanation or {})


@bp.app_template_global("matching_tier_text")
def matching_tier_text(standing: tiers.Standing) -> str:
    return listing.tier_text(standing)


@bp.app_template_global("matching_level_label")
def matching_level_label(level: Any) -> str:
    return label(talent_vocab.SKILL_LEVELS, level) if level else ""


@bp.app_template_global("matching_kind_label")
def matching_kind_label(kind: Any) -> str:
    return label(talent_vocab.EXPERIENCE_KINDS, kind)


@bp.app_template_global("matching_part_label")
def matching_part_label(part: Any) -> str:
    """A part of a match score, in words."""
    return {
        "required": _("Required skills"),
        "nice_to_have": _("Nice-to-have skills"),
        "profile_fit": _("Whole profile close to the request"),
        "peers": _("Agreement with similar candidates"),
    }.get(str(part), str(part))


@bp.context_processor
def review_helpers() -> dict[str, Any]:
    return {
        "decision_labels": DECISION_LABELS,
        "action_labels": ACTIONS,
        "run_status_label": run_status_label,
        "run_stage_text": run_stage_text,
        "fairness_group_label": lambda code: label(talent_vocab.EQUITY_GROUPS, code),
        "source_text": listing.source_text,
        "run_includes_programme": services.includes_programme,
        "programme_label": lambda: label(vocab.TALENT_SOURCES, "nomination"),
    }


def run_status_label(status: str) -> str:
    return {
        "queued": _("Queued"),
        "running": _("Running"),
        "done": _("Completed"),
        "failed": _("Failed"),
    }.get(status, status)


def run_stage_text(run: MatchRun) -> str:
    """What a running run is doing, in words ("" when it is not running)."""
    where = listing.stage(run)
    if where.code == "candidates":
        return _("Finding the candidates in the pools.")
    if where.code == "engine":
        return _("Candidates fixed: learning the engine from their skills.")
    if where.code == "shards":
        return _(
            "Ranking the candidates: %(done)d of %(total)d shards done.", done=where.done, total=where.total
        )
    if where.code == "final":
        return _("Final ranking of the best candidates of every shard.")
    return ""
