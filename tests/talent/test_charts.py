"""What a chart draws (talent.main.charts): one value per label in each series, None for a number not shown,
and no chart at all when there is nothing to draw."""

from __future__ import annotations

import pytest

from talent.main.charts import chart, series


def test_a_chart_of_labels_and_series():
    spec = chart(["a", "b"], [series("Count", [0, None])], horizontal=True)
    assert spec == {
        "kind": "bar",
        "horizontal": True,
        "percent": False,
        "labels": ["a", "b"],
        "series": [{"label": "Count", "values": [0, None]}],
    }  # zero is drawn; None (a number not shown) is not


@pytest.mark.parametrize(
    ("labels", "values"),
    [([], []), (["a"], [None])],  # no label; nothing but hidden numbers
)
def test_nothing_to_draw_is_no_chart(labels, values):
    assert chart(labels, [series("Count", values)]) is None


def test_a_series_needs_one_value_per_label_and_a_known_kind():
    with pytest.raises(ValueError, match="one value per label"):
        chart(["a", "b"], [series("Count", [1])])
    with pytest.raises(ValueError, match="pie"):
        chart(["a"], [series("Count", [1])], kind="pie")
    assert chart(["a"], [series("Days", [1.5])], kind="line")["kind"] == "line"
