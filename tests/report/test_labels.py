"""Tests of the report's words for people: every metric's title, unit and missing reason come
from the registry."""

from __future__ import annotations

import pytest

from trustops.metrics import METRICS, MetricKind
from trustops.report import (
    component_title,
    group_title,
    metric_title,
    metric_unit,
    missing_reason,
)


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_metric_is_labelled_from_the_registry(name: str) -> None:
    metric = METRICS[name]
    assert metric_title(name) == metric.title
    assert missing_reason(name) == metric.missing_when
    unit = metric_unit(name)
    assert unit
    if metric.kind is MetricKind.SHARE:
        assert unit.startswith("% of ")


def test_other_figures_and_unknown_names() -> None:
    assert (metric_title("index"), metric_unit("index")) == ("Trust index", "points, 0–100")
    assert metric_title("some_new_figure") == "Some new figure"
    assert metric_unit("some_new_figure") == ""
    assert missing_reason("index") == "no data"
    assert component_title("perceived_fairness") == "Perceived fairness"


@pytest.mark.parametrize(
    ("key", "value", "title"),
    [
        ("initiative_kind", "visible_patrol", "Visible patrol"),
        ("initiative_kind", None, "No initiative"),
        ("initiative", None, "No initiative"),
        ("staff", None, "No staff member"),
        ("area", None, "None"),
        ("area", "old_town", "old_town"),  # ids other than kinds are shown as written
    ],
)
def test_group_titles(key: str, value: str | None, title: str) -> None:
    assert group_title(key, value) == title
