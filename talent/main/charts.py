"""What a chart draws, as the JSON ``talent/static/js/charts.js`` reads from a page's ``data-chart`` attribute
(see ``talent/templates/macros/charts.html``). Plain data: labels, and one series of numbers per dataset, a
number not shown being None (drawn as no bar; the table beside the chart says why)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

KINDS = ("bar", "line")


def series(label: Any, values: Sequence[float | int | None]) -> dict[str, Any]:
    return {"label": str(label), "values": [None if v is None else v for v in values]}


def chart(
    labels: Sequence[Any],
    datasets: Sequence[dict[str, Any]],
    *,
    kind: str = "bar",
    horizontal: bool = False,
    percent: bool = False,
) -> dict[str, Any] | None:
    """A chart's spec, or None when there is nothing to draw (no label, or no number in any series)."""
    if kind not in KINDS:
        raise ValueError(kind)
    names = [str(label) for label in labels]
    for dataset in datasets:
        if len(dataset["values"]) != len(names):
            raise ValueError("each series needs one value per label")
    if not names or not any(v is not None for d in datasets for v in d["values"]):
        return None
    return {
        "kind": kind,
        "horizontal": horizontal,
        "percent": percent,
        "labels": names,
        "series": list(datasets),
    }
